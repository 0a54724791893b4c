"""Import orchestration: how what a file holds becomes entries, through the gate.

The command line reads the file (with its progress bar) and prints; here the records are
turned into entries (a device's), duplicates folded (an app's, asked for), the merge planned,
the name notes found with names kept as written (``record.KEEP_AS_WRITTEN``), the change made
as one undoable step with its label, and the notes on the person's own limits found once it
has committed. Each import (a painlog file, an app, a device) comes through here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from painlog import record
from painlog.errors import InvalidInput
from painlog.formats import import_csv, import_json, import_records, looks_like_json, sources
from painlog.formats.jsonfile import streamable
from painlog.formats.sources import Merge
from painlog.journal.entries import Entry
from painlog.messages import Msg, count, say
from painlog.store.db import Journal

APP_NAMES = {"daylio": "Daylio", "bearable": "Bearable", "open-meteo": "Open-Meteo"}


def tally(merge: Merge) -> str:
    """``3 new, 2 updated, 10 unchanged`` (SPEC.md "Sources and device data")."""
    return f"{len(merge.new):,} new, {len(merge.updated):,} updated, {merge.unchanged:,} unchanged"


@dataclass
class Landed:
    """What an import did: the merge, the duplicates folded, and the notes to say (the name
    notes, then the notes on limits)."""

    merge: Merge
    folded: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def device_entries(found: Any, file: Path, now: datetime) -> list[Entry]:
    """A device export's records as entries, all checked before a journal is touched. A record
    the entry rules refuse cannot be true: it is left out and counted in the closing line
    (``found.reject``), never stopping the import (issue 26)."""
    entries, kept = [], []
    for item in found.records:
        try:
            entries.append(
                sources.sourced_entry(item.kind, item.at, item.value, item.source,
                                      item.source_key, unit=item.unit, name=item.name,
                                      note=item.note, now=now)
            )  # fmt: skip
            kept.append(item)
        except InvalidInput:
            found.reject(say(Msg.DEVICE_SKIP_IMPOSSIBLE, kind=item.kind))
    found.records = kept  # the closing line counts what is imported
    return entries


def duplicates(journal: Journal, entries: Sequence[Entry]) -> list[str]:
    """Ids to fold: every entry but the oldest of each duplicate group on the entries' days."""
    days = {entry.day for entry in entries}
    return [entry_id for group in sources.duplicate_groups(journal, days) for entry_id in group[1:]]


def land(
    journal: Journal,
    entries: Sequence[Entry],
    undo: Callable[[Merge], str],
    folded: Sequence[str] = (),
) -> Landed:
    """Plan, check names (kept as written), write as one undoable change (``undo`` names it
    from the merge), then find the notes on limits."""
    merge = sources.plan(journal, entries, ignore=folded)
    changed = [*merge.new, *merge.updated]
    notes = list(record.batch_name_notes(journal, changed, record.KEEP_AS_WRITTEN))
    sources.apply(journal, merge, undo(merge), folded)
    notes += record.batch_limit_notes(journal, changed)
    return Landed(merge, list(folded), notes)


def land_device(journal: Journal, entries: Sequence[Entry], file: Path, source: str) -> Landed:
    from painlog.formats.devices.records import SOURCE_NAMES  # lazy: device exports only

    return land(
        journal,
        entries,
        lambda merge: f"import of {SOURCE_NAMES[source]} {file.name}: {tally(merge)}",
    )


def land_app(
    journal: Journal, entries: Sequence[Entry], file: Path, app: str, merge_duplicates: bool
) -> Landed:
    folded = duplicates(journal, entries) if merge_duplicates else []
    also = f", {count(len(folded), 'duplicate')} folded" if folded else ""
    return land(
        journal, entries, lambda merge: f"import of {APP_NAMES[app]} {file.name}: {tally(merge)}{also}",
        folded,
    )  # fmt: skip


def land_file(journal: Journal, parsed: Any, dry_run: bool = False) -> tuple[Any, list[str]]:
    """A painlog JSON file read whole (encrypted, or not in export order): (the import's
    result, its notes: names, then limits); ``dry_run`` writes nothing."""

    result = import_records(journal, parsed, dry_run=dry_run)
    if dry_run:
        return result, []
    notes = [*result.notes, *record.batch_limit_notes(journal, list(result.entries))]
    return result, notes


def land_streamed(
    journal: Journal,
    path: Path,
    progress: Callable[[float], None] | None = None,
    dry_run: bool = False,
) -> tuple[Any, list[str]]:
    """A painlog CSV, or a JSON export in its own order, streamed into the journal a batch at
    a time in one transaction (formats.import_csv / import_json): the id-less CSV row equal to
    an entry already there counted as there, a repeated id or source key refused naming both
    rows; ``dry_run`` rolls it all back and says what it would do."""

    streamed = import_json if looks_like_json(path) else import_csv
    result = streamed(journal, path, progress, dry_run=dry_run)
    if dry_run:
        return result, []
    return result, [*result.notes, *record.batch_limit_notes(journal, list(result.entries))]


def streams(path: Path) -> bool:
    """Whether ``land_streamed`` reads the file (a CSV, or a plain painlog JSON export)."""

    return not looks_like_json(path) or streamable(path)
