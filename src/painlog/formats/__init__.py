"""Interchange formats: moving entries between the journal and files.

``import_file`` is all-or-nothing and idempotent by id whatever the format: every record is
validated before anything is written, entries whose id is already in the journal are skipped,
and the rest go in one transaction after a backup.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from painlog.db import Journal
from painlog.entries import Entry, add_entries, existing_ids, list_entries
from painlog.errors import InvalidInput
from painlog.messages import Msg, say
from painlog.timeparse import local_now

EXPORT_FORMATS = ("csv",)


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int


def read_entries(path: Path) -> list[Entry]:
    from painlog.formats.csv import parse_csv

    return parse_csv(path, local_now())


def import_entries(journal: Journal, entries: list[Entry]) -> ImportResult:
    """Add the entries whose id is new, in one transaction, after a backup of a non-empty journal."""
    already = existing_ids(journal, (entry.id for entry in entries))
    new = [entry for entry in entries if entry.id not in already]
    if new:
        if journal["entries"].count:
            from painlog.backup import rotate_backup

            rotate_backup(journal, reason="before-import")
        add_entries(journal, new)
    return ImportResult(added=len(new), skipped=len(entries) - len(new))


def writer_for(format_name: str) -> Callable[[list[Entry], TextIO], int]:
    if format_name == "csv":
        from painlog.formats.csv import write_csv

        return write_csv
    raise InvalidInput(say(Msg.EXPORT_FORMAT, given=format_name))


def export_entries(
    journal: Journal,
    format_name: str,
    out: TextIO,
    since: date | None = None,
    until: date | None = None,
) -> int:
    write = writer_for(format_name)
    return write(list_entries(journal, since=since, until=until), out)


def write_private_file(path: Path, fill: Callable[[TextIO], int]) -> int:
    """Write ``path`` owner-only and atomically: a failed export never leaves half a file."""
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            count = fill(handle)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def write_private_bytes(path: Path, content: bytes) -> None:
    """``write_private_file`` for bytes (PDF)."""

    def fill(handle: TextIO) -> int:
        handle.flush()
        handle.buffer.write(content)  # type: ignore[attr-defined]
        return len(content)

    write_private_file(path, fill)
