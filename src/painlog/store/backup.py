"""Backups and restores, with SQLite's online backup API (consistent while others write).

Automatic backups (before a schema migration, an import or a restore) go to a ``backups``
folder beside the journal and only the newest ``PAINLOG_KEEP_BACKUPS`` (default 10) are kept;
backups made with ``painlog backup`` are never pruned.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from painlog.store import settings
from painlog.store.cipher import connect_file
from painlog.store.db import Journal, create_private_file

KEEP_ENV = "PAINLOG_KEEP_BACKUPS"
DEFAULT_KEEP = 10


def backups_folder(journal_path: Path) -> Path:
    return journal_path.parent / "backups"


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

    try:
        return max(1, int(os.environ.get(KEEP_ENV) or settings.get("backups-kept")))
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
