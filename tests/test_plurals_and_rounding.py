"""One rounding, half up, and plural words: a mean on screen is the mean in the journal, shown
as it is (8.5, not 9) or rounded half up (6.25 -> 6.3, the arrow the difference of what is
shown), and counts read "1 tablet", "2 entries"."""

from __future__ import annotations

import re
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


def test_summary_shows_halves_as_they_are_and_starts_at_the_first_week(painlog):
    painlog.ok("add", "pain", "8.5", "--at", "2 days ago")
    painlog.ok("add", "pain", "5.5", "--at", "2 days ago")
    text = painlog.ok(
        "summary", "--since", "10 weeks ago", env={"COLUMNS": "100", "NO_COLOR": "1"}
    ).stdout
    assert "8.5/5.5" in text
    rows = [line for line in text.splitlines() if re.match(r"\s*[A-Z][a-z]{2} \d", line)]
    assert len(rows) <= 2  # not ten empty weeks before the journal began
    assert "Meds" not in text  # a sum of different medicines meant nothing
    assert len(painlog.json("summary", "--since", "10 weeks ago")["weeks"]) >= 10  # JSON keeps them


def test_plurals(painlog, tmp_path):
    assert "2 tablets" in painlog.ok("add", "med", "paracetamol", "2", "tablets").stdout
    assert "1 tablet " in painlog.ok("add", "med", "paracetamol", "1", "tablet").stdout
    assert "Backed up 2 entries" in painlog.ok("backup").stdout
    out = tmp_path / "one.csv"
    painlog.ok("export", "-o", str(out), "--since", "today", "--until", "today")
    copy = tmp_path / "c.db"
    from tests.conftest import Painlog

    assert "Imported 2 records" in Painlog(copy).ok("import", str(out)).stdout


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
