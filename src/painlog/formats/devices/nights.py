"""Turning sleep intervals into nights: which records make one night, which day it belongs to,
and which one device a night is taken from.

- A **night** is a run of sleep records from one source with no gap longer than two hours
  between them (awake spells in the night do not split it; an afternoon nap does). Its **day** is
  the calendar date of its last asleep moment in that record's offset: the day of waking. A stage
  that ends at 23:50 therefore belongs to the next morning, with the rest of its night.
- A day's sleep is all the nights that end on it from ONE source (a nap the device recorded adds
  to that day, as a nap the person types does). When several sources recorded asleep time for a
  day (a watch and a phone, or a watch and a sleep app), the day takes the source with the most
  asleep time, never a sum or a merge: two devices watching the same night are one night.
- Time in bed counts only for a day no source recorded any asleep time for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from painlog.formats.devices.records import clock, span, union_seconds

NIGHT_GAP = timedelta(hours=2)
IN_BED = "in bed"
AWAKE = "awake"


@dataclass
class Night:
    """What one source recorded for one day: asleep intervals by stage, and time in bed."""

    asleep: list[tuple[datetime, datetime]] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    in_bed: list[tuple[datetime, datetime]] = field(default_factory=list)
    spans: list[tuple[datetime, datetime]] = field(default_factory=list)  # per run, for the note
    woke: datetime | None = None

    def asleep_seconds(self) -> float:
        return union_seconds(self.asleep)

    def in_bed_seconds(self) -> float:
        return union_seconds(self.in_bed)


@dataclass(frozen=True)
class ChosenNight:
    day: str
    woke: datetime
    hours: float
    note: str
    device: str
    others: int  # other sources that also recorded this day, set aside


def nights(intervals: Iterable[tuple[str, datetime, datetime, str]]) -> list[ChosenNight]:
    """``(source, start, end, stage)`` intervals -> one chosen night per day of waking.

    ``stage`` is an asleep stage name (``core``, ``deep``, ``REM``, ``asleep``…), ``IN_BED`` or
    ``AWAKE``; awake records only keep a night together, they never count.
    """
    by_source: dict[str, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    for source, start, end, stage in intervals:
        if end > start:
            by_source[source].append((start, end, stage))
    days: dict[str, dict[str, Night]] = defaultdict(dict)
    for source, records in by_source.items():
        for run in _runs(sorted(records, key=lambda record: (record[0], record[1]))):
            _add_run(days, source, run)
    chosen = []
    for day in sorted(days):
        choice = _choose(day, days[day])
        if choice is not None:
            chosen.append(choice)
    return chosen


def _runs(records: list[tuple[datetime, datetime, str]]) -> Iterable[list]:
    run: list[tuple[datetime, datetime, str]] = []
    end: datetime | None = None
    for record in records:
        if end is not None and record[0] - end > NIGHT_GAP:
            yield run
            run, end = [], None
        run.append(record)
        end = record[1] if end is None else max(end, record[1])
    if run:
        yield run


def _add_run(days: dict[str, dict[str, Night]], source: str, run: list) -> None:
    asleep = [(start, end, stage) for start, end, stage in run if stage not in (IN_BED, AWAKE)]
    counted = asleep or [(start, end, stage) for start, end, stage in run if stage == IN_BED]
    if not counted:
        return  # awake records alone are not sleep
    woke = max(end for _, end, _ in counted)
    day = woke.date().isoformat()
    night = days[day].setdefault(source, Night())
    first = min(start for start, _, _ in counted)
    night.spans.append((first, woke))
    night.woke = woke if night.woke is None else max(night.woke, woke)
    if asleep:
        for start, end, stage in asleep:
            night.asleep.append((start, end))
            night.stages[stage] = night.stages.get(stage, 0.0) + (end - start).total_seconds()
    else:
        night.in_bed.extend((start, end) for start, end, _ in counted)


def _choose(day: str, sources: dict[str, Night]) -> ChosenNight | None:
    asleep = {source: night.asleep_seconds() for source, night in sources.items()}
    if any(asleep.values()):
        candidates = {source: seconds for source, seconds in asleep.items() if seconds}
        in_bed = False
    else:
        candidates = {source: night.in_bed_seconds() for source, night in sources.items()}
        candidates = {source: seconds for source, seconds in candidates.items() if seconds}
        in_bed = True
    if not candidates:
        return None
    # the most time; on a tie the source whose name sorts first, so a re-read chooses the same
    device = min(candidates, key=lambda source: (-candidates[source], source))
    night = sources[device]
    spans = ", ".join(f"{clock(start)} – {clock(end)}" for start, end in sorted(night.spans))
    if in_bed:
        note = f"In bed {spans} (no asleep records; time in bed counted)"
    else:
        note = f"Asleep {spans}{_stages(night.stages)}"
    assert night.woke is not None
    return ChosenNight(day, night.woke, candidates[device] / 3600, note, device,
                       len(candidates) - 1)  # fmt: skip


STAGE_ORDER = ("core", "light", "deep", "REM", "restless", "asleep")


def _stages(stages: dict[str, float]) -> str:
    """`` (core 3h10m, deep 1h05m, REM 1h30m)``; nothing when the device gave no stages."""
    named = [stage for stage in STAGE_ORDER if stages.get(stage)]
    named += sorted(stage for stage in stages if stage not in STAGE_ORDER and stages[stage])
    if named == ["asleep"] or not named:
        return ""
    return " (" + ", ".join(f"{stage} {span(stages[stage])}" for stage in named) + ")"
