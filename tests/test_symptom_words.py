"""What a tired person types for symptoms and factors: a symptom called pain, a rating typed
as a word, a factor's amount edited alone, the kinds named in the accepted list. Each refusal:
one line naming the field and the accepted form, exit 2, journal unchanged."""

from __future__ import annotations

import pytest

from tests.conftest import Painlog


@pytest.fixture
def journal(tmp_path) -> Painlog:
    journal = Painlog(tmp_path / "j.db")
    journal.ok("add", "symptom", "fatigue", "4")
    return journal


@pytest.mark.parametrize("name", ["pain", "Pain", " PAIN "])
def test_a_symptom_called_pain_is_refused_and_pointed_to_add_pain(journal, name):
    before = journal.fingerprint()
    result = journal("add", "symptom", name, "5")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: symptom name: '{name.strip()}' is not a symptom here: pain is logged as pain, "
        "never as a symptom; give painlog add pain 5 (with --where or --quality if you like)."
    )
    assert journal.fingerprint() == before


@pytest.mark.parametrize(
    ("name", "where"),
    [("back pain", "back"), ("Joint Pains", "Joint"), ("painful knees", "knees"),
     ("lower back pain", "'lower back'")],
)  # fmt: skip
def test_a_symptom_named_for_pain_is_pointed_to_pain_where_it_hurts(journal, name, where):
    before = journal.fingerprint()
    result = journal("add", "symptom", name, "6")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: symptom name: '{name}' is not a symptom here: pain is logged as pain, "
        f"never as a symptom; give painlog add pain 6 --where {where}."
    )
    assert journal.fingerprint() == before


@pytest.mark.parametrize("name", ["headache", "stomach ache", "migraine", "Spain trip"])
def test_aches_and_other_names_stay_symptoms(journal, name):
    # SPEC's starter list names headache: an ache is a symptom; only the word pain makes pain.
    assert "Added symptom" in journal.ok("add", "symptom", name, "4").stdout


def test_a_symptom_cannot_be_renamed_pain_by_edit_or_import(journal, tmp_path):
    (entry,) = journal.json("list", "--kind", "symptom")
    before = journal.fingerprint()
    result = journal("edit", entry["id"][:8], "--name", "pain")
    assert result.exit_code == 2 and "pain is logged as pain" in result.stderr
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "id,kind,at,value,unit,name,quality,location,intensity,note,tags,trigger,relief\n"
        ",symptom,2026-12-01T09:00:00+00:00,5,,pain,,,,,,,\n",
        encoding="utf-8",
    )
    result = journal("import", str(rows))
    assert result.exit_code == 2 and "pain is logged as pain" in result.stderr
    assert journal.fingerprint() == before


@pytest.mark.parametrize("typed", ["nausea six", "nausea severe", "brain fog bad"])
def test_a_rating_typed_as_a_word_is_named(journal, typed):
    before = journal.fingerprint()
    result = journal("add", "symptom", *typed.split())
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: symptom: no rating at the end of '{typed}'; give a number from 0 (none) to 10 "
        "(worst imaginable) with at most one decimal, e.g. 6, after the name (e.g. painlog add "
        "symptom fatigue 6)."
    )
    assert journal.fingerprint() == before


def test_a_name_alone_still_says_a_rating_is_needed(journal):
    result = journal("add", "symptom", "nausea")
    assert result.exit_code == 2
    assert "symptom: a value is needed; give a number from 0 (none)" in result.stderr


def test_editing_a_factors_amount_alone_keeps_its_unit(journal):
    journal.ok("add", "factor", "coffee", "3", "cups")
    (entry,) = journal.json("list", "--kind", "factor")
    journal.ok("edit", entry["id"][:8], "5")
    (entry,) = journal.json("list", "--kind", "factor")
    assert (entry["value"], entry["unit"]) == (5, "cups")
    journal.ok("edit", entry["id"][:8], "2", "mugs")
    (entry,) = journal.json("list", "--kind", "factor")
    assert (entry["value"], entry["unit"]) == (2, "mugs")


def test_the_accepted_kinds_name_symptom_and_factor(journal):
    result = journal("list", "--kind", "sympton")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("steps, heart-rate, symptom, factor.")


def test_chart_symptom_with_no_name_says_what_to_give(journal):
    result = journal("chart", "symptom")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: symptom name: a value is needed; give a symptom's name, e.g. fatigue."
    )


# --- a symptom name misspelt where it is read, not written --------------------------------


def test_try_refuses_a_misspelt_symptom_outcome_and_names_the_logged_one(journal):
    before = journal.fingerprint()
    result = journal("try", "late screen", "--weeks", "6", "--outcome", "symptom:fatige")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: --outcome: 'symptom:fatige' has never been logged. Did you mean "
        "symptom:fatigue? Give the name as logged (an experiment's outcome cannot change once "
        "it starts), or log the new symptom once first."
    )
    assert journal.fingerprint() == before
    # A new symptom far from every known one may be the outcome (logging starts with it).
    journal.ok("try", "late screen", "--weeks", "6", "--outcome", "symptom:nausea")


@pytest.mark.parametrize(
    "words",
    [
        ["chart", "symptom", "fatige"],
        ["patterns", "--outcome", "symptom:fatige"],
        ["calendar", "--symptom", "fatige"],
    ],
)
def test_reading_a_misspelt_symptom_suggests_the_logged_one(journal, words):
    result = journal.ok(*words)
    assert "Did you mean symptom:fatigue?" in result.stdout
    assert "Did you mean" not in journal.ok(*[w.replace("fatige", "vertigo") for w in words]).stdout


def test_a_factor_rated_out_of_ten_reads_as_typed(journal):
    result = journal.ok("add", "factor", "stress", "7/10")
    assert result.stdout.startswith("Added factor stress 7/10 on ")
