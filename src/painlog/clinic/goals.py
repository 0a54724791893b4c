"""Goals: the Patient-Specific Functional Scale (PSFS; Stratford et al. 1995, free to use).

The person names up to five activities they find hard and rates each, now and then, from 0
(unable to do it) to 10 (able to do it as before the problem). The score is the mean of the
goals rated; a change of 2 points or more in that mean is a clinically important change
(SPEC.md "Function, mood screening and medicine safety"). A goal met or set aside is marked
done and stays in the history.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from painlog.errors import InvalidInput, invalid
from painlog.journal import values
from painlog.journal.entries import new_id, parse_at
from painlog.journal.timeparse import local_now, stamp
from painlog.messages import Msg, psfs_important, say
from painlog.store.db import Journal, transaction

MAX_GOALS = 5
QUESTION = "How able are you now to {name}? 0 unable … 10 as before the problem"


@dataclass(frozen=True)
class Goal:
    name: str
    added_at: str = field(default_factory=lambda: stamp(local_now()))
    done_at: str | None = None
    id: str = field(default_factory=new_id)

    def as_row(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "added_at": self.added_at,
                "done_at": self.done_at}  # fmt: skip


@dataclass(frozen=True)
class Rating:
    goal: str
    at: str
    value: float
    id: str = field(default_factory=new_id)

    @property
    def day(self) -> str:
        return self.at[:10]

    def as_row(self) -> dict[str, object]:
        return {"id": self.id, "goal": self.goal, "at": self.at, "value": self.value}


def half_up(value: float, places: int = 2) -> float:
    exact = Decimal(repr(float(value)))
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def parse_rating(text: str | int | float) -> float:
    """0 to 10, whole points (the PSFS is rated in whole points)."""
    typed = str(text).strip()
    # "6/10" and "6 / 10", as people write a rating out of ten, read as 6
    out_of_ten = re.fullmatch(r"(\d{1,2})\s*/\s*10", typed)
    given = out_of_ten.group(1) if out_of_ten else typed
    if given not in {str(number) for number in range(11)}:  # not isdigit: "²" is a digit
        raise invalid("rating", typed, Msg.FORM_GOAL_RATING)
    return float(int(given))


def list_goals(journal: Journal, include_done: bool = True) -> list[Goal]:
    if "goals" not in journal.table_names():
        return []
    where = "" if include_done else "WHERE done_at IS NULL"
    rows = journal.query(f"SELECT id, name, added_at, done_at FROM goals {where} "
                         "ORDER BY added_at, rowid")  # fmt: skip
    return [Goal(**row) for row in rows]


def ratings(journal: Journal, since: date | None = None, until: date | None = None) -> list[Rating]:
    if "goal_ratings" not in journal.table_names():
        return []
    rows = journal.query(
        "SELECT id, goal, at, value FROM goal_ratings WHERE day BETWEEN :since AND :until "
        "ORDER BY julianday(at), rowid",
        {"since": (since or date.min).isoformat(), "until": (until or date.max).isoformat()},
    )
    return [Rating(**row) for row in rows]


def find_goal(journal: Journal, name: str) -> Goal:
    """The goal in force whose name is ``name`` (any case), or one it uniquely starts."""
    wanted = " ".join(name.split()).casefold()
    goals = list_goals(journal, include_done=False)
    exact = [goal for goal in goals if goal.name.casefold() == wanted]
    starts = [goal for goal in goals if goal.name.casefold().startswith(wanted)] if wanted else []
    found = exact or (starts if len(starts) == 1 else [])
    if not found:
        known = "; ".join(goal.name for goal in goals) or say(Msg.GOAL_NONE_YET)
        raise InvalidInput(say(Msg.GOAL_UNKNOWN, given=name, known=known))
    return found[0]


def add_goal(
    journal: Journal, name: str, rating: str | None = None, now: datetime | None = None
) -> tuple[Goal, Rating | None]:
    """A new goal (refused when 5 are in force or one of that name is), with a first rating."""
    now = now or local_now()
    text = " ".join(values.clean_text(name, "goal", Msg.FORM_GOAL).split())
    value = parse_rating(rating) if rating is not None else None
    goal = Goal(name=text, added_at=stamp(now))
    with transaction(journal, undo=f"goal add {text}"):
        in_force = list_goals(journal, include_done=False)
        if any(other.name.casefold() == text.casefold() for other in in_force):
            raise InvalidInput(say(Msg.GOAL_DUPLICATE, name=text))
        if len(in_force) >= MAX_GOALS:
            names = "; ".join(other.name for other in in_force)
            raise InvalidInput(say(Msg.GOAL_TOO_MANY, most=MAX_GOALS, names=names))
        journal["goals"].insert(goal.as_row())
        first = None
        if value is not None:
            first = Rating(goal=goal.id, at=goal.added_at, value=value)
            journal["goal_ratings"].insert(first.as_row())
    return goal, first


def rate_goals(
    journal: Journal, answers: Sequence[tuple[Goal, float]], at: datetime | str
) -> list[Rating]:
    moment = parse_at(at)
    made = [Rating(goal=goal.id, at=moment, value=value) for goal, value in answers]
    what = ", ".join(f"{goal.name} {value:g}" for goal, value in answers)
    with transaction(journal, undo=f"goal rate {what}"):
        journal["goal_ratings"].insert_all([rating.as_row() for rating in made])
    return made


def goal_done(journal: Journal, name: str, now: datetime | None = None) -> Goal:
    goal = find_goal(journal, name)
    when = stamp(now or local_now())
    with transaction(journal, undo=f"goal done {goal.name}"):
        journal["goals"].update(goal.id, {"done_at": when})
    return Goal(goal.name, goal.added_at, when, goal.id)


def goals_summary(
    journal: Journal, since: date | None = None, until: date | None = None
) -> dict[str, object]:
    """Each goal with its first and latest rating (in the period) and the PSFS score then and
    now: the mean over the goals rated, its change and whether it is 2 points or more.

    The goals shown are those in force at ``until`` and those done inside the period."""
    found = ratings(journal, since, until)
    by_goal: dict[str, list[Rating]] = {}
    for rating in found:
        by_goal.setdefault(rating.goal, []).append(rating)
    shown: list[dict[str, Any]] = []
    for goal in list_goals(journal):
        done_day = goal.done_at[:10] if goal.done_at else None
        if until is not None and goal.added_at[:10] > until.isoformat():
            continue
        if done_day and since is not None and done_day < since.isoformat():
            continue
        mine = by_goal.get(goal.id, [])
        first = mine[0] if mine else None
        latest = mine[-1] if mine else None
        shown.append(
            {
                "id": goal.id,
                "name": goal.name,
                "added": goal.added_at[:10],
                "done": done_day,
                "ratings": len(mine),
                "first": None if first is None else {"day": first.day, "value": first.value},
                "latest": None if latest is None else {"day": latest.day, "value": latest.value},
                "change": None if first is None else half_up(latest.value - first.value),  # type: ignore[union-attr]
            }
        )
    rated = [goal for goal in shown if goal["first"] is not None]
    first_mean = latest_mean = change = None
    if rated:
        first_mean = half_up(sum(g["first"]["value"] for g in rated) / len(rated))
        latest_mean = half_up(sum(g["latest"]["value"] for g in rated) / len(rated))
        change = half_up(latest_mean - first_mean)
    return {
        "goals": shown,
        "score": {
            "first": first_mean,
            "latest": latest_mean,
            "change": change,
            "important_change": psfs_important(change),
        },
    }


def week_mean(journal: Journal, since: date, until: date) -> float | None:
    """The PSFS score from ``since`` to ``until`` (summary ``goals``, ``goal rate``): the mean
    over the goals rated of each goal's latest rating then, so a goal rated twice counts once."""
    if "goal_ratings" not in journal.table_names():
        return None
    row = journal.execute(
        "SELECT avg(value) FROM (SELECT value, row_number() OVER (PARTITION BY goal "
        "ORDER BY julianday(at) DESC, rowid DESC) AS newest FROM goal_ratings "
        "WHERE day BETWEEN ? AND ?) WHERE newest = 1",
        (since.isoformat(), until.isoformat()),
    ).fetchone()
    return None if row[0] is None else half_up(row[0])


def rating_due(journal: Journal, now: datetime) -> bool:
    """Check-in offers ``goal rate`` once a week: goals in force, none rated for 7 days."""
    if not list_goals(journal, include_done=False):
        return False
    row = journal.execute(
        "SELECT max(day) FROM goal_ratings WHERE day > date(?, '-7 days')",
        (now.date().isoformat(),),
    ).fetchone()
    return row[0] is None
