"""Terminal charts with plotext: daily series from SQL, drawn to fit the terminal.

plotext is imported only here, and only by the chart commands (it costs ~30 ms to import).
Days without entries are left out rather than drawn as zero: a line stops at a day with
nothing logged and starts again after it (a gap, never a line across it), and bars are given
every day of the period (empty days as zero-height bars, which draw nothing) so each bar is
one day wide (plotext sizes bars by the distance between neighbouring x values).
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from painlog.insight.summary import IN_PERIOD, Period
from painlog.journal.names import COUNTED, names_as_first_written
from painlog.messages import visible
from painlog.store.db import Journal, named_list

if TYPE_CHECKING:
    from types import ModuleType  # plotext, which has no types of its own

MARKERS = ("●", "▲", "■", "◆", "x", "+", "o")
CHART_KINDS = ("pain", "sleep", "mood", "exercise", "medication", "steps")
DAILY_SQL = f"""
    SELECT day, avg(value) AS mean, max(value) AS worst, sum(value) AS total, count(*) AS n
    FROM entries WHERE kind = :kind AND {IN_PERIOD} GROUP BY day ORDER BY day
"""
# A night's sleep comes from one source (SPEC.md "Sources and device data"): the view says which.
SLEEP_DAILY_SQL = DAILY_SQL.replace("FROM entries", "FROM sleep_that_counts")
DOSES_SQL = f"""
    SELECT day, {COUNTED} AS key, min(name) AS name, count(*) AS doses
    FROM entries WHERE kind = 'medication' AND {IN_PERIOD}
    GROUP BY day, key ORDER BY key, day
"""


@dataclass(frozen=True)
class Series:
    label: str
    days: list[str]
    values: list[float]


def daily(journal: Journal, kind: str, period: Period, column: str) -> Series:
    """A daily series of ``kind`` (``symptom:NAME`` for one symptom, its aliases counted)."""
    if kind.startswith("symptom:"):
        from painlog.insight.heatmap import symptom_clause

        where, params = symptom_clause(journal, kind.partition(":")[2])
        sql = DAILY_SQL.replace("kind = :kind", where)
        rows = list(journal.query(sql, {**period.params(), **params}))
        return Series(column, [row["day"] for row in rows], [row[column] for row in rows])
    sql = SLEEP_DAILY_SQL if kind == "sleep" else DAILY_SQL
    rows = list(journal.query(sql, {**period.params(), "kind": kind}))
    return Series(column, [row["day"] for row in rows], [row[column] for row in rows])


def doses_per_name(journal: Journal, period: Period) -> list[Series]:
    series: dict[str, Series] = {}
    shown = names_as_first_written(journal, "medication")  # an alias's name, as everywhere
    for row in journal.query(DOSES_SQL, period.params()):
        found = series.setdefault(row["key"], Series(shown.get(row["key"], row["name"]), [], []))
        found.days.append(row["day"])
        found.values.append(row["doses"])
    return list(series.values())


def daily_series(journal: Journal, kinds: Sequence[str], period: Period) -> dict:
    """What the chart draws, as data: one object per kind with its days and values."""
    found: dict = {"since": period.since.isoformat(), "until": period.until.isoformat()}
    for kind in kinds:
        if kind == "pain":
            rows = journal.query(DAILY_SQL, {**period.params(), "kind": "pain"})
            found["pain"] = [{"day": r["day"], "mean": round(r["mean"], 2), "worst": r["worst"]}
                             for r in rows]  # fmt: skip
        elif kind in ("sleep", "exercise"):
            series = daily(journal, kind, period, "total")
            found[kind] = [
                {"day": d, "total": round(v, 2)}
                for d, v in zip(series.days, series.values, strict=True)
            ]
        elif kind == "steps":  # a day's steps: its highest count, never a sum
            series = daily(journal, "steps", period, "worst")
            found["steps"] = [
                {"day": d, "steps": int(v)} for d, v in zip(series.days, series.values, strict=True)
            ]
        elif kind.startswith("symptom:"):
            series = daily(journal, kind, period, "mean")
            found[kind] = [
                {"day": d, "mean": round(v, 2)}
                for d, v in zip(series.days, series.values, strict=True)
            ]
        elif kind == "mood":
            series = daily(journal, "mood", period, "mean")
            found["mood"] = [
                {"day": d, "mean": round(v, 2)}
                for d, v in zip(series.days, series.values, strict=True)
            ]
        else:
            found["medication"] = [
                {
                    "name": s.label,
                    "days": [{"day": d, "doses": v} for d, v in zip(s.days, s.values, strict=True)],
                }
                for s in doses_per_name(journal, period)
            ]
    return found


def terminal_width() -> int:
    return shutil.get_terminal_size((80, 24)).columns


def _positions(period: Period, days: Sequence[str]) -> list[int]:
    return [(date.fromisoformat(day) - period.since).days for day in days]


def _runs(positions: Sequence[int], values: Sequence[float]) -> list[tuple[list[int], list[float]]]:
    """The points cut into runs of consecutive days, so no line crosses a day not logged."""
    runs: list[tuple[list[int], list[float]]] = []
    for position, value in zip(positions, values, strict=True):
        if runs and runs[-1][0][-1] == position - 1:
            runs[-1][0].append(position)
            runs[-1][1].append(value)
        else:
            runs.append(([position], [value]))
    return runs


def _line(
    plt: ModuleType, period: Period, series: Series, label: str, color: str, **style: str
) -> None:
    """A line with a gap at every day with nothing logged; a lone day is drawn as a point."""
    for index, (xs, ys) in enumerate(_runs(_positions(period, series.days), series.values)):
        plt.plot(xs, ys, label=label if index == 0 else None, color=color, **style)


def _bars(plt: ModuleType, period: Period, series: Series, label: str) -> None:
    """One bar per day of the period, each one day wide (empty days: zero, not drawn)."""
    heights = [0.0] * period.days
    for position, value in zip(_positions(period, series.days), series.values, strict=True):
        heights[position] = value
    plt.bar(list(range(period.days)), heights, width=0.6, label=label)


def _date_ticks(period: Period, width: int) -> tuple[list[int], list[str]]:
    """About one label per 12 columns, so dates never overlap."""
    count = max(2, min(period.days, width // 12))
    step = max(1, round((period.days - 1) / (count - 1))) if count > 1 else 1
    positions = list(range(0, period.days, step))
    labels = [(period.since + timedelta(days=p)).strftime("%b %d") for p in positions]
    return positions, labels


def _frame(plt: ModuleType, period: Period, width: int, title: str) -> None:
    positions, labels = _date_ticks(period, width)
    plt.xticks(positions, labels)
    plt.xlim(-0.5, period.days - 0.5)
    plt.title(visible(title))  # medicine names in it: control characters made visible


def plan_marker_days(journal: Journal, period: Period) -> dict[date, list[str]]:
    """Each day in the period with plan starts, changes or stops, and their labels."""
    from painlog.plan.model import load, markers

    labels: dict[date, list[str]] = {}
    for day, label in markers(load(journal), period.since, period.until):
        labels.setdefault(day, []).append(label)
    return labels


def _plan_markers(plt: ModuleType, labels: dict[date, list[str]], period: Period) -> None:
    """A numbered vertical line at each day with plan events; the key goes under the chart
    (labels written on the chart would cover the data and each other)."""
    for number, day in enumerate(labels, start=1):
        position = (day - period.since).days
        plt.vline(position, "magenta")
        plt.text(str(number), position, 0.3, color="magenta", alignment="center")


def marker_key(labels: dict[date, list[str]]) -> str:
    return visible(
        "Plan changes (numbered lines): "
        + "; ".join(
            f"{number} {day.strftime('%b %d')}: {', '.join(names)}"
            for number, (day, names) in enumerate(labels.items(), start=1)
        )
    )


def as_needed_doses(journal: Journal, period: Period) -> tuple[list[str], Series] | None:
    """Doses per day of the medicines the plan has as needed, or None without any."""
    from painlog.plan.model import AS_NEEDED, load, spans

    prn = [s.version for s in spans(load(journal)) if s.version.mode == AS_NEEDED
           and s.start <= period.until and (s.end is None or s.end > period.since)]  # fmt: skip
    if not prn:
        return None
    marks, keys = named_list({version.key for version in prn})
    sql = f"""
        SELECT day, count(*) AS doses FROM entries
        WHERE kind = 'medication' AND {IN_PERIOD} AND {COUNTED} IN ({marks})
        GROUP BY day ORDER BY day
    """
    params = {**period.params(), **keys}
    rows = list(journal.query(sql, params))
    names = sorted({version.name for version in prn}, key=str.lower)
    return names, Series("as-needed doses", [r["day"] for r in rows], [r["doses"] for r in rows])


def round_ticks(top: float, steps: Sequence[float]) -> list[float]:
    """Ticks from 0 past ``top`` at the first step that gives at most 6 of them."""
    step = next((s for s in steps if top / s <= 5), steps[-1])
    count = int(top // step) + 1 + (top % step > 0)
    return [step * index for index in range(count)]


def _whole_ticks(top: float) -> list[int]:
    return [int(tick) for tick in round_ticks(top, (1, 2, 5, 10, 20, 50))]


def _draw(plt: ModuleType, journal: Journal, kind: str, period: Period, width: int) -> bool:
    """Draw one panel; False when there is nothing to draw."""
    if kind == "pain":
        mean = daily(journal, "pain", period, "mean")
        worst = daily(journal, "pain", period, "worst")
        if not mean.days:
            return False
        _line(plt, period, worst, "daily worst", "red", marker="dot")
        _line(plt, period, mean, "daily mean", "blue", marker="braille")
        plt.ylim(0, 10)
        plt.yticks([0, 2, 4, 6, 8, 10])
        _frame(plt, period, width, "Pain (0-10)")
    elif kind == "sleep":
        hours = daily(journal, "sleep", period, "total")
        if not hours.days:
            return False
        _bars(plt, period, hours, "hours slept")
        ticks = round_ticks(max(10, *hours.values), (2, 4))
        plt.ylim(0, ticks[-1])
        plt.yticks(ticks)
        _frame(plt, period, width, "Sleep (hours per night)")
    elif kind.startswith("symptom:"):
        symptom = daily(journal, kind, period, "mean")
        if not symptom.days:
            return False
        name = kind.partition(":")[2]
        _line(plt, period, symptom, f"daily mean {name}", "blue", marker="braille")
        plt.ylim(0, 10)
        plt.yticks([0, 2, 4, 6, 8, 10])
        _frame(plt, period, width, f"{name.capitalize()} (0-10)")
    elif kind == "mood":
        mood = daily(journal, "mood", period, "mean")
        if not mood.days:
            return False
        _line(plt, period, mood, "daily mean mood", "blue")
        plt.ylim(0, 10)
        plt.yticks([0, 2, 4, 6, 8, 10])
        _frame(plt, period, width, "Mood (0-10, higher is better)")
    elif kind == "steps":
        steps = daily(journal, "steps", period, "worst")
        if not steps.days:
            return False
        _bars(plt, period, steps, "steps")
        ticks = round_ticks(max(1000, *steps.values), (1000, 2000, 5000, 10000, 20000, 50000))
        plt.ylim(0, ticks[-1])
        plt.yticks(ticks)
        _frame(plt, period, width, "Steps (per day)")
    elif kind == "exercise":
        minutes = daily(journal, "exercise", period, "total")
        if not minutes.days:
            return False
        _bars(plt, period, minutes, "minutes")
        ticks = round_ticks(max(minutes.values), (15, 30, 60, 120, 240))
        plt.ylim(0, ticks[-1])
        plt.yticks(ticks)
        _frame(plt, period, width, "Exercise (minutes per day)")
    else:
        prn = as_needed_doses(journal, period)
        if prn is not None:
            names, doses = prn
            top = max([*doses.values, 1]) + 1
            _bars(plt, period, doses, "doses")
            plt.ylim(0, top)
            plt.yticks(_whole_ticks(top))
            _frame(plt, period, width, f"As-needed doses per day ({', '.join(names)})")
            return True
        per_name = doses_per_name(journal, period)
        if not per_name:
            return False
        # A distinct marker and a small sideways nudge per medicine keep them apart in
        # black and white too.
        for index, series in enumerate(per_name):
            nudge = (index - (len(per_name) - 1) / 2) * 0.25
            positions = [p + nudge for p in _positions(period, series.days)]
            marker = MARKERS[index % len(MARKERS)]
            plt.scatter(positions, series.values, label=visible(series.label), marker=marker)
        top = max(max(series.values) for series in per_name) + 1
        plt.ylim(0, top)
        plt.yticks(_whole_ticks(top))
        _frame(plt, period, width, "Medication (doses per day)")
    return True


def colour_wanted() -> bool:
    """Colour only at a terminal and without NO_COLOR (the same rule as the rich views)."""

    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def _new_figure(plt: ModuleType) -> None:
    """A figure of its own for each chart. plotext keeps one global figure, and after a
    figure of several panels that was never built (nothing logged: no chart), its
    ``clear_figure`` leaves the next one-panel chart blank. A new figure object resets all of
    it (plotext < 6 is pinned; ``clear_figure`` stays the fallback)."""
    core = sys.modules.get("plotext._core")
    make = getattr(core, "_figure_class", None)
    if core is not None and make is not None and hasattr(core, "_figure"):
        setattr(core, "_figure", make())  # noqa: B010 (a module of plotext, untyped)
    else:
        plt.clear_figure()


def render(
    journal: Journal,
    kinds: Sequence[str],
    period: Period,
    width: int | None = None,
    colour: bool | None = None,
) -> str | None:
    """The chart as text, or None when no panel has data. Without colour (NO_COLOR, or not a
    terminal) no escape code is written."""
    import plotext as plt

    colour = colour_wanted() if colour is None else colour
    width = width or terminal_width()
    _new_figure(plt)
    plt.subplots(len(kinds), 1)
    drawn = 0
    labels = plan_marker_days(journal, period)
    marked = False
    for row, kind in enumerate(kinds, start=1):
        plt.subplot(row, 1)
        if _draw(plt, journal, kind, period, width):
            drawn += 1
            if labels and kind in {"pain", "mood", "medication"}:
                _plan_markers(plt, labels, period)
                marked = True
        else:
            plt.title(f"{kind.capitalize()}: nothing logged in this period")
    if not drawn:
        return None
    # Height is ours to choose (a chart may scroll); width is the terminal's.
    plt.limitsize(False, False)
    plt.main().plotsize(width, 22 if len(kinds) == 1 else 20 * len(kinds))
    if not colour:
        plt.theme("clear")
    text = plt.build()
    text = text if colour else plt.uncolorize(text)
    if marked:
        text += "\n" + textwrap.fill(marker_key(labels), width=max(40, width - 1))
    return text
