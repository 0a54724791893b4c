"""The tester's wrong numbers (fixnumbers): each expected figure is counted by hand beside it.
"Now" is frozen with time-machine, so these pass on any day."""

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


def _id(result) -> str:
    return result.stdout.rsplit("(", 1)[1].split(")")[0]


def test_edit_applies_adds_name_check_to_a_changed_name_and_new_place(painlog, frozen):
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2026-11-20 08:00")
    other = _id(painlog.ok("add", "med", "naproxen", "250mg", "--at", "2026-11-21 08:00"))
    # the same check add makes: 'ibuprophen' is close to the journal's 'ibuprofen'
    added = painlog.ok("add", "med", "ibuprophen", "400mg", "--at", "2026-11-22 08:00")
    assert "'ibuprophen' is new; did you mean ibuprofen?" in added.stderr
    painlog.ok("undo")
    result = painlog.ok("edit", other, "--name", "ibuprophen")
    assert "'ibuprophen' is new; did you mean ibuprofen?" in result.stderr
    # an edit that keeps the name is not asked about it again
    assert "did you mean" not in painlog.ok("edit", other, "--note", "after lunch").stderr
    # a new pain place is checked too; the places the entry had are not
    painlog.ok("add", "pain", "5", "--where", "lower back", "--at", "2026-11-20 09:00")
    pain = _id(painlog.ok("add", "pain", "4", "--where", "knee", "--at", "2026-11-21 09:00"))
    result = painlog.ok("edit", pain, "--where", "knee", "--where", "lower bak")
    assert "'lower bak' is a new place; did you mean lower back?" in result.stderr
    assert "knee" not in result.stderr
