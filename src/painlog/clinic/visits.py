"""What a clinic visit needs besides entries: visits, questions to bring, PEG check-ins.

PEG (Krebs et al. 2009): three 0–10 items — average pain in the past week, how much pain
interfered with enjoyment of life, and with general activity; the score is their mean.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from painlog.errors import InvalidInput, invalid
from painlog.journal import values
from painlog.journal.entries import new_id, parse_at
from painlog.journal.timeparse import local_now, stamp
from painlog.messages import Msg, say
from painlog.store.db import Journal, rows_by_id_prefix, transaction

PEG_ITEMS = (
    (
        "pain",
        "What number best describes your pain on average in the past week? (0 no pain - 10 worst)",
    ),
    (
        "enjoyment",
        "What number best describes how, during the past week, pain has interfered with your enjoyment of life? (0 not at all - 10 completely)",
    ),
    (
        "activity",
        "What number best describes how, during the past week, pain has interfered with your general activity? (0 not at all - 10 completely)",
    ),
)
PEG_INTERVAL = timedelta(days=7)


@dataclass(frozen=True)
class Visit:
    day: str
    with_whom: str | None = None
    note: str | None = None
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=lambda: stamp(local_now()))


@dataclass(frozen=True)
class Question:
    text: str
    asked_at: str = field(default_factory=lambda: stamp(local_now()))
    done_at: str | None = None
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Peg:
    at: str
    pain: float
    enjoyment: float
    activity: float
    id: str = field(default_factory=new_id)

    @property
    def day(self) -> str:
        return self.at[:10]

    @property
    def score(self) -> float:
        return round((self.pain + self.enjoyment + self.activity) / 3, 2)


# --- visits -----------------------------------------------------------------------------------


def make_visit(day: date, with_whom: str | None = None, note: str | None = None) -> Visit:
    return Visit(
        day=day.isoformat(),
        with_whom=values.clean_text(with_whom, "--with", Msg.FORM_NAME) if with_whom else None,
        note=values.clean_text(note, "--note") if note else None,
    )


def add_visit(journal: Journal, visit: Visit) -> None:
    with transaction(journal, undo=f"visit on {visit.day}"):
        journal["visits"].insert(asdict(visit))


def list_visits(journal: Journal) -> list[Visit]:
    rows = journal.query("SELECT id, day, with_whom, note, created_at FROM visits ORDER BY day, id")
    return [Visit(**row) for row in rows]


def last_visit_before(journal: Journal, day: date) -> Visit | None:
    rows = list(
        journal.query(
            "SELECT id, day, with_whom, note, created_at FROM visits WHERE day <= :day "
            "ORDER BY day DESC LIMIT 1",
            {"day": day.isoformat()},
        )
    )
    return Visit(**rows[0]) if rows else None


def _one_row(journal: Journal, table: str, prefix: str, missing: Msg, several: Msg) -> dict:
    """The one row of ``table`` whose id starts with ``prefix``, or a refusal naming why."""
    rows = rows_by_id_prefix(journal, table, prefix)
    if len(rows) != 1:
        raise InvalidInput(say(missing if not rows else several, given=prefix))
    return rows[0]


def find_visit(journal: Journal, prefix: str) -> Visit:
    row = _one_row(journal, "visits", prefix, Msg.NO_SUCH_VISIT, Msg.AMBIGUOUS_VISIT)
    return Visit(row["day"], row["with_whom"], row["note"], row["id"], row["created_at"])


def update_visit(journal: Journal, visit: Visit) -> None:
    with transaction(journal, undo=f"edit of the visit on {visit.day}"):
        journal["visits"].update(visit.id, {"day": visit.day, "with_whom": visit.with_whom,
                                            "note": visit.note})  # fmt: skip


def delete_visit(journal: Journal, visit: Visit) -> None:
    with transaction(journal, undo=f"delete of the visit on {visit.day}"):
        journal["visits"].delete(visit.id)


def describe_visit(visit: Visit) -> str:
    return f"{visit.day} with {visit.with_whom or 'clinic'}" + (
        f" ({visit.note})" if visit.note else ""
    )


# --- questions --------------------------------------------------------------------------------


def add_question(journal: Journal, text: str) -> Question:
    question = Question(text=values.clean_text(text, "question"))
    with transaction(journal, undo=f"question '{question.text}'"):
        journal["questions"].insert(asdict(question))
    return question


def open_questions(journal: Journal) -> list[Question]:
    rows = journal.query(
        "SELECT id, text, asked_at, done_at FROM questions WHERE done_at IS NULL ORDER BY asked_at"
    )
    return [Question(**row) for row in rows]


def all_questions(journal: Journal) -> list[Question]:
    rows = journal.query("SELECT id, text, asked_at, done_at FROM questions ORDER BY asked_at, id")
    return [Question(**row) for row in rows]


def find_question(journal: Journal, prefix: str) -> Question:
    row = _one_row(journal, "questions", prefix, Msg.NO_SUCH_QUESTION, Msg.AMBIGUOUS_QUESTION)
    return Question(**row)


def delete_question(journal: Journal, prefix: str) -> Question:
    question = find_question(journal, prefix)
    with transaction(journal, undo=f"delete of the question '{question.text}'"):
        journal["questions"].delete(question.id)
    return question


def mark_question_done(journal: Journal, prefix: str) -> Question:
    question = find_question(journal, prefix)
    done = Question(question.text, question.asked_at, stamp(local_now()), question.id)
    with transaction(journal, undo=f"question marked done: '{question.text}'"):
        journal["questions"].update(question.id, {"done_at": done.done_at})
    return done


# --- PEG --------------------------------------------------------------------------------------


def parse_peg_item(text: str | float, item: str) -> float:
    value = values.parse_rating(text, f"peg {item}", Msg.FORM_PEG)
    if value != int(value):
        raise invalid(f"peg {item}", text, Msg.FORM_PEG)
    return value


def make_peg(
    pain: str | float,
    enjoyment: str | float,
    activity: str | float,
    at: datetime | str,
    now: datetime | None = None,
) -> Peg:
    return Peg(
        at=parse_at(at, now),
        pain=parse_peg_item(pain, "pain"),
        enjoyment=parse_peg_item(enjoyment, "enjoyment"),
        activity=parse_peg_item(activity, "activity"),
    )


def add_pegs(journal: Journal, pegs: list[Peg]) -> None:
    with transaction(
        journal, undo="PEG " + ", ".join(f"{peg.score:.1f} on {peg.day}" for peg in pegs)
    ):
        journal["peg"].insert_all([peg_row(peg) for peg in pegs])


def peg_row(peg: Peg) -> dict[str, object]:
    return {
        "id": peg.id,
        "at": peg.at,
        "pain": peg.pain,
        "enjoyment": peg.enjoyment,
        "activity": peg.activity,
    }


def pegs_between(
    journal: Journal, since: date | None = None, until: date | None = None
) -> list[Peg]:
    rows = journal.query(
        "SELECT id, at, pain, enjoyment, activity FROM peg "
        "WHERE day BETWEEN :since AND :until ORDER BY julianday(at), id",
        {"since": (since or date.min).isoformat(), "until": (until or date.max).isoformat()},
    )
    return [Peg(**row) for row in rows]


def peg_is_due(journal: Journal, now: datetime) -> bool:
    """Once a week: no PEG answered in the last seven days."""
    since = (now - PEG_INTERVAL).date()
    return not pegs_between(journal, since, now.date())
