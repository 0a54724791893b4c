"""`painlog med NAME --contains`, contents given once counting for later doses, and the
contents surviving CSV, JSON and FHIR (issue 25; SPEC "Function, mood screening and medicine
safety", "Sources and device data")."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))
WEEK = ("--since", "2026-11-30", "--until", "2026-12-06")
PERCOCET = "oxycodone 5mg, acetaminophen 325mg"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _week(painlog):
    return painlog.json("summary", *WEEK)["weeks"][0]


def _heavy_day(painlog, first_contains: bool = True):
    """2 Dec: Percocet 2 tablets x 5 doses + 1 at 23:00 = 12 tablets; 12 x 325 = 3,900 mg
    acetaminophen, plus Tylenol Extra Strength 1 tablet = 500 mg: 4,400 mg; oxycodone 60 mg =
    90 MME."""
    extra = ("--contains", PERCOCET) if first_contains else ()
    painlog.ok("add", "med", "Percocet", "2", "tablet", "--at", "2026-12-02 06:00", *extra)
    for hour in ("09:00", "12:00", "15:00", "18:00", "23:00"):
        result = painlog.ok("add", "med", "Percocet", "2", "tablet", "--at", f"2026-12-02 {hour}")
        assert "strength unknown" not in result.stderr  # the journal already knows
    painlog.ok("add", "med", "Tylenol Extra Strength", "1", "tablet", "--at", "2026-12-02 20:00")


def _check_heavy_day(week):
    assert week["acetaminophen"]["max_daily_mg"] == 4400.0
    assert week["acetaminophen"]["days_over_limit"] == 1
    assert week["acetaminophen"]["days_amount_unknown"] == 0
    assert week["mme"]["max_daily"] == 90.0 and week["mme"]["days_90_or_more"] == 1
    assert week["mme"]["days_strength_unknown"] == 0


def test_an_earlier_doses_contents_count_for_later_doses(painlog):
    _heavy_day(painlog)
    _check_heavy_day(_week(painlog))


def test_med_contains_says_it_once_for_every_dose(painlog):
    result = painlog.ok("med", "Percocet", "--contains", "oxycodone 5 mg; paracetamol 325 mg")
    assert "one unit of Percocet holds oxycodone 5mg, acetaminophen 325mg" in result.stdout
    _heavy_day(painlog, first_contains=False)
    _check_heavy_day(_week(painlog))
    shown = painlog.ok("med", "percocet").stdout
    assert "oxycodone 5mg, acetaminophen 325mg" in shown
    assert painlog.json("med", "Percocet")["contains"] == PERCOCET
    painlog.ok("undo")  # takes back the last change: the Tylenol dose
    painlog.ok("undo")
    week = _week(painlog)
    assert week["acetaminophen"]["max_daily_mg"] == 3250.0  # 10 tablets x 325 mg


def test_med_contains_refused_is_exit_2_and_changes_nothing(painlog):
    painlog.ok("add", "mood", "5")
    before = painlog.fingerprint()
    for bad in ("oxycodone", "5mg", "oxycodone 5 spoons", ""):
        result = painlog("med", "Percocet", "--contains", bad)
        assert result.exit_code == 2, bad
        assert "--contains" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert painlog.fingerprint() == before


def test_med_shows_the_table_and_its_source(painlog):
    text = " ".join(painlog.ok("med", "Excedrin Tension Headache").stdout.split())
    assert "acetaminophen 500mg, caffeine 65mg" in text and "DailyMed" in text
    text = " ".join(painlog.ok("med", "Excedrin").stdout.split())
    assert "differs between products" in text
    assert not painlog.db.exists()  # a read never makes a journal


def test_csv_round_trip_keeps_the_contents(painlog, tmp_path):
    _heavy_day(painlog)
    out = tmp_path / "out.csv"
    painlog.ok("export", "--format", "csv", "-o", str(out))
    with out.open(newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    assert header[-3:] == ["source", "source_key", "contains"]  # SPEC's header, exactly
    assert rows[1][header.index("contains")] == PERCOCET
    from tests.conftest import Painlog

    other = Painlog(tmp_path / "other.db")
    other.ok("import", str(out))
    _check_heavy_day(_week(other))
    again = tmp_path / "again.csv"
    other.ok("export", "--format", "csv", "-o", str(again))
    assert again.read_text() == out.read_text()


def test_a_bad_contains_cell_refuses_the_import(painlog, tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text(
        "id,kind,at,value,unit,name,quality,location,intensity,note,tags,trigger,relief,"
        "source,source_key,contains\n"
        ",medication,2026-12-02T09:00:00+00:00,1,tablet,Percocet,,,,,,,,,,oxycodone\n"
    )
    painlog.ok("add", "mood", "5")
    before = painlog.fingerprint()
    result = painlog("import", str(source))
    assert result.exit_code == 2 and "contains" in result.stderr
    assert painlog.fingerprint() == before


def test_json_round_trip_keeps_the_contents(painlog, tmp_path):
    _heavy_day(painlog)
    out = tmp_path / "out.json"
    painlog.ok("export", "--format", "json", "-o", str(out))
    from tests.conftest import Painlog

    other = Painlog(tmp_path / "other.db")
    other.ok("import", str(out))
    _check_heavy_day(_week(other))


def test_fhir_medication_carries_ingredient_strengths(painlog, tmp_path):
    painlog.ok("add", "med", "Percocet", "2", "tablet", "--contains", PERCOCET,
               "--at", "2026-12-02 09:00")  # fmt: skip
    out = tmp_path / "out.fhir.json"
    painlog.ok("export", "--format", "fhir", "-o", str(out))
    bundle = json.loads(out.read_text())
    (statement,) = [
        e["resource"] for e in bundle["entry"]
        if e["resource"]["resourceType"] == "MedicationStatement"
    ]  # fmt: skip
    (medication,) = statement["contained"]
    assert statement["medicationReference"] == {"reference": "#medication"}
    assert medication["resourceType"] == "Medication"
    strengths = {
        i["itemCodeableConcept"]["text"]: (i["strength"]["numerator"]["value"],
                                           i["strength"]["numerator"]["code"],
                                           i["strength"]["denominator"]["unit"])
        for i in medication["ingredient"]
    }  # fmt: skip
    assert strengths == {
        "oxycodone": (5.0, "mg", "tablet"),
        "acetaminophen": (325.0, "mg", "tablet"),
    }
