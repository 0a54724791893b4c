"""Rich renderings for the terminal. Imported only by commands that print tables."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from painlog.cli.views.terminal import console, short_date
from painlog.journal.entries import Entry, format_number, unit_for


def shown_time(at: str) -> str:
    """``2026-11-23 21:00``, or ``2026-11-23 9:00 PM`` with the 12h clock setting."""
    from painlog.store import settings

    if settings.get("clock") == "12h":
        hour, minute = int(at[11:13]), at[14:16]
        return f"{at[:10]} {(hour % 12) or 12}:{minute} {'PM' if hour >= 12 else 'AM'}"
    return at[:16].replace("T", " ")


def print_entries(entries: Sequence[Entry]) -> None:
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("when", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("what")
    table.add_column("note / tags", overflow="fold")
    for entry in entries:
        extra = [entry.note or ""] if entry.kind not in ("note", "side-effect") else []
        extra += [f"#{tag}" for tag in entry.tags]
        if entry.trigger:
            extra.append("worse: " + ", ".join(entry.trigger))
        if entry.relief:
            extra.append("helped: " + ", ".join(entry.relief))
        table.add_row(
            entry.short_id,
            shown_time(entry.at),
            entry.kind,
            entry.what() if entry.kind != "note" else (entry.note or ""),
            " ".join(part for part in extra if part),
        )
    console().print(table)


# --- summary ----------------------------------------------------------------------------------

ARROWS = {1: "↑", -1: "↓", 0: "→"}


def _number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def trend(current: float | None, previous: float | None, higher_is_better: bool) -> Text:
    """``5.2 ↓0.4`` coloured so that better reads green and worse red, whatever the direction."""
    text = Text(_number(current))
    if current is None or previous is None:
        return text
    delta = round(current - previous, 1)
    direction = (delta > 0) - (delta < 0)
    better = direction == (1 if higher_is_better else -1)
    style = "dim" if direction == 0 else ("green" if better else "red")
    text.append(f" {ARROWS[direction]}{abs(delta):.1f}", style=style)
    return text


def _steps(steps: dict) -> str:
    """Mean steps a day, rounded half up as every number shown."""
    if not steps["days"]:
        return "–"
    from decimal import ROUND_HALF_UP, Decimal

    return f"{int(Decimal(str(steps['mean'])).quantize(Decimal(1), ROUND_HALF_UP)):,}"


def print_summary(data: dict) -> None:
    from painlog.insight.summary import from_first_logged

    # Weeks before the journal's first entry are left out here (summary --json keeps them).
    weeks = from_first_logged(data["weeks"]) or data["weeks"]
    # Steps (from a phone or watch) get a column only in a journal that has them.
    show_steps = any(week.get("steps", {}).get("days") for week in weeks)
    table = Table(
        title=f"Weekly summary, {data['since']} to {data['until']}",
        box=box.SIMPLE_HEAD,
        header_style="bold",
        padding=(0, 1),
        collapse_padding=True,
        pad_edge=False,
    )
    for header, justify in (
        ("Week", "left"),
        ("Pain", "left"),
        ("hi/lo", "center"),
        ("days", "center"),
        ("Sleep h", "left"),
        ("qual", "right"),
        ("Mood", "left"),
        ("Exercise", "right"),
        ("Ther", "right"),
        *((("Steps", "right"),) if show_steps else ()),
    ):
        table.add_column(header, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    previous: dict = {"pain": {}, "sleep": {}, "mood": {}}
    for week in weeks:
        pain, sleep, mood, exercise = week["pain"], week["sleep"], week["mood"], week["exercise"]
        table.add_row(
            short_date(week["week_start"]),
            trend(pain["mean"], previous["pain"].get("mean"), higher_is_better=False),
            f"{format_number(pain['max'])}/{format_number(pain['min'])}"
            if pain["entries"]
            else "–",
            f"{pain['days_logged']}/{week['days_in_period']}",
            trend(sleep["mean_hours"], previous["sleep"].get("mean_hours"), higher_is_better=True),
            _number(sleep["mean_quality"]),
            trend(mood["mean"], previous["mood"].get("mean"), higher_is_better=True),
            f"{exercise['total_minutes']:g}m {exercise['active_days']}d"
            if exercise["sessions"]
            else "–",
            str(sum(t["sessions"] for t in week["therapy"].values()) or "–"),
            *((_steps(week["steps"]),) if show_steps else ()),
        )
        previous = week
    out = console()
    out.print(table)
    out.print(
        "Pain: weekly mean of daily means (arrow: change from the week before; green is "
        "better), hi/lo: worst and best entry, days: days with pain logged. Exercise: "
        "minutes and active days. Ther: therapy sessions. Medicines, by name, are below."
        + (" Steps: mean steps a day, on the days counted." if show_steps else ""),
        style="dim",
    )
    print_per_name(weeks, out)
    if any(week.get("adherence") and any(week["adherence"].values()) for week in weeks):
        from painlog.cli.views.plan import print_adherence

        print_adherence(weeks, out)
    covered = data["coverage"]
    out.print(
        f"Coverage: pain logged {covered['pain']}/{covered['days_in_period']} days, "
        f"sleep {covered['sleep']}/{covered['days_in_period']} nights, "
        f"mood {covered['mood']}/{covered['days_in_period']} days."
    )
    if data["worst_days"]:
        worst = ", ".join(
            f"{short_date(day['day'])} (mean {day['mean']:.1f}, worst {day['worst']:g})"
            for day in data["worst_days"]
        )
        out.print(f"Worst days: {worst}.")
    print_insights(data["insights"], out)


def print_per_name(weeks: list[dict], out: Console) -> None:
    """Medication doses and therapy sessions per name, one column per week."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for week in weeks:
        for name, use in week["medication"].items():
            totals = ", ".join(
                f"{amount:g} {unit_for(amount, unit)}" for unit, amount in use["totals"].items()
            )
            rows.setdefault(("med", name), {})[week["week_start"]] = str(use["doses"])
            rows.setdefault(("med-total", name), {})[week["week_start"]] = totals
        for name, use in week["therapy"].items():
            rows.setdefault(("therapy", name), {})[week["week_start"]] = str(use["sessions"])
        for name, times in week.get("side_effects", {}).items():
            rows.setdefault(("side-effect", name), {})[week["week_start"]] = str(times)
    if not rows:
        return
    table = Table(
        title="Medication doses, therapy sessions and side effects per week",
        box=box.SIMPLE_HEAD,
        header_style="bold",
        pad_edge=False,
    )
    table.add_column("", no_wrap=True)
    for week in weeks:
        table.add_column(short_date(week["week_start"]), justify="right", no_wrap=True)
    for (group, name), cells in rows.items():
        if group == "med-total":
            continue
        label = f"{name} ({ {'med': 'doses', 'therapy': 'sessions'}.get(group, 'side effects') })"
        table.add_row(label, *(cells.get(week["week_start"], "–") for week in weeks))
    out.print(table)


def print_insights(insights: dict, out: Console) -> None:
    lines = []
    if insights["median_daily_pain"] is not None:
        if insights["flares"]:
            for flare in insights["flares"]:
                lines.append(
                    f"Flare from {short_date(flare['start'])}: {flare['days']} days at 2+ points "
                    f"above your usual {insights['median_daily_pain']:.1f}, peak daily mean "
                    f"{flare['peak']:.1f}."
                )
        else:
            lines.append(
                f"No flares (2+ days at 2+ points above your usual "
                f"{insights['median_daily_pain']:.1f})."
            )
    for pairing in insights["pairings"]:
        with_side, without_side = pairing["with"], pairing["without"]
        if pairing["enough_data"]:
            lines.append(
                f"Pain {with_side['label']}: {with_side['mean_pain']:.1f} "
                f"({with_side['days']} days); {without_side['label']}: "
                f"{without_side['mean_pain']:.1f} ({without_side['days']} days)."
            )
    if lines:
        out.print("[bold]What the journal shows[/bold] (patterns, not causes):")
        bullets = Table.grid(padding=(0, 1))  # a hanging indent when a line wraps
        bullets.add_column(no_wrap=True)
        bullets.add_column()
        for line in lines:
            bullets.add_row("  •", line)
        out.print(bullets)
