"""Opening a journal: refuse what is not one, unlock an encrypted one, upgrade an old one.

Above ``db`` (connections), ``cipher`` (encrypted files) and ``migrations`` (upgrades), so none
of them needs the others to open a file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from painlog.errors import PainlogError
from painlog.messages import Msg, say
from painlog.store import lock
from painlog.store.cipher import PLAN_SUFFIX, looks_encrypted, passphrase_for, sqlcipher, unlock
from painlog.store.db import (
    DATABASE_ERRORS,
    SQLITE_HEADER,
    Journal,
    busy_timeout,
    create_private_file,
    resolve_path,
    translate,
)
from painlog.store.migrations import SCHEMA_VERSION, migrate, schema_version


def _refuse_what_is_not_a_journal(path: Path) -> bool:
    """True for an encrypted journal; refuses what is neither a journal nor an encrypted one."""
    if path.is_dir():
        raise PainlogError(say(Msg.DB_IS_DIRECTORY, path=path))
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    # An empty file is a journal another painlog has just created and not yet written.
    if header and header != SQLITE_HEADER:
        if looks_encrypted(path):
            return True
        raise PainlogError(say(Msg.NOT_A_JOURNAL, path=path))
    return False


def open_journal(path: Path | str | None = None, *, create: bool = False) -> Journal:
    """Open (and if needed upgrade) the journal; create it only when ``create`` is true.

    Read commands pass ``create=False`` so they never leave an empty journal behind.
    """
    path = resolve_path(path)
    if not path.exists():
        if not create:
            raise PainlogError(say(Msg.NO_JOURNAL, path=path))
        try:
            create_private_file(path)
        except OSError as error:
            raise PainlogError(
                say(Msg.JOURNAL_UNWRITABLE, path=path, reason=error.strerror)
            ) from None
    if interrupted_conversion(path):  # finished or rolled back before anything is read
        from painlog.store.conversion import recover

        recover(path)
    held = lock.acquire(path)  # shared: encrypt/decrypt wait for us, and we for them
    try:
        journal = _open_locked(path, create)
    except BaseException:
        if held is not None:
            held.release()
        raise
    journal.lock = held
    return journal


def interrupted_conversion(path: Path) -> bool:
    """An ``encrypt``/``decrypt`` was killed half-way (its plan file is still there)."""
    real = path.resolve()
    return real.with_name(real.name + PLAN_SUFFIX).exists()


def _open_locked(path: Path, create: bool) -> Journal:
    try:
        encrypted = _refuse_what_is_not_a_journal(path)
    except OSError as error:
        raise PainlogError(
            say(Msg.JOURNAL_UNREADABLE, path=path, reason=error.strerror or error)
        ) from None
    key = None
    if encrypted:
        sqlcipher()  # a clear refusal when the extra is not installed
        connection, key = unlock(path, passphrase_for(path))
    else:
        connection = sqlite3.connect(path, timeout=busy_timeout())
    try:
        journal = Journal(connection, execute_plugins=False, recursive_triggers=False)
        journal.path = path
        journal.passphrase = key  # its backups are written with the same key, at no cost
        migrate(journal)
    except BaseException as error:
        connection.close()  # a refused journal is left exactly as it was found
        if not isinstance(error, DATABASE_ERRORS):
            raise
        failure = translate(error, path)
        if create or encrypted or not failure.message.startswith("Cannot write"):
            raise failure from None
        return _open_read_only(path, failure)
    return journal


def _open_read_only(path: Path, failure: PainlogError) -> Journal:
    """A journal in a read-only folder can still be read (list, summary, report, export).

    SQLite's WAL mode needs a writable folder even to read, unless told the file cannot
    change (``immutable``), which is true while nobody can write to it.
    """
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    journal = Journal(connection, execute_plugins=False, recursive_triggers=False)
    journal.path = path
    try:
        current = schema_version(journal) == SCHEMA_VERSION
    except sqlite3.Error:
        current = False
    if not current:  # an old journal needs an upgrade, which needs writing
        connection.close()
        raise failure
    return journal
