"""``painlog restore``: check a backup, then put it in the journal's place."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from painlog.errors import PainlogError
from painlog.messages import Msg, count, say
from painlog.store import db
from painlog.store.backup import rotate_backup
from painlog.store.cipher import connect_file, looks_encrypted, passphrase_for
from painlog.store.db import SQLITE_HEADER, Journal
from painlog.store.migrations import SCHEMA_VERSION, migrate


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
    if not path.is_file():
        raise PainlogError(say(Msg.FILE_NOT_FOUND, path=path))
    passphrase = None
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            if not looks_encrypted(path):
                raise PainlogError(say(Msg.RESTORE_NOT_A_JOURNAL, path=path, reason="not SQLite"))
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
