"""A NUL character in an argument: one line naming it, exit 2, journal unchanged.

A shell cannot pass one, but a program calling painlog (or CliRunner) can; Python's file
functions then raise ValueError("embedded null byte"), which used to escape as a traceback.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from painlog.cli import app


@pytest.mark.parametrize(
    "words",
    [
        ["import", "\x00"],
        ["import", "a\x00b.csv", "--dry-run"],
        ["report", "-o", "r\x00.pdf"],
        ["export", "-o", "x\x00.csv"],
        ["sync", "\x00"],
        ["--db", "j\x00.db", "list"],
    ],
)
def test_a_nul_character_is_refused_in_one_line(tmp_path, words):
    db = tmp_path / "j.db"
    runner = CliRunner()
    assert runner.invoke(app, ["--db", str(db), "add", "pain", "4"]).exit_code == 0
    before = db.read_bytes()
    result = runner.invoke(app, ["--db", str(db), "--no-input", *words], input="")
    assert result.exit_code == 2, result.output
    assert result.output == (
        "Error: a file name typed holds a NUL character, which no file name can hold. Give it "
        "again without it.\n"
    )
    assert "Traceback" not in result.output
    assert db.read_bytes() == before


def test_a_nul_in_a_value_is_refused_by_the_gate_naming_its_field(tmp_path):
    db = tmp_path / "j.db"
    runner = CliRunner()
    assert runner.invoke(app, ["--db", str(db), "add", "pain", "4"]).exit_code == 0
    before = db.read_bytes()
    result = runner.invoke(app, ["--db", str(db), "add", "pain", "5", "--note", "a\x00b"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: note: 'a\\0b' is not accepted")
    assert db.read_bytes() == before
