"""Medicine safety through the commands: MME (CDC 2022 factors), an opioid with a
benzodiazepine, acetaminophen across products, --contains, and the report's facts."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from painlog import clock
from painlog.plan.medicines import MME_CAVEAT


def _day(days_ago: int) -> str:
    return (clock.today() - timedelta(days=days_ago)).isoformat()


def _week(painlog, day: str) -> dict:
    weeks = painlog.json("summary", "--since", day, "--until", day)["weeks"]
    (week,) = [w for w in weeks if w["week_start"] <= day <= w["week_end"]]
    return week


def test_tramadol_four_times_50_mg_is_40_mme(painlog):
    day = _day(3)
    for hour in ("06:00", "12:00", "18:00", "23:00"):
        painlog.ok("add", "med", "tramadol", "50mg", "--at", f"{day} {hour}")
    week = _week(painlog, day)
    # 4 x 50 mg x 0.2 = 40 MME, one day.
    assert week["mme"] == {
        "days": 1, "mean_daily": 40.0, "max_daily": 40.0, "days_50_or_more": 0,
        "days_90_or_more": 0, "days_strength_unknown": 0,
    }  # fmt: skip
    assert week["opioid_and_benzodiazepine_days"] == 0
    assert week["acetaminophen"]["max_daily_mg"] is None


def test_two_days_mean_max_and_thresholds_and_a_benzodiazepine(painlog):
    one, two = _day(5), _day(4)
    painlog.ok("add", "med", "oxycodone", "30mg", "--at", f"{one} 08:00")
    painlog.ok("add", "med", "OxyContin", "30mg", "--at", f"{one} 20:00")  # 60 mg x 1.5 = 90
    painlog.ok("add", "med", "hydromorphone", "2mg", "--at", f"{two} 08:00")  # 2 x 5 = 10
    painlog.ok("add", "med", "diazepam", "5mg", "--at", f"{two} 22:00")
    weeks = painlog.json("summary", "--since", one, "--until", two)["weeks"]
    mme = {"days": 0, "total": 0.0, "max": 0.0, "50": 0, "90": 0, "benzo": 0}
    for week in weeks:
        if week["mme"]["days"]:
            mme["days"] += week["mme"]["days"]
            mme["max"] = max(mme["max"], week["mme"]["max_daily"])
            mme["total"] += week["mme"]["mean_daily"] * week["mme"]["days"]
            mme["50"] += week["mme"]["days_50_or_more"]
            mme["90"] += week["mme"]["days_90_or_more"]
        mme["benzo"] += week["opioid_and_benzodiazepine_days"]
    assert mme == {"days": 2, "total": 100.0, "max": 90.0, "50": 1, "90": 1, "benzo": 1}


def test_a_combination_product_with_contains_in_the_plan(painlog):
    day = _day(2)
    painlog.ok("plan", "add", "med", "Percocet", "1", "tablet", "--as-needed", "--from", _day(10),
               "--contains", "oxycodone 5mg, acetaminophen 325mg")  # fmt: skip
    painlog.ok("add", "med", "Percocet", "2", "tablet", "--at", f"{day} 09:00")
    week = _week(painlog, day)
    assert week["mme"]["max_daily"] == 15.0  # 2 x 5 mg x 1.5
    assert week["acetaminophen"]["max_daily_mg"] == 650.0
    plan = painlog.json("plan")
    assert plan["items"][0]["contains"] == "oxycodone 5mg, acetaminophen 325mg"


def test_acetaminophen_totals_across_products_and_the_add_note(painlog):
    day = _day(1)
    painlog.ok("add", "med", "paracetamol", "1g", "--at", f"{day} 07:00")
    painlog.ok("add", "med", "Tylenol #3", "2", "tablets", "--at", f"{day} 12:00")  # 600 mg
    painlog.ok("add", "med", "acetaminophen", "1000mg", "--at", f"{day} 17:00")
    last = painlog.ok("add", "med", "Panadol", "1", "tablet", "--contains", "paracetamol 500mg",
                      "--at", f"{day} 18:00")  # fmt: skip
    assert "acetaminophen" not in last.stderr  # 3,100 mg: under 4,000
    over = painlog.ok(
        "add",
        "med",
        "co-codamol",
        "2",
        "tablet",
        "--contains",
        "codeine 30mg, paracetamol 500mg",
        "--at",
        f"{day} 22:00",
    )  # 1000 + 600 + 1000 + 500 + 1000 = 4,100 mg
    assert f"{day}: acetaminophen (paracetamol) 4,100 mg across all products, over 4,000 mg" in (
        over.stderr
    )
    week = _week(painlog, day)
    assert week["acetaminophen"] == {
        "max_daily_mg": 4100.0, "days_over_limit": 1, "limit_mg": 4000.0, "days_amount_unknown": 0,
    }  # fmt: skip
    # codeine: 2 x 30 mg (Tylenol #3) + 2 x 30 mg (co-codamol) = 120 mg x 0.15 = 18 MME
    assert week["mme"]["max_daily"] == 18.0


def test_the_persons_own_acetaminophen_limit_and_due(painlog):
    today = clock.today()
    painlog.ok("plan", "add", "med", "paracetamol", "1g", "--as-needed", "--max-daily", "3g",
               "--from", _day(5))  # fmt: skip
    now = clock.now()
    earlier = [now - timedelta(minutes=minutes) for minutes in (3, 2, 1)]
    if any(moment.date() != today for moment in earlier):
        pytest.skip("needs three minutes of today")
    for moment in earlier:
        result = painlog.ok("add", "med", "paracetamol", "--at", moment.strftime("%Y-%m-%d %H:%M"))
    assert "acetaminophen" not in result.stderr  # 3,000 mg: not over 3 g
    painlog.ok("add", "med", "Tylenol", "1", "tablet", "--contains", "acetaminophen 500mg",
               "--at", now.strftime("%Y-%m-%d %H:%M"))  # fmt: skip
    due = painlog.json("due")
    assert due["acetaminophen"]["today_mg"] == 3500.0 and due["acetaminophen"]["over_limit"]
    text = painlog.ok("due").stdout
    assert "3,500 mg across all products, over 3,000 mg (your own daily limit" in " ".join(
        text.split()
    )


def test_a_dose_whose_strength_cannot_be_known_is_named(painlog):
    day = _day(1)
    result = painlog.ok("add", "med", "Norco", "1", "tablet", "--at", f"{day} 09:00")
    assert "Norco 1 tablet: strength unknown — add it with --contains" in result.stderr
    week = _week(painlog, day)
    # issue 25: a day of unknown strength is not a known MME day and never a 0
    assert week["mme"]["days"] == 0 and week["mme"]["max_daily"] is None
    assert week["mme"]["mean_daily"] is None
    assert week["mme"]["days_strength_unknown"] == 1
    assert week["acetaminophen"]["days_amount_unknown"] == 1


@pytest.mark.parametrize(
    "args",
    [
        ("add", "med", "Percocet", "1", "tablet", "--contains", "oxycodone"),
        ("add", "med", "Percocet", "1", "tablet", "--contains", "oxycodone 5 spoons"),
        ("plan", "add", "med", "Percocet", "1", "tablet", "--as-needed", "--contains", "5mg"),
        ("plan", "add", "exercise", "walk", "--per-week", "3", "--contains", "oxycodone 5mg"),
    ],
)
def test_bad_contains_is_one_line_exit_2_journal_unchanged(painlog, args):
    painlog.ok("add", "mood", "5")
    before = painlog.fingerprint()
    result = painlog(*args)
    assert result.exit_code == 2
    assert "--contains" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert painlog.fingerprint() == before


def test_plan_change_contains_and_undo(painlog):
    painlog.ok("plan", "add", "med", "co-codamol", "2", "tablet", "--as-needed", "--from", _day(9))
    painlog.ok("plan", "change", "co-codamol", "--contains", "codeine 8mg, paracetamol 500mg",
               "--from", _day(3))  # fmt: skip
    history = painlog.json("plan", "--history")["history"]
    assert [v["contains"] for v in history] == [None, "codeine 8mg, acetaminophen 500mg"]
    painlog.ok("undo")
    assert [v["contains"] for v in painlog.json("plan", "--history")["history"]] == [None]


def test_report_shows_the_safety_facts_with_the_caveat(painlog, tmp_path):
    day = _day(2)
    for hour in ("06:00", "12:00", "18:00", "23:00"):
        painlog.ok("add", "med", "tramadol", "50mg", "--at", f"{day} {hour}")
    painlog.ok("add", "med", "Vicodin", "1", "tablet", "--at", f"{day} 13:00")
    out = tmp_path / "r.md"
    painlog.ok("report", "-o", str(out))
    text = " ".join(out.read_text().split())
    assert (
        "Medicine safety (28 days): opioid on 1 day (1 of unknown strength), highest at least 40;"
        in text
    )
    assert "at least 0 days at 50 or more, at least 0 at 90 or more" in text
    assert "Vicodin 1 tablet: strength unknown — add it with --contains" in text
    assert " ".join(MME_CAVEAT.split()) in text


def test_summary_prints_a_safety_line(painlog):
    day = _day(1)
    painlog.ok("add", "med", "tramadol", "50mg", "--at", f"{day} 09:00")
    text = " ".join(painlog.ok("summary", "--since", day).stdout.split())
    # One tramadol 50 mg dose on one day: 1 day (not "1 days"), 0 days at 50 or more.
    assert "opioid on 1 day, daily MME mean 10, highest 10; 0 days at 50 or more" in text
    assert "1 days" not in text
    assert "Morphine milligram equivalents (MME)" in text
    assert json.loads(painlog.ok("summary", "--since", day, "--json").stdout)["weeks"]


def test_safety_lines_say_one_day_and_one_dose_in_the_singular():
    from painlog.cli.views.journal import safety_lines

    week = {
        "week_start": "2026-11-23",
        "mme": {"days": 1, "days_strength_unknown": 0, "mean_daily": 60, "max_daily": 60,
                "days_50_or_more": 1, "days_90_or_more": 0},
        "opioid_and_benzodiazepine_days": 1,
        "acetaminophen": {"max_daily_mg": 5000, "days_over_limit": 1, "limit_mg": 4000},
    }  # fmt: skip
    (line, _sources, _caveat) = safety_lines([week])
    assert "opioid on 1 day, daily MME mean 60, highest 60; 1 day at 50 or more" in line
    assert "; 1 day with an opioid and a benzodiazepine within 24 h;" in line
    assert "acetaminophen highest 5,000 mg a day, 1 day over 4,000 mg." in line
    assert "1 days" not in line


def test_report_says_one_more_dose_in_the_singular(painlog, tmp_path):
    day = _day(2)
    # Four Vicodin doses of unknown strength, each a different note; the report shows 3.
    for number, hour in zip(
        ("1", "2", "3", "4"), ("06:00", "10:00", "14:00", "18:00"), strict=True
    ):
        painlog.ok("add", "med", "Vicodin", number, "tablet", "--at", f"{day} {hour}")
    out = tmp_path / "r.md"
    painlog.ok("report", "-o", str(out))
    text = " ".join(out.read_text().split())
    assert "… and 1 more dose of unknown strength." in text
