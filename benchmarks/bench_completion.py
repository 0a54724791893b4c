"""Shell completion's answer time against `painlog add pain 5`, on a 10-year journal.

Target (issue 9): a completion (here: medicine names after `painlog add med`, and the recent
ids after `painlog delete`) within 1.3x the wall time of `painlog add pain 5`.

Run:  python benchmarks/bench_completion.py [--runs 15] [--entries 22000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import PAINLOG, build_journal, interleaved_medians, precompile_painlog


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--entries", type=int, default=22_000)
    args = parser.parse_args()
    precompile_painlog()
    folder = Path(tempfile.mkdtemp(prefix="painlog-bench-"))
    try:
        journal = folder / "ten-years.db"
        build_journal(journal, args.entries)
        env = {**os.environ, "PAINLOG_DB": str(journal)}

        def complete(words: str, index: int) -> dict[str, str]:
            return {**env, "_PAINLOG_COMPLETE": "complete_bash", "COMP_WORDS": words,
                    "COMP_CWORD": str(index)}  # fmt: skip

        times = interleaved_medians(
            {
                "add": ([*PAINLOG, "add", "pain", "5"], env),
                "names": (PAINLOG, complete("painlog add med n", 3)),
                "ids": (PAINLOG, complete("painlog delete ", 2)),
            },
            args.runs,
        )
        add = times["add"]
        print(f"journal: {args.entries} entries over 10 years; {args.runs} runs each (medians)")
        print(f"add pain 5:                     {add * 1000:7.1f} ms")
        for name, label in (
            ("names", "complete `add med n<Tab>`:"),
            ("ids", "complete `delete <Tab>`:"),
        ):
            print(f"{label:31} {times[name] * 1000:7.1f} ms  {times[name] / add:4.2f}x add "
                  "(target <= 1.3x)")  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
