"""Undo reverses every kind of change (import, plan change, plan add, edit, delete, add), newest
first, restoring the same id, value and place."""

from __future__ import annotations


def test_undo_reverses_changes_newest_first(painlog, tmp_path):
    painlog.ok("add", "pain", "6", "--where", "back", "--at", "2026-11-20 09:00")
    first = painlog.json("list")
    painlog.ok("add", "mood", "4")
    entry_id = first[0]["id"]
    painlog.ok("edit", entry_id[:6], "3", "--where", "neck")
    painlog.ok("plan", "add", "therapy", "CBT", "--per-week", "1", "--from", "2026-11-01")
    painlog.ok("plan", "change", "CBT", "--per-week", "2", "--from", "2026-11-15")
    csv_file = tmp_path / "more.csv"
    csv_file.write_text(
        "kind,at,value\npain,2026-11-21T10:00:00+00:00,5\npain,2026-11-22T10:00:00+00:00,4\n"
    )
    painlog.ok("import", str(csv_file))
    assert len(painlog.json("list")) == 4
    assert (
        painlog.ok("undo").stdout.strip()
        == "Undid the import of 2 records. 5 more changes can be undone."
    )
    assert len(painlog.json("list")) == 2
    assert "plan change of CBT" in painlog.ok("undo").stdout
    assert [i["per_week"] for i in painlog.json("plan", "--on", "2026-11-20")["items"]] == [1]
    assert "plan add" in painlog.ok("undo").stdout
    assert "edit of pain" in painlog.ok("undo").stdout
    assert painlog.json("list")[0] == first[0]  # the same id, value and place as before
    painlog.ok("delete", entry_id[:6], "--yes")
    assert "delete pain 6/10 (back)" in painlog.ok("undo").stdout
    assert painlog.json("list")[0] == first[0]
    painlog.ok("undo")  # the mood
    assert "add pain 6/10 (back) on 2026-11-20 09:00" in painlog.ok("undo").stdout
    assert painlog.json("list") == []
    assert painlog.ok("undo").stdout.strip() == "Nothing to undo."
