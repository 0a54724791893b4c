"""painlog config: the person's settings, kept in the journal."""

import json
import shutil
import textwrap
from typing import Annotated

import typer

from painlog.cli.core import JsonOption, command, journal_for, sub_app
from painlog.cli.core import commands as command_group
from painlog.errors import invalid
from painlog.messages import Msg, say, visible

commands = command_group()
config_app = sub_app(
    commands,
    "config",
    "Your settings, kept in the journal: week-start, date-order, clock, name, born, "
    "backups-kept.\n\nExample: painlog config set date-order dmy",
)


@command(config_app, "list")
def config_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Every setting with its value (or its default) and what it does.

    Example: painlog config list
    """
    from painlog.store import settings

    values = {key: settings.get(key) for key in settings.SETTINGS}
    if as_json:
        typer.echo(json.dumps(values, ensure_ascii=False))
        return

    width = max(40, shutil.get_terminal_size((80, 24)).columns - 1)
    for key, setting in settings.SETTINGS.items():
        shown = visible(str(values[key] or "(not set)"))
        source = "" if key in settings.LOADED else " (default)"
        line = f"{key:13} {shown}{source if values[key] else ''}  - {setting.meaning}"
        typer.echo(textwrap.fill(line, width, subsequent_indent=" " * 14))


@command(config_app, "get")
def config_get(key: Annotated[str, typer.Argument(help="The setting's name.")]) -> None:
    """Print one setting's value.

    Example: painlog config get week-start
    """
    from painlog.store import settings

    if key not in settings.SETTINGS:
        raise invalid("key", key, Msg.FORM_CONFIG_KEY)
    typer.echo(settings.get(key))


@command(config_app, "set")
def config_set(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(help="week-start, date-order, clock, name, born, backups-kept.")
    ],
    value: Annotated[list[str], typer.Argument(help="The new value.")],
) -> None:
    """Change a setting ('painlog undo' changes it back).

    Example: painlog config set name "Ana Silva"
    """
    from painlog.store import settings

    stored = settings.check(key, " ".join(value))  # checked before a journal is created
    with journal_for(ctx, create=True) as journal:
        settings.set_value(journal, key, stored)
    typer.echo(say(Msg.CONFIG_SET, key=key, value=stored))


@command(config_app, "unset")
def config_unset(
    ctx: typer.Context, key: Annotated[str, typer.Argument(help="The setting's name.")]
) -> None:
    """Put a setting back to its default.

    Example: painlog config unset clock
    """
    from painlog.store import settings

    with journal_for(ctx) as journal:
        settings.unset(journal, key)
    typer.echo(say(Msg.CONFIG_UNSET, key=key, value=settings.get(key) or "not set"))
