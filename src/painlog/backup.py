"""Copies of the journal made with SQLite's online backup API (consistent during writes)."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from painlog.db import Journal, create_private_file

KEEP_ENV = "PAINLOG_KEEP_BACKUPS"
DEFAULT_KEEP = 10


def backup_journal(journal: Journal, destination: Path) -> Path:
    """Write a consistent copy of ``journal`` to ``destination`` (created 0600)."""
    create_private_file(destination)
    target = sqlite3.connect(destination)
    try:
        journal.conn.backup(target)
    finally:
        target.close()
    return destination


def backups_folder(journal: Journal) -> Path:
    return journal.path.parent / "backups"


def rotate_backup(journal: Journal, reason: str) -> Path:
    """Back up before a risky step, keeping the newest ``PAINLOG_KEEP_BACKUPS`` (default 10)."""
    keep = max(1, int(os.environ.get(KEEP_ENV, DEFAULT_KEEP)))
    folder = backups_folder(journal)
    moment = datetime.now().strftime("%Y%m%dT%H%M%S%f")
    made = backup_journal(journal, folder / f"{journal.path.stem}-{moment}-{reason}.db")
    ours = sorted(folder.glob(f"{journal.path.stem}-*.db"))
    for old in ours[:-keep]:
        old.unlink(missing_ok=True)
    return made
