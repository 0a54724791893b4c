"""How the plan went, exactly as SPEC.md "Care plan" defines it.

- Scheduled: every planned time on every day a version holds is a slot. A dose of that
  medicine within 2 hours either side of a slot fills it; entries are taken in time order and
  each fills the nearest free slot in reach (the earlier one on a tie). A slot is ``taken``,
  ``missed`` once its window has closed (2 hours after the slot) unfilled, or neither while
  its window is open. A missed slot is ``late`` when the first dose after its window closed
  comes before the next slot's window opens and at most 12 hours after the slot; that dose is
  not ``extra``. Doses on days the schedule holds that fill no slot and make none late are
  ``extra``. ``percent`` counts taken and late doses, ``on_time_percent`` only taken ones.
- As-needed: doses, days used, the highest daily total per unit, days whose total in the
  limit's unit passed ``--max-daily``, and doses sooner than ``--min-interval`` after the
  previous dose of the same medicine (that previous dose may lie before the period).
- Exercise and therapy: sessions on the days a version holds (with ``--minutes``, only those at
  least that long) against per-week x days held / 7, rounded half up.

Results are gathered per bucket (a week of the summary, or the whole period) so that the
summary, ``due``, ``compare`` and the report count the same way. Every item also carries
``versions``: the versions that held in the bucket, one object each, oldest first, with
``version`` (its description, e.g. ``duloxetine 30 mg at 08:00``), ``since`` and ``until``
(the bucket's days that version holds) and its own figures; the item's own keys stay the
totals, so SPEC.md's ``adherence.scheduled.NAME`` keeps its meaning.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import repeat
from typing import Any

from painlog.journal.entries import half_up, shown
from painlog.journal.names import COUNTED
from painlog.journal.timeparse import localize
from painlog.messages import count
from painlog.plan.medicines import limit_total
from painlog.plan.model import (
    AS_NEEDED,
    MAX_INTERVAL_HOURS,
    SCHEDULED,
    Span,
    Version,
    load,
    spans,
)
from painlog.store.db import Journal, named_list

WINDOW = timedelta(hours=2)
LATE_LIMIT = timedelta(hours=12)
SECTIONS = ("scheduled", "as_needed", "exercise", "therapy")
TAKEN, LATE, MISSED, PENDING = "taken", "late", "missed", "pending"


@dataclass(slots=True)
class Slot:
    """A planned time on one day: ``at`` in seconds since the epoch (the local clock time on
    that day, so daylight saving is honoured)."""

    name: str
    key: str
    day: date
    at: int
    version: str = ""  # the id of the version the slot belongs to
    status: str = PENDING
    filled_by: int | None = None  # epoch seconds of the dose that filled it (or made it late)

    @property
    def moment(self) -> datetime:
        return datetime.fromtimestamp(self.at).astimezone()


def _local_seconds(day: date, clock: time) -> int:
    """``day`` at ``clock`` on the local clock, as epoch seconds, read as entries' times are."""
    return int(localize(day, clock).timestamp())


def _local_seconds_each_day(first: date, count: int, clock: time) -> list[int]:
    """``_local_seconds`` for ``count`` days from ``first``, asking the C library once a week:
    the UTC offset changes at most twice a year, never twice in a week, so a week whose two
    ends agree has that offset on every day; a week where they differ is asked day by day."""
    base = (first.toordinal() - EPOCH_ORDINAL) * 86400 + clock.hour * 3600 + clock.minute * 60

    def offset(index: int) -> int:
        return base + index * 86400 - _local_seconds(first + timedelta(days=index), clock)

    found: list[int] = []
    for start in range(0, count, 7):
        end = min(start + 7, count) - 1
        low, high = offset(start), offset(end)
        for index in range(start, end + 1):
            shift = low if low == high else offset(index)
            found.append(base + index * 86400 - shift)
    return found


@dataclass(frozen=True)
class Dose:
    """A dose as the matching needs it: seconds since the epoch (UTC) and the day's ordinal,
    both computed by SQLite (which reads the stored offset), so ten years parse quickly."""

    key: str
    at: int
    day: int
    value: float
    unit: str

    @property
    def moment(self) -> datetime:
        return datetime.fromtimestamp(self.at).astimezone()


# julianday() of an ISO time with an offset is in UTC; 2440587.5 is the epoch's Julian day,
# and 1721424.5 is the Julian day of ordinal day 0 (proleptic Gregorian).
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
EPOCH_SECONDS = "CAST(round((julianday(at) - 2440587.5) * 86400) AS INTEGER)"
DAY_ORDINAL = "CAST(julianday(day) - 1721424.5 AS INTEGER)"


@dataclass
class Tally:
    """One item's figures in one bucket, under the name of its latest version there."""

    section: str
    name: str
    counts: dict[str, Any]


def _doses(journal: Journal, keys: set[str], since: date, until: date) -> list[Dose]:
    if not keys:
        return []
    marks, params = named_list(keys)
    sql = f"""
        SELECT {COUNTED} AS key, {EPOCH_SECONDS} AS moment, {DAY_ORDINAL}, value, unit
        FROM entries
        WHERE kind = 'medication' AND day BETWEEN :since AND :until AND key IN ({marks})
        ORDER BY moment, id
    """
    params.update(since=since.isoformat(), until=until.isoformat())
    return [Dose(*row) for row in journal.execute(sql, params)]


def _sessions(
    journal: Journal, kind: str, keys: set[str], since: date, until: date
) -> dict[tuple[str, int], list[float | None]]:
    """Each (item, day as an ordinal) with the minutes of its sessions."""
    if not keys:
        return {}
    marks, params = named_list(keys)
    sql = f"""
        SELECT {COUNTED} AS key, {DAY_ORDINAL}, value FROM entries
        WHERE kind = :kind AND day BETWEEN :since AND :until AND key IN ({marks})
    """
    params.update(kind=kind, since=since.isoformat(), until=until.isoformat())
    found: dict[tuple[str, int], list[float | None]] = {}
    for key, day, value in journal.execute(sql, params):
        found.setdefault((key, day), []).append(value)
    return found


def match_slots(slots: list[Slot], doses: Sequence[Dose], now: datetime) -> list[Dose]:
    """Fill ``slots`` (one medicine, sorted by time) with ``doses``; returns the doses that
    filled none. Statuses are set on the slots."""
    # Timestamps compare an order of magnitude faster than aware datetimes.
    moments = [slot.at for slot in slots]
    window = WINDOW.total_seconds()
    unmatched = []
    for dose in doses:
        at = dose.at
        low = bisect.bisect_left(moments, at - window)
        high = bisect.bisect_right(moments, at + window)
        free = [index for index in range(low, high) if slots[index].filled_by is None]
        if not free:
            unmatched.append(dose)
            continue
        nearest = slots[min(free, key=lambda index: (abs(moments[index] - at), moments[index]))]
        nearest.filled_by = dose.at
        nearest.status = TAKEN
    closed_before = now.timestamp() - window
    for slot, moment in zip(slots, moments, strict=True):
        if slot.filled_by is None:
            slot.status = MISSED if moment < closed_before else PENDING
    return _mark_late(slots, moments, doses, unmatched)


def _mark_late(
    slots: list[Slot], moments: list[int], doses: Sequence[Dose], unmatched: list[Dose]
) -> list[Dose]:
    """Turn missed slots late (SPEC.md): the first dose after the slot's window closed, when it
    comes before the next slot's window opens and at most 12 hours after the slot. Returns the
    unmatched doses that made no slot late."""
    window = int(WINDOW.total_seconds())
    limit = int(LATE_LIMIT.total_seconds())
    times = [dose.at for dose in doses]
    used: set[int] = set()
    for index, slot in enumerate(slots):
        if slot.status != MISSED:
            continue
        first = bisect.bisect_right(times, moments[index] + window)
        if first == len(times):
            continue
        dose_at = times[first]
        next_opens = moments[index + 1] - window if index + 1 < len(slots) else None
        if dose_at - moments[index] > limit or (next_opens is not None and dose_at >= next_opens):
            continue
        if first in used:
            continue
        used.add(first)
        slot.status = LATE
        slot.filled_by = dose_at
    if not used:
        return unmatched
    late_doses = {id(doses[index]) for index in used}
    return [dose for dose in unmatched if id(dose) not in late_doses]


def scheduled_slots(
    journal: Journal, plan_spans: Sequence[Span], since: date, until: date, now: datetime
) -> tuple[list[Slot], list[Dose]]:
    """Every slot of the period with its status, and the extra doses (on scheduled days)."""
    per_key: dict[str, list[Slot]] = {}
    scheduled_days: set[tuple[str, int]] = set()
    for span in plan_spans:
        version = span.version
        if version.mode != SCHEDULED:
            continue
        key, name = version.key, version.name
        key_slots = per_key.setdefault(key, [])
        # One day past the period too: a late dose must come before the NEXT slot's window,
        # which may lie after the period; those slots are matched but not returned.
        held = span.held(since.toordinal(), until.toordinal() + 1)
        days = [date.fromordinal(day) for day in held]
        if not days:
            continue
        scheduled_days.update((key, day.toordinal()) for day in days if day <= until)
        for clock in version.clock_times:
            moments = _local_seconds_each_day(days[0], len(days), clock)
            key_slots.extend(
                map(Slot, repeat(name), repeat(key), days, moments, repeat(version.id))
            )
    doses = _doses(journal, set(per_key), since - timedelta(days=1), until + timedelta(days=2))
    slots: list[Slot] = []
    extras: list[Dose] = []
    for key, key_slots in per_key.items():
        # Spans come oldest first and times sorted, so this sort finds them (nearly) in order.
        key_slots.sort(key=lambda slot: slot.at)
        unmatched = match_slots(key_slots, [d for d in doses if d.key == key], now)
        extras += [d for d in unmatched if (d.key, d.day) in scheduled_days]
        slots += [slot for slot in key_slots if slot.day <= until]
    return slots, extras


def _round_half_up_sevenths(sevenths: int) -> int:
    """``sevenths / 7`` rounded half up, in integers (no float surprises at .5)."""
    return (2 * sevenths + 7) // 14


def closed_slots(counts: dict[str, Any]) -> int:
    """Slots whose window has closed: taken, late or missed."""
    return counts["taken"] + counts["late"] + counts["missed"]


def scheduled_words(counts: dict[str, Any]) -> str:
    """``13 of 14 doses taken (92.9%): 12 within 2 h of the time (85.7%), 1 late, 1 missed;
    1 extra``: one scheduled item's (or version's) figures in words, for ``due`` and the
    report alike."""
    closed = closed_slots(counts)
    extra = f"; {counts['extra']} extra" if counts["extra"] else ""
    if not closed:
        return "none due yet" + extra
    taken = counts["taken"] + counts["late"]
    parts = [
        f"{counts['taken']} within 2 h of the time ({shown(counts['on_time_percent'], trim=True)}%)"
    ]
    parts += [f"{counts[key]} {key}" for key in ("late", "missed") if counts[key]]
    head = f"{taken} of {count(closed, 'dose')} taken ({shown(counts['percent'], trim=True)}%)"
    return f"{head}: {', '.join(parts)}{extra}"


def _percent(part: int, whole: int) -> float | None:
    return half_up(part / whole * 100, 1) if whole else None


def _finish(section: str, counts: dict[str, Any]) -> dict[str, Any]:
    """The figures as SPEC.md shows them: percents for doses, rounded targets for sessions."""
    counts = dict(counts)
    if section == "scheduled":
        closed = counts["taken"] + counts["late"] + counts["missed"]
        counts["percent"] = _percent(counts["taken"] + counts["late"], closed)
        counts["on_time_percent"] = _percent(counts["taken"], closed)
    elif section in ("exercise", "therapy"):
        counts["target"] = _round_half_up_sevenths(counts.pop("sevenths"))
    if "max_day" in counts:
        counts["max_day"] = dict(counts["max_day"])
    return counts


def _add(total: dict[str, Any], part: dict[str, Any]) -> None:
    for name, value in part.items():
        if name == "max_day":
            for unit, amount in value.items():
                total[name][unit] = max(total[name].get(unit, 0.0), amount)
        else:
            total[name] += value


def compute(
    journal: Journal,
    since: date,
    until: date,
    now: datetime,
    bucket: Callable[[date], int] = lambda day: 0,
    buckets: int = 1,
    versions: Sequence[Version] | None = None,
) -> list[dict[str, dict[str, dict[str, Any]]]]:
    """SPEC.md's ``adherence`` object for each bucket of days in ``since``..``until``.

    Days are ordinals whose bucket is looked up once; per-day work is kept to the days that
    have entries, so ten years of a plan cost little more than a month. Figures are counted per
    version and bucket, then added up per item, and listed per version under ``versions``.
    """
    plan_spans = spans(load(journal) if versions is None else versions)
    plan_spans = [s for s in plan_spans if s.start <= until and (s.end is None or s.end > since)]
    first, last = since.toordinal(), until.toordinal()
    bucket_of = [bucket(date.fromordinal(day)) for day in range(first, last + 1)]
    # (section, key) -> bucket -> version id -> (version, first day, last day, figures).
    tallies: dict[tuple[str, str], dict[int, dict[str, list[Any]]]] = {}
    held: dict[tuple[str, str], list[tuple[range, Version]]] = {}
    zeros: dict[str, dict[str, Any]] = {}

    def open_tallies(section: str, span: Span, zero: dict[str, Any]) -> range:
        zeros[section] = zero
        days = span.held(first, last)
        per_bucket = tallies.setdefault((section, span.version.key), {})
        for day in days:
            index = bucket_of[day - first]
            part = per_bucket.setdefault(index, {}).get(span.version.id)
            if part is None:
                counts = {name: value.copy() if isinstance(value, dict) else value
                          for name, value in zero.items()}  # fmt: skip
                per_bucket[index][span.version.id] = [span.version, day, day, counts]
            else:
                part[2] = day
        held.setdefault((section, span.version.key), []).append((days, span.version))
        return days

    def version_on(section: str, key: str, day: int) -> Version | None:
        for days, version in held.get((section, key), ()):
            if day in days:
                return version
        return None

    def figures(section: str, key: str, day: int, version: Version | None = None) -> dict:
        version = version or version_on(section, key, day)
        assert version is not None
        return tallies[(section, key)][bucket_of[day - first]][version.id][3]

    # Scheduled medicines.
    scheduled = [s for s in plan_spans if s.version.mode == SCHEDULED]
    by_id = {s.version.id: s.version for s in scheduled}
    for span in scheduled:
        open_tallies("scheduled", span, {"taken": 0, "late": 0, "missed": 0, "extra": 0})
    if scheduled:
        slots, extras = scheduled_slots(journal, scheduled, since, until, now)
        for slot in slots:
            if slot.status != PENDING:
                day = slot.day.toordinal()
                figures("scheduled", slot.key, day, by_id[slot.version])[slot.status] += 1
        for dose in extras:
            if first <= dose.day <= last:
                figures("scheduled", dose.key, dose.day)["extra"] += 1

    # As-needed medicines.
    as_needed = [s for s in plan_spans if s.version.mode == AS_NEEDED]
    for span in as_needed:
        open_tallies("as_needed", span, {"doses": 0, "days_used": 0, "max_day": {},
                                         "days_over_limit": 0, "too_soon": 0})  # fmt: skip
    if as_needed:
        lookback = timedelta(days=MAX_INTERVAL_HOURS // 24 + 1)
        doses = _doses(journal, {s.version.key for s in as_needed}, since - lookback, until)
        previous: dict[str, int] = {}
        daily: dict[tuple[str, int], tuple[Version, dict[str, float]]] = {}
        for dose in doses:
            day = dose.day
            last_dose = previous.get(dose.key)
            previous[dose.key] = dose.at
            version = version_on("as_needed", dose.key, day)
            if version is None:
                continue
            counts = figures("as_needed", dose.key, day, version)
            counts["doses"] += 1
            interval = (version.min_interval_hours or 0) * 3600
            if last_dose is not None and interval and dose.at - last_dose < interval:
                counts["too_soon"] += 1
            totals = daily.setdefault((dose.key, day), (version, {}))[1]
            totals[dose.unit] = totals.get(dose.unit, 0.0) + dose.value
        for (key, day), (version, totals) in daily.items():
            counts = figures("as_needed", key, day, version)
            counts["days_used"] += 1
            limit = version.max_daily
            if limit is not None:
                # Against a limit, weights are totalled in the limit's unit (1 g + 500 mg is
                # 1,500 mg); a volume or a count stays under its own unit, never counted.
                unit = version.max_daily_unit or ""
                total, left = limit_total(((v, u) for u, v in totals.items()), unit)
                totals = {**({unit: total} if total is not None else {}), **left}
                if total is not None and total > limit:
                    counts["days_over_limit"] += 1
            for unit, amount in totals.items():
                counts["max_day"][unit] = round(max(counts["max_day"].get(unit, 0.0), amount), 4)

    # Exercise and therapy: targets from the days held, sessions from the days logged.
    for kind in ("exercise", "therapy"):
        weekly = [s for s in plan_spans if s.version.kind == kind]
        for span in weekly:
            days = open_tallies(kind, span, {"sessions": 0, "target": 0, "sevenths": 0})
            for day in days:
                counts = figures(kind, span.version.key, day, span.version)
                counts["sevenths"] += span.version.per_week or 0
        if not weekly:
            continue
        sessions = _sessions(journal, kind, {s.version.key for s in weekly}, since, until)
        for (key, day), minutes_logged in sessions.items():
            version = version_on(kind, key, day)
            if version is None:
                continue
            least = version.minutes
            counts = figures(kind, key, day, version)
            for minutes in minutes_logged:
                if not least or (minutes is not None and minutes >= least):
                    counts["sessions"] += 1

    results: list[dict[str, dict[str, dict[str, Any]]]] = [
        {section: {} for section in SECTIONS} for _ in range(buckets)
    ]

    def latest_name(per_bucket: dict[int, dict[str, list[Any]]]) -> str:
        return max((part[2], part[0].name) for parts in per_bucket.values()
                   for part in parts.values())[1]  # fmt: skip

    ordered = sorted(tallies.items(), key=lambda pair: latest_name(pair[1]).lower())
    for (section, _), per_bucket in ordered:
        for index, parts in per_bucket.items():
            in_order = sorted(parts.values(), key=lambda part: part[1])
            zero = zeros[section]
            summed: dict[str, Any] = {
                name: {} if isinstance(value, dict) else 0 for name, value in zero.items()
            }
            for part in in_order:
                _add(summed, part[3])
            item = _finish(section, summed)
            # One object per version as the person reads it: versions that differ only in
            # who changed them or a note read the same and are counted together.
            merged: list[tuple[str, int, int, dict[str, Any]]] = []
            for version, since_day, until_day, counts in in_order:
                label = version.describe()
                if merged and merged[-1][0] == label:
                    _add(merged[-1][3], counts)
                    merged[-1] = (label, merged[-1][1], until_day, merged[-1][3])
                else:
                    copied = {k: dict(v) if isinstance(v, dict) else v for k, v in counts.items()}
                    merged.append((label, since_day, until_day, copied))
            item["versions"] = [
                {
                    "version": label,
                    "since": date.fromordinal(since_day).isoformat(),
                    "until": date.fromordinal(until_day).isoformat(),
                    **_finish(section, counts),
                }
                for label, since_day, until_day, counts in merged
            ]
            results[index][section][in_order[-1][0].name] = item
    return results


def for_period(
    journal: Journal, since: date, until: date, now: datetime
) -> dict[str, dict[str, dict[str, Any]]]:
    """The whole period as one bucket (the report, ``due``)."""
    return compute(journal, since, until, now)[0]
