"""``painlog doctor``: checks a journal without changing it, and says what to do about each.

It opens the file read-only and never migrates it, so it can look at a journal that another
painlog refuses (too new, damaged, read-only).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from painlog.errors import PainlogError
from painlog.messages import Msg, count, say
from painlog.store import db, duplicates, schema
from painlog.store.backup import backups_folder, backups_folder_problem, backups_of
from painlog.store.cipher import (
    KDF_ITERATIONS,
    SUFFIX,
    available,
    looks_encrypted,
    passphrase_for,
    unlock,
)
from painlog.store.conversion import read_plan
from painlog.store.db import SQLITE_HEADER
from painlog.store.migrations import SCHEMA_VERSION

OK, WARN, FAIL = "ok", "warn", "fail"
SYNCED_FOLDER_NAMES = (
    "dropbox",
    "onedrive",
    "icloud",
    "mobile documents",
    "google drive",
    "googledrive",
    "nextcloud",
    "owncloud",
    "syncthing",
    "box sync",
    "pcloud",
)
NETWORK_FILESYSTEMS = ("nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs", "fuse.sshfs", "afs", "9p")


@dataclass(frozen=True)
class Finding:
    status: str
    check: str
    detail: str
    advice: str = ""


def _permissions(path: Path) -> list[Finding]:
    findings = []
    for target, wanted, label in ((path, 0o600, "journal file"), (path.parent, 0o700, "folder")):
        mode = stat.S_IMODE(target.stat().st_mode)
        if mode & 0o077:
            findings.append(
                Finding(
                    WARN,
                    f"{label} permissions",
                    f"{target} is {mode:o}: other users on this computer can read it",
                    f"run: chmod {wanted:o} '{target}'",
                )
            )
        else:
            findings.append(Finding(OK, f"{label} permissions", f"{mode:o} (owner only)"))
    return findings


def _mount_type(path: Path) -> str | None:
    """The filesystem type of the mount holding ``path`` (Linux /proc/mounts), if known."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    best, kind = "", None
    resolved = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and resolved.startswith(parts[1]) and len(parts[1]) > len(best):
            best, kind = parts[1], parts[2]
    return kind


def _location(path: Path) -> Finding:
    lowered = str(path.resolve()).lower()
    synced = next((name for name in SYNCED_FOLDER_NAMES if name in lowered), None)
    filesystem = _mount_type(path)
    if synced:
        return Finding(
            WARN,
            "location",
            f"the journal is in a synced folder ({synced})",
            "sync services can copy a journal mid-write or keep two versions; keep it in a "
            "local folder and sync backups made with 'painlog backup' instead",
        )
    if filesystem in NETWORK_FILESYSTEMS:
        return Finding(
            WARN,
            "location",
            f"the journal is on a network filesystem ({filesystem})",
            "SQLite's locking is unreliable over network filesystems; keep the journal on a "
            "local disk",
        )
    return Finding(OK, "location", f"local folder ({filesystem or 'filesystem unknown'})")


def _database(path: Path) -> list[Finding]:
    with path.open("rb") as handle:
        first = handle.read(100)
    header = first[: len(SQLITE_HEADER)]
    if header != SQLITE_HEADER and not looks_encrypted(path):
        return [
            Finding(
                FAIL,
                "file format",
                "not an SQLite database",
                "check --db / PAINLOG_DB points at your journal, or restore a backup with "
                "'painlog restore FILE'",
            )
        ]
    if header != SQLITE_HEADER:
        if not available():
            return [Finding(WARN, "file format", "encrypted (SQLCipher), or damaged",
                            "install painlog[encryption] to open and check it")]  # fmt: skip
        try:
            connection, key = unlock(path, passphrase_for(path))
        except PainlogError as error:
            return [Finding(FAIL, "open", error.message)]
        findings = [Finding(OK, "file format", "encrypted (SQLCipher)"), _derivation(key.rounds)]
    else:
        findings = [
            Finding(OK, "file format", "SQLite, not encrypted ('painlog encrypt' encrypts it)")
        ]
        try:
            # Read-only and immutable while the WAL is empty: no -shm is needed, so a journal
            # in a read-only folder can be checked too, and nothing is left behind.
            connection = db.traceless_connection(path)
        except sqlite3.Error as error:
            return [*findings, Finding(FAIL, "open", str(error), "check the file's permissions")]
    try:
        verdict = "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
        keys = connection.execute("PRAGMA foreign_key_check").fetchall()
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        mode = (
            connection.execute("PRAGMA journal_mode").fetchone()[0]
            if header != SQLITE_HEADER
            else ("wal" if first[18:20] == b"\x02\x02" else "delete")  # the header says
        )
        _, mark = schema.numbers(connection)
        painlogs = schema.known_schema(version, schema.schema_digest(connection))
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        entries = (
            connection.execute("SELECT count(*) FROM entries").fetchone()[0]
            if "entries" in tables
            else 0
        )
        doubled = duplicates.count(connection) if "entries" in tables else 0
        # issue 24: what sync read from FOLDER and did not apply (files, rows, held changes)
        refused_by_sync = sum(
            connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name in ("_sync_refused", "_sync_held")
            if name in tables
        )
        refusal = _refusal(connection, path, SCHEMA_VERSION)
    except db.DATABASE_ERRORS as error:
        return [
            *findings,
            Finding(
                FAIL,
                "integrity",
                f"the file is damaged ({error})",
                "restore the newest good backup with 'painlog restore FILE'",
            ),
        ]
    finally:
        connection.close()
    restore_advice = "restore the newest good backup with 'painlog restore FILE'"
    if refusal is not None:  # what every other command refuses, doctor calls what it is
        return [*findings, Finding(FAIL, "file type", f"not a painlog journal ({refusal})",
                                   "check --db / PAINLOG_DB points at your journal")]  # fmt: skip
    if mark not in (0, schema.APPLICATION_ID):
        findings.append(
            Finding(FAIL, "file type", schema.foreign_mark(mark),
                    "check --db / PAINLOG_DB points at your journal")
        )  # fmt: skip
    elif mark == 0:
        findings.append(
            Finding(OK, "file type", "a painlog journal from before the file-type mark; the "
                    "next painlog command marks it")
        )  # fmt: skip
    else:
        findings.append(Finding(OK, "file type", "painlog journal (marked)"))
    if version <= SCHEMA_VERSION and not painlogs:
        findings.append(
            Finding(FAIL, "schema digest",
                    f"the tables, indexes or triggers are not the ones painlog makes at version "
                    f"{version}: painlog will not write to it", restore_advice)
        )  # fmt: skip
    findings.append(
        Finding(OK, "integrity", "ok")
        if verdict == "ok"
        else Finding(FAIL, "integrity", verdict[:300], restore_advice)
    )
    findings.append(
        Finding(OK, "foreign keys", "ok")
        if not keys
        else Finding(FAIL, "foreign keys", f"{len(keys)} broken references", restore_advice)
    )
    if version > SCHEMA_VERSION:
        findings.append(
            Finding(
                FAIL,
                "schema",
                f"version {version}, newer than this painlog ({SCHEMA_VERSION})",
                "upgrade painlog",
            )
        )
    elif version < SCHEMA_VERSION:
        findings.append(
            Finding(
                WARN,
                "schema",
                f"version {version}; this painlog uses {SCHEMA_VERSION}",
                "the next painlog command upgrades it, after a backup",
            )
        )
    else:
        findings.append(Finding(OK, "schema", f"version {version} (current)"))
    wal = Path(str(path) + "-wal")
    wal_size = wal.stat().st_size if wal.exists() else 0
    if mode != "wal":
        findings.append(
            Finding(
                WARN,
                "journal mode",
                f"{mode}, not WAL",
                "two terminals writing at once may wait; the next write sets WAL",
            )
        )
    elif wal_size > 64 * 1024 * 1024:
        findings.append(
            Finding(
                WARN,
                "journal mode",
                f"WAL file is {wal_size // (1024 * 1024)} MB",
                "close other painlog commands; the last one to close folds it back in",
            )
        )
    else:
        findings.append(Finding(OK, "journal mode", f"WAL ({wal_size} bytes pending)"))
    findings.append(Finding(OK, "entries", str(entries)))
    if doubled:  # issue 17: left by Daylio/Bearable imports before entries kept their source
        findings.append(Finding(WARN, "duplicates", f"{count(doubled, 'entry')} "
                                f"{'repeats' if doubled == 1 else 'repeat'} an earlier "
                                "import's", "fold them: painlog import --from daylio "
                                "--merge-duplicates YOUR_EXPORT.csv"))  # fmt: skip
    if refused_by_sync:
        findings.append(Finding(WARN, "sync", say(Msg.SYNC_DOCTOR_REFUSED, count=refused_by_sync),
            "'painlog sync --status' says why"))  # fmt: skip
    return findings


def _refusal(connection: sqlite3.Connection, path: Path, newest: int) -> str | None:
    """Why the opener would refuse this file as not painlog's (store.schema), or None."""

    try:
        schema.refuse_unless_painlog(connection, path, newest)
    except schema.NotPainlogFile as error:
        return error.reason
    except PainlogError:  # too new: the schema check below says so
        return None
    return None


def _derivation(rounds: int) -> Finding:
    if rounds >= KDF_ITERATIONS:
        return Finding(OK, "key derivation", f"{rounds:,} rounds (SQLCipher's default)")
    return Finding(WARN, "key derivation", f"{rounds:,} rounds (painlog's former setting)",
                   "run 'painlog encrypt --rekey' (same passphrase, 256,000 rounds)")  # fmt: skip


def _conversion(path: Path) -> Finding | None:
    found = read_plan(path)
    if found is None:
        return None
    state, files = found
    done = "to be finished" if state == "renaming" else "to be rolled back"
    return Finding(WARN, "conversion", f"an encrypt/decrypt was interrupted ({count(len(files), 'file')}, "
                   f"{done})", "run 'painlog encrypt' or 'painlog decrypt' (any painlog "
                   "command does it)")  # fmt: skip


def _backups(path: Path, journal_encrypted: bool) -> list[Finding]:
    folder = backups_folder(path)
    findings = []
    problem = backups_folder_problem(folder)
    if problem:
        return [Finding(FAIL, "backups folder", problem)]
    leftovers = [path.with_name(path.name + SUFFIX)]
    if folder.is_dir():
        leftovers += sorted(folder.glob(f"{path.stem}-*.db{SUFFIX}"))
    for leftover in (file for file in leftovers if file.exists()):
        findings.append(
            Finding(
                WARN,
                "interrupted conversion",
                f"{leftover} was left by an interrupted 'painlog encrypt' or 'decrypt'",
                "run the same command again to finish it; the journal itself is whole",
            )
        )
    candidates = sorted(backups_of(path), key=lambda f: f.stat().st_mtime)
    sound, broken, plain, encrypted = [], [], [], []
    for candidate in candidates:
        with candidate.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header == SQLITE_HEADER and candidate.stat().st_size >= 512:
            sound.append(candidate)
            plain.append(candidate)
        elif looks_encrypted(candidate):
            sound.append(candidate)
            encrypted.append(candidate)
        else:  # empty, cut short or not SQLite: never "the newest backup"
            broken.append(candidate)
    if broken:
        findings.append(
            Finding(
                WARN,
                "backups",
                f"{len(broken)} file(s) in {folder} are not backups (empty or not SQLite): "
                + ", ".join(file.name for file in broken[-3:]),
                "delete them; they hold nothing painlog can restore",
            )
        )
    odd = plain if journal_encrypted else encrypted
    if odd:
        what = "plain (readable) backups of this encrypted journal" if journal_encrypted else (
            "encrypted backups of this plain journal (they need the passphrase they were made "
            "with)")  # fmt: skip
        findings.append(
            Finding(
                WARN,
                "backups",
                f"{len(odd)} {what}: " + ", ".join(file.name for file in odd[-3:]),
                "run 'painlog encrypt' (or 'decrypt') again to convert them, or delete them",
            )
        )
    if not sound:
        findings.append(
            Finding(
                WARN, "backups", "none yet", "make one with 'painlog backup' and keep it elsewhere"
            )
        )
    else:
        findings.append(
            Finding(OK, "backups", f"{len(sound)} in {folder}, newest {sound[-1].name}")
        )
    return findings


def examine(path: Path) -> list[Finding]:
    """Every check on the journal at ``path``; nothing is written."""
    if path.is_dir():
        return [Finding(FAIL, "journal", f"{path} is a folder", "give a file with --db")]
    if path.exists() and not path.is_file():  # a FIFO or a device: never opened
        return [Finding(FAIL, "journal", f"{path} is not a regular file", "give a file with --db")]
    if not path.exists():
        return [
            Finding(
                WARN,
                "journal",
                f"no journal at {path} yet",
                "start one with 'painlog add pain 5' or 'painlog checkin'",
            )
        ]
    findings = [Finding(OK, "journal", str(path))]
    interrupted = _conversion(path)
    findings += [interrupted] if interrupted else []
    findings += _permissions(path)
    findings.append(_location(path))
    findings += _database(path)
    encrypted = any(f.check == "file format" and f.detail.startswith("encrypted") for f in findings)
    findings += _backups(path, encrypted)
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        # Not a fault: a journal kept read-only can be read by every command.
        findings.append(
            Finding(
                OK,
                "writable",
                "read-only: the journal or its folder cannot be written, so commands that "
                "write will refuse",
                f"to write again, run: chmod u+w '{path}' '{path.parent}'",
            )
        )
    else:
        findings.append(Finding(OK, "writable", "yes"))
    return findings
