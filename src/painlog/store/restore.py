"""``painlog restore``: check a backup, then put it in the journal's place."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from painlog.errors import PainlogError
from painlog.messages import Msg, count, say
from painlog.store import db
from painlog.store.backup import rotate_backup
from painlog.store.cipher import Secret, connect_file, looks_encrypted, passphrase_for
from painlog.store.db import SQLITE_HEADER, Journal
from painlog.store.migrations import SCHEMA_VERSION, MigrationFailed, migrate
from painlog.store.schema import (
    APPLICATION_ID,
    NotPainlogFile,
    known_schema,
    numbers,
    refuse_unless_painlog,
    schema_digest,
)


@dataclass(frozen=True)
class BackupCheck:
    entries: int
    schema: int
    passphrase: Secret | None = None  # the one that opened it, if it is encrypted
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
            if verdict != "ok":
                raise PainlogError(say(Msg.RESTORE_NOT_A_JOURNAL, path=path, reason=verdict))
            # Only painlog's own schema (its mark, and exactly its tables, columns, indexes,
            # triggers and views at that version): a crafted backup never replaces a journal.
            try:
                schema, _ = refuse_unless_painlog(source, path, SCHEMA_VERSION)
            except NotPainlogFile as refusal:
                raise PainlogError(
                    say(Msg.RESTORE_NOT_A_JOURNAL, path=path, reason=refusal.reason)
                ) from None
            entries, first_day, last_day = source.execute(
                "SELECT count(*), min(substr(at, 1, 10)), max(substr(at, 1, 10)) FROM entries"
            ).fetchone()
        finally:
            source.close()
    except db.DATABASE_ERRORS as error:
        raise PainlogError(say(Msg.RESTORE_NOT_A_JOURNAL, path=path, reason=error)) from None
    return BackupCheck(entries, schema, passphrase, first_day, last_day)


def restore_journal(journal: Journal, source_path: Path, passphrase: Secret | None = None) -> Path:
    """Replace the journal's content with ``source_path``'s, after backing up the current one.

    Call ``check_backup(source_path)`` first (before even opening the journal): a file that
    fails it must never replace a journal. Returns where the journal as it was is kept.

    The backup is copied to a private file in the journal's folder and that copy is upgraded
    and checked (integrity, painlog's mark, the schema digest of this version); only then is
    it copied into the journal, in one SQLite transaction. On any failure the journal is as it
    was and the message names the before-restore backup.
    """
    if (passphrase is None) != (journal.passphrase is None):
        raise PainlogError(say(Msg.RESTORE_MIXED, path=source_path))
    kept = rotate_backup(journal, reason="before-restore")
    descriptor, name = tempfile.mkstemp(
        prefix=f".{journal.path.name}.restoring-", suffix=".db", dir=journal.path.parent
    )  # 0600, in the journal's folder (same filesystem, same privacy)
    os.close(descriptor)
    copy_path = Path(name)
    try:
        _upgraded_copy(source_path, copy_path, passphrase, kept)
        checked = connect_file(copy_path, passphrase)
        try:
            checked.backup(journal.conn)  # one transaction; waits for writers
        finally:
            checked.close()
    except db.DATABASE_ERRORS as error:
        raise PainlogError(
            say(Msg.RESTORE_COPY_FAILED, source=source_path, reason=error, kept=kept)
        ) from None
    finally:
        for leftover in (copy_path, *(Path(f"{copy_path}{end}") for end in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
    journal.execute("PRAGMA journal_mode=WAL")
    return kept


def _upgraded_copy(
    source_path: Path, copy_path: Path, passphrase: Secret | None, kept: Path
) -> None:
    """``source_path`` copied to ``copy_path``, brought to this schema and checked."""
    source = (
        sqlite3.connect(f"{source_path.resolve().as_uri()}?mode=ro", uri=True)
        if passphrase is None
        else connect_file(source_path, passphrase)
    )
    target = connect_file(copy_path, passphrase)
    try:
        source.backup(target)
    finally:
        source.close()
    copy = Journal(target, execute_plugins=False, recursive_triggers=False)
    copy.path = copy_path
    copy.passphrase = passphrase
    try:
        try:
            migrate(copy, kept=kept)  # a backup from an older painlog is upgraded like any journal
        except MigrationFailed as failure:
            raise PainlogError(
                say(Msg.RESTORE_COPY_FAILED, source=source_path, reason=failure.reason, kept=kept)
            ) from None
        _forget_undo_log(target)
        verdict = target.execute("PRAGMA integrity_check").fetchone()[0]
        version, mark = numbers(target)
        if verdict != "ok" or not known_schema(version, schema_digest(target)):
            reason = verdict if verdict != "ok" else f"schema {version} is not painlog's"
            raise PainlogError(
                say(Msg.RESTORE_COPY_FAILED, source=source_path, reason=reason, kept=kept)
            )
        if mark != APPLICATION_ID:
            target.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    finally:
        target.close()


def _forget_undo_log(connection: sqlite3.Connection) -> None:
    """Empty the backup's own undo log: its steps undo changes of the backup's past, and
    replayed onto the restored journal they would delete or rewrite what was just restored."""
    connection.execute("UPDATE _undo_state SET recording = 0, step = NULL")
    connection.execute("DELETE FROM _undo_ops")
    connection.execute("DELETE FROM _undo_steps")
    connection.commit()
