"""One long name in the summary's per-name tables no longer pushes every week's numbers off an
80-column screen: the names column is at most 30 cells, a longer name cut with "…" and its
kind kept; every week's header and number shows, whole."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))  # a Monday
LONG_SYMPTOM = "a very long symptom name that goes on and on like brain fog and more"
LONG_FACTOR = "a very long factor name for the coffee I drink in the morning"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _table(stdout: str, title: str) -> list[str]:
    lines = stdout.splitlines()
    start = next(index for index, line in enumerate(lines) if title in line)
    end = next(index for index in range(start + 3, len(lines)) if not lines[index].strip())
    return [line.rstrip() for line in lines[start:end]]


@pytest.mark.parametrize("columns", ["80", "120"])
def test_every_week_shows_beside_a_long_name(painlog, columns):
    painlog.ok("add", "pain", "4", "--at", "2026-11-10 09:00")
    painlog.ok("add", "symptom", LONG_SYMPTOM, "5", "--at", "2026-12-01 09:00")
    painlog.ok("add", "symptom", LONG_SYMPTOM, "7", "--at", "2026-12-02 09:00")
    painlog.ok("add", "symptom", "fatigue", "4", "--at", "2026-11-24 09:00")
    painlog.ok("add", "factor", LONG_FACTOR, "--at", "2026-11-17 09:00")
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2026-11-10 09:00")
    result = painlog.ok("summary", env={"COLUMNS": columns})
    assert all(len(line) <= int(columns) for line in result.stdout.splitlines())
    table = _table(result.stdout, "Symptoms (weekly mean 0-10")
    header = table[2].split()
    # The default period: the 4 weeks to today, Nov 10 (a Tuesday) to Dec 7, in 5 ISO weeks.
    assert header == ["Nov", "9", "Nov", "16", "Nov", "23", "Nov", "30", "Dec", "7"]
    rows = {line[:31].strip(): line[31:].split() for line in table[4:]}
    # Week of Nov 30: 5 and 7 on two days, mean 6.0; fatigue 4 once in the week of Nov 23;
    # the factor on one day in the week of Nov 16.
    assert rows == {
        "a very long symptom… (symptom)": ["–", "–", "–", "6.0", "2d", "–"],
        "fatigue (symptom)": ["–", "–", "4.0", "1d", "–", "–"],
        "a very long factor nam… (days)": ["–", "1", "–", "–", "–"],
    }
    medicines = _table(result.stdout, "Medication doses")
    assert medicines[4].split() == ["ibuprofen", "(doses)", "1", "–", "–", "–", "–"]
