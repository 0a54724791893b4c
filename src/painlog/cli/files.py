"""Commands that move the journal to and from files: export, import, backup, restore, doctor."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from painlog.cli.core import (
    SinceOption,
    UntilOption,
    app,
    command,
    journal_for,
    period,
)
from painlog.messages import Msg, say

# --- files ------------------------------------------------------------------------------------


@command(app, "export")
def export_command(
    ctx: typer.Context,
    format_name: Annotated[
        str, typer.Option("--format", "-f", help="csv (SPEC.md), json (everything) or fhir (R4).")
    ] = "csv",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: print).")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Export the journal (files are written owner-only)."""
    from painlog.formats import check_format, export_journal, write_private_file

    format_name = check_format(format_name.lower())
    first, last = period(since, until)
    with journal_for(ctx) as journal:
        if output is None:
            export_journal(journal, format_name, sys.stdout, first, last)
            return
        count = write_private_file(
            output, lambda handle: export_journal(journal, format_name, handle, first, last)
        )
    typer.echo(say(Msg.EXPORTED, count=count, file=output), err=True)


@command(app, "import")
def import_command(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="A CSV or JSON file as written by 'painlog export'.")
    ],
) -> None:
    """Import entries: all or nothing; records already in the journal (same id) are skipped."""
    from painlog.formats import import_records, read_file

    with progress_for(file, "Checking") as advance:
        parsed = read_file(file, advance)  # all validated before a journal is touched
    with journal_for(ctx, create=True) as journal:
        result = import_records(journal, parsed)
    typer.echo(say(Msg.IMPORTED, added=result.added, skipped=result.skipped, file=file))


PROGRESS_FROM_BYTES = 1_000_000


@contextmanager
def progress_for(file: Path, label: str) -> Iterator[Callable[[float], None] | None]:
    """A progress bar on stderr for large files (when stderr is a terminal)."""
    try:
        size = file.stat().st_size
    except OSError:
        size = 0
    if size < PROGRESS_FROM_BYTES or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn(f"{label} {file.name}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        transient=True,
        console=Console(stderr=True),
    ) as bar:
        task = bar.add_task(label, total=1.0)
        yield lambda fraction: bar.update(task, completed=fraction)


@command(app, "backup")
def backup_command(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where to write it (default: the backups folder)."),
    ] = None,
) -> None:
    """Copy the journal to a backup file, safely even while painlog is writing."""
    from painlog.backup import backup_journal, manual_backup_path

    with journal_for(ctx) as journal:
        destination = backup_journal(journal, output or manual_backup_path(journal))
        entries = journal["entries"].count
    typer.echo(say(Msg.BACKED_UP, entries=entries, path=destination))


@command(app, "restore")
def restore_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A backup made by 'painlog backup' (or automatic).")],
) -> None:
    """Replace the journal with a backup, after checking it; the current journal is kept."""
    from painlog.backup import check_backup, restore_journal

    checked = check_backup(file)  # before a journal is created or touched
    with journal_for(ctx, create=True) as journal:
        kept = restore_journal(journal, file)
    typer.echo(say(Msg.RESTORED, entries=checked.entries, source=file, kept=kept))


@command(app, "doctor")
def doctor_command(ctx: typer.Context) -> None:
    """Check the journal (integrity, schema, permissions, location, backups); changes nothing."""
    from painlog.db import resolve_path
    from painlog.doctor import FAIL, examine

    findings = examine(resolve_path(ctx.obj.db))
    for finding in findings:
        line = f"{finding.status.upper():4}  {finding.check}: {finding.detail}"
        typer.echo(line + (f" -> {finding.advice}" if finding.advice else ""))
    if any(finding.status == FAIL for finding in findings):
        raise typer.Exit(1)
