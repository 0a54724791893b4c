"""``painlog sync``: join a shared folder, exchange changes with it, or say how it stands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from painlog.cli.core import command, exchange_with_folder, journal_for
from painlog.cli.core import commands as command_group
from painlog.cli.core import note as note_line
from painlog.errors import InvalidInput
from painlog.messages import Msg, say, visible
from painlog.messages import count as count_of

if TYPE_CHECKING:
    from painlog.store.changes import Device

commands = command_group()


@command(commands, "sync")
def sync_command(
    ctx: typer.Context,
    folder: Annotated[
        str | None,
        typer.Argument(
            help="The first time on a device: the folder you keep in step between devices.",
            show_default=False,
        ),
    ] = None,
    show_status: Annotated[
        bool,
        typer.Option(
            "--status", help="Devices seen, when each last wrote, changes waiting, conflicts."
        ),
    ] = False,
    revert: Annotated[
        str | None,
        typer.Option(
            "--revert",
            help="Take back what DEVICE changed (one undoable change, sent to every device).",
            metavar="DEVICE",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="With --revert: only what DEVICE changed from then on (2026-12-01, 3 days ago).",
            metavar="WHEN",
            show_default=False,
        ),
    ] = None,
    readable_calendar: Annotated[
        bool | None,
        typer.Option(
            "--readable-calendar/--no-readable-calendar",
            help="Encrypted journal: write FOLDER/painlog.ics anyway (it is not encrypted) and "
            "keep it up to date on this device; --no-… removes it.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Keep this journal in step with your other devices through a folder you already sync
    (Syncthing, Nextcloud, Dropbox, iCloud Drive, a git work tree). The first time, give the
    folder; after that, 'painlog sync' exchanges changes. Lines in FOLDER/inbox.txt become
    entries, and FOLDER/painlog.ics holds the plan and visits for your calendar.

    Example: painlog sync ~/Sync/painlog
    """
    from painlog.sync import engine

    if since is not None and revert is None:
        raise InvalidInput(Msg.SYNC_SINCE_ALONE.value)
    if revert is not None:
        if folder is not None or show_status:
            raise InvalidInput(Msg.SYNC_REVERT_OPTIONS.value)
        _revert(ctx, revert, since)
        return
    if show_status:
        if folder is not None:
            raise InvalidInput(Msg.SYNC_STATUS_OPTIONS.value)
        with journal_for(ctx) as journal:
            state = engine.status(journal)
        from painlog.cli.views.sync import show_status as render

        render(state)
        return
    shown: Path | None
    if folder is not None:
        given = engine.folder_given(folder)
        me: Device | None
        with journal_for(ctx, create=True) as journal:
            me = engine.join(journal, given)
            typer.echo(say(Msg.SYNC_JOINED, device=me.id, folder=given))
            result = exchange_with_folder(ctx, journal, True, readable_calendar)
            encrypted = journal.passphrase is not None
        shown = given
    else:
        with journal_for(ctx) as journal:
            result = exchange_with_folder(ctx, journal, True, readable_calendar)
            encrypted = journal.passphrase is not None
            from painlog.store import changes

            me = changes.device(journal)
            shown = Path(me.folder) if me else None
    typer.echo(
        say(
            Msg.SYNC_DONE,
            folder=shown,
            written=count_of(result.written, "change"),
            applied=count_of(result.applied, "change"),
            conflicts=count_of(result.conflicts, "new conflict"),
            taken=count_of(len(result.taken), "line"),
        )
    )
    if readable_calendar and encrypted and result.calendar:
        typer.echo(say(Msg.SYNC_CALENDAR_READABLE, path=Path(str(shown)) / "painlog.ics"), err=True)
    for warning in result.warnings:
        typer.echo(note_line(visible(warning)), err=True)
    if result.refused:
        typer.echo(say(Msg.SYNC_INBOX_LEFT, count=count_of(result.refused, "line")), err=True)


def _revert(ctx: typer.Context, device: str, since: str | None) -> None:
    from painlog.journal.timeparse import parse_past_moment
    from painlog.sync import engine

    millis = 0
    if since is not None:
        millis = int(parse_past_moment(since, field="--since").timestamp() * 1000)
    with journal_for(ctx) as journal:
        done = engine.revert(journal, device, millis)
        result = exchange_with_folder(ctx, journal, read_always=True)
    kept = say(Msg.SYNC_REVERT_KEPT, count=done.kept) if done.kept else ""
    typer.echo(say(Msg.SYNC_REVERTED, device=device, rows=count_of(done.rows, "row"), kept=kept))
    for warning in result.warnings:
        typer.echo(note_line(visible(warning)), err=True)
