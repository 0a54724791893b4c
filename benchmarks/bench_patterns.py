"""`painlog patterns` over one year and over ten years of daily pain with 40 candidates, and
`add symptom` / `add factor` against `add pain`, and `summary --json` over 10 years with 5
symptoms and 10 factors against `add` (issue 27).

Targets: patterns, 1 year and 40 candidates <= 2 s; 10 years <= 8 s (whole command, wall
time). add symptom and add factor as fast as add pain (within noise, ~1.1x); summary --json
over 10 years with symptoms and factors <= 2x add.

Run:  python benchmarks/bench_patterns.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import PAINLOG, interleaved_medians, print_against_add, scratch_folder

SYMPTOMS = ("fatigue", "stiffness", "nausea", "brain fog", "headache")
FACTORS = ("caffeine", "alcohol", "stress", "period", "travel", "dairy", "gluten", "screens",
           "late dinner", "sugar")  # fmt: skip


def build(path: Path, days: int, seed: int = 7) -> None:
    """Daily pain (two entries), 5 symptoms and sleep; 10 factors, 8 exercises, 6 therapies,
    6 tags and 8 as-needed medicines on random days: 38 named candidates + short sleep +
    pressure fall = 40."""
    from painlog import clock
    from painlog.journal.entries import add_entries, make_entry
    from painlog.plan.model import Options, add_item, new_item
    from painlog.store.opener import open_journal

    chance = random.Random(seed)
    today = clock.today()
    first = today - timedelta(days=days)  # to yesterday: a day at 12:00 is never ahead of now
    exercises = [f"exercise {n}" for n in range(8)]
    therapies = [f"therapy {n}" for n in range(6)]
    tags = [f"tag {n}" for n in range(6)]
    medicines = [f"medicine {n}" for n in range(8)]
    entries = []
    for index in range(days):
        day = first + timedelta(days=index)
        at = f"{day.isoformat()}T12:00:00+00:00"
        morning = f"{day.isoformat()}T07:00:00+00:00"
        entries.append(make_entry("pain", at, value=chance.randint(2, 8),
                                  tags=[t for t in tags if chance.random() < 0.2]))  # fmt: skip
        entries.append(make_entry("pain", morning, value=chance.randint(2, 8)))
        entries.append(make_entry("sleep", morning, value=chance.choice((5, 6.5, 7, 8))))
        for name in SYMPTOMS:
            entries.append(make_entry("symptom", at, name=name, value=chance.randint(0, 10)))
        for name in FACTORS:
            if chance.random() < 0.3:
                entries.append(make_entry("factor", at, name=name, value=chance.choice((None, 1, 2)),
                                          unit=None))  # fmt: skip
        for name in exercises:
            if chance.random() < 0.15:
                entries.append(make_entry("exercise", at, name=name, value=30))
        for name in therapies:
            if chance.random() < 0.1:
                entries.append(make_entry("therapy", at, name=name, value=45))
        for name in medicines:
            if chance.random() < 0.15:
                entries.append(make_entry("medication", at, name=name, value=1, unit="tablet"))
    with open_journal(path, create=True) as journal:
        for start in range(0, len(entries), 5000):
            add_entries(journal, entries[start : start + 5000])
        for name in medicines:
            options = Options(as_needed=True)
            add_item(journal, new_item("medication", [name, "1", "tablet"], first, options))


def with_symptoms_and_factors(path: Path, seed: int = 11) -> None:
    """The 10-year benchmark journal of bench_summary (22,000 entries) with 5 symptoms rated
    every day and 10 factors on about a third of the days each, added."""
    from common import build_journal

    from painlog import clock
    from painlog.journal.entries import add_entries, make_entry
    from painlog.store.opener import open_journal

    build_journal(path, 22_000)
    chance = random.Random(seed)
    today = clock.today()
    entries = []
    for index in range(3653):
        day = today - timedelta(days=index + 1)
        at = f"{day.isoformat()}T20:00:00+00:00"
        for name in SYMPTOMS:
            entries.append(make_entry("symptom", at, name=name, value=chance.randint(0, 10)))
        for name in FACTORS:
            if chance.random() < 0.3:
                entries.append(make_entry("factor", at, name=name, value=chance.choice((None, 2))))
    with open_journal(path) as journal:
        for start in range(0, len(entries), 5000):
            add_entries(journal, entries[start : start + 5000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with scratch_folder() as folder:
        one, ten = folder / "one-year.db", folder / "ten-years.db"
        summary = folder / "summary.db"
        build(one, 365)
        build(ten, 3653)
        with_symptoms_and_factors(summary)
        env_summary = {**os.environ, "PAINLOG_DB": str(summary)}
        env_one = {**os.environ, "PAINLOG_DB": str(one)}
        env_ten = {**os.environ, "PAINLOG_DB": str(ten)}
        from painlog import clock

        since = (clock.today() - timedelta(days=3653)).isoformat()
        commands = {
            "add": ([*PAINLOG, "add", "pain", "5"], env_summary),
            "add_symptom": ([*PAINLOG, "add", "symptom", "fatigue", "5"], env_summary),
            "add_factor": ([*PAINLOG, "add", "factor", "caffeine", "2", "cups"], env_summary),
            "summary_10y": ([*PAINLOG, "summary", "--json", "--since", since], env_summary),
            "patterns_1y": ([*PAINLOG, "patterns", "--json"], env_one),
            "patterns_10y": ([*PAINLOG, "patterns", "--json"], env_ten),
        }
        times = interleaved_medians(commands, args.runs)
        print(
            "add and summary: bench_summary's 10-year journal (22,000 entries) + 5 symptoms a "
            "day + 10 factors; patterns: 1 and 10 years of daily pain, 40 candidates; "
            f"{args.runs} runs each (medians)"
        )
        print_against_add(
            times,
            (
                ("add_symptom", "add symptom fatigue 5:", 1.1),
                ("add_factor", "add factor caffeine 2 cups:", 1.1),
                ("summary_10y", "summary --json, 10 years:", 2.0),
            ),
            30,
        )
        for name, label, target in (
            ("patterns_1y", "patterns, 1 year:", 2.0),
            ("patterns_10y", "patterns, 10 years:", 8.0),
        ):
            print(f"{label:30} {times[name]:7.2f} s   (target <= {target} s)")


if __name__ == "__main__":
    main()
