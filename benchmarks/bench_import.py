"""Importing 10,000 Daylio rows against importing the same entries from painlog's own CSV.

Three rows a day, each naming walk and friends: 10,000 moods and 6,668 factors (issue 27: an
activity is one factor of its day) either way.

Target (issue 10): the Daylio import within 1.2x of the CSV import, each into a new journal.

Run:  python benchmarks/bench_import.py [--runs 7] [--rows 10000]
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import statistics

from common import PAINLOG, scratch_folder, wall_time

MOODS = ("rad", "good", "meh", "bad", "awful")


def write_files(folder: Path, rows: int) -> tuple[Path, Path]:
    first = date.today() - timedelta(days=rows // 3 + 2)
    daylio = ["full_date,date,weekday,time,mood,activities,note_title,note"]
    ours = ["id,kind,at,value,unit,name,quality,location,intensity,note,tags,trigger,relief"]
    for n in range(rows):
        day = first + timedelta(days=n // 3)
        hour = 8 + (n % 3) * 5
        daylio.append(
            f"{day},{day:%B %d},{day:%A},{hour}:{n % 60:02d},{MOODS[n % 5]},"
            f'"walk | friends",Title {n},"A note<br>with a line break {n}"'
        )
        at = f"{day}T{hour:02d}:{n % 60:02d}:00+00:00"
        ours.append(f",mood,{at},{(10, 7.5, 5, 2.5, 0)[n % 5]},,,,,,Title {n} A note {n},,,")
        if n % 3 == 0:  # the same entries: Daylio's activities are factors of their day
            ours.extend(f",factor,{at},,,{name},,,,,,," for name in ("walk", "friends"))
    daylio_path, csv_path = folder / "daylio.csv", folder / "painlog.csv"
    daylio_path.write_text("\n".join(daylio) + "\n", encoding="utf-8")
    csv_path.write_text("\n".join(ours) + "\n", encoding="utf-8")
    return daylio_path, csv_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with scratch_folder() as folder:
        daylio, ours = write_files(folder, args.rows)
        samples: dict[str, list[float]] = {"csv": [], "daylio": []}
        for run in range(args.runs + 1):  # the first run warms the caches and is dropped
            for name, command in (
                ("csv", ["import", str(ours)]),
                ("daylio", ["import", str(daylio), "--from", "daylio"]),
            ):
                journal = folder / f"{name}-{run}.db"
                env = {**os.environ, "PAINLOG_DB": str(journal)}
                took = wall_time([*PAINLOG, *command], env)
                if run:
                    samples[name].append(took)
        csv_time = statistics.median(samples["csv"])
        daylio_time = statistics.median(samples["daylio"])
        print(f"{args.rows} rows, {args.runs} runs each into a new journal (medians)")
        print(f"painlog CSV import:  {csv_time * 1000:7.1f} ms")
        print(f"Daylio import:       {daylio_time * 1000:7.1f} ms  "
              f"{daylio_time / csv_time:4.2f}x CSV (target <= 1.2x)")  # fmt: skip


if __name__ == "__main__":
    main()
