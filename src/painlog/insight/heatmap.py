"""``painlog calendar``: month grids of daily mean pain, coloured like a contribution calendar.

Each cell holds the day's mean pain rounded half up, on the colour of that same printed number's
band (so a 5.5 day shows 6 on the 6-7 colour), and the grid reads in black and white (NO_COLOR)
too; days with no pain logged show a dot.
"""

from __future__ import annotations

import calendar
from datetime import date

from rich.console import Group
from rich.text import Text

from painlog.journal.entries import half_up
from painlog.messages import count
from painlog.store.db import Journal, named_list

CELL = 3
MONTH_WIDTH = 7 * CELL
GAP = "  "
# (highest shown number in the band, label, style): no pain is calm green, a flare is red.
LEVELS = (
    (1, "0-1", "black on green"),
    (3, "2-3", "black on chartreuse3"),
    (5, "4-5", "black on yellow"),
    (7, "6-7", "black on dark_orange"),
    (10, "8-10", "white on red"),
)


def daily_pain_means(
    journal: Journal, since: date, until: date, symptom: str | None = None
) -> dict[str, float]:
    """Each day's mean pain, or with ``symptom`` that symptom's (its aliases counted)."""
    where, params = symptom_clause(journal, symptom) if symptom else ("kind = 'pain'", {})
    sql = f"""
        SELECT day, avg(value) AS mean FROM entries
        WHERE {where} AND day BETWEEN :since AND :until GROUP BY day
    """
    rows = journal.query(sql, {"since": since.isoformat(), "until": until.isoformat(), **params})
    return {row["day"]: row["mean"] for row in rows}


def symptom_clause(journal: Journal, name: str) -> tuple[str, dict[str, str]]:
    """SQL for one symptom's entries, every spelling that counts as it (aliases), by the
    (kind, lower(name)) index."""
    from painlog.journal.names import counted_name, spellings

    key = counted_name(journal, "symptom", " ".join(name.split()))
    marks, params = named_list(spellings(journal, "symptom", key) or [key], "symptom")
    return f"kind = 'symptom' AND lower(name) IN ({marks})", params


def months_back(today: date, count: int) -> list[tuple[int, int]]:
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def shown(mean: float) -> int:
    """The number a cell prints: the mean rounded half up by the one helper the summary uses
    too (Python's round() would print 4.5 as 4 and 5.5 as 6)."""
    return int(half_up(mean, 0) or 0)


def style_for(number: int) -> str:
    return next(style for top, _, style in LEVELS if number <= top)


def month_block(year: int, month: int, means: dict[str, float], today: date) -> list[Text]:
    title = date(year, month, 1).strftime("%B %Y")
    lines = [
        Text(title.center(MONTH_WIDTH), style="bold"),
        Text(" Mo Tu We Th Fr Sa Su"[:MONTH_WIDTH]),
    ]
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        line = Text()
        for day in week:
            if day.month != month or day > today:
                line.append(" " * CELL)
                continue
            mean = means.get(day.isoformat())
            if mean is None:
                line.append(" · ", style="dim")
            else:
                number = shown(mean)
                line.append(f"{number:>2} ", style=style_for(number))
        lines.append(line)
    while len(lines) < 8:  # every block as tall as a six-week month
        lines.append(Text(" " * MONTH_WIDTH))
    return lines


def legend(what: str = "pain") -> Text:
    text = Text(f"Mean {what} per day: ")
    for _, label, style in LEVELS:
        text.append(f" {label} ", style=style)
        text.append(" ")
    text.append(" ·", style="dim")
    text.append(" not logged")
    return text


def render_calendar(
    journal: Journal, months: int, today: date, width: int, symptom: str | None = None
) -> Group:
    """Month grids of daily mean pain (or of ``symptom``, rated 0-10 the same way)."""
    chosen = months_back(today, months)
    first = date(chosen[0][0], chosen[0][1], 1)
    means = daily_pain_means(journal, first, today, symptom)
    what = symptom or "pain"
    per_row = max(1, (width + len(GAP)) // (MONTH_WIDTH + len(GAP)))
    rows: list[Text] = []
    for start in range(0, len(chosen), per_row):
        blocks = [month_block(y, m, means, today) for y, m in chosen[start : start + per_row]]
        for parts in zip(*blocks, strict=True):
            line = Text()
            for index, part in enumerate(parts):
                if index:
                    line.append(GAP)
                line.append_text(part)
                line.append(" " * (MONTH_WIDTH - len(part)))
            rows.append(line)
        rows.append(Text())
    logged = len(means)
    days = (today - first).days + 1
    rows.append(legend(what))
    rows.append(
        Text(f"{what.capitalize()} logged on {logged} of {count(days, 'day')} since {first}.")
    )
    return Group(*rows)
