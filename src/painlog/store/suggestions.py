"""Words for shell completion, read from the person's own journal: read-only, never creates
one, never fails loudly (a locked, encrypted or damaged journal suggests nothing). Kept
light: completion runs at every Tab."""

from __future__ import annotations

from pathlib import Path

NAMES = (
    "SELECT name FROM entries WHERE kind = ? AND name IS NOT NULL "
    "GROUP BY lower(name) ORDER BY count(*) DESC LIMIT 200"
)
PLACES = (
    "SELECT place.value FROM entries, json_each(entries.location) AS place "
    "WHERE kind = 'pain' AND location IS NOT NULL GROUP BY place.value "
    "ORDER BY count(*) DESC LIMIT 200"
)
TAGS = (
    "SELECT tag.value FROM entries, json_each(entries.tags) AS tag "
    "WHERE tags IS NOT NULL GROUP BY tag.value ORDER BY count(*) DESC LIMIT 200"
)
RECENT_IDS = (
    "SELECT id || char(31) || kind || ' ' || substr(at, 1, 16) FROM entries "
    "ORDER BY julianday(at) DESC LIMIT 30"
)
PLAN_ITEMS = "SELECT DISTINCT name FROM plan ORDER BY name"


def rows(db: str | Path | None, sql: str, params: tuple = ()) -> list[str]:
    """The first column of a read-only query on the journal (``db`` if given, else the
    usual one); [] when there is none or it cannot be read."""
    from painlog.store.db import resolve_path

    path = resolve_path(db)
    if not path.exists():
        return []
    try:
        from painlog.store.db import traceless_connection

        connection = traceless_connection(path, timeout=0.2)
        try:
            return [row[0] for row in connection.execute(sql, params) if row[0]]
        finally:
            connection.close()
    except Exception:  # locked, encrypted, damaged: no suggestions rather than an error
        return []
