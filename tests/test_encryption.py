"""Encrypted journals (SQLCipher), age-encrypted files for sending, and private entries.

Skipped cleanly when the optional extra painlog[encryption] is missing (CI installs it).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import Painlog

pytest.importorskip("sqlcipher3")
pyrage = pytest.importorskip("pyrage")

PASSPHRASE = "correct horse battery staple"
SECRET = "the note nobody else should read"
KEY = {"PAINLOG_PASSPHRASE": PASSPHRASE}


def logical_dump(path: Path, passphrase: str | None = None) -> list[str]:
    if passphrase is None:
        connection = sqlite3.connect(path)
    else:
        from painlog.store.cipher import connect

        connection = connect(path, passphrase)
    try:
        from sqlite3.dump import _iterdump  # works on any DB-API connection (SQLCipher's too)

        # Sorted: SQLCipher's export may create indexes and triggers in another order; the
        # rows (with their order by rowid) are checked by the conversion's own digest too.
        dump = sorted(_iterdump(connection))
        dump.append(f"user_version={connection.execute('PRAGMA user_version').fetchone()[0]}")
        return dump
    finally:
        connection.close()


def fill(painlog: Painlog, env: dict | None = None) -> None:
    painlog.ok("add", "pain", "6", "--where", "lower back", "--note", SECRET, env=env)
    painlog.ok("add", "sleep", "7h30m", "--at", "yesterday 7am", env=env)
    painlog.ok("add", "med", "ibuprofen", "400mg", env=env)
    painlog.ok("visit", "add", "2026-11-10", "--with", "Dr. Rao", env=env)
    painlog.ok("plan", "add", "exercise", "walk", "--per-week", "3", env=env)


def test_plain_encrypted_plain_keeps_everything(painlog, tmp_path):
    fill(painlog)
    painlog.ok("backup")
    before = logical_dump(painlog.db)
    result = painlog.ok("encrypt", env=KEY)
    assert "Encrypted" in result.stdout and "1 of painlog's backups too" in result.stdout
    raw = painlog.db.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert SECRET.encode() not in raw
    for backup in (painlog.db.parent / "backups").glob("*.db"):
        assert SECRET.encode() not in backup.read_bytes()  # no plain copy left in our folder
    assert not Path(str(painlog.db) + "-wal").exists()
    assert painlog.db.stat().st_mode & 0o777 == 0o600
    assert logical_dump(painlog.db, PASSPHRASE) == before
    assert "Decrypted" in painlog.ok("decrypt", env=KEY).stdout
    assert painlog.db.read_bytes().startswith(b"SQLite format 3")
    assert logical_dump(painlog.db) == before


def test_every_command_works_on_an_encrypted_journal(painlog, tmp_path):
    fill(painlog)
    painlog.ok("encrypt", env=KEY)
    painlog.ok("add", "pain", "6", "--note", SECRET, env=KEY)
    painlog.ok("add", "sleep", "7h", env=KEY)
    painlog.ok("add", "med", "ibuprofen", "200mg", env=KEY)
    painlog.ok("visit", "add", "2026-11-20", env=KEY)
    painlog.ok("plan", "change", "walk", "--per-week", "4", env=KEY)
    # pain and sleep are logged today, so the check-in starts at mood; walk: skipped
    painlog.ok("checkin", input="5\n" + "\n" * 5 + "n\nn\nA good day\n", env=KEY)
    assert len(json.loads(painlog.ok("list", "--json", env=KEY).stdout)) == 8
    assert json.loads(painlog.ok("summary", "--json", env=KEY).stdout)["weeks"]
    painlog.ok("due", env=KEY)
    painlog.ok("chart", env=KEY)
    painlog.ok("report", "-o", str(tmp_path / "r.pdf"), env=KEY)
    painlog.ok("export", "--format", "json", "-o", str(tmp_path / "e.json"), env=KEY)
    copy = Painlog(tmp_path / "copy.db")
    copy.ok("import", str(tmp_path / "e.json"))
    assert len(copy.json("list")) == 8
    backed = painlog.ok("backup", env=KEY).stdout
    backup = Path(backed.rsplit(" to ", 1)[1].strip().rstrip("."))
    assert not backup.read_bytes().startswith(b"SQLite format 3")  # backups stay encrypted
    painlog.ok("add", "mood", "3", env=KEY)
    restored = painlog.ok("restore", str(backup), "--yes", env=KEY)
    assert "Restored 8 entries" in restored.stdout
    doctor = painlog.ok("doctor", env=KEY).stdout
    assert "encrypted (SQLCipher)" in doctor


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PAINLOG_PASSPHRASE": "wrong passphrase"}, "Cannot open"),
        ({}, "is encrypted (or is not a painlog journal): it needs its passphrase"),
    ],
)
def test_a_wrong_or_missing_passphrase_changes_nothing(painlog, env, message):
    fill(painlog)
    painlog.ok("encrypt", env=KEY)
    before = painlog.fingerprint()
    for command in (("add", "pain", "5"), ("list",), ("summary",)):
        result = painlog(*command, env={"PAINLOG_PASSPHRASE": "", **env})
        assert result.exit_code == 1
        assert message in result.stderr and "PAINLOG_PASSPHRASE" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert painlog.fingerprint() == before


def test_encrypt_refusals(painlog):
    fill(painlog)
    result = painlog("decrypt", env=KEY)
    assert result.exit_code == 1 and "is not encrypted" in result.stderr
    short = painlog("encrypt", env={"PAINLOG_PASSPHRASE": "short"})
    assert short.exit_code == 2 and "at least 8 characters" in short.stderr
    before = painlog.fingerprint()
    none = painlog("encrypt", env={"PAINLOG_PASSPHRASE": ""})
    assert none.exit_code == 1 and "a passphrase is needed" in none.stderr
    assert painlog.fingerprint() == before
    painlog.ok("encrypt", env=KEY)
    again = painlog("encrypt", env=KEY)
    assert again.exit_code == 1 and "is already encrypted" in again.stderr


def test_without_the_extra_the_refusal_is_one_line(painlog, monkeypatch):
    fill(painlog)
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    result = painlog("encrypt", env=KEY)
    assert result.exit_code == 1
    assert "pip install 'painlog[encryption]'" in result.stderr


def _journal_with_entries(path: Path, count: int) -> None:
    from painlog.demo.story import synthetic_entries
    from painlog.journal.entries import add_entries
    from painlog.store.opener import open_journal

    with open_journal(path, create=True) as journal:
        add_entries(journal, synthetic_entries(count))


@pytest.mark.parametrize("delay", [0.05, 0.25, 0.45, 0.7])
def test_kill_during_encrypt_leaves_a_journal_that_opens(tmp_path, delay):
    db = tmp_path / "journal.db"
    _journal_with_entries(db, 20_000)
    expected = logical_dump(db)
    env = {**os.environ, "PAINLOG_DB": str(db), **KEY}
    process = subprocess.Popen(
        [sys.executable, "-m", "painlog", "encrypt"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    from painlog.store.cipher import looks_encrypted

    found = logical_dump(db, PASSPHRASE if looks_encrypted(db) else None)
    assert found == expected  # the old journal or the new one, whole
    result = subprocess.run(
        [sys.executable, "-m", "painlog", "add", "pain", "5"], env=env, capture_output=True
    )
    assert result.returncode == 0, result.stderr


# --- files for sending --------------------------------------------------------------------------


@pytest.fixture
def age_key(tmp_path):
    identity = pyrage.x25519.Identity.generate()
    path = tmp_path / "key.txt"
    path.write_text(f"# created by the test\n{identity}\n")
    return str(identity.to_public()), path


def test_age_round_trip_with_a_key_and_with_a_passphrase(painlog, tmp_path, age_key):
    recipient, identity = age_key
    fill(painlog)
    keyed = tmp_path / "journal.json.age"
    painlog.ok("export", "--format", "json", "-o", str(keyed), "--encrypt-to", recipient)
    assert keyed.read_bytes().startswith(b"age-encryption.org/v1")
    assert SECRET.encode() not in keyed.read_bytes()
    copy = Painlog(tmp_path / "copy.db")
    missing = copy("import", str(keyed))
    assert missing.exit_code == 1 and "give its identity with --identity FILE" in missing.stderr
    copy.ok("import", str(keyed), "--identity", str(identity))
    assert copy.json("list") == painlog.json("list")
    secret = {"PAINLOG_EXPORT_PASSPHRASE": "mail it to the clinic"}
    sealed = tmp_path / "journal.csv.age"
    painlog.ok("export", "-o", str(sealed), "--encrypt-passphrase", env=secret)
    other = Painlog(tmp_path / "other.db")
    wrong = other("import", str(sealed), env={"PAINLOG_EXPORT_PASSPHRASE": "not it"})
    assert wrong.exit_code == 1 and "cannot be decrypted" in wrong.stderr
    assert not other.db.exists()
    other.ok("import", str(sealed), env=secret)
    assert len(other.json("list")) == 3


def test_an_encrypted_report_can_be_mailed(painlog, tmp_path, age_key):
    recipient, identity = age_key
    fill(painlog)
    out = tmp_path / "visit.pdf.age"
    painlog.ok("report", "-o", str(out), "--encrypt-to", recipient)
    plain = pyrage.decrypt(out.read_bytes(), [pyrage.x25519.Identity.from_str(
        identity.read_text().splitlines()[1])])  # fmt: skip
    assert plain.startswith(b"%PDF")
    bad = painlog("report", "-o", str(tmp_path / "x.pdf"), "--encrypt-to", "age1nope")
    assert bad.exit_code == 2 and "--encrypt-to: 'age1nope' is not accepted" in bad.stderr
    assert not (tmp_path / "x.pdf").exists()


# --- private entries ----------------------------------------------------------------------------


def test_private_entries_stay_out_of_reports_and_fhir(painlog, tmp_path):
    fill(painlog)
    hidden = "my private worry about the new pills"
    painlog.ok("add", "note", hidden, "--tag", "private", "--tag", "clinic")
    painlog.ok("add", "pain", "9", "--tag", "Private")
    texts = {}
    for suffix in ("md", "html", "pdf"):
        out = tmp_path / f"r.{suffix}"
        painlog.ok("report", "-o", str(out))
        texts[suffix] = (
            " ".join(PdfReader(out).pages[0].extract_text().split())
            if suffix == "pdf"
            else out.read_text()
        )
    for text in texts.values():
        assert hidden not in text
        assert "2 entries tagged private left out." in " ".join(text.split())
    assert "worst 6" in texts["md"]  # the private 9 does not count either
    fhir = painlog.ok("export", "--format", "fhir").stdout
    assert hidden not in fhir
    assert hidden in painlog.ok("export", "--format", "fhir", "--include-private").stdout
    assert hidden in painlog.ok("export", "--format", "csv").stdout  # the person's own copy
    assert hidden in painlog.ok("export", "--format", "json").stdout
    out = tmp_path / "all.md"
    painlog.ok("report", "-o", str(out), "--include-private")
    assert hidden in out.read_text() and "left out" not in out.read_text()


def test_remember_keeps_the_derived_key_in_the_keyring(painlog, monkeypatch):
    import types

    stored: dict[tuple[str, str], str] = {}
    fake = types.SimpleNamespace(
        get_password=lambda service, user: stored.get((service, user)),
        set_password=lambda service, user, secret: stored.__setitem__((service, user), secret),
        delete_password=lambda service, user: stored.pop((service, user)),
    )
    monkeypatch.setitem(sys.modules, "keyring", fake)
    monkeypatch.delenv("PAINLOG_PASSPHRASE", raising=False)
    fill(painlog)
    result = painlog.ok("encrypt", "--remember", env=KEY)
    assert "stored in your system keyring" in result.stdout
    # The derived key (SQLCipher's x'key+salt' form skips the derivation), never the passphrase.
    ((where, value),) = stored.items()
    assert where == ("painlog", str(painlog.db.resolve()))
    assert value.startswith("painlog-raw-key-v1:256000:") and PASSPHRASE not in value
    import hashlib

    salt = painlog.db.read_bytes()[:16]
    key = hashlib.pbkdf2_hmac("sha512", PASSPHRASE.encode(), salt, 256_000, 32)
    assert value.endswith(key.hex() + salt.hex())
    assert len(painlog.json("list")) == 3  # no PAINLOG_PASSPHRASE: the keyring has it
    painlog.ok("decrypt")
    assert stored == {}  # forgotten once the journal is plain again


def test_remember_without_a_keyring_says_how_to_give_the_passphrase(painlog, monkeypatch):
    monkeypatch.setitem(sys.modules, "keyring", None)
    fill(painlog)
    result = painlog.ok("encrypt", "--remember", env=KEY)
    assert "could not be stored: install the 'keyring' package" in result.stderr
