"""Opening a journal: refuse what is not one, unlock an encrypted one, upgrade an old one.

Above ``db`` (connections), ``cipher`` (encrypted files) and ``migrations`` (upgrades), so none
of them needs the others to open a file.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from painlog.errors import PainlogError
from painlog.messages import Msg, say
from painlog.store import lock, schema
from painlog.store.changes import attach
from painlog.store.db import (
    DATABASE_ERRORS,
    PLAN_SUFFIX,
    SQLITE_HEADER,
    Journal,
    busy_timeout,
    create_private_file,
    resolve_path,
    traceless_connection,
    transaction,
    translate,
)
from painlog.store.files import protect_journal
from painlog.store.schema import SCHEMA_VERSION

# ``cipher`` and ``migrations`` are imported only for an encrypted or an older journal: opening
# a current plain one (every ``painlog add``) pays for neither (issue 14's start-up target).


def _first_bytes(path: Path) -> bytes:
    """The file's first 100 bytes, refusing anything that is not a regular file unopened: a
    FIFO would block, a device could act on being opened."""
    info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        raise PainlogError(say(Msg.DB_IS_DIRECTORY, path=path))
    if not stat.S_ISREG(info.st_mode):
        raise PainlogError(say(Msg.DB_NOT_A_REGULAR_FILE, path=path))
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # swapped since the stat
            raise PainlogError(say(Msg.DB_NOT_A_REGULAR_FILE, path=path))
        return os.read(descriptor, 100)
    finally:
        os.close(descriptor)


def _refuse_what_is_not_a_journal(path: Path) -> bool:
    """True for an encrypted journal; refuses what is neither a journal nor an encrypted one.

    A plain file is judged before SQLite opens it for writing: another program's mark is
    refused from the header alone, and an unmarked file is looked at through a read-only,
    immutable connection (no lock, no -wal/-shm, no WAL switch), so a file that is not
    painlog's is left byte-identical.
    """
    header = _first_bytes(path)
    # An empty file is a journal another painlog has just created and not yet written.
    if not header:
        return False
    if not header.startswith(SQLITE_HEADER):
        from painlog.store.cipher import looks_encrypted

        if looks_encrypted(path):
            return True
        raise PainlogError(say(Msg.NOT_A_JOURNAL, path=path))
    found = schema.header_numbers(header)
    if found is None:
        raise PainlogError(say(Msg.NOT_A_JOURNAL, path=path))
    mark = found[1]
    if mark not in (0, schema.APPLICATION_ID):
        raise schema.NotPainlogFile(path, schema.foreign_mark(mark))
    if mark == 0:  # a journal from before the mark, or another program's file: look first
        try:
            _look(path, traceless_connection(path, timeout=busy_timeout()))
        except PainlogError:
            # An immutable look may meet another painlog upgrading this very journal (a
            # checkpoint moving pages under it): look again through SQLite's locks, read-only,
            # when a WAL shows the file is in use, before refusing.
            if not Path(f"{path}-wal").exists():
                raise
            _look(path, sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                        timeout=busy_timeout()))  # fmt: skip
    return False


def _look(path: Path, connection: sqlite3.Connection) -> None:
    try:
        schema.refuse_unless_painlog(connection, path, SCHEMA_VERSION)
    except DATABASE_ERRORS as error:
        raise translate(error, path) from None
    finally:
        connection.close()


def open_journal(path: Path | str | None = None, *, create: bool = False) -> Journal:
    """Open (and if needed upgrade) the journal; create it only when ``create`` is true.

    Read commands pass ``create=False`` so they never leave an empty journal behind. Every
    open checks the file is painlog's (its mark and its schema, painlog.store.schema) before
    anything is written to it.
    """
    path = resolve_path(path)
    protect_journal(path)  # -o never writes over an open journal
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
    # A file that is not painlog's is refused before even its lock file is made (it must be
    # left as it was found); checked again under the lock, in case a conversion swapped it.
    try:
        _refuse_what_is_not_a_journal(path)
    except OSError as error:
        raise PainlogError(
            say(Msg.JOURNAL_UNREADABLE, path=path, reason=error.strerror or error)
        ) from None
    lock_existed = lock.lock_path(path).exists()
    held = lock.acquire(path)  # shared: encrypt/decrypt wait for us, and we for them
    try:
        journal = _open_locked(path, create)
    except BaseException as error:
        if held is not None:
            held.release()
        if isinstance(error, schema.NotPainlogFile) and not lock_existed:
            lock.lock_path(path).unlink(missing_ok=True)  # leave a refused file as found
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
        from painlog.store.cipher import passphrase_for, sqlcipher, unlock

        sqlcipher()  # a clear refusal when the extra is not installed
        connection, key = unlock(path, passphrase_for(path))
    else:
        connection = sqlite3.connect(path, timeout=busy_timeout())
    try:
        journal = Journal(connection, execute_plugins=False, recursive_triggers=False)
        journal.path = path
        journal.passphrase = key  # its backups are written with the same key, at no cost
        version, mark = schema.refuse_unless_painlog(connection, path, SCHEMA_VERSION)
        if version != SCHEMA_VERSION:
            from painlog.store.migrations import migrate

            migrate(journal)
        if version == SCHEMA_VERSION and mark == 0:
            _mark(journal)  # a journal that lost its mark (or never had one) gets it back
        elif version < SCHEMA_VERSION:
            # Fold the upgrade (and the mark) into the file itself, so the next open reads
            # the mark from the header.
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        attach(journal)
    except BaseException as error:
        connection.close()  # a refused journal is left exactly as it was found
        if not isinstance(error, DATABASE_ERRORS):
            raise
        failure = translate(error, path)
        if create or encrypted or not failure.message.startswith("Cannot write"):
            raise failure from None
        return _open_read_only(path, failure)
    return journal


def _mark(journal: Journal) -> None:
    with transaction(journal):
        journal.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")


def _open_read_only(path: Path, failure: PainlogError) -> Journal:
    """A journal in a read-only folder can still be read (list, summary, report, export).

    SQLite's WAL mode needs a writable folder even to read, unless told the file cannot
    change (``immutable``), which is true while nobody can write to it.
    """
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    journal = Journal(connection, execute_plugins=False, recursive_triggers=False)
    journal.path = path
    try:
        version, _ = schema.refuse_unless_painlog(connection, path, SCHEMA_VERSION)
        current = version == SCHEMA_VERSION
    except PainlogError:
        connection.close()
        raise
    except sqlite3.Error:
        current = False
    if not current:  # an old journal needs an upgrade, which needs writing
        connection.close()
        raise failure
    return journal
