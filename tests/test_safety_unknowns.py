"""What painlog cannot know about a medicine is named, never counted as zero (issue 25, SPEC
"Function, mood screening and medicine safety"). Expected figures are counted by hand."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from painlog.plan.medicine_table import PRODUCTS, SOURCES
from painlog.plan.medicines import classified, daily_mme, dose_contents

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))
WEEK = ("--since", "2026-11-30", "--until", "2026-12-06")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _summary(painlog):
    return painlog.json("summary", *WEEK)


def _text(painlog, *args):
    result = painlog.ok(*args, env={"COLUMNS": "80", "NO_COLOR": "1"})
    return " ".join(result.stdout.split())


def test_oramorph_with_diazepam_counts_mme_and_the_combination(painlog):
    # Oramorph 20 mg four times on 1 Dec: 80 mg morphine x 1 = 80 MME; diazepam at 21:00.
    for hour in ("08:00", "12:00", "16:00", "20:00"):
        painlog.ok("add", "med", "Oramorph", "20mg", "--at", f"2026-12-01 {hour}")
    painlog.ok("add", "med", "diazepam", "5mg", "--at", "2026-12-01 21:00")
    data = _summary(painlog)
    week = data["weeks"][0]
    assert week["mme"] == {
        "days": 1, "mean_daily": 80.0, "max_daily": 80.0, "days_50_or_more": 1,
        "days_90_or_more": 0, "days_strength_unknown": 0,
    }  # fmt: skip
    assert week["opioid_and_benzodiazepine_days"] == 1
    assert data["medicines_not_known"] == []


def test_a_medicine_painlog_cannot_classify_is_named_with_its_doses(painlog, tmp_path):
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2026-12-02 09:00")
    painlog.ok("add", "med", "Wonderpill", "1", "tablet", "--at", "2026-12-02 10:00")
    painlog.ok("add", "med", "wonderpill", "1", "tablet", "--at", "2026-12-03 10:00")
    painlog.ok("add", "med", "Mysterol", "5mg", "--at", "2026-12-03 11:00")
    data = _summary(painlog)
    assert data["medicines_not_known"] == [
        {"name": "Mysterol", "doses": 1},
        {"name": "Wonderpill", "doses": 2},
    ]
    assert data["medicines_logged"] == 3
    text = _text(painlog, "summary", *WEEK)
    assert "Medicine safety covers 1 of 3 medicines logged; not known: Mysterol, Wonderpill" in text
    out = tmp_path / "r.md"
    painlog.ok("report", "--since", "2026-11-30", "--until", "2026-12-06", "-o", str(out))
    report = " ".join(out.read_text().split())
    assert (
        "Medicine safety covers 1 of 3 medicines logged; not known: Mysterol, Wonderpill" in report
    )


def test_percocet_without_contents_is_unknown_never_zero(painlog):
    # 1 Dec: oxycodone 30 mg = 45 MME (known). 2 Dec: Percocet, strength unknown.
    painlog.ok("add", "med", "oxycodone", "30mg", "--at", "2026-12-01 09:00")
    painlog.ok("add", "med", "Percocet", "2", "tablet", "--at", "2026-12-02 09:00")
    week = _summary(painlog)["weeks"][0]
    assert week["mme"]["days"] == 1 and week["mme"]["mean_daily"] == 45.0  # never (45+0)/2
    assert week["mme"]["days_strength_unknown"] == 1
    assert week["acetaminophen"]["days_amount_unknown"] == 1
    assert week["acetaminophen"]["max_daily_mg"] is None
    text = _text(painlog, "summary", *WEEK)
    assert (
        "opioid on 2 days (1 of unknown strength), daily MME mean 45 over the 1 day known" in text
    )
    assert "highest at least 45; at least 0 days at 50 or more, at least 0 at 90 or more" in text
    assert "at least 0 days over 4,000 mg (1 day of unknown amount)" in text


@pytest.mark.parametrize(
    ("name", "amount", "unit", "opioid"),
    [
        ("Oramorph", 10, "mL", "morphine"),
        ("Zomorph", 1, "capsule", "morphine"),
        ("Zydol", 1, "capsule", "tramadol"),
        ("Hysingla", 1, "tablet", "hydrocodone"),
        ("Xtampza", 1, "capsule", "oxycodone"),
        ("levorphanol", 2, "mg", "levorphanol"),
        ("Butrans", 1, "patch", "buprenorphine"),
        ("Suboxone", 1, "film", "buprenorphine"),
        ("Belbuca", 150, "mcg", "buprenorphine"),
    ],
)
def test_brands_are_recognised_opioids_of_unknown_mme(name, amount, unit, opioid):
    dose = dose_contents(name, amount, unit)
    assert dose.opioid and opioid in {part.name for part in dose.ingredients}
    found = daily_mme([dose])
    assert found.opioid and found.mme_unknown and found.mme == 0.0


@pytest.mark.parametrize(
    ("name", "caplets", "mg"),
    [
        ("Excedrin Tension Headache", 2, 1000.0),  # 500 mg a caplet (DailyMed)
        ("Tylenol PM", 2, 1000.0),  # 500 mg a caplet
        ("NyQuil LiquiCaps", 2, 650.0),  # 325 mg a LiquiCap
        ("Panadol Extra", 2, 1000.0),  # 500 mg a tablet (emc SmPC)
    ],
)
def test_acetaminophen_in_combination_products(name, caplets, mg):
    found = daily_mme([dose_contents(name, caplets, "tablet")])
    assert (found.acetaminophen_mg, found.acetaminophen_unknown) == (mg, False)


@pytest.mark.parametrize("name", ["Excedrin", "NyQuil", "Tylenol", "co-codamol"])
def test_a_bare_brand_of_several_strengths_is_never_guessed(name):
    found = daily_mme([dose_contents(name, 2, "tablet")])
    assert found.acetaminophen_taken and found.acetaminophen_unknown
    assert found.acetaminophen_mg == 0.0 and found.notes


def test_every_product_row_names_its_published_source():
    assert set(PRODUCTS) == set(SOURCES)
    assert all(SOURCES[name].strip() for name in PRODUCTS)


def test_classified_knows_common_medicines_and_not_made_up_ones():
    for name in ("ibuprofen", "Lyrica", "clobazam", "Oramorph", "Tylenol PM"):
        assert classified(name), name
    assert not classified("Wonderpill")
