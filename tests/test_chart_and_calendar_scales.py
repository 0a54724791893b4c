"""Chart and calendar scales: axes tick at round numbers, lines stop at days with nothing
logged, medication bars are one day wide, and the calendar colours the number it prints."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from painlog.insight.heatmap import LEVELS, shown, style_for

NOON_25_NOV = datetime(2026, 11, 25, 12, 0)


@pytest.fixture
def frozen():
    # Noon in the local zone of the run (a naive moment would be read as UTC).
    with time_machine.travel(NOON_25_NOV.astimezone(), tick=False):
        yield


def test_calendar_colours_the_number_it_prints():
    for mean, number in ((5.5, 6), (4.5, 5), (1.49, 1), (1.5, 2), (7.5, 8), (0.0, 0), (10.0, 10)):
        assert shown(mean) == number
        band = next(label for top, label, _ in LEVELS if number <= top)
        low, high = (int(part) for part in band.split("-"))
        assert low <= number <= high
        assert style_for(number) == next(style for top, _, style in LEVELS if number <= top)


def test_chart_axes_tick_at_round_numbers(painlog):
    painlog.ok("add", "sleep", "7h15m", "--at", "yesterday 7am")
    painlog.ok("add", "sleep", "6.25", "--at", "2 days ago")
    painlog.ok("add", "exercise", "walk", "95m", "--at", "yesterday")
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "yesterday 8am")
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "yesterday 4pm")
    env = {"COLUMNS": "80", "NO_COLOR": "1"}

    def axis(kind: str) -> list[str]:
        text = painlog.ok("chart", kind, env=env).stdout
        return [line.split("┤")[0].strip() for line in text.splitlines() if "┤" in line]

    assert axis("sleep") == ["10", "8", "6", "4", "2", "0"]
    assert axis("exercise") == ["120", "90", "60", "30", "0"]
    assert axis("medication") == ["3", "2", "1", "0"]


def test_chart_lines_stop_at_days_with_nothing_logged():
    from painlog.insight.charts import _runs

    # Days 0, 1 and 4, 5 logged; 2 and 3 not: two runs, no line across days 2-3.
    assert _runs([0, 1, 4, 5], [3.0, 4.0, 5.0, 6.0]) == [([0, 1], [3.0, 4.0]), ([4, 5], [5.0, 6.0])]


def test_chart_medication_bars_are_one_day_wide(painlog, frozen):
    # Doses on 12 Nov and 24 Nov only. Before, plotext sized each bar by the distance to its
    # neighbour (12 days); now every day of the period is a bar slot, so each bar is ~1 day.
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2026-11-12 09:00")
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2026-11-24 09:00")
    painlog.ok("plan", "add", "med", "ibuprofen", "400mg", "--as-needed", "--from", "2026-11-01")
    out = painlog.ok("chart", "medication", env={"COLUMNS": "80", "NO_COLOR": "1"}).stdout
    widest = max(len(run) for line in out.splitlines() for run in line.split() if set(run) == {"█"})
    # 28 days over about 77 columns: under 3 columns a day; a 12-day-wide bar would be ~33.
    assert widest <= 4
