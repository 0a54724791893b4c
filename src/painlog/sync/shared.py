"""What the Loro engine (painlog.sync.engine) and the reader of the old files
(painlog.sync.legacy) share: the version stamp's form, the limits, what one exchange did, the
synced tables, the list of refusals, the gate for a peer's row, the peers' keys."""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from painlog import clock
from painlog.errors import PainlogError
from painlog.journal.values import TEXT_LIMIT
from painlog.messages import Msg, say
from painlog.store import changes
from painlog.store.db import Journal, transaction
from painlog.store.undo import TABLES
from painlog.sync import folder as files

# ASCII digits only: Python's \d also matches other scripts' digits, which int() reads but
# text comparison orders differently, and which would split devices for good.
_VERSION = re.compile(r"[0-9]{13}\.[0-9]{5} [0-9a-f]{16}", re.ASCII)
_ICS_TABLES = {"plan", "visits"}
AHEAD_MILLIS = changes.AHEAD_MILLIS  # a change stamped further ahead than this is held
# A row's JSON from another device (its texts are each at most the entries' TEXT_LIMIT).
ROW_LIMIT = 4 * TEXT_LIMIT
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


def _plain(values: Any) -> bool:
    """A row's values as painlog writes them: a dict of text names to None, text or numbers
    (not booleans). One loop, no generator: it runs for every row read."""
    if not isinstance(values, dict):
        return False
    for key, value in values.items():
        if value.__class__ not in _PLAIN_TYPES and not (
            value is None or (isinstance(value, str | int | float) and not isinstance(value, bool))
        ):
            return False
        if key.__class__ is not str and not isinstance(key, str):
            return False
    return True


_PLAIN_TYPES = frozenset({type(None), str, int, float})


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


def _count(journal: Journal, device: str, added: int, changed: int, deleted: int) -> None:
    if added or changed or deleted:
        journal.execute(
            "INSERT INTO _sync_counts (device, added, changed, deleted) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (device) DO UPDATE SET added = added + excluded.added, "
            "changed = changed + excluded.changed, deleted = deleted + excluded.deleted",
            (device, added, changed, deleted),
        )


def host_name() -> str:
    """This machine's name, shown beside its device id (os.uname: no socket module loaded
    for an `add` that syncs after it)."""
    if hasattr(os, "uname"):
        return os.uname().nodename[:40]
    import socket  # lazy: Windows only (os.uname gives the name elsewhere)

    return socket.gethostname()[:40]


def peer_gate() -> Callable[[str, dict[str, Any] | None, datetime | None], str | None]:
    """``painlog.record.check_peer_row`` for a caller checking many rows: the gate's
    ``PeerRows`` (each distinct set of values checked once, the moment of every row)."""
    from painlog import record  # lazy: the record gate only for a peer's row

    return record.PeerRows()


def peer_now() -> datetime:
    """The latest moment a peer's row may hold, read once per exchange (the gate's rule)."""
    from painlog import record  # lazy: the record gate only for a peer's row

    return record.peer_now()


class _Refusals:
    """Files and rows read and not applied: kept (with the reason) for status and doctor."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str, str, str]] = []  # device, file, what, reason
        self.checked: set[tuple[str, str]] = set()  # files looked at this time

    def add(self, device: str, file: str, reason: str, what: str = "") -> None:
        self.found.append((device, file, what, reason))

    def save(self, journal: Journal, folder: Path | None = None) -> None:
        """What this read refused, kept; with ``folder``, what was refused from a file no
        longer in FOLDER is forgotten (deleted or replaced by its device: nothing of it is
        there to apply, and `doctor` no longer warns of it)."""
        now = clock.utc_now().isoformat(timespec="seconds")
        if folder is not None:
            self._forget_gone(journal, folder)
        for device, file in self.checked:  # a file read whole this time is no longer refused
            journal.execute("DELETE FROM _sync_refused WHERE device = ? AND file = ?",
                            (device, file))  # fmt: skip
        journal.conn.executemany(
            "INSERT INTO _sync_refused (device, file, what, reason, found_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (device, file, what) DO UPDATE SET "
            "reason = excluded.reason",
            [(d, f, w, r[:300], now) for d, f, w, r in self.found],
        )

    @staticmethod
    def _forget_gone(journal: Journal, folder: Path) -> None:
        base = files.root(folder)
        if not files.real_dir(base):
            return  # FOLDER not there (not mounted): nothing is known to be gone
        for device, file in journal.execute(
            "SELECT DISTINCT device, file FROM _sync_refused WHERE device != ''"
        ).fetchall():
            names = [name for name in (device, file) if name]
            if any(name in (".", "..") or "/" in name or "\x00" in name for name in names):
                continue
            if not os.path.lexists(base.joinpath(*names)):
                journal.execute(
                    "DELETE FROM _sync_refused WHERE device = ? AND file = ?", (device, file)
                )


# Keys opened in this process (scrypt is slow by design): the one joining checked is not
# opened a second time by the reading that follows.
_OPENED: dict[tuple[str, str], str] = {}
_RINGS_READ: set[tuple[str, str]] = set()  # keyrings opened in this process


def learn_keyring(folder: Path, device: str, identity: str) -> None:
    """The keys ``device``'s keyring holds, kept for this process (an X25519 opening: cheap)."""
    if (str(folder), device) in _RINGS_READ:
        return
    _RINGS_READ.add((str(folder), device))
    ring = files.identities(files.open_sealed(files.keyring_path(folder, device), identity) or b"")
    for other, key in ring.items():
        _OPENED.setdefault((str(folder), other), key)


def _peer_secret(journal: Journal, folder: Path, device: str) -> str:
    """Another device's key: known already, given to this device (``key-for-<me>.age``),
    found in the keyring of a device whose key is known, or opened from its ``key.age`` with
    the passphrase (scrypt: the slow way, the last one tried)."""
    peers = dict(journal.execute("SELECT device, secret FROM _sync_peers WHERE secret IS NOT NULL"))
    if peers.get(device):
        return str(peers[device])
    opened = _OPENED.get((str(folder), device))
    if opened is not None:
        return opened
    me = journal.execute("SELECT id, secret FROM _sync_device").fetchone()
    if me is not None and me[1]:
        given = files.one_identity(
            files.open_sealed(files.key_for_path(folder, device, me[0]), me[1])
        )
        if given is not None:
            _OPENED[(str(folder), device)] = given
            return given
        peers[me[0]] = me[1]
    known = {**{d: k for (f, d), k in _OPENED.items() if f == str(folder)}, **peers}
    for other, key in sorted(known.items()):
        learn_keyring(folder, other, key)
        if (str(folder), device) in _OPENED:
            return _OPENED[(str(folder), device)]
    key = files.read_key(folder, device, passphrase(journal))
    _OPENED[(str(folder), device)] = key
    return key


def write_keys(journal: Journal, folder: Path, me: str, secret: str, typed: str | None) -> None:
    """This device's keyring (the keys it has read files with, and its own), rewritten only
    when it changed; its ``key.age`` when it has none yet and ``typed`` is given."""
    known = dict(journal.execute("SELECT device, secret FROM _sync_peers WHERE secret IS NOT NULL"))
    known[me] = secret
    path = files.keyring_path(folder, me)
    if files.identities(files.open_sealed(path, secret) or b"") != known:
        files.write_private(path, files.seal(json.dumps(known, sort_keys=True).encode(), secret))
    if typed is not None and not os.path.lexists(files.device_folder(folder, me) / "key.age"):
        files.publish_key(folder, me, secret, typed)


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


def _forget_duplicates(journal: Journal, entry_ids: list[str]) -> None:
    """Entries this device made from inbox lines another device took first: deleted, as a
    change of this device, so every device ends with the first taker's entry only."""
    marks = ", ".join("?" for _ in entry_ids)
    with transaction(journal, undo=say(Msg.SYNC_INBOX_DUPLICATES, count=len(entry_ids))):
        journal.execute(f"DELETE FROM entries WHERE id IN ({marks})", entry_ids)


class RowApplier:
    """What the appliers of the Loro files (``engine``) and of the old files (``legacy``)
    do alike: the state of one read, rowids, a row's version and values, a conflict, a
    conflict another device found, another device's inbox claim."""

    third: str  # the column of _sync_rows read beside version and base (a name, never input)

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
        # the columns of one table and set of names a peer's row gives, found once
        self.columns: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}
        self.peer_now = peer_now()  # the gate's latest moment, read once per exchange
        self.check_row = peer_gate()  # check_peer_row: add's and import's rules

    def _version_refusal(self, device: str, version: Any, base: Any) -> str | None:
        """Why a row version's stamp may not be taken: its version and base not painlog's
        form, or the version in another device's name."""
        if not isinstance(version, str) or not _VERSION.fullmatch(version):
            return say(Msg.SYNC_REFUSED_BAD_VERSION, version=repr(version)[:40])
        if not (base is None or (isinstance(base, str) and _VERSION.fullmatch(base))):
            return say(Msg.SYNC_REFUSED_BAD_VERSION, version=repr(base)[:40])
        if version[-16:] != device:
            return Msg.SYNC_REFUSED_OTHER_DEVICE.value
        return None

    def _value_refusal(self, table: Table, key: str, values: Any) -> str | None:
        """Why a row's values may not be applied: their shape, then the gate (add's and
        import's rules). A change held for being ahead is checked here when it is due."""
        if values is None:
            return None
        if not _plain(values) or values.get(table.key, key) != key:
            return say(Msg.SYNC_REFUSED_VALUE, field="row")
        return self.check_row(table.name, values, self.peer_now)

    def _statement(self, table: Table, columns: tuple[str, ...]) -> str:
        """The statement that puts a row of ``table`` with ``columns`` (and its rowid), made
        once per table and set of columns."""
        statement = self.statements.get((table.name, columns))
        if statement is None:
            names = ", ".join(f'"{column}"' for column in [table.key, *columns])
            marks = ", ".join("?" for _ in range(len(columns) + 1))
            sets = ", ".join(f'"{column}" = excluded."{column}"' for column in columns)
            statement = (
                f'INSERT INTO "{table.name}" (rowid, {names}) VALUES (?, {marks}) '
                f'ON CONFLICT ("{table.key}") DO ' + (f"UPDATE SET {sets}" if sets else "NOTHING")
            )
            self.statements[(table.name, columns)] = statement
        return statement

    def preload(self) -> None:
        """Every row's version in one pass: cheaper than a look-up per row for a big read
        (a device joining a 10-year journal)."""
        self.preloaded = {
            (t, k): (v, b, o)
            for t, k, v, b, o in self.journal.execute(
                f"SELECT table_name, row_key, version, base, {self.third} FROM _sync_rows"
            )
        }

    def _local(self, table: str, key: str) -> tuple[str, Any, Any] | None:
        """(version, base, the third column) this journal holds for a row, or None."""
        held = self.versions.get((table, key))
        if held is not None:
            return held
        if self.preloaded is not None:
            return self.preloaded.get((table, key))
        return self.journal.execute(
            f"SELECT version, base, {self.third} FROM _sync_rows "
            "WHERE table_name = ? AND row_key = ?",
            (table, key),
        ).fetchone()

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

    def _put(self, table: Table, key: str, values: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        """The statement that puts a row holding ``values``, and its parameters (a new rowid,
        the key, the values of the table's columns given)."""
        names_given = (table.name, tuple(values))
        columns = self.columns.get(names_given)
        if columns is None:
            columns = tuple(c for c in table.columns if c in values and c != table.key)
            self.columns[names_given] = columns
        given = (self._rowid(table.name), key, *(values[c] for c in columns))
        return self._statement(table, columns), given

    def _write(
        self, table: Table, key: str, values: dict[str, Any] | None, prior: Any
    ) -> str | None:
        """Put the row as ``values`` say, in one statement (a refused one changes nothing);
        which it was: added, changed, deleted (or None)."""
        if values is None:
            cursor = self.journal.execute(
                f'DELETE FROM "{table.name}" WHERE "{table.key}" = ?', (key,)
            )
            return "deleted" if cursor.rowcount else None
        self.journal.conn.execute(*self._put(table, key, values))
        return "added" if prior is None else "changed"

    def flush(self) -> None:
        """The history and versions applied since the last flush, one statement each (with
        this applier's ``third`` column)."""
        self.journal.conn.executemany(
            "INSERT OR IGNORE INTO _sync_history (table_name, row_key, version, prior) "
            "VALUES (?, ?, ?, ?)",
            self.history,
        )
        third = self.third  # a column name of painlog's own (a class attribute), never input
        self.journal.conn.executemany(
            f"INSERT INTO _sync_rows (table_name, row_key, version, base, pending, {third}) "
            "VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT (table_name, row_key) DO UPDATE SET "
            f"version = excluded.version, base = excluded.base, pending = 0, "
            f"{third} = excluded.{third}",
            [(t, k, v, b, o) for (t, k), (v, b, o) in self.versions.items()],
        )
        self.history.clear()
        self.versions.clear()

    def _hold(self, device: str, file: str, version: str, record: str) -> str:
        """A change stamped more than a day ahead, kept until it is due (its values are checked
        then); "" (held, not refused)."""
        self.journal.execute(
            "INSERT OR IGNORE INTO _sync_held (device, file, version, record) VALUES (?, ?, ?, ?)",
            (device, file, version, record),
        )
        return ""

    def _due(self) -> list[tuple[str, str, str, str]]:
        """The held changes no longer ahead, taken out of ``_sync_held``: (device, file,
        version, record)."""
        due = self.journal.execute(
            "SELECT device, file, version, record FROM _sync_held "
            "WHERE substr(version, 1, 19) <= ?",
            (self.ahead,),
        ).fetchall()
        for device, _file, version, text in due:
            self.journal.execute(
                "DELETE FROM _sync_held WHERE device = ? AND version = ? AND record = ?",
                (device, version, text),
            )
        return due

    def _delete_refusal(
        self,
        table: Table,
        device: str,
        base: str | None,
        values: Any,
        local: tuple[str, Any, Any] | None,
        prior: dict[str, Any] | None,
        skip_deletes: bool,
    ) -> str | None:
        """For a delete of a row this journal holds: "" when the file's deletes are stopped as
        a flood (listed once for the whole file), the reason when its device never read the row
        (a blind delete), else None."""
        if values is not None or local is None or prior is None:
            return None
        if skip_deletes and not str(local[0]).endswith(device):
            return ""
        # Not for settings: their key is their name, so a device may make and remove one
        # another device also has.
        if base is None and table.name != "settings":
            return Msg.SYNC_REFUSED_NEVER_HAD.value
        return None

    def _applied(
        self,
        table: Table,
        key: str,
        device: str,
        version: str,
        base: str | None,
        third: Any,
        prior: dict[str, Any] | None,
        done: str | None,
    ) -> None:
        """A row version put: its history, version and ``third`` column kept for ``flush``,
        and counted (entries added, changed or deleted per device)."""
        self.history.append(
            (table.name, key, version, None if prior is None else json.dumps(prior, sort_keys=True))
        )
        self.versions[(table.name, key)] = (version, base, third)
        self.applied += 1
        self.touched.add(table.name)
        if table.name == "entries" and done:
            counted = self.counts.setdefault(device, [0, 0, 0])
            counted[("added", "changed", "deleted").index(done)] += 1

    def _conflict(self, table: str, key: str, winner: str, loser: str, values: Any) -> None:
        cursor = self.journal.execute(
            "INSERT OR IGNORE INTO sync_conflicts (table_name, row_key, winner, loser, "
            "loser_values, found_at) VALUES (?, ?, ?, ?, ?, ?)",
            (table, key, winner, loser, None if values is None else json.dumps(values, sort_keys=True),
             clock.utc_now().isoformat(timespec="seconds")),
        )  # fmt: skip
        self.conflicts += cursor.rowcount

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
        if not (values is None or (isinstance(values, str) and len(values) <= ROW_LIMIT)):
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


def write_own_file(folder: Path, device: str, path: Path, data: bytes) -> None:
    """This device's next file in its own folder of FOLDER (private, written beside its name
    and renamed into place); a folder that refuses it says so in one line."""
    with folder_errors(folder):
        files.make_private_dirs(folder, device)
        for stale in path.parent.glob(".*.tmp"):  # left by a kill: only this device writes here
            with contextlib.suppress(OSError):
                os.unlink(stale)
        files.write_private(path, data)


@contextlib.contextmanager
def folder_errors(folder: Path) -> Iterator[None]:
    """Writing in FOLDER: a refusal of the trust boundary or of the system becomes one line
    saying the folder cannot be written, and why."""
    try:
        yield
    except files.Refused as refused:
        raise PainlogError(
            say(Msg.SYNC_FOLDER_UNWRITABLE, folder=folder, reason=refused.reason)
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise PainlogError(say(Msg.SYNC_FOLDER_UNWRITABLE, folder=folder, reason=reason)) from None


F = TypeVar("F")  # what a format's opener makes of one file


def read_new(
    journal: Journal,
    folder: Path,
    me: changes.Device,
    refusals: _Refusals,
    open_file: Callable[[Journal, Path, files.Batch, dict[str, Any]], F],
    legacy: bool = False,
) -> list[F]:
    """Every whole file of other devices not read yet, opened by ``open_file`` (which
    authenticates and decodes it); the refused ones listed, the ones still arriving left for a
    later exchange. ``legacy``: the old format's files."""
    done = set(journal.execute("SELECT device, file FROM _sync_read").fetchall())
    found = []
    secrets: dict[str, Any] = {}
    listed: list[tuple[str, str, str]] = []
    for batch in files.batches(folder, listed, legacy=legacy):
        if batch.device == me.id or (batch.device, batch.name) in done:
            continue
        refusals.checked.add((batch.device, batch.name))
        try:
            found.append(open_file(journal, folder, batch, secrets))
        except files.Refused as refused:
            refusals.add(batch.device, batch.name, refused.reason)
        except OSError:
            continue  # being delivered; read at a later exchange
    for device, name, reason in listed:
        refusals.checked.add((device, name))
        refusals.add(device, name, reason)
    return found


def unsealed(
    journal: Journal, folder: Path, batch: files.Batch, secrets: dict[str, Any]
) -> tuple[bytes, str | None]:
    """The file's bytes, authenticated for an encrypted journal; raises Refused, or OSError
    for a file not there (yet)."""
    data = files.read_regular(batch.path, files.CHANGES_LIMIT)
    sealed = data.startswith(files.AGE_MAGIC)
    if journal.passphrase is not None and not sealed:
        raise files.Refused(Msg.SYNC_REFUSED_PLAIN.value)
    if not sealed:
        return data, None
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
    return opened, secret


def pending_in_order(
    journal: Journal, pending: list[Any], known: dict[str, Table]
) -> Iterator[tuple[str, str, str, str | None, tuple[int, dict[str, Any]] | None]]:
    """This device's pending rows (table, key, version, base), each with its (rowid, values)
    now (None: deleted), table by table. Within a table in the order the rows were made here
    (rowid; deletions last): a device reading them adds them in that order, so rows tied on
    everything else (plan versions made in the same second) list in the same order there."""
    by_table: dict[str, list[tuple[str, str, str | None]]] = {}
    for table_name, key, version, base in pending:
        by_table.setdefault(table_name, []).append((key, version, base))
    for table_name, rows in sorted(by_table.items()):
        table = known.get(table_name)
        if table is None:
            continue
        values = _current_values(journal, table, [key for key, _, _ in rows])
        held = sorted(
            rows, key=lambda row: (values[row[0]][0] if row[0] in values else 2**63, row[0])
        )
        for key, version, base in held:
            yield table_name, key, version, base, values.get(key)


def pending_changes(journal: Journal) -> tuple[list[Any], list[Any], list[Any]]:
    """What this device has not written yet: its changed rows (table, key, version, base), its
    inbox claims (line, version, entry) and the conflicts it found (table, key, winner, loser,
    the loser's values)."""
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
    return pending, claims, found
