"""The change feed of sync: which rows each change touched, stamped with a cross-device clock.

Nothing here keeps a second record of what changed: the undo triggers (painlog.store.undo)
already write, for every row a step inserts, updates or deletes, its table and identity. As a
step closes (and when ``painlog undo`` reverses one, which is a change like any other),
``capture`` reads those rows of the undo log and marks each (table, row) as changed here, with
a new *version*: a hybrid logical clock reading and this device's id. ``painlog sync`` later
writes the current state of every marked row to this device's files (painlog.sync).

A version is the text ``"<milliseconds>.<counter> <device>"``, fixed width, so comparing two
versions as text orders them by the clock and breaks ties by device id: every device picks the
same winner. The clock never runs backwards and is moved past every version read from another
device, so a change made after seeing another's is always the later one.

``_sync_rows`` holds, for each row ever changed or received, its version, the version it was
written over (``base``, sent with a delete), whether it waits to go into this device's Loro
document (``pending``) and the Loro operation whose value it holds (``op``). Which of two
versions is later, and whether they were concurrent, is Loro's to say (painlog.sync.engine);
the version stamp is what people are shown, and what holds a change stamped far ahead. Until this journal joins a folder nothing is captured: joining
writes every row anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

from painlog import clock
from painlog.store.db import Journal

COUNTER_DIGITS = 5
# Truthy once this process has captured a change of a joined journal (``config set sync
# auto`` then exchanges after the command; painlog.cli.core).
WROTE: list[bool] = []


@dataclass(frozen=True)
class Device:
    """This journal's place in sync: its device id, folder, clock and files written."""

    id: str
    folder: str
    clock: str
    batch: int
    fingerprint: str | None


def create_tables(journal: Journal) -> None:
    """Migration 12: the tables of sync (only ``sync_conflicts`` is meant to be read by people)."""
    journal.execute(
        "CREATE TABLE _sync_device (id TEXT NOT NULL, folder TEXT NOT NULL, clock TEXT NOT NULL, "
        "batch INTEGER NOT NULL, fingerprint TEXT, joined_at TEXT NOT NULL, secret TEXT)"
    )
    journal.execute(
        "CREATE TABLE _sync_rows (table_name TEXT NOT NULL, row_key TEXT NOT NULL, "
        "version TEXT NOT NULL, base TEXT, pending INTEGER NOT NULL, "
        "PRIMARY KEY (table_name, row_key))"
    )
    journal.execute("CREATE INDEX _sync_rows_pending ON _sync_rows (pending) WHERE pending")
    journal.execute(
        "CREATE TABLE _sync_read (device TEXT NOT NULL, file TEXT NOT NULL, "
        "PRIMARY KEY (device, file))"
    )
    journal.execute(
        "CREATE TABLE _sync_peers (device TEXT PRIMARY KEY, newest TEXT NOT NULL, wrote_at TEXT, name TEXT, secret TEXT)"
    )
    journal.execute(
        "CREATE TABLE _sync_inbox (line TEXT PRIMARY KEY, version TEXT NOT NULL, entry TEXT, "
        "pending INTEGER NOT NULL DEFAULT 0, moved INTEGER NOT NULL DEFAULT 0) "
    )
    journal.execute(
        "CREATE TABLE sync_conflicts (table_name TEXT NOT NULL, row_key TEXT NOT NULL, "
        "winner TEXT NOT NULL, loser TEXT NOT NULL, loser_values TEXT, found_at TEXT NOT NULL, "
        "shared INTEGER NOT NULL DEFAULT 0, "
        "PRIMARY KEY (table_name, row_key, loser))"
    )


def create_trust_tables(journal: Journal) -> None:
    """Migration 13: what was read from FOLDER and not applied (a refused file or row, with
    its reason) and what is held (stamped more than a day ahead), listed by ``sync --status``
    and ``doctor``; a held change waits here, not in FOLDER, until it is no longer ahead."""
    journal.execute(
        "CREATE TABLE _sync_refused (device TEXT NOT NULL, file TEXT NOT NULL, "
        "what TEXT NOT NULL, reason TEXT NOT NULL, found_at TEXT NOT NULL, "
        "PRIMARY KEY (device, file, what))"
    )
    journal.execute(
        "CREATE TABLE _sync_held (device TEXT NOT NULL, file TEXT NOT NULL, "
        "version TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (device, file, version, record))"
    )
    # Causality: what each device had read when it wrote a file (its ``seen`` clock per
    # device), and which file each row's version came from, so that two versions are told
    # apart as "one had read the other" or "concurrent" whatever they were written over.
    journal.execute("CREATE TABLE _sync_origins (origin TEXT PRIMARY KEY, seen TEXT NOT NULL)")
    journal.execute("ALTER TABLE _sync_rows ADD COLUMN origin TEXT")
    # What each row held before a version from another device replaced it: what
    # ``sync --revert DEVICE`` puts back.
    journal.execute(
        "CREATE TABLE _sync_history (table_name TEXT NOT NULL, row_key TEXT NOT NULL, "
        "version TEXT NOT NULL, prior TEXT, PRIMARY KEY (table_name, row_key, version))"
    )
    journal.execute(
        "CREATE TABLE _sync_counts (device TEXT PRIMARY KEY, added INTEGER NOT NULL DEFAULT 0, "
        "changed INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0)"
    )


def create_doc_tables(journal: Journal) -> None:
    """Migration 16: the Loro engine (painlog.sync.replica). ``_sync_doc`` is this device's
    replica, one Loro snapshot per shard, with how many of this device's operations the shard
    holds (``mine``) and how many of them its files hold (``exported``); it is inside the
    journal, so an encrypted journal's replica is encrypted too. ``_sync_rows.op`` is the Loro
    operation whose value a row holds (what concurrency is judged from). ``_sync_device.exported``
    is NULL for a device that joined before: it reads the old files once and moves to the
    Loro replica at its next exchange."""
    journal.execute(
        "CREATE TABLE _sync_doc (shard TEXT PRIMARY KEY, blob BLOB NOT NULL, "
        "mine INTEGER NOT NULL, exported INTEGER NOT NULL DEFAULT 0)"
    )
    journal.execute("ALTER TABLE _sync_rows ADD COLUMN op TEXT")
    journal.execute("ALTER TABLE _sync_device ADD COLUMN exported INTEGER")


def device(journal: Journal) -> Device | None:
    """This journal's device, or None while it has not joined a folder."""
    row = journal.execute(
        "SELECT id, folder, clock, batch, fingerprint FROM _sync_device LIMIT 1"
    ).fetchone()
    return Device(*row) if row else None


def _reading(text: str) -> tuple[int, int]:
    millis, _, counter = text.partition(".")
    return int(millis), int(counter or 0)


def _text(millis: int, counter: int) -> str:
    return f"{millis:013d}.{counter:0{COUNTER_DIGITS}d}"


# A reading further ahead of this device's clock than this is a change other devices hold until
# it is due (painlog.sync.shared): a clock once set wrong must not carry every later change there.
AHEAD_MILLIS = 24 * 3600 * 1000


def tick(last: str, seen: str | None = None) -> str:
    """The next clock reading after ``last`` (and after ``seen``, a reading from elsewhere).
    A last reading more than a day ahead of the clock (this device's clock was set wrong once,
    years ahead) is left behind: continuing from it would stamp every later change that far
    ahead, and every other device would hold them all. Which change wins is Loro's to decide
    (its own operation order), not these readings'."""
    wall = clock.utc_millis()
    millis, counter = _reading(last)
    if millis > wall + AHEAD_MILLIS:
        millis, counter = wall, 0
    if seen is not None:
        millis, counter = max((millis, counter), _reading(seen))
    if wall > millis:
        return _text(wall, 0)
    return _text(millis, counter + 1)


def next_version(journal: Journal, me: Device) -> str:
    """A new version of this device, its clock moved on (inside the caller's transaction)."""
    reading = tick(me.clock)
    journal.execute("UPDATE _sync_device SET clock = ?", (reading,))
    return f"{reading} {me.id}"


def witness(journal: Journal, version: str) -> None:
    """Move this device's clock past a version read from another device."""
    me = device(journal)
    if me is not None and version.split(" ", 1)[0] > me.clock:
        journal.execute("UPDATE _sync_device SET clock = ?", (version.split(" ", 1)[0],))


def capture(journal: Journal, step: int) -> None:
    """Mark every row step ``step`` touched as changed here (``Journal.on_step``)."""
    me = device(journal)
    if me is None:
        return
    version = next_version(journal, me)
    WROTE[:] = [True]
    journal.execute(
        "INSERT INTO _sync_rows (table_name, row_key, version, base, pending) "
        "SELECT DISTINCT table_name, CAST(row_key AS TEXT), :version, NULL, 1 FROM _undo_ops "
        "WHERE step = :step AND row_key IS NOT NULL "
        "ON CONFLICT (table_name, row_key) DO UPDATE SET "
        "base = CASE WHEN _sync_rows.pending THEN _sync_rows.base ELSE _sync_rows.version END, "
        "version = excluded.version, pending = 1, origin = NULL",
        {"version": version, "step": step},
    )


def attach(journal: Journal) -> None:
    """Feed the change feed from this journal's undo steps (called as a journal opens)."""
    journal.on_step = capture
