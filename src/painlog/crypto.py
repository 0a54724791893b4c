"""An encrypted journal (SQLCipher, the optional extra ``painlog[encryption]``).

The journal file is encrypted page by page with a key derived from the person's passphrase
(PBKDF2-HMAC-SHA512). painlog opens it with the passphrase from ``PAINLOG_PASSPHRASE``, the
system keyring (when ``keyring`` is installed and ``encrypt --remember`` stored it), or a
prompt without echo. Nothing else changes: the same SQL, the same transactions.

``encrypt``/``decrypt`` write the converted journal beside the old one, check it (integrity,
and every table's rows identical), then swap it in with an atomic rename; painlog's own backups
are converted the same way, so no plain copy stays in painlog's folders.

KDF_ITERATIONS is 50,000 rounds of PBKDF2-HMAC-SHA512 rather than SQLCipher 4's 256,000:
every painlog command opens the journal, and 256,000 rounds cost ~75 ms on a 2-core machine
against ~15 ms (the target is `add` within 1.2x of a plain journal). Each SHA-512 round costs
more than SQLCipher 3's SHA-1 rounds (64,000 by default), so this is about SQLCipher 3's
strength. A passphrase of several random words matters far more than that factor
(docs/data-safety.md). Changing the count would need a migration of every encrypted file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Any

from painlog import db
from painlog.errors import InvalidInput, PainlogError
from painlog.interaction import can_prompt
from painlog.messages import Msg, say

PASSPHRASE_ENV = "PAINLOG_PASSPHRASE"
KEYRING_SERVICE = "painlog"
KDF_ITERATIONS = 50_000
MIN_PASSPHRASE = 8
SUFFIX = ".converting"


def sqlcipher() -> Any:
    """The SQLCipher binding, registered with painlog's error handling; or a clear refusal."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise PainlogError(Msg.ENCRYPTION_NOT_INSTALLED.value) from None
    if dbapi2.Error not in db.DATABASE_ERRORS:
        db.DATABASE_ERRORS = (*db.DATABASE_ERRORS, dbapi2.Error)
    return dbapi2


def available() -> bool:
    try:
        sqlcipher()
    except PainlogError:
        return False
    return True


def looks_encrypted(path: Path) -> bool:
    """Not SQLite's header, and sized in whole pages: what an SQLCipher file looks like (its
    first bytes are a random salt). A text file or a stray blob is not taken for one."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(len(db.SQLITE_HEADER))
    except OSError:
        return False
    return bool(header) and header != db.SQLITE_HEADER and size >= 1024 and size % 512 == 0


def _quoted(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def connect(path: Path, passphrase: str, timeout: float | None = None) -> Any:
    """An open SQLCipher connection to ``path``, or PainlogError if the passphrase is wrong."""
    module = sqlcipher()
    connection = module.connect(
        str(path), timeout=db.busy_timeout() if timeout is None else timeout
    )
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")  # else a wrong key logs to stderr
        connection.execute(f"PRAGMA key = {_quoted(passphrase)}")
        connection.execute(f"PRAGMA kdf_iter = {KDF_ITERATIONS}")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError as error:
        connection.close()
        if "not a database" in str(error).lower():
            raise PainlogError(say(Msg.WRONG_PASSPHRASE, path=path)) from None
        raise db.translate(error, path) from None
    return connection


# --- the passphrase ----------------------------------------------------------------------------


def _keyring() -> Any | None:
    try:
        import keyring
    except ImportError:
        return None
    return keyring


def remembered(path: Path) -> str | None:
    store = _keyring()
    if store is None:
        return None
    try:
        return store.get_password(KEYRING_SERVICE, str(path.resolve()))
    except Exception:  # no keyring backend on this machine: as if nothing was remembered
        return None


def remember(path: Path, passphrase: str) -> bool:
    store = _keyring()
    if store is None:
        return False
    try:
        store.set_password(KEYRING_SERVICE, str(path.resolve()), passphrase)
    except Exception:
        return False
    return True


def forget(path: Path) -> None:
    store = _keyring()
    if store is not None:
        with contextlib.suppress(Exception):  # nothing stored, or no keyring service
            store.delete_password(KEYRING_SERVICE, str(path.resolve()))


def passphrase_for(path: Path) -> str:
    """The passphrase of an encrypted journal: environment, keyring, or a prompt."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    stored = remembered(path)
    if stored:
        return stored
    if can_prompt():
        import getpass

        entered = getpass.getpass(f"Passphrase for {path}: ")
        if entered:
            return entered
    raise PainlogError(say(Msg.PASSPHRASE_NEEDED, path=path))


def new_passphrase() -> str:
    """A passphrase to encrypt with: ``PAINLOG_PASSPHRASE``, or asked twice without echo."""
    given = os.environ.get(PASSPHRASE_ENV)
    if not given:
        if not can_prompt():
            raise PainlogError(Msg.PASSPHRASE_NEEDED_NEW.value)
        import getpass

        given = getpass.getpass("New passphrase (several words are best): ")
        if getpass.getpass("The same passphrase again: ") != given:
            raise InvalidInput(Msg.PASSPHRASES_DIFFER.value)
    if len(given) < MIN_PASSPHRASE:
        raise InvalidInput(Msg.PASSPHRASE_SHORT.value)
    return given


# --- converting ------------------------------------------------------------------------------


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
    import sqlite3

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
        import sqlite3

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
    from painlog.backup import backups_folder

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
