"""The shared code a joining device runs per row, made cheaper (issue 24's join target):
each short way gives exactly what the long way gives, and refuses what it refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from painlog.errors import InvalidInput
from painlog.journal.entries import make_entry, parse_at
from painlog.journal.timeparse import CLOCK_SKEW, ISO_MOMENT, iso_moment, stamp
from painlog.record import check_peer_row, entry_from_row, peer_now
from painlog.sync.shared import _plain

NOW = datetime(2026, 12, 7, 22, 0, tzinfo=UTC)


def _long_way(value: str, now: datetime) -> str:
    """parse_at for a text as it was before the stored stamp's one pass."""
    if not ISO_MOMENT.fullmatch(value.strip()):
        raise InvalidInput("form")
    moment = iso_moment(value, "at")
    if moment > now + CLOCK_SKEW:
        raise InvalidInput("future")
    return stamp(moment)


def _outcome(fn, value: str) -> str:
    try:
        return fn(value, NOW)
    except InvalidInput:
        return "refused"


@given(
    st.datetimes(min_value=datetime(1850, 1, 1), max_value=datetime(2300, 12, 31)),
    st.integers(min_value=-1439, max_value=1439),
)
def test_a_stored_stamp_reads_as_the_long_way_reads_it(moment: datetime, minutes: int) -> None:
    text = moment.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=minutes))).isoformat()
    assert _outcome(parse_at, text) == _outcome(_long_way, text)


@pytest.mark.parametrize(
    "text",
    [
        "2026-01-31T10:15:04-00:00",  # written +00:00 by stamp
        "2026-01-31T10:15:04-05:69",  # an offset's minutes Python reads as 1:09
        "2026-02-30T10:15:04+01:00",
        "2026-01-31T24:00:00+01:00",
        "1899-12-31T23:00:00+00:00",
        "2201-01-01T00:00:00+00:00",
        "2026-12-09T10:00:00+00:00",  # ahead of NOW by more than the allowed skew
        " 2026-01-31T10:15:04+01:00 ",
        "2026-01-31 10:15:04+01:00",
        "2026-01-31T10:15:04.5+01:00",
    ],
)
def test_texts_near_the_stored_form_go_the_long_way(text: str) -> None:
    assert _outcome(parse_at, text) == _outcome(_long_way, text)


def test_now_read_once_still_refuses_a_row_from_the_future() -> None:
    row = {"id": "e1", "kind": "pain", "at": "2026-12-20T10:00:00+00:00", "value": 5}
    early = NOW + timedelta(days=1)
    assert check_peer_row("entries", row, early) is not None
    assert check_peer_row("entries", row, early + timedelta(days=30)) is None
    assert peer_now() > datetime.now(UTC)  # the other clock's allowed lead


@pytest.mark.parametrize("given_list", [None, "", 0, "[]"])
def test_an_empty_list_field_is_no_items(given_list: object) -> None:
    row = {"id": "e1", "kind": "pain", "at": "2026-01-01T10:00:00+00:00", "value": 5}
    assert entry_from_row({**row, "tags": given_list}, NOW).tags == ()


@pytest.mark.parametrize("given_list", [5, "{}", '["a", 1]'])
def test_a_list_field_that_is_not_a_list_is_refused(given_list: object) -> None:
    row = {"id": "e1", "kind": "pain", "at": "2026-01-01T10:00:00+00:00", "value": 5}
    with pytest.raises(InvalidInput):
        entry_from_row({**row, "tags": given_list}, NOW)


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("mood", {"location": ["back"]}),
        ("mood", {"name": "x"}),
        ("mood", {"intensity": "high"}),
        ("mood", {"quality": "3"}),
        ("mood", {"unit": "mg"}),
        ("pain", {"contains": "x"}),
        ("pain", {"wear": 3}),
        ("mood", {"trigger": ("stress",)}),
    ],
)
def test_a_field_not_for_the_kind_is_still_refused(kind: str, fields: dict) -> None:
    with pytest.raises(InvalidInput):
        make_entry(kind, "2026-01-01T10:00:00+00:00", value=5, now=NOW, **fields)


@pytest.mark.parametrize(
    ("values", "plain"),
    [
        ({"a": None, "b": "x", "c": 1, "d": 1.5}, True),
        ({"a": True}, False),
        ({"a": [1]}, False),
        ({1: "x"}, False),
        ([("a", 1)], False),
        ({}, True),
    ],
)
def test_plain_values(values: object, plain: bool) -> None:
    assert _plain(values) is plain
