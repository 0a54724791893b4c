"""Issue 16, points 5, 6 and 14: encrypt/decrypt convert exactly the journal and its own
backups, whole or not at all, with nobody writing meanwhile; and the secrets are kept well.

Kills use the conversion's test hook (``_PAINLOG_KILL_AT``: kill -9 at a named moment), so
every moment is hit exactly, without timing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import types
from pathlib import Path

import pytest

from tests.conftest import Painlog

pytest.importorskip("sqlcipher3")
pytest.importorskip("pyrage")

PASSPHRASE = "correct horse battery staple"
KEY = {"PAINLOG_PASSPHRASE": PASSPHRASE}
ROOT = Path(__file__).resolve().parents[1]


def environment(db: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "PAINLOG_DB": str(db), **extra}


def run(db: Path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "painlog", *args], env=environment(db, **extra),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


_KEYS: dict[bytes, object] = {}  # salt -> derived key: one derivation per salt, not per look


def dump(path: Path) -> list[str]:
    """The rows of a plain or encrypted journal file (sorted: export may reorder the schema)."""
    from sqlite3.dump import _iterdump

    from painlog.store import cipher

    if cipher.looks_encrypted(path) and not hasattr(cipher, "unlock"):  # painlog before issue 16
        connection = cipher.connect(path, PASSPHRASE)
    elif cipher.looks_encrypted(path):
        salt = path.read_bytes()[:16]
        if salt not in _KEYS:
            _KEYS[salt] = cipher.unlock(path, PASSPHRASE)[1]
        connection = cipher.unlock(path, _KEYS[salt])[0]  # type: ignore[arg-type]
    else:
        connection = sqlite3.connect(path)
    try:
        return sorted(_iterdump(connection))
    finally:
        connection.close()


def encrypted(path: Path) -> bool:
    return not path.read_bytes().startswith(b"SQLite format 3")


def journal_with_backups(db: Path, count: int = 2) -> list[Path]:
    painlog = Painlog(db)
    painlog.ok("add", "pain", "6", "--note", "the secret note")
    for number in range(count):
        painlog.ok("add", "sleep", f"{number + 6}h")
        painlog.ok("backup")
    return sorted((db.parent / "backups").glob("*.db"))


# --- point 5: exactly the journal and its own backups ------------------------------------------


def test_backups_of_another_journal_in_the_folder_are_never_touched(tmp_path):
    mine, other = tmp_path / "painlog.db", tmp_path / "painlog-2025.db"
    journal_with_backups(mine, 1)
    journal_with_backups(other, 2)
    theirs = {path: path.read_bytes() for path in (tmp_path / "backups").glob("painlog-2025-*")}
    assert len(theirs) == 2
    result = Painlog(mine).ok("encrypt", env=KEY)
    assert "1 of painlog's backups too" in result.stdout
    assert {path: path.read_bytes() for path in theirs} == theirs
    own = [path for path in (tmp_path / "backups").iterdir() if path not in theirs]
    assert len(own) == 1 and encrypted(own[0])


def test_a_symlinked_journal_converts_the_real_file_and_keeps_the_link(tmp_path):
    real = tmp_path / "real" / "j.db"
    real.parent.mkdir()
    real_backups = journal_with_backups(real, 1)
    link = tmp_path / "link.db"
    link.symlink_to(real)
    Painlog(link).ok("backup")  # a backup made through the link sits beside the link
    link_backups = sorted((tmp_path / "backups").glob("link-*.db"))
    before = dump(real)
    Painlog(link).ok("encrypt", env=KEY)
    assert link.is_symlink() and link.resolve() == real
    assert encrypted(real) and dump(real) == before
    assert all(encrypted(backup) for backup in real_backups + link_backups)
    Painlog(link).ok("decrypt", env=KEY)
    assert link.is_symlink() and not encrypted(real) and dump(real) == before
    assert not any(encrypted(backup) for backup in real_backups + link_backups)


def test_converting_files_are_private_from_their_first_byte(tmp_path):
    from tests.test_encryption import _journal_with_entries

    db = tmp_path / "j.db"
    _journal_with_entries(db, 3000)
    converting = tmp_path / "j.db.converting"
    modes: set[int] = set()
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            with contextlib.suppress(FileNotFoundError):
                modes.add(converting.stat().st_mode & 0o777)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        Painlog(db).ok("encrypt", env=KEY)
    finally:
        stop.set()
        watcher.join()
    assert modes == {0o600}


# The moments a kill can fall between: after a copy is written (the first, the last), after
# the plan says "renaming", after a rename (the first, the middle, the last).
MOMENTS = [
    ("encrypt", "written-0"),
    ("decrypt", "written-2"),
    ("encrypt", "planned"),
    ("decrypt", "renamed-0"),
    ("encrypt", "renamed-1"),
    ("decrypt", "renamed-2"),
]


@pytest.mark.parametrize(("direction", "moment"), MOMENTS)
def test_a_kill_at_any_moment_leaves_the_old_state_or_the_new_one_together(
    tmp_path, moment, direction
):
    db = tmp_path / "j.db"
    backups = journal_with_backups(db, 2)
    if direction == "decrypt":
        Painlog(db).ok("encrypt", env=KEY)
    files = [db, *backups]
    before = {path: dump(path) for path in files}
    killed = run(db, direction, **KEY, _PAINLOG_KILL_AT=moment)
    assert killed.returncode == -9
    doctor = run(db, "doctor", **KEY)
    assert "WARN  conversion: an encrypt/decrypt was interrupted (3 files" in doctor.stdout
    finished = moment == "planned" or moment.startswith("renamed")
    # Any painlog command finishes or rolls it back before reading (no key needed for that).
    assert run(db, "list", **KEY).returncode == 0
    states = {encrypted(path) for path in files}
    assert states == {(direction == "encrypt") == finished}  # all together, old or new
    assert {path: dump(path) for path in files} == before
    assert not list(tmp_path.rglob("*.converting")) and not (tmp_path / "j.db.conversion").exists()


@pytest.mark.parametrize("moment", ["written-1", "renamed-1"])
def test_the_next_encrypt_finishes_or_rolls_back_and_goes_on(tmp_path, moment):
    db = tmp_path / "j.db"
    backups = journal_with_backups(db, 2)
    before = {path: dump(path) for path in [db, *backups]}
    assert run(db, "encrypt", **KEY, _PAINLOG_KILL_AT=moment).returncode == -9
    again = run(db, "encrypt", **KEY)
    assert again.returncode == 0, again.stderr
    outcome = "finished" if moment.startswith("renamed") else "rolled back"
    assert f"An interrupted encrypt/decrypt of {db} was {outcome}" in again.stderr
    assert all(encrypted(path) for path in before)
    assert {path: dump(path) for path in before} == before


def as_nobody(command: list[str]) -> list[str]:
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]


def test_decrypt_of_a_read_only_journal_is_refused_like_add(tmp_path):
    if os.geteuid() == 0:  # root writes anything: run as nobody, as the owner of the journal
        if not shutil.which("setpriv"):
            pytest.skip("needs setpriv to drop root")
        probe = subprocess.run(as_nobody([sys.executable, "-c", "import sqlcipher3, painlog"]),
                               capture_output=True, env=environment(tmp_path / "x"))  # fmt: skip
        if probe.returncode != 0:
            pytest.skip("another user cannot run this Python")
        tmp_path = Path(tempfile.mkdtemp(dir="/tmp"))
        os.chmod(tmp_path, 0o755)
    db = tmp_path / "ro" / "j.db"
    db.parent.mkdir()
    try:
        assert run(db, "add", "pain", "4").returncode == 0
        assert run(db, "encrypt", **KEY).returncode == 0
        if os.geteuid() == 0:
            for path in [tmp_path, *tmp_path.rglob("*")]:
                os.chown(path, 65534, 65534)
        os.chmod(db, 0o400)
        before = db.read_bytes()
        results = {}
        for command in (["add", "pain", "5"], ["decrypt"]):
            argv = [sys.executable, "-m", "painlog", *command]
            if os.geteuid() == 0:
                argv = as_nobody(argv)
            results[command[0]] = subprocess.run(
                argv, env=environment(db, **KEY, HOME=str(tmp_path)),
                capture_output=True, text=True, timeout=60,
            )  # fmt: skip
        for result in results.values():
            assert result.returncode == 1, result.stderr
            assert "Cannot write to the journal" in result.stderr
            assert len(result.stderr.strip().splitlines()) == 1
        assert db.read_bytes() == before and encrypted(db)
    finally:
        if tmp_path.parent == Path("/tmp"):
            shutil.rmtree(tmp_path, ignore_errors=True)


# --- point 6: no write is lost ------------------------------------------------------------------

WRITER = """
import sys
from pathlib import Path
from typer.testing import CliRunner
from painlog.cli import app

runner, number, stop = CliRunner(), 0, Path(sys.argv[1])
while not stop.exists():
    number += 1
    result = runner.invoke(app, ["add", "pain", "5", "--note", f"write {number}"])
    if result.exit_code == 0:
        print(number, flush=True)
"""


def test_no_write_is_lost_while_encrypting(tmp_path):
    from tests.test_encryption import _journal_with_entries

    db = tmp_path / "j.db"
    _journal_with_entries(db, 5000)
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(stop)], env=environment(db, **KEY),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert writer.stdout is not None
    started = [writer.stdout.readline() for _ in range(3)]  # it is writing, and goes on
    assert all(line.strip() for line in started)
    conversion = run(db, "encrypt", **KEY)  # before issue 16: "did not check out", or a loss
    after = [writer.stdout.readline() for _ in range(2)]  # it writes to the encrypted journal
    stop.touch()
    rest, errors = writer.communicate(timeout=120)
    assert conversion.returncode == 0, conversion.stderr
    reported = {int(line) for line in started + after + rest.split()}
    from painlog.store.cipher import connect

    connection = connect(db, PASSPHRASE)
    notes = {row[0] for row in connection.execute("SELECT note FROM entries")}
    connection.close()
    assert {f"write {number}" for number in reported} <= notes, errors  # every one is there


def test_others_wait_for_a_conversion_then_fail_in_one_line(tmp_path):
    from painlog.store import lock

    db = tmp_path / "j.db"
    Painlog(db).ok("add", "pain", "3")
    held = lock.acquire(db, exclusive=True)  # what encrypt/decrypt hold while converting
    try:
        before = Painlog(db).fingerprint()
        started = time.monotonic()
        result = run(db, "add", "pain", "5", PAINLOG_BUSY_TIMEOUT="0.5")
        assert time.monotonic() - started >= 0.5
    finally:
        held.release()
    assert result.returncode == 1
    assert "stayed locked by another painlog for 0.5 s" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert Painlog(db).fingerprint() == before


# --- point 14: secrets ---------------------------------------------------------------------------


def legacy_journal(db: Path) -> None:
    """A journal as painlog encrypted it before: 50,000 rounds of PBKDF2."""
    from sqlcipher3 import dbapi2

    Painlog(db).ok("add", "pain", "6", "--note", "from the old days")
    plain = sqlite3.connect(db)
    plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    plain.close()
    old = db.with_name("old.db")
    connection = dbapi2.connect(str(db))
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    connection.execute("PRAGMA cipher_default_kdf_iter = 50000")
    connection.execute("ATTACH DATABASE ? AS converted KEY ?", (str(old), PASSPHRASE))
    connection.execute("SELECT sqlcipher_export('converted')")
    connection.execute(f"PRAGMA converted.user_version = {version}")
    connection.execute("DETACH DATABASE converted")
    connection.close()
    os.replace(old, db)


def opens_with_rounds(path: Path, rounds: int) -> bool:
    from sqlcipher3 import dbapi2

    salt = path.read_bytes()[:16]
    key = hashlib.pbkdf2_hmac("sha512", PASSPHRASE.encode(), salt, rounds, 32)
    connection = dbapi2.connect(str(path))
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{key.hex()}{salt.hex()}'\"")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except dbapi2.DatabaseError:
        return False
    finally:
        connection.close()


def test_new_encryption_uses_sqlciphers_default_derivation(painlog):
    painlog.ok("add", "pain", "6")
    painlog.ok("backup")
    painlog.ok("encrypt", env=KEY)
    assert opens_with_rounds(painlog.db, 256_000) and not opens_with_rounds(painlog.db, 50_000)
    backup = next((painlog.db.parent / "backups").glob("*.db"))
    assert opens_with_rounds(backup, 256_000)
    doctor = painlog.ok("doctor", env=KEY).stdout
    assert "OK    key derivation: 256,000 rounds (SQLCipher's default)" in doctor


def test_a_50000_round_journal_opens_and_is_rekeyed(painlog):
    legacy_journal(painlog.db)
    painlog.ok("add", "pain", "4", env=KEY)  # it opens, and takes writes
    painlog.ok("backup", env=KEY)
    backup = next((painlog.db.parent / "backups").glob("*.db"))
    assert opens_with_rounds(backup, 50_000)  # backups are written with the journal's key
    doctor = painlog("doctor", env=KEY).stdout
    assert "WARN  key derivation: 50,000 rounds" in doctor and "painlog encrypt --rekey" in doctor
    before = dump(painlog.db)
    result = painlog.ok("encrypt", "--rekey", env=KEY)
    assert "Re-keyed" in result.stdout and "1 of painlog's backups too" in result.stdout
    assert opens_with_rounds(painlog.db, 256_000) and opens_with_rounds(backup, 256_000)
    assert dump(painlog.db) == before
    assert "256,000 rounds (SQLCipher's default)" in painlog.ok("doctor", env=KEY).stdout


def test_remembered_key_opens_without_deriving_and_survives_a_rekey(painlog, monkeypatch):
    stored: dict[tuple[str, str], str] = {}
    fake = types.SimpleNamespace(
        get_password=lambda service, user: stored.get((service, user)),
        set_password=lambda service, user, secret: stored.__setitem__((service, user), secret),
        delete_password=lambda service, user: stored.pop((service, user)),
    )
    monkeypatch.setitem(sys.modules, "keyring", fake)
    monkeypatch.delenv("PAINLOG_PASSPHRASE", raising=False)
    legacy_journal(painlog.db)
    painlog.ok("encrypt", "--rekey", "--remember", env=KEY)
    assert PASSPHRASE not in str(stored)
    import painlog.store.cipher as cipher

    calls = []
    real = cipher.derive
    monkeypatch.setattr(cipher, "derive", lambda *a, **k: calls.append(1) or real(*a, **k))
    painlog.ok("add", "pain", "3")  # opened with the raw key: no derivation at all
    painlog.ok("backup")
    assert calls == []
    assert "256,000 rounds" in painlog.ok("doctor").stdout  # read from the keyring entry
    refused = painlog("encrypt", "--rekey", env={"PAINLOG_PASSPHRASE": ""})
    assert refused.exit_code == 1 and "keeps only the derived key" in refused.stderr


def test_core_dumps_are_off_while_a_passphrase_is_held(painlog):
    import resource

    painlog.ok("add", "pain", "6")
    painlog.ok("encrypt", env=KEY)
    probe = (
        "import resource, sys\n"
        "from typer.testing import CliRunner\n"
        "from painlog.cli import app\n"
        "print(resource.getrlimit(resource.RLIMIT_CORE)[0] != 0)\n"
        "CliRunner().invoke(app, ['list'])\n"
        "print(resource.getrlimit(resource.RLIMIT_CORE)[0])\n"
    )

    def allow_cores() -> None:
        hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))

    result = subprocess.run(
        [sys.executable, "-c", probe], env=environment(painlog.db, **KEY),
        capture_output=True, text=True, preexec_fn=allow_cores, timeout=60,
    )  # fmt: skip
    if result.stdout.startswith("False"):
        pytest.skip("core dumps cannot be allowed here")
    assert result.stdout.splitlines()[1] == "0", result.stderr  # the limit dumps obey


def test_an_export_passphrase_needs_8_characters(painlog, tmp_path):
    painlog.ok("add", "pain", "6")
    out = tmp_path / "x.csv.age"
    result = painlog("export", "-o", str(out), "--encrypt-passphrase",
                     env={"PAINLOG_EXPORT_PASSPHRASE": "short"})  # fmt: skip
    assert result.exit_code == 2 and "at least 8 characters" in result.stderr
    assert not out.exists()


def test_the_docs_show_no_passphrase_on_a_command_line():
    for page in ("data-safety.md", "cli.md"):
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert not re.search(r"PASSPHRASE=\S", text), page


@pytest.mark.parametrize("command", [["encrypt"], ["list"]])
def test_a_non_utf8_passphrase_byte_is_one_line_that_hides_where(tmp_path, command):
    db = tmp_path / "j.db"
    assert run(db, "add", "pain", "6").returncode == 0
    if command == ["list"]:
        assert run(db, "encrypt", **KEY).returncode == 0
    env = {key.encode(): value.encode() for key, value in environment(db).items()}
    env[b"PAINLOG_PASSPHRASE"] = b"correct horse\xff battery"
    before = db.read_bytes()
    result = subprocess.run([sys.executable, "-m", "painlog", *command], env=env,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 2
    assert "passphrase: holds a byte that is not UTF-8 text" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not re.search(r"\d", result.stderr.replace("UTF-8", ""))  # no position given
    assert db.read_bytes() == before
