"""A --since after today with no --until names a period that ends (today) before it starts: bad
input, refused in one line naming --since and the accepted form, exit 2, journal unchanged —
the same rule as a --since after --until (journal/timeparse.parse_period), for every command
that reads a period."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))  # a Monday
REFUSED = (
    "--since: 2026-12-10 is after today (2026-12-07), where the period ends without --until; "
    "give a day up to today, e.g. 2026-11-01 or '2 weeks ago'."
)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def journal(painlog):
    painlog.ok("add", "pain", "5", "--at", "2026-12-06 10:00")
    painlog.ok("add", "symptom", "fatigue", "4", "--at", "2026-12-06 10:00")
    return painlog


@pytest.mark.parametrize(
    "command",
    [
        ("patterns",),
        ("chart", "symptom", "fatigue"),
        ("chart", "pain"),
        ("summary",),
        ("list",),
        ("export", "--format", "csv"),
    ],
)
def test_a_since_after_today_is_refused(journal, command):
    before = journal.fingerprint()
    result = journal(*command, "--since", "2026-12-10")
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].endswith(REFUSED)
    assert result.stdout == ""
    assert journal.fingerprint() == before


def test_the_report_refuses_it_too(journal, tmp_path):
    before = journal.fingerprint()
    out = tmp_path / "r.md"
    result = journal("report", "-o", str(out), "--since", "2026-12-10")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(REFUSED) and not out.exists()
    assert journal.fingerprint() == before


def test_since_after_until_keeps_its_words(journal):
    result = journal("summary", "--since", "2026-12-05", "--until", "2026-12-01")
    assert result.exit_code == 2
    assert "--since: 2026-12-05 is after --until 2026-12-01; give the earlier date first." in (
        result.stderr
    )


def test_since_today_is_a_period_of_one_day(journal):
    # Today has nothing logged yet: patterns says so for today, never "to 2026-12-06".
    result = journal.ok("patterns", "--since", "today")
    assert (
        result.stdout.strip() == "No pain logged from 2026-12-07 to 2026-12-07: nothing to compare."
    )
    data = journal.json("patterns", "--since", "today")
    assert (data["since"], data["until"], data["comparisons"]) == ("2026-12-07", "2026-12-07", 0)
