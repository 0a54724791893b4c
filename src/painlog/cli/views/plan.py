"""The plan in the terminal (rich): the plan, its history, today's doses, before/after, and
the adherence table under the weekly summary. Imported only by commands that print them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from painlog.cli.views.terminal import console, short_date, user_text
from painlog.journal.entries import shown
from painlog.messages import count, psfs_compare, visible
from painlog.plan.adherence import closed_slots
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
            KIND_LABELS[version.kind],
            user_text(version.describe()),
            span.start.isoformat(),
            user_text(version.by),
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
        table.add_row(version.day, action, user_text(version.describe()), user_text(extra))
    console().print(table)


def _n(value: float | None, digits: int = 2) -> str:
    return shown(value, digits, trim=True)


def _window_header(name: str, window: dict[str, Any]) -> str:
    if not window["days"]:
        return f"{name}\nno days\nin the journal"
    return f"{name}\n{window['since']}\nto {window['until']}"


def _change(after: float | None, before: float | None) -> str:
    """The difference of the two numbers as printed, so the column can be checked by eye."""
    if after is None or before is None:
        return ""
    return shown(float(_n(after)) - float(_n(before)), 2, trim=True, sign=True)


def print_compare(data: dict[str, Any]) -> None:
    out = console()
    before, after, change = data["before"], data["after"], data["change"]
    item = data.get("item")
    heading = f"Before and after {data['at']}"
    if item:
        verb = "changed to" if item["action"] == "change" else "started:"
        heading += f" ({item['name']} {verb} {item['version']})"

    lengths = f"{count(before['days'], 'day')} before, {count(after['days'], 'day')} after"
    if before["days"] < data["days"] or after["days"] < data["days"]:
        lengths += f" (of {data['days']} asked: the journal covers no more)"
    out.print(f"[bold]{escape(visible(heading))}[/bold]: {lengths}")
    table = _table()
    table.add_column("")
    table.add_column(_window_header("before", before), justify="right")
    table.add_column(_window_header("after", after), justify="right")
    table.add_column("change", justify="right")
    rows: tuple[tuple[str, str, str | None], ...] = (
        ("days with pain logged", "pain_days", None),
        ("pain, mean (0-10)", "pain_mean", "pain_percent"),
        ("PEG, mean (0-10)", "peg_mean", "peg_percent"),
        ("sleep, hours a night", "sleep_hours", "sleep_percent"),
        ("mood, mean (0-10)", "mood_mean", "mood_percent"),
        ("exercise, min a week", "exercise_minutes_per_week", None),
        ("as-needed doses a week", "as_needed_doses_per_week", None),
        ("goals, mean (0-10)", "goal_mean", None),
    )
    if before.get("steps_per_day") is not None or after.get("steps_per_day") is not None:
        rows += (("steps a day", "steps_per_day", None),)
    for label, key, percent_key in rows:
        delta = _change(after.get(key), before.get(key)) if key != "pain_days" else ""
        if delta and percent_key and change[percent_key] is not None:
            delta += f" ({shown(change[percent_key], sign=True)}%)"
        table.add_row(label, _n(before.get(key)), _n(after.get(key)), delta)
    for name, moved in change.get("symptoms", {}).items():
        mean_before = (before["symptoms"].get(name) or {}).get("mean")
        mean_after = (after["symptoms"].get(name) or {}).get("mean")
        delta = _change(mean_after, mean_before)
        if delta and moved["percent"] is not None:
            delta += f" ({shown(moved['percent'], sign=True)}%)"
        table.add_row(user_text(f"{name}, mean (0-10)"), _n(mean_before), _n(mean_after), delta)
    out.print(table)
    if data.get("goals_important_change") is not None:
        out.print(psfs_compare(data["goals_important_change"]))
    if min(before["days"], after["days"]) < 7:
        out.print(
            "Too little data to grade the change: a window covers fewer than 7 days "
            f"(before: {count(before['days'], 'day')}, after: {count(after['days'], 'day')})."
        )
    elif data["improvement"] is None:
        out.print(
            f"Too little data to grade the change in pain: it needs at least 7 days of pain "
            f"logged in each window (before: {before['pain_days']}, after: {after['pain_days']})."
        )
    else:
        words = grade_words(data["improvement"])
        out.print(f"Change in pain: {data['improvement']} ({words}; IMMPACT grading).")
        meaningful = "yes" if data["meaningful_improvement"] else "no"
        out.print(
            f"A fall of 30% or more in pain intensity (a clinically meaningful improvement): "
            f"{meaningful}. PEG, sleep and mood show their change, with no grade of their own."
        )
    out.print(
        "Rates a week are over the days each window covers. "
        "This describes what changed in the journal, not why.",
        style="dim",
    )


def adherence_cell(section: str, counts: dict[str, Any]) -> str:
    """A short cell, so five weeks fit in 80 columns."""
    if section == "scheduled":
        percent = counts["percent"]
        share = f"{counts['taken'] + counts['late']}/{closed_slots(counts)}"
        # two lines (percent, then taken/due): a cell is never cut at 80 columns ("92.9% 1…")
        text = f"{shown(percent, trim=True)}%\n{share}" if percent is not None else "–"
        return text + (f" +{counts['extra']}" if counts["extra"] else "")
    if section == "as_needed":
        return f"{counts['doses']}/{counts['days_used']}d"
    return f"{counts['sessions']}/{counts['target']}"


def limits_cell(counts: dict[str, Any]) -> str:
    return f"{counts['days_over_limit']}/{counts['too_soon']}"


def _rows_by_version(weeks: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """Items that held more than one version (as the person reads them) over these weeks:
    their rows are per version, so no label stands over weeks it did not hold."""
    labels: dict[tuple[str, str], set[str]] = {}
    for week in weeks:
        for section, items in week.get("adherence", {}).items():
            for name, counts in items.items():
                found = labels.setdefault((section, name), set())
                found.update(part["version"] for part in counts.get("versions", ()))
    return {key for key, found in labels.items() if len(found) > 1}


def print_adherence(weeks: list[dict[str, Any]], out: Console) -> None:
    """One row per plan item (per version when the weeks span several), one column per
    week (a table under the weekly summary)."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    passed: set[str] = set()
    late: set[str] = set()
    per_version = _rows_by_version(weeks)
    for week in weeks:
        for section, items in week.get("adherence", {}).items():
            for name, totals in items.items():
                if (section, name) in per_version:
                    parts = [(part["version"], part) for part in totals["versions"]]
                else:
                    parts = [(name, totals)]
                for label, counts in parts:
                    cells = rows.setdefault((section, label), {})
                    cells[week["week_start"]] = adherence_cell(section, counts)
                    if section == "scheduled":
                        rows.setdefault(("late", label), {})[week["week_start"]] = str(
                            counts["late"]
                        )
                        if counts["late"]:
                            late.add(label)
                    if section == "as_needed":
                        limits = rows.setdefault(("limits", label), {})
                        limits[week["week_start"]] = limits_cell(counts)
                        if counts["days_over_limit"] or counts["too_soon"]:
                            passed.add(label)
    if not rows:
        return
    # As many of the latest weeks as fit the terminal whole (a cell is never cut), and the
    # caption says so when some are left out.
    widest = max(
        (
            len(line)
            for cells in rows.values()
            for cell in cells.values()
            for line in cell.split("\n")
        ),
        default=6,
    )
    column = max(widest, 6) + 2
    longest = max(len(name) + 12 for _, name in rows)
    label_width = min(22, longest)
    fitting = max(1, (out.width - label_width) // column)
    all_weeks = len(weeks)
    weeks = weeks[-fitting:]
    # the label takes what the weeks shown leave (a wide terminal keeps it on one line)
    label_width = max(label_width, min(longest, out.width - column * len(weeks) - 4))
    title = "Plan: how it went, per week"
    if len(weeks) < all_weeks:
        title += f" (latest {len(weeks)} of {all_weeks} weeks)"
    table = _table(title)
    table.add_column("", overflow="fold", max_width=label_width)
    for week in weeks:
        table.add_column(short_date(week["week_start"]), justify="right", no_wrap=True)
    labels = {"scheduled": "", "as_needed": " (as needed)", "exercise": "", "therapy": "",
              "limits": "  over limit/too soon", "late": "  of which late"}  # fmt: skip
    for (section, name), cells in rows.items():
        if (section == "limits" and name not in passed) or (section == "late" and name not in late):
            continue
        label = labels[section] if section in ("limits", "late") else name + labels[section]
        table.add_row(user_text(label), *(cells.get(week["week_start"], "–") for week in weeks))
    out.print(table)
    out.print(
        "Scheduled: % of doses taken, taken/due (+extra); of which late: taken after the "
        "2 h either side of the time, within 12 h. As needed: doses/days used; over "
        "limit/too soon: days over your daily limit/doses sooner than your interval. "
        "Exercise, therapy: sessions/target.",
        style="dim",
    )
