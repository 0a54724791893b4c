"""Settings: config set/get/list, what each setting changes (date order, clock, week start,
name and birth date in the report), undo, and bad settings refused."""

from __future__ import annotations

import pytest


def test_config_set_get_list_and_what_each_setting_changes(painlog, tmp_path):
    painlog.ok("config", "set", "date-order", "dmy")
    painlog.ok("add", "pain", "5", "--at", "10/11/2025")
    assert painlog.json("list")[0]["day"] == "2025-11-10"
    painlog.ok("config", "set", "date-order", "mdy")
    painlog.ok("add", "pain", "4", "--at", "10/11/2025")
    assert painlog.json("list")[0]["day"] == "2025-10-11"
    painlog.ok("config", "set", "clock", "12h")
    assert "2025-10-11 12:00 PM" in painlog.ok("list", env={"COLUMNS": "100"}).stdout
    painlog.ok("config", "set", "week-start", "Sun")
    weeks = painlog.json("summary", "--since", "2025-10-01", "--until", "2025-10-31")["weeks"]
    assert weeks[0]["week_start"] == "2025-09-28"  # a Sunday
    painlog.ok("config", "set", "name", "Ana", "Silva")
    painlog.ok("config", "set", "born", "1961-04-02")
    out = tmp_path / "r.md"
    painlog.ok("report", "-o", str(out), "--since", "2025-10-01", "--until", "2025-11-30")
    assert "Ana Silva, born 1961-04-02. Period:" in out.read_text()
    assert painlog.json("config", "list") == {
        "week-start": "sunday", "date-order": "mdy", "clock": "12h", "name": "Ana Silva",
        "born": "1961-04-02", "backups-kept": "10", "sleep-source": "", "sync": "manual",
    }  # fmt: skip
    assert painlog.ok("config", "get", "born").stdout.strip() == "1961-04-02"
    assert "config born = 1961-04-02" in painlog.ok("undo").stdout
    assert painlog.ok("config", "get", "born").stdout.strip() == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("config", "set", "clock", "13h"), "clock: '13h' is not accepted; give 24h or 12h."),
        (
            ("config", "set", "born", "1961-13-02"),
            "born: '1961-13-02' is not accepted; give your date of birth as YYYY-MM-DD",
        ),
        (
            ("config", "set", "backups-kept", "0"),
            "backups-kept: '0' is not accepted; give a whole number from 1 to 100",
        ),
        (("config", "set", "week-start", "funday"), "week-start: 'funday' is not accepted"),
        (
            ("config", "set", "colour", "red"),
            "key: 'colour' is not accepted; give one of week-start, date-order",
        ),
        (("config", "get", "colour"), "key: 'colour' is not accepted"),
    ],
)
def test_bad_settings(painlog, args, message):
    painlog.ok("add", "pain", "4")
    before = painlog.fingerprint()
    result = painlog(*args)
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert painlog.fingerprint() == before
