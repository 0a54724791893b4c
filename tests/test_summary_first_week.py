"""The weekly summary's screen starts at the first week with anything logged — symptoms and
factors count (a week of symptoms before the first pain was hidden from the screen while
`--json` had it)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import Painlog

NOW = datetime(2026, 12, 9, 12, 0, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize("first", [("symptom", "fatigue", "5"), ("factor", "coffee")])
def test_a_week_of_symptoms_or_factors_before_the_first_pain_is_shown(tmp_path, first):
    journal = Painlog(tmp_path / "j.db")
    journal.ok("add", *first, "--at", "2026-12-01 10:00")  # the week of Mon 30 Nov
    journal.ok("add", "pain", "4", "--at", "2026-12-07 09:00")  # the week of Mon 7 Dec
    text = journal.ok("summary", "--since", "2026-11-30", env={"COLUMNS": "80"}).stdout
    rows = [line.split()[:3] for line in text.splitlines() if line.startswith((" Nov", " Dec"))]
    assert rows[:2] == [["Nov", "30", "–"], ["Dec", "7", "4.0"]]
    weeks = journal.json("summary", "--since", "2026-11-30")["weeks"]
    assert [week["week_start"] for week in weeks] == ["2026-11-30", "2026-12-07"]
