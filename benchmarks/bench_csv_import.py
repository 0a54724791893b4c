"""A large painlog CSV imported into a new journal, against ``sqlite-utils insert`` of the same
rows: wall time and peak memory (the child's maximum resident set) of each.

Targets (issue 26): the import within 1.5x the time of ``sqlite-utils insert`` and under 300 MB
of memory for a 500 MB file (the file is streamed, never held whole).

And the same rows as a painlog JSON export (``--json``): its import's time and peak memory
(target: under 300 MB for 500 MB).

Run:  python benchmarks/bench_csv_import.py [--mb 500] [--runs 1] [--json]
      (--mb 50 for a quick look; the file is written once under a scratch folder)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import PAINLOG, scratch_folder

HEADER = (
    "id,kind,at,value,unit,name,quality,location,intensity,note,tags,trigger,relief,"
    "source,source_key\r\n"
)
KINDS = (
    ("pain", "{v}", "", "", "aching", "lower back", "", "after the walk", "work", "stairs", "heat"),
    ("medication", "400", "mg", "ibuprofen", "", "", "", "", "", "", ""),
    ("sleep", "7.5", "h", "", "3", "", "", "woke twice", "", "", ""),
    ("mood", "{v}", "", "", "", "", "", "", "friends", "", ""),
    ("exercise", "30", "min", "walk", "", "", "light", "", "", "", ""),
)


def write_csv(path: Path, megabytes: int) -> int:
    """Rows like an export's (ids, offsets, a few lists) until the file reaches ``megabytes``."""
    target = megabytes * 1_000_000
    start = datetime(2000, 1, 1, 8, 0)  # 2 minutes apart: 5 million rows end in 2019
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        written = len(HEADER)
        lines = []
        while written < target:
            kind, value, unit, name, quality, location, intensity, note, tags, trigger, relief = (
                KINDS[rows % len(KINDS)]
            )
            at = (start + timedelta(minutes=2 * rows)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
            line = (
                f"{uuid.UUID(int=rows + 1, version=4)},{kind},{at},"
                f"{value.format(v=rows % 11)},{unit},{name},{quality},{location},{intensity},"
                f"{note},{tags},{trigger},{relief},,\r\n"
            )
            lines.append(line)
            written += len(line)
            rows += 1
            if len(lines) >= 10_000:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))
    return rows


def write_json(csv_path: Path, path: Path) -> None:
    """The CSV's rows as painlog's JSON export writes them (one entry a line, streamed)."""
    import csv
    import json

    with csv_path.open(encoding="utf-8", newline="") as source, path.open("w") as out:
        out.write('{"format": "painlog", "version": 1, "entries": [\n')
        for number, row in enumerate(csv.DictReader(source)):
            entry = {
                "id": row["id"], "kind": row["kind"], "at": row["at"],
                "value": float(row["value"]) if row["value"] else None,
                "unit": row["unit"] or None, "name": row["name"] or None,
                "quality": row["quality"] or None,
                "location": [row["location"]] if row["location"] else [],
                "intensity": row["intensity"] or None, "note": row["note"] or None,
                "tags": [row["tags"]] if row["tags"] else [],
                "trigger": [row["trigger"]] if row["trigger"] else [],
                "relief": [row["relief"]] if row["relief"] else [],
                "source": None, "source_key": None,
            }  # fmt: skip
            out.write(("," if number else "") + json.dumps(entry) + "\n")
        out.write('], "visits": [], "questions": [], "peg": [], "plan": []}\n')


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak resident megabytes) of one run of ``command``."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{command[:4]} failed: {child.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024  # kB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=500)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="also import the rows as JSON")
    args = parser.parse_args()
    env = dict(os.environ)
    with scratch_folder() as folder:
        csv_path = folder / "journal.csv"
        rows = write_csv(csv_path, args.mb)
        size = csv_path.stat().st_size / 1_000_000
        print(f"{size:,.0f} MB CSV, {rows:,} rows")
        results: dict[str, list[tuple[float, float]]] = {"painlog": [], "sqlite-utils": []}
        for run in range(args.runs):
            ours, theirs = folder / f"painlog-{run}.db", folder / f"sqlite-utils-{run}.db"
            results["sqlite-utils"].append(
                measured(
                    [
                        "sqlite-utils",
                        "insert",
                        str(theirs),
                        "entries",
                        str(csv_path),
                        "--csv",
                        "--pk",
                        "id",
                    ],
                    env,
                )
            )
            results["painlog"].append(
                measured([*PAINLOG, "--db", str(ours), "import", str(csv_path)], env)
            )
            for db in (ours, theirs):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
        best = {name: min(runs) for name, runs in results.items()}
        for name, (seconds, peak) in best.items():
            print(
                f"{name:13} {seconds:8.1f} s  {rows / seconds:10,.0f} rows/s  peak {peak:,.0f} MB"
            )
        if args.json:
            json_path = folder / "journal.json"
            write_json(csv_path, json_path)
            seconds, peak = measured(
                [*PAINLOG, "--db", str(folder / "json.db"), "import", str(json_path)], env
            )
            print(f"painlog JSON  {seconds:8.1f} s  {rows / seconds:10,.0f} rows/s  peak "
                  f"{peak:,.0f} MB ({json_path.stat().st_size / 1_000_000:,.0f} MB file)")  # fmt: skip
        ratio = best["painlog"][0] / best["sqlite-utils"][0]
        peak = best["painlog"][1]
        print(f"painlog / sqlite-utils: {ratio:.2f}x (target <= 1.5x); painlog peak {peak:,.0f} MB "
              "(target < 300 MB)")  # fmt: skip


if __name__ == "__main__":
    main()
