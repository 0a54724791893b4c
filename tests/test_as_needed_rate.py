"""The report's as-needed rate is over the days the plan held, not the whole period."""

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


def test_report_as_needed_rate_is_over_the_days_the_plan_held(painlog, frozen, tmp_path):
    # Period 1-30 Nov (30 days); naproxen is in the plan from 16 Nov: 16-30 Nov, 15 days.
    # 6 doses on 3 days: 6 x 7 / 15 = 2.8 a week (over the whole period it was 6 x 7 / 30 = 1.4).
    painlog.ok("add", "pain", "3", "--at", "2026-11-01 09:00")
    painlog.ok("plan", "add", "med", "naproxen", "250mg", "--as-needed", "--from", "2026-11-16")
    for day in (17, 20, 24):
        for hour in ("08:00", "20:00"):
            painlog.ok("add", "med", "naproxen", "250mg", "--at", f"2026-11-{day} {hour}")
    out = tmp_path / "r.md"
    painlog.ok("report", "--since", "2026-11-01", "--format", "md", "-o", str(out))
    assert "6 doses on 3 days (2.8 a week)" in out.read_text()
