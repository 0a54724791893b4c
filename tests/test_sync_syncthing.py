"""Sync through real Syncthing instances (issue 24, point 6): two instances on 127.0.0.1 only
(discovery, relays, NAT and usage reports off), set up through their REST API, a journal per
device: offline edits on each, a conflict, an undo after the other device's edit, an encrypted
journal. Every device converges, nothing typed is lost, nothing readable is in the folder.

Needs Debian's ``syncthing`` (``.ci/run`` installs it); without it the test is skipped, saying
why. Bounded in time; every instance it starts is stopped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import Painlog

DEADLINE_SECONDS = 240  # the whole test
WAIT_SECONDS = 60  # one delivery


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Instance:
    """One Syncthing, configured before it starts to listen on 127.0.0.1 only."""

    def __init__(self, home: Path, binary: str) -> None:
        self.home = home
        self.gui, self.listen = free_port(), free_port()
        self.key = f"painlog-test-{home.name}"
        subprocess.run(
            [binary, "generate", f"--home={home}", "--no-default-folder", "--skip-port-probing"],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        config = home / "config.xml"
        text = config.read_text()
        text = re.sub(r"<address>[^<]*</address>", f"<address>127.0.0.1:{self.gui}</address>",
                      text, count=1)  # fmt: skip
        text = re.sub(r"<apikey>[^<]*</apikey>", f"<apikey>{self.key}</apikey>", text)
        if "<apikey>" not in text:
            text = text.replace("</gui>", f"<apikey>{self.key}</apikey></gui>")
        options = {
            "listenAddress": f"tcp://127.0.0.1:{self.listen}",
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "urAccepted": "-1",
            "autoUpgradeIntervalH": "0",
            "startBrowser": "false",
            "crashReportingEnabled": "false",
        }
        for name, value in options.items():
            text, found = re.subn(rf"<{name}>[^<]*</{name}>", f"<{name}>{value}</{name}>", text)
            if not found:
                text = text.replace("</options>", f"<{name}>{value}</{name}></options>")
        config.write_text(text)
        self.id = subprocess.run(
            [binary, "serve", "--device-id", f"--home={home}"],
            check=True, capture_output=True, text=True, timeout=60,
        ).stdout.strip()  # fmt: skip
        self.process = subprocess.Popen(
            [binary, "serve", f"--home={home}", "--no-browser", "--no-restart", "--no-upgrade",
             f"--gui-address=http://127.0.0.1:{self.gui}", f"--logfile={home / 'log.txt'}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "STNODEFAULTFOLDER": "1", "STNOUPGRADE": "1"},
        )  # fmt: skip

    def rest(self, method: str, path: str, body: object = None) -> object:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui}{path}", data=data, method=method,
            headers={"X-API-Key": self.key, "Content-Type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=10) as answer:
            text = answer.read()
        return json.loads(text) if text.strip() else None

    def ready(self) -> bool:
        try:
            return bool(self.rest("GET", "/rest/system/ping"))
        except OSError:
            return False

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.rest("POST", "/rest/system/shutdown")
                self.process.wait(timeout=15)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait(timeout=15)


def until(condition: Callable[[], bool], seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("Syncthing did not deliver in time")
        time.sleep(0.3)


@pytest.fixture
def syncthing(tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    binary = shutil.which("syncthing")
    if binary is None:
        pytest.skip("syncthing is not installed (apt-get install -y syncthing)")
    started: list[Instance] = []
    try:
        for name in ("st-a", "st-b"):
            started.append(Instance(tmp_path / name, binary))
        until(lambda: all(instance.ready() for instance in started), 60)
        for me, other in ((started[0], started[1]), (started[1], started[0])):
            me.rest("POST", "/rest/config/devices", {
                "deviceID": other.id, "name": other.home.name,
                "addresses": [f"tcp://127.0.0.1:{other.listen}"], "autoAcceptFolders": False,
            })  # fmt: skip
        yield started[0], started[1]
    finally:
        for instance in started:
            instance.stop()


def share(pair: tuple[Instance, Instance], folder_id: str, tmp_path: Path) -> list[Path]:
    folders = []
    for index, instance in enumerate(pair):
        path = tmp_path / f"{folder_id}-{index}"
        path.mkdir()
        instance.rest("POST", "/rest/config/folders", {
            "id": folder_id, "label": folder_id, "path": str(path), "type": "sendreceive",
            "rescanIntervalS": 1, "fsWatcherEnabled": False,
            "devices": [{"deviceID": pair[0].id}, {"deviceID": pair[1].id}],
        })  # fmt: skip
        folders.append(path)
    return folders


def listing(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in (folder / "painlog-sync").rglob("changes-*")}


def exchange(pair, folder_id: str, folders: list[Path], devices: list[Painlog], env=None) -> None:
    """Both devices sync, Syncthing delivers everything, both sync again (twice over)."""
    for _ in range(2):
        for device in devices:
            device.ok("sync", env=env)
        for instance in pair:
            instance.rest("POST", f"/rest/db/scan?folder={folder_id}")
        until(lambda: listing(folders[0]) == listing(folders[1]))


def export(device: Painlog, env=None) -> str:
    return device.ok("export", "--format", "json", env=env).stdout


def test_two_devices_through_syncthing_converge_and_lose_nothing(syncthing, tmp_path) -> None:
    started = time.monotonic()
    folders = share(syncthing, "painlog", tmp_path)
    a, b = Painlog(tmp_path / "a.db"), Painlog(tmp_path / "b.db")
    a.ok("add", "pain", "6", "--where", "knee", "--at", "2026-11-20 09:00")
    a.ok("sync", str(folders[0]))
    until(lambda: listing(folders[0]) <= listing(folders[1]) and bool(listing(folders[1])))
    b.ok("sync", str(folders[1]))
    exchange(syncthing, "painlog", folders, [a, b])
    (entry,) = a.json("list")
    key = entry["id"][:8]
    # Offline edits on each, and a conflict on the same entry.
    a.ok("add", "mood", "4", "--note", "typed-on-a", "--at", "2026-11-21 09:00")
    b.ok("add", "mood", "6", "--note", "typed-on-b", "--at", "2026-11-21 10:00")
    a.ok("edit", key, "7")
    b.ok("edit", key, "3")
    exchange(syncthing, "painlog", folders, [a, b])
    assert export(a) == export(b)
    notes = {e["note"] for e in a.json("list")}
    assert {"typed-on-a", "typed-on-b"} <= notes
    with sqlite3.connect(a.db) as connection:
        assert connection.execute("SELECT count(*) FROM sync_conflicts").fetchone()[0] >= 1
    # An undo on A after B's later edit keeps B's edit everywhere.
    a.ok("edit", key, "8")
    exchange(syncthing, "painlog", folders, [a, b])
    b.ok("edit", key, "2")
    exchange(syncthing, "painlog", folders, [a, b])
    a.ok("undo")
    exchange(syncthing, "painlog", folders, [a, b])
    assert export(a) == export(b)
    assert next(e["value"] for e in b.json("list") if e["id"].startswith(key)) == 2.0
    assert time.monotonic() - started < DEADLINE_SECONDS


def test_an_encrypted_journal_through_syncthing_leaves_nothing_readable(
    syncthing, tmp_path
) -> None:
    pytest.importorskip("sqlcipher3")
    env = {"PAINLOG_PASSPHRASE": "correct horse battery", "PAINLOG_EXPORT_PASSPHRASE": ""}
    folders = share(syncthing, "secret", tmp_path)
    a, b = Painlog(tmp_path / "ea.db"), Painlog(tmp_path / "eb.db")
    for device in (a, b):
        device.ok("add", "note", "seed", env=env)
        device.ok("encrypt", env=env)
    a.ok("add", "note", "secret-knee-flare", env=env)
    a.ok("sync", str(folders[0]), env=env)
    until(lambda: bool(listing(folders[1])))
    b.ok("sync", str(folders[1]), env=env)
    b.ok("add", "note", "secret-from-b", env=env)
    exchange(syncthing, "secret", folders, [a, b], env=env)
    assert export(a, env) == export(b, env)
    assert "secret-from-b" in a.ok("list", env=env).stdout
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and ".stfolder" not in path.parts:
                data = path.read_bytes()
                assert b"secret" not in data and b"seed" not in data, path
