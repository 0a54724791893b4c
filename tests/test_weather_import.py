"""import --from open-meteo: Open-Meteo's historical daily CSV, as its site and API
(format=csv) write it: a metadata line and its values, a blank line, then `time` and one
column per daily variable, `NaN` where a value is missing (SPEC.md "Symptoms and factors")."""

from __future__ import annotations

import json

METADATA = (
    "latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation\n"
    "52.52,13.419998,38.0,3600,Europe/Berlin,GMT+1\n"
    "\n"
)
HEADER = (
    "time,temperature_2m_mean (°C),precipitation_sum (mm),pressure_msl_mean (hPa),"
    "relative_humidity_2m_mean (%),wind_speed_10m_max (km/h)\n"
)
ROWS = (
    "2026-11-01,3.5,1.20,1011.6,90,20.6\n"
    "2026-11-02,-2.8,0.00,1006.3,76,18.8\n"
    "2026-11-03,NaN,4.80,1002.4,81,11.0\n"
)


def weather_file(tmp_path, text=METADATA + HEADER + ROWS, name="open-meteo.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def factors(painlog):
    return {
        (entry["day"], entry["name"]): (entry["value"], entry["unit"], entry["source"])
        for entry in painlog.json("list", "--kind", "factor", "--since", "2026-10-01")
        if True
    }


def test_each_column_becomes_a_factor_of_its_day(painlog, tmp_path):
    painlog.ok("import", str(weather_file(tmp_path)), "--from", "open-meteo")
    found = factors(painlog)
    assert found[("2026-11-01", "pressure")] == (1011.6, "hPa", "open-meteo")
    assert found[("2026-11-02", "temperature")] == (-2.8, "°C", "open-meteo")  # below zero
    assert found[("2026-11-02", "precipitation")] == (0.0, "mm", "open-meteo")  # 0 is known
    assert found[("2026-11-03", "humidity")] == (81.0, "%", "open-meteo")
    # NaN is unknown: no temperature on Nov 3, never a zero; wind is not read.
    assert ("2026-11-03", "temperature") not in found
    assert len(found) == 11
    assert {name for _, name in found} == {"pressure", "temperature", "precipitation", "humidity"}


def test_the_days_are_the_towns_days(painlog, tmp_path):
    painlog.ok("import", str(weather_file(tmp_path)), "--from", "open-meteo")
    entries = painlog.json("list", "--kind", "factor", "--since", "2026-10-01")
    assert {entry["at"][-6:] for entry in entries} == {"+01:00"}  # utc_offset_seconds 3600
    assert entries[0]["at"].startswith("2026-11-01T00:00")


def test_reimport_updates_never_duplicates(painlog, tmp_path):
    painlog.ok("import", str(weather_file(tmp_path)), "--from", "open-meteo")
    newer = ROWS.replace("1011.6", "1012.0") + "2026-11-04,5.0,0.00,1000.1,70,9.0\n"
    result = painlog.ok(
        "import", str(weather_file(tmp_path, METADATA + HEADER + newer, "b.csv")),
        "--from", "open-meteo",
    )  # fmt: skip
    assert "4 new, 1 updated, 10 unchanged" in result.stdout
    found = factors(painlog)
    assert found[("2026-11-01", "pressure")][0] == 1012.0
    assert len(found) == 15


def test_dry_run_writes_nothing_and_shows_the_columns(painlog, tmp_path):
    painlog.ok("add", "pain", "5")
    before = painlog.fingerprint()
    result = painlog.ok(
        "import", str(weather_file(tmp_path)), "--from", "open-meteo", "--dry-run",
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert painlog.fingerprint() == before
    assert "3 rows -> 11 factor entries, 2026-11-01 to 2026-11-03" in result.stdout
    assert "11 new, 0 updated, 0 unchanged" in result.stdout
    assert "1 temperature row with no amount skipped" in result.stdout
    assert "pressure_msl_mean (hPa) -> factor pressure (hPa)" in result.stdout
    assert "wind_speed_10m_max (km/h) -> left out" in result.stdout


def test_hourly_and_daily_sections_read_the_daily_one(painlog, tmp_path):
    hourly = "time,temperature_2m (°C)\n2026-11-01T00:00,3.1\n2026-11-01T01:00,2.9\n\n"
    path = weather_file(tmp_path, METADATA + hourly + HEADER + ROWS)
    painlog.ok("import", str(path), "--from", "open-meteo")
    assert len(factors(painlog)) == 11


def test_unix_times(painlog, tmp_path):
    # timeformat=unixtime: each day is the town's midnight in UTC seconds (23:00 UTC the day
    # before, at +01:00).
    text = METADATA + "time,pressure_msl_mean (hPa)\n1793487600,1011.6\n1793574000,1006.3\n"
    painlog.ok("import", str(weather_file(tmp_path, text)), "--from", "open-meteo")
    assert set(factors(painlog)) == {("2026-11-01", "pressure"), ("2026-11-02", "pressure")}


def test_refusals_leave_the_journal_as_it_was(painlog, tmp_path):
    painlog.ok("add", "pain", "5")
    before = painlog.fingerprint()
    cases = {
        "time,pressure\n2026-11-01,1000\n": "not an Open-Meteo CSV",
        METADATA + "time,temperature_2m (°C)\n2026-11-01T00:00,3.1\n": "no daily section",
        METADATA + "time,wind_speed_10m_max (km/h)\n2026-11-01,3.1\n": "none of the daily",
        METADATA + HEADER + "2026-13-01,3.5,1.20,1011.6,90,20.6\n": "row 5",
        METADATA + HEADER + "2026-11-01,3.5,-1.20,1011.6,90,20.6\n": "row 5",
        METADATA + HEADER + "2026-11-01,3.5,1.20,lots,90,20.6\n": "pressure_msl_mean (hPa): 'lots'",
    }
    for number, (text, reason) in enumerate(cases.items()):
        path = weather_file(tmp_path, text, f"bad-{number}.csv")
        result = painlog("import", str(path), "--from", "open-meteo")
        assert result.exit_code == 2, (text, result.output)
        assert reason in result.stderr, (reason, result.stderr)
        assert "Traceback" not in result.output
        assert painlog.fingerprint() == before


def test_undo_takes_the_whole_import_back(painlog, tmp_path):
    painlog.ok("add", "pain", "5")
    painlog.ok("import", str(weather_file(tmp_path)), "--from", "open-meteo")
    painlog.ok("undo")
    assert json.loads(painlog.ok("list", "--kind", "factor", "--json").stdout) == []
