"""Private entries: tagged ``private``, they stay out of what is sent to others (the report,
the FHIR export) unless ``--include-private`` is given. The person's own copies (CSV, JSON)
keep them.

For the report, a temporary view named ``entries`` hides them: SQLite resolves an unqualified
name in the ``temp`` schema before ``main``, so every query of the report (summary, charts,
adherence, before/after) reads the journal without them, with no query written twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from painlog.journal.entries import Entry
from painlog.store.db import Journal

PRIVATE_TAG = "private"
# ``#private`` is how ``list`` shows the tag, so a person may well type it that way.
PRIVATE_FORMS = (PRIVATE_TAG, "#" + PRIVATE_TAG)
IS_PRIVATE = (
    "(tags IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(tags) "
    "WHERE lower(trim(value)) IN ('private', '#private')))"
)


def is_private(entry: Entry) -> bool:
    return any(tag.strip().lower() in PRIVATE_FORMS for tag in entry.tags)


def count_private(journal: Journal, since: date, until: date) -> int:
    sql = f"SELECT count(*) FROM main.entries WHERE day BETWEEN :since AND :until AND {IS_PRIVATE}"
    params = {"since": since.isoformat(), "until": until.isoformat()}
    return journal.execute(sql, params).fetchone()[0]


@contextmanager
def without_private(journal: Journal, hide: bool = True) -> Iterator[Journal]:
    """Within the block, ``entries`` means the journal's entries less the private ones."""
    if not hide:
        yield journal
        return
    journal.execute(
        "CREATE TEMP VIEW IF NOT EXISTS entries AS "
        f"SELECT rowid AS rowid, * FROM main.entries WHERE NOT {IS_PRIVATE}"  # rowid: first-written names
    )
    try:
        yield journal
    finally:
        journal.execute("DROP VIEW IF EXISTS temp.entries")
