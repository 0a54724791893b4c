"""Changes files of the Loro engine built by hand, as someone writing FOLDER could: the
hostile peers of tests/test_sync_trust.py and tests/test_sync_hostile.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import loro

from painlog.sync import folder as files
from painlog.sync import replica


def blob(records: list[dict[str, Any]], peer: str, base: bytes | None = None) -> bytes:
    """A Loro update of ``peer``'s operations. Each record is a row in the old form
    (``{"t", "k", "v", "b", "d"}``: written as painlog writes a row's value), or an inbox claim
    (``{"inbox", "v", "e"}``), or ``{"raw": (map, key, value)}`` for anything else. ``base``:
    a folder's update the writer had read first (its operations are not exported)."""
    doc = loro.LoroDoc()
    if base is not None:
        doc.import_(base)
    doc.peer_id = int(peer, 16)
    start = doc.oplog_vv.get_last(doc.peer_id)
    for record in records:
        if "raw" in record:
            container, key, value = record["raw"]
            doc.get_map(container).insert(key, value)
        elif "inbox" in record:
            doc.get_map("inbox").insert(
                f"{record['inbox']} {peer}", json.dumps({"v": record["v"], "e": record["e"]})
            )
        else:
            value = {"v": record["v"], "d": record["d"]}
            if record.get("d") is None:
                value["b"] = record.get("b")
            doc.get_map(record["t"]).insert(record["k"], json.dumps(value, sort_keys=True))
    doc.commit()
    first = 0 if start is None else start + 1
    end = doc.oplog_vv.get_last(doc.peer_id) + 1
    span = loro.IdSpan(doc.peer_id, loro.CounterSpan(first, end))
    return bytes(doc.export(loro.ExportMode.UpdatesInRange([span])))


def encode(device: str, data: bytes, number: int = 1) -> bytes:
    header = {"device": device, "batch": number, "name": "intruder", "written": "2026-11-30"}
    return replica.envelope(header, data)


def plant(
    folder: Path, records: list[dict[str, Any]], device: str, number: int = 1,
    peer: str | None = None, base: bytes | None = None,
) -> Path:  # fmt: skip
    """A changes file written by someone else, in the form painlog writes (``peer``: whose
    operations it holds, the folder's device by default)."""
    place = files.device_folder(folder, device)
    place.mkdir(parents=True, exist_ok=True)
    path = place / files.batch_name(number)
    path.write_bytes(encode(device, blob(records, peer or device, base), number))
    return path


def everything(folder: Path) -> bytes:
    """Every operation of every honest device's files in ``folder``, as one update (what a
    writer that had read the folder holds)."""
    doc = loro.LoroDoc()
    for path in sorted(files.root(folder).glob("*/changes-*.loro")):
        opened = replica.open_envelope(path.read_bytes())
        if not isinstance(opened, str):
            doc.import_(opened[1])
    return bytes(doc.export(loro.ExportMode.Updates(loro.VersionVector())))
