"""Issue 26, point 1 and 5: a record that cannot be true is left out and counted, never fatal,
never changed into something else; a whole file is refused only when it is not what it claims.

Every export here is written by the test (never a real person's)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from painlog import clock
from painlog.formats.devices import read_device_export
from tests.test_device_parsers import (
    APPLE_BODY,
    APPLE_EXPECTED,
    WATCH,
    apple_xml,
    rows,
    sleep,
    steps,
    workout,
    write_folder,
)

UNREADABLE = "with an unreadable number, date or offset"


def future_day(days: int = 30) -> str:
    return (clock.now() + timedelta(days=days)).date().isoformat()


def test_apple_health_one_step_record_in_2030_leaves_everything_else_in(tmp_path):
    """The genuine export refused whole for one step record dated 2030 (a wrong phone clock)."""
    body = APPLE_BODY + steps(WATCH, "2030-01-05 08:00:00 -0500", "2030-01-05 08:30:00 -0500", 900)
    path = tmp_path / "export.xml"
    path.write_text(apple_xml(body), encoding="utf-8")
    found = read_device_export("apple-health", path)
    assert rows(found) == APPLE_EXPECTED  # everything else, unchanged
    assert found.untrue == {"in the future": 1}
    assert "left out 1 record that cannot be true (1 in the future)" in found.closing_line()


def test_apple_health_untrue_records_each_counted_by_reason(tmp_path):
    body = (
        APPLE_BODY
        # a night that ends before it starts, and one that lasts no time
        + sleep(WATCH, "2026-11-10 07:00:00 -0500", "2026-11-09 23:00:00 -0500", "AsleepCore")
        + sleep(WATCH, "2026-11-11 07:00:00 -0500", "2026-11-11 07:00:00 -0500", "AsleepCore")
        # NaN, inf, a 5,000-digit number, a negative count
        + steps(WATCH, "2026-11-12 08:00:00 -0500", "2026-11-12 08:30:00 -0500", "NaN")
        + steps(WATCH, "2026-11-12 09:00:00 -0500", "2026-11-12 09:30:00 -0500", "inf")
        + steps(WATCH, "2026-11-12 10:00:00 -0500", "2026-11-12 10:30:00 -0500", "9" * 5000)
        + steps(WATCH, "2026-11-12 11:00:00 -0500", "2026-11-12 11:30:00 -0500", -40)
        # an offset like +9999, year 9999, a date that is not one
        + steps(WATCH, "2026-11-13 08:00:00 +9999", "2026-11-13 08:30:00 +9999", 10)
        + workout("Walking", "9999-12-31 23:00:00 +1400", "9999-12-31 23:30:00 +1400", "30")
        + sleep(WATCH, "2026-02-30 23:00:00 -0500", "2026-03-01 07:00:00 -0500", "AsleepCore")
        # a step record whose end comes before its start
        + steps(WATCH, "2026-11-14 10:00:00 -0500", "2026-11-14 09:00:00 -0500", 50)
    )
    path = tmp_path / "export.xml"
    path.write_text(apple_xml(body), encoding="utf-8")
    found = read_device_export("apple-health", path)
    assert rows(found) == APPLE_EXPECTED
    assert found.untrue == {
        "with the end before the start": 2,
        "lasting no time": 1,
        "with an impossible steps value": 4,  # NaN, inf, 5,000 nines, -40
        UNREADABLE: 2,  # +9999 and 30 February
        "in the future": 1,  # year 9999
    }
    line = found.closing_line()
    assert "left out 10 records that cannot be true (4 with an impossible steps value, " in line
    assert "1 lasting no time" in line


def test_zero_length_apple_night_is_counted(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(
        apple_xml(sleep(WATCH, "2026-11-11 07:00:00 -0500", "2026-11-11 07:00:00 -0500", "Asleep")),
        encoding="utf-8",
    )
    found = read_device_export("apple-health", path)
    assert found.records == [] and found.untrue == {"lasting no time": 1}
    assert found.closing_line() == (
        "Apple Health: nothing to import; left out 1 record that cannot be true "
        "(1 lasting no time)."
    )


def test_google_fit_future_date_is_left_out_never_stored_as_today(tmp_path):
    path = tmp_path / "Daily activity metrics.csv"
    path.write_text(f"Date,Step count\n2026-11-23,5000\n{future_day()},7000\n", encoding="utf-8")
    found = read_device_export("google-fit", path)
    assert [(r.source_key, r.value) for r in found.records] == [("steps:2026-11-23", 5000.0)]
    assert found.untrue == {"in the future": 1}
    assert all(r.day != clock.today().isoformat() for r in found.records)


@pytest.mark.parametrize("value", ["NaN", "inf", "-5", "1e400", "9" * 5000])
def test_google_fit_impossible_counts_left_out(tmp_path, value):
    path = tmp_path / "Daily activity metrics.csv"
    path.write_text(f"Date,Step count\n2026-11-23,5000\n2026-11-24,{value}\n", encoding="utf-8")
    found = read_device_export("google-fit", path)
    assert [(r.source_key, r.value) for r in found.records] == [("steps:2026-11-23", 5000.0)]
    assert sum(found.untrue.values()) == 1


def test_fitbit_negative_minutes_are_not_summed(tmp_path):
    minutes = [
        {"dateTime": "11/23/26 09:01:00", "value": "120"},
        {"dateTime": "11/23/26 09:02:00", "value": "-100"},  # a sensor's negative: left out
        {"dateTime": "11/23/26 09:03:00", "value": "NaN"},
        {"dateTime": "11/23/26 09:04:00", "value": "30"},
        {"dateTime": "13/45/26 09:05:00", "value": "30"},  # no 45th of the 13th month
    ]
    path = write_folder(tmp_path / "t", {"steps-2026-11-01.json": json.dumps(minutes)})
    found = read_device_export("fitbit", path)
    assert [r.value for r in found.records] == [150.0]  # 120 + 30, never 50
    assert found.untrue == {
        "with a negative count": 1,
        "with an impossible steps value": 1,
        UNREADABLE: 1,
    }


def test_fitbit_sleep_log_ending_before_it_starts_is_left_out(tmp_path):
    log = {
        "logId": 1, "startTime": "2026-11-24T07:00:00.000", "endTime": "2026-11-23T23:00:00.000",
        "minutesAsleep": 400, "mainSleep": True,
    }  # fmt: skip
    future = {**log, "logId": 2, "startTime": f"{future_day()}T01:00:00.000",
              "endTime": f"{future_day()}T07:00:00.000"}  # fmt: skip
    path = write_folder(tmp_path / "t", {"sleep-2026-11-01.json": json.dumps([log, future])})
    found = read_device_export("fitbit", path)
    assert found.records == []
    assert found.untrue == {"with the end before the start": 1, "in the future": 1}


SAMSUNG_SLEEP = (
    "com.samsung.shealth.sleep,6310003,3\n"
    "com.samsung.health.sleep.start_time,com.samsung.health.sleep.end_time,"
    "com.samsung.health.sleep.time_offset,com.samsung.health.sleep.deviceuuid\n"
)


def test_samsung_untrue_rows_left_out(tmp_path):
    future = future_day()
    body = (
        SAMSUNG_SLEEP
        + "2026-11-22 22:40:00.000,2026-11-23 05:55:00.000,UTC+0100,w\n"  # 7h15m: kept
        + "2026-11-23 22:40:00.000,2026-11-23 22:40:00.000,UTC+0100,w\n"  # no length
        + "2026-11-24 22:40:00.000,2026-11-25 05:55:00.000,UTC+9999,w\n"  # offset +9999
        + f"{future} 01:00:00.000,{future} 05:00:00.000,UTC+0100,w\n"  # future
        + "99999999999999999999,99999999999999999999,UTC+0100,w\n"  # no such epoch
    )
    name = "com.samsung.shealth.sleep.20261201093000.csv"
    found = read_device_export("samsung-health", write_folder(tmp_path / "s", {name: body}))
    assert [(r.source_key, r.value) for r in found.records] == [("sleep:2026-11-23", 7.25)]
    assert found.untrue == {"lasting no time": 1, UNREADABLE: 2, "in the future": 1}


def test_not_the_format_it_claims_is_refused_whole(tmp_path):
    from painlog.errors import InvalidInput

    path = tmp_path / "export.xml"
    path.write_text("<plist><dict/></plist>", encoding="utf-8")
    with pytest.raises(InvalidInput, match="not an Apple Health export"):
        read_device_export("apple-health", path)


def test_cli_closing_line_counts_untrue_and_keeps_the_rest(painlog, tmp_path):
    body = APPLE_BODY + steps(WATCH, "2030-01-05 08:00:00 -0500", "2030-01-05 08:30:00 -0500", 9)
    path = tmp_path / "export.xml"
    path.write_text(apple_xml(body), encoding="utf-8")
    result = painlog("import", str(path), "--from", "apple-health")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "left out 1 record that cannot be true (1 in the future)" in text
    assert "10 new" in text
    assert "unexpected" not in result.output.lower()
