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

Fitbit writes local times without an offset: each takes the local offset in force on its date,
as ``painlog.timeparse.localize`` does. Heart rate, exercise and the newer ``Physical
Activity_GoogleData`` CSV files are not read.

source_key: ``sleep:DAY``, ``steps:DAY``.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from painlog.errors import InvalidInput
from painlog.formats.devices.archive import Export, Member, Reading
from painlog.formats.devices.records import DeviceImport, Progress, clock, span
from painlog.messages import Msg, say

SOURCE = "fitbit"
SLEEP_FILE = re.compile(r"sleep-\d{4}-\d{2}-\d{2}\.json", re.IGNORECASE)
STEPS_FILE = re.compile(r"steps-\d{4}-\d{2}-\d{2}\.json", re.IGNORECASE)
_STEP_TIME = re.compile(r"(\d{2})/(\d{2})/(\d{2}) (\d{2}):(\d{2}):(\d{2})")
STAGES = {"light": "light", "deep": "deep", "rem": "REM", "restless": "restless"}


class Unreadable(ValueError):
    pass


def read_fitbit(path: Path, progress: Progress | None = None) -> DeviceImport:
    with Export(path) as export:
        sleep = [m for m in export.members if SLEEP_FILE.fullmatch(m.basename)]
        steps = [m for m in export.members if STEPS_FILE.fullmatch(m.basename)]
        if not sleep and not steps:
            raise InvalidInput(say(Msg.DEVICE_NOT_EXPORT, path=path, what="a Fitbit export",
                                   why="no sleep-YYYY-MM-DD.json or steps-YYYY-MM-DD.json in it",
                                   accepted=Msg.FORM_FITBIT_FILE.value))  # fmt: skip
        reading = Reading([*sleep, *steps], progress)
        found = DeviceImport(SOURCE)
        logs: dict[str, tuple[str, dict[str, Any]]] = {}  # logId -> (file, log)
        for member in sorted(sleep, key=lambda m: m.name):
            for log in _json_list(export, reading, member):
                key = str(log.get("logId") or f"{log.get('startTime')}")
                logs.setdefault(key, (export.label(member), log))
        _sleep(found, logs)
        days: dict[str, tuple[float, str]] = {}
        for member in sorted(steps, key=lambda m: m.name):
            _steps_file(export, reading, member, days)
        for day in sorted(days):
            total, latest = days[day]
            if total <= 0:
                found.skip(Msg.DEVICE_SKIP_NO_STEPS.value)
                continue
            at = datetime.combine(date.fromisoformat(day), time.fromisoformat(latest)).astimezone()
            found.add("steps", at, total, f"steps:{day}", device="Fitbit")
        reading.finish()
        return found


def _json_list(export: Export, reading: Reading, member: Member) -> list[dict[str, Any]]:
    try:
        data = json.loads(reading.read_bytes(member).decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput(say(Msg.DEVICE_UNREADABLE, file=export.label(member),
                               reason=error)) from None  # fmt: skip
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InvalidInput(say(Msg.DEVICE_UNREADABLE, file=export.label(member),
                               reason="not a list of Fitbit records"))  # fmt: skip
    return data


def _local(text: object) -> datetime:
    """``2026-11-22T23:40:00.000`` (no offset) in the local offset of that date."""
    if not isinstance(text, str):
        raise Unreadable(f"'{text}' is not a time like 2026-11-22T23:40:00.000.")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Unreadable(f"'{text}' is not a time like 2026-11-22T23:40:00.000.") from None
    return moment.astimezone() if moment.tzinfo is None else moment


def _sleep(found: DeviceImport, logs: dict[str, tuple[str, dict[str, Any]]]) -> None:
    days: dict[str, list[tuple[datetime, datetime, dict[str, Any]]]] = {}
    for key, (file, log) in logs.items():
        try:
            start, end = _local(log.get("startTime")), _local(log.get("endTime"))
            minutes = log.get("minutesAsleep")
            if not isinstance(minutes, int | float) or isinstance(minutes, bool):
                raise Unreadable(f"minutesAsleep '{minutes}' is not a number.")
        except Unreadable as error:
            raise InvalidInput(say(Msg.DEVICE_BAD_RECORD, file=file,
                                   where=f"sleep log {key}", reason=str(error))) from None  # fmt: skip
        days.setdefault(end.date().isoformat(), []).append((start, end, log))
    for day in sorted(days):
        night = _one_device(days[day], found)
        minutes = sum(log["minutesAsleep"] for _, _, log in night)
        woke = max(end for _, end, _ in night)
        found.add("sleep", woke, minutes / 60, f"sleep:{day}", note=_note(night), device="Fitbit")


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
    export: Export, reading: Reading, member: Member, days: dict[str, tuple[float, str]]
) -> None:
    here: dict[str, list] = {}  # day -> [sum, latest time counted]
    for number, item in enumerate(_json_list(export, reading, member), start=1):
        stamp_text, value = item.get("dateTime"), item.get("value")
        match = _STEP_TIME.fullmatch(stamp_text) if isinstance(stamp_text, str) else None
        try:
            if match is None:
                raise ValueError
            day = date(2000 + int(match[3]), int(match[1]), int(match[2])).isoformat()
            steps = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InvalidInput(say(Msg.DEVICE_BAD_RECORD, file=export.label(member),
                                   where=f"item {number:,}",
                                   reason=f"'{stamp_text}' = '{value}' is not a time like "
                                          "11/23/26 00:00:00 with a count of steps.")) from None  # fmt: skip
        clock_text = f"{match[4]}:{match[5]}:{match[6]}"
        total = here.setdefault(day, [0.0, "00:00:00"])
        total[0] += steps
        if steps and clock_text > total[1]:
            total[1] = clock_text
    for day, (total, latest) in here.items():
        if day not in days or total > days[day][0]:
            days[day] = (total, latest)
