"""Fitbit's data in a Google Takeout (the zip or the unzipped folder): the JSON files
``Takeout/Fitbit/Global Export Data/sleep-YYYY-MM-DD.json`` and ``steps-YYYY-MM-DD.json`` (the
older "MyFitbitData/NAME/Sleep|Physical Activity" export has the same files and is read too).
Each file holds about a month; they are read one at a time.

- **Sleep** (``sleep-*.json``: a list of sleep logs with ``logId``, ``dateOfSleep``,
  ``startTime``, ``endTime``, ``minutesAsleep``, ``mainSleep``, ``type`` stages|classic and
  ``levels.summary``): hours are ``minutesAsleep`` (Fitbit's asleep time, awake and restless
  spells already left out), on the day the log ended. Naps (``mainSleep`` false) ADD to the day
  they ended, as naps the person types do, and the note names them; a night is the main sleep
  plus that day's naps. A log found in two files (overlapping Takeouts) counts once (``logId``).
- **Steps** (``steps-*.json``: ``[{"dateTime": "11/23/26 00:00:00", "value": "12"}, …]``, one
  value a minute): summed per day. A day found in two files takes the larger sum, never both.
  A day whose minutes add up to 0 steps is left out (the tracker was not worn).

Times. Sleep logs are written in the person's local time without an offset. The per-minute
step times are UTC in a Google Takeout and local time in the older export, and the file does not
say which, so the export's own fields decide (the closing line says what was found):

- the zone is the profile's (``Profile.csv``'s ``timezone``, e.g. ``Europe/Berlin``, or a
  profile JSON's ``timezone``/``offsetFromUTCMillis``); without a profile, this computer's;
- the minute steps are read both ways, and the reading that puts fewer steps inside the sleep
  logs' times wins (a person asleep takes no steps); with no sleep logs, or no difference, they
  are UTC when the export has a profile zone (a Takeout) and local time otherwise.

Left out and counted: a minute with a negative or impossible count, a sleep log that ends before
it starts or lasts no time, anything in the future, a malformed number or time. Heart rate,
exercise and the newer ``Physical Activity_GoogleData`` CSV files are not read.

source_key: ``sleep:DAY``, ``steps:DAY``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from painlog.errors import InvalidInput
from painlog.formats.devices.archive import Export, Member, Reading
from painlog.formats.devices.records import RECORD_ERRORS, DeviceImport, Progress, clock, span
from painlog.messages import Msg, say

SOURCE = "fitbit"
SLEEP_FILE = re.compile(r"sleep-\d{4}-\d{2}-\d{2}\.json", re.IGNORECASE)
STEPS_FILE = re.compile(r"steps-\d{4}-\d{2}-\d{2}\.json", re.IGNORECASE)
_STEP_TIME = re.compile(r"(\d{2})/(\d{2})/(\d{2}) (\d{2}):(\d{2}):(\d{2})")
STAGES = {"light": "light", "deep": "deep", "rem": "REM", "restless": "restless"}


class Unreadable(ValueError):
    pass


PROFILE_FILES = ("profile.csv", "profile.json", "user-profile.json")
BUCKET = timedelta(minutes=15)  # every UTC offset is a whole number of quarter hours


@dataclass
class Zone:
    """Where the export's local times are: a named zone, a fixed offset, or this computer's."""

    zone: tzinfo | None = None  # None: this computer's zone
    name: str = ""

    def aware(self, naive: datetime) -> datetime:
        return naive.astimezone() if self.zone is None else naive.replace(tzinfo=self.zone)

    def from_utc(self, naive: datetime) -> datetime:
        """A UTC wall time -> the same moment as this zone's wall time (naive)."""
        moment = naive.replace(tzinfo=UTC)
        local = moment.astimezone() if self.zone is None else moment.astimezone(self.zone)
        return local.replace(tzinfo=None)


def read_fitbit(path: Path, progress: Progress | None = None) -> DeviceImport:
    with Export(path) as export:
        sleep = [m for m in export.members if SLEEP_FILE.fullmatch(m.basename)]
        steps = [m for m in export.members if STEPS_FILE.fullmatch(m.basename)]
        if not sleep and not steps:
            raise InvalidInput(say(Msg.DEVICE_NOT_EXPORT, path=path, what="a Fitbit export",
                                   why="no sleep-YYYY-MM-DD.json or steps-YYYY-MM-DD.json in it",
                                   accepted=Msg.FORM_FITBIT_FILE.value))  # fmt: skip
        profiles = [m for m in export.members if m.basename.lower() in PROFILE_FILES]
        reading = Reading([*sleep, *steps, *profiles], progress)
        zone = _profile_zone(export, reading, profiles)
        found = DeviceImport(SOURCE)
        logs: dict[str, tuple[str, dict[str, Any]]] = {}  # logId -> (file, log)
        for member in sorted(sleep, key=lambda m: m.name):
            for log in _json_list(export, reading, member):
                key = str(log.get("logId") or f"{log.get('startTime')}")
                logs.setdefault(key, (export.label(member), log))
        windows = _sleep(found, logs, zone)
        buckets: dict[datetime, list] = {}  # quarter hour (as written) -> [steps, last minute]
        for member in sorted(steps, key=lambda m: m.name):
            _steps_file(export, reading, member, buckets, found)
        _step_days(found, buckets, windows, zone)
        reading.finish()
        return found


def _profile_zone(export: Export, reading: Reading, members: list[Member]) -> Zone:
    """The profile's time zone (``Profile.csv``'s ``timezone``; a JSON profile's ``timezone``
    or ``offsetFromUTCMillis``); this computer's when there is none it can read."""
    for member in sorted(members, key=lambda m: m.name):
        try:
            text = reading.read_bytes(member, export.label(member))[: 1 << 20].decode(
                "utf-8-sig", "replace"
            )
        except OSError:
            continue
        name, millis = "", None
        if member.basename.lower().endswith(".csv"):
            rows = list(csv.DictReader(io.StringIO(text)))[:1]
            name = (rows[0].get("timezone") or "").strip() if rows else ""
        else:
            try:
                data = json.loads(text)
            except (ValueError, RecursionError):
                continue
            data = data.get("user", data) if isinstance(data, dict) else {}
            data = data if isinstance(data, dict) else {}
            name = str(data.get("timezone") or "").strip()
            millis = data.get("offsetFromUTCMillis")
        if name:
            try:
                return Zone(ZoneInfo(name), name)
            except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
                pass
        if (
            isinstance(millis, int)
            and not isinstance(millis, bool)
            and abs(millis) <= 14 * 3600_000
        ):
            offset = timezone(timedelta(milliseconds=millis))
            return Zone(offset, str(offset))
    return Zone()


def _json_list(export: Export, reading: Reading, member: Member) -> list[dict[str, Any]]:
    try:
        data = json.loads(reading.read_bytes(member, export.label(member)).decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput(say(Msg.DEVICE_UNREADABLE, file=export.label(member),
                               reason=error)) from None  # fmt: skip
    except RecursionError:
        raise InvalidInput(say(Msg.DEVICE_UNREADABLE, file=export.label(member),
                               reason="nested too deeply")) from None  # fmt: skip
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InvalidInput(say(Msg.DEVICE_UNREADABLE, file=export.label(member),
                               reason="not a list of Fitbit records"))  # fmt: skip
    return data


def _local(text: object, zone: Zone) -> datetime:
    """``2026-11-22T23:40:00.000`` (no offset) in the export's zone."""
    if not isinstance(text, str) or len(text) > 40:
        raise Unreadable(f"'{text}' is not a time like 2026-11-22T23:40:00.000.")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Unreadable(f"'{text}' is not a time like 2026-11-22T23:40:00.000.") from None
    return zone.aware(moment) if moment.tzinfo is None else moment


def _sleep(
    found: DeviceImport, logs: dict[str, tuple[str, dict[str, Any]]], zone: Zone
) -> list[tuple[datetime, datetime]]:
    """The nights, added to ``found``; returns every log's (start, end) as naive local times,
    for telling how the minute steps are written."""
    days: dict[str, list[tuple[datetime, datetime, dict[str, Any]]]] = {}
    windows = []
    for _key, (_file, log) in logs.items():
        try:
            start, end = _local(log.get("startTime"), zone), _local(log.get("endTime"), zone)
            minutes = log.get("minutesAsleep")
            if not isinstance(minutes, int | float) or isinstance(minutes, bool):
                raise Unreadable(f"minutesAsleep '{minutes}' is not a number.")
            day = end.date().isoformat()
        except RECORD_ERRORS:
            found.reject(Msg.UNTRUE_UNREADABLE.value)
            continue
        if end < start:
            found.reject(Msg.UNTRUE_BACKWARDS.value)
        elif end == start:
            found.reject(Msg.UNTRUE_NO_LENGTH.value)
        elif not math.isfinite(minutes) or not 0 < minutes <= 24 * 60:
            found.reject(say(Msg.DEVICE_SKIP_IMPOSSIBLE, kind="sleep"))
        elif not found.too_late(end):
            days.setdefault(day, []).append((start, end, log))
            windows.append((start.replace(tzinfo=None), end.replace(tzinfo=None)))
    for day in sorted(days):
        night = _one_device(days[day], found)
        minutes = sum(log["minutesAsleep"] for _, _, log in night)
        woke = max(end for _, end, _ in night)
        found.add("sleep", woke, minutes / 60, f"sleep:{day}", note=_note(night), device="Fitbit")
    return windows


def _one_device(
    logs: list[tuple[datetime, datetime, dict[str, Any]]], found: DeviceImport
) -> list[tuple[datetime, datetime, dict[str, Any]]]:
    """Logs that overlap in time were written by two trackers for the same sleep: the longer
    is kept, never both."""
    kept: list[tuple[datetime, datetime, dict[str, Any]]] = []
    for log in sorted(logs, key=lambda item: (-item[2]["minutesAsleep"], item[0])):
        if all(log[1] <= other[0] or log[0] >= other[1] for other in kept):
            kept.append(log)
    found.skip(say(Msg.DEVICE_SKIP_SECOND_DEVICE, kind="sleep"), min(1, len(logs) - len(kept)))
    return sorted(kept, key=lambda item: item[0])


def _note(night: list[tuple[datetime, datetime, dict[str, Any]]]) -> str:
    """``Asleep 23:40 – 06:55 (light 3h10m, deep 1h05m, REM 1h30m); nap 14:10 – 14:50 (40m)``"""
    parts = []
    for start, end, log in night:
        stages: dict[str, float] = {}
        summary = _dict(_dict(log.get("levels")).get("summary"))
        for name, label in STAGES.items():
            minutes = _dict(summary.get(name)).get("minutes")
            if isinstance(minutes, int | float) and minutes > 0:
                stages[label] = minutes * 60
        detail = ", ".join(f"{label} {span(seconds)}" for label, seconds in stages.items())
        if log.get("mainSleep", True) is False:
            parts.append(f"nap {clock(start)} – {clock(end)} ({span(log['minutesAsleep'] * 60)})")
        else:
            parts.append(
                f"Asleep {clock(start)} – {clock(end)}" + (f" ({detail})" if detail else "")
            )
    return "; ".join(parts)


def _dict(value: object) -> dict[str, Any]:
    """The note's details are optional: a summary in another shape is simply not described."""
    return value if isinstance(value, dict) else {}


def _steps_file(
    export: Export,
    reading: Reading,
    member: Member,
    buckets: dict[datetime, list],
    found: DeviceImport,
) -> None:
    """The file's minutes into quarter hours as written. A quarter hour found in two files
    (overlapping Takeouts) takes the larger count, never both."""
    here: dict[datetime, list] = {}
    for item in _json_list(export, reading, member):
        stamp_text, value = item.get("dateTime"), item.get("value")
        match = _STEP_TIME.fullmatch(stamp_text) if isinstance(stamp_text, str) else None
        try:
            if match is None:
                raise ValueError(stamp_text)
            minute = datetime(2000 + int(match[3]), int(match[1]), int(match[2]),
                              int(match[4]), int(match[5]), int(match[6]))  # fmt: skip
            steps = float(value) if isinstance(value, str | int | float) else float("nan")
        except RECORD_ERRORS:
            found.reject(Msg.UNTRUE_UNREADABLE.value)
            continue
        if steps < 0:
            found.reject(Msg.UNTRUE_NEGATIVE.value)
            continue
        if not math.isfinite(steps) or steps > 1000:  # no one takes 1,000 steps a minute
            found.reject(say(Msg.DEVICE_SKIP_IMPOSSIBLE, kind="steps"))
            continue
        bucket = minute.replace(minute=minute.minute - minute.minute % 15, second=0)
        total = here.setdefault(bucket, [0.0, None])
        total[0] += steps
        if steps and (total[1] is None or minute > total[1]):
            total[1] = minute
    for bucket, total in here.items():
        if bucket not in buckets or total[0] > buckets[bucket][0]:
            buckets[bucket] = total


def _in_sleep(buckets: dict[datetime, list], windows: list, shift) -> float:
    """Steps whose quarter hour, read with ``shift``, falls inside a sleep log's time."""
    if not windows:
        return 0.0
    ordered = sorted(windows)
    starts = [start for start, _ in ordered]
    total = 0.0
    for bucket, (steps, _) in buckets.items():
        if not steps:
            continue
        moment = shift(bucket)
        index = bisect_right(starts, moment) - 1
        # a log that started at or before this quarter hour and ends after it (logs are at
        # most a day long: one that started earlier than that cannot hold it)
        while index >= 0 and ordered[index][0] >= moment - timedelta(days=1):
            start, end = ordered[index]
            if start <= moment and moment + BUCKET <= end:
                total += steps
                break
            index -= 1
    return total


def _step_days(
    found: DeviceImport, buckets: dict[datetime, list], windows: list, zone: Zone
) -> None:
    """Which way the minute steps are written (UTC or local), then their days."""
    as_local = _in_sleep(buckets, windows, lambda naive: naive)
    as_utc = _in_sleep(buckets, windows, zone.from_utc)
    if as_utc != as_local:
        utc, why = as_utc < as_local, Msg.FITBIT_BY_SLEEP.value
    elif zone.name:
        utc, why = True, Msg.FITBIT_BY_PROFILE.value
    else:
        utc, why = False, Msg.FITBIT_NO_CLUE.value
    where = zone.name or Msg.FITBIT_THIS_COMPUTER.value
    if buckets:
        reading = say(Msg.FITBIT_UTC, zone=where) if utc else say(Msg.FITBIT_LOCAL, zone=where)
        found.zone_note = say(Msg.FITBIT_ZONE_NOTE, reading=reading, why=why)
    days: dict[str, list] = {}  # day -> [steps, last counted minute, local]
    for bucket, (steps, last) in buckets.items():
        local = zone.from_utc(bucket) if utc else bucket
        day = local.date().isoformat()
        total = days.setdefault(day, [0.0, None])
        total[0] += steps
        if last is not None:
            latest = zone.from_utc(last) if utc else last
            if total[1] is None or latest > total[1]:
                total[1] = latest
    for day in sorted(days):
        total, latest = days[day]
        if total <= 0 or latest is None:
            found.skip(Msg.DEVICE_SKIP_NO_STEPS.value)
            continue
        try:
            at = zone.aware(latest)
        except RECORD_ERRORS:
            found.reject(Msg.UNTRUE_UNREADABLE.value)
            continue
        found.add("steps", at, total, f"steps:{day}", device="Fitbit")
