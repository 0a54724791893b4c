"""A refused answer in checkin is wrapped between words as the questions are (80 columns: never
"imagin" / "able)"), its indent kept."""

from __future__ import annotations

import io
import sys

import typer

from painlog.cli.answers import ask_until_valid
from painlog.errors import invalid
from painlog.messages import Msg


def _refuse_11(answer: str) -> float:
    if answer == "11":
        raise invalid("symptom", answer, Msg.FORM_SYMPTOM)
    return float(answer)


def test_a_refusal_wraps_between_words_at_a_terminal(monkeypatch):
    answers = iter(["11", "4"])
    monkeypatch.setattr(typer, "prompt", lambda *args, **kwargs: next(answers))
    terminal = io.StringIO()
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("COLUMNS", "80")
    assert ask_until_valid("fatigue (0-10)", _refuse_11, retry=Msg.CHECKIN_RETRY) == 4.0
    # 80 columns: lines of at most 77 characters, broken between words, the indent kept.
    assert terminal.getvalue().splitlines() == [
        "  symptom: '11' is not accepted; give a number from 0 (none) to 10 (worst",
        "  imaginable) with at most one decimal, e.g. 6. Try again, or press Enter to",
        "  skip.",
    ]


def test_a_refusal_in_checkin_wraps_between_words(painlog):
    painlog.ok("add", "symptom", "fatigue", "5", "--at", "yesterday")  # asked again today
    # pain 4; Enter skips where, sleep and mood; fatigue 11 (refused), then 4; Enter to the end
    result = painlog.ok("checkin", input="4\n\n\n\n11\n4\n" + "\n" * 12, env={"COLUMNS": "80"})
    lines = result.stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if "'11' is not accepted" in line)
    # A question is asked of a person: its refusal is wrapped as the prompts are (tests/
    # test_tired_typing.py), never inside a word.
    assert lines[start : start + 3] == [
        "  symptom: '11' is not accepted; give a number from 0 (none) to 10 (worst",
        "  imaginable) with at most one decimal, e.g. 6. Try again, or press Enter to",
        "  skip.",
    ]
    assert [entry["value"] for entry in painlog.json("list", "--kind", "symptom")] == [5.0, 4.0]
