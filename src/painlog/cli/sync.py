"""``painlog sync``: join a shared folder, exchange changes with it, or say how it stands."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Annotated, Any

import typer

from painlog.cli.core import command, journal_for
from painlog.cli.core import commands as command_group
from painlog.messages import Msg, say
from painlog.messages import count as count_of

commands = command_group()


def inbox_reader(db: Path | None) -> Any:
    """Read an inbox line with the ``add`` command itself (its parsers and checks), in this
    process: the entry it would save, or its one-line refusal as a PainlogError."""
    from painlog.cli.core import Settings, _built
    from painlog.errors import InvalidInput

    def read(words: list[str], at: str | None) -> Any:
        collected: list[Any] = []
        settings = Settings(db=db, no_input=True, collect=collected)
        said = io.StringIO()
        arguments = [*words, *(["--at", at] if at else [])]
        with redirect_stderr(said), redirect_stdout(io.StringIO()):
            try:
                _built("add").main(
                    args=arguments, prog_name="painlog add", obj=settings, standalone_mode=False
                )
            except Exception as error:  # click's own refusals when not standalone
                said.write(f"Error: {getattr(error, 'message', error)}\n")
        if collected:
            return collected[0]
        lines = [line for line in said.getvalue().splitlines() if line.strip()]
        why = lines[-1] if lines else "not an entry painlog add can read"
        raise InvalidInput(why.removeprefix("Error: "))

    return read


def _exchange(ctx: typer.Context, journal: Any, read_always: bool) -> Any:
    from painlog.store import changes
    from painlog.sync import engine, inbox

    inbox.READER[:] = [inbox_reader(ctx.obj.db)]
    result = engine.exchange(journal, read_always=read_always)
    changes.WROTE.clear()  # this was the exchange: nothing more to do after the command
    return result


def exchange_quietly(ctx: typer.Context) -> None:
    """The exchange after a command that wrote (``config set sync auto``): cheap, and a
    failure never undoes what the command saved."""
    from painlog.errors import PainlogError

    try:
        with journal_for(ctx) as journal:
            _exchange(ctx, journal, read_always=False)
    except PainlogError as error:
        typer.echo(say(Msg.SYNC_AUTO_FAILED, reason=error.message), err=True)


@command(commands, "sync")
def sync_command(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
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
) -> None:
    """Keep this journal in step with your other devices through a folder you already sync
    (Syncthing, Nextcloud, Dropbox, iCloud Drive, a git work tree). The first time, give the
    folder; after that, 'painlog sync' exchanges changes. Lines in FOLDER/inbox.txt become
    entries, and FOLDER/painlog.ics holds the plan and visits for your calendar.

    Example: painlog sync ~/Sync/painlog
    """
    from painlog.errors import InvalidInput
    from painlog.sync import engine

    if show_status:
        if folder is not None:
            raise InvalidInput(Msg.SYNC_STATUS_OPTIONS.value)
        with journal_for(ctx) as journal:
            state = engine.status(journal)
        from painlog.cli.views.sync import show_status as render

        render(state)
        return
    if folder is not None:
        folder = folder.expanduser().absolute()
        if folder.exists() and not folder.is_dir():
            raise InvalidInput(
                say(Msg.INVALID, field="FOLDER", given=folder, accepted=Msg.FORM_SYNC_FOLDER)
            )
        with journal_for(ctx, create=True) as journal:
            me = engine.join(journal, folder)
            typer.echo(say(Msg.SYNC_JOINED, device=me.id, folder=folder))
            result = _exchange(ctx, journal, read_always=True)
    else:
        with journal_for(ctx) as journal:
            result = _exchange(ctx, journal, read_always=True)
            from painlog.store import changes

            me = changes.device(journal)
            folder = Path(me.folder) if me else None
    typer.echo(
        say(
            Msg.SYNC_DONE,
            folder=folder,
            written=count_of(result.written, "change"),
            applied=count_of(result.applied, "change"),
            conflicts=count_of(result.conflicts, "new conflict"),
            taken=count_of(len(result.taken), "line"),
        )
    )
    if result.refused:
        typer.echo(say(Msg.SYNC_INBOX_LEFT, count=count_of(result.refused, "line")), err=True)
