"""Every bad-input rule: exit 2, one line naming the field and the accepted form, journal untouched."""

from __future__ import annotations

import pytest

BAD_INPUT = [
    # (command, expected start of the message, words that name the accepted form)
    (["add", "pain", "11"], "pain: '11' is not accepted", "0 (no pain) to 10"),
    (["add", "pain", "-1"], "pain: '-1' is not accepted", "0 (no pain) to 10"),
    (["add", "pain", "6.25"], "pain: '6.25' is not accepted", "at most one decimal"),
    (["add", "pain", "six"], "pain: 'six' is not accepted", "e.g. 6 or 6.5"),
    (["add", "pain", "5", "--quality", "hot"], "quality: 'hot' is not accepted", "aching, burning"),
    (["add", "sleep", "25h"], "sleep: '25h' is not accepted", "7h30m"),
    (["add", "sleep", "0"], "sleep: '0' is not accepted", "more than 0"),
    (["add", "sleep", "7h75m"], "sleep: '7h75m' is not accepted", "7h30m"),
    (
        ["add", "sleep", "7", "--quality", "6"],
        "sleep quality: '6' is not accepted",
        "1 (very poor) to 5",
    ),
    (["add", "mood", "12"], "mood: '12' is not accepted", "0 (worst) to 10 (best)"),
    (["add", "exercise", "walk", "0"], "exercise: '0' is not accepted", "1h15m"),
    (["add", "exercise", "walk", "1500m"], "exercise: '1500m' is not accepted", "at most 1440"),
    (["add", "exercise", "walk"], "exercise: a value is needed", "30m"),
    (
        ["add", "exercise", "walk", "30m", "-i", "extreme"],
        "intensity: 'extreme' is not accepted",
        "light, moderate, vigorous",
    ),
    (["add", "med", "ibuprofen", "400zorks"], "unit: 'zorks' is not accepted", "mg, g, mcg"),
    (["add", "med", "ibuprofen", "0mg"], "dose: '0' is not accepted", "above 0"),
    (["add", "med", "ibuprofen"], "dose: a value is needed", "400mg"),
    (["add", "therapy", "massage", "0m"], "therapy: '0m' is not accepted", "minutes"),
    (["add", "note", ""], "note: a value is needed", "not empty"),
    (["add", "note", "   "], "note: a value is needed", "not empty"),
    (["add", "pain", "5", "--at", "blah"], "--at: 'blah' is not accepted", "yesterday 9pm"),
    (
        ["add", "pain", "5", "--at", "2999-01-01"],
        "--at: '2999-01-01' is in the future",
        "up to now",
    ),
    (["add", "pain", "5", "--at", "tomorrow"], "--at: 'tomorrow' is not accepted", "3 days ago"),
    (
        ["add", "pain", "5", "--wehre", "back"],
        "--wehre: is not an option of this command",
        "painlog add pain --help",
    ),
    (["add", "pain"], "Missing argument 'value'", "painlog add pain --help"),
    (["add", "note", "hello", "--tga", "x"], "No such option: --tga", "painlog add note --help"),
    (["add", "note", "-5 better"], "No such option: -5", "painlog add note --help"),
    (["--bogus"], "No such option: --bogus.", "painlog --help"),
    (["list", "--since", "someday"], "--since: 'someday' is not accepted", "2 weeks ago"),
    (["list", "--kind", "headache"], "kind: 'headache' is not accepted", "pain, sleep, mood"),
    (
        ["list", "--since", "2026-11-20", "--until", "2026-11-01"],
        "--since: 2026-11-20 is after",
        "earlier date first",
    ),
    (["edit", "zzzz", "5"], "id: no entry starts with 'zzzz'", "painlog list"),
    (["delete", "zzzz", "--yes"], "id: no entry starts with 'zzzz'", "painlog list"),
    (["export", "--format", "xml"], "--format: 'xml' is not accepted", "csv"),
]


@pytest.fixture
def journal_with_an_entry(painlog):
    painlog.ok("add", "pain", "4", "--note", "baseline")
    return painlog


@pytest.mark.parametrize(("args", "message", "accepted"), BAD_INPUT)
def test_bad_input_is_refused_cleanly(journal_with_an_entry, args, message, accepted):
    painlog = journal_with_an_entry
    before = painlog.fingerprint()
    result = painlog(*args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: {message}"), lines[0]
    assert accepted in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert painlog.fingerprint() == before


def test_bad_input_never_creates_a_journal(painlog):
    result = painlog("add", "pain", "11")
    assert result.exit_code == 2
    assert not painlog.db.exists()


def test_ambiguous_id_is_refused(journal_with_an_entry, tmp_path, make_rows):
    painlog = journal_with_an_entry
    painlog.import_rows(
        [
            make_rows(
                "mood", "2026-01-01T12:00:00+00:00", 5, id="abc11111-0000-4000-8000-000000000001"
            ),
            make_rows(
                "mood", "2026-01-02T12:00:00+00:00", 6, id="abc22222-0000-4000-8000-000000000002"
            ),
        ],
        tmp_path,
    )
    before = painlog.fingerprint()
    result = painlog("edit", "abc", "7")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: id: 'abc' matches 2 entries (abc11111, abc22222)")
    assert "give more characters" in result.stderr
    assert painlog.fingerprint() == before


def test_option_that_does_not_apply_to_the_kind(journal_with_an_entry, tmp_path, make_rows):
    painlog = journal_with_an_entry
    [entry] = painlog.json("list")
    before = painlog.fingerprint()
    result = painlog("edit", entry["id"][:6], "--intensity", "light")
    assert result.exit_code == 2
    assert (
        result.stderr.strip() == "Error: intensity: does not apply to pain entries; leave it out."
    )
    assert painlog.fingerprint() == before


def test_read_commands_never_create_a_journal(painlog):
    for command in (["list"], ["export"]):
        result = painlog(*command)
        assert result.exit_code == 1
        assert "No journal at" in result.stderr
        assert "painlog add pain 5" in result.stderr
        assert not painlog.db.exists()
