"""``encrypt``/``decrypt``/``encrypt --rekey``: the journal and its own backups converted
together, whole or not at all, with nobody writing meanwhile.

1. The journal's lock is taken exclusively (``store.lock``): every other painlog waits (up to
   the busy timeout) from before the first read to after the last rename, so no write can land
   in a file that is being replaced.
2. An interrupted conversion left by a kill is finished or rolled back (``recover``).
3. The files are chosen: the real journal (a symlink is followed and kept) and its own backups
   (``backup.backups_of``, by name, never another journal's).
4. A plan (``<journal>.conversion``, 0600) listing them is written and fsynced: state
   ``writing``. Each file is written converted beside itself (``<file>.converting``, created
   0600 before its first byte), checked (integrity, every row of every table identical) and
   fsynced. A kill here leaves every original untouched; ``recover`` deletes the copies.
5. The plan is atomically replaced by one in state ``renaming`` and fsynced; then each copy is
   renamed over its original. A kill here is finished by ``recover``: every copy was checked
   before the plan said ``renaming``, so it only has to rename the copies still there.
6. The plan is removed. The old state or the new one, for the journal and its backups together.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import sqlite3
from pathlib import Path
from typing import Any

from painlog.errors import PainlogError
from painlog.messages import Msg, say
from painlog.store import db, lock
from painlog.store.backup import backups_of
from painlog.store.cipher import (
    PLAN_SUFFIX,
    SUFFIX,
    Key,
    Secret,
    looks_encrypted,
    sqlcipher,
    unlock,
)

KILL_HOOK_ENV = "_PAINLOG_KILL_AT"  # tests only: kill -9 this process at a named moment


def _moment(name: str) -> None:
    if os.environ.get(KILL_HOOK_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def content_digest(connection: Any) -> tuple[str, int]:
    """(a digest of every row of every table, the number of entries): equal digests mean the
    same content, whatever the encryption."""
    digest = hashlib.sha256()
    tables = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )]  # fmt: skip
    entries = 0
    for table in tables:
        digest.update(table.encode())
        for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
            digest.update(repr(row).encode())
            entries += table == "entries"
    digest.update(str(connection.execute("PRAGMA user_version").fetchone()[0]).encode())
    return digest.hexdigest(), entries


def plan_path(journal: Path) -> Path:
    real = journal.resolve()
    return real.with_name(real.name + PLAN_SUFFIX)


def _converting(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _write_plan(journal: Path, state: str, files: list[Path]) -> None:
    """Replace the plan atomically (write a private temporary, fsync, rename, fsync folder)."""
    plan = plan_path(journal)
    temporary = plan.with_name(plan.name + ".tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump({"state": state, "files": [str(file) for file in files]}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, plan)
    _fsync(plan.parent)


def read_plan(journal: Path) -> tuple[str, list[Path]] | None:
    """The interrupted conversion's state and files, or None when there is none."""
    plan = plan_path(journal)
    try:
        content = json.loads(plan.read_text(encoding="utf-8"))
        return str(content["state"]), [Path(file) for file in content["files"]]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return "writing", []  # unreadable: it never reached "renaming" (that write is atomic)


def recover(journal: Path) -> str | None:
    """Finish (``"finished"``) or roll back (``"rolled back"``) a conversion a kill
    interrupted; None when there was none. Needs no passphrase: it only renames or deletes."""
    found = read_plan(journal)
    if found is None:
        return None
    held = lock.acquire(journal, exclusive=True)
    try:
        return _recover_locked(journal)
    finally:
        if held is not None:
            held.release()


def _recover_locked(journal: Path) -> str | None:
    found = read_plan(journal)
    if found is None:
        return None  # another painlog recovered it while we waited
    state, files = found
    real = journal.resolve()
    if state == "renaming":
        for file in files:
            if _converting(file).exists():
                os.replace(_converting(file), file)
        _after_renames(real, files)
        outcome = "finished"
    else:
        for file in files:
            _converting(file).unlink(missing_ok=True)
        _converting(real).unlink(missing_ok=True)
        outcome = "rolled back"
    plan_path(real).unlink(missing_ok=True)
    plan_path(real).with_name(plan_path(real).name + ".tmp").unlink(missing_ok=True)
    _fsync(real.parent)
    return outcome


def _after_renames(real: Path, files: list[Path]) -> None:
    for folder in {file.parent for file in files}:
        _fsync(folder)
    wal = Path(str(real) + "-wal")
    # Checkpointed (empty) before the conversion under the exclusive lock: the old file's.
    if not wal.exists() or wal.stat().st_size == 0:
        wal.unlink(missing_ok=True)
        Path(str(real) + "-shm").unlink(missing_ok=True)


def refuse_read_only(path: Path) -> None:
    """A read-only journal (file or folder) is refused as ``add`` refuses it: nothing changes."""
    real = path.resolve()
    if not os.access(real, os.W_OK) or not os.access(real.parent, os.W_OK):
        raise PainlogError(say(Msg.JOURNAL_UNWRITABLE, path=path, reason="read-only"))


def _private_new_file(path: Path) -> None:
    """An empty file readable by its owner only from its first byte on (SQLite, and SQLCipher
    through ATTACH, fill an existing empty file; the rollback journal takes its mode)."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _write_converted(source: Path, source_secret: Secret | None, target_key: Key | None) -> None:
    """``source`` written converted to ``<source>.converting``, checked and fsynced."""
    module = sqlcipher()
    target = _converting(source)
    _private_new_file(target)
    if source_secret is None:
        plain = sqlite3.connect(source, timeout=db.busy_timeout())
        try:
            plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the file alone holds everything
        finally:
            plain.close()
        connection = module.connect(str(source), timeout=db.busy_timeout())
    else:
        connection = unlock(source, source_secret)[0]
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    try:
        before = content_digest(connection)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        key = "" if target_key is None else target_key.spec()
        connection.execute("ATTACH DATABASE ? AS converted KEY ?", (str(target), key))
        connection.execute("SELECT sqlcipher_export('converted')")
        connection.execute(f"PRAGMA converted.user_version = {int(version)}")
        connection.execute("DETACH DATABASE converted")
    finally:
        connection.close()
    _verify(target, target_key, before)
    _fsync(target)


def _verify(target: Path, key: Key | None, expected: tuple[str, int]) -> None:
    connection: Any = sqlite3.connect(target) if key is None else unlock(target, key)[0]
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        found = content_digest(connection)
    finally:
        connection.close()
    if verdict != "ok" or found != expected:
        target.unlink(missing_ok=True)
        raise PainlogError(say(Msg.CONVERSION_FAILED, path=target, reason=verdict))


def _own_backups(path: Path, source_encrypted: bool) -> list[Path]:
    """This journal's backups still in the source form: beside the path given and beside the
    real file (a symlinked journal's backups are beside the link), each once."""
    found: dict[Path, Path] = {}
    for journal in (path, path.resolve()):
        for backup in backups_of(journal):
            if backup.is_file() and not backup.is_symlink():
                found.setdefault(backup.resolve(), backup.resolve())
    wanted = []
    for backup in sorted(found):
        with backup.open("rb") as handle:
            plain = handle.read(len(db.SQLITE_HEADER)) == db.SQLITE_HEADER
        if looks_encrypted(backup) if source_encrypted else plain:
            wanted.append(backup)
    return wanted


def convert_journal(path: Path, source_secret: Secret | None, target_key: Key | None) -> list[Path]:
    """The journal and every backup painlog made of it, converted from ``source_secret`` (None:
    plain) to ``target_key`` (None: plain); returns the backups converted."""
    refuse_read_only(path)
    held = lock.acquire(path, exclusive=True)
    try:
        _recover_locked(path)
        real = path.resolve()
        files = [real, *_own_backups(path, source_secret is not None)]
        _write_plan(real, "writing", files)
        try:
            for number, file in enumerate(files):
                _write_converted(file, source_secret, target_key)
                _moment(f"written-{number}")
            _write_plan(real, "renaming", files)
        except BaseException:
            _recover_locked(real)  # still "writing": the copies go, the originals stay
            raise
        _moment("planned")
        for number, file in enumerate(files):
            os.replace(_converting(file), file)
            _moment(f"renamed-{number}")
        _after_renames(real, files)
        plan_path(real).unlink()
        with contextlib.suppress(OSError):
            _fsync(real.parent)
    finally:
        if held is not None:
            held.release()
    return files[1:]
