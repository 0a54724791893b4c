"""Weather from Open-Meteo's historical daily CSV (SPEC.md "Symptoms and factors"), as the
website's "Download CSV" and the API's ``format=csv`` write it:

    latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation
    52.52,13.419998,38.0,3600,Europe/Berlin,GMT+1
    (blank line)
    time,pressure_msl_mean (hPa),temperature_2m_mean (°C),precipitation_sum (mm),…
    2026-11-01,1016.4,7.9,0.00,…

A file may hold an hourly section too (another ``time,…`` header after a blank line); only the
daily one (dates without a time) is read. A value Open-Meteo does not have is written ``NaN``:
it is left out (unknown, never zero). Each known column becomes a factor of its day, with the
unit the file names; the key is the date and the column, so a newer download of the same days
updates them. painlog never fetches it: the person downloads the file (docs/guide.md).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from painlog.errors import InvalidInput
from painlog.formats.apps.common import AppImport, Progress, numbered, read_rows, row_error
from painlog.messages import Msg, say

SOURCE = "open-meteo"
# Open-Meteo's daily variable -> the factor it becomes.
COLUMNS = {
    "pressure_msl_mean": "pressure",
    "temperature_2m_mean": "temperature",
    "precipitation_sum": "precipitation",
    "relative_humidity_2m_mean": "humidity",
}
METADATA = ("latitude", "longitude")
_HEADING = re.compile(r"\s*([A-Za-z0-9_]+)\s*(?:\(([^)]*)\))?\s*")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# What a column's value must be to be true (a humidity of 150% or rain below 0 mm is a broken
# file, not weather); the others only need to be finite numbers.
_RANGES = {
    "relative_humidity_2m_mean": (0.0, 100.0, Msg.FORM_WEATHER_PERCENT),
    "precipitation_sum": (0.0, float("inf"), Msg.FORM_WEATHER_AMOUNT),
}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_UNIX = re.compile(r"-?\d{6,12}")


def parse_open_meteo(path: Path, now: datetime, progress: Progress | None = None) -> AppImport:
    """The file's daily weather as factor entries (validated; nothing stored)."""
    from painlog.formats.sources import sourced_entry  # lazy: only when weather is imported

    rows = _lines(path)
    if not rows or [cell.strip() for cell in rows[0][:2]] != list(METADATA):
        raise InvalidInput(say(Msg.WEATHER_NOT_OPEN_METEO, file=path))
    offset = _offset(path, rows)
    found = AppImport(SOURCE)
    sections = [index for index, row in enumerate(rows) if row and row[0].strip() == "time"]
    rows = [row or [""] for row in rows]
    daily = [index for index in sections if _is_daily(rows, index)]
    if not daily:
        raise InvalidInput(say(Msg.WEATHER_NO_DAILY, file=path))
    start = daily[0]
    end = next((index for index in sections if index > start), len(rows))
    columns: dict[int, tuple[str, str, str]] = {}  # position -> (column, factor, unit)
    for position, heading in enumerate(rows[start][1:], start=1):
        match = _HEADING.fullmatch(heading)
        variable, unit = (match[1], (match[2] or "").strip()) if match else (heading.strip(), "")
        factor = COLUMNS.get(variable)
        if factor:
            columns[position] = (variable, factor, unit)
            found.mappings[heading.strip()] = (f"factor {factor} ({unit or 'no unit'})", "built in")
        else:
            found.mappings[heading.strip()] = ("left out", "not a weather factor painlog reads")
    if not columns:
        raise InvalidInput(say(Msg.WEATHER_NO_COLUMNS, file=path))
    seen: dict[date, int] = {}  # day -> its row
    today = now.astimezone(timezone(offset)).date()
    for number, row in numbered(rows[start + 1 : end], start + 2, progress):
        if row == [""]:
            continue  # the blank line before another section
        found.rows += 1
        day = _day(row[0].strip(), offset)
        if day is None:
            raise row_error(path, number, say(Msg.WEATHER_BAD_DAY, given=row[0]))
        if day in seen:
            raise row_error(path, number, say(Msg.WEATHER_DAY_TWICE, day=day.isoformat(),
                                               first=seen[day], again=number))  # fmt: skip
        seen[day] = number
        if day > today:  # a forecast's days: weather that has not happened yet
            future = Msg.WEATHER_FORECAST_DAYS.value
            found.left_out[future] = found.left_out.get(future, 0) + 1
            continue
        for position, (variable, factor, unit) in columns.items():
            cell = row[position].strip() if position < len(row) else ""
            if not cell or cell.lower() == "nan":
                found.skipped[factor] = found.skipped.get(factor, 0) + 1
                continue
            why = _out_of_range(variable, cell)
            if why is not None:
                heading = rows[start][position].strip()
                raise row_error(path, number, say(Msg.WEATHER_BAD_VALUE, column=heading,
                                                   given=cell, accepted=why))  # fmt: skip
            try:
                entry = sourced_entry(
                    "factor", f"{day.isoformat()}T00:00:00{_offset_text(offset)}", cell,
                    SOURCE, f"{day.isoformat()} {variable}", name=factor, unit=unit or None,
                    now=now,
                )  # fmt: skip
            except InvalidInput as error:
                raise row_error(path, number, error.message) from None
            found.entries.append(entry)
    return found


def _out_of_range(variable: str, cell: str) -> str | None:
    """The accepted form when ``cell`` cannot be this column's value, else None."""
    if not _NUMBER.fullmatch(cell):
        return Msg.FORM_WEATHER_NUMBER.value
    low, high, form = _RANGES.get(variable, (float("-inf"), float("inf"), None))
    if form is not None and not low <= float(cell) <= high:
        return form.value
    return None


def _lines(path: Path) -> list[list[str]]:
    """The file's CSV lines, blank ones kept (they part the sections, and a row's number is its
    line in the file: the first day is line 5)."""
    return read_rows(path, keep_blank=True)


def _offset(path: Path, rows: list[list[str]]) -> timedelta:
    """The file's UTC offset (its days are the town's days), from ``utc_offset_seconds``."""
    heading = [cell.strip() for cell in rows[0]]
    values = rows[1] if len(rows) > 1 else []
    if "utc_offset_seconds" in heading:
        position = heading.index("utc_offset_seconds")
        try:
            seconds = int(float(values[position]))
        except (IndexError, ValueError):
            seconds = 0
        if abs(seconds) < 18 * 3600:
            return timedelta(seconds=seconds)
    return timedelta(0)


def _offset_text(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _is_daily(rows: list[list[str]], heading: int) -> bool:
    """A section is daily when its first row's time is a date (or a unix time at midnight)."""
    if heading + 1 >= len(rows) or rows[heading + 1][0].strip() == "time":
        return False
    first = rows[heading + 1][0].strip()
    return bool(_DAY.fullmatch(first) or _UNIX.fullmatch(first))


def _day(text: str, offset: timedelta) -> date | None:
    if _DAY.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    if _UNIX.fullmatch(text):  # timeformat=unixtime: the town's midnight, in UTC seconds
        moment = datetime.fromtimestamp(int(text), UTC).astimezone(timezone(offset))
        return moment.date()
    return None
