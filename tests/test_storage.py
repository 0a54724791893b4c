"""Where the journal lives, file permissions, WAL, migrations, and what read commands never do."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from painlog.errors import PainlogError
from painlog.journal.entries import add_entries, list_entries, make_entry
from painlog.store import migrations
from painlog.store.db import Journal, resolve_path
from painlog.store.opener import open_journal


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
    from painlog.store.db import Journal, create_private_file

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


def test_a_failing_upgrade_says_what_failed_and_loses_nothing(tmp_path, monkeypatch):
    """jrnl-org/jrnl#862/#894: upgrades failed with an opaque exception. Here: one clear line."""
    path = tmp_path / "j.db"
    journal = open_journal(path, create=True)
    add_entries(journal, [make_entry("pain", "2026-11-01T09:00:00+00:00", value=5)])
    journal.close()

    def m999_broken(journal):
        journal.execute("CREATE TABLE half_done (x)")
        journal.execute("SELECT * FROM no_such_table")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m999_broken])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(migrations.MIGRATIONS))
    reopened = Journal(sqlite3.connect(path), execute_plugins=False)
    reopened.path = path
    with pytest.raises(PainlogError) as failure:
        migrations.migrate(reopened, upto=len(migrations.MIGRATIONS))
    message = failure.value.message
    broken = len(migrations.MIGRATIONS)  # the step after the real ones
    assert message.startswith(
        f"Upgrading the journal at {path} (step {broken}, m999_broken) failed:"
    )
    assert "no such table: no_such_table" in message and f"before-schema-{broken}" in message
    assert migrations.schema_version(reopened) == broken - 1
    tables = {row[0] for row in reopened.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables
    assert reopened.execute("SELECT count(*) FROM entries").fetchone()[0] == 1


def test_changing_settings_never_touches_the_journal(painlog):
    """jrnl-org/jrnl#593/#488: a settings change emptied journals. Here: nothing changes."""
    painlog.ok("add", "pain", "5", "--at", "2026-11-01 09:00")
    painlog.ok("add", "sleep", "7h", "--at", "2026-11-01 07:00")
    entries_before = [e["at"] for e in painlog.json("list")]
    before = painlog.fingerprint()
    for env in (
        {"TZ": "Asia/Kolkata"},
        {"PAINLOG_WEEK_START": "sunday"},
        {"PAINLOG_KEEP_BACKUPS": "1"},
        {"NO_COLOR": "1", "COLUMNS": "40"},
        {"PAINLOG_BUSY_TIMEOUT": "not a number"},
    ):
        for command in (["list", "--json"], ["summary", "--json"], ["export"]):
            assert painlog(*command, env=env).exit_code == 0
    assert painlog.fingerprint() == before
    assert [e["at"] for e in painlog.json("list")] == entries_before
