"""Bearable's CSV export, as real exports look (docs/formats.md "Bearable").

Header ``date,weekday,time of day,category,rating/amount,detail,notes`` (newer exports add
``date formatted``). Dates like ``22nd Sep 2020``; ``time of day`` is a time (``3:04``,
``14:08``) or a slot: ``pre`` 06:00, ``am`` 09:00, ``mid`` 13:00, ``pm`` 19:00, ``all day`` or
empty 12:00; sleep rows (sleep, sleep quality, sleep factors) are at 07:00: sleep belongs to
the day you woke up.

- ``Symptom`` whose name holds "pain" (``Back (lower) pain (Mild)``) -> pain, location
  ``back (lower)``, intensity from the severity word (mild 3, moderate 5, severe 8, extreme or
  unbearable 10); other symptoms -> a note tagged ``symptom``.
- ``Mood`` -> mood (the number as given), detail words as tags.
- ``Meds/Supplements``: ``50`` + ``Hydroxyzine (mg)`` -> medication hydroxyzine 50 mg.
- ``Sleep`` ``8:30`` -> sleep 8.5 h; ``Sleep quality`` -> that night's sleep quality (1-5).
- anything else (Energy, Factors, Sleep factors, Food Diary, Gratitudes, Bowel Movements, …)
  -> a note tagged with the category, so nothing is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time
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
    row_id,
)
from painlog.journal import values
from painlog.journal.entries import Entry, make_entry
from painlog.journal.timeparse import localize

SEVERITY = {"mild": 3.0, "moderate": 5.0, "severe": 8.0, "extreme": 10.0, "unbearable": 10.0}
SLOTS = {"pre": time(6), "am": time(9), "mid": time(13), "pm": time(19), "all day": time(12),
         "": time(12)}  # fmt: skip
WAKE_UP = time(7)
COLUMNS = ("date", "time of day", "category", "rating/amount", "detail")
_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_SYMPTOM = re.compile(r"(.*?)\s*\(\s*([A-Za-z]+)\s*\)\s*", re.DOTALL)
_NAME_AND_UNIT = re.compile(r"(.*?)\s*\(\s*([^()]*?)\s*\)\s*")


def _day(cells: dict[str, str]) -> date:
    formatted = cells.get("date formatted", "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", formatted):
        return date.fromisoformat(formatted)
    text = cells.get("date", "").strip()
    match = _DAY.fullmatch(text)
    if match:
        day, month, year = match.groups()
        for written, pattern in ((month[:3], "%d %b %Y"), (month, "%d %B %Y")):
            try:  # English month names, as Bearable writes them
                return datetime.strptime(f"{day} {written} {year}", pattern).date()
            except ValueError:
                continue
    raise InvalidInput(f"date: '{text}' is not a date like 22nd Sep 2020.")


def _clock(cells: dict[str, str], category: str) -> time:
    if category.startswith("sleep"):  # sleep, sleep quality, sleep factors: the night's
        return WAKE_UP
    text = " ".join(cells.get("time of day", "").split()).lower()
    if text in SLOTS:
        return SLOTS[text]
    clock = parse_clock(text)
    if clock is None:
        raise InvalidInput(
            f"time of day: '{text}' is not a time (3:04, 14:08) or pre, am, mid, pm, all day."
        )
    return clock


def describe_symptom(detail: str) -> tuple[str, float] | None:
    """``Back (lower) pain (Mild)`` -> ('back (lower)', 3.0); None if not a rated pain."""
    match = _SYMPTOM.fullmatch(detail)
    if not match or match[2].lower() not in SEVERITY or "pain" not in match[1].lower():
        return None
    place = re.sub(r"\bpain\b", "", match[1], flags=re.IGNORECASE)
    return " ".join(place.split()).lower(), SEVERITY[match[2].lower()]


def parse_bearable(path: Path, now: datetime, progress: Progress | None = None) -> AppImport:
    rows = read_rows(path)
    found = AppImport("bearable")
    if not rows:
        return found
    header = [cell.strip().lstrip("\ufeff").lower() for cell in rows[0]]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise row_error(
            path,
            1,
            f"the header needs the columns {', '.join(COLUMNS)} (missing: {', '.join(missing)}).",
        )
    seen: Counter[str] = Counter()
    sleep_by_day: dict[str, int] = {}
    qualities: list[tuple[int, str, str, str]] = []  # (row, day, rating, id)
    for number, row in numbered(rows[1:], 2, progress):
        if len(row) != len(header):
            raise row_error(path, number, f"has {len(row)} fields; the header has {len(header)}.")
        cells = dict(zip(header, row, strict=True))
        id = row_id("bearable", row, seen)
        try:
            entry = _entry(cells, now, id, found)
        except InvalidInput as error:
            raise row_error(path, number, error.message) from None
        if entry is None:  # a sleep quality: joined to that night's sleep below
            qualities.append((number, _day(cells).isoformat(), cells["rating/amount"], id))
            continue
        if entry.kind == "sleep":
            sleep_by_day[entry.day] = len(found.entries)
        found.entries.append(entry)
    for number, day, rating, id in qualities:
        try:
            quality = values.parse_sleep_quality(rating)
        except InvalidInput as error:
            raise row_error(path, number, error.message) from None
        if day in sleep_by_day:
            index = sleep_by_day[day]
            found.entries[index] = replace(found.entries[index], quality=str(quality))
        else:
            moment = localize(date.fromisoformat(day), WAKE_UP)
            found.entries.append(make_entry("note", moment, note=f"Sleep quality: {quality} of 5",
                                            tags=["sleep quality"], id=id, now=now))  # fmt: skip
    found.rows = len(rows) - 1
    return found


def _entry(cells: dict[str, str], now: datetime, id: str, found: AppImport) -> Entry | None:
    category = " ".join(cells.get("category", "").split())
    key = category.lower()
    moment = localize(_day(cells), _clock(cells, key))
    amount = cells.get("rating/amount", "").strip()
    detail = " ".join(cells.get("detail", "").split())
    note = clean_note(cells.get("notes", "")) or None
    if key == "symptom":
        pain = describe_symptom(detail)
        if pain is not None:
            place, intensity = pain
            found.mappings.setdefault(
                detail, (f"pain {intensity:g}" + (f" at {place}" if place else ""), "built in")
            )
            return make_entry("pain", moment, value=intensity, location=[place] if place else [],
                              note=note, id=id, now=now)  # fmt: skip
    if key == "mood":
        tags = [part.strip() for part in re.split(r"[,|;]", detail) if part.strip()]
        return make_entry("mood", moment, value=amount, tags=tags, note=note, id=id, now=now)
    if key in ("meds/supplements", "meds", "medication", "supplements"):
        match = _NAME_AND_UNIT.fullmatch(detail)
        if not match:
            raise InvalidInput(
                f"detail: '{detail}' is not a medicine with its unit, like Hydroxyzine (mg)."
            )
        unit = values.parse_unit(match[2])
        found.mappings.setdefault(detail, (f"medication {match[1].lower()} ({unit})", "built in"))
        return make_entry("medication", moment, name=match[1].lower(), value=amount, unit=unit,
                          note=note, id=id, now=now)  # fmt: skip
    if key == "sleep":
        return make_entry("sleep", moment, value=amount, note=note, id=id, now=now)
    if key == "sleep quality":
        return None
    tag = "symptom" if key == "symptom" else key
    parts = [detail, f"rating {amount}" if amount else "", note or ""]
    text = f"{category}: " + " — ".join(part for part in parts if part) if any(parts) else category
    return make_entry("note", moment, note=text, tags=[re.sub(r"\s*[;,]\s*", " / ", tag)], id=id,
                      now=now)  # fmt: skip
