"""Changes files of the Loro engine built by hand, as someone writing FOLDER could: the
hostile peers of tests/test_sync_trust.py and tests/test_sync_hostile.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import loro

from painlog.sync import folder as files
from painlog.sync import replica


def blobs(
    records: list[dict[str, Any]], peer: str, base: dict[str, bytes] | None = None
) -> dict[str, bytes]:
    """Loro updates of ``peer``'s operations, one per shard. Each record is a row in the old
    form (``{"t", "k", "v", "b", "d"}``: written as painlog writes a row's value), or an inbox
    claim (``{"inbox", "v", "e"}``), or ``{"raw": (table, key, value)}`` for any other value.
    ``base``: the folder's updates the writer had read first (its operations not exported)."""
    docs: dict[str, loro.LoroDoc] = {}
    starts: dict[str, int] = {}

    def doc(shard: str) -> loro.LoroDoc:
        if shard not in docs:
            found = loro.LoroDoc()
            if base and shard in base:
                found.import_(base[shard])
            found.peer_id = int(peer, 16)
            last = found.oplog_vv.get_last(found.peer_id)
            starts[shard] = 0 if last is None else last + 1
            docs[shard] = found
        return docs[shard]

    for record in records:
        if "raw" in record:
            name, key, value = record["raw"]
        elif "inbox" in record:
            name, key = "inbox", f"{record['inbox']} {peer}"
            value = json.dumps({"v": record["v"], "e": record["e"]})
        else:
            name, key = record["t"], record["k"]
            found = {"v": record["v"], "d": record["d"]}
            if record.get("d") is None:
                found["b"] = record.get("b")
            value = json.dumps(found, sort_keys=True)
        shard = replica.container(name, key)
        doc(shard).get_map(shard).insert(key, value)
    made = {}
    for shard, found in docs.items():
        found.commit()
        end = found.oplog_vv.get_last(found.peer_id) + 1
        span = loro.IdSpan(found.peer_id, loro.CounterSpan(starts[shard], end))
        made[shard] = bytes(found.export(loro.ExportMode.UpdatesInRange([span])))
    return made


def encode(device: str, data: dict[str, bytes], number: int = 1) -> bytes:
    header = {"device": device, "batch": number, "name": "intruder", "written": "2026-11-30"}
    return replica.envelope(header, data)


def plant(
    folder: Path, records: list[dict[str, Any]], device: str, number: int = 1,
    peer: str | None = None, base: dict[str, bytes] | None = None,
) -> Path:  # fmt: skip
    """A changes file written by someone else, in the form painlog writes (``peer``: whose
    operations it holds, the folder's device by default)."""
    place = files.device_folder(folder, device)
    place.mkdir(parents=True, exist_ok=True)
    path = place / files.batch_name(number)
    path.write_bytes(encode(device, blobs(records, peer or device, base), number))
    return path


def everything(folder: Path) -> dict[str, bytes]:
    """Every operation of the files in ``folder``, one update per shard (what a writer that
    had read the folder holds)."""
    docs: dict[str, loro.LoroDoc] = {}
    for path in sorted(files.root(folder).glob("*/changes-*.loro")):
        opened = replica.open_envelope(path.read_bytes())
        if not isinstance(opened, str):
            for shard, data in opened[1].items():
                docs.setdefault(shard, loro.LoroDoc()).import_(data)
    return {
        s: bytes(d.export(loro.ExportMode.Updates(loro.VersionVector()))) for s, d in docs.items()
    }
