"""Identity by source, re-imports that update, device kinds and one source per night (issue 17).

Every file is written here by the tests (never a real person's export); expected numbers are
counted by hand in the comments.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest

from painlog.formats.apps.common import row_id
from painlog.journal.entries import FIELDS, add_entries, make_entry
from painlog.store.opener import open_journal


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    """Closing lines wrap at the terminal's width; these tests read them whole (the wrapping
    at 80 columns has its own test)."""
    monkeypatch.setenv("COLUMNS", "1000")


DAYLIO_HEADER = "full_date,date,weekday,time,mood,activities,note\n"
# Newest first, as Daylio writes; two rows in the same minute on 2020-01-02.
FIRST_EXPORT = DAYLIO_HEADER + (
    "2020-01-03,January 3,Friday,9:00,rad,walk | friends,sunny\n"
    "2020-01-02,January 2,Thursday,8:00,good,walk,\n"
    "2020-01-02,January 2,Thursday,8:00,meh,work,second in the minute\n"
    "2020-01-01,January 1,Wednesday,21:30,bad,,\n"
)
# The person renamed the activity "walk" to "stroll": Daylio rewrote every past row.
RENAMED_EXPORT = FIRST_EXPORT.replace("walk", "stroll")


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def moods(painlog) -> list[tuple]:
    return sorted(
        (e["at"][:16], e["value"], tuple(e["tags"])) for e in painlog.json("list", "--kind", "mood")
    )


def factors(painlog) -> list[tuple]:
    """Daylio's activities, factors of their row's minute (issue 27)."""
    return sorted((e["at"][:16], e["name"]) for e in painlog.json("list", "--kind", "factor"))


# FIRST_EXPORT by hand: 4 mood rows and 4 activities (walk + friends, walk, work): 8 entries.


def test_renamed_activities_update_and_add_nothing(painlog, tmp_path):
    first = painlog.ok("import", write(tmp_path, "a.csv", FIRST_EXPORT), "--from", "daylio")
    assert ": 8 new, 0 updated, 0 unchanged" in first.stdout
    ids = {e["id"] for e in painlog.json("list")}
    second = painlog.ok("import", write(tmp_path, "b.csv", RENAMED_EXPORT), "--from", "daylio")
    # walk was a factor of the 2020-01-03 row and the first 08:00 row: 2 updated, the 4 moods
    # and the friends and work factors unchanged.
    assert ": 0 new, 2 updated, 6 unchanged" in second.stdout
    assert {e["id"] for e in painlog.json("list")} == ids  # no entry added, ids kept
    assert moods(painlog) == [
        ("2020-01-01T21:30", 2.5, ()),
        ("2020-01-02T08:00", 5.0, ()),
        ("2020-01-02T08:00", 7.5, ()),
        ("2020-01-03T09:00", 10.0, ()),
    ]
    assert factors(painlog) == [
        ("2020-01-02T08:00", "stroll"),
        ("2020-01-02T08:00", "work"),
        ("2020-01-03T09:00", "friends"),
        ("2020-01-03T09:00", "stroll"),
    ]
    entries = painlog.json("list")
    assert {e["source"] for e in entries} == {"daylio"}
    assert sorted(e["source_key"] for e in entries) == [
        "2020-01-01 21:30 #1",
        "2020-01-02 08:00 #1",
        "2020-01-02 08:00 #1 activity 1",
        "2020-01-02 08:00 #2",
        "2020-01-02 08:00 #2 activity 1",
        "2020-01-03 09:00 #1",
        "2020-01-03 09:00 #1 activity 1",
        "2020-01-03 09:00 #1 activity 2",
    ]
    undone = painlog.ok("undo").stdout
    assert "0 new, 2 updated, 6 unchanged" in undone  # the update was one change
    assert ("2020-01-02T08:00", "walk") in factors(painlog)


def test_a_newer_export_adds_its_new_rows_and_dry_run_says_so(painlog, tmp_path):
    painlog.ok("import", write(tmp_path, "a.csv", FIRST_EXPORT), "--from", "daylio")
    newer = DAYLIO_HEADER + "2020-01-04,January 4,Saturday,7:15,good,stroll,\n"
    newer += RENAMED_EXPORT.removeprefix(DAYLIO_HEADER)
    path = write(tmp_path, "c.csv", newer)
    before = painlog.fingerprint()
    dry = painlog.ok("import", path, "--from", "daylio", "--dry-run").stdout
    # new: the 01-04 mood and its stroll factor; updated: the two walk factors
    assert "Against the journal: 2 new, 2 updated, 6 unchanged." in dry
    assert painlog.fingerprint() == before
    done = painlog.ok("import", path, "--from", "daylio").stdout
    assert "2 new, 2 updated, 6 unchanged" in done
    assert len(painlog.json("list")) == 10
    again = painlog.ok("import", path, "--from", "daylio").stdout
    assert "0 new, 0 updated, 10 unchanged" in again


def _content_id_journal(db, exports: list[str]) -> None:
    """A journal as today's painlog (before issue 17) imported ``exports``: ids from each row's
    content, no source, no source_key."""
    from datetime import date, time

    from painlog.formats.apps.daylio import MOODS
    from painlog.journal.timeparse import localize

    with open_journal(db, create=True) as journal:
        for text in exports:
            seen: Counter[str] = Counter()
            entries = []
            for cells in csv.reader(io.StringIO(text.removeprefix(DAYLIO_HEADER))):
                hour, minute = cells[3].split(":")
                at = localize(date.fromisoformat(cells[0]), time(int(hour), int(minute)))
                tags = [tag.strip() for tag in cells[5].split("|") if tag.strip()]
                entries.append(
                    make_entry("mood", at, value=MOODS[cells[4]], tags=tags,
                               note=cells[6] or None, id=row_id("daylio", cells, seen))
                )  # fmt: skip
            existing = {row["id"] for row in journal.query("SELECT id FROM entries")}
            add_entries(journal, [e for e in entries if e.id not in existing])


def test_a_content_id_journal_is_matched_by_date_time_and_mood(painlog, tmp_path):
    _content_id_journal(painlog.db, [FIRST_EXPORT])
    assert len(painlog.json("list")) == 4
    result = painlog.ok("import", write(tmp_path, "b.csv", RENAMED_EXPORT), "--from", "daylio")
    # the 4 activities arrive as factors; the 3 moods that carried them as tags lose the tags
    assert "4 new, 3 updated, 1 unchanged" in result.stdout
    entries = painlog.json("list")
    assert len(entries) == 8 and {e["source"] for e in entries} == {"daylio"}
    # and the next export is matched by key from now on
    again = painlog.ok("import", write(tmp_path, "b.csv", RENAMED_EXPORT), "--from", "daylio")
    assert "0 new, 0 updated, 8 unchanged" in again.stdout


def test_doctor_counts_and_merge_duplicates_folds_earlier_imports(painlog, tmp_path):
    # Before issue 17, the renamed export doubled the two rows whose activities changed.
    _content_id_journal(painlog.db, [FIRST_EXPORT, RENAMED_EXPORT])
    assert len(painlog.json("list")) == 6
    doctor = painlog("doctor").stdout
    assert "WARN  duplicates: 2 entries repeat an earlier import's" in doctor
    path = write(tmp_path, "b.csv", RENAMED_EXPORT)
    dry = painlog.ok("import", path, "--from", "daylio", "--merge-duplicates", "--dry-run").stdout
    assert "2 duplicates would be folded." in dry
    done = painlog.ok("import", path, "--from", "daylio", "--merge-duplicates").stdout
    assert "Folded 2 duplicates left by earlier Daylio imports" in done
    assert moods(painlog) == [
        ("2020-01-01T21:30", 2.5, ()),
        ("2020-01-02T08:00", 5.0, ()),
        ("2020-01-02T08:00", 7.5, ()),
        ("2020-01-03T09:00", 10.0, ()),
    ]  # the activities are factors now
    assert "duplicates" not in painlog("doctor").stdout
    painlog.ok("undo")  # folding and matching were one change
    assert len(painlog.json("list")) == 6


def test_typed_moods_at_the_same_minute_are_never_duplicates(painlog, tmp_path):
    painlog.ok("add", "mood", "5", "--at", "2020-01-02 08:00")
    painlog.ok("add", "mood", "5", "--at", "2020-01-02 08:00")
    assert "duplicates" not in painlog("doctor").stdout
    path = write(tmp_path, "d.csv", DAYLIO_HEADER + "2020-01-02,,,8:00,meh,,\n")
    assert "1 new, 0 updated, 0 unchanged" in painlog.ok("import", path, "--from", "daylio").stdout


def test_merge_duplicates_is_for_apps(painlog, tmp_path):
    path = write(tmp_path, "x.csv", "kind,at,value\nmood,2020-01-02T08:00:00+00:00,5\n")
    result = painlog("import", path, "--merge-duplicates")
    assert result.exit_code == 2 and "--merge-duplicates is for --from daylio" in result.stderr
    result = painlog("import", path, "--from", "daylio", "--pain-symptom", "x")
    assert result.exit_code == 2 and "--pain-symptom is for --from bearable" in result.stderr


# --- CSV, JSON and FHIR carry the source ----------------------------------------------------


def test_csv_header_and_round_trip_keep_source(painlog, tmp_path):
    painlog.ok("import", write(tmp_path, "a.csv", FIRST_EXPORT), "--from", "daylio")
    painlog.ok("add", "pain", "4", "--at", "2020-01-02 10:00")
    out = tmp_path / "out.csv"
    painlog.ok("export", "-o", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == [*FIELDS, "contains"]  # SPEC: contains after source_key
    assert list(rows[0])[-4:] == ["relief", "source", "source_key", "contains"]
    typed = next(r for r in rows if r["kind"] == "pain")
    assert (typed["source"], typed["source_key"]) == ("", "")
    assert {r["source"] for r in rows if r["kind"] == "mood"} == {"daylio"}
    from tests.conftest import Painlog

    other = Painlog(tmp_path / "other.db")
    other.ok("import", str(out))
    again = tmp_path / "again.csv"
    other.ok("export", "-o", str(again))
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
    # and a Daylio import into the copy recognises the rows by their key
    result = other.ok("import", write(tmp_path, "b.csv", RENAMED_EXPORT), "--from", "daylio")
    assert "0 new, 2 updated, 6 unchanged" in result.stdout


def test_a_csv_row_with_a_known_source_key_under_another_id_is_skipped(painlog, tmp_path):
    painlog.ok("import", write(tmp_path, "a.csv", FIRST_EXPORT), "--from", "daylio")
    path = write(
        tmp_path,
        "copy.csv",
        "kind,at,value,tags,source,source_key\n"
        "mood,2020-01-01T21:30:00+00:00,2.5,,daylio,2020-01-01 21:30 #1\n",
    )
    result = painlog.ok("import", path)
    assert "Imported 0 records" in result.stdout
    assert len(painlog.json("list")) == 8


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("daylio,", ""),  # a source alone is fine
        (",key-without-source", "source_key: 'key-without-source' is not accepted"),
        ("Not A Source!,k", "source: 'Not A Source!' is not accepted"),
    ],
)
def test_csv_source_cells_are_checked(painlog, tmp_path, cells, message):
    path = write(tmp_path, "s.csv", f"kind,at,value,source,source_key\nmood,2020-01-02,5,{cells}\n")
    result = painlog("import", path)
    if not message:
        assert result.exit_code == 0, result.stderr
        assert painlog.json("list")[0]["source"] == "daylio"
        return
    assert result.exit_code == 2 and message in result.stderr and "row 2" in result.stderr
    assert not painlog.db.exists()


def test_json_and_fhir_carry_source(painlog, tmp_path):
    painlog.ok("import", write(tmp_path, "a.csv", FIRST_EXPORT), "--from", "daylio")
    document = json.loads(painlog.ok("export", "--format", "json").stdout)
    keys = sorted(e["source_key"] for e in document["entries"])
    assert keys[0] == "2020-01-01 21:30 #1" and document["entries"][0]["source"] == "daylio"
    out = tmp_path / "j.json"
    painlog.ok("export", "--format", "json", "-o", str(out))
    from tests.conftest import Painlog

    other = Painlog(tmp_path / "other.db")
    other.ok("import", str(out))
    assert sorted(e["source_key"] for e in other.json("list")) == keys
    bundle = json.loads(painlog.ok("export", "--format", "fhir").stdout)
    identifiers = [
        entry["resource"]["identifier"][0]
        for entry in bundle["entry"]
        if "identifier" in entry["resource"] and entry["resource"]["resourceType"] == "Observation"
    ]
    assert {"system": "urn:painlog:source:daylio", "value": "2020-01-01 21:30 #1"} in identifiers


# --- steps and heart rate -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("steps", "6.5"), "steps: '6.5' is not accepted; give a whole number of steps"),
        (("steps", "200001"), "steps: '200001' is not accepted"),
        (("steps", "-3"), "steps: '-3' is not accepted"),
        (("heart-rate", "19"), "heart-rate: '19' is not accepted; give resting heart rate"),
        (("heart-rate", "251"), "heart-rate: '251' is not accepted"),
        (("heart-rate", "fast"), "heart-rate: 'fast' is not accepted"),
    ],
)
def test_steps_and_heart_rate_are_checked(painlog, args, message):
    painlog.ok("add", "pain", "3")
    before = painlog.fingerprint()
    result = painlog("add", *args)
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert painlog.fingerprint() == before


def test_steps_and_heart_rate_everywhere(painlog, tmp_path):
    # Week of Mon 2025-03-03: steps 6,500 / 8,000 / 0 on three days; the 4th has two counts
    # (typed 3,000 and a device 9,000): the day takes 9,000, never 12,000.
    for day, steps in (("03", "6500"), ("04", "8,000"), ("05", "0"), ("06", "3000")):
        painlog.ok("add", "steps", steps, "--at", f"2025-03-{day} 20:00")
    csv_text = (
        "kind,at,value,source,source_key\n"
        "steps,2025-03-06T23:00:00+00:00,9000,fitbit,steps 2025-03-06\n"
    )
    painlog.ok("import", write(tmp_path, "fitbit.csv", csv_text))
    painlog.ok("add", "heart-rate", "62", "--at", "2025-03-03 07:00")
    painlog.ok("add", "heart-rate", "58bpm", "--at", "2025-03-04 07:00")
    painlog.ok("add", "heart-rate", "60", "--at", "2025-03-04 08:00")
    listed = painlog.ok("list", "--kind", "steps").stdout
    assert "6,500 steps" in listed
    week = painlog.json("summary", "--since", "2025-03-03", "--until", "2025-03-09")["weeks"][0]
    # (6500 + 8000 + 0 + 9000) / 4 = 5875
    assert week["steps"] == {"days": 4, "mean": 5875.0, "min": 0, "max": 9000}
    # daily means 62 and 59: 60.5
    assert week["heart_rate"] == {"days": 2, "mean": 60.5}
    table = painlog.ok("summary", "--since", "2025-03-03", "--until", "2025-03-09").stdout
    assert "Steps" in table and "5,875" in table
    chart = painlog.json("chart", "steps", "--since", "2025-03-03", "--until", "2025-03-09")
    assert chart["steps"] == [
        {"day": "2025-03-03", "steps": 6500},
        {"day": "2025-03-04", "steps": 8000},
        {"day": "2025-03-05", "steps": 0},
        {"day": "2025-03-06", "steps": 9000},
    ]
    drawn = painlog.ok("chart", "steps", "--since", "2025-03-03", "--until", "2025-03-09")
    assert "Steps (per day)" in drawn.stdout
    from datetime import date

    from painlog.plan.compare import compare

    with open_journal(painlog.db) as journal:
        data = compare(journal, date(2025, 3, 5), date(2025, 3, 9), days=2)
    # before: 03-03 and 03-04 -> 7250; after: 03-05 and 03-06 -> 4500
    assert data["before"]["steps_per_day"] == 7250.0
    assert data["after"]["steps_per_day"] == 4500.0
    assert data["change"]["steps_per_day"] == -2750.0
    out = tmp_path / "r.md"
    painlog.ok("report", "-o", str(out), "--since", "2025-03-03", "--until", "2025-03-09")
    assert "Steps: 5,875 a day on average over 4 days (fewest 0, most 9,000)." in out.read_text()


# --- one source per night -------------------------------------------------------------------

NIGHT = "2025-03-04"


def _nights(tmp_path, painlog, typed: bool) -> None:
    """Apple Health (imported first) and Fitbit recorded the same night; the person may have
    typed it too, and typed a nap."""
    rows = [
        "kind,at,value,note,source,source_key",
        f"sleep,{NIGHT}T07:30:00+00:00,7.5,,apple-health,sleep {NIGHT}",
        f"sleep,{NIGHT}T07:00:00+00:00,6.8,,fitbit,sleep {NIGHT} 123",
        # another night only Fitbit saw
        "sleep,2025-03-05T07:00:00+00:00,6,,fitbit,sleep 2025-03-05 124",
    ]
    painlog.ok("import", write(tmp_path, "devices1.csv", "\n".join(rows[:2]) + "\n"))
    painlog.ok("import", write(tmp_path, "devices2.csv", "\n".join([rows[0], *rows[2:]]) + "\n"))
    if typed:
        painlog.ok("add", "sleep", "7h", "--at", f"{NIGHT} 07:10")
        painlog.ok("add", "sleep", "30m", "--at", f"{NIGHT} 15:00")  # a nap


def _sleep(painlog) -> dict:
    week = painlog.json("summary", "--since", "2025-03-03", "--until", "2025-03-09")["weeks"][0]
    return week["sleep"]


def test_typed_sleep_wins_over_devices_and_naps_add_up(painlog, tmp_path):
    _nights(tmp_path, painlog, typed=True)
    sleep = _sleep(painlog)
    # 03-04: typed 7 + nap 0.5 = 7.5 (never + 7.5 + 6.8 = 21.8); 03-05: Fitbit 6.
    assert (sleep["nights"], sleep["min_hours"], sleep["max_hours"]) == (2, 6.0, 7.5)
    assert sleep["mean_hours"] == 6.75
    chart = painlog.json("chart", "sleep", "--since", "2025-03-03", "--until", "2025-03-09")
    assert chart["sleep"] == [
        {"day": "2025-03-04", "total": 7.5},
        {"day": "2025-03-05", "total": 6.0},
    ]
    from datetime import date

    from painlog.plan.compare import compare

    with open_journal(painlog.db) as journal:
        data = compare(journal, date(2025, 3, 6), date(2025, 3, 9), days=3)
    assert data["before"]["sleep_hours"] == 6.75
    out = tmp_path / "r.md"
    painlog.ok("report", "-o", str(out), "--since", "2025-03-03", "--until", "2025-03-09")
    assert "Sleep: 6.8 h a night on average over 2 nights." in out.read_text()  # 6.75 half up


def test_between_devices_the_first_imported_then_the_preferred_one(painlog, tmp_path):
    _nights(tmp_path, painlog, typed=False)
    # Apple Health was imported first: 7.5 on 03-04; 03-05 has only Fitbit: 6.
    assert (_sleep(painlog)["max_hours"], _sleep(painlog)["mean_hours"]) == (7.5, 6.75)
    painlog.ok("config", "set", "sleep-source", "fitbit")
    assert (_sleep(painlog)["max_hours"], _sleep(painlog)["mean_hours"]) == (6.8, 6.4)
    painlog.ok("config", "set", "sleep-source", "samsung-health")  # none of its nights here
    assert _sleep(painlog)["mean_hours"] == 6.75
    refused = painlog("config", "set", "sleep-source", "typed")
    assert refused.exit_code == 2 and "sleep-source: 'typed' is not accepted" in refused.stderr


def test_typing_sleep_over_a_device_night_keeps_the_device_entry(painlog, tmp_path):
    _nights(tmp_path, painlog, typed=False)
    result = painlog.ok("add", "sleep", "7h", "--at", f"{NIGHT} 07:10")
    assert "already logged" not in result.output
    assert len(painlog.json("list", "--kind", "sleep")) == 4
    assert _sleep(painlog)["max_hours"] == 7.0


# --- phone and watch exports through 'painlog import --from DEVICE' --------------------------

APPLE = """<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="en_US">
 <ExportDate value="2024-03-10 10:00:00 +0000"/>
 <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Watch" sourceVersion="10"
  creationDate="2024-03-05 03:00:00 +0000" startDate="2024-03-04 23:40:00 +0000"
  endDate="2024-03-05 03:00:00 +0000" value="HKCategoryValueSleepAnalysisAsleepCore"/>
 <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Watch" sourceVersion="10"
  creationDate="2024-03-05 06:40:00 +0000" startDate="2024-03-05 03:00:00 +0000"
  endDate="2024-03-05 06:40:00 +0000" value="HKCategoryValueSleepAnalysisAsleepDeep"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Watch" sourceVersion="10"
  unit="count" creationDate="2024-03-05 09:30:00 +0000" startDate="2024-03-05 09:00:00 +0000"
  endDate="2024-03-05 09:30:00 +0000" value="4321"/>
</HealthData>
"""
FITBIT_NIGHT = {
    "logId": 7, "dateOfSleep": "2024-03-05", "startTime": "2024-03-04T23:30:00.000",
    "endTime": "2024-03-05T06:30:00.000", "minutesAsleep": 390, "minutesAwake": 30,
    "timeInBed": 420, "type": "classic", "mainSleep": True,
    "levels": {"summary": {"asleep": {"count": 0, "minutes": 390},
                           "restless": {"count": 1, "minutes": 20},
                           "awake": {"count": 1, "minutes": 10}}},
}  # fmt: skip


def test_typed_apple_health_and_fitbit_for_one_night(painlog, tmp_path):
    apple = tmp_path / "export.xml"
    apple.write_text(APPLE, encoding="utf-8")
    fitbit = tmp_path / "Takeout" / "Fitbit" / "Global Export Data"
    fitbit.mkdir(parents=True)
    (fitbit / "sleep-2024-03-05.json").write_text(json.dumps([FITBIT_NIGHT]), encoding="utf-8")
    dry = painlog.ok("import", str(apple), "--from", "apple-health", "--dry-run").stdout
    assert dry.startswith("Dry run: nothing was written. Apple Health:")
    assert not painlog.db.exists()
    first = painlog.ok("import", str(apple), "--from", "apple-health").stdout
    assert "Journal: 2 new, 0 updated, 0 unchanged." in first  # a night (7 h) and a day of steps
    painlog.ok("import", str(tmp_path / "Takeout"), "--from", "fitbit")
    again = painlog.ok("import", str(apple), "--from", "apple-health").stdout
    assert "Journal: 0 new, 0 updated, 2 unchanged." in again
    sources = Counter(e["source"] for e in painlog.json("list", "--kind", "sleep"))
    assert sources == {"apple-health": 1, "fitbit": 1}

    def night() -> tuple:
        sleep = painlog.json("summary", "--since", "2024-03-04", "--until", "2024-03-10")
        week = sleep["weeks"][0]["sleep"]
        return week["nights"], week["mean_hours"]

    assert night() == (1, 7.0)  # Apple Health was imported first; never 7 + 6.5
    painlog.ok("config", "set", "sleep-source", "fitbit")
    assert night() == (1, 6.5)
    painlog.ok("add", "sleep", "7h30m", "--at", "2024-03-05 07:00")
    assert night() == (1, 7.5)  # typed sleep wins over every device
    painlog.ok("add", "sleep", "20m", "--at", "2024-03-05 15:00")  # a typed nap adds up
    assert night() == (1, 7.83)
    week = painlog.json("summary", "--since", "2024-03-04", "--until", "2024-03-10")["weeks"][0]
    assert week["steps"] == {"days": 1, "mean": 4321.0, "min": 4321, "max": 4321}


def test_device_imports_refuse_app_options(painlog, tmp_path):
    apple = tmp_path / "export.xml"
    apple.write_text(APPLE, encoding="utf-8")
    for option in (("--mood", "content=8"), ("--pain-symptom", "x"), ("--merge-duplicates",)):
        result = painlog("import", str(apple), "--from", "apple-health", *option)
        assert result.exit_code == 2, result.output
    assert not painlog.db.exists()


def test_sourced_ids_are_uuid5_of_source_and_key():
    import uuid

    from hypothesis import given
    from hypothesis import strategies as st

    from painlog.formats.sources import NAMESPACE, sourced_id

    @given(st.sampled_from(["daylio", "bearable", "fitbit"]), st.text(max_size=40))
    def check(source: str, key: str) -> None:
        assert sourced_id(source, key) == str(uuid.uuid5(NAMESPACE, f"{source}\x1e{key}"))

    check()


# --- the notes about the person's own limits after an import (SPEC "Names") -------------------

LIMITED_DOSES = (
    "id,kind,at,value,unit,name,quality,location,intensity,note,tags,trigger,relief\n"
    ",medication,2025-01-05T08:00:00+00:00,2000,mg,ibuprofen,,,,before the plan,,,\n"
    ",medication,2025-01-07T08:00:00+00:00,400,mg,ibuprofen,,,,,,,\n"
    ",medication,2025-01-07T12:30:00+00:00,400,mg,Ibuprofen,,,,,,,\n"
    ",medication,2025-01-07T20:00:00+00:00,800,mg,ibuprofen,,,,,,,\n"
    ",medication,2025-01-08T08:00:00+00:00,400,mg,ibuprofen,,,,,,,\n"
    ",medication,2025-01-08T09:00:00+00:00,400,mg,ibuprofen,,,,,,,\n"
    ",medication,2025-01-09T08:00:00+00:00,1300,mg,ibuprofen,,,,,,,\n"
    ",medication,2025-01-09T08:00:00+00:00,5,mg,melatonin,,,,,,,\n"
)


def test_import_gives_the_limit_notes_of_add_once_per_medicine(painlog, tmp_path):
    painlog.ok("plan", "add", "med", "ibuprofen", "400mg", "--as-needed", "--max-daily", "1200mg",
               "--min-interval", "6h", "--from", "2025-01-06")  # fmt: skip
    path = write(tmp_path, "doses.csv", LIMITED_DOSES)
    result = painlog.ok("import", path)
    # Hand count: above 1200 mg on 01-07 (1600) and 01-09 (1300), not 01-05 (before the plan)
    # nor 01-08 (800); sooner than 6 h: 01-07 12:30 (4.5 h) and 01-08 09:00 (1 h).
    assert result.stderr.splitlines() == [
        "Note: ibuprofen: above your plan's limit of 1200 mg a day on 2 days of this import "
        "(the first 2025-01-07).",
        "Note: ibuprofen: 2 doses of this import came sooner than your plan's 6 h between "
        "doses (the first 2025-01-07 12:30).",
    ]
    assert "Imported 8 records" in result.stdout  # recorded, never refused
    exported = tmp_path / "export.csv"
    painlog.ok("export", "-o", str(exported))
    again = painlog.ok("import", str(exported))
    assert "Imported 0 records" in again.stdout and again.stderr == ""  # nothing new: no notes


def test_limit_notes_are_the_checks_add_makes(tmp_path):
    """Through the core: the summary counts exactly the doses dose_warnings would warn about."""
    from painlog.formats import import_records
    from painlog.formats.csv import parse_csv
    from painlog.journal.timeparse import local_now
    from painlog.plan.limits import dose_warnings, import_notes

    db = tmp_path / "j.db"
    from typer.testing import CliRunner

    from painlog.cli import app

    CliRunner().invoke(app, ["--db", str(db), "plan", "add", "med", "ibuprofen", "400mg",
                             "--as-needed", "--max-daily", "1200mg", "--min-interval", "6h",
                             "--from", "2025-01-06"])  # fmt: skip
    path = tmp_path / "doses.csv"
    path.write_text(LIMITED_DOSES, encoding="utf-8")
    from painlog.formats.jsonfile import JournalFile

    parsed = JournalFile(parse_csv(path, local_now()), [], [], [])
    with open_journal(db) as journal:
        result = import_records(journal, parsed)
        per_dose = [w for entry in result.entries for w in dose_warnings(journal, entry)]
        notes = import_notes(journal, list(result.entries))
    over_days = {w.split(" on ")[1][:10] for w in per_dose if "a day." in w}
    soon = [w for w in per_dose if "since the previous dose" in w]
    assert over_days == {"2025-01-07", "2025-01-09"} and len(soon) == 2
    assert f"on {len(over_days)} days" in notes[0] and f"{len(soon)} doses" in notes[1]


def test_bearable_doses_get_the_limit_notes_too(painlog, tmp_path):
    painlog.ok("plan", "add", "med", "hydroxyzine", "25mg", "--as-needed", "--max-daily", "50mg",
               "--from", "2020-09-01")  # fmt: skip
    bearable = (
        "date,weekday,time of day,category,rating/amount,detail,notes\n"
        "22nd Sep 2020,Tuesday,9:00,Meds/Supplements,50,Hydroxyzine (mg),\n"
        "22nd Sep 2020,Tuesday,21:00,Meds/Supplements,25,Hydroxyzine (mg),\n"
        "23rd Sep 2020,Wednesday,9:00,Meds/Supplements,25,Hydroxyzine (mg),\n"
    )
    result = painlog.ok("import", write(tmp_path, "b.csv", bearable), "--from", "bearable")
    assert result.stderr.strip() == (
        "Note: hydroxyzine: above your plan's limit of 50 mg a day on 1 day of this import "
        "(the first 2020-09-22)."
    )


# --- closing and dry-run lines at the terminal's width ------------------------------------------


def test_import_lines_wrap_at_80_columns_at_word_boundaries(painlog, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(tmp_path)  # a path longer than a line is never split: keep it short
    write(tmp_path, "a.csv", FIRST_EXPORT)
    path = "a.csv"
    shown = [
        painlog.ok("import", path, "--from", "daylio", "--dry-run").stdout,
        painlog.ok("import", path, "--from", "daylio").stdout,
        painlog.ok("import", path, "--from", "daylio", "--dry-run").stdout,
    ]
    for text in shown:
        assert all(len(line) <= 80 for line in text.splitlines()), text
    closing = shown[1]
    assert len(closing.splitlines()) > 1  # it is longer than 80 and was wrapped
    words = closing.split()  # no word was split: the dates and counts are whole
    assert "2020-01-01" in words and "2020-01-03:" in words
    assert " ".join(words) == (
        "Imported 4 Daylio rows as 4 mood entries, 4 factor entries, 2020-01-01 to 2020-01-03: "
        "8 new, 0 updated, 0 unchanged."
    )


@pytest.mark.parametrize("source", [(), ("--from", "fitbit")])
@pytest.mark.parametrize(
    ("option", "message"),
    [
        (("--mood", "content=8"), "Error: --mood: applies to Daylio imports (--from daylio); "
                                  "leave it out."),
        (("--pain-symptom", "x"), "Error: --pain-symptom is for --from bearable."),
        (("--merge-duplicates",), "Error: --merge-duplicates is for --from daylio or --from "
                                  "bearable."),
    ],
)  # fmt: skip
def test_app_options_are_refused_for_a_painlog_file_and_a_device(
    painlog, tmp_path, source, option, message
):
    painlog.ok("add", "pain", "3")
    before = painlog.fingerprint()
    path = write(tmp_path, "x.csv", "kind,at,value\nmood,2020-01-02T08:00:00+00:00,5\n")
    result = painlog("import", path, *source, *option)
    assert result.exit_code == 2
    assert result.stderr.strip() == message
    assert painlog.fingerprint() == before
