"""Backups and restores, with SQLite's online backup API (consistent while others write).

Automatic backups (before a schema migration, an import or a restore) go to a ``backups``
folder beside the journal and only the newest ``PAINLOG_KEEP_BACKUPS`` (default 10) are kept;
backups made with ``painlog backup`` are never pruned.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from painlog.db import SQLITE_HEADER, Journal, connect_file, create_private_file
from painlog.errors import PainlogError
from painlog.messages import Msg, say

KEEP_ENV = "PAINLOG_KEEP_BACKUPS"
DEFAULT_KEEP = 10


def backups_folder(journal_path: Path) -> Path:
    return journal_path.parent / "backups"


def _moment() -> str:
    return datetime.now().strftime("%Y%m%dT%H%M%S%f")  # a unique file name, not a journal time


def backup_journal(journal: Journal, destination: Path) -> Path:
    """Write a consistent copy of ``journal`` to ``destination`` (created 0600)."""
    if destination.exists():
        destination.unlink()  # the backup API writes pages; start from an empty file
    create_private_file(destination)
    # An encrypted journal's backups are encrypted with the same passphrase.
    target = connect_file(destination, journal.passphrase)
    try:
        journal.conn.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
    finally:
        target.close()
    os.chmod(destination, 0o600)
    return destination


def manual_backup_path(journal: Journal) -> Path:
    return backups_folder(journal.path) / f"{journal.path.stem}-{_moment()}-manual.db"


def keep_count() -> int:
    """``PAINLOG_KEEP_BACKUPS``, else the journal's ``backups-kept`` setting, else 10."""
    from painlog import config

    try:
        return max(1, int(os.environ.get(KEEP_ENV) or config.get("backups-kept")))
    except ValueError:
        return DEFAULT_KEEP


def rotate_backup(journal: Journal, reason: str) -> Path:
    """Back up before a risky step, keeping the newest ``keep_count()`` automatic backups."""
    folder = backups_folder(journal.path)
    made = backup_journal(journal, folder / f"{journal.path.stem}-auto-{_moment()}-{reason}.db")
    automatic = sorted(folder.glob(f"{journal.path.stem}-auto-*.db"))
    for old in automatic[: -keep_count()]:
        old.unlink(missing_ok=True)
    return made


@dataclass(frozen=True)
class BackupCheck:
    entries: int
    schema: int
    passphrase: str | None = None  # the one that opened it, if it is encrypted
    first_day: str | None = None
    last_day: str | None = None

    def describe(self) -> str:
        return _content_words(self.entries, self.first_day, self.last_day)


def _content_words(entries: int, first: str | None, last: str | None) -> str:
    from painlog.messages import count

    span = f", {first} to {last}" if first else ""
    return f"{count(entries, 'entry')}{span}"


def describe_content(journal: Journal) -> str:
    """``168 entries, 2026-10-01 to 2026-11-25``: what a restore would replace."""
    entries, first, last = journal.execute(
        "SELECT count(*), min(day), max(day) FROM entries"
    ).fetchone()
    return _content_words(entries, first, last)


def check_backup(path: Path) -> BackupCheck:
    """Refuse a file that is not a sound painlog journal this version can read."""
    from painlog.migrations import SCHEMA_VERSION

    if not path.is_file():
        raise PainlogError(say(Msg.FILE_NOT_FOUND, path=path))
    from painlog import db
    from painlog.crypto import looks_encrypted

    passphrase = None
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            if not looks_encrypted(path):
                raise PainlogError(say(Msg.RESTORE_NOT_A_JOURNAL, path=path, reason="not SQLite"))
            from painlog.crypto import passphrase_for

            passphrase = passphrase_for(path)
    try:
        source = (
            sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            if passphrase is None
            else connect_file(path, passphrase)
        )
        try:
            verdict = source.execute("PRAGMA integrity_check").fetchone()[0]
            schema = source.execute("PRAGMA user_version").fetchone()[0]
            entries, first_day, last_day = source.execute(
                "SELECT count(*), min(substr(at, 1, 10)), max(substr(at, 1, 10)) FROM entries"
            ).fetchone()
        finally:
            source.close()
    except db.DATABASE_ERRORS as error:
        raise PainlogError(say(Msg.RESTORE_NOT_A_JOURNAL, path=path, reason=error)) from None
    if verdict != "ok":
        raise PainlogError(say(Msg.RESTORE_NOT_A_JOURNAL, path=path, reason=verdict))
    if schema > SCHEMA_VERSION:
        raise PainlogError(say(Msg.JOURNAL_TOO_NEW, path=path, found=schema, known=SCHEMA_VERSION))
    return BackupCheck(entries, schema, passphrase, first_day, last_day)


def restore_journal(journal: Journal, source_path: Path, passphrase: str | None = None) -> Path:
    """Replace the journal's content with ``source_path``'s, after backing up the current one.

    Call ``check_backup(source_path)`` first (before even opening the journal): a file that
    fails it must never replace a journal. Returns where the journal as it was is kept.
    """
    from painlog.migrations import migrate

    if (passphrase is None) != (journal.passphrase is None):
        raise PainlogError(say(Msg.RESTORE_MIXED, path=source_path))
    kept = rotate_backup(journal, reason="before-restore")
    source = (
        sqlite3.connect(f"{source_path.resolve().as_uri()}?mode=ro", uri=True)
        if passphrase is None
        else connect_file(source_path, passphrase)
    )
    try:
        source.backup(journal.conn)  # takes the journal's locks, so it waits for writers
    finally:
        source.close()
    journal.execute("PRAGMA journal_mode=WAL")
    migrate(journal)  # a backup from an older painlog is upgraded like any journal
    return kept
