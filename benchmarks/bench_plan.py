"""The care plan's cost on a 10-year journal, against `painlog add pain 5` on the same journal.

Targets (issue 8): `add med NAME` (the plan's dose, limits checked) within 1.1x of
`add pain 5`; `due` within 1.3x; `summary --json` over all 10 years with the plan in force the
whole time within 2x.

The plan has the issue's 3 items, taken from the demo's plan: a scheduled medicine changed
once, an as-needed medicine with a daily limit and an interval, and home exercise, all started
10 years ago. `--items 5` adds the demo's two therapies.

Run:  python benchmarks/bench_plan.py [--runs 15] [--entries 22000]
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import PAINLOG, ten_year_journal, ten_year_options, ten_years_ago, time_against_add


def add_plan(path: Path, items: int = 3) -> None:
    from painlog import clock
    from painlog.demo.story import sample_plan
    from painlog.plan.model import add_versions
    from painlog.store.db import transaction
    from painlog.store.opener import open_journal

    plan = sample_plan(clock.today() - timedelta(days=3653))
    kept = set(list(dict.fromkeys(version.item for version in plan))[:items])
    with open_journal(path) as journal, transaction(journal):
        add_versions(journal, [version for version in plan if version.item in kept])


def main() -> None:
    parser = ten_year_options(__doc__)
    parser.add_argument("--items", type=int, default=3, choices=(3, 5))
    args = parser.parse_args()
    with ten_year_journal(args) as (journal, env):
        add_plan(journal, args.items)
        commands = {
            "add": [*PAINLOG, "add", "pain", "5"],
            "add_med": [*PAINLOG, "add", "med", "naproxen"],
            "due": [*PAINLOG, "due"],
            "summary_10y": [*PAINLOG, "summary", "--json", "--since", ten_years_ago()],
        }
        rows = (
            ("add_med", "add med naproxen (planned):", 1.1),
            ("due", "due:", 1.3),
            ("summary_10y", "summary --json, 10 years:", 2.0),
        )
        heading = f"journal: {args.entries} entries over 10 years, {args.items}-item plan; {args.runs} runs"
        time_against_add({k: (v, env) for k, v in commands.items()}, rows, args.runs, heading, 28)


if __name__ == "__main__":
    main()
