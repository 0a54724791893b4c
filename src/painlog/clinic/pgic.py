"""The Patient Global Impression of Change (PGIC; public domain): "since your last visit, how
has your condition changed?", 1 very much improved ... 7 very much worse.

The report shows it beside the change in pain and says when the two disagree:
- 1-2 (much improved) while pain fell less than 10%;
- 6-7 (much worse) while pain did not rise by 10% or more;
- 4 (no change) while pain moved by 30% or more either way.
A disagreement is described, not explained: both are the person's own reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from painlog.errors import invalid
from painlog.journal.entries import new_id, parse_at
from painlog.messages import Msg
from painlog.store.db import Journal, transaction

LABELS = {
    1: "very much improved",
    2: "much improved",
    3: "minimally improved",
    4: "no change",
    5: "minimally worse",
    6: "much worse",
    7: "very much worse",
}
QUESTION = "Since your last visit, how has your condition changed?"


@dataclass(frozen=True)
class Pgic:
    at: str
    value: int
    id: str = field(default_factory=new_id)

    @property
    def day(self) -> str:
        return self.at[:10]

    @property
    def label(self) -> str:
        return LABELS[self.value]

    def as_row(self) -> dict[str, object]:
        return {"id": self.id, "at": self.at, "value": self.value}


def parse_pgic(text: str | int) -> int:
    given = str(text).strip()
    if given not in {str(number) for number in LABELS}:
        raise invalid("pgic", given, Msg.FORM_PGIC)
    return int(given)


def make_pgic(value: str | int, at: datetime | str, now: datetime | None = None) -> Pgic:
    return Pgic(at=parse_at(at, now), value=parse_pgic(value))


def add_pgic(journal: Journal, answers: list[Pgic]) -> None:
    with transaction(journal, undo="PGIC " + ", ".join(f"{a.value} on {a.day}" for a in answers)):
        journal["pgic"].insert_all([answer.as_row() for answer in answers])


def pgic_between(
    journal: Journal, since: date | None = None, until: date | None = None
) -> list[Pgic]:
    if "pgic" not in journal.table_names():
        return []
    rows = journal.query(
        "SELECT id, at, value FROM pgic WHERE day BETWEEN :since AND :until ORDER BY julianday(at), id",
        {"since": (since or date.min).isoformat(), "until": (until or date.max).isoformat()},
    )
    return [Pgic(**row) for row in rows]


def disagreement(value: int, pain_percent: float | None) -> str | None:
    """A sentence when the PGIC and the change in logged pain point different ways."""
    if pain_percent is None:
        return None
    change = f"logged pain {'fell' if pain_percent < 0 else 'rose'} {abs(pain_percent):.1f}%"
    if pain_percent == 0:
        change = "logged pain did not change"
    label = LABELS[value]
    if value <= 2 and pain_percent > -10:
        return f"The two disagree: '{label}', while {change}."
    if value >= 6 and pain_percent < 10:
        return f"The two disagree: '{label}', while {change}."
    if value == 4 and abs(pain_percent) >= 30:
        return f"The two disagree: '{label}', while {change}."
    return None
