"""PHQ-2 and GAD-2: the four items of the PHQ-4 (Kroenke et al. 2009), free to reproduce.

Each item asks how often, over the last 2 weeks, the person was bothered by a problem, 0 (not
at all) to 3 (nearly every day). In PHQ-4's order, items A and B are the GAD-2 (Kroenke et al.
2007) and C and D the PHQ-2 (Kroenke et al. 2003); each scores 0-6, and 3 or more is the
published cut-off at which a clinician usually asks more. painlog reports the scores and that
sentence, and gives no advice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from painlog.errors import invalid
from painlog.journal.entries import new_id, parse_at
from painlog.messages import Msg, say
from painlog.store.db import Journal, transaction

STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?"
ITEMS = (
    ("a", "Feeling nervous, anxious or on edge"),
    ("b", "Not being able to stop or control worrying"),
    ("c", "Little interest or pleasure in doing things"),
    ("d", "Feeling down, depressed or hopeless"),
)
ANSWERS = {0: "Not at all", 1: "Several days", 2: "More than half the days", 3: "Nearly every day"}
CUT_OFF = 3
SCREEN_INTERVAL_DAYS = 14
LOINC_PHQ2 = ("55758-7", "Patient Health Questionnaire 2 item (PHQ-2) total score [Reported]")
LOINC_GAD2 = ("70272-0", "Generalized anxiety disorder 2 item (GAD-2) total score [Reported]")
LOINC_PHQ4 = ("69724-3", "Patient Health Questionnaire-4 (PHQ-4) [Reported]")
# PHQ-4 total 0-12 and its bands (Kroenke K, Spitzer RL, Williams JBW, Löwe B. Psychosomatics
# 2009;50:613-621): the highest band whose lower bound the total reaches.
BANDS = ((0, "normal"), (3, "mild"), (6, "moderate"), (9, "severe"))


def band(total: int) -> str:
    """``normal`` 0-2, ``mild`` 3-5, ``moderate`` 6-8, ``severe`` 9-12 (Kroenke 2009)."""
    return [name for low, name in BANDS if total >= low][-1]


@dataclass(frozen=True)
class Screen:
    at: str
    a: int
    b: int
    c: int
    d: int
    id: str = field(default_factory=new_id)

    @property
    def day(self) -> str:
        return self.at[:10]

    @property
    def gad2(self) -> int:
        return self.a + self.b

    @property
    def phq2(self) -> int:
        return self.c + self.d

    @property
    def total(self) -> int:
        return self.a + self.b + self.c + self.d

    @property
    def band(self) -> str:
        return band(self.total)

    def as_row(self) -> dict[str, object]:
        return {"id": self.id, "at": self.at, "a": self.a, "b": self.b, "c": self.c, "d": self.d}

    def as_json(self) -> dict[str, object]:
        return {
            **self.as_row(), "day": self.day, "phq2": self.phq2, "gad2": self.gad2,
            "total": self.total, "band": self.band,
        }  # fmt: skip


def parse_item(text: str | int, item: str) -> int:
    given = str(text).strip()
    if given not in {"0", "1", "2", "3"}:
        raise invalid(item, given, Msg.FORM_SCREEN_ITEM)
    return int(given)


def make_screen(
    answers: list[str | int], at: datetime | str, now: datetime | None = None
) -> Screen:
    if len(answers) != 4:
        raise invalid("answers", " ".join(map(str, answers)), Msg.FORM_SCREEN)
    a, b, c, d = (
        parse_item(value, key.upper()) for value, (key, _) in zip(answers, ITEMS, strict=True)
    )
    return Screen(at=parse_at(at, now), a=a, b=b, c=c, d=d)


def add_screen(journal: Journal, screen: Screen) -> None:
    with transaction(
        journal, undo=f"screen PHQ-2 {screen.phq2}, GAD-2 {screen.gad2} on {screen.day}"
    ):
        journal["screens"].insert(screen.as_row())


def screens_between(
    journal: Journal, since: date | None = None, until: date | None = None
) -> list[Screen]:
    if "screens" not in journal.table_names():
        return []
    rows = journal.query(
        "SELECT id, at, a, b, c, d FROM screens WHERE day BETWEEN :since AND :until "
        "ORDER BY julianday(at), rowid",
        {"since": (since or date.min).isoformat(), "until": (until or date.max).isoformat()},
    )
    return [Screen(**row) for row in rows]


def week_latest(journal: Journal, since: date, until: date) -> dict[str, int | str] | None:
    """Summary ``screen``: the latest scores from ``since`` to ``until``, or None."""
    found = screens_between(journal, since, until)
    if not found:
        return None
    latest = found[-1]
    return {"phq2": latest.phq2, "gad2": latest.gad2, "total": latest.total, "band": latest.band}


def screen_due(journal: Journal, now: datetime) -> bool:
    """Check-in offers the screen once every 14 days."""
    if "screens" not in journal.table_names():
        return True
    row = journal.execute(
        f"SELECT max(day) FROM screens WHERE day > date(?, '-{SCREEN_INTERVAL_DAYS} days')",
        (now.date().isoformat(),),
    ).fetchone()
    return row[0] is None


def saved_line(screen: Screen) -> str:
    """What ``screen`` and ``checkin`` say after a screen is saved (no advice)."""

    return say(Msg.SCREEN_ADDED, gad2=screen.gad2, phq2=screen.phq2, total=screen.total,
               band=screen.band, id=screen.id[:8], cut_off=Msg.SCREEN_CUT_OFF.value)  # fmt: skip


def at_or_above(score: int) -> bool:
    return score >= CUT_OFF
