"""Summaries and charts on a 10-year journal, against one `painlog add` on the same journal.

Targets (issue 3): `summary --json` over all 10 years within 2x the wall time of one
`painlog add pain 5`; `chart pain` over one year within 3x.

Run:  python benchmarks/bench_summary.py [--runs 15] [--entries 22000]
"""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta
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
        env = {**os.environ, "PAINLOG_DB": str(journal), "COLUMNS": "100"}
        today = date.today()
        ten_years = (today - timedelta(days=3653)).isoformat()
        one_year = (today - timedelta(days=365)).isoformat()
        commands = {
            "add": [*PAINLOG, "add", "pain", "5"],
            "summary_10y": [*PAINLOG, "summary", "--json", "--since", ten_years],
            "summary_4w": [*PAINLOG, "summary", "--json"],
            "chart_1y": [*PAINLOG, "chart", "pain", "--since", one_year],
        }
        times = interleaved_medians({k: (v, env) for k, v in commands.items()}, args.runs)
        print(f"journal: {args.entries} entries over 10 years; {args.runs} runs each (medians)")
        rows = (
            ("summary_10y", "summary --json, 10 years:", 2.0),
            ("summary_4w", "summary --json, 4 weeks:", 2.0),
            ("chart_1y", "chart pain, 1 year:", 3.0),
        )
        print_against_add(times, rows, width=27)


if __name__ == "__main__":
    main()
