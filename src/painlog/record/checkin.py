"""The guided daily check-in: which questions, and how answers become entries.

The command line asks; this module knows what to ask and reads each answer as ``painlog add``
reads its words (``record.words.Draft``), made and checked by the gate. Nothing is stored until
every question is done, then all of it is stored in one transaction (``record.save_all``), so an
interrupted check-in leaves the journal as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from painlog.clinic.goals import Rating
from painlog.clinic.pgic import Pgic, pgic_between
from painlog.clinic.screen import Screen
from painlog.clinic.visits import Peg, peg_row
from painlog.errors import InvalidInput
from painlog.journal.entries import Entry, make_entry
from painlog.journal.names import COUNTED, aliases, names_as_first_written
from painlog.journal.timeparse import parse_past_moment
from painlog.messages import Msg, say
from painlog.plan.adherence import Slot, scheduled_slots
from painlog.plan.model import Version, in_force, load
from painlog.record.words import Draft
from painlog.store.db import Journal


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


SYMPTOM_DAYS = (
    14  # a symptom logged in the last 14 days is asked about (SPEC "Symptoms and factors")
)


def symptom_question(name: str) -> Question:
    return Question(f"symptom:{name}", f"{name} now, 0 (none) to 10 (worst)")


def factors_question(recent: Sequence[str]) -> Question:
    examples = ", ".join([*recent[:4], "alcohol 2 drinks"] if recent else ["caffeine"])
    return Question("factor", f"Anything else today? (e.g. {examples}; Enter: nothing)")


def checkin_questions(
    symptoms: Sequence[str] = (), factors: Sequence[str] = ()
) -> tuple[Question, ...]:
    """The check-in's questions: after mood, each symptom of the last 14 days; after the
    medicines, the day's factors ("anything else today?", SPEC; the factors of the last 14
    days are its examples)."""
    found: list[Question] = []
    for question in QUESTIONS:
        if question.key == "note":
            found.append(factors_question(factors))
        found.append(question)
        if question.key == "mood":
            found += [symptom_question(name) for name in symptoms]
    return tuple(found)


def recent_names(journal: Journal, kind: str, now: datetime) -> list[str]:
    """The names of ``kind`` logged in the last 14 days (aliases counted as their name), in the
    order they were first written."""

    since = (now.date() - timedelta(days=SYMPTOM_DAYS - 1)).isoformat()
    rows = journal.execute(
        f"SELECT {COUNTED} AS key, min(rowid) AS first FROM entries WHERE kind = ? "
        "AND day >= ? GROUP BY key ORDER BY first",
        (kind, since),
    ).fetchall()
    shown = names_as_first_written(journal, kind)
    return [shown.get(key, key) for key, _ in rows]


def _split_list(answer: str) -> list[list[str]]:
    return [part.split() for part in answer.split(",") if part.strip()]


# An answer's drafts, read as ``painlog add`` reads its words (``painlog.record.words``).
Drafter = Callable[[dict[str, str]], list[Draft]]


def _named(kind: str) -> Drafter:
    return lambda answers: [Draft(kind, tuple(words)) for words in _split_list(answers[kind])]


def _pain(answers: dict[str, str]) -> list[Draft]:
    where = [answers["where"]] if answers.get("where") else []
    return [Draft("pain", (answers["pain"],), options={"location": where})]


def _sleep(answers: dict[str, str]) -> list[Draft]:
    quality = answers.get("sleep_quality") or None
    return [Draft("sleep", (answers["sleep"],), options={"quality": quality})]


DRAFTERS: dict[str, Drafter] = {
    "pain": _pain,
    "sleep": _sleep,
    "mood": lambda answers: [Draft("mood", (answers["mood"],))],
    "exercise": _named("exercise"),
    "medication": _named("medication"),
    "factor": _named("factor"),
    "note": lambda answers: [Draft("note", (answers["note"],))],
}


ONCE_A_DAY = ("pain", "sleep", "mood")  # asked only when not logged today yet
PAIN_AGAIN_AFTER = timedelta(hours=4)  # pain changes within a day: an evening flare is asked


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
    # a symptom rated today is not asked again (its key as the question names it)
    kinds |= {f"symptom:{entry.name}" for entry in entries if entry.kind == "symptom"}
    pains = [datetime.fromisoformat(entry.at) for entry in entries if entry.kind == "pain"]
    if pains and now - max(pains) > PAIN_AGAIN_AFTER:
        kinds.discard("pain")  # the last pain entry today is old: ask how it is now
    return kinds, [f"{entry.kind} {entry.what()} ({entry.at[11:16]})" for entry in entries]


def entries_from_answers(answers: dict[str, str], make: Callable[[Draft], Entry]) -> list[Entry]:
    """Every entry the answers describe, each made by ``make`` (``record.make`` with the
    journal and who answers: a medicine named without a dose takes the plan's, as ``add``);
    raises ``InvalidInput`` for the first bad answer."""
    entries: list[Entry] = []
    for key, drafts in DRAFTERS.items():
        if answers.get(key):
            entries.extend(make(draft) for draft in drafts(answers))
        if key == "mood":  # the symptoms, as `add symptom NAME RATING` reads them
            for asked, answer in answers.items():
                if asked.startswith("symptom:") and answer:
                    name = asked.partition(":")[2]
                    entries.append(make(Draft("symptom", (*name.split(), answer.strip()))))
    return entries


def checkin_rows(
    pegs: Sequence[Peg],
    pgics: Sequence[Pgic] = (),
    ratings: Sequence[Rating] = (),
    screens: Sequence[Screen] = (),
) -> dict[str, list[dict[str, object]]]:
    """The check-in's rows besides entries, by table, for ``record.save_all``."""
    return {
        "goal_ratings": [rating.as_row() for rating in ratings],
        "screens": [screen.as_row() for screen in screens],
        "peg": [peg_row(peg) for peg in pegs],
        "pgic": [answer.as_row() for answer in pgics],
    }


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
    kind: str = "medication"
    names: frozenset[str] = frozenset()  # for a session: the lower-case names counted as it

    def answered_by(self, entries: Sequence[Entry]) -> bool:
        """A planned session already given in an earlier answer ("Exercise today")."""
        return self.kind != "medication" and any(
            entry.kind == self.kind and (entry.name or "").lower() in self.names
            for entry in entries
        )


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


def _session_question(version: Version, names: frozenset[str]) -> PlanQuestion:
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
    return PlanQuestion(f"{version.name} {what}? ({hint})", build, kind, names)


def plan_questions(journal: Journal, now: datetime) -> list[PlanQuestion]:
    """Today's planned doses whose time has come and that are not logged yet, then each
    planned exercise and therapy not logged today."""

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
            f"SELECT DISTINCT kind, {COUNTED} AS key FROM entries "
            "WHERE kind IN ('exercise', 'therapy') AND day = :day",
            {"day": today.isoformat()},
        )
    }

    for span in todays:
        version = span.version
        if version.kind != "medication" and (version.kind, version.key) not in logged:
            counted = {
                a.alias for a in aliases(journal, version.kind) if a.name.lower() == version.key
            }
            questions.append(_session_question(version, frozenset({version.key, *counted})))
    return questions


def reflection_entry(answer: str, now: datetime) -> list[Entry]:
    if not answer.strip():
        return []
    return [make_entry("note", now, now=now, note=answer, tags=["reflection"])]


def upcoming_visit(journal: Journal, now: datetime) -> str | None:
    """The day of a logged visit within the next 7 days, if no PGIC was answered this week."""

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
