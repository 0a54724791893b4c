"""One limit on a text of an entry (16 MB), the same for add, import and rows from another
device: a 70 KB note `add` accepted used to be refused on every other device ("not a value
painlog stores", over 64 KB), so the devices diverged."""

from __future__ import annotations

from painlog.journal.values import TEXT_LIMIT
from painlog.record import check_peer_row

LONG = "N" * (TEXT_LIMIT + 1)
SAID = (
    f"note: {TEXT_LIMIT + 1:,} characters is more than painlog keeps in one text "
    f"({TEXT_LIMIT:,}); shorten it, or keep the long text in a file of your own."
)


def test_add_refuses_a_note_over_the_limit_and_keeps_one_at_it(painlog, monkeypatch):
    # The rule at a smaller limit (the same code; 16 MB notes would only make the test slow).
    from painlog.journal import values

    monkeypatch.setattr(values, "TEXT_LIMIT", 1000)
    painlog.ok("add", "pain", "2")
    before = painlog.fingerprint()
    result = painlog("add", "pain", "2", "--note", "N" * 1001)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: note: 1,001 characters is more than painlog keeps in one text (1,000); "
        "shorten it, or keep the long text in a file of your own."
    )
    assert painlog.fingerprint() == before
    painlog.ok("add", "pain", "2", "--note", "N" * 1000)  # at the limit: kept whole
    assert max(len(e["note"] or "") for e in painlog.json("list")) == 1000


def test_another_device_takes_what_add_takes_and_refuses_what_it_refuses():
    row = {"id": "e1", "kind": "pain", "at": "2026-11-01T09:00:00+00:00", "value": 2}
    assert check_peer_row("entries", {**row, "note": LONG}) == SAID
    assert check_peer_row("entries", {**row, "note": LONG[:-1]}) is None


def test_a_long_note_travels_to_another_device(tmp_path):
    from tests.conftest import Painlog

    note = "a long day, " * 6_000  # 72,000 characters: over the old 64 KB
    first, second = Painlog(tmp_path / "a.db"), Painlog(tmp_path / "b.db")
    first.ok("add", "pain", "3", "--note", note)
    first.ok("sync", str(tmp_path / "Sync"))
    second.ok("sync", str(tmp_path / "Sync"))
    assert [entry["note"] for entry in second.json("list")] == [note.strip()]
    assert "not applied" not in second.ok("sync", "--status").stdout
