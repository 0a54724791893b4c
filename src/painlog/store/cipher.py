"""An encrypted journal (SQLCipher, the optional extra ``painlog[encryption]``).

The journal file is encrypted page by page with a 256-bit key derived from the person's
passphrase with SQLCipher 4's own default, 256,000 rounds of PBKDF2-HMAC-SHA512, salted with the
file's first 16 bytes. Journals encrypted by painlog before used 50,000 rounds; they still open
(the default is tried first, then the old count) and ``painlog encrypt --rekey`` moves them to
the default.

Deriving the key costs a quarter of a second or more, on every command. So painlog derives it
itself (``hashlib.pbkdf2_hmac``, exactly SQLCipher's derivation) and opens with SQLCipher's raw
key form ``x'<key><salt>'``, which skips the derivation: ``encrypt --remember`` keeps that
derived key (never the passphrase) in the system keyring, and every later command opens in a
millisecond. The rounds are stored beside the key, so ``doctor`` can say which a journal has.
Backups are written with the journal's key and salt, so they open with the same passphrase.

While a passphrase or key is held, core dumps are switched off (they would write it to disk).

``encrypt``/``decrypt`` are in ``conversion``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from painlog.errors import InvalidInput, PainlogError
from painlog.interaction import can_prompt
from painlog.messages import Msg, say
from painlog.store import db

PASSPHRASE_ENV = "PAINLOG_PASSPHRASE"
KEYRING_SERVICE = "painlog"
KDF_ITERATIONS = 256_000  # SQLCipher 4's default, for every new encryption
LEGACY_KDF_ITERATIONS = 50_000  # painlog's journals encrypted before; `encrypt --rekey` moves them
MIN_PASSPHRASE = 8
SUFFIX = ".converting"
PLAN_SUFFIX = db.PLAN_SUFFIX
SALT_BYTES = 16
KEY_BYTES = 32
_STORED_PREFIX = "painlog-raw-key-v1:"  # keyring value: prefix, rounds, ':', key+salt in hex


@dataclass(frozen=True, repr=False)
class Key:
    """A derived SQLCipher key with its salt and the rounds it was derived with; and the
    passphrase, when it was given (not read from the keyring), to open files salted otherwise."""

    raw: bytes
    salt: bytes
    rounds: int
    passphrase: str | None = None

    def spec(self) -> str:
        """SQLCipher's raw key form: the derivation is skipped."""
        return f"x'{self.raw.hex()}{self.salt.hex()}'"

    def stored(self) -> str:
        return f"{_STORED_PREFIX}{self.rounds}:{self.raw.hex()}{self.salt.hex()}"

    def __repr__(self) -> str:  # never printed in a traceback or a log
        return f"Key(rounds={self.rounds})"


Secret = str | Key  # a passphrase, or a key already derived


def no_core_dumps() -> None:
    """A core dump would write the passphrase or key to disk: none while one is held.

    The soft limit is what the kernel applies to a dump; the hard one stays, so a process that
    embeds painlog (a test run) can still allow dumps for its other children."""
    try:
        import resource

        hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
        resource.setrlimit(resource.RLIMIT_CORE, (0, hard))
    except (ImportError, ValueError, OSError):  # not on this system: nothing to switch off
        pass


def checked_passphrase(given: str, field: str = "passphrase") -> str:
    """A passphrase SQLCipher and age can use: UTF-8 text. Python keeps an undecodable byte of
    the environment or terminal as a lone surrogate; refuse it without saying where it is."""
    try:
        given.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(say(Msg.PASSPHRASE_NOT_UTF8, field=field)) from None
    no_core_dumps()
    return given


def derive(passphrase: str, salt: bytes, rounds: int = KDF_ITERATIONS) -> Key:
    """SQLCipher 4's key derivation (PBKDF2-HMAC-SHA512, 32 bytes), done here."""
    raw = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, rounds, KEY_BYTES)
    return Key(raw, salt, rounds, passphrase)


def new_key(passphrase: str) -> Key:
    """A key for a new encryption: a fresh random salt, SQLCipher's default rounds."""
    return derive(passphrase, os.urandom(SALT_BYTES))


def file_salt(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(SALT_BYTES)


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


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _try_key(module: Any, path: Path, spec: str, timeout: float | None) -> Any | None:
    """A connection opened with ``spec`` (a passphrase or a raw key), or None if it is wrong."""
    connection = module.connect(
        str(path), timeout=db.busy_timeout() if timeout is None else timeout
    )
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")  # else a wrong key logs to stderr
        connection.execute(f"PRAGMA key = {_quoted(spec)}")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError as error:
        connection.close()
        if "not a database" in str(error).lower():
            return None
        raise db.translate(error, path) from None
    return connection


def _candidates(path: Path, secret: Secret) -> Iterator[Key]:
    """The keys to try, most likely first: SQLCipher's default rounds, then painlog's old ones."""
    fresh = not path.exists() or path.stat().st_size == 0
    if isinstance(secret, Key):
        salt = secret.salt if fresh else file_salt(path)
        if salt == secret.salt:
            yield secret
        elif secret.passphrase is not None:  # a file salted otherwise (an older backup)
            yield derive(secret.passphrase, salt)
            yield derive(secret.passphrase, salt, LEGACY_KDF_ITERATIONS)
    elif fresh:
        yield new_key(secret)
    else:
        salt = file_salt(path)
        yield derive(secret, salt)
        yield derive(secret, salt, LEGACY_KDF_ITERATIONS)


def unlock(path: Path, secret: Secret, timeout: float | None = None) -> tuple[Any, Key]:
    """An open SQLCipher connection to ``path`` and the key that opened it; PainlogError if
    the passphrase or key is wrong. A new (empty) file is keyed with ``secret``."""
    module = sqlcipher()
    no_core_dumps()
    for key in _candidates(path, secret):  # derived one at a time: each costs time
        connection = _try_key(module, path, key.spec(), timeout)
        if connection is not None:
            return connection, key
    raise PainlogError(say(Msg.WRONG_PASSPHRASE, path=path))


def connect(path: Path, secret: Secret, timeout: float | None = None) -> Any:
    """An open SQLCipher connection to ``path``, or PainlogError if the passphrase is wrong."""
    return unlock(path, secret, timeout)[0]


# --- the passphrase and the remembered key ----------------------------------------------------


def _keyring() -> Any | None:
    try:
        import keyring
    except ImportError:
        return None
    return keyring


def remembered(path: Path) -> Secret | None:
    """What the keyring holds for this journal: a derived key (or, stored by an older painlog,
    the passphrase itself)."""
    store = _keyring()
    if store is None:
        return None
    try:
        value = store.get_password(KEYRING_SERVICE, str(path.resolve()))
    except Exception:  # no keyring backend on this machine: as if nothing was remembered
        return None
    if not value or not value.startswith(_STORED_PREFIX):
        return value or None
    try:
        rounds, material = value[len(_STORED_PREFIX) :].split(":", 1)
        raw = bytes.fromhex(material)
        no_core_dumps()
        return Key(raw[:KEY_BYTES], raw[KEY_BYTES:], int(rounds))
    except ValueError:
        return None


def remember(path: Path, key: Key) -> bool:
    """Keep the derived key (not the passphrase) for this journal in the system keyring."""
    store = _keyring()
    if store is None:
        return False
    try:
        store.set_password(KEYRING_SERVICE, str(path.resolve()), key.stored())
    except Exception:
        return False
    return True


def forget(path: Path) -> None:
    store = _keyring()
    if store is not None:
        with contextlib.suppress(Exception):  # nothing stored, or no keyring service
            store.delete_password(KEYRING_SERVICE, str(path.resolve()))


def given_passphrase(path: Path) -> str | None:
    """The passphrase from ``PAINLOG_PASSPHRASE`` or typed at a prompt (not the keyring)."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return checked_passphrase(given)
    if can_prompt():
        import getpass

        entered = getpass.getpass(f"Passphrase for {path}: ")
        if entered:
            return checked_passphrase(entered)
    return None


def passphrase_for(path: Path) -> Secret:
    """How to open an encrypted journal: the environment, the keyring, or a prompt."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return checked_passphrase(given)
    stored = remembered(path)
    if stored:
        return checked_passphrase(stored) if isinstance(stored, str) else stored
    entered = given_passphrase(path)
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
    checked_passphrase(given)
    if len(given) < MIN_PASSPHRASE:
        raise InvalidInput(Msg.PASSPHRASE_SHORT.value)
    return given


def connect_file(
    path: Path, passphrase: Secret | None = None, **options: object
) -> sqlite3.Connection:
    """A connection to a journal file, plain or (with a passphrase or key) encrypted."""
    if passphrase is None:
        return sqlite3.connect(path, **options)  # type: ignore[call-overload]  # sqlite3's own options
    return connect(path, passphrase)
