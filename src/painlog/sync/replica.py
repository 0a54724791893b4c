"""This device's sync replica: Loro documents, kept inside the journal (``_sync_doc``).

The replica holds, per synced table (``entries``, ``plan``, …), maps keyed by the row's key,
each value a JSON text ``{"v": <version stamp>, "d": {row values}}`` — a deleted row is a value
with ``"d": null`` (and ``"b"``, the version it deleted), not ``map.delete``, so a delete keeps
its stamp (held when ahead, listed in a conflict, taken back by ``--revert``). Two more maps:
``inbox`` (claims of inbox lines, keyed by line and device) and ``conflicts`` (the losers every
device lists). Each is split in 256 *shards* by a digest of the key (``entries.3f``), and each
shard is a Loro document of its own: a write that touches one row loads, changes and saves
one shard (some 90 rows of a 22,000-entry journal), never the whole replica. Every write to a
key, and so every question of which write to it won and which were concurrent, lives in one
shard's document, whose version vectors are Loro's. Loro decides which value of a key wins and which writes were concurrent;
painlog's SQLite tables stay what every command reads (painlog.sync.engine applies the winners).

Each shard is kept as one Loro snapshot (small: a write re-exports only the shard it
changed), with how many of this device's operations it holds and how many of them its files
hold. An encrypted journal's replica is inside the SQLCipher file, so it is encrypted with it.

A changes file in FOLDER is a small envelope (a magic line, a JSON header: device, batch, name,
written, and the size of each shard's update) and, per shard, a Loro update holding only its
device's operations.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from painlog.messages import Msg
from painlog.store.db import Journal

MAGIC = b"painlog-sync-loro 1\n"
_ROOT, _MAP = "cid:root-", ":Map"
SHARDS = 256
_SHARD = re.compile(r"([a-z_]{1,40})\.([0-9a-f]{2})", re.ASCII)
SHARD_LIMIT = 4 * SHARDS * 16  # shards named in one file (every table's, with room)


def container(name: str, key: str) -> str:
    """The map that holds ``key`` of table (or ``inbox``, ``conflicts``) ``name``."""
    return f"{name}.{zlib.crc32(key.encode('utf-8', 'surrogatepass')) % SHARDS:02x}"


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

    container: str  # a table, "inbox" or "conflicts" (or the container id of anything else)
    key: str
    value: Any  # the JSON text painlog writes, or whatever a peer put (None for map.delete)
    peer: int
    counter: int
    shard: str


# --- files ---------------------------------------------------------------------------------------


def envelope(header: dict[str, Any], blobs: dict[str, bytes]) -> bytes:
    """A changes file: ``header`` and each shard's update (in the header's order)."""
    shards = sorted(blobs)
    sizes = [[shard, len(blobs[shard])] for shard in shards]
    head = json.dumps({**header, "shards": sizes}, sort_keys=True, ensure_ascii=True)
    return MAGIC + head.encode("ascii") + b"\n" + b"".join(blobs[shard] for shard in shards)


def open_envelope(data: bytes) -> tuple[dict[str, Any], dict[str, bytes]] | str:
    """(header, each shard's Loro update) of a whole changes file, or the reason it is not
    one (yet)."""
    if not data.startswith(MAGIC):
        return Msg.SYNC_REFUSED_NOT_PAINLOG.value
    head, newline, rest = data[len(MAGIC) :].partition(b"\n")
    if not newline:
        return (Msg.SYNC_REFUSED_PARTIAL.value if len(head) < 64 * SHARD_LIMIT
                else Msg.SYNC_REFUSED_NOT_PAINLOG.value)  # fmt: skip
    try:
        header = json.loads(head)
    except ValueError:
        return Msg.SYNC_REFUSED_NOT_PAINLOG.value
    sizes = header.get("shards") if isinstance(header, dict) else None
    if not isinstance(sizes, list) or not 0 < len(sizes) <= SHARD_LIMIT:
        return Msg.SYNC_REFUSED_NOT_PAINLOG.value
    blobs: dict[str, bytes] = {}
    position = 0
    for item in sizes:
        if not (
            isinstance(item, list)
            and len(item) == 2
            and isinstance(item[0], str)
            and _SHARD.fullmatch(item[0])
            and isinstance(item[1], int)
            and not isinstance(item[1], bool)
            and item[1] > 0
            and item[0] not in blobs
        ):
            return Msg.SYNC_REFUSED_NOT_PAINLOG.value  # fmt: skip
        blobs[item[0]] = rest[position : position + item[1]]
        position += item[1]
    if len(rest) < position:
        return Msg.SYNC_REFUSED_PARTIAL.value
    if len(rest) > position:
        return Msg.SYNC_REFUSED_NOT_PAINLOG.value
    return header, blobs


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


# --- the documents -------------------------------------------------------------------------------


class Replica:
    """This device's shard documents, each loaded from the journal when first touched."""

    def __init__(self, journal: Journal, device: str) -> None:
        self.loro = _loro()
        self.journal = journal
        self.peer = peer_of(device)
        self.docs: dict[str, Any] = {}
        self.saved: dict[str, Any] = {}  # shard: its version when loaded or last saved
        self.loaded: dict[str, Any] = {}  # shard: its version when loaded

    def doc(self, shard: str) -> Any:
        found = self.docs.get(shard)
        if found is None:
            found = self.loro.LoroDoc()
            row = self.journal.execute(
                "SELECT blob FROM _sync_doc WHERE shard = ?", (shard,)
            ).fetchone()
            if row is not None:
                found.import_(bytes(row[0]))
            found.peer_id = self.peer
            self.docs[shard] = found
            self.saved[shard] = self._copy(found.oplog_vv)
            self.loaded[shard] = self._copy(found.oplog_vv)
        return found

    def _copy(self, vv: Any) -> Any:
        return self.loro.VersionVector.decode(vv.encode())

    def version(self) -> dict[str, Any]:
        """A copy of each loaded shard's version vector (what it holds, per peer); a shard
        loaded later counts from what it held when loaded."""
        return {shard: self._copy(doc.oplog_vv) for shard, doc in self.docs.items()}

    def end(self, shard: str, peer: int | None = None) -> int:
        """One past the last counter of ``peer``'s operations in a shard (this device's by
        default)."""
        last = self.doc(shard).oplog_vv.get_last(self.peer if peer is None else peer)
        return 0 if last is None else last + 1

    def value(self, name: str, key: str, shard: str | None = None) -> tuple[Any, int | None]:
        """(the winning value, its writer's peer id) of ``key``, as Loro merged it (``shard``:
        its container, when the caller has it already)."""
        shard = shard or container(name, key)
        found = self.doc(shard).get_map(shard)
        held = found.get(key)
        return (getattr(held, "value", held) if held is not None else None,
                found.get_last_editor(key))  # fmt: skip

    def editor(self, name: str, key: str, shard: str) -> int | None:
        """The peer id of the write Loro chose for ``key`` (its value is not copied out: a
        join asks this of 22,000 keys)."""
        return self.doc(shard).get_map(shard).get_last_editor(key)

    def put(self, name: str, key: str, text: str) -> None:
        shard = container(name, key)
        self.doc(shard).get_map(shard).insert(key, text)

    def commit(self) -> None:
        for doc in self.docs.values():
            doc.commit()

    def save(self) -> None:
        """Every shard that gained operations since it was loaded, saved as one snapshot (in
        the caller's transaction), with how many of this device's operations it holds."""
        for shard, doc in self.docs.items():
            doc.commit()
            if not doc.oplog_vv.sub_iter(self.saved[shard]):
                continue
            self.journal.execute(
                "INSERT INTO _sync_doc (shard, blob, mine, exported) VALUES (?, ?, ?, 0) "
                "ON CONFLICT (shard) DO UPDATE SET blob = excluded.blob, mine = excluded.mine",
                (shard, doc.export(self.loro.ExportMode.Snapshot()), self.end(shard)),
            )
            self.saved[shard] = self._copy(doc.oplog_vv)

    def mine(self) -> tuple[dict[str, bytes], int]:
        """This device's operations its files do not hold yet, per shard (the next changes
        file), and how many; ``written`` records them as held."""
        blobs: dict[str, bytes] = {}
        count = 0
        for shard, start, end in self.journal.execute(
            "SELECT shard, exported, mine FROM _sync_doc WHERE mine > exported ORDER BY shard"
        ).fetchall():
            span = self.loro.IdSpan(self.peer, self.loro.CounterSpan(start, end))
            blobs[shard] = bytes(
                self.doc(shard).export(self.loro.ExportMode.UpdatesInRange([span]))
            )
            count += end - start
        return blobs, count

    def written(self) -> None:
        self.journal.execute("UPDATE _sync_doc SET exported = mine WHERE mine > exported")

    def take(self, shard: str, blob: bytes) -> None:
        """Import one checked blob; operations whose dependencies have not arrived stay
        pending in Loro (the file is read again at a later exchange). Raises Damaged."""
        _guarded(self.doc(shard).import_, blob)

    def holds(self, shard: str, device: str, end: int) -> bool:
        return self.end(shard, peer_of(device)) >= end

    def ops_since(self, before: dict[str, Any]) -> Iterator[Op]:
        """Every map operation the loaded shards gained since versions ``before``, in order."""
        for shard, doc in sorted(self.docs.items()):
            since = before.get(shard) or self.loaded[shard]
            root, table = f"{_ROOT}{shard}{_MAP}", shard[:-3]  # its map, once per shard
            for span in doc.oplog_vv.sub_iter(since):
                for change in json.loads(doc.export_json_in_id_span(span)):
                    peer = int(str(change["id"]).partition("@")[2])
                    for op in change["ops"]:
                        where, content = str(op["container"]), op["content"]
                        key = str(content.get("key"))
                        # A map of painlog's form, named for this shard, holding a key its
                        # digest puts there; anything else a peer wrote is named by its
                        # container, and refused.
                        name = where
                        if where == root and container(table, key) == shard:
                            name = table
                        yield Op(name, key, content.get("value"), peer, int(op["counter"]), shard)

    def had_seen(self, shard: str, winner: tuple[int, int], loser: tuple[int, int]) -> bool:
        """Whether the write ``winner`` was made with ``loser`` in its past (Loro's version
        vectors: the deps of the change holding it). Not: the two were concurrent."""
        if winner[0] == loser[0]:
            return loser[1] <= winner[1]  # one peer's operations are in order
        doc = self.doc(shard)
        change = doc.get_change(self.loro.ID(*winner))
        if change is None:
            return True  # not in this document: nothing to say
        past = doc.frontiers_to_vv(change.deps)
        return past is not None and bool(past.includes_id(self.loro.ID(*loser)))
