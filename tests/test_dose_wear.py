"""A patch counts for its wear time, said on the dose itself: ``add med NAME DOSE --wear 72h``
(issue 25; SPEC "Function, mood screening and medicine safety": "--wear 72h on the plan item or
the dose"). A dose's own wear wins over the medicine's (``med NAME --wear``), which wins over
the plan item's (``plan add … --wear``).

How a partial day counts (as the medicine's and the plan item's wear always have): a patch
counts its rate on ceil(wear / 24) calendar days, starting with the day it is logged. A 72 h
patch put on Monday 09:00 counts Monday, Tuesday and Wednesday (three days of its rate); it is
still on until Thursday 09:00, and that tail is not a fourth day of MME, but a benzodiazepine
or gabapentinoid within 24 hours of the patch's whole span (until Thursday 09:00) is counted.

fentanyl 25 mcg/h x 2.4 (CDC 2022) = 60 MME a day.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import Painlog

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))  # Monday
PATCH = ("add", "med", "fentanyl", "1", "patch", "--contains", "fentanyl 25mcg/h")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _week(painlog, since="2026-11-30", until="2026-12-06"):
    return painlog.json("summary", "--since", since, "--until", until)["weeks"][-1]


def test_a_72h_patch_counts_monday_to_wednesday(painlog):
    # Mon 30 Nov 09:00, worn 72 h: Mon, Tue, Wed at 60 MME; Thu (until 09:00) is no 4th day
    painlog.ok(*PATCH, "--wear", "72h", "--at", "2026-11-30 09:00")
    mme = _week(painlog)["mme"]
    assert mme["days"] == 3 and mme["mean_daily"] == 60.0 and mme["max_daily"] == 60.0
    assert mme["days_50_or_more"] == 3 and mme["days_90_or_more"] == 0
    (entry,) = painlog.json("list")
    assert entry["wear"] == 72.0 and entry["contains"] == "fentanyl 25mcg/h"


def test_without_wear_a_patch_counts_only_the_day_it_is_logged(painlog):
    painlog.ok(*PATCH, "--at", "2026-11-30 09:00")
    assert _week(painlog)["mme"]["days"] == 1
    assert "wear" not in painlog.json("list")[0]


def test_a_48h_dose_and_the_wear_spelled_in_days(painlog):
    # 2d = 48 h: Tue 1 and Wed 2 Dec; a half day more (2.5d = 60 h) makes it three days
    painlog.ok(*PATCH, "--wear", "2d", "--at", "2026-12-01 21:00")
    assert _week(painlog)["mme"]["days"] == 2
    painlog.ok(*PATCH, "--wear", "2.5d", "--at", "2026-12-04 21:00")
    assert _week(painlog)["mme"]["days"] == 5  # + Fri 4, Sat 5, Sun 6


def test_the_dose_wins_over_the_medicine_which_wins_over_the_plan_item(painlog):
    painlog.ok("plan", "add", "med", "fentanyl", "1", "patch", "--contains", "fentanyl 25mcg/h",
               "--wear", "120h", "--times", "09:00", "--from", "2026-11-01")  # fmt: skip
    # the plan item alone: 120 h from Mon 23 Nov 09:00 = Mon..Fri 23-27 Nov (5 days)
    painlog.ok("add", "med", "fentanyl", "--at", "2026-11-23 09:00")
    assert _week(painlog, "2026-11-23", "2026-11-29")["mme"]["days"] == 5
    # the medicine's 48 h wins over the plan item's 120 h: Mon 30 Nov and Tue 1 Dec
    painlog.ok("med", "fentanyl", "--wear", "48h")
    painlog.ok("add", "med", "fentanyl", "--at", "2026-11-30 09:00")
    assert _week(painlog)["mme"]["days"] == 2
    # the dose's own 24 h wins over both: Thu 3 Dec only (Fri 4, Sat 5 not worn)
    painlog.ok("add", "med", "fentanyl", "--wear", "24h", "--at", "2026-12-03 09:00")
    mme = _week(painlog)["mme"]
    assert mme["days"] == 3 and mme["mean_daily"] == 60.0  # 30 Nov, 1 Dec, 3 Dec
    # the earlier week now reads the medicine's 48 h too: Mon 23 and Tue 24 Nov
    assert _week(painlog, "2026-11-23", "2026-11-29")["mme"]["days"] == 2


def test_a_benzodiazepine_after_the_dose_wear_is_an_opioid_and_benzodiazepine_day(painlog):
    # patch Mon 30 Nov 09:00 worn 72 h: off Thu 3 Dec 09:00; lorazepam Fri 4 Dec 08:00 is 23 h
    # after it came off: counted on Fri 4 Dec (the later dose)
    painlog.ok(*PATCH, "--wear", "72h", "--at", "2026-11-30 09:00")
    painlog.ok("add", "med", "lorazepam", "1mg", "--at", "2026-12-04 08:00")
    assert _week(painlog)["opioid_and_benzodiazepine_days"] == 1


def test_the_same_benzodiazepine_without_the_wear_is_not(painlog):
    painlog.ok(*PATCH, "--at", "2026-11-30 09:00")  # a moment, not a span: 4 days before
    painlog.ok("add", "med", "lorazepam", "1mg", "--at", "2026-12-04 08:00")
    assert _week(painlog)["opioid_and_benzodiazepine_days"] == 0


def test_a_patch_worn_from_the_week_before_counts_in_this_one(painlog):
    # Sat 28 Nov 09:00 worn 96 h: 28, 29, 30 Nov and 1 Dec; this week: Mon 30 and Tue 1
    painlog.ok(*PATCH, "--wear", "96h", "--at", "2026-11-28 09:00")
    assert _week(painlog)["mme"]["days"] == 2


@pytest.mark.parametrize(
    "args",
    [
        (*PATCH, "--wear", "15d"),
        (*PATCH, "--wear", "soon"),
        (*PATCH, "--wear", "0h"),
        (*PATCH, "--wear", "-3d"),
    ],
)
def test_a_bad_dose_wear_is_refused_and_changes_nothing(painlog, args):
    painlog.ok("add", "mood", "5")
    before = painlog.fingerprint()
    result = painlog(*args)
    assert result.exit_code == 2, result.output
    assert "--wear" in result.stderr and "1 hour to 14 days" in result.stderr
    assert painlog.fingerprint() == before


def test_wear_on_another_kind_is_refused(painlog):
    painlog.ok("add", "mood", "5")
    before = painlog.fingerprint()
    result = painlog("add", "mood", "5", "--wear", "3d")
    assert result.exit_code == 2 and "--wear" in result.stderr
    assert painlog.fingerprint() == before


def test_the_inbox_grammar_knows_wear():
    from painlog.record import words

    draft = words.parse('med fentanyl 1 patch --wear 72h --contains "fentanyl 25mcg/h"')
    fields = draft.fields()
    assert fields["wear"] == "72h" and fields["name"] == "fentanyl"


def test_undo_takes_the_dose_and_its_wear_back(painlog):
    painlog.ok(*PATCH, "--wear", "72h", "--at", "2026-11-30 09:00")
    painlog.ok("undo")
    assert painlog.json("list") == []


def test_csv_keeps_specs_header_and_reads_a_wear_column_written_elsewhere(painlog, tmp_path):
    # SPEC fixes the CSV header (… source, source_key, contains): the export has no wear column
    # (the JSON export carries a dose's wear, below); a file with one is still read.
    painlog.ok(*PATCH, "--wear", "72h", "--at", "2026-11-30 09:00")
    out = tmp_path / "out.csv"
    painlog.ok("export", "--format", "csv", "-o", str(out))
    with out.open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][-1] == "contains" and "wear" not in rows[0]
    written = tmp_path / "written.csv"
    header = ",".join(rows[0]) + ",wear"
    written.write_text(header + "\n" + ",".join(rows[1]) + ",72\n")
    other = Painlog(tmp_path / "other.db")
    other.ok("import", str(written))
    # Mon 30 Nov 09:00 + 72 h: Mon, Tue, Wed (ceil(72 / 24) = 3 days), as on the journal itself
    assert _week(other)["mme"]["days"] == 3


def test_json_round_trip_keeps_the_dose_wear(painlog, tmp_path):
    painlog.ok(*PATCH, "--wear", "72h", "--at", "2026-11-30 09:00")
    out = tmp_path / "out.json"
    painlog.ok("export", "--format", "json", "-o", str(out))
    assert json.loads(out.read_text())["entries"][0]["wear"] == 72.0
    other = Painlog(tmp_path / "other.db")
    other.ok("import", str(out))
    assert _week(other)["mme"]["days"] == 3


def test_a_bad_wear_cell_refuses_the_import(painlog, tmp_path):
    source = tmp_path / "bad.csv"
    header = (
        "id,kind,at,value,unit,name,quality,location,intensity,note,tags,trigger,relief,"
        "source,source_key,contains,wear\n"
    )
    for row in (
        ",medication,2026-12-02T09:00:00+00:00,1,patch,fentanyl,,,,,,,,,,,400\n",
        ",mood,2026-12-02T09:00:00+00:00,5,,,,,,,,,,,,,72\n",
    ):
        source.write_text(header + row)
        painlog.ok("add", "mood", "5")
        before = painlog.fingerprint()
        result = painlog("import", str(source))
        assert result.exit_code == 2 and "wear" in result.stderr, result.stderr
        assert painlog.fingerprint() == before


def test_a_journal_from_before_the_column_keeps_its_doses(tmp_path):
    import sqlite3

    from painlog.store import migrations
    from painlog.store.db import Journal, create_private_file

    path = tmp_path / "old.db"
    create_private_file(path)
    old = Journal(sqlite3.connect(path), execute_plugins=False)
    old.path = path
    before = [step.__name__ for step in migrations.MIGRATIONS].index("m014_dose_wear")
    migrations.migrate(old, upto=before)
    old["entries"].insert(
        {"id": "a1", "kind": "medication", "at": "2026-11-30T09:00:00+00:00", "value": 1.0,
         "unit": "patch", "name": "fentanyl", "contains": "fentanyl 25mcg/h"}
    )  # fmt: skip
    old.conn.commit()
    old.close()
    painlog = Painlog(path)
    painlog.ok("med", "fentanyl", "--wear", "72h")  # opens (and upgrades) the journal
    assert _week(painlog)["mme"]["days"] == 3
    (entry,) = painlog.json("list")
    assert entry["id"] == "a1" and "wear" not in entry
    painlog.ok("add", "med", "fentanyl", "1", "patch", "--wear", "24h", "--at", "2026-12-03 09:00")
    assert _week(painlog)["mme"]["days"] == 4  # 30 Nov, 1 and 2 Dec, then 3 Dec only


def test_wear_on_a_tablet_is_recorded_with_a_note(painlog):
    result = painlog.ok("add", "med", "ibuprofen", "400mg", "--wear", "72h",
                        "--at", "2026-12-01 09:00")  # fmt: skip
    said = " ".join(result.stderr.split())
    assert "Note: --wear 72h counts only for a patch" in said
    assert "this ibuprofen dose is counted at the moment it was taken" in said
    assert painlog.json("list")[0]["wear"] == 72.0  # recorded as typed, never refused
    quiet = painlog.ok(*PATCH, "--wear", "72h", "--at", "2026-12-02 09:00")
    assert "counts only for a patch" not in quiet.stderr
