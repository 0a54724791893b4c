"""Where the journal lives, file permissions, WAL, migrations, and what read commands never do."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from painlog import migrations
from painlog.db import open_journal, resolve_path
from painlog.entries import add_entries, list_entries, make_entry


def test_database_and_folder_are_owner_only(tmp_path, painlog):
    painlog.db = tmp_path / "new" / "deeper" / "journal.db"
    painlog.ok("add", "pain", "4")
    assert stat.S_IMODE(painlog.db.stat().st_mode) == 0o600
    assert stat.S_IMODE(painlog.db.parent.stat().st_mode) == 0o700


def test_wal_mode_and_busy_timeout(painlog):
    painlog.ok("add", "pain", "4")
    connection = sqlite3.connect(painlog.db)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    journal = open_journal(painlog.db)
    assert journal.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_db_option_wins_over_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PAINLOG_DB", str(tmp_path / "env.db"))
    assert resolve_path(tmp_path / "option.db") == tmp_path / "option.db"
    assert resolve_path() == tmp_path / "env.db"
    monkeypatch.delenv("PAINLOG_DB")
    assert resolve_path().name == "painlog.db"


def test_environment_variable_is_used_by_the_cli(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from painlog.cli import app

    path = tmp_path / "from-env.db"
    result = CliRunner().invoke(app, ["add", "mood", "6"], env={"PAINLOG_DB": str(path)})
    assert result.exit_code == 0
    assert path.exists()


def test_day_is_derived_in_sql_and_indexed(painlog):
    painlog.ok("add", "pain", "4", "--at", "2026-03-29 23:30")
    connection = sqlite3.connect(painlog.db)
    assert connection.execute("SELECT day FROM entries").fetchone()[0] == "2026-03-29"
    plan = " ".join(
        str(row)
        for row in connection.execute(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM entries WHERE kind = 'pain' AND day >= '2026-01-01'"
        )
    )
    assert "entries_kind_day" in plan


def test_migration_from_the_previous_schema_keeps_everything(tmp_path):
    path = tmp_path / "old.db"
    from painlog.db import Journal, create_private_file

    create_private_file(path)
    old = Journal(sqlite3.connect(path), execute_plugins=False)
    old.path = path
    migrations.migrate(old, upto=migrations.SCHEMA_VERSION - 1)
    assert migrations.schema_version(old) == migrations.SCHEMA_VERSION - 1
    old["entries"].insert_all(
        [
            {"id": "a1", "kind": "pain", "at": "2026-11-01T09:00:00+01:00", "value": 5.0},
            {"id": "a2", "kind": "note", "at": "2026-11-02T23:30:00-05:00", "note": "kept"},
        ]
    )
    old.conn.commit()
    old.close()

    journal = open_journal(path)
    assert migrations.schema_version(journal) == migrations.SCHEMA_VERSION
    entries = list_entries(journal)
    assert [(e.id, e.day, e.value, e.note) for e in entries] == [
        ("a1", "2026-11-01", 5.0, None),
        ("a2", "2026-11-02", None, "kept"),
    ]
    applied = [row["name"] for row in journal["_painlog_migrations"].rows]
    assert applied == [step.__name__ for step in migrations.MIGRATIONS]
    backups = list((tmp_path / "backups").glob("old-*-before-schema-*.db"))
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT count(*) FROM entries").fetchone()[0] == 2


def test_a_journal_from_a_newer_painlog_is_refused_untouched(painlog):
    painlog.ok("add", "pain", "4")
    connection = sqlite3.connect(painlog.db)
    connection.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    connection.close()
    before = painlog.fingerprint()
    result = painlog("add", "pain", "5")
    assert result.exit_code == 1
    assert "written by a newer painlog" in result.stderr
    assert painlog.fingerprint() == before


@pytest.mark.parametrize("content", [b"hello, I am a text file\n", b"\x00" * 100])
def test_a_file_that_is_not_a_journal_is_refused_untouched(painlog, content):
    painlog.db.write_bytes(content)
    result = painlog("add", "pain", "5")
    assert result.exit_code == 1
    assert "is not a painlog journal" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert painlog.db.read_bytes() == content


def test_db_pointing_at_a_folder(painlog, tmp_path):
    painlog.db = tmp_path
    result = painlog("add", "pain", "5")
    assert result.exit_code == 1
    assert "is a folder, not a journal file" in result.stderr


def test_the_core_works_without_the_cli(tmp_path):
    journal = open_journal(tmp_path / "lib.db", create=True)
    entry = make_entry(
        "medication", "2026-11-01T08:00:00+00:00", name="ibuprofen", value=400, unit="mg"
    )
    add_entries(journal, [entry])
    assert list_entries(journal, kind="med") == [entry]


def test_umask_does_not_loosen_permissions(tmp_path, painlog):
    old = os.umask(0)
    try:
        painlog.ok("add", "pain", "4")
    finally:
        os.umask(old)
    assert stat.S_IMODE(painlog.db.stat().st_mode) == 0o600
