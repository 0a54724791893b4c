"""Bearable's CSV export, as real exports look (docs/formats.md "Bearable").

Header ``date,weekday,time of day,category,rating/amount,detail,notes`` (newer exports add
``date formatted``). Dates like ``22nd Sep 2020``; ``time of day`` is a time (``3:04``,
``14:08``) or a slot: ``pre`` 06:00, ``am`` 09:00, ``mid`` 13:00, ``pm`` 19:00, ``all day`` or
empty 12:00; sleep rows (sleep, sleep quality, sleep factors) are at 07:00: sleep belongs to
the day you woke up.

- ``Symptom`` that is pain by name -> pain, intensity from the severity word (mild 3,
  moderate 5, severe 8, extreme or unbearable 10). Pain by name: headache, migraine, toothache,
  any name holding "pain" or a word ending in "ache", and the names given with
  ``--pain-symptom``. The location is the name without its pain word (``Back (lower) pain`` ->
  ``back (lower)``, ``Headache`` -> ``head``, ``Toothache`` -> ``tooth``); migraine is at the
  head. When the name says more than the place (migraine, a ``--pain-symptom`` name), the name
  is kept as a tag. Other symptoms -> a symptom of that name, rated by the same words; a
  symptom row without a severity -> a note tagged ``symptom``.
- ``Factors``, ``Sleep factors``, ``Food Diary factors`` -> a factor of that name on its day.
- ``Mood`` -> mood (the number as given), detail words as tags.
- ``Meds/Supplements``: ``50`` + ``Hydroxyzine (mg)`` -> medication hydroxyzine 50 mg.
- ``Sleep`` ``8:30`` -> sleep 8.5 h, the app's detail (``Asleep 02:45 – 12:30``) kept in the
  note; ``Sleep quality`` -> that night's sleep quality (1-5).
- a Sleep, Sleep quality, Mood or Meds row with no amount (a night "synced from Google Fit"
  that never arrived) is skipped and counted, never stopping the import.
- a ``time of day`` of ``Day N`` (the period tracker) -> 12:00 that day, "Day N" in the note.
- a note that is only punctuation (``-``, ``.``) is dropped.
- anything else (Energy, Food Diary, Gratitudes, Bowel Movements, …)
  -> a note tagged with the category, so nothing is dropped (Active and Lifestyle too).

Identity: each entry's ``source_key`` is its date, time of day (or slot), category and order
among the file's rows with those three (``2020-09-22 am symptom #2``), so a newer export
updates what an older one brought.
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
)
from painlog.formats.sources import sourced_id
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
_PERIOD_DAY = re.compile(r"day\s+\d{1,3}")
_ACHE = re.compile(r"(\w*?)\s*aches?\b", re.IGNORECASE)
_PUNCTUATION_ONLY = re.compile(r"[\W_]*")
# Pain by name whose place is not in the name.
PLACE_OF = {"migraine": "head", "headache": "head", "toothache": "tooth"}
FACTOR_CATEGORIES = ("factors", "sleep factors", "food diary factors")
NEEDS_AMOUNT = {"sleep", "sleep quality", "mood", "meds/supplements", "meds", "medication",
                "supplements"}  # fmt: skip


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
    if _PERIOD_DAY.fullmatch(text):  # the period tracker counts days, not hours
        return SLOTS["all day"]
    clock = parse_clock(text)
    if clock is None:
        raise InvalidInput(
            f"time of day: '{text}' is not a time (3:04, 14:08) or pre, am, mid, pm, all day."
        )
    return clock


def is_pain(name: str, extra: frozenset[str] = frozenset()) -> bool:
    """Pain by its name: headache, migraine, toothache, "pain" or "…ache" in it, or ``extra``."""
    key = " ".join(name.split()).lower()
    return key in PLACE_OF or key in extra or "pain" in key or bool(_ACHE.search(key))


def describe_symptom(detail: str, extra: frozenset[str] = frozenset()) -> tuple[str, float] | None:
    """``Back (lower) pain (Mild)`` -> ('back (lower)', 3.0); None if not a rated pain."""
    found = describe_pain(detail, extra)
    return None if found is None else (found[0], found[1])


def describe_pain(
    detail: str, extra: frozenset[str] = frozenset()
) -> tuple[str, float, str | None] | None:
    """(location, intensity, tag) of a pain symptom, None if not a rated pain. The tag keeps
    the symptom's name when it says more than its place (migraine, a --pain-symptom name)."""
    match = _SYMPTOM.fullmatch(detail)
    if not match or match[2].lower() not in SEVERITY or not is_pain(match[1], extra):
        return None
    name = " ".join(match[1].split())
    key = name.lower()
    intensity = SEVERITY[match[2].lower()]
    if key in PLACE_OF:
        return PLACE_OF[key], intensity, (key if key == "migraine" else None)
    place = re.sub(r"\bpain\b", "", name, flags=re.IGNORECASE)
    place = _ACHE.sub(lambda ache: ache[1], place)
    place = " ".join(place.split()).lower()
    said_more = key in extra and "pain" not in key and not _ACHE.search(key)
    if said_more:
        return "", intensity, key
    return place, intensity, None


def _key(cells: dict[str, str], day: date, seen: Counter[str]) -> str:
    """Date, time of day (or slot), category and order among rows with those three."""
    category = " ".join(cells.get("category", "").split()).lower()
    when = " ".join(cells.get("time of day", "").split()).lower() or "-"
    if category.startswith("sleep"):
        when = "night"
    base = f"{day.isoformat()} {when} {category}"
    seen[base] += 1
    return f"{base} #{seen[base]}"


def parse_bearable(
    path: Path,
    now: datetime,
    progress: Progress | None = None,
    pain_symptoms: frozenset[str] = frozenset(),
) -> AppImport:
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
        category = " ".join(cells.get("category", "").split())
        try:
            key = _key(cells, _day(cells), seen)
            if category.lower() in NEEDS_AMOUNT and not cells["rating/amount"].strip():
                found.skipped[category] = found.skipped.get(category, 0) + 1
                continue
            entry = _entry(cells, now, key, found, pain_symptoms)
        except InvalidInput as error:
            raise row_error(path, number, error.message) from None
        if entry is None:  # a sleep quality: joined to that night's sleep below
            qualities.append((number, _day(cells).isoformat(), cells["rating/amount"], key))
            continue
        if entry.kind == "sleep":
            sleep_by_day[entry.day] = len(found.entries)
        found.entries.append(entry)
    for number, day, rating, key in qualities:
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
                                            tags=["sleep quality"], now=now,
                                            **_identity(key)))  # fmt: skip
    found.rows = len(rows) - 1
    return found


def _identity(key: str) -> dict[str, str]:
    return {"id": sourced_id("bearable", key), "source": "bearable", "source_key": key}


def _note(*parts: str) -> str | None:
    """The parts worth keeping, one a line; a part that is only punctuation is dropped."""
    kept = [part for part in parts if part and not _PUNCTUATION_ONLY.fullmatch(part)]
    return "\n".join(kept) or None


def _entry(
    cells: dict[str, str],
    now: datetime,
    source_key: str,
    found: AppImport,
    pain_symptoms: frozenset[str] = frozenset(),
) -> Entry | None:
    category = " ".join(cells.get("category", "").split())
    key = category.lower()
    moment = localize(_day(cells), _clock(cells, key))
    amount = cells.get("rating/amount", "").strip()
    detail = " ".join(cells.get("detail", "").split())
    when = " ".join(cells.get("time of day", "").split())
    period_day = when if _PERIOD_DAY.fullmatch(when.lower()) else ""
    note = _note(clean_note(cells.get("notes", "")), period_day)
    id = _identity(source_key)
    if key == "symptom":
        pain = describe_pain(detail, pain_symptoms)
        if pain is not None:
            place, intensity, tag = pain
            how = (
                "yours"
                if detail.rpartition("(")[0].strip().lower() in pain_symptoms
                else "built in"
            )
            found.mappings.setdefault(
                detail, (f"pain {intensity:g}" + (f" at {place}" if place else ""), how)
            )
            return make_entry("pain", moment, value=intensity, location=[place] if place else [],
                              tags=[tag] if tag else [], note=note, now=now, **id)  # fmt: skip
    if key == "symptom":  # not pain: a symptom rated by its severity word
        match = _SYMPTOM.fullmatch(detail)
        if match and match[2].lower() in SEVERITY:
            name, rating = " ".join(match[1].split()), SEVERITY[match[2].lower()]
            found.mappings.setdefault(detail, (f"symptom {name.lower()} {rating:g}", "built in"))
            return make_entry("symptom", moment, name=name, value=rating, note=note, now=now,
                              **id)  # fmt: skip
    if key in FACTOR_CATEGORIES and detail:
        return make_entry("factor", moment, name=detail, note=note, now=now, **id)
    if key == "mood":
        tags = [part.strip() for part in re.split(r"[,|;]", detail) if part.strip()]
        return make_entry("mood", moment, value=amount, tags=tags, note=note, now=now, **id)
    if key in ("meds/supplements", "meds", "medication", "supplements"):
        match = _NAME_AND_UNIT.fullmatch(detail)
        if not match:
            raise InvalidInput(
                f"detail: '{detail}' is not a medicine with its unit, like Hydroxyzine (mg)."
            )
        unit = values.parse_unit(match[2])
        found.mappings.setdefault(detail, (f"medication {match[1].lower()} ({unit})", "built in"))
        return make_entry("medication", moment, name=match[1].lower(), value=amount, unit=unit,
                          note=note, now=now, **id)  # fmt: skip
    if key == "sleep":
        note = _note(detail, clean_note(cells.get("notes", "")))
        return make_entry("sleep", moment, value=amount, note=note, now=now, **id)
    if key == "sleep quality":
        return None
    tag = "symptom" if key == "symptom" else key
    parts = [detail, f"rating {amount}" if amount else "", (note or "").replace("\n", " — ")]
    text = f"{category}: " + " — ".join(part for part in parts if part) if any(parts) else category
    return make_entry("note", moment, note=text, tags=[re.sub(r"\s*[;,]\s*", " / ", tag)],
                      now=now, **id)  # fmt: skip
