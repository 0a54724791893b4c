"""Medicine safety (SPEC.md "Function, mood screening and medicine safety"): what a dose holds,
a day's morphine milligram equivalents (CDC 2022), opioid + benzodiazepine days and the
acetaminophen total. Every expected figure is worked out by hand in the test."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from painlog.errors import InvalidInput
from painlog.messages import Msg
from painlog.plan import medicine_table
from painlog.plan.medicines import (
    MME_CAVEAT,
    DoseContents,
    Ingredient,
    acetaminophen_week,
    daily_mme,
    dose_contents,
    half_up,
    is_benzodiazepine,
    known_contents,
    mme_week,
    opioid_and_benzodiazepine_days,
    over_limit,
    parse_contains,
    week_safety,
)

PERCOCET_5 = "oxycodone 5mg, acetaminophen 325mg"


def day(*doses: DoseContents):
    return daily_mme(doses)


def ingredient(contents: DoseContents, name: str) -> Ingredient:
    (found,) = [part for part in contents.ingredients if part.name == name]
    return found


# --- the table agrees with SPEC -----------------------------------------------------------------


def test_factors_are_specs_cdc_2022_factors():
    spec = {
        "hydrocodone": 1,
        "oxycodone": 1.5,
        "morphine": 1,
        "hydromorphone": 5,
        "oxymorphone": 3,
        "tapentadol": 0.4,
        "tramadol": 0.2,
        "codeine": 0.15,
        "methadone": 4.7,
        "fentanyl": 2.4,
    }
    table = {name: float(factor) for name, (factor, _) in medicine_table.MME_FACTORS.items()}
    assert table == spec
    assert medicine_table.MME_FACTORS["fentanyl"][1] == "mcg/h"
    assert {
        unit for name, (_, unit) in medicine_table.MME_FACTORS.items() if name != "fentanyl"
    } == {"mg"}


def test_table_names_its_source():
    doc = medicine_table.__doc__
    assert "CDC Clinical Practice Guideline for Prescribing Opioids for Pain" in doc
    assert "2022;71" in doc and "Morphine milligram equivalent doses" in doc


def test_caveat_names_cdc_and_says_not_for_converting():
    assert "CDC" in MME_CAVEAT and "2022" in MME_CAVEAT
    assert "changing from one opioid to another" in MME_CAVEAT
    assert "not a dosing recommendation" in MME_CAVEAT


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ingredients"),
    [
        ("OxyContin", ["oxycodone"]),
        ("ROXICODONE", ["oxycodone"]),
        ("percocet", ["oxycodone", "acetaminophen"]),
        ("Norco", ["hydrocodone", "acetaminophen"]),
        ("Vicodin", ["hydrocodone", "acetaminophen"]),
        ("Lortab", ["hydrocodone", "acetaminophen"]),
        ("Dilaudid", ["hydromorphone"]),
        ("Opana", ["oxymorphone"]),
        ("Nucynta", ["tapentadol"]),
        ("Ultram", ["tramadol"]),
        ("Ultracet", ["tramadol", "acetaminophen"]),
        ("Duragesic", ["fentanyl"]),
        ("MS Contin", ["morphine"]),
        ("ms-contin", ["morphine"]),
        ("Kadian", ["morphine"]),
        ("co-codamol", ["codeine", "acetaminophen"]),
        ("Co-Dydramol", ["dihydrocodeine", "acetaminophen"]),
        ("Tylenol", ["acetaminophen"]),
        ("Panadol", ["acetaminophen"]),
        ("paracetamol", ["acetaminophen"]),
        ("APAP", ["acetaminophen"]),
        ("Acetaminophen", ["acetaminophen"]),
        ("Excedrin", ["acetaminophen", "aspirin", "caffeine"]),
        ("oxycodone HCl ER", ["oxycodone"]),
        ("hydrocodone/APAP", ["hydrocodone", "acetaminophen"]),
        ("codeine + paracetamol", ["codeine", "acetaminophen"]),
    ],
)
def test_names_map_to_ingredients(name, ingredients):
    assert [part.name for part in known_contents(name)] == ingredients


@pytest.mark.parametrize(
    "name",
    ["Tylenol #3", "tylenol 3", "tylenol#3", "TYLENOL # 3", "Tylenol No. 3", "Tylenol with codeine #3",
     "tylenol w/ codeine 3", "Tylenol-Codeine No.3"],
)  # fmt: skip
def test_tylenol_3_spellings_hold_30_mg_codeine_and_300_mg_acetaminophen(name):
    assert known_contents(name) == (Ingredient("codeine", 30.0), Ingredient("acetaminophen", 300.0))


def test_tylenol_4_and_plain_tylenol_with_codeine():
    assert known_contents("Tylenol #4") == (
        Ingredient("codeine", 60.0),
        Ingredient("acetaminophen", 300.0),
    )
    # No number: which strength is not known.
    assert known_contents("tylenol with codeine") == (
        Ingredient("codeine", None),
        Ingredient("acetaminophen", None),
    )


def test_varying_strengths_are_unknown_not_guessed():
    for name in ("Percocet", "Norco", "Vicodin", "Lortab", "co-codamol", "co-dydramol", "Tylenol"):
        assert all(part.amount is None for part in known_contents(name)), name
    assert known_contents("Ultracet") == (
        Ingredient("tramadol", 37.5),
        Ingredient("acetaminophen", 325.0),
    )


def test_unknown_names_are_not_recognised():
    assert known_contents("ibuprofen") is None
    assert known_contents("tylenol 7") is None  # not plain Tylenol: a number changes the product
    contents = dose_contents("ibuprofen", 400, "mg")
    assert not contents.recognised and not contents.opioid


@pytest.mark.parametrize(
    "name",
    ["alprazolam", "Xanax", "lorazepam", "ATIVAN", "diazepam", "Valium", "clonazepam", "Klonopin",
     "temazepam", "Restoril", "chlordiazepoxide", "Librium", "oxazepam", "midazolam"],
)  # fmt: skip
def test_benzodiazepines_are_a_class_flag(name):
    assert is_benzodiazepine(name)
    contents = dose_contents(name, 1, "tablet")
    assert contents.benzodiazepine and contents.recognised and not contents.opioid
    assert contents.ingredients == ()


def test_opioids_are_not_benzodiazepines():
    assert not is_benzodiazepine("oxycodone")
    assert not dose_contents("oxycodone", 5, "mg").benzodiazepine


# --- --contains ---------------------------------------------------------------------------------


def test_parse_contains_combination():
    assert parse_contains(PERCOCET_5) == (
        Ingredient("oxycodone", 5.0, "mg"),
        Ingredient("acetaminophen", 325.0, "mg"),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oxycodone 5 mg; paracetamol 500 mg", (("oxycodone", 5.0), ("acetaminophen", 500.0))),
        ("Acetaminophen 0.5g", (("acetaminophen", 500.0),)),
        ("morphine 2500mcg", (("morphine", 2.5),)),
        ("codeine 30mg, APAP 300mg,", (("codeine", 30.0), ("acetaminophen", 300.0))),
        ("Tramadol 37.5mg; acetaminophen 325MG", (("tramadol", 37.5), ("acetaminophen", 325.0))),
    ],
)
def test_parse_contains_forms(text, expected):
    assert tuple((part.name, part.amount) for part in parse_contains(text)) == expected
    assert all(part.unit == "mg" for part in parse_contains(text))


@pytest.mark.parametrize("text", ["fentanyl 12mcg/h", "fentanyl 12 mcg/hr", "Fentanyl 12 µg/hour"])
def test_parse_contains_patch_rate(text):
    assert parse_contains(text) == (Ingredient("fentanyl", 12.0, "mcg/h"),)


@pytest.mark.parametrize(
    "text",
    ["", " ", ",", "oxycodone", "oxycodone 5", "5mg", "oxycodone 5 tablets", "oxycodone 5mg acetaminophen",
     "oxycodone inf mg", "oxycodone nan mg", "oxycodone 1e309mg", "oxycodone 0mg", "oxycodone 0.0 mg",
     "oxycodone -5mg", "oxycodone 5mg,, acetaminophen 325mg", "oxycodone 5mg, oxycodone 5mg",
     "oxycodone 1" + "0" * 400 + "mg"],
)  # fmt: skip
def test_parse_contains_refuses_bad_text(text):
    with pytest.raises(InvalidInput) as refused:
        parse_contains(text)
    assert "--contains" in refused.value.message
    assert Msg.FORM_CONTAINS.value in refused.value.message


@given(st.text(max_size=40))
def test_parse_contains_either_parses_or_refuses_cleanly(text):
    try:
        parts = parse_contains(text)
    except InvalidInput as refused:
        assert refused.message.startswith("--contains")
    else:
        assert parts
        for part in parts:
            assert part.amount is not None and math.isfinite(part.amount) and part.amount > 0
            assert part.unit in {"mg", "mcg/h"}


@given(
    st.sampled_from(["oxycodone", "acetaminophen", "codeine", "morphine"]),
    st.decimals(min_value="0.01", max_value="5000", places=2),
    st.sampled_from(["mg", "g", "mcg"]),
)
def test_parse_contains_round_trips_amounts(name, amount, unit):
    (part,) = parse_contains(f"{name} {amount}{unit}")
    scale = {"mg": 1, "g": 1000, "mcg": 0.001}[unit]
    assert part.name == name and part.amount == pytest.approx(float(amount) * scale)


# --- one dose -----------------------------------------------------------------------------------


def test_generic_by_weight_is_its_own_amount():
    assert dose_contents("oxycodone", 10, "mg").ingredients == (Ingredient("oxycodone", 10.0),)
    assert dose_contents("Panadol", 1, "g").ingredients == (Ingredient("acetaminophen", 1000.0),)
    assert dose_contents("OxyContin", 20, "mg").ingredients == (Ingredient("oxycodone", 20.0),)


def test_product_units_multiply_contains():
    contents = dose_contents("Percocet", 2, "tablet", parse_contains(PERCOCET_5))
    assert contents.ingredients == (
        Ingredient("oxycodone", 10.0),
        Ingredient("acetaminophen", 650.0),
    )
    assert contents.notes == () and contents.opioid


def test_fixed_strength_product_needs_no_contains():
    contents = dose_contents("Ultracet", 2, "tablets")
    assert contents.ingredients == (
        Ingredient("tramadol", 75.0),
        Ingredient("acetaminophen", 650.0),
    )


@pytest.mark.parametrize(
    ("name", "amount", "unit"),
    [("Percocet", 1, "tablet"), ("oxycodone", 1, "tablet"), ("Norco", 2, "tablet"),
     ("co-codamol", 2, "tablet"), ("Duragesic", 1, "patch")],
)  # fmt: skip
def test_unknown_strength_is_named_never_guessed(name, amount, unit):
    contents = dose_contents(name, amount, unit)
    assert contents.ingredients and all(part.amount is None for part in contents.ingredients)
    (note,) = contents.notes
    assert note.startswith(f"{name} {amount} {unit}: strength unknown — add it with --contains")
    one_day = day(contents)
    assert one_day.opioid and one_day.mme_unknown and one_day.mme == 0


def test_combination_by_weight_cannot_be_split():
    contents = dose_contents("Percocet", 10, "mg", parse_contains(PERCOCET_5))
    assert all(part.amount is None for part in contents.ingredients)
    assert "cannot be split" in contents.notes[0]


def test_contains_wins_over_the_table_and_names_an_unknown_product():
    contents = dose_contents("my pain pill", 1, "capsule", parse_contains("hydrocodone 7.5mg"))
    assert contents.opioid and day(contents).mme == 7.5
    contents = dose_contents("oxycodone", 2, "tablet", parse_contains("oxycodone 5mg"))
    assert day(contents).mme == 15.0


def test_bad_dose_amount_is_refused():
    for amount in (0, -1, math.inf, math.nan):
        with pytest.raises(InvalidInput):
            dose_contents("oxycodone", amount, "mg")


# --- a day's MME (hand-computed) ----------------------------------------------------------------


def test_oxycodone_10_mg_three_times_is_45_mme():
    # 3 x 10 mg = 30 mg oxycodone x 1.5 = 45 MME.
    assert day(*[dose_contents("oxycodone", 10, "mg")] * 3).mme == 45.0


def test_percocet_two_tablets_is_15_mme_and_650_mg_acetaminophen():
    # 2 x 5 mg oxycodone = 10 mg x 1.5 = 15 MME; 2 x 325 mg = 650 mg acetaminophen.
    result = day(dose_contents("Percocet", 2, "tablet", parse_contains(PERCOCET_5)))
    assert (result.mme, result.acetaminophen_mg) == (15.0, 650.0)
    assert not result.mme_unknown and not result.acetaminophen_unknown


def test_tramadol_50_mg_four_times_is_40_mme():
    # 4 x 50 mg = 200 mg tramadol x 0.2 = 40 MME.
    assert day(*[dose_contents("tramadol", 50, "mg")] * 4).mme == 40.0


def test_tylenol_3_twice_is_9_mme_and_600_mg_acetaminophen():
    # 2 x 30 mg codeine = 60 mg x 0.15 = 9 MME; 2 x 300 mg = 600 mg acetaminophen.
    two_doses = day(*[dose_contents("Tylenol #3", 1, "tablet")] * 2)
    one_dose_of_two = day(dose_contents("tylenol#3", 2, "tablet"))
    for result in (two_doses, one_dose_of_two):
        assert (result.mme, result.acetaminophen_mg) == (9.0, 600.0)


def test_duragesic_25_mcg_per_hour_is_60_mme():
    # 25 mcg/h x 2.4 = 60 MME, on the day the patch is logged.
    assert day(dose_contents("Duragesic", 25, "mcg/h")).mme == 60.0
    assert day(dose_contents("fentanyl", 25, "mcg/hr")).mme == 60.0
    patch = dose_contents("Duragesic", 1, "patch", parse_contains("fentanyl 25mcg/h"))
    assert day(patch).mme == 60.0


def test_fentanyl_by_weight_is_an_opioid_not_counted():
    result = day(dose_contents("fentanyl", 100, "mcg"))
    assert result.opioid and result.mme_unknown and result.mme == 0
    assert "skin patch" in result.notes[0]


def test_rate_of_a_tablet_medicine_is_unknown():
    contents = dose_contents("oxycodone", 25, "mcg/h")
    assert contents.ingredients == (Ingredient("oxycodone", None),)
    assert "not measured in mcg/h" in contents.notes[0]


def test_each_factor_once():
    # 10 mg of each oral opioid: hydrocodone 10, oxycodone 15, morphine 10, hydromorphone 50,
    # oxymorphone 30, tapentadol 4, tramadol 2, codeine 1.5, methadone 47: total 169.5.
    names = ["hydrocodone", "oxycodone", "morphine", "hydromorphone", "oxymorphone", "tapentadol",
             "tramadol", "codeine", "methadone"]  # fmt: skip
    assert day(*[dose_contents(name, 10, "mg") for name in names]).mme == 169.5


def test_mixed_day_adds_up():
    # Percocet 5/325 x 2 (15 MME, 650 mg) + Tylenol #3 (4.5 MME, 300 mg) + Tylenol 500 mg
    # -> 19.5 MME, 1450 mg acetaminophen.
    result = day(
        dose_contents("Percocet", 2, "tablet", parse_contains(PERCOCET_5)),
        dose_contents("Tylenol #3", 1, "tablet"),
        dose_contents("Tylenol", 500, "mg"),
    )
    assert (result.mme, result.acetaminophen_mg) == (19.5, 1450.0)


def test_opioid_without_cdc_factor_is_named():
    contents = dose_contents(
        "co-dydramol", 2, "tablet", parse_contains("dihydrocodeine 10mg, paracetamol 500mg")
    )
    result = day(contents)
    assert result.opioid and result.mme_unknown and result.mme == 0
    assert result.acetaminophen_mg == 1000.0
    assert "dihydrocodeine has no conversion factor" in result.notes[0]


def test_known_and_unknown_on_one_day_keep_the_known_part():
    result = day(dose_contents("oxycodone", 10, "mg"), dose_contents("Percocet", 1, "tablet"))
    assert result.mme == 15.0 and result.mme_unknown
    assert result.acetaminophen_taken and result.acetaminophen_unknown
    assert result.acetaminophen_mg == 0
    assert any("Percocet 1 tablet: strength unknown" in note for note in result.notes)


def test_benzodiazepine_and_opioid_day():
    both = day(dose_contents("oxycodone", 5, "mg"), dose_contents("Xanax", 0.5, "mg"))
    benzodiazepine_only = day(dose_contents("lorazepam", 1, "mg"))
    opioid_only = day(dose_contents("Percocet", 1, "tablet"))  # unknown strength still an opioid
    late_both = day(dose_contents("Percocet", 1, "tablet"), dose_contents("Valium", 5, "mg"))
    assert both.opioid_and_benzodiazepine and late_both.opioid_and_benzodiazepine
    assert not benzodiazepine_only.opioid_and_benzodiazepine
    assert not opioid_only.opioid_and_benzodiazepine
    assert opioid_and_benzodiazepine_days([both, benzodiazepine_only, opioid_only, late_both]) == 2


# --- acetaminophen limits -----------------------------------------------------------------------


def test_four_grams_is_not_over_4325_is():
    # 4 x 1000 mg = 4000 mg: at the limit, not over it. 4000 + 325 = 4325: over.
    at_limit = day(*[dose_contents("paracetamol", 1000, "mg")] * 4)
    over = day(*[dose_contents("paracetamol", 1000, "mg")] * 4, dose_contents("APAP", 325, "mg"))
    assert at_limit.acetaminophen_mg == 4000.0 and not over_limit(at_limit)
    assert over.acetaminophen_mg == 4325.0 and over_limit(over)
    week = acetaminophen_week([at_limit, over])
    assert week["max_daily_mg"] == 4325.0 and week["days_over_limit"] == 1
    assert week["limit_mg"] == 4000.0


def test_persons_own_lower_limit():
    # Own limit 3000 mg: 3250 (10 x 325) is over, 3000 (6 x 500) is not.
    over = day(*[dose_contents("Tylenol", 325, "mg")] * 10)
    at = day(*[dose_contents("Tylenol", 500, "mg")] * 6)
    assert over.acetaminophen_mg == 3250.0 and at.acetaminophen_mg == 3000.0
    week = acetaminophen_week([over, at], own_limit_mg=3000)
    assert week["days_over_limit"] == 1 and week["limit_mg"] == 3000.0
    assert acetaminophen_week([over, at])["days_over_limit"] == 0


def test_own_limit_above_4000_never_hides_a_day_over_4000():
    over = day(*[dose_contents("Tylenol", 500, "mg")] * 9)  # 4500 mg
    assert acetaminophen_week([over], own_limit_mg=5000)["days_over_limit"] == 1


def test_unknown_acetaminophen_day_cannot_be_called_under_but_a_known_excess_is_over():
    # 4 x 1000 mg + a Percocet of unknown strength: the known 4000 mg is not over; the day is
    # counted as having an unknown amount. With 4500 known it is over whatever the rest was.
    unknown = day(
        *[dose_contents("Tylenol", 1000, "mg")] * 4, dose_contents("Percocet", 1, "tablet")
    )
    over = day(*[dose_contents("Tylenol", 1500, "mg")] * 3, dose_contents("Percocet", 1, "tablet"))
    week = acetaminophen_week([unknown, over])
    assert week == {
        "max_daily_mg": 4500.0,
        "days_over_limit": 1,
        "limit_mg": 4000.0,
        "days_amount_unknown": 2,
    }


def test_excedrin_two_caplets_is_500_mg_acetaminophen():
    # Excedrin Extra Strength (DailyMed): 250 mg a caplet. A bare "Excedrin" is never guessed
    # (issue 25): Tension Headache holds 500 mg, so its amount is unknown.
    assert day(dose_contents("Excedrin Extra Strength", 2, "caplet")).acetaminophen_mg == 500.0
    bare = day(dose_contents("Excedrin", 2, "caplet"))
    assert bare.acetaminophen_taken and bare.acetaminophen_unknown


def test_fixed_strength_tylenol_names():
    # Extra Strength 500 mg a caplet: 2 caplets = 1000 mg; Arthritis 650 mg: 2 = 1300 mg.
    assert day(dose_contents("Tylenol Extra Strength", 2, "caplets")).acetaminophen_mg == 1000.0
    assert day(dose_contents("tylenol arthritis", 2, "tablet")).acetaminophen_mg == 1300.0
    assert day(dose_contents("Excedrin Migraine", 1, "tablet")).acetaminophen_mg == 250.0


def test_notes_spell_the_dose_as_typed():
    (note,) = dose_contents("Duragesic", 2, "patches").notes
    assert note.startswith("Duragesic 2 patches: strength unknown")
    assert "what one patch holds" in note
    (note,) = dose_contents("Percocet", 0.5, "tablet").notes
    assert note.startswith("Percocet 0.5 tablet:")


def test_week_without_acetaminophen():
    assert acetaminophen_week([day(dose_contents("oxycodone", 5, "mg"))]) == {
        "max_daily_mg": None,
        "days_over_limit": 0,
        "limit_mg": 4000.0,
        "days_amount_unknown": 0,
    }


# --- a week's MME -------------------------------------------------------------------------------


def oxycodone_day(mg: float):
    return day(dose_contents("oxycodone", mg, "mg"))


def test_mme_week_thresholds_and_mean():
    # Oxycodone 30 mg -> 45 MME, 40 mg -> 60, 60 mg -> 90, 20 mg -> 30.
    # Mean (45 + 60 + 90 + 30) / 4 = 56.25; max 90; >= 50: 60 and 90; >= 90: 90.
    days = [oxycodone_day(30), oxycodone_day(40), oxycodone_day(60), oxycodone_day(20)]
    days.append(day(dose_contents("ibuprofen", 400, "mg")))  # no opioid: not an MME day
    assert mme_week(days) == {
        "days": 4,
        "mean_daily": 56.25,
        "max_daily": 90.0,
        "days_50_or_more": 2,
        "days_90_or_more": 1,
        "days_strength_unknown": 0,
    }


def test_a_55_mme_day_counts_in_days_50_or_more():
    # Hydrocodone 55 mg x 1 = 55 MME: at least 50, under 90.
    result = mme_week([day(dose_contents("hydrocodone", 55, "mg"))])
    assert result["days_50_or_more"] == 1 and result["days_90_or_more"] == 0
    assert result["max_daily"] == 55.0


def test_exactly_50_and_just_under():
    # Morphine 50 mg = 50 MME (counts); tramadol 245 mg = 49 MME (does not).
    result = mme_week(
        [day(dose_contents("morphine", 50, "mg")), day(dose_contents("tramadol", 245, "mg"))]
    )
    assert result["days_50_or_more"] == 1


def test_mean_is_rounded_half_up_not_to_even():
    # Morphine 6.1, 6.1, 6.15, 6.15 mg -> mean 6.125 MME; half up gives 6.13 (round() gives 6.12).
    days = [day(dose_contents("morphine", mg, "mg")) for mg in (6.1, 6.1, 6.15, 6.15)]
    assert mme_week(days)["mean_daily"] == 6.13
    # Codeine 30 mg (4.5) and 35 mg (5.25): mean 4.875 -> 4.88.
    days = [day(dose_contents("codeine", mg, "mg")) for mg in (30, 35)]
    assert mme_week(days)["mean_daily"] == 4.88


def test_half_up_helper():
    assert half_up(6.125) == 6.13
    assert half_up(2.675) == 2.68  # the float 2.675 is below 2.675; the decimal typed is not
    assert half_up(0.005) == 0.01
    assert half_up(6.25, 1) == 6.3
    assert half_up(5.5, 0) == 6.0
    assert half_up(-1.995) == -2.0


def test_week_with_no_opioid_has_null_figures():
    assert mme_week([day(dose_contents("Xanax", 1, "mg"))]) == {
        "days": 0,
        "mean_daily": None,
        "max_daily": None,
        "days_50_or_more": 0,
        "days_90_or_more": 0,
        "days_strength_unknown": 0,
    }
    assert mme_week([])["days"] == 0


def test_unknown_strength_day_counts_as_an_opioid_day_and_is_flagged():
    # 45 and a day with only Percocet of unknown strength (0 known): SPEC (issue 25) leaves the
    # unknown day out of days and the mean (never averaged as 0) and counts it apart.
    result = mme_week([oxycodone_day(30), day(dose_contents("Percocet", 1, "tablet"))])
    assert result["days"] == 1 and result["mean_daily"] == 45.0
    assert result["days_strength_unknown"] == 1


def test_week_safety_builds_the_three_summary_keys():
    days = [
        day(dose_contents("oxycodone", 10, "mg"), dose_contents("diazepam", 5, "mg")),
        day(dose_contents("Percocet", 2, "tablet", parse_contains(PERCOCET_5))),
    ]
    week = week_safety(days, own_limit_mg=600)
    assert week["mme"]["days"] == 2 and week["mme"]["mean_daily"] == 15.0
    assert week["opioid_and_benzodiazepine_days"] == 1
    assert week["acetaminophen"]["max_daily_mg"] == 650.0
    assert week["acetaminophen"]["days_over_limit"] == 1


@given(st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=10))
def test_oxycodone_mme_is_one_and_a_half_times_the_milligrams(doses):
    # Whole milligrams x 1.5 is exact, so the sum must be too.
    assert day(*[dose_contents("oxycodone", mg, "mg") for mg in doses]).mme == sum(doses) * 1.5


@given(
    st.text(max_size=30),
    st.floats(min_value=0.001, max_value=1e6),
    st.sampled_from(["mg", "g", "mcg", "mcg/h", "tablet", "tablets", "patch", "mL", "puff"]),
)
def test_dose_contents_never_fails_on_a_valid_dose(name, amount, unit):
    contents = dose_contents(name, amount, unit)
    one_day = daily_mme([contents])
    assert one_day.mme >= 0 and one_day.acetaminophen_mg >= 0
    if not contents.recognised:
        assert not one_day.opioid and not one_day.acetaminophen_taken
