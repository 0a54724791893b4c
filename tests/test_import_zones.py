"""Issue 26, point 2: times read in the zone the export uses, files known by their content,
and the first bad row named. Every export here is written by the test."""

from __future__ import annotations

import json

from painlog.formats.devices import read_device_export
from tests.test_device_parsers import write_folder, write_zip

PROFILE = "id,full_name,timezone,locale\nABC,Ann,America/New_York,en_US\n"
# 23 Nov in New York: 500 steps at 08:00 (13:00 UTC) and 300 at 21:00 (02:00 UTC on the 24th)
UTC_MINUTES = [
    {"dateTime": "11/23/26 13:00:00", "value": "500"},
    {"dateTime": "11/23/26 13:01:00", "value": "0"},
    {"dateTime": "11/24/26 02:00:00", "value": "300"},
]
NIGHT = {
    "logId": 7, "startTime": "2026-11-23T23:00:00.000", "endTime": "2026-11-24T07:00:00.000",
    "minutesAsleep": 450, "mainSleep": True, "type": "classic",
}  # fmt: skip


def steps_of(found):
    return [(r.source_key, r.at, r.value) for r in found.records if r.kind == "steps"]


def test_fitbit_minute_steps_in_utc_found_from_the_sleep_logs_and_profile(tmp_path):
    """Read as local time, 300 steps would fall at 02:00 inside the night's sleep: the
    export's minute times are UTC, shown in the profile's zone."""
    path = write_zip(tmp_path / "takeout.zip", {
        "Takeout/Fitbit/Your Profile/Profile.csv": PROFILE,
        "Takeout/Fitbit/Global Export Data/sleep-2026-11-01.json": json.dumps([NIGHT]),
        "Takeout/Fitbit/Global Export Data/steps-2026-11-01.json": json.dumps(UTC_MINUTES),
    })  # fmt: skip
    found = read_device_export("fitbit", path)
    assert steps_of(found) == [("steps:2026-11-23", "2026-11-23T21:00:00-05:00", 800.0)]
    sleep = [(r.source_key, r.at) for r in found.records if r.kind == "sleep"]
    assert sleep == [("sleep:2026-11-24", "2026-11-24T07:00:00-05:00")]
    assert found.closing_line().endswith(
        "; minute steps read as UTC, in America/New_York (the reading that puts fewer steps "
        "inside the sleep logs' times)."
    )


def test_fitbit_minute_steps_in_local_time_when_the_sleep_logs_say_so(tmp_path):
    """The same steps written in local time: read as UTC, 08:00 would become 03:00, inside
    the night before: the sleep logs say local."""
    night = {**NIGHT, "startTime": "2026-11-22T23:00:00.000", "endTime": "2026-11-23T07:00:00.000"}
    minutes = [{"dateTime": "11/23/26 08:00:00", "value": "500"}]
    path = write_folder(tmp_path / "t", {
        "Fitbit/Your Profile/Profile.csv": PROFILE,
        "Fitbit/Global Export Data/sleep-2026-11-01.json": json.dumps([night]),
        "Fitbit/Global Export Data/steps-2026-11-01.json": json.dumps(minutes),
    })  # fmt: skip
    found = read_device_export("fitbit", path)
    assert steps_of(found) == [("steps:2026-11-23", "2026-11-23T08:00:00-05:00", 500.0)]
    assert "minute steps read as local time in America/New_York" in found.closing_line()


def test_fitbit_profile_alone_means_a_takeout_in_utc(tmp_path):
    path = write_folder(tmp_path / "t", {
        "Fitbit/Your Profile/Profile.csv": PROFILE,
        "Fitbit/Global Export Data/steps-2026-11-01.json": json.dumps(UTC_MINUTES),
    })  # fmt: skip
    found = read_device_export("fitbit", path)
    assert steps_of(found) == [("steps:2026-11-23", "2026-11-23T21:00:00-05:00", 800.0)]
    assert "(a Takeout with the profile's time zone; no sleep logs told otherwise)" in (
        found.closing_line()
    )


def test_fitbit_profile_json_offset(tmp_path):
    path = write_folder(tmp_path / "t", {
        "Fitbit/profile.json": json.dumps({"user": {"offsetFromUTCMillis": 3_600_000}}),
        "Fitbit/steps-2026-11-01.json": json.dumps(UTC_MINUTES[:1]),
    })  # fmt: skip
    found = read_device_export("fitbit", path)
    assert steps_of(found) == [("steps:2026-11-23", "2026-11-23T14:00:00+01:00", 500.0)]


def test_fitbit_no_profile_no_sleep_reads_local_and_says_so(tmp_path):
    path = write_folder(tmp_path / "t", {"steps-2026-11-01.json": json.dumps(UTC_MINUTES[:1])})
    found = read_device_export("fitbit", path)
    assert [r.value for r in found.records] == [500.0]
    assert found.closing_line().endswith(
        "; minute steps read as local time in this computer's zone (neither a profile nor the "
        "sleep logs say otherwise)."
    )


STEP_TREND = (
    "com.samsung.shealth.step_daily_trend,6310003,5\n"
    "day_time,count,source_type,deviceuuid\n"
    "1795392000000,4200,-2,\n"  # 2026-11-23 (midnight UTC)
)
SLEEP = (
    "com.samsung.health.sleep,6310003,3\n"
    "com.samsung.health.sleep.start_time,com.samsung.health.sleep.end_time,"
    "com.samsung.health.sleep.time_offset\n"
    "2026-11-22 22:40:00.000,2026-11-23 05:55:00.000,UTC+0100\n"
)


def test_samsung_files_known_by_their_first_line_whatever_their_name(tmp_path):
    path = write_folder(tmp_path / "renamed", {"steps.csv": STEP_TREND, "my sleep.csv": SLEEP})
    found = read_device_export("samsung-health", path)
    assert sorted((r.source_key, r.value) for r in found.records) == [
        ("sleep:2026-11-23", 7.25),
        ("steps:2026-11-23", 4200.0),
    ]
    alone = tmp_path / "x.csv"
    alone.write_text(STEP_TREND, encoding="utf-8")
    assert [r.value for r in read_device_export("samsung-health", alone).records] == [4200.0]


def test_google_fit_days_in_one_zone(tmp_path):
    """The daily file's days take the offset the export's per-day files write (+01:00), not
    this computer's: every day of one export in one zone."""
    path = write_folder(tmp_path / "Takeout", {
        "Fit/Daily activity metrics/Daily activity metrics.csv": (
            "Date,Step count\n2026-11-23,5000\n2026-11-25,6000\n"
        ),
        "Fit/Daily activity metrics/2026-11-24.csv": (
            "Start time,End time,Step count\n09:00:00.000+01:00,09:15:00.000+01:00,700\n"
        ),
    })  # fmt: skip
    found = read_device_export("google-fit", path)
    assert steps_of(found) == [
        ("steps:2026-11-23", "2026-11-23T12:00:00+01:00", 5000.0),
        ("steps:2026-11-24", "2026-11-24T09:00:00+01:00", 700.0),
        ("steps:2026-11-25", "2026-11-25T12:00:00+01:00", 6000.0),
    ]


def test_daylio_first_bad_row_is_named(painlog, tmp_path):
    path = tmp_path / "daylio.csv"
    path.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2026-11-01,Nov 1,Sunday,20:28,great,,,\n"  # row 2: a mood with no value
        "2026-11-02,Nov 2,Monday,20:28,good,,,\n"
        "2026-11-03,Nov 3,Tuesday,20:28,good,,,\n"
        "2026-11-04,Nov 4,Wednesday,25:28,good,,,\n",  # row 5: no such time
        encoding="utf-8",
    )
    before = painlog.fingerprint()
    result = painlog("import", str(path), "--from", "daylio")
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert f"{path}: row 2: mood 'great' has no value on painlog's 0-10 mood scale" in message
    assert "row 5" not in message and painlog.fingerprint() == before
    path.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2026-11-01,Nov 1,Sunday,20:61,good,,,\n"
        "2026-11-04,Nov 4,Wednesday,25:28,good,,,\n",
        encoding="utf-8",
    )
    result = painlog("import", str(path), "--from", "daylio")
    assert result.exit_code == 2 and "row 2: time: '20:61'" in " ".join(result.stderr.split())
