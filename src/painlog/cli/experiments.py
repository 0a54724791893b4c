"""The personal-experiment command: try (start one, see this block, read the result)."""

import json
from typing import TYPE_CHECKING, Annotated

import typer

from painlog.cli.core import JsonOption, command, journal_for
from painlog.cli.core import commands as command_group
from painlog.errors import InvalidInput
from painlog.messages import Msg, count, say

if TYPE_CHECKING:
    from painlog.plan.experiment import Result
    from painlog.plan.trial import Experiment

commands = command_group()


@command(commands, "try")
def try_command(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[NAME]",
            help="What you do or not: an exercise, a therapy, or a habit you tag NAME.",
        ),
    ] = None,
    weeks: Annotated[
        int | None, typer.Option("--weeks", help="How long, in weeks (blocks come in pairs).")
    ] = None,
    block_days: Annotated[int, typer.Option("--block-days", help="Days in each block.")] = 7,
    outcome: Annotated[
        str,
        typer.Option("--outcome", help="What is compared: pain, peg, sleep, mood or symptom:NAME."),
    ] = "pain",
    start: Annotated[
        str | None,
        typer.Option(
            "--from", help="First day (default today; past or future).", show_default=False
        ),
    ] = None,
    show_result: Annotated[
        bool, typer.Option("--result", help="ON and OFF means, the difference and its p-value.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """A personal experiment: randomised ON/OFF blocks in pairs, the outcome fixed at the start.

    Without --weeks, shows the experiment running (this block ON or OFF); --result reads it.

    Example: painlog try yoga --weeks 6 --outcome pain
    """
    from painlog.journal.timeparse import local_now, parse_any_day
    from painlog.plan.experiment import experiment_json
    from painlog.plan.trial import (
        add_experiment,
        current_or_latest,
        experiment_result,
        new_experiment,
        parse_outcome,
    )
    from painlog.store.db import resolve_path

    name = " ".join(words or []).strip() or None
    today = local_now().date()
    experiment: Experiment | None
    if weeks is not None:
        if show_result:
            raise InvalidInput(say(Msg.INVALID, field="--result", given="with --weeks",
                                   accepted="--weeks to start, --result to read"))  # fmt: skip
        if name is None:
            raise InvalidInput(say(Msg.MISSING, field="NAME", accepted=Msg.FORM_NAME.value))
        first = parse_any_day(start, local_now(), "--from") if start else today
        experiment = new_experiment(name, weeks, block_days, outcome, first)
        with journal_for(ctx, create=True) as journal:
            add_experiment(journal, experiment)
        schedule = experiment.schedule
        if as_json:
            typer.echo(json.dumps(experiment_json(experiment.name, experiment.outcome, schedule,
                                                  None)))  # fmt: skip
            return
        typer.echo(
            say(
                Msg.TRY_STARTED, name=experiment.name, blocks=len(schedule.blocks),
                block_days=count(block_days, "day"), since=schedule.start, until=schedule.end,
                outcome=experiment.outcome, seed=experiment.seed,
                first="ON" if schedule.blocks[0].on else "OFF",
            )
        )  # fmt: skip
        return
    for given, flag in ((start, "--from"), (block_days != 7 or None, "--block-days")):
        if given:
            raise InvalidInput(say(Msg.INVALID, field=flag, given=given, accepted="with --weeks"))
    parse_outcome(outcome)
    if not resolve_path(ctx.obj.db).exists():
        if name is not None:
            raise InvalidInput(say(Msg.TRY_UNKNOWN, given=name, known=say(Msg.TRY_NONE_YET)))
        typer.echo("null" if as_json else Msg.TRY_NONE.value)
        return
    with journal_for(ctx) as journal:
        experiment = current_or_latest(journal, today, name)
        if experiment is None:
            typer.echo("null" if as_json else Msg.TRY_NONE.value)
            return
        found = experiment_result(journal, experiment, today)
        from painlog.plan.trial import block_line

        line = block_line(journal, today)
    schedule = experiment.schedule
    data = experiment_json(experiment.name, experiment.outcome, schedule, found)
    if as_json:
        typer.echo(json.dumps(data))
        return
    if not show_result:
        typer.echo(
            line or f"{experiment.name}: {schedule.start} to {schedule.end}, not running today"
        )
        for block in schedule.blocks:
            mark = " ←" if block.since <= today <= block.until else ""
            typer.echo(f"  block {block.number} (pair {block.pair}) {block.since} to "
                       f"{block.until}: {'ON' if block.on else 'OFF'}{mark}")  # fmt: skip
        return
    for text in result_lines(experiment.name, experiment.outcome, found):
        typer.echo(text)


def result_lines(name: str, outcome: str, found: "Result | None") -> list[str]:
    """The result in words (also the report's two lines)."""
    if found is None:
        return [say(Msg.TRY_NO_RESULT, outcome=outcome)]
    ci = "–" if found.ci95 is None else f"{found.ci95[0]:g} to {found.ci95[1]:g}"
    lines = [
        say(
            Msg.TRY_RESULT, name=name, outcome=outcome, pairs=count(found.pairs, "complete pair"),
            on_mean=f"{found.on_mean:g}", off_mean=f"{found.off_mean:g}",
            difference=f"{found.mean_difference:+g}", ci=ci, p=f"{found.p_value:.3g}",
            kept=f"{found.kept_percent:g}",
        )
    ]  # fmt: skip
    lines.append(
        say(
            Msg.TRY_SMALLEST_P,
            pairs=found.pairs,
            counted=count(found.pairs, "pair"),
            smallest=f"{found.smallest_p:.3g}",
        )
    )
    lines.append(Msg.TRY_TOO_LITTLE.value if found.too_little_data else Msg.TRY_DESCRIBES.value)
    return lines
