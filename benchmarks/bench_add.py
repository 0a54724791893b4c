"""How long does `painlog add pain 5` take, against starting Python with painlog's stack?

Targets (issue 2): at most 1.3x the wall time of
    python -c "import typer, sqlite_utils, dateutil.parser, platformdirs"
(issue 14: at most 1.1x the same with numpy hidden, the strict baseline) and flat as the journal grows: on a 10-year journal (~22,000 entries) within 1.15x of a
1-entry journal.

Run:  python benchmarks/bench_add.py [--runs 30] [--entries 22000]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import PAINLOG, build_journal, interleaved_medians, scratch_folder

BASELINE = [sys.executable, "-c", "import typer, sqlite_utils, dateutil.parser, platformdirs"]
# sqlite-utils imports numpy when it is installed (matplotlib brings it for reports), which
# inflates the plain baseline; painlog hides numpy during that import, so the strict
# comparison is against the same stack with numpy hidden too.
STRICT_BASELINE = [
    sys.executable,
    "-c",
    "import sys; sys.modules['numpy'] = sys.modules['pandas'] = None; "
    "import typer, sqlite_utils, dateutil.parser, platformdirs",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--entries", type=int, default=22_000)
    args = parser.parse_args()
    with scratch_folder() as folder:
        small, large = folder / "small.db", folder / "large.db"
        build_journal(small, 1)
        build_journal(large, args.entries)
        env = dict(os.environ)
        add = [*PAINLOG, "add", "pain", "5"]
        times = interleaved_medians(
            {
                "baseline": (BASELINE, env),
                "strict": (STRICT_BASELINE, env),
                "add_small": (add, {**env, "PAINLOG_DB": str(small)}),
                "add_large": (add, {**env, "PAINLOG_DB": str(large)}),
            },
            args.runs,
        )
        print(f"runs per command:                  {args.runs} (medians)")
        print(f"baseline (import the stack):       {times['baseline'] * 1000:7.1f} ms")
        print(f"baseline, numpy hidden:            {times['strict'] * 1000:7.1f} ms")
        print(f"add pain 5, 1-entry journal:       {times['add_small'] * 1000:7.1f} ms")
        print(f"add pain 5, {args.entries}-entry journal:   {times['add_large'] * 1000:7.1f} ms")
        print(
            f"add / baseline:   {times['add_small'] / times['baseline']:5.2f}x  (target <= 1.30x)"
        )
        print(f"add / strict:     {times['add_small'] / times['strict']:5.2f}x  (target <= 1.10x)")
        print(
            f"large / small:    {times['add_large'] / times['add_small']:5.2f}x  (target <= 1.15x)"
        )


if __name__ == "__main__":
    main()
