"""Commands for the care plan: plan (add, change, stop, show), due, compare, pgic."""

import functools
import inspect
import json
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal, overload

import typer

from painlog.cli import words as suggest
from painlog.cli.answers import ask_until_valid, stopped_with_130
from painlog.cli.core import (
    AtOption,
    JsonOption,
    NoteOption,
    command,
    fitted,
    journal_for,
    refuse_stray_options,
    refuse_to_prompt,
    reports_errors,
    sub_app,
    wrapped,
)
from painlog.cli.core import (
    commands as command_group,
)
from painlog.errors import InvalidInput, invalid
from painlog.messages import Msg, say, visible

if TYPE_CHECKING:
    from painlog.plan.model import Options

commands = command_group()

plan_app = sub_app(
    commands,
    "plan",
    "The care plan: what your care team asked for (medicines on a schedule or as needed, "
    "home exercise, therapy). Without a subcommand, shows the plan in force."
    "\n\nExample: painlog plan add med gabapentin 300mg --times 08:00,20:00",
    invoke_without_command=True,
    no_args_is_help=False,
)

FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="First day it holds (default today; past or future: 2026-12-01, next monday).",
        show_default=False,
    ),
]
TimesOption = Annotated[
    str | None,
    typer.Option("--times", help="Scheduled times of day, e.g. 08:00,20:00.", show_default=False),
]
AsNeededOption = Annotated[
    bool, typer.Option("--as-needed", help="Taken as needed (PRN), not on a schedule.")
]
MaxDailyOption = Annotated[
    str | None,
    typer.Option("--max-daily", help="Your daily limit for an as-needed medicine, e.g. 1200mg."),
]
MinIntervalOption = Annotated[
    str | None,
    typer.Option("--min-interval", help="Least time between as-needed doses, e.g. 6h."),
]
PerWeekOption = Annotated[
    str | None, typer.Option("--per-week", help="Sessions a week (exercise, therapy), e.g. 5.")
]
MinutesOption = Annotated[
    str | None,
    typer.Option("--minutes", help="Only sessions at least this long count, e.g. 20."),
]
ContainsOption = Annotated[
    str | None,
    typer.Option(
        "--contains",
        help="What one unit holds, for a combination product or a strength painlog cannot "
        'know: "oxycodone 5mg, acetaminophen 325mg".',
        show_default=False,
    ),
]
WearOption = Annotated[
    str | None,
    typer.Option(
        "--wear",
        help="How long one patch is worn, e.g. 72h: each patch counts on the days it is worn.",
        show_default=False,
    ),
]
ByOption = Annotated[
    str | None, typer.Option("--by", help='Who asked for it, e.g. "Dr. Rao".', show_default=False)
]


def _day(text: str | None, field: str) -> date:
    from painlog.journal.timeparse import local_now, parse_any_day

    return parse_any_day(text, local_now(), field) if text else local_now().date()


@plan_app.callback()
def plan_show(
    ctx: typer.Context,
    on: Annotated[
        str | None, typer.Option("--on", help="Show the plan in force that day (default today).")
    ] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Every start, change and stop, oldest first.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Show the plan in force today (or --on DATE), or its whole --history.

    Example: painlog plan add med gabapentin 300mg --times 08:00,20:00 --by "Dr. Rao"
    """
    if ctx.invoked_subcommand is not None:
        return

    reports_errors(_show)(ctx, on, history, as_json)


def _show(ctx: typer.Context, on: str | None, history: bool, as_json: bool) -> None:
    from painlog.plan.model import in_force, load
    from painlog.store.db import resolve_path

    day = _day(on, "--on")
    versions = []
    if resolve_path(ctx.obj.db).exists():
        with journal_for(ctx) as journal:
            versions = load(journal)
    if history:
        if as_json:
            typer.echo(json.dumps({"history": [v.as_json() for v in versions]}, indent=2))
            return
        from painlog.cli.views.plan import print_plan_history

        print_plan_history(versions)
        return
    spans = in_force(versions, day)
    if as_json:
        items = [{**span.version.as_json(), "since": span.start.isoformat()} for span in spans]
        typer.echo(json.dumps({"on": day.isoformat(), "items": items}, indent=2))
        return
    if not spans:
        typer.echo(say(Msg.PLAN_EMPTY, day=day))
        return
    from painlog.cli.views.plan import print_plan

    print_plan(spans, day)


# The options plan add and plan change share, in the order --help lists them.
ITEM_OPTIONS = {
    "times": (TimesOption, None),
    "as_needed": (AsNeededOption, False),
    "max_daily": (MaxDailyOption, None),
    "min_interval": (MinIntervalOption, None),
    "contains": (ContainsOption, None),
    "wear": (WearOption, None),
    "per_week": (PerWeekOption, None),
    "minutes": (MinutesOption, None),
    "start": (FromOption, None),
    "by": (ByOption, None),
    "note": (NoteOption, None),
}


def _state_wear(ctx: typer.Context, wear: str) -> None:
    """--wear on a plan item: how long one patch of it is worn (kept per medicine, as
    ``painlog med NAME --wear`` keeps it)."""
    from painlog.plan.safety import state_wear_of_newest_item

    with journal_for(ctx) as journal:
        stated = state_wear_of_newest_item(journal, wear)
    if stated is None:
        return
    shown, hours = stated
    typer.echo(say(Msg.MED_WEAR_SAVED, name=shown, hours=f"{hours:g}"))


def with_item_options(function: Callable[..., None]) -> Callable[..., None]:
    """Give a command the options of ``ITEM_OPTIONS`` and hand them over as one ``Options``
    (``options=``) and the parsed first day (``start=``): typer needs each option declared,
    but the two commands need not each list and gather them."""
    signature = inspect.signature(function)
    own = [p for p in signature.parameters.values() if p.name not in {"options", "start"}]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hint)
        for name, (hint, default) in ITEM_OPTIONS.items()
    ]

    @functools.wraps(function)
    def gathered(*args: Any, **kwargs: Any) -> None:
        from painlog.plan.model import Options

        given = {name: kwargs.pop(name) for name in ITEM_OPTIONS}
        start = _day(given.pop("start"), "--from")
        given["as_needed"] = given["as_needed"] or None
        wear = given.pop("wear")
        if wear is not None:
            from painlog.plan.safety import parse_wear

            parse_wear(wear)  # refused (exit 2) before anything is saved
        function(*args, options=Options(**given), start=start, **kwargs)
        if wear is not None:
            _state_wear(kwargs.get("ctx") or args[0], wear)

    gathered.__signature__ = signature.replace(parameters=[*own, *added])  # type: ignore[attr-defined]
    gathered.__annotations__ = {
        **{p.name: p.annotation for p in own},
        **{name: hint for name, (hint, _) in ITEM_OPTIONS.items()},
    }
    return gathered


@command(plan_app, "add")
@with_item_options
def plan_add(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="med, exercise or therapy.")],
    words: Annotated[
        list[str],
        typer.Argument(
            help='Name, and for a medicine its dose: gabapentin 300mg, "home exercises".'
        ),
    ],
    options: "Options",
    start: date,
) -> None:
    """Add an item to the plan: a scheduled or as-needed medicine, home exercise or therapy.

    Example: painlog plan add med ibuprofen 400mg --as-needed --max-daily 1200mg --min-interval 6h
    """
    from painlog.plan.model import add_item, new_item

    refuse_stray_options(words, "plan add")
    version = new_item(kind, words, start, options)
    with journal_for(ctx, create=True) as journal:
        add_item(journal, version)
    typer.echo(say(Msg.PLAN_ADDED, day=version.day, description=version.describe()))


@command(plan_app, "change")
@with_item_options
def plan_change(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            help="The item's name, then optionally a new dose: gabapentin 600mg.",
            autocompletion=suggest.plan_items,
        ),
    ],
    options: "Options",
    start: date,
) -> None:
    """Change an item from a date on; the old version stays in the history.

    Example: painlog plan change gabapentin 600mg --from 2026-11-01 --by "Dr. Rao"
    """
    from painlog.plan.model import change_item, load, split_item_words

    refuse_stray_options(words, "plan change")
    with journal_for(ctx) as journal:
        name, rest = split_item_words(load(journal), words)
        old, new = change_item(journal, name, rest, start, options)
    typer.echo(say(Msg.PLAN_CHANGED, day=new.day, old=old.describe(), new=new.describe()))


@command(plan_app, "stop")
def plan_stop(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(help="The item's name.", autocompletion=suggest.plan_items)
    ],
    on: Annotated[
        str | None,
        typer.Option(
            "--on", help="First day it no longer holds (default today).", show_default=False
        ),
    ] = None,
) -> None:
    """Stop an item from a date on (it stays in the history).

    Example: painlog plan stop ibuprofen --on 2026-12-01
    """
    from painlog.plan.model import stop_item

    day = _day(on, "--on")
    with journal_for(ctx) as journal:
        version = stop_item(journal, " ".join(words), day)
    typer.echo(say(Msg.PLAN_STOPPED_OK, name=version.name, day=version.day))


@command(commands, "due")
def due_command(
    ctx: typer.Context,
    short: Annotated[bool, typer.Option("--short", help="One line, for a shell prompt.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Today against your plan: doses taken, missed and to come; room left under your limits.

    Example: painlog due --short
    """
    from painlog.journal.timeparse import local_now
    from painlog.plan.due import due, due_lines, short_line
    from painlog.store.db import resolve_path

    now = local_now()
    if not resolve_path(ctx.obj.db).exists():
        data: dict = {"day": now.date().isoformat(), "scheduled": {}, "as_needed": {}}
        data.update(exercise={}, therapy={})
    else:
        from painlog.journal.timeparse import parse_weekday
        from painlog.store import settings

        with journal_for(ctx) as journal:
            data = due(journal, now, parse_weekday(settings.get("week-start")))
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
    elif short:
        typer.echo(visible(short_line(data)))  # item names as typed
    else:
        for line in due_lines(data):  # wrapped at a terminal, one line each to a script
            typer.echo(visible(fitted(line)))


@command(commands, "compare")
def compare_command(
    ctx: typer.Context,
    at: Annotated[
        str,
        typer.Option(
            "--at",
            help="A date, or a plan item's name (its latest start or change).",
            show_default=False,
        ),
    ],
    days: Annotated[
        int, typer.Option("--days", help="Days in each window (a 3-6-monthly review: 90).")
    ] = 28,
    as_json: JsonOption = False,
) -> None:
    """Before and after a date or a plan change: pain, PEG, sleep, mood, exercise, as-needed use.

    Example: painlog compare --at gabapentin --days 90
    """
    from painlog.journal.timeparse import local_now, parse_day
    from painlog.plan.compare import change_date, compare
    from painlog.plan.model import load

    if not 7 <= days <= 365:
        raise invalid("--days", days, Msg.FORM_DAYS)
    today = local_now().date()
    with journal_for(ctx) as journal:
        found = change_date(load(journal), at)
        if found:
            day, version = found
        else:
            try:
                day, version = parse_day(at, local_now(), "--at"), None
            except InvalidInput:
                raise invalid("--at", at, Msg.FORM_COMPARE_AT) from None
        if day > today:
            raise InvalidInput(say(Msg.COMPARE_FUTURE, day=day))
        data = compare(journal, day, today, days)
    if version is not None:
        data["item"] = {
            "name": version.name,
            "version": version.describe(),
            "action": version.action,
        }
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        from painlog.cli.views.plan import print_compare

        print_compare(data)


@command(commands, "pgic")
def pgic_command(
    ctx: typer.Context,
    value: Annotated[
        str | None,
        typer.Argument(help="1 very much improved … 4 no change … 7 very much worse."),
    ] = None,
    at: AtOption = None,
) -> None:
    """Since your last visit, how has your condition changed? (PGIC, 1-7; asks if not given)

    Example: painlog pgic 3
    """
    from painlog.clinic.pgic import LABELS, QUESTION, add_pgic, make_pgic
    from painlog.journal.timeparse import local_now, parse_past_moment

    now = local_now()
    moment = parse_past_moment(at, now) if at else now
    if value is None:
        refuse_to_prompt(ctx, "pgic", "give the answer, e.g. 'painlog pgic 3'")
        with stopped_with_130(Msg.PGIC_ABORTED):
            value = ask_pgic(QUESTION, LABELS)
    answer = make_pgic(value, moment, now)
    with journal_for(ctx, create=True) as journal:
        add_pgic(journal, [answer])
    typer.echo(say(Msg.PGIC_ADDED, value=answer.value, label=answer.label, id=answer.id[:8]))


@overload
def ask_pgic(question: str, labels: dict[int, str], allow_skip: Literal[False] = False) -> str: ...
@overload
def ask_pgic(question: str, labels: dict[int, str], allow_skip: bool) -> str | None: ...
def ask_pgic(question: str, labels: dict[int, str], allow_skip: bool = False) -> str | None:
    """Prompt until a valid answer (or Enter, where skipping is allowed)."""
    from painlog.clinic.pgic import parse_pgic

    typer.echo(wrapped(question))
    for number, label in labels.items():
        typer.echo(f"  {number} {label}")

    def read(given: str) -> str:
        parse_pgic(given)
        return given

    return ask_until_valid("Your answer (1-7)", read, "" if allow_skip else None, allow_skip)
