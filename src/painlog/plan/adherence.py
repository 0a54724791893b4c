"""How the plan went, exactly as SPEC.md "Care plan" defines it.

- Scheduled: every planned time on every day a version holds is a slot. A dose of that
  medicine within 2 hours either side of a slot fills it; entries are taken in time order and
  each fills the nearest free slot in reach (the earlier one on a tie). A slot is ``taken``,
  ``missed`` once its window has closed (2 hours after the slot) unfilled, or neither while
  its window is open. Doses on days the schedule holds that fill no slot are ``extra``.
- As-needed: doses, days used, the highest daily total per unit, days whose total in the
  limit's unit passed ``--max-daily``, and doses sooner than ``--min-interval`` after the
  previous dose of the same medicine (that previous dose may lie before the period).
- Exercise and therapy: sessions on the days a version holds (with ``--minutes``, only those at
  least that long) against per-week x days held / 7, rounded half up.

Results are gathered per bucket (a week of the summary, or the whole period) so that the
summary, ``due``, ``compare`` and the report count the same way.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from painlog.db import Journal
from painlog.plan.model import AS_NEEDED, SCHEDULED, Span, Version, load, spans
from painlog.timeparse import localize

WINDOW = timedelta(hours=2)
SECTIONS = ("scheduled", "as_needed", "exercise", "therapy")
TAKEN, MISSED, PENDING = "taken", "missed", "pending"


@dataclass
class Slot:
    name: str
    key: str
    day: date
    moment: datetime
    status: str = PENDING
    filled_by: datetime | None = None


@dataclass(frozen=True)
class Dose:
    key: str
    at: datetime
    day: date
    value: float
    unit: str


@dataclass
class Tally:
    """One item's figures in one bucket."""

    section: str
    name: str
    counts: dict[str, Any] = field(default_factory=dict)


def _doses(journal: Journal, keys: set[str], since: date, until: date) -> list[Dose]:
    if not keys:
        return []
    marks = ", ".join(f":k{index}" for index in range(len(keys)))
    sql = f"""
        SELECT lower(name) AS key, at, day, value, unit FROM entries
        WHERE kind = 'medication' AND day BETWEEN :since AND :until AND lower(name) IN ({marks})
        ORDER BY julianday(at), id
    """
    params: dict[str, object] = {f"k{index}": key for index, key in enumerate(sorted(keys))}
    params.update(since=since.isoformat(), until=until.isoformat())
    return [
        Dose(
            row["key"],
            datetime.fromisoformat(row["at"]),
            date.fromisoformat(row["day"]),
            row["value"],
            row["unit"],
        )
        for row in journal.query(sql, params)
    ]


def _sessions(
    journal: Journal, kind: str, keys: set[str], since: date, until: date
) -> dict[tuple[str, date], list[float | None]]:
    if not keys:
        return {}
    sql = """
        SELECT lower(name) AS key, day, value FROM entries
        WHERE kind = :kind AND day BETWEEN :since AND :until
    """
    found: dict[tuple[str, date], list[float | None]] = {}
    params = {"kind": kind, "since": since.isoformat(), "until": until.isoformat()}
    for row in journal.query(sql, params):
        if row["key"] in keys:
            found.setdefault((row["key"], date.fromisoformat(row["day"])), []).append(row["value"])
    return found


def match_slots(slots: list[Slot], doses: Sequence[Dose], now: datetime) -> list[Dose]:
    """Fill ``slots`` (one medicine, sorted by time) with ``doses``; returns the doses that
    filled none. Statuses are set on the slots."""
    moments = [slot.moment for slot in slots]
    unmatched = []
    for dose in doses:
        low = bisect.bisect_left(moments, dose.at - WINDOW)
        high = bisect.bisect_right(moments, dose.at + WINDOW)
        free = [slot for slot in slots[low:high] if slot.filled_by is None]
        if not free:
            unmatched.append(dose)
            continue
        nearest = min(free, key=lambda slot: (abs(slot.moment - dose.at), slot.moment))
        nearest.filled_by = dose.at
        nearest.status = TAKEN
    for slot in slots:
        if slot.filled_by is None:
            slot.status = MISSED if now > slot.moment + WINDOW else PENDING
    return unmatched


def scheduled_slots(
    journal: Journal, plan_spans: Sequence[Span], since: date, until: date, now: datetime
) -> tuple[list[Slot], list[Dose]]:
    """Every slot of the period with its status, and the extra doses (on scheduled days)."""
    per_key: dict[str, list[Slot]] = {}
    scheduled_days: set[tuple[str, date]] = set()
    for span in plan_spans:
        version = span.version
        if version.mode != SCHEDULED:
            continue
        for day in span.days(since, until):
            scheduled_days.add((version.key, day))
            for clock in version.clock_times:
                per_key.setdefault(version.key, []).append(
                    Slot(version.name, version.key, day, localize(day, clock))
                )
    doses = _doses(journal, set(per_key), since - timedelta(days=1), until + timedelta(days=1))
    slots: list[Slot] = []
    extras: list[Dose] = []
    for key, key_slots in per_key.items():
        key_slots.sort(key=lambda slot: slot.moment)
        unmatched = match_slots(key_slots, [d for d in doses if d.key == key], now)
        extras += [d for d in unmatched if (d.key, d.day) in scheduled_days]
        slots += key_slots
    return slots, extras


def _round_half_up_sevenths(sevenths: int) -> int:
    """``sevenths / 7`` rounded half up, in integers (no float surprises at .5)."""
    return (2 * sevenths + 7) // 14


def compute(
    journal: Journal,
    since: date,
    until: date,
    now: datetime,
    bucket: Callable[[date], int] = lambda day: 0,
    buckets: int = 1,
    versions: Sequence[Version] | None = None,
) -> list[dict[str, dict[str, dict[str, Any]]]]:
    """SPEC.md's ``adherence`` object for each bucket of days in ``since``..``until``."""
    plan_spans = spans(load(journal) if versions is None else versions)
    plan_spans = [s for s in plan_spans if s.start <= until and (s.end is None or s.end > since)]
    tallies: list[dict[tuple[str, str], Tally]] = [{} for _ in range(buckets)]

    def tally(index: int, section: str, version: Version, **zero: Any) -> Tally:
        found = tallies[index].get((section, version.key))
        if found is None:
            found = tallies[index][(section, version.key)] = Tally(section, version.name, zero)
        found.name = version.name  # the name as written in the latest version
        return found

    # Scheduled medicines.
    slots, extras = scheduled_slots(journal, plan_spans, since, until, now)
    schedule_names = {}
    for span in plan_spans:
        if span.version.mode == SCHEDULED:
            for day in span.days(since, until):
                tally(bucket(day), "scheduled", span.version, taken=0, missed=0, extra=0)
                schedule_names[(span.version.key, day)] = span.version
    for slot in slots:
        if slot.status != PENDING:
            version = schedule_names[(slot.key, slot.day)]
            tally(bucket(slot.day), "scheduled", version).counts[slot.status] += 1
    for dose in extras:
        version = schedule_names[(dose.key, dose.day)]
        tally(bucket(dose.day), "scheduled", version).counts["extra"] += 1

    # As-needed medicines.
    prn_days: dict[tuple[str, date], Version] = {}
    for span in plan_spans:
        if span.version.mode == AS_NEEDED:
            for day in span.days(since, until):
                prn_days[(span.version.key, day)] = span.version
                tally(bucket(day), "as_needed", span.version, doses=0, days_used=0, max_day={},
                      days_over_limit=0, too_soon=0)  # fmt: skip
    lookback = timedelta(hours=72)
    doses = _doses(
        journal, {key for key, _ in prn_days}, since - lookback - timedelta(days=1), until
    )
    previous: dict[str, datetime] = {}
    daily: dict[tuple[str, date], dict[str, float]] = {}
    for dose in doses:
        version = prn_days.get((dose.key, dose.day))
        last = previous.get(dose.key)
        previous[dose.key] = dose.at
        if version is None:
            continue
        counts = tally(bucket(dose.day), "as_needed", version).counts
        counts["doses"] += 1
        if last is not None and version.interval and dose.at - last < version.interval:
            counts["too_soon"] += 1
        totals = daily.setdefault((dose.key, dose.day), {})
        totals[dose.unit] = totals.get(dose.unit, 0.0) + dose.value
    for (key, day), totals in daily.items():
        version = prn_days[(key, day)]
        counts = tally(bucket(day), "as_needed", version).counts
        counts["days_used"] += 1
        for unit, amount in totals.items():
            counts["max_day"][unit] = round(max(counts["max_day"].get(unit, 0.0), amount), 4)
        limit_unit = version.max_daily_unit or ""
        if version.max_daily is not None and totals.get(limit_unit, 0.0) > version.max_daily:
            counts["days_over_limit"] += 1

    # Exercise and therapy.
    for kind in ("exercise", "therapy"):
        weekly = [s for s in plan_spans if s.version.kind == kind]
        keys = {span.version.key for span in weekly}
        sessions = _sessions(journal, kind, keys, since, until)
        for span in weekly:
            version = span.version
            for day in span.days(since, until):
                counts = tally(bucket(day), kind, version, sessions=0, target=0).counts
                counts["sevenths"] = counts.get("sevenths", 0) + (version.per_week or 0)
                for minutes in sessions.get((version.key, day), []):
                    if not version.minutes or (minutes is not None and minutes >= version.minutes):
                        counts["sessions"] += 1

    results = []
    for found in tallies:
        result: dict[str, dict[str, dict[str, Any]]] = {section: {} for section in SECTIONS}
        for (section, _), item in sorted(found.items(), key=lambda pair: pair[1].name.lower()):
            counts = dict(item.counts)
            if section == "scheduled":
                closed = counts["taken"] + counts["missed"]
                counts["percent"] = round(counts["taken"] / closed * 100, 1) if closed else None
            if section in ("exercise", "therapy"):
                counts["target"] = _round_half_up_sevenths(counts.pop("sevenths", 0))
            result[section][item.name] = counts
        results.append(result)
    return results


def for_period(
    journal: Journal, since: date, until: date, now: datetime
) -> dict[str, dict[str, dict[str, Any]]]:
    """The whole period as one bucket (the report, ``due``)."""
    return compute(journal, since, until, now)[0]
