"""FOLDER as given to `painlog sync` (SPEC "Many devices"): an empty FOLDER is refused (an unset
variable in `painlog sync "$DIR"` joined the current directory and wrote the calendar there);
the folders painlog makes, FOLDER's missing parents included, are owner-only whatever the umask;
a plain device writes nothing more into a folder whose journal another device encrypted."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import SECRET, Painlog


@pytest.mark.parametrize("given", ["", "  "])
def test_an_empty_folder_is_refused(tmp_path, given):
    journal = Painlog(tmp_path / "j.db")
    journal.ok("add", "pain", "4")
    before = journal.fingerprint()
    result = subprocess.run(
        [sys.executable, "-m", "painlog", "--db", str(journal.db), "sync", given],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"Error: FOLDER: '{given}' is not accepted; give a folder you keep in step between "
        "devices (Syncthing, Dropbox, a git work tree)."
    )
    assert not (tmp_path / "painlog-sync").exists() and not (tmp_path / "painlog.ics").exists()
    assert journal.fingerprint() == before


def test_folders_painlog_makes_are_owner_only_whatever_the_umask(tmp_path):
    folder = tmp_path / "Cloud" / "sub" / "painlog"
    script = (
        "import os, sys; os.umask(0); from painlog.cli import main; "
        f"sys.argv = ['painlog', '--db', {str(tmp_path / 'j.db')!r}, 'sync', {str(folder)!r}]; "
        "main()"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    for made in (tmp_path / "Cloud", tmp_path / "Cloud" / "sub", folder):
        assert made.stat().st_mode & 0o777 == 0o700, made


def test_a_plain_device_stops_writing_once_another_encrypted_the_journal(tmp_path):
    pytest.importorskip("sqlcipher3")
    folder = tmp_path / "Sync"
    first = Painlog(tmp_path / "k.db")
    first.ok("add", "mood", "5", "--note", "first device")
    first.ok("sync", str(folder))
    plain = Painlog(tmp_path / "l.db")
    plain.ok("add", "mood", "4", "--note", "second device")
    plain.ok("sync", str(folder))
    first.ok("encrypt", env=SECRET)
    first.ok("sync", env=SECRET)  # its own plain files go, its rows sealed
    plain.ok("add", "pain", "3", "--note", "typed after the other encrypted")
    before = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    result = plain("sync")
    assert result.exit_code == 1
    device = next(
        d.name for d in (folder / "painlog-sync" / "devices").iterdir() if (d / "key.age").exists()
    )
    assert result.stderr.strip() == (
        f"Error: Device {device}'s files are encrypted and this journal has no passphrase to "
        "open them: encrypt this journal with the same passphrase (painlog encrypt)."
    )
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == before
    for path in folder.rglob("*"):
        if path.is_file():
            assert b"typed after the other encrypted" not in path.read_bytes()
    # With sync auto the entry is saved, and the sync says why it did not run.
    plain.ok("config", "set", "sync", "auto")
    saved = plain.ok("add", "pain", "2", "--note", "auto after encrypt")
    assert "the automatic sync did not run" in saved.stderr
    for path in folder.rglob("*"):
        if path.is_file():
            assert b"auto after encrypt" not in path.read_bytes()
