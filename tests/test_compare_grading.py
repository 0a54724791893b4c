"""`compare` grades the change from the unrounded means (a true 30% fall is "moderate")."""

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


def test_compare_grades_a_true_30_percent_fall_from_the_unrounded_means(painlog, frozen):
    # Before (16-22 Nov) daily means 6,6,6,6,6,7,6.75: 43.75 / 7 = 6.25, shown 6.25.
    # After (23-29 Nov) daily means 4,4,4,4,5,5,4.625: 30.625 / 7 = 4.375, shown 4.38.
    # Exact fall (4.375 - 6.25) / 6.25 = -30.0%: "moderate" and meaningful. The shown change is
    # the difference of the shown means 4.38 - 6.25 = -1.87; from them the percent was -29.9.
    before = {16: [6], 17: [6], 18: [6], 19: [6], 20: [6], 21: [7], 22: [6.5, 7]}
    after = {23: [4], 24: [4], 25: [4], 26: [4], 27: [5], 28: [5], 29: [4, 5, 4.5, 5]}
    for day, values in {**before, **after}.items():
        for hour, value in enumerate(values, start=8):
            painlog.ok("add", "pain", f"{value:g}", "--at", f"2026-11-{day} {hour:02d}:00")
    data = painlog.json("compare", "--at", "2026-11-23", "--days", "7")
    assert (data["before"]["pain_mean"], data["after"]["pain_mean"]) == (6.25, 4.38)
    assert data["change"]["pain"] == -1.87
    assert data["change"]["pain_percent"] == -30.0
    assert data["improvement"] == "moderate"
    assert data["meaningful_improvement"] is True
