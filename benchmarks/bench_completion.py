"""Shell completion's answer time against `painlog add pain 5`, on a 10-year journal.

Target (issue 9): a completion (here: medicine names after `painlog add med`, and the recent
ids after `painlog delete`) within 1.3x the wall time of `painlog add pain 5`.

Run:  python benchmarks/bench_completion.py [--runs 15] [--entries 22000]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import PAINLOG, ten_year_journal, ten_year_options, time_against_add


def main() -> None:
    args = ten_year_options(__doc__).parse_args()
    with ten_year_journal(args) as (_, env):

        def complete(words: str, index: int) -> dict[str, str]:
            return {**env, "_PAINLOG_COMPLETE": "complete_bash", "COMP_WORDS": words,
                    "COMP_CWORD": str(index)}  # fmt: skip

        commands = {
            "add": ([*PAINLOG, "add", "pain", "5"], env),
            "names": (PAINLOG, complete("painlog add med n", 3)),
            "ids": (PAINLOG, complete("painlog delete ", 2)),
        }
        rows = (
            ("names", "complete `add med n<Tab>`:", 1.3),
            ("ids", "complete `delete <Tab>`:", 1.3),
        )
        heading = f"journal: {args.entries} entries over 10 years; {args.runs} runs each (medians)"
        time_against_add(commands, rows, args.runs, heading, 31)


if __name__ == "__main__":
    main()
