"""Issue 9: a patient on a bad day — numbers as they are, forgiving input, plain words."""

from __future__ import annotations

import json
import re
import runpy
from pathlib import Path

from painlog import clock
from painlog.insight.heatmap import LEVELS, shown, style_for


def test_summary_shows_halves_as_they_are_and_starts_at_the_first_week(painlog):
    painlog.ok("add", "pain", "8.5", "--at", "2 days ago")
    painlog.ok("add", "pain", "5.5", "--at", "2 days ago")
    text = painlog.ok(
        "summary", "--since", "10 weeks ago", env={"COLUMNS": "100", "NO_COLOR": "1"}
    ).stdout
    assert "8.5/5.5" in text
    rows = [line for line in text.splitlines() if re.match(r"\s*[A-Z][a-z]{2} \d", line)]
    assert len(rows) <= 2  # not ten empty weeks before the journal began
    assert "Meds" not in text  # a sum of different medicines meant nothing
    assert len(painlog.json("summary", "--since", "10 weeks ago")["weeks"]) >= 10  # JSON keeps them


def test_calendar_colours_the_number_it_prints():
    for mean, number in ((5.5, 6), (4.5, 5), (1.49, 1), (1.5, 2), (7.5, 8), (0.0, 0), (10.0, 10)):
        assert shown(mean) == number
        band = next(label for top, label, _ in LEVELS if number <= top)
        low, high = (int(part) for part in band.split("-"))
        assert low <= number <= high
        assert style_for(number) == next(style for top, _, style in LEVELS if number <= top)


def test_chart_axes_tick_at_round_numbers(painlog):
    painlog.ok("add", "sleep", "7h15m", "--at", "yesterday 7am")
    painlog.ok("add", "sleep", "6.25", "--at", "2 days ago")
    painlog.ok("add", "exercise", "walk", "95m", "--at", "yesterday")
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "yesterday 8am")
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "yesterday 4pm")
    env = {"COLUMNS": "80", "NO_COLOR": "1"}

    def axis(kind: str) -> list[str]:
        text = painlog.ok("chart", kind, env=env).stdout
        return [line.split("┤")[0].strip() for line in text.splitlines() if "┤" in line]

    assert axis("sleep") == ["10", "8", "6", "4", "2", "0"]
    assert axis("exercise") == ["120", "90", "60", "30", "0"]
    assert axis("medication") == ["3", "2", "1", "0"]


def test_plurals(painlog, tmp_path):
    assert "2 tablets" in painlog.ok("add", "med", "paracetamol", "2", "tablets").stdout
    assert "1 tablet " in painlog.ok("add", "med", "paracetamol", "1", "tablet").stdout
    assert "Backed up 2 entries" in painlog.ok("backup").stdout
    out = tmp_path / "one.csv"
    painlog.ok("export", "-o", str(out), "--since", "today", "--until", "today")
    copy = tmp_path / "c.db"
    from tests.conftest import Painlog

    assert "Imported 2 records" in Painlog(copy).ok("import", str(out)).stdout


# --- forgiving input ------------------------------------------------------------------------------

from datetime import datetime, timedelta  # noqa: E402

import pytest  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from painlog.errors import InvalidInput  # noqa: E402
from painlog.journal.timeparse import parse_moment  # noqa: E402
from painlog.journal.values import parse_mood, parse_pain, parse_sleep_hours  # noqa: E402

NOW = datetime(2026, 11, 26, 15, 30).astimezone()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2d", "2026-11-24 12:00"),
        ("2h ago", "2026-11-26 13:30"),
        ("30m ago", "2026-11-26 15:00"),
        ("a week ago", "2026-11-19 12:00"),
        ("an hour ago", "2026-11-26 14:30"),
        ("yesterday 8 am", "2026-11-25 08:00"),
        ("last mon 9 pm", "2026-11-23 21:00"),
        ("this morning", "2026-11-26 08:00"),
        ("last night", "2026-11-25 22:00"),
        ("13/11/2026", "2026-11-13 12:00"),
        ("13/11/2026 9pm", "2026-11-13 21:00"),
    ],
)
def test_tired_time_words(typed, expected):
    assert parse_moment(typed, NOW).strftime("%Y-%m-%d %H:%M") == expected


def test_an_ambiguous_date_gives_both_readings_unless_the_order_is_set(monkeypatch):
    with pytest.raises(InvalidInput) as refused:
        parse_moment("10/11/2026", NOW)
    assert refused.value.message == (
        "--at: '10/11/2026' could be 10 November 2026 or 11 October 2026; type 2026-11-10 or "
        "2026-10-11 (or set your date order: painlog config set date-order dmy, or mdy)."
    )
    monkeypatch.setenv("PAINLOG_DATE_ORDER", "mdy")
    assert parse_moment("10/11/2026", NOW).date().isoformat() == "2026-10-11"
    monkeypatch.setenv("PAINLOG_DATE_ORDER", "dmy")
    assert parse_moment("10/11/2026", NOW).date().isoformat() == "2026-11-10"


@pytest.mark.parametrize(
    ("typed", "part"), [("yesterday 25pm", "25pm"), ("lastt monday 9pm", "lastt monday")]
)
def test_a_refused_time_names_the_part_not_understood(painlog, typed, part):
    result = painlog("add", "pain", "5", "--at", typed)
    assert result.exit_code == 2
    assert f"'{part}' was not understood" in result.stderr
    assert not painlog.db.exists()


@given(st.integers(0, 100).map(lambda tenths: tenths / 10))
def test_ratings_out_of_ten(value):
    text = f"{value:g}"
    assert parse_pain(f"{text}/10") == parse_pain(text) == value
    assert parse_mood(f"{text} out of 10") == value


@pytest.mark.parametrize("typed", ["7h30", "7 1/2", "7 and a half", "7½", "7h30m", "7.5", "450m"])
def test_sleep_forms(typed):
    assert parse_sleep_hours(typed) == 7.5


def _log(painlog, forgiving: bool, days: int = 21) -> None:
    today = clock.now().date()
    for n in range(1, days + 1):
        day = (today - timedelta(days=n)).isoformat()
        pain, mood = str(3 + n % 5), str(8 - n % 4)
        if forgiving:
            painlog.ok(
                "add",
                "pain",
                pain,
                "out",
                "of",
                "10",
                "--at",
                f"{n}d",
                "--where",
                "lower back, left hip",
            )
            painlog.ok("add", "sleep", f"{6 + n % 3} and a half", "--at", f"{n} days ago")
            painlog.ok("add", "mood", f"{mood}/10", "--at", f"{n}d")
            painlog.ok("add", "exercise", "walk 30m", "--at", f"{n}d")
            painlog.ok("add", "med", "ibuprofen 400mg", "--at", f"{n}d")
        else:
            painlog.ok(
                "add", "pain", pain, "--at", f"{day} 12:00", "--where", "lower back; left hip"
            )
            painlog.ok("add", "sleep", f"{6 + n % 3}h30m", "--at", f"{day} 12:00")
            painlog.ok("add", "mood", mood, "--at", f"{day} 12:00")
            painlog.ok("add", "exercise", "walk", "30m", "--at", f"{day} 12:00")
            painlog.ok("add", "med", "ibuprofen", "400mg", "--at", f"{day} 12:00")


def test_three_weeks_typed_the_forgiving_ways_give_the_same_summary(tmp_path):
    from tests.conftest import Painlog

    strict, forgiving = Painlog(tmp_path / "strict.db"), Painlog(tmp_path / "forgiving.db")
    _log(strict, forgiving=False)
    _log(forgiving, forgiving=True)
    assert strict.json("summary") == forgiving.json("summary")
    places = {tuple(e["location"]) for e in forgiving.json("list", "--kind", "pain")}
    assert places == {("lower back", "left hip")}


# --- side effects -------------------------------------------------------------------------------


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


# --- what every CLI user expects; check-in polish ---------------------------------------------


def test_version(painlog):
    from painlog import __version__

    assert painlog.ok("--version").stdout.strip() == f"painlog {__version__}"


@pytest.mark.parametrize(
    ("args", "instead"),
    [
        (("checkin",), "log with 'painlog add …' instead"),
        (("delete", "PLACEHOLDER"), "add --yes"),
        (("peg", "--pain", "5"), "give --pain, --enjoyment and --activity"),
        (("pgic",), "give the answer, e.g. 'painlog pgic 3'"),
    ],
)
def test_no_input_fails_instead_of_waiting(painlog, args, instead):
    added = painlog.ok("add", "pain", "5").stdout
    short = added.rsplit("(", 1)[1][:8]
    args = tuple(short if arg == "PLACEHOLDER" else arg for arg in args)
    before = painlog.fingerprint()
    result = painlog("--no-input", *args, input="5\n" * 20)
    assert result.exit_code == 2
    assert (
        "would ask questions, and --no-input was given" in result.stderr
        and instead in result.stderr
    )
    assert painlog.fingerprint() == before
    env_result = painlog(*args, input="5\n" * 20, env={"PAINLOG_NO_INPUT": "1"})
    assert env_result.exit_code == 2


def test_checkin_prompts_wrap_at_word_boundaries_and_enter_skips_the_peg(painlog):
    result = painlog.ok("checkin", input="5\n" + "\n" * 6 + "y\n\n\n", env={"COLUMNS": "80"})
    assert "imaginable" not in result.stdout or "imag\n" not in result.stdout
    assert all(
        len(line) <= 80 for line in result.stdout.splitlines() if "PEG" in line or "week" in line
    )
    assert "It has been a week" not in result.stdout  # the first PEG is not "a week" since anything
    assert "Answer the 3 PEG questions too" in result.stdout
    assert "PEG score" not in result.stdout  # Enter skipped it
    assert [e["kind"] for e in painlog.json("list")] == ["pain"]


# --- everything undoable --------------------------------------------------------------------------


def test_undo_reverses_changes_newest_first(painlog, tmp_path):
    painlog.ok("add", "pain", "6", "--where", "back", "--at", "2026-11-20 09:00")
    first = painlog.json("list")
    painlog.ok("add", "mood", "4")
    entry_id = first[0]["id"]
    painlog.ok("edit", entry_id[:6], "3", "--where", "neck")
    painlog.ok("plan", "add", "therapy", "CBT", "--per-week", "1", "--from", "2026-11-01")
    painlog.ok("plan", "change", "CBT", "--per-week", "2", "--from", "2026-11-15")
    csv_file = tmp_path / "more.csv"
    csv_file.write_text(
        "kind,at,value\npain,2026-11-21T10:00:00+00:00,5\npain,2026-11-22T10:00:00+00:00,4\n"
    )
    painlog.ok("import", str(csv_file))
    assert len(painlog.json("list")) == 4
    assert (
        painlog.ok("undo").stdout.strip()
        == "Undid the import of 2 records. 5 more changes can be undone."
    )
    assert len(painlog.json("list")) == 2
    assert "plan change of CBT" in painlog.ok("undo").stdout
    assert [i["per_week"] for i in painlog.json("plan", "--on", "2026-11-20")["items"]] == [1]
    assert "plan add" in painlog.ok("undo").stdout
    assert "edit of pain" in painlog.ok("undo").stdout
    assert painlog.json("list")[0] == first[0]  # the same id, value and place as before
    painlog.ok("delete", entry_id[:6], "--yes")
    assert "delete pain 6/10 (back)" in painlog.ok("undo").stdout
    assert painlog.json("list")[0] == first[0]
    painlog.ok("undo")  # the mood
    assert "add pain 6/10 (back) on 2026-11-20 09:00" in painlog.ok("undo").stdout
    assert painlog.json("list") == []
    assert painlog.ok("undo").stdout.strip() == "Nothing to undo."


def test_visits_and_questions_can_be_edited_deleted_and_undone(painlog):
    added = painlog.ok("visit", "add", "2026-11-10", "--with", "Dr. Rao").stdout
    visit_id = added.rsplit("(", 1)[1][:8]
    edited = painlog.ok("visit", "edit", visit_id[:5], "--date", "2026-11-12", "--note", "review")
    assert (
        "Updated visit 2026-11-10 with Dr. Rao → 2026-11-12 with Dr. Rao (review)" in edited.stdout
    )
    painlog.ok("visit", "delete", visit_id[:5], "--yes")
    assert "No visits yet" in painlog.ok("visit", "list").stdout
    painlog.ok("undo")
    assert "2026-11-12  Dr. Rao - review" in painlog.ok("visit", "list").stdout
    asked = painlog.ok("ask", "Is it safe to drive?").stdout
    question_id = asked.rsplit("(", 1)[1][:8]
    assert (
        "Deleted question: Is it safe to drive?" in painlog.ok("ask", "delete", question_id).stdout
    )
    assert "No open questions" in painlog.ok("ask", "--list").stdout
    painlog.ok("undo")
    assert "Is it safe to drive?" in painlog.ok("ask", "--list").stdout


def test_list_says_how_many_it_leaves_out(painlog, tmp_path):
    rows = "\n".join(
        f"pain,2026-10-{1 + n // 3:02d}T{8 + n % 3 * 4:02d}:00:00+00:00,{n % 10}" for n in range(60)
    )
    source = tmp_path / "p.csv"
    source.write_text("kind,at,value\n" + rows + "\n")
    painlog.ok("import", str(source))
    text = painlog.ok("list", env={"COLUMNS": "100"}).stdout
    assert "Showing the newest 50 of 60 entries (--all for all)." in text
    assert "Showing" not in painlog.ok("list", "--all", env={"COLUMNS": "100"}).stdout


def test_restore_shows_what_it_replaces_and_asks(painlog, tmp_path):
    painlog.ok("add", "pain", "3", "--at", "2026-11-01 10:00")
    saved = tmp_path / "saved.db"
    painlog.ok("backup", "-o", str(saved))
    painlog.ok("add", "pain", "9", "--at", "2026-11-05 10:00")
    before = painlog.fingerprint()
    declined = painlog("restore", str(saved), input="n\n")
    assert declined.exit_code == 1
    asked = " ".join(declined.stdout.split())  # the question wraps at the terminal's width
    assert "Replace the journal (2 entries, 2026-11-01 to 2026-11-05)" in asked
    assert "(1 entry, 2026-11-01 to 2026-11-01)" in asked
    assert "Nothing restored." in declined.stderr
    assert painlog.fingerprint() == before
    assert "Restored 1 entry" in painlog.ok("restore", str(saved), input="y\n").stdout


# --- warnings before silent damage -----------------------------------------------------------------


@pytest.fixture
def terminal(monkeypatch):
    """As if typing at a terminal (CliRunner's stdin is not one)."""
    from painlog import interaction

    monkeypatch.setattr(interaction, "can_prompt", lambda: True)


def test_in_a_script_each_warning_is_a_line_and_the_entry_is_saved(painlog):
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2025-06-10 08:00")
    again = painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2025-06-10 08:20")
    assert (
        "Note: ibuprofen 400 mg is already logged 20 minutes before this (08:00)." in again.stderr
    )
    typo = painlog.ok("add", "med", "ibuprofin", "400mg", "--at", "2025-06-10 09:00")
    assert "Note: 'ibuprofin' is new; did you mean ibuprofen? Saved as typed" in typo.stderr
    big = painlog.ok("add", "med", "ibuprofen", "4000mg", "--at", "2025-06-10 15:00")
    assert (
        "4000 mg is more than 3 times the largest ibuprofen dose logged before (400 mg)"
        in big.stderr
    )
    painlog.ok("add", "sleep", "7h", "--at", "2025-06-10 07:00")
    second = painlog.ok("add", "sleep", "1h", "--at", "2025-06-10 07:30")
    assert "Sleep for the night before" in second.stderr and "7h (07:00)" in second.stderr
    painlog.ok("add", "pain", "5", "--where", "lower back")
    place = painlog.ok("add", "pain", "5", "--where", "lower bak")
    assert "'lower bak' is a new place; did you mean lower back?" in place.stderr
    painlog.ok(
        "peg", "--pain", "5", "--enjoyment", "5", "--activity", "5", "--at", "2025-06-10 20:00"
    )
    peg = painlog.ok(
        "peg", "--pain", "6", "--enjoyment", "5", "--activity", "5", "--at", "2025-06-10 21:00"
    )
    assert "A PEG is already answered for" in peg.stderr
    assert len(painlog.json("list")) == 8  # everything typed was kept


def test_at_a_terminal_each_warning_is_a_question_with_a_safe_default(painlog, terminal):
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2025-06-10 08:00")
    kept = painlog.ok(
        "add", "med", "ibuprofin", "400mg", "--at", "2025-06-10 09:00", input="\n"
    )  # Enter: yes
    assert "did you mean ibuprofen? Use ibuprofen? [Y/n]" in kept.stdout
    assert "Added medication ibuprofen 400 mg" in kept.stdout
    cancelled = painlog(
        "add", "med", "ibuprofen", "400mg", "--at", "2025-06-10 09:10", input="\n"
    )  # Enter: no
    assert cancelled.exit_code == 0 and "Nothing saved." in cancelled.stderr
    painlog.ok("add", "sleep", "7h", "--at", "2025-06-10 07:00")
    replaced = painlog.ok("add", "sleep", "6h", "--at", "2025-06-10 07:00", input="r\n")
    assert "[r]eplace it, add this as a [n]ap, or [c]ancel?" in replaced.stdout
    assert [e["value"] for e in painlog.json("list", "--kind", "sleep")] == [6.0]
    painlog.ok("add", "sleep", "40m", "--at", "2025-06-10 07:05", input="n\n")
    nap = painlog.json("list", "--kind", "sleep")[-1]
    assert nap["tags"] == ["nap"]
    assert (
        "Nothing saved."
        in painlog.ok("add", "sleep", "5h", "--at", "2025-06-10 07:00", input="\n").stderr
    )
    assert len(painlog.json("list", "--kind", "sleep")) == 2
    assert "add sleep 0h40m" in painlog.ok("undo").stdout  # the nap
    assert "replacing 1" in painlog.ok("undo").stdout
    assert [e["value"] for e in painlog.json("list", "--kind", "sleep")] == [7.0]  # as before


# --- shell completion ------------------------------------------------------------------------------

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402


def _complete(db, words: str) -> list[str]:
    index = len(words.split()) - (0 if words.endswith(" ") else 1)
    env = {**os.environ, "PAINLOG_DB": str(db), "_PAINLOG_COMPLETE": "complete_bash",
           "COMP_WORDS": words, "COMP_CWORD": str(index)}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "painlog"], env=env, capture_output=True, text=True
    )
    return result.stdout.split()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(painlog, shell):
    script = painlog.ok("completion", shell).stdout
    assert "_PAINLOG_COMPLETE" in script and "painlog" in script


def test_completion_refuses_an_unknown_shell(painlog):
    result = painlog("completion", "tcsh")
    assert (
        result.exit_code == 2
        and "SHELL: 'tcsh' is not accepted; give one of bash, zsh, fish" in result.stderr
    )


def test_completion_offers_commands_kinds_and_the_persons_own_words(painlog):
    painlog.ok("add", "med", "gabapentin", "300mg")
    painlog.ok("add", "med", "Ibuprofen", "400mg")
    painlog.ok("add", "pain", "5", "--where", "lower back, left hip", "--tag", "flare")
    painlog.ok("add", "exercise", "tai chi", "30m")
    painlog.ok("plan", "add", "therapy", "CBT", "--per-week", "1")
    assert _complete(painlog.db, "painlog ch") == ["checkin", "chart"]
    assert _complete(painlog.db, "painlog add med i") == ["ibuprofen"]  # any case will do
    assert _complete(painlog.db, "painlog add pain 4 --where l") == ["lower", "back", "left", "hip"]
    assert _complete(painlog.db, "painlog add mood 4 --tag f") == ["flare"]
    assert _complete(painlog.db, "painlog add exercise t") == ["tai", "chi"]
    assert _complete(painlog.db, "painlog list --kind s") == ["sleep", "side-effect", "symptom"]
    assert _complete(painlog.db, "painlog plan stop ") == ["CBT"]
    ids = _complete(painlog.db, "painlog delete ")
    assert len(ids) == 4 and all(len(entry_id) == 8 for entry_id in ids)
    assert _complete(painlog.db.with_name("none.db"), "painlog add med i") == []
    assert not painlog.db.with_name("none.db").exists()  # completion never creates a journal


# --- help and --json ---------------------------------------------------------------------------------


def test_every_help_ends_with_an_example_and_names_no_file_users_lack():
    reference = runpy.run_path(str(Path(__file__).parent.parent / "docs" / "cli_reference.py"))
    sections = reference["reference"]().split("## painlog")[1:]
    assert len(sections) > 30
    for section in sections:
        title = section.splitlines()[0].strip() or "painlog"
        assert "Example:" in section, f"'{title} --help' has no example"
        assert "SPEC.md" not in section, title


def test_json_on_read_commands(painlog):
    painlog.ok("add", "pain", "5.5", "--at", "yesterday 9am")
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "yesterday 9am")
    painlog.ok("ask", "Is it safe to drive?")
    chart = painlog.json("chart")
    assert chart["pain"][0]["mean"] == 5.5 and "sleep" in chart
    assert painlog.json("chart", "medication")["medication"][0]["name"] == "ibuprofen"
    calendar = painlog.json("calendar")
    assert calendar["days"][-1] == {"day": chart["pain"][0]["day"], "mean": 5.5, "shown": 6}
    assert painlog.json("ask")[0]["text"] == "Is it safe to drive?"
    checks = {finding["check"]: finding["status"] for finding in painlog.json("doctor")}
    assert checks["file format"] == "ok"


# --- settings -------------------------------------------------------------------------------------------


def test_config_set_get_list_and_what_each_setting_changes(painlog, tmp_path):
    painlog.ok("config", "set", "date-order", "dmy")
    painlog.ok("add", "pain", "5", "--at", "10/11/2025")
    assert painlog.json("list")[0]["day"] == "2025-11-10"
    painlog.ok("config", "set", "date-order", "mdy")
    painlog.ok("add", "pain", "4", "--at", "10/11/2025")
    assert painlog.json("list")[0]["day"] == "2025-10-11"
    painlog.ok("config", "set", "clock", "12h")
    assert "2025-10-11 12:00 PM" in painlog.ok("list", env={"COLUMNS": "100"}).stdout
    painlog.ok("config", "set", "week-start", "Sun")
    weeks = painlog.json("summary", "--since", "2025-10-01", "--until", "2025-10-31")["weeks"]
    assert weeks[0]["week_start"] == "2025-09-28"  # a Sunday
    painlog.ok("config", "set", "name", "Ana", "Silva")
    painlog.ok("config", "set", "born", "1961-04-02")
    out = tmp_path / "r.md"
    painlog.ok("report", "-o", str(out), "--since", "2025-10-01", "--until", "2025-11-30")
    assert "Ana Silva, born 1961-04-02. Period:" in out.read_text()
    assert painlog.json("config", "list") == {
        "week-start": "sunday", "date-order": "mdy", "clock": "12h", "name": "Ana Silva",
        "born": "1961-04-02", "backups-kept": "10", "sleep-source": "", "sync": "manual",
    }  # fmt: skip
    assert painlog.ok("config", "get", "born").stdout.strip() == "1961-04-02"
    assert "config born = 1961-04-02" in painlog.ok("undo").stdout
    assert painlog.ok("config", "get", "born").stdout.strip() == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("config", "set", "clock", "13h"), "clock: '13h' is not accepted; give 24h or 12h."),
        (
            ("config", "set", "born", "1961-13-02"),
            "born: '1961-13-02' is not accepted; give your date of birth as YYYY-MM-DD",
        ),
        (
            ("config", "set", "backups-kept", "0"),
            "backups-kept: '0' is not accepted; give a whole number from 1 to 100",
        ),
        (("config", "set", "week-start", "funday"), "week-start: 'funday' is not accepted"),
        (
            ("config", "set", "colour", "red"),
            "key: 'colour' is not accepted; give one of week-start, date-order",
        ),
        (("config", "get", "colour"), "key: 'colour' is not accepted"),
    ],
)
def test_bad_settings(painlog, args, message):
    painlog.ok("add", "pain", "4")
    before = painlog.fingerprint()
    result = painlog(*args)
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert painlog.fingerprint() == before


@pytest.mark.parametrize(
    ("typed", "days_ahead"), [("tomorrow", 1), ("in 2 weeks", 14), ("in 3 days", 3)]
)
def test_visits_can_be_booked_ahead(painlog, typed, days_ahead):
    from datetime import date as day_type

    painlog.ok("visit", "add", typed, "--with", "Dr. Rao")
    [visit] = painlog.json("visit", "list")
    assert visit["day"] == (day_type.today() + timedelta(days=days_ahead)).isoformat()


def test_next_weekday_is_ahead():
    from painlog.journal.timeparse import parse_any_day

    thursday = parse_any_day("next thursday", NOW)
    assert thursday.weekday() == 3 and 0 < (thursday - NOW.date()).days <= 7


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("visit", "edit", "PLACEHOLDER"),
            "visit edit: nothing to change; give --date, --with or --note.",
        ),
        (("visit", "edit", "zzzz", "--note", "x"), "id: no visit starts with 'zzzz'"),
        (("visit", "delete", "zzzz", "--yes"), "id: no visit starts with 'zzzz'"),
        (
            ("visit", "edit", "PLACEHOLDER", "--date", "someday"),
            "--date: 'someday' is not accepted",
        ),
        (("ask", "delete", "zzzz"), "id: no question starts with 'zzzz'"),
    ],
)
def test_bad_visit_and_question_edits(painlog, args, message):
    added = painlog.ok("visit", "add", "2026-11-10").stdout
    visit_id = added.rsplit("(", 1)[1][:8]
    before = painlog.fingerprint()
    result = painlog(*(visit_id if arg == "PLACEHOLDER" else arg for arg in args))
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert painlog.fingerprint() == before
