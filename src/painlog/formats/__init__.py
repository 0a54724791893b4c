"""Interchange formats: moving a journal to and from files (CSV, JSON, FHIR).

``import_records`` is all-or-nothing and idempotent by id whatever the format: every record is
validated before anything is written, records whose id is already in the journal are skipped,
and the rest go in one transaction after a backup.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from painlog.errors import InvalidInput
from painlog.formats.agefile import read_source
from painlog.formats.jsonfile import JournalFile
from painlog.journal.entries import Entry, list_entries
from painlog.journal.timeparse import local_now
from painlog.messages import Msg, count, say
from painlog.store.db import Journal
from painlog.store.files import write_private_bytes, write_private_file

__all__ = ["write_private_bytes", "write_private_file"]  # the one -o writer, store.files

EXPORT_FORMATS = ("csv", "json", "fhir", "ics")
Progress = Callable[[float], None]
TABLES = {
    "entries": "entries",
    "visits": "visits",
    "questions": "questions",
    "pegs": "peg",
    "plan": "plan",
    "pgic": "pgic",
    "goals": "goals",
    "goal_ratings": "goal_ratings",
    "screens": "screens",
    "experiments": "experiments",
}


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int
    notes: tuple[str, ...] = ()  # the name check's notes, one per new name close to a known one
    entries: tuple[Entry, ...] = ()  # the entries added, for the notes on limits


def name_notes(journal: Journal, entries: list[object]) -> tuple[str, ...]:
    """The name check of ``add`` for imported entries, through the gate: a file is not a
    person at a terminal, so names are kept as written and each new name close to a known
    spelling gets a note (``record.KEEP_AS_WRITTEN``)."""
    from painlog import record

    return record.batch_name_notes(journal, entries)  # type: ignore[arg-type]


def looks_like_json(path: Path) -> bool:
    name = path.name.lower().removesuffix(".age")
    if name.endswith(".json"):
        return True
    try:
        start = read_source(path)[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    return start.startswith(b"{")


def read_file(path: Path, progress: Progress | None = None) -> JournalFile:
    """Every record in ``path`` (CSV or painlog JSON), validated; ``progress`` gets 0..1."""
    now = local_now()
    if looks_like_json(path):
        from painlog.formats.jsonfile import parse_json

        return parse_json(path, now, progress)
    from painlog.formats.csv import parse_csv

    return JournalFile(parse_csv(path, now, progress), [], [], [])


def existing_ids(journal: Journal, table: str, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT id FROM {table} WHERE id IN ({marks})"
        found.update(row[0] for row in journal.execute(sql, chunk))
    return found


def _known_by_source(journal: Journal, entries: list) -> set[str]:
    """Ids of incoming entries whose (source, source_key) the journal already holds under
    another id (the same Daylio row imported into two journals): skipped, never doubled."""
    sourced = [entry for entry in entries if entry.source_key]
    if not sourced:
        return set()
    from painlog.formats.sources import plan

    merge = plan(journal, sourced)
    new = {entry.id for entry in merge.new}
    return {entry.id for entry in sourced if entry.id not in new}


def _rows(kind: str, item: object) -> dict[str, object]:
    if kind == "entries":
        return item.as_row()  # type: ignore[attr-defined]
    if kind == "pegs":
        from painlog.clinic.visits import peg_row

        return peg_row(item)  # type: ignore[arg-type]
    if kind in ("plan", "pgic", "goals", "goal_ratings", "screens", "experiments"):
        return item.as_row()  # type: ignore[attr-defined]
    return asdict(item)  # type: ignore[call-overload]


def import_records(journal: Journal, parsed: JournalFile) -> ImportResult:
    """Add the records whose id is new, in one transaction, after a backup of a non-empty journal."""
    new: dict[str, list[dict[str, object]]] = {}
    already_entries: set[str] = set()
    total = 0
    notes: tuple[str, ...] = ()
    for kind, table in TABLES.items():
        items = getattr(parsed, kind)
        total += len(items)
        already = existing_ids(journal, table, [item.id for item in items])
        if kind == "entries":
            already |= _known_by_source(journal, items)
        new[table] = [_rows(kind, item) for item in items if item.id not in already]
        if kind == "entries":
            already_entries = already
            notes = name_notes(journal, [item for item in items if item.id not in already])
    added = sum(len(rows) for rows in new.values())
    fresh = tuple(item for item in parsed.entries if item.id not in already_entries)
    if parsed.medicines:  # what ``painlog med`` said, kept as written (a Note where it differs)
        from painlog import record

        said, said_notes = record.batch_medicine_statements(journal, parsed.medicines)
        new["settings"] = said
        notes = (*notes, *said_notes)
        added += len(said)
        total += len(parsed.medicines)
    if added:
        if journal["entries"].count:
            from painlog.store.backup import rotate_backup

            rotate_backup(journal, reason="before-import")
        from painlog import record

        record.store(journal, [], undo=f"import of {count(added, 'record')}", rows=new)
    return ImportResult(added=added, skipped=total - added, notes=notes, entries=fresh)


def check_format(format_name: str) -> str:
    if format_name not in EXPORT_FORMATS:
        raise InvalidInput(say(Msg.EXPORT_FORMAT, given=format_name))
    return format_name


def export_journal(
    journal: Journal,
    format_name: str,
    out: TextIO,
    since: date | None = None,
    until: date | None = None,
    include_private: bool = False,
) -> int:
    """Write the journal (or the days ``since``..``until``) to ``out``; returns entries written.

    CSV and JSON are the person's own copies and keep everything; FHIR, meant for others,
    leaves out entries tagged private unless ``include_private``."""
    check_format(format_name)
    if format_name == "csv":
        from painlog.formats.csv import write_csv
        from painlog.plan.safety import Declared

        # a dose that says nothing of its contents or wear gets what ``painlog med`` says of
        # its medicine, so a CSV round trip keeps the safety figures (issue 25)
        said = Declared(journal).said
        return write_csv(list_entries(journal, since=since, until=until), out, said)
    if format_name == "ics":  # the plan and visits, for a calendar: events, not entries
        from painlog.formats.ics import calendar

        events = calendar(journal)
        out.write(events.to_ical().decode("utf-8"))
        return len(events.subcomponents)
    from painlog.formats.jsonfile import journal_document, write_json

    if format_name == "json":
        return write_json(journal_document(journal, since, until), out)
    from painlog.clinic.visits import pegs_between
    from painlog.formats.fhir import bundle
    from painlog.journal.privacy import is_private
    from painlog.plan.model import load

    entries = list_entries(journal, since=since, until=until)
    if not include_private:
        entries = [entry for entry in entries if not is_private(entry)]
    from painlog.clinic.goals import list_goals, ratings
    from painlog.clinic.screen import screens_between

    document = bundle(
        entries, pegs_between(journal, since, until), load(journal),
        goals=list_goals(journal), ratings=ratings(journal, since, until),
        screens=screens_between(journal, since, until),
    )  # fmt: skip
    json.dump(document, out, ensure_ascii=False, indent=2, allow_nan=False)  # strict JSON
    out.write("\n")
    return len(entries)
