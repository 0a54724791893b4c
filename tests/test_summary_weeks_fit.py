"""The summary's per-name tables over a long period: as many of the latest weeks as fit whole
at the terminal's width, and the title says which ("latest 7 of 15 weeks"); no week column is
squeezed, cut or silently dropped, and this week's cell is shown whole."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import screen_table

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))  # a Monday


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


# Week columns: "Oct 26" 6+3 ... "7.0 1d" 6+3, "Nov 2" "Nov 9" 5+3: the names keep 16 cells and
# the table's edges 2, so at 80 columns 62 cells hold 7 weeks (Oct 26 to Dec 7: 9+8+8+9+9+9+9
# = 61), at 60 columns 42 hold 4 (Nov 16 to Dec 7: 36; with Nov 9, 44).
@pytest.mark.parametrize(
    ("columns", "first", "shown"), [("80", "Oct 26", 7), ("60", "Nov 16", 4), ("200", "Aug 31", 15)]
)
def test_the_latest_weeks_that_fit_and_the_title_says_so(painlog, columns, first, shown):
    for week in range(14):  # coffee once a week from Tuesday 2026-09-01
        day = date(2026, 9, 1) + timedelta(days=7 * week)
        painlog.ok("add", "factor", "coffee", "--at", f"{day} 10:00")
    painlog.ok("add", "symptom", "fatigue", "7")
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2026-09-02 09:00")
    result = painlog.ok("summary", "--since", "2026-09-01", env={"COLUMNS": columns})
    assert all(len(line) <= int(columns) for line in result.stdout.splitlines())
    table = screen_table(result.stdout, "Symptoms (weekly mean 0-10")
    title = " ".join(" ".join(table[:2]).split())
    if shown < 15:
        assert f"(latest {shown} of 15 weeks)" in title
    else:
        assert "latest" not in title
    header = next(line for line in table if "Dec 7" in line)
    assert re.findall(r"[A-Z][a-z]{2} \d+", header)[0] == first
    assert len(re.findall(r"[A-Z][a-z]{2} \d+", header)) == shown
    rows = {line.split("(")[0].strip(): line.split(")", 1)[1].split() for line in table
            if "(symptom)" in line or "(days)" in line}  # fmt: skip
    assert rows["fatigue"][-2:] == ["7.0", "1d"]  # this week's cell whole
    assert rows["coffee"] == ["1"] * (shown - 1) + ["–"]
    # The medicines' table keeps to the same rule: the one dose is in the first week only.
    medicines = screen_table(result.stdout, "Medication doses")
    if shown < 15:
        assert f"(latest {shown} of 15 weeks)" in " ".join(" ".join(medicines[:2]).split())
