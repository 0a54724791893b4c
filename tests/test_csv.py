"""CSV interchange as SPEC.md fixes it: header, lists, all-or-nothing, idempotent, round trip."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painlog.formats.csv import HEADER, neutralise, restore

SPEC_HEADER = "id,kind,at,value,unit,name,quality,location,intensity,note,tags,trigger,relief,source,source_key,contains"  # SPEC: contains after source_key


def test_header_is_exactly_the_spec():
    assert ",".join(HEADER) == SPEC_HEADER


def fill(painlog):
    painlog.ok(
        "add",
        "pain",
        "6",
        "--where",
        "lower back",
        "--where",
        "hip",
        "--quality",
        "aching",
        "--trigger",
        "gardening",
        "--relief",
        "heat pack",
        "--note",
        'after lunch, "ouch"',
        "--at",
        "2026-11-20 08:00",
    )
    painlog.ok("add", "sleep", "7h30m", "--quality", "3", "--at", "2026-11-20 07:00")
    painlog.ok("add", "mood", "4.5", "--at", "2026-11-20 21:00")
    painlog.ok("add", "exercise", "walk", "30m", "-i", "moderate", "--at", "2026-11-20 11:00")
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2026-11-20 12:00", "--tag", "prn")
    painlog.ok("add", "therapy", "massage", "60m", "--at", "2026-11-21 10:00")
    painlog.ok("add", "note", "=SUM(A1:A2) was not a formula", "--at", "2026-11-21 12:00")


def test_export_writes_the_spec_header_and_one_row_per_entry(painlog):
    fill(painlog)
    text = painlog.ok("export", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == SPEC_HEADER
    assert len(rows) == 7
    pain = next(r for r in rows if r["kind"] == "pain")
    assert pain["kind"] == "pain"
    assert pain["location"] == "lower back;hip"
    assert pain["trigger"] == "gardening"
    assert pain["relief"] == "heat pack"
    assert pain["value"] == "6"
    assert pain["note"] == 'after lunch, "ouch"'
    med = next(r for r in rows if r["kind"] == "medication")
    assert (med["value"], med["unit"], med["name"], med["tags"]) == (
        "400",
        "mg",
        "ibuprofen",
        "prn",
    )


def test_formula_cells_are_neutralised_on_export_and_restored_on_import(painlog, tmp_path):
    fill(painlog)
    text = painlog.ok("export").stdout
    note = next(r for r in csv.DictReader(io.StringIO(text)) if r["kind"] == "note")
    assert note["note"] == "'=SUM(A1:A2) was not a formula"
    path = tmp_path / "out.csv"
    path.write_text(text)
    other = type(painlog)(tmp_path / "other.db")
    other.ok("import", str(path))
    notes = [e for e in other.json("list") if e["kind"] == "note"]
    assert notes[0]["note"] == "=SUM(A1:A2) was not a formula"


def test_a_negative_number_is_written_as_a_number(painlog, tmp_path):
    # Only a weather file's temperature may be below zero: -2.2 stays a number in a
    # spreadsheet (no apostrophe), and reads back as -2.2.
    weather = tmp_path / "weather.csv"
    weather.write_text(
        "latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation\n"
        "52.52,13.41,38.0,3600,Europe/Berlin,GMT+1\n\n"
        "time,temperature_2m_mean (°C)\n2026-11-14,-2.2\n",
        encoding="utf-8",
    )
    painlog.ok("import", str(weather), "--from", "open-meteo")
    text = painlog.ok("export").stdout
    (factor,) = [r for r in csv.DictReader(io.StringIO(text)) if r["kind"] == "factor"]
    assert (factor["value"], factor["unit"], factor["name"]) == ("-2.2", "°C", "temperature")
    path = tmp_path / "out.csv"
    path.write_text(text, encoding="utf-8")
    other = type(painlog)(tmp_path / "other.db")
    other.ok("import", str(path))
    assert other.ok("export").stdout == text


def test_export_import_export_is_identical_and_import_is_idempotent(painlog, tmp_path):
    fill(painlog)
    first = painlog.ok("export").stdout
    path = tmp_path / "journal.csv"
    path.write_text(first, encoding="utf-8")
    other = type(painlog)(tmp_path / "copy.db")
    assert "Imported 7 records" in other.ok("import", str(path)).stdout
    assert other.ok("export").stdout == first
    again = other.ok("import", str(path))
    assert "Imported 0 records" in again.stdout and "7 already in the journal" in again.stdout
    assert other.ok("export").stdout == first


def test_export_to_a_file_is_owner_only(painlog, tmp_path):
    fill(painlog)
    out = tmp_path / "export.csv"
    painlog.ok("export", "-o", str(out))
    assert out.stat().st_mode & 0o777 == 0o600
    assert out.read_text().startswith(SPEC_HEADER)


def test_import_with_empty_ids_makes_new_ones(painlog, tmp_path, make_rows):
    painlog.import_rows([make_rows("pain", "2026-11-01T09:00:00+01:00", 5)], tmp_path)
    [entry] = painlog.json("list")
    assert len(entry["id"]) == 36


def test_import_reads_bom_crlf_any_column_order_and_ignores_extra_columns(painlog, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes(
        "\ufeffnote,at,kind,value,unit,name,colour\r\n"
        "hi,2026-11-01T09:00:00+01:00,med,2,tablets,paracetamol,blue\r\n"
        ",2026-11-01T10:00:00+01:00,pain,4,,,\r\n".encode()
    )
    painlog.ok("import", str(path))
    entries = painlog.json("list")
    assert [(e["kind"], e["value"], e["unit"]) for e in entries] == [
        ("medication", 2.0, "tablet"),
        ("pain", 4.0, None),
    ]


def write(tmp_path, text, name="bad.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_row_aborts_the_whole_import_naming_the_row(painlog, tmp_path):
    painlog.ok("add", "pain", "3")
    before = painlog.fingerprint()
    path = write(
        tmp_path,
        SPEC_HEADER + "\n"
        ",pain,2026-11-01T09:00:00+00:00,5,,,,,,,,,\n"
        ",sleep,2026-11-01T07:00:00+00:00,7h,,,,,,,,,\n"
        ",pain,2026-11-02T09:00:00+00:00,11,,,,,,,,,\n",
    )
    result = painlog("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: {path}: row 4: pain: '11' is not accepted; give a number from 0 (no pain) to 10 "
        "(worst imaginable) with at most one decimal, e.g. 6 or 6.5. Nothing was imported."
    )
    assert painlog.fingerprint() == before


def test_duplicate_ids_in_a_file_are_refused(painlog, tmp_path):
    painlog.ok("add", "pain", "3")
    before = painlog.fingerprint()
    path = write(
        tmp_path,
        SPEC_HEADER + "\n"
        "0f8fad5b-d9cb-469f-a165-70867728950e,pain,2026-11-01T09:00:00+00:00,5,,,,,,,,,\n"
        "0F8FAD5B-D9CB-469F-A165-70867728950E,pain,2026-11-01T10:00:00+00:00,6,,,,,,,,,\n",
    )
    result = painlog("import", str(path))
    assert result.exit_code == 2
    # Ids are canonicalised first (issue 16): the same UUID in capitals is the same id.
    twice = "row 3: id '0f8fad5b-d9cb-469f-a165-70867728950e' appears twice in this file"
    assert twice + " (rows 2 and 3)" in result.stderr
    assert painlog.fingerprint() == before


def test_missing_header_is_refused(painlog, tmp_path):
    painlog.ok("add", "pain", "3")
    before = painlog.fingerprint()
    path = write(tmp_path, "pain,2026-11-01T09:00:00+00:00,5\n")
    result = painlog("import", str(path))
    assert result.exit_code == 2
    assert "the first line must be a header" in result.stderr
    assert painlog.fingerprint() == before


def test_future_at_and_bad_at_in_a_file_are_refused(painlog, tmp_path):
    painlog.ok("add", "pain", "3")
    before = painlog.fingerprint()
    for at, reason in (("2999-01-01T00:00:00+00:00", "in the future"), ("soon", "not accepted")):
        path = write(tmp_path, f"{SPEC_HEADER}\n,pain,{at},5,,,,,,,,,\n")
        result = painlog("import", str(path))
        assert result.exit_code == 2
        assert "row 2: at:" in result.stderr and reason in result.stderr
    assert painlog.fingerprint() == before


def test_importing_a_missing_file(painlog, tmp_path):
    result = painlog("import", str(tmp_path / "nope.csv"))
    assert result.exit_code == 1
    assert "no such file" in result.stderr
    assert not painlog.db.exists()


cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)


@given(cells)
def test_neutralise_then_restore_is_lossless(cell):
    assert restore(neutralise(cell)) == cell
    assert neutralise(cell)[:1] not in {"=", "+", "-", "@"}


words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=";"),
    min_size=1,
    max_size=12,
).filter(lambda word: word.strip() == word and word)
notes = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip() == text and text)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 100),
            st.sampled_from(["pain", "mood", "note", "med", "exercise"]),
            notes,
            st.lists(words, max_size=3, unique=True),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_round_trip_over_generated_journals(tmp_path_factory, journal):
    from tests.conftest import Painlog

    folder = tmp_path_factory.mktemp("rt")
    source = Painlog(folder / "a.db")
    for index, (number, kind, note, tags) in enumerate(journal):
        at = f"2026-10-{1 + index % 28:02d} {index % 24:02d}:00"
        options = ["--at", at, *[x for tag in tags for x in ("--tag", tag)]]
        if kind == "note":
            source.ok("add", "note", *options, "--", note)  # a note may start with "-"
        elif kind == "med":
            source.ok("add", "med", "ibuprofen", f"{number + 1}mg", "--note", note, *options)
        elif kind == "exercise":
            source.ok("add", "exercise", "walk", f"{number + 1}m", "--note", note, *options)
        else:
            source.ok("add", kind, str(number / 10), "--note", note, *options)
    first = source.ok("export").stdout
    path = folder / "a.csv"
    path.write_text(first, encoding="utf-8")
    copy = Painlog(folder / "b.db")
    copy.ok("import", str(path))
    assert copy.ok("export").stdout == first
