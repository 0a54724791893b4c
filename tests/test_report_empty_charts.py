"""A report chart with nothing to show says so inside a frame on the period's own dates, with no
placeholder axes (SPEC.md "Clinic report"): no 0-10 scale, no gridlines; a chart with data keeps
its scale. Checked on the figures the report draws (each captured before it becomes a PNG)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from painlog.report import images

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))  # a Monday
SINCE, UNTIL = date(2026, 11, 10), date(2026, 12, 7)  # the default period: the last 4 weeks


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def drawn(monkeypatch) -> dict[str, dict]:
    """What each chart's axes show, by title's first word, read just before the PNG is made."""
    import matplotlib.dates as mdates

    seen: dict[str, dict] = {}
    make_png = images._png

    def capture(plt, figure):
        (axes,) = figure.axes
        seen[axes.get_title(loc="left").split()[0]] = {
            "yticks": list(axes.get_yticks()),
            "ygrid": [line.get_visible() for line in axes.get_ygridlines()],
            "spines": {side: spine.get_visible() for side, spine in axes.spines.items()},
            "texts": [text.get_text() for text in axes.texts],
            "xlim": [mdates.num2date(value).date() for value in axes.get_xlim()],
            "xticks": [mdates.num2date(value).date() for value in axes.get_xticks()],
        }
        return make_png(plt, figure)

    monkeypatch.setattr(images, "_png", capture)
    return seen


def _empty_frame(chart: dict, text: str) -> None:
    assert chart["yticks"] == []  # no scale
    assert not any(chart["ygrid"])  # no gridlines
    assert all(chart["spines"].values())  # a frame: all four sides
    assert text in chart["texts"]
    # on the period's own dates: a day either side, ticks a week apart from its first day
    assert chart["xlim"] == [date(2026, 11, 9), date(2026, 12, 8)]
    assert chart["xticks"] == [date(2026, 11, day) for day in (10, 17, 24)] + [date(2026, 12, 1)]


def test_no_sleep_logged(painlog, tmp_path, drawn):
    for day in range(1, 6):
        painlog.ok("add", "pain", str(day + 2), "--at", f"2026-12-0{day} 10:00")
    painlog.ok("report", "-o", str(tmp_path / "r.pdf"))
    _empty_frame(drawn["Sleep"], "no sleep logged in this period")
    pain = drawn["Pain"]
    assert pain["yticks"] == [0, 2, 4, 6, 8, 10]  # a chart with data keeps its scale
    assert not pain["texts"]


def test_no_pain_logged(painlog, tmp_path, drawn):
    for day in range(1, 6):
        painlog.ok("add", "sleep", str(day + 4), "--at", f"2026-12-0{day} 07:00")
    painlog.ok("report", "-o", str(tmp_path / "r.html"))
    _empty_frame(drawn["Pain"], "no pain logged in this period")
    assert drawn["Sleep"]["yticks"] == [0, 2, 4, 6, 8, 10]


def test_pain_chart_with_only_peg_keeps_its_scale(painlog, tmp_path, drawn):
    painlog.ok("peg", "--pain", "6", "--enjoyment", "5", "--activity", "4", "--at", "2026-12-01")
    painlog.ok("report", "-o", str(tmp_path / "r.pdf"))
    pain = drawn["Pain"]
    assert pain["yticks"] == [0, 2, 4, 6, 8, 10]  # the PEG score is drawn on it
    assert "no pain logged in this period" in pain["texts"]
    _empty_frame(drawn["Sleep"], "no sleep logged in this period")
