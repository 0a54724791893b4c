"""painlog rename and painlog alias: one name for one thing (SPEC.md "Names")."""

import json
from typing import Annotated

import typer

from painlog.cli.core import JsonOption, command, journal_for
from painlog.cli.core import commands as command_group
from painlog.cli.core import note as note_line
from painlog.errors import InvalidInput
from painlog.messages import Msg, say
from painlog.messages import count as count_of

commands = command_group()

KindOption = Annotated[
    str | None,
    typer.Option("--kind", "-k", help="Only this kind: medication (med), exercise or therapy."),
]


@command(commands, "rename")
def rename_command(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The name as written now (any case).")],
    new: Annotated[str, typer.Argument(help="The name it should have.")],
    kind: KindOption = None,
) -> None:
    """Rename every entry and plan item named OLD to NEW, as one change ('painlog undo' takes
    it back). Aliases of OLD follow.

    Example: painlog rename duloxitine duloxetine
    """
    from painlog.journal.names import parse_named_kind, rename

    parse_named_kind(kind)  # checked before a journal is opened
    with journal_for(ctx) as journal:
        done = rename(journal, old, new, kind)
    moved = say(Msg.RENAMED_ALIASES, aliases=count_of(done.aliases, "alias", "aliases"))
    typer.echo(
        say(
            Msg.RENAMED,
            old=done.old,
            new=done.new,
            entries=count_of(done.entries, "entry"),
            plan_items=count_of(done.plan_items, "plan item"),
            aliases=moved if done.aliases else "",
        )
    )


@command(commands, "alias")
def alias_command(
    ctx: typer.Context,
    alias: Annotated[
        str | None, typer.Argument(help="The name as you write it, e.g. physio.")
    ] = None,
    name: Annotated[
        str | None, typer.Argument(help="The name it counts as, e.g. 'physical therapy'.")
    ] = None,
    kind: KindOption = None,
    remove: Annotated[
        str | None, typer.Option("--remove", metavar="ALIAS", help="End this alias.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Make entries written ALIAS count as NAME everywhere (adherence, summary, compare, the
    report); with no arguments, list the aliases; --remove ends one ('painlog undo' takes any
    of it back).

    Example: painlog alias physio "physical therapy"
    """
    from painlog.journal.names import add_alias, aliases, parse_named_kind, remove_alias

    parse_named_kind(kind)
    if remove is not None:
        if alias is not None:
            raise InvalidInput(say(Msg.INVALID, field="ALIAS", given=alias,
                                   accepted="nothing beside --remove ALIAS"))  # fmt: skip
        with journal_for(ctx) as journal:
            gone = remove_alias(journal, remove, kind)
        for each in gone:
            typer.echo(say(Msg.ALIAS_REMOVED, alias=each.alias, name=each.name, kind=each.kind))
        return
    if alias is None:
        from painlog.store.db import resolve_path

        found = []
        if resolve_path(ctx.obj.db).exists():
            with journal_for(ctx) as journal:
                found = aliases(journal, None if kind is None else parse_named_kind(kind)[0])
        if as_json:
            typer.echo(json.dumps([each.as_json() for each in found], ensure_ascii=False))
        elif not found:
            typer.echo(Msg.NO_ALIASES.value)
        else:
            for each in found:
                typer.echo(f"{each.alias} → {each.name} ({each.kind})")
        return
    if name is None:
        raise InvalidInput(Msg.ALIAS_NEEDS_NAME.value)
    with journal_for(ctx) as journal:
        from painlog.journal.names import close_known

        # With --kind the name may be one not logged yet; a close known one is likelier a typo.
        close = close_known(journal, name, parse_named_kind(kind)) if kind is not None else None
        made = add_alias(journal, alias, name, kind)
    for each in made:
        typer.echo(say(Msg.ALIAS_MADE, alias=each.alias, name=each.name, kind=each.kind))
        if each.replaced:
            typer.echo(say(Msg.ALIAS_REPLACED, alias=each.alias, name=each.replaced))
    if close:
        typer.echo(note_line(say(Msg.ALIAS_NAME_CLOSE, name=name.strip(), suggestion=close)),
                   err=True)  # fmt: skip
