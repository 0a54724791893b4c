"""painlog med NAME [--contains …]: what one unit of a medicine holds, said once (SPEC.md
"Function, mood screening and medicine safety"). The rules live in ``plan.safety``."""

import json
from typing import Annotated

import typer

from painlog.cli.core import JsonOption, command, journal_for
from painlog.cli.core import commands as command_group
from painlog.messages import Msg, say

commands = command_group()


@command(commands, "med")
def med_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The medicine, as you log it, e.g. Percocet.")],
    contains: Annotated[
        str | None,
        typer.Option(
            "--contains",
            help='What one unit (tablet, capsule, mL, patch) holds, e.g. "oxycodone 5mg, '
            'acetaminophen 325mg". Counts for every dose of NAME that does not say otherwise.',
        ),
    ] = None,
    wear: Annotated[
        str | None,
        typer.Option(
            "--wear", help="How long one patch is worn, e.g. 72h: it counts on each day it is worn."
        ),
    ] = None,
    remove: Annotated[
        bool, typer.Option("--remove", help="Take back what --contains said for NAME.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Say once what one unit of a medicine holds, or show what painlog knows about it.

    Example: painlog med Percocet --contains "oxycodone 5mg, acetaminophen 325mg"
    """
    from painlog.plan.medicines import checked_contains
    from painlog.plan.safety import forget_contains, state_contains, stated_contains

    if wear is not None:
        from painlog.plan.safety import parse_wear, state_wear

        parse_wear(wear)  # refused before a journal is opened
        if contains is not None:
            checked_contains(contains)
        with journal_for(ctx, create=True) as journal:
            shown, hours = state_wear(journal, name, wear)
            if contains is not None:
                state_contains(journal, name, contains)
        typer.echo(say(Msg.MED_WEAR_SAVED, name=shown, hours=f"{hours:g}"))
        if contains is None:
            return
    if contains is not None:
        checked_contains(contains)  # refused (exit 2) before a journal is opened or made
        with journal_for(ctx, create=True) as journal:
            shown, stored = state_contains(journal, name, contains)
        typer.echo(say(Msg.MED_CONTAINS_SAVED, name=shown, contains=stored))
        return
    from painlog.store.db import resolve_path

    exists = resolve_path(ctx.obj.db).exists()
    if remove:
        gone = False
        if exists:
            with journal_for(ctx) as journal:
                gone = forget_contains(journal, name)
        typer.echo(say(Msg.MED_CONTAINS_REMOVED if gone else Msg.MED_CONTAINS_NONE, name=name))
        return
    stated = None
    if exists:
        with journal_for(ctx) as journal:
            stated = stated_contains(journal, name)
    if as_json:
        from painlog.plan.safety import table_facts

        typer.echo(json.dumps({"name": name, "contains": stated, **table_facts(name)}))
        return
    typer.echo(med_line(name, stated))


def med_line(name: str, stated: str | None) -> str:
    from painlog.plan.safety import table_facts

    if stated:
        return say(Msg.MED_CONTAINS_SHOWN, name=name, contains=stated)
    facts = table_facts(name)
    if facts["table"] and facts["table_contains"]:
        return say(Msg.MED_CONTAINS_TABLE, name=name, contains=facts["table_contains"],
                   source=facts["source"] or "painlog's medicine table")  # fmt: skip
    if facts["table"]:
        return say(Msg.MED_CONTAINS_TABLE_UNKNOWN, name=name, ingredients=facts["ingredients"],
                   source=facts["source"] or "painlog's medicine table")  # fmt: skip
    return say(Msg.MED_CONTAINS_NONE, name=name)
