"""The command reference in docs/cli.md, built from --help (run by cog, checked by a test)."""

from __future__ import annotations

from typing import Any

import typer
import typer.main


def _command_paths(command: Any, path: list[str]) -> list[list[str]]:
    paths = [path]
    if hasattr(command, "list_commands"):  # a group
        context = typer.Context(command)
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            if sub is not None and not sub.hidden:
                paths += _command_paths(sub, [*path, name])
    return paths


def reference() -> str:
    from typer.testing import CliRunner

    from painlog.cli import app

    parts = []
    for path in _command_paths(typer.main.get_command(app), []):
        result = CliRunner().invoke(
            app, [*path, "--help"], env={"COLUMNS": "80"}, prog_name="painlog"
        )
        title = " ".join(["painlog", *path])
        parts.append(f"## {title}\n\n```\n{result.output.rstrip()}\n```\n")
    return "\n" + "\n".join(parts)
