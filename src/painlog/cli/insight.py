"""Commands that look back: summary, chart, calendar, and the demo that shows them."""

import json
from datetime import date as day_type
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from painlog.cli.core import (
    JsonOption,
    SinceOption,
    UntilOption,
    command,
    fitted,
    journal_for,
    note,
    period,
)
from painlog.cli.core import (
    commands as command_group,
)
from painlog.errors import InvalidInput, invalid
from painlog.messages import Msg, count, say

commands = command_group()

if TYPE_CHECKING:
    from painlog.insight.summary import Period


WeekStartOption = Annotated[
    str | None,
    typer.Option(
        "--week-start",
        envvar="PAINLOG_WEEK_START",
        help="First day of the week (default: your week-start setting, else monday).",
        show_default=False,
    ),
]


def summary_period(since: str | None, until: str | None, week_start: str | None) -> "Period":
    from painlog.insight.summary import Period, default_period
    from painlog.journal.timeparse import local_now, parse_weekday
    from painlog.store import settings

    first_weekday = parse_weekday(week_start or settings.get("week-start"))
    first, last = period(since, until)
    default = default_period(last or local_now().date(), first_weekday)
    return Period(first or default.since, last or default.until, first_weekday)


@command(commands, "summary")
def summary_command(
    ctx: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    week_start: WeekStartOption = None,
    as_json: JsonOption = False,
) -> None:
    """Weekly summary: pain, sleep, mood, exercise, medication, therapy, the plan (default: last
    4 weeks).

    Example: painlog summary --since "8 weeks ago"
    """
    from painlog.insight.summary import summarize

    chosen = summary_period(since, until, week_start)
    with journal_for(ctx) as journal:
        data = summarize(journal, chosen)
    if as_json:
        # a fresh tree of plain values: no cycle to check for (years of weeks encode faster)
        typer.echo(json.dumps(data, ensure_ascii=False, check_circular=False))
    else:
        from painlog.cli.views.journal import print_summary

        print_summary(data)


@command(commands, "chart")
def chart_command(
    ctx: typer.Context,
    kind: Annotated[
        str | None,
        typer.Argument(
            help="pain, sleep, mood, exercise, medication, steps or symptom NAME (default: pain "
            "and sleep)."
        ),
    ] = None,
    name: Annotated[
        list[str] | None,
        typer.Argument(help="With symptom: which one, e.g. fatigue.", show_default=False),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the daily series as JSON instead.")
    ] = False,
) -> None:
    """Chart daily values in the terminal (default: pain and sleep, last 4 weeks).

    Example: painlog chart medication --since "8 weeks ago"
    """
    from painlog.insight.charts import CHART_KINDS, render
    from painlog.journal.entries import parse_kind

    kinds = ["pain", "sleep"]
    if kind:
        chosen = parse_kind(kind)
        if chosen == "symptom":
            symptom = " ".join(" ".join(name or []).split())
            if not symptom:
                raise InvalidInput(
                    say(Msg.MISSING, field="symptom name", accepted=Msg.FORM_SYMPTOM_TO_SHOW.value)
                )
            chosen = f"symptom:{symptom}"
        elif chosen not in CHART_KINDS:
            raise InvalidInput(say(Msg.CHART_KIND, given=kind))
        elif name:
            raise InvalidInput(say(Msg.CHART_KIND, given=" ".join([kind, *name])))
        kinds = [chosen]
    chosen_period = summary_period(since, until, None)
    if as_json:
        from painlog.insight.charts import daily_series

        with journal_for(ctx) as journal:
            data = daily_series(journal, kinds, chosen_period)
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    with journal_for(ctx) as journal:
        text = render(journal, kinds, chosen_period)
        from painlog.journal.names import symptom_hint

        hint = symptom_hint(journal, kinds[0]) if text is None else ""
    if text is None:
        typer.echo(
            say(
                Msg.NOTHING_TO_CHART,
                what=" or ".join(kinds),
                since=chosen_period.since,
                until=chosen_period.until,
            )
            + hint
        )
        return
    typer.echo(text)


@command(commands, "calendar")
def calendar_command(
    ctx: typer.Context,
    months: Annotated[
        int, typer.Option("--months", "-m", min=1, max=36, help="How many months to show.")
    ] = 3,
    symptom: Annotated[
        str | None,
        typer.Option("--symptom", help="A symptom's daily mean instead of pain's, e.g. fatigue."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """A month-by-month heat map of daily pain (or a symptom): flares and gaps at a glance.

    Example: painlog calendar --months 6 --symptom fatigue
    """
    if symptom is not None and not symptom.strip():
        raise invalid("--symptom", symptom, Msg.FORM_SYMPTOM_TO_SHOW)
    from painlog.journal.timeparse import local_now

    if as_json:
        from painlog.insight.heatmap import daily_pain_means, months_back, shown

        today = local_now().date()
        year, month = months_back(today, months)[0]
        first = day_type(year, month, 1)
        with journal_for(ctx) as journal:
            means = daily_pain_means(journal, first, today, symptom)
        days = [
            {"day": day, "mean": round(mean, 2), "shown": shown(mean)}
            for day, mean in sorted(means.items())
        ]
        typer.echo(
            json.dumps({"since": first.isoformat(), "until": today.isoformat(), "days": days})
        )
        return
    from painlog.cli.views.terminal import console
    from painlog.insight.heatmap import render_calendar

    out = console()
    with journal_for(ctx) as journal:
        grid = render_calendar(journal, months, local_now().date(), out.width, symptom)
        from painlog.journal.names import symptom_hint

        hint = symptom_hint(journal, f"symptom:{symptom.strip()}") if symptom else ""
    out.print(grid)
    if hint:
        typer.echo(hint.strip())


@command(commands, "demo")
def demo_command(ctx: typer.Context) -> None:
    """Build an 8-week sample journal in a temporary folder and show it (your journal is untouched).

    Example: painlog demo
    """
    from painlog.demo.story import DEMO_WEEKS, build_demo_journal
    from painlog.store.db import resolve_path

    demo = build_demo_journal()
    counts = ", ".join(f"{count} {kind}" for kind, count in demo.counts.items())
    typer.echo(
        say(
            Msg.DEMO_MADE,
            count=count(demo.entries, "entry"),
            weeks=DEMO_WEEKS,
            start=demo.first_day,
            end=demo.last_day,
            path=demo.path,
            summary=counts,
        )
    )
    show_demo(demo.path)
    typer.echo(say(Msg.DEMO_EXPLORE, path=demo.path))
    given = ctx.obj.db if ctx.obj else None
    typer.echo(say(Msg.DEMO_NEXT, path=resolve_path(given)))
    if given is not None:  # --db names the person's journal; the sample never goes there
        typer.echo(note(say(Msg.DEMO_NOT_DB, db=given)), err=True)


def show_demo(path: Path) -> None:
    """The sample journal's last four weeks: summary, then the pain and sleep chart."""
    from painlog.cli.views.journal import print_summary
    from painlog.demo.story import last_day
    from painlog.insight.charts import render
    from painlog.insight.summary import default_period, summarize
    from painlog.store.opener import open_journal

    with open_journal(path) as journal:
        chosen = default_period(last_day(journal))
        print_summary(summarize(journal, chosen))
        typer.echo(render(journal, ["pain", "sleep"], chosen) or "")


@command(commands, "patterns")
def patterns_command(
    ctx: typer.Context,
    outcome: Annotated[
        str,
        typer.Option("--outcome", help="What is compared: pain, sleep, mood or symptom:NAME."),
    ] = "pain",
    since: SinceOption = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Last day (default: the last day anything was logged)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """What went with worse and better days: every candidate (factors, exercise, therapy,
    as-needed medicines, tags, short sleep, falling pressure) compared the same day and the
    next, with the false-discovery rate held at 10% (default: the whole journal).

    Example: painlog patterns --outcome symptom:fatigue
    """
    from painlog.insight.patterns import find, parse_outcome

    chosen = parse_outcome(outcome)
    first, last = period(since, until)
    with journal_for(ctx) as journal:
        found = find(journal, chosen, first, last)
        from painlog.journal.names import symptom_hint

        hint = "" if found.outcome_days else symptom_hint(journal, chosen.label)
    data = found.as_json(exact=not as_json)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    from painlog.cli.views.patterns import lines

    if not found.outcome_days:
        typer.echo(
            say(Msg.PATTERNS_NONE_LOGGED, outcome=chosen.label, since=data["since"] or "–",
                until=data["until"] or "–") + hint
        )  # fmt: skip
        return
    for line in lines(data):
        typer.echo(fitted(line))
