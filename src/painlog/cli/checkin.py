"""The guided daily check-in: which questions, and how answers become entries.

The command line asks; this module knows what to ask and validates each answer with the same
rules as ``painlog add``. Nothing is stored until every question is done, then all of it is
stored in one transaction, so an interrupted check-in leaves the journal as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from painlog.clinic.goals import Rating
from painlog.clinic.pgic import Pgic
from painlog.clinic.screen import Screen
from painlog.clinic.visits import Peg, peg_row
from painlog.errors import InvalidInput
from painlog.journal.entries import Entry, make_entry, split_words
from painlog.journal.timeparse import default_sleep_at, parse_past_moment
from painlog.messages import Msg, say
from painlog.plan.adherence import Slot
from painlog.plan.model import Version
from painlog.store.db import Journal, transaction


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str
    after: str | None = None  # asked only when this earlier question was answered


QUESTIONS = (
    Question("pain", "Pain right now, 0 (none) to 10 (worst)"),
    Question(
        "where", "Where does it hurt? (e.g. lower back; several: lower back, left hip)", "pain"
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


ONCE_A_DAY = ("pain", "sleep", "mood")  # asked only when not logged today yet


def should_ask(question: Question, answers: dict[str, str], logged: set[str] = frozenset()) -> bool:  # type: ignore[assignment]
    if question.key in logged or (question.after and question.after in logged):
        return False
    return question.after is None or bool(answers.get(question.after))


def logged_today(journal: Journal, now: datetime) -> tuple[set[str], list[str]]:
    """(the once-a-day kinds already logged today, a line for each entry logged today)."""
    rows = journal.query(
        "SELECT * FROM entries WHERE day = ? ORDER BY julianday(at)", [now.date().isoformat()]
    )
    entries = [Entry.from_row(row) for row in rows]
    kinds = {entry.kind for entry in entries if entry.kind in ONCE_A_DAY}
    return kinds, [f"{entry.kind} {entry.what()} ({entry.at[11:16]})" for entry in entries]


def entries_from_answers(answers: dict[str, str], now: datetime) -> list[Entry]:
    """Every entry the answers describe; raises ``InvalidInput`` for the first bad answer."""
    entries: list[Entry] = []
    for key, build in BUILDERS.items():
        if answers.get(key):
            entries.extend(build(answers, now))
    return entries


def save_checkin(
    journal: Journal,
    entries: list[Entry],
    pegs: list[Peg],
    pgics: Sequence[Pgic] = (),
    ratings: Sequence[Rating] = (),
    screens: Sequence[Screen] = (),
) -> None:
    """Everything the check-in gathered, in one transaction."""
    answered = len(entries) + len(pegs) + len(pgics) + len(ratings) + len(screens)
    with transaction(journal, undo=f"check-in of {answered} answers"):
        if ratings:
            journal["goal_ratings"].insert_all([rating.as_row() for rating in ratings])
        if screens:
            journal["screens"].insert_all([screen.as_row() for screen in screens])
        if entries:
            journal["entries"].insert_all([entry.as_row() for entry in entries])
        if pegs:
            journal["peg"].insert_all([peg_row(peg) for peg in pegs])
        if pgics:
            journal["pgic"].insert_all([answer.as_row() for answer in pgics])


# --- today's plan, a reflection, the PGIC before a visit ----------------------------------------

REFLECTION = "What did you do today that mattered to you?"
PGIC_WINDOW = timedelta(days=7)
YES, NO = {"y", "yes"}, {"n", "no"}


@dataclass(frozen=True)
class PlanQuestion:
    """A question about one planned item; ``build`` turns a non-empty answer into entries
    (raising ``InvalidInput`` for one it cannot read)."""

    prompt: str
    build: Callable[[str, datetime], list[Entry]]


def _dose_question(slot: Slot, version: Version) -> PlanQuestion:
    def build(answer: str, now: datetime) -> list[Entry]:
        word = answer.strip().lower()
        if word in NO:
            return []
        moment = min(slot.moment, now) if word in YES else parse_past_moment(answer, now)
        return [make_entry("medication", moment, now=now, name=version.name,
                           value=version.dose, unit=version.unit)]  # fmt: skip

    prompt = f"{version.name} {version.dose_text()}, {slot.moment:%H:%M} — taken? [y/n/time]"
    return PlanQuestion(prompt, build)


def _session_question(version: Version) -> PlanQuestion:
    kind = version.kind

    def build(answer: str, now: datetime) -> list[Entry]:
        word = answer.strip().lower()
        if word in NO:
            return []
        if word in YES:
            if kind == "exercise":
                raise InvalidInput(say(Msg.MISSING, field="minutes", accepted=Msg.FORM_MINUTES))
            return [make_entry(kind, now, now=now, name=version.name)]
        return [make_entry(kind, now, now=now, name=version.name, value=answer)]

    what = "session today" if kind == "therapy" else "today"
    hint = "minutes, y or n" if kind == "therapy" else "minutes, or n"
    return PlanQuestion(f"{version.name} {what}? ({hint})", build)


def plan_questions(journal: Journal, now: datetime) -> list[PlanQuestion]:
    """Today's planned doses whose time has come and that are not logged yet, then each
    planned exercise and therapy not logged today."""
    from painlog.plan.adherence import scheduled_slots
    from painlog.plan.model import in_force, load

    today = now.date()
    todays = in_force(load(journal), today)
    slots, _ = scheduled_slots(journal, todays, today, today, now)
    versions = {span.version.key: span.version for span in todays}
    questions = [
        _dose_question(slot, versions[slot.key])
        for slot in slots
        if slot.filled_by is None and slot.moment <= now
    ]
    logged = {
        (row["kind"], row["key"])
        for row in journal.query(
            "SELECT DISTINCT kind, lower(name) AS key FROM entries "
            "WHERE kind IN ('exercise', 'therapy') AND day = :day",
            {"day": today.isoformat()},
        )
    }
    for span in todays:
        version = span.version
        if version.kind != "medication" and (version.kind, version.key) not in logged:
            questions.append(_session_question(version))
    return questions


def reflection_entry(answer: str, now: datetime) -> list[Entry]:
    if not answer.strip():
        return []
    return [make_entry("note", now, now=now, note=answer, tags=["reflection"])]


def upcoming_visit(journal: Journal, now: datetime) -> str | None:
    """The day of a logged visit within the next 7 days, if no PGIC was answered this week."""
    from painlog.clinic.pgic import pgic_between

    today = now.date()
    row = journal.execute(
        "SELECT min(day) FROM visits WHERE day > :today AND day <= :last",
        {"today": today.isoformat(), "last": (today + PGIC_WINDOW).isoformat()},
    ).fetchone()
    if not row or row[0] is None:
        return None
    if pgic_between(journal, today - PGIC_WINDOW, today):
        return None
    return row[0]
