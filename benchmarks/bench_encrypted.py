"""An encrypted journal against a plain one with the same 10 years of entries.

Targets (issue 11): `painlog add pain 5` on an encrypted journal within 1.2x of a plain one;
`summary --json` over 10 years within 1.3x.

Run:  python benchmarks/bench_encrypted.py [--runs 15] [--entries 22000]
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import PAINLOG, build_journal, interleaved_medians, scratch_folder, ten_year_options

PASSPHRASE = "a benchmark passphrase of several words"


def main() -> None:
    args = ten_year_options(__doc__).parse_args()
    with scratch_folder() as folder:
        plain, encrypted = folder / "plain" / "j.db", folder / "encrypted" / "j.db"
        build_journal(plain, args.entries)
        encrypted.parent.mkdir()
        shutil.copy(plain, encrypted)
        from painlog.store.conversion import convert_journal

        convert_journal(encrypted, PASSPHRASE, to_encrypted=True)
        ten_years = (date.today() - timedelta(days=3653)).isoformat()
        commands = {}
        for name, path in (("plain", plain), ("encrypted", encrypted)):
            env = {**os.environ, "PAINLOG_DB": str(path), "PAINLOG_PASSPHRASE": PASSPHRASE}
            commands[f"add_{name}"] = ([*PAINLOG, "add", "pain", "5"], env)
            commands[f"summary_{name}"] = (
                [*PAINLOG, "summary", "--json", "--since", ten_years],
                env,
            )
        times = interleaved_medians(commands, args.runs)
        print(f"journal: {args.entries} entries over 10 years; {args.runs} runs each (medians)")
        for what, target in (("add", 1.2), ("summary", 1.3)):
            plain_time, encrypted_time = times[f"{what}_plain"], times[f"{what}_encrypted"]
            print(
                f"{what:8} plain {plain_time * 1000:7.1f} ms, encrypted {encrypted_time * 1000:7.1f}"
                f" ms: {encrypted_time / plain_time:4.2f}x (target <= {target}x)"
            )


if __name__ == "__main__":
    main()
