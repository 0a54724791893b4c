"""The shared folder: where each device's files go, how they are written and read.

```
FOLDER/painlog-sync/devices/<device>/changes-000001.loro  one file per exchange, never rewritten
FOLDER/painlog-sync/devices/<device>/key.age              (encrypted journals) this device's key
FOLDER/painlog-sync/devices/<device>/keyring.age          the keys this device knows, to itself
FOLDER/painlog-sync/devices/<device>/key-for-<other>.age  this device's key, to another device
FOLDER/inbox.txt, FOLDER/inbox-done.txt                   lines typed on a phone (painlog.sync.inbox)
FOLDER/painlog.ics                                        the plan and visits, for calendars
```

A changes file is a Loro update of its device's operations in a small envelope
(painlog.sync.replica) whose header gives its size, so a file the file service has delivered
only in part is recognised and read at a later exchange. (``changes-NNNNNN.log`` files, JSON
lines, are those of painlog before the Loro engine: read once by painlog.sync.legacy, never
written again.) It is written beside its final name and renamed into place, so no reader ever
sees it half-written. An encrypted journal's files are age files, encrypted to this device's
own X25519 key; that key is kept in ``key.age``, encrypted with the journal's passphrase
(age's scrypt mode), so every device that knows the passphrase can read them, and scrypt's
deliberate slowness is paid once per device, not once per file. A device also keeps
``keyring.age`` (the keys it knows, encrypted to its own key) and gives its key to each device
it knew when it joined (``key-for-<device>.age``): a device joining opens one ``key.age`` with
the passphrase and finds every other key through the keyrings, with no scrypt per device.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from painlog.errors import PainlogError
from painlog.messages import Msg, say

AGE_MAGIC = b"age-encryption.org/v1"
FORMAT = "painlog-sync"
FORMAT_VERSION = 1
_BATCH = re.compile(r"changes-([0-9]{6,})\.(loro|log)", re.ASCII)
_DEVICE = re.compile(r"[0-9a-f]{16}", re.ASCII)

# Size limits (docs/sync.md "Limits"): a file over its limit is refused, never read whole.
CHANGES_LIMIT = 256 * 1024 * 1024  # one changes file (a 22,000-entry join is about 10 MB)
KEY_LIMIT = 16 * 1024  # key.age (an age scrypt file of one identity is under 1 KB)
INBOX_LIMIT = 4 * 1024 * 1024  # inbox.txt and each conflicted copy of it

_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class Refused(Exception):
    """A file in FOLDER painlog will not read (a link, a special file, too big, not
    authentic): its reason, for ``sync --status`` and ``doctor``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` when it is a regular file of at most ``limit`` bytes.

    Opened without following a link and without blocking (a FIFO opens at once and is then
    refused), and checked on what was opened (fstat), not on the name: a file swapped for a
    link between a look and the open is still never followed. Reading stops at ``limit``, so
    a link to /dev/zero or a growing file cannot eat memory. Raises Refused, or OSError when
    the file is missing (not delivered yet).
    """
    try:
        descriptor = os.open(path, _READ_FLAGS | _CLOEXEC)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Refused(Msg.SYNC_REFUSED_LINK.value) from None
        raise
    try:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode):
            raise Refused(Msg.SYNC_REFUSED_SPECIAL.value)
        if found.st_size > limit:
            raise Refused(say(Msg.SYNC_REFUSED_SIZE, limit=_size(limit)))
        chunks: list[bytes] = []
        held = 0
        while held <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - held))
            if not chunk:
                break
            chunks.append(chunk)
            held += len(chunk)
        if held > limit:
            raise Refused(say(Msg.SYNC_REFUSED_SIZE, limit=_size(limit)))
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def is_link_or_special(path: Path) -> str | None:
    """Why painlog will not touch ``path`` (a link, not a regular file), or None."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISLNK(found.st_mode):
        return Msg.SYNC_REFUSED_LINK.value
    if not stat.S_ISREG(found.st_mode):
        return Msg.SYNC_REFUSED_SPECIAL.value
    return None


def real_dir(path: Path) -> bool:
    """A directory that is not a link (FOLDER's own painlog folders are never followed)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def make_private_dirs(folder: Path, device: str | None = None) -> None:
    """FOLDER/painlog-sync/devices(/DEVICE), each owner-only whatever the umask. A link (or a
    file) where one of painlog's folders should be is refused, never followed."""
    path = folder
    for name in ("painlog-sync", "devices", *([device] if device else [])):
        path = path / name
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            if not real_dir(path):
                raise Refused(Msg.SYNC_REFUSED_LINK.value) from None
            continue
        os.chmod(path, 0o700)  # mkdir's mode is cut by the umask; 000 would leave it as asked


def root(folder: Path) -> Path:
    return folder / "painlog-sync" / "devices"


def device_folder(folder: Path, device: str) -> Path:
    return root(folder) / device


def batch_name(number: int) -> str:
    return f"changes-{number:06d}.loro"


def legacy_name(number: int) -> str:
    """A changes file of painlog before the Loro engine (never written again but by tests)."""
    return f"changes-{number:06d}.log"


def batch_number(name: str) -> int | None:
    match = _BATCH.fullmatch(name)
    return int(match[1]) if match else None


@dataclass(frozen=True)
class Batch:
    device: str
    name: str
    path: Path


def batches(
    folder: Path, refused: list[tuple[str, str, str]] | None = None, legacy: bool = False
) -> Iterator[Batch]:
    """Every changes file of every device (in-progress temporary files are not), of the Loro
    engine or (``legacy``) of the old JSON-lines format. A device
    folder that is a link, or not named as painlog names devices, is listed in ``refused``
    (device, file, reason) and not entered."""
    base = root(folder)
    suffix = ".log" if legacy else ".loro"
    if not real_dir(base) or not real_dir(base.parent):
        return
    for device_dir in sorted(os.scandir(base), key=lambda e: e.name):
        if device_dir.name.startswith("."):
            continue
        if device_dir.is_symlink() or not device_dir.is_dir(follow_symlinks=False):
            if refused is not None:
                refused.append((device_dir.name[:40], "", Msg.SYNC_REFUSED_LINK.value
                                if device_dir.is_symlink() else Msg.SYNC_REFUSED_SPECIAL.value))  # fmt: skip
            continue
        if not _DEVICE.fullmatch(device_dir.name):
            if refused is not None:
                refused.append((device_dir.name[:40], "", Msg.SYNC_REFUSED_DEVICE_NAME.value))
            continue
        for entry in sorted(os.scandir(device_dir.path), key=lambda e: e.name):
            if batch_number(entry.name) is not None and entry.name.endswith(suffix):
                yield Batch(device_dir.name, entry.name, Path(entry.path))


def devices(folder: Path) -> list[str]:
    base = root(folder)
    if not real_dir(base):
        return []
    return sorted(
        e.name
        for e in os.scandir(base)
        if e.is_dir(follow_symlinks=False) and _DEVICE.fullmatch(e.name)
    )


def sealed_device(folder: Path) -> str | None:
    """A device whose key is in FOLDER (``key.age``): the journal kept there is encrypted."""
    for device in devices(folder):
        if os.path.lexists(device_folder(folder, device) / "key.age"):
            return device
    return None


def fingerprint(folder: Path, me: str) -> str:
    """What changed in FOLDER since the last look: other devices' files (names, sizes, times)
    and the inbox. Cheap: one listing per device, no file is opened, no link followed."""
    digest = hashlib.sha256()
    base = root(folder)
    if real_dir(base):
        for device_dir in sorted(os.scandir(base), key=lambda e: e.name):
            if device_dir.name == me or not device_dir.is_dir(follow_symlinks=False):
                continue
            for entry in sorted(os.scandir(device_dir.path), key=lambda e: e.name):
                found = entry.stat(follow_symlinks=False)
                digest.update(
                    f"{device_dir.name}/{entry.name}:{found.st_size}:{found.st_mtime_ns};".encode()
                )
    for entry in sorted(os.scandir(folder), key=lambda e: e.name) if folder.is_dir() else []:
        if entry.name.startswith(("inbox", ".painlog-inbox-")):
            found = entry.stat(follow_symlinks=False)
            digest.update(f"{entry.name}:{found.st_size}:{found.st_mtime_ns};".encode())
    return digest.hexdigest()


def next_batch_number(folder: Path, device: str, written: int) -> int:
    """One more than any file of this device, in the folder or recorded: a file whose
    writing was interrupted before the journal recorded it is never written over."""
    mine = device_folder(folder, device)
    found = [batch_number(p.name) for p in mine.iterdir()] if real_dir(mine) else []
    return max([written, *(n for n in found if n is not None)]) + 1


def create_private(directory: Path, prefix: str) -> tuple[int, Path]:
    """A new file only this process knows: an unpredictable name, created exclusively (never
    an existing file or a link planted under the name), owner-only whatever the umask."""
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | _CLOEXEC
    for _ in range(16):
        path = directory / f"{prefix}{secrets.token_hex(8)}.tmp"
        try:
            descriptor = os.open(path, flags, 0o600)
        except FileExistsError:
            continue
        os.fchmod(descriptor, 0o600)  # the umask may have taken bits off, or 000 left them on
        return descriptor, path
    raise FileExistsError(directory)


def write_private(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: a private file beside it first, flushed, then
    renamed in place (a rename replaces a link at ``path`` itself, never its target)."""
    descriptor, temporary = create_private(path.parent, f".{path.name}.")
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def encode(header: dict[str, Any], records: list[dict[str, Any]]) -> bytes:
    lines = [json.dumps({"format": FORMAT, "version": FORMAT_VERSION, **header}, sort_keys=True)]
    lines += [json.dumps(record, ensure_ascii=False, sort_keys=True) for record in records]
    lines.append(json.dumps({"end": len(records)}))
    return ("\n".join(lines) + "\n").encode("utf-8")


def decode(data: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """(header, records) of a whole changes file, or None for one not (yet) whole."""
    try:
        lines = data.decode("utf-8").splitlines()
        if len(lines) < 2:
            return None
        header = json.loads(lines[0])
        end = json.loads(lines[-1])
        records = [json.loads(line) for line in lines[1:-1]]
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    if not isinstance(end, dict) or end.get("end") != len(records):
        return None
    if not all(isinstance(record, dict) for record in records):
        return None
    return header, records


# --- encryption ----------------------------------------------------------------------------------


def _pyrage() -> Any:
    from painlog.formats.agefile import pyrage  # lazy: only for an encrypted folder

    return pyrage()


def new_identity() -> str:
    """A new X25519 age identity (``AGE-SECRET-KEY-1…``) for this device's files."""
    return str(_pyrage().x25519.Identity.generate())


def publish_key(folder: Path, device: str, identity: str, passphrase: str) -> None:
    """``key.age``: this device's identity, encrypted with the journal's passphrase."""
    sealed = _pyrage().passphrase.encrypt(identity.encode("ascii"), passphrase)
    write_private(device_folder(folder, device) / "key.age", sealed)


def read_key(folder: Path, device: str, passphrase: str | None) -> str:
    """Another device's identity, opened with the journal's passphrase."""
    path = device_folder(folder, device) / "key.age"
    if passphrase is None:
        raise PainlogError(say(Msg.SYNC_NEEDS_PASSPHRASE, device=device))
    try:
        sealed = read_regular(path, KEY_LIMIT)
    except OSError:
        raise Refused(Msg.SYNC_REFUSED_NO_KEY.value) from None
    module = _pyrage()
    try:
        return module.passphrase.decrypt(sealed, passphrase).decode("ascii")
    except module.DecryptError:
        raise PainlogError(say(Msg.SYNC_WRONG_PASSPHRASE, device=device)) from None
    except (UnicodeDecodeError, ValueError):
        raise Refused(Msg.SYNC_REFUSED_NOT_AUTHENTIC.value) from None


_IDENTITY = re.compile(r"AGE-SECRET-KEY-1[0-9A-Z]{20,100}", re.ASCII)


def keyring_path(folder: Path, device: str) -> Path:
    return device_folder(folder, device) / "keyring.age"


def key_for_path(folder: Path, device: str, other: str) -> Path:
    return device_folder(folder, device) / f"key-for-{other}.age"


def identities(data: bytes) -> dict[str, str]:
    """The device keys a keyring holds (an opened keyring.age), checked; {} for anything else."""
    try:
        found = json.loads(data)
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {
        device: identity
        for device, identity in found.items()
        if isinstance(device, str) and _DEVICE.fullmatch(device)
        and isinstance(identity, str) and _IDENTITY.fullmatch(identity)
    }  # fmt: skip


def open_sealed(path: Path, identity: str) -> bytes | None:
    """A small age file of FOLDER opened with ``identity``, or None (missing, not a regular
    file, too big, or not for that key)."""
    try:
        data = read_regular(path, KEY_LIMIT * 64)
    except (OSError, Refused):
        return None
    return unseal(data, identity) if data.startswith(AGE_MAGIC) else None


def one_identity(data: bytes | None) -> str | None:
    text = (data or b"").decode("ascii", "replace").strip()
    return text if _IDENTITY.fullmatch(text) else None


def seal(data: bytes, identity: str) -> bytes:
    module = _pyrage()
    recipient = module.x25519.Identity.from_str(identity).to_public()
    return module.encrypt(data, [recipient])


def unseal(data: bytes, identity: str) -> bytes | None:
    module = _pyrage()
    try:
        return module.decrypt(data, [module.x25519.Identity.from_str(identity)])
    except module.DecryptError:
        return None
