"""A realistic sample journal, for ``painlog demo`` and for benchmarks.

Eight weeks of a person with chronic low back pain: two flares (after a long drive and after
gardening), ibuprofen replaced by naproxen plus duloxetine in week 5, weekly physical therapy,
CBT from week 4, walking and yoga, and sleep that is shorter after worse days.
Deterministic for a given seed, so tests and benchmarks can rely on it.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from painlog.db import open_journal
from painlog.entries import Entry, add_entries, make_entry
from painlog.timeparse import local_now, localize

DEMO_WEEKS = 8
FLARES = {  # day index -> extra pain; the flare story a clinician should spot
    **{day: bump for day, bump in zip(range(15, 20), (2.5, 3.5, 3.0, 2.5, 1.5), strict=True)},
    **{day: bump for day, bump in zip(range(37, 40), (2.5, 3.0, 2.0), strict=True)},
}
MEDICATION_CHANGE_DAY = 28


@dataclass(frozen=True)
class DemoJournal:
    path: Path
    entries: int
    first_day: date
    last_day: date
    counts: dict[str, int]


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _day_entries(index: int, day: date, rng: random.Random, now: datetime) -> Iterator[Entry]:
    def at(hour: int, minute: int = 0) -> datetime:
        return localize(day, time(hour, minute))

    def entry(kind: str, moment: datetime, **fields: object) -> Entry:
        return make_entry(kind, moment, now=now, **fields)  # type: ignore[arg-type]

    flare = FLARES.get(index % 56, 0.0)
    improving = 0.6 if index >= MEDICATION_CHANGE_DAY + 7 else 0.0  # the new regime helps a bit
    base = _clamp(4.3 + flare - improving + rng.gauss(0, 0.7), 0, 10)
    yesterday_pain = _clamp(4.3 + FLARES.get(index % 56 - 1, 0.0) - improving, 0, 10)

    hours = _clamp(7.6 - 0.45 * (yesterday_pain - 4) + rng.gauss(0, 0.6), 3.5, 9.5)
    hours = round(hours * 4) / 4
    sleep_quality = int(_clamp(round(3 + (hours - 7) * 0.8 + rng.gauss(0, 0.5)), 1, 5))
    yield entry("sleep", at(7, 10), value=f"{hours}", quality=sleep_quality)
    if index % 9 == 4 and flare:
        yield entry("sleep", at(15, 30), value="40m", note="nap")

    morning = round(_clamp(base + 0.5 + rng.gauss(0, 0.4), 0, 10))
    evening = round(_clamp(base + rng.gauss(0, 0.6), 0, 10))
    where = ["lower back"] + (["left hip"] if flare > 2 else [])
    yield entry("pain", at(8, 0), value=morning, location=where, quality="aching")
    trigger = []
    if index % 56 == 15:
        trigger = ["long drive"]
    if index % 56 == 37:
        trigger = ["gardening"]
    relief = ["heat pack"] if flare else (["walk"] if rng.random() < 0.3 else [])
    yield entry(
        "pain",
        at(20, 30),
        value=evening,
        location=where,
        quality="stabbing" if flare > 2.5 else "dull",
        trigger=trigger,
        relief=relief,
    )

    mood = round(_clamp(7.2 - 0.55 * base + rng.gauss(0, 0.7), 0, 10))
    yield entry("mood", at(21, 0), value=mood)

    weekday = day.weekday()
    if weekday in {0, 2, 4, 5} and not flare > 2.5:
        yield entry(
            "exercise",
            at(11, 0),
            name="walk",
            value=f"{rng.choice([20, 30, 40])}m",
            intensity="moderate",
        )
    if weekday in {1, 3, 6}:
        yield entry("exercise", at(9, 0), name="pt-exercises", value="20m", intensity="light")
    if weekday == 5 and not flare:
        yield entry("exercise", at(10, 0), name="yoga", value="45m", intensity="light")

    if index < MEDICATION_CHANGE_DAY:
        for hour in (8, 14, 21)[: 2 + (base > 5) + (flare > 2)]:
            yield entry("medication", at(hour, 15), name="ibuprofen", value=400, unit="mg")
    else:
        for hour in (8, 20):
            yield entry("medication", at(hour, 15), name="naproxen", value=250, unit="mg")
        yield entry("medication", at(8, 20), name="duloxetine", value=30, unit="mg")
    if flare > 2.5:
        yield entry("medication", at(13, 0), name="paracetamol", value=2, unit="tablet")

    if weekday == 1:
        yield entry("therapy", at(16, 0), name="physical therapy", value="45m")
    if index >= 21 and weekday == 3:
        yield entry("therapy", at(17, 0), name="CBT", value="50m")
    if index % 14 == 10:
        yield entry("therapy", at(18, 0), name="massage", value="60m")

    notes = {
        15: ("Flare started after the long drive to my sister's", ["clinic"]),
        MEDICATION_CHANGE_DAY: ("Started naproxen and duloxetine, stopped ibuprofen", ["clinic"]),
        MEDICATION_CHANGE_DAY + 3: (
            "Duloxetine: mild nausea in the mornings",
            ["side-effect", "clinic"],
        ),
        37: ("Overdid the gardening, back seized up", []),
        45: ("Good week. Walking 40 minutes without a flare", []),
    }
    if index % 56 in notes:
        text, tags = notes[index % 56]
        yield entry("note", at(21, 30), note=text, tags=tags)


def sample_entries(days: int, last_day: date | None = None, seed: int = 7) -> list[Entry]:
    """``days`` days of the sample story, ending ``last_day`` (default yesterday)."""
    now = local_now()
    last_day = last_day or now.date() - timedelta(days=1)
    first_day = last_day - timedelta(days=days - 1)
    rng = random.Random(seed)
    entries: list[Entry] = []
    for index in range(days):
        entries.extend(_day_entries(index, first_day + timedelta(days=index), rng, now))
    return entries


def synthetic_entries(count: int, days: int = 3650, seed: int = 7) -> list[Entry]:
    """``count`` entries spread evenly over ``days`` days of the story (benchmarks: 10 years)."""
    story = sample_entries(days, seed=seed)
    if count >= len(story):
        return story
    return [story[index * len(story) // count] for index in range(count)]


def build_demo_journal(folder: Path | None = None, weeks: int = DEMO_WEEKS) -> DemoJournal:
    """Write the sample journal to a new temporary folder; never the user's journal."""
    folder = folder or Path(tempfile.mkdtemp(prefix="painlog-demo-"))
    path = folder / "demo.db"
    entries = sample_entries(weeks * 7)
    journal = open_journal(path, create=True)
    add_entries(journal, entries)
    journal.close()
    counts: dict[str, int] = {}
    for item in entries:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    return DemoJournal(
        path=path,
        entries=len(entries),
        first_day=date.fromisoformat(entries[0].day),
        last_day=date.fromisoformat(entries[-1].day),
        counts=counts,
    )
