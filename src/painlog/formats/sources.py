"""Identity by source (SPEC.md "Sources and device data"): landing entries that came from an app
or a device, so a newer export of the same data updates what it already brought.

An incoming entry is matched, in this order, to
1. the entry with the same ``(source, source_key)``;
2. for a journal imported before entries kept their source (ids from the row's content, no
   ``source_key``): an entry of no source whose id an app import made (a name-based UUID,
   version 5; painlog's own entries get random ones, version 4) with the same kind, minute,
   value and name — for Daylio that is date, time and mood. Such an entry keeps its id and gains the source and key,
   so the duplicates stop at the next import.
A matched entry whose content differs (Daylio rewrites every past row when an activity is
renamed) is updated; an unmatched one is added. It all happens in one undoable change.

The device readers (formats/devices) land their records through ``land`` too.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from painlog import record
from painlog.journal.entries import Entry, make_entry
from painlog.store import duplicates
from painlog.store.db import Journal
from painlog.store.duplicates import APP_MADE

NAMESPACE = uuid.UUID("0b7f5a52-3c1e-4e8e-9a53-6d2f4c1b7e21")  # painlog's, for sourced ids
CHUNK = 400
# The apps whose imports made ids from each row's content before entries kept their source.
CONTENT_ID_SOURCES = ("daylio", "bearable")


_NAMESPACE_BYTES = NAMESPACE.bytes


def sourced_id(source: str, source_key: str) -> str:
    """The id an entry from ``source`` gets: the same key always gives the same id.

    Exactly ``uuid.uuid5(NAMESPACE, source + "\x1e" + source_key)``, built from the SHA-1 digest
    directly: a 10,000-row import makes 10,000 of them."""
    digest = bytearray(
        hashlib.sha1(_NAMESPACE_BYTES + f"{source}\x1e{source_key}".encode()).digest()[:16]
    )
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def sourced_entry(
    kind: str, at: str, value: object, source: str, source_key: str, **fields: object
) -> Entry:
    """A validated entry from an app or device, with the id its source and key give
    (what the device readers' records become: ``sourced_entry(r.kind, r.at, r.value, r.source,
    r.source_key, unit=r.unit, name=r.name, note=r.note)``)."""

    return make_entry(kind, at, value=value, source=source, source_key=source_key,
                      id=sourced_id(source, source_key), **fields)  # type: ignore[arg-type]  # fmt: skip


def _content(entry: Entry) -> dict[str, object]:
    row = entry.as_row()
    row.pop("id")
    return row


@dataclass
class Merge:
    """What landing a file's entries would do."""

    new: list[Entry] = field(default_factory=list)
    updated: list[Entry] = field(default_factory=list)  # with the id of the entry they replace
    unchanged: int = 0
    adopted: list[Entry] = field(default_factory=list)  # old entries that only gain their key

    @property
    def changes(self) -> int:
        return len(self.new) + len(self.updated) + len(self.adopted)


def _by_key(journal: Journal, source: str, keys: list[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT * FROM entries WHERE source = ? AND source_key IN ({marks})"
        for row in journal.query(sql, [source, *chunk]):
            found[row["source_key"]] = row
    return found


def _legacy(
    journal: Journal, kinds: Iterable[str], days: Sequence[str], ignore: set[str]
) -> dict[tuple, list]:
    """Entries of no source on the file's days, by (kind, at, value, name), oldest row first."""
    if not days:
        return {}
    kinds = sorted(set(kinds))
    marks = ",".join("?" * len(kinds))
    sql = (
        f"SELECT * FROM entries WHERE source IS NULL AND {APP_MADE} AND kind IN ({marks})"
        " AND day BETWEEN ? AND ? ORDER BY rowid"
    )
    candidates: dict[tuple, list] = defaultdict(list)
    for row in journal.query(sql, [*kinds, min(days), max(days)]):
        if row["id"] in ignore:
            continue
        candidates[_legacy_key(row["kind"], row["at"], row["value"], row["name"])].append(row)
    return candidates


def _legacy_key(kind: str, at: str, value: float | None, name: str | None) -> tuple:
    return (kind, at[:16], value, (name or "").lower())


def plan(journal: Journal, entries: Sequence[Entry], ignore: Iterable[str] = ()) -> Merge:
    """Match ``entries`` (all with a source and source_key) to the journal; writes nothing.
    Entries whose id is in ``ignore`` (duplicates about to be folded) are not matched."""
    merge = Merge()
    ignore = set(ignore)
    by_source: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_source[entry.source or ""].append(entry)
    for source, group in by_source.items():
        known = _by_key(journal, source, [entry.source_key or "" for entry in group])
        unknown = [entry for entry in group if entry.source_key not in known]
        legacy = (
            _legacy(journal, {e.kind for e in unknown}, [e.day for e in unknown], ignore)
            if source in CONTENT_ID_SOURCES
            else {}
        )
        taken_ids = _ids_in_journal(journal, [entry.id for entry in unknown])
        for entry in group:
            row = known.get(entry.source_key or "")
            if row is not None:
                same = replace(entry, id=row["id"])
                if _content(same) == _content(Entry.from_row(row)):
                    merge.unchanged += 1
                else:
                    merge.updated.append(same)
                continue
            matches = legacy.get(_legacy_key(entry.kind, entry.at, entry.value, entry.name))
            if matches:
                old = Entry.from_row(matches.pop(0))
                same = replace(entry, id=old.id)
                if _content(same) == _content(replace(old, source=same.source,
                                                      source_key=same.source_key)):  # fmt: skip
                    merge.adopted.append(same)
                    merge.unchanged += 1
                else:
                    merge.updated.append(same)
                continue
            if entry.id in taken_ids:  # the same id under another key: leave the journal's
                merge.unchanged += 1
                continue
            merge.new.append(entry)
    return merge


def _ids_in_journal(journal: Journal, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT id FROM entries WHERE id IN ({marks})"
        found.update(row[0] for row in journal.execute(sql, chunk))
    return found


def apply(journal: Journal, merge: Merge, undo: str, folded: Sequence[str] = ()) -> None:
    """Write ``merge`` (after deleting the duplicates ``folded``) as one undoable change, after
    a backup of a journal that holds entries."""
    if not merge.changes and not folded:
        return
    if journal["entries"].count:
        from painlog.store.backup import rotate_backup  # lazy: only when a backup is rotated

        rotate_backup(journal, reason="before-import")
    # the gate's one transaction: the duplicates folded, the changed rows rewritten in place
    # (they keep their ids, so a re-import never duplicates), the new ones added
    record.store(journal, merge.new, folded, undo, updates=[*merge.updated, *merge.adopted])


def land(journal: Journal, entries: Sequence[Entry], undo: str) -> Merge:
    """Match and write ``entries`` in one step; returns what was done."""
    merge = plan(journal, entries)
    apply(journal, merge, undo)
    return merge


# --- duplicates left by imports before entries kept their source ------------------------------


def duplicate_groups(journal: Journal, days: Iterable[str] | None = None) -> list[list[str]]:
    """Entries an earlier app import made that repeat each other (painlog.store.duplicates);
    the first id of each group (the oldest row) is the one to keep."""

    return duplicates.groups(journal.conn, set(days) if days is not None else None)
