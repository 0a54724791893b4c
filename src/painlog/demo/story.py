"""A realistic sample journal, for ``painlog demo`` and for benchmarks.

Eight weeks of a person with chronic low back pain and a care plan: duloxetine every morning
(30 mg, raised to 60 mg in week 5, a few doses missed), naproxen as needed under their own limit
(passed once, one dose too soon), home exercises five times a week, weekly physical therapy, CBT
from week 4; two flares (after a long drive and after gardening), walking and yoga, sleep that is
shorter after worse days, a weekly PEG, visits before and after the change, one coming up, and a
PGIC answered before it. Symptoms and factors: fatigue every evening and morning stiffness on
some days; coffee, alcohol at weekends, and a late screen on about a third of the evenings, which
really does make the next day's fatigue 2 points worse (``painlog patterns --outcome
symptom:fatigue`` finds it; coffee and alcohol do nothing).
Deterministic for a given seed, so tests and benchmarks can rely on it.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from painlog.clinic.goals import Goal, Rating
from painlog.clinic.pgic import Pgic
from painlog.clinic.screen import Screen
from painlog.clinic.visits import Peg, Visit, make_peg, peg_row
from painlog.journal.entries import Entry, make_entry, new_id
from painlog.journal.timeparse import local_now, localize, stamp
from painlog.plan.experiment import Schedule, block_on, make_schedule
from painlog.plan.model import CHANGE, Options, Version, add_versions, new_item
from painlog.plan.trial import Experiment
from painlog.record import gate as record
from painlog.store.db import Journal, transaction
from painlog.store.opener import open_journal

DEMO_WEEKS = 8
FLARES = {  # day index -> extra pain; the flare story a clinician should spot
    **{day: bump for day, bump in zip(range(15, 20), (2.5, 3.5, 3.0, 2.5, 1.5), strict=True)},
    **{day: bump for day, bump in zip(range(37, 40), (2.5, 3.0, 2.0), strict=True)},
}
MEDICATION_CHANGE_DAY = 28
CBT_START_DAY = 21
PEAK_FLARE_DAY = 38
PGIC_ANSWER = 3  # minimally improved
# A personal experiment (painlog try): yoga ON/OFF in 3 pairs of weekly blocks, from day 14 to
# the story's last day; the seed fixes which block of each pair is ON.
YOGA_START_DAY = 14
YOGA_WEEKS = 6
YOGA_SEED = 81234
TRAMADOL_START_DAY = 14
# Symptoms and factors come from their own random numbers (a seed per day), so the rest of the
# story is the same with them as without.
SYMPTOM_SEED = 27_000
LATE_SCREEN_SEED = 27_500
LATE_SCREEN_EFFECT = 2.0  # fatigue points the day after a late screen


def late_screen(index: int) -> bool:
    """A late screen that evening (about a third of the evenings)."""
    return random.Random(LATE_SCREEN_SEED + index).random() < 0.35


GOALS = (("walk to the park and back", 3), ("garden for an hour", 2))
SCREENS = ((14, (2, 1, 2, 2)), (0, (1, 1, 1, 1)))  # days before the last day, PHQ-4 A B C D


@dataclass(frozen=True)
class DemoJournal:
    path: Path
    entries: int
    first_day: date
    last_day: date
    counts: dict[str, int]


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _day_entries(
    index: int, day: date, rng: random.Random, now: datetime, yoga_on: bool | None = None
) -> Iterator[Entry]:
    def at(hour: int, minute: int = 0) -> datetime:
        return localize(day, time(hour, minute))

    def entry(kind: str, moment: datetime, **fields: object) -> Entry:
        return make_entry(kind, moment, now=now, **fields)  # type: ignore[arg-type]

    flare = FLARES.get(index % 56, 0.0)
    improving = 1.0 if index >= MEDICATION_CHANGE_DAY + 7 else 0.0  # the new dose helps a bit
    base = _clamp(4.3 + flare - improving + rng.gauss(0, 0.7), 0, 10)
    if yoga_on:
        base = _clamp(base - 0.6, 0, 10)  # the story: a little less pain in the yoga weeks
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
    if weekday in {0, 1, 3, 4, 6} and not flare > 2.5:
        minutes = 15 if index % 9 == 2 else 20  # now and then cut short
        yield entry("exercise", at(9, 0), name="home exercises", value=f"{minutes}m",
                    intensity="light")  # fmt: skip
    if yoga_on is None and weekday == 5 and not flare:
        yield entry("exercise", at(10, 0), name="yoga", value="45m", intensity="light")
    if yoga_on and weekday in {0, 2, 5}:  # the experiment's ON weeks: yoga three times
        yield entry("exercise", at(10, 0), name="yoga", value="30m", intensity="light")

    # Duloxetine every morning as planned (30 mg, 60 mg from the change), missed now and then.
    dose = 30 if index < MEDICATION_CHANGE_DAY else 60
    if index % 10 != 6:
        late = at(9, 40) if index % 13 == 3 else at(8, 15)  # late, but inside the 2-hour window
        yield entry("medication", late, name="duloxetine", value=dose, unit="mg")
    # Naproxen as needed, the person's own limit 1000 mg a day and 8 h apart.
    if index % 56 == PEAK_FLARE_DAY:  # the worst day: over the limit once, one dose too soon
        for hour, amount in ((7, 250), (15, 500), (21, 500)):
            yield entry("medication", at(hour), name="naproxen", value=amount, unit="mg")
    elif base > 4.8 or flare:
        count = 1 + (base > 5.8) + (flare > 2)
        for hour in (7, 15, 23)[:count]:
            yield entry("medication", at(hour), name="naproxen", value=250, unit="mg")
    if flare > 2.5:
        yield entry("medication", at(13, 0), name="paracetamol", value=2, unit="tablet",
                    contains="acetaminophen 500mg")  # fmt: skip
    # Tramadol as needed (in the plan) and co-codamol (codeine 8 mg, paracetamol 500 mg a
    # tablet, logged with --contains) on bad days: the opioid MME and the paracetamol hidden in a
    # combination product. On the worst day the paracetamol adds up past 4,000 mg.
    if index >= TRAMADOL_START_DAY and (base > 5.3 or flare):
        yield entry("medication", at(12, 30), name="tramadol", value=50, unit="mg")
        if flare > 2:
            yield entry("medication", at(19, 30), name="tramadol", value=50, unit="mg")
    if index >= TRAMADOL_START_DAY and flare:
        dose_hours = (6, 11, 17, 22) if index % 56 == PEAK_FLARE_DAY else (8, 18)
        for hour in dose_hours:
            yield entry("medication", at(hour, 10), name="co-codamol", value=2, unit="tablet",
                        contains="codeine 8mg, acetaminophen 500mg")  # fmt: skip

    if weekday == 1:
        yield entry("therapy", at(16, 0), name="physical therapy", value="45m")
    if index >= CBT_START_DAY and weekday == 3:
        yield entry("therapy", at(17, 0), name="CBT", value="50m")
    if index % 14 == 10:
        yield entry("therapy", at(18, 0), name="massage", value="60m")

    notes = {
        15: ("Flare started after the long drive to my sister's", ["clinic"]),
        MEDICATION_CHANGE_DAY: ("Duloxetine up to 60 mg from today (Dr. Rao)", ["clinic"]),
        37: ("Overdid the gardening, back seized up", []),
        45: ("Good week. Walking 40 minutes without a flare", []),
        50: ("Played with my granddaughter in the park for an hour", ["reflection"]),
    }
    if index % 56 == MEDICATION_CHANGE_DAY + 3:
        yield entry("side-effect", at(10, 0), name="duloxetine", note="nausea in the mornings",
                    intensity="mild")  # fmt: skip
    if index % 56 in notes:
        text, tags = notes[index % 56]
        yield entry("note", at(21, 30), note=text, tags=tags)
    yield from _symptoms_and_factors(index, base, flare, weekday, at, entry)


def _symptoms_and_factors(index, base, flare, weekday, at, entry) -> Iterator[Entry]:
    chance = random.Random(SYMPTOM_SEED + index)
    after_screen = LATE_SCREEN_EFFECT if late_screen(index - 1) else 0.0
    fatigue = _clamp(3 + 0.4 * (base - 4.3) + after_screen + chance.gauss(0, 0.8), 0, 10)
    yield entry("symptom", at(21, 5), name="fatigue", value=round(fatigue))
    if flare or chance.random() < 0.4:
        stiffness = _clamp(3 + flare + chance.gauss(0, 1), 0, 10)
        yield entry("symptom", at(8, 5), name="stiffness", value=round(stiffness))
    if late_screen(index):
        yield entry("factor", at(23, 0), name="late screen")
    if chance.random() < 0.45:
        yield entry("factor", at(10, 30), name="coffee", value=chance.choice((1, 2)), unit="cups")
    if weekday in {4, 5} and chance.random() < 0.6:
        yield entry("factor", at(20, 0), name="alcohol", value=chance.choice((1, 2)), unit="drinks")


def sample_entries(days: int, last_day: date | None = None, seed: int = 7) -> list[Entry]:
    """``days`` days of the sample story, ending ``last_day`` (default yesterday)."""
    now = local_now()
    last_day = last_day or now.date() - timedelta(days=1)
    first_day = last_day - timedelta(days=days - 1)
    rng = random.Random(seed)
    yoga = yoga_schedule(first_day)
    entries: list[Entry] = []
    for index in range(days):
        day = first_day + timedelta(days=index)
        block = block_on(yoga, day)
        yoga_on = None if block is None else block.on
        entries.extend(_day_entries(index, day, rng, now, yoga_on))
    return entries


def yoga_schedule(first_day: date) -> Schedule:
    return make_schedule(first_day + timedelta(days=YOGA_START_DAY), YOGA_WEEKS, 7, YOGA_SEED)


def synthetic_entries(count: int, days: int = 3650, seed: int = 7) -> list[Entry]:
    """``count`` entries spread evenly over ``days`` days of the story (benchmarks: 10 years)."""
    story = sample_entries(days, seed=seed)
    if count >= len(story):
        return story
    return [story[index * len(story) // count] for index in range(count)]


def sample_plan(first_day: date) -> list[Version]:
    """The sample care plan from ``first_day``: 5 items, duloxetine raised on the change day."""

    def item(kind: str, words: str, start: date, **options: str | bool) -> Version:
        return new_item(kind, words.split(), start, Options(**options))  # type: ignore[arg-type]

    duloxetine = item("med", "duloxetine 30mg", first_day, times="08:00", by="Dr. Rao")
    change_day = first_day + timedelta(days=MEDICATION_CHANGE_DAY)
    raised = replace(
        duloxetine, action=CHANGE, day=change_day.isoformat(), dose=60.0, id=new_id(),
        note="after the review: pain still 5 most days",
    )  # fmt: skip
    naproxen = item("med", "naproxen 250mg", first_day, as_needed=True, max_daily="1000mg",
                    min_interval="8h", by="Dr. Rao")  # fmt: skip
    exercises = item("exercise", "home exercises", first_day, per_week="5", minutes="20",
                     by="physiotherapist")  # fmt: skip
    physio = item("therapy", "physical therapy", first_day, per_week="1")
    cbt = item("therapy", "CBT", first_day + timedelta(days=CBT_START_DAY), per_week="1")
    opioid_day = first_day + timedelta(days=TRAMADOL_START_DAY)
    tramadol = item("med", "tramadol 50mg", opioid_day, as_needed=True, max_daily="200mg",
                    min_interval="6h", by="Dr. Rao")  # fmt: skip
    return [duloxetine, naproxen, exercises, physio, cbt, tramadol, raised]


def sample_pegs(first_day: date, last_day: date, entries: list[Entry]) -> list[Peg]:
    """A PEG each Sunday evening, close to that week's logged pain."""

    now = local_now()
    pegs = []
    day = first_day + timedelta(days=(6 - first_day.weekday()) % 7)
    while day <= last_day:
        week = [e.value or 0 for e in entries
                if e.kind == "pain" and day - timedelta(days=6) <= date.fromisoformat(e.day) <= day]  # fmt: skip
        mean = sum(week) / len(week) if week else 5.0
        enjoyment, activity = min(10, round(mean * 1.25)), min(10, round(mean * 1.1 + 0.3))
        pegs.append(make_peg(round(mean), enjoyment, activity, localize(day, time(21, 15)), now))
        day += timedelta(days=7)
    return pegs


def _add_goals_screens_experiment(journal: Journal, first_day: date, last_day: date) -> None:
    """Two PSFS goals rated weekly (slowly better), a PHQ-4 two weeks apart, and the yoga
    experiment that ran from day 14 to the last day."""

    for number, (name, first) in enumerate(GOALS):
        goal = Goal(name=name, added_at=stamp(localize(first_day, time(21, 30 + number))))
        journal["goals"].insert(goal.as_row())
        day, rating, week = first_day, float(first), 0
        while day <= last_day:
            at = stamp(localize(day, time(21, 40)))
            journal["goal_ratings"].insert(Rating(goal=goal.id, at=at, value=rating).as_row())
            week += 1
            rating = min(10.0, float(first) + week // 2 + (week >= 6))
            day += timedelta(days=7)
    for days_before, (a, b, c, d) in SCREENS:
        at = stamp(localize(last_day - timedelta(days=days_before), time(21, 45)))
        journal["screens"].insert(Screen(at=at, a=a, b=b, c=c, d=d).as_row())
    start = first_day + timedelta(days=YOGA_START_DAY)
    experiment = Experiment("yoga", "pain", 7, YOGA_SEED, start.isoformat(), YOGA_WEEKS,
                            created_at=stamp(localize(start, time(8, 0))))  # fmt: skip
    journal["experiments"].insert(experiment.as_row())


def build_demo_journal(folder: Path | None = None, weeks: int = DEMO_WEEKS) -> DemoJournal:
    """Write the sample journal to a new temporary folder; never the user's journal."""

    folder = folder or Path(tempfile.mkdtemp(prefix="painlog-demo-"))
    path = folder / "demo.db"
    entries = sample_entries(weeks * 7)
    first_day = date.fromisoformat(entries[0].day)
    last_day = date.fromisoformat(entries[-1].day)
    change_day = first_day + timedelta(days=MEDICATION_CHANGE_DAY)
    journal = open_journal(path, create=True)
    record.store(journal, entries)  # the gate's one transaction, as every route's
    with transaction(journal):
        add_versions(journal, sample_plan(first_day))
        journal["peg"].insert_all(
            [peg_row(peg) for peg in sample_pegs(first_day, last_day, entries)]
        )
        journal["visits"].insert_all(
            asdict(Visit(day=visit.isoformat(), with_whom="Dr. Rao, pain clinic", note=note))
            for visit, note in (
                (first_day, "new plan: duloxetine, home exercises, PT"),
                (change_day, "duloxetine up to 60 mg"),
                (last_day + timedelta(days=4), "review"),
            )
        )
        journal["pgic"].insert(
            Pgic(at=stamp(localize(last_day, time(21, 20))), value=PGIC_ANSWER).as_row()
        )
        _add_goals_screens_experiment(journal, first_day, last_day)
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


def last_day(journal: Journal) -> date:
    """The sample journal's last day with an entry (the demo shows the weeks up to it)."""
    return date.fromisoformat(journal.execute("SELECT max(day) FROM entries").fetchone()[0])
