"""The shared folder: where each device's files go, how they are written and read.

```
FOLDER/painlog-sync/devices/<device>/changes-000001.log   one file per exchange, never rewritten
FOLDER/painlog-sync/devices/<device>/key.age              (encrypted journals) this device's key
FOLDER/inbox.txt, FOLDER/inbox-done.txt                   lines typed on a phone (painlog.sync.inbox)
FOLDER/painlog.ics                                        the plan and visits, for calendars
```

A changes file is JSON lines: a header, one line per row version, and an ``end`` line with
the count, so a file the file service has delivered only in part is recognised and read at a
later exchange. It is written beside its final name and renamed into place, so no reader ever
sees it half-written. An encrypted journal's files are age files, encrypted to this device's
own X25519 key; that key is kept in ``key.age``, encrypted with the journal's passphrase
(age's scrypt mode), so every device that knows the passphrase can read them, and scrypt's
deliberate slowness is paid once per device, not once per file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from painlog.errors import PainlogError
from painlog.messages import Msg, say

AGE_MAGIC = b"age-encryption.org/v1"
FORMAT = "painlog-sync"
FORMAT_VERSION = 1
_BATCH = re.compile(r"changes-(\d{6,})\.log")


def root(folder: Path) -> Path:
    return folder / "painlog-sync" / "devices"


def device_folder(folder: Path, device: str) -> Path:
    return root(folder) / device


def batch_name(number: int) -> str:
    return f"changes-{number:06d}.log"


def batch_number(name: str) -> int | None:
    match = _BATCH.fullmatch(name)
    return int(match[1]) if match else None


@dataclass(frozen=True)
class Batch:
    device: str
    name: str
    path: Path


def batches(folder: Path) -> Iterator[Batch]:
    """Every complete-looking changes file of every device (in-progress ``.tmp`` files are not)."""
    base = root(folder)
    if not base.is_dir():
        return
    for device_dir in sorted(base.iterdir()):
        if not device_dir.is_dir() or device_dir.name.startswith("."):
            continue
        for entry in sorted(os.scandir(device_dir), key=lambda e: e.name):
            if batch_number(entry.name) is not None:
                yield Batch(device_dir.name, entry.name, Path(entry.path))


def devices(folder: Path) -> list[str]:
    base = root(folder)
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))


def fingerprint(folder: Path, me: str) -> str:
    """What changed in FOLDER since the last look: other devices' files (names, sizes, times)
    and the inbox. Cheap: one listing per device, no file is opened."""
    digest = hashlib.sha256()
    base = root(folder)
    if base.is_dir():
        for device_dir in sorted(os.scandir(base), key=lambda e: e.name):
            if device_dir.name == me or not device_dir.is_dir():
                continue
            for entry in sorted(os.scandir(device_dir.path), key=lambda e: e.name):
                stat = entry.stat()
                digest.update(
                    f"{device_dir.name}/{entry.name}:{stat.st_size}:{stat.st_mtime_ns};".encode()
                )
    inbox = folder / "inbox.txt"
    if inbox.exists():
        stat = inbox.stat()
        digest.update(f"inbox:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def next_batch_number(folder: Path, device: str, written: int) -> int:
    """One more than any file of this device, in the folder or recorded: a file whose
    writing was interrupted before the journal recorded it is never written over."""
    mine = device_folder(folder, device)
    found = [batch_number(p.name) for p in mine.iterdir()] if mine.is_dir() else []
    return max([written, *(n for n in found if n is not None)]) + 1


def write_private(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: beside it first, flushed, then renamed in place."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.tmp")
    descriptor = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        os.write(descriptor, data)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(temporary, path)


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
    from painlog.formats.agefile import pyrage

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
    if passphrase is None or not path.exists():
        raise PainlogError(say(Msg.SYNC_NEEDS_PASSPHRASE, device=device))
    module = _pyrage()
    try:
        return module.passphrase.decrypt(path.read_bytes(), passphrase).decode("ascii")
    except module.DecryptError:
        raise PainlogError(say(Msg.SYNC_WRONG_PASSPHRASE, device=device)) from None


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
