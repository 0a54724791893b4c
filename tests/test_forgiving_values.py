"""Values typed the forgiving ways ("7 out of 10", "7 and a half", "450m", "2d") read as the
strict forms do, down to the same three-week summary."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from painlog import clock
from painlog.journal.values import parse_mood, parse_pain, parse_sleep_hours


@given(st.integers(0, 100).map(lambda tenths: tenths / 10))
def test_ratings_out_of_ten(value):
    text = f"{value:g}"
    assert parse_pain(f"{text}/10") == parse_pain(text) == value
    assert parse_mood(f"{text} out of 10") == value


@pytest.mark.parametrize("typed", ["7h30", "7 1/2", "7 and a half", "7½", "7h30m", "7.5", "450m"])
def test_sleep_forms(typed):
    assert parse_sleep_hours(typed) == 7.5


def _log(painlog, forgiving: bool, days: int = 21) -> None:
    today = clock.now().date()
    for n in range(1, days + 1):
        day = (today - timedelta(days=n)).isoformat()
        pain, mood = str(3 + n % 5), str(8 - n % 4)
        if forgiving:
            painlog.ok(
                "add",
                "pain",
                pain,
                "out",
                "of",
                "10",
                "--at",
                f"{n}d",
                "--where",
                "lower back, left hip",
            )
            painlog.ok("add", "sleep", f"{6 + n % 3} and a half", "--at", f"{n} days ago")
            painlog.ok("add", "mood", f"{mood}/10", "--at", f"{n}d")
            painlog.ok("add", "exercise", "walk 30m", "--at", f"{n}d")
            painlog.ok("add", "med", "ibuprofen 400mg", "--at", f"{n}d")
        else:
            painlog.ok(
                "add", "pain", pain, "--at", f"{day} 12:00", "--where", "lower back; left hip"
            )
            painlog.ok("add", "sleep", f"{6 + n % 3}h30m", "--at", f"{day} 12:00")
            painlog.ok("add", "mood", mood, "--at", f"{day} 12:00")
            painlog.ok("add", "exercise", "walk", "30m", "--at", f"{day} 12:00")
            painlog.ok("add", "med", "ibuprofen", "400mg", "--at", f"{day} 12:00")


def test_three_weeks_typed_the_forgiving_ways_give_the_same_summary(tmp_path):
    from tests.conftest import Painlog

    strict, forgiving = Painlog(tmp_path / "strict.db"), Painlog(tmp_path / "forgiving.db")
    _log(strict, forgiving=False)
    _log(forgiving, forgiving=True)
    assert strict.json("summary") == forgiving.json("summary")
    places = {tuple(e["location"]) for e in forgiving.json("list", "--kind", "pain")}
    assert places == {("lower back", "left hip")}
