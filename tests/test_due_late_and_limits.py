"""`due` and the summary: a dose taken well after its time counts as late, and at the day's
limit `due` says the limit is reached."""

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


def test_due_and_summary_count_a_10_45_dose_as_late(painlog, frozen):
    painlog.ok(
        "plan", "add", "med", "duloxetine", "30mg", "--times", "08:00", "--from", "2026-11-23"
    )
    painlog.ok("add", "med", "duloxetine", "30mg", "--at", "2026-11-23 08:05")  # taken
    painlog.ok("add", "med", "duloxetine", "30mg", "--at", "2026-11-24 10:45")  # late
    painlog.ok("add", "med", "duloxetine", "30mg", "--at", "2026-11-25 10:45")  # late (today)
    due = painlog.json("due")
    assert due["scheduled"]["duloxetine"]["slots"] == [
        {"time": "08:00", "status": "late", "taken_at": "10:45"}
    ]
    assert (due["scheduled"]["duloxetine"]["late"], due["scheduled"]["duloxetine"]["extra"]) == (
        1,
        0,
    )
    text = painlog.ok("due", env={"COLUMNS": "80"}).stdout
    assert "08:00 late (10:45)" in text
    week = painlog.json("summary", "--since", "2026-11-23", "--until", "2026-11-25")["weeks"][0]
    # 3 slots: 1 on time, 2 late: percent 3/3 = 100.0, on time 1/3 = 33.3.
    item = week["adherence"]["scheduled"]["duloxetine"]
    assert (item["taken"], item["late"], item["missed"], item["extra"]) == (1, 2, 0, 0)
    assert (item["percent"], item["on_time_percent"]) == (100.0, 33.3)


def test_due_at_the_limit_says_the_days_limit_is_reached(painlog, frozen):
    painlog.ok("plan", "add", "med", "naproxen", "500mg", "--as-needed", "--max-daily", "1000mg",
               "--from", "2026-11-20")  # fmt: skip
    painlog.ok("add", "med", "naproxen", "--at", "2026-11-25 07:00")
    painlog.ok("add", "med", "naproxen", "--at", "2026-11-25 11:00")
    text = " ".join(painlog.ok("due", env={"COLUMNS": "80"}).stdout.split())
    assert "2 doses today (1000 mg); today's limit is reached" in text
