"""Side effects are entries everywhere (add, list, summary, CSV/JSON/FHIR export and import,
report), bad ones are refused with the journal unchanged, and the report says "none logged
as side effects", never more than it knows."""

from __future__ import annotations

import json

import pytest


def test_side_effects_are_entries_everywhere(painlog, tmp_path):
    added = painlog.ok(
        "add", "side-effect", "gabapentin", "drowsy in the mornings", "--severity", "mild"
    )
    assert "side-effect gabapentin: drowsy in the mornings (mild)" in added.stdout
    [entry] = painlog.json("list", "--kind", "side-effect")
    assert (entry["name"], entry["note"], entry["intensity"]) == (
        "gabapentin",
        "drowsy in the mornings",
        "mild",
    )
    week = painlog.json("summary")["weeks"][-1]
    assert week["side_effects"] == {"gabapentin": 1}
    csv_file, json_file = tmp_path / "e.csv", tmp_path / "e.json"
    painlog.ok("export", "-o", str(csv_file))
    painlog.ok("export", "--format", "json", "-o", str(json_file))
    from tests.conftest import Painlog

    for source in (csv_file, json_file):
        copy = Painlog(tmp_path / f"{source.suffix[1:]}.db")
        copy.ok("import", str(source))
        assert copy.json("list") == painlog.json("list")
    from fhir.resources.bundle import Bundle

    document = json.loads(painlog.ok("export", "--format", "fhir").stdout)
    Bundle.parse_obj(document)
    observation = next(e["resource"] for e in document["entry"]
                       if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "side-effect")  # fmt: skip
    assert observation["valueString"] == "drowsy in the mornings"
    report = tmp_path / "r.md"
    painlog.ok("report", "-o", str(report))
    assert "gabapentin (mild): drowsy in the mornings" in report.read_text()


def test_the_report_never_claims_more_than_it_knows(painlog, tmp_path):
    painlog.ok("add", "note", "gabapentin makes me drowsy")
    report = tmp_path / "r.md"
    painlog.ok("report", "-o", str(report))
    text = report.read_text()
    assert "none logged as side effects" in text and "none noted" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "side-effect", "gabapentin"), "Missing argument 'WHAT'"),
        (
            ("add", "side-effect", "gabapentin", "dizzy", "--severity", "awful"),
            "--severity: 'awful' is not accepted; give one of mild, moderate, severe.",
        ),
        (("add", "side-effect", "gabapentin", "  "), "what happened: a value is needed"),
    ],
)
def test_bad_side_effects(painlog, args, message):
    painlog.ok("add", "pain", "3")
    before = painlog.fingerprint()
    result = painlog(*args)
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert painlog.fingerprint() == before
