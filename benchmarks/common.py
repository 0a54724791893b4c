"""Helpers shared by the benchmarks: timing whole commands, building large journals."""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

PAINLOG = [sys.executable, "-m", "painlog"]


def precompile_painlog() -> None:
    """An installed package ships bytecode; an editable checkout under
    PYTHONDONTWRITEBYTECODE would recompile painlog on every run and time the compiler."""
    import painlog

    folder = Path(painlog.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder)], check=True)


def wall_time(command: Sequence[str], env: Mapping[str, str]) -> float:
    return wall_and_cpu_time(command, env)[0]


def wall_and_cpu_time(command: Sequence[str], env: Mapping[str, str]) -> tuple[float, float]:
    """Wall time and the command's own CPU time (user + system). On a machine shared with
    other work the wall time swells with the load; the CPU time much less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(list(command), env=dict(env), check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def build_journal(path: Path, entries: int) -> None:
    """A journal of ``entries`` entries spread over 10 years, stored through the library."""
    from painlog.demo.story import synthetic_entries
    from painlog.journal.entries import add_entries
    from painlog.store.opener import open_journal

    with open_journal(path, create=True) as journal:
        add_entries(journal, synthetic_entries(entries))


def interleaved_medians(
    commands: Mapping[str, tuple[Sequence[str], Mapping[str, str]]], runs: int
) -> dict[str, float]:
    """Median wall time of each command, run in turn so machine drift hits all alike."""
    return interleaved_wall_and_cpu(commands, runs)[0]


def interleaved_wall_and_cpu(
    commands: Mapping[str, tuple[Sequence[str], Mapping[str, str]]], runs: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Median wall time and median CPU time of each command, run in turn."""
    for command, env in commands.values():  # warm the disk cache
        wall_time(command, env)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, env) in commands.items():
            wall, cpu = wall_and_cpu_time(command, env)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return (
        {name: statistics.median(values) for name, values in walls.items()},
        {name: statistics.median(values) for name, values in cpus.items()},
    )


def ten_year_options(doc: str, runs: int = 15) -> argparse.ArgumentParser:
    """The options every 10-year benchmark takes: --runs and --entries."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--entries", type=int, default=22_000)
    return parser


@contextmanager
def scratch_folder() -> Iterator[Path]:
    """painlog compiled, and a temporary folder for the benchmark's journals, removed after."""
    precompile_painlog()
    folder = Path(tempfile.mkdtemp(prefix="painlog-bench-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def print_against_add(
    times: Mapping[str, float], rows: Sequence[tuple[str, str, float]], width: int
) -> None:
    """``add pain 5`` and each (name, label, target) row as a multiple of it."""
    add = times["add"]
    print(f"{'add pain 5:':{width}} {add * 1000:7.1f} ms")
    for name, label, target in rows:
        ratio = times[name] / add
        print(
            f"{label:{width}} {times[name] * 1000:7.1f} ms  {ratio:4.2f}x add (target <= {target}x)"
        )


@contextmanager
def ten_year_journal(args: argparse.Namespace) -> Iterator[tuple[Path, dict[str, str]]]:
    """A journal of ``args.entries`` entries over 10 years, and the environment that points
    painlog at it, in a scratch folder removed afterwards."""
    with scratch_folder() as folder:
        journal = folder / "ten-years.db"
        build_journal(journal, args.entries)
        yield journal, {**os.environ, "PAINLOG_DB": str(journal), "COLUMNS": "100"}


def ten_years_ago() -> str:
    from painlog import clock

    return (clock.today() - timedelta(days=3653)).isoformat()


def time_against_add(
    commands: Mapping[str, tuple[Sequence[str], Mapping[str, str]]],
    rows: Sequence[tuple[str, str, float]],
    runs: int,
    heading: str,
    width: int,
) -> None:
    """Time ``commands`` (one of them "add") interleaved, then print each row against add:
    wall times (the targets), then CPU times (steadier when other work loads the machine)."""
    times, cpu = interleaved_wall_and_cpu(commands, runs)
    print(heading)
    print_against_add(times, rows, width)
    print("CPU time (user + system), same runs:")
    print_against_add(cpu, rows, width)
