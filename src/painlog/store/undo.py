"""Undo: every change painlog makes can be reversed, newest first (``painlog undo``).

SQLite triggers write, for each row a change inserts, updates or deletes, the SQL that puts
it back (the technique of sqlite.org's "Automatic Undo/Redo Using SQLite"). A change is a
*step*: one transaction with a description ("add pain 6/10 on 2026-11-23 21:00"). The
triggers record only while a step is open, so migrations, restores and undo itself leave no
trail. Rows are put back with their rowid, so later steps' SQL still finds them.

A migration that changes a tracked table's columns must call ``install`` again: the triggers
list the columns.
"""

from __future__ import annotations

from painlog.store.db import Journal, transaction

TABLES = (
    "entries", "visits", "questions", "peg", "plan", "pgic", "settings",
    "goals", "goal_ratings", "screens", "experiments",
)  # fmt: skip


def _columns(journal: Journal, table: str) -> list[str]:
    # table_info leaves out generated columns (``day``), which cannot be written.
    return [row[1] for row in journal.execute(f'PRAGMA table_info("{table}")')]


def install(journal: Journal) -> None:
    """Create the undo tables and (re)create the triggers of every tracked table."""
    journal.execute(
        "CREATE TABLE IF NOT EXISTS _undo_steps "
        "(id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, description TEXT NOT NULL)"
    )
    journal.execute(
        "CREATE TABLE IF NOT EXISTS _undo_ops "
        "(id INTEGER PRIMARY KEY AUTOINCREMENT, step INTEGER NOT NULL, sql TEXT NOT NULL)"
    )
    journal.execute("CREATE INDEX IF NOT EXISTS _undo_ops_step ON _undo_ops (step)")
    journal.execute(
        "CREATE TABLE IF NOT EXISTS _undo_state (recording INTEGER NOT NULL, step INTEGER)"
    )
    if not journal.execute("SELECT count(*) FROM _undo_state").fetchone()[0]:
        journal.execute("INSERT INTO _undo_state VALUES (0, NULL)")
    for table in TABLES:
        if table not in journal.table_names():
            continue
        columns = _columns(journal, table)
        names = ", ".join(f'"{column}"' for column in columns)
        old_values = " || ', ' || ".join(f'quote(OLD."{column}")' for column in columns)
        old_sets = " || ', ' || ".join(
            f"""'"{column}" = ' || quote(OLD."{column}")""" for column in columns
        )
        record = "INSERT INTO _undo_ops (step, sql) VALUES ((SELECT step FROM _undo_state), "
        when = "WHEN (SELECT recording FROM _undo_state)"
        for event, sql in (
            ("insert", f"""'DELETE FROM "{table}" WHERE rowid = ' || NEW.rowid"""),
            (
                "delete",
                f"""'INSERT INTO "{table}" (rowid, {names.replace("'", "''")}) VALUES (' || OLD.rowid || ', ' || {old_values} || ')'""",
            ),
            (
                "update",
                f"""'UPDATE "{table}" SET ' || {old_sets} || ' WHERE rowid = ' || OLD.rowid""",
            ),
        ):
            journal.execute(f"DROP TRIGGER IF EXISTS _undo_{table}_{event}")
            journal.execute(
                f'CREATE TRIGGER _undo_{table}_{event} AFTER {event.upper()} ON "{table}" '
                f"{when} BEGIN {record}{sql}); END"
            )


def undo_last(journal: Journal) -> tuple[str, int] | None:
    """Reverse the newest step: (its description, steps still undoable), or None."""
    with transaction(journal):
        row = journal.execute(
            "SELECT id, description FROM _undo_steps ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        step, description = row
        operations = journal.execute(
            "SELECT sql FROM _undo_ops WHERE step = ? ORDER BY id DESC", (step,)
        ).fetchall()
        for (sql,) in operations:
            journal.execute(sql)
        journal.execute("DELETE FROM _undo_ops WHERE step = ?", (step,))
        journal.execute("DELETE FROM _undo_steps WHERE id = ?", (step,))
        left = journal.execute("SELECT count(*) FROM _undo_steps").fetchone()[0]
    return description, left
