"""The plan in the terminal (rich): the plan, its history, today's doses, before/after, and
the adherence table under the weekly summary. Imported only by commands that print them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from painlog.cli.views.terminal import console, short_date
from painlog.plan.compare import grade_words
from painlog.plan.model import STOP, Span, Version

KIND_LABELS = {"medication": "medicine", "exercise": "exercise", "therapy": "therapy"}


def _table(title: str | None = None) -> Table:
    return Table(title=title, box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)


def print_plan(spans: Sequence[Span], day: date) -> None:
    table = _table(f"Plan in force on {day.isoformat()}")
    for header in ("item", "what", "since", "by"):
        table.add_column(header, overflow="fold")
    for span in spans:
        version = span.version
        table.add_row(
            KIND_LABELS[version.kind], version.describe(), span.start.isoformat(), version.by or ""
        )
    console().print(table)


def print_plan_history(versions: Sequence[Version]) -> None:
    if not versions:
        console().print("No plan yet. Add an item with 'painlog plan add'.")
        return
    table = _table("Plan history, oldest first")
    for header in ("from", "", "what", "by / note"):
        table.add_column(header, overflow="fold")
    for version in versions:
        extra = "; ".join(part for part in (version.by, version.note) if part)
        action = {"add": "start", "change": "change", STOP: "stop"}[version.action]
        table.add_row(version.day, action, version.describe(), extra)
    console().print(table)


def _n(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}".rstrip("0").rstrip(".")


def print_compare(data: dict[str, Any]) -> None:
    out = console()
    before, after, change = data["before"], data["after"], data["change"]
    item = data.get("item")
    heading = f"Before and after {data['at']}"
    if item:
        verb = "changed to" if item["action"] == "change" else "started:"
        heading += f" ({item['name']} {verb} {item['version']})"
    out.print(f"[bold]{heading}[/bold], {data['days']} days each side")
    table = _table()
    table.add_column("")
    table.add_column(f"before\n{before['since']}\nto {before['until']}", justify="right")
    table.add_column(f"after\n{after['since']}\nto {after['until']}", justify="right")
    table.add_column("change", justify="right")
    rows = (
        ("days with pain logged", "pain_days", None, None),
        ("pain, mean (0-10)", "pain_mean", "pain", "pain_percent"),
        ("PEG, mean (0-10)", "peg_mean", "peg", "peg_percent"),
        ("sleep, hours a night", "sleep_hours", "sleep_hours", None),
        ("mood, mean (0-10)", "mood_mean", "mood_mean", None),
        ("exercise, min a week", "exercise_minutes_per_week", "exercise_minutes_per_week", None),
        ("as-needed doses a week", "as_needed_doses_per_week", "as_needed_doses_per_week", None),
    )
    if before.get("steps_per_day") is not None or after.get("steps_per_day") is not None:
        rows += (("steps a day", "steps_per_day", "steps_per_day", None),)
    for label, key, change_key, percent_key in rows:
        delta = ""
        if change_key and change[change_key] is not None:
            delta = f"{change[change_key]:+.2f}".rstrip("0").rstrip(".")
            if percent_key and change[percent_key] is not None:
                delta += f" ({change[percent_key]:+.1f}%)"
        table.add_row(label, _n(before[key]), _n(after[key]), delta)
    out.print(table)
    if data["improvement"] is None:
        out.print(
            f"Too little data to grade the change in pain: it needs at least 7 days of pain "
            f"logged in each window (before: {before['pain_days']}, after: {after['pain_days']})."
        )
    else:
        words = grade_words(data["improvement"])
        out.print(f"Change in pain: {data['improvement']} ({words}; IMMPACT grading).")
        meaningful = "yes" if data["meaningful_improvement"] else "no"
        out.print(
            f"A fall of 30% or more in pain or in PEG (a clinically meaningful improvement): "
            f"{meaningful}."
        )
    out.print("This describes what changed in the journal, not why.", style="dim")


def adherence_cell(section: str, counts: dict[str, Any]) -> str:
    """A short cell, so five weeks fit in 80 columns."""
    if section == "scheduled":
        percent = counts["percent"]
        share = f"{counts['taken']}/{counts['taken'] + counts['missed']}"
        text = f"{percent:g}% {share}" if percent is not None else "–"
        return text + (f" +{counts['extra']}" if counts["extra"] else "")
    if section == "as_needed":
        return f"{counts['doses']}/{counts['days_used']}d"
    return f"{counts['sessions']}/{counts['target']}"


def limits_cell(counts: dict[str, Any]) -> str:
    return f"{counts['days_over_limit']}/{counts['too_soon']}"


def print_adherence(weeks: list[dict[str, Any]], out: Console) -> None:
    """One row per plan item, one column per week (a table under the weekly summary)."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    passed: set[str] = set()
    for week in weeks:
        for section, items in week.get("adherence", {}).items():
            for name, counts in items.items():
                cells = rows.setdefault((section, name), {})
                cells[week["week_start"]] = adherence_cell(section, counts)
                if section == "as_needed":
                    limits = rows.setdefault(("limits", name), {})
                    limits[week["week_start"]] = limits_cell(counts)
                    if counts["days_over_limit"] or counts["too_soon"]:
                        passed.add(name)
    if not rows:
        return
    table = _table("Plan: how it went, per week")
    table.add_column("", no_wrap=True)
    for week in weeks:
        table.add_column(short_date(week["week_start"]), justify="right", no_wrap=True)
    labels = {"scheduled": "", "as_needed": " (as needed)", "exercise": "", "therapy": "",
              "limits": "  over limit/too soon"}  # fmt: skip
    for (section, name), cells in rows.items():
        if section == "limits" and name not in passed:
            continue
        label = labels[section] if section == "limits" else name + labels[section]
        table.add_row(label, *(cells.get(week["week_start"], "–") for week in weeks))
    out.print(table)
    out.print(
        "Scheduled: % of doses taken within 2 h of the planned time, taken/due (+extra). "
        "As needed: doses/days used; over limit/too soon: days over your daily limit/doses "
        "sooner than your interval. Exercise, therapy: sessions/target.",
        style="dim",
    )
