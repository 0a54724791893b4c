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


def test_a_patch_counts_for_its_wear_time(painlog):
    # fentanyl 25 mcg/h x 2.4 = 60 MME a day; worn 72 h from 1 Dec 09:00: 1, 2 and 3 Dec.
    painlog.ok("med", "fentanyl", "--wear", "72h")
    painlog.ok("add", "med", "fentanyl", "1", "patch", "--contains", "fentanyl 25mcg/h",
               "--at", "2026-12-01 09:00")  # fmt: skip
    # lorazepam on 4 Dec 08:00, while the patch is still on (it comes off at 09:00)
    painlog.ok("add", "med", "lorazepam", "1mg", "--at", "2026-12-04 08:00")
    week = _week(painlog)
    assert week["mme"]["days"] == 3 and week["mme"]["mean_daily"] == 60.0
    assert week["mme"]["days_50_or_more"] == 3
    assert week["opioid_and_benzodiazepine_days"] == 1  # 4 Dec


def test_a_plan_patch_with_wear_and_a_gabapentinoid_days_later(painlog):
    painlog.ok("plan", "add", "med", "Butrans", "1", "patch", "--contains",
               "buprenorphine 10mcg/h", "--wear", "7d", "--times", "09:00",
               "--from", "2026-11-01")  # fmt: skip
    painlog.ok("add", "med", "Butrans", "--at", "2026-12-01 09:00")
    painlog.ok("add", "med", "pregabalin", "75mg", "--at", "2026-12-05 20:00")
    week = _week(painlog)
    # buprenorphine has no CDC factor: 1-6 Dec worn, each a day of unknown MME, never 0
    assert week["mme"]["days"] == 0 and week["mme"]["days_strength_unknown"] == 6
    assert week["opioid_and_gabapentinoid_days"] == 1  # 5 Dec, the patch still on


def test_a_bad_wear_is_refused_and_changes_nothing(painlog):
    painlog.ok("add", "mood", "5")
    before = painlog.fingerprint()
    for args in (("med", "fentanyl", "--wear", "15d"), ("med", "fentanyl", "--wear", "soon"),
                 ("plan", "add", "med", "Butrans", "1", "patch", "--times", "09:00", "--wear", "0h")):  # fmt: skip
        result = painlog(*args)
        assert result.exit_code == 2 and "--wear" in result.stderr, args
    assert painlog.fingerprint() == before
