"""An encrypted journal's device keys (issue 24's speed target: an encrypted join within 2x a
plain one): a device joining opens one key.age with the passphrase (scrypt, slow by design)
and finds the other devices' keys through their keyrings and the keys given to it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from painlog.sync import folder as files
from painlog.sync import shared
from tests.conftest import SECRET, Painlog, encrypted_and_joined


def encrypted(tmp_path: Path, name: str) -> Painlog:
    device = Painlog(tmp_path / f"{name}.db")
    device.ok("add", "note", f"from {name}", env=SECRET)
    device.ok("encrypt", env=SECRET)
    return device


def forget_keys() -> None:
    """Each device is its own process in life; here they share one: no key carried over."""
    shared._OPENED.clear()
    shared._RINGS_READ.clear()


def test_a_device_joining_opens_one_key_with_the_passphrase(tmp_path: Path, monkeypatch) -> None:
    pytest.importorskip("sqlcipher3")
    a, folder = encrypted_and_joined(tmp_path)
    forget_keys()
    b = encrypted(tmp_path, "b")
    b.ok("sync", str(folder), env=SECRET)
    for device in (a, b, a, b):  # b writes its key.age at its second exchange
        forget_keys()
        device.ok("sync", env=SECRET)
    opened: list[str] = []
    real = files.read_key

    def counting(folder: Path, device: str, passphrase: str | None) -> str:
        opened.append(device)
        return real(folder, device, passphrase)

    monkeypatch.setattr(files, "read_key", counting)
    forget_keys()
    c = encrypted(tmp_path, "c")
    before = set(files.devices(folder))
    c.ok("sync", str(folder), env=SECRET)
    (me,) = set(files.devices(folder)) - before
    assert len(opened) == 1  # one scrypt; the other key from that device's keyring
    assert (files.device_folder(folder, me) / f"key-for-{opened[0]}.age").exists()
    assert not (files.device_folder(folder, me) / "key.age").exists()
    listed = json.loads(c.ok("list", "--json", env=SECRET).stdout)
    notes = {e["note"] for e in listed}
    assert {"seed", "from b", "from c"} <= notes
    for device in (a, b, c, a, b, c):
        forget_keys()
        device.ok("sync", env=SECRET)
    exports = [d.ok("export", "--format", "json", env=SECRET).stdout for d in (a, b, c)]
    assert exports[0] == exports[1] == exports[2]
    assert (files.device_folder(folder, me) / "key.age").exists()
    for path in folder.rglob("*"):  # nothing readable in the folder
        if path.is_file() and path.name != "inbox.txt":
            assert b"from b" not in path.read_bytes() and b"AGE-SECRET" not in path.read_bytes()
