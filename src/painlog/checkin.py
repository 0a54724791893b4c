"""The guided daily check-in: which questions, and how answers become entries.

The command line asks; this module knows what to ask and validates each answer with the same
rules as ``painlog add``. Nothing is stored until every question is done, then all of it is
stored in one transaction, so an interrupted check-in leaves the journal as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from painlog.clinic import Peg, peg_row
from painlog.db import Journal, transaction
from painlog.entries import Entry, make_entry, split_words
from painlog.timeparse import default_sleep_at


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str
    after: str | None = None  # asked only when this earlier question was answered


QUESTIONS = (
    Question("pain", "Pain right now, 0 (none) to 10 (worst)"),
    Question(
        "where", "Where does it hurt? (e.g. lower back; several: lower back; left hip)", "pain"
    ),
    Question("sleep", "Hours slept last night (e.g. 7h30m or 6.5)"),
    Question("sleep_quality", "Sleep quality, 1 (very poor) to 5 (very good)", "sleep"),
    Question("mood", "Mood, 0 (worst) to 10 (best)"),
    Question("exercise", "Exercise today (e.g. walk 30m; several: walk 30m, yoga 20m)"),
    Question("medication", "Medication taken today (e.g. ibuprofen 400mg, paracetamol 1g)"),
    Question("note", "Anything else to note?"),
)


def _split_list(answer: str) -> list[list[str]]:
    return [part.split() for part in answer.split(",") if part.strip()]


def _named(kind: str) -> Callable[[dict[str, str], datetime], list[Entry]]:
    def build(answers: dict[str, str], now: datetime) -> list[Entry]:
        return [
            make_entry(kind, now, now=now, **split_words(kind, words))  # type: ignore[arg-type]
            for words in _split_list(answers[kind])
        ]

    return build


def _pain(answers: dict[str, str], now: datetime) -> list[Entry]:
    where = [answers["where"]] if answers.get("where") else []
    return [make_entry("pain", now, now=now, value=answers["pain"], location=where)]


def _sleep(answers: dict[str, str], now: datetime) -> list[Entry]:
    moment = default_sleep_at(now)
    quality = answers.get("sleep_quality") or None
    return [make_entry("sleep", moment, now=now, value=answers["sleep"], quality=quality)]


BUILDERS: dict[str, Callable[[dict[str, str], datetime], list[Entry]]] = {
    "pain": _pain,
    "sleep": _sleep,
    "mood": lambda answers, now: [make_entry("mood", now, now=now, value=answers["mood"])],
    "exercise": _named("exercise"),
    "medication": _named("medication"),
    "note": lambda answers, now: [make_entry("note", now, now=now, note=answers["note"])],
}


def should_ask(question: Question, answers: dict[str, str]) -> bool:
    return question.after is None or bool(answers.get(question.after))


def entries_from_answers(answers: dict[str, str], now: datetime) -> list[Entry]:
    """Every entry the answers describe; raises ``InvalidInput`` for the first bad answer."""
    entries: list[Entry] = []
    for key, build in BUILDERS.items():
        if answers.get(key):
            entries.extend(build(answers, now))
    return entries


def save_checkin(journal: Journal, entries: list[Entry], pegs: list[Peg]) -> None:
    """Everything the check-in gathered, in one transaction."""
    with transaction(journal):
        if entries:
            journal["entries"].insert_all([entry.as_row() for entry in entries])
        if pegs:
            journal["peg"].insert_all([peg_row(peg) for peg in pegs])
