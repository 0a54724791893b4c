"""Issue 16, points 1-4, 12 and 15: painlog against hostile files (crafted journals and backups,
other programs' databases, planted undo steps, FIFOs, links), each promise of
docs/data-safety.md "Hostile files" with its test."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from painlog.store import migrations, schema
from painlog.store.db import Journal, create_private_file, transaction
from painlog.store.opener import open_journal
from painlog.store.undo import undo_last

UUID = "abcdef01-0000-4000-8000-000000000001"
OTHER = "abcdef02-0000-4000-8000-000000000002"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def old_journal(path: Path, version: int) -> Journal:
    """A journal made by the migrations up to ``version``, as an older painlog left it."""
    create_private_file(path)
    journal = Journal(sqlite3.connect(path), execute_plugins=False, recursive_triggers=False)
    journal.path = path
    migrations.migrate(journal, upto=version)
    return journal


def refused_in_one_line(result, words: str = "is not a painlog journal") -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# --- point 1: only painlog's own schema is opened for writing --------------------------------------


def test_the_schema_digests_match_the_migrations():
    built = schema.build_digests()
    assert built == schema.SCHEMA_DIGESTS, (
        "SCHEMA_DIGESTS does not match the migrations: run "
        "'PYTHONPATH=src python -m painlog.store.schema' to update it"
    )
    assert len(built) == migrations.SCHEMA_VERSION + 1
    assert schema.SCHEMA_VERSION == migrations.SCHEMA_VERSION  # what an open compares with


@pytest.mark.parametrize(
    "change",
    [
        "CREATE TRIGGER evil AFTER INSERT ON entries BEGIN DELETE FROM entries; END",
        "DROP TABLE pgic",
        "CREATE VIEW extra AS SELECT * FROM entries",
        "CREATE INDEX extra ON entries (note)",
        "ALTER TABLE entries ADD COLUMN extra TEXT",
    ],
)
def test_a_journal_with_anything_else_in_its_schema_is_refused_unchanged(painlog, change):
    painlog.ok("add", "pain", "4")
    connection = sqlite3.connect(painlog.db)
    connection.execute(change)
    connection.commit()
    connection.close()
    before = painlog.fingerprint()
    for command in (("add", "pain", "5"), ("list",), ("undo",)):
        refused_in_one_line(painlog(*command))
    assert painlog.fingerprint() == before


def test_restore_refuses_a_backup_with_a_planted_trigger(painlog, tmp_path):
    painlog.ok("add", "pain", "4")
    crafted = tmp_path / "crafted.db"
    painlog.ok("backup", "-o", str(crafted))
    connection = sqlite3.connect(crafted)
    connection.execute("CREATE TRIGGER evil AFTER INSERT ON entries BEGIN DELETE FROM entries; END")
    connection.commit()
    connection.close()
    before = painlog.fingerprint()
    result = painlog("restore", str(crafted), "--yes")
    refused_in_one_line(result, "not a sound painlog journal")
    assert "not exactly the ones painlog makes" in result.stderr
    assert painlog.fingerprint() == before


def _plant(db: Path, table: str, operation: str, old: str | None) -> None:
    connection = sqlite3.connect(db)
    step = connection.execute(
        "INSERT INTO _undo_steps (at, description) VALUES ('2026-11-01T09:00:00+00:00', 'x')"
    ).lastrowid
    connection.execute(
        "INSERT INTO _undo_ops (step, table_name, row_id, row_key, operation, old_values) "
        "VALUES (?, ?, 999, NULL, ?, ?)",
        (step, table, operation, old),
    )
    connection.commit()
    connection.close()


def test_a_planted_undo_step_cannot_run_sql(painlog):
    painlog.ok("add", "pain", "4")
    painlog.ok("add", "mood", "6")
    # A table name that is SQL: refused, nothing changed.
    _plant(painlog.db, 'entries" WHERE 1; DELETE FROM "entries', "insert", None)
    before = painlog.fingerprint()
    refused_in_one_line(painlog("undo"), "holds something painlog never records")
    assert painlog.fingerprint() == before
    assert len(painlog.json("list")) == 2


def test_planted_values_are_put_back_as_data_never_run(painlog):
    painlog.ok("add", "pain", "4")
    planted = "x'); DELETE FROM entries; DROP TABLE plan; --"
    old = json.dumps(
        {"id": UUID, "kind": "note", "at": "2026-11-01T09:00:00+00:00", "note": planted}
    )
    _plant(painlog.db, "entries", "delete", old)
    journal = open_journal(painlog.db)
    statements: list[str] = []
    journal.conn.set_trace_callback(statements.append)
    assert undo_last(journal) == ("x", 1)
    journal.conn.set_trace_callback(None)
    # The trace shows bound values expanded, as quoted literals: the planted text never
    # appears as SQL of its own.
    assert statements and not any(planted in statement for statement in statements)
    notes = [row["note"] for row in journal["entries"].rows]
    assert sorted(notes, key=str) == sorted([None, planted], key=str)  # put back verbatim
    assert "plan" in journal.table_names()
    journal.close()


def test_the_undo_log_records_table_row_operation_and_values(painlog):
    painlog.ok("add", "pain", "4", "--note", "first")
    [entry] = painlog.json("list")
    painlog.ok("edit", entry["id"][:8], "6")
    connection = sqlite3.connect(painlog.db)
    rows = connection.execute(
        "SELECT table_name, row_key, operation, old_values, new_values FROM _undo_ops ORDER BY id"
    ).fetchall()
    connection.close()
    assert [row[:3] for row in rows] == [
        ("entries", entry["id"], "insert"),
        ("entries", entry["id"], "update"),
    ]
    assert rows[0][3] is None and json.loads(rows[0][4])["value"] == 4.0
    assert json.loads(rows[1][3])["value"] == 4.0 and json.loads(rows[1][4])["value"] == 6.0
    painlog.ok("undo")
    assert painlog.json("list")[0]["value"] == 4.0


def test_migration_9_reads_an_old_sql_text_undo_log_as_data(tmp_path):
    db = tmp_path / "old.db"
    journal = old_journal(db, 8)
    journal["entries"].insert({"id": OTHER, "kind": "note", "at": "2026-11-01T09:00:00+00:00",
                               "note": "it's (a), test"})  # fmt: skip
    journal.conn.commit()
    with transaction(journal, undo="a planted step"):  # an old step that is not painlog's SQL
        journal.execute(
            "INSERT INTO _undo_ops (step, sql) VALUES ((SELECT step FROM _undo_state), "
            "'DROP TABLE entries')"
        )
    with transaction(journal, undo="add"):
        journal["entries"].insert({"id": UUID, "kind": "pain", "at": "2026-11-02T09:00:00+00:00",
                                   "value": 5.0})  # fmt: skip
    with transaction(journal, undo="edit"):
        journal.execute("UPDATE entries SET note = 'changed', value = 1e20 WHERE id = ?", (OTHER,))
    with transaction(journal, undo="delete"):
        journal.execute("DELETE FROM entries WHERE id = ?", (OTHER,))
    assert journal.execute("SELECT application_id FROM pragma_application_id").fetchone()[0] == 0
    journal.close()

    journal = open_journal(db)
    assert journal.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert undo_last(journal)[0] == "delete"
    assert journal["entries"].get(OTHER)["note"] == "changed"
    assert undo_last(journal)[0] == "edit"
    assert journal["entries"].get(OTHER)["note"] == "it's (a), test"
    assert undo_last(journal) == ("add", 0)  # the unreadable step (and older) were forgotten
    assert [row["id"] for row in journal["entries"].rows] == [OTHER]
    assert undo_last(journal) is None
    journal.close()


# --- point 2: restore upgrades a copy first --------------------------------------------------------


def _old_backup(tmp_path: Path) -> Path:
    backup = tmp_path / "old-backup.db"
    journal = old_journal(backup, 5)
    journal["entries"].insert({"id": OTHER, "kind": "mood", "at": "2026-10-01T12:00:00+00:00",
                               "value": 7.0})  # fmt: skip
    journal.conn.commit()
    journal.close()
    return backup


def test_restore_of_an_old_backup_whose_upgrade_fails_leaves_the_journal(
    painlog, tmp_path, monkeypatch
):
    painlog.ok("add", "pain", "4")
    backup = _old_backup(tmp_path)
    before = painlog.json("list")

    def broken(journal: Journal) -> None:
        raise RuntimeError("disk trouble")

    steps = list(migrations.MIGRATIONS)
    steps[6] = broken
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    result = painlog("restore", str(backup), "--yes")
    refused_in_one_line(result, "its upgraded copy failed a check")
    assert "not needed" not in result.stderr
    kept = result.stderr.rsplit(" at ", 1)[1].rstrip(".\n")
    assert Path(kept).is_file() and "before-restore" in kept
    monkeypatch.undo()
    assert painlog.json("list") == before
    connection = sqlite3.connect(painlog.db)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    connection.close()
    assert not [p for p in painlog.db.parent.iterdir() if ".restoring-" in p.name]


def test_restore_of_an_old_backup_upgrades_a_private_copy(painlog, tmp_path):
    painlog.ok("add", "pain", "4")
    backup = _old_backup(tmp_path)
    before = sha(backup)
    painlog.ok("restore", str(backup), "--yes")
    assert [entry["id"] for entry in painlog.json("list")] == [OTHER]
    assert sha(backup) == before  # the backup itself is never upgraded
    connection = sqlite3.connect(painlog.db)
    version, mark = schema.numbers(connection)
    assert (version, mark) == (migrations.SCHEMA_VERSION, schema.APPLICATION_ID)
    assert schema.known_schema(version, schema.schema_digest(connection))
    connection.close()
    assert not [p for p in painlog.db.parent.iterdir() if ".restoring-" in p.name]


# --- point 3: the file-type mark ----------------------------------------------------------------


@pytest.mark.parametrize(
    "setup",
    [
        ["PRAGMA application_id = 1234", "CREATE TABLE notes (body TEXT)"],
        ["CREATE TABLE notes (body TEXT)"],
        ["CREATE TABLE entries (id TEXT PRIMARY KEY, kind TEXT, at TEXT)"],
        [f"PRAGMA application_id = {schema.APPLICATION_ID}", "CREATE TABLE entries (id TEXT)"],
    ],
)
def test_another_programs_database_is_left_byte_identical(painlog, tmp_path, setup):
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    for statement in setup:
        connection.execute(statement)
    connection.commit()
    connection.close()
    before = sha(other)
    painlog.db = other
    for command in (("list",), ("add", "pain", "5"), ("summary",), ("undo",)):
        refused_in_one_line(painlog(*command))
    assert sha(other) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["other.db"]  # no -wal, -shm


def test_new_journals_are_marked_and_old_ones_marked_on_their_next_write(painlog, tmp_path):
    painlog.ok("add", "pain", "4")
    header = painlog.db.read_bytes()[:100]
    assert header[68:72] == b"pain"  # in the file itself, from the first write
    old = tmp_path / "old.db"
    old_journal(old, 8).close()
    painlog.db = old
    painlog.ok("add", "pain", "5")
    assert old.read_bytes()[68:72] == b"pain"


def test_read_commands_still_never_create_a_journal(painlog):
    for command in (("list",), ("summary",), ("doctor",)):
        painlog(*command)
    assert not painlog.db.exists()


# --- point 4: ids ------------------------------------------------------------------------------


def test_id_prefixes_match_case_sensitively(painlog, tmp_path, make_rows):
    painlog.import_rows([make_rows("mood", "2026-01-01T12:00:00+00:00", 5, id=UUID)], tmp_path)
    before = painlog.fingerprint()
    result = painlog("delete", "ABCDEF01", "--yes")
    assert result.exit_code == 2, result.stderr
    assert painlog.fingerprint() == before
    painlog.ok("delete", "abcdef01", "--yes")
    assert painlog.json("list") == []


def test_imported_ids_are_canonicalised_or_refused(painlog, tmp_path, make_rows):
    painlog.import_rows(
        [make_rows("mood", "2026-01-01T12:00:00+00:00", 5, id=UUID.upper())], tmp_path
    )
    assert [entry["id"] for entry in painlog.json("list")] == [UUID]
    document = {"format": "painlog", "entries": [
        {"id": "{" + OTHER.upper() + "}", "kind": "mood", "at": "2026-01-02T12:00:00+00:00",
         "value": 6}]}  # fmt: skip
    exported = json.loads(painlog.ok("export", "--format", "json").stdout)
    document = {**exported, "entries": document["entries"]}
    source = tmp_path / "in.json"
    source.write_text(json.dumps(document))
    painlog.ok("import", str(source))
    assert sorted(entry["id"] for entry in painlog.json("list")) == [UUID, OTHER]
    before = painlog.fingerprint()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,kind,at,value\n" + OTHER.replace("-", "")[:30] + ",mood,2026-01-03T12:00:00+00:00,4\n"
    )
    result = painlog("import", str(bad))
    assert result.exit_code == 2
    assert "row 2: id:" in result.stderr and "UUID" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert painlog.fingerprint() == before


# --- point 12: doctor tells the truth --------------------------------------------------------------


def test_a_failed_backup_leaves_no_file_and_names_the_backup(painlog, tmp_path, monkeypatch):
    from painlog.errors import PainlogError
    from painlog.store import backup

    painlog.ok("add", "pain", "4")
    real = backup.connect_file

    def tiny(path: Path, passphrase: str | None = None) -> sqlite3.Connection:
        connection = real(path, passphrase)
        connection.execute("PRAGMA max_page_count = 1")  # as if the disk were full
        return connection

    monkeypatch.setattr(backup, "connect_file", tiny)
    journal = open_journal(painlog.db)
    destination = tmp_path / "copy.db"
    with pytest.raises(PainlogError) as failure:
        backup.backup_journal(journal, destination)
    journal.close()
    assert str(destination) in failure.value.message
    assert f"{painlog.db} " not in failure.value.message
    assert not destination.exists()


def test_doctor_never_calls_an_empty_or_foreign_file_the_newest_backup(painlog):
    painlog.ok("add", "pain", "4")
    painlog.ok("backup")
    folder = painlog.db.parent / "backups"
    [good] = folder.iterdir()
    (folder / "journal-auto-99999999T000000000000-x.db").write_bytes(b"")
    (folder / "journal-auto-99999999T000000000001-y.db").write_text("not sqlite at all\n")
    output = painlog("doctor").stdout
    assert f"newest {good.name}" in output
    assert "2 file(s)" in output and "are not backups" in output


def test_doctor_reports_a_stray_converting_file_and_mixed_backups(painlog):
    cipher = pytest.importorskip("painlog.store.cipher")
    if not cipher.available():
        pytest.skip("SQLCipher is not installed")
    painlog.ok("add", "pain", "4")
    painlog.db.with_name(painlog.db.name + ".converting").write_bytes(b"x" * 4096)
    folder = painlog.db.parent / "backups"
    folder.mkdir(mode=0o700)
    encrypted = cipher.connect(folder / "journal-auto-20261101T000000000000-x.db", "words words")
    encrypted.execute("CREATE TABLE t (x)")
    encrypted.commit()
    encrypted.close()
    output = painlog("doctor").stdout
    assert "interrupted conversion" in output
    assert "encrypted backups of this plain journal" in output


def test_doctor_on_a_healthy_read_only_journal_says_read_only(tmp_path):
    probe = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c",
         "import painlog.cli"], capture_output=True, timeout=60,
    )  # fmt: skip
    if probe.returncode != 0:
        pytest.skip("another user cannot run this Python")
    import shutil
    import tempfile

    base = Path(tempfile.mkdtemp(dir="/tmp"))
    os.chmod(base, 0o755)
    folder = base / "ro"
    db = folder / "j.db"
    env = {**os.environ, "HOME": str(base)}
    subprocess.run([sys.executable, "-m", "painlog", "--db", str(db), "add", "pain", "3"],
                   check=True, capture_output=True, env=env)  # fmt: skip
    for path in (folder, db):
        os.chown(path, 65534, 65534)
    os.chmod(db, 0o400)
    os.chmod(folder, 0o500)
    result = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m",
         "painlog", "--db", str(db), "doctor"], capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    os.chmod(folder, 0o700)
    shutil.rmtree(base, ignore_errors=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "read-only" in result.stdout
    assert "FAIL" not in result.stdout


# --- point 15 ----------------------------------------------------------------------------------


def test_hash_private_counts_as_the_private_tag(painlog):
    painlog.ok("add", "note", "kept to myself", "--tag", "#private")
    painlog.ok("add", "note", "for the clinic")
    fhir = painlog.ok("export", "--format", "fhir").stdout
    assert "for the clinic" in fhir
    assert "kept to myself" not in fhir


def test_db_naming_a_fifo_or_a_device_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    targets = [fifo]
    device = tmp_path / "null"  # our own device node: /dev/null itself is never risked
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        targets.append(device)
    except PermissionError:
        pass  # only root may make device nodes; the FIFO is still tried
    for target in targets:
        for command in (("list",), ("add", "pain", "5"), ("doctor",)):
            result = subprocess.run(
                [sys.executable, "-m", "painlog", "--db", str(target), *command],
                capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL,
            )  # fmt: skip
            assert result.returncode == 1, (target, command, result.stdout, result.stderr)
            assert "not a regular file" in result.stdout + result.stderr
            assert "Traceback" not in result.stderr
    assert fifo.is_fifo()
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(t.name for t in targets)


def test_a_backups_folder_that_is_a_link_or_someone_elses_is_refused(painlog, tmp_path):
    painlog.ok("add", "pain", "4")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (painlog.db.parent / "backups").symlink_to(elsewhere)
    result = painlog("backup")
    refused_in_one_line(result, "is a symbolic link")
    assert list(elsewhere.iterdir()) == []
    (painlog.db.parent / "backups").unlink()
    if os.geteuid() != 0:
        return  # only root can give a folder to another user
    theirs = painlog.db.parent / "backups"
    theirs.mkdir()
    os.chown(theirs, 65534, 65534)
    refused_in_one_line(painlog("backup"), "belongs to another user")
    assert list(theirs.iterdir()) == []
