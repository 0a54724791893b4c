"""Summaries and charts on a 10-year journal, against one `painlog add` on the same journal.

Targets (issue 3): `summary --json` over all 10 years within 2x the wall time of one
`painlog add pain 5`; `chart pain` over one year within 3x.

Run:  python benchmarks/bench_summary.py [--runs 15] [--entries 22000]
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import PAINLOG, ten_year_journal, ten_year_options, ten_years_ago, time_against_add


def main() -> None:
    args = ten_year_options(__doc__).parse_args()
    with ten_year_journal(args) as (_, env):
        from painlog import clock

        one_year = (clock.today() - timedelta(days=365)).isoformat()
        commands = {
            "add": [*PAINLOG, "add", "pain", "5"],
            "summary_10y": [*PAINLOG, "summary", "--json", "--since", ten_years_ago()],
            "summary_4w": [*PAINLOG, "summary", "--json"],
            "chart_1y": [*PAINLOG, "chart", "pain", "--since", one_year],
        }
        rows = (
            ("summary_10y", "summary --json, 10 years:", 2.0),
            ("summary_4w", "summary --json, 4 weeks:", 2.0),
            ("chart_1y", "chart pain, 1 year:", 3.0),
        )
        heading = f"journal: {args.entries} entries over 10 years; {args.runs} runs each (medians)"
        time_against_add({k: (v, env) for k, v in commands.items()}, rows, args.runs, heading, 27)


if __name__ == "__main__":
    main()
