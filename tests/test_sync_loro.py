"""The merge by Loro (issue 24 point 1): Loro's map decides which value wins, Loro's version
vectors which writes were concurrent; painlog applies the winner through the gate and keeps
the losers, listed on every device. The issue's scenarios, and that causality now comes from
Loro and not from painlog's version stamps."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import loro

from painlog import clock
from painlog.sync import folder as files
from painlog.sync import replica
from tests import loro_files
from tests.conftest import Painlog

HOSTILE = "a0a0a0a0a0a0a0a0"


def export(device: Painlog) -> str:
    return device.ok("export", "--format", "json").stdout


def device_id(device: Painlog) -> str:
    with sqlite3.connect(device.db) as connection:
        return connection.execute("SELECT id FROM _sync_device").fetchone()[0]


def three(tmp_path: Path) -> tuple[Painlog, Painlog, Painlog, str, Path]:
    folder = tmp_path / "Sync"
    a, b, c = (Painlog(tmp_path / f"{name}.db") for name in "abc")
    a.ok("add", "pain", "5", "--where", "knee", "--at", "2026-11-20 09:00")
    for device in (a, b, c, a):
        device.ok("sync", str(folder))
    (entry,) = a.json("list")
    return a, b, c, entry["id"], folder


def conflicts(device: Painlog) -> list[tuple[str, str, str, str | None]]:
    with sqlite3.connect(device.db) as connection:
        return connection.execute(
            "SELECT row_key, winner, loser, loser_values FROM sync_conflicts ORDER BY loser"
        ).fetchall()


def pain_record(key: str, version: str, value: float) -> dict:
    """A row version of the pain entry ``key`` as painlog writes it into a changes file."""
    return {"t": "entries", "k": key, "b": None, "v": version,
            "d": {"id": key, "kind": "pain", "value": value, "at": "2026-11-20T09:00:00+00:00"}}  # fmt: skip


def value_of(device: Painlog, key: str) -> float:
    return next(e["value"] for e in device.json("list") if e["id"] == key)


def winning(device: Painlog, key: str) -> dict:
    """The value Loro holds for an entry in the device's replica (its shard's document)."""
    shard = replica.container("entries", key)
    with sqlite3.connect(device.db) as connection:
        (blob,) = connection.execute(
            "SELECT blob FROM _sync_doc WHERE shard = ?", (shard,)
        ).fetchone()
    doc = loro.LoroDoc()
    doc.import_(bytes(blob))
    return json.loads(doc.get_map(shard).get(key).value)  # type: ignore[union-attr]


def settle(*devices: Painlog) -> None:
    for _ in range(2):
        for device in devices:
            device.ok("sync")


def test_an_offline_edit_between_two_edits_is_kept_and_listed_everywhere(tmp_path: Path) -> None:
    """A edits and syncs; B edits offline; A edits again: B's edit is concurrent with A's
    second edit (B never read it) and is kept, listed on every device, whichever Loro picked."""
    a, b, c, key, _ = three(tmp_path)
    a.ok("edit", key[:8], "6")
    a.ok("sync")
    b.ok("edit", key[:8], "2")  # offline: B has not read A's 6
    a.ok("edit", key[:8], "7")
    a.ok("sync")
    settle(b, a, c)
    assert export(a) == export(b) == export(c)
    final = value_of(a, key)
    assert final in (2.0, 7.0)
    lost = {2.0, 7.0} - {final}
    kept = [json.loads(v)["value"] for _, _, _, v in conflicts(a) if v]
    assert sorted(kept) == sorted(lost)  # A's 6 was in the past of A's 7: no conflict
    assert conflicts(a) == conflicts(b) == conflicts(c)
    for device in (a, b, c):
        assert "Conflicts kept (1)" in device.ok("sync", "--status").stdout
    assert winning(a, key)["d"]["value"] == final  # what Loro holds is what the journal holds


def test_undo_after_another_devices_later_edit_leaves_that_edit(tmp_path: Path) -> None:
    a, b, c, key, _ = three(tmp_path)
    a.ok("edit", key[:8], "6")
    a.ok("sync")
    b.ok("sync")
    b.ok("edit", key[:8], "3")  # after reading A's 6
    b.ok("sync")
    a.ok("sync")
    assert "another device changed it after this one" in a.ok("undo").stdout
    settle(a, b, c)
    assert value_of(a, key) == value_of(b, key) == value_of(c, key) == 3.0
    assert conflicts(a) == []  # B's 3 was written after reading A's 6: later, not concurrent


def test_three_concurrent_edits_one_winner_two_losers_everywhere(tmp_path: Path) -> None:
    a, b, c, key, _ = three(tmp_path)
    b.ok("sync")
    c.ok("sync")
    for device, value in ((a, "1"), (b, "2"), (c, "3")):
        device.ok("edit", key[:8], value)
    settle(a, b, c)
    assert export(a) == export(b) == export(c)
    final = value_of(a, key)
    kept = sorted(json.loads(v)["value"] for _, _, _, v in conflicts(a) if v)
    assert sorted([final, *kept]) == [1.0, 2.0, 3.0]
    assert conflicts(a) == conflicts(b) == conflicts(c)
    assert winning(c, key)["d"]["value"] == final


def test_a_forged_operation_of_another_peer_is_refused(tmp_path: Path) -> None:
    a, b, _, key, folder = three(tmp_path)
    victim = device_id(b)
    row = pain_record(key, f"{clock.utc_millis():013d}.00000 {victim}", 9)
    # In the intruder's folder, operations in B's name (its peer id): refused before import.
    loro_files.plant(folder, [row], HOSTILE, peer=victim)
    # A whole document (a snapshot), not one device's changes: refused too.
    doc = loro.LoroDoc()
    doc.peer_id = int(HOSTILE, 16)
    shard = replica.container("entries", key)
    doc.get_map(shard).insert(key, json.dumps({"v": row["v"], "d": row["d"]}))
    snapshot = bytes(doc.export(loro.ExportMode.Snapshot()))
    place = files.device_folder(folder, HOSTILE)
    (place / files.batch_name(2)).write_bytes(loro_files.encode(HOSTILE, {shard: snapshot}, 2))
    before = export(a)
    a.ok("sync")
    assert export(a) == before
    with sqlite3.connect(a.db) as connection:
        reasons = dict(connection.execute("SELECT file, reason FROM _sync_refused"))
    assert reasons[files.batch_name(1)] == "written in another device's name"
    assert reasons[files.batch_name(2)] == "a whole document, not one device's changes"
    assert value_of(a, key) == 5.0


def test_causality_comes_from_loro_not_from_the_version_stamps(tmp_path: Path) -> None:
    """A writer that had read the folder changes a row with a stamp older than the row's: it
    is later by causality, so it wins with no conflict (painlog's stamps would have said the
    opposite). A writer that had not read the latest change is concurrent with it however
    new its stamp: a conflict is kept."""
    a, _, _, key, folder = three(tmp_path)
    a.ok("edit", key[:8], "6")
    a.ok("sync")
    past = f"{clock.utc_millis() - 3_600_000:013d}.00000 {HOSTILE}"
    later = pain_record(key, past, 4)
    loro_files.plant(folder, [later], HOSTILE, base=loro_files.everything(folder))
    a.ok("sync")
    assert value_of(a, key) == 4.0
    assert conflicts(a) == []
    a.ok("edit", key[:8], "8")
    a.ok("sync")
    # Another writer, which read only A's first files (not the 6, 4 or 8), stamps newest.
    other = "b1b1b1b1b1b1b1b1"
    newest = f"{clock.utc_millis() + 60_000:013d}.00000 {other}"
    blind = {**later, "v": newest, "d": {**later["d"], "value": 1}}
    first = sorted(files.root(folder).glob(f"{device_id(a)}/changes-*.loro"))[0]
    opened = replica.open_envelope(first.read_bytes())
    assert not isinstance(opened, str)
    loro_files.plant(folder, [blind], other, base=opened[1])
    a.ok("sync")
    assert value_of(a, key) in (1.0, 8.0)  # Loro's pick
    kept = [json.loads(v)["value"] for _, _, _, v in conflicts(a) if v]
    assert kept == [({1.0, 8.0} - {value_of(a, key)}).pop()]


def test_files_hold_only_their_devices_operations_and_no_seen_header(tmp_path: Path) -> None:
    a, b, c, key, folder = three(tmp_path)
    b.ok("edit", key[:8], "4")
    c.ok("add", "mood", "6")
    settle(a, b, c)
    paths = sorted(files.root(folder).glob("*/changes-*"))
    assert paths and all(p.suffix == ".loro" for p in paths)
    for path in paths:
        opened = replica.open_envelope(path.read_bytes())
        assert not isinstance(opened, str)
        header, blobs = opened
        assert "seen" not in header
        for blob in blobs.values():
            assert not isinstance(replica.check_blob(blob, path.parent.name), str)
    for device in (a, b, c):
        with sqlite3.connect(device.db) as connection:
            assert connection.execute("SELECT count(*) FROM _sync_origins").fetchone() == (0,)
            assert connection.execute(
                "SELECT count(*) FROM _sync_rows WHERE op IS NULL AND NOT pending"
            ).fetchone() == (0,)


def test_a_refused_winner_is_listed_not_applied_and_no_conflict(tmp_path: Path) -> None:
    """A writer that had read the folder changes an entry to a value the gate refuses: Loro
    holds it as the winner, the journal keeps what it held, the row is listed as refused and
    nothing is listed as a conflict."""
    a, _, _, key, folder = three(tmp_path)
    stamp = f"{clock.utc_millis():013d}.00000 {HOSTILE}"
    bad = pain_record(key, stamp, 42)
    loro_files.plant(folder, [bad], HOSTILE, base=loro_files.everything(folder))
    a.ok("sync")
    assert value_of(a, key) == 5.0
    assert conflicts(a) == []
    assert winning(a, key)["d"]["value"] == 42  # in Loro's document, never in the journal
    with sqlite3.connect(a.db) as connection:
        whats = [w for (w,) in connection.execute("SELECT what FROM _sync_refused")]
    assert f"entries {key}" in whats
    a.ok("edit", key[:8], "3")  # a change made after reading it wins over it
    a.ok("sync")
    assert winning(a, key)["d"]["value"] == 3.0 and value_of(a, key) == 3.0
