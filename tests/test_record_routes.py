"""One way in (issue 23): every door an entry comes in by — add, checkin, edit, import (CSV,
JSON, an app, a device), the inbox, sync, the demo — meets the same gate. Each is fed the same
bad value (pain "high"), the same near-miss name (duloxitine, the plan says duloxetine) and the
same dose too soon (naproxen 2 h after the last; the plan says 8 h apart), and gets the same
refusal, the same note and the same limit note, as that door reports them."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from painlog import interaction, record
from painlog.errors import InvalidInput
from painlog.store.opener import open_journal
from tests.conftest import HEADER, Painlog

NOW = datetime(2026, 11, 18, 19, 0, tzinfo=ZoneInfo("UTC"))  # a Wednesday evening

PAIN_HIGH = "pain: 'high' is not accepted; give a number from 0 (no pain) to 10"
NEAR_MISS = "'duloxitine' is new; saved as duloxetine, the name in your plan."
KEPT_AS_WRITTEN = "'duloxitine' is new; did you mean duloxetine"
TOO_SOON = (
    "naproxen: 2 h since the previous dose (2026-11-18 17:00); your plan says at least 8 h "
    "between doses."
)


def refusal() -> str:
    """The gate's one refusal of pain "high" (every door says this, with its own prefix)."""
    with pytest.raises(InvalidInput) as refused:
        record.make(record.Draft("pain", ("high",)))
    return refused.value.message


def said(result) -> str:
    return " ".join(result.stderr.split())


def names(painlog: Painlog) -> list[str]:
    return [e["name"] for e in painlog.json("list", "--kind", "med") if e["name"] != "naproxen"]


@pytest.fixture
def journal(painlog: Painlog):
    """A plan (duloxetine daily; naproxen as needed, 8 h apart) and a naproxen dose at 17:00."""
    with time_machine.travel(NOW, tick=False):
        painlog.ok("plan", "add", "med", "duloxetine", "30mg", "--times", "08:00",
                   "--from", "2026-11-16")  # fmt: skip
        painlog.ok("plan", "add", "med", "naproxen", "500mg", "--as-needed", "--max-daily",
                   "1000mg", "--min-interval", "8h", "--from", "2026-11-16")  # fmt: skip
        painlog.ok("add", "med", "naproxen", "500mg", "--at", "17:00")
        yield painlog


def test_the_refusal_is_the_value_rule_s() -> None:
    assert refusal().startswith(PAIN_HIGH)


# --- add, checkin, edit ---------------------------------------------------------------------


def test_add(journal: Painlog) -> None:
    before = journal.fingerprint()
    result = journal("add", "pain", "high")
    assert result.exit_code == 2 and said(result) == f"Error: {refusal()}"
    assert journal.fingerprint() == before
    assert NEAR_MISS in said(journal.ok("add", "med", "duloxitine", "30mg", "--at", "08:05"))
    assert said(journal.ok("add", "med", "naproxen", "500mg")) == f"Note: {TOO_SOON}"
    assert names(journal) == ["duloxetine"]


def test_checkin_at_a_terminal(journal: Painlog, monkeypatch) -> None:
    monkeypatch.setattr(interaction, "can_prompt", lambda: True)
    # pain "high" (refused, asked again), then skipped; no sleep, mood or exercise; two doses;
    # no note; the plan's 08:00 duloxetine: n; no PEG; no reflection; "Use duloxetine?": yes.
    answers = ["high", "", "", "", "", "duloxitine 30mg, naproxen 500mg", "", "n", "n", "", ""]
    result = journal.ok("checkin", input="\n".join(answers) + "\n" * 5)
    assert f"{refusal()} Try again, or press Enter to skip." in " ".join(result.output.split())
    asked = "'duloxitine' is new; did you mean duloxetine (the name in your plan)? Use duloxetine?"
    assert asked in " ".join(result.output.split())
    assert f"Note: {TOO_SOON}" in said(result)
    assert names(journal) == ["duloxetine"]


def test_edit(journal: Painlog) -> None:
    pain = journal.ok("add", "pain", "5", "--at", "18:00").stdout.rsplit("(", 1)[1][:8]
    before = journal.fingerprint()
    result = journal("edit", pain, "high")
    assert result.exit_code == 2 and said(result) == f"Error: {refusal()}"
    assert journal.fingerprint() == before
    dose = journal.ok("add", "med", "ibuprofen", "400mg", "--at", "18:30").stdout
    dose_id = dose.rsplit("(", 1)[1][:8]
    assert NEAR_MISS in said(journal.ok("edit", dose_id, "--name", "duloxitine"))
    other = journal.ok("add", "med", "ibuprofen", "400mg").stdout.rsplit("(", 1)[1][:8]
    assert said(journal.ok("edit", other, "naproxen", "500mg")) == f"Note: {TOO_SOON}"
    assert names(journal) == ["duloxetine"]


# --- imports: names kept as written, each close one a Note; limits summarised -----------------


def _csv(tmp_path: Path, *rows: str) -> str:
    path = tmp_path / f"rows-{len(list(tmp_path.iterdir()))}.csv"
    path.write_text(HEADER + "\n" + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return str(path)


IMPORTED_TOO_SOON = "naproxen: 1 dose of this import came sooner than your plan's 8 h between"


def test_import_csv(journal: Painlog, tmp_path: Path) -> None:
    before = journal.fingerprint()
    result = journal("import", _csv(tmp_path, ",pain,2026-11-18T10:00:00+00:00,high,,,,,,,,,"))
    assert result.exit_code == 2 and f"row 2: {refusal()}" in said(result)
    assert journal.fingerprint() == before
    result = journal.ok("import", _csv(
        tmp_path,
        ",medication,2026-11-18T08:05:00+00:00,30,mg,duloxitine,,,,,,,",
        ",medication,2026-11-18T19:00:00+00:00,500,mg,naproxen,,,,,,,",
    ))  # fmt: skip
    assert KEPT_AS_WRITTEN in said(result)
    assert IMPORTED_TOO_SOON in said(result)
    assert names(journal) == ["duloxitine"]  # a file is not a person: kept as written


def _json(tmp_path: Path, *entries: dict) -> str:
    path = tmp_path / f"file-{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps({"format": "painlog", "version": 1, "entries": list(entries)}))
    return str(path)


def test_import_json(journal: Painlog, tmp_path: Path) -> None:
    before = journal.fingerprint()
    bad = {"kind": "pain", "at": "2026-11-18T10:00:00+00:00", "value": "high"}
    result = journal("import", _json(tmp_path, bad))
    assert result.exit_code == 2 and f"entries[0]: {refusal()}" in said(result)
    assert journal.fingerprint() == before
    near = {"kind": "medication", "at": "2026-11-18T08:05:00+00:00", "value": 30, "unit": "mg",
            "name": "duloxitine"}  # fmt: skip
    soon = {"kind": "medication", "at": "2026-11-18T19:00:00+00:00", "value": 500, "unit": "mg",
            "name": "naproxen"}  # fmt: skip
    result = journal.ok("import", _json(tmp_path, near, soon))
    assert KEPT_AS_WRITTEN in said(result) and IMPORTED_TOO_SOON in said(result)
    assert names(journal) == ["duloxitine"]


BEARABLE = "date,weekday,time of day,category,rating/amount,detail,notes\n"


def test_import_an_app(journal: Painlog, tmp_path: Path) -> None:
    before = journal.fingerprint()
    path = tmp_path / "bearable.csv"
    path.write_text(BEARABLE + "18th Nov 2026,Wednesday,10:00,Mood,high,,\n", encoding="utf-8")
    result = journal("import", str(path), "--from", "bearable")
    assert result.exit_code == 2 and "row 2:" in said(result) and "'high'" in said(result)
    assert journal.fingerprint() == before
    path.write_text(
        BEARABLE + "18th Nov 2026,Wednesday,08:05,Meds/Supplements,30,Duloxitine (mg),\n"
        "18th Nov 2026,Wednesday,19:00,Meds/Supplements,500,Naproxen (mg),\n",
        encoding="utf-8",
    )
    result = journal.ok("import", str(path), "--from", "bearable")
    assert KEPT_AS_WRITTEN in said(result) and IMPORTED_TOO_SOON in said(result)
    assert names(journal) == ["duloxitine"]


def test_import_a_device_through_the_library(journal: Painlog, tmp_path: Path) -> None:
    """A device export as its reader hands it over (records), landed by formats/landing."""
    from painlog.formats.landing import device_entries, land_device

    def found(*records: dict):
        from painlog.formats.devices.records import DeviceImport

        common = {"unit": None, "name": None, "note": None, "source": "fitbit"}
        device = DeviceImport("fitbit")
        device.records = [SimpleNamespace(**{**common, **r}) for r in records]
        return device

    with time_machine.travel(NOW, tick=False):
        bad = found({"kind": "pain", "at": "2026-11-18T10:00:00+00:00", "value": "high",
                     "source_key": "p1"})  # fmt: skip
        # a record the entry rules refuse is left out and counted, never fatal (issue 26)
        assert device_entries(bad, tmp_path / "export.zip", NOW) == []
        assert bad.records == [] and bad.untrue == {"with an impossible pain value": 1}
        good = found(
            {"kind": "medication", "at": "2026-11-18T08:05:00+00:00", "value": 30, "unit": "mg",
             "name": "duloxitine", "source_key": "m1"},
            {"kind": "medication", "at": "2026-11-18T19:00:00+00:00", "value": 500, "unit": "mg",
             "name": "naproxen", "source_key": "m2"},
        )  # fmt: skip
        entries = device_entries(good, tmp_path / "export.zip", NOW)
        with open_journal(journal.db) as opened:
            landed = land_device(opened, entries, tmp_path / "export.zip", "fitbit")
    notes = " ".join(" ".join(landed.notes).split())
    assert KEPT_AS_WRITTEN in notes and IMPORTED_TOO_SOON in notes
    assert len(landed.merge.new) == 2


# --- the inbox and sync: nobody to ask -------------------------------------------------------


def test_the_inbox(journal: Painlog, tmp_path: Path) -> None:
    folder = tmp_path / "Sync"
    with time_machine.travel(NOW, tick=False):
        journal.ok("sync", str(folder))
        (folder / "inbox.txt").write_text(
            "2026-11-18 10:00; pain high\n"
            "2026-11-18 08:05; med duloxitine 30mg\n"
            "med naproxen 500mg\n",
            encoding="utf-8",
        )
        result = journal.ok("sync")
    assert "2 lines taken from the inbox" in result.stdout
    assert NEAR_MISS in said(result) and f"Note: {TOO_SOON}" in said(result)
    left = (folder / "inbox.txt").read_text(encoding="utf-8").splitlines()
    assert left == [f"# painlog: {refusal()}", "2026-11-18 10:00; pain high"]
    assert names(journal) == ["duloxetine"]


def test_sync_apply_refuses_a_peer_row_the_gate_refuses(journal: Painlog, tmp_path: Path) -> None:
    """A row another device wrote was reviewed there (its name and limits were that device's
    to settle); here it passes the value rules, or is not applied and is listed (device,
    file, reason) by sync --status and doctor."""
    folder = tmp_path / "Sync"
    other = Painlog(tmp_path / "other.db")
    with time_machine.travel(NOW, tick=False):
        journal.ok("sync", str(folder))
        other.ok("sync", str(folder))
        written = other.ok("add", "pain", "6", "--at", "18:00").stdout.rsplit("(", 1)[1][:8]
        with sqlite3.connect(other.db) as connection:  # as a damaged or hostile device would
            connection.execute(
                "UPDATE entries SET value = 'high' WHERE id LIKE ?", (f"{written}%",)
            )
        other.ok("sync")
        result = journal.ok("sync")
    assert result.exit_code == 0
    status = " ".join(journal.ok("sync", "--status").stdout.split())
    assert f"Files and rows not applied (1): {other_id(other)}/changes-" in status
    assert f"entries {written}: {refusal()}" in status
    doctor = journal("doctor").stdout
    assert "sync: 1 read from the sync folder and not applied" in doctor
    assert all(entry["id"][:8] != written for entry in journal.json("list"))
    report = str(tmp_path / "report.md")
    for command in (["list"], ["export", "--format", "csv"], ["summary"], ["chart", "pain"],
                    ["report", "--format", "md", "-o", report]):  # fmt: skip
        journal.ok(*command)  # never "unexpected problem"


def other_id(device: Painlog) -> str:
    with sqlite3.connect(device.db) as connection:
        return connection.execute("SELECT id FROM _sync_device").fetchone()[0]


def test_the_gate_checks_a_peer_row_by_the_value_rules() -> None:
    row = {"id": "5f0c8f8e-51a4-4f43-9d4c-3c3f1f0c3e11", "kind": "pain",
           "at": "2026-11-18T10:00:00+00:00", "value": "high", "location": '["back"]'}  # fmt: skip
    assert record.check_peer_row("entries", row) == refusal()
    assert record.check_peer_row("entries", {**row, "value": 6.0}) is None
    assert record.check_peer_row("entries", {**row, "value": 6.0, "location": "[1]"})
    assert record.check_peer_row("entries", None) is None  # a deletion


# --- the demo -------------------------------------------------------------------------------


def test_the_demo_saves_through_the_gate(tmp_path: Path, monkeypatch) -> None:
    from painlog.demo import story
    from painlog.record import gate

    stored: list[int] = []
    real = gate.store
    monkeypatch.setattr(gate, "store", lambda j, entries, *a, **k: (
        stored.append(len(entries)), real(j, entries, *a, **k))[1])  # fmt: skip
    path = story.build_demo_journal(tmp_path).path
    assert stored and stored[0] > 0
    with open_journal(path) as opened:
        rows = [dict(row) for row in opened.query("SELECT * FROM entries")]
    assert all(record.check_peer_row("entries", row) is None for row in rows)
