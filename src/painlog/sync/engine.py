"""Joining a folder, and one exchange with it: take the inbox, read others, write ours.

The merge is Loro's (docs/sync.md "How changes merge"): each device keeps Loro documents
(painlog.sync.replica, one per shard of the keys), fed by the change capture undo already uses
(``_sync_rows`` marked pending by painlog.store.changes) and written to FOLDER as updates
holding only its own operations. Reading imports the other devices' updates into the
documents; for every row whose value changed there, the value Loro chose (its map's last-writer-wins: a causally later write
always wins) is applied to SQLite through the gate, and a write Loro's version vectors show
was concurrent with the winner (not in the past of the winner's change) is kept and listed as
the loser. painlog's own code decides no causality; it keeps the trust boundary (what a file
may hold, the gate, size limits, held changes, the flood limit) and the version stamps shown
to people (a hybrid logical clock reading and the device id).

Applying a value goes through painlog's own parameterised statements on painlog's own tables
and columns, outside any undo step, so nothing applied is captured again (no echo).
"""

from __future__ import annotations

import contextlib
import json
import os
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
from painlog.store.undo import quiet_inserts
from painlog.sync import folder as files
from painlog.sync import replica as loro_replica
from painlog.sync.replica import Op, Replica
from painlog.sync.shared import (
    _ICS_TABLES,
    _OPENED,
    _VERSION,
    ROW_LIMIT,
    Exchange,
    RowApplier,
    Table,
    _count,
    _forget_duplicates,
    _plain,
    _Refusals,
    _written,
    folder_errors,
    host_name,
    learn_keyring,
    passphrase,
    pending_changes,
    pending_in_order,
    read_new,
    tables,
    unsealed,
    write_keys,
    write_own_file,
)

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
            opened = files.read_key(folder, device, passphrase(journal))
        except files.Refused:
            continue  # a planted or broken key.age says nothing; try the next device
        _OPENED[(str(folder), device)] = opened
        learn_keyring(folder, device, opened)  # the other devices' keys, with no scrypt each
        return


def folder_given(text: str) -> Path:
    """FOLDER as typed, made absolute; refused when empty (``sync ""`` or an unset variable
    would join the current directory and write the calendar there) or not a folder."""
    if not text.strip():
        raise InvalidInput(
            say(Msg.INVALID, field="FOLDER", given=text, accepted=Msg.FORM_SYNC_FOLDER)
        )
    if "\x00" in text:
        raise InvalidInput(Msg.NUL_ARGUMENT.value)
    folder = Path(text).expanduser().absolute()
    _refuse_unless_folder(folder)
    return folder


def _refuse_unless_folder(folder: Path) -> None:
    """FOLDER must be a folder, or not be there yet (painlog makes it)."""
    try:
        not_a_folder = folder.exists() and not folder.is_dir()
    except (OSError, ValueError):  # too long, a NUL in it, a path the system refuses
        not_a_folder = True
    if not_a_folder:
        raise InvalidInput(
            say(Msg.INVALID, field="FOLDER", given=folder, accepted=Msg.FORM_SYNC_FOLDER)
        )


def _make_private_folder(folder: Path) -> None:
    """FOLDER and each missing folder above it, made owner-only whatever the umask."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(mode=0o700)
        os.chmod(made, 0o700)


def join(journal: Journal, folder: Path) -> changes.Device:
    """This journal joins ``folder``: a device id, and every row it holds waits to be written."""
    me = changes.device(journal)
    if me is not None:
        if Path(me.folder) != folder:
            raise InvalidInput(say(Msg.SYNC_OTHER_FOLDER, folder=me.folder, given=folder))
        return me
    _refuse_unless_folder(folder)
    device_id = uuid.uuid4().hex[:16]
    with folder_errors(folder):
        _make_private_folder(folder)  # created by painlog: owner-only whatever the umask
        files.make_private_dirs(folder)
        _check_the_key(journal, folder)
        files.make_private_dirs(folder, device_id)
    secret = None
    if journal.passphrase is not None:
        typed = passphrase(journal)
        if typed is None:
            raise PainlogError(say(Msg.SYNC_NEEDS_PASSPHRASE_ONCE))
        secret = files.new_identity()
        known = {d: k for (f, d), k in _OPENED.items() if f == str(folder)}
        # Its key, given to each device it knows (an X25519 sealing each, no scrypt): they
        # read its files with it, and put it in their keyrings for devices that join later.
        # Its own key.age (scrypt) waits for its next exchange; the first device's cannot.
        for other, key in sorted(known.items()):
            files.write_private(files.key_for_path(folder, device_id, other),
                                files.seal(secret.encode("ascii"), key))  # fmt: skip
        if not known:
            files.publish_key(folder, device_id, secret, typed)
    with transaction(journal):
        reading = changes.tick("0000000000000.00000")
        journal.execute(
            "INSERT INTO _sync_device (id, folder, clock, batch, fingerprint, joined_at, secret, "
            "exported) VALUES (?, ?, ?, 0, NULL, ?, ?, 0)",
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


def _sealing_secret(journal: Journal, me: changes.Device, folder: Path) -> tuple[str | None, bool]:
    """This device's key for its files, or None for a plain journal. A device that joined
    before its journal was encrypted gets its key now, and writes its own operations again, sealed:
    its plain files are removed once the sealed one is in place (``_drop_plain``)."""
    secret = journal.execute("SELECT secret FROM _sync_device").fetchone()[0]
    if journal.passphrase is None or secret:
        return secret or None, False
    typed = passphrase(journal)
    if typed is None:
        raise PainlogError(say(Msg.SYNC_NEEDS_PASSPHRASE_ONCE))
    secret = files.new_identity()
    with folder_errors(folder):
        files.make_private_dirs(folder, me.id)
        files.publish_key(folder, me.id, secret, typed)
    journal.execute("UPDATE _sync_device SET secret = ?", (secret,))
    # Every operation of this device again, in one sealed file (its plain ones are removed).
    journal.execute("UPDATE _sync_doc SET exported = 0")
    return secret, True


def _drop_plain(journal: Journal, folder: Path, me: changes.Device, keep: str) -> None:
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
    if not _readable_calendar(journal, None):
        _remove_calendar(folder)


def _exported(journal: Journal) -> int | None:
    """How many of this device's operations its files hold (None: a device that has not
    moved from the old files to its Loro document yet)."""
    row = journal.execute("SELECT exported FROM _sync_device").fetchone()
    return None if row is None else row[0]


def _feed(journal: Journal, me: changes.Device, replica: Replica) -> None:
    """This device's pending rows, inbox claims and new conflicts into its document, as its
    own operations (inside the caller's transaction); each row's winning operation noted."""
    pending, claims, found = pending_changes(journal)
    if not pending and not claims and not found:
        return
    start = replica.version()
    known = tables(journal)
    counted = [0, 0, 0]
    for table_name, key, version, base, found_values in pending_in_order(journal, pending, known):
        # A value this device writes carries its own name (a row seeded from the old files
        # may hold another device's version: its moment is kept).
        stamp = version if version.endswith(me.id) else f"{version[:19]} {me.id}"
        record: dict[str, Any] = {"v": stamp, "d": found_values[1] if found_values else None}
        if found_values is None:
            record["b"] = base
        replica.put(table_name, key, json.dumps(record, sort_keys=True, ensure_ascii=False))
        if table_name == "entries":
            counted[0 if found_values and base is None else 1 if found_values else 2] += 1
    for line, version, entry in claims:
        replica.put("inbox", f"{line} {me.id}", json.dumps({"v": version, "e": entry}))
    for t, k, w, lo, v in found:
        replica.put("conflicts", f"{t} {k} {lo}",
                    json.dumps({"t": t, "k": k, "w": w, "l": lo, "d": v}, sort_keys=True))  # fmt: skip
    replica.commit()
    ops = [(op.container, op.key, op.counter) for op in replica.ops_since(start)
           if op.peer == replica.peer]  # fmt: skip
    journal.conn.executemany(
        "UPDATE _sync_rows SET op = ? WHERE table_name = ? AND row_key = ?",
        [(loro_replica.op_text(replica.peer, c), t, k) for t, k, c in ops if t in known],
    )
    _count(journal, me.id, *counted)
    journal.execute("UPDATE _sync_rows SET pending = 0 WHERE pending")
    journal.execute("UPDATE _sync_inbox SET pending = 0 WHERE pending")
    journal.execute("UPDATE sync_conflicts SET shared = 1 WHERE NOT shared")
    replica.save()


def write_changes(journal: Journal, me: changes.Device, folder: Path, replica: Replica) -> int:
    """This device's changes since its last file, as one new file (only this device's
    operations, from the counter its files reached); how many operations it holds."""
    with transaction(journal):
        secret, fresh = _sealing_secret(journal, me, folder)
        if secret:
            # The keyring; the key.age of a device that joined with keys given, from its second
            # exchange (a failure here is retried at the next; its files are written below).
            with contextlib.suppress(OSError, files.Refused):
                write_keys(
                    journal, folder, me.id, secret, passphrase(journal) if me.batch else None
                )
        _feed(journal, me, replica)
        blobs, count = replica.mine()
        if not blobs:
            return 0
        number = files.next_batch_number(folder, me.id, me.batch)
        header = {"device": me.id, "batch": number, "name": host_name(),
                  "written": clock.utc_now().isoformat(timespec="seconds")}  # fmt: skip
        data = loro_replica.envelope(header, blobs)
        if secret:
            data = files.seal(data, secret)
        path = files.device_folder(folder, me.id) / files.batch_name(number)
        write_own_file(folder, me.id, path, data)
        if fresh:
            _drop_plain(journal, folder, me, path.name)
        journal.execute("UPDATE _sync_device SET batch = ?", (number,))
        replica.written()
    return count


# --- reading other devices' changes --------------------------------------------------------------


@dataclass
class _File:
    """One changes file of another device, opened, authenticated and checked."""

    batch: files.Batch
    header: dict[str, Any]
    blobs: dict[str, tuple[bytes, int, int]]  # shard: its update, counters [start, end)
    secret: str | None


def _open(journal: Journal, folder: Path, batch: files.Batch, secrets: dict[str, Any]) -> _File:
    """The file, authenticated, unwrapped and its Loro update checked before anything of it
    is imported: only its own device's operations (raises Refused)."""
    data, secret = unsealed(journal, folder, batch, secrets)
    opened = loro_replica.open_envelope(data)
    if isinstance(opened, str):
        raise files.Refused(opened)
    header, blobs = opened
    if header.get("device") != batch.device:
        raise files.Refused(Msg.SYNC_REFUSED_OTHER_DEVICE.value)
    checked = {}
    for shard, blob in blobs.items():
        span = loro_replica.check_blob(blob, batch.device)
        if isinstance(span, str):
            raise files.Refused(span)
        checked[shard] = (blob, *span)
    return _File(batch, header, checked, secret)


def _stamped(text: Any) -> dict[str, Any] | None:
    """A value of a row map as painlog writes it (``{"v", "d"[, "b"]}``), or None."""
    if not isinstance(text, str) or len(text) > ROW_LIMIT:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


@dataclass
class _Key:
    """One row key the import changed: the last operation of each peer on it, in order."""

    table: str
    key: str
    shard: str  # its container (``replica.container(table, key)``)
    last: dict[int, tuple[int, Any]] = field(default_factory=dict)  # peer: (counter, value)


class _Applier(RowApplier):
    """Applies the values Loro chose to SQLite (inside one transaction)."""

    third = "op"  # beside each row's version and base: the Loro operation its value came from

    def __init__(
        self, journal: Journal, me: changes.Device, refusals: _Refusals, replica: Replica
    ) -> None:
        super().__init__(journal, me, refusals)
        self.replica = replica
        self.newest_of: dict[str, str] = {}  # device: the newest version applied from it
        # New rows waiting for one statement each: (values, (device, file, table))
        self.added: dict[str, list[tuple[tuple[Any, ...], tuple[str, str, str]]]] = {}
        # (device, shard): (start, end, file) of each file read
        self.spans: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
        self.pending = set(
            journal.execute("SELECT table_name, row_key FROM _sync_rows WHERE pending").fetchall()
        )

    def _add_rows(self) -> None:
        """The new rows of this read, one statement per table and set of columns (a device
        joining a 10-year journal adds 22,000); a row SQLite refuses is refused alone."""
        connection = self.journal.conn
        for statement, rows in self.added.items():
            connection.execute("SAVEPOINT painlog_added")
            try:
                with quiet_inserts(self.journal, rows[0][1][2], len(rows)):
                    connection.executemany(statement, [given for given, _ in rows])
            except sqlite3.IntegrityError:
                connection.execute("ROLLBACK TO painlog_added")
                for given, (device, name, table) in rows:
                    try:
                        connection.execute(statement, given)
                    except sqlite3.IntegrityError:
                        key = str(given[1])
                        self.versions.pop((table, key), None)
                        self.history = [h for h in self.history if h[:2] != (table, key)]
                        self.applied -= 1
                        if table == "entries":
                            self.counts[device][0] -= 1
                        self.refusals.add(device, name, say(Msg.SYNC_REFUSED_ROW,
                                          table=table, key=key[:8],
                                          reason=say(Msg.SYNC_REFUSED_VALUE, field="row")),
                                          what=f"{table} {key[:40]}")  # fmt: skip
            connection.execute("RELEASE painlog_added")
        self.added.clear()

    def flush(self) -> None:
        self._add_rows()
        super().flush()

    def _write(
        self,
        table: Table,
        key: str,
        values: dict[str, Any] | None,
        prior: Any,
        where: tuple[str, str, str] | None = None,
    ) -> str | None:
        """``RowApplier._write``, but a new row (``where``: its device, file and table) waits
        to be added with the others at flush, one statement for them all."""
        if values is not None and prior is None and where is not None:
            statement, given = self._put(table, key, values)
            self.added.setdefault(statement, []).append((given, where))
            return "added"
        return super()._write(table, key, values, prior)

    def file_of(self, device: str, shard: str, counter: int) -> str:
        for start, end, name in self.spans.get((device, shard), []):
            if start <= counter < end:
                return name
        return ""

    # --- what Loro chose ------------------------------------------------------------------

    def apply(self, ops: list[Op]) -> None:
        """Every operation the import brought: rows first (the value Loro chose for each key
        changed, and the writes concurrent with it kept as losers), then inbox claims (a claim
        names an entry that must exist, made by the claiming device), then conflicts another
        device kept."""
        keys: dict[tuple[str, str], _Key] = {}
        for op in ops:
            if op.container in self.known:
                found = keys.get((op.container, op.key))
                if found is None:  # an op of a table holds a key of its own shard (ops_since)
                    found = keys[(op.container, op.key)] = _Key(op.container, op.key, op.shard)
                found.last[op.peer] = (op.counter, op.value)
            elif op.container not in ("inbox", "conflicts"):
                device = loro_replica.device_of(op.peer)
                self.refusals.add(device, self.file_of(device, op.shard, op.counter),
                                  Msg.SYNC_REFUSED_NOT_PAINLOG.value,
                                  what=f"{op.container[:20]} {op.key[:40]}")  # fmt: skip
        chosen = [found for found in (self._choose(k) for k in keys.values()) if found]
        deletes: dict[tuple[str, str], int] = {}
        for table, key, device, name, _op, value in chosen:
            if value is not None and value.get("d") is None:
                local = self._local(table, key)
                if local is not None and not str(local[0]).endswith(device):
                    deletes[(device, name)] = deletes.get((device, name), 0) + 1
        flooding = {where for where, count in deletes.items() if count > self.flood_limit}
        for device, name in sorted(flooding):
            self.refusals.add(device, name, say(Msg.SYNC_REFUSED_FLOOD,
                                                count=deletes[(device, name)],
                                                limit=self.flood_limit))  # fmt: skip
        for table, key, device, name, op_id, value in chosen:
            why = self.row(self.known[table], key, value, device, name, op_id,
                           skip_deletes=(device, name) in flooding)  # fmt: skip
            if why:
                self.refusals.add(device, name, say(Msg.SYNC_REFUSED_ROW, table=table[:20],
                                  key=key[:8], reason=why), what=f"{table} {key[:40]}")  # fmt: skip
        self.flush()  # claims read the versions just applied
        for op in ops:
            device = loro_replica.device_of(op.peer)
            if op.container == "inbox":
                line, _, claimed = op.key.rpartition(" ")
                value = _stamped(op.value) or {}
                why = (
                    Msg.SYNC_REFUSED_OTHER_DEVICE.value
                    if claimed != device
                    else self.claim({"inbox": line, "v": value.get("v"), "e": value.get("e")},
                                    device)
                )  # fmt: skip
                if why:
                    self.refusals.add(device, self.file_of(device, op.shard, op.counter), why,
                                      what=f"inbox {line[:40]}")  # fmt: skip
            elif op.container == "conflicts":
                self.shared_conflict({"conflict": _stamped(op.value)})

    def _choose(self, found: _Key) -> tuple[str, str, str, str, str, dict | None] | None:
        """Loro's winner for one key, when it is new here: (table, key, device, file, op,
        value); the writes concurrent with it are kept as losers on the way."""
        table = self.known[found.table]
        shard = found.shard
        editor = self.replica.editor(found.table, found.key, shard)
        local = self._local(found.table, found.key)
        stored = loro_replica.parse_op(local[2]) if local else None
        new = editor in found.last
        winner: tuple[int, int]
        if new:
            assert editor is not None
            winner = (editor, found.last[editor][0])
            winning = _stamped(found.last[editor][1])
            win_version = str((winning or {}).get("v"))
            win_values = (winning or {}).get("d")
        elif stored is not None and stored[0] == editor:
            winner, winning = stored, None  # what this journal holds still wins
            win_version = str(local[0]) if local else ""
            win_values = self._row(table, found.key)
        else:
            return None  # a value not applied here (refused, held) still wins
        # Losers are kept only beside a winner painlog would apply (a refused winner is
        # listed as refused; the journal keeps what it held).
        contested = any((p, c) != winner for p, (c, _) in found.last.items()) or (
            stored is not None and stored != winner
        )
        if contested and (not new or self._honest(table, found.key, winning, winner[0])):
            self._losers(found, table, shard, winner, win_version, win_values, stored, local)
        if not new or winner == stored:
            return None
        device = loro_replica.device_of(winner[0])
        return (found.table, found.key, device, self.file_of(device, shard, winner[1]),
                loro_replica.op_text(*winner), winning)  # fmt: skip

    def _losers(
        self,
        found: _Key,
        table: Table,
        shard: str,
        winner: tuple[int, int],
        win_version: str,
        win_values: Any,
        stored: tuple[int, int] | None,
        local: tuple[str, Any, Any] | None,
    ) -> None:
        """Every write on the key Loro's winner had not read (concurrent with it): kept."""
        losers: list[tuple[tuple[int, int], str, Any]] = []
        for peer, (counter, text) in found.last.items():
            if (peer, counter) == winner:
                continue
            value = _stamped(text)
            if self._honest(table, found.key, value, peer):
                assert value is not None
                losers.append(((peer, counter), str(value["v"]), value.get("d")))
        if stored is not None and stored != winner and local is not None:
            losers.append((stored, str(local[0]), self._row(table, found.key)))
        for loser, version, values in losers:
            if loser[0] == winner[0] or self.replica.had_seen(shard, winner, loser):
                continue  # the winner was written after reading it: later, not concurrent
            if values == win_values or not _VERSION.fullmatch(win_version):
                continue  # the same values: nothing was lost
            self._conflict(found.table, found.key, win_version, version, values)

    def _honest(self, table: Table, key: str, value: dict[str, Any] | None, peer: int) -> bool:
        """Whether a losing value is one painlog would have applied (only those are kept as
        losers: a refused row is listed as refused, never as a conflict)."""
        if value is None or not _VERSION.fullmatch(str(value.get("v"))):
            return False
        if str(value["v"])[-16:] != loro_replica.device_of(peer):
            return False
        values = value.get("d")
        if values is None:
            return value.get("b") is not None or table.name == "settings"
        if not _plain(values) or values.get(table.key, key) != key:
            return False
        return self.check_row(table.name, values, self.peer_now) is None

    def row(
        self,
        table: Table,
        key: str,
        record: dict[str, Any] | None,
        device: str,
        name: str,
        op: str,
        skip_deletes: bool = False,
    ) -> str | None:
        """Apply the value Loro chose for one row; the reason it was refused, or None ("" when
        held)."""
        if record is None:
            return Msg.SYNC_REFUSED_NOT_PAINLOG.value
        version, base, values = record.get("v"), record.get("b"), record.get("d")
        why = self._version_refusal(device, version, base)
        if why:
            return why
        assert isinstance(version, str) and (base is None or isinstance(base, str))  # checked
        if version[:19] > self.ahead:
            # Held before the gate: its moment, as far ahead as its stamp, is checked when due.
            held = json.dumps({"t": table.name, "k": key, "op": op})
            return self._hold(device, name, version, held)
        why = self._value_refusal(table, key, values)
        if why:
            return why
        if (table.name, key) in self.pending:
            return None  # changed here and not in the document yet: goes in after, as later
        local = self._local(table.name, key)
        prior = None if local is None else self._row(table, key)  # never read: nothing before
        why = self._delete_refusal(table, device, base, values, local, prior, skip_deletes)
        if why is not None:
            return why
        self.newest = max(self.newest, version)
        self.newest_of[device] = max(self.newest_of.get(device, ""), version)
        try:
            done = self._write(table, key, values, prior, (device, name, table.name))
        except sqlite3.IntegrityError:  # one statement: nothing of it was applied
            return say(Msg.SYNC_REFUSED_VALUE, field="row")
        self._applied(table, key, device, version, base, op, prior, done)
        return None

    def held(self) -> None:
        """Changes held for being ahead, applied once they no longer are, when Loro's value
        for the row is still theirs (a held record of the old files is dropped: its device
        writes that row into its own document)."""
        for device, name, version, text in self._due():
            record = json.loads(text)
            table = self.known.get(str(record.get("t")))
            op = loro_replica.parse_op(record.get("op"))
            if table is None or op is None:
                continue
            value, editor = self.replica.value(table.name, str(record.get("k")))
            found = _stamped(value)
            if editor != op[0] or found is None or found.get("v") != version:
                continue  # a later value won since
            why = self.row(table, str(record.get("k")), found, device, name, str(record["op"]))
            if why:
                self.refusals.add(device, name, say(Msg.SYNC_REFUSED_ROW, table=table.name,
                                  key=str(record.get("k"))[:8], reason=why))  # fmt: skip


def read_changes(
    journal: Journal,
    me: changes.Device,
    folder: Path,
    result: Exchange,
    replica: Replica,
    feed_first: bool = True,
) -> None:
    """Import every whole file of other devices not read yet and apply what Loro chose, in
    one transaction (this device's own pending changes enter its document first, so a
    change made here is merged, never overwritten unseen); list what was refused or held."""
    refusals = _Refusals()
    new = read_new(journal, folder, me, refusals, _open)
    with transaction(journal):
        if feed_first:
            _feed(journal, me, replica)
        applier = _Applier(journal, me, refusals, replica)
        for found in new:
            for shard, (_blob, start, end) in found.blobs.items():
                applier.spans.setdefault((found.batch.device, shard), []).append(
                    (start, end, found.batch.name)
                )
        if sum(end - start for f in new for _b, start, end in f.blobs.values()) > 2000:
            applier.preload()
        applier.held()
        before = replica.version()
        for found in new:
            try:
                for shard, (blob, _start, _end) in found.blobs.items():
                    replica.take(shard, blob)
            except loro_replica.Damaged:
                refusals.add(found.batch.device, found.batch.name,
                             Msg.SYNC_REFUSED_NOT_PAINLOG.value)  # fmt: skip
        # Only the operations of the devices whose files were read (checked before import);
        # anything else would be a blob that lied about whose operations it holds.
        readers = {loro_replica.peer_of(found.batch.device) for found in new}
        arrived = list(replica.ops_since(before))
        for op in arrived:
            if op.peer not in readers:
                refusals.add(loro_replica.device_of(op.peer), "",
                             Msg.SYNC_REFUSED_OTHER_DEVICE.value, what=f"{op.container[:20]} "
                             f"{op.key[:40]}")  # fmt: skip
        applier.apply([op for op in arrived if op.peer in readers])
        for found in new:
            batch, header = found.batch, found.header
            if not all(replica.holds(shard, batch.device, end)
                       for shard, (_b, _s, end) in found.blobs.items()):  # fmt: skip
                continue  # waits for changes it depends on: read again at a later exchange
            journal.execute("INSERT OR IGNORE INTO _sync_read (device, file) VALUES (?, ?)",
                            (batch.device, batch.name))  # fmt: skip
            journal.execute(
                "INSERT INTO _sync_peers (device, newest, wrote_at, name, secret) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (device) DO UPDATE SET "
                "newest = max(newest, excluded.newest), "
                "wrote_at = max(coalesce(wrote_at, ''), coalesce(excluded.wrote_at, '')), "
                "name = coalesce(excluded.name, name), secret = coalesce(excluded.secret, secret)",
                (batch.device, applier.newest_of.get(batch.device, ""),
                 _written(header.get("written")),
                 str(header.get("name") or "")[:40] or None, found.secret),
            )  # fmt: skip
        applier.flush()
        # A conflict names, as its winner, the version in force now: the loser was found by
        # each device against the winner it held then (three concurrent writes read in
        # different orders), and every device lists the same once they have read the same.
        journal.execute(
            "UPDATE sync_conflicts SET winner = r.version FROM _sync_rows r "
            "WHERE r.table_name = sync_conflicts.table_name "
            "AND r.row_key = sync_conflicts.row_key AND r.version != sync_conflicts.winner "
            "AND r.version != sync_conflicts.loser"
        )
        for device, (added, changed, deleted) in applier.counts.items():
            _count(journal, device, added, changed, deleted)
        refusals.save(journal, folder)
        if applier.newest > "0":
            changes.witness(journal, applier.newest)
        replica.save()
    result.applied += applier.applied
    result.conflicts += applier.conflicts
    result.touched |= applier.touched
    result.refused_files += len(refusals.found)
    if applier.lost_entries:
        _forget_duplicates(journal, applier.lost_entries)


def _seed(journal: Journal, me: changes.Device, replica: Replica) -> None:
    """A device moving from the old files: every row it holds goes into its document as its
    own operation, unless the document already holds that row from a version at least as
    recent (another device seeded it, or changed it since). Old-format files are never
    written again; held changes of the old files are dropped (their devices write those
    rows into their own documents when they move)."""
    with transaction(journal):
        for table in tables(journal).values():
            for key, version in journal.execute(
                "SELECT row_key, version FROM _sync_rows WHERE table_name = ? AND NOT pending",
                (table.name,),
            ).fetchall():
                held = _stamped(replica.value(table.name, key)[0])
                if held is not None and str(held.get("v", ""))[:19] >= version[:19]:
                    continue
                journal.execute(
                    "UPDATE _sync_rows SET pending = 1 WHERE table_name = ? AND row_key = ?",
                    (table.name, key),
                )
        journal.execute("DELETE FROM _sync_held WHERE record NOT LIKE '%\"op\"%'")
        journal.execute("UPDATE _sync_device SET exported = 0")


# --- one exchange --------------------------------------------------------------------------------


def exchange(
    journal: Journal, *, read_always: bool = True, readable_calendar: bool | None = None
) -> Exchange:
    """Inbox, others' files (when FOLDER changed, or always), this device's file, calendar;
    one exchange at a time per journal. ``readable_calendar``: the person asked for
    painlog.ics although the journal is encrypted (it is readable in FOLDER), remembered on
    this device and kept up to date until they ask no more (False: the file is removed)."""
    with one_at_a_time(journal):
        return _exchange(journal, read_always, readable_calendar)


def _exchange(journal: Journal, read_always: bool, readable_calendar: bool | None) -> Exchange:
    me = changes.device(journal)
    if me is None:
        raise InvalidInput(Msg.SYNC_NOT_JOINED.value)
    folder = Path(me.folder)
    if not files.real_dir(files.root(folder)) or not files.real_dir(files.root(folder).parent):
        raise PainlogError(say(Msg.SYNC_FOLDER_GONE, folder=folder))
    if journal.passphrase is None:
        sealed = files.sealed_device(folder)
        if sealed is not None:
            # Another device encrypted the journal: a plain device must not go on writing
            # readable changes (or the calendar) into the folder. Nothing is written.
            raise PainlogError(say(Msg.SYNC_NEEDS_PASSPHRASE, device=sealed))
    result = Exchange()
    # Tables changed here: read now, as reading feeds them into the document first.
    pending_tables = {row[0] for row in journal.execute(
        "SELECT DISTINCT table_name FROM _sync_rows WHERE pending")}  # fmt: skip
    moving = _exported(journal) is None  # joined before the Loro engine: first exchange since
    if moving:
        from painlog.sync import legacy  # lazy: only the first exchange after the upgrade

        legacy.read_changes(journal, me, folder, result)
    replica = Replica(journal, me.id)
    seen = files.fingerprint(folder, me.id)
    (held,) = journal.execute("SELECT count(*) FROM _sync_held").fetchone()
    if moving or read_always or held or seen != me.fingerprint:
        # Moving from the old files: what other devices seeded comes in before this device's
        # own edits, which then go in after it (they are the later ones: never overwritten).
        read_changes(journal, me, folder, result, replica, feed_first=not moving)
        if moving:
            _seed(journal, me, replica)
        from painlog.sync import inbox  # lazy: the inbox only when FOLDER is read

        inbox.take(journal, folder, result)
        with transaction(journal):
            journal.execute("UPDATE _sync_device SET fingerprint = ?",
                            (files.fingerprint(folder, me.id),))  # fmt: skip
    me = changes.device(journal)
    assert me is not None
    pending_tables |= {row[0] for row in journal.execute(
        "SELECT DISTINCT table_name FROM _sync_rows WHERE pending")}  # fmt: skip
    result.written = write_changes(journal, me, folder, replica)
    calendar = folder / "painlog.ics"
    asked = journal.passphrase is not None and _readable_calendar(journal, readable_calendar)
    if readable_calendar is False and journal.passphrase is not None:
        _remove_calendar(folder)
    elif asked or (result.touched | pending_tables) & _ICS_TABLES or not os.path.lexists(calendar):
        result.calendar = _refresh_calendar(journal, calendar, asked)
    return result


def _readable_calendar(journal: Journal, given: bool | None) -> bool:
    """Whether this device writes a readable painlog.ics for its encrypted journal: what the
    person said this time (kept), else what they said last."""
    if given is not None:
        with transaction(journal):
            journal.execute("UPDATE _sync_device SET readable_calendar = ?", (int(given) or None,))
        return given
    row = journal.execute("SELECT readable_calendar FROM _sync_device").fetchone()
    return bool(row and row[0])


def _remove_calendar(folder: Path) -> None:
    """painlog.ics gone from FOLDER (a regular file only: a link or a special file there is not
    painlog's to remove)."""
    calendar = folder / "painlog.ics"
    if os.path.lexists(calendar) and files.is_link_or_special(calendar) is None:
        with contextlib.suppress(OSError):
            os.unlink(calendar)


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
    inbox_lines: int | None  # None: inbox.txt (or a copy) could not be read
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
    peers = [Peer(me.id, host_name(), my_time, True, *counts.get(me.id, (0, 0, 0)))]
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

    return Status(str(folder), me.id, peers, waiting, conflicts, inbox.waiting(folder, me.id),
                  refused, held)  # fmt: skip


def _iso_mtime(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
