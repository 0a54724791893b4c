"""import --from open-meteo on files that cannot be true weather: a value that is not a number,
a humidity over 100%, rain below 0 mm, a day written twice — one line naming the row and the
column and what is accepted, exit 2, journal unchanged; a forecast's days are left out and
said, never recorded as what happened."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

METADATA = (
    "latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation\n"
    "52.52,13.419998,38.0,3600,Europe/Berlin,GMT+1\n"
    "\n"
    "time,temperature_2m_mean (°C),precipitation_sum (mm),relative_humidity_2m_mean (%)\n"
)
NOW = datetime(2026, 11, 5, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "2026-11-01,abc,0.0,80\n",
            "row 5: temperature_2m_mean (°C): 'abc' is not accepted; give a number as "
            "Open-Meteo writes it, e.g. 1016.4 or -3.5 (Open-Meteo writes NaN where it has no "
            "value).",
        ),
        (
            "2026-11-01,3.5,0.0,80\n2026-11-02,3.5,-2,80\n",
            "row 6: precipitation_sum (mm): '-2' is not accepted; give an amount of 0 or more",
        ),
        (
            "2026-11-01,3.5,0.0,150\n",
            "row 5: relative_humidity_2m_mean (%): '150' is not accepted; give a percentage "
            "from 0 to 100",
        ),
        (
            "2026-11-01,3.5,0.0,80\n2026-11-01,4.5,0.0,80\n",
            "row 6: time: 2026-11-01 is in the file twice (rows 5 and 6); one value per day "
            "and column is kept, so remove one of them.",
        ),
    ],
)
def test_weather_that_cannot_be_true_is_refused_whole(painlog, tmp_path, rows, message):
    painlog.ok("add", "pain", "4")
    before = painlog.fingerprint()
    path = tmp_path / "w.csv"
    path.write_text(METADATA + rows, encoding="utf-8")
    for dry in ([], ["--dry-run"]):
        result = painlog("import", str(path), "--from", "open-meteo", *dry)
        assert result.exit_code == 2, result.output
        assert message in result.stderr
        assert result.stderr.strip().endswith("Nothing was imported.")
        assert painlog.fingerprint() == before


def test_a_forecasts_days_are_left_out_and_said(painlog, tmp_path):
    path = tmp_path / "w.csv"
    # 4 and 5 Nov have happened (5 Nov is today in Berlin); 6 and 7 Nov are a forecast.
    path.write_text(
        METADATA
        + "2026-11-04,3.5,0.0,80\n2026-11-05,4.0,1.0,70\n"
        + "2026-11-06,5.0,2.0,60\n2026-11-07,6.0,0.0,50\n",
        encoding="utf-8",
    )
    result = painlog.ok("import", str(path), "--from", "open-meteo")
    assert result.stdout.strip() == (
        "Imported 4 Open-Meteo rows as 6 factor entries, 2026-11-04 to 2026-11-05: 6 new, "
        "0 updated, 0 unchanged; 2 rows left out: days after today (a forecast has not "
        "happened yet)."
    )
    days = {entry["day"] for entry in painlog.json("list", "--kind", "factor")}
    assert days == {"2026-11-04", "2026-11-05"}
