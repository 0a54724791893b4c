"""Issue 26, point 3: ``--dry-run`` for every format (painlog CSV and JSON included): it says
what would be added, updated or left out and changes nothing, not even creating a journal.
Files written by the tests."""

from __future__ import annotations

import json

import pytest

from tests.test_device_parsers import APPLE_BODY, apple_xml

CSV = (
    "kind,at,value,unit,name\n"
    "pain,2026-11-20 10:00,5,,\n"
    "med,2026-11-20 11:00,400,mg,Ibuprofen\n"
    "sleep,2026-11-21 07:00,7.5,h,\n"
)
JSON_FILE = {
    "format": "painlog",
    "version": 1,
    "entries": [
        {"id": "0b7f5a52-3c1e-4e8e-9a53-6d2f4c1b7e21", "kind": "pain",
         "at": "2026-11-20T10:00:00-05:00", "value": 5},
        {"id": "1b7f5a52-3c1e-4e8e-9a53-6d2f4c1b7e21", "kind": "mood",
         "at": "2026-11-20T12:00:00-05:00", "value": 6},
    ],
}  # fmt: skip
DAYLIO = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    "2026-11-01,Nov 1,Sunday,20:28,good,walk | friends,,\n"
    "2026-11-02,Nov 2,Monday,09:03,meh,,,\n"
)
BEARABLE = (
    "date,weekday,time of day,category,rating/amount,detail,notes\n"
    "22nd Nov 2026,Sun,am,Mood,6,,\n"
    "22nd Nov 2026,Sun,pm,Symptom,,Headache (Moderate),\n"
)


def written(tmp_path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_csv_dry_run_without_a_journal_creates_none(painlog, tmp_path):
    path = written(tmp_path, "hand.csv", CSV)
    result = painlog.ok("import", str(path), "--dry-run")
    assert " ".join(result.stdout.split()) == (
        f"Dry run: nothing was written. Would import 3 records from {path} (0 already in the "
        "journal)."
    )
    assert not painlog.db.exists()


def test_csv_dry_run_against_a_journal_changes_nothing(painlog, tmp_path):
    path = written(tmp_path, "hand.csv", CSV)
    painlog.ok("import", str(path))
    more = written(tmp_path, "more.csv", CSV + "pain,2026-11-22 10:00,4,,\n")
    before = painlog.fingerprint()
    result = painlog.ok("import", str(more), "--dry-run")
    assert "Would import 1 record from" in result.stdout
    assert "(3 already in the journal)" in result.stdout
    assert painlog.fingerprint() == before
    assert "Imported 1 record from" in painlog.ok("import", str(more)).stdout


def test_csv_dry_run_refuses_a_bad_row_like_the_import(painlog, tmp_path):
    path = written(tmp_path, "bad.csv", CSV + "pain,2026-11-22 10:00,eleven,,\n")
    result = painlog("import", str(path), "--dry-run")
    assert result.exit_code == 2 and "row 5: " in " ".join(result.stderr.split())
    assert not painlog.db.exists()


def test_json_dry_run(painlog, tmp_path):
    path = written(tmp_path, "journal.json", json.dumps(JSON_FILE))
    result = painlog.ok("import", str(path), "--dry-run")
    assert "Would import 2 records from" in result.stdout and not painlog.db.exists()
    painlog.ok("add", "pain", "3")
    before = painlog.fingerprint()
    result = painlog.ok("import", str(path), "--dry-run")
    assert "Would import 2 records from" in result.stdout
    assert painlog.fingerprint() == before
    painlog.ok("import", str(path))
    again = painlog.ok("import", str(path), "--dry-run")
    assert "Would import 0 records from" in again.stdout and "(2 already" in again.stdout


@pytest.mark.parametrize(
    ("source", "name", "content", "expected"),
    [
        ("daylio", "daylio.csv", DAYLIO, "2 mood"),
        ("bearable", "bearable.csv", BEARABLE, "mood"),
        ("apple-health", "export.xml", apple_xml(APPLE_BODY), "3 nights of sleep"),
        ("google-fit", "Daily activity metrics.csv", "Date,Step count\n2026-11-23,5000\n",
         "1 day of steps"),
        ("samsung-health", "s.csv", "com.samsung.shealth.step_daily_trend,6310003,5\n"
         "day_time,count,source_type\n1795392000000,4200,-2\n", "1 day of steps"),
    ],
)  # fmt: skip
def test_every_source_dry_run_changes_nothing(painlog, tmp_path, source, name, content, expected):
    path = written(tmp_path, name, content)
    result = painlog.ok("import", str(path), "--from", source, "--dry-run")
    assert expected in " ".join(result.stdout.split())
    assert not painlog.db.exists()
    painlog.ok("add", "pain", "3")
    before = painlog.fingerprint()
    painlog.ok("import", str(path), "--from", source, "--dry-run")
    assert painlog.fingerprint() == before


def test_fitbit_dry_run(painlog, tmp_path):
    folder = tmp_path / "Takeout" / "Fitbit" / "Global Export Data"
    folder.mkdir(parents=True)
    (folder / "steps-2026-11-01.json").write_text(
        json.dumps([{"dateTime": "11/23/26 09:00:00", "value": "120"}]), encoding="utf-8"
    )
    result = painlog.ok("import", str(tmp_path / "Takeout"), "--from", "fitbit", "--dry-run")
    text = " ".join(result.stdout.split())
    assert "Dry run: nothing was written." in text and "1 day of steps" in text
    assert "minute steps read as local time" in text
    assert not painlog.db.exists()


def test_json_streamed_import_names_the_record_and_changes_nothing(painlog, tmp_path):
    bad = {**JSON_FILE, "entries": [*JSON_FILE["entries"], {"kind": "pain", "at": "x"}]}
    path = written(tmp_path, "bad.json", json.dumps(bad, indent=2))
    painlog.ok("add", "pain", "3")
    before = painlog.fingerprint()
    result = painlog("import", str(path))
    assert result.exit_code == 2 and f"{path}: entries[2]: " in " ".join(result.stderr.split())
    assert painlog.fingerprint() == before
    twice = {**JSON_FILE, "entries": [JSON_FILE["entries"][0]] * 2}
    path = written(tmp_path, "twice.json", json.dumps(twice))
    result = painlog("import", str(path))
    assert result.exit_code == 2 and "appears twice in entries" in result.stderr
    assert painlog.fingerprint() == before
    broken = written(tmp_path, "broken.json", json.dumps(JSON_FILE)[:-40])
    result = painlog("import", str(broken))
    assert result.exit_code == 2 and "cannot be read as JSON" in result.stderr
    assert painlog.fingerprint() == before
    nan = written(tmp_path, "nan.json", json.dumps(JSON_FILE).replace('"value": 6', '"value": NaN'))
    result = painlog("import", str(nan))
    assert result.exit_code == 2 and "NaN is not a JSON number" in result.stderr
    assert painlog.fingerprint() == before


def test_json_other_sections_stream_with_the_entries(painlog, tmp_path):
    painlog.ok("visit", "add", "2026-11-20", "--with", "Dr Lee")
    exported = tmp_path / "all.json"
    painlog.ok("export", "--format", "json", "-o", str(exported))
    other = type(painlog)(tmp_path / "other.db")
    assert "Imported 1 record from" in other.ok("import", str(exported)).stdout
    assert "Imported 0 records from" in other.ok("import", str(exported)).stdout
