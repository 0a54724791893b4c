"""Schema changes, each a small named function applied in order and recorded in a table.

``PRAGMA user_version`` holds how many migrations a journal has had, so opening an up-to-date
journal costs one pragma. Each migration runs in its own transaction, after a backup of any
journal that already holds data.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from painlog import clock
from painlog.errors import PainlogError
from painlog.messages import Msg, say
from painlog.store.backup import rotate_backup
from painlog.store.changes import create_doc_tables, create_tables, create_trust_tables
from painlog.store.db import APPLICATION_ID, Journal, transaction
from painlog.store.undo import install, install_as_data

Migration = Callable[[Journal], None]
MIGRATIONS: list[Migration] = []


def migration(function: Migration) -> Migration:
    MIGRATIONS.append(function)
    return function


@migration
def m001_create_entries(journal: Journal) -> None:
    journal["entries"].create(
        {
            "id": str,
            "kind": str,
            "at": str,
            "value": float,
            "unit": str,
            "name": str,
            "quality": str,
            "location": str,
            "intensity": str,
            "note": str,
            "tags": str,
            "trigger": str,
            "relief": str,
        },
        pk="id",
        not_null={"kind", "at"},
    )


@migration
def m002_day_column_and_indexes(journal: Journal) -> None:
    # ``at`` is local time with its offset, so its first ten characters are the entry's day
    # (SPEC.md "Time"). A virtual column costs no space and can be indexed.
    journal.execute(
        "ALTER TABLE entries ADD COLUMN day TEXT GENERATED ALWAYS AS (substr(at, 1, 10)) VIRTUAL"
    )
    journal["entries"].create_index(["kind", "day"], index_name="entries_kind_day")
    journal["entries"].create_index(["day"], index_name="entries_day")


@migration
def m003_covering_index_for_summaries(journal: Journal) -> None:
    # Summaries and charts read (kind, day, value) for years of entries: with all three in
    # one index they never touch the table itself.
    journal["entries"].create_index(["kind", "day", "value"], index_name="entries_kind_day_value")


@migration
def m004_visits_questions_peg(journal: Journal) -> None:
    journal["visits"].create(
        {"id": str, "day": str, "with_whom": str, "note": str, "created_at": str},
        pk="id",
        not_null={"day"},
    )
    journal["questions"].create(
        {"id": str, "text": str, "asked_at": str, "done_at": str},
        pk="id",
        not_null={"text", "asked_at"},
    )
    journal["peg"].create(
        {"id": str, "at": str, "pain": float, "enjoyment": float, "activity": float},
        pk="id",
        not_null={"at", "pain", "enjoyment", "activity"},
    )
    journal.execute(
        "ALTER TABLE peg ADD COLUMN day TEXT GENERATED ALWAYS AS (substr(at, 1, 10)) VIRTUAL"
    )
    journal["peg"].create_index(["day"], index_name="peg_day")
    journal["visits"].create_index(["day"], index_name="visits_day")


@migration
def m005_care_plan_and_pgic(journal: Journal) -> None:
    # One row per version of a plan item (SPEC.md "Care plan"): an item's versions share
    # ``item``; each holds from ``day`` until the item's next version. A stop is a version too
    # (action 'stop'), so nothing is ever overwritten and the history stays whole.
    journal["plan"].create(
        {
            "id": str,
            "item": str,
            "action": str,
            "day": str,
            "kind": str,
            "name": str,
            "mode": str,
            "dose": float,
            "unit": str,
            "times": str,
            "per_week": int,
            "minutes": float,
            "max_daily": float,
            "max_daily_unit": str,
            "min_interval_hours": float,
            "by": str,
            "note": str,
            "created_at": str,
        },
        pk="id",
        not_null={"item", "action", "day", "kind", "name"},
    )
    journal["plan"].create_index(["item", "day"], index_name="plan_item_day")
    journal["pgic"].create({"id": str, "at": str, "value": int}, pk="id", not_null={"at", "value"})
    journal.execute(
        "ALTER TABLE pgic ADD COLUMN day TEXT GENERATED ALWAYS AS (substr(at, 1, 10)) VIRTUAL"
    )
    journal["pgic"].create_index(["day"], index_name="pgic_day")


@migration
def m006_undo_log(journal: Journal) -> None:
    # Triggers record how to reverse each change. This is the schema of version 6 as released
    # (SQL text in the log); migration 9 replaced it with data (painlog.store.undo).
    _install_sql_text_undo(journal)


@migration
def m007_name_index(journal: Journal) -> None:
    # Entries are looked up by name without regard to case (the plan's dose, limits, warnings
    # about a new or mistyped name, a dose far above the usual): an index on that expression.
    journal.execute("CREATE INDEX entries_kind_name ON entries (kind, lower(name))")


@migration
def m008_settings(journal: Journal) -> None:
    # The person's settings travel with the journal (painlog.store.settings); changing one can be
    # undone like any change, so the undo triggers are made for the new table too.
    journal["settings"].create({"key": str, "value": str}, pk="key")
    _install_sql_text_undo(journal)


@migration
def m009_storage_safety(journal: Journal) -> None:
    # The undo log holds data, not SQL (painlog.store.undo): the old log's statements are read
    # (never run) into rows, and the triggers are made anew. The file-type mark says "journal".
    install_as_data(journal)
    journal.execute(f"PRAGMA application_id = {APPLICATION_ID}")


# Entries people wrote themselves, in painlog or a diary app; any other source is a device.
PERSON_SOURCES = ("typed", "daylio", "bearable")

# SPEC.md "Sources and device data": a night's sleep comes from one source. Every sleep figure
# (summary, charts, compare, report, heatmap) reads this view, so the rule lives here once:
# - the person's own sleep entries (typed, Daylio, Bearable) always count, naps adding up;
# - a day with any of them counts no device sleep;
# - otherwise the day takes one device: the preferred one (``config set sleep-source``), else
#   the one whose sleep was imported first (lowest rowid), else whichever that day has.
_PERSON = "coalesce(source, 'typed') IN (" + ", ".join(f"'{s}'" for s in PERSON_SOURCES) + ")"
SLEEP_VIEW = f"""
CREATE VIEW sleep_that_counts AS
WITH device AS (
    SELECT rowid AS r, day, source FROM entries WHERE kind = 'sleep' AND NOT {_PERSON}
), person_days AS (
    SELECT DISTINCT day FROM entries WHERE kind = 'sleep' AND {_PERSON}
), ranked AS (
    SELECT source,
           (CASE WHEN source = (SELECT value FROM settings WHERE key = 'sleep-source')
                 THEN 0 ELSE 1 END) * 1e15 + min(r) AS rank
    FROM device GROUP BY source
), chosen AS (
    -- SQLite takes the bare column ``source`` from the row holding the minimum rank
    SELECT day, source, min(rank) FROM (SELECT DISTINCT day, source FROM device)
    JOIN ranked USING (source)
    WHERE day NOT IN person_days GROUP BY day
)
SELECT * FROM entries
WHERE kind = 'sleep' AND ({_PERSON} OR (day, source) IN (SELECT day, source FROM chosen))
"""


def install_views(journal: Journal) -> None:
    journal.execute("DROP VIEW IF EXISTS sleep_that_counts")
    journal.execute(SLEEP_VIEW)


@migration
def m010_sources_and_device_kinds(journal: Journal) -> None:
    # Each imported entry keeps where it came from and its identity there, so a newer export
    # updates what it already brought instead of adding it again (SPEC.md "Sources and device
    # data"). ``kind`` has no CHECK constraint, so ``steps`` and ``heart-rate`` need no change.
    journal.execute("ALTER TABLE entries ADD COLUMN source TEXT")
    journal.execute("ALTER TABLE entries ADD COLUMN source_key TEXT")
    journal.execute(
        "CREATE UNIQUE INDEX entries_source_key ON entries (source, source_key)"
        " WHERE source_key IS NOT NULL"
    )
    install(journal)  # the undo triggers list the columns
    install_views(journal)


@migration
def m011_goals_screens_experiments_contents(journal: Journal) -> None:
    # SPEC.md "Function, mood screening and medicine safety" and "Personal experiments":
    # goals (PSFS) and their ratings, PHQ-4 answers, experiments (the seed is stored so the
    # schedule is the same everywhere), and what one unit of a medicine holds (--contains) on
    # plan versions and on entries. All undoable, so the triggers are made again.
    journal["goals"].create(
        {"id": str, "name": str, "added_at": str, "done_at": str},
        pk="id",
        not_null={"name", "added_at"},
    )
    journal["goal_ratings"].create(
        {"id": str, "goal": str, "at": str, "value": float},
        pk="id",
        not_null={"goal", "at", "value"},
    )
    journal["screens"].create(
        {"id": str, "at": str, "a": int, "b": int, "c": int, "d": int},
        pk="id",
        not_null={"at", "a", "b", "c", "d"},
    )
    for table in ("goal_ratings", "screens"):
        journal.execute(
            f"ALTER TABLE {table} ADD COLUMN day TEXT "
            "GENERATED ALWAYS AS (substr(at, 1, 10)) VIRTUAL"
        )
        journal[table].create_index(["day"], index_name=f"{table}_day")
    journal["experiments"].create(
        {
            "id": str,
            "name": str,
            "outcome": str,
            "block_days": int,
            "seed": int,
            "start": str,
            "weeks": int,
            "created_at": str,
        },
        pk="id",
        not_null={"name", "outcome", "block_days", "seed", "start", "weeks"},
    )
    journal.execute("ALTER TABLE plan ADD COLUMN contains TEXT")
    journal.execute("ALTER TABLE entries ADD COLUMN contains TEXT")
    install(journal)


@migration
def m012_sync(journal: Journal) -> None:
    # Sync between devices (painlog.store.changes, painlog.sync): versions of rows, the files
    # read, the inbox lines taken and the conflicts kept. Reserved number 12.
    create_tables(journal)


@migration
def m013_sync_trust(journal: Journal) -> None:
    # What FOLDER held that was refused or held back (issue 24; painlog.sync.engine).
    create_trust_tables(journal)


@migration
def m014_dose_wear(journal: Journal) -> None:
    # issue 25 (helper safety2): how long one patch is worn, per dose (``add med … --wear 72h``,
    # hours), beside the dose's ``contains``; the medicine's own wear time stays in settings.
    # Renumber freely when merging beside another branch's migration 14: it only adds a column.
    journal.execute("ALTER TABLE entries ADD COLUMN wear REAL")
    install(journal)  # the undo triggers list the columns


@migration
def m015_summary_indexes(journal: Journal) -> None:
    # issue 23 point 8 / issue 27 (helper fast): the weekly summary groups years of symptoms,
    # factors, doses and therapy by day and name. One index of (kind, day, lower(name), unit,
    # name, value) answers those queries without touching the table, in the order of a day's
    # names (a symptom's daily means need no sort), and answers the (kind, day[, value]) ones
    # as the two indexes it replaces did (they were its prefix), so an entry updates one index
    # of (kind, day ...) where it updated two. The two partial indexes hold only the
    # few doses with a --wear or a --contains (an ordinary entry adds nothing to them): the
    # longest wear and the declared contents are then read without reading every dose.
    journal.execute("DROP INDEX entries_kind_day")
    journal.execute("DROP INDEX entries_kind_day_value")
    journal.execute(
        "CREATE INDEX entries_kind_day_name ON entries (kind, day, lower(name), unit, name, value)"
    )
    journal.execute("CREATE INDEX entries_wear ON entries (kind, wear) WHERE wear IS NOT NULL")
    journal.execute(
        "CREATE INDEX entries_contains ON entries (kind) "
        "WHERE contains IS NOT NULL AND contains != ''"
    )


@migration
def m016_sync_loro(journal: Journal) -> None:
    # issue 24 point 1 (helper loro): the Loro document of sync, kept in the journal; which
    # Loro operation each row's value came from; how much of it this device has written.
    create_doc_tables(journal)


@migration
def m017_sync_readable_calendar(journal: Journal) -> None:
    # issue 24: `sync --readable-calendar` is remembered on this device (1; NULL: not asked),
    # so painlog.ics of an encrypted journal is kept up to date once the person asked for it
    # (a stopped medicine was still reminded), until `--no-readable-calendar`.
    journal.execute("ALTER TABLE _sync_device ADD COLUMN readable_calendar INTEGER")


SCHEMA_VERSION = len(MIGRATIONS)
MARKED_FROM = 9  # the migration that brought the file-type mark


def _install_sql_text_undo(journal: Journal) -> None:
    """The undo triggers of versions 6 to 8, exactly as released (they wrote SQL text).

    Kept only so that migrations 6 and 8 still make the schema those versions made: the schema
    check (painlog.store.schema) recognises old journals by it. Migration 9 replaces them.
    """
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
    for table in ("entries", "visits", "questions", "peg", "plan", "pgic", "settings"):
        if table not in journal.table_names():
            continue
        columns = [row[1] for row in journal.execute(f'PRAGMA table_info("{table}")')]
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


def schema_version(journal: Journal) -> int:
    return journal.execute("PRAGMA user_version").fetchone()[0]


def migrate(journal: Journal, upto: int = SCHEMA_VERSION, kept: Path | None = None) -> None:
    """Bring ``journal`` to schema ``upto`` (tests stop early to build old journals).

    ``kept``: a backup already made (restore upgrades a private copy of a backup, which needs
    no backup of its own); failures name it.
    """
    version = schema_version(journal)
    if version == upto:
        return
    if version > SCHEMA_VERSION:
        raise PainlogError(
            say(Msg.JOURNAL_TOO_NEW, path=journal.path, found=version, known=SCHEMA_VERSION)
        )
    backup = kept
    if version == 0:
        if upto >= MARKED_FROM:  # tests building older journals leave them unmarked, as they were
            # The mark goes into the file's header before anything else, outside the WAL.
            journal.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        journal.execute("PRAGMA journal_mode=WAL")
    elif kept is None:
        backup = rotate_backup(journal, reason=f"before-schema-{version + 1}")
    for number, step in enumerate(MIGRATIONS[:upto], start=1):
        try:
            apply(journal, number, step)
        except Exception as error:  # never an opaque upgrade failure (jrnl-org/jrnl#862, #894)
            raise MigrationFailed(
                journal.path,
                number,
                step.__name__,
                str(getattr(error, "message", error)),
                backup or "not needed: the journal was new",
            ) from None


class MigrationFailed(PainlogError):
    """A migration step that failed; ``reason`` is the step's own failure."""

    def __init__(self, path: Path, number: int, name: str, reason: str, backup: object) -> None:
        super().__init__(
            say(Msg.MIGRATION_FAILED, path=path, number=number, name=name, reason=reason,
                backup=backup)
        )  # fmt: skip
        self.reason = f"step {number}, {name}: {reason}"


def apply(journal: Journal, number: int, step: Migration) -> None:
    """One migration in its own transaction, recorded, unless another painlog just did it."""
    with transaction(journal):
        # Re-read under the write lock: another painlog may have just done this step.
        if schema_version(journal) >= number:
            return
        step(journal)
        journal["_painlog_migrations"].insert(
            {"number": number, "name": step.__name__, "applied_at": _utc_now()},
            pk="number",
        )
        journal.execute(f"PRAGMA user_version = {number}")


def _utc_now() -> str:
    return clock.utc_now().isoformat(timespec="seconds")
