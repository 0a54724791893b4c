"""The symptom and factor kinds (SPEC.md "Entries", "Symptoms and factors"): add, the refusals,
list, edit, delete, undo, the name check, completion, CSV/JSON round trips, FHIR, summary."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import row


def only(painlog):
    [entry] = painlog.json("list")
    return entry


def test_add_symptom_and_factor(painlog):
    assert "Added symptom fatigue 6/10" in painlog.ok("add", "symptom", "fatigue", "6").stdout
    painlog.ok("add", "symptom", "brain", "fog", "4.5", "--note", "after lunch")
    painlog.ok("add", "symptom", "nausea", "3/10")
    assert "Added factor caffeine on" in painlog.ok("add", "factor", "caffeine").stdout
    assert "alcohol 2 drinks" in painlog.ok("add", "factor", "alcohol", "2", "drinks").stdout
    painlog.ok("add", "factor", "coffee", "2cups")
    painlog.ok("add", "factor", "stress", "0")  # 0 is an amount, not "none logged"
    found = {(e["kind"], e["name"]): (e["value"], e["unit"]) for e in painlog.json("list")}
    assert found == {
        ("symptom", "fatigue"): (6.0, None),
        ("symptom", "brain fog"): (4.5, None),
        ("symptom", "nausea"): (3.0, None),
        ("factor", "caffeine"): (None, None),
        ("factor", "alcohol"): (2.0, "drinks"),
        ("factor", "coffee"): (2.0, "cups"),
        ("factor", "stress"): (0.0, None),
    }


@pytest.mark.parametrize(
    ("words", "field", "accepted"),
    [
        (["symptom", "fatigue", "11"], "symptom:", "0 (none) to 10"),
        (["symptom", "fatigue", "6.25"], "symptom:", "at most one decimal"),
        (["symptom", "fatigue", "-1"], "symptom:", "0 (none) to 10"),
        (["symptom", "fatigue"], "symptom:", "0 (none) to 10"),
        (["symptom", "6"], "name:", "the symptom's name"),
        (["factor", "2", "cups"], "name:", "what happened"),
        (["factor", "alcohol", "-2", "drinks"], "amount:", "0 or more"),
        (["factor", "temperature", "-3", "°C"], "amount:", "0 or more"),  # typed: never below 0
        (["symptom", "fatigue", "6", "--where", "back"], "", "--where"),
    ],
)
def test_bad_input_refused_in_one_line(painlog, words, field, accepted):
    painlog.ok("add", "pain", "5")
    before = painlog.fingerprint()
    result = painlog("add", *words)
    assert result.exit_code == 2, result.output
    assert field in result.stderr and accepted in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert painlog.fingerprint() == before


def test_list_edit_delete_undo(painlog):
    painlog.ok("add", "symptom", "fatigue", "6")
    entry = only(painlog)
    assert "fatigue 6/10" in painlog.ok("list", "--kind", "symptom").stdout
    painlog.ok("edit", entry["id"][:6], "4")  # a bare rating keeps the name
    assert (only(painlog)["name"], only(painlog)["value"]) == ("fatigue", 4.0)
    painlog.ok("edit", entry["id"][:6], "stiffness", "5")
    assert (only(painlog)["name"], only(painlog)["value"]) == ("stiffness", 5.0)
    painlog.ok("undo")
    assert (only(painlog)["name"], only(painlog)["value"]) == ("fatigue", 4.0)
    painlog.ok("delete", entry["id"][:6], "--yes")
    assert painlog.json("list") == []
    painlog.ok("undo")
    assert only(painlog)["id"] == entry["id"]

    painlog.ok("delete", entry["id"], "--yes")
    painlog.ok("add", "factor", "alcohol", "2", "drinks")
    factor = only(painlog)
    painlog.ok("edit", factor["id"][:6], "3", "glasses")  # a bare amount keeps the name
    assert (only(painlog)["name"], only(painlog)["value"], only(painlog)["unit"]) == (
        "alcohol",
        3.0,
        "glasses",
    )
    before = painlog.fingerprint()
    result = painlog("edit", factor["id"][:6], "-1")
    assert result.exit_code == 2 and "amount:" in result.stderr
    assert painlog.fingerprint() == before


def test_close_spelling_rename_and_alias(painlog):
    painlog.ok("add", "symptom", "fatigue", "6")
    result = painlog.ok("add", "symptom", "fatigeu", "5")
    assert "did you mean fatigue?" in result.stderr  # a script: saved as typed, with a Note
    painlog.ok("rename", "fatigeu", "fatigue", "--kind", "symptom")
    assert {e["name"] for e in painlog.json("list")} == {"fatigue"}
    painlog.ok("alias", "tired", "fatigue", "--kind", "symptom")
    painlog.ok("add", "symptom", "tired", "8")
    weeks = painlog.json("summary")["weeks"]
    assert weeks[-1]["symptoms"]["fatigue"]["max"] == 8.0  # the alias counts as fatigue
    painlog.ok("add", "factor", "caffeine")
    assert "did you mean caffeine?" in painlog.ok("add", "factor", "cafeine").stderr


def _complete(db, words: str) -> list[str]:
    index = len(words.split()) - (0 if words.endswith(" ") else 1)
    env = {**os.environ, "PAINLOG_DB": str(db), "_PAINLOG_COMPLETE": "complete_bash",
           "COMP_WORDS": words, "COMP_CWORD": str(index)}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "painlog"], env=env, capture_output=True, text=True
    )
    return [line for line in result.stdout.split("\n") if line]


def test_completion_offers_own_names_then_the_starter_list(painlog):
    painlog.ok("add", "symptom", "jaw ache", "4")
    painlog.ok("add", "symptom", "Nausea", "2")
    symptoms = _complete(painlog.db, "painlog add symptom ")
    assert symptoms[:2] == ["jaw ache", "Nausea"] or symptoms[:2] == ["Nausea", "jaw ache"]
    assert "tiredness" in symptoms and "brain fog" in symptoms and "swelling" in symptoms
    assert "nausea" not in symptoms  # the person's own spelling, once
    assert _complete(painlog.db, "painlog add symptom dr") == ["drowsiness"]
    painlog.ok("add", "factor", "caffeine")
    assert _complete(painlog.db, "painlog add factor ca") == ["caffeine"]


def test_csv_and_json_round_trips(painlog, tmp_path):
    from tests.conftest import Painlog

    painlog.ok("add", "symptom", "fatigue", "6.5", "--note", "a, b")
    painlog.ok("add", "factor", "alcohol", "2", "drinks", "--tag", "party")
    painlog.ok("add", "factor", "caffeine")
    for fmt in ("csv", "json"):
        first = tmp_path / f"first.{fmt}"
        painlog.ok("export", "--format", fmt, "-o", str(first))
        other = Painlog(tmp_path / f"other-{fmt}.db")
        other.ok("import", str(first))
        second = tmp_path / f"second.{fmt}"
        other.ok("export", "--format", fmt, "-o", str(second))
        if fmt == "csv":
            assert first.read_text() == second.read_text()
        else:
            assert (
                json.loads(first.read_text())["entries"]
                == json.loads(second.read_text())["entries"]
            )


def test_csv_import_checks_the_new_kinds(painlog, tmp_path):
    painlog.ok("add", "pain", "5")
    before = painlog.fingerprint()
    path = tmp_path / "bad.csv"
    header = "id,kind,at,value,unit,name,quality,location,intensity,note,tags,trigger,relief\n"
    path.write_text(header + ",symptom,2026-11-01T10:00:00+00:00,12,,fatigue,,,,,,,\n")
    result = painlog("import", str(path))
    assert result.exit_code == 2 and "row 2" in result.stderr and "symptom" in result.stderr
    assert painlog.fingerprint() == before


def test_fhir(painlog, tmp_path):
    painlog.ok("add", "symptom", "Nausea", "3")
    painlog.ok("add", "symptom", "brain fog", "4.5")
    painlog.ok("add", "factor", "alcohol", "2", "drinks")
    painlog.ok("add", "factor", "caffeine")
    out = tmp_path / "fhir.json"
    painlog.ok("export", "--format", "fhir", "-o", str(out))
    bundle = json.loads(out.read_text())
    found = {}
    for item in bundle["entry"]:
        resource = item["resource"]
        if resource["resourceType"] == "Observation" and "text" in resource["code"]:
            found[resource["code"]["text"]] = resource
    nausea = found["Nausea"]
    assert nausea["code"]["coding"] == [
        {"system": "http://snomed.info/sct", "code": "422587007", "display": "Nausea (finding)"}
    ]
    assert nausea["valueInteger"] == 3
    assert nausea["category"][0]["coding"][0]["code"] == "survey"
    assert "coding" not in found["brain fog"]["code"]  # no code is guessed
    assert found["brain fog"]["valueQuantity"]["value"] == 4.5  # never rounded to an integer
    alcohol = found["alcohol"]
    assert alcohol["category"][0]["coding"][0]["code"] == "social-history"
    assert alcohol["valueQuantity"] == {"value": 2.0, "unit": "drinks"}
    assert found["caffeine"]["valueBoolean"] is True
    models = pytest.importorskip("fhir.resources.bundle")
    models.Bundle.parse_obj(bundle)  # valid FHIR R4


def test_summary_json_symptoms_and_factors_hand_counted(painlog, tmp_path):
    rows = [
        # Mon Nov 2: fatigue 4 and 6 (daily mean 5); Tue: 8. Week mean (5 + 8) / 2 = 6.5.
        row("symptom", "2026-11-02T08:00:00+00:00", 4, name="fatigue"),
        row("symptom", "2026-11-02T20:00:00+00:00", 6, name="fatigue"),
        row("symptom", "2026-11-03T08:00:00+00:00", 8, name="Fatigue"),
        row("factor", "2026-11-02T20:00:00+00:00", 2, unit="drinks", name="alcohol"),
        row("factor", "2026-11-02T22:00:00+00:00", 1, unit="drinks", name="alcohol"),
        row("factor", "2026-11-04T20:00:00+00:00", name="alcohol"),  # no amount: a day
        row("factor", "2026-11-05T08:00:00+00:00", name="caffeine"),
        # the next week
        row("symptom", "2026-11-10T08:00:00+00:00", 2, name="fatigue"),
    ]
    painlog.import_rows(rows, tmp_path)
    data = painlog.json("summary", "--since", "2026-11-02", "--until", "2026-11-15")
    first, second = data["weeks"]
    assert first["symptoms"] == {"fatigue": {"days_logged": 2, "mean": 6.5, "max": 8.0}}
    assert first["factors"]["alcohol"]["days"] == 2
    assert first["factors"]["alcohol"]["totals"] == {"drinks": 3.0}
    assert first["factors"]["caffeine"] == {"days": 1, "totals": {}, "daily_means": {}}
    assert second["symptoms"] == {"fatigue": {"days_logged": 1, "mean": 2.0, "max": 2.0}}
    assert second["factors"] == {}
    text = painlog.ok("summary", "--since", "2026-11-02", "--until", "2026-11-15").stdout
    assert "fatigue (symptom)" in text and "alcohol (days)" in text


def test_checkin_asks_recent_symptoms_then_factors(painlog, tmp_path):
    rows = [
        row("symptom", "2026-01-01T09:00:00+00:00", 5, name="old ache"),  # long ago: not asked
    ]
    painlog.import_rows(rows, tmp_path)
    painlog.ok("add", "symptom", "fatigue", "6", "--at", "3 days ago")
    painlog.ok("add", "symptom", "Nausea", "2", "--at", "2 days ago")
    painlog.ok("add", "factor", "caffeine", "--at", "2 days ago")
    # pain, where, sleep, quality, mood, fatigue, nausea (Enter skips), exercise, medication,
    # anything else today, note, then the PEG and PHQ-4 offers and the reflection.
    answers = "4\nback\n7\n3\n6\n5\n\n\n\ncaffeine, alcohol 2 drinks\n\nn\n\n\n\n"
    result = painlog.ok("checkin", input=answers)
    assert "fatigue now, 0 (none) to 10 (worst)" in result.output
    assert "Nausea now" in result.output
    assert "old ache" not in result.output
    assert "Anything else today? (e.g. caffeine, alcohol 2 drinks" in result.output
    today = [e for e in painlog.json("list") if e["day"] == painlog.json("list")[-1]["day"]]
    found = {(e["kind"], e["name"], e["value"], e["unit"]) for e in today}
    assert ("symptom", "fatigue", 5.0, None) in found
    assert not any(kind == "symptom" and name == "Nausea" for kind, name, _, _ in found)
    assert ("factor", "caffeine", None, None) in found
    assert ("factor", "alcohol", 2.0, "drinks") in found


def test_checkin_asks_for_factors_before_any_was_logged(painlog):
    # SPEC: checkin asks "anything else today?" for factors, also in a journal that holds none
    # yet (a new person finds factors there). pain, where, sleep, quality, mood, exercise,
    # medication, anything else today, note, then the PEG offer and the rest skipped.
    painlog.ok("add", "pain", "3", "--at", "2 days ago")
    result = painlog.ok("checkin", input="4\nback\n7\n3\n6\n\n\ncoffee 2 cups\n\nn\n\n\n\n")
    assert "Anything else today? (e.g. caffeine; Enter: nothing)" in result.output
    factors = [(e["name"], e["value"], e["unit"]) for e in painlog.json("list", "--kind", "factor")]
    assert factors == [("coffee", 2.0, "cups")]


def test_the_inbox_takes_symptoms_and_factors_through_the_gate(painlog, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    painlog.ok("add", "pain", "3")
    painlog.ok("sync", str(folder))
    (folder / "inbox.txt").write_text(
        "symptom fatigue 6\nyesterday 9pm; factor alcohol 2 drinks\nsymptom fatigue 12\n",
        encoding="utf-8",
    )
    painlog.ok("sync")
    found = {(e["kind"], e["name"], e["value"], e["unit"]) for e in painlog.json("list")}
    assert ("symptom", "fatigue", 6.0, None) in found
    assert ("factor", "alcohol", 2.0, "drinks") in found
    left = (folder / "inbox.txt").read_text(encoding="utf-8")
    assert "# painlog: symptom: '12' is not accepted" in left and "symptom fatigue 12" in left
