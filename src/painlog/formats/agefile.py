"""Files for sending: reports and exports encrypted with age (pyrage, in painlog[encryption]).

`--encrypt-to RECIPIENT` encrypts to an age public key (``age1…``; an ``ssh-ed25519``/
``ssh-rsa`` public key works too), `--encrypt-passphrase` with a passphrase (age's scrypt
mode) from ``PAINLOG_EXPORT_PASSPHRASE`` or asked twice. ``painlog import`` reads such a file
with ``--identity FILE`` (an age identity file) or the passphrase, decrypting in memory: no
plain copy is written.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from painlog.errors import InvalidInput, PainlogError
from painlog.interaction import can_prompt
from painlog.messages import Msg, say

MAGIC = b"age-encryption.org/v1"
PASSPHRASE_ENV = "PAINLOG_EXPORT_PASSPHRASE"
# The identity file given to ``painlog import --identity`` (a context, not a global setting).
IDENTITY: ContextVar[Path | None] = ContextVar("painlog_age_identity", default=None)


@dataclass(frozen=True)
class Encryption:
    """How to encrypt a file for sending: to recipients, or with a passphrase."""

    recipients: tuple[str, ...] = ()
    passphrase: str | None = None


def pyrage() -> Any:
    try:
        import pyrage
    except ImportError:
        raise PainlogError(Msg.ENCRYPTION_NOT_INSTALLED.value) from None
    return pyrage


def _passphrase(confirm: bool, file: Path | None = None) -> str:
    """The file's passphrase: the environment, or typed (twice when encrypting)."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return _usable(given, confirm)
    if not can_prompt():
        if file is not None:
            raise PainlogError(say(Msg.AGE_PASSPHRASE_NEEDED, file=file))
        raise PainlogError(Msg.EXPORT_PASSPHRASE_NEEDED.value)
    import getpass  # lazy: only when a passphrase is asked for

    given = getpass.getpass("Passphrase for the file: ")
    if confirm and getpass.getpass("The same passphrase again: ") != given:
        raise InvalidInput(Msg.PASSPHRASES_DIFFER.value)
    if not given:
        raise PainlogError(Msg.EXPORT_PASSPHRASE_NEEDED.value)
    return _usable(given, confirm)


def _usable(given: str, encrypting: bool) -> str:
    """UTF-8 text, and for a new file at least as long as a journal's passphrase."""
    from painlog.store.cipher import (  # lazy: only for an encrypted file
        MIN_PASSPHRASE,
        checked_passphrase,
    )

    checked_passphrase(given, "--encrypt-passphrase" if encrypting else "passphrase")
    if encrypting and len(given) < MIN_PASSPHRASE:
        raise InvalidInput(Msg.EXPORT_PASSPHRASE_SHORT.value)
    return given


def choose(recipients: list[str] | None, use_passphrase: bool) -> Encryption | None:
    """The options as given, checked before anything is written (None: no encryption)."""
    if not recipients and not use_passphrase:
        return None
    if recipients and use_passphrase:
        raise InvalidInput(Msg.ENCRYPT_ONE_WAY.value)
    module = pyrage()
    for recipient in recipients or []:
        _recipient(module, recipient)
    return Encryption(
        tuple(recipients or ()), _passphrase(confirm=True) if use_passphrase else None
    )


def _recipient(module: Any, text: str) -> Any:
    text = text.strip()
    try:
        if text.startswith("ssh-"):
            return module.ssh.Recipient.from_str(text)
        return module.x25519.Recipient.from_str(text)
    except Exception:
        raise InvalidInput(say(Msg.INVALID, field="--encrypt-to", given=text,
                               accepted=Msg.FORM_RECIPIENT)) from None  # fmt: skip


def encrypt(data: bytes, how: Encryption) -> bytes:
    module = pyrage()
    if how.passphrase is not None:
        return module.passphrase.encrypt(data, how.passphrase)
    return module.encrypt(data, [_recipient(module, text) for text in how.recipients])


def decrypt(path: Path, data: bytes) -> bytes:
    """An age file's plain bytes, with ``--identity`` or the passphrase; one line if neither."""
    module = pyrage()
    identity_file = IDENTITY.get()
    scrypt = b"-> scrypt " in data[:200]
    try:
        if identity_file is not None and not scrypt:
            identities = _identities(module, identity_file)
            return module.decrypt(data, identities)
        if scrypt:
            return module.passphrase.decrypt(data, _passphrase(confirm=False, file=path))
    except module.DecryptError:
        raise PainlogError(say(Msg.AGE_WRONG_KEY, file=path)) from None
    raise PainlogError(say(Msg.AGE_NEEDS_IDENTITY, file=path))


def _identities(module: Any, identity_file: Path) -> list[Any]:
    if identity_file.exists() and not identity_file.is_file():  # a folder, a FIFO, a device
        raise InvalidInput(say(Msg.IDENTITY_NOT_FILE, path=identity_file))
    try:
        lines = identity_file.read_text(encoding="utf-8").splitlines()
        found = [module.x25519.Identity.from_str(line.strip()) for line in lines
                 if line.strip().startswith("AGE-SECRET-KEY-")]  # fmt: skip
    except (UnicodeDecodeError, ValueError, module.IdentityError):
        raise InvalidInput(say(Msg.INVALID, field="--identity", given=identity_file,
                               accepted=Msg.FORM_IDENTITY)) from None  # fmt: skip
    except OSError as error:
        raise PainlogError(say(Msg.FILE_NOT_FOUND, path=identity_file) if isinstance(error, FileNotFoundError)
                           else str(error)) from None  # fmt: skip
    if not found:
        raise InvalidInput(say(Msg.INVALID, field="--identity", given=identity_file,
                               accepted=Msg.FORM_IDENTITY))  # fmt: skip
    return found


_DECRYPTED: dict[Path, bytes] = {}  # read twice in one import (sniffing, parsing): ask once


def read_source(path: Path) -> bytes:
    """A file's bytes for import, decrypted in memory when it is an age file."""
    data = path.read_bytes()
    if not data.startswith(MAGIC):
        return data
    if path not in _DECRYPTED:
        _DECRYPTED[path] = decrypt(path, data)
    return _DECRYPTED[path]
