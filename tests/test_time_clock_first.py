"""--at with the clock before the day, as people also say it: "9pm yesterday"."""

from __future__ import annotations

from datetime import datetime

import pytest

from painlog.errors import InvalidInput
from painlog.journal.timeparse import parse_moment

NOW = datetime(2026, 11, 26, 15, 30).astimezone()  # a Thursday


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9pm yesterday", "2026-11-25 21:00"),
        ("9 pm yesterday", "2026-11-25 21:00"),
        ("21:00 yesterday", "2026-11-25 21:00"),
        ("8:30 last monday", "2026-11-23 08:30"),
        ("10am on monday", "2026-11-23 10:00"),
        ("7am 2 days ago", "2026-11-24 07:00"),
    ],
)
def test_the_clock_may_come_first(typed, expected):
    assert parse_moment(typed, NOW).strftime("%Y-%m-%d %H:%M") == expected


@pytest.mark.parametrize("typed", ["9pm tomorrow", "9pm banana"])
def test_a_clock_before_something_else_is_still_refused(typed):
    with pytest.raises(InvalidInput):
        parse_moment(typed, NOW)
