"""The person's own as-needed limits, checked after a dose is saved (SPEC.md "Care plan").

A dose that was taken is always recorded; when it passes the daily limit or comes sooner than
the interval of the plan version in force that day, painlog says so with the figures. It never
gives dosing advice of its own.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from painlog.journal.entries import Entry, format_number
from painlog.journal.names import COUNTED, counted_name
from painlog.messages import Msg, count, say
from painlog.plan.medicines import converted, limit_total
from painlog.plan.model import (
    AS_NEEDED,
    MAX_INTERVAL_HOURS,
    SCHEDULED,
    Version,
    in_force_for,
    load,
)
from painlog.store.db import Journal

DAY_DOSES_SQL = f"""
    SELECT value, unit FROM entries
    WHERE kind = 'medication' AND day = :day AND {COUNTED} = :key AND value IS NOT NULL
"""
# The interval is at most 72 hours, so the previous dose that matters is within 4 days.
PREVIOUS_SQL = f"""
    SELECT at FROM entries
    WHERE kind = 'medication' AND day BETWEEN date(:day, '-{MAX_INTERVAL_HOURS // 24 + 1} days')
      AND :day AND {COUNTED} = :key AND julianday(at) < julianday(:at)
    ORDER BY julianday(at) DESC LIMIT 1
"""


def dose_warnings(journal: Journal, entry: Entry) -> list[str]:
    """What to tell the person about ``entry`` (already saved) against their own limits, then
    the medicine-safety notes (strength unknown; the day's acetaminophen over its limit)."""
    if entry.kind != "medication" or not entry.name:
        return []
    from painlog.plan.safety import entry_notes, wear_notes

    found = _plan_dose_note(journal, entry) + _limit_warnings(journal, entry)
    found += wear_notes(journal, entry)
    if entry.value is not None:
        found += entry_notes(
            journal, date.fromisoformat(entry.day), entry.name, entry.value, entry.unit or "",
            entry.contains,
        )  # fmt: skip
    return found


def _plan_dose_note(journal: Journal, entry: Entry) -> list[str]:
    """A dose of a scheduled medicine whose amount differs from the plan's dose that day is
    recorded as taken, with a Note naming the plan's dose and since when (SPEC "Care plan"):
    300 mg after the plan moved to 600 mg is never counted without a word. The same weight in
    another unit (0.6 g for 600 mg) is the same dose."""
    assert entry.name is not None
    if entry.value is None:
        return []
    key = counted_name(journal, "medication", entry.name)
    span = in_force_for(load(journal), "medication", key, date.fromisoformat(entry.day))
    if span is None or span.version.mode != SCHEDULED:
        return []
    version = span.version
    planned = version.dose
    if planned is None:
        return []
    same = converted(entry.value, entry.unit or "", version.unit or "")
    if same is not None and abs(same - planned) < 1e-9:
        return []
    return [
        say(
            Msg.PLAN_DOSE_DIFFERS,
            name=version.name,
            dose=f"{format_number(entry.value)} {entry.unit or ''}".strip(),
            day=entry.day,
            planned=version.dose_text(),
            since=version.day,
        )
    ]


def _limit_warnings(journal: Journal, entry: Entry) -> list[str]:
    assert entry.name is not None
    key = counted_name(journal, "medication", entry.name)
    span = in_force_for(load(journal), "medication", key, date.fromisoformat(entry.day))
    if span is None or span.version.mode != AS_NEEDED:
        return []
    version = span.version
    params = {"day": entry.day, "key": key, "at": entry.at}
    warnings = []
    if version.max_daily is not None and entry.value is not None:
        unit = version.max_daily_unit or ""
        limit = f"{format_number(version.max_daily)} {unit}"
        if converted(entry.value, entry.unit or "", unit) is None:
            # A volume or a count holds no known weight: say so rather than skip it silently.
            warnings.append(
                say(Msg.LIMIT_NOT_COUNTED, name=version.name, day=entry.day,
                    dose=f"{format_number(entry.value)} {entry.unit or ''}".strip(),
                    unit=entry.unit or "no unit", limit=limit, limit_unit=unit)
            )  # fmt: skip
        else:
            rows = journal.execute(DAY_DOSES_SQL, params).fetchall()
            total, _ = limit_total(((value, dose_unit or "") for value, dose_unit in rows), unit)
            if total is not None and total > version.max_daily:
                warnings.append(
                    say(
                        Msg.OVER_DAILY_LIMIT,
                        name=version.name,
                        day=entry.day,
                        total=f"{format_number(total)} {unit}",
                        limit=limit,
                    )
                )
    if version.interval:
        row = journal.execute(PREVIOUS_SQL, params).fetchone()
        if row:
            previous = datetime.fromisoformat(row[0])
            gap = datetime.fromisoformat(entry.at) - previous
            if gap < version.interval:
                warnings.append(
                    say(
                        Msg.TOO_SOON,
                        name=version.name,
                        hours=format_number(round(gap.total_seconds() / 3600, 1)),
                        previous=previous.strftime("%Y-%m-%d %H:%M"),
                        interval=format_number(version.min_interval_hours),
                    )
                )
    return warnings


# --- a whole import at once -------------------------------------------------------------------

DOSES_SQL = f"""
    SELECT at, day, value, unit FROM entries
    WHERE kind = 'medication' AND {COUNTED} = :key AND day BETWEEN :first AND :last
"""


def import_notes(journal: Journal, entries: Sequence[Entry]) -> list[str]:
    """The notes ``dose_warnings`` gives, for the doses an import has just saved, summarised: a
    ten-year file is not told dose by dose. One line per medicine and limit of its plan (a
    limit changed mid-file gives a line per limit), with the count of days above the daily
    limit and the first such day; one with the count of doses sooner than the interval and
    the first such dose. Each check is the one ``add`` makes: the day's total of the same unit
    against the limit of the version in force that day, the previous dose of any source."""
    doses = [entry for entry in entries if entry.kind == "medication" and entry.name]
    if not doses:
        return []
    versions = load(journal)
    planned = _import_dose_notes(journal, versions, doses)
    if not any(version.mode == AS_NEEDED for version in versions):
        return planned
    keys: dict[str, str] = {}
    by_key: dict[str, list[Entry]] = defaultdict(list)
    for entry in doses:
        name = entry.name.strip().lower()  # type: ignore[union-attr]
        if name not in keys:
            keys[name] = counted_name(journal, "medication", name)
        by_key[keys[name]].append(entry)
    notes = planned
    for key, imported in sorted(by_key.items()):
        notes += _notes_for(journal, versions, key, imported)
    return notes


def _import_dose_notes(
    journal: Journal, versions: Sequence[Version], doses: Sequence[Entry]
) -> list[str]:
    """``_plan_dose_note`` for an import, one line per medicine: how many doses differ from
    the scheduled dose in force on their day, and the first."""
    if not any(version.mode == SCHEDULED for version in versions):
        return []
    differ: dict[str, list[Entry]] = defaultdict(list)
    for entry in doses:
        if entry.value is None:
            continue
        key = counted_name(journal, "medication", entry.name or "")
        span = in_force_for(versions, "medication", key, date.fromisoformat(entry.day))
        if span is None or span.version.mode != SCHEDULED or span.version.dose is None:
            continue
        same = converted(entry.value, entry.unit or "", span.version.unit or "")
        if same is None or abs(same - span.version.dose) >= 1e-9:
            differ[span.version.name].append(entry)
    return [
        say(Msg.IMPORT_DOSE_DIFFERS, name=name, doses=count(len(found), "dose"),
            first=min(found, key=lambda entry: entry.at).day)
        for name, found in sorted(differ.items())
    ]  # fmt: skip


def _notes_for(
    journal: Journal, versions: Sequence[Version], key: str, imported: list[Entry]
) -> list[str]:
    spans: dict[str, Version | None] = {}
    for day in {entry.day for entry in imported}:
        span = in_force_for(versions, "medication", key, date.fromisoformat(day))
        spans[day] = span.version if span and span.version.mode == AS_NEEDED else None
    if not any(spans.values()):
        return []
    back = timedelta(days=MAX_INTERVAL_HOURS // 24 + 1)  # the previous dose that matters
    first = (date.fromisoformat(min(spans)) - back).isoformat()
    rows = journal.execute(DOSES_SQL, {"key": key, "first": first, "last": max(spans)}).fetchall()
    per_day: dict[str, list[tuple[float, str]]] = defaultdict(list)
    moments = []
    for at, day, value, unit in rows:
        if value is not None:
            per_day[day].append((value, unit or ""))
        moments.append(datetime.fromisoformat(at))
    moments.sort()
    over: dict[tuple[str, str], list[str]] = defaultdict(list)  # (name, limit) -> days
    soon: dict[tuple[str, str], list[datetime]] = defaultdict(list)  # (name, hours) -> doses
    for entry in imported:
        version = spans[entry.day]
        if version is None:
            continue
        if (
            version.max_daily is not None
            and (total := limit_total(per_day[entry.day], version.max_daily_unit or "")[0])
            is not None
            and total > version.max_daily
        ):
            limit = f"{format_number(version.max_daily)} {version.max_daily_unit}"
            over[version.name, limit].append(entry.day)
        if version.interval:
            at = datetime.fromisoformat(entry.at)
            place = bisect_left(moments, at)  # the previous dose: strictly earlier
            if place and at - moments[place - 1] < version.interval:
                soon[version.name, format_number(version.min_interval_hours)].append(at)
    notes = []
    for (name, limit), days in over.items():
        distinct = sorted(set(days))
        notes.append(say(Msg.IMPORT_OVER_DAILY_LIMIT, name=name, limit=limit,
                         days=count(len(distinct), "day", "days"), first=distinct[0]))  # fmt: skip
    for (name, hours), moments_soon in soon.items():
        notes.append(say(Msg.IMPORT_TOO_SOON, name=name, interval=hours,
                         doses=count(len(moments_soon), "dose"),
                         first=min(moments_soon).strftime("%Y-%m-%d %H:%M")))  # fmt: skip
    return notes
