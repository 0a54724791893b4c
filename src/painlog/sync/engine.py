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

import json
import re
import socket
import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from painlog import clock
from painlog.errors import InvalidInput, PainlogError
from painlog.messages import Msg, say
from painlog.record.gate import check_peer_row
from painlog.store import changes
from painlog.store.db import Journal, transaction
from painlog.store.undo import TABLES
from painlog.sync import folder as files

_VERSION = re.compile(r"\d{13}\.\d{5} [0-9a-f]{16}")
_ICS_TABLES = {"plan", "visits"}


@dataclass
class Exchange:
    """What one exchange did."""

    written: int = 0
    applied: int = 0
    conflicts: int = 0
    taken: list[str] = field(default_factory=list)  # ids of entries made from inbox lines
    refused: int = 0  # inbox lines left with a reason
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
    import os

    from painlog.store.cipher import PASSPHRASE_ENV

    held = journal.passphrase
    if isinstance(held, str):
        return held
    return getattr(held, "passphrase", None) or os.environ.get(PASSPHRASE_ENV) or None


# --- joining -------------------------------------------------------------------------------------


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
    try:
        files.root(folder).mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise PainlogError(
            say(Msg.SYNC_FOLDER_UNWRITABLE, folder=folder, reason=error.strerror)
        ) from None
    device_id = uuid.uuid4().hex[:16]
    files.device_folder(folder, device_id).mkdir(parents=True, exist_ok=True, mode=0o700)
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


def write_changes(journal: Journal, me: changes.Device, folder: Path) -> int:
    """This device's changes since its last file, as one new file; how many rows it holds."""
    with transaction(journal):
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
        records += [{"inbox": line, "v": version, "e": entry} for line, version, entry in claims]
        # Conflicts found here travel too, so every device lists the same ones.
        records += [
            {"conflict": {"t": t, "k": k, "w": w, "l": lo, "d": v}} for t, k, w, lo, v in found
        ]
        number = files.next_batch_number(folder, me.id, me.batch)
        header = {"device": me.id, "batch": number, "name": socket.gethostname()[:40],
                  "written": clock.utc_now().isoformat(timespec="seconds")}  # fmt: skip
        data = files.encode(header, records)
        secret = journal.execute("SELECT secret FROM _sync_device").fetchone()[0]
        if secret:
            data = files.seal(data, secret)
        path = files.device_folder(folder, me.id) / files.batch_name(number)
        try:
            files.write_private(path, data)
        except OSError as error:
            raise PainlogError(
                say(Msg.SYNC_FOLDER_UNWRITABLE, folder=folder, reason=error.strerror)
            ) from None
        journal.execute("UPDATE _sync_rows SET pending = 0 WHERE pending")
        journal.execute("UPDATE _sync_inbox SET pending = 0 WHERE pending")
        journal.execute("UPDATE sync_conflicts SET shared = 1 WHERE NOT shared")
        journal.execute("UPDATE _sync_device SET batch = ?", (number,))
    return len(records)


# --- reading other devices' changes --------------------------------------------------------------


def _peer_secret(journal: Journal, folder: Path, device: str) -> str:
    row = journal.execute("SELECT secret FROM _sync_peers WHERE device = ?", (device,)).fetchone()
    if row and row[0]:
        return row[0]
    return files.read_key(folder, device, passphrase(journal))


def _read_new(
    journal: Journal, folder: Path, me: changes.Device
) -> list[tuple[files.Batch, dict, list, str | None]]:
    done = set(journal.execute("SELECT device, file FROM _sync_read").fetchall())
    found = []
    secrets: dict[str, str] = {}
    for batch in files.batches(folder):
        if batch.device == me.id or (batch.device, batch.name) in done:
            continue
        try:
            data = batch.path.read_bytes()
        except OSError:
            continue  # being delivered; read at a later exchange
        secret = None
        if data.startswith(files.AGE_MAGIC):
            if batch.device not in secrets:
                secrets[batch.device] = _peer_secret(journal, folder, batch.device)
            secret = secrets[batch.device]
            opened = files.unseal(data, secret)
            if opened is None:
                continue
            data = opened
        decoded = files.decode(data)
        if decoded is None or decoded[0].get("device") != batch.device:
            continue  # not whole yet (or not a painlog file): left for a later exchange
        found.append((batch, decoded[0], decoded[1], secret))
    return found


class _Applier:
    """Applies versions read from other devices (inside one transaction)."""

    def __init__(self, journal: Journal, me: changes.Device) -> None:
        self.journal = journal
        self.me = me
        self.known = tables(journal)
        self.next_rowid: dict[str, int] = {}
        self.applied = 0
        self.conflicts = 0
        self.touched: set[str] = set()
        self.lost_entries: list[str] = []  # entries this device made from a line another took first
        self.newest = "0"
        self.source = ("", "")  # (device, file) of the records being applied
        self.refused: list[str] = []  # rows the gate refused: never applied

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

    def _write(self, table: Table, key: str, values: dict[str, Any] | None) -> None:
        journal = self.journal
        if values is None:
            journal.execute(f'DELETE FROM "{table.name}" WHERE "{table.key}" = ?', (key,))
            return
        columns = [column for column in table.columns if column in values and column != table.key]
        given = [values[column] for column in columns]
        exists = journal.execute(
            f'SELECT 1 FROM "{table.name}" WHERE "{table.key}" = ?', (key,)
        ).fetchone()
        if exists:
            if columns:
                sets = ", ".join(f'"{column}" = ?' for column in columns)
                journal.execute(
                    f'UPDATE "{table.name}" SET {sets} WHERE "{table.key}" = ?', (*given, key)
                )
            return
        names = ", ".join(f'"{column}"' for column in [table.key, *columns])
        marks = ", ".join("?" for _ in range(len(columns) + 1))
        journal.execute(
            f'INSERT INTO "{table.name}" (rowid, {names}) VALUES (?, {marks})',
            (self._rowid(table.name), key, *given),
        )

    def _conflict(self, table: str, key: str, winner: str, loser: str, values: Any) -> None:
        cursor = self.journal.execute(
            "INSERT OR IGNORE INTO sync_conflicts (table_name, row_key, winner, loser, "
            "loser_values, found_at) VALUES (?, ?, ?, ?, ?, ?)",
            (table, key, winner, loser, None if values is None else json.dumps(values, sort_keys=True),
             clock.utc_now().isoformat(timespec="seconds")),
        )  # fmt: skip
        self.conflicts += cursor.rowcount

    def row(self, record: dict[str, Any]) -> None:
        table = self.known.get(record.get("t"))  # type: ignore[arg-type]
        key, version, base, values = (
            record.get("k"),
            record.get("v"),
            record.get("b"),
            record.get("d"),
        )
        if table is None or not isinstance(key, str) or not isinstance(version, str):
            return
        if not _VERSION.fullmatch(version) or not (base is None or isinstance(base, str)):
            return
        if values is not None and (not _plain(values) or values.get(table.key, key) != key):
            return
        why = check_peer_row(table.name, values)  # the gate: add's and import's rules
        if why is not None:
            device, file = self.source
            self.refused.append(say(Msg.RECORD_PEER_REFUSED, device=device, file=file,
                                    table=table.name, key=key[:8], reason=why))  # fmt: skip
            return
        self.newest = max(self.newest, version)
        local = self.journal.execute(
            "SELECT version, base FROM _sync_rows WHERE table_name = ? AND row_key = ?",
            (table.name, key),
        ).fetchone()
        if local is not None:
            local_version, local_base = local
            if version == local_version:
                return  # read before: nothing to do
            if version < local_version:
                if base == local_base:  # written over the same version: a conflict it loses
                    self._conflict(table.name, key, local_version, version, values)
                return
            if base == local_base:
                self._conflict(table.name, key, version, local_version, self._row(table, key))
        try:
            with _savepoint(self.journal):
                self._write(table, key, values)
        except sqlite3.IntegrityError:
            return  # values painlog's own table refuses: not applied
        self.journal.execute(
            "INSERT INTO _sync_rows (table_name, row_key, version, base, pending) "
            "VALUES (?, ?, ?, ?, 0) ON CONFLICT (table_name, row_key) DO UPDATE SET "
            "version = excluded.version, base = excluded.base, pending = 0",
            (table.name, key, version, base),
        )
        self.applied += 1
        self.touched.add(table.name)

    def shared_conflict(self, record: dict[str, Any]) -> None:
        """A conflict another device found: kept here too (the loser's values as it kept them)."""
        found = record.get("conflict")
        if not isinstance(found, dict):
            return
        table, key, winner, loser, values = (found.get(name) for name in "tkwld")
        if table not in self.known or not all(isinstance(x, str) for x in (key, winner, loser)):
            return
        if not (values is None or isinstance(values, str)):
            return
        self.journal.execute(
            "INSERT OR IGNORE INTO sync_conflicts (table_name, row_key, winner, loser, "
            "loser_values, found_at, shared) VALUES (?, ?, ?, ?, ?, ?, 1)",
            (table, key, winner, loser, values, clock.utc_now().isoformat(timespec="seconds")),
        )

    def claim(self, record: dict[str, Any]) -> None:
        line, version, entry = record.get("inbox"), record.get("v"), record.get("e")
        if (
            not isinstance(line, str)
            or not isinstance(version, str)
            or not _VERSION.fullmatch(version)
        ):
            return
        self.newest = max(self.newest, version)
        local = self.journal.execute(
            "SELECT version, entry FROM _sync_inbox WHERE line = ?", (line,)
        ).fetchone()
        if local is not None and local[0] <= version:
            return
        if local is not None and local[0].endswith(self.me.id) and local[1]:
            self.lost_entries.append(local[1])  # another device took this line first
        self.journal.execute(
            "INSERT INTO _sync_inbox (line, version, entry, pending, moved) VALUES (?, ?, ?, 0, 0) "
            "ON CONFLICT (line) DO UPDATE SET version = excluded.version, entry = excluded.entry, "
            "pending = 0",
            (line, version, entry if isinstance(entry, str) else None),
        )


class _savepoint:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    def __enter__(self) -> None:
        self.journal.execute("SAVEPOINT sync_row")

    def __exit__(self, kind: Any, *rest: Any) -> None:
        if kind is None:
            self.journal.execute("RELEASE sync_row")
        else:
            self.journal.execute("ROLLBACK TO sync_row")
            self.journal.execute("RELEASE sync_row")


def read_changes(journal: Journal, me: changes.Device, folder: Path, result: Exchange) -> None:
    """Apply every whole file of other devices not read yet, in one transaction."""
    new = _read_new(journal, folder, me)
    if not new:
        return
    with transaction(journal):
        applier = _Applier(journal, me)
        for batch, header, records, secret in new:
            applier.source = (batch.device, batch.name)
            for record in records:
                if "conflict" in record:
                    applier.shared_conflict(record)
                elif "inbox" in record:
                    applier.claim(record)
                else:
                    applier.row(record)
            journal.execute("INSERT OR IGNORE INTO _sync_read (device, file) VALUES (?, ?)",
                            (batch.device, batch.name))  # fmt: skip
            newest = max((r.get("v") for r in records if isinstance(r.get("v"), str)), default="")
            journal.execute(
                "INSERT INTO _sync_peers (device, newest, wrote_at, name, secret) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (device) DO UPDATE SET "
                "newest = max(newest, excluded.newest), "
                "wrote_at = max(coalesce(wrote_at, ''), coalesce(excluded.wrote_at, '')), "
                "name = coalesce(excluded.name, name), secret = coalesce(excluded.secret, secret)",
                (batch.device, newest, str(header.get("written") or ""),
                 str(header.get("name") or "")[:40] or None, secret),
            )  # fmt: skip
        if applier.newest > "0":
            changes.witness(journal, applier.newest)
    result.applied += applier.applied
    result.conflicts += applier.conflicts
    result.warnings += applier.refused
    result.touched |= applier.touched
    if applier.lost_entries:
        _forget_duplicates(journal, applier.lost_entries)


def _forget_duplicates(journal: Journal, entry_ids: list[str]) -> None:
    """Entries this device made from inbox lines another device took first: deleted, as a
    change of this device, so every device ends with the first taker's entry only."""
    marks = ", ".join("?" for _ in entry_ids)
    with transaction(journal, undo=say(Msg.SYNC_INBOX_DUPLICATES, count=len(entry_ids))):
        journal.execute(f"DELETE FROM entries WHERE id IN ({marks})", entry_ids)


# --- one exchange --------------------------------------------------------------------------------


def exchange(journal: Journal, *, read_always: bool = True) -> Exchange:
    """Inbox, others' files (when FOLDER changed, or always), this device's file, calendar."""
    from painlog.sync import inbox

    me = changes.device(journal)
    if me is None:
        raise InvalidInput(Msg.SYNC_NOT_JOINED.value)
    folder = Path(me.folder)
    if not files.root(folder).is_dir():
        raise PainlogError(say(Msg.SYNC_FOLDER_GONE, folder=folder))
    result = Exchange()
    seen = files.fingerprint(folder, me.id)
    if read_always or seen != me.fingerprint:
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
    if (result.touched | pending_tables) & _ICS_TABLES or not calendar.exists():
        result.calendar = _refresh_calendar(journal, calendar)
    return result


def _refresh_calendar(journal: Journal, path: Path) -> bool:
    """``painlog.ics`` in FOLDER; not for an encrypted journal (it would be readable there)."""
    if journal.passphrase is not None:
        return False
    from painlog.formats.ics import calendar_bytes

    try:
        files.write_private(path, calendar_bytes(journal))
    except OSError:
        return False
    return True


# --- status --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Peer:
    device: str
    name: str | None
    wrote_at: str | None
    this_one: bool


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
    peers = [Peer(me.id, socket.gethostname()[:40], my_time, True)]
    for device in sorted(set(files.devices(folder)) | set(known)):
        if device == me.id:
            continue
        row = known.get(device)
        peers.append(Peer(device, row[1] if row else None, row[2] if row else None, False))
    (waiting,) = journal.execute("SELECT count(*) FROM _sync_rows WHERE pending").fetchone()
    conflicts = [
        Conflict(t, k, w, lo, json.loads(v) if v else None)
        for t, k, w, lo, v in journal.execute(
            "SELECT table_name, row_key, winner, loser, loser_values FROM sync_conflicts "
            "ORDER BY winner DESC"
        )
    ]
    inbox_file = folder / "inbox.txt"
    lines = 0
    if inbox_file.exists():
        lines = sum(1 for line in inbox_file.read_text(encoding="utf-8", errors="replace").splitlines()
                    if line.strip() and not line.startswith("#"))  # fmt: skip
    return Status(str(folder), me.id, peers, waiting, conflicts, lines)


def _iso_mtime(path: Path) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
