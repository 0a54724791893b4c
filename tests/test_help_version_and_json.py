"""What every command-line user expects: --version, every --help ending with an example and
naming no file users lack (edit's no longer saying "default: now"), and --json on the read
commands."""

from __future__ import annotations

import runpy
from pathlib import Path


def test_version(painlog):
    from painlog import __version__

    assert painlog.ok("--version").stdout.strip() == f"painlog {__version__}"


def test_every_help_ends_with_an_example_and_names_no_file_users_lack():
    reference = runpy.run_path(str(Path(__file__).parent.parent / "docs" / "cli_reference.py"))
    sections = reference["reference"]().split("## painlog")[1:]
    assert len(sections) > 30
    for section in sections:
        title = section.splitlines()[0].strip() or "painlog"
        assert "Example:" in section, f"'{title} --help' has no example"
        assert "SPEC.md" not in section, title


def test_edit_help_no_longer_says_default_now(painlog):
    text = " ".join(painlog.ok("edit", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "default: now" not in text and "without --at its time is kept" in text


def test_json_on_read_commands(painlog):
    painlog.ok("add", "pain", "5.5", "--at", "yesterday 9am")
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "yesterday 9am")
    painlog.ok("ask", "Is it safe to drive?")
    chart = painlog.json("chart")
    assert chart["pain"][0]["mean"] == 5.5 and "sleep" in chart
    assert painlog.json("chart", "medication")["medication"][0]["name"] == "ibuprofen"
    calendar = painlog.json("calendar")
    assert calendar["days"][-1] == {"day": chart["pain"][0]["day"], "mean": 5.5, "shown": 6}
    assert painlog.json("ask")[0]["text"] == "Is it safe to drive?"
    checks = {finding["check"]: finding["status"] for finding in painlog.json("doctor")}
    assert checks["file format"] == "ok"
