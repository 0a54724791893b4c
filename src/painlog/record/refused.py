"""Rows from other devices the gate refused: kept (device, file, table, key, reason) so that
``sync --status`` and ``doctor`` can list them. A refused row is never applied, so list,
export, summary and report never meet it."""

from __future__ import annotations

from dataclasses import dataclass

from painlog.store.db import Journal

TABLE = "_sync_refused"
SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (device TEXT NOT NULL, file TEXT NOT NULL, "
    "table_name TEXT NOT NULL, row_key TEXT NOT NULL, reason TEXT NOT NULL, "
    "PRIMARY KEY (device, file, table_name, row_key))"
)


@dataclass(frozen=True)
class Refusal:
    device: str
    file: str
    table: str
    key: str
    reason: str


def remember(journal: Journal, device: str, file: str, table: str, key: str, reason: str) -> None:
    """Keep one refused row (inside the caller's transaction)."""
    journal.execute(SCHEMA)
    journal.execute(
        f"INSERT OR REPLACE INTO {TABLE} (device, file, table_name, row_key, reason) "
        "VALUES (?, ?, ?, ?, ?)",
        (device, file, table, key, reason),
    )


def listed(journal: Journal) -> list[Refusal]:
    """Every refused row, by device and file."""
    exists = journal.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
    ).fetchone()
    if not exists:
        return []
    rows = journal.execute(
        f"SELECT device, file, table_name, row_key, reason FROM {TABLE} "
        "ORDER BY device, file, row_key"
    ).fetchall()
    return [Refusal(*row) for row in rows]
