"""A bulk insert outside any undo step (a device joining a large journal) sets the table's
insert and update triggers aside and puts it back word for word; inside an undo step, or for a few rows,
nothing is set aside, and undo records as before."""

from __future__ import annotations

from painlog.store.db import transaction
from painlog.store.opener import open_journal
from painlog.store.undo import BULK_ROWS, quiet_inserts
from tests.conftest import Painlog

TRIGGER = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?"


def _row(number: int) -> tuple[str, str, str, float]:
    return (f"{number:032x}", "pain", "2026-11-01T09:00:00+00:00", 4.0)


def test_the_insert_trigger_is_set_aside_and_put_back_word_for_word(tmp_path):
    db = tmp_path / "j.db"
    Painlog(db).ok("add", "pain", "5")
    insert = "INSERT INTO entries (id, kind, at, value) VALUES (?, ?, ?, ?)"
    with open_journal(db) as journal:
        (before,) = journal.execute(TRIGGER, ("_undo_entries_insert",)).fetchone()
        (update,) = journal.execute(TRIGGER, ("_undo_entries_update",)).fetchone()
        with transaction(journal):
            with quiet_inserts(journal, "entries", BULK_ROWS):
                assert journal.execute(TRIGGER, ("_undo_entries_insert",)).fetchone() is None
                assert journal.execute(TRIGGER, ("_undo_entries_update",)).fetchone() is None
                journal.conn.executemany(insert, [_row(n) for n in range(BULK_ROWS)])
            assert journal.execute(TRIGGER, ("_undo_entries_insert",)).fetchone() == (before,)
            assert journal.execute(TRIGGER, ("_undo_entries_update",)).fetchone() == (update,)
        # Inside an undo step the trigger stays: what is added there is recorded.
        with (
            transaction(journal, undo="a test step"),
            quiet_inserts(journal, "entries", BULK_ROWS),
        ):
            assert journal.execute(TRIGGER, ("_undo_entries_insert",)).fetchone()
            journal.conn.executemany(insert, [_row(n + BULK_ROWS) for n in range(BULK_ROWS)])
        # A few rows: nothing set aside.
        with transaction(journal), quiet_inserts(journal, "entries", BULK_ROWS - 1):
            assert journal.execute(TRIGGER, ("_undo_entries_insert",)).fetchone()
        (count,) = journal.execute("SELECT count(*) FROM entries").fetchone()
    assert count == 1 + 2 * BULK_ROWS
    journal = Painlog(db)
    journal.ok("undo")  # the test step: its rows were recorded
    assert len(journal.json("list", "--since", "2026-01-01", "--limit", "5000")) == 1 + BULK_ROWS
    journal.ok("add", "mood", "6")
    journal.ok("undo")  # and the trigger put back records again
    assert len(journal.json("list", "--since", "2026-01-01", "--limit", "5000")) == 1 + BULK_ROWS
    # The update trigger put back records an edit again.
    mood = journal.json("list", "--kind", "mood")
    assert mood == []  # undone above
    first = journal.json("list", "--since", "2026-01-01", "--limit", "1")[0]
    journal.ok("edit", first["id"][:8], "--note", "after the walk")
    journal.ok("undo")
    assert journal.json("list", "--since", "2026-01-01", "--limit", "1")[0] == first
