"""A plan item changed mid-period: the summary table and the report name each version with its
own dates and counts, and the report repeats no line."""

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


def test_a_week_spanning_two_versions_names_each_in_the_summary_table(painlog, frozen):
    painlog.ok(
        "plan", "add", "med", "duloxetine", "30mg", "--times", "08:00", "--from", "2026-11-16"
    )
    painlog.ok("plan", "change", "duloxetine", "60mg", "--from", "2026-11-19")
    for day in range(16, 25):
        painlog.ok("add", "med", "duloxetine", "--at", f"2026-11-{day} 08:00")
    data = painlog.json("summary", "--since", "2026-11-16", "--until", "2026-11-24")
    parts = data["weeks"][0]["adherence"]["scheduled"]["duloxetine"]["versions"]
    # Mon-Wed 16-18 Nov at 30 mg: 3 of 3; Thu-Sun 19-22 Nov at 60 mg: 4 of 4.
    assert [(p["version"], p["since"], p["until"], p["taken"]) for p in parts] == [
        ("duloxetine 30 mg at 08:00", "2026-11-16", "2026-11-18", 3),
        ("duloxetine 60 mg at 08:00", "2026-11-19", "2026-11-22", 4),
    ]
    text = painlog.ok(
        "summary", "--since", "2026-11-16", "--until", "2026-11-24",
        env={"COLUMNS": "100", "NO_COLOR": "1"},
    ).stdout  # fmt: skip
    assert "duloxetine 30 mg at 08:00" in text and "duloxetine 60 mg at 08:00" in text


def test_report_names_each_version_and_repeats_no_line(painlog, frozen, tmp_path):
    painlog.ok(
        "plan", "add", "med", "duloxetine", "30mg", "--times", "08:00", "--from", "2026-11-16"
    )
    painlog.ok("plan", "change", "duloxetine", "60mg", "--from", "2026-11-19")
    for day in (16, 17, 19, 20, 21, 22, 23, 24):
        painlog.ok("add", "med", "duloxetine", "--at", f"2026-11-{day} 08:00")
    painlog.ok("add", "pain", "5", "--at", "2026-11-16 09:00")
    out = tmp_path / "r.md"
    painlog.ok("report", "--since", "2026-11-16", "--format", "md", "-o", str(out))
    text = out.read_text()
    # 30 mg 16-18 Nov: 2 of 3 (18 Nov missed); 60 mg 19-25 Nov: 6 of 7 (25 Nov 08:00 missed
    # by noon: its window closed at 10:00).
    assert "duloxetine 30 mg at 08:00 (16 Nov-18 Nov): 2 of 3 doses taken (66.7%)" in text
    assert "duloxetine 60 mg at 08:00 (19 Nov-25 Nov): 6 of 7 doses taken (85.7%)" in text
    lines = [line for line in text.splitlines() if line.strip() and not set(line) <= set("-|: ")]
    assert len(lines) == len(set(lines))
