"""Daylio's CSV export, as real exports look (docs/formats.md "Daylio").

Layouts, by header or, without one, by the number of columns:
- ``full_date,date,weekday,time,mood,activities,note`` (7)
- ``full_date,date,weekday,time,mood,activities,note_title,note`` (8)
- ``full_date,date,weekday,time,mood,activities,scales,note_title,note`` (9)
- the oldest, ``year,date,weekday,time,mood,activities,note`` (7, a year first): the date is
  written in the phone's language (``June 10``, ``10 de octubre``, ``7 września``) and read
  with dateparser, the language found once from the first row.

Each row is one mood entry at its date and time in the local time zone of that date. Moods:
rad 10, good 7.5, meh 5, bad 2.5, awful 0; any other label needs ``--mood LABEL=VALUE``.
Each activity becomes a ``factor`` of that name on its day (SPEC "Symptoms and factors"): one
per activity per day however many rows name it, at the time of the day's earliest row naming it.
The mood entry itself carries no tags, so ``painlog patterns`` sees each activity once (as
``activity:NAME``, SPEC's imported activity). The note title and note become the mood's note
(HTML cleaned); scales are kept in the note.

Identity: each entry's ``source_key`` is its date, time and order among the file's rows of that
same minute (``2019-03-17 20:28 #1``), never its content, which Daylio rewrites in every past
row when an activity is renamed; a newer export then updates those entries instead of adding
them again (painlog.formats.sources). An activity's factor has that row's key and the activity's
place among the row's activities (``2019-03-17 20:28 #1 activity 2``), never its name: a renamed
activity keeps its place, so the newer export renames the factor instead of adding another.

Real exports' quirks read here: the oldest layout writes an activity holding a comma unquoted
(a row with more fields than the header: the middle ones are the activities, joined again), and
a row may stop before its trailing empty note field.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from painlog.errors import InvalidInput
from painlog.formats.apps.common import (
    AppImport,
    Progress,
    clean_note,
    numbered,
    parse_clock,
    read_rows,
    row_error,
)
from painlog.formats.sources import sourced_id
from painlog.journal.entries import Entry, make_entry
from painlog.journal.timeparse import localize
from painlog.messages import Msg, say

MOODS = {"rad": 10.0, "good": 7.5, "meh": 5.0, "bad": 2.5, "awful": 0.0}
LAYOUTS = {
    7: ("full_date", "date", "weekday", "time", "mood", "activities", "note"),
    8: ("full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"),
    9: ("full_date", "date", "weekday", "time", "mood", "activities", "scales", "note_title",
        "note"),
}  # fmt: skip
OLDEST = ("year", "date", "weekday", "time", "mood", "activities", "note")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\d{4}")
_LIST_MARK = re.compile(r"\s*[;,]\s*")  # painlog's own list separators, inside one activity


def _layout(first: list[str]) -> tuple[tuple[str, ...], bool]:
    """(the columns, whether the first row is a header)."""
    names = tuple(cell.strip().lstrip("\ufeff").lower() for cell in first)
    if "mood" in names and ("full_date" in names or "year" in names):
        return names, True
    if len(first) >= 7 and _YEAR.fullmatch(first[0].strip()):
        return OLDEST, False  # more than 7: an activity's comma written unquoted
    return LAYOUTS.get(len(first), LAYOUTS[7]), False


class WrittenDates:
    """Dates written in the phone's language, read by dateparser (imported only here)."""

    def __init__(self) -> None:
        self.parser = None
        self.cache: dict[str, date | None] = {}

    def read(self, text: str) -> date | None:
        if text not in self.cache:
            self.cache[text] = self._parse(text)
        return self.cache[text]

    def _parse(self, text: str) -> date | None:
        from dateparser.date import DateDataParser

        settings = {"STRICT_PARSING": True, "PREFER_DATES_FROM": "past"}
        if self.parser is None:  # the first date tells the language; later ones reuse it
            found = DateDataParser(settings=settings).get_date_data(text)
            if found.date_obj is None:
                return None
            self.parser = DateDataParser(languages=[found.locale.split("-")[0]], settings=settings)
            return found.date_obj.date()
        found = self.parser.get_date_data(text)
        if found.date_obj is None:  # a phone can change language: try every language once
            found = DateDataParser(settings=settings).get_date_data(text)
        return found.date_obj.date() if found.date_obj else None


def parse_daylio(
    path: Path, now: datetime, moods: dict[str, float], progress: Progress | None = None
) -> AppImport:
    rows = read_rows(path)
    found = AppImport("daylio")
    if not rows:
        return found
    columns, has_header = _layout(rows[0])
    body = rows[1:] if has_header else rows
    labels = {**MOODS, **moods}
    for label, value in moods.items():
        found.mappings[label] = (f"mood {value:g}", "yours")
    written = WrittenDates()
    seen: Counter[str] = Counter()
    activities: Activities = {}
    unmapped: Counter[str] = Counter()
    first_unmapped: tuple[int, str] | None = None  # the first bad row is the one named

    def refused(number: int, reason: str) -> InvalidInput:
        if first_unmapped is not None:  # an unknown mood came first: that row is named
            row, label = first_unmapped
            number, reason = row, say(Msg.DAYLIO_UNMAPPED_ROW, label=label,
                                      flags=mood_flags([label]))  # fmt: skip
        return row_error(path, number, reason)

    for number, row in numbered(body, 2 if has_header else 1, progress):
        fitted = fit(row, columns)
        if fitted is None:
            raise refused(
                number,
                f"has {len(row)} fields; this layout has {len(columns)} ({','.join(columns)}).",
            )
        cells = dict(zip(columns, fitted, strict=True))
        label = " ".join(cells.get("mood", "").split())
        key = label.lower()
        if key not in labels:
            unmapped[label] += 1
            if first_unmapped is None:
                first_unmapped = (number, label)
            continue
        if key in MOODS and key not in moods:
            found.mappings.setdefault(key, (f"mood {MOODS[key]:g}", "built in"))
        try:
            found.entries.append(_entry(cells, labels[key], written, now, seen, activities))
        except InvalidInput as error:
            raise refused(number, error.message) from None
    found.entries.extend(entry for _, entry in activities.values())
    found.rows = len(body)
    found.unmapped = dict(unmapped)
    return found


def fit(row: list[str], columns: Sequence[str]) -> list[str] | None:
    """The row's fields one per column, or None when they cannot be told apart.

    More fields than columns: an activity's comma left unquoted (the oldest layout); the
    fields before the activities and after them are in place, the middle ones are joined.
    One field fewer: the trailing note field left off."""
    if len(row) == len(columns):
        return row
    if len(row) == len(columns) - 1 and columns[-1] == "note":
        return [*row, ""]
    if len(row) > len(columns) and "activities" in columns:
        start = columns.index("activities")
        after = len(columns) - start - 1
        end = len(row) - after
        return [*row[:start], ",".join(row[start:end]), *row[end:]]
    return None


def _day(cells: dict[str, str], written: WrittenDates) -> date:
    if "full_date" in cells:
        text = cells["full_date"].strip()
        if _ISO_DAY.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        raise InvalidInput(f"full_date: '{text}' is not a date like 2019-03-17.")
    text = f"{cells.get('date', '').strip()} {cells.get('year', '').strip()}"
    day = written.read(text)
    if day is None:
        raise InvalidInput(f"date: '{text.strip()}' cannot be read as a date.")
    return day


# (day, activity folded) -> (the row it is kept from: minute and order in it, its factor)
Activities = dict[tuple[str, str], tuple[tuple[str, int], Entry]]


def _entry(
    cells: dict[str, str],
    mood: float,
    written: WrittenDates,
    now: datetime,
    seen: Counter[str],
    activities: Activities,
) -> Entry:
    """The row's mood entry; its activities join ``activities``, one factor per activity per
    day: the one of the day's earliest row that names it (a later row of the day, or a newer
    export's, leaves that row's key and time as they were)."""
    clock = parse_clock(cells.get("time", ""))
    if clock is None:
        raise InvalidInput(f"time: '{cells.get('time', '')}' is not a time like 9:03 or 5:01 PM.")
    day = _day(cells, written)
    moment = localize(day, clock)
    minute = f"{day.isoformat()} {clock:%H:%M}"
    seen[minute] += 1
    key = f"{minute} #{seen[minute]}"
    tags = _tags(cells.get("activities", ""))
    parts = [clean_note(cells.get(name, "")) for name in ("note_title", "note")]
    scales = " ".join(cells.get("scales", "").split())
    if scales:
        parts.append(f"scales: {scales}")
    note = "\n".join(part for part in parts if part) or None
    order = (minute, seen[minute])
    folded: dict[str, str] = {}
    for name in tags:  # a repeat in the row folded into its first mention
        folded.setdefault(" ".join(name.split()).casefold(), name)
    for place, (fold, name) in enumerate(folded.items(), start=1):
        kept = activities.get((day.isoformat(), fold))
        if kept is not None and kept[0] <= order:
            continue
        factor_key = f"{key} activity {place}"
        factor = make_entry("factor", moment, name=name, id=sourced_id("daylio", factor_key),
                            now=now, source="daylio", source_key=factor_key)  # fmt: skip
        activities[(day.isoformat(), fold)] = (order, factor)
    return make_entry("mood", moment, value=mood, note=note,
                      id=sourced_id("daylio", key), now=now, source="daylio",
                      source_key=key)  # fmt: skip


@lru_cache(maxsize=4096)
def _tags(activities: str) -> tuple[str, ...]:
    """An activities cell as names (a person's export repeats a few combinations thousands of
    times, so each is worked out once): painlog's own list separators inside one activity
    become " / " so the activity stays one name."""
    parts = (part.strip() for part in activities.split("|"))
    return tuple(_LIST_MARK.sub(" / ", part) if "," in part or ";" in part else part
                 for part in parts if part)  # fmt: skip


def mood_flags(labels: Sequence[str]) -> str:
    """The flags a person adds for labels painlog cannot map by itself."""
    return " ".join(f'--mood "{label}=VALUE"' for label in labels)
