"""At a real terminal (a pseudo-terminal), nothing painlog does on its own waits on a question
nobody can see (issue 23): an inbox line is read through the gate with nobody to ask."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

WAIT = 60  # seconds: far more than any of these takes; a question nobody sees waits forever


def at_terminal(db: Path, *args: str) -> tuple[int, str]:
    """Run ``painlog --db DB ARGS`` with a pseudo-terminal as stdin, stdout and stderr;
    fail (and kill it) if it has not finished within WAIT seconds."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "painlog", "--db", str(db), *args],
        stdin=follower, stdout=follower, stderr=follower, close_fds=True,
        env={**os.environ, "COLUMNS": "80", "NO_COLOR": "1"},
    )  # fmt: skip
    os.close(follower)
    said = b""
    deadline = time.monotonic() + WAIT
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(leader, 4096)
                except OSError:  # the other end closed: the process has gone
                    chunk = b""
                if chunk:
                    said += chunk
                    continue
            if process.poll() is not None and not ready:
                break
            if ready and process.poll() is not None:
                break
            if time.monotonic() > deadline:
                process.kill()
                process.wait()
                pytest.fail(f"painlog {' '.join(args)} waited: {said.decode(errors='replace')}")
        return process.wait(timeout=WAIT), said.decode("utf-8", errors="replace")
    finally:
        os.close(leader)


def script(db: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "painlog", "--db", str(db), *args],
        capture_output=True, text=True, timeout=WAIT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def joined(tmp_path: Path) -> tuple[Path, Path]:
    """A journal joined to a folder, with a plan item duloxetine in force today."""
    db, folder = tmp_path / "journal.db", tmp_path / "Sync"
    script(db, "plan", "add", "med", "duloxetine", "30mg", "--times", "08:00")
    script(db, "sync", str(folder))
    return db, folder


def near_miss(folder: Path) -> None:
    """An inbox line ``med duloxitine``: no dose, and at a terminal ``add`` asks "did you mean
    duloxetine?" (read through the add command, the question went to no one and waited)."""
    (folder / "inbox.txt").write_text("med duloxitine\n", encoding="utf-8")


def test_sync_at_a_terminal_with_a_near_miss_inbox_line_finishes(tmp_path: Path) -> None:
    db, folder = joined(tmp_path)
    near_miss(folder)
    status, said = at_terminal(db, "sync")
    assert status == 0, said
    assert "0 lines taken from the inbox" in said
    left = (folder / "inbox.txt").read_text(encoding="utf-8").splitlines()
    assert left[0].startswith("# painlog: name: 'duloxitine' is not in your plan; did you mean")
    assert left[1] == "med duloxitine"


def test_add_at_a_terminal_with_sync_auto_finishes(tmp_path: Path) -> None:
    db, folder = joined(tmp_path)
    script(db, "config", "set", "sync", "auto")
    near_miss(folder)
    status, said = at_terminal(db, "add", "pain", "5")
    assert status == 0, said
    assert "Added pain 5/10" in said
    assert "did you mean duloxetine" in (folder / "inbox.txt").read_text(encoding="utf-8")
