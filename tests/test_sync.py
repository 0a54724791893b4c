"""Many devices, one journal (SPEC.md): painlog sync, conflicts, the inbox, encryption, auto."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Painlog

SRC = Path(__file__).resolve().parents[1] / "src"


def export(device: Painlog) -> str:
    return device.ok("export", "--format", "json").stdout


def settings_of(device: Painlog) -> list[tuple[str, str]]:
    with sqlite3.connect(device.db) as connection:
        return sorted(connection.execute("SELECT key, value FROM settings"))


def entry_ids(device: Painlog) -> list[str]:
    return [entry["id"] for entry in device.json("list")]


def two(tmp_path: Path) -> tuple[Painlog, Painlog, Path]:
    """Two journals sharing one folder, the second joined after the first wrote."""
    folder = tmp_path / "Sync"
    a, b = Painlog(tmp_path / "a.db"), Painlog(tmp_path / "b.db")
    a.ok("add", "pain", "6", "--where", "lower back", "--at", "2026-11-20 09:00")
    a.ok("sync", str(folder))
    b.ok("sync", str(folder))
    return a, b, folder


def test_a_second_device_joins_and_both_hold_the_same_journal(tmp_path: Path) -> None:
    a, b, folder = two(tmp_path)
    b.ok("add", "mood", "4", "--at", "2026-11-21 10:00")
    a.ok(
        "plan",
        "add",
        "med",
        "gabapentin",
        "300mg",
        "--times",
        "08:00,20:00",
        "--from",
        "2026-11-01",
    )
    b.ok("visit", "add", "2026-12-10", "--with", "Dr. Rao")
    a.ok("config", "set", "week-start", "sunday")
    for device in (a, b, a):
        device.ok("sync")
    assert export(a) == export(b)
    assert settings_of(a) == settings_of(b) == [("week-start", "sunday")]
    assert len(b.json("list")) == 2
    # Each device wrote only its own folder.
    devices = sorted(p.name for p in (folder / "painlog-sync" / "devices").iterdir())
    assert len(devices) == 2


def test_the_same_files_read_twice_change_nothing(tmp_path: Path) -> None:
    a, b, _ = two(tmp_path)
    a.ok("add", "mood", "5", "--at", "2026-11-21 10:00")
    a.ok("sync")
    b.ok("sync")
    before = export(b)
    with sqlite3.connect(b.db) as connection:  # forget which files were read: read them again
        connection.execute("DELETE FROM _sync_read")
        connection.execute("UPDATE _sync_device SET fingerprint = NULL")
    result = b.ok("sync")
    assert "0 changes read" in result.stdout
    assert export(b) == before


def test_concurrent_edits_the_later_wins_and_the_other_is_kept(tmp_path: Path) -> None:
    # Concurrent edits: Loro's map picks the winner (Lamport clock, then peer id), the same on
    # every device; the other is kept and listed everywhere (docs/sync.md "How changes merge").
    a, b, _ = two(tmp_path)
    entry = entry_ids(a)[0]
    a.ok("edit", entry, "--note", "typed on the laptop")
    time.sleep(0.01)
    b.ok("edit", entry, "--note", "typed on the phone")
    for device in (a, b, a):
        device.ok("sync")
    assert export(a) == export(b)
    won = a.json("list")[0]["note"]
    assert won in ("typed on the phone", "typed on the laptop")
    lost = ({"typed on the phone", "typed on the laptop"} - {won}).pop()
    for device in (a, b):
        status = device.ok("sync", "--status").stdout
        assert "Conflicts kept (1)" in status
        assert lost in status
        assert max(len(line) for line in status.splitlines()) <= 80


def test_a_delete_and_an_edit_resolve_the_same_way_everywhere(tmp_path: Path) -> None:
    a, b, _ = two(tmp_path)
    entry = entry_ids(a)[0]
    a.ok("delete", entry, "--yes")
    time.sleep(0.01)
    b.ok("edit", entry, "--note", "edited after")
    for device in (b, a, b):
        device.ok("sync")
    assert export(a) == export(b)
    notes = [e["note"] for e in a.json("list")]
    assert notes in ([], ["edited after"])  # Loro's winner, the same on both
    for device in (a, b):  # the loser kept and listed on both
        assert "Conflicts kept (1)" in device.ok("sync", "--status").stdout


def test_an_undo_travels_like_any_change(tmp_path: Path) -> None:
    a, b, _ = two(tmp_path)
    a.ok("add", "mood", "3", "--at", "2026-11-22 10:00")
    a.ok("sync")
    b.ok("sync")
    assert len(b.json("list")) == 2
    a.ok("undo")
    a.ok("sync")
    b.ok("sync")
    assert len(b.json("list")) == 1
    assert export(a) == export(b)


def test_status_lists_devices_and_waiting_changes(tmp_path: Path) -> None:
    a, _, _ = two(tmp_path)
    a.ok("add", "mood", "3", "--at", "2026-11-22 10:00")
    status = a.ok("sync", "--status").stdout
    assert "Changes waiting here: 1" in status
    assert status.count("last wrote") == 2
    assert "(this device)" in status


def test_errors_are_one_line_and_change_nothing(tmp_path: Path, painlog: Painlog) -> None:
    painlog.ok("add", "mood", "3")
    before = painlog.fingerprint()
    for args in (["sync"], ["sync", "--status"]):
        result = painlog(*args)
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1 and "painlog sync FOLDER" in result.stderr
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    result = painlog("sync", str(a_file))
    assert result.exit_code == 2 and "FOLDER" in result.stderr
    assert painlog.fingerprint() == before
    painlog.ok("sync", str(tmp_path / "one"))
    result = painlog("sync", str(tmp_path / "other"))
    assert result.exit_code == 2 and "already syncs" in result.stderr


def test_help_gives_an_example(painlog: Painlog) -> None:
    assert "Example: painlog sync ~/Sync/painlog" in painlog.ok("sync", "--help").stdout


# --- the inbox ---------------------------------------------------------------------------------


def test_inbox_lines_become_entries_through_add(tmp_path: Path) -> None:
    a, b, folder = two(tmp_path)
    (folder / "inbox.txt").write_text(
        'pain 6 --where "lower back"\n'
        "2026-11-29 15:04; med ibuprofen 400mg\n"
        "yesterday 9pm; mood 4\n"
        "pain 11\n"
        "\n",
        encoding="utf-8",
    )
    before = len(a.json("list"))
    result = a.ok("sync")
    assert "3 lines taken from the inbox" in result.stdout
    entries = a.json("list")
    assert len(entries) == before + 3
    untimed = [e for e in entries if e["note"] and "inbox was read" in e["note"]]
    assert len(untimed) == 1 and untimed[0]["kind"] == "pain"
    assert any(
        e["kind"] == "medication" and e["at"].startswith("2026-11-29T15:04") for e in entries
    )
    left = (folder / "inbox.txt").read_text(encoding="utf-8").splitlines()
    assert left[0].startswith("# painlog: pain:") and left[1] == "pain 11"
    done = (folder / "inbox-done.txt").read_text(encoding="utf-8")
    assert done.count("entry ") == 3
    assert all(e["id"] in done for e in entries if e["at"].startswith("2026-11-29T15:04"))
    # The other device reads the same inbox: it takes nothing twice.
    b.ok("sync")
    assert "0 lines taken" in b.ok("sync").stdout
    assert export(a) == export(b)
    # The take-in was one change: one undo takes all three back.
    a.ok("undo")
    assert len(a.json("list")) == before


def test_inbox_entries_get_the_same_name_notes_as_add(tmp_path: Path) -> None:
    a, _, folder = two(tmp_path)
    a.ok("plan", "add", "med", "gabapentin", "300mg", "--times", "08:00")
    (folder / "inbox.txt").write_text("med gabapentn 300mg\n", encoding="utf-8")
    result = a.ok("sync")
    assert "1 line taken" in result.stdout
    assert "gabapentin" in result.stderr  # pointed to the plan's spelling, saved as typed


def test_two_devices_taking_the_same_line_end_with_one_entry(tmp_path: Path) -> None:
    a, b, folder = two(tmp_path)
    inbox_a, inbox_b = tmp_path / "A", tmp_path / "B"
    # Each device sees its own copy of the folder (the file service has not caught up).
    shutil.copytree(folder, inbox_a)
    shutil.copytree(folder, inbox_b)
    for copy in (inbox_a, inbox_b):
        (copy / "inbox.txt").write_text("mood 7\n", encoding="utf-8")
    for device, copy in ((a, inbox_a), (b, inbox_b)):
        with sqlite3.connect(device.db) as connection:
            connection.execute("UPDATE _sync_device SET folder = ?", (str(copy),))
        device.ok("sync")
    for _ in range(2):
        deliver_all([inbox_a, inbox_b])
        a.ok("sync")
        b.ok("sync")
    assert export(a) == export(b)
    assert [e["value"] for e in a.json("list") if e["kind"] == "mood"] == [7.0]


# --- encryption and auto -----------------------------------------------------------------------


def test_an_encrypted_journal_leaves_nothing_readable_in_the_folder(tmp_path: Path) -> None:
    pytest.importorskip("sqlcipher3")
    env = {"PAINLOG_PASSPHRASE": "correct horse battery", "PAINLOG_EXPORT_PASSPHRASE": ""}
    folder = tmp_path / "Sync"
    a, b = Painlog(tmp_path / "a.db"), Painlog(tmp_path / "b.db")
    for device in (a, b):
        device.ok("add", "note", "seed", env=env)
        device.ok("encrypt", env=env)
    a.ok("add", "note", "secret-knee-flare", env=env)
    a.ok("sync", str(folder), env=env)
    b.ok("sync", str(folder), env=env)
    a.ok("sync", env=env)
    assert "secret-knee-flare" in b.ok("list", env=env).stdout
    for path in folder.rglob("*"):
        if path.is_file():
            assert b"secret-knee-flare" not in path.read_bytes(), path
            assert b"seed" not in path.read_bytes(), path


def test_sync_auto_exchanges_after_every_write(tmp_path: Path) -> None:
    a, b, _ = two(tmp_path)
    a.ok("config", "set", "sync", "auto")
    a.ok("sync")  # the setting itself travels
    b.ok("sync")
    a.ok("add", "mood", "8", "--at", "2026-11-23 10:00")
    assert "Changes waiting here: 0" in a.ok("sync", "--status").stdout
    b.ok("add", "mood", "2", "--at", "2026-11-23 11:00")  # b's auto exchange reads a's change
    assert sorted(e["value"] for e in b.json("list") if e["kind"] == "mood") == [2.0, 8.0]


def test_sync_refreshes_the_calendar_file(tmp_path: Path) -> None:
    a, _, folder = two(tmp_path)
    a.ok("plan", "add", "med", "gabapentin", "300mg", "--times", "08:00,20:00")
    a.ok("sync")
    assert b"gabapentin" in (folder / "painlog.ics").read_bytes()


# --- three devices, anything in any order ---------------------------------------------------------


def deliver_all(folders: list[Path], rng: random.Random | None = None) -> None:
    """The file service: every device's files copied into every other copy of the folder."""
    files = []
    for source in folders:
        for path in (source / "painlog-sync" / "devices").rglob("changes-*"):
            files.append((source, path))
    if rng:
        rng.shuffle(files)
    for source, path in files:
        relative = path.relative_to(source)
        for target in folders:
            destination = target / relative
            if target != source and not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)


def deliver_some(folders: list[Path], rng: random.Random) -> None:
    """A few files, late, maybe twice (copied again over the same copy)."""
    files = [(s, p) for s in folders for p in (s / "painlog-sync" / "devices").rglob("changes-*")]
    for source, path in rng.sample(files, k=min(len(files), rng.randint(0, 3))):
        target = rng.choice(folders)
        if target != source:
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)


ACTIONS = ("add", "add", "edit", "delete", "undo", "plan", "import", "setting", "sync", "deliver")


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    steps=st.lists(
        st.tuples(st.integers(0, 2), st.sampled_from(ACTIONS), st.integers(0, 10**6)),
        min_size=5,
        max_size=20,
    ),
    seed=st.integers(0, 10**6),
)
def test_three_devices_converge_whatever_the_order(tmp_path_factory, steps, seed) -> None:
    tmp = tmp_path_factory.mktemp("three")
    rng = random.Random(seed)
    devices = [Painlog(tmp / f"d{i}.db") for i in range(3)]
    folders = [tmp / f"F{i}" for i in range(3)]
    for device, folder in zip(devices, folders, strict=True):
        device.ok("sync", str(folder))
    kept: set[str] = set()  # notes of entries typed and never edited, deleted or undone
    stacks: list[list[list[str]]] = [
        [],
        [],
        [],
    ]  # each device's own steps: the kept notes each added
    for counter, (who, action, number) in enumerate(steps, start=1):
        device = devices[who]
        if action == "add":
            note = f"kept-{counter}"
            device.ok("add", "pain", str(number % 11), "--note", note, "--at", "2026-11-20 09:00")
            kept.add(note)
            stacks[who].append([note])
        elif action in ("edit", "delete"):
            device.ok(
                "add",
                "mood",
                str(number % 11),
                "--note",
                f"x-{counter}",
                "--at",
                "2026-11-21 09:00",
            )
            stacks[who].append([])
            with sqlite3.connect(device.db) as connection:
                targets = [r[0] for r in connection.execute(
                    "SELECT id FROM entries WHERE note LIKE 'x-%' ORDER BY id")]  # fmt: skip
            target = targets[number % len(targets)]
            if action == "edit":
                device.ok("edit", target, "--note", f"x-edited-{counter}")
            else:
                device.ok("delete", target, "--yes")
            stacks[who].append([])
        elif action == "undo":
            if stacks[who]:
                undone = stacks[who].pop()
                kept -= set(undone)
                device.ok("undo")
        elif action == "plan":
            name = f"med{number % 2}"
            # A day of its own: versions made on two devices in the same second on the same day
            # would list in each device's own order (docs/sync.md).
            day = f"2026-{1 + counter // 28:02d}-{1 + counter % 28:02d}"
            result = device("plan", "change", name, f"{100 + counter}mg", "--from", day)
            if result.exit_code != 0 and "no plan item" in result.stderr:
                device.ok("plan", "add", "med", name, "100mg", "--times", "08:00", "--from", day)
            stacks[who].append([])
        elif action == "import":
            path = tmp / f"import-{counter}.csv"
            path.write_text(
                "id,kind,at,value,unit,name,quality,location,intensity,note,tags,trigger,relief\n"
                # a moment of its own: a row without id equal to one already in the journal
                # (kind, moment, value, unit, name) is counted as already there (SPEC, issue 26)
                f",sleep,2026-11-19T07:{counter % 60:02d}:00+00:00,7,,,,,,kept-imported-{counter},,,\n",
                encoding="utf-8",
            )
            device.ok("import", str(path))
            kept.add(f"kept-imported-{counter}")
            stacks[who].append([f"kept-imported-{counter}"])
        elif action == "setting":
            device.ok("config", "set", "week-start", rng.choice(["monday", "sunday", "friday"]))
            stacks[who].append([])
        elif action == "sync":
            device.ok("sync")
        else:
            deliver_some(folders, rng)
    for _ in range(3):  # everything delivered at last, in any order, and read
        for index in rng.sample(range(3), 3):
            devices[index].ok("sync")
        deliver_all(folders, rng)
    for device in devices:
        device.ok("sync")
    exports = [export(device) for device in devices]
    assert exports[0] == exports[1] == exports[2]
    assert settings_of(devices[0]) == settings_of(devices[1]) == settings_of(devices[2])
    notes = {entry["note"] for entry in json.loads(exports[0])["entries"]}
    assert kept <= notes  # nothing typed is lost


# --- kill -9 in the middle of a sync ---------------------------------------------------------------


def _painlog(db: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(SRC), "PAINLOG_NO_INPUT": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "painlog", "--db", str(db), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_sync_killed_at_any_moment_is_finished_by_the_next(tmp_path: Path) -> None:
    source = Painlog(tmp_path / "source.db")
    rows = "\n".join(
        f",pain,2026-{1 + i // 280:02d}-{1 + i % 28:02d}T{8 + i % 12:02d}:00:00+00:00,{i % 11},,,,,,n{i},,,"
        for i in range(2000)
    )
    csv = tmp_path / "rows.csv"
    csv.write_text(
        "id,kind,at,value,unit,name,quality,location,intensity,note,tags,trigger,relief\n"
        + rows
        + "\n"
    )
    source.ok("import", str(csv))
    folder = tmp_path / "Sync"
    source.ok("sync", str(folder))
    wanted = export(source)
    for attempt, delay in enumerate((0.1, 0.3, 0.6)):
        db = tmp_path / f"joiner{attempt}.db"
        process = _painlog(db, "sync", str(folder))
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        joiner = Painlog(db)
        if not db.exists() or "Synced" not in joiner("sync").stdout:
            joiner.ok("sync", str(folder))
        assert export(joiner) == wanted
    # and the writer killed while writing its own file: the next sync writes what was left
    source.ok("add", "mood", "5", "--at", "2026-11-30 10:00")
    process = _painlog(source.db, "sync")
    time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    source.ok("sync")
    joiner = Painlog(tmp_path / "joiner0.db")
    joiner.ok("sync")
    assert export(joiner) == export(source)
