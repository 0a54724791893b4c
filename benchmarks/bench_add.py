"""How long does `painlog add pain 5` take, against starting Python with painlog's stack?

Target (issue 2): at most 1.3x the wall time of
    python -c "import typer, sqlite_utils, dateutil.parser, platformdirs"
and flat as the journal grows: on a 10-year journal (~22,000 entries) within 1.15x of a
1-entry journal.

Run:  python benchmarks/bench_add.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = [sys.executable, "-c", "import typer, sqlite_utils, dateutil.parser, platformdirs"]
PAINLOG = [sys.executable, "-m", "painlog"]


def wall_time(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def build_journal(path: Path, entries: int) -> None:
    """A journal of ``entries`` entries, built through the library (fast, one transaction)."""
    from painlog.db import open_journal
    from painlog.demo import synthetic_entries
    from painlog.entries import add_entries

    journal = open_journal(path, create=True)
    add_entries(journal, synthetic_entries(entries))
    journal.close()


def precompile_painlog() -> None:
    """An installed package ships bytecode; an editable checkout under
    PYTHONDONTWRITEBYTECODE would recompile painlog on every run and time the compiler."""
    import painlog

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", Path(painlog.__file__).parent], check=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--entries", type=int, default=22_000)
    args = parser.parse_args()
    precompile_painlog()
    folder = Path(tempfile.mkdtemp(prefix="painlog-bench-"))
    try:
        small, large = folder / "small.db", folder / "large.db"
        build_journal(small, 1)
        build_journal(large, args.entries)
        env = dict(os.environ)
        env_small = {**env, "PAINLOG_DB": str(small)}
        env_large = {**env, "PAINLOG_DB": str(large)}
        for command in (BASELINE, [*PAINLOG, "add", "pain", "5"]):  # warm the disk cache
            wall_time(command, env_small)
        samples: dict[str, list[float]] = {"baseline": [], "add_small": [], "add_large": []}
        for _ in range(args.runs):
            samples["baseline"].append(wall_time(BASELINE, env))
            samples["add_small"].append(wall_time([*PAINLOG, "add", "pain", "5"], env_small))
            samples["add_large"].append(wall_time([*PAINLOG, "add", "pain", "5"], env_large))
        base = {name: statistics.median(values) for name, values in samples.items()}
        ratio_add = base["add_small"] / base["baseline"]
        ratio_growth = base["add_large"] / base["add_small"]
        print(f"runs per command:                {args.runs} (medians)")
        print(f"baseline (import the stack):     {base['baseline'] * 1000:7.1f} ms")
        print(f"add pain 5, 1-entry journal:     {base['add_small'] * 1000:7.1f} ms")
        print(f"add pain 5, {args.entries}-entry journal: {base['add_large'] * 1000:7.1f} ms")
        print(f"add / baseline:                  {ratio_add:7.2f}x  (target <= 1.30x)")
        print(f"large / small journal:           {ratio_growth:7.2f}x  (target <= 1.15x)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
