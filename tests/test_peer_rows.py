"""The gate's ``PeerRows`` (an exchange's checks, each distinct set of values once): for any
rows, in any order and repeated with other ids and moments, the same answer as
``check_peer_row`` row for row, refusals word for word."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from painlog.record import PeerRows, check_peer_row
from painlog.record.gate import PEER_TEXT_LIMIT

NOW = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)

MOMENTS = st.sampled_from(
    [
        "2026-03-01T09:00:00+00:00",
        "2026-03-01T09:00:00-05:00",
        "2026-12-20T10:00:00+00:00",  # ahead of NOW by more than the allowed lead
        "2026-02-30T09:00:00+00:00",
        "yesterday",
        "",
        None,
        5,
    ]
)
VALUES = st.sampled_from([None, 0, 1, True, 1.0, 5, "5", 10.5, 11, -1, float("nan"), "", "x"])
TEXTS = st.sampled_from([None, "", "knee", "pain", "a" * 10, "[]", '["walk"]', "[1]", '"x"'])
ROWS = st.fixed_dictionaries(
    {
        "id": st.sampled_from([None, "e1", "e2", "", 7, float("nan"), "i" * (PEER_TEXT_LIMIT + 1)]),
        "kind": st.sampled_from(["pain", "mood", "symptom", "factor", "medication", "note", "x"]),
        "at": MOMENTS,
        "value": VALUES,
    },
    optional={
        "unit": st.sampled_from([None, "mg", "h", "cups"]),
        "name": TEXTS,
        "note": TEXTS,
        "tags": TEXTS,
        "location": st.sampled_from([None, '["knee"]', ["knee"], "[]"]),
        "quality": st.sampled_from([None, "3", "aching", 3]),
    },
)


@settings(max_examples=300)
@given(st.lists(ROWS, min_size=1, max_size=12))
def test_the_same_answers_as_the_gate_row_for_row(rows: list[dict]) -> None:
    checker = PeerRows()
    twice = [*rows, *rows]  # the second pass is answered from what the first one learnt
    assert [checker("entries", row, NOW) for row in twice] == [
        check_peer_row("entries", row, NOW) for row in twice
    ]


def test_a_moment_is_checked_for_every_row_with_the_same_values() -> None:
    checker = PeerRows()
    row = {"id": "e1", "kind": "pain", "at": "2026-03-01T09:00:00+00:00", "value": 5}
    assert checker("entries", row, NOW) is None
    later = {**row, "id": "e2", "at": "2026-12-20T10:00:00+00:00"}  # beyond the lead
    assert checker("entries", later, NOW) == check_peer_row("entries", later, NOW)
    assert checker("entries", later, NOW) is not None
    assert len(checker.answers) == 1  # the values were checked once


def test_a_value_refused_once_is_refused_for_each_row_holding_it() -> None:
    checker = PeerRows()
    rows = [
        {"id": f"e{n}", "kind": "pain", "at": f"2026-03-0{n}T09:00:00+00:00", "value": 11}
        for n in range(1, 4)
    ]
    answers = [checker("entries", row, NOW) for row in rows]
    assert answers[0] is not None and answers == [answers[0]] * 3
    assert answers[0] == check_peer_row("entries", rows[0], NOW)


def test_settings_and_deletions_go_to_the_gate_itself() -> None:
    checker = PeerRows()
    assert checker("entries", None, NOW) is None
    assert checker("settings", {"key": "units", "value": "kg"}, NOW) == check_peer_row(
        "settings", {"key": "units", "value": "kg"}, NOW
    )
    assert checker.answers == {}
