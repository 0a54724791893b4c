"""Commands for function and mood: goal (PSFS goals and their ratings) and screen (PHQ-4)."""

import json
from typing import Annotated

import typer

from painlog.cli.answers import ask_until_valid, stopped_with_130
from painlog.cli.core import (
    AtOption,
    JsonOption,
    command,
    fitted,
    journal_for,
    refuse_to_prompt,
    reports_errors,
    sub_app,
    wrapped,
)
from painlog.cli.core import commands as command_group
from painlog.errors import InvalidInput
from painlog.messages import Msg, psfs_change, say, visible

commands = command_group()

goal_app = sub_app(
    commands,
    "goal",
    "Your goals: activities you want to be able to do again, rated 0 (unable) to 10 (as before "
    "the problem); the Patient-Specific Functional Scale. Without a subcommand, lists them."
    '\n\nExample: painlog goal add "walk to the park and back" --rating 3',
    invoke_without_command=True,
    no_args_is_help=False,
)


@goal_app.callback()
def goal_show(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List your goals with their first and latest ratings and the change.

    Example: painlog goal --json
    """
    if ctx.invoked_subcommand is not None:
        return
    reports_errors(_show_goals)(ctx, as_json)


def _show_goals(ctx: typer.Context, as_json: bool) -> None:
    from painlog.clinic.goals import goals_summary
    from painlog.store.db import resolve_path

    data: dict = {"goals": [], "score": {"first": None, "latest": None, "change": None,
                                        "important_change": None}}  # fmt: skip
    if resolve_path(ctx.obj.db).exists():
        with journal_for(ctx) as journal:
            data = goals_summary(journal)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    if not data["goals"]:
        typer.echo(Msg.GOAL_NONE.value)
        return
    for line in goal_lines(data):
        typer.echo(line)


def goal_lines(data: dict) -> list[str]:
    """``walk to the park and back: 3 (2026-11-02) → 6 (2026-11-30), +3`` per goal, then the
    score (mean of the goals rated) and whether it changed by 2 points or more."""
    lines = []
    for goal in data["goals"]:
        done = f" (done {goal['done']})" if goal["done"] else ""
        name = visible(goal["name"])
        if goal["first"] is None:
            lines.append(f"  {name}{done}: not rated yet")
            continue
        first, latest = goal["first"], goal["latest"]
        lines.append(
            f"  {name}{done}: {first['value']:g} ({first['day']}) → "
            f"{latest['value']:g} ({latest['day']}), {goal['change']:+g}"
        )
    score = data["score"]
    if score["first"] is not None:
        verdict = psfs_change(score["important_change"], named=True)
        lines.append(
            f"Goal score (mean of goals rated): {score['first']:g} → {score['latest']:g}, "
            f"{score['change']:+g}: {verdict}."
        )
    return lines


@command(goal_app, "add")
def goal_add(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(help='The activity: "walk to the park and back".')],
    rating: Annotated[
        str | None,
        typer.Option("--rating", help="How able you are now, 0 (unable) to 10 (as before)."),
    ] = None,
) -> None:
    """Add a goal (at most 5 in force), optionally with how able you are now.

    Example: painlog goal add "walk to the park and back" --rating 3
    """
    from painlog.clinic.goals import add_goal

    with journal_for(ctx, create=True) as journal:
        goal, first = add_goal(journal, " ".join(words), rating)
    rated = f", rated {first.value:g}/10" if first else ""
    typer.echo(say(Msg.GOAL_ADDED, name=goal.name, rating=rated, id=goal.id[:8]))


@command(goal_app, "rate")
def goal_rate(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(help="A goal and its rating (walk 5); nothing: asks for each goal."),
    ] = None,
    at: AtOption = None,
) -> None:
    """Rate your goals now: 0 unable … 10 as before the problem (asks each without NAME N).

    Example: painlog goal rate walk 5
    """
    from painlog.clinic.goals import find_goal, list_goals, parse_rating, rate_goals, week_mean
    from painlog.journal.timeparse import local_now, parse_past_moment

    now = local_now()
    moment = parse_past_moment(at, now) if at else now
    words = words or []
    with journal_for(ctx) as journal:
        if words:
            if len(words) < 2:
                raise InvalidInput(Msg.GOAL_NAME_AND_RATING.value)
            value = parse_rating(words[-1])
            answers = [(find_goal(journal, " ".join(words[:-1])), value)]
        else:
            goals = list_goals(journal, include_done=False)
            if not goals:
                raise InvalidInput(say(Msg.GOAL_UNKNOWN, given="", known=say(Msg.GOAL_NONE_YET)))
            refuse_to_prompt(
                ctx, "goal rate", "give a goal and its rating: painlog goal rate NAME N"
            )
            with stopped_with_130(Msg.GOAL_ABORTED):
                answers = ask_goal_ratings(goals)
        if not answers:
            typer.echo(Msg.GOAL_NOTHING_RATED.value)
            return
        rate_goals(journal, answers, moment)
        day = moment.date()
        score = week_mean(journal, day, day)
    text = "; ".join(f"{goal.name} {value:g}/10" for goal, value in answers)
    typer.echo(
        fitted(say(Msg.GOAL_RATED, ratings=text, score=f"{score:g}" if score is not None else "–"))
    )


def ask_goal_ratings(goals: list) -> list:
    """Ask each goal in turn; Enter skips one. Re-asks after a bad answer."""
    from painlog.clinic.goals import QUESTION, parse_rating

    answers = []
    for goal in goals:
        value = ask_until_valid(
            wrapped(QUESTION.format(name=visible(goal.name))), parse_rating, skip=True
        )
        if value is not None:
            answers.append((goal, value))
    return answers


@command(goal_app, "done")
def goal_done_command(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(help="The goal (its name or the start of it).")],
) -> None:
    """Mark a goal met or set aside; it stays in the history.

    Example: painlog goal done walk
    """
    from painlog.clinic.goals import goal_done

    with journal_for(ctx) as journal:
        goal = goal_done(journal, " ".join(words))
    typer.echo(say(Msg.GOAL_DONE, name=goal.name))


@command(commands, "screen")
def screen_command(
    ctx: typer.Context,
    answers: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[A B C D]",
            help="The four PHQ-4 answers in order, 0-3 each (asks when not given).",
        ),
    ] = None,
    at: AtOption = None,
    history: Annotated[
        bool, typer.Option("--history", help="List past screens, oldest first.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """PHQ-4: GAD-2 and PHQ-2 over the last 2 weeks, 0 not at all … 3 nearly every day; the
    total 0-12 and its band (Kroenke 2009). --history lists past screens.

    A: Feeling nervous, anxious or on edge; B: Not being able to stop or control worrying;
    C: Little interest or pleasure in doing things; D: Feeling down, depressed or hopeless.

    Example: painlog screen 1 0 2 1
    """
    from painlog.clinic.screen import add_screen, make_screen, saved_line
    from painlog.journal.timeparse import local_now, parse_past_moment

    if history:
        if answers:
            raise InvalidInput(say(Msg.INVALID, field="A B C D", given=" ".join(answers),
                                   accepted="nothing beside --history"))  # fmt: skip
        _screen_history(ctx, as_json)
        return

    now = local_now()
    moment = parse_past_moment(at, now) if at else now
    given: list[str | int] = list(answers or [])
    if not given:
        refuse_to_prompt(ctx, "screen", "give the four answers, e.g. 'painlog screen 1 0 2 1'")
        with stopped_with_130(Msg.SCREEN_ABORTED):
            asked = ask_screen_items(allow_skip=False)
        given = list(asked or [])
    screen = make_screen(given, moment, now)
    with journal_for(ctx, create=True) as journal:
        add_screen(journal, screen)
    if as_json:
        typer.echo(json.dumps(screen.as_json()))
        return
    typer.echo(fitted(saved_line(screen)))


def _screen_history(ctx: typer.Context, as_json: bool) -> None:
    from painlog.clinic.screen import screens_between
    from painlog.store.db import resolve_path

    found = []
    if resolve_path(ctx.obj.db).exists():  # a read never makes a journal
        with journal_for(ctx) as journal:
            found = screens_between(journal)
    if as_json:
        typer.echo(json.dumps({"screens": [screen.as_json() for screen in found]}))
        return
    if not found:
        typer.echo(Msg.SCREEN_HISTORY_NONE.value)
        return
    for screen in found:
        typer.echo(say(Msg.SCREEN_HISTORY_LINE, day=screen.day, gad2=screen.gad2,
                       phq2=screen.phq2, total=screen.total, band=screen.band))  # fmt: skip
    typer.echo(wrapped(say(Msg.PHQ4_BANDS) + " " + Msg.SCREEN_CUT_OFF.value))


def ask_screen_items(allow_skip: bool = False) -> list[int] | None:
    """The stem, the answers, then each item; with ``allow_skip`` Enter skips the screen."""
    from painlog.clinic.screen import ANSWERS, ITEMS, STEM, parse_item

    typer.echo(wrapped(STEM))
    typer.echo("  " + ", ".join(f"{number} {label}" for number, label in ANSWERS.items()))
    found = []
    for key, text in ITEMS:

        def read(given: str, label: str = key.upper()) -> int:
            return parse_item(given, label)

        default = "" if allow_skip else None
        item = ask_until_valid(f"{key.upper()}. {text}", read, default, skip=allow_skip)
        if item is None:
            return None
        found.append(item)
    return found
