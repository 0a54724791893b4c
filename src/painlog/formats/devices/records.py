"""What a phone or watch export becomes: one ``DeviceRecord`` per night, day or workout, and
the ``DeviceImport`` that holds them with what was left out and why.

Values are checked against SPEC.md's ranges here, once for every source. A value a device could
not have measured (a 30-hour night, 250,000 steps, a resting heart rate of 5) is skipped and
counted rather than stopping the import: a device export holds years of machine-written values,
and one sensor glitch should not keep the person's other 2,000 nights out. A file painlog cannot
read at all (broken XML, a date that is not a date) still stops the import, naming the file and
the record.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from painlog import clock as painlog_clock
from painlog.messages import Msg, count, say

Progress = Callable[[float], None]
SKEW = timedelta(minutes=1)  # SPEC.md "Time": a moment past now by more than this is refused
# The errors reading one record's number, date or offset can raise: the record is left out.
RECORD_ERRORS = (ValueError, OverflowError, TypeError, ArithmeticError, KeyError, OSError)
DEVICE_KINDS = ("sleep", "steps", "exercise", "heart-rate")
UNITS = {"sleep": "h", "exercise": "min", "heart-rate": "bpm"}
SOURCE_NAMES = {
    "apple-health": "Apple Health",
    "fitbit": "Fitbit",
    "google-fit": "Google Fit",
    "samsung-health": "Samsung Health",
}
# singular, plural: how the closing line counts each kind
NOUNS = {
    "sleep": ("night of sleep", "nights of sleep"),
    "steps": ("day of steps", "days of steps"),
    "exercise": ("exercise session", "exercise sessions"),
    "heart-rate": ("resting heart rate", "resting heart rates"),
}


@dataclass(frozen=True)
class DeviceRecord:
    """One night's sleep, one day's steps, one workout or one day's resting heart rate."""

    kind: str
    at: str  # ISO 8601 local time with its offset, to the second, as painlog stores ``at``
    day: str  # the calendar date of ``at`` in its own offset
    value: float
    source: str
    source_key: str  # stable inside the source: a newer export of the same data gives the same
    unit: str | None = None
    name: str | None = None
    note: str | None = None
    device: str | None = None


def in_range(kind: str, value: float) -> bool:
    """SPEC.md's ranges: steps 0..200000 whole, heart rate 20..250, sleep 0<h<=24,
    exercise 0<m<=1440."""
    if not math.isfinite(value):
        return False
    if kind == "steps":
        return 0 <= value <= 200_000 and value == int(value)
    if kind == "heart-rate":
        return 20 <= value <= 250
    if kind == "sleep":
        return 0 < value <= 24
    return 0 < value <= 1440


@dataclass
class DeviceImport:
    """Everything one export holds, as records, and what was left out (reason -> how many)."""

    source: str
    records: list[DeviceRecord] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    # records that cannot be true (in the future, ending before they start, a value no device
    # could measure, an unreadable number, date or offset): reason -> how many, never stored
    untrue: Counter[str] = field(default_factory=Counter)
    now: datetime = field(default_factory=painlog_clock.now)
    zone_note: str = ""  # how the times were read, when the export does not say on each

    def too_late(self, moment: datetime) -> bool:
        """True (and counted) when ``moment`` is in the future: a phone's clock was wrong."""
        if moment - SKEW > self.now:
            self.reject(Msg.UNTRUE_FUTURE.value)
            return True
        return False

    def day_moment(self, day: date, noon: time) -> datetime | None:
        """A day's record written with a date alone: at ``noon`` local time, or now for today
        (SPEC.md "Time"); None (and counted) for a day still to come, never moved to today."""
        if day > self.now.date():
            self.reject(Msg.UNTRUE_FUTURE.value)
            return None
        return min(datetime.combine(day, noon).astimezone(), self.now)

    def reject(self, reason: str, how_many: int = 1) -> None:
        """A record that cannot be true: left out and counted, never changed into another."""
        if how_many:
            self.untrue[reason] += how_many

    def add(
        self,
        kind: str,
        moment: datetime,
        value: float,
        source_key: str,
        *,
        name: str | None = None,
        note: str | None = None,
        device: str | None = None,
    ) -> None:
        """Keep the record if its value is possible; otherwise count it as left out."""
        if not isinstance(value, int | float) or not math.isfinite(value):
            self.reject(say(Msg.DEVICE_SKIP_IMPOSSIBLE, kind=kind))
            return
        if kind == "steps":
            value = float(round(value))  # a third-party app may write fractional steps
        elif kind == "sleep":
            value = round(value, 2)
        elif kind in ("exercise", "heart-rate"):
            value = round(value, 1)
        if not in_range(kind, value):
            self.reject(say(Msg.DEVICE_SKIP_IMPOSSIBLE, kind=kind))
            return
        if self.too_late(moment):
            return
        try:
            at = stamp(moment)
            if not 1900 <= int(at[:4]) <= 9998:
                raise ValueError(at)
        except RECORD_ERRORS:
            self.reject(Msg.UNTRUE_UNREADABLE.value)
            return
        self.records.append(
            DeviceRecord(kind, at, at[:10], value, self.source, source_key, UNITS.get(kind),
                         name, note, device)
        )  # fmt: skip

    def skip(self, reason: str, how_many: int = 1) -> None:
        if how_many:
            self.skipped[reason] += how_many

    def counts(self) -> Counter[str]:
        return Counter(record.kind for record in self.records)

    def period(self) -> tuple[str, str] | None:
        days = sorted(record.day for record in self.records)
        return (days[0], days[-1]) if days else None

    def closing_line(self) -> str:
        """One line for the end of an import or a dry run: what came in, when, what was left out."""
        counts = self.counts()
        what = ", ".join(count(counts[kind], *NOUNS[kind]) for kind in DEVICE_KINDS if counts[kind])
        items = [f"{reason}: {n:,}" for reason, n in sorted(self.skipped.items())]
        if self.untrue:
            items.insert(0, untrue_text(self.untrue))
        left_out = ", ".join(items)
        skipped = say(Msg.DEVICE_LEFT_OUT, items=left_out) if left_out else ""
        if self.zone_note:
            skipped += f"; {self.zone_note}"
        period = self.period()
        if period is None:
            return say(Msg.DEVICE_READ_NOTHING, source=SOURCE_NAMES[self.source], skipped=skipped)
        return say(Msg.DEVICE_READ, source=SOURCE_NAMES[self.source], what=what,
                   since=period[0], until=period[1], skipped=skipped)  # fmt: skip


def untrue_text(untrue: Counter[str]) -> str:
    """``3 records that cannot be true (2 in the future, 1 with the end before the start)``"""
    total = sum(untrue.values())
    reasons = ", ".join(
        f"{n:,} {reason}" for reason, n in sorted(untrue.items(), key=lambda item: -item[1])
    )
    return say(Msg.UNTRUE_LEFT_OUT, records=count(total, "record"), reasons=reasons)


def stamp(moment: datetime) -> str:
    """ISO 8601 with the offset, to the second (``painlog.timeparse.stamp``, without the import)."""
    return moment.replace(microsecond=0).isoformat(timespec="seconds")


def span(seconds: float) -> str:
    """``3h10m``, ``1h05m``, ``45m``: a duration as the notes write it."""
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m"


def clock(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def union_seconds(intervals: list[tuple[datetime, datetime]]) -> float:
    """Time covered by the intervals, overlaps counted once (a record written twice is one)."""
    total = timedelta()
    current_start = current_end = None
    for start, end in sorted(intervals):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start  # type: ignore[operator]  # set together
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_end is not None:
        total += current_end - current_start  # type: ignore[operator]  # set together
    return total.total_seconds()
