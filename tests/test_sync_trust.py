"""The trust boundary of FOLDER (SPEC "Many devices, one journal", issue 24): links, special
files, size limits, forged and out-of-range rows, tombstone floods, clock-poisoned versions,
forged inbox claims, one sync at a time. Every hostile file is listed and none applied."""

from __future__ import annotations

import fcntl
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from painlog import clock
from painlog.sync import folder as files
from tests import loro_files
from tests.conftest import SECRET, Painlog, encrypted_and_joined

SRC = Path(__file__).resolve().parents[1] / "src"
HOSTILE = "a0a0a0a0a0a0a0a0"  # a device id nobody joined with


def joined(tmp_path: Path) -> tuple[Painlog, Path]:
    folder = tmp_path / "Sync"
    a = Painlog(tmp_path / "a.db")
    a.ok("add", "pain", "6", "--where", "knee", "--at", "2026-11-20 09:00")
    a.ok("add", "mood", "4", "--at", "2026-11-20 10:00")
    a.ok("sync", str(folder))
    return a, folder


def version(device: str = HOSTILE, ahead_ms: int = 0) -> str:
    return f"{clock.utc_millis() + ahead_ms:013d}.00000 {device}"


def plant(folder: Path, records: list[dict], device: str = HOSTILE, number: int = 1,
          base: bytes | None = None) -> Path:  # fmt: skip
    """A changes file written by someone else, in the form painlog writes (a Loro update of
    the device's operations; ``base``: what the writer had read of the folder first)."""
    return loro_files.plant(folder, records, device, number, base=base)


def entry_row(key: str, value: float, device: str = HOSTILE, ahead_ms: int = 0) -> dict:
    return {
        "t": "entries",
        "k": key,
        "v": version(device, ahead_ms),
        "b": None,
        "d": {"id": key, "kind": "pain", "at": "2026-11-21T09:00:00+00:00", "value": value},
    }


def refusals(device: Painlog) -> list[tuple[str, str, str]]:
    with sqlite3.connect(device.db) as connection:
        return connection.execute(
            "SELECT device, file, reason FROM _sync_refused ORDER BY device, file"
        ).fetchall()


def export(device: Painlog) -> str:
    return device.ok("export", "--format", "json").stdout


# --- links and special files --------------------------------------------------------------


def test_an_inbox_that_is_a_link_is_never_followed_nor_written(tmp_path: Path) -> None:
    a, folder = joined(tmp_path)
    target = tmp_path / "bashrc"
    target.write_text("export SECRET=1\n")
    (folder / "inbox.txt").symlink_to(target)
    done_target = tmp_path / "profile"
    done_target.write_text("keep me\n")
    (folder / "inbox-done.txt").symlink_to(done_target)
    before = export(a)
    a.ok("sync")
    assert target.read_text() == "export SECRET=1\n" and done_target.read_text() == "keep me\n"
    assert (folder / "inbox.txt").is_symlink()
    assert export(a) == before
    status = a.ok("sync", "--status").stdout
    assert "inbox.txt: a symbolic link" in status


def test_a_fifo_and_a_link_to_dev_zero_are_refused_without_hanging(tmp_path: Path) -> None:
    a, folder = joined(tmp_path)
    place = files.device_folder(folder, HOSTILE)
    place.mkdir(parents=True)
    os.mkfifo(place / files.batch_name(1))
    (place / files.batch_name(2)).symlink_to("/dev/zero")
    (folder / "inbox.sync-conflict-20261201-101500-ABCDEFG.txt").symlink_to("/dev/zero")
    started = time.monotonic()
    process = subprocess.run(
        [sys.executable, "-m", "painlog", "--db", str(a.db), "sync"],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert process.returncode == 0, process.stderr
    assert time.monotonic() - started < 30
    reasons = {(f, r) for _, f, r in refusals(a)}
    assert (files.batch_name(1), "not a regular file") in reasons
    assert (files.batch_name(2), "a symbolic link (painlog never follows one in FOLDER)") in reasons
    assert any(f.startswith("inbox.sync-conflict") for f, _ in reasons)


def test_a_device_folder_that_is_a_link_is_not_entered(tmp_path: Path) -> None:
    a, folder = joined(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (files.root(folder) / HOSTILE).symlink_to(elsewhere, target_is_directory=True)
    plant(tmp_path / "other", [entry_row("e" * 32, 3)])  # a real-looking file behind the link
    os.rename(files.device_folder(tmp_path / "other", HOSTILE) / files.batch_name(1),
              elsewhere / files.batch_name(1))  # fmt: skip
    before = export(a)
    a.ok("sync")
    assert export(a) == before
    assert (HOSTILE, "", "a symbolic link (painlog never follows one in FOLDER)") in refusals(a)


def test_a_planted_temporary_name_is_never_written_through(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "victim"
    target.write_text("untouched")
    tokens = iter(["aaaa", "bbbb"])
    monkeypatch.setattr(files.secrets, "token_hex", lambda _n: next(tokens))
    (tmp_path / ".out.aaaa.tmp").symlink_to(target)
    files.write_private(tmp_path / "out", b"data")
    assert target.read_text() == "untouched"
    assert (tmp_path / "out").read_bytes() == b"data"
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o600


def test_files_and_folders_are_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        a, folder = joined(tmp_path)
        (folder / "inbox.txt").write_text("mood 5\nnot an entry\n")
        os.chmod(folder / "inbox.txt", 0o666)
        a.ok("sync")
    finally:
        os.umask(old)
    for path in [folder / "painlog-sync", *(folder / "painlog-sync").rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
    for name in ("inbox.txt", "inbox-done.txt", "painlog.ics"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700  # FOLDER itself: made by painlog here


def test_a_file_over_its_limit_is_refused_and_listed(tmp_path: Path, monkeypatch) -> None:
    a, folder = joined(tmp_path)
    plant(folder, [entry_row("e" * 32, 3)])
    monkeypatch.setattr(files, "CHANGES_LIMIT", 100)
    before = export(a)
    a.ok("sync")
    assert export(a) == before
    assert (HOSTILE, files.batch_name(1), "larger than its limit of 0 KB") in refusals(a)


# --- what the rows say --------------------------------------------------------------------------


def test_out_of_range_peer_values_are_refused_and_every_command_still_works(
    tmp_path: Path,
) -> None:
    a, folder = joined(tmp_path)
    good = "1" * 32
    plant(
        folder,
        [
            entry_row("9" * 32, 99),  # pain 99
            {**entry_row("8" * 32, 5), "d": {"id": "8" * 32, "kind": "pain", "at": "yesterday"}},
            {
                **entry_row("7" * 32, 5),
                "d": {"id": "7" * 32, "kind": "levitation", "at": "2026-11-21T09:00:00+00:00"},
            },
            {
                "t": "settings",
                "k": "week-start",
                "v": version(),
                "b": None,
                "d": {"key": "week-start", "value": "someday"},
            },
            entry_row(good, 3),
        ],
    )
    a.ok("sync")
    ids = [entry["id"] for entry in a.json("list")]
    assert good in ids and "9" * 32 not in ids and "8" * 32 not in ids and "7" * 32 not in ids
    for command in (["summary"], ["list"], ["chart"], ["config", "list"]):
        a.ok(*command)
    whats = [r for r in refusals(a) if r[1] == files.batch_name(1)]
    assert len(whats) == 4
    status = a.ok("sync", "--status").stdout
    assert "Files and rows not applied (4):" in status


def test_versions_in_other_digits_or_another_devices_name_are_refused(tmp_path: Path) -> None:
    a, folder = joined(tmp_path)
    arabic = version().translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    theirs = entry_row("5" * 32, 4)
    theirs["v"] = version("b0b0b0b0b0b0b0b0")  # a version in another device's name
    plant(folder, [{**entry_row("6" * 32, 4), "v": arabic}, theirs])
    before = export(a)
    a.ok("sync")
    assert export(a) == before
    with sqlite3.connect(a.db) as connection:
        (clock_reading,) = connection.execute("SELECT clock FROM _sync_device").fetchone()
    assert clock_reading.isascii()
    reasons = " ".join(r for _, _, r in refusals(a))
    assert "a version painlog does not write" in reasons and "another device's name" in reasons


def test_a_change_stamped_far_ahead_is_held_listed_and_applied_once_due(tmp_path: Path) -> None:
    import time_machine

    a, folder = joined(tmp_path)
    key = "4" * 32
    plant(folder, [entry_row(key, 2, ahead_ms=3 * 24 * 3600 * 1000)])
    a.ok("sync")
    assert key not in [e["id"] for e in a.json("list")]
    status = a.ok("sync", "--status").stdout
    assert "Changes held until they are no longer ahead (1):" in status
    assert "more than a day ahead of this device's clock" in " ".join(status.split())
    a.ok("add", "mood", "5", "--at", "2026-11-22 10:00")  # the clock was not poisoned
    with sqlite3.connect(a.db) as connection:
        (reading,) = connection.execute("SELECT clock FROM _sync_device").fetchone()
    assert int(reading.split(".")[0]) < clock.utc_millis() + 60_000
    with time_machine.travel(time.time() + 4 * 24 * 3600, tick=True):
        a.ok("sync")
        assert key in [e["id"] for e in a.json("list")]
        assert "held" not in a.ok("sync", "--status").stdout


def test_an_entry_whose_moment_is_as_far_ahead_as_its_stamp_is_held_not_refused(
    tmp_path: Path,
) -> None:
    # A device whose clock runs 30 hours ahead: its entry's moment is as far ahead as its
    # version. Held (not refused by the gate's "in the future"), applied once due.
    import time_machine

    a, folder = joined(tmp_path)
    key = "7" * 32
    ahead = 30 * 3600 * 1000
    row = entry_row(key, 7, ahead_ms=ahead)
    moment = datetime.fromtimestamp((clock.utc_millis() + ahead) / 1000, UTC).replace(microsecond=0)
    row["d"]["at"] = moment.isoformat()
    plant(folder, [row])
    a.ok("sync")
    assert key not in [e["id"] for e in a.json("list")]
    assert refusals(a) == []
    assert "Changes held until they are no longer ahead (1):" in a.ok("sync", "--status").stdout
    with time_machine.travel(time.time() + 2 * 24 * 3600, tick=True):
        a.ok("sync")
        assert key in [e["id"] for e in a.json("list")]
        assert refusals(a) == []


def test_a_file_of_tombstones_does_not_empty_the_journal(tmp_path: Path) -> None:
    a, folder = joined(tmp_path)
    for day in range(1, 29):
        a.ok("add", "pain", "3", "--at", f"2026-10-{day:02d} 09:00")
    a.ok("sync")
    ids = [entry["id"] for entry in a.json("list")]
    with sqlite3.connect(a.db) as connection:
        versions = dict(
            connection.execute("SELECT row_key, version FROM _sync_rows WHERE table_name='entries'")
        )
    # A writer that read nothing, its Lamport clock run up (junk first) so Loro picks its deletes.
    junk = [{"raw": ("entries", key, "x")} for key in ids]
    blind = [{"t": "entries", "k": key, "v": version(), "b": None, "d": None} for key in ids]
    plant(folder, junk + blind)
    a.ok("sync")
    assert sorted(e["id"] for e in a.json("list")) == sorted(ids)
    assert "deletes a row its device never read" in " ".join(r for _, _, r in refusals(a))
    # Bases copied from the folder: more deletes of others' rows than one file may make.
    import painlog.sync.shared as shared  # where the appliers read the flood limit

    old = shared.FLOOD_ROWS
    shared.FLOOD_ROWS = 5
    try:
        copied = [{"t": "entries", "k": k, "v": version(), "b": versions[k], "d": None}
                  for k in ids]  # fmt: skip
        plant(folder, copied, number=2, base=loro_files.everything(folder))
        a.ok("sync")
    finally:
        shared.FLOOD_ROWS = old
    assert sorted(e["id"] for e in a.json("list")) == sorted(ids)
    assert any("more than one file may" in r for _, _, r in refusals(a))
    assert "sync" in a.ok("doctor").stdout


def test_a_forged_inbox_claim_does_not_delete_an_inbox_entry(tmp_path: Path) -> None:
    a, folder = joined(tmp_path)
    (folder / "inbox.txt").write_text("mood 7\n")
    a.ok("sync")
    with sqlite3.connect(a.db) as connection:
        line, entry = connection.execute("SELECT line, entry FROM _sync_inbox").fetchone()
    forged = {"inbox": line, "v": f"{1:013d}.00000 {HOSTILE}", "e": "f" * 32}
    plant(folder, [forged])
    a.ok("sync")
    assert entry in [e["id"] for e in a.json("list")]
    assert any("did not make" in r for _, _, r in refusals(a))


def test_garbage_and_truncated_files_are_listed_and_read_once_whole(tmp_path: Path) -> None:
    a, folder = joined(tmp_path)
    place = files.device_folder(folder, HOSTILE)
    place.mkdir(parents=True)
    (place / files.batch_name(1)).write_bytes(b"\x00\xff garbage")
    whole = plant(folder, [entry_row("3" * 32, 2)], number=2).read_bytes()
    (place / files.batch_name(2)).write_bytes(whole[: len(whole) - 40])  # delivered in part
    a.ok("sync")
    reasons = dict((f, r) for _, f, r in refusals(a))
    assert reasons[files.batch_name(1)] == "not a painlog changes file"
    assert reasons[files.batch_name(2)].startswith("not whole yet")
    (place / files.batch_name(2)).write_bytes(whole)  # delivered in full
    a.ok("sync")
    assert "3" * 32 in [e["id"] for e in a.json("list")]
    assert files.batch_name(2) not in dict((f, r) for _, f, r in refusals(a))


# --- encrypted journals ------------------------------------------------------------------------


def test_a_plain_file_is_refused_by_an_encrypted_journal(tmp_path: Path) -> None:
    pytest.importorskip("sqlcipher3")
    env = SECRET
    a, folder = encrypted_and_joined(tmp_path)
    plant(folder, [entry_row("2" * 32, 5)])
    a.ok("sync", env=env)
    assert "2" * 32 not in a.ok("list", "--json", env=env).stdout
    status = a.ok("sync", "--status", env={**env, "COLUMNS": "200"}).stdout
    assert f"{HOSTILE}/{files.batch_name(1)}: not encrypted, and this journal is" in status


def test_a_device_that_joined_before_encrypt_writes_nothing_plain_after(tmp_path: Path) -> None:
    pytest.importorskip("sqlcipher3")
    env = SECRET
    a, folder = joined(tmp_path)
    a.ok("plan", "add", "med", "naproxen", "250mg", "--times", "08:00", "--from", "2026-11-01")
    a.ok("sync")
    assert (folder / "painlog.ics").exists()
    a.ok("encrypt", env=env)
    a.ok("add", "note", "secret-knee-flare", env=env)
    a.ok("sync", env=env)
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"secret-knee-flare" not in data and b"naproxen" not in data, path
            assert b"knee" not in data, path
    assert not (folder / "painlog.ics").exists()


# --- two at once ----------------------------------------------------------------------------------


def test_a_second_sync_waits_then_says_one_is_running(tmp_path: Path) -> None:
    a, _ = joined(tmp_path)
    lock = Path(str(a.db.resolve()) + ".sync.lock")
    descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        result = a("sync", env={"PAINLOG_BUSY_TIMEOUT": "0.3"})
    finally:
        os.close(descriptor)
    assert result.exit_code == 1
    assert "Another 'painlog sync' is running on this journal" in result.stderr
    assert "Traceback" not in result.output
    a.ok("sync")  # and once it has finished, the next one runs


def test_two_syncs_at_once_both_finish_and_take_each_line_once(tmp_path: Path) -> None:
    a, folder = joined(tmp_path)
    (folder / "inbox.txt").write_text("".join(f"mood {i % 10}\n" for i in range(40)))
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-m", "painlog", "--db", str(a.db), "sync"]
    runs = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        assert "unexpected" not in err
    assert len([e for e in a.json("list") if e["kind"] == "mood"]) == 41
    json.dumps(refusals(a))


def test_a_device_cannot_join_an_encrypted_folder_without_its_key(tmp_path: Path) -> None:
    pytest.importorskip("sqlcipher3")
    _, folder = encrypted_and_joined(tmp_path)
    plain = Painlog(tmp_path / "plain.db")
    plain.ok("add", "mood", "4")
    refused = plain("sync", str(folder))
    assert refused.exit_code == 1 and "encrypted" in refused.stderr
    other = {"PAINLOG_PASSPHRASE": "another passphrase", "PAINLOG_EXPORT_PASSPHRASE": ""}
    wrong = Painlog(tmp_path / "wrong.db")
    wrong.ok("add", "note", "seed", env=other)
    wrong.ok("encrypt", env=other)
    refused = wrong("sync", str(folder), env=other)
    assert refused.exit_code == 1 and "another passphrase" in refused.stderr
    devices = {p.name for p in files.root(folder).iterdir()}
    assert len(devices) == 1  # neither left a device folder behind


def test_an_encrypted_journal_writes_a_calendar_only_when_asked(tmp_path: Path) -> None:
    pytest.importorskip("sqlcipher3")
    env = SECRET
    a = Painlog(tmp_path / "a.db")
    a.ok("plan", "add", "med", "naproxen", "250mg", "--times", "08:00", "--from", "2026-11-01",
         env=env)  # fmt: skip
    a.ok("encrypt", env=env)
    folder = tmp_path / "Sync"
    a.ok("sync", str(folder), env=env)
    assert not (folder / "painlog.ics").exists()
    result = a.ok("sync", "--readable-calendar", env=env)
    assert b"naproxen" in (folder / "painlog.ics").read_bytes().lower()
    assert "is not encrypted" in result.stderr
    a.ok("sync", env=env)  # a later exchange leaves the calendar asked for
    assert (folder / "painlog.ics").exists()
    # ... and keeps it up to date: a change of dose, then the medicine stopped.
    a.ok("plan", "change", "naproxen", "500mg", "--from", "2026-11-20", env=env)
    a.ok("sync", env=env)
    assert b"500 mg" in (folder / "painlog.ics").read_bytes()
    a.ok("plan", "stop", "naproxen", "--on", "2026-11-25", env=env)
    a.ok("sync", env=env)
    assert b"UNTIL=20261124" in (folder / "painlog.ics").read_bytes()  # no reminder after
    a.ok("sync", "--no-readable-calendar", env=env)  # asked no more: gone, and stays gone
    assert not (folder / "painlog.ics").exists()
    a.ok("plan", "add", "med", "duloxetine", "30mg", "--times", "08:00", env=env)
    a.ok("sync", env=env)
    assert not (folder / "painlog.ics").exists()


def test_what_was_refused_from_a_file_now_gone_is_forgotten(tmp_path: Path) -> None:
    a, folder = joined(tmp_path)
    planted = files.device_folder(folder, HOSTILE)
    planted.mkdir(mode=0o700)
    garbage = planted / files.batch_name(1)
    garbage.write_bytes(b"not a painlog file at all")
    a.ok("sync")
    assert [r[:2] for r in refusals(a)] == [(HOSTILE, files.batch_name(1))]
    assert re.search(r"WARN +sync", a("doctor").stdout)
    garbage.unlink()
    a.ok("sync")
    assert refusals(a) == []
    assert "not applied" not in a.ok("sync", "--status").stdout
    assert not re.search(r"WARN +sync", a("doctor").stdout)
