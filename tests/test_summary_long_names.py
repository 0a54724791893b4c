"""One long name in the summary's per-name tables no longer pushes every week's numbers off the
screen: the week columns keep their room (each its header or widest cell) and the names column
gets what they leave, a longer name cut with "…" and its kind kept."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import screen_table

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))  # a Monday
LONG_SYMPTOM = "a very long symptom name that goes on and on like brain fog and more"
LONG_FACTOR = "a very long factor name for the coffee I drink in the morning"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


# The symptoms and factors table's week columns (header or widest cell, with a space either
# side and the blank rule between): Nov 9 "Nov 9" 5+3, Nov 16 "Nov 16" 6+3, Nov 23 "4.0 1d" 6+3,
# Nov 30 "6.0 2d" 6+3, Dec 7 "Dec 7" 5+3 = 43, and the table's two edges: the names column gets
# 80 - 45 = 35 cells (120: 75); " (symptom)" takes 10 of them, " (days)" 7.
LABELS = {
    "80": {
        "symptom": "a very long symptom name… (symptom)",  # 24 characters and "…": 25
        "factor": "a very long factor name for… (days)",  # 27 and "…": 28
    },
    "120": {
        "symptom": "a very long symptom name that goes on and on like brain fog and … (symptom)",
        "factor": LONG_FACTOR + " (days)",  # 61 of 68: whole
    },
}


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
    table = screen_table(result.stdout, "Symptoms (weekly mean 0-10")
    header = table[2].split()
    # The default period: the 4 weeks to today, Nov 10 (a Tuesday) to Dec 7, in 5 ISO weeks.
    assert header == ["Nov", "9", "Nov", "16", "Nov", "23", "Nov", "30", "Dec", "7"]
    rows = {}
    for line in table[4:]:
        label, cells = re.match(r" (.*?\((?:symptom|days)\))\s+(.*)", line).groups()
        rows[label] = cells.split()
    # Week of Nov 30: 5 and 7 on two days, mean 6.0; fatigue 4 once in the week of Nov 23;
    # the factor on one day in the week of Nov 16.
    assert rows == {
        LABELS[columns]["symptom"]: ["–", "–", "–", "6.0", "2d", "–"],
        "fatigue (symptom)": ["–", "–", "4.0", "1d", "–", "–"],
        LABELS[columns]["factor"]: ["–", "1", "–", "–", "–"],
    }
    medicines = screen_table(result.stdout, "Medication doses")
    assert medicines[4].split() == ["ibuprofen", "(doses)", "1", "–", "–", "–", "–"]
