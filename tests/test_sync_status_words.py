"""What `sync --status` says of a conflict: the changes were made on two devices before either
had read the other's, the same one won everywhere (not "the later": Loro's order need not follow
the clocks shown), and the kept version's places read as a list, not as JSON text."""

from __future__ import annotations

from tests.conftest import Painlog


def test_a_conflict_is_told_as_it_was_decided(tmp_path):
    folder = tmp_path / "Sync"
    a, b = Painlog(tmp_path / "a.db"), Painlog(tmp_path / "b.db")
    a.ok("add", "pain", "5", "--where", "knee", "--at", "2026-11-01 09:00")  # before any frozen now
    a.ok("sync", str(folder))
    b.ok("sync", str(folder))
    entry = a.json("list")[0]["id"][:8]
    a.ok("edit", entry, "6")
    b.ok("edit", entry, "7", "--where", "left knee", "--note", "after the stairs")
    for device in (a, b, a):
        device.ok("sync")
    for device in (a, b):
        status = " ".join(device.ok("sync", "--status", env={"COLUMNS": "80"}).stdout.split())
        assert (
            "Conflicts kept (1): changed on two devices before either had read the other's "
            "change; the same one won on every device, the other is kept"
        ) in status
        assert "later" not in status
        assert '"location": ["' in status and '"[\\"' not in status


def test_only_a_list_field_is_shown_as_a_list():
    from painlog.cli.views.sync import _listed

    assert _listed("location", '["knee", "hip"]') == ["knee", "hip"]
    assert _listed("note", '["knee"]') == '["knee"]'  # a note is shown as written
