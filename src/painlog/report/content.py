"""The report's words and tables, once, for every format (plain strings; renderers escape)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from painlog.entries import Entry, format_number
from painlog.report.data import ReportData

STEADY = 0.5  # a change in weekly mean pain smaller than this is "about the same"


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]


def _n(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _day(day: str) -> str:
    return date.fromisoformat(day).strftime("%d %b").lstrip("0")


def title(data: ReportData) -> str:
    return f"Pain journal: {data.period.since.isoformat()} to {data.period.until.isoformat()}"


def subtitle(data: ReportData) -> str:
    return f"Period: {data.period_reason}. Made with painlog on {date.today().isoformat()}."


def coverage(data: ReportData) -> str:
    covered = data.summary["coverage"]
    days = covered["days_in_period"]
    return (
        f"Logged on {covered['days_logged']} of {days} days: pain on {covered['pain']}, "
        f"sleep on {covered['sleep']}, mood on {covered['mood']}."
    )


def pain_trend(data: ReportData) -> str:
    means = [
        week["pain"]["mean"] for week in data.summary["weeks"] if week["pain"]["mean"] is not None
    ]
    if len(means) < 2:
        return "Trend: not enough weeks to compare."
    change = means[-1] - means[0]
    word = "about the same" if abs(change) < STEADY else ("lower" if change < 0 else "higher")
    return f"Trend: weekly average {means[0]:.1f} in the first week, {means[-1]:.1f} in the last ({word})."


def pain(data: ReportData) -> str:
    pain = data.overall["pain"]
    if not pain["days"]:
        return "Pain (0-10): nothing logged in this period."
    return (
        f"Pain (0-10): average {_n(pain['mean'])} (mean of daily means, {pain['days']} days, "
        f"{pain['entries']} ratings), worst {format_number(pain['worst'])}, "
        f"best {format_number(pain['best'])}. {pain_trend(data)}"
    )


def weekly_table(data: ReportData) -> Table:
    rows = []
    for week in data.weeks:
        pain, sleep, mood, exercise = week["pain"], week["sleep"], week["mood"], week["exercise"]
        rows.append(
            [
                _day(week["week_start"]),
                _n(pain["mean"]),
                format_number(pain["max"]) or "–",
                format_number(pain["min"]) or "–",
                f"{pain['days_logged']}/{week['days_in_period']}",
                _n(sleep["mean_hours"]),
                _n(mood["mean"]),
                f"{exercise['total_minutes']:g}" if exercise["sessions"] else "–",
            ]
        )
    return Table(
        ["Week of", "Pain avg", "Worst", "Best", "Days", "Sleep h", "Mood", "Exercise min"], rows
    )


def totals(data: ReportData) -> list[str]:
    sleep, mood, exercise = data.overall["sleep"], data.overall["mood"], data.overall["exercise"]
    lines = []
    if sleep["days"]:
        lines.append(
            f"Sleep: {_n(sleep['mean_total'])} h a night on average over {sleep['days']} nights."
        )
    if mood["days"]:
        lines.append(
            f"Mood (0-10, higher is better): average {_n(mood['mean'])} over {mood['days']} days."
        )
    if exercise["days"]:
        lines.append(
            f"Exercise: {exercise['total']:g} minutes in {exercise['entries']} sessions "
            f"on {exercise['days']} days."
        )
    return lines or ["Sleep, mood, exercise: nothing logged in this period."]


def medication_table(data: ReportData) -> Table:
    rows = [
        [
            medicine["name"],
            str(medicine["doses"]),
            ", ".join(f"{amount:g} {unit}" for unit, amount in medicine["totals"].items()),
            str(medicine["days_used"]),
        ]
        for medicine in data.medications
    ]
    return Table(["Medicine", "Doses", "Total", "Days used"], rows)


def _entry_line(entry: Entry) -> str:
    what = (
        f" ({entry.name} {format_number(entry.value)} {entry.unit})"
        if entry.kind == "medication"
        else ""
    )
    return f"{_day(entry.day)}{what}: {' '.join((entry.note or '').split())}"


def side_effects(data: ReportData) -> list[str]:
    return [_entry_line(entry) for entry in data.side_effects if entry.note]


def clinic_notes(data: ReportData) -> list[str]:
    return [_entry_line(entry) for entry in data.clinic_notes if entry.note]


def therapy(data: ReportData) -> str:
    if not data.therapy:
        return "Therapy sessions: none logged."
    parts = [
        f"{item['name']} {item['sessions']}"
        + (f" ({item['minutes']:g} min)" if item["minutes"] else "")
        for item in data.therapy
    ]
    return "Therapy sessions: " + "; ".join(parts) + "."


def peg(data: ReportData) -> str:
    if not data.pegs:
        return "PEG (0-10, lower is better): not answered in this period."
    scores = ", ".join(f"{_day(item.day)} {item.score:.1f}" for item in data.pegs[-6:])
    return f"PEG (pain, enjoyment, activity; 0-10, lower is better): {scores}."


def peg_table(data: ReportData) -> Table:
    rows = [
        [
            item.day,
            format_number(item.pain),
            format_number(item.enjoyment),
            format_number(item.activity),
            f"{item.score:.1f}",
        ]
        for item in data.pegs[-6:]
    ]
    return Table(["Date", "Pain", "Enjoyment", "Activity", "PEG score"], rows)


def flares(data: ReportData) -> str:
    insights: dict[str, Any] = data.summary["insights"]
    if insights["median_daily_pain"] is None:
        return "Flares: no pain logged."
    if not insights["flares"]:
        return f"Flares: none (2+ days at 2+ points above the usual {insights['median_daily_pain']:.1f})."
    parts = [
        f"{_day(flare['start'])}-{_day(flare['end'])} ({flare['days']} days, peak {flare['peak']:.1f})"
        for flare in insights["flares"]
    ]
    return (
        f"Flares (2+ days at 2+ points above the usual {insights['median_daily_pain']:.1f}): "
        + "; ".join(parts)
        + "."
    )


def patterns(data: ReportData) -> list[str]:
    lines = []
    for pairing in data.summary["insights"]["pairings"]:
        if pairing["enough_data"]:
            with_side, without = pairing["with"], pairing["without"]
            lines.append(
                f"Pain {with_side['label']}: {with_side['mean_pain']:.1f} ({with_side['days']} days); "
                f"{without['label']}: {without['mean_pain']:.1f} ({without['days']} days)."
            )
    return lines


MAX_QUESTIONS = 6


def questions(data: ReportData) -> list[str]:
    """The oldest open questions first; the page keeps room for the notes after them."""
    shown = [question.text for question in data.questions[:MAX_QUESTIONS]]
    hidden = len(data.questions) - len(shown)
    return shown + ([f"... and {hidden} more ('painlog ask --list')"] if hidden else [])
