"""The changes files of painlog before the Loro engine (``changes-NNNNNN.log``): read only.

Until issue 24 each device wrote JSON-lines files and painlog decided itself, from what each
file said its device had read, which version was later. The Loro engine (painlog.sync.engine)
replaced that; a device upgraded from then reads, on its first exchange, the old files it has
not read yet with this reader (unchanged), before it seeds its Loro document
(``engine._seed``). Old-format files are never written again by painlog; ``write_old_format``
stays for the tests that build a folder as an older painlog left it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from painlog import clock
from painlog.messages import Msg, say
from painlog.store import changes
from painlog.store.db import Journal, transaction
from painlog.sync import folder as files
from painlog.sync.shared import (
    _VERSION,
    Exchange,
    RowApplier,
    _count,
    _forget_duplicates,
    _Refusals,
    _written,
    host_name,
    pending_changes,
    pending_in_order,
    read_new,
    tables,
    unsealed,
    write_own_file,
)


def write_old_format(journal: Journal, me: changes.Device, folder: Path) -> int:
    """This device's changes since its last file, as one old-format file (tests only: how an
    older painlog left a folder); how many rows it holds."""
    with transaction(journal):
        secret = journal.execute("SELECT secret FROM _sync_device").fetchone()[0]
        pending, claims, found = pending_changes(journal)
        if not pending and not claims and not found:
            return 0
        known = tables(journal)
        records: list[dict[str, Any]] = []
        counted = [0, 0, 0]
        for table_name, key, version, base, found_values in pending_in_order(
            journal, pending, known
        ):
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
        header = {"device": me.id, "batch": number, "name": host_name(),
                  "written": clock.utc_now().isoformat(timespec="seconds"), "seen": seen}  # fmt: skip
        data = files.encode(header, records)
        if secret:
            data = files.seal(data, secret)
        path = files.device_folder(folder, me.id) / files.legacy_name(number)
        write_own_file(folder, me.id, path, data)
        _count(journal, me.id, *counted)
        journal.execute("UPDATE _sync_rows SET pending = 0 WHERE pending")
        journal.execute("UPDATE _sync_inbox SET pending = 0 WHERE pending")
        journal.execute("UPDATE sync_conflicts SET shared = 1 WHERE NOT shared")
        journal.execute("UPDATE _sync_device SET batch = ?", (number,))
    return len(records)


@dataclass
class _File:
    """One changes file of another device, opened, authenticated and decoded."""

    batch: files.Batch
    header: dict[str, Any]
    records: list[dict[str, Any]]
    secret: str | None


def _open(journal: Journal, folder: Path, batch: files.Batch, secrets: dict[str, Any]) -> _File:
    """The file, authenticated (an encrypted journal) and decoded; raises Refused, or OSError
    for a file not there (yet)."""
    data, secret = unsealed(journal, folder, batch, secrets)
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


class _Applier(RowApplier):
    """Applies versions read from other devices (inside one transaction)."""

    third = "origin"  # beside each row's version and base: the old file it came from

    def __init__(self, journal: Journal, me: changes.Device, refusals: _Refusals) -> None:
        super().__init__(journal, me, refusals)
        self.origins: dict[str, dict[str, str] | None] = {}
        self._base: Any = None

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
        why = self._version_refusal(device, version, base)
        if why:
            return why
        assert isinstance(version, str) and (base is None or isinstance(base, str))  # checked
        if version[:19] > self.ahead:  # held before the gate, as the Loro files' rows are
            held = json.dumps(record, sort_keys=True, ensure_ascii=False)
            return self._hold(device, origin, version, held)
        why = self._value_refusal(table, key, values)
        if why:
            return why
        local = self._local(table.name, key)
        prior = None if local is None else self._row(table, key)  # never read: nothing before
        why = self._delete_refusal(table, device, base, values, local, prior, skip_deletes)
        if why is not None:
            return why
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
                self._conflict(table.name, key, version, local_version, prior)
        try:
            done = self._write(table, key, values, prior)
        except sqlite3.IntegrityError:  # one statement: nothing of it was applied
            return say(Msg.SYNC_REFUSED_VALUE, field="row")
        self._applied(table, key, device, version, base, origin or None, prior, done)
        return None

    def held(self) -> None:
        """Changes held for being ahead, applied once they no longer are."""
        for device, origin, _version, text in self._due():
            self.row(json.loads(text), device, origin)


def read_changes(journal: Journal, me: changes.Device, folder: Path, result: Exchange) -> None:
    """Apply every whole file of other devices not read yet, in one transaction; list what
    was refused or held."""
    refusals = _Refusals()
    new = read_new(journal, folder, me, refusals, _open, legacy=True)
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
