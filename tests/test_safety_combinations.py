"""An opioid with a benzodiazepine (the whole class) or a gabapentinoid within 24 hours, counted
on the day of the later dose (issue 25; SPEC "Function, mood screening and medicine safety")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from painlog.plan.medicines import is_benzodiazepine, is_gabapentinoid

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _week(painlog, since="2026-11-30"):
    return painlog.json("summary", "--since", since, "--until", "2026-12-06")["weeks"][-1]


@pytest.mark.parametrize(
    "name",
    ["clobazam", "clorazepate", "triazolam", "Halcion", "Tranxene", "Frisium", "estazolam",
     "flurazepam", "nitrazepam", "quazepam", "bromazepam"],
)  # fmt: skip
def test_the_whole_benzodiazepine_class(name):
    assert is_benzodiazepine(name)


@pytest.mark.parametrize("name", ["gabapentin", "pregabalin", "Lyrica", "Neurontin"])
def test_gabapentinoids(name):
    assert is_gabapentinoid(name) and not is_benzodiazepine(name)


def test_across_midnight_counts_on_the_day_of_the_later_dose(painlog):
    painlog.ok("add", "med", "oxycodone", "5mg", "--at", "2026-12-01 23:00")
    painlog.ok("add", "med", "lorazepam", "1mg", "--at", "2026-12-02 00:30")
    week = _week(painlog)
    assert week["opioid_and_benzodiazepine_days"] == 1  # 2 Dec only
    assert week["opioid_and_gabapentinoid_days"] == 0


def test_clobazam_and_pregabalin_with_an_opioid(painlog):
    # 1 Dec 08:00 tramadol; 1 Dec 20:00 clobazam (12 h later: counts on 1 Dec);
    # 2 Dec 07:00 pregabalin (23 h after tramadol: counts on 2 Dec);
    # 4 Dec 09:00 triazolam, the last opioid 2 days before: not counted.
    painlog.ok("add", "med", "tramadol", "50mg", "--at", "2026-12-01 08:00")
    painlog.ok("add", "med", "clobazam", "10mg", "--at", "2026-12-01 20:00")
    painlog.ok("add", "med", "pregabalin", "75mg", "--at", "2026-12-02 07:00")
    painlog.ok("add", "med", "triazolam", "0.25mg", "--at", "2026-12-04 09:00")
    week = _week(painlog)
    assert week["opioid_and_benzodiazepine_days"] == 1
    assert week["opioid_and_gabapentinoid_days"] == 1
    assert (
        painlog.json("summary", "--since", "2026-12-02", "--until", "2026-12-02")["weeks"][0][
            "opioid_and_gabapentinoid_days"
        ]
        == 1
    )


def test_more_than_24_hours_apart_is_not_counted(painlog):
    painlog.ok("add", "med", "oxycodone", "5mg", "--at", "2026-12-01 08:00")
    painlog.ok("add", "med", "diazepam", "2mg", "--at", "2026-12-02 08:01")
    painlog.ok("add", "med", "gabapentin", "300mg", "--at", "2026-12-02 09:00")
    week = _week(painlog)
    assert (week["opioid_and_benzodiazepine_days"], week["opioid_and_gabapentinoid_days"]) == (0, 0)


def test_a_dose_the_day_before_the_period_counts_for_its_first_day(painlog):
    painlog.ok("add", "med", "morphine", "10mg", "--at", "2026-11-29 22:00")
    painlog.ok("add", "med", "alprazolam", "0.5mg", "--at", "2026-11-30 07:00")
    assert _week(painlog)["opioid_and_benzodiazepine_days"] == 1


def test_summary_text_names_both_combinations(painlog):
    painlog.ok("add", "med", "oxycodone", "5mg", "--at", "2026-12-03 08:00")
    painlog.ok("add", "med", "clorazepate", "7.5mg", "--at", "2026-12-03 09:00")
    painlog.ok("add", "med", "gabapentin", "300mg", "--at", "2026-12-03 10:00")
    result = painlog.ok("summary", "--since", "2026-11-30", "--until", "2026-12-06",
                        env={"COLUMNS": "80", "NO_COLOR": "1"})  # fmt: skip
    text = " ".join(result.stdout.split())
    assert "1 day with an opioid and a benzodiazepine within 24 h" in text
    assert "1 day with an opioid and a gabapentinoid within 24 h" in text
