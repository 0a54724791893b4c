"""What ``painlog patterns`` prints beside its two means is their difference as shown (SPEC.md
"Numbers on screen"), one decimal, in the outcome's unit; the JSON keeps the exact figures. The
report's patterns line says the same. A count of one is singular (try, report)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from painlog.cli.experiments import result_lines
from painlog.insight.patterns import difference_words, shown_difference
from painlog.plan.experiment import Result
from tests.conftest import row

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))
DAYS = [(date(2026, 11, 20) + timedelta(days=offset)).isoformat() for offset in range(10)]
# Coffee on the first five days. Pain with coffee 5.5, 5.5, 5.6, 5.6, 5.6 (mean 5.56, shown 5.6);
# without 4.1, 4.1, 4.1, 4.2, 4.2 (mean 4.14, shown 4.1): exactly 1.42 apart, shown 1.5 apart.
PAIN = [5.5, 5.5, 5.6, 5.6, 5.6, 4.1, 4.1, 4.1, 4.2, 4.2]
# Sleep with coffee 6.5, 6.5, 6.6, 6.6, 6.6 (6.56, shown 6.6); without 7.6, 7.6, 7.6, 7.7, 7.7
# (7.64, shown 7.6): exactly 1.08 hours less, shown 1.0.
SLEEP = [6.5, 6.5, 6.6, 6.6, 6.6, 7.6, 7.6, 7.6, 7.7, 7.7]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def coffee_journal(painlog, tmp_path) -> None:
    rows = []
    for index, day in enumerate(DAYS):
        rows.append(row("pain", f"{day}T12:00:00+00:00", PAIN[index]))
        rows.append(row("sleep", f"{day}T07:00:00+00:00", SLEEP[index]))
        if index < 5:
            rows.append(row("factor", f"{day}T09:00:00+00:00", name="coffee"))
    painlog.import_rows(rows, tmp_path)


def test_screen_prints_the_difference_of_the_shown_means(painlog, tmp_path):
    coffee_journal(painlog, tmp_path)
    data = painlog.json("patterns")
    same_day = next(
        result
        for result in data["results"]
        if (result["candidate"], result["lag"]) == ("factor:coffee", 0)
    )
    # The JSON keeps the exact figures (two decimals, SPEC's shape).
    assert (same_day["mean_with"], same_day["mean_without"]) == (5.56, 4.14)
    assert same_day["difference"] == 1.42
    assert same_day["stood_out"] is True  # 2 of C(10, 5) = 252 assignments as far: p 0.0079
    screen = " ".join(painlog.ok("patterns").stdout.split())
    assert "factor:coffee went with pain 1.5 points higher the same day (5.6 against 4.1;" in (
        screen
    )
    assert "1.4 points" not in screen


def test_sleep_is_in_hours_with_one_decimal(painlog, tmp_path):
    coffee_journal(painlog, tmp_path)
    data = painlog.json("patterns", "--outcome", "sleep")
    same_day = next(
        result
        for result in data["results"]
        if (result["candidate"], result["lag"]) == ("factor:coffee", 0)
    )
    assert (same_day["mean_with"], same_day["mean_without"]) == (6.56, 7.64)
    assert same_day["difference"] == -1.08
    screen = " ".join(painlog.ok("patterns", "--outcome", "sleep").stdout.split())
    assert "factor:coffee went with sleep 1.0 hours lower the same day (6.6 against 7.6;" in (
        screen
    )
    assert "points" not in screen.split("Stood out:")[1].split("To test it")[0]


def test_report_line_says_the_shown_difference(painlog, tmp_path):
    coffee_journal(painlog, tmp_path)
    out = tmp_path / "r.md"
    painlog.ok("report", "-o", str(out), "--since", DAYS[0], "--until", DAYS[-1])
    md = out.read_text(encoding="utf-8")
    assert "factor:coffee (same day): 5.6 with, 4.1 without: +1.5 (95% interval " in md.replace(
        "\\", ""
    )


@pytest.mark.parametrize(
    ("with_it", "without", "outcome", "difference", "words"),
    [
        (5.56, 4.14, "pain", 1.5, "1.5 points higher"),
        (6.56, 7.64, "sleep", -1.0, "1.0 hours lower"),
        (5.0, 4.0, "mood", 1.0, "1.0 points higher"),  # never "1 points"
        (4.05, 4.14, "symptom:fatigue", 0.0, "0.0 points different"),  # 4.1 against 4.1
        (3.25, 5.0, "pain", -1.7, "1.7 points lower"),  # 3.3 (half up) against 5.0
    ],
)
def test_shown_difference(with_it, without, outcome, difference, words):
    result = {"mean_with": with_it, "mean_without": without}
    assert shown_difference(result) == difference
    assert difference_words(result, outcome) == words


def test_one_rating_and_one_pair_are_singular(painlog, tmp_path):
    painlog.ok("add", "pain", "5", "--at", "2026-12-06 10:00")
    out = tmp_path / "r.md"
    painlog.ok("report", "-o", str(out), "--since", "2026-12-01")
    md = out.read_text(encoding="utf-8")
    assert "(mean of daily means, 1 day, 1 rating)" in md
    one = Result(1, 3.0, 5.0, -2.0, None, 1.0, 100.0, True)
    text = " ".join(result_lines("yoga", "pain", one))
    assert "(pain, 1 complete pair):" in text
    assert "With 1 pair the smallest p-value possible is 1 (2 of 2^1 assignments)" in text
    two = Result(2, 3.0, 5.0, -2.0, None, 0.5, 100.0, True)
    text = " ".join(result_lines("yoga", "pain", two))
    assert "(pain, 2 complete pairs):" in text and "With 2 pairs the smallest" in text
