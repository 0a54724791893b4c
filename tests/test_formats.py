"""JSON and FHIR exports; JSON import with CSV's promises; round trips over generated journals."""

from __future__ import annotations

import json

import pytest
from fhir.resources import __fhir_version__
from fhir.resources.bundle import Bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Painlog

TRICKY = [
    'commas, and "quotes"',
    "line one\nline two\r\nline three",
    "emoji 🔥🙂 and right-to-left שלום",
    "=SUM(A1:A9)",
    "+1 more",
    "-5 better",
    "@mention",
    "'=already quoted",
]


def fill(painlog: Painlog) -> None:
    painlog.ok("add", "pain", "6", "--where", "lower back", "--quality", "aching",
               "--trigger", "gardening", "--relief", "heat pack", "--note", TRICKY[0],
               "--at", "2026-11-20 08:00")  # fmt: skip
    painlog.ok("add", "sleep", "7h30m", "--quality", "3", "--at", "2026-11-20 07:00")
    painlog.ok("add", "mood", "4.5", "--at", "2026-11-20 21:00")
    painlog.ok("add", "exercise", "tai chi", "45m", "-i", "light", "--at", "2026-11-20 11:00")
    painlog.ok(
        "add", "med", "ibuprofen", "400mg", "--note", "mild nausea", "--at", "2026-11-20 12:00"
    )
    painlog.ok("add", "med", "salbutamol", "2 puffs", "--at", "2026-11-20 13:00")
    painlog.ok("add", "therapy", "physical therapy", "45m", "--at", "2026-11-21 10:00")
    for index, text in enumerate(TRICKY[1:]):
        # "--" ends the options, so a note may start with "-" (as in any command line).
        painlog.ok("add", "note", "--tag", "clinic", "--at", f"2026-11-21 1{index}:00", "--", text)
    painlog.ok("visit", "add", "2026-11-10", "--with", "Dr. Rao, pain clinic")
    painlog.ok("ask", "Can I take naproxen with my new prescription?")
    painlog.ok(
        "peg", "--pain", "6", "--enjoyment", "5", "--activity", "7", "--at", "2026-11-20 20:00"
    )


def test_json_export_has_everything_and_a_version(painlog):
    fill(painlog)
    document = json.loads(painlog.ok("export", "--format", "json").stdout)
    assert (document["format"], document["version"]) == ("painlog", 1)
    assert len(document["entries"]) == 14
    pain = document["entries"][1]
    assert pain["kind"] == "pain" and pain["trigger"] == ["gardening"] and pain["note"] == TRICKY[0]
    assert document["visits"][0]["with"] == "Dr. Rao, pain clinic"
    assert document["questions"][0]["text"].startswith("Can I take naproxen")
    assert document["peg"][0]["score"] == 6.0


@pytest.mark.parametrize("format_name", ["csv", "json"])
def test_export_import_export_is_identical(painlog, tmp_path, format_name):
    fill(painlog)
    first = tmp_path / f"first.{format_name}"
    painlog.ok("export", "--format", format_name, "-o", str(first))
    copy = Painlog(tmp_path / "copy.db")
    copy.ok("import", str(first))
    second = tmp_path / f"second.{format_name}"
    copy.ok("export", "--format", format_name, "-o", str(second))
    assert second.read_bytes() == first.read_bytes()
    again = copy.ok("import", str(first))
    assert "Imported 0 records" in again.stdout


def test_a_bad_json_record_aborts_the_import_naming_it(painlog, tmp_path):
    fill(painlog)
    document = json.loads(painlog.ok("export", "--format", "json").stdout)
    assert document["entries"][1]["kind"] == "pain"
    document["entries"][1]["value"] = 11
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    target = Painlog(tmp_path / "target.db")
    target.ok("add", "mood", "5")
    before = target.fingerprint()
    result = target("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: {path}: entries[1]: pain: '11' is not accepted; give a number from 0 (no pain) "
        "to 10 (worst imaginable) with at most one decimal, e.g. 6 or 6.5. Nothing was imported."
    )
    assert target.fingerprint() == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "cannot be read as JSON"),
        ('{"entries": []}', "is not a painlog JSON export"),
        ('{"format": "painlog", "version": 99}', "written by a newer painlog"),
        ('{"format": "painlog", "version": 1, "peg": [{"at": "2026-01-01T00:00:00+00:00", '
         '"pain": 5, "enjoyment": 5, "activity": 12}]}', "peg[0]: peg activity: '12'"),
    ],
)  # fmt: skip
def test_bad_json_files(painlog, tmp_path, text, message):
    painlog.ok("add", "mood", "5")
    before = painlog.fingerprint()
    path = tmp_path / "bad.json"
    path.write_text(text)
    result = painlog("import", str(path))
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert painlog.fingerprint() == before


def test_fhir_bundle_validates_as_r4(painlog):
    fill(painlog)
    document = json.loads(painlog.ok("export", "--format", "fhir").stdout)
    assert __fhir_version__ == "4.0.1"
    bundle = Bundle.parse_obj(document)
    assert bundle.type == "collection"
    kinds = [entry.resource.resource_type for entry in bundle.entry]
    assert kinds.count("Patient") == 1
    assert kinds.count("MedicationStatement") == 2
    assert kinds.count("Procedure") == 1
    observations = [e.resource for e in bundle.entry if e.resource.resource_type == "Observation"]
    codes = {o.code.coding[0].code for o in observations}
    assert {"72514-3", "93832-4", "55411-3", "mood", "note", "peg"} <= codes
    pain = next(o for o in observations if o.code.coding[0].code == "72514-3")
    assert pain.valueQuantity.value == 6 and pain.bodySite.text == "lower back"
    patient = next(e for e in bundle.entry if e.resource.resource_type == "Patient")
    assert all(
        e.resource.subject.reference == patient.fullUrl
        for e in bundle.entry
        if e.resource.resource_type != "Patient"
    )
    puffs = [e.resource for e in bundle.entry if e.resource.resource_type == "MedicationStatement"]
    assert puffs[1].dosage[0].doseAndRate[0].doseQuantity.code == "{puff}"


texts = st.one_of(
    st.sampled_from(TRICKY),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        min_size=1,
        max_size=40,
    ).filter(lambda text: text.strip() == text and text),
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(["note", "pain", "med"]), texts), min_size=1, max_size=6))
def test_csv_and_json_round_trips_over_generated_journals(tmp_path_factory, journal):
    folder = tmp_path_factory.mktemp("gen")
    source = Painlog(folder / "source.db")
    for index, (kind, text) in enumerate(journal):
        at = ["--at", f"2026-10-{1 + index:02d} 09:00"]
        if kind == "note":
            source.ok("add", "note", *at, "--", text)
        elif kind == "pain":
            source.ok("add", "pain", str(index % 11), "--note", text, *at)
        else:
            source.ok("add", "med", "ibuprofen", "200mg", "--note", text, "--tag", "prn", *at)
    for format_name in ("csv", "json"):
        first = folder / f"a.{format_name}"
        source.ok("export", "-f", format_name, "-o", str(first))
        copy = Painlog(folder / f"copy-{format_name}.db")
        copy.ok("import", str(first))
        second = folder / f"b.{format_name}"
        copy.ok("export", "-f", format_name, "-o", str(second))
        assert second.read_bytes() == first.read_bytes()


def test_large_imports_show_progress_on_a_terminal(tmp_path, monkeypatch):
    import io
    import sys

    from painlog.cli import files

    big = tmp_path / "big.csv"
    big.write_text("x" * (files.PROGRESS_FROM_BYTES + 1))
    small = tmp_path / "small.csv"
    small.write_text("x")
    terminal = io.StringIO()
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stderr", terminal)
    with files.progress_for(small, "Checking") as advance:
        assert advance is None  # small files: no bar
    with files.progress_for(big, "Checking") as advance:
        assert advance is not None
        advance(0.5)
        advance(1.0)
