"""The person's own as-needed limits, checked after a dose is saved (SPEC.md "Care plan").

A dose that was taken is always recorded; when it passes the daily limit or comes sooner than
the interval of the plan version in force that day, painlog says so with the figures. It never
gives dosing advice of its own.
"""

from __future__ import annotations

from datetime import date, datetime

from painlog.journal.entries import Entry, format_number
from painlog.journal.names import COUNTED, counted_name
from painlog.messages import Msg, say
from painlog.plan.model import AS_NEEDED, MAX_INTERVAL_HOURS, in_force_for, load
from painlog.store.db import Journal

DAY_TOTAL_SQL = f"""
    SELECT total(value) FROM entries
    WHERE kind = 'medication' AND day = :day AND {COUNTED} = :key AND unit = :unit
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
    from painlog.plan.safety import entry_notes

    found = _limit_warnings(journal, entry)
    if entry.value is not None:
        found += entry_notes(
            journal, date.fromisoformat(entry.day), entry.name, entry.value, entry.unit or "",
            entry.contains,
        )  # fmt: skip
    return found


def _limit_warnings(journal: Journal, entry: Entry) -> list[str]:
    assert entry.name is not None
    key = counted_name(journal, "medication", entry.name)
    span = in_force_for(load(journal), "medication", key, date.fromisoformat(entry.day))
    if span is None or span.version.mode != AS_NEEDED:
        return []
    version = span.version
    params = {"day": entry.day, "key": key, "at": entry.at}
    warnings = []
    if version.max_daily is not None and entry.unit == version.max_daily_unit:
        total = journal.execute(DAY_TOTAL_SQL, {**params, "unit": entry.unit}).fetchone()[0]
        if total > version.max_daily:
            warnings.append(
                say(
                    Msg.OVER_DAILY_LIMIT,
                    name=version.name,
                    day=entry.day,
                    total=f"{format_number(round(total, 4))} {entry.unit}",
                    limit=f"{format_number(version.max_daily)} {version.max_daily_unit}",
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
