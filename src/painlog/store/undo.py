"""Undo: every change painlog makes can be reversed, newest first (``painlog undo``).

SQLite triggers record, for each row a change inserts, updates or deletes, *data*: the table,
the row (its rowid, and its ``id``, or ``key`` for settings), the operation, and the row's old
and new values as JSON objects. A change is a *step*: one transaction with a description
("add pain 6/10 on 2026-11-23 21:00"). The triggers record only while a step is open, so
migrations, restores and undo itself leave no trail.

The log is never run: ``undo_last`` puts rows back through painlog's own parameterised
INSERT/UPDATE/DELETE statements, with table names from ``TABLES`` and column names from
``PRAGMA table_info`` of those tables. A planted row in the log can at most put back values
into painlog's own columns; anything else in it (an unknown table or operation, values that are
not plain) makes the step refused, with nothing changed. The same record (table, row identity,
operation, old and new values) is complete enough for a later change feed (sync).

A migration that changes a tracked table's columns must call ``install`` again: the triggers
list the columns.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from painlog.errors import PainlogError
from painlog.messages import Msg, say
from painlog.store.db import Journal, transaction

TABLES = (
    "entries", "visits", "questions", "peg", "plan", "pgic", "settings",
    "goals", "goal_ratings", "screens", "experiments",
)  # fmt: skip
OPERATIONS = ("insert", "update", "delete")


def _columns(journal: Journal, table: str) -> list[str]:
    # table_info leaves out generated columns (``day``), which cannot be written.
    return [row[1] for row in journal.execute(f'PRAGMA table_info("{table}")')]


def _key_column(journal: Journal, table: str) -> str | None:
    keys = [row[1] for row in journal.execute(f'PRAGMA table_info("{table}")') if row[5]]
    return keys[0] if len(keys) == 1 else None


def _json_of(prefix: str, columns: list[str]) -> str:
    return "json_object(" + ", ".join(f"'{c}', {prefix}.\"{c}\"" for c in columns) + ")"


BULK_ROWS = 1000  # inserts from here on set the undo triggers aside (``quiet_inserts``)


@contextlib.contextmanager
def quiet_inserts(journal: Journal, table: str, rows: int) -> Iterator[None]:
    """A bulk insert outside any undo step (rows another device wrote, applied as they are):
    the table's insert and update triggers set aside and put back word for word, in the
    caller's transaction. Outside an undo step the triggers record nothing (their WHEN is
    false), but SQLite still runs that test for every row, and an insert that would update
    on a conflict (``ON CONFLICT … DO UPDATE``) runs the update trigger's program too: half
    the cost of adding 22,000 rows when a device joins. Inside an undo step, or for a few
    rows, nothing is set aside."""
    found: list[str] = []
    if rows >= BULK_ROWS and not journal.execute("SELECT recording FROM _undo_state").fetchone()[0]:
        found = [
            sql
            for (sql,) in journal.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?) "
                "ORDER BY name",
                (f"_undo_{table}_insert", f"_undo_{table}_update"),
            )
        ]
    for operation in ("insert", "update") if found else ():
        journal.execute(f'DROP TRIGGER IF EXISTS "_undo_{table}_{operation}"')
    try:
        yield
    finally:
        for sql in found:
            journal.execute(sql)


def install(journal: Journal) -> None:
    """Create the undo tables and (re)create the triggers of every tracked table."""
    journal.execute(
        "CREATE TABLE IF NOT EXISTS _undo_steps "
        "(id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, description TEXT NOT NULL)"
    )
    journal.execute(
        "CREATE TABLE IF NOT EXISTS _undo_ops (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "step INTEGER NOT NULL, table_name TEXT NOT NULL, row_id INTEGER NOT NULL, row_key, "
        "operation TEXT NOT NULL, old_values TEXT, new_values TEXT)"
    )
    journal.execute("CREATE INDEX IF NOT EXISTS _undo_ops_step ON _undo_ops (step)")
    journal.execute(
        "CREATE TABLE IF NOT EXISTS _undo_state (recording INTEGER NOT NULL, step INTEGER)"
    )
    if not journal.execute("SELECT count(*) FROM _undo_state").fetchone()[0]:
        journal.execute("INSERT INTO _undo_state VALUES (0, NULL)")
    record = (
        "INSERT INTO _undo_ops (step, table_name, row_id, row_key, operation, old_values, "
        "new_values) VALUES ((SELECT step FROM _undo_state), "
    )
    when = "WHEN (SELECT recording FROM _undo_state)"
    for table in TABLES:
        if table not in journal.table_names():
            continue
        columns = _columns(journal, table)
        key = _key_column(journal, table)
        for event, row, old, new in (
            ("insert", "NEW", "NULL", _json_of("NEW", columns)),
            ("update", "NEW", _json_of("OLD", columns), _json_of("NEW", columns)),
            ("delete", "OLD", _json_of("OLD", columns), "NULL"),
        ):
            row_key = f'{row}."{key}"' if key else "NULL"
            values = f"'{table}', {row}.rowid, {row_key}, '{event}', {old}, {new}"
            journal.execute(f"DROP TRIGGER IF EXISTS _undo_{table}_{event}")
            journal.execute(
                f'CREATE TRIGGER _undo_{table}_{event} AFTER {event.upper()} ON "{table}" '
                f"{when} BEGIN {record}{values}); END"
            )


# --- migration 9: the SQL-text log of versions 6 to 8, read as data ------------------------------

_LEGACY_TABLES = ("entries", "visits", "questions", "peg", "plan", "pgic", "settings")
_VALUE = re.compile(r"NULL|-?\d+(?:\.\d*)?(?:e[+-]?\d+)?|'(?:[^']|'')*'", re.IGNORECASE)
_NAME = re.compile(r'"([a-z_]+)"')


def _value(text: str) -> Any:
    if text.upper() == "NULL":
        return None
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    return float(text) if any(mark in text for mark in ".eE") else int(text)


def _values(text: str) -> list[Any] | None:
    """``v1, v2, …`` as SQLite's quote() wrote them, read without running anything."""
    found, position = [], 0
    while True:
        match = _VALUE.match(text, position)
        if match is None:
            return None
        found.append(_value(match.group()))
        position = match.end()
        if position == len(text):
            return found
        if not text.startswith(", ", position):
            return None
        position += 2


def _legacy_operation(sql: str) -> tuple[str, int, str, dict[str, Any] | None] | None:
    """(table, rowid, operation undone, old values) of one statement the old triggers wrote,
    or None for anything that is not exactly such a statement."""
    if match := re.fullmatch(r'DELETE FROM "([a-z_]+)" WHERE rowid = (-?\d+)', sql):
        return match[1], int(match[2]), "insert", None
    if match := re.fullmatch(
        r'INSERT INTO "([a-z_]+)" \(rowid, ((?:"[a-z_]+", )*"[a-z_]+")\) VALUES \((-?\d+), (.*)\)',
        sql,
        re.DOTALL,
    ):
        names = _NAME.findall(match[2])
        values = _values(match[4])
        if values is None or len(values) != len(names):
            return None
        return match[1], int(match[3]), "delete", dict(zip(names, values, strict=True))
    if match := re.fullmatch(r'UPDATE "([a-z_]+)" SET (.*) WHERE rowid = (-?\d+)', sql, re.DOTALL):
        old: dict[str, Any] = {}
        rest = match[2]
        while True:
            name = re.match(r'"([a-z_]+)" = ', rest)
            if name is None:
                return None
            value = _VALUE.match(rest, name.end())
            if value is None:
                return None
            old[name[1]] = _value(value.group())
            rest = rest[value.end() :]
            if not rest:
                return match[1], int(match[3]), "update", old
            if not rest.startswith(", "):
                return None
            rest = rest[2:]
    return None


def install_as_data(journal: Journal) -> None:
    """Migration 9: the old log's statements read (never run) into data rows, new triggers.

    Steps are read newest first; a step holding any statement that is not exactly what the old
    triggers wrote is forgotten together with every older step (undo goes newest first, so
    they could never be reached), and so is a step naming a table painlog does not track.
    """
    old_rows = journal.execute("SELECT step, sql FROM _undo_ops ORDER BY id").fetchall()
    for table in _LEGACY_TABLES:
        for event in OPERATIONS:
            journal.execute(f"DROP TRIGGER IF EXISTS _undo_{table}_{event}")
    journal.execute("DROP TABLE _undo_ops")  # its index goes with it
    install(journal)
    by_step: dict[int, list[str]] = {}
    for step, sql in old_rows:
        by_step.setdefault(step, []).append(sql)
    keys = {
        table: _key_column(journal, table) for table in TABLES if table in journal.table_names()
    }
    converted: list[tuple[Any, ...]] = []
    steps = [row[0] for row in journal.execute("SELECT id FROM _undo_steps ORDER BY id DESC")]
    forget_from = None
    for step in steps:
        rows = []
        for sql in by_step.get(step, []):
            read = _legacy_operation(sql) if isinstance(sql, str) else None
            if read is None or read[0] not in keys:
                break
            table, rowid, operation, old = read
            key = keys[table]
            row_key = None
            if key and old is not None:
                row_key = old.get(key)
            elif key:
                found = journal.execute(
                    f'SELECT "{key}" FROM "{table}" WHERE rowid = ?', (rowid,)
                ).fetchone()
                row_key = found[0] if found else None
            rows.append((step, table, rowid, row_key, operation, json.dumps(old) if old else None))
        else:
            converted.extend(rows)
            continue
        forget_from = step
        break
    if forget_from is not None:
        journal.execute("DELETE FROM _undo_steps WHERE id <= ?", (forget_from,))
    ordered = sorted(converted, key=lambda row: row[0])  # stable: each step keeps its order
    journal.conn.executemany(
        "INSERT INTO _undo_ops (step, table_name, row_id, row_key, operation, old_values) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        ordered,
    )


# --- undo ------------------------------------------------------------------------------------------


def _damaged(step: int) -> PainlogError:
    return PainlogError(say(Msg.UNDO_STEP_DAMAGED, step=step))


def _plain(values: Any, step: int) -> dict[str, Any]:
    try:
        loaded = json.loads(values)
    except (TypeError, ValueError):
        raise _damaged(step) from None
    if not isinstance(loaded, dict) or not all(
        isinstance(value, str | int | float) or value is None for value in loaded.values()
    ):
        raise _damaged(step)
    return loaded


def _reverse(journal: Journal, step: int, operation: tuple[Any, ...]) -> None:
    """Put back one recorded change, through painlog's own statements only."""
    logged_table, rowid, kind, old = operation
    table = next((name for name in TABLES if name == logged_table), None)
    if table is None or table not in journal.table_names():
        raise _damaged(step)
    if not isinstance(rowid, int) or isinstance(rowid, bool) or kind not in OPERATIONS:
        raise _damaged(step)
    try:
        if kind == "insert":
            journal.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
            return
        values = _plain(old, step)
        # Names from painlog's own table; only those the record holds (a column added since
        # keeps its value).
        columns = [column for column in _columns(journal, table) if column in values]
        if not columns:
            raise _damaged(step)
        given = [values[column] for column in columns]
        if kind == "delete":
            names = ", ".join(f'"{column}"' for column in columns)
            marks = ", ".join("?" for _ in columns)
            journal.execute(
                f'INSERT INTO "{table}" (rowid, {names}) VALUES (?, {marks})', (rowid, *given)
            )
        else:
            sets = ", ".join(f'"{column}" = ?' for column in columns)
            journal.execute(f'UPDATE "{table}" SET {sets} WHERE rowid = ?', (*given, rowid))
    except sqlite3.IntegrityError:
        raise _damaged(step) from None


# How many rows the last undo left as they are because another device changed them after
# this device's change (SPEC: undo never takes back another device's later change).
KEPT: list[int] = [0]


def _changed_since_elsewhere(journal: Journal, step: int) -> list[int]:
    """The operations of ``step`` on rows whose newest version came from another device
    (painlog.store.changes): undo leaves those rows with the other device's values."""
    if "_sync_device" not in journal.table_names():
        return []
    me = journal.execute("SELECT id FROM _sync_device LIMIT 1").fetchone()
    if me is None:
        return []
    return [
        row[0]
        for row in journal.execute(
            "SELECT o.id FROM _undo_ops o JOIN _sync_rows r ON r.table_name = o.table_name "
            "AND r.row_key = CAST(o.row_key AS TEXT) WHERE o.step = ? AND substr(r.version, 21) != ?",
            (step, me[0]),
        )
    ]


def undo_last(journal: Journal) -> tuple[str, int] | None:
    """Reverse the newest step: (its description, steps still undoable), or None."""
    with transaction(journal):
        row = journal.execute(
            "SELECT id, description FROM _undo_steps ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        step, description = row
        kept = _changed_since_elsewhere(journal, step)
        KEPT[:] = [len(kept)]
        if kept:  # not put back, and not captured as this device's change either
            journal.conn.executemany("DELETE FROM _undo_ops WHERE id = ?", [(i,) for i in kept])
        operations = journal.execute(
            "SELECT table_name, row_id, operation, old_values FROM _undo_ops "
            "WHERE step = ? ORDER BY id DESC",
            (step,),
        ).fetchall()
        for operation in operations:
            _reverse(journal, step, operation)
        if journal.on_step is not None:  # an undo is a change like any other, for sync
            journal.on_step(journal, step)
        journal.execute("DELETE FROM _undo_ops WHERE step = ?", (step,))
        journal.execute("DELETE FROM _undo_steps WHERE id = ?", (step,))
        left = journal.execute("SELECT count(*) FROM _undo_steps").fetchone()[0]
    return description, left
