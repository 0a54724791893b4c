"""Names (SPEC.md "Names"): one resolver for add, checkin, edit and import; rename and alias;
and the check-in as `add` with questions (issue 15, points 2 and 3)."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from painlog import interaction
from painlog.journal import names
from painlog.store.opener import open_journal

# A Wednesday evening; the plan starts the Monday before, the journal a week earlier.
NOW = datetime(2026, 11, 18, 19, 0, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def terminal(monkeypatch):
    """painlog believes it runs at a terminal (its questions are answered from ``input=``)."""
    monkeypatch.setattr(interaction, "can_prompt", lambda: True)


def names_logged(painlog, kind="medication"):
    return [entry["name"] for entry in painlog.json("list", "--kind", kind)]


@pytest.fixture
def planned(painlog, frozen):
    painlog.ok(
        "plan", "add", "med", "duloxetine", "30mg", "--times", "08:00", "--from", "2026-11-16"
    )
    return painlog


# --- the resolver -----------------------------------------------------------------------------


def test_first_dose_misspelt_in_a_script_is_saved_with_the_plan_spelling_and_a_note(planned):
    before = planned.json("list")
    result = planned.ok("add", "med", "duloxitine", "30mg", "--at", "08:05")
    entry_id = result.stdout.rsplit("(", 1)[1].split(")")[0]
    assert " ".join(result.stderr.split()) == (
        "Note: 'duloxitine' is new; saved as duloxetine, the name in your plan. If "
        f"'duloxitine' is not duloxetine: painlog edit {entry_id} --name duloxitine --as-typed"
    )
    assert "medication duloxetine 30 mg" in result.stdout
    assert names_logged(planned) == ["duloxetine"]
    adherence = planned.json("summary", "--since", "2026-11-18", "--until", "2026-11-18")
    assert adherence["weeks"][0]["adherence"]["scheduled"]["duloxetine"]["taken"] == 1
    planned.ok("undo")  # one change: the journal as it was
    assert planned.json("list") == before


def test_the_note_s_command_keeps_the_typed_spelling(planned):
    result = planned.ok("add", "med", "duloxitine", "30mg", "--at", "08:05")
    entry_id = result.stdout.rsplit("(", 1)[1].split(")")[0]
    kept = planned.ok("edit", entry_id, "--name", "duloxitine", "--as-typed")
    assert kept.stderr == ""  # no name check: the person said so
    assert names_logged(planned) == ["duloxitine"]
    planned.ok("undo")
    assert names_logged(planned) == ["duloxetine"]


def test_a_spelling_kept_once_is_not_pointed_again(planned, terminal):
    # prednisolone is not prednisone: kept (at a terminal, "n"; or edit --as-typed), it stays
    planned.ok("plan", "add", "med", "prednisone", "5mg", "--times", "09:00",
               "--from", "2026-11-16")  # fmt: skip
    planned.ok("add", "med", "prednisolone", "5mg", "--at", "09:00", input="n\n")
    again = planned.ok("add", "med", "prednisolone", "5mg", "--at", "09:30")
    assert "did you mean" not in again.output and "is new" not in again.stderr
    assert names_logged(planned) == ["prednisolone", "prednisolone"]
    due = planned.json("due")
    assert [slot["status"] for slot in due["scheduled"]["prednisone"]["slots"]] == ["missed"]


def test_a_name_saved_as_the_plan_s_gets_the_plan_name_s_dose_cautions(planned):
    planned.ok("add", "med", "duloxetine", "30mg", "--at", "08:00")
    result = planned.ok("add", "med", "duloxitine", "30mg", "--at", "08:15")
    said = " ".join(result.stderr.split())
    assert "saved as duloxetine, the name in your plan" in said
    assert "duloxetine 30 mg is already logged 15 minutes before this (08:00)" in said


def test_a_suggested_command_is_quoted_for_the_shell(painlog, frozen):
    painlog.ok("plan", "add", "med", "st john's wort", "300mg", "--times", "08:00",
               "--from", "2026-11-16")  # fmt: skip
    result = painlog.ok("add", "med", "st jon's wort", "300mg", "--at", "08:00")
    entry_id = result.stdout.rsplit("(", 1)[1].split(")")[0]
    assert f"painlog edit {entry_id} --name 'st jon'\"'\"'s wort' --as-typed" in result.stderr
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "08:00")
    result = painlog.ok("add", "med", "ibuprofin", "400mg", "--at", "09:00")
    assert "painlog rename ibuprofin ibuprofen (or" in result.stderr


def test_inbox_lines_get_add_s_cautions_and_limit_notes_one_by_one(naproxen, tmp_path):
    folder = tmp_path / "shared"
    naproxen.ok("sync", str(folder))
    (folder / "inbox.txt").write_text(
        "2026-11-18 07:00; med naproxen 500mg\n"
        "2026-11-18 07:10; med naproxen 500mg\n"  # 10 min after: again, and too soon
        "2026-11-18 08:00; med gabapentin 300mg\n"
        "2026-11-18 09:00; med gabapentine 300mg\n",  # close to the line before it
        encoding="utf-8",
    )
    result = naproxen.ok("sync")
    said = " ".join(result.stderr.split())
    assert "naproxen 500 mg is already logged 10 minutes before this (07:00)" in said
    assert "above your plan's limit of 1000 mg a day" not in said  # 1000 mg: at, not above
    assert (
        "naproxen: 0.2 h since the previous dose (2026-11-18 07:00); your plan says at least 8 h"
        in said
    )
    assert "'gabapentine' is new; did you mean gabapentin?" in said
    assert "4 lines taken from the inbox" in result.stdout


def test_a_journal_spelling_is_not_forced_on_a_script(painlog, frozen):
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "08:00")
    result = painlog.ok("add", "med", "ibuprofin", "400mg", "--at", "09:00")
    assert "Saved as typed; to count it as ibuprofen" in " ".join(result.stderr.split())
    assert names_logged(painlog) == [
        "ibuprofen",
        "ibuprofin",
    ]  # an earlier spelling is no reference


def test_an_inbox_line_is_pointed_like_add(planned, tmp_path):
    folder = tmp_path / "shared"
    planned.ok("sync", str(folder))
    (folder / "inbox.txt").write_text("med duloxitine 30mg --at 08:05\n", encoding="utf-8")
    result = planned.ok("sync")
    assert "'duloxitine' is new; saved as duloxetine, the name in your plan." in " ".join(
        result.stderr.split()
    )
    assert names_logged(planned) == ["duloxetine"]


def test_first_dose_misspelt_at_a_terminal_defaults_to_the_plan_spelling(planned, terminal):
    result = planned.ok("add", "med", "duloxitine", "30mg", "--at", "08:05", input="\n")
    assert "did you mean duloxetine" in result.output
    assert names_logged(planned) == ["duloxetine"]
    adherence = planned.json("summary", "--since", "2026-11-18", "--until", "2026-11-18")
    assert adherence["weeks"][0]["adherence"]["scheduled"]["duloxetine"]["taken"] == 1


def test_at_a_terminal_no_keeps_the_name_as_typed(planned, terminal):
    planned.ok("add", "med", "duloxitine", "30mg", "--at", "08:05", input="n\n")
    assert names_logged(planned) == ["duloxitine"]


def test_a_plan_name_is_never_pointed_to_an_earlier_typo(painlog, frozen):
    painlog.ok("add", "med", "duloxitine", "30mg", "--at", "2026-11-10 08:00")  # before any plan
    painlog.ok(
        "plan", "add", "med", "duloxetine", "30mg", "--times", "08:00", "--from", "2026-11-16"
    )
    result = painlog.ok("add", "med", "duloxetine", "30mg", "--at", "08:00")
    assert "did you mean" not in result.stderr
    assert names_logged(painlog) == ["duloxitine", "duloxetine"]
    with open_journal(painlog.db) as journal:
        assert names.pointer(journal, "medication", "duloxetine") is None
        assert names.pointer(journal, "medication", "Duloxetine") is None
        # a new typo points to the plan, not to the journal's older typo
        found = names.pointer(journal, "medication", "duloxetin")
        assert (found.suggestion, found.source) == ("duloxetine", "plan")


def test_without_a_plan_a_new_name_points_to_the_journal_spelling(painlog, frozen):
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "08:00")
    result = painlog.ok("add", "med", "ibuprofin", "400mg", "--at", "09:00")
    assert "did you mean ibuprofen?" in result.stderr


def test_bare_name_close_to_a_plan_name_says_did_you_mean(planned):
    before = planned.fingerprint()
    result = planned("add", "med", "duloxetin")
    assert result.exit_code == 2
    assert "did you mean duloxetine?" in result.stderr
    assert "to your plan" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert planned.fingerprint() == before


def test_bare_name_close_to_a_plan_name_at_a_terminal_takes_the_plan_dose(planned, terminal):
    result = planned.ok("add", "med", "duloxetin", input="\n")
    assert "did you mean duloxetine (30 mg)?" in result.output
    assert [(e["name"], e["value"], e["unit"]) for e in planned.json("list")] == [
        ("duloxetine", 30.0, "mg")
    ]


def test_bare_name_far_from_the_plan_still_says_add_it_to_your_plan(planned):
    result = planned("add", "med", "gabapentin")
    assert result.exit_code == 2 and "to your plan" in result.stderr


def test_edit_to_a_misspelt_name_gets_the_same_check(planned):
    added = planned.ok("add", "med", "duloxetine", "30mg", "--at", "08:00")
    entry_id = added.stdout.rsplit("(", 1)[1].split(")")[0]
    result = planned.ok("edit", entry_id, "--name", "duloxitine")
    assert "'duloxitine' is new; saved as duloxetine, the name in your plan." in " ".join(
        result.stderr.split()
    )
    assert names_logged(planned) == ["duloxetine"]


def test_import_goes_through_the_resolver(planned, tmp_path):
    csv_path = tmp_path / "doses.csv"
    csv_path.write_text(
        "id,kind,at,value,unit,name\n"
        ",medication,2026-11-17T08:00:00+00:00,30,mg,duloxitine\n"
        ",medication,2026-11-18T08:00:00+00:00,30,mg,duloxitine\n"
        ",medication,2026-11-18T09:00:00+00:00,30,mg,duloxetine\n",
        encoding="utf-8",
    )
    result = planned.ok("import", str(csv_path))
    notes = [line for line in result.stderr.splitlines() if line.startswith("Note:")]
    assert len(notes) == 1  # one note per new name, not per row; the plan's name gets none
    assert "'duloxitine' is new; did you mean duloxetine (the name in your plan)?" in notes[0]
    assert names_logged(planned) == ["duloxitine", "duloxitine", "duloxetine"]  # as written


# --- rename -----------------------------------------------------------------------------------


def test_rename_counts_entries_and_plan_items_and_undo_restores(planned):
    planned.ok("plan", "add", "therapy", "physio", "--per-week", "1", "--from", "2026-11-16")
    for at in ("2026-11-16 08:00", "2026-11-17 08:00"):
        added = planned.ok("add", "med", "duloxitine", "30mg", "--at", at)
        entry_id = added.stdout.rsplit("(", 1)[1].split(")")[0]
        planned.ok("edit", entry_id, "--name", "duloxitine", "--as-typed")
    planned.ok("add", "therapy", "Physio", "45m", "--at", "2026-11-17 10:00")
    planned.ok("add", "therapy", "physio", "30m", "--at", "2026-11-18 10:00")
    result = planned.ok("rename", "duloxitine", "duloxetine")
    assert result.stdout.strip() == "Renamed duloxitine to duloxetine: 2 entries and 0 plan items."
    result = planned.ok("rename", "physio", "physical therapy", "--kind", "therapy")
    assert "2 entries and 1 plan item." in result.stdout
    assert names_logged(planned) == ["duloxetine", "duloxetine"]
    assert names_logged(planned, "therapy") == ["physical therapy"] * 2
    assert "physical therapy" in json.dumps(planned.json("plan"))
    planned.ok("undo")
    assert names_logged(planned, "therapy") == ["Physio", "physio"]
    assert "physio" in json.dumps(planned.json("plan"))
    planned.ok("undo")
    assert names_logged(planned) == ["duloxitine", "duloxitine"]


def test_rename_with_kind_leaves_other_kinds(painlog, frozen):
    painlog.ok("add", "exercise", "swim", "30m", "--at", "08:00")
    painlog.ok("add", "therapy", "swim", "30m", "--at", "09:00")
    result = painlog.ok("rename", "swim", "swimming", "--kind", "exercise")
    assert "1 entry and 0 plan items" in result.stdout
    assert names_logged(painlog, "therapy") == ["swim"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("rename", "nothing", "else"), "OLD: no entry, plan item or alias is named 'nothing'"),
        (("rename", "walk", "walk"), "NEW: 'walk' is the same as OLD"),
        (("rename", "", "walk"), "OLD: '' is not accepted"),
        (("rename", "walk", "  "), "NEW: '  ' is not accepted"),
        (("rename", "walk", "stroll", "--kind", "pain"), "--kind: 'pain' is not accepted"),
        (("alias", "", "walk"), "ALIAS: '' is not accepted"),
        (("alias", "stroll", " "), "NAME: ' ' is not accepted"),
        (("alias", "Walk", "walk"), "NAME: an alias needs a different name"),
        (("alias", "stroll", "walk", "--kind", "sleep"), "--kind: 'sleep' is not accepted"),
        (("alias", "stroll"), "NAME: missing"),
        (("alias", "physio", "physical therapy"), "NAME: 'physical therapy' is not in your plan"),
        (("alias", "--remove", "stroll"), "ALIAS: 'stroll' is not an alias"),
        (("alias", "duloxetine", "walk"), "ALIAS: 'duloxetine' is an item in your plan"),
    ],
)
def test_bad_names_are_refused_and_change_nothing(planned, args, message):
    planned.ok("add", "exercise", "walk", "30m", "--at", "08:00")
    if args[-1] == "walk" and args[1] == "duloxetine":
        args = (*args, "--kind", "medication")
    before = planned.fingerprint()
    result = planned(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert planned.fingerprint() == before


# --- alias ------------------------------------------------------------------------------------


def test_alias_list_json_remove_and_undo(painlog, frozen):
    assert "No aliases yet" in painlog.ok("alias").stdout
    painlog.ok("add", "therapy", "physical therapy", "45m", "--at", "08:00")
    result = painlog.ok("alias", "Physio", "Physical Therapy")
    assert result.stdout.strip() == (
        "From now on therapy entries written 'physio' count as physical therapy."
    )  # the spelling already used (case-insensitively) is kept: no second "Physical Therapy"
    assert painlog.ok("alias").stdout.strip() == "physio → physical therapy (therapy)"
    assert painlog.json("alias") == [
        {"alias": "physio", "name": "physical therapy", "kind": "therapy"}
    ]
    painlog.ok("undo")
    assert painlog.json("alias") == []
    painlog.ok("alias", "physio", "physical therapy")
    removed = painlog.ok("alias", "--remove", "PHYSIO")
    assert "'physio' no longer counts as physical therapy (therapy)." in removed.stdout
    assert painlog.json("alias") == []
    painlog.ok("undo")
    assert len(painlog.json("alias")) == 1


@pytest.fixture
def physio(painlog, frozen, tmp_path):
    """A plan with PT twice a week and paracetamol as needed; sessions written 'physio' and
    doses written 'tylenol', then aliased."""
    painlog.ok(
        "plan", "add", "therapy", "physical therapy", "--per-week", "2", "--from", "2026-11-16"
    )
    painlog.ok("plan", "add", "med", "paracetamol", "1g", "--as-needed", "--max-daily", "3g",
               "--from", "2026-11-16")  # fmt: skip
    painlog.ok("add", "therapy", "physio", "45m", "--at", "2026-11-16 10:00")
    painlog.ok("add", "therapy", "physical therapy", "30m", "--at", "2026-11-18 10:00")
    painlog.ok("add", "med", "tylenol", "1g", "--at", "2026-11-17 09:00")
    painlog.ok("add", "med", "tylenol", "1g", "--at", "2026-11-18 09:00")
    painlog.ok("add", "med", "paracetamol", "1g", "--at", "2026-11-18 15:00")
    painlog.ok("alias", "physio", "physical therapy")
    painlog.ok("alias", "tylenol", "paracetamol")
    return painlog


def test_an_alias_counts_in_summary_and_adherence(physio):
    week = physio.json("summary", "--since", "2026-11-16", "--until", "2026-11-18")["weeks"][0]
    assert week["therapy"] == {"physical therapy": {"sessions": 2, "total_minutes": 75.0}}
    assert week["medication"] == {"paracetamol": {"doses": 3, "totals": {"g": 3.0}}}
    assert week["adherence"]["therapy"]["physical therapy"]["sessions"] == 2
    assert week["adherence"]["as_needed"]["paracetamol"]["doses"] == 3


def test_an_alias_counts_in_due(physio):
    due = physio.json("due")
    assert due["therapy"]["physical therapy"]["sessions"] == 2
    assert due["as_needed"]["paracetamol"]["doses_today"] == 2  # 09:00 tylenol, 15:00
    assert due["as_needed"]["paracetamol"]["room_left"] == 1.0


def test_an_alias_counts_in_compare(physio):
    # window B is 2026-11-17..18 (cut to today and the journal's last day): tylenol on the
    # 17th and 18th and paracetamol on the 18th are 3 doses over 2 days, 10.5 a week.
    compared = physio.json("compare", "--at", "2026-11-17", "--days", "7")
    assert compared["after"]["as_needed_doses_per_week"] == 10.5
    assert compared["before"]["as_needed_doses_per_week"] == 0.0


def test_an_alias_counts_in_the_report(physio, tmp_path):
    out = tmp_path / "report.md"
    physio.ok("report", "--format", "md", "-o", str(out), "--since", "2026-11-16")
    text = out.read_text(encoding="utf-8")
    assert "physical therapy 2 times a week: 2 of" in text
    assert "Therapy sessions: physical therapy 2 (75 min)" in text
    assert "physio" not in text and "tylenol" not in text


def test_an_alias_aimed_at_a_misspelt_name_says_did_you_mean(physio):
    before = physio.fingerprint()
    result = physio("alias", "pt", "physical terapy")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: NAME: 'physical terapy' is not in your plan or journal; did you mean physical "
        "therapy? painlog alias pt 'physical therapy'"
    )
    assert physio.fingerprint() == before
    result = physio("alias", "pt", "hydrotherapy")
    assert result.exit_code == 2
    assert "--kind medication, exercise or therapy" in result.stderr
    # with --kind it may be a name not logged yet: made, with a Note
    made = physio.ok("alias", "pt", "physical terapy", "--kind", "therapy")
    assert "did you mean physical therapy? ('painlog undo' takes this alias back)" in " ".join(
        made.stderr.split()
    )
    physio.ok("undo")
    assert "physical terapy" not in physio.ok("alias").stdout


def test_a_dose_under_an_alias_counts_against_the_limit(physio):
    result = physio.ok("add", "med", "tylenol", "2g", "--at", "18:00")
    assert "paracetamol" in result.stderr and "4 g" in result.stderr  # 1 + 1 + 2 g, limit 3 g


# --- the check-in is add with questions ---------------------------------------------------------

# Questions in order: pain, where (after pain), sleep, sleep quality (after sleep), mood,
# exercise, medication, anything else today (factors), note; then the plan's questions; the PEG offer; the PHQ-4 offer (every
# 14 days, so on a new journal: Enter skips it); the reflection.


def test_checkin_name_check_in_a_script_and_at_a_terminal(planned, monkeypatch):
    # no pain, sleep, mood, exercise; the dose; no note; the 08:00 slot: n; no PEG; no reflection
    answers = "\n\n\n\nduloxitine 30mg\n\n\nn\n\n\n\n"  # Enter also skips the PHQ-4 offer
    result = planned.ok("checkin", input=answers)
    assert "Note: 'duloxitine' is new; saved as duloxetine, the name in your plan." in " ".join(
        result.stderr.split()
    )
    assert names_logged(planned) == ["duloxetine"]
    planned.ok("undo")
    monkeypatch.setattr(interaction, "can_prompt", lambda: True)
    result = planned.ok("checkin", input=answers + "\n")  # then Enter: use duloxetine
    assert "Use\nduloxetine? [Y/n]" in result.output or "Use duloxetine? [Y/n]" in result.output
    assert names_logged(planned) == ["duloxetine"]


@pytest.fixture
def naproxen(painlog, frozen):
    painlog.ok("plan", "add", "med", "naproxen", "500mg", "--as-needed", "--max-daily", "1000mg",
               "--min-interval", "8h", "--from", "2026-11-16")  # fmt: skip
    painlog.ok(
        "plan", "add", "exercise", "home exercises", "--per-week", "5", "--from", "2026-11-16"
    )
    return painlog


def test_checkin_bare_plan_medicine_takes_the_plan_dose_and_limits_are_said(naproxen):
    naproxen.ok("add", "med", "naproxen", "--at", "17:00")
    # no pain, sleep, mood, exercise; "naproxen"; no note; home exercises: n; no PEG; no reflection
    result = naproxen.ok("checkin", input="\n\n\n\nnaproxen\n\n\nn\nn\n\n\n")
    assert "medication naproxen 500 mg" in result.stdout
    assert "naproxen: 2 h since the previous dose (2026-11-18 17:00)" in result.stderr
    assert "at least 8 h between doses" in result.stderr
    due = naproxen.json("due")["as_needed"]["naproxen"]
    assert (due["doses_today"], due["room_left"]) == (2, 0.0)


def test_checkin_does_not_ask_again_for_an_exercise_already_answered(naproxen):
    # pain 4, where back, no sleep, no mood, exercise "home exercises 20m", no medication, note;
    # then no "home exercises today?" question: the PEG offer (n) and the reflection come next.
    result = naproxen.ok("checkin", input="4\nback\n\n\nhome exercises 20m\n\n\n\nn\n\n\n")
    assert "home exercises today?" not in result.output
    assert [(e["name"], e["value"]) for e in naproxen.json("list", "--kind", "exercise")] == [
        ("home exercises", 20.0)
    ]
    assert naproxen.json("due")["exercise"]["home exercises"]["sessions"] == 1


def test_checkin_asks_the_planned_exercise_when_not_answered(naproxen):
    result = naproxen.ok("checkin", input="\n\n\nwalk 30m\n\n\n\n25\nn\n\n\n")
    assert "home exercises today?" in result.output
    logged = [(e["name"], e["value"]) for e in naproxen.json("list", "--kind", "exercise")]
    assert sorted(logged) == [("home exercises", 25.0), ("walk", 30.0)]


@pytest.mark.parametrize(("logged_at", "asked"), [("14:30", True), ("15:30", False)])
def test_checkin_asks_pain_again_after_four_hours(painlog, frozen, logged_at, asked):
    painlog.ok("add", "pain", "3", "--at", logged_at)  # now is 19:00
    answers = "7\nknee\n\n\n\n\n\n\nn\n\n\n" if asked else "\n\n\n\n\n\nn\n\n\n"
    result = painlog.ok("checkin", input=answers)
    assert ("Pain right now" in result.output) is asked
    pains = [entry["value"] for entry in painlog.json("list", "--kind", "pain")]
    assert pains == ([3.0, 7.0] if asked else [3.0])


def test_checkin_bare_medicine_close_to_a_plan_name_says_did_you_mean(naproxen):
    # "naproxin" is asked again with the plan's name; Enter skips it; the rest is skipped too.
    result = naproxen.ok("checkin", input="\n\n\n\nnaproxin\nnaproxen\n\n\nn\nn\n\n\n")
    assert "did you mean naproxen?" in result.stderr
    assert [(e["name"], e["value"]) for e in naproxen.json("list")] == [("naproxen", 500.0)]


def test_dose_again_after_an_alias_names_the_earlier_entry_as_written(painlog):
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2025-06-10 08:00")
    painlog.ok("alias", "advil", "ibuprofen")
    again = painlog.ok("add", "med", "advil", "200mg", "--at", "2025-06-10 08:04")
    # 08:00 to 08:04 is 4 minutes; the earlier entry was written "ibuprofen 400mg".
    assert "ibuprofen 400 mg is already logged 4 minutes before this (08:00)." in again.stderr
    assert "advil 400 mg" not in again.stderr
    once = painlog.ok("add", "med", "advil", "200mg", "--at", "2025-06-10 08:05")
    # The nearest earlier dose is now the advil one at 08:04, 1 minute before.
    assert "advil 200 mg is already logged 1 minute before this (08:04)." in once.stderr


def test_due_lines_are_wrapped_at_80_columns_and_whole_to_a_script(naproxen):
    naproxen.ok("add", "med", "naproxen", "500mg", "--at", "15:00")
    piped = naproxen.ok("due", env={"COLUMNS": None}).stdout.splitlines()
    line = next(text for text in piped if text.startswith("  naproxen"))
    assert line.endswith("your interval allows the next at 23:00") and len(line) > 80
    wrapped = naproxen.ok("due", env={"COLUMNS": "80"}).stdout.splitlines()
    assert all(len(text) <= 80 for text in wrapped) and len(wrapped) > len(piped)


def test_spellings_are_exactly_the_names_counted_as_a_key(physio):
    physio.ok("alias", "tylenol", "paracetamol")
    physio.ok("add", "med", "Tylenol", "500mg", "--at", "2026-11-18 12:00")
    with open_journal(physio.db) as journal:
        rows = journal.execute(
            f"SELECT DISTINCT lower(name), {names.COUNTED} FROM entries WHERE kind = 'medication'"
        ).fetchall()
        for key in {counted for _, counted in rows} | {"tylenol", "nothing"}:
            expected = sorted({name for name, counted in rows if counted == key})
            found = sorted(set(names.spellings(journal, "medication", key)))
            assert [name for name in found if name in {n for n, _ in rows}] == expected, key
        assert "tylenol" not in names.spellings(journal, "medication", "tylenol")


def test_a_note_wrapped_at_a_terminal_keeps_the_suggested_command_s_words_whole(monkeypatch):
    from painlog.cli.core import wrapped

    monkeypatch.setenv("COLUMNS", "80")
    note = (
        "Note: 'duloxitine' is new; saved as duloxetine, the name in your plan. If "
        "'duloxitine' is not duloxetine: painlog edit 803dbdf6 --name duloxitine --as-typed"
    )
    lines = wrapped(note).splitlines()
    assert lines[-1].endswith("--as-typed") and all(len(line) <= 78 for line in lines)
    assert " ".join(lines) == note
