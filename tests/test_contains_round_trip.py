"""What ``painlog med NAME --contains …`` (and ``--wear``) said survives an export -> import
round trip (issue 25 point 2): CSV writes it in the ``contains`` column of each dose that says
nothing itself; JSON carries it in ``medicines`` and the import keeps it as written, never over
a different value the journal already holds (that gets a Note).

The Percocet day, hand-counted (Tue 1 Dec 2026): 2 tablets at 02:00, 06:00, 10:00, 14:00,
18:00 and 22:00 = 12 tablets of oxycodone 5 mg + acetaminophen 325 mg, and acetaminophen 750 mg
at 12:00: oxycodone 60 mg x 1.5 = 90 MME; acetaminophen 12 x 325 + 750 = 4,650 mg, over 4,000.
Wed 2 Dec: 1 tablet = 7.5 MME, 325 mg. The week: MME on 2 days, max 90, mean (90 + 7.5) / 2 =
48.75, 1 day at 50 or more and 1 at 90 or more; acetaminophen max 4,650 mg, 1 day over.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import Painlog

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))
PERCOCET = "oxycodone 5mg, acetaminophen 325mg"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _percocet_days(painlog: Painlog) -> None:
    painlog.ok("med", "Percocet", "--contains", PERCOCET)
    for hour in ("02:00", "06:00", "10:00", "14:00", "18:00", "22:00"):
        painlog.ok("add", "med", "Percocet", "2", "tablets", "--at", f"2026-12-01 {hour}")
    painlog.ok("add", "med", "acetaminophen", "750mg", "--at", "2026-12-01 12:00")
    painlog.ok("add", "med", "Percocet", "1", "tablet", "--at", "2026-12-02 09:00")


def _safety(painlog: Painlog) -> dict:
    summary = painlog.json("summary", "--since", "2026-11-30", "--until", "2026-12-06")
    week = summary["weeks"][-1]
    return {
        "mme": week["mme"],
        "acetaminophen": week["acetaminophen"],
        "medicines_not_known": summary.get("medicines_not_known"),
    }


def _check(figures: dict) -> None:
    mme, apap = figures["mme"], figures["acetaminophen"]
    assert mme["days"] == 2 and mme["days_strength_unknown"] == 0
    assert mme["max_daily"] == 90.0 and mme["mean_daily"] in (48.8, 48.75)
    assert mme["days_50_or_more"] == 1 and mme["days_90_or_more"] == 1
    assert apap["max_daily_mg"] == 4650.0 and apap["days_over_limit"] == 1
    assert apap["days_amount_unknown"] == 0


def test_the_percocet_day_as_typed(painlog):
    _percocet_days(painlog)
    _check(_safety(painlog))


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_a_round_trip_into_an_empty_journal_keeps_the_figures(painlog, tmp_path, suffix):
    _percocet_days(painlog)
    expected = _safety(painlog)
    out = tmp_path / f"out.{suffix}"
    painlog.ok("export", "--format", suffix, "-o", str(out))
    other = Painlog(tmp_path / "other.db")
    other.ok("import", str(out))
    assert _safety(other) == expected
    _check(_safety(other))
    again = tmp_path / f"again.{suffix}"
    other.ok("export", "--format", suffix, "-o", str(again))
    assert again.read_text() == out.read_text()


def test_csv_writes_the_saved_contents_on_doses_that_say_nothing(painlog, tmp_path):
    _percocet_days(painlog)
    painlog.ok("add", "med", "Percocet", "1", "tablet", "--contains",
               "oxycodone 10mg, acetaminophen 325mg", "--at", "2026-12-03 09:00")  # fmt: skip
    out = tmp_path / "out.csv"
    painlog.ok("export", "--format", "csv", "-o", str(out))
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    held = {(row["name"], row["at"][:16]): row["contains"] for row in rows}
    assert held[("Percocet", "2026-12-01T02:00")] == PERCOCET  # from 'painlog med'
    assert held[("Percocet", "2026-12-03T09:00")] == "oxycodone 10mg, acetaminophen 325mg"
    assert held[("acetaminophen", "2026-12-01T12:00")] == ""  # painlog's table knows it


def test_json_carries_what_med_said(painlog, tmp_path):
    _percocet_days(painlog)
    painlog.ok("med", "Duragesic", "--wear", "72h")
    out = tmp_path / "out.json"
    painlog.ok("export", "--format", "json", "-o", str(out))
    medicines = json.loads(out.read_text())["medicines"]
    assert medicines == [
        {"name": "duragesic", "contains": None, "wear": 72.0, "plan_wear": None},
        {"name": "percocet", "contains": PERCOCET, "wear": None, "plan_wear": None},
    ]
    other = Painlog(tmp_path / "other.db")
    other.ok("import", str(out))
    assert "oxycodone 5mg" in other.ok("med", "Percocet").stdout
    assert other.json("med", "Percocet")["contains"] == PERCOCET


def test_json_import_never_overwrites_a_different_value_and_says_so(painlog, tmp_path):
    _percocet_days(painlog)
    out = tmp_path / "out.json"
    painlog.ok("export", "--format", "json", "-o", str(out))
    other = Painlog(tmp_path / "other.db")
    other.ok("med", "Percocet", "--contains", "oxycodone 10mg, acetaminophen 325mg")
    result = other.ok("import", str(out))
    said = " ".join((result.stdout + result.stderr).split())
    assert "Note: percocet: the journal keeps oxycodone 10mg, acetaminophen 325mg" in said
    assert "the file's oxycodone 5mg, acetaminophen 325mg was not applied" in said
    assert other.json("med", "Percocet")["contains"] == "oxycodone 10mg, acetaminophen 325mg"
    # the journal's own contents count: 12 tablets x 10 mg x 1.5 = 180 MME on 1 Dec
    assert _safety(other)["mme"]["max_daily"] == 180.0


def test_json_import_twice_adds_nothing_the_second_time(painlog, tmp_path):
    _percocet_days(painlog)
    out = tmp_path / "out.json"
    painlog.ok("export", "--format", "json", "-o", str(out))
    other = Painlog(tmp_path / "other.db")
    other.ok("import", str(out))
    before = other.fingerprint()
    result = other.ok("import", str(out))
    assert "Note:" not in result.stdout + result.stderr
    assert "Imported 0 records" in result.stdout
    assert other.fingerprint() == before


def test_undo_takes_the_import_and_its_contents_back(painlog, tmp_path):
    _percocet_days(painlog)
    out = tmp_path / "out.json"
    painlog.ok("export", "--format", "json", "-o", str(out))
    other = Painlog(tmp_path / "other.db")
    other.ok("add", "mood", "5")
    other.ok("import", str(out))
    other.ok("undo")
    assert other.json("med", "Percocet")["contains"] is None


@pytest.mark.parametrize(
    "record",
    [
        {"name": "Percocet", "contains": "oxycodone"},
        {"name": "Percocet", "wear": "soon"},
        {"name": "Percocet"},
        {"name": "", "contains": PERCOCET},
        {"contains": PERCOCET},
    ],
)
def test_a_bad_medicines_record_refuses_the_import(painlog, tmp_path, record):
    source = tmp_path / "bad.json"
    source.write_text(json.dumps({"format": "painlog", "version": 1, "medicines": [record]}))
    painlog.ok("add", "mood", "5")
    before = painlog.fingerprint()
    result = painlog("import", str(source))
    assert result.exit_code == 2 and "medicines[0]" in result.stderr, result.stderr
    assert painlog.fingerprint() == before
