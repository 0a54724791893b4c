"""Issue 9: a patient on a bad day — numbers as they are, forgiving input, plain words."""

from __future__ import annotations

import re

from painlog.heatmap import LEVELS, shown, style_for


def test_summary_shows_halves_as_they_are_and_starts_at_the_first_week(painlog):
    painlog.ok("add", "pain", "8.5", "--at", "2 days ago")
    painlog.ok("add", "pain", "5.5", "--at", "2 days ago")
    text = painlog.ok(
        "summary", "--since", "10 weeks ago", env={"COLUMNS": "100", "NO_COLOR": "1"}
    ).stdout
    assert "8.5/5.5" in text
    rows = [line for line in text.splitlines() if re.match(r"\s*[A-Z][a-z]{2} \d", line)]
    assert len(rows) <= 2  # not ten empty weeks before the journal began
    assert "Meds" not in text  # a sum of different medicines meant nothing
    assert len(painlog.json("summary", "--since", "10 weeks ago")["weeks"]) >= 10  # JSON keeps them


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


def test_plurals(painlog, tmp_path):
    assert "2 tablets" in painlog.ok("add", "med", "paracetamol", "2", "tablets").stdout
    assert "1 tablet " in painlog.ok("add", "med", "paracetamol", "1", "tablet").stdout
    assert "Backed up 2 entries" in painlog.ok("backup").stdout
    out = tmp_path / "one.csv"
    painlog.ok("export", "-o", str(out), "--since", "today", "--until", "today")
    copy = tmp_path / "c.db"
    from tests.conftest import Painlog

    assert "Imported 2 records" in Painlog(copy).ok("import", str(out)).stdout
