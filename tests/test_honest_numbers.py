"""Issue 15, points 4-7: what the person and the clinician see equals what happened.

Every expected figure is counted by hand in the comments beside it. "Now" is frozen with
time-machine, so these pass on any day.
"""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from painlog.journal.entries import half_up, shown
from painlog.messages import count

NOON_25_NOV = datetime(2026, 11, 25, 12, 0)


@pytest.fixture
def frozen():
    # Noon in the local zone of the run (a naive moment would be read as UTC).
    with time_machine.travel(NOON_25_NOV.astimezone(), tick=False):
        yield


# --- point 7: one rounding, half up -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [(6.25, 1, "6.3"), (6.35, 1, "6.4"), (5.5, 0, "6"), (4.5, 0, "5"), (2.675, 2, "2.68"),
     (-0.04, 1, "0.0"), (None, 1, "–")],
)  # fmt: skip
def test_shown_rounds_half_up(value, digits, expected):
    assert shown(value, digits) == expected


def test_half_up_and_plurals():
    assert half_up(6.25) == 6.3 and half_up(0.125, 2) == 0.13
    assert [count(2, "day"), count(1, "day"), count(2, "entry"), count(3, "dose")] == [
        "2 days", "1 day", "2 entries", "3 doses"
    ]  # fmt: skip
    assert count(2, "patch") == "2 patches"


def test_summary_shows_6_25_as_6_3_and_the_arrow_is_the_difference(painlog, frozen):
    # Week of 16 Nov: pain 6 and 6.5 on two days -> daily means 6, 6.5 -> mean 6.25 -> "6.3".
    # Week of 23 Nov: 6.4 -> "6.4". The arrow: 6.4 - 6.3 = 0.1 (not 6.4 - 6.25 = 0.15 -> 0.2).
    painlog.ok("add", "pain", "6", "--at", "2026-11-17 09:00")
    painlog.ok("add", "pain", "6.5", "--at", "2026-11-18 09:00")
    painlog.ok("add", "pain", "6.4", "--at", "2026-11-24 09:00")
    weeks = painlog.json("summary", "--since", "2026-11-16", "--until", "2026-11-29")["weeks"]
    assert [week["pain"]["mean"] for week in weeks] == [6.25, 6.4]
    text = painlog.ok(
        "summary", "--since", "2026-11-16", "--until", "2026-11-29",
        env={"COLUMNS": "80", "NO_COLOR": "1"},
    ).stdout  # fmt: skip
    assert "6.3 " in text and "6.4 ↑0.1" in text
    assert "6.2 " not in text and "↑0.2" not in text


def test_without_colour_no_escape_codes_and_no_colour_words(painlog, frozen):
    painlog.ok("add", "pain", "6", "--at", "2026-11-23 09:00")
    painlog.ok("add", "pain", "4", "--at", "2026-11-24 09:00")
    for env in ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, {}):
        for command in (("summary",), ("chart", "pain"), ("calendar",)):
            out = painlog.ok(*command, env={"COLUMNS": "80", **env}).stdout
            assert "\x1b[" not in out, command
            assert "green" not in out.lower() and "red " not in out.lower(), command


def test_chart_lines_stop_at_days_with_nothing_logged():
    from painlog.insight.charts import _runs

    # Days 0, 1 and 4, 5 logged; 2 and 3 not: two runs, no line across days 2-3.
    assert _runs([0, 1, 4, 5], [3.0, 4.0, 5.0, 6.0]) == [([0, 1], [3.0, 4.0]), ([4, 5], [5.0, 6.0])]


def test_chart_medication_bars_are_one_day_wide(painlog, frozen):
    # Doses on 12 Nov and 24 Nov only. Before, plotext sized each bar by the distance to its
    # neighbour (12 days); now every day of the period is a bar slot, so each bar is ~1 day.
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2026-11-12 09:00")
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2026-11-24 09:00")
    painlog.ok("plan", "add", "med", "ibuprofen", "400mg", "--as-needed", "--from", "2026-11-01")
    out = painlog.ok("chart", "medication", env={"COLUMNS": "80", "NO_COLOR": "1"}).stdout
    widest = max(len(run) for line in out.splitlines() for run in line.split() if set(run) == {"█"})
    # 28 days over about 77 columns: under 3 columns a day; a 12-day-wide bar would be ~33.
    assert widest <= 4


# --- point 4: late doses and versions, through the CLI -----------------------------------------


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


# --- point 5: compare over the days the journal covers ----------------------------------------


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


# --- point 6: more than 14 h of sleep in a day is "check" -------------------------------------


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


# --- point 7: due at the limit, hints, help ---------------------------------------------------


def test_due_at_the_limit_says_the_days_limit_is_reached(painlog, frozen):
    painlog.ok("plan", "add", "med", "naproxen", "500mg", "--as-needed", "--max-daily", "1000mg",
               "--from", "2026-11-20")  # fmt: skip
    painlog.ok("add", "med", "naproxen", "--at", "2026-11-25 07:00")
    painlog.ok("add", "med", "naproxen", "--at", "2026-11-25 11:00")
    text = " ".join(painlog.ok("due", env={"COLUMNS": "80"}).stdout.split())
    assert "2 doses today (1000 mg); today's limit is reached" in text


def test_at_typed_without_quotes_gets_a_hint(painlog, frozen):
    result = painlog("add", "pain", "6", "--at", "yesterday", "9pm")
    assert result.exit_code == 2
    assert 'put the whole time in quotes, e.g. --at "yesterday 9pm"' in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not painlog.db.exists()


def test_edit_help_no_longer_says_default_now(painlog):
    text = " ".join(painlog.ok("edit", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "default: now" not in text and "without --at its time is kept" in text


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
