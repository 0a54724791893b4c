"""Folders of the old JSON-lines engine move to Loro without loss (issue 24 point 1): a device
upgraded from the old files reads the old files it had not read yet, seeds its Loro document
(a row the document already holds at a version at least as recent is taken from it), and
never writes an old-format file again."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from painlog.store import changes
from painlog.store.opener import open_journal
from painlog.sync import folder as files
from painlog.sync import legacy
from tests.conftest import Painlog


def export(device: Painlog) -> str:
    return device.ok("export", "--format", "json").stdout


def device_id(device: Painlog) -> str:
    with sqlite3.connect(device.db) as connection:
        return connection.execute("SELECT id FROM _sync_device").fetchone()[0]


def as_an_older_painlog_left_it(device: Painlog, folder: Path) -> None:
    """This joined device as the old engine left it: its own rows in an old-format file
    (written by the old encoder kept in sync/legacy.py), no Loro document, no .loro file,
    none of the others' files read."""
    me = device_id(device)
    for path in files.device_folder(folder, me).glob("changes-*.loro"):
        path.unlink()
    with sqlite3.connect(device.db) as connection:
        connection.execute("DELETE FROM _sync_doc")
        connection.execute("DELETE FROM _sync_read")
        connection.execute("UPDATE _sync_device SET exported = NULL, batch = 0")
        connection.execute("UPDATE _sync_rows SET op = NULL, pending = substr(version, 21) = ?",
                           (me,))  # fmt: skip
    journal = open_journal(device.db)
    try:
        joined = changes.device(journal)
        assert joined is not None
        assert legacy.write_old_format(journal, joined, folder) > 0
    finally:
        journal.close()


def two_old_devices(tmp_path: Path) -> tuple[Painlog, Painlog, Path]:
    folder = tmp_path / "Sync"
    a, b = Painlog(tmp_path / "a.db"), Painlog(tmp_path / "b.db")
    a.ok("add", "pain", "6", "--where", "knee", "--note", "a one", "--at", "2026-11-20 09:00")
    a.ok("add", "mood", "4", "--note", "a two", "--at", "2026-11-20 10:00")
    a.ok("sync", str(folder))
    b.ok("add", "pain", "3", "--note", "b one", "--at", "2026-11-21 09:00")
    b.ok("sync", str(folder))
    a.ok("sync")
    for device in (a, b):
        as_an_older_painlog_left_it(device, folder)
    assert sorted(p.suffix for p in files.root(folder).glob("*/changes-*")) == [".log", ".log"]
    return a, b, folder


def note_ids(device: Painlog) -> dict[str, str]:
    return {entry["note"]: entry["id"] for entry in device.json("list")}


def test_two_old_devices_upgrade_edit_and_converge_with_nothing_lost(tmp_path: Path) -> None:
    a, b, folder = two_old_devices(tmp_path)
    # After the upgrade, before either exchanges: each edits, A one of B's entries too.
    ids = note_ids(a)
    a.ok("edit", ids["a one"][:8], "--note", "a one, edited on A")
    a.ok("edit", ids["b one"][:8], "--tag", "seen-on-a")
    b.ok("add", "mood", "7", "--note", "b two", "--at", "2026-11-22 09:00")
    for device in (a, b, a, b):
        device.ok("sync")
    assert export(a) == export(b)
    notes = sorted(note_ids(b))
    assert notes == ["a one, edited on A", "a two", "b one", "b two"]
    (b_one,) = [e for e in b.json("list") if e["note"] == "b one"]
    assert "seen-on-a" in (b_one["tags"] or "")
    # The old files are read, never written again; every device writes Loro files now.
    found = sorted((p.parent.name, p.suffix) for p in files.root(folder).glob("*/changes-*"))
    assert [suffix for _, suffix in found].count(".log") == 2
    assert {suffix for _, suffix in found} == {".log", ".loro"}
    for device in (a, b):
        with sqlite3.connect(device.db) as connection:
            assert connection.execute("SELECT exported FROM _sync_device").fetchone() == (0,)
            assert (
                connection.execute(
                    "SELECT count(*) FROM _sync_doc WHERE exported = mine AND mine > 0"
                ).fetchone()[0]
                > 0
            )


def test_a_device_joining_after_the_upgrade_gets_everything(tmp_path: Path) -> None:
    a, b, folder = two_old_devices(tmp_path)
    a.ok("sync")
    b.ok("sync")
    c = Painlog(tmp_path / "c.db")
    c.ok("sync", str(folder))
    assert export(c) == export(a) == export(b)
    assert sorted(note_ids(c)) == ["a one", "a two", "b one"]


def test_an_edit_on_an_upgraded_device_wins_over_the_other_devices_seed(tmp_path: Path) -> None:
    """B seeds A's rows first (from the old files it read); A's edit, typed before A's first
    exchange after the upgrade, goes in after B's seed and holds everywhere."""
    a, b, _ = two_old_devices(tmp_path)
    ids = note_ids(a)
    b.ok("sync")  # B reads A's old file and seeds every row, A's included
    a.ok("edit", ids["a two"][:8], "9")
    for device in (a, b, a):
        device.ok("sync")
    assert export(a) == export(b)
    assert next(e["value"] for e in b.json("list") if e["note"] == "a two") == 9.0
    with sqlite3.connect(b.db) as connection:
        kept = [json.loads(v or "null") for (v,) in
                connection.execute("SELECT loser_values FROM sync_conflicts")]  # fmt: skip
    assert all(k is None or k.get("value") != 9.0 for k in kept)
