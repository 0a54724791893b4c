"""Joining a folder, and one exchange with it: take the inbox, read others, write ours.

The merge rule (docs/sync.md): every row (an entry, a plan version, a visit, a question, a PEG
or PGIC answer, a setting) has one version per change, from the hybrid logical clock of
painlog.store.changes; each device keeps, for each row, the state of its highest version, a
deleted row being a version with no values (a tombstone). Taking the maximum is the same
whatever order the versions arrive in and however often, so devices that have read the same
files hold the same rows. Two versions written over the same earlier one (neither device had
seen the other's) are a conflict: the higher wins, the other is kept in ``sync_conflicts``.

Applying a version goes through painlog's own parameterised statements on painlog's own tables
and columns, outside any undo step, so nothing applied is captured again (no echo).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from painlog import clock
from painlog.errors import InvalidInput, PainlogError
from painlog.messages import Msg, say
from painlog.store import changes
from painlog.store.db import Journal, busy_timeout, transaction
from painlog.store.undo import TABLES
from painlog.sync import folder as files

# ASCII digits only: Python's \d also matches other scripts' digits, which int() reads but
# text comparison orders differently, and which would split devices for good.
_VERSION = re.compile(r"[0-9]{13}\.[0-9]{5} [0-9a-f]{16}", re.ASCII)
_ICS_TABLES = {"plan", "visits"}
AHEAD_MILLIS = 24 * 3600 * 1000  # a change stamped further ahead than this is held
TEXT_LIMIT = 64 * 1024  # one value of a row read from another device
# A file may delete at most this many rows another device wrote (or this share of the rows
# this journal holds, whichever is more): one file cannot empty every device. A person's
# own bulk deletes are of rows they made on that device (an import undone), which pass.
FLOOD_ROWS, FLOOD_SHARE = 100, 0.10


@dataclass
class Exchange:
    """What one exchange did."""

    written: int = 0
    applied: int = 0
    conflicts: int = 0
    taken: list[str] = field(default_factory=list)  # ids of entries made from inbox lines
    refused: int = 0  # inbox lines left with a reason
    refused_files: int = 0  # files and rows of FOLDER not applied (sync --status lists them)
    warnings: list[str] = field(default_factory=list)  # add's Note: lines about inbox entries
    calendar: bool = False
    touched: set[str] = field(default_factory=set)  # tables changed by what was read


@dataclass(frozen=True)
class Table:
    name: str
    key: str
    columns: tuple[str, ...]


def tables(journal: Journal) -> dict[str, Table]:
    found = {}
    present = set(journal.table_names())
    for name in TABLES:
        if name not in present:
            continue
        info = list(journal.execute(f'PRAGMA table_info("{name}")'))
        keys = [row[1] for row in info if row[5]]
        if len(keys) == 1:
            found[name] = Table(name, keys[0], tuple(row[1] for row in info))
    return found


def passphrase(journal: Journal) -> str | None:
    """The journal's passphrase as typed, for the age files (its SQLCipher key is salted by
    each device's own file, so only the passphrase is the same on every device)."""

    from painlog.store.cipher import PASSPHRASE_ENV  # lazy: only for an encrypted journal

    held = journal.passphrase
    if isinstance(held, str):
        return held
    return getattr(held, "passphrase", None) or os.environ.get(PASSPHRASE_ENV) or None


# --- one sync at a time --------------------------------------------------------------------------


def _journal_file(journal: Journal) -> Path | None:
    for _, name, path in journal.execute("PRAGMA database_list"):
        if name == "main" and path:
            return Path(path)
    return None


@contextlib.contextmanager
def one_at_a_time(journal: Journal) -> Iterator[None]:
    """Hold ``<journal>.sync.lock`` while exchanging: a second ``painlog sync`` on the same
    journal waits for the first (up to the busy timeout), then says one is running. Two
    exchanges at once would read the same files and take the same inbox lines twice."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock (docs/sync.md)
        yield
        return
    from painlog.store.lock import lock_path  # lazy: only while a sync runs

    path = _journal_file(journal)
    if path is None:
        yield
        return
    lock = lock_path(path).with_suffix(".sync.lock")
    descriptor = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        deadline = time.monotonic() + busy_timeout()
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise PainlogError(say(Msg.SYNC_BUSY, seconds=f"{busy_timeout():g}")) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(descriptor)


# --- joining -------------------------------------------------------------------------------------


def _check_the_key(journal: Journal, folder: Path) -> None:
    """A device joins a folder of an encrypted journal only with its key: the passphrase must
    open a device's key.age already there (and a plain journal cannot join one at all)."""
    for device in files.devices(folder):
        key = files.device_folder(folder, device) / "key.age"
        if not os.path.lexists(key):
            continue
        if journal.passphrase is None:
            raise PainlogError(say(Msg.SYNC_NEEDS_PASSPHRASE, device=device))
        try:
            _OPENED[(str(folder), device)] = files.read_key(folder, device, passphrase(journal))
        except files.Refused:
            continue  # a planted or broken key.age says nothing; try the next device
        return


def join(journal: Journal, folder: Path) -> changes.Device:
    """This journal joins ``folder``: a device id, and every row it holds waits to be written."""
    me = changes.device(journal)
    if me is not None:
        if Path(me.folder) != folder:
            raise InvalidInput(say(Msg.SYNC_OTHER_FOLDER, folder=me.folder, given=folder))
        return me
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(
            say(Msg.INVALID, field="FOLDER", given=folder, accepted=Msg.FORM_SYNC_FOLDER)
        )
    device_id = uuid.uuid4().hex[:16]
    try:
        if not folder.exists():
            folder.mkdir(parents=True, mode=0o700)
            os.chmod(folder, 0o700)  # created by painlog: owner-only whatever the umask
        files.make_private_dirs(folder)
        _check_the_key(journal, folder)
        files.make_private_dirs(folder, device_id)
    except files.Refused as refused:
        raise PainlogError(
            say(Msg.SYNC_FOLDER_UNWRITABLE, folder=folder, reason=refused.reason)
        ) from None
    except OSError as error:
        raise PainlogError(
            say(Msg.SYNC_FOLDER_UNWRITABLE, folder=folder, reason=error.strerror)
        ) from None
    secret = None
    if journal.passphrase is not None:
        typed = passphrase(journal)
        if typed is None:
            raise PainlogError(say(Msg.SYNC_NEEDS_PASSPHRASE_ONCE))
        secret = files.new_identity()
        files.publish_key(folder, device_id, secret, typed)
    with transaction(journal):
        reading = changes.tick("0000000000000.00000")
        journal.execute(
            "INSERT INTO _sync_device (id, folder, clock, batch, fingerprint, joined_at, secret) "
            "VALUES (?, ?, ?, 0, NULL, ?, ?)",
            (
                device_id,
                str(folder),
                reading,
                clock.utc_now().isoformat(timespec="seconds"),
                secret,
            ),
        )
        version = f"{reading} {device_id}"
        for table in tables(journal).values():
            journal.execute(
                f"INSERT OR IGNORE INTO _sync_rows (table_name, row_key, version, base, pending) "
                f'SELECT ?, CAST("{table.key}" AS TEXT), ?, NULL, 1 FROM "{table.name}"',
                (table.name, version),
            )
    me = changes.device(journal)
    assert me is not None
    return me


# --- writing this device's changes ---------------------------------------------------------------


def _plain(values: Any) -> bool:
    return isinstance(values, dict) and all(
        isinstance(key, str)
        and (value is None or isinstance(value, str | int | float))
        and not isinstance(value, bool)
        for key, value in values.items()
    )


def _current_values(journal: Journal, table: Table, keys: list[str]) -> dict[str, tuple[int, dict]]:
    """Each key's (rowid, values) as the table holds them now (absent: deleted)."""
    names = ", ".join(f'"{column}"' for column in table.columns)
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    wanted: set[str] | None = None
    if len(keys) > 2000:  # joining: the whole table in one pass
        rows: list[Any] = list(journal.execute(f'SELECT rowid, {names} FROM "{table.name}"'))
        wanted = set(keys)
    else:
        rows = []
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows += journal.execute(
                f'SELECT rowid, {names} FROM "{table.name}" '
                f'WHERE CAST("{table.key}" AS TEXT) IN ({marks})',
                chunk,
            ).fetchall()
    index = table.columns.index(table.key) + 1
    for row in rows:
        key = str(row[index])
        if wanted is None or key in wanted:
            found[key] = (row[0], dict(zip(table.columns, row[1:], strict=True)))
    return found


def _sealing_secret(journal: Journal, me: changes.Device, folder: Path) -> tuple[str | None, bool]:
    """This device's key for its files, or None for a plain journal. A device that joined
    before its journal was encrypted gets its key now, and writes its own rows again, sealed:
    its plain files are removed once the sealed one is in place (``_drop_plain``)."""
    secret = journal.execute("SELECT secret FROM _sync_device").fetchone()[0]
    if journal.passphrase is None or secret:
        return secret or None, False
    typed = passphrase(journal)
    if typed is None:
        raise PainlogError(say(Msg.SYNC_NEEDS_PASSPHRASE_ONCE))
    secret = files.new_identity()
    try:
        files.make_private_dirs(folder, me.id)
        files.publish_key(folder, me.id, secret, typed)
    except (OSError, files.Refused) as error:
        reason = getattr(error, "reason", None) or getattr(error, "strerror", str(error))
        raise PainlogError(say(Msg.SYNC_FOLDER_UNWRITABLE, folder=folder, reason=reason)) from None
    journal.execute("UPDATE _sync_device SET secret = ?", (secret,))
    journal.execute("UPDATE _sync_rows SET pending = 1 WHERE substr(version, 21) = ?", (me.id,))
    return secret, True


def _drop_plain(folder: Path, me: changes.Device, keep: str) -> None:
    """This device's own changes files that are not age files: gone, once a sealed file
    holds their rows (an encrypted journal's FOLDER never holds a readable entry)."""
    mine = files.device_folder(folder, me.id)
    for entry in os.scandir(mine):
        if entry.name == keep or files.batch_number(entry.name) is None:
            continue
        try:
            head = files.read_regular(Path(entry.path), files.CHANGES_LIMIT)[:32]
        except (OSError, files.Refused):
            continue
        if not head.startswith(files.AGE_MAGIC):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
    calendar = folder / "painlog.ics"
    if os.path.lexists(calendar) and files.is_link_or_special(calendar) is None:
        with contextlib.suppress(OSError):
            os.unlink(calendar)


def _count(journal: Journal, device: str, added: int, changed: int, deleted: int) -> None:
    if added or changed or deleted:
        journal.execute(
            "INSERT INTO _sync_counts (device, added, changed, deleted) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (device) DO UPDATE SET added = added + excluded.added, "
            "changed = changed + excluded.changed, deleted = deleted + excluded.deleted",
            (device, added, changed, deleted),
        )


def write_changes(journal: Journal, me: changes.Device, folder: Path) -> int:
    """This device's changes since its last file, as one new file; how many rows it holds."""
    with transaction(journal):
        secret, fresh = _sealing_secret(journal, me, folder)
        pending = journal.execute(
            "SELECT table_name, row_key, version, base FROM _sync_rows WHERE pending"
        ).fetchall()
        claims = journal.execute(
            "SELECT line, version, entry FROM _sync_inbox WHERE pending"
        ).fetchall()
        found = journal.execute(
            "SELECT table_name, row_key, winner, loser, loser_values FROM sync_conflicts "
            "WHERE NOT shared ORDER BY table_name, row_key, loser"
        ).fetchall()
        if not pending and not claims and not found:
            return 0
        known = tables(journal)
        by_table: dict[str, list[tuple[str, str, str | None]]] = {}
        for table_name, key, version, base in pending:
            by_table.setdefault(table_name, []).append((key, version, base))
        records: list[dict[str, Any]] = []
        counted = [0, 0, 0]
        for table_name, rows in sorted(by_table.items()):
            table = known.get(table_name)
            if table is None:
                continue
            values = _current_values(journal, table, [key for key, _, _ in rows])
            # In the order the rows were made here (rowid; deletions last): a device reading
            # them adds them in that order, so rows tied on everything else (plan versions
            # made in the same second) list in the same order there.
            held = sorted(
                rows, key=lambda row: (values[row[0]][0] if row[0] in values else 2**63, row[0])
            )
            for key, version, base in held:
                found_values = values.get(key)
                records.append({"t": table_name, "k": key, "v": version, "b": base,
                                "d": found_values[1] if found_values else None})  # fmt: skip
                if table_name == "entries":
                    counted[0 if found_values and base is None else 1 if found_values else 2] += 1
        records += [{"inbox": line, "v": version, "e": entry} for line, version, entry in claims]
        # Conflicts found here travel too, so every device lists the same ones.
        records += [
            {"conflict": {"t": t, "k": k, "w": w, "l": lo, "d": v}} for t, k, w, lo, v in found
        ]
        number = files.next_batch_number(folder, me.id, me.batch)
        # What this device had read as it wrote: how readers tell "written after reading
        # that" from "concurrent with it" (causality, not shared bases).
        seen = dict(journal.execute("SELECT device, newest FROM _sync_peers WHERE newest != ''"))
        header = {"device": me.id, "batch": number, "name": socket.gethostname()[:40],
                  "written": clock.utc_now().isoformat(timespec="seconds"), "seen": seen}  # fmt: skip
        data = files.encode(header, records)
        if secret:
            data = files.seal(data, secret)
        path = files.device_folder(folder, me.id) / files.batch_name(number)
        try:
            files.make_private_dirs(folder, me.id)
            for stale in path.parent.glob(".*.tmp"):  # left by a kill: only this device writes here
                with contextlib.suppress(OSError):
                    os.unlink(stale)
            files.write_private(path, data)
        except files.Refused as refused:
            raise PainlogError(
                say(Msg.SYNC_FOLDER_UNWRITABLE, folder=folder, reason=refused.reason)
            ) from None
        except OSError as error:
            raise PainlogError(
                say(Msg.SYNC_FOLDER_UNWRITABLE, folder=folder, reason=error.strerror)
            ) from None
        if fresh:
            _drop_plain(folder, me, path.name)
        _count(journal, me.id, *counted)
        journal.execute("UPDATE _sync_rows SET pending = 0 WHERE pending")
        journal.execute("UPDATE _sync_inbox SET pending = 0 WHERE pending")
        journal.execute("UPDATE sync_conflicts SET shared = 1 WHERE NOT shared")
        journal.execute("UPDATE _sync_device SET batch = ?", (number,))
    return len(records)


# --- reading other devices' changes --------------------------------------------------------------


def check_peer_row(journal: Journal, table: str, values: dict[str, Any]) -> str | None:
    """Why a row read from another device may not be applied, or None: the library gate's
    check (``painlog.record.check_peer_row``), the same rules as ``add`` and ``import``."""
    from painlog import record  # lazy: the record gate only for a peer's row

    return record.check_peer_row(table, values)


@dataclass
class _File:
    """One changes file of another device, opened, authenticated and decoded."""

    batch: files.Batch
    header: dict[str, Any]
    records: list[dict[str, Any]]
    secret: str | None


class _Refusals:
    """Files and rows read and not applied: kept (with the reason) for status and doctor."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str, str, str]] = []  # device, file, what, reason
        self.checked: set[tuple[str, str]] = set()  # files looked at this time

    def add(self, device: str, file: str, reason: str, what: str = "") -> None:
        self.found.append((device, file, what, reason))

    def save(self, journal: Journal) -> None:
        now = clock.utc_now().isoformat(timespec="seconds")
        for device, file in self.checked:  # a file read whole this time is no longer refused
            journal.execute("DELETE FROM _sync_refused WHERE device = ? AND file = ?",
                            (device, file))  # fmt: skip
        journal.conn.executemany(
            "INSERT INTO _sync_refused (device, file, what, reason, found_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (device, file, what) DO UPDATE SET "
            "reason = excluded.reason",
            [(d, f, w, r[:300], now) for d, f, w, r in self.found],
        )


# Keys opened in this process (scrypt is slow by design): the one joining checked is not
# opened a second time by the reading that follows.
_OPENED: dict[tuple[str, str], str] = {}


def _peer_secret(journal: Journal, folder: Path, device: str) -> str:
    row = journal.execute("SELECT secret FROM _sync_peers WHERE device = ?", (device,)).fetchone()
    if row and row[0]:
        return row[0]
    opened = _OPENED.get((str(folder), device))
    if opened is not None:
        return opened
    return files.read_key(folder, device, passphrase(journal))


def _open(journal: Journal, folder: Path, batch: files.Batch, secrets: dict[str, Any]) -> _File:
    """The file, authenticated (an encrypted journal) and decoded; raises Refused, or OSError
    for a file not there (yet)."""
    data = files.read_regular(batch.path, files.CHANGES_LIMIT)
    secret = None
    sealed = data.startswith(files.AGE_MAGIC)
    if journal.passphrase is not None and not sealed:
        raise files.Refused(Msg.SYNC_REFUSED_PLAIN.value)
    if sealed:
        if journal.passphrase is None:
            raise files.Refused(Msg.SYNC_REFUSED_ENCRYPTED.value)
        if batch.device not in secrets:
            try:
                secrets[batch.device] = _peer_secret(journal, folder, batch.device)
            except files.Refused as refused:
                secrets[batch.device] = refused
        secret = secrets[batch.device]
        if isinstance(secret, files.Refused):
            raise secret
        opened = files.unseal(data, secret)
        if opened is None:
            raise files.Refused(Msg.SYNC_REFUSED_NOT_AUTHENTIC.value)
        data = opened
    decoded = files.decode(data)
    if decoded is None:
        whole = data.rstrip(b"\n").rsplit(b"\n", 1)[-1].startswith(b'{"end"')
        started = data.startswith(b'{"') and files.FORMAT.encode() in data[:200]
        raise files.Refused(
            Msg.SYNC_REFUSED_PARTIAL.value if started and not whole
            else Msg.SYNC_REFUSED_NOT_PAINLOG.value
        )  # fmt: skip
    header, records = decoded
    if header.get("device") != batch.device:
        raise files.Refused(Msg.SYNC_REFUSED_OTHER_DEVICE.value)
    return _File(batch, header, records, secret)


def _read_new(
    journal: Journal, folder: Path, me: changes.Device, refusals: _Refusals
) -> list[_File]:
    done = set(journal.execute("SELECT device, file FROM _sync_read").fetchall())
    found = []
    secrets: dict[str, Any] = {}
    listed: list[tuple[str, str, str]] = []
    for batch in files.batches(folder, listed):
        if batch.device == me.id or (batch.device, batch.name) in done:
            continue
        refusals.checked.add((batch.device, batch.name))
        try:
            found.append(_open(journal, folder, batch, secrets))
        except files.Refused as refused:
            refusals.add(batch.device, batch.name, refused.reason)
        except OSError:
            continue  # being delivered; read at a later exchange
    for device, name, reason in listed:
        refusals.checked.add((device, name))
        refusals.add(device, name, reason)
    return found


class _Applier:
    """Applies versions read from other devices (inside one transaction)."""

    def __init__(self, journal: Journal, me: changes.Device, refusals: _Refusals) -> None:
        self.journal = journal
        self.me = me
        self.refusals = refusals
        self.known = tables(journal)
        self.next_rowid: dict[str, int] = {}
        self.applied = 0
        self.conflicts = 0
        self.touched: set[str] = set()
        self.lost_entries: list[str] = []  # entries this device made from a line another took first
        self.newest = "0"
        self.ahead = _text_millis(clock.utc_millis() + AHEAD_MILLIS)
        (rows,) = journal.execute("SELECT count(*) FROM _sync_rows").fetchone()
        self.flood_limit = max(FLOOD_ROWS, int(rows * FLOOD_SHARE))
        self.counts: dict[str, list[int]] = {}  # device: entries added, changed, deleted
        # Versions applied and not yet written to _sync_rows / _sync_history: written in one
        # statement per exchange (flush), read back from here meanwhile.
        self.versions: dict[tuple[str, str], tuple[str, Any, Any]] = {}
        self.history: list[tuple[str, str, str, str | None]] = []
        self.preloaded: dict[tuple[str, str], tuple[str, Any, Any]] | None = None
        self.statements: dict[tuple[str, tuple[str, ...]], str] = {}
        self.origins: dict[str, dict[str, str] | None] = {}
        self._base: Any = None

    def preload(self) -> None:
        """Every row's version in one pass: cheaper than a look-up per row for a big read
        (a device joining a 10-year journal)."""
        self.preloaded = {
            (t, k): (v, b, o)
            for t, k, v, b, o in self.journal.execute(
                "SELECT table_name, row_key, version, base, origin FROM _sync_rows"
            )
        }

    def _local(self, table: str, key: str) -> tuple[str, Any, Any] | None:
        """(version, base, origin) this journal holds for a row, or None."""
        held = self.versions.get((table, key))
        if held is not None:
            return held
        if self.preloaded is not None:
            return self.preloaded.get((table, key))
        return self.journal.execute(
            "SELECT version, base, origin FROM _sync_rows WHERE table_name = ? AND row_key = ?",
            (table, key),
        ).fetchone()

    def flush(self) -> None:
        self.journal.conn.executemany(
            "INSERT OR IGNORE INTO _sync_history (table_name, row_key, version, prior) "
            "VALUES (?, ?, ?, ?)",
            self.history,
        )
        self.journal.conn.executemany(
            "INSERT INTO _sync_rows (table_name, row_key, version, base, pending, origin) "
            "VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT (table_name, row_key) DO UPDATE SET "
            "version = excluded.version, base = excluded.base, pending = 0, "
            "origin = excluded.origin",
            [(t, k, v, b, o) for (t, k), (v, b, o) in self.versions.items()],
        )
        self.history.clear()
        self.versions.clear()

    def _rowid(self, table: str) -> int:
        if table not in self.next_rowid:
            (in_table,) = self.journal.execute(
                f'SELECT coalesce(max(rowid), 0) FROM "{table}"'
            ).fetchone()
            # Rows undo may put back keep their rowids: never hand one of those out.
            (in_log,) = self.journal.execute(
                "SELECT coalesce(max(row_id), 0) FROM _undo_ops WHERE table_name = ?", (table,)
            ).fetchone()
            self.next_rowid[table] = max(in_table, in_log) + 1
        rowid = self.next_rowid[table]
        self.next_rowid[table] += 1
        return rowid

    def _row(self, table: Table, key: str) -> dict[str, Any] | None:
        names = ", ".join(f'"{column}"' for column in table.columns)
        row = self.journal.execute(
            f'SELECT {names} FROM "{table.name}" WHERE "{table.key}" = ?', (key,)
        ).fetchone()
        return dict(zip(table.columns, row, strict=True)) if row else None

    def _write(
        self, table: Table, key: str, values: dict[str, Any] | None, prior: Any
    ) -> str | None:
        """Put the row as ``values`` say, in one statement (a refused one changes nothing);
        which it was: added, changed, deleted (or None)."""
        journal = self.journal
        if values is None:
            cursor = journal.execute(f'DELETE FROM "{table.name}" WHERE "{table.key}" = ?', (key,))
            return "deleted" if cursor.rowcount else None
        columns = tuple(c for c in table.columns if c in values and c != table.key)
        statement = self.statements.get((table.name, columns))
        if statement is None:  # one statement per table and set of columns, made once
            names = ", ".join(f'"{column}"' for column in [table.key, *columns])
            marks = ", ".join("?" for _ in range(len(columns) + 1))
            sets = ", ".join(f'"{column}" = excluded."{column}"' for column in columns)
            statement = (
                f'INSERT INTO "{table.name}" (rowid, {names}) VALUES (?, {marks}) '
                f'ON CONFLICT ("{table.key}") DO ' + (f"UPDATE SET {sets}" if sets else "NOTHING")
            )
            self.statements[(table.name, columns)] = statement
        journal.conn.execute(
            statement, (self._rowid(table.name), key, *(values[c] for c in columns))
        )
        return "added" if prior is None else "changed"

    def _conflict(self, table: str, key: str, winner: str, loser: str, values: Any) -> None:
        cursor = self.journal.execute(
            "INSERT OR IGNORE INTO sync_conflicts (table_name, row_key, winner, loser, "
            "loser_values, found_at) VALUES (?, ?, ?, ?, ?, ?)",
            (table, key, winner, loser, None if values is None else json.dumps(values, sort_keys=True),
             clock.utc_now().isoformat(timespec="seconds")),
        )  # fmt: skip
        self.conflicts += cursor.rowcount

    def file(self, found: _File) -> None:
        """Every record of one file: rows first, then inbox claims (a claim names an entry
        that must exist, made by the claiming device), then conflicts another device kept."""
        device, name = found.batch.device, found.batch.name
        given = found.header.get("seen")
        seen = {
            peer: newest
            for peer, newest in (given.items() if isinstance(given, dict) else [])
            if isinstance(peer, str) and isinstance(newest, str) and _VERSION.fullmatch(newest)
        }
        origin = f"{device}/{name}"
        self.origins[origin] = seen
        self.journal.execute(
            "INSERT OR REPLACE INTO _sync_origins (origin, seen) VALUES (?, ?)",
            (origin, json.dumps(seen, sort_keys=True)),
        )
        rows = [r for r in found.records if "conflict" not in r and "inbox" not in r]
        deletes = 0
        for record in rows:
            if record.get("d") is None and isinstance(record.get("t"), str):
                local = self._local(str(record.get("t")), str(record.get("k")))
                if local is not None and not local[0].endswith(device):
                    deletes += 1
        flood = deletes > self.flood_limit
        if flood:
            self.refusals.add(device, name, say(Msg.SYNC_REFUSED_FLOOD, count=deletes,
                                                 limit=self.flood_limit))  # fmt: skip
        for record in rows:
            why = self.row(record, device, origin, skip_deletes=flood)
            if why:
                key = str(record.get("k"))[:40]
                self.refusals.add(device, name, say(Msg.SYNC_REFUSED_ROW, table=str(
                    record.get("t"))[:20], key=key[:8], reason=why), what=f"{record.get('t')} {key}")  # fmt: skip
        self.flush()  # claims read the versions just applied
        for record in found.records:
            if "inbox" in record:
                why = self.claim(record, device)
                if why:
                    self.refusals.add(device, name, why, what=f"inbox {str(record['inbox'])[:40]}")
            elif "conflict" in record:
                self.shared_conflict(record)

    def _seen(self, origin: str | None) -> dict[str, str] | None:
        if origin is None:
            return None
        if origin not in self.origins:
            row = self.journal.execute(
                "SELECT seen FROM _sync_origins WHERE origin = ?", (origin,)
            ).fetchone()
            self.origins[origin] = json.loads(row[0]) if row else None
        return self.origins[origin]

    def _concurrent(self, version: str, origin: str, local: tuple[str, Any, Any]) -> bool:
        """Neither device had read the other's version when it wrote its own: causality,
        from what each file says its device had read, whatever versions they were written
        over (a device that had not read the other's change is concurrent with it however
        many changes came between)."""
        local_version, local_base, local_origin = local
        writer, holder = version[-16:], local_version[-16:]
        if writer == holder:
            return False  # one device's versions are ordered by its own clock
        if (self._seen(origin) or {}).get(holder, "") >= local_version:
            return False  # the incoming version was written after reading the local one
        if holder == self.me.id:
            return True  # this device made the local one without having read the other
        seen = self._seen(local_origin)
        if seen is None:  # read before causality was recorded: the old rule
            return local_base is not None and local_base == self._base
        return seen.get(writer, "") < version

    def row(
        self, record: dict[str, Any], device: str, origin: str = "", skip_deletes: bool = False
    ) -> str | None:
        """Apply one row version; the reason it was refused, or None ("" when held)."""
        table = self.known.get(record.get("t"))  # type: ignore[arg-type]
        key, version, base, values = (
            record.get("k"),
            record.get("v"),
            record.get("b"),
            record.get("d"),
        )
        if table is None or not isinstance(key, str):
            return Msg.SYNC_REFUSED_NOT_PAINLOG.value
        if not isinstance(version, str) or not _VERSION.fullmatch(version):
            return say(Msg.SYNC_REFUSED_BAD_VERSION, version=repr(version)[:40])
        if not (base is None or (isinstance(base, str) and _VERSION.fullmatch(base))):
            return say(Msg.SYNC_REFUSED_BAD_VERSION, version=repr(base)[:40])
        if version[-16:] != device:
            return Msg.SYNC_REFUSED_OTHER_DEVICE.value
        if values is not None:
            if not _plain(values) or values.get(table.key, key) != key:
                return say(Msg.SYNC_REFUSED_VALUE, field="row")
            why = check_peer_row(
                self.journal, table.name, values
            )  # the gate: add's and import's rules
            if why:
                return why
        if version[:19] > self.ahead:
            self.journal.execute(
                "INSERT OR IGNORE INTO _sync_held (device, file, version, record) "
                "VALUES (?, ?, ?, ?)",
                (device, origin, version, json.dumps(record, sort_keys=True, ensure_ascii=False)),
            )
            return ""
        local = self._local(table.name, key)
        if values is None and local is not None and self._row(table, key) is not None:
            if skip_deletes and not local[0].endswith(device):
                return ""  # listed once for the whole file
            # A delete of a row its device never read: a blind flood. (Not for settings: their
            # key is their name, so a device may make and remove one another device also has.)
            if base is None and table.name != "settings":
                return Msg.SYNC_REFUSED_NEVER_HAD.value
        self.newest = max(self.newest, version)
        if local is not None:
            local_version = local[0]
            if version == local_version:
                return None  # read before: nothing to do
            self._base = base
            concurrent = self._concurrent(version, origin, local)
            if version < local_version:
                if concurrent:  # the later change won: this one is kept and listed
                    self._conflict(table.name, key, local_version, version, values)
                return None
            if concurrent:
                self._conflict(table.name, key, version, local_version, self._row(table, key))
        prior = None if local is None else self._row(table, key)  # never read: nothing before
        try:
            done = self._write(table, key, values, prior)
        except sqlite3.IntegrityError:  # one statement: nothing of it was applied
            return say(Msg.SYNC_REFUSED_VALUE, field="row")
        self.history.append(
            (table.name, key, version, None if prior is None else json.dumps(prior, sort_keys=True))
        )
        self.versions[(table.name, key)] = (version, base, origin or None)
        self.applied += 1
        self.touched.add(table.name)
        if table.name == "entries" and done:
            counted = self.counts.setdefault(device, [0, 0, 0])
            counted[("added", "changed", "deleted").index(done)] += 1
        return None

    def shared_conflict(self, record: dict[str, Any]) -> None:
        """A conflict another device found: kept here too (the loser's values as it kept them)."""
        found = record.get("conflict")
        if not isinstance(found, dict):
            return
        table, key, winner, loser, values = (found.get(name) for name in "tkwld")
        if table not in self.known or not all(isinstance(x, str) for x in (key, winner, loser)):
            return
        if not (_VERSION.fullmatch(winner) and _VERSION.fullmatch(loser)):  # type: ignore[arg-type]
            return
        if not (values is None or (isinstance(values, str) and len(values) <= TEXT_LIMIT)):
            return
        self.journal.execute(
            "INSERT OR IGNORE INTO sync_conflicts (table_name, row_key, winner, loser, "
            "loser_values, found_at, shared) VALUES (?, ?, ?, ?, ?, ?, 1)",
            (table, key, winner, loser, values, clock.utc_now().isoformat(timespec="seconds")),
        )

    def claim(self, record: dict[str, Any], device: str) -> str | None:
        """Another device took an inbox line: the first taker keeps its entry. A claim counts
        only when its device made the entry it names (so a forged claim cannot delete the
        entries this device made from its lines)."""
        line, version, entry = record.get("inbox"), record.get("v"), record.get("e")
        if not isinstance(line, str) or len(line) > 200:
            return Msg.SYNC_REFUSED_NOT_PAINLOG.value
        if not isinstance(version, str) or not _VERSION.fullmatch(version):
            return say(Msg.SYNC_REFUSED_BAD_VERSION, version=repr(version)[:40])
        if version[-16:] != device or version[:19] > self.ahead:
            return Msg.SYNC_REFUSED_OTHER_DEVICE.value
        made = None
        if isinstance(entry, str):
            made = self.journal.execute(
                "SELECT version FROM _sync_rows WHERE table_name = 'entries' AND row_key = ?",
                (entry,),
            ).fetchone()
        if made is None or not made[0].endswith(device):
            return Msg.SYNC_REFUSED_CLAIM.value
        self.newest = max(self.newest, version)
        local = self.journal.execute(
            "SELECT version, entry FROM _sync_inbox WHERE line = ?", (line,)
        ).fetchone()
        if local is not None and local[0] <= version:
            return None
        if local is not None and local[0].endswith(self.me.id) and local[1]:
            self.lost_entries.append(local[1])  # another device took this line first
        self.journal.execute(
            "INSERT INTO _sync_inbox (line, version, entry, pending, moved) VALUES (?, ?, ?, 0, 1) "
            "ON CONFLICT (line) DO UPDATE SET version = excluded.version, entry = excluded.entry, "
            "pending = 0",
            (line, version, entry),
        )
        return None

    def held(self) -> None:
        """Changes held for being ahead, applied once they no longer are."""
        for device, origin, version, text in self.journal.execute(
            "SELECT device, file, version, record FROM _sync_held "
            "WHERE substr(version, 1, 19) <= ?",
            (self.ahead,),
        ).fetchall():
            self.journal.execute(
                "DELETE FROM _sync_held WHERE device = ? AND version = ? AND record = ?",
                (device, version, text),
            )
            self.row(json.loads(text), device, origin)


def _written(given: Any) -> str | None:
    """A file's "written" time, when it is one (it is the writer's word, shown by status)."""

    try:
        moment = datetime.fromisoformat(str(given))
    except ValueError:
        return None
    if moment.tzinfo is None or not str(given).isascii() or len(str(given)) > 32:
        return None
    return moment.isoformat(timespec="seconds")


def _text_millis(millis: int) -> str:
    return f"{millis:013d}.99999"


def read_changes(journal: Journal, me: changes.Device, folder: Path, result: Exchange) -> None:
    """Apply every whole file of other devices not read yet, in one transaction; list what
    was refused or held."""
    refusals = _Refusals()
    new = _read_new(journal, folder, me, refusals)
    with transaction(journal):
        applier = _Applier(journal, me, refusals)
        if sum(len(found.records) for found in new) > 2000:
            applier.preload()
        applier.held()
        for found in new:
            batch, header = found.batch, found.header
            applier.file(found)
            journal.execute("INSERT OR IGNORE INTO _sync_read (device, file) VALUES (?, ?)",
                            (batch.device, batch.name))  # fmt: skip
            newest = max(
                (r["v"] for r in found.records
                 if isinstance(r.get("v"), str) and _VERSION.fullmatch(r["v"])
                 and r["v"][:19] <= applier.ahead),
                default="",
            )  # fmt: skip
            journal.execute(
                "INSERT INTO _sync_peers (device, newest, wrote_at, name, secret) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (device) DO UPDATE SET "
                "newest = max(newest, excluded.newest), "
                "wrote_at = max(coalesce(wrote_at, ''), coalesce(excluded.wrote_at, '')), "
                "name = coalesce(excluded.name, name), secret = coalesce(excluded.secret, secret)",
                (batch.device, newest, _written(header.get("written")),
                 str(header.get("name") or "")[:40] or None, found.secret),
            )  # fmt: skip
        applier.flush()
        for device, (added, changed, deleted) in applier.counts.items():
            _count(journal, device, added, changed, deleted)
        refusals.save(journal)
        if applier.newest > "0":
            changes.witness(journal, applier.newest)
    result.applied += applier.applied
    result.conflicts += applier.conflicts
    result.touched |= applier.touched
    result.refused_files += len(refusals.found)
    if applier.lost_entries:
        _forget_duplicates(journal, applier.lost_entries)


def _forget_duplicates(journal: Journal, entry_ids: list[str]) -> None:
    """Entries this device made from inbox lines another device took first: deleted, as a
    change of this device, so every device ends with the first taker's entry only."""
    marks = ", ".join("?" for _ in entry_ids)
    with transaction(journal, undo=say(Msg.SYNC_INBOX_DUPLICATES, count=len(entry_ids))):
        journal.execute(f"DELETE FROM entries WHERE id IN ({marks})", entry_ids)


# --- one exchange --------------------------------------------------------------------------------


def exchange(
    journal: Journal, *, read_always: bool = True, readable_calendar: bool = False
) -> Exchange:
    """Inbox, others' files (when FOLDER changed, or always), this device's file, calendar;
    one exchange at a time per journal. ``readable_calendar``: the person asked for
    painlog.ics although the journal is encrypted (it is readable in FOLDER)."""
    with one_at_a_time(journal):
        return _exchange(journal, read_always, readable_calendar)


def _exchange(journal: Journal, read_always: bool, readable_calendar: bool) -> Exchange:
    from painlog.sync import inbox  # lazy: the inbox only when an exchange runs

    me = changes.device(journal)
    if me is None:
        raise InvalidInput(Msg.SYNC_NOT_JOINED.value)
    folder = Path(me.folder)
    if not files.real_dir(files.root(folder)) or not files.real_dir(files.root(folder).parent):
        raise PainlogError(say(Msg.SYNC_FOLDER_GONE, folder=folder))
    result = Exchange()
    seen = files.fingerprint(folder, me.id)
    (held,) = journal.execute("SELECT count(*) FROM _sync_held").fetchone()
    if read_always or held or seen != me.fingerprint:
        read_changes(journal, me, folder, result)
        inbox.take(journal, folder, result)
        with transaction(journal):
            journal.execute("UPDATE _sync_device SET fingerprint = ?",
                            (files.fingerprint(folder, me.id),))  # fmt: skip
    me = changes.device(journal)
    assert me is not None
    pending_tables = {row[0] for row in journal.execute(
        "SELECT DISTINCT table_name FROM _sync_rows WHERE pending")}  # fmt: skip
    result.written = write_changes(journal, me, folder)
    calendar = folder / "painlog.ics"
    asked = readable_calendar and journal.passphrase is not None
    if asked or (result.touched | pending_tables) & _ICS_TABLES or not os.path.lexists(calendar):
        result.calendar = _refresh_calendar(journal, calendar, asked)
    return result


def _refresh_calendar(journal: Journal, path: Path, asked: bool = False) -> bool:
    """``painlog.ics`` in FOLDER; for an encrypted journal only when the person asks (it is
    readable there: drug names, dose times, visits)."""
    if journal.passphrase is not None and not asked:
        return False
    from painlog.formats.ics import calendar_bytes  # lazy: only with a calendar to refresh

    try:
        files.write_private(path, calendar_bytes(journal))
    except (OSError, files.Refused):
        return False
    return True


# --- revert --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reverted:
    rows: int  # rows put back as they were before DEVICE changed them
    kept: int  # rows another device changed after DEVICE: left as they are


def revert(journal: Journal, device: str, since_millis: int = 0) -> Reverted:
    """Take back what ``device`` changed (from ``since_millis`` on), as one undoable change of
    this device, which travels like any other. Each row goes back to what it held before the
    device's first change in that time; a row another device changed since is left alone."""
    me = changes.device(journal)
    if me is None:
        raise InvalidInput(Msg.SYNC_NOT_JOINED.value)
    known = {peer for (peer,) in journal.execute("SELECT device FROM _sync_peers")}
    matches = sorted(peer for peer in known if peer.startswith(device.lower()))
    if device.lower() == me.id[: len(device)].lower():
        raise InvalidInput(Msg.SYNC_REVERT_SELF.value)
    if len(matches) != 1:
        raise InvalidInput(say(Msg.SYNC_REVERT_UNKNOWN, device=device))
    (peer,) = matches
    since = f"{since_millis:013d}"
    history = journal.execute(
        "SELECT table_name, row_key, version, prior FROM _sync_history "
        "WHERE substr(version, 21) = ? AND version >= ? ORDER BY version",
        (peer, since),
    ).fetchall()
    first: dict[tuple[str, str], str | None] = {}
    for table_name, key, _version, prior in history:
        first.setdefault((table_name, key), prior)
    known_tables = tables(journal)
    put_back = kept = 0
    with transaction(journal, undo=say(Msg.SYNC_REVERT_UNDO, device=peer[:8])):
        for (table_name, key), prior in first.items():
            table = known_tables.get(table_name)
            current = journal.execute(
                "SELECT version FROM _sync_rows WHERE table_name = ? AND row_key = ?",
                (table_name, key),
            ).fetchone()
            if table is None or current is None:
                continue
            if not current[0].endswith(peer):
                kept += 1  # changed since by another device (or this one): theirs stands
                continue
            _put(journal, table, key, None if prior is None else json.loads(prior))
            put_back += 1
    return Reverted(put_back, kept)


def _put(journal: Journal, table: Table, key: str, values: dict[str, Any] | None) -> None:
    """A row as ``values`` say (None: absent), through painlog's own statements, inside an
    undo step (so the triggers record it and the change feed carries it)."""
    journal.execute(f'DELETE FROM "{table.name}" WHERE "{table.key}" = ?', (key,))
    if values is None:
        return
    columns = [column for column in table.columns if column in values]
    names = ", ".join(f'"{column}"' for column in columns)
    marks = ", ".join("?" for _ in columns)
    journal.execute(
        f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})',
        [values[column] for column in columns],
    )


# --- status --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Peer:
    device: str
    name: str | None
    wrote_at: str | None
    this_one: bool
    added: int = 0
    changed: int = 0
    deleted: int = 0


@dataclass(frozen=True)
class Refusal:
    device: str  # "" for a file of FOLDER itself (the inbox)
    file: str
    what: str  # the row, or "" for the whole file
    reason: str


@dataclass(frozen=True)
class Held:
    device: str
    version: str
    table: str
    key: str


@dataclass(frozen=True)
class Conflict:
    table: str
    key: str
    winner: str
    loser: str
    loser_values: dict[str, Any] | None


@dataclass(frozen=True)
class Status:
    folder: str
    device: str
    peers: list[Peer]
    waiting: int
    conflicts: list[Conflict]
    inbox_lines: int
    refused: list[Refusal] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)


def status(journal: Journal) -> Status:
    me = changes.device(journal)
    if me is None:
        raise InvalidInput(Msg.SYNC_NOT_JOINED.value)
    folder = Path(me.folder)
    known = {
        row[0]: row for row in journal.execute("SELECT device, name, wrote_at FROM _sync_peers")
    }
    mine = files.device_folder(folder, me.id)
    my_files = (
        sorted(p.name for p in mine.iterdir() if files.batch_number(p.name))
        if mine.is_dir()
        else []
    )
    my_time = None
    if my_files:
        my_time = _iso_mtime(mine / my_files[-1])
    counts = {
        row[0]: row[1:]
        for row in journal.execute("SELECT device, added, changed, deleted FROM _sync_counts")
    }
    peers = [Peer(me.id, socket.gethostname()[:40], my_time, True, *counts.get(me.id, (0, 0, 0)))]
    for device in sorted(set(files.devices(folder)) | set(known)):
        if device == me.id:
            continue
        row = known.get(device)
        peers.append(Peer(device, row[1] if row else None, row[2] if row else None, False,
                          *counts.get(device, (0, 0, 0))))  # fmt: skip
    (waiting,) = journal.execute("SELECT count(*) FROM _sync_rows WHERE pending").fetchone()
    conflicts = [
        Conflict(t, k, w, lo, json.loads(v) if v else None)
        for t, k, w, lo, v in journal.execute(
            "SELECT table_name, row_key, winner, loser, loser_values FROM sync_conflicts "
            "ORDER BY winner DESC"
        )
    ]
    refused = [
        Refusal(*row)
        for row in journal.execute(
            "SELECT device, file, what, reason FROM _sync_refused ORDER BY device, file, what"
        )
    ]
    held = []
    for device, version, text in journal.execute(
        "SELECT device, version, record FROM _sync_held ORDER BY version"
    ):
        record = json.loads(text)
        held.append(Held(device, version, str(record.get("t")), str(record.get("k"))))
    from painlog.sync import inbox  # lazy: the inbox only for `sync status`

    return Status(str(folder), me.id, peers, waiting, conflicts, inbox.waiting(folder),
                  refused, held)  # fmt: skip


def _iso_mtime(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
