"""Three honest devices beside hostile peers (issue 24, point 7): garbage, truncated, forged,
clock-poisoned, linked and special files in the folder. Honest devices converge and lose
nothing; every hostile file is listed (refused or held) and none is applied."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import stat
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painlog import clock
from painlog.sync import folder as files
from tests import loro_files
from tests.conftest import Painlog


def export(device: Painlog) -> str:
    return device.ok("export", "--format", "json").stdout


def deliver(folders: list[Path], rng: random.Random, everything: bool) -> None:
    """The file service: regular changes files copied between the copies of the folder
    (a link or a special file is not something a file service copies here)."""
    found = []
    for source in folders:
        for path in files.root(source).glob("*/changes-*"):
            if stat.S_ISREG(os.lstat(path).st_mode) and not path.parent.is_symlink():
                found.append((source, path))
    rng.shuffle(found)
    if not everything:
        found = found[: rng.randint(0, 3)]
    for source, path in found:
        for target in folders:
            destination = target / path.relative_to(source)
            if target != source and not os.path.lexists(destination):
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)


HOSTILE_KINDS = ("garbage", "truncated", "forged", "range", "future", "digits", "link", "fifo")


def plant(folders: list[Path], kind: str, number: int, victims: list[str]) -> str:
    """One hostile file, in every copy of the folder at once (as a cloud folder writer
    would); the hostile device's id."""
    device = f"{number % 0xFFFFFFFF:08x}deadbeef"
    now = clock.utc_millis()
    row = {"t": "entries", "k": f"hostile-{number}", "b": None,
           "v": f"{now:013d}.00000 {device}",
           "d": {"id": f"hostile-{number}", "kind": "pain", "value": 4,
                 "at": "2026-11-21T09:00:00+00:00", "note": f"hostile-{number}"}}  # fmt: skip
    peer = device
    if kind == "range":
        row["d"]["value"] = 42  # type: ignore[index]
    elif kind == "future":
        row["v"] = f"{now + 10 * 86_400_000:013d}.00000 {device}"
    elif kind == "digits":
        row["v"] = str(row["v"]).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    elif kind == "forged":
        peer = victims[number % len(victims)]  # operations in an honest device's name
        row["v"] = f"{now:013d}.00000 {peer}"
    data = loro_files.encode(device, loro_files.blobs([row], peer))
    if kind == "truncated":
        data = data[: len(data) // 2]
    elif kind == "garbage":
        data = bytes(random.Random(number).randrange(256) for _ in range(300))
    for folder in folders:
        place = files.device_folder(folder, device)
        place.mkdir(parents=True, exist_ok=True)
        path = place / files.batch_name(1)
        if os.path.lexists(path):
            continue
        if kind == "link":
            path.symlink_to("/dev/zero")
        elif kind == "fifo":
            os.mkfifo(path)
        else:
            path.write_bytes(data)
    return device


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    steps=st.lists(
        st.tuples(
            st.integers(0, 2),
            st.sampled_from(("add", "edit", "sync", "deliver", "hostile", "hostile")),
            st.integers(0, 10**6),
        ),
        min_size=4,
        max_size=12,
    ),
    kinds=st.lists(st.sampled_from(HOSTILE_KINDS), min_size=1, max_size=4),
    seed=st.integers(0, 10**6),
)
def test_honest_devices_converge_beside_hostile_peers(tmp_path_factory, steps, kinds, seed):
    tmp = tmp_path_factory.mktemp("hostile")
    rng = random.Random(seed)
    devices = [Painlog(tmp / f"d{i}.db") for i in range(3)]
    folders = [tmp / f"F{i}" for i in range(3)]
    for device, folder in zip(devices, folders, strict=True):
        device.ok("sync", str(folder))
    ids = [next(files.root(folder).iterdir()).name for folder in folders]
    kept: set[str] = set()
    hostile: set[str] = set()
    for counter, (who, action, number) in enumerate(steps, start=1):
        device = devices[who]
        if action == "add":
            note = f"kept-{counter}"
            device.ok("add", "pain", str(number % 11), "--note", note, "--at", "2026-11-20 09:00")
            kept.add(note)
        elif action == "edit":
            entries = device.json("list")
            if entries:
                target = entries[number % len(entries)]
                device.ok("edit", target["id"][:8], "--tag", f"t{counter}")
        elif action == "sync":
            device.ok("sync")
        elif action == "deliver":
            deliver(folders, rng, everything=False)
        else:
            kind = kinds[number % len(kinds)]
            hostile.add(plant(folders, kind, counter, ids))
    for _ in range(3):
        for index in rng.sample(range(3), 3):
            devices[index].ok("sync")
        deliver(folders, rng, everything=True)
    for device in devices:
        device.ok("sync")
    exports = [export(device) for device in devices]
    assert exports[0] == exports[1] == exports[2]
    notes = {entry["note"] for entry in json.loads(exports[0])["entries"]}
    assert kept <= notes  # nothing typed is lost
    assert not any(str(note).startswith("hostile-") for note in notes)  # nothing hostile applied
    for device in devices:
        with sqlite3.connect(device.db) as connection:
            listed = {row[0] for row in connection.execute("SELECT device FROM _sync_refused")}
            listed |= {row[0] for row in connection.execute("SELECT device FROM _sync_held")}
        assert hostile <= listed  # every hostile file is listed, with its reason
