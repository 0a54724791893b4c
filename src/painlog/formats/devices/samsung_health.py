"""Samsung Health's "Download personal data" folder (or a zip of it): CSV files named
``com.samsung.shealth.<what>.<timestamp>.csv``. Their FIRST line is a metadata line
(``com.samsung.shealth.sleep,6310003,3``), the header is the second, rows often end in a comma,
and some columns carry the table's name as a prefix (``com.samsung.health.sleep.start_time``):
columns are found by the part after the last dot.

- **Sleep** (``com.samsung.shealth.sleep.*.csv``: ``start_time``, ``end_time``,
  ``time_offset``, ``deviceuuid``): times are UTC (``2026-11-23 05:55:00.000``, or epoch
  milliseconds) with the offset in its own column (``UTC+0100``): the local time is UTC plus the
  offset. Hours are end minus start, on the day of waking. A day's sessions (a nap included)
  come from one device, the one with the most sleep (``nights.py``). A row without a start or end
  (a bedtime goal with nothing recorded) is left out and counted.
- **Steps** (``com.samsung.shealth.tracker.pedometer_day_summary.*.csv``: ``day_time``,
  ``step_count``; or ``com.samsung.shealth.step_daily_trend.*.csv``: ``day_time``, ``count``,
  ``source_type``): Samsung writes one row per device per day, plus (``source_type`` -2) its own
  merge of all devices. ``day_time`` marks the local date (midnight UTC of it). The day takes
  the largest row, never a sum (Samsung's merge when there is one, as it is never smaller). A day
  is at 12:00 local time (never later than now).

Exercise, heart rate and the other files are not read.

source_key: ``sleep:DAY``, ``steps:DAY``.
"""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

from painlog.errors import InvalidInput
from painlog.formats.devices.archive import Export, Member, Reading, csv_rows
from painlog.formats.devices.nights import nights
from painlog.formats.devices.records import RECORD_ERRORS, DeviceImport, Progress
from painlog.messages import Msg, say

SOURCE = "samsung-health"
SLEEP_FILE = re.compile(r"com\.samsung\.shealth\.sleep\.\d+\.csv", re.IGNORECASE)
STEP_FILES = re.compile(
    r"com\.samsung\.shealth\.(tracker\.pedometer_day_summary|step_daily_trend)\.\d+\.csv",
    re.IGNORECASE,
)
_OFFSET = re.compile(r"UTC([+-])(\d{2}):?(\d{2})")
ALL_DEVICES = "-2"
NOON = time(12, 0)


# The metadata line that starts each file names its table: a renamed file is still known.
SLEEP_TABLE = re.compile(r"com\.samsung\.s?health\.sleep", re.IGNORECASE)
STEP_TABLES = re.compile(
    r"com\.samsung\.s?health\.(tracker\.pedometer_day_summary|step_daily_trend)", re.IGNORECASE
)


def _table(export: Export, member: Member) -> str | None:
    """``sleep``, ``steps`` or None: from the file's first line (its metadata line names the
    table), else from its name. Only the first 4 kB are read to tell."""
    try:
        with member.opener() as stream:
            head = stream.read(4096)
    except (OSError, EOFError, RuntimeError, ValueError, zipfile.BadZipFile):
        head = b""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].split(b",", 1)[0]
    table = first.decode("ascii", "replace").strip().strip('"')
    if SLEEP_TABLE.fullmatch(table):
        return "sleep"
    if STEP_TABLES.fullmatch(table):
        return "steps"
    if SLEEP_FILE.fullmatch(member.basename):
        return "sleep"
    if STEP_FILES.fullmatch(member.basename):
        return "steps"
    return None


def read_samsung_health(path: Path, progress: Progress | None = None) -> DeviceImport:
    with Export(path) as export:
        tables = {member.name: _table(export, member) for member in export.members
                  if member.basename.lower().endswith(".csv")}  # fmt: skip
        sleep = [m for m in export.members if tables.get(m.name) == "sleep"]
        steps = [m for m in export.members if tables.get(m.name) == "steps"]
        if not sleep and not steps:
            raise InvalidInput(say(Msg.DEVICE_NOT_EXPORT, path=path,
                                   what="a Samsung Health export",
                                   why="no com.samsung.shealth.sleep or pedometer CSV in it",
                                   accepted=Msg.FORM_SAMSUNG_HEALTH_FILE.value))  # fmt: skip
        reading = Reading([*sleep, *steps], progress)
        found = DeviceImport(SOURCE)
        intervals = []
        for member in sorted(sleep, key=lambda m: m.name):
            for _number, cells in _rows(export, reading, member):
                start, end = cells.get("start_time", ""), cells.get("end_time", "")
                if not start or not end:
                    found.skip(Msg.DEVICE_SKIP_NO_TIMES.value)
                    continue
                try:
                    zone = _zone(cells.get("time_offset", ""))
                    begun, woke = _utc(start).astimezone(zone), _utc(end).astimezone(zone)
                    begun.isoformat(), woke.isoformat()
                except RECORD_ERRORS:
                    found.reject(Msg.UNTRUE_UNREADABLE.value)
                    continue
                if woke < begun:
                    found.reject(Msg.UNTRUE_BACKWARDS.value)
                    continue
                if woke == begun:
                    found.reject(Msg.UNTRUE_NO_LENGTH.value)
                    continue
                if found.too_late(woke):
                    continue
                intervals.append((cells.get("deviceuuid", ""), begun, woke, "asleep"))
        for night in nights(intervals):
            found.add("sleep", night.woke, night.hours, f"sleep:{night.day}", note=night.note,
                      device=night.device or None)  # fmt: skip
            found.skip(say(Msg.DEVICE_SKIP_SECOND_DEVICE, kind="sleep"), night.others)
        _steps(export, reading, steps, found)
        reading.finish()
        return found


def _steps(export: Export, reading: Reading, members: list[Member], found: DeviceImport) -> None:
    days: dict[str, dict[str, float]] = {}  # day -> device -> steps
    for member in sorted(members, key=lambda m: m.name):
        for _number, cells in _rows(export, reading, member):
            text = cells.get("step_count") or cells.get("count") or ""
            if not text or not cells.get("day_time"):
                continue
            try:
                day = _utc(cells["day_time"]).date().isoformat()
                steps = float(text)
            except RECORD_ERRORS:
                found.reject(Msg.UNTRUE_UNREADABLE.value)
                continue
            if not 0 <= steps <= 200_000:  # NaN and inf too
                found.reject(say(Msg.DEVICE_SKIP_IMPOSSIBLE, kind="steps"))
                continue
            device = (
                "all devices"
                if cells.get("source_type") == ALL_DEVICES
                else cells.get("deviceuuid") or "one device"
            )
            here = days.setdefault(day, {})
            here[device] = max(here.get(device, 0.0), steps)
    for day in sorted(days):
        devices = days[day]
        device = min(devices, key=lambda name: (-devices[name], name))
        if devices[device] <= 0:
            found.skip(Msg.DEVICE_SKIP_NO_STEPS.value)
            continue
        at = found.day_moment(date.fromisoformat(day), NOON)
        if at is None:
            continue
        found.add("steps", at, devices[device], f"steps:{day}", device=device)


def _rows(export: Export, reading: Reading, member: Member):
    """(line number, column -> cell) for each data row, past the metadata line and header."""
    rows = csv_rows(export, reading, member, lambda name: name.strip().rsplit(".", 1)[-1].lower(),
                    _metadata)  # fmt: skip
    next(rows, None)  # the heading
    return rows


def _metadata(first: list[str]) -> bool:
    """The metadata line before the heading: the table's name, a version number, a count of
    columns."""
    return 2 <= len(first) <= 4 and first[1].strip().isdigit()


def _utc(text: str) -> datetime:
    """``2026-11-23 05:55:00.000`` or epoch milliseconds, in UTC."""
    if text.isascii() and text.isdigit():
        return datetime.fromtimestamp(int(text[:16]) / 1000, UTC)
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        raise ValueError(
            f"'{text}' is not a time like 2026-11-23 05:55:00.000 (UTC) or epoch milliseconds."
        ) from None


def _zone(text: str) -> timezone:
    """``UTC+0100`` -> +01:00; an empty offset is UTC."""
    if not text:
        return UTC
    match = _OFFSET.fullmatch(text)
    if match is None:
        raise ValueError(f"time_offset: '{text}' is not an offset like UTC+0100.")
    if int(match[2]) > 14 or int(match[3]) > 59:  # the Earth's offsets run -12:00..+14:00
        raise ValueError(f"time_offset: '{text}' is not an offset like UTC+0100.")
    minutes = int(match[2]) * 60 + int(match[3])
    return timezone(timedelta(minutes=-minutes if match[1] == "-" else minutes))
