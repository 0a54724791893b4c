"""`compare` over the days the journal covers: a short journal shows no doubled as-needed rate,
and a "before" window ending before the first entry covers no days."""

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


def test_a_short_journal_compare_shows_no_doubled_as_needed_rate(painlog, frozen):
    # The journal starts 11 Nov; compare at 25 Nov (today) with the default 28 days.
    # A = 11..24 Nov (not 28 Oct..24 Nov): 14 days. 7 naproxen doses in A: 7 x 7 / 14 = 3.5 a
    # week (the old 28-day window gave 1.75, so B's rate looked doubled).
    # B = 25 Nov only (the last entry day, and today): 1 day, 1 dose: 7.0 a week. Not graded.
    painlog.ok("plan", "add", "med", "naproxen", "250mg", "--as-needed", "--from", "2026-11-11")
    for day in (11, 12, 14, 16, 18, 20, 22):
        painlog.ok("add", "med", "naproxen", "250mg", "--at", f"2026-11-{day} 09:00")
    painlog.ok("add", "med", "naproxen", "250mg", "--at", "2026-11-25 09:00")
    data = painlog.json("compare", "--at", "2026-11-25")
    assert (data["before"]["since"], data["before"]["until"], data["before"]["days"]) == (
        "2026-11-11", "2026-11-24", 14)  # fmt: skip
    assert data["before"]["as_needed_doses_per_week"] == 3.5
    assert (data["after"]["since"], data["after"]["until"], data["after"]["days"]) == (
        "2026-11-25", "2026-11-25", 1)  # fmt: skip
    assert data["after"]["as_needed_doses_per_week"] == 7.0
    assert data["improvement"] is None and data["days"] == 28
    text = painlog.ok("compare", "--at", "2026-11-25", env={"COLUMNS": "80"}).stdout
    flat = " ".join(text.split())
    assert "14 days before, 1 day after" in flat and "Too little data to grade" in flat


def test_compare_window_a_ending_before_the_first_entry_covers_no_days(painlog, frozen):
    painlog.ok("add", "pain", "5", "--at", "2026-11-20 09:00")
    data = painlog.json("compare", "--at", "2026-11-20", "--days", "7")
    assert data["before"]["days"] == 0 and data["before"]["pain_mean"] is None
    assert data["after"]["days"] == 1
