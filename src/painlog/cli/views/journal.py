"""Rich renderings for the terminal. Imported only by commands that print tables."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from painlog.cli.views.terminal import colour_on, console, short_date, user_text
from painlog.journal.entries import Entry, format_number, half_up, shown, unit_for
from painlog.messages import Msg, count, say
from painlog.store import settings


def shown_time(at: str) -> str:
    """``2026-11-23 21:00``, or ``2026-11-23 9:00 PM`` with the 12h clock setting."""

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
    from painlog.insight.summary import CHECK_SLEEP_HOURS

    sleep_days: dict[str, float] = {}
    for entry in entries:
        if entry.kind == "sleep" and entry.value is not None:
            sleep_days[entry.day] = sleep_days.get(entry.day, 0.0) + entry.value
    for entry in entries:
        extra = [entry.note or ""] if entry.kind not in ("note", "side-effect") else []
        if entry.kind == "sleep" and sleep_days.get(entry.day, 0.0) > CHECK_SLEEP_HOURS:
            total = shown(sleep_days[entry.day], 2, trim=True)
            extra.insert(0, f"check: sleep that day adds up to {total} h")
        extra += [f"#{tag}" for tag in entry.tags]
        if entry.trigger:
            extra.append("worse: " + ", ".join(entry.trigger))
        if entry.relief:
            extra.append("helped: " + ", ".join(entry.relief))
        table.add_row(
            entry.short_id,
            shown_time(entry.at),
            entry.kind,
            user_text(entry.what() if entry.kind != "note" else (entry.note or "")),
            user_text(" ".join(part for part in extra if part)),
        )
    console().print(table)


# --- summary ----------------------------------------------------------------------------------

ARROWS = {1: "↑", -1: "↓", 0: "→"}


def _number(value: float | None, digits: int = 1) -> str:
    return shown(value, digits)


def trend(current: float | None, previous: float | None, higher_is_better: bool) -> Text:
    """``5.2 ↓0.4`` coloured so that better reads green and worse red, whatever the direction.
    The arrow is the difference of the two numbers as shown (each rounded half up), so a
    reader can check it: 6.25 then 6.34 show 6.3 and 6.3, and the arrow says →0.0."""
    text = Text(_number(current))
    if current is None or previous is None:
        return text
    now_shown, before_shown = half_up(current), half_up(previous)
    assert now_shown is not None and before_shown is not None
    delta = half_up(now_shown - before_shown) or 0.0
    direction = (delta > 0) - (delta < 0)
    better = direction == (1 if higher_is_better else -1)
    style = "dim" if direction == 0 else ("green" if better else "red")
    text.append(f" {ARROWS[direction]}{shown(abs(delta))}", style=style)
    return text


def _steps(steps: dict) -> str:
    """Mean steps a day, rounded half up as every number shown."""
    if not steps["days"]:
        return "–"

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
        table.add_column(header, justify=justify, no_wrap=True)
    previous: dict = {"pain": {}, "sleep": {}, "mood": {}}
    to_check = data.get("sleep_check", [])
    for week in weeks:
        checked = any(week["week_start"] <= day["day"] <= week["week_end"] for day in to_check)
        pain, sleep, mood, exercise = week["pain"], week["sleep"], week["mood"], week["exercise"]
        table.add_row(
            short_date(week["week_start"]),
            trend(pain["mean"], previous["pain"].get("mean"), higher_is_better=False),
            f"{format_number(pain['max'])}/{format_number(pain['min'])}"
            if pain["entries"]
            else "–",
            f"{pain['days_logged']}/{week['days_in_period']}",
            Text("check")
            if checked
            else trend(sleep["mean_hours"], previous["sleep"].get("mean_hours"), True),
            _number(sleep["mean_quality"]),
            trend(mood["mean"], previous["mood"].get("mean"), higher_is_better=True),
            f"{shown(exercise['total_minutes'], 2, trim=True)}m {exercise['active_days']}d"
            if exercise["sessions"]
            else "–",
            str(sum(t["sessions"] for t in week["therapy"].values()) or "–"),
            *((_steps(week["steps"]),) if show_steps else ()),
        )
        previous = week
    out = console()
    out.print(table)
    better = "; green is better" if colour_on() else ""
    out.print(
        f"Pain: weekly mean of daily means (arrow: change from the week before{better}), "
        "hi/lo: worst and best entry, days: days with pain logged. Exercise: "
        "minutes and active days. Ther: therapy sessions. Medicines, by name, are below."
        + (" Steps: mean steps a day, on the days counted." if show_steps else ""),
        style="dim",
    )
    for line in sleep_check_lines(to_check):
        out.print(line)
    print_per_name(weeks, out)
    print_symptoms_and_factors(weeks, out)
    if any(week.get("adherence") and any(week["adherence"].values()) for week in weeks):
        from painlog.cli.views.plan import print_adherence

        print_adherence(weeks, out)
    for line in safety_lines(weeks, data):
        out.print(line, style="dim" if line.startswith("Morphine") else None)
    screened = [week["screen"] for week in weeks if week.get("screen")]
    if screened:  # PHQ-4 total and band beside PHQ-2 and GAD-2 (SPEC), no advice
        latest = screened[-1]
        out.print(say(Msg.SCREEN_WEEK_LINE, **latest) + " " + Msg.PHQ4_BANDS.value)
    covered = data["coverage"]
    out.print(
        f"Coverage: pain logged {covered['pain']}/{covered['days_in_period']} days, "
        f"sleep {covered['sleep']}/{covered['days_in_period']} nights, "
        f"mood {covered['mood']}/{covered['days_in_period']} days."
    )
    if data["worst_days"]:
        worst = ", ".join(
            f"{short_date(day['day'])} (mean {shown(day['mean'])}, worst {shown(day['worst'], 2, trim=True)})"
            for day in data["worst_days"]
        )
        out.print(f"Worst days: {worst}.")
    print_insights(data["insights"], out)


def sleep_check_lines(days: list[dict]) -> list[str]:
    """A footnote per day whose sleep adds up to more than 14 h, naming the entries (with
    their ids, for edit or delete) so the person can see which one is doubled."""
    lines = []
    for day in days:
        entries = ", ".join(
            f"{entry['id'][:8]} {shown(entry['hours'], 2, trim=True)} h at {entry['at'][11:16]}"
            for entry in day["entries"]
        )
        lines.append(
            say(
                Msg.SLEEP_CHECK,
                day=short_date(day["day"]),
                hours=shown(day["hours"], 2, trim=True),
                entries=entries,
            )
        )
    return lines


def safety_lines(weeks: list[dict], data: dict | None = None) -> list[str]:
    """Each week's opioid (MME), opioid-with-benzodiazepine (or gabapentinoid) and acetaminophen
    facts, the medicines painlog cannot classify, then CDC's caveat; nothing when no week has
    any (SPEC "Function, mood screening …"). Every figure a dose of unknown strength could
    change says "at least"."""
    from painlog.plan.medicines import MME_CAVEAT
    from painlog.plan.safety import coverage_line, grouped, mme_text

    lines = []
    for week in weeks:
        mme, apap = week.get("mme"), week.get("acetaminophen")
        parts = []
        if mme and (mme["days"] or mme.get("days_strength_unknown")):
            parts.append(mme_text(mme))
        for key, other in (
            ("opioid_and_benzodiazepine_days", "benzodiazepine"),
            ("opioid_and_gabapentinoid_days", "gabapentinoid"),
        ):
            if week.get(key):
                parts.append(f"{count(week[key], 'day')} with an opioid and a {other} within 24 h")
        if apap and (apap["max_daily_mg"] is not None or apap.get("days_amount_unknown")):
            least = "at least " if apap.get("days_amount_unknown") else ""
            highest = (
                f"highest {least}{grouped(apap['max_daily_mg'])} mg a day"
                if apap["max_daily_mg"] is not None
                else "highest unknown"
            )
            text = (
                f"acetaminophen {highest}, {least}{count(apap['days_over_limit'], 'day')} "
                f"over {grouped(apap['limit_mg'])} mg"
            )
            if apap.get("days_amount_unknown"):
                text += f" ({count(apap['days_amount_unknown'], 'day')} of unknown amount)"
            parts.append(text)
        if parts:
            lines.append(f"Week of {short_date(week['week_start'])}: " + "; ".join(parts) + ".")
    if data is not None and data.get("medicines_not_known"):
        line = coverage_line(
            {
                "logged": data["medicines_logged"],
                "covered": data["medicines_logged"] - len(data["medicines_not_known"]),
                "not_known": data["medicines_not_known"],
            }
        )
        if line:
            lines.append(line[0].upper() + line[1:] + ". " + say(Msg.SAFETY_COVERAGE_HINT))
    if any((week.get("acetaminophen") or {}).get("max_daily_mg") for week in weeks):
        lines.append(say(Msg.APAP_SOURCES))
    if any((week.get("mme") or {}).get("days") or (week.get("mme") or {}).get(
        "days_strength_unknown") for week in weeks):  # fmt: skip
        lines.append(MME_CAVEAT)
    return lines


def _g(value: float | None) -> str:
    return "unknown" if value is None else f"{value:g}"


# However long a name a person types, the week columns of the per-name tables keep their room:
# the names column gets what they leave of the screen (at least this), a longer name cut with "…".
NAME_LEAST = 16


def _weekly_table(
    title: str, weeks: list[dict], rows: list[tuple[str, str, dict[str, str]]], out: Console
) -> Table:
    """A table of names down the side and one column a week (the per-name tables): each row
    ``(name, suffix, cells by week)``, labelled ``name (suffix)``. As many of the latest weeks
    as fit whole beside the names (a cell is never cut), and the title says when some are left
    out ("latest 6 of 14 weeks"), as the plan's table does."""
    starts = [week["week_start"] for week in weeks]
    # each week column: its header or widest cell, a space either side and the (blank) rule
    # between columns; then the table's two edges
    widths = [
        3
        + max(cell_len(short_date(start)), *(cell_len(cells.get(start, "–")) for *_, cells in rows))
        for start in starts
    ]
    room = out.width - NAME_LEAST - 2
    shown_weeks = used = 0
    for column in reversed(widths):
        if shown_weeks and used + column > room:
            break
        used += column
        shown_weeks += 1
    if shown_weeks < len(starts):
        title += f" (latest {shown_weeks} of {len(starts)} weeks)"
        starts = starts[-shown_weeks:]
    table = Table(title=title, box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    width = max(NAME_LEAST, out.width - used - 2)
    table.add_column("", no_wrap=True, max_width=width, overflow="ellipsis")
    for start in starts:
        table.add_column(short_date(start), justify="right", no_wrap=True)
    for name, suffix, cells in rows:
        label = user_text(name)
        label.truncate(max(1, width - len(suffix) - 3), overflow="ellipsis")  # suffix kept
        table.add_row(label + f" ({suffix})", *(cells.get(start, "–") for start in starts))
    return table


def print_symptoms_and_factors(weeks: list[dict], out: Console) -> None:
    """Each symptom's weekly mean (and days logged) and each factor's days, one column a week
    (SPEC.md "Symptoms and factors"); nothing when the period has neither."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for week in weeks:
        for name, symptom in week.get("symptoms", {}).items():
            cell = f"{shown(symptom['mean'])} {symptom['days_logged']}d"
            rows.setdefault((name, "symptom"), {})[week["week_start"]] = cell
    for week in weeks:
        for name, factor in week.get("factors", {}).items():
            rows.setdefault((name, "days"), {})[week["week_start"]] = str(factor["days"])
    if not rows:
        return
    named = [(name, suffix, cells) for (name, suffix), cells in rows.items()]
    title = "Symptoms (weekly mean 0-10, days logged) and factors (days) per week"
    out.print(_weekly_table(title, weeks, named, out))


def print_per_name(weeks: list[dict], out: Console) -> None:
    """Medication doses and therapy sessions per name, one column per week."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for week in weeks:
        for name, use in week["medication"].items():
            totals = ", ".join(
                f"{shown(amount, 2, trim=True)} {unit_for(amount, unit)}"
                for unit, amount in use["totals"].items()
            )
            rows.setdefault(("med", name), {})[week["week_start"]] = str(use["doses"])
            rows.setdefault(("med-total", name), {})[week["week_start"]] = totals
        for name, use in week["therapy"].items():
            rows.setdefault(("therapy", name), {})[week["week_start"]] = str(use["sessions"])
        for name, times in week.get("side_effects", {}).items():
            rows.setdefault(("side-effect", name), {})[week["week_start"]] = str(times)
    if not rows:
        return
    suffixes = {"med": "doses", "therapy": "sessions", "side-effect": "side effects"}
    named = [
        (name, suffixes[group], cells)
        for (group, name), cells in rows.items()
        if group != "med-total"
    ]
    title = "Medication doses, therapy sessions and side effects per week"
    out.print(_weekly_table(title, weeks, named, out))


def print_insights(insights: dict, out: Console) -> None:
    lines = []
    if insights["median_daily_pain"] is not None:
        if insights["flares"]:
            for flare in insights["flares"]:
                lines.append(
                    f"Flare from {short_date(flare['start'])}: {count(flare['days'], 'day')} at 2+ points "
                    f"above your usual {shown(insights['median_daily_pain'])}, peak daily mean "
                    f"{shown(flare['peak'])}."
                )
        else:
            lines.append(
                f"No flares (2+ days at 2+ points above your usual "
                f"{shown(insights['median_daily_pain'])})."
            )
    lines.append(Msg.SUMMARY_PATTERNS.value)
    if lines:
        out.print("[bold]What the journal shows[/bold] (patterns, not causes):")
        bullets = Table.grid(padding=(0, 1))  # a hanging indent when a line wraps
        bullets.add_column(no_wrap=True)
        bullets.add_column()
        for line in lines:
            bullets.add_row("  •", user_text(line))  # lines name medicines and places
        out.print(bullets)
