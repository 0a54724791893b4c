"""docs/cli.md is generated from --help; this fails when the two drift apart."""

from __future__ import annotations

from pathlib import Path

from cogapp import Cog

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_cli_reference_is_up_to_date():
    status = Cog().main(["cog", "--check", str(DOCS / "cli.md")])
    assert status == 0, "docs/cli.md is stale: run 'cog -r docs/cli.md'"
