"""Rich renderings for the terminal. Imported only by commands that print tables."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from painlog.entries import Entry


def console() -> Console:
    # rich honours NO_COLOR itself; highlight=False keeps numbers in notes plain.
    return Console(highlight=False)


def print_entries(entries: Sequence[Entry]) -> None:
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("when", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("what")
    table.add_column("note / tags", overflow="fold")
    for entry in entries:
        extra = [entry.note or ""] if entry.kind != "note" else []
        extra += [f"#{tag}" for tag in entry.tags]
        if entry.trigger:
            extra.append("worse: " + ", ".join(entry.trigger))
        if entry.relief:
            extra.append("helped: " + ", ".join(entry.relief))
        table.add_row(
            entry.short_id,
            entry.at[:16].replace("T", " "),
            entry.kind,
            entry.what() if entry.kind != "note" else (entry.note or ""),
            " ".join(part for part in extra if part),
        )
    console().print(table)
