"""Never lose an entry: backups, restore, doctor, refusals, and faults with real processes.

Each test names the jrnl failure it guards against where there is one (jrnl-org/jrnl issues).
"""

from __future__ import annotations

import csv
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from painlog.formats.csv import HEADER
from painlog.store.migrations import SCHEMA_VERSION


def run(db: Path, *args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "painlog", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        **kwargs,
    )


def count(db: Path) -> int:
    connection = sqlite3.connect(db)
    try:
        return connection.execute("SELECT count(*) FROM entries").fetchone()[0]
    finally:
        connection.close()


def integrity(db: Path) -> str:
    connection = sqlite3.connect(db)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def big_csv(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for index in range(rows):
            at = f"2020-01-{1 + index % 28:02d}T{index % 24:02d}:00:00+00:00"
            writer.writerow(
                ["", "pain", at, index % 11, "", "", "", "back", "", f"row {index}", "", "", ""]
            )
    return path


# --- backups and restore ----------------------------------------------------------------------


def test_backup_is_consistent_while_another_process_writes(tmp_path):
    db = tmp_path / "j.db"
    assert run(db, "add", "pain", "3").returncode == 0
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom painlog.cli import app\n"
            "for i in range(150):\n"
            "    app(['--db', sys.argv[1], 'add', 'mood', str(i % 10)], standalone_mode=False)\n",
            str(db),
        ]
    )
    try:
        copies = []
        for number in range(3):
            time.sleep(0.2)
            out = tmp_path / f"copy{number}.db"
            result = run(db, "backup", "-o", str(out))
            assert result.returncode == 0, result.stderr
            copies.append(out)
    finally:
        writer.wait(timeout=120)
    for copy in copies:
        assert integrity(copy) == "ok"
        assert (copy.stat().st_mode & 0o777) == 0o600
        assert 1 <= count(copy) <= 151
    assert count(db) == 151


def test_restore_checks_first_and_keeps_the_current_journal(tmp_path):
    db = tmp_path / "j.db"
    run(db, "add", "pain", "3")
    saved = tmp_path / "saved.db"
    assert run(db, "backup", "-o", str(saved)).returncode == 0
    run(db, "add", "pain", "9")
    result = run(db, "restore", str(saved), "--yes")
    assert result.returncode == 0, result.stderr
    assert "Restored 1 entry from" in result.stdout
    assert count(db) == 1
    kept = next((tmp_path / "backups").glob("j-auto-*-before-restore.db"))
    assert count(kept) == 2


def test_restore_refuses_a_damaged_or_newer_backup_untouched(tmp_path):
    db = tmp_path / "j.db"
    run(db, "add", "pain", "3")
    before = db.read_bytes()
    damaged = tmp_path / "damaged.db"
    shutil.copy(db, damaged)
    data = bytearray(damaged.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # smash the second page
    damaged.write_bytes(bytes(data))
    newer = tmp_path / "newer.db"
    run(newer, "add", "mood", "5")
    connection = sqlite3.connect(newer)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    for bad, reason in ((damaged, "not a sound painlog journal"), (newer, "newer painlog")):
        result = run(db, "restore", str(bad), "--yes")
        assert result.returncode == 1
        assert reason in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert db.read_bytes() == before


def test_automatic_backups_rotate(tmp_path):
    db = tmp_path / "j.db"
    run(db, "add", "pain", "3")
    source = tmp_path / "one.csv"
    for number in range(4):
        source.write_text(
            ",".join(HEADER) + f"\n,pain,2026-01-0{number + 1}T10:00:00+00:00,4,,,,,,,,,\n"
        )
        assert run(db, "import", str(source), env={"PAINLOG_KEEP_BACKUPS": "2"}).returncode == 0
    automatic = sorted((tmp_path / "backups").glob("j-auto-*-before-import.db"))
    assert len(automatic) == 2
    assert [count(path) for path in automatic] == [3, 4]


# --- doctor -------------------------------------------------------------------------------------


def test_doctor_on_a_healthy_journal(tmp_path):
    folder = tmp_path / "private"
    db = folder / "j.db"
    run(db, "add", "pain", "3")
    run(db, "backup")
    result = run(db, "doctor")
    assert result.returncode == 0, result.stdout
    for check in ("integrity: ok", "schema: version", "journal mode: WAL", "foreign keys: ok"):
        assert check in result.stdout
    assert "FAIL" not in result.stdout and "WARN" not in result.stdout


def test_doctor_names_problems_and_what_to_do(tmp_path):
    folder = tmp_path / "Dropbox"
    db = folder / "j.db"
    run(db, "add", "pain", "3")
    os.chmod(db, 0o644)
    result = run(db, "doctor")
    assert "WARN  journal file permissions" in result.stdout and "chmod 600" in result.stdout
    assert "synced folder (dropbox)" in result.stdout
    assert "backups: none yet" in result.stdout
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all")
    result = run(garbage, "doctor")
    assert result.returncode == 1
    assert "FAIL  file format: not an SQLite database" in result.stdout
    assert garbage.read_bytes() == b"not a database at all"


# --- refusals: exit 1, one line, nothing lost -----------------------------------------------------


def test_a_damaged_journal_is_refused_with_a_pointer_to_doctor_and_restore(tmp_path):
    """jrnl-org/jrnl#490: a journal that did not fit was emptied. Here: refused, untouched."""
    db = tmp_path / "j.db"
    run(db, "add", "pain", "3")
    connection = sqlite3.connect(db)
    connection.executemany(
        "INSERT INTO entries (id, kind, at, value, note) VALUES (?, 'note', ?, NULL, ?)",
        [(f"n{i}", "2026-01-01T10:00:00+00:00", "x" * 500) for i in range(200)],
    )
    connection.commit()
    connection.close()
    data = bytearray(db.read_bytes())
    data[4096:8192] = b"\x13" * 4096  # page 2: the root of the entries table
    db.write_bytes(bytes(data))
    before = db.read_bytes()
    result = run(db, "list", "--json")
    assert result.returncode == 1
    assert "is not a painlog journal" in result.stderr and "restore" in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before


def test_a_journal_locked_past_the_busy_timeout(tmp_path):
    db = tmp_path / "j.db"
    run(db, "add", "pain", "3")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run(db, "add", "pain", "5", env={"PAINLOG_BUSY_TIMEOUT": "0.5"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert "stayed locked by another painlog for 0.5 s" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert count(db) == 1


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root + setpriv")
def test_a_read_only_journal_and_folder(tmp_path):
    probe = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
         sys.executable, "-c", "import painlog.cli"],
        capture_output=True, timeout=60,
    )  # fmt: skip
    if probe.returncode != 0:
        pytest.skip("another user cannot run this Python (its folders are private)")
    tmp_path = Path(tempfile.mkdtemp(dir="/tmp"))  # pytest's own folders are root-only
    os.chmod(tmp_path, 0o755)
    folder = tmp_path / "ro"
    db = folder / "j.db"
    run(db, "add", "pain", "3")
    nobody = 65534
    for path in (tmp_path, folder, db):
        os.chown(path, nobody, nobody)
    os.chmod(db, 0o400)
    os.chmod(folder, 0o500)
    os.chmod(tmp_path, 0o755)
    before = db.read_bytes()
    result = subprocess.run(
        ["setpriv", f"--reuid={nobody}", f"--regid={nobody}", "--clear-groups",
         sys.executable, "-m", "painlog", "--db", str(db), "add", "pain", "5"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    reading = subprocess.run(
        ["setpriv", f"--reuid={nobody}", f"--regid={nobody}", "--clear-groups",
         sys.executable, "-m", "painlog", "--db", str(db), "list", "--json"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    os.chmod(folder, 0o700)
    after = db.read_bytes()
    shutil.rmtree(tmp_path, ignore_errors=True)
    assert after == before
    assert result.returncode == 1, result.stderr
    assert "Cannot write to the journal" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert reading.returncode == 0, reading.stderr  # reading a read-only journal still works
    assert '"value": 3.0' in reading.stdout


def test_a_full_disk_fails_cleanly_and_loses_nothing(tmp_path):
    """Simulated with RLIMIT_FSIZE: writes past the limit fail like a full disk."""
    db = tmp_path / "j.db"
    run(db, "add", "pain", "3")
    source = big_csv(tmp_path / "big.csv", 20_000)
    limit = db.stat().st_size + 256 * 1024

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-m", "painlog", "--db", str(db), "import", str(source)],
        capture_output=True, text=True, timeout=120, preexec_fn=small_disk,
        env={**os.environ, "PAINLOG_KEEP_BACKUPS": "1"},
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Nothing was changed" in result.stderr
    assert integrity(db) == "ok"
    assert count(db) == 1


def test_a_journal_from_a_newer_painlog_twice_from_two_machines(tmp_path):
    """jrnl-org/jrnl#680/#862: an upgrade seen twice wiped or failed opaquely. Here: refused."""
    db = tmp_path / "j.db"
    run(db, "add", "pain", "3")
    connection = sqlite3.connect(db)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    before = db.read_bytes()
    for _ in range(2):
        result = run(db, "add", "pain", "4")
        assert result.returncode == 1
        assert "written by a newer painlog" in result.stderr
    assert db.read_bytes() == before


# --- faults with real processes -------------------------------------------------------------------


def _wait_for_wal_growth(db: Path, process: subprocess.Popen, at_least: int) -> bool:
    wal = Path(str(db) + "-wal")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size >= at_least:
            return True
        time.sleep(0.005)
    return False


@pytest.mark.parametrize("moment", ["validating", "writing"])
def test_kill_9_during_a_large_import_leaves_all_or_nothing(tmp_path, moment):
    db = tmp_path / "j.db"
    run(db, "add", "pain", "3")
    source = big_csv(tmp_path / "big.csv", 40_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "painlog", "--db", str(db), "import", str(source)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if moment == "writing":
        assert _wait_for_wal_growth(db, process, 512 * 1024), "import never started writing"
    else:
        time.sleep(0.4)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert integrity(db) == "ok"
    assert count(db) in (1, 40_001)
    assert count(db) == 1  # killed before COMMIT: none of it
    assert run(db, "add", "pain", "4").returncode == 0
    assert count(db) == 2


def start_checkin(db: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "painlog", "--db", str(db), "checkin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdin is not None
    return process


def test_kill_9_during_a_checkin_saves_nothing(tmp_path):
    db = tmp_path / "j.db"
    run(db, "add", "pain", "3")
    process = start_checkin(db)
    for answer in ("6", "back", "7h", "3", "5", "walk 30m"):
        process.stdin.write(answer + "\n")
        process.stdin.flush()
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert integrity(db) == "ok"
    assert count(db) == 1


def test_four_processes_adding_200_entries_each_at_once(tmp_path):
    """jrnl-org/jrnl#502: two concurrent invocations lost entries. Here: 800 of 800."""
    db = tmp_path / "j.db"
    run(db, "add", "pain", "0")
    worker = (
        "import sys\nfrom painlog.cli import app\n"
        "for i in range(200):\n"
        "    code = app(['--db', sys.argv[1], 'add', 'note', f'w{sys.argv[2]}-{i}'],"
        " standalone_mode=False)\n"
        "    assert not code, code\n"
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", worker, str(db), str(number)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(4)
    ]
    errors = [process.communicate(timeout=120)[1] for process in workers]
    assert [process.returncode for process in workers] == [0, 0, 0, 0], errors
    assert not any("locked" in error for error in errors)
    connection = sqlite3.connect(db)
    notes = [row[0] for row in connection.execute("SELECT note FROM entries WHERE kind = 'note'")]
    connection.close()
    assert len(notes) == 800
    assert set(notes) == {f"w{w}-{i}" for w in range(4) for i in range(200)}


# --- odd and hostile input ----------------------------------------------------------------------


def test_notes_with_nul_are_refused_and_odd_text_is_kept(painlog):
    before_missing = not painlog.db.exists()
    result = painlog("add", "note", "a\x00b")
    assert result.exit_code == 2 and "note:" in result.stderr
    assert before_missing and not painlog.db.exists()
    for text in ("שלום עולם — مرحبا", "pain 🔥🔥 today 🙂", 'line one\nline two, "quoted"'):
        painlog.ok("add", "note", text)
    huge = "x" * 1_000_000
    painlog.ok("add", "pain", "5", "--note", huge)
    notes = sorted(entry["note"] for entry in painlog.json("list"))
    assert notes == sorted(
        ["שלום עולם — مرحبا", "pain 🔥🔥 today 🙂", 'line one\nline two, "quoted"', huge]
    )


def test_a_100000_row_import(tmp_path):
    db = tmp_path / "j.db"
    source = big_csv(tmp_path / "big.csv", 100_000)
    started = time.monotonic()
    result = run(db, "import", str(source))
    assert result.returncode == 0, result.stderr
    assert "Imported 100,000 records" in result.stdout
    assert time.monotonic() - started < 60
    assert count(db) == 100_000
    assert integrity(db) == "ok"


@pytest.mark.parametrize(
    ("zone", "at", "stored"),
    [
        # Lord Howe moves its clocks by half an hour; 02:15 on 2026-10-04 does not exist.
        ("Australia/Lord_Howe", "2026-07-01 09:00", "2026-07-01T09:00:00+10:30"),
        ("Australia/Lord_Howe", "2025-12-01 09:00", "2025-12-01T09:00:00+11:00"),
        ("America/St_Johns", "2026-01-15 21:00", "2026-01-15T21:00:00-03:30"),
        ("America/St_Johns", "2026-07-15 21:00", "2026-07-15T21:00:00-02:30"),
    ],
)
def test_half_hour_offsets(tmp_path, zone, at, stored):
    db = tmp_path / "j.db"
    result = run(db, "add", "pain", "5", "--at", at, env={"TZ": zone})
    assert result.returncode == 0, result.stderr
    connection = sqlite3.connect(db)
    row = connection.execute("SELECT at, day FROM entries").fetchone()
    connection.close()
    assert row == (stored, stored[:10])


@pytest.mark.parametrize(
    ("zone", "at"),
    [("Australia/Lord_Howe", "2026-10-04 02:15"), ("America/St_Johns", "2026-03-08 02:30")],
)
def test_times_in_a_dst_gap_are_stored_without_error(tmp_path, zone, at):
    db = tmp_path / "j.db"
    result = run(db, "add", "pain", "5", "--at", at, env={"TZ": zone})
    assert result.returncode == 0, result.stderr
    listed = run(db, "list", "--json", env={"TZ": zone})
    assert at[:10] in listed.stdout


@pytest.mark.parametrize("delay", [0.25, 0.3, 0.35, 0.4, 0.6])
def test_kill_9_while_a_long_checkin_is_being_saved(tmp_path, delay):
    """A check-in large enough that validating and saving it takes a while; killed at
    several moments, the journal holds all of it or none of it."""
    db = tmp_path / "j.db"
    run(db, "add", "pain", "3")
    doses = ", ".join(["ibuprofen 1mg"] * 6000)
    answers = "\n".join(["6", "back", "7h", "3", "5", "walk 30m", doses, "note", "n"]) + "\n"
    process = start_checkin(db)
    process.stdin.write(answers)
    process.stdin.flush()
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert integrity(db) == "ok"
    assert count(db) in (1, 1 + 6000 + 5)  # pain, sleep, mood, walk, note and the doses


def test_an_old_journal_upgraded_by_two_processes_at_once(tmp_path):
    """jrnl-org/jrnl#680: a journal upgraded twice (two machines) was wiped. Here: intact."""
    from painlog.store.db import Journal, create_private_file
    from painlog.store.migrations import MIGRATIONS, migrate

    db = tmp_path / "old.db"
    create_private_file(db)
    old = Journal(sqlite3.connect(db), execute_plugins=False)
    old.path = db
    migrate(old, upto=1)
    old["entries"].insert_all(
        [{"id": f"e{i}", "kind": "pain", "at": "2026-11-01T09:00:00+00:00", "value": 5.0}
         for i in range(300)]
    )  # fmt: skip
    old.conn.commit()
    old.close()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "painlog", "--db", str(db), "list", "--json"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    errors = [process.communicate(timeout=60)[1] for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], errors
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    steps = [row[0] for row in connection.execute("SELECT number FROM _painlog_migrations")]
    assert steps == list(range(1, len(MIGRATIONS) + 1))  # each step exactly once
    assert connection.execute("SELECT count(*) FROM entries").fetchone()[0] == 300
    connection.close()
    assert integrity(db) == "ok"
