"""Opening the journal: where it lives, owner-only files, WAL, busy timeout, transactions.

A journal is one SQLite file. Writes go through ``transaction()`` (``BEGIN IMMEDIATE``), so two
terminals writing at once queue on the busy timeout instead of failing half-way.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from painlog import clock
from painlog.errors import PainlogError
from painlog.messages import Msg, say
from painlog.store.files import private_folder


def _import_sqlite_utils_without_numpy() -> ModuleType:
    """sqlite-utils imports numpy and pandas whenever they are installed (matplotlib brings
    numpy, for reports): ~50 ms on every command. painlog never hands it numpy or pandas
    values, so hide both while it imports; they import normally later if a report needs them.
    """
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail
    try:
        import sqlite_utils
    finally:
        for name in hidden:
            del sys.modules[name]
    return sqlite_utils


if TYPE_CHECKING:
    from types import ModuleType

    import sqlite_utils

    from painlog.store.cipher import Secret
    from painlog.store.lock import (
        JournalLock,
    )  # what the checker reads; at run time, imported as above
else:
    sqlite_utils = _import_sqlite_utils_without_numpy()

DB_ENV = "PAINLOG_DB"
BUSY_ENV = "PAINLOG_BUSY_TIMEOUT"
DEFAULT_BUSY_TIMEOUT_SECONDS = 15.0
SQLITE_HEADER = b"SQLite format 3\x00"
# painlog's file-type mark (``PRAGMA application_id``): the bytes "pain". See store/schema.py.
APPLICATION_ID = 0x7061696E
# The plan file of an encrypt/decrypt under way (store.conversion), looked for on every open.
PLAN_SUFFIX = ".conversion"
KEEP_STEPS = 200  # undo steps kept; older ones are forgotten


# The drivers' error classes; the SQLCipher binding adds its own when an encrypted journal
# is opened (painlog.store.cipher), so every handler below catches both.
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)


class Journal(sqlite_utils.Database):
    """An open journal: a sqlite-utils Database that remembers its file (and, when the file
    is encrypted, the key it was opened with, for its backups) and holds the journal's lock."""

    path: Path
    passphrase: Secret | None = None  # the passphrase or derived key, if it is encrypted
    lock: JournalLock | None = None  # held while it is open
    # Called with (journal, step) as each undo step closes and before undo forgets one, inside
    # its transaction: the change feed of sync (painlog.store.changes) is fed from it.
    on_step: Callable[[Journal, int], None] | None = None

    if TYPE_CHECKING:
        # A journal has no SQL views, so ``journal[name]`` is always a table.
        def __getitem__(self, table_name: str) -> sqlite_utils.db.Table: ...

    def close(self) -> None:
        super().close()
        release = getattr(self.lock, "release", None)
        if release is not None:  # let encrypt/decrypt (waiting for an exclusive lock) in
            release()


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("painlog") / "painlog.db"


def resolve_path(option: str | Path | None = None) -> Path:
    """``--db`` wins over ``PAINLOG_DB``, which wins over the platformdirs default."""
    chosen = option or os.environ.get(DB_ENV) or default_path()
    return Path(chosen).expanduser()


def busy_timeout() -> float:
    """Seconds to wait for another painlog's write to finish (``PAINLOG_BUSY_TIMEOUT``)."""
    try:
        return max(0.0, float(os.environ.get(BUSY_ENV, DEFAULT_BUSY_TIMEOUT_SECONDS)))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT_SECONDS


def create_private_file(path: Path) -> None:
    """Create ``path`` (and its folder) readable by its owner only, if it does not exist."""

    private_folder(path.parent)  # every folder made on the way is 0700 too
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(descriptor)


def rows_by_id_prefix(journal: Journal, table: str, prefix: str) -> list[dict]:
    """The rows whose id starts with ``prefix`` (at most 4, by an index range scan, as git
    finds commits), or only the row whose id is exactly ``prefix``. One row means found."""
    # Ids are stored as lowercase UUIDs and matched exactly as typed: ``ABCDEF01`` is not a
    # prefix of ``abcdef01…`` (SPEC.md: prefixes as git matches them).
    wanted = prefix.strip()
    if not wanted:
        return []
    rows = list(
        journal.query(
            f"SELECT * FROM {table} WHERE id >= :low AND id < :high ORDER BY id LIMIT 4",
            {"low": wanted, "high": wanted + "\U0010ffff"},
        )
    )
    return [row for row in rows if row["id"] == wanted] or rows


def named_list(values: Iterable[str], prefix: str = "k") -> tuple[str, dict[str, str]]:
    """``:k0, :k1`` and their values, for ``… IN (:k0, :k1)`` with named parameters."""
    params = {f"{prefix}{index}": value for index, value in enumerate(sorted(values))}
    return ", ".join(f":{name}" for name in params), params


def traceless_connection(path: Path, timeout: float = 1.0) -> sqlite3.Connection:
    """A read-only connection that leaves no trace on disk (settings, shell completion).

    With no WAL content, everything is in the main file, which is then read as immutable: no
    -wal/-shm files are created and no lock is taken. Otherwise an ordinary read-only one.
    """
    if not path.is_file():  # a FIFO would block, a device could act on being opened
        raise sqlite3.OperationalError(f"unable to open database file: {path} is not a file")
    wal = Path(str(path) + "-wal")
    mode = "mode=ro" if wal.exists() and wal.stat().st_size else "mode=ro&immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True, timeout=timeout)


def translate(error: Exception, path: Path) -> PainlogError:
    """One clear line for the SQLite failures a person can meet and act on."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return PainlogError(say(Msg.JOURNAL_BUSY, path=path, seconds=f"{busy_timeout():g}"))
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return PainlogError(say(Msg.NOT_A_JOURNAL, path=path))
    if any(word in text for word in ("readonly", "read-only", "full", "unable to open", "i/o")):
        return PainlogError(say(Msg.JOURNAL_UNWRITABLE, path=path, reason=error))
    return PainlogError(say(Msg.UNEXPECTED, error=error))


@contextmanager
def transaction(journal: Journal, undo: str | None = None) -> Iterator[Journal]:
    """All of the block's writes, or none of them.

    ``BEGIN IMMEDIATE`` takes the write lock up front (waiting up to the busy timeout), so a
    transaction never fails half-way because another process wrote in the meantime. With
    ``undo``, the block is one step ``painlog undo`` can reverse, described by that text.
    """
    connection = journal.conn
    try:
        connection.execute("BEGIN IMMEDIATE")
    except DATABASE_ERRORS as error:
        raise translate(error, journal.path) from None
    try:
        if undo is not None:
            _begin_undo_step(journal, undo)
        yield journal
        if undo is not None:
            _end_undo_step(journal)
        connection.execute("COMMIT")
    except BaseException as failure:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        if isinstance(failure, DATABASE_ERRORS):
            raise translate(failure, journal.path) from None
        raise


def _begin_undo_step(journal: Journal, description: str) -> None:
    """Open a step of ``painlog undo`` inside the transaction; the triggers record while it is open."""
    cursor = journal.execute(
        "INSERT INTO _undo_steps (at, description) VALUES (?, ?)",
        (clock.now().isoformat(), description),
    )
    journal.execute("UPDATE _undo_state SET recording = 1, step = ?", (cursor.lastrowid,))


def _end_undo_step(journal: Journal) -> None:
    """Close the step, and forget the oldest beyond ``KEEP_STEPS``."""
    if journal.on_step is not None:
        (step,) = journal.execute("SELECT step FROM _undo_state").fetchone()
        journal.on_step(journal, step)
    journal.execute("UPDATE _undo_state SET recording = 0, step = NULL")
    oldest_kept = journal.execute(
        "SELECT id FROM _undo_steps ORDER BY id DESC LIMIT 1 OFFSET ?", (KEEP_STEPS - 1,)
    ).fetchone()
    if oldest_kept:
        journal.execute("DELETE FROM _undo_ops WHERE step < ?", (oldest_kept[0],))
        journal.execute("DELETE FROM _undo_steps WHERE id < ?", (oldest_kept[0],))
