"""Names of medicines, exercises, therapies and places, matched case-insensitively."""

from __future__ import annotations

from painlog.store.db import Journal


def names_as_first_written(journal: Journal, kind: str) -> dict[str, str]:
    # SQLite takes the bare column ``name`` from the row holding min(rowid): the first written.
    sql = """
        SELECT lower(name) AS key, name, min(rowid) AS first
        FROM entries WHERE kind = :kind GROUP BY lower(name)
    """
    return {row["key"]: row["name"] for row in journal.query(sql, {"kind": kind})}
