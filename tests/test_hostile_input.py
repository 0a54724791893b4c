"""Issue 16, points 7-11 and 13: painlog against hostile files, numbers, text and pipes.

Each test names the point it keeps: -o writes only regular files (7), numbers are finite and
JSON strict (8), JSON import checks every record like the commands do (9), CSV reads back any
field it writes (10), user text reaches terminals and reports escaped (11), and bad input or
a closed pipe never ends in a traceback or "unexpected problem" (13).
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from painlog.cli import app
from painlog.formats.csv import HEADER
from painlog.journal.entries import format_number

UNEXPECTED = "unexpected problem"


def strict_json(text: str) -> object:
    """RFC 8259 JSON only: NaN, Infinity and -Infinity are errors, not floats."""

    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def one_line_error(result, status: int, *words: str) -> None:
    assert result.exit_code == status, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert UNEXPECTED not in result.output and "Traceback" not in result.output
    for word in words:
        assert word in result.stderr, result.stderr


# --- point 7: -o writes only regular files -------------------------------------------------


@pytest.fixture
def special_files(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    sock_path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    return {"fifo": fifo, "folder": folder, "socket": sock_path, "device": Path("/dev/null")}


@pytest.mark.parametrize("kind", ["fifo", "folder", "socket", "device"])
@pytest.mark.parametrize(
    "command",
    [["export"], ["export", "-f", "json"], ["backup"], ["report", "-f", "md"]],
    ids=["export-csv", "export-json", "backup", "report"],
)
def test_o_refuses_what_is_not_a_regular_file(painlog, special_files, kind, command):
    painlog.ok("add", "pain", "5")
    target = special_files[kind]
    before = target.lstat()
    result = painlog(*command, "-o", str(target))
    one_line_error(result, 2, "not a file", "-o writes only regular files")
    after = target.lstat()
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)
    if kind != "device":  # other programs write to /dev/null meanwhile
        assert after.st_mtime_ns == before.st_mtime_ns


@pytest.mark.parametrize(
    "command", [["export"], ["backup"], ["report", "-f", "md"]], ids=["export", "backup", "report"]
)
def test_o_refuses_a_symlink_unless_force(painlog, tmp_path, command):
    painlog.ok("add", "pain", "5")
    real = tmp_path / "real-file"
    real.write_text("keep me")
    link = tmp_path / "link"
    link.symlink_to(real)
    one_line_error(painlog(*command, "-o", str(link)), 2, "symbolic link", "--force")
    assert real.read_text() == "keep me" and link.is_symlink()
    painlog.ok(*command, "-o", str(link), "--force")
    assert link.is_symlink() and real.read_bytes() != b"keep me"  # written through the link
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_folders_painlog_makes_for_o_are_0700(painlog, tmp_path):
    painlog.ok("add", "pain", "5")
    painlog.ok("export", "-o", str(tmp_path / "a" / "b" / "out.csv"))
    painlog.ok("backup", "-o", str(tmp_path / "c" / "d" / "copy.db"))
    for folder in ("a", "a/b", "c", "c/d"):
        assert stat.S_IMODE((tmp_path / folder).stat().st_mode) == 0o700, folder
    assert stat.S_IMODE((tmp_path / "a/b/out.csv").stat().st_mode) == 0o600


def test_one_writer_for_every_o():
    import painlog.formats as formats
    import painlog.store.files as files

    assert formats.write_private_file is files.write_private_file
    assert formats.write_private_bytes is files.write_private_bytes


# --- point 8: values are finite; JSON exports are strict JSON ---------------------------------

HUGE = "1" + "0" * 400  # float() of it is inf


@pytest.mark.parametrize(
    "dose", ["inf", "infmg", "Infinity mg", "NaN mg", "1e308mg", f"{HUGE}mg", "2000000 mg"]
)
def test_doses_that_are_not_finite_numbers_are_refused(painlog, dose):
    one_line_error(painlog("add", "med", "ibuprofen", dose), 2)
    assert not painlog.db.exists()


@pytest.mark.parametrize("option", ["--dose", "--max-daily"])
@pytest.mark.parametrize("dose", [f"{HUGE}mg", "1e308mg", "nan mg"])
def test_plan_doses_are_finite(painlog, option, dose):
    args = ["plan", "add", "med", "naproxen"]
    args += ["250mg", "--as-needed", "--max-daily", dose] if option == "--max-daily" else [dose]
    if option == "--dose":
        args += ["--times", "8am"]
    one_line_error(painlog(*args), 2)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400", HUGE])
def test_json_import_refuses_numbers_that_are_not_finite(painlog, tmp_path, value):
    painlog.ok("add", "pain", "4")
    before = painlog.fingerprint()
    record = (
        '{"kind": "medication", "at": "2026-01-02T09:00:00+00:00", "name": "ibuprofen", '
        f'"value": {value}, "unit": "mg"}}'
    )
    path = tmp_path / "bad.json"
    path.write_text(f'{{"format": "painlog", "version": 1, "entries": [{record}]}}')
    one_line_error(painlog("import", str(path)), 2, "bad.json")
    assert painlog.fingerprint() == before


def test_csv_and_bearable_refuse_numbers_that_are_not_finite(painlog, tmp_path, make_rows):
    path = tmp_path / "bad.csv"
    path.write_text(
        ",".join(HEADER) + "\n" + f",medication,2026-01-02T09:00:00+00:00,{HUGE},mg,ibuprofen\n"
    )
    one_line_error(painlog("import", str(path)), 2, "row 2")
    bearable = tmp_path / "bearable.csv"
    bearable.write_text(
        "date,date formatted,weekday,time of day,category,rating/amount,detail,notes\n"
        f"2026-01-02,2 Jan 2026,Friday,am,Meds/Supplements,{HUGE},Ibuprofen (mg),\n"
    )
    one_line_error(painlog("import", "--from", "bearable", str(bearable)), 2, "row 2")
    assert not painlog.db.exists()


def test_every_json_export_is_strict_json(painlog, tmp_path):
    painlog.ok("add", "pain", "6.5", "--where", "lower back")
    painlog.ok("add", "med", "ibuprofen", "999999.5mg")
    painlog.ok("add", "sleep", "7h30m")
    painlog.ok("plan", "add", "med", "naproxen", "250mg", "--as-needed", "--max-daily", "1000mg")
    painlog.ok("peg", "--pain", "5", "--enjoyment", "6", "--activity", "7")
    painlog.ok("pgic", "3")
    for fmt in ("json", "fhir"):
        strict_json(painlog.ok("export", "-f", fmt).stdout)
        out = tmp_path / f"out.{fmt}.json"
        painlog.ok("export", "-f", fmt, "-o", str(out))
        strict_json(out.read_text())
    for command in (["list"], ["summary"], ["due"], ["plan"], ["doctor"]):
        result = painlog(*command, "--json")
        if result.exit_code == 0:
            strict_json(result.stdout)


# --- point 9: JSON import checks every record as the commands do -----------------------------


def _document(**sections: list[dict]) -> str:
    return json.dumps({"format": "painlog", "version": 1, **sections})


GOOD_PLAN = {
    "id": "11111111-1111-4111-8111-111111111111", "item": "22222222-2222-4222-8222-222222222222",
    "action": "add", "day": "2026-01-05", "kind": "medication", "name": "naproxen",
    "mode": "as_needed", "dose": 250, "unit": "mg", "times": [], "per_week": None,
    "minutes": None, "max_daily": 1000, "max_daily_unit": "mg", "min_interval_hours": 8,
    "by": None, "note": None, "created_at": "2026-01-05T09:00:00+00:00",
}  # fmt: skip
GOOD_ENTRY = {"kind": "pain", "at": "2026-01-06T09:00:00+00:00", "value": 5}

BAD_RECORDS = {
    "visit day 20261101": ({"visits": [{"day": "20261101"}]}, "visits[0]", "day"),
    "visit day week form": ({"visits": [{"day": "2026-W45-1"}]}, "visits[0]", "day"),
    "visit day year 1": ({"visits": [{"day": "0001-01-01"}]}, "visits[0]", "day"),
    "visit with a number": ({"visits": [{"day": "2026-01-02", "with": 5}]}, "visits[0]", "with"),
    "plan day week form": ({"plan": [{**GOOD_PLAN, "day": "2026-W45-1"}]}, "plan[0]", "day"),
    "plan day compact": ({"plan": [{**GOOD_PLAN, "day": "20261101"}]}, "plan[0]", "day"),
    "plan dose as text": ({"plan": [{**GOOD_PLAN, "dose": "lots"}]}, "plan[0]", "dose"),
    "plan dose true": ({"plan": [{**GOOD_PLAN, "dose": True}]}, "plan[0]", "dose"),
    "plan mode unknown": ({"plan": [{**GOOD_PLAN, "mode": "sometimes"}]}, "plan[0]", "mode"),
    "plan interval huge": (
        {"plan": [{**GOOD_PLAN, "min_interval_hours": 1e9}]},
        "plan[0]",
        "--min-interval",
    ),
    "plan name a list": ({"plan": [{**GOOD_PLAN, "name": ["x"]}]}, "plan[0]", "name"),
    "plan per_week ³": (
        {
            "plan": [
                {
                    **GOOD_PLAN,
                    "kind": "exercise",
                    "mode": "weekly",
                    "dose": None,
                    "unit": None,
                    "max_daily": None,
                    "max_daily_unit": None,
                    "min_interval_hours": None,
                    "per_week": "³",
                }
            ]
        },
        "plan[0]",
        "per_week",
    ),
    "entry note a number": ({"entries": [{**GOOD_ENTRY, "note": 5}]}, "entries[0]", "note"),
    "entry tags a text": ({"entries": [{**GOOD_ENTRY, "tags": "a"}]}, "entries[0]", "tags"),
    "entry tags numbers": ({"entries": [{**GOOD_ENTRY, "tags": [1, 2]}]}, "entries[0]", "tags"),
    "entry at a number": ({"entries": [{**GOOD_ENTRY, "at": 20260106}]}, "entries[0]", "at"),
    "entry at compact": ({"entries": [{**GOOD_ENTRY, "at": "20260106"}]}, "entries[0]", "at"),
    "entry kind a list": ({"entries": [{**GOOD_ENTRY, "kind": ["pain"]}]}, "entries[0]", "kind"),
    "entry value true": ({"entries": [{**GOOD_ENTRY, "value": True}]}, "entries[0]", "value"),
    "question text a number": ({"questions": [{"text": 5}]}, "questions[0]", "text"),
    "question asked_at year 1": (
        {"questions": [{"text": "why?", "asked_at": "0001-01-01T00:00:00"}]},
        "questions[0]",
        "at",
    ),
    "peg pain a text": (
        {"peg": [{"at": "2026-01-06T09:00:00+00:00", "pain": "x", "enjoyment": 1, "activity": 1}]},
        "peg[0]",
        "pain",
    ),
    "pgic true": (
        {"pgic": [{"at": "2026-01-06T09:00:00+00:00", "value": True}]},
        "pgic[0]",
        "value",
    ),
    "pgic 2.5": ({"pgic": [{"at": "2026-01-06T09:00:00+00:00", "value": 2.5}]}, "pgic[0]", "value"),
    "section not a list": ({"visits": {"day": "2026-01-02"}}, "visits", "list"),
}


@pytest.mark.parametrize("case", list(BAD_RECORDS), ids=list(BAD_RECORDS))
def test_json_import_names_the_bad_record_and_field(painlog, tmp_path, case):
    sections, where, field = BAD_RECORDS[case]
    painlog.ok("add", "pain", "4")
    before = painlog.fingerprint()
    path = tmp_path / "import.json"
    path.write_text(_document(**{"entries": [GOOD_ENTRY], **sections}))
    result = painlog("import", str(path))
    one_line_error(result, 2, where, field)
    assert painlog.fingerprint() == before


def test_a_json_import_that_passes_leaves_due_summary_and_report_working(painlog, tmp_path):
    visit = {"day": "2026-01-07", "with": "Dr Rao", "note": None}
    path = tmp_path / "good.json"
    path.write_text(_document(entries=[GOOD_ENTRY], plan=[GOOD_PLAN], visits=[visit]))
    painlog.ok("import", str(path))
    for command in (["due"], ["summary", "--since", "2026-01-01"], ["list", "--all"]):
        painlog.ok(*command)
    painlog.ok("report", "-o", str(tmp_path / "r.md"), "--since", "2026-01-01")


# --- point 10: CSV reads back every field it writes -----------------------------------------


def test_a_one_megabyte_note_round_trips_through_csv(painlog, tmp_path):
    note = ('pain, "quoted"\nline ' * 60_000)[:1_000_000]
    painlog.ok("add", "pain", "5", "--note", note)
    exported = tmp_path / "out.csv"
    painlog.ok("export", "-o", str(exported))
    fresh = tmp_path / "fresh.db"
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(fresh), "import", str(exported)])
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(app, ["--db", str(fresh), "list", "--json"]).stdout)
    assert [entry["note"] for entry in listed] == [note.strip()]


# --- point 11: user text escaped for terminals and reports -----------------------------------

HOSTILE = "red \x1b[31mX\x1b[0m title \x1b]0;owned\x07 link \x1b]8;;http://e\x1b\\ csi \x9b2J"


def test_control_characters_are_visible_in_added_and_list(painlog):
    added = painlog.ok("add", "note", HOSTILE)
    added_pain = painlog.ok("add", "pain", "4", "--where", "knee\x1b[2J", "--tag", "t\x07")
    listed = painlog.ok("list")
    for output in (added.stdout, added_pain.stdout, listed.stdout):
        assert "\x1b" not in output and "\x07" not in output and "\x9b" not in output
    assert "^[[31mX" in added.stdout and "^[[31mX" in listed.stdout
    assert "<U+009B>" in listed.stdout and "knee^[[2J" in added_pain.stdout
    # the journal keeps what was typed; only what is shown changes
    notes = [entry["note"] for entry in painlog.json("list")]
    assert HOSTILE in notes


def test_control_characters_are_visible_in_errors_and_other_views(painlog):
    result = painlog("add", "pain", "\x1b[31m9")
    one_line_error(result, 2, "^[[31m9")
    painlog.ok("ask", "why \x1b]0;x\x07?")
    painlog.ok("visit", "add", "2026-01-02", "--with", "Dr \x1b[5mBlink")
    painlog.ok("plan", "add", "exercise", "walk\x1b[1m", "--per-week", "3")
    for command in (["ask", "list"], ["visit", "list"], ["plan"], ["plan", "--history"],
                    ["due"], ["compare", "--at", "walk\x1b[1m"]):  # fmt: skip
        output = painlog.ok(*command).stdout
        assert "\x1b" not in output and "\x07" not in output, command


def test_rich_markup_in_user_text_is_shown_as_typed(painlog):
    painlog.ok("add", "note", "[bold]loud[/bold] [link=http://e]x[/link]")
    listed = painlog.ok("list", env={"COLUMNS": "200"}).stdout
    assert "[bold]loud[/bold] [link=http://e]x[/link]" in listed


def test_markdown_report_escapes_user_text(painlog, tmp_path):
    from painlog.report.markdown import _escape

    note = "one\n# Heading\n| a | b |\n[click](http://evil.example) <script>x</script> &amp; *b*"
    painlog.ok("add", "note", note, "--tag", "clinic")
    painlog.ok("add", "pain", "5", "--note", "see https://evil.example/x and www.evil.example")
    out = tmp_path / "r.md"
    painlog.ok("report", "-o", str(out), "--include-private")
    text = out.read_text()
    assert "\n# Heading" not in text and "\\# Heading" in text
    assert "<script>" not in text and "](http" not in text and "\n| a |" not in text
    assert _escape("a\nb") == "a ↵ b"
    assert _escape("https://e.example/a|b") == "` https://e.example/a%7Cb `"
    assert _escape("- x") == "\\- x" and _escape("1. x") == "1\\. x"
    assert _escape("<b>&amp;</b>") == "\\<b\\>\\&amp;\\</b\\>"
    assert _escape("\x1b[31m") == "^\\[\\[31m"


def test_html_report_escapes_user_text(painlog, tmp_path):
    painlog.ok("add", "note", "<script>alert(1)</script> & \x1b[31m", "--tag", "clinic")
    out = tmp_path / "r.html"
    painlog.ok("report", "-o", str(out))
    text = out.read_text()
    assert "<script>alert" not in text and "\x1b" not in text


# --- point 13: no "unexpected problem" for bad input ----------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["add", "pain", "5", "--at", "0001-01-01"],
        ["add", "pain", "5", "--at", "99999999999 days ago"],
        ["add", "pain", "5", "--at", "9999999999h"],
        ["add", "pain", "5", "--at", "9999999999h ago"],
        ["summary", "--since", "0001-01-01"],
        ["summary", "--since", "99999999999 weeks ago"],
        ["plan", "add", "exercise", "walk", "--per-week", "³"],
        ["plan", "add", "med", "x", "5mg", "--times", "8am", "--from", "in 99999999999 days"],
        ["add", "sleep", "³:30"],
        ["visit", "add", "0001-01-01"],
    ],
)
def test_bad_input_is_one_line_exit_2(painlog, args):
    one_line_error(painlog(*args), 2)


def test_json_numbers_and_lists_where_text_is_wanted(painlog, tmp_path):
    for record in ({"kind": 5, "at": "2026-01-02"}, {"kind": "note", "at": ["x"], "note": "n"},
                   {"kind": "note", "at": "2026-01-02T10:00:00", "note": {"a": 1}}):  # fmt: skip
        path = tmp_path / "x.json"
        path.write_text(_document(entries=[record]))
        one_line_error(painlog("import", str(path)), 2, "entries[0]")
    path.write_text(json.dumps({"format": "painlog", "version": "1"}))
    one_line_error(painlog("import", str(path)), 2)


def test_arguments_that_are_not_utf8_are_refused(painlog):
    word = b"caf\xe9".decode("utf-8", "surrogateescape")
    one_line_error(painlog("add", "note", word), 2, "not valid UTF-8")
    assert not painlog.db.exists()


def test_identity_given_a_folder(painlog, tmp_path):
    pytest.importorskip("pyrage")
    from painlog.formats.agefile import Encryption, encrypt

    painlog.ok("add", "pain", "4")
    sealed = tmp_path / "x.csv.age"
    import pyrage

    key = pyrage.x25519.Identity.generate()
    sealed.write_bytes(encrypt(b"kind,at,value\n", Encryption(recipients=[str(key.to_public())])))
    one_line_error(painlog("import", str(sealed), "--identity", str(tmp_path)), 2, "--identity")


def test_a_backups_folder_that_cannot_be_made(painlog, tmp_path):
    painlog.ok("add", "pain", "4")
    (tmp_path / "backups").write_text("not a folder")
    path = tmp_path / "in.json"
    path.write_text(_document(entries=[GOOD_ENTRY]))
    before = painlog.fingerprint()
    one_line_error(painlog("import", str(path)), 1, "backups")
    one_line_error(painlog("backup"), 1, "backups")
    assert painlog.fingerprint() == before


def _command_paths() -> list[list[str]]:
    import typer

    sys.path.insert(0, str(Path(__file__).parents[1] / "docs"))
    try:
        from cli_reference import _command_paths as paths
    finally:
        sys.path.pop(0)
    return [path for path in paths(typer.main.get_command(app), []) if path]


COMMAND_PATHS = _command_paths()
VALUES = st.sampled_from(
    ["5", "-1", "0", "10.5", "1e308", "inf", "NaN", "³", "٣", "99999999999", "9999999999h",
     "0001-01-01", "9999-12-31", "2026-W45-1", "20261101", "yesterday", "in 99999999999 days",
     "99999999999 days ago", "mg", "", " ", "x" * 300, "\x1b[31m", "a;b", "ibuprofen", "pain",
     "med", "3 days ago", "8am", "25:00", "last monday", "1000000000mg", "400mg", "\x00", "é",
     "caf\udce9", ".", "/", "/dev/null"]
)  # fmt: skip
OPTIONS = st.sampled_from(
    ["--at", "--since", "--until", "--dose", "--per-week", "--times", "--where", "--tag",
     "--note", "-o", "--format", "--from", "--identity", "--kind", "--max-daily",
     "--min-interval", "--minutes", "--on", "--with", "--date", "--pain", "--mood"]
)  # fmt: skip
FLAGS = st.sampled_from(["--json", "--yes", "--all", "--force", "--as-needed", "--dry-run"])
WORDS = st.lists(
    st.one_of(
        VALUES.map(lambda value: [value]),
        st.tuples(OPTIONS, VALUES).map(list),
        FLAGS.map(lambda flag: [flag]),
        st.text(max_size=12).map(lambda text: [text]),
    ),
    max_size=5,
).map(lambda groups: [word for group in groups for word in group])


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=st.sampled_from(COMMAND_PATHS), words=WORDS)
@example(path=["add", "pain"], words=["5", "--at", "0001-01-01"])
@example(path=["add", "med"], words=["ibuprofen", "5mg", "--at", "99999999999 days ago"])
@example(path=["summary"], words=["--since", "9999999999h"])
@example(path=["plan", "add"], words=["exercise", "walk", "--per-week", "³"])
@example(path=["add", "note"], words=["caf\udce9"])
def test_fuzzed_arguments_never_end_in_a_traceback(tmp_path_factory, path, words):
    home = tmp_path_factory.mktemp("fuzz")
    runner = CliRunner()
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME":
           str(home / "config"), "PAINLOG_DB": str(home / "other.db"), "PAINLOG_NO_INPUT": "1",
           "PAINLOG_PASSPHRASE": None, "PAINLOG_EXPORT_PASSPHRASE": None}  # fmt: skip
    cwd = os.getcwd()
    os.chdir(home)  # a file name among the words is made (or read) here, nowhere else
    try:
        args = ["--db", str(home / "j.db"), "--no-input", *path, *words]
        result = runner.invoke(app, args, env=env, input="")
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1, 2, 130), (args, result.exit_code, result.output)
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), (args, repr(result.exception))
    assert "Traceback" not in result.output and UNEXPECTED not in result.output, (
        args,
        result.output,
    )


# --- point 13: a closed pipe ends quietly ----------------------------------------------------


@pytest.fixture(scope="module")
def big_journal(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pipe")
    rows = ["id,kind,at,value,unit,name,quality,location,intensity,note,tags,trigger,relief"]
    rows += [f",note,2026-01-01T{h % 24:02d}:{h % 60:02d}:00+00:00,,,,,,,{'x' * 200} {h},,,"
             for h in range(3000)]  # fmt: skip
    source = folder / "rows.csv"
    source.write_text("\n".join(rows) + "\n")
    db = folder / "j.db"
    result = CliRunner().invoke(app, ["--db", str(db), "import", str(source)])
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize(
    "args",
    [["list", "--all"], ["export"], ["export", "-f", "json"], ["export", "-f", "fhir"],
     ["doctor"], ["config", "list"], ["--help"]],
    ids=lambda args: " ".join(args),
)  # fmt: skip
def test_a_closed_pipe_ends_quietly(big_journal, args):
    reader_gone = subprocess.Popen(
        [sys.executable, "-m", "painlog", "--db", str(big_journal), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert reader_gone.stdout is not None
    reader_gone.stdout.read(1)  # as `| head -c 1` does
    reader_gone.stdout.close()
    _, errors = reader_gone.communicate(timeout=60)
    text = errors.decode()
    assert "Traceback" not in text and UNEXPECTED not in text and "BrokenPipe" not in text, text
    assert "Exception ignored" not in text, text
    # 141 = 128 + SIGPIPE (the reader left early), or 0/1 when all fitted in the pipe first
    assert reader_gone.returncode in (0, 1, 141), (reader_gone.returncode, text)


def test_format_number_keeps_finite_values():
    assert format_number(999999.5) == "999999.5"


def test_line_and_paragraph_separators_are_visible(painlog):
    # U+2028/U+2029 break a line in many terminals: shown as <U+2028>, kept in the journal.
    painlog.ok("add", "note", "first\u2028second\u2029third")
    listed = painlog.ok("list").stdout
    assert "\u2028" not in listed and "first<U+2028>second<U+2029>third" in listed
    assert painlog.json("list")[0]["note"] == "first\u2028second\u2029third"
