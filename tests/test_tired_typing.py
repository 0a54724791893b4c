"""The 80-column and tired-typing items of issue 25: the summary's plan table never cuts a
cell; prompts never break a word; `painlog sumary` suggests summary; `goal rate` takes 6/10."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))
NARROW = {"COLUMNS": "80", "NO_COLOR": "1"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_summary_plan_table_cells_are_never_cut_at_80_columns(painlog, tmp_path, make_rows):
    painlog.ok("plan", "add", "med", "gabapentin", "300mg", "--times", "08:00,20:00",
               "--from", "2026-11-02")  # fmt: skip
    painlog.ok("plan", "add", "med", "ibuprofen", "400mg", "--as-needed", "--from", "2026-11-02")
    rows = []
    start = datetime(2026, 11, 2)
    for offset in range(35):  # 5 full weeks: 08:00 every day, 20:00 on 13 of each 14
        day = (start + timedelta(days=offset)).date().isoformat()
        rows.append(make_rows("medication", f"{day}T08:00:00+00:00", 300, unit="mg",
                              name="gabapentin"))  # fmt: skip
        if offset % 14 != 3:
            rows.append(make_rows("medication", f"{day}T20:00:00+00:00", 300, unit="mg",
                                  name="gabapentin"))  # fmt: skip
    painlog.import_rows(rows, tmp_path)
    text = painlog.ok("summary", "--since", "2026-11-02", "--until", "2026-12-06", env=NARROW)
    lines = text.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    first = next(index for index, line in enumerate(lines) if "Plan: how it went" in line)
    table = "\n".join(lines[first:])
    assert "…" not in table.split("Scheduled:")[0]
    # weeks of 14 slots: 13 taken (92.9%) when the missed evening falls in them, else 14 (100%)
    assert "92.9%" in table and "13/14" in table and "14/14" in table


def test_narrower_terminal_shows_the_latest_weeks_and_says_so(painlog):
    painlog.ok("plan", "add", "med", "gabapentin", "300mg", "--times", "08:00",
               "--from", "2026-10-01")  # fmt: skip
    for week in range(9):  # one dose in each of the 9 weeks from 5 Oct
        day = (datetime(2026, 10, 5) + timedelta(weeks=week)).date().isoformat()
        painlog.ok("add", "med", "gabapentin", "--at", f"{day} 08:00")
    result = painlog.ok("summary", "--since", "2026-10-05", "--until", "2026-12-06",
                        env={"COLUMNS": "60", "NO_COLOR": "1"})  # fmt: skip
    assert re.search(r"latest \d+ of 9 weeks", " ".join(result.stdout.split()))
    assert all(len(line) <= 60 for line in result.stdout.splitlines())


def test_unknown_command_suggests_the_close_one(painlog):
    result = painlog("sumary")
    assert result.exit_code == 2
    assert "Did you mean 'summary'?" in result.stderr
    assert not painlog.db.exists()


@pytest.mark.parametrize(("typed", "expected"), [("6/10", 6.0), ("6 / 10", 6.0), ("10/10", 10.0)])
def test_goal_rate_accepts_out_of_ten(painlog, typed, expected):
    painlog.ok("goal", "add", "walk to the park and back")
    painlog.ok("goal", "rate", "walk", typed)
    assert painlog.json("goal")["goals"][0]["latest"]["value"] == expected


@pytest.mark.parametrize("typed", ["11/10", "6/5", "six"])
def test_goal_rate_refuses_other_forms(painlog, typed):
    painlog.ok("goal", "add", "walk to the park and back")
    before = painlog.fingerprint()
    result = painlog("goal", "rate", "walk", typed)
    assert result.exit_code == 2 and f"'{typed}'" in result.stderr and "6/10" in result.stderr
    assert painlog.fingerprint() == before


def _wrapped_between_words(output: str, *prompts: str) -> None:
    """Every line fits 80 columns (so the terminal never breaks one inside a word) and each
    prompt is there whole once the line breaks are read as spaces (painlog broke it only
    between words)."""
    assert all(len(line) <= 80 for line in output.splitlines()), output
    joined = " ".join(output.split())
    for prompt in prompts:
        assert " ".join(prompt.split()) in joined, prompt


def test_pgic_peg_screen_and_goal_prompts_wrap_between_words(painlog):
    from painlog.clinic.goals import QUESTION as GOAL_QUESTION
    from painlog.clinic.pgic import QUESTION
    from painlog.clinic.screen import STEM
    from painlog.clinic.visits import PEG_ITEMS

    pgic = painlog.ok("pgic", input="x\n4\n", env=NARROW)
    _wrapped_between_words(pgic.stdout + pgic.stderr, QUESTION)
    peg = painlog.ok("peg", input="5\n5\n5\n", env=NARROW)
    _wrapped_between_words(peg.stdout, *[question for _, question in PEG_ITEMS])
    screen = painlog.ok("screen", input="1\n1\n1\n1\n", env=NARROW)
    _wrapped_between_words(screen.stdout, STEM)
    name = "carry the shopping up the stairs to the flat without stopping on the landing"
    painlog.ok("goal", "add", name)
    goal = painlog.ok("goal", "rate", input="6/10\n", env=NARROW)
    _wrapped_between_words(goal.stdout, GOAL_QUESTION.format(name=name))
    assert painlog.json("goal")["goals"][0]["latest"]["value"] == 6.0


# --- the gate (painlog.record): what a tired person types after `painlog add` ---------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("add", "therapy", "massage", "-60m"), "therapy: '-60m' is not accepted"),
        (("add", "exercise", "walk", "-30m"), "exercise: '-30m' is not accepted"),
    ],
)
def test_a_signed_duration_is_refused_not_made_part_of_the_name(painlog, args, said):
    painlog.ok("add", "mood", "5")
    before = painlog.fingerprint()
    result = painlog(*args)
    assert result.exit_code == 2 and said in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert painlog.fingerprint() == before
    assert not [e for e in painlog.json("list") if e["kind"] in ("therapy", "exercise")]


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (("add", "exercise", "walk", "30m", "--at", "yesterday", "9pm"), '--at "yesterday 9pm"'),
        (("add", "therapy", "massage", "--at", "yesterday", "9pm"), '--at "yesterday 9pm"'),
        (("add", "mood", "4", "--at", "2", "days", "ago"), '--at "2 days ago"'),
        (("add", "pain", "6", "--where", "lower", "back"), '--where "lower back"'),
        (("add", "pain", "6", "--where", "lower back", "--trigger", "long", "drive"),
         '--trigger "long drive"'),
    ],
)  # fmt: skip
def test_words_split_off_an_option_get_a_hint_to_quote(painlog, args, hint):
    painlog.ok("add", "mood", "5")
    before = painlog.fingerprint()
    result = painlog(*args)
    assert result.exit_code == 2
    assert hint in result.stderr and "came" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert painlog.fingerprint() == before


def test_the_same_hint_through_the_gate_for_every_door():
    from painlog import record
    from painlog.errors import InvalidInput

    draft = record.words.parse("exercise walk 30m --at yesterday 9pm")
    with pytest.raises(InvalidInput, match='--at "yesterday 9pm"'):
        record.make(draft)
    assert record.words.quote_hint(record.words.parse('mood 4 --at "2 days ago"')) is None


def test_quoted_forms_are_saved(painlog):
    painlog.ok("add", "exercise", "walk", "30m", "--at", "yesterday 9pm")
    painlog.ok("add", "pain", "6", "--where", "lower back", "--trigger", "long drive")
    painlog.ok("add", "exercise", "tai", "chi", "30m")
    kinds = [(e["kind"], e.get("name")) for e in painlog.json("list")]
    assert ("exercise", "walk") in kinds and ("exercise", "tai chi") in kinds


def test_a_scheduled_dose_other_than_the_plans_gets_a_note(painlog):
    painlog.ok("plan", "add", "med", "gabapentin", "300mg", "--times", "08:00,20:00",
               "--from", "2026-11-01")  # fmt: skip
    painlog.ok("plan", "change", "gabapentin", "600mg", "--from", "2026-12-01")
    result = painlog.ok("add", "med", "gabapentin", "300mg", "--at", "2026-12-05 08:00")
    assert (
        "Note: gabapentin 300 mg on 2026-12-05 is recorded as taken; the plan's dose since "
        "2026-12-01 is 600 mg." in " ".join(result.stderr.split())
    )
    same = painlog.ok("add", "med", "gabapentin", "0.6g", "--at", "2026-12-05 20:00")
    assert "plan's dose" not in same.stderr  # 0.6 g is 600 mg
    before = painlog.ok("add", "med", "gabapentin", "300mg", "--at", "2026-11-20 08:00")
    assert "plan's dose" not in before.stderr  # 300 mg was the plan's dose then
    assert len(painlog.json("list", "--kind", "med")) == 3  # all recorded


def test_list_at_80_columns_breaks_lines_only_between_words(painlog):
    note = (
        "after a long afternoon of weeding the vegetable beds, unimaginably stiff afterwards "
        "and the physiotherapist's exercises helped"
    )
    painlog.ok("add", "pain", "6", "--where", "lower back", "--where", "left hip", "--quality",
               "aching", "--note", note)  # fmt: skip
    text = painlog.ok("list", env=NARROW).stdout
    assert all(len(line) <= 80 for line in text.splitlines())
    pieces = set(re.findall(r"[A-Za-z']+", text))
    for word in re.findall(r"[A-Za-z']+", note):
        assert word in pieces, word  # whole, never "unimagin" / "ably"
