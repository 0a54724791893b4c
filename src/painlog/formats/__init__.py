"""Interchange formats: moving a journal to and from files (CSV, JSON, FHIR).

An import is all-or-nothing and idempotent by id whatever the format: records whose id is
already in the journal are skipped, and the rest go in one transaction after a backup.
``import_csv`` and ``import_json`` stream the file (a batch of entries validated and written
at a time inside that one transaction, rolled back on the first bad record), so memory does
not grow with the file; ``import_records`` takes a file read whole (an encrypted JSON file).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import TextIO

from painlog.clinic.goals import list_goals, ratings
from painlog.clinic.screen import screens_between
from painlog.clinic.visits import peg_row, pegs_between
from painlog.errors import InvalidInput
from painlog.formats.agefile import MAGIC, read_source
from painlog.formats.jsonfile import (
    VERSION,
    JournalFile,
    journal_document,
    parse_json,
    read_record,
    stream_json,
    write_json,
)
from painlog.journal.entries import Entry, list_entries
from painlog.journal.timeparse import local_now
from painlog.messages import Msg, count, say
from painlog.plan.model import AS_NEEDED, load
from painlog.plan.safety import Declared
from painlog.store.db import Journal, transaction
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
    from painlog import record  # lazy: the record gate only when notes are named

    return record.batch_name_notes(journal, entries)  # type: ignore[arg-type]


def looks_like_json(path: Path) -> bool:
    name = path.name.lower().removesuffix(".age")
    if name.endswith(".json"):
        return True

    try:  # only the first bytes: a 500 MB CSV read whole here was the import's memory peak
        with path.open("rb") as handle:
            start = handle.read(64)
        if start.startswith(MAGIC):  # an age file: its plain text's first bytes (decrypted once)
            start = read_source(path)[:64]
    except OSError:
        return False
    return start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def read_file(path: Path, progress: Progress | None = None) -> JournalFile:
    """Every record in ``path`` (CSV or painlog JSON), validated; ``progress`` gets 0..1."""
    now = local_now()
    if looks_like_json(path):
        return parse_json(path, now, progress)
    from painlog.formats.csv import parse_csv  # lazy: one reader per format asked

    without_id: set[str] = set()
    entries = parse_csv(path, now, progress, without_id)
    return JournalFile(entries, [], [], [], without_id=frozenset(without_id))


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
    from painlog.formats.sources import plan  # lazy: only for an import from a source

    merge = plan(journal, sourced)
    new = {entry.id for entry in merge.new}
    return {entry.id for entry in sourced if entry.id not in new}


def already_there(
    journal: Journal, entries: list, without_id: frozenset[str] | set[str], before: int = -1
) -> set[str]:
    """Ids of incoming entries that came without an id and equal an entry already in the
    journal in kind, moment, value, unit and name (SPEC.md "Sources and device data"): a file
    written by hand, imported twice, adds nothing the second time."""
    candidates = [entry for entry in entries if entry.id in without_id]
    if not candidates:
        return set()
    days = sorted({entry.day for entry in candidates})
    kinds = sorted({entry.kind for entry in candidates})
    marks = ",".join("?" * len(kinds))
    known: set[tuple] = set()
    sql = (
        f"SELECT kind, at, value, unit, name FROM entries WHERE kind IN ({marks})"
        " AND day BETWEEN ? AND ?" + (" AND rowid <= ?" if before >= 0 else "")
    )
    given = [*kinds, days[0], days[-1], *([before] if before >= 0 else [])]
    for kind, at, value, unit, name in journal.execute(sql, given):
        known.add(_same(kind, at, value, unit, name))
    return {
        entry.id
        for entry in candidates
        if _same(entry.kind, entry.at, entry.value, entry.unit, entry.name) in known
    }


def _same(kind: str, at: str, value: object, unit: str | None, name: str | None) -> tuple:
    return (kind, at, value, unit or None, (name or "").lower() or None)


def _rows(kind: str, item: object) -> dict[str, object]:
    if kind == "entries":
        return item.as_row()  # type: ignore[attr-defined]
    if kind == "pegs":
        return peg_row(item)  # type: ignore[arg-type]
    if kind in ("plan", "pgic", "goals", "goal_ratings", "screens", "experiments"):
        return item.as_row()  # type: ignore[attr-defined]
    return asdict(item)  # type: ignore[call-overload]


def import_records(journal: Journal, parsed: JournalFile, dry_run: bool = False) -> ImportResult:
    """Add the records whose id is new, in one transaction, after a backup of a non-empty
    journal; ``dry_run``: count them, write nothing."""
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
            already |= already_there(journal, items, parsed.without_id)
        new[table] = [_rows(kind, item) for item in items if item.id not in already]
        if kind == "entries":
            already_entries = already
            notes = name_notes(journal, [item for item in items if item.id not in already])
    added = sum(len(rows) for rows in new.values())
    fresh = tuple(item for item in parsed.entries if item.id not in already_entries)
    if parsed.medicines:  # what ``painlog med`` said, kept as written (a Note where it differs)
        from painlog import record  # lazy: the gate, when rows are written

        said, said_notes = record.batch_medicine_statements(journal, parsed.medicines)
        new["settings"] = said
        notes = (*notes, *said_notes)
        added += len(said)
        total += len(parsed.medicines)
    if added and not dry_run:
        if journal["entries"].count:
            from painlog.store.backup import rotate_backup  # lazy: only when a backup is rotated

            rotate_backup(journal, reason="before-import")
        from painlog import record  # lazy: the gate, when rows are written

        record.store(journal, [], undo=f"import of {count(added, 'record')}", rows=new)
    return ImportResult(added=added, skipped=total - added, notes=notes, entries=fresh)


BATCH = 5_000


class _DryRun(Exception):
    """Raised inside the transaction of a dry run so that everything it did is rolled back."""


def import_csv(
    journal: Journal, path: Path, progress: Progress | None = None, dry_run: bool = False
) -> ImportResult:
    """A painlog CSV streamed into the journal: rows are read, validated and stored a batch at
    a time inside ONE transaction, so a 500 MB file never sits in memory and the first bad row
    rolls everything back (the journal as it was). Counted as already there: a row whose id
    the journal had, a sourced row whose (source, source_key) it had, and a row without id equal
    to an entry it had. A row repeating an earlier row's id or source key is refused, naming
    both rows. ``dry_run``: the same, then rolled back; the counts are what an import would do."""
    from painlog.formats.csv import (  # lazy: one reader per format asked
        duplicate_id,
        duplicate_key,
        first_row,
        iter_csv,
    )

    now = local_now()

    def twice_id(number: int, entry: Entry, first: int | None) -> InvalidInput:
        if first is None:
            first = first_row(path, now, lambda e: e.id == entry.id)
        return duplicate_id(path, number, entry, first)

    def twice_key(number: int, entry: Entry, first: int | None) -> InvalidInput:
        if first is None:
            wanted = (entry.source, entry.source_key)
            first = first_row(path, now, lambda e: (e.source, e.source_key) == wanted)
        return duplicate_key(path, number, entry, first)

    return _import_stream(journal, iter_csv(path, now, progress), dry_run, twice_id, twice_key)


def _import_stream(
    journal: Journal,
    rows: Iterator[tuple[int, Entry, bool]],
    dry_run: bool,
    twice_id: Callable[[int, Entry, int | None], InvalidInput],
    twice_key: Callable[[int, Entry, int | None], InvalidInput],
    rest: Callable[[Journal], tuple[int, int]] | None = None,
) -> ImportResult:
    """Entries from ``rows`` stored a batch at a time in ONE transaction (``rest`` then adds the
    file's other records in it, returning (added, already there)); rolled back on the first bad
    row, or at the end of a dry run."""
    from painlog import record  # lazy: the record gate only when rows are written, not for export
    # the gate's insert (record.insert), a batch at a time inside it

    before = journal.execute("SELECT coalesce(max(rowid), 0) FROM entries").fetchone()[0]
    if not dry_run and journal["entries"].count:
        from painlog.store.backup import rotate_backup  # lazy: only when a backup is rotated

        rotate_backup(journal, reason="before-import")
    added = skipped = 0
    notes: list[str] = []
    named: set[tuple[str, str]] = set()
    medicines: list[Entry] = []
    # Only doses that limit notes can be about are kept (the plan has an as-needed medicine):
    # a file of ten years of doses against no limits keeps nothing, so memory stays flat.

    limited = any(version.mode == AS_NEEDED for version in load(journal))
    try:
        with transaction(journal, undo="import"):
            batch: list[tuple[int, Entry, bool]] = []
            while True:
                batch = [item for _, item in zip(range(BATCH), rows, strict=False)]
                if not batch:
                    break
                new = _new_in_batch(journal, batch, before, twice_id, twice_key)
                skipped += len(batch) - len(new)
                fresh = [entry for entry in new if (entry.kind, (entry.name or "").lower())
                         not in named]  # fmt: skip
                notes.extend(name_notes(journal, fresh))
                named.update((entry.kind, (entry.name or "").lower()) for entry in new)
                if new:
                    record.insert(journal, new)
                    added += len(new)
                    if limited:
                        medicines.extend(entry for entry in new if entry.kind == "medication")
            if rest is not None:
                more, there = rest(journal)
                added, skipped = added + more, skipped + there
            journal.execute(
                "UPDATE _undo_steps SET description = ? WHERE id = (SELECT step FROM _undo_state)",
                (f"import of {count(added, 'record')}",),
            )
            if dry_run or not added:
                raise _DryRun
    except _DryRun:
        pass
    return ImportResult(added=added, skipped=skipped, notes=tuple(notes), entries=tuple(medicines))


def _new_in_batch(journal: Journal, batch: list, before: int, twice_id, twice_key) -> list:
    """The batch's entries the journal does not have yet; refuses a row repeating an earlier
    one (an id or source key stored by this import: its rowid is past ``before``)."""
    entries = [entry for _, entry, _ in batch]
    numbers = {entry.id: number for number, entry, _ in batch}
    here: dict[str, int] = {}
    keys: dict[tuple[str, str], int] = {}
    for number, entry, _ in batch:
        if entry.id in here:
            raise twice_id(number, entry, here[entry.id])
        here[entry.id] = number
        if entry.source and entry.source_key:
            key = (entry.source, entry.source_key)
            if key in keys:
                raise twice_key(number, entry, keys[key])
            keys[key] = number
    already: set[str] = set()
    ids = list(here)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for entry_id, rowid in journal.execute(
            f"SELECT id, rowid FROM entries WHERE id IN ({marks})", chunk
        ):
            if rowid > before:  # stored by this import: the file repeats the id
                entry = next(e for e in entries if e.id == entry_id)
                raise twice_id(numbers[entry_id], entry, None)
            already.add(entry_id)
    for (source, source_key), number in keys.items():
        row = journal.execute(
            "SELECT rowid FROM entries WHERE source = ? AND source_key = ?", (source, source_key)
        ).fetchone()
        if row is not None and row[0] > before:
            entry = next(e for e in entries if (e.source, e.source_key) == (source, source_key))
            raise twice_key(number, entry, None)
    already |= _known_by_source(journal, [e for e in entries if e.id not in already])
    without = {entry.id for _, entry, had_id in batch if not had_id}
    already |= already_there(journal, entries, without, before)
    return [entry for entry in entries if entry.id not in already]


def import_json(
    journal: Journal, path: Path, progress: Progress | None = None, dry_run: bool = False
) -> ImportResult:
    """A painlog JSON export streamed into the journal as ``import_csv`` does: entries a batch
    at a time in one transaction, the other sections (a few records each) at the end in it."""

    now = local_now()
    others: dict[str, list] = {kind: [] for kind in TABLES if kind != "entries"}
    sections = {"peg": "pegs"}  # the file's section -> TABLES' name
    # what ``painlog med NAME --contains/--wear`` said (settings, not a table): kept as written
    # through the gate at the end, as ``import_records`` keeps them
    said: list = []
    said_notes: list[str] = []

    def rows() -> Iterator[tuple[int, Entry, bool]]:
        for section, index, record in stream_json(path):
            if section == "version":
                if not isinstance(record, int) or isinstance(record, bool):
                    raise InvalidInput(say(Msg.JSON_RECORD, file=path, where="version",
                                           reason=f"must be a whole number, not {record!r}."))  # fmt: skip
                if record > VERSION:
                    raise InvalidInput(say(Msg.JSON_TOO_NEW, file=path, found=record))
            elif section == "entries":
                given = isinstance(record, dict) and bool(record.get("id"))
                yield index, read_record(path, section, index, record, now), given
            elif section == "medicines":
                said.append(read_record(path, section, index, record, now))
            else:
                others[sections.get(section, section)].append(
                    read_record(path, section, index, record, now)
                )

    def twice(section: str):
        def refusal(number: int, entry: Entry, first: int | None) -> InvalidInput:
            reason = f"id '{entry.id}' appears twice in {section}."
            if entry.source_key and section == "entries" and first is not None:
                reason = say(Msg.CSV_DUPLICATE_SOURCE_KEY, source=entry.source,
                             key=entry.source_key, first=first, row=number)  # fmt: skip
            return InvalidInput(say(Msg.JSON_RECORD, file=path, where=f"entries[{number}]",
                                    reason=reason))  # fmt: skip

        return refusal

    def rest(journal: Journal) -> tuple[int, int]:
        added = there = 0
        for kind, items in others.items():
            ids = [item.id for item in items]
            if len(set(ids)) != len(ids):
                raise InvalidInput(say(Msg.JSON_RECORD, file=path, where=kind,
                                       reason=f"an id appears twice in {kind}."))  # fmt: skip
            already = existing_ids(journal, TABLES[kind], ids)
            rows = [_rows(kind, item) for item in items if item.id not in already]
            if rows:
                journal[TABLES[kind]].insert_all(rows)
            added, there = added + len(rows), there + len(already)
        if said:
            from painlog import record  # lazy: the gate, when rows are written

            settings, notes = record.batch_medicine_statements(journal, said)
            if settings:
                journal["settings"].insert_all(settings)
            said_notes.extend(notes)
            added, there = added + len(settings), there + len(said) - len(settings)
        return added, there

    result = _import_stream(journal, rows(), dry_run, twice("entries"), twice("entries"), rest)
    if not said_notes:
        return result

    return replace(result, notes=(*result.notes, *said_notes))


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
        from painlog.formats.csv import write_csv  # lazy: one writer per format asked

        # a dose that says nothing of its contents or wear gets what ``painlog med`` says of
        # its medicine, so a CSV round trip keeps the safety figures (issue 25)
        said = Declared(journal).said
        return write_csv(list_entries(journal, since=since, until=until), out, said)
    if format_name == "ics":  # the plan and visits, for a calendar: events, not entries
        from painlog.formats.ics import calendar  # lazy: one writer per format asked

        events = calendar(journal)
        out.write(events.to_ical().decode("utf-8"))
        return len(events.subcomponents)

    if format_name == "json":
        return write_json(journal_document(journal, since, until), out)
    from painlog.formats.fhir import bundle  # lazy: one writer per format asked
    from painlog.journal.privacy import is_private  # lazy: export only

    entries = list_entries(journal, since=since, until=until)
    if not include_private:
        entries = [entry for entry in entries if not is_private(entry)]

    document = bundle(
        entries, pegs_between(journal, since, until), load(journal),
        goals=list_goals(journal), ratings=ratings(journal, since, until),
        screens=screens_between(journal, since, until),
    )  # fmt: skip
    json.dump(document, out, ensure_ascii=False, indent=2, allow_nan=False)  # strict JSON
    out.write("\n")
    return len(entries)
