"""Reading the times a tired person types: short forms ("2d", "last mon 9 pm"), day names
ahead ("next thursday"), a date in either order (refused with both readings unless the date
order is set), the part not understood named, and a hint when --at is typed without quotes."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from painlog.errors import InvalidInput
from painlog.journal.timeparse import parse_moment

NOW = datetime(2026, 11, 26, 15, 30).astimezone()
NOON_25_NOV = datetime(2026, 11, 25, 12, 0)


@pytest.fixture
def frozen():
    # Noon in the local zone of the run (a naive moment would be read as UTC).
    with time_machine.travel(NOON_25_NOV.astimezone(), tick=False):
        yield


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2d", "2026-11-24 12:00"),
        ("2h ago", "2026-11-26 13:30"),
        ("30m ago", "2026-11-26 15:00"),
        ("a week ago", "2026-11-19 12:00"),
        ("an hour ago", "2026-11-26 14:30"),
        ("yesterday 8 am", "2026-11-25 08:00"),
        ("last mon 9 pm", "2026-11-23 21:00"),
        ("this morning", "2026-11-26 08:00"),
        ("last night", "2026-11-25 22:00"),
        ("13/11/2026", "2026-11-13 12:00"),
        ("13/11/2026 9pm", "2026-11-13 21:00"),
    ],
)
def test_tired_time_words(typed, expected):
    assert parse_moment(typed, NOW).strftime("%Y-%m-%d %H:%M") == expected


def test_an_ambiguous_date_gives_both_readings_unless_the_order_is_set(monkeypatch):
    with pytest.raises(InvalidInput) as refused:
        parse_moment("10/11/2026", NOW)
    assert refused.value.message == (
        "--at: '10/11/2026' could be 10 November 2026 or 11 October 2026; type 2026-11-10 or "
        "2026-10-11 (or set your date order: painlog config set date-order dmy, or mdy)."
    )
    monkeypatch.setenv("PAINLOG_DATE_ORDER", "mdy")
    assert parse_moment("10/11/2026", NOW).date().isoformat() == "2026-10-11"
    monkeypatch.setenv("PAINLOG_DATE_ORDER", "dmy")
    assert parse_moment("10/11/2026", NOW).date().isoformat() == "2026-11-10"


@pytest.mark.parametrize(
    ("typed", "part"), [("yesterday 25pm", "25pm"), ("lastt monday 9pm", "lastt monday")]
)
def test_a_refused_time_names_the_part_not_understood(painlog, typed, part):
    result = painlog("add", "pain", "5", "--at", typed)
    assert result.exit_code == 2
    assert f"'{part}' was not understood" in result.stderr
    assert not painlog.db.exists()


def test_next_weekday_is_ahead():
    from painlog.journal.timeparse import parse_any_day

    thursday = parse_any_day("next thursday", NOW)
    assert thursday.weekday() == 3 and 0 < (thursday - NOW.date()).days <= 7


def test_at_typed_without_quotes_gets_a_hint(painlog, frozen):
    result = painlog("add", "pain", "6", "--at", "yesterday", "9pm")
    assert result.exit_code == 2
    assert 'put the whole time in quotes, e.g. --at "yesterday 9pm"' in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not painlog.db.exists()
