"""This device's sync replica: one Loro document, kept inside the journal (``_sync_doc``).

The document holds a map per synced table (``entries``, ``plan``, …), keyed by the row's key,
each value a JSON text ``{"v": <version stamp>, "d": {row values}}`` — a deleted row is a value
with ``"d": null`` (and ``"b"``, the version it deleted), not ``map.delete``, so a delete keeps
its stamp (held when ahead, listed in a conflict, taken back by ``--revert``). Two more maps:
``inbox`` (claims of inbox lines, keyed by line and device) and ``conflicts`` (the losers every
device lists). Loro decides which value of a key wins and which writes were concurrent;
painlog's SQLite tables stay what every command reads (painlog.sync.engine applies the winners).

The document is a snapshot plus the update blobs appended since, loaded with ``import_batch``
and folded into one snapshot when there are many: a write appends only its own new operations.
An encrypted journal's replica is inside the SQLCipher file, so it is encrypted with it.

A changes file in FOLDER is a small envelope (a magic line, a JSON header: device, batch, name,
written, size) and a Loro update holding only its device's operations.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from painlog.messages import Msg
from painlog.store.db import Journal

MAGIC = b"painlog-sync-loro 1\n"
COMPACT_AFTER = 64  # update blobs kept in _sync_doc before they are folded into one snapshot
_ROOT, _MAP = "cid:root-", ":Map"


def _loro() -> Any:
    import loro  # lazy: the CRDT engine only while a sync runs (the one accessor)

    return loro


def peer_of(device: str) -> int:
    """A device id (16 hex digits) as a Loro peer id (a u64)."""
    return int(device, 16)


def device_of(peer: int) -> str:
    return f"{peer:016x}"


def op_text(peer: int, counter: int) -> str:
    """An operation's id as ``_sync_rows.op`` keeps it: ``<counter>@<device>``."""
    return f"{counter}@{device_of(peer)}"


def parse_op(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    counter, _, device = text.partition("@")
    try:
        return peer_of(device), int(counter)
    except ValueError:
        return None


class Damaged(Exception):
    """Loro refused a blob (its reason, for the list of refused files)."""


def _guarded(call: Any, *args: Any) -> Any:
    """Loro raises a BaseException (a Rust panic or decode error) for bad input: turned into
    ``Damaged``, never let through (Ctrl-C and exit still are)."""
    try:
        return call(*args)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # pyo3 raises BaseException subclasses
        raise Damaged(str(error)[:200]) from None


@dataclass(frozen=True)
class Op:
    """One map operation read from the document."""

    container: str  # the map's name: a table, "inbox" or "conflicts" (or anything a peer wrote)
    key: str
    value: Any  # the JSON text painlog writes, or whatever a peer put (None for map.delete)
    peer: int
    counter: int


# --- files ---------------------------------------------------------------------------------------


def envelope(header: dict[str, Any], blob: bytes) -> bytes:
    head = json.dumps({**header, "size": len(blob)}, sort_keys=True, ensure_ascii=True)
    return MAGIC + head.encode("ascii") + b"\n" + blob


def open_envelope(data: bytes) -> tuple[dict[str, Any], bytes] | str:
    """(header, Loro blob) of a whole changes file, or the reason it is not one (yet)."""
    if not data.startswith(MAGIC):
        return Msg.SYNC_REFUSED_NOT_PAINLOG.value
    head, newline, blob = data[len(MAGIC) :].partition(b"\n")
    if not newline:
        return (
            Msg.SYNC_REFUSED_PARTIAL.value
            if len(head) < 4096
            else Msg.SYNC_REFUSED_NOT_PAINLOG.value
        )
    try:
        header = json.loads(head)
    except ValueError:
        return Msg.SYNC_REFUSED_NOT_PAINLOG.value
    size = header.get("size") if isinstance(header, dict) else None
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        return Msg.SYNC_REFUSED_NOT_PAINLOG.value
    if len(blob) < size:
        return Msg.SYNC_REFUSED_PARTIAL.value
    if len(blob) > size:
        return Msg.SYNC_REFUSED_NOT_PAINLOG.value
    return header, blob


def check_blob(blob: bytes, device: str) -> tuple[int, int] | str:
    """The counters [start, end) of ``device``'s operations a blob holds, checked before
    anything is imported, or why it is refused: not a Loro update (garbage, damaged), a whole
    document (a snapshot), or operations of any other peer (forged)."""
    loro = _loro()
    try:
        meta = _guarded(loro.LoroDoc.decode_import_blob_meta, blob, True)
    except Damaged:
        return Msg.SYNC_REFUSED_NOT_PAINLOG.value
    if meta.mode != loro.EncodedBlobMode.Updates:
        return Msg.SYNC_REFUSED_SNAPSHOT.value
    starts = meta.partial_start_vv.to_spans().inner()
    ends = meta.partial_end_vv.to_spans().inner()
    mine = peer_of(device)
    if set(starts) - {mine} or set(ends) - {mine}:
        return Msg.SYNC_REFUSED_OTHER_DEVICE.value
    start = starts.get(mine, (0, 0))[1]
    end = ends.get(mine, (0, 0))[1]
    if end <= start or meta.change_num < 1:
        return Msg.SYNC_REFUSED_NOT_PAINLOG.value
    return start, end


# --- the document --------------------------------------------------------------------------------


class Replica:
    """The Loro document of this device, loaded from the journal."""

    def __init__(self, journal: Journal, device: str) -> None:
        self.loro = _loro()
        self.journal = journal
        self.peer = peer_of(device)
        self.doc = self.loro.LoroDoc()
        blobs = [bytes(b) for (b,) in journal.execute("SELECT blob FROM _sync_doc ORDER BY id")]
        if blobs:
            self.doc.import_batch(blobs)
        self.doc.peer_id = self.peer
        self.blobs = len(blobs)
        self.saved = self.version()

    def version(self) -> Any:
        """A copy of the document's version vector (what it holds, per peer)."""
        return self.loro.VersionVector.decode(self.doc.oplog_vv.encode())

    def end(self, peer: int | None = None) -> int:
        """One past the last counter of ``peer``'s operations (this device's by default)."""
        last = self.doc.oplog_vv.get_last(self.peer if peer is None else peer)
        return 0 if last is None else last + 1

    def value(self, container: str, key: str) -> tuple[Any, int | None]:
        """(the winning value, its writer's peer id) of ``key``, as Loro merged it."""
        found = self.doc.get_map(container)
        held = found.get(key)
        return (getattr(held, "value", held) if held is not None else None,
                found.get_last_editor(key))  # fmt: skip

    def put(self, container: str, key: str, text: str) -> None:
        self.doc.get_map(container).insert(key, text)

    def commit(self) -> None:
        self.doc.commit()

    def save(self) -> None:
        """What the document gained since the last save, appended to ``_sync_doc`` (in the
        caller's transaction); the whole document as one snapshot once blobs pile up."""
        self.doc.commit()
        if not self.doc.oplog_vv.sub_iter(self.saved):
            return
        if self.blobs >= COMPACT_AFTER:
            self.journal.execute("DELETE FROM _sync_doc")
            blob = self.doc.export(self.loro.ExportMode.Snapshot())
            self.blobs = 0
        else:
            blob = self.doc.export(self.loro.ExportMode.Updates(self.saved))
        self.journal.execute("INSERT INTO _sync_doc (blob) VALUES (?)", (blob,))
        self.blobs += 1
        self.saved = self.version()

    def mine(self, start: int) -> bytes:
        """This device's operations from counter ``start`` on: the next changes file."""
        span = self.loro.IdSpan(self.peer, self.loro.CounterSpan(start, self.end()))
        return bytes(self.doc.export(self.loro.ExportMode.UpdatesInRange([span])))

    def take(self, blob: bytes) -> None:
        """Import one checked blob; operations whose dependencies have not arrived stay
        pending in Loro (the file is read again at a later exchange). Raises Damaged."""
        _guarded(self.doc.import_, blob)

    def holds(self, device: str, end: int) -> bool:
        return self.end(peer_of(device)) >= end

    def ops_since(self, before: Any) -> Iterator[Op]:
        """Every map operation the document gained since version ``before``, in order."""
        for span in self.doc.oplog_vv.sub_iter(before):
            for change in json.loads(self.doc.export_json_in_id_span(span)):
                peer = int(str(change["id"]).partition("@")[2])
                for op in change["ops"]:
                    container, content = str(op["container"]), op["content"]
                    if not (container.startswith(_ROOT) and container.endswith(_MAP)):
                        continue
                    yield Op(container[len(_ROOT) : -len(_MAP)], str(content.get("key")),
                             content.get("value"), peer, int(op["counter"]))  # fmt: skip

    def had_seen(self, winner: tuple[int, int], loser: tuple[int, int]) -> bool:
        """Whether the write ``winner`` was made with ``loser`` in its past (Loro's version
        vectors: the deps of the change holding it). Not: the two were concurrent."""
        if winner[0] == loser[0]:
            return loser[1] <= winner[1]  # one peer's operations are in order
        change = self.doc.get_change(self.loro.ID(*winner))
        if change is None:
            return True  # not in this document: nothing to say
        past = self.doc.frontiers_to_vv(change.deps)
        return past is not None and bool(past.includes_id(self.loro.ID(*loser)))
