"""A factor's counted unit has one spelling (SPEC's "drinks, cups"): "1 cup", "2 Cups" and
"2 cups" are totalled together, shown "1 cup" and "2 cups"; other units are kept as typed."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from painlog.journal.values import factor_unit, factor_unit_shown

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("cup", "cups"), ("Cups", "cups"), ("cups", "cups"), ("glass", "glasses"),
     ("Glasses", "glasses"), ("drink", "drinks"), ("g", "g"), ("mL", "mL"), ("°C", "°C"),
     ("/10", "/10"), ("handfuls", "handfuls")],
)  # fmt: skip
def test_one_spelling_for_a_counted_unit(typed, stored):
    assert factor_unit(typed) == stored


def test_one_of_a_counted_unit_reads_singular():
    assert [factor_unit_shown(n, "cups") for n in (1, 2, 0.5)] == ["cup", "cups", "cups"]
    assert factor_unit_shown(1, "g") == "g"


def test_a_week_totals_one_unit_however_it_was_typed(painlog):
    for typed in (["1", "cup"], ["2", "Cups"], ["2", "cups"], ["200", "g"]):
        painlog.ok("add", "factor", "coffee", *typed, "--at", "2026-12-07 08:00")
    added = painlog.ok("add", "factor", "coffee", "1", "CUP", "--at", "2026-12-07 09:00")
    assert "Added factor coffee 1 cup" in added.stdout
    (week,) = painlog.json("summary", "--since", "2026-12-07")["weeks"]
    assert week["factors"]["coffee"]["totals"] == {"cups": 6.0, "g": 200.0}
    listed = painlog.ok("list").stdout
    assert "coffee 2 cups" in listed and "coffee 1 cup " in listed + " "
