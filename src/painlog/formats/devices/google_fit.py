"""Google Fit's Takeout: ``Fit/Daily activity metrics/Daily activity metrics.csv`` (one row a
day; older Takeouts call it ``Daily Summaries.csv``), or the per-day files beside it
(``2026-11-23.csv``, one row per 15 minutes, ``Start time``/``End time`` like
``09:15:00.000+01:00``). Give the Takeout zip or folder, or the CSV itself.

Columns differ between people (and between Takeouts), so they are found BY NAME, and a missing
one is fine: ``Date``, ``Step count`` (steps for the day) and ``Move Minutes count`` (exercise,
named "active minutes"). Distance, calories, heart points, speeds, weight and the heart-rate
columns (an average, not the resting rate) are left out. A day in the daily file is not read
again from its per-day file; a day only in per-day files is summed from its rows.

The daily file has dates without times: each day's record is at 12:00 local time that day, as
painlog reads a bare date (never later than now). A per-day file's record is at the start of
its last interval that counted something, in that row's own offset. Days with 0 steps are left
out (the phone was not carried); 0 move minutes make no exercise record.

source_key: ``steps:DAY``, ``exercise:DAY:active minutes``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

from painlog import clock
from painlog.errors import InvalidInput
from painlog.formats.devices.archive import Export, Member, Reading, csv_rows
from painlog.formats.devices.records import DeviceImport, Progress
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
        days: dict[str, tuple[datetime, float | None, float | None]] = {}
        for member in daily:
            _daily_file(export, reading, member, days)
        for member in sorted(per_day, key=lambda m: m.basename):
            day = member.basename[:10]
            if day not in days:
                _day_file(export, reading, member, day, days)
        found = DeviceImport(SOURCE)
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


def _rows(export: Export, reading: Reading, member: Member):
    """(row number as a person counts them, the row as column name -> cell), header first."""
    return csv_rows(export, reading, member, lambda name: " ".join(name.split()).lower())


def _number(cells: dict[str, str], name: str) -> float | None:
    text = cells.get(name, "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{name}: '{text}' is not a number.") from None


def _bad(export: Export, member: Member, number: int, reason: str) -> InvalidInput:
    return InvalidInput(say(Msg.DEVICE_BAD_RECORD, file=export.label(member),
                            where=f"row {number:,}", reason=reason))  # fmt: skip


def _daily_file(export: Export, reading: Reading, member: Member, days: dict) -> None:
    rows = _rows(export, reading, member)
    first = next(rows, None)
    if first is None:
        return
    if DATE not in first[1] or not ({STEPS, MOVE} & first[1].keys()):
        raise InvalidInput(say(Msg.DEVICE_NOT_EXPORT, path=export.label(member),
                               what="Google Fit's daily activity metrics",
                               why="no Date column with Step count or Move Minutes count",
                               accepted=Msg.FORM_GOOGLE_FIT_FILE.value))  # fmt: skip
    now = clock.now()
    for number, cells in rows:
        try:
            day = date.fromisoformat(cells.get(DATE, ""))
        except ValueError:
            raise _bad(export, member, number,
                       f"Date: '{cells.get(DATE, '')}' is not a date like 2026-11-23.") from None  # fmt: skip
        try:
            steps, move = _number(cells, STEPS), _number(cells, MOVE)
        except ValueError as error:
            raise _bad(export, member, number, str(error)) from None
        at = min(datetime.combine(day, NOON).astimezone(), now)
        days[day.isoformat()] = (at, steps, move)


def _day_file(export: Export, reading: Reading, member: Member, day: str, days: dict) -> None:
    rows = _rows(export, reading, member)
    if next(rows, None) is None:
        return
    steps = move = None
    at = None
    for number, cells in rows:
        try:
            here_steps, here_move = _number(cells, STEPS), _number(cells, MOVE)
            start = cells.get(START, "")
            moment = datetime.combine(date.fromisoformat(day), time.fromisoformat(start))
        except ValueError as error:
            reason = (
                str(error)
                if ":" in str(error)
                else (
                    f"Start time: '{cells.get(START, '')}' is not a time like 09:15:00.000+01:00."
                )
            )
            raise _bad(export, member, number, reason) from None
        if here_steps:
            steps = (steps or 0.0) + here_steps
        if here_move:
            move = (move or 0.0) + here_move
        if here_steps or here_move:
            at = moment if moment.tzinfo else moment.astimezone()
    if at is not None:
        days[day] = (at, steps, move)
