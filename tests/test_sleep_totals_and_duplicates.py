"""Sleep logged twice: a day with more than 14 h of sleep is marked "check" with its entries;
the scripted duplicate-sleep note names undo; choosing replace says "Replaced"."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

NOON_25_NOV = datetime(2026, 11, 25, 12, 0)


@pytest.fixture
def frozen():
    # Noon in the local zone of the run (a naive moment would be read as UTC).
    with time_machine.travel(NOON_25_NOV.astimezone(), tick=False):
        yield


def test_a_day_with_more_than_14_h_of_sleep_is_check_with_its_entries(painlog, frozen):
    painlog.ok("add", "sleep", "8h", "--at", "2026-11-24 07:00")
    painlog.ok("add", "sleep", "7h30m", "--at", "2026-11-24 07:30")  # typed twice: 15.5 h
    painlog.ok("add", "sleep", "7h", "--at", "2026-11-23 07:00")
    data = painlog.json("summary", "--since", "2026-11-23", "--until", "2026-11-25")
    (day,) = data["sleep_check"]
    assert (day["day"], day["hours"], [e["hours"] for e in day["entries"]]) == (
        "2026-11-24", 15.5, [8.0, 7.5])  # fmt: skip
    env = {"COLUMNS": "80", "NO_COLOR": "1"}
    text = painlog.ok("summary", "--since", "2026-11-23", "--until", "2026-11-25", env=env).stdout
    flat = " ".join(text.split())
    assert "check" in flat and "Nov 24 sleep adds up to 15.5 h" in flat
    for entry in day["entries"]:
        assert entry["id"][:8] in flat
    listed = " ".join(painlog.ok("list", "--kind", "sleep", env=env).stdout.split())
    assert listed.count("check: sleep that day adds up to 15.5 h") == 2


def test_the_scripted_duplicate_sleep_note_names_undo(painlog, frozen):
    painlog.ok("add", "sleep", "8h", "--at", "2026-11-24 07:00")
    result = painlog.ok("add", "sleep", "7h", "--at", "2026-11-24 07:30")
    assert "painlog undo" in result.stderr and "\n" not in result.stderr.strip()


def test_choosing_replace_says_replaced(painlog, frozen, monkeypatch):
    from painlog import interaction

    painlog.ok("add", "sleep", "8h", "--at", "2026-11-24 07:00")
    monkeypatch.setattr(interaction, "can_prompt", lambda: True)
    result = painlog.ok("add", "sleep", "7h", "--at", "2026-11-24 07:30", input="r\n")
    assert "Replaced 1 earlier sleep entry with" in result.stdout
    assert [e["value"] for e in painlog.json("list", "--kind", "sleep")] == [7.0]
