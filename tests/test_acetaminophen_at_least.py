"""The summary's acetaminophen total says "at least" when a strength is unknown, and only then."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

NOON_30_NOV = datetime(2026, 11, 30, 12, 0)


@pytest.fixture
def frozen():
    # Noon in the local zone of the run (a naive moment would be read as UTC).
    with time_machine.travel(NOON_30_NOV.astimezone(), tick=False):
        yield


def test_summary_acetaminophen_says_at_least_when_an_amount_is_unknown(painlog, frozen):
    # 24 Nov: acetaminophen 500 mg known, plus Norco (hydrocodone and acetaminophen) of unknown
    # strength: the day's known total 500 mg is a lower bound.
    painlog.ok("add", "med", "acetaminophen", "500mg", "--at", "2026-11-24 08:00")
    painlog.ok("add", "med", "Norco", "1", "tablet", "--at", "2026-11-24 12:00")
    text = painlog.ok("summary", "--since", "2026-11-23", env={"COLUMNS": "200"}).stdout
    assert (
        # issue 25: every figure the unknown amount could raise says "at least"
        "acetaminophen highest at least 500 mg a day, at least 0 days over 4,000 mg (1 day of "
        "unknown amount)" in " ".join(text.split())
    )
    # a week with the amount known says no "at least"
    painlog.ok("add", "med", "acetaminophen", "500mg", "--at", "2026-11-17 08:00")
    text = painlog.ok("summary", "--since", "2026-11-16", "--until", "2026-11-22",
                      env={"COLUMNS": "200"}).stdout  # fmt: skip
    assert "acetaminophen highest 500 mg a day, 0 days over" in " ".join(text.split())
