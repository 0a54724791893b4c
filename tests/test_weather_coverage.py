"""Imported weather is not the person's logging: coverage's days_logged (summary and report)
counts days the person logged something, not days Open-Meteo has a row for."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import Painlog

NOW = datetime(2026, 12, 9, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
WEATHER = (
    "latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation\n"
    "52.52,13.419998,38.0,3600,Europe/Berlin,GMT+1\n"
    "\n"
    "time,pressure_msl_mean (hPa)\n"
    + "".join(f"2026-12-0{day},101{day}.0\n" for day in range(1, 8))
)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_weather_days_are_not_days_logged(tmp_path):
    journal = Painlog(tmp_path / "j.db")
    journal.ok("add", "pain", "4", "--at", "2026-12-02 09:00")
    journal.ok("add", "mood", "6", "--at", "2026-12-03 21:00")
    journal.ok("add", "factor", "coffee", "--at", "2026-12-04 08:00")
    before = journal.json("summary", "--since", "2026-12-01")["coverage"]
    assert before["days_logged"] == 3  # 2, 3 and 4 Dec
    path = tmp_path / "weather.csv"
    path.write_text(WEATHER, encoding="utf-8")
    journal.ok("import", str(path), "--from", "open-meteo")
    after = journal.json("summary", "--since", "2026-12-01")["coverage"]
    assert after == before  # seven days of pressure added no day the person logged
    journal.ok("report", "--since", "2026-12-01", "-o", str(tmp_path / "r.md"))
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "Logged on 3 of 9 days: pain on 1, sleep on 0, mood on 1." in text
