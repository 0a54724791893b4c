"""The plan in JSON (a round trip that keeps every version) and in FHIR R4 (validated)."""

from __future__ import annotations

import json

from fhir.resources.bundle import Bundle

from tests.conftest import Painlog


def fill_plan(painlog: Painlog) -> None:
    painlog.ok("plan", "add", "med", "gabapentin", "300mg", "--times", "08:00,20:00",
               "--from", "2025-01-06", "--by", "Dr. Rao", "--note", "for the leg pain")  # fmt: skip
    painlog.ok("plan", "change", "gabapentin", "600mg", "--from", "2025-02-03")
    painlog.ok("plan", "add", "med", "ibuprofen", "400mg", "--as-needed", "--max-daily", "1200mg",
               "--min-interval", "6h", "--from", "2025-01-06")  # fmt: skip
    painlog.ok("plan", "stop", "ibuprofen", "--on", "2025-03-01")
    painlog.ok("plan", "add", "therapy", "CBT", "--per-week", "1", "--from", "2025-01-13")
    painlog.ok("add", "med", "gabapentin", "--at", "2025-02-04 08:00")
    painlog.ok("pgic", "3", "--at", "2025-02-20 20:00")


def test_json_carries_the_plan_and_its_history_round_trip_identical(painlog, tmp_path):
    fill_plan(painlog)
    first = tmp_path / "first.json"
    painlog.ok("export", "--format", "json", "-o", str(first))
    document = json.loads(first.read_text())
    assert [(v["name"], v["action"]) for v in document["plan"]] == [
        ("gabapentin", "add"), ("ibuprofen", "add"), ("CBT", "add"), ("gabapentin", "change"),
        ("ibuprofen", "stop"),
    ]  # fmt: skip
    assert document["pgic"][0]["value"] == 3
    copy = Painlog(tmp_path / "copy.db")
    copy.ok("import", str(first))
    second = tmp_path / "second.json"
    copy.ok("export", "--format", "json", "-o", str(second))
    assert second.read_bytes() == first.read_bytes()
    in_force = {i["name"]: i for i in copy.json("plan", "--on", "2025-02-10")["items"]}
    assert in_force["gabapentin"]["dose"] == 600.0 and in_force["gabapentin"]["by"] is None
    assert "Imported 0 records" in copy.ok("import", str(first)).stdout


def test_a_bad_plan_record_aborts_the_json_import(painlog, tmp_path):
    fill_plan(painlog)
    path = tmp_path / "bad.json"
    painlog.ok("export", "--format", "json", "-o", str(path))
    document = json.loads(path.read_text())
    document["plan"][0]["times"] = ["25:00"]
    path.write_text(json.dumps(document))
    copy = Painlog(tmp_path / "copy.db")
    result = copy("import", str(path))
    assert result.exit_code == 2
    assert "plan[0]: --times: '25:00' is not accepted" in result.stderr
    assert not copy.db.exists() or copy.json("plan", "--history")["history"] == []


def test_fhir_has_plan_medicines_as_medication_statements_with_dosage(painlog):
    fill_plan(painlog)
    document = json.loads(painlog.ok("export", "--format", "fhir").stdout)
    bundle = Bundle.parse_obj(document)  # validates against the R4 models
    planned = [
        e.resource for e in bundle.entry
        if e.resource.resource_type == "MedicationStatement" and e.resource.effectivePeriod
    ]  # fmt: skip
    by_text = {r.dosage[0].text: r for r in planned}
    old = by_text["gabapentin 300 mg at 08:00, 20:00"]
    assert old.status == "completed"
    assert (str(old.effectivePeriod.start), str(old.effectivePeriod.end)) == (
        "2025-01-06",
        "2025-02-02",
    )
    assert [str(t) for t in old.dosage[0].timing.repeat.timeOfDay] == ["08:00:00", "20:00:00"]
    assert old.note[0].text == "asked for by Dr. Rao"
    new = by_text["gabapentin 600 mg at 08:00, 20:00"]
    assert new.status == "active" and new.effectivePeriod.end is None
    assert new.dosage[0].doseAndRate[0].doseQuantity.value == 600
    prn = by_text["ibuprofen 400 mg as needed (at most 1200 mg a day, 6 h apart)"]
    assert prn.status == "stopped" and str(prn.effectivePeriod.end) == "2025-02-28"
    assert prn.dosage[0].asNeededBoolean is True
    limit = prn.dosage[0].maxDosePerPeriod
    assert (limit.numerator.value, limit.numerator.code, limit.denominator.code) == (
        1200,
        "mg",
        "d",
    )
    assert len(planned) == 3  # therapy items are not medicines
