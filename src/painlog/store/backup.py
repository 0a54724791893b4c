"""Backups and restores, with SQLite's online backup API (consistent while others write).

Automatic backups (before a schema migration, an import or a restore) go to a ``backups``
folder beside the journal and only the newest ``PAINLOG_KEEP_BACKUPS`` (default 10) are kept;
backups made with ``painlog backup`` are never pruned.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from datetime import datetime
from pathlib import Path

from painlog.errors import PainlogError
from painlog.messages import Msg, say
from painlog.store import db, settings
from painlog.store.cipher import connect_file
from painlog.store.db import Journal, create_private_file

KEEP_ENV = "PAINLOG_KEEP_BACKUPS"
DEFAULT_KEEP = 10


def backups_folder(journal_path: Path) -> Path:
    return journal_path.parent / "backups"


def backups_folder_problem(folder: Path) -> str | None:
    """Why painlog must not write into ``folder``, or None: it must be a real folder (not a
    symbolic link, which could lead anywhere) owned by the person running painlog."""
    try:
        info = folder.lstat()
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return say(Msg.BACKUPS_FOLDER_SYMLINK, path=folder)
    if not stat.S_ISDIR(info.st_mode):
        return say(Msg.BACKUPS_FOLDER_NOT_A_FOLDER, path=folder)
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        return say(Msg.BACKUPS_FOLDER_NOT_OWNED, path=folder)
    return None


def checked_backups_folder(journal_path: Path) -> Path:
    """The backups folder, refused in one line when it is a link or someone else's."""
    folder = backups_folder(journal_path)
    problem = backups_folder_problem(folder)
    if problem:
        raise PainlogError(problem)
    return folder


def backups_of(journal_path: Path) -> list[Path]:
    """The backups painlog made of this journal, by their names (``<stem>-<moment>-manual.db``,
    ``<stem>-auto-<moment>-<reason>.db``): never another journal's in the same folder, such as
    ``painlog-2025.db``'s ``painlog-2025-<moment>-manual.db`` beside ``painlog.db``'s."""
    folder = backups_folder(journal_path)
    if not folder.is_dir():
        return []
    own = re.compile(re.escape(journal_path.stem) + r"-(?:auto-)?\d{8}T\d{12}-[\w.-]+\.db")
    return sorted(found for found in folder.iterdir() if own.fullmatch(found.name))


def _moment() -> str:
    return datetime.now().strftime("%Y%m%dT%H%M%S%f")  # a unique file name, not a journal time


def backup_journal(journal: Journal, destination: Path) -> Path:
    """Write a consistent copy of ``journal`` to ``destination`` (created 0600).

    A backup that fails leaves no file behind, and says which backup file failed.
    """
    try:
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
    except (OSError, *db.DATABASE_ERRORS) as error:  # type: ignore[misc]  # mypy misreads a starred tuple
        for leftover in (destination, Path(f"{destination}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        reason = getattr(error, "strerror", None) or error
        raise PainlogError(say(Msg.BACKUP_FAILED, path=destination, reason=reason)) from None
    return destination


def manual_backup_path(journal: Journal) -> Path:
    return checked_backups_folder(journal.path) / f"{journal.path.stem}-{_moment()}-manual.db"


def keep_count() -> int:
    """``PAINLOG_KEEP_BACKUPS``, else the journal's ``backups-kept`` setting, else 10."""

    try:
        return max(1, int(os.environ.get(KEEP_ENV) or settings.get("backups-kept")))
    except ValueError:
        return DEFAULT_KEEP


def rotate_backup(journal: Journal, reason: str) -> Path:
    """Back up before a risky step, keeping the newest ``keep_count()`` automatic backups."""
    folder = checked_backups_folder(journal.path)
    made = backup_journal(journal, folder / f"{journal.path.stem}-auto-{_moment()}-{reason}.db")
    automatic = sorted(folder.glob(f"{journal.path.stem}-auto-*.db"))
    for old in automatic[: -keep_count()]:
        old.unlink(missing_ok=True)
    return made
