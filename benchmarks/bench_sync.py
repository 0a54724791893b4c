"""Sync's cost on a 10-year journal, against `painlog add pain 5` on the same journal.

Targets (issue 19): `add` with `config set sync auto` within 1.3x of `add`; `painlog sync`
reading 100 new changes from another device into the 10-year journal within 2x; a new device
joining the 10-year journal (22,000 entries) within 15x; (issue 24) a new device joining the
same journal encrypted, in a folder of two devices, within 2x of the plain join.

Each run: `add pain 5` on a journal that does not sync; `add pain 5` on a copy that syncs with
`sync auto`; another device writes 100 entries and syncs (not timed), then `painlog sync` on
the 10-year journal reads them (timed); a new empty journal joins the folder (timed); a new
encrypted journal joins the folder of the same journal encrypted (timed).

Run:  python benchmarks/bench_sync.py [--runs 7] [--entries 22000]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import PAINLOG, ten_year_journal, ten_year_options, wall_time


def run(env: dict[str, str], *args: str) -> None:
    subprocess.run([*PAINLOG, *args], env=env, check=True, stdout=subprocess.DEVNULL)


def hundred_rows(path: Path, start: int) -> Path:
    lines = ["id,kind,at,value,unit,name,quality,location,intensity,note,tags,trigger,relief"]
    lines += [
        f",mood,2026-0{1 + i % 9}-{1 + i % 28:02d}T0{i % 10}:00:00+00:00,{i % 11},,,,,,from the phone {start + i},,,"
        for i in range(100)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    args = ten_year_options(__doc__, runs=7).parse_args()
    with ten_year_journal(args) as (journal, env):
        folder = journal.parent / "Sync"
        synced = journal.parent / "synced.db"
        shutil.copy(journal, synced)
        synced_env = {**env, "PAINLOG_DB": str(synced)}
        run(synced_env, "sync", str(folder))  # the 10-year journal's rows, written once
        auto = journal.parent / "auto.db"
        shutil.copy(synced, auto)
        auto_env = {**env, "PAINLOG_DB": str(auto)}
        # The copy is the same device as `synced`: give it a folder of its own.
        auto_folder = journal.parent / "AutoSync"
        shutil.copytree(folder, auto_folder)
        import sqlite3

        with sqlite3.connect(auto) as connection:
            connection.execute("UPDATE _sync_device SET folder = ?", (str(auto_folder),))
        connection.close()
        run(auto_env, "config", "set", "sync", "auto")
        phone_env = {**env, "PAINLOG_DB": str(journal.parent / "phone.db")}
        run(phone_env, "sync", str(folder))
        secret = {**env, "PAINLOG_PASSPHRASE": "a benchmark passphrase"}
        secret["PAINLOG_EXPORT_PASSPHRASE"] = ""
        encrypted = {**secret, "PAINLOG_DB": str(journal.parent / "encrypted.db")}
        shutil.copy(journal, encrypted["PAINLOG_DB"])
        run(encrypted, "encrypt")
        run(encrypted, "sync", str(journal.parent / "EncSync"))
        tablet = {**secret, "PAINLOG_DB": str(journal.parent / "tablet.db")}
        run(tablet, "add", "note", "seed")
        run(tablet, "encrypt")
        run(tablet, "sync", str(journal.parent / "EncSync"))
        run(tablet, "sync")  # its key.age, at its second exchange
        run(encrypted, "sync")
        times: dict[str, list[float]] = {"add": [], "auto": [], "sync": [], "join": [], "enc": []}
        wall_time([*PAINLOG, "add", "pain", "5"], env)  # warm the disk cache
        for number in range(args.runs):
            times["add"].append(wall_time([*PAINLOG, "add", "pain", "5"], env))
            times["auto"].append(wall_time([*PAINLOG, "add", "pain", "5"], auto_env))
            rows = hundred_rows(journal.parent / f"phone-{number}.csv", number * 100)
            run(phone_env, "import", str(rows))
            run(phone_env, "sync")
            times["sync"].append(wall_time([*PAINLOG, "sync"], synced_env))
            joiner = journal.parent / f"new-{number}.db"
            times["join"].append(
                wall_time([*PAINLOG, "sync", str(folder)], {**env, "PAINLOG_DB": str(joiner)})
            )
            os.remove(joiner)
            joiner_env = {**secret, "PAINLOG_DB": str(journal.parent / f"enc-new-{number}.db")}
            run(joiner_env, "add", "note", "seed")
            run(joiner_env, "encrypt")
            times["enc"].append(
                wall_time([*PAINLOG, "sync", str(journal.parent / "EncSync")], joiner_env)
            )
        median = {name: statistics.median(values) for name, values in times.items()}
        print(f"journal: {args.entries} entries over 10 years; {args.runs} runs")
        add = median["add"]
        print(f"{'add pain 5:':40} {add * 1000:7.1f} ms")
        for name, label, target in (
            ("auto", "add pain 5 with sync auto:", 1.3),
            ("sync", "sync, 100 changes from another device:", 2.0),
            ("join", "a new device joins (sync FOLDER):", 15.0),
        ):
            ratio = median[name] / add
            print(
                f"{label:40} {median[name] * 1000:7.1f} ms  {ratio:5.2f}x add (target <= {target}x)"
            )
        ratio = median["enc"] / median["join"]
        label = "an encrypted device joins:"
        print(f"{label:40} {median['enc'] * 1000:7.1f} ms  {ratio:5.2f}x join (target <= 2.0x)")


if __name__ == "__main__":
    main()
