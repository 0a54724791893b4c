"""Shell completion's answer time against `painlog add pain 5`, on a 10-year journal.

Target (issue 9): a completion (here: medicine names after `painlog add med`, and the recent
ids after `painlog delete`) within 1.3x the wall time of `painlog add pain 5`.

Run:  python benchmarks/bench_completion.py [--runs 15] [--entries 22000]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import (
    PAINLOG,
    build_journal,
    interleaved_medians,
    print_against_add,
    scratch_folder,
    ten_year_options,
)


def main() -> None:
    args = ten_year_options(__doc__).parse_args()
    with scratch_folder() as folder:
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
        print(f"journal: {args.entries} entries over 10 years; {args.runs} runs each (medians)")
        rows = (
            ("names", "complete `add med n<Tab>`:", 1.3),
            ("ids", "complete `delete <Tab>`:", 1.3),
        )
        print_against_add(times, rows, width=31)


if __name__ == "__main__":
    main()
