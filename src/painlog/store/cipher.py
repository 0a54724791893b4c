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
import os
import sqlite3
from pathlib import Path
from typing import Any

from painlog.errors import InvalidInput, PainlogError
from painlog.interaction import can_prompt
from painlog.messages import Msg, say
from painlog.store import db

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


def connect_file(
    path: Path, passphrase: str | None = None, **options: object
) -> sqlite3.Connection:
    """A connection to a journal file, plain or (with a passphrase) encrypted."""
    if passphrase is None:
        return sqlite3.connect(path, **options)  # type: ignore[arg-type]
    return connect(path, passphrase)
