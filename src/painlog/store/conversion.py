"""``encrypt``/``decrypt``: converting the journal and its own backups, whole or not at all.

Each file is written converted beside itself, checked (integrity, and every table's rows
identical), fsynced and swapped in with an atomic rename.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Any

from painlog.errors import PainlogError
from painlog.messages import Msg, say
from painlog.store import db
from painlog.store.backup import backups_folder
from painlog.store.cipher import (
    KDF_ITERATIONS,
    SUFFIX,
    _quoted,
    connect,
    looks_encrypted,
    sqlcipher,
)


def content_digest(connection: Any) -> tuple[str, int]:
    """(a digest of every row of every table, the number of entries): equal digests mean the
    same content, whatever the encryption."""
    digest = hashlib.sha256()
    tables = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )]  # fmt: skip
    entries = 0
    for table in tables:
        digest.update(table.encode())
        for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
            digest.update(repr(row).encode())
            entries += table == "entries"
    digest.update(str(connection.execute("PRAGMA user_version").fetchone()[0]).encode())
    return digest.hexdigest(), entries


def _checkpoint(path: Path) -> None:
    """Fold the WAL into the file, so the file alone holds everything."""
    connection = sqlite3.connect(path, timeout=db.busy_timeout())
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def convert_file(source: Path, passphrase: str, to_encrypted: bool) -> Path:
    """Write ``source`` converted beside it, check it, and swap it in atomically.

    Until the rename, ``source`` is untouched; after it, the converted file is complete and
    checked. A kill -9 at any moment leaves one or the other, whole.
    """
    module = sqlcipher()
    target = source.with_name(source.name + SUFFIX)
    target.unlink(missing_ok=True)
    db.create_private_file(target)
    target.unlink()  # SQLCipher creates it; the folder stays private
    if to_encrypted:
        _checkpoint(source)
        connection = module.connect(str(source), timeout=db.busy_timeout())
        before = content_digest(connection)
        connection.execute(f"PRAGMA cipher_default_kdf_iter = {KDF_ITERATIONS}")
        attach = f"ATTACH DATABASE ? AS converted KEY {_quoted(passphrase)}"
    else:
        connection = connect(source, passphrase)
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = content_digest(connection)
        attach = "ATTACH DATABASE ? AS converted KEY ''"
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute(attach, (str(target),))
        connection.execute("SELECT sqlcipher_export('converted')")
        connection.execute(f"PRAGMA converted.user_version = {int(version)}")
        connection.execute("DETACH DATABASE converted")
    finally:
        connection.close()
    os.chmod(target, 0o600)
    _verify(target, passphrase if to_encrypted else None, before)
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(target, source)
    for extra in ("-wal", "-shm"):
        Path(str(source) + extra).unlink(missing_ok=True)
    return source


def _verify(target: Path, passphrase: str | None, expected: tuple[str, int]) -> None:
    if passphrase is None:
        connection: Any = sqlite3.connect(target)
    else:
        connection = connect(target, passphrase)
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        found = content_digest(connection)
    finally:
        connection.close()
    if verdict != "ok" or found != expected:
        target.unlink(missing_ok=True)
        raise PainlogError(say(Msg.CONVERSION_FAILED, path=target, reason=verdict))


def convert_journal(path: Path, passphrase: str, to_encrypted: bool) -> list[Path]:
    """The journal and every backup painlog made of it, converted; returns the backups done."""
    convert_file(path, passphrase, to_encrypted)
    done = []
    folder = backups_folder(path)
    # Only this journal's backups: the folder may hold other journals' (named by their stem).
    for backup in sorted(folder.glob(f"{path.stem}-*.db")) if folder.is_dir() else []:
        if looks_encrypted(backup) != to_encrypted:
            convert_file(backup, passphrase, to_encrypted)
            done.append(backup)
    for leftover in folder.glob(f"*{SUFFIX}") if folder.is_dir() else []:
        leftover.unlink(missing_ok=True)
    return done
