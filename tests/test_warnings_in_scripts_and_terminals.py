"""Warnings before silent damage (a repeated dose, a near-miss name, a large dose, a second
sleep, a new place, a second PEG): in a script each is one line and the entry is saved; at a
terminal each is a question with a safe default."""

from __future__ import annotations

import pytest


@pytest.fixture
def terminal(monkeypatch):
    """As if typing at a terminal (CliRunner's stdin is not one)."""
    from painlog import interaction

    monkeypatch.setattr(interaction, "can_prompt", lambda: True)


def test_in_a_script_each_warning_is_a_line_and_the_entry_is_saved(painlog):
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2025-06-10 08:00")
    again = painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2025-06-10 08:20")
    assert (
        "Note: ibuprofen 400 mg is already logged 20 minutes before this (08:00)." in again.stderr
    )
    typo = painlog.ok("add", "med", "ibuprofin", "400mg", "--at", "2025-06-10 09:00")
    assert "Note: 'ibuprofin' is new; did you mean ibuprofen? Saved as typed" in typo.stderr
    big = painlog.ok("add", "med", "ibuprofen", "4000mg", "--at", "2025-06-10 15:00")
    assert (
        "4000 mg is more than 3 times the largest ibuprofen dose logged before (400 mg)"
        in big.stderr
    )
    painlog.ok("add", "sleep", "7h", "--at", "2025-06-10 07:00")
    second = painlog.ok("add", "sleep", "1h", "--at", "2025-06-10 07:30")
    assert "Sleep for the night before" in second.stderr and "7h (07:00)" in second.stderr
    painlog.ok("add", "pain", "5", "--where", "lower back")
    place = painlog.ok("add", "pain", "5", "--where", "lower bak")
    assert "'lower bak' is a new place; did you mean lower back?" in place.stderr
    painlog.ok(
        "peg", "--pain", "5", "--enjoyment", "5", "--activity", "5", "--at", "2025-06-10 20:00"
    )
    peg = painlog.ok(
        "peg", "--pain", "6", "--enjoyment", "5", "--activity", "5", "--at", "2025-06-10 21:00"
    )
    assert "A PEG is already answered for" in peg.stderr
    assert len(painlog.json("list")) == 8  # everything typed was kept


def test_at_a_terminal_each_warning_is_a_question_with_a_safe_default(painlog, terminal):
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2025-06-10 08:00")
    kept = painlog.ok(
        "add", "med", "ibuprofin", "400mg", "--at", "2025-06-10 09:00", input="\n"
    )  # Enter: yes
    assert "did you mean ibuprofen? Use ibuprofen? [Y/n]" in kept.stdout
    assert "Added medication ibuprofen 400 mg" in kept.stdout
    cancelled = painlog(
        "add", "med", "ibuprofen", "400mg", "--at", "2025-06-10 09:10", input="\n"
    )  # Enter: no
    assert cancelled.exit_code == 0 and "Nothing saved." in cancelled.stderr
    painlog.ok("add", "sleep", "7h", "--at", "2025-06-10 07:00")
    replaced = painlog.ok("add", "sleep", "6h", "--at", "2025-06-10 07:00", input="r\n")
    assert "[r]eplace it, add this as a [n]ap, or [c]ancel?" in replaced.stdout
    assert [e["value"] for e in painlog.json("list", "--kind", "sleep")] == [6.0]
    painlog.ok("add", "sleep", "40m", "--at", "2025-06-10 07:05", input="n\n")
    nap = painlog.json("list", "--kind", "sleep")[-1]
    assert nap["tags"] == ["nap"]
    assert (
        "Nothing saved."
        in painlog.ok("add", "sleep", "5h", "--at", "2025-06-10 07:00", input="\n").stderr
    )
    assert len(painlog.json("list", "--kind", "sleep")) == 2
    assert "add sleep 0h40m" in painlog.ok("undo").stdout  # the nap
    assert "replacing 1" in painlog.ok("undo").stdout
    assert [e["value"] for e in painlog.json("list", "--kind", "sleep")] == [7.0]  # as before
