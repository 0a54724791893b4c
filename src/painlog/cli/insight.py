"""Commands that look back: summary, chart, calendar, and the demo that shows them."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from painlog.cli.core import (
    JsonOption,
    SinceOption,
    UntilOption,
    command,
    journal_for,
    period,
)
from painlog.cli.core import (
    commands as command_group,
)
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
        import json

        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        from painlog.cli.views.journal import print_summary

        print_summary(data)


@command(commands, "chart")
def chart_command(
    ctx: typer.Context,
    kind: Annotated[
        str | None,
        typer.Argument(
            help="pain, sleep, mood, exercise, medication or steps (default: pain and sleep)."
        ),
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
    from painlog.errors import InvalidInput
    from painlog.insight.charts import CHART_KINDS, render
    from painlog.journal.entries import parse_kind

    kinds = ["pain", "sleep"]
    if kind:
        chosen = parse_kind(kind)
        if chosen not in CHART_KINDS:
            raise InvalidInput(say(Msg.CHART_KIND, given=kind))
        kinds = [chosen]
    chosen_period = summary_period(since, until, None)
    if as_json:
        import json

        from painlog.insight.charts import daily_series

        with journal_for(ctx) as journal:
            data = daily_series(journal, kinds, chosen_period)
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    with journal_for(ctx) as journal:
        text = render(journal, kinds, chosen_period)
    if text is None:
        typer.echo(
            say(
                Msg.NOTHING_TO_CHART,
                what=" or ".join(kinds),
                since=chosen_period.since,
                until=chosen_period.until,
            )
        )
        return
    typer.echo(text)


@command(commands, "calendar")
def calendar_command(
    ctx: typer.Context,
    months: Annotated[
        int, typer.Option("--months", "-m", min=1, max=36, help="How many months to show.")
    ] = 3,
    as_json: JsonOption = False,
) -> None:
    """A month-by-month heat map of daily pain: flares and gaps at a glance.

    Example: painlog calendar --months 6
    """
    from painlog.journal.timeparse import local_now

    if as_json:
        import json
        from datetime import date as day_type

        from painlog.insight.heatmap import daily_pain_means, months_back, shown

        today = local_now().date()
        year, month = months_back(today, months)[0]
        first = day_type(year, month, 1)
        with journal_for(ctx) as journal:
            means = daily_pain_means(journal, first, today)
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
        grid = render_calendar(journal, months, local_now().date(), out.width)
    out.print(grid)


@command(commands, "demo")
def demo_command() -> None:
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
    typer.echo(say(Msg.DEMO_NEXT, path=resolve_path()))


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
