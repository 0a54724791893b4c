"""Google Fit's Takeout: ``Fit/Daily activity metrics/Daily activity metrics.csv`` (one row a
day; older Takeouts call it ``Daily Summaries.csv``), or the per-day files beside it
(``2026-11-23.csv``, one row per 15 minutes, ``Start time``/``End time`` like
``09:15:00.000+01:00``). Give the Takeout zip or folder, or the CSV itself.

Columns differ between people (and between Takeouts), so they are found BY NAME, and a missing
one is fine: ``Date``, ``Step count`` (steps for the day) and ``Move Minutes count`` (exercise,
named "active minutes"). Distance, calories, heart points, speeds, weight and the heart-rate
columns (an average, not the resting rate) are left out. A day in the daily file is not read
again from its per-day file; a day only in per-day files is summed from its rows.

Times: every day is in one zone, the export's own. A per-day file writes each interval with
its offset (``+01:00``); a day in the daily file (dates without times) is at 12:00 in the offset
its own per-day file writes, or, without one, the offset of the nearest day that has one, and
only with no per-day files at all in this computer's zone (never later than now). A per-day
file's record is at the start of its last interval that counted something. Days with 0 steps
are left out (the phone was not carried); 0 move minutes make no exercise record. A day in the
future, a negative or impossible count and a malformed date, number or offset are left out and
counted as records that cannot be true; never moved to today.

source_key: ``steps:DAY``, ``exercise:DAY:active minutes``.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from datetime import date, datetime, time, tzinfo
from pathlib import Path

from painlog.errors import InvalidInput
from painlog.formats.devices.archive import Export, Member, Reading, csv_rows
from painlog.formats.devices.records import RECORD_ERRORS, DeviceImport, Progress
from painlog.messages import Msg, say

SOURCE = "google-fit"
NAME = "active minutes"
DAILY_FILES = ("daily activity metrics.csv", "daily summaries.csv")
DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}\.csv")
STEPS, MOVE, DATE, START = "step count", "move minutes count", "date", "start time"
NOON = time(12, 0)


def read_google_fit(path: Path, progress: Progress | None = None) -> DeviceImport:
    with Export(path) as export:
        daily = [m for m in export.members if m.basename.lower() in DAILY_FILES]
        if not daily and len(export.members) == 1 and path.suffix.lower() == ".csv":
            daily = export.members  # the daily CSV under another name
        per_day = [m for m in export.members if DAY_FILE.fullmatch(m.basename)]
        if not daily and not per_day:
            raise InvalidInput(say(Msg.DEVICE_NOT_EXPORT, path=path, what="a Google Fit export",
                                   why="no 'Daily activity metrics.csv' in it",
                                   accepted=Msg.FORM_GOOGLE_FIT_FILE.value))  # fmt: skip
        reading = Reading([*daily, *per_day], progress)
        found = DeviceImport(SOURCE)
        days: dict[str, tuple[datetime, float | None, float | None]] = {}
        offsets: dict[str, tzinfo] = {}  # day -> the offset its per-day file writes
        dated: dict[str, tuple[float | None, float | None]] = {}
        for member in daily:
            _daily_file(export, reading, member, dated, found)
        for member in sorted(per_day, key=lambda m: m.basename):
            day = member.basename[:10]
            _day_file(export, reading, member, day, days, offsets, found,
                      whole=day not in dated)  # fmt: skip
        zones = sorted(offsets.items())
        for day, (steps, move) in dated.items():
            at = _noon(found, day, zones)
            if at is not None:
                days[day] = (at, steps, move)
        for day in sorted(days):
            at, steps, move = days[day]
            if steps is not None:
                if steps <= 0:
                    found.skip(Msg.DEVICE_SKIP_NO_STEPS.value)
                else:
                    found.add("steps", at, steps, f"steps:{day}")
            if move:
                found.add("exercise", at, move, f"exercise:{day}:{NAME}", name=NAME)
        reading.finish()
        return found


def _noon(found: DeviceImport, day: str, zones: list[tuple[str, tzinfo]]) -> datetime | None:
    """12:00 on a date of the daily file, in the export's offset for that day (its per-day
    file's, else the nearest day's); this computer's when the export writes none."""
    when = date.fromisoformat(day)
    if not zones:
        return found.day_moment(when, NOON)
    index = bisect_left(zones, (day,))
    near = [zones[i] for i in (index - 1, index) if 0 <= i < len(zones)]
    _, zone = min(near, key=lambda item: abs(date.fromisoformat(item[0]) - when))
    if when > found.now.date():
        found.reject(Msg.UNTRUE_FUTURE.value)
        return None
    return min(datetime.combine(when, NOON, zone), found.now)


def _rows(export: Export, reading: Reading, member: Member):
    """(row number as a person counts them, the row as column name -> cell), header first."""
    return csv_rows(export, reading, member, lambda name: " ".join(name.split()).lower())


def _number(cells: dict[str, str], name: str) -> float | None:
    text = cells.get(name, "")
    if not text:
        return None
    value = float(text[:100])  # ValueError for anything else: the row is left out
    if not math.isfinite(value) or value < 0:
        raise ArithmeticError(name)
    return value


def _daily_file(
    export: Export, reading: Reading, member: Member, dated: dict, found: DeviceImport
) -> None:
    rows = _rows(export, reading, member)
    first = next(rows, None)
    if first is None:
        return
    if DATE not in first[1] or not ({STEPS, MOVE} & first[1].keys()):
        raise InvalidInput(say(Msg.DEVICE_NOT_EXPORT, path=export.label(member),
                               what="Google Fit's daily activity metrics",
                               why="no Date column with Step count or Move Minutes count",
                               accepted=Msg.FORM_GOOGLE_FIT_FILE.value))  # fmt: skip
    for _line, cells in rows:
        try:
            day = date.fromisoformat(cells.get(DATE, "")[:10])
            steps, move = _number(cells, STEPS), _number(cells, MOVE)
        except ArithmeticError:
            found.reject(say(Msg.DEVICE_SKIP_IMPOSSIBLE, kind="steps"))
            continue
        except RECORD_ERRORS:
            found.reject(Msg.UNTRUE_UNREADABLE.value)
            continue
        dated[day.isoformat()] = (steps, move)


def _day_file(
    export: Export,
    reading: Reading,
    member: Member,
    day: str,
    days: dict,
    offsets: dict,
    found: DeviceImport,
    whole: bool,
) -> None:
    """A per-day file: its offset (the first row that writes one) and, when ``whole`` (the
    daily file does not have the day), its totals."""
    rows = _rows(export, reading, member)
    if next(rows, None) is None:
        return
    steps = move = None
    at = None
    for _line, cells in rows:
        try:
            moment = datetime.combine(date.fromisoformat(day),
                                      time.fromisoformat(cells.get(START, "")[:40]))  # fmt: skip
            if moment.tzinfo is not None and day not in offsets:
                moment.isoformat()
                offsets[day] = moment.tzinfo
            if not whole:
                if day in offsets:
                    return
                continue
            here_steps, here_move = _number(cells, STEPS), _number(cells, MOVE)
        except ArithmeticError:
            found.reject(say(Msg.DEVICE_SKIP_IMPOSSIBLE, kind="steps"))
            continue
        except RECORD_ERRORS:
            found.reject(Msg.UNTRUE_UNREADABLE.value)
            continue
        if here_steps:
            steps = (steps or 0.0) + here_steps
        if here_move:
            move = (move or 0.0) + here_move
        if here_steps or here_move:
            at = moment if moment.tzinfo else moment.astimezone()
    if at is not None:
        days[day] = (at, steps, move)
