"""-o never writes over the journal (even with --force), nor over an existing file without
--force: one line, exit 2, nothing changed (fixfiles, point 1)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "command",
    [
        ("export", "--format", "csv"),
        ("export", "--format", "json"),
        ("report", "--format", "md"),
        ("backup",),
    ],
)
@pytest.mark.parametrize("force", [(), ("--force",)])
def test_o_refuses_the_journal_itself_even_with_force(painlog, command, force):
    painlog.ok("add", "pain", "5")
    before = painlog.fingerprint()
    result = painlog(*command, *force, "-o", str(painlog.db))
    assert result.exit_code == 2
    assert "is the journal" in result.stderr and "even with --force" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert painlog.fingerprint() == before


@pytest.mark.parametrize("suffix", ["-wal", "-shm", ".lock", ".conversion", ".converting"])
def test_o_refuses_the_journals_own_files(painlog, suffix):
    painlog.ok("add", "pain", "5")
    target = Path(f"{painlog.db}{suffix}")
    existed = target.exists()
    result = painlog("export", "--format", "csv", "--force", "-o", str(target))
    assert result.exit_code == 2 and "is the journal" in result.stderr
    assert target.exists() == existed


def test_o_refuses_the_backups_folder_and_a_link_to_the_journal(painlog, tmp_path):
    painlog.ok("add", "pain", "5")
    painlog.ok("backup")
    backup = next((tmp_path / "backups").iterdir())
    saved = _digest(backup)
    before = painlog.fingerprint()
    link = tmp_path / "link.db"
    link.symlink_to(painlog.db)
    for target in (backup, tmp_path / "backups" / "new.csv", link):
        result = painlog("export", "--format", "csv", "--force", "-o", str(target))
        assert result.exit_code == 2 and "is the journal" in result.stderr, target
    assert _digest(backup) == saved and painlog.fingerprint() == before
    assert not (tmp_path / "backups" / "new.csv").exists()


def test_o_refuses_an_existing_file_unless_forced(painlog, tmp_path):
    painlog.ok("add", "pain", "5")
    keep = tmp_path / "keep.txt"
    keep.write_text("precious\n")
    for command in (("export", "--format", "csv"), ("report", "--format", "md"), ("backup",)):
        result = painlog(*command, "-o", str(keep))
        assert result.exit_code == 2, command
        assert "the file exists; add --force to replace it" in result.stderr
        assert keep.read_text() == "precious\n"
    painlog.ok("export", "--format", "csv", "--force", "-o", str(keep))
    assert keep.read_text().startswith("id,kind,at")


def test_doctor_calls_another_programs_sqlite_file_not_a_journal(tmp_path):
    """fixfiles point 2: doctor recognises a journal as the opener does; the file is kept."""
    import sqlite3

    from typer.testing import CliRunner

    from painlog.cli import app

    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("create table t(x)")
    connection.commit()
    connection.close()
    saved = _digest(other)
    result = CliRunner().invoke(app, ["--db", str(other), "doctor"])
    assert result.exit_code != 0
    assert "FAIL  file type: not a painlog journal (it is an SQLite database" in result.stdout
    assert "before the file-type mark" not in result.stdout
    assert "upgrades it" not in result.stdout
    assert _digest(other) == saved
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_undo_right_after_restore_replays_nothing_from_the_backup(painlog, tmp_path):
    """fixfiles point 3: the backup's own undo log is emptied, so undo cannot delete what was
    just restored; the message says restore is not undone and where the old journal is."""
    for value in (3, 4, 5):
        painlog.ok("add", "pain", str(value))
    saved = tmp_path / "saved.db"
    painlog.ok("backup", "-o", str(saved))
    painlog.ok("add", "pain", "9")
    result = painlog.ok("restore", str(saved), "--yes")
    assert "Restored 3 entries" in result.stdout
    assert "'painlog undo' does not undo a restore" in result.stdout
    assert "before-restore" in result.stdout
    before = painlog.fingerprint()
    undo = painlog("undo")
    assert "nothing to undo" in (undo.stdout + undo.stderr).lower()
    assert painlog.fingerprint() == before
    assert len(painlog.json("list")) == 3
