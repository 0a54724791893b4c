"""`restore` shows what it would replace (entries and dates, both sides) and asks first."""

from __future__ import annotations


def test_restore_shows_what_it_replaces_and_asks(painlog, tmp_path):
    painlog.ok("add", "pain", "3", "--at", "2026-11-01 10:00")
    saved = tmp_path / "saved.db"
    painlog.ok("backup", "-o", str(saved))
    painlog.ok("add", "pain", "9", "--at", "2026-11-05 10:00")
    before = painlog.fingerprint()
    declined = painlog("restore", str(saved), input="n\n")
    assert declined.exit_code == 1
    asked = " ".join(declined.stdout.split())  # the question wraps at the terminal's width
    assert "Replace the journal (2 entries, 2026-11-01 to 2026-11-05)" in asked
    assert "(1 entry, 2026-11-01 to 2026-11-01)" in asked
    assert "Nothing restored." in declined.stderr
    assert painlog.fingerprint() == before
    assert "Restored 1 entry" in painlog.ok("restore", str(saved), input="y\n").stdout
