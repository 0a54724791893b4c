"""The journal's medicine-safety facts per day: MME, an opioid with a benzodiazepine, and
acetaminophen across products (SPEC.md "Function, mood screening and medicine safety").

``medicines.py`` knows what a dose holds and how a day adds up; this module reads the doses
(one SQL query over the indexed ``kind, day`` columns, ordered by day), finds each dose's
``--contains`` (the entry's own, else the plan version in force that day for that name) and the
person's own acetaminophen limit (the ``--max-daily`` of an acetaminophen-only plan item), and
hands the days to ``medicines``. Nothing is guessed: a dose of unknown strength is named.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

from painlog.journal.entries import format_number
from painlog.messages import Msg, say
from painlog.plan.medicines import (
    ACETAMINOPHEN,
    ACETAMINOPHEN_LIMIT_MG,
    MG,
    DoseContents,
    MmeDay,
    acetaminophen_limit,
    converted,
    daily_mme,
    dose_contents,
    known_contents,
    over_limit,
    parse_contains,
    week_safety,
)
from painlog.plan.model import Span, Version, load, spans
from painlog.store.db import Journal

DOSES_SQL = """
    SELECT day, name, value, unit, contains FROM entries
    WHERE kind = 'medication' AND day BETWEEN :since AND :until AND value IS NOT NULL
    ORDER BY day, julianday(at)
"""


@lru_cache(maxsize=1024)
def _contents(name: str, amount: float, unit: str, contains: str | None) -> DoseContents:
    parts = parse_contains(contains) if contains else None
    return dose_contents(name, amount, unit or "", parts)


def _plan_contains(plan_spans: Sequence[Span], name: str, day: date) -> str | None:
    """What the plan's item of ``name`` in force on ``day`` says one unit holds, if any (as
    ``model.in_force_for``, over spans worked out once: this is asked once per dose)."""
    key = name.strip().lower()
    for span in plan_spans:
        if span.version.kind == "medication" and span.version.key == key and span.holds(day):
            return span.version.contains
    return None


def safety_days(
    journal: Journal, since: date, until: date, versions: Sequence[Version] | None = None
) -> dict[date, MmeDay]:
    """Each day from ``since`` to ``until`` with any medication dose: its ``MmeDay``."""
    if versions is None:
        versions = load(journal)
    doses: dict[date, list[DoseContents]] = {}
    medicine_spans = [span for span in spans(versions) if span.version.kind == "medication"]
    rows = journal.execute(DOSES_SQL, {"since": since.isoformat(), "until": until.isoformat()})
    for day_text, name, value, unit, contains in rows:
        day = date.fromisoformat(day_text)
        held = contains or _plan_contains(medicine_spans, name, day)
        doses.setdefault(day, []).append(_contents(name, float(value), unit or "", held))
    return {day: daily_mme(found) for day, found in doses.items()}


def own_acetaminophen_limit(versions: Sequence[Version], day: date) -> float | None:
    """The person's own daily acetaminophen limit in mg on ``day``: the ``--max-daily`` of a
    plan item that holds acetaminophen only (in mg, or in units whose contents are known)."""
    from painlog.plan.model import in_force

    limits = []
    for span in in_force(versions, day):
        version = span.version
        if version.kind != "medication" or version.max_daily is None:
            continue
        parts = (
            parse_contains(version.contains) if version.contains else known_contents(version.name)
        )
        if not parts or len(parts) != 1 or parts[0].name != ACETAMINOPHEN:
            continue
        in_mg = converted(float(version.max_daily), version.max_daily_unit or "", MG)
        if in_mg is not None:
            limits.append(in_mg)
        elif parts[0].amount is not None:
            limits.append(float(version.max_daily) * parts[0].amount)
    return min(limits) if limits else None


def week_keys(
    journal: Journal, since: date, until: date, versions: Sequence[Version] | None = None
) -> dict[str, object]:
    """SPEC's ``mme``, ``opioid_and_benzodiazepine_days`` and ``acetaminophen`` for the days
    ``since`` to ``until`` (a week's days inside the period)."""
    if versions is None:
        versions = load(journal)
    days = safety_days(journal, since, until, versions)
    limits = [
        own_acetaminophen_limit(versions, day) for day, found in days.items()
        if found.acetaminophen_taken
    ]  # fmt: skip
    own = min((limit for limit in limits if limit is not None), default=None)
    return week_safety(list(days.values()), own)


def weeks_keys(
    journal: Journal, starts: Sequence[date], since: date, until: date
) -> list[dict[str, object]]:
    """``week_keys`` for each week starting at ``starts`` (only days in since..until count)."""
    from bisect import bisect_right

    versions = load(journal)
    days = safety_days(journal, since, until, versions)
    ordered = sorted(starts)
    by_week: dict[date, dict[date, MmeDay]] = {start: {} for start in ordered}
    for day, d in days.items():  # each day to its week once (a 10-year summary has 520 weeks)
        index = bisect_right(ordered, day) - 1
        if index >= 0 and day <= ordered[index] + timedelta(days=6):
            by_week[ordered[index]][day] = d
    found = []
    for start in starts:
        week = by_week[start]
        limits = [
            own_acetaminophen_limit(versions, day) for day, d in week.items()
            if d.acetaminophen_taken
        ]  # fmt: skip
        own = min((limit for limit in limits if limit is not None), default=None)
        found.append(week_safety(list(week.values()), own))
    return found


def grouped(value: float) -> str:
    """``7325.0`` -> ``7,325``; ``812.5`` -> ``812.5`` (as people write milligrams)."""
    rounded = round(float(value), 4)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    whole, _, fraction = format_number(rounded).partition(".")
    return f"{int(whole):,}.{fraction}"


def acetaminophen_line(day: date, found: MmeDay, own: float | None) -> str | None:
    """A day's acetaminophen over the limit, in words (``due``, ``add``, summary, report)."""
    if not found.acetaminophen_taken or not over_limit(found, own):
        return None
    limit = acetaminophen_limit(own)
    whose = say(Msg.APAP_LIMIT_OWN) if limit < ACETAMINOPHEN_LIMIT_MG else say(Msg.APAP_LIMIT_4000)
    return say(
        Msg.APAP_OVER,
        day=day.isoformat(),
        total=grouped(found.acetaminophen_mg),
        limit=grouped(limit),
        whose=whose,
        least=say(Msg.APAP_AT_LEAST) if found.acetaminophen_unknown else "",
    )


def day_notes(journal: Journal, day: date) -> list[str]:
    """What to say about ``day`` after a dose is saved, or in ``due``: acetaminophen over the
    limit, and each dose whose strength is unknown."""
    versions = load(journal)
    days = safety_days(journal, day, day, versions)
    found = days.get(day)
    if found is None:
        return []
    lines = []
    line = acetaminophen_line(day, found, own_acetaminophen_limit(versions, day))
    if line:
        lines.append(line)
    lines.extend(found.notes)
    return lines


def unknown_doses(journal: Journal, since: date, until: date) -> list[str]:
    """Every distinct note about a dose painlog could not count (the report names them)."""
    notes: dict[str, None] = {}
    for found in safety_days(journal, since, until).values():
        for note in found.notes:
            notes[note] = None
    return list(notes)


def entry_notes(journal: Journal, entry_day: date, name: str, amount: float, unit: str,
                contains: str | None) -> list[str]:  # fmt: skip
    """After one dose is saved: its own unknown-strength notes, and the day's acetaminophen
    when that day is now over the limit."""
    versions = load(journal)
    held = contains or _plan_contains(spans(versions), name, entry_day)
    contents = _contents(name, float(amount), unit or "", held)
    notes = list(contents.notes)
    if any(part.name == ACETAMINOPHEN for part in contents.ingredients):
        found = safety_days(journal, entry_day, entry_day, versions).get(entry_day)
        if found is not None:
            line = acetaminophen_line(
                entry_day, found, own_acetaminophen_limit(versions, entry_day)
            )
            if line:
                notes.append(line)
    return notes
