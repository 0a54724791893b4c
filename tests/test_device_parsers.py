"""Reading phone and watch exports (Apple Health, Fitbit, Google Fit, Samsung Health) into
DeviceRecords. Every file is written here by the tests (never a real person's export), and every
expected figure is counted by hand in the comments beside it.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painlog.errors import InvalidInput, PainlogError
from painlog.formats.devices import DEVICE_SOURCES, read_device_export

# --- helpers ------------------------------------------------------------------------------


def rows(found):
    """(kind, at, value, source_key, name, device) for each record, in a stable order."""
    return sorted((r.kind, r.at, r.value, r.source_key, r.name, r.device) for r in found.records)


def by_key(found):
    return {r.source_key: r for r in found.records}


def local(*parts: int) -> str:
    """A local wall-clock time in the offset this machine uses on that date (as Fitbit is read)."""
    return datetime(*parts).astimezone().isoformat(timespec="seconds")


def write_zip(path: Path, files: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


def write_folder(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        file = root / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(content, encoding="utf-8")
    return root


def refused(source: str, path: Path) -> str:
    with pytest.raises(InvalidInput) as caught:
        read_device_export(source, path)
    message = caught.value.message
    assert "\n" not in message and "Traceback" not in message
    return message


# --- Apple Health --------------------------------------------------------------------------

DTD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 12 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ATTLIST VisionPrescription
  type             CDATA #REQUIRED
  dateIssued       CDATA #REQUIRED
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
]>
"""  # the VisionPrescription ATTLIST lacks its '>', as iOS 16 wrote it

WATCH, PHONE, APP = "Ann’s Apple Watch", "Ann’s iPhone", "Sleep App"


def record(kind: str, source: str, start: str, end: str, value: str, unit: str = "") -> str:
    unit_attr = f' unit="{unit}"' if unit else ""
    return (
        f' <Record type="{kind}" sourceName="{source}" sourceVersion="10.1"{unit_attr} '
        f'creationDate="{end}" startDate="{start}" endDate="{end}" value="{value}"/>\n'
    )


def sleep(source: str, start: str, end: str, stage: str) -> str:
    return record("HKCategoryTypeIdentifierSleepAnalysis", source, start, end,
                  f"HKCategoryValueSleepAnalysis{stage}")  # fmt: skip


def steps(source: str, start: str, end: str, count: int | str) -> str:
    return record("HKQuantityTypeIdentifierStepCount", source, start, end, str(count), "count")


def resting(start: str, bpm: float) -> str:
    return record("HKQuantityTypeIdentifierRestingHeartRate", WATCH, start, start, str(bpm),
                  "count/min")  # fmt: skip


def workout(activity: str, start: str, end: str, duration: str | None) -> str:
    length = f' duration="{duration}" durationUnit="min"' if duration else ""
    return (
        f' <Workout workoutActivityType="HKWorkoutActivityType{activity}"{length} '
        f'sourceName="{WATCH}" startDate="{start}" endDate="{end}">\n'
        '  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n'
        '  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="x"/>\n'
        " </Workout>\n"
    )


def apple_xml(body: str) -> str:
    return (
        DTD + '<HealthData locale="en_US">\n <ExportDate value="2026-11-30 10:00:00 -0500"/>\n'
        ' <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>\n'
        + body
        + "</HealthData>\n"
    )


APPLE_BODY = (
    # Night 1, New York (-0500), waking 23 Nov. The phone's InBed is ignored: the watch has
    # asleep records. core 23:40-01:00 (1h20m) + 03:50-05:40 (1h50m) = 3h10m, deep 1h05m,
    # REM 1h30m, awake 15m left out: 80 + 65 + 90 + 110 = 345 min = 5.75 h.
    sleep(PHONE, "2026-11-22 22:50:00 -0500", "2026-11-23 07:00:00 -0500", "InBed")
    + sleep(WATCH, "2026-11-22 23:40:00 -0500", "2026-11-23 01:00:00 -0500", "AsleepCore")
    + sleep(WATCH, "2026-11-23 01:00:00 -0500", "2026-11-23 02:05:00 -0500", "AsleepDeep")
    + sleep(WATCH, "2026-11-23 02:05:00 -0500", "2026-11-23 02:20:00 -0500", "Awake")
    + sleep(WATCH, "2026-11-23 02:20:00 -0500", "2026-11-23 03:50:00 -0500", "AsleepREM")
    + sleep(WATCH, "2026-11-23 03:50:00 -0500", "2026-11-23 05:40:00 -0500", "AsleepCore")
    # Night 2, Paris (+0100), waking 25 Nov, watch AND a sleep app: watch 3h + 1h + 3h30m =
    # 7.5 h against the app's 23:30-06:00 = 6.5 h: the watch's night, never 14 h.
    + sleep(WATCH, "2026-11-24 23:00:00 +0100", "2026-11-25 02:00:00 +0100", "AsleepCore")
    + sleep(WATCH, "2026-11-25 02:00:00 +0100", "2026-11-25 03:00:00 +0100", "AsleepDeep")
    + sleep(WATCH, "2026-11-25 03:00:00 +0100", "2026-11-25 06:30:00 +0100", "AsleepREM")
    + sleep(APP, "2026-11-24 23:30:00 +0100", "2026-11-25 06:00:00 +0100", "Asleep")
    # Night 3, only InBed: 23:15-07:00 = 7h45m = 7.75 h
    + sleep(PHONE, "2026-11-25 23:15:00 +0100", "2026-11-26 07:00:00 +0100", "InBed")
    # Steps 23 Nov: phone 1,500 + 2,500 = 4,000; watch 3,000 + 3,500 = 6,500 -> 6,500
    + steps(PHONE, "2026-11-23 08:00:00 -0500", "2026-11-23 08:30:00 -0500", 1500)
    + steps(PHONE, "2026-11-23 17:00:00 -0500", "2026-11-23 17:40:00 -0500", 2500)
    + steps(WATCH, "2026-11-23 08:00:00 -0500", "2026-11-23 08:31:00 -0500", 3000)
    + steps(WATCH, "2026-11-23 17:00:00 -0500", "2026-11-23 17:45:00 -0500", 3500)
    # 24 Nov in Paris: the phone alone, 1,200
    + steps(PHONE, "2026-11-24 10:00:00 +0100", "2026-11-24 10:20:00 +0100", 1200)
    # heart rate samples are not resting heart rate: ignored
    + record(
        "HKQuantityTypeIdentifierHeartRate",
        WATCH,
        "2026-11-23 09:00:00 -0500",
        "2026-11-23 09:00:00 -0500",
        "88",
        "count/min",
    )
    # resting heart rate: 23 Nov 58 then 61 later: the latest, 61; 25 Nov 55
    + resting("2026-11-23 07:00:00 -0500", 58)
    + resting("2026-11-23 19:00:00 -0500", 61)
    + resting("2026-11-25 08:00:00 +0100", 55)
    # a walk across midnight belongs to 23 Nov; a swim without duration: 18:00-18:40 = 40 min
    + workout("Walking", "2026-11-23 23:30:00 -0500", "2026-11-24 00:15:00 -0500", "45")
    + workout("Yoga", "2026-11-25 18:00:00 +0100", "2026-11-25 18:30:00 +0100", "30.5")
    + workout("Swimming", "2026-11-26 18:00:00 +0100", "2026-11-26 18:40:00 +0100", None)
    + ' <ActivitySummary dateComponents="2026-11-23" activeEnergyBurned="400"/>\n'
)

APPLE_EXPECTED = [
    ("exercise", "2026-11-23T23:30:00-05:00", 45.0,
     "exercise:2026-11-23T23:30:00-05:00:Walking", "walk", WATCH),
    ("exercise", "2026-11-25T18:00:00+01:00", 30.5,
     "exercise:2026-11-25T18:00:00+01:00:Yoga", "yoga", WATCH),
    ("exercise", "2026-11-26T18:00:00+01:00", 40.0,
     "exercise:2026-11-26T18:00:00+01:00:Swimming", "swim", WATCH),
    ("heart-rate", "2026-11-23T19:00:00-05:00", 61.0, "heart-rate:2026-11-23", None, WATCH),
    ("heart-rate", "2026-11-25T08:00:00+01:00", 55.0, "heart-rate:2026-11-25", None, WATCH),
    ("sleep", "2026-11-23T05:40:00-05:00", 5.75, "sleep:2026-11-23", None, WATCH),
    ("sleep", "2026-11-25T06:30:00+01:00", 7.5, "sleep:2026-11-25", None, WATCH),
    ("sleep", "2026-11-26T07:00:00+01:00", 7.75, "sleep:2026-11-26", None, PHONE),
    ("steps", "2026-11-23T17:45:00-05:00", 6500.0, "steps:2026-11-23", None, WATCH),
    ("steps", "2026-11-24T10:20:00+01:00", 1200.0, "steps:2026-11-24", None, PHONE),
]  # fmt: skip


def test_apple_health_export_xml_every_rule(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(apple_xml(APPLE_BODY), encoding="utf-8")
    found = read_device_export("apple-health", path)
    assert rows(found) == APPLE_EXPECTED
    keyed = by_key(found)
    assert keyed["sleep:2026-11-23"].note == (
        "Asleep 23:40 – 05:40 (core 3h10m, deep 1h05m, REM 1h30m)"
    )
    assert (
        keyed["sleep:2026-11-25"].note == "Asleep 23:00 – 06:30 (core 3h00m, deep 1h00m, REM 3h30m)"
    )
    assert keyed["sleep:2026-11-26"].note == (
        "In bed 23:15 – 07:00 (no asleep records; time in bed counted)"
    )
    assert keyed["steps:2026-11-23"].note == (
        f"Counted by {WATCH}; also counted: {PHONE} 4,000 (the larger kept)"
    )
    record = keyed["sleep:2026-11-23"]
    assert (record.day, record.unit, record.source) == ("2026-11-23", "h", "apple-health")
    assert {r.day for r in found.records} == {r.at[:10] for r in found.records}
    assert found.counts() == {"sleep": 3, "steps": 2, "exercise": 3, "heart-rate": 2}
    assert found.period() == ("2026-11-23", "2026-11-26")
    assert found.skipped == {
        "sleep days from a second device (the other had more)": 1,
        "steps days from a second device (the other had more)": 1,
    }
    assert found.closing_line() == (
        "Apple Health: 3 nights of sleep, 2 days of steps, 3 exercise sessions, 2 resting heart "
        "rates, 2026-11-23 to 2026-11-26; left out sleep days from a second device (the other "
        "had more): 1, steps days from a second device (the other had more): 1."
    )


@pytest.mark.parametrize("folder", ["apple_health_export", "Exportación de Salud"])
def test_apple_health_export_zip_any_folder_name(tmp_path, folder):
    path = write_zip(tmp_path / "export.zip", {
        f"{folder}/export_cda.xml": "<ClinicalDocument/>",
        f"{folder}/export.xml": apple_xml(APPLE_BODY),
        f"{folder}/workout-routes/route_2026-11-23_11.30pm.gpx": "<gpx/>",
    })  # fmt: skip
    assert rows(read_device_export("apple-health", path)) == APPLE_EXPECTED


def test_apple_health_unzipped_folder_and_progress(tmp_path):
    folder = write_folder(tmp_path / "apple_health_export", {"export.xml": apple_xml(APPLE_BODY)})
    seen: list[float] = []
    found = read_device_export("apple-health", folder, seen.append)
    assert rows(found) == APPLE_EXPECTED
    assert seen and seen[-1] == 1.0 and seen == sorted(seen) and all(0 <= f <= 1 for f in seen)


def test_apple_health_control_characters_and_no_dtd(tmp_path):
    body = steps(WATCH, "2026-11-23 08:00:00 -0500", "2026-11-23 08:30:00 -0500", 100)
    body = body.replace("/>", '>\n  <MetadataEntry key="note" value="bad\x0bbyte"/>\n </Record>')
    path = tmp_path / "export.xml"
    path.write_text('<?xml version="1.0"?>\n<HealthData locale="en_US">\n' + body
                    + "</HealthData>\n")  # fmt: skip
    assert [r.value for r in read_device_export("apple-health", path).records] == [100.0]


def test_apple_health_reread_and_newer_export_keep_source_keys(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(apple_xml(APPLE_BODY), encoding="utf-8")
    first = read_device_export("apple-health", path)
    again = read_device_export("apple-health", path)
    assert [r.source_key for r in first.records] == [r.source_key for r in again.records]
    assert first.records == again.records
    newer = APPLE_BODY + steps(WATCH, "2026-11-27 09:00:00 +0100", "2026-11-27 09:10:00 +0100", 900)
    path.write_text(apple_xml(newer), encoding="utf-8")
    later = by_key(read_device_export("apple-health", path))
    assert set(later) == set(by_key(first)) | {"steps:2026-11-27"}


def test_apple_health_impossible_values_are_skipped_and_counted(tmp_path):
    body = (
        steps(WATCH, "2026-11-23 08:00:00 -0500", "2026-11-23 09:00:00 -0500", 150000)
        + steps(WATCH, "2026-11-23 10:00:00 -0500", "2026-11-23 11:00:00 -0500", 60000)
        + steps(WATCH, "2026-11-24 10:00:00 -0500", "2026-11-24 11:00:00 -0500", 0)
        + resting("2026-11-23 07:00:00 -0500", 5)
        + workout("Walking", "2026-11-23 08:00:00 -0500", "2026-11-24 10:00:00 -0500", "1560")
        + workout("Walking", "2026-11-25 08:00:00 -0500", "2026-11-25 08:30:00 -0500", "30")
        + workout("Walking", "2026-11-25 08:00:00 -0500", "2026-11-25 08:20:00 -0500", "20")
    )
    path = tmp_path / "export.xml"
    path.write_text(apple_xml(body), encoding="utf-8")
    found = read_device_export("apple-health", path)
    # 150,000 + 60,000 = 210,000 steps is over 200,000; 0 steps is a day not worn
    assert rows(found) == [("exercise", "2026-11-25T08:00:00-05:00", 30.0,
                            "exercise:2026-11-25T08:00:00-05:00:Walking", "walk", WATCH)]  # fmt: skip
    assert found.skipped == {"days with no steps counted": 1, "workouts written twice": 1}
    assert found.untrue == {
        "with an impossible steps value": 1,
        "with an impossible heart-rate value": 1,
        "with an impossible exercise value": 1,
    }


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("not xml at all", "line 1, column 0: cannot be read as XML (syntax error)"),
        ('<?xml version="1.0"?>\n<plist><dict/></plist>', "its root is <plist>, not <HealthData>"),
        ('<HealthData>\n <Record type="HKQuantityTypeIdentifierStepCount"', "cannot be read as XML"),
    ],
)  # fmt: skip
def test_apple_health_bad_files_refused_in_one_line(tmp_path, content, expected):
    path = tmp_path / "export.xml"
    path.write_text(content, encoding="utf-8")
    message = refused("apple-health", path)
    assert expected in message and str(path) in message
    assert message.endswith("Nothing was imported.")


def test_apple_health_zip_without_export_xml(tmp_path):
    path = write_zip(tmp_path / "export.zip", {"apple_health_export/export_cda.xml": "<x/>"})
    assert "not an Apple Health export (no export.xml in it)" in refused("apple-health", path)


def test_missing_file_and_unknown_source(tmp_path):
    with pytest.raises(PainlogError, match="no such file"):
        read_device_export("apple-health", tmp_path / "nowhere.zip")
    message = refused("garmin", tmp_path)
    assert message.startswith("--from: 'garmin' is not accepted; give one of apple-health")
    assert DEVICE_SOURCES == ("apple-health", "fitbit", "google-fit", "samsung-health")


day_counts = st.lists(
    st.tuples(
        st.integers(20, 24),  # day of November
        st.sampled_from([WATCH, PHONE, "Pedometer++"]),
        st.integers(0, 9000),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day_counts)
def test_apple_steps_day_is_the_largest_device_sum_never_the_total(counts):
    body = "".join(
        steps(source, f"2026-11-{day} {9 + n % 10:02d}:00:00 -0500",
              f"2026-11-{day} {9 + n % 10:02d}:05:00 -0500", value)
        for n, (day, source, value) in enumerate(counts)
    )  # fmt: skip
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, source, value in counts:
        sums[f"2026-11-{day}"][source] += value
    expected = {
        f"steps:{day}": float(max(devices.values()))
        for day, devices in sums.items()
        if max(devices.values()) > 0
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xml"
        path.write_text(apple_xml(body), encoding="utf-8")
        found = read_device_export("apple-health", path)
    assert {r.source_key: r.value for r in found.records} == expected


# --- Fitbit --------------------------------------------------------------------------------

MAIN_SLEEP = {
    "logId": 41001, "dateOfSleep": "2026-11-23", "startTime": "2026-11-22T23:40:00.000",
    "endTime": "2026-11-23T06:55:00.000", "duration": 26100000, "minutesToFallAsleep": 0,
    "minutesAsleep": 390, "minutesAwake": 45, "minutesAfterWakeup": 0, "timeInBed": 435,
    "efficiency": 90, "type": "stages", "infoCode": 0, "mainSleep": True,
    "levels": {"summary": {"deep": {"count": 4, "minutes": 65, "thirtyDayAvgMinutes": 60},
                           "wake": {"count": 20, "minutes": 45, "thirtyDayAvgMinutes": 50},
                           "light": {"count": 25, "minutes": 235, "thirtyDayAvgMinutes": 200},
                           "rem": {"count": 6, "minutes": 90, "thirtyDayAvgMinutes": 80}},
               "data": [], "shortData": []},
}  # fmt: skip
NAP = {
    "logId": 41002, "dateOfSleep": "2026-11-23", "startTime": "2026-11-23T14:10:00.000",
    "endTime": "2026-11-23T14:50:00.000", "minutesAsleep": 35, "minutesAwake": 5,
    "timeInBed": 40, "type": "classic", "mainSleep": False,
    "levels": {"summary": {"asleep": {"count": 0, "minutes": 35},
                           "restless": {"count": 1, "minutes": 5},
                           "awake": {"count": 0, "minutes": 0}}},
}  # fmt: skip
CLASSIC = {
    "logId": 41003, "dateOfSleep": "2026-11-24", "startTime": "2026-11-23T23:00:00.000",
    "endTime": "2026-11-24T07:00:00.000", "minutesAsleep": 450, "minutesAwake": 30,
    "timeInBed": 480, "type": "classic", "mainSleep": True,
    "levels": {"summary": {"asleep": {"count": 0, "minutes": 450},
                           "restless": {"count": 3, "minutes": 20},
                           "awake": {"count": 1, "minutes": 10}}},
}  # fmt: skip
STEPS_MINUTES = [
    {"dateTime": "11/23/26 00:00:00", "value": "0"},
    {"dateTime": "11/23/26 09:01:00", "value": "12"},
    {"dateTime": "11/23/26 09:02:00", "value": "30"},
    {"dateTime": "11/23/26 18:30:00", "value": "58"},  # 12 + 30 + 58 = 100, last at 18:30
    {"dateTime": "11/23/26 18:31:00", "value": "0"},
    {"dateTime": "11/24/26 08:00:00", "value": "0"},  # 24 Nov: nothing counted
]

FITBIT_FILES = {
    "Takeout/Fitbit/Global Export Data/sleep-2026-10-31.json": json.dumps([MAIN_SLEEP, NAP]),
    # an overlapping file repeats log 41001: counted once
    "Takeout/Fitbit/Global Export Data/sleep-2026-11-23.json": json.dumps([MAIN_SLEEP, CLASSIC]),
    "Takeout/Fitbit/Global Export Data/steps-2026-11-01.json": json.dumps(STEPS_MINUTES),
    "Takeout/Fitbit/Global Export Data/heart_rate-2026-11-23.json": "[]",
    "Takeout/Fitbit/Sleep Score/sleep_score.csv": "sleep_log_entry_id,overall_score\n",
}


def fitbit_expected() -> list[tuple]:
    return [
        # 390 + 35 (the nap adds) = 425 min = 7.08 h; 450 min = 7.5 h
        ("sleep", local(2026, 11, 23, 14, 50), 7.08, "sleep:2026-11-23", None, "Fitbit"),
        ("sleep", local(2026, 11, 24, 7, 0), 7.5, "sleep:2026-11-24", None, "Fitbit"),
        ("steps", local(2026, 11, 23, 18, 30), 100.0, "steps:2026-11-23", None, "Fitbit"),
    ]


@pytest.mark.parametrize("as_zip", [False, True])
def test_fitbit_takeout_folder_and_zip(tmp_path, as_zip):
    if as_zip:
        path = write_zip(tmp_path / "takeout-20261201T100000Z-001.zip", FITBIT_FILES)
    else:
        path = write_folder(tmp_path / "Takeout-unzipped", FITBIT_FILES)
    found = read_device_export("fitbit", path)
    assert rows(found) == fitbit_expected()
    notes = {r.source_key: r.note for r in found.records}
    assert notes["sleep:2026-11-23"] == (
        "Asleep 23:40 – 06:55 (light 3h55m, deep 1h05m, REM 1h30m); nap 14:10 – 14:50 (35m)"
    )
    assert notes["sleep:2026-11-24"] == "Asleep 23:00 – 07:00 (restless 20m)"
    assert found.skipped == {"days with no steps counted": 1}
    again = read_device_export("fitbit", path)
    assert [r.source_key for r in again.records] == [r.source_key for r in found.records]


def test_fitbit_two_trackers_same_night_take_the_longer(tmp_path):
    other = {**CLASSIC, "logId": 9, "startTime": "2026-11-23T23:10:00.000", "minutesAsleep": 400}
    path = write_folder(tmp_path / "t", {
        "Fitbit/Global Export Data/sleep-2026-11-01.json": json.dumps([CLASSIC, other]),
    })  # fmt: skip
    found = read_device_export("fitbit", path)
    assert [(r.source_key, r.value) for r in found.records] == [("sleep:2026-11-24", 7.5)]
    assert found.skipped == {"sleep days from a second device (the other had more)": 1}


def test_fitbit_bad_files(tmp_path):
    empty = write_folder(tmp_path / "empty", {"Takeout/archive_browser.html": "<html/>"})
    assert "not a Fitbit export (no sleep-YYYY-MM-DD.json" in refused("fitbit", empty)
    broken = write_folder(tmp_path / "broken", {"sleep-2026-11-01.json": '[{"logId": 1,'})
    message = refused("fitbit", broken)
    assert "sleep-2026-11-01.json: cannot be read (" in message
    bad_time = write_folder(tmp_path / "bad", {
        "sleep-2026-11-01.json": json.dumps([{**CLASSIC, "endTime": "tomorrow"}]),
    })  # fmt: skip
    # a malformed time leaves the record out, counted (issue 26)
    unreadable = {"with an unreadable number, date or offset": 1}
    assert read_device_export("fitbit", bad_time).untrue == unreadable
    bad_steps = write_folder(tmp_path / "steps", {
        "steps-2026-11-01.json": json.dumps([{"dateTime": "2026-11-23 00:00", "value": "3"}]),
    })  # fmt: skip
    assert read_device_export("fitbit", bad_steps).untrue == unreadable


# --- Google Fit ----------------------------------------------------------------------------


def test_google_fit_columns_by_name_in_any_order_some_missing(tmp_path):
    path = write_folder(tmp_path / "Takeout", {
        "Fit/Daily activity metrics/Daily activity metrics.csv": (
            "Step count,Calories (kcal),Heart Points,Date,Average heart rate (bpm),"
            "Move Minutes count\n"
            "6500,1800.5,12,2026-11-23,72.5,45\n"
            ",1700,,2026-11-24,,\n"  # nothing counted: no record, nothing skipped
            "0,1650,,2026-11-25,,0\n"  # 0 steps: a day the phone stayed home
        ),
        # 26 Nov only in its per-day file: 1,000 + 234 steps, 10 + 5 move minutes
        "Fit/Daily activity metrics/2026-11-26.csv": (
            "Start time,End time,Move Minutes count,Calories (kcal),Step count\n"
            "09:00:00.000+01:00,09:15:00.000+01:00,10,40,1000\n"
            "09:15:00.000+01:00,09:30:00.000+01:00,5,20,234\n"
            "09:30:00.000+01:00,09:45:00.000+01:00,,15,\n"
        ),
        # 23 Nov's per-day file is not counted again
        "Fit/Daily activity metrics/2026-11-23.csv": (
            "Start time,End time,Step count\n09:00:00.000-05:00,09:15:00.000-05:00,6500\n"
        ),
        "Fit/All sessions/2026-11-23T09_00_00-05_00_WALKING.json": "{}",
    })  # fmt: skip
    found = read_device_export("google-fit", path)
    assert rows(found) == [
        # 23 Nov at noon in the offset its own per-day file writes: one zone (issue 26)
        ("exercise", "2026-11-23T12:00:00-05:00", 45.0, "exercise:2026-11-23:active minutes",
         "active minutes", None),
        ("exercise", "2026-11-26T09:15:00+01:00", 15.0, "exercise:2026-11-26:active minutes",
         "active minutes", None),
        ("steps", "2026-11-23T12:00:00-05:00", 6500.0, "steps:2026-11-23", None, None),
        ("steps", "2026-11-26T09:15:00+01:00", 1234.0, "steps:2026-11-26", None, None),
    ]  # fmt: skip
    assert found.skipped == {"days with no steps counted": 1}


def test_google_fit_bare_csv_with_only_steps(tmp_path):
    path = tmp_path / "Daily activity metrics.csv"
    path.write_text("\ufeffDate,Distance (m),Step count\r\n2026-11-23,4000.2,5321\r\n")
    found = read_device_export("google-fit", path)
    assert [(r.source_key, r.value) for r in found.records] == [("steps:2026-11-23", 5321.0)]


def test_google_fit_bad_files(tmp_path):
    nothing = write_folder(tmp_path / "n", {"Fit/Activities/x.tcx": "<x/>"})
    assert "not a Google Fit export (no 'Daily activity metrics.csv' in it)" in refused(
        "google-fit", nothing
    )
    bad_date = tmp_path / "Daily activity metrics.csv"
    bad_date.write_text("Date,Step count\n2026-11-23,10\n23/11/2026,12\n")
    unreadable = {"with an unreadable number, date or offset": 1}  # left out (issue 26)
    assert read_device_export("google-fit", bad_date).untrue == unreadable
    bad_number = tmp_path / "b" / "Daily activity metrics.csv"
    bad_number.parent.mkdir()
    bad_number.write_text("Date,Step count\n2026-11-23,ten\n")
    assert read_device_export("google-fit", bad_number).untrue == unreadable
    columns = tmp_path / "c" / "Daily activity metrics.csv"
    columns.parent.mkdir()
    columns.write_text("Day,Steps\n2026-11-23,10\n")
    assert "no Date column with Step count or Move Minutes count" in refused("google-fit", columns)


# --- Samsung Health ------------------------------------------------------------------------


def epoch_ms(day: str) -> str:
    return str(int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp() * 1000))


SAMSUNG_FILES = {
    "samsunghealth_ann_20261201093000/com.samsung.shealth.sleep.20261201093000.csv": (
        "com.samsung.shealth.sleep,6310003,3\n"
        "sleep_score,com.samsung.health.sleep.start_time,com.samsung.health.sleep.end_time,"
        "com.samsung.health.sleep.time_offset,com.samsung.health.sleep.deviceuuid,"
        "com.samsung.health.sleep.datauuid,\n"
        # 22:40-05:55 UTC at UTC+0100 is 23:40-06:55 local: 7h15m = 7.25 h, woke 23 Nov
        "80,2026-11-22 22:40:00.000,2026-11-23 05:55:00.000,UTC+0100,watch-1,a1,\n"
        # the phone the same night: 23:00-05:00 UTC = 6 h, set aside
        ",2026-11-22 23:00:00.000,2026-11-23 05:00:00.000,UTC+0100,phone-1,a2,\n"
        # a bedtime goal with nothing recorded
        ",2026-11-23 22:00:00.000,,UTC+0100,watch-1,a3,\n"
        # New York: 04:30-11:45 UTC at UTC-0500 is 23:30-06:45 local on the 25th: 7.25 h
        f"81,{epoch_ms('2026-11-25T04:30:00')},{epoch_ms('2026-11-25T11:45:00')},UTC-0500,"
        "watch-1,a4,\n"
    ),
    "samsunghealth_ann_20261201093000/com.samsung.shealth.tracker.pedometer_day_summary"
    ".20261201093000.csv": (
        "com.samsung.shealth.tracker.pedometer_day_summary,6310003,3\n"
        "create_sh_ver,step_count,active_time,deviceuuid,day_time,\n"
        f"6310003,4000,3600000,phone-1,{epoch_ms('2026-11-23T00:00:00')},\n"
        f"6310003,6500,3720000,watch-1,{epoch_ms('2026-11-23T00:00:00')},\n"  # 6,500, not 10,500
    ),
    "samsunghealth_ann_20261201093000/com.samsung.shealth.step_daily_trend.20261201093000.csv": (
        "com.samsung.shealth.step_daily_trend,6310003,3\n"
        "binning_data,count,source_type,deviceuuid,day_time,\n"
        ",3000,0,phone-1,2026-11-24 00:00:00.000,\n"
        ",3200,-2,phone-1,2026-11-24 00:00:00.000,\n"  # Samsung's merge: 3,200
    ),
    "samsunghealth_ann_20261201093000/jsons/com.samsung.shealth.sleep/a1.json": "{}",
    "samsunghealth_ann_20261201093000/com.samsung.health.sleep_stage.20261201093000.csv": (
        "com.samsung.health.sleep_stage,6310003,3\nstart_time,stage\n"
    ),
}


def samsung_expected() -> list[tuple]:
    return [
        ("sleep", "2026-11-23T06:55:00+01:00", 7.25, "sleep:2026-11-23", None, "watch-1"),
        ("sleep", "2026-11-25T06:45:00-05:00", 7.25, "sleep:2026-11-25", None, "watch-1"),
        ("steps", local(2026, 11, 23, 12, 0), 6500.0, "steps:2026-11-23", None, "watch-1"),
        ("steps", local(2026, 11, 24, 12, 0), 3200.0, "steps:2026-11-24", None, "all devices"),
    ]


@pytest.mark.parametrize("as_zip", [False, True])
def test_samsung_health_export_folder(tmp_path, as_zip):
    if as_zip:
        path = write_zip(tmp_path / "samsung.zip", SAMSUNG_FILES)
    else:
        path = write_folder(tmp_path / "Samsung Health", SAMSUNG_FILES)
    found = read_device_export("samsung-health", path)
    assert rows(found) == samsung_expected()
    assert by_key(found)["sleep:2026-11-23"].note == "Asleep 23:40 – 06:55"
    assert found.skipped == {
        "sleep rows without a start or end": 1,
        "sleep days from a second device (the other had more)": 1,
    }
    assert [r.source_key for r in read_device_export("samsung-health", path).records] == [
        r.source_key for r in found.records
    ]


def test_samsung_health_bad_files(tmp_path):
    nothing = write_folder(tmp_path / "n", {"com.samsung.health.weight.20261201.csv": "x\n"})
    assert "not a Samsung Health export" in refused("samsung-health", nothing)
    name = "com.samsung.shealth.sleep.20261201093000.csv"
    bad = write_folder(tmp_path / "b", {name: (
        "com.samsung.shealth.sleep,6310003,3\n"
        "com.samsung.health.sleep.start_time,com.samsung.health.sleep.end_time,"
        "com.samsung.health.sleep.time_offset\n"
        "2026-11-22 22:40:00.000,2026-11-23 05:55:00.000,GMT+1\n"
    )})  # fmt: skip
    assert read_device_export("samsung-health", bad).untrue == {
        "with an unreadable number, date or offset": 1
    }  # a malformed offset leaves the row out, counted (issue 26)
    backwards = write_folder(tmp_path / "w", {name: (
        "com.samsung.shealth.sleep,6310003,3\nstart_time,end_time,time_offset\n"
        "2026-11-23 05:55:00.000,2026-11-22 22:40:00.000,UTC+0100\n"
    )})  # fmt: skip
    found = read_device_export("samsung-health", backwards)
    assert found.records == [] and found.untrue == {"with the end before the start": 1}
    assert found.closing_line() == (
        "Samsung Health: nothing to import; left out 1 record that cannot be true (1 with the "
        "end before the start)."
    )


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)),
    st.integers(-12 * 60, 14 * 60),
)
def test_apple_times_read_back_in_their_own_offset(moment, minutes):
    from datetime import timedelta, timezone

    from painlog.formats.devices.apple_health import apple_time

    zone = timezone(timedelta(minutes=minutes))
    aware = moment.replace(microsecond=0, tzinfo=zone)
    sign, size = ("-" if minutes < 0 else "+"), abs(minutes)
    text = f"{aware:%Y-%m-%d %H:%M:%S} {sign}{size // 60:02d}{size % 60:02d}"
    read = apple_time(text)
    assert read == aware and read.utcoffset() == aware.utcoffset()


def test_samsung_health_without_metadata_line_and_fitbit_progress(tmp_path):
    name = "com.samsung.shealth.tracker.pedometer_day_summary.20261201093000.csv"
    path = write_folder(tmp_path / "s", {name: "day_time,step_count\n2026-11-23 00:00:00.000,77\n"})
    found = read_device_export("samsung-health", path)
    assert [(r.source_key, r.value) for r in found.records] == [("steps:2026-11-23", 77.0)]
    seen: list[float] = []
    zipped = write_zip(tmp_path / "takeout.zip", FITBIT_FILES)
    read_device_export("fitbit", zipped, seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)


spells = st.lists(st.tuples(st.integers(0, 480), st.integers(1, 120)), max_size=8)


@given(spells, spells)
def test_a_night_is_the_source_with_most_asleep_time_never_the_sum(watch, phone):
    from datetime import timedelta, timezone

    from painlog.formats.devices.nights import nights
    from painlog.formats.devices.records import union_seconds

    midnight = datetime(2026, 11, 23, tzinfo=timezone(timedelta(hours=-5)))
    intervals = {
        source: [
            (midnight + timedelta(minutes=start), midnight + timedelta(minutes=start + length))
            for start, length in spells
        ]
        for source, spells in (("watch", watch), ("phone", phone))
    }
    chosen = nights(
        (source, start, end, "core") for source, spans in intervals.items() for start, end in spans
    )
    asleep = {source: union_seconds(spans) for source, spans in intervals.items()}
    if not any(asleep.values()):
        assert chosen == []
        return
    (night,) = chosen
    assert night.day == "2026-11-23"
    assert night.hours * 3600 == pytest.approx(max(asleep.values()))
    assert asleep[night.device] == max(asleep.values())
