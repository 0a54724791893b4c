"""The inbox of SPEC (issue 24): never a lost line, each taken exactly once even when killed
at any moment, the person's # lines kept, bad bytes and over-long lines left with a reason in
linear time, U+2028 inside a line, conflicted copies read."""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from painlog.sync import inbox
from tests.conftest import SECRET, Painlog, encrypted_and_joined

SRC = Path(__file__).resolve().parents[1] / "src"


def joined(tmp_path: Path, name: str = "a") -> tuple[Painlog, Path]:
    folder = tmp_path / "Sync"
    device = Painlog(tmp_path / f"{name}.db")
    device.ok("add", "pain", "6", "--at", "2026-11-20 09:00")
    device.ok("sync", str(folder))
    return device, folder


def notes(device: Painlog) -> list[str]:
    return sorted(e["note"].split(" (")[0] for e in device.json("list") if e["kind"] == "mood")


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC)}


def test_lines_appended_while_sync_runs_are_never_lost(tmp_path: Path) -> None:
    a, folder = joined(tmp_path)
    count = 300
    appender = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            f"for i in range({count}):\n"
            f"    with open({str(folder / 'inbox.txt')!r}, 'a') as f:\n"
            "        f.write(f'mood 5 --note line{i}\\n')\n"
            "    time.sleep(0.002)\n",
        ]
    )
    command = [sys.executable, "-m", "painlog", "--db", str(a.db), "sync"]
    while appender.poll() is None:
        subprocess.run(command, env=env(), check=True, capture_output=True, timeout=120)
    a.ok("sync")
    a.ok("sync")
    assert notes(a) == sorted(f"line{i}" for i in range(count))
    assert (folder / "inbox.txt").read_text() == ""


class _Crash(BaseException):
    """What a kill does to this process: nothing after it runs (and the open transaction
    is not committed)."""


class _CrashingOs:
    """The inbox's os module, dying at its n-th step that changes a file."""

    def __init__(self, steps: int) -> None:
        self.left = steps

    def __getattr__(self, name: str):
        real = getattr(os, name)
        if name not in {"rename", "link", "unlink", "replace", "write"}:
            return real

        def step(*args, **kwargs):
            self.left -= 1
            if self.left < 0:
                raise _Crash
            return real(*args, **kwargs)

        return step


@pytest.mark.parametrize("steps", range(10))
def test_a_kill_at_any_step_takes_every_line_exactly_once(
    tmp_path: Path, monkeypatch, steps: int
) -> None:
    a, folder = joined(tmp_path)
    text = "mood 4 --note one\n# my own line\nmood 4 --note one\nmood 99 --note bad\n"
    (folder / "inbox.txt").write_text(text)
    monkeypatch.setattr(inbox, "os", _CrashingOs(steps))
    with contextlib.suppress(_Crash):
        a("sync")  # dies at that step (or finishes, for the later ones)
    monkeypatch.setattr(inbox, "os", os)
    a.ok("sync")
    a.ok("sync")
    assert notes(a) == ["one", "one"]
    left = (folder / "inbox.txt").read_text().splitlines()
    assert left.count("# my own line") == 1 and left.count("mood 99 --note bad") == 1
    assert not [p for p in folder.iterdir() if p.name.startswith(".painlog-inbox-")]
    done = (folder / "inbox-done.txt").read_text()
    assert done.count("mood 4 --note one") == 2


def test_a_kill_9_during_sync_takes_every_line_once(tmp_path: Path) -> None:
    a, folder = joined(tmp_path)
    lines = [f"mood {i % 10} --note k{i}" for i in range(120)]
    (folder / "inbox.txt").write_text("".join(f"{line}\n" for line in lines))
    rng = random.Random(24)
    command = [sys.executable, "-m", "painlog", "--db", str(a.db), "sync"]
    for _ in range(4):
        process = subprocess.Popen(command, env=env(), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rng.uniform(0.3, 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
    a.ok("sync")
    assert notes(a) == sorted(f"k{i}" for i in range(120))


def test_the_persons_own_lines_stay_in_place(tmp_path: Path) -> None:
    a, folder = joined(tmp_path)
    (folder / "inbox.txt").write_text(
        "# groceries: not for painlog\nmood 6 --note fine\n  # indented too\npain 11\n"
    )
    a.ok("sync")
    assert (folder / "inbox.txt").read_text().splitlines() == [
        "# groceries: not for painlog",
        "  # indented too",
        (folder / "inbox.txt").read_text().splitlines()[2],
        "pain 11",
    ]
    assert (folder / "inbox.txt").read_text().splitlines()[2].startswith("# painlog: pain:")
    a.ok("sync")  # the reason is written anew, not twice
    assert (folder / "inbox.txt").read_text().count("# painlog:") == 1


def test_bytes_that_are_not_utf8_stay_exactly_as_they_were(tmp_path: Path) -> None:
    a, folder = joined(tmp_path)
    latin = "mood 5 --note caf\xe9".encode("latin-1")
    (folder / "inbox.txt").write_bytes(latin + b"\nmood 3 --note ok\n")
    result = a.ok("sync")
    assert "1 line taken" in result.stdout
    assert (folder / "inbox.txt").read_bytes() == (
        b"# painlog: not valid UTF-8 text (save the note as UTF-8)\n" + latin + b"\n"
    )
    assert notes(a) == ["ok"]


def test_a_line_separator_inside_a_line_does_not_split_it(tmp_path: Path) -> None:
    a, folder = joined(tmp_path)
    (folder / "inbox.txt").write_text("mood 5 --note 'first\u2028second'\n", encoding="utf-8")
    a.ok("sync")
    moods = [e for e in a.json("list") if e["kind"] == "mood"]
    assert len(moods) == 1 and "first\u2028second" in moods[0]["note"]
    assert (folder / "inbox.txt").read_text() == ""


def test_a_one_megabyte_line_is_left_with_its_reason_quickly(tmp_path: Path) -> None:
    a, folder = joined(tmp_path)
    huge = "mood 5 --note " + "x" * 1_000_000
    (folder / "inbox.txt").write_text(f"{huge}\nmood 2 --note small\n" + "y" * 4097 + "\n")
    started = time.monotonic()
    a.ok("sync")
    assert time.monotonic() - started < 10
    left = (folder / "inbox.txt").read_text().splitlines()
    assert left[0] == "# painlog: longer than 4,096 characters" and left[1] == huge
    assert left[2] == "# painlog: longer than 4,096 characters" and len(left) == 4
    assert notes(a) == ["small"]


@pytest.mark.parametrize(
    "name",
    [
        "inbox.sync-conflict-20261201-101500-ABCDEFG.txt",  # Syncthing
        "inbox (conflicted copy 2026-12-01 101500).txt",  # Nextcloud
        "inbox (Sam's conflicted copy 2026-12-01).txt",  # Dropbox
    ],
)
def test_a_conflicted_copy_is_read_and_each_line_taken_once(tmp_path: Path, name: str) -> None:
    a, folder = joined(tmp_path)
    (folder / "inbox.txt").write_text("mood 4 --note shared\n")
    a.ok("sync")
    # The phone's version of the file: the line both versions had, and one typed since.
    (folder / name).write_text("mood 4 --note shared\nmood 6 --note phone\n")
    (folder / "inbox.txt").write_text("mood 7 --note laptop\n")
    a.ok("sync")
    assert notes(a) == ["laptop", "phone", "shared"]
    assert not (folder / name).exists()
    assert (folder / "inbox.txt").read_text() == ""
    done = (folder / "inbox-done.txt").read_text()
    assert "already taken" in done


def test_status_counts_lines_waiting(tmp_path: Path) -> None:
    a, folder = joined(tmp_path)
    (folder / "inbox.txt").write_text("mood 4\n# mine\nmood 5\n")
    assert "Lines waiting in inbox.txt: 2" in a.ok("sync", "--status").stdout
    # Another device's claimed file is that device's to take: not counted here.
    (folder / ".painlog-inbox-b0b0b0b0b0b0b0b0-1.txt").write_text("mood 6\nmood 7\n")
    assert "Lines waiting in inbox.txt: 2" in a.ok("sync", "--status").stdout
    # An inbox.txt too big to read: how many lines is not known, and not said to be 0.
    (folder / "inbox.txt").write_text("mood 4\n" * 700_000)
    status = a.ok("sync", "--status").stdout
    assert "Lines waiting in inbox.txt: not known" in status


def test_an_encrypted_journal_moves_no_text_to_inbox_done(tmp_path: Path) -> None:
    pytest.importorskip("sqlcipher3")
    secret = SECRET
    a, folder = encrypted_and_joined(tmp_path)
    (folder / "inbox.txt").write_text("mood 4 --note private-words\n")
    a.ok("sync", env=secret)
    done = (folder / "inbox-done.txt").read_text()
    assert "private-words" not in done and re.search(r"entry [0-9a-f-]{36}", done)


def test_an_inbox_done_link_is_listed_not_followed(tmp_path: Path):
    a, folder = joined(tmp_path)
    target = tmp_path / "elsewhere.txt"
    target.write_text("the person's own file\n", encoding="utf-8")
    (folder / "inbox-done.txt").symlink_to(target)
    (folder / "inbox.txt").write_text("mood 3 --note inboxline1\n", encoding="utf-8")
    a.ok("sync")
    assert notes(a) == ["inboxline1"]
    assert target.read_text(encoding="utf-8") == "the person's own file\n"  # not followed
    status = " ".join(a.ok("sync", "--status").stdout.split())
    assert "inbox-done.txt" in status
    (folder / "inbox-done.txt").unlink()
    (folder / "inbox.txt").write_text("mood 4 --note inboxline2\n", encoding="utf-8")
    a.ok("sync")
    assert "inboxline2" in (folder / "inbox-done.txt").read_text(encoding="utf-8")
    assert notes(a) == ["inboxline1", "inboxline2"]  # each taken once
    assert "inbox-done.txt" not in a.ok("sync", "--status").stdout
