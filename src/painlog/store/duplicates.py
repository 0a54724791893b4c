"""Duplicates that imports made before entries kept their source (issue 17): a newer Daylio
export after an activity was renamed added every past row again, under a new content-made id.

Such entries have no ``source`` and an id an app import made (a name-based UUID, version 5:
painlog's own entries get random ones, version 4). Entries of that sort with the same kind,
minute, value and name repeat each other. ``painlog doctor`` counts them and
``painlog import --from daylio --merge-duplicates FILE`` folds them (painlog.formats.sources).
"""

from __future__ import annotations

import sqlite3  # for the type: an SQLCipher connection answers the same calls

# An id made by an app import (uuid5: the 13th hex digit is 5); typed entries have uuid4 ids.
APP_MADE = "substr(id, 15, 1) = '5'"
DUPLICATES_SQL = f"""
    SELECT id, kind, substr(at, 1, 16) AS minute, value, lower(coalesce(name, '')) AS name,
           day
    FROM entries
    WHERE source IS NULL AND {APP_MADE}
      AND (kind, substr(at, 1, 16), value) IN (
          SELECT kind, substr(at, 1, 16), value FROM entries
          WHERE source IS NULL AND {APP_MADE}
          GROUP BY kind, substr(at, 1, 16), value HAVING count(*) > 1)
    ORDER BY kind, minute, value, name, rowid
"""


def groups(connection: sqlite3.Connection, days: set[str] | None = None) -> list[list[str]]:
    """Ids of entries that repeat each other, oldest row first (the one kept), one list a group;
    with ``days``, only groups on those days. None before the journal kept sources."""
    found: dict[tuple, list[str]] = {}
    columns = {row[1] for row in connection.execute("PRAGMA table_info(entries)")}
    if "source" not in columns:  # a journal from before migration 10
        return []
    rows = connection.execute(DUPLICATES_SQL).fetchall()
    for entry_id, kind, minute, value, name, day in rows:
        if days is None or day in days:
            found.setdefault((kind, minute, value, name), []).append(entry_id)
    return [group for group in found.values() if len(group) > 1]


def count(connection: sqlite3.Connection) -> int:
    """How many entries folding would remove."""
    return sum(len(group) - 1 for group in groups(connection))
