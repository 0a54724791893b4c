"""The parsers for times, ratings, durations and doses: examples and properties."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from painlog.errors import InvalidInput
from painlog.journal.timeparse import parse_day, parse_moment, parse_past_moment, stamp
from painlog.journal.values import (
    parse_dose,
    parse_minutes,
    parse_pain,
    parse_sleep_hours,
    parse_unit,
)

# A Wednesday morning, in a fixed offset so the examples do not depend on the machine.
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone(timedelta(hours=-5)))


@pytest.mark.parametrize(
    ("text", "expected_day", "expected_clock"),
    [
        ("now", date(2026, 11, 25), time(8, 0)),
        ("today", date(2026, 11, 25), time(8, 0)),
        ("9pm", date(2026, 11, 24), time(21, 0)),  # at 08:00, 9pm is yesterday's
        ("7am", date(2026, 11, 25), time(7, 0)),
        ("21:00", date(2026, 11, 24), time(21, 0)),
        ("yesterday", date(2026, 11, 24), time(12, 0)),
        ("yesterday 9pm", date(2026, 11, 24), time(21, 0)),
        ("yesterday at 9:30pm", date(2026, 11, 24), time(21, 30)),
        ("3 days ago", date(2026, 11, 22), time(12, 0)),
        ("2 weeks ago", date(2026, 11, 11), time(12, 0)),
        ("last monday", date(2026, 11, 23), time(12, 0)),
        ("last wednesday", date(2026, 11, 18), time(12, 0)),
        ("monday", date(2026, 11, 23), time(12, 0)),
        ("2026-11-23", date(2026, 11, 23), time(12, 0)),
        ("2026-11-23 21:00", date(2026, 11, 23), time(21, 0)),
        ("Nov 20 2026 7:15pm", date(2026, 11, 20), time(19, 15)),
        ("2 hours ago", date(2026, 11, 25), time(6, 0)),
    ],
)
def test_moments(text, expected_day, expected_clock):
    moment = parse_moment(text, NOW)
    assert moment.tzinfo is not None
    assert (moment.date(), moment.time()) == (expected_day, expected_clock)


def test_an_explicit_offset_is_kept():
    moment = parse_moment("2026-11-23T21:00:00+05:30", NOW)
    assert stamp(moment) == "2026-11-23T21:00:00+05:30"


@pytest.mark.parametrize("text", ["", "soon", "tomorrowish", "25:00", "13pm", "2026-02-30"])
def test_unreadable_moments(text):
    with pytest.raises(InvalidInput, match=r"--at: .* is not accepted"):
        parse_moment(text, NOW)


def test_future_is_refused_but_a_minute_of_skew_is_not():
    assert parse_past_moment("08:01", NOW).time() == time(8, 1)
    with pytest.raises(InvalidInput, match="in the future"):
        parse_past_moment("2026-11-26", NOW)


def test_days_for_periods():
    assert parse_day("2 weeks ago", NOW) == date(2026, 11, 11)
    with pytest.raises(InvalidInput, match="--since: 'whenever'"):
        parse_day("whenever", NOW)


@given(st.integers(0, 23), st.integers(0, 59))
def test_a_bare_time_is_never_in_the_future(hour, minute):
    moment = parse_moment(f"{hour:02d}:{minute:02d}", NOW)
    assert moment <= NOW + timedelta(minutes=1)
    assert NOW - moment < timedelta(days=1)
    assert (moment.hour, moment.minute) == (hour, minute)


@given(st.integers(0, 400))
def test_days_ago_round_trip(days):
    assert parse_day(f"{days} days ago", NOW) == NOW.date() - timedelta(days=days)


@given(st.text(max_size=20))
def test_any_text_either_parses_or_is_refused_cleanly(text):
    with contextlib.suppress(InvalidInput):
        parse_moment(text, NOW)


@given(st.integers(0, 100))
def test_pain_accepts_every_tenth_from_0_to_10(tenths):
    assert parse_pain(f"{tenths / 10:.1f}") == tenths / 10


@given(st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=8))
def test_pain_outside_the_scale_is_refused(value):
    text = str(value)
    try:
        parsed = parse_pain(text)
    except InvalidInput as error:
        assert error.message.startswith("pain: ")
    else:
        assert 0 <= parsed <= 10


@given(st.integers(0, 24), st.integers(0, 59))
def test_sleep_forms_agree(hours, minutes):
    total = hours * 60 + minutes
    if not 0 < total <= 24 * 60:
        with pytest.raises(InvalidInput):
            parse_sleep_hours(f"{hours}h{minutes}m")
        return
    assert parse_sleep_hours(f"{hours}h{minutes}m") == pytest.approx(total / 60, abs=1e-4)
    assert parse_sleep_hours(f"{total}m") == pytest.approx(total / 60, abs=1e-4)


@given(st.integers(1, 1440))
def test_minutes_forms_agree(total):
    hours, minutes = divmod(total, 60)
    assert parse_minutes(str(total), "exercise") == total
    assert parse_minutes(f"{total}m", "exercise") == total
    if hours:
        assert parse_minutes(f"{hours}h{minutes}m", "exercise") == total


def test_minutes_over_sixty_with_hours_is_a_typo():
    with pytest.raises(InvalidInput):
        parse_minutes("1h75m", "exercise")


@given(
    st.decimals(min_value="0.1", max_value="5000", places=1),
    st.sampled_from(
        ["mg", "g", "mcg", "mL", "tablet", "tablets", "capsules", "puffs", "drop", "patch", "unit"]
    ),
    st.sampled_from(["", " "]),
)
def test_doses(amount, unit, gap):
    value, canonical = parse_dose(f"{amount}{gap}{unit}")
    assert value == float(amount)
    assert canonical == parse_unit(unit)
    assert canonical in {
        "mg",
        "g",
        "mcg",
        "mL",
        "tablet",
        "capsule",
        "puff",
        "drop",
        "patch",
        "unit",
    }


@pytest.mark.parametrize("text", ["400", "mg", "0mg", "-5mg", "400 zorks", "1.5.5 tablet"])
def test_bad_doses(text):
    with pytest.raises(InvalidInput):
        parse_dose(text)
