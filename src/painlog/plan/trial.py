"""Personal experiments in the journal: stored, found, and read back (SPEC.md "Personal
experiments"). The schedule and the statistics are ``experiment.py``'s; this module stores what
makes a schedule (name, outcome, block length, seed, start, weeks), reads each day's outcome
and the days NAME was done, and says which block today is in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from painlog.errors import InvalidInput, invalid
from painlog.journal import names, values
from painlog.journal.entries import new_id
from painlog.journal.timeparse import local_now, stamp
from painlog.messages import Msg, say
from painlog.plan.experiment import Result, Schedule, block_on, make_schedule, result
from painlog.store.db import Journal, named_list, transaction

OUTCOMES = ("pain", "peg", "sleep", "mood")

# Each day's outcome: pain and mood the mean of the day's entries, sleep the day's total hours
# (naps add up, as in the summary), PEG the mean of the day's PEG scores.
OUTCOME_SQL = {
    "pain": "SELECT day, avg(value) FROM entries WHERE kind = 'pain' AND day BETWEEN ? AND ? "
    "GROUP BY day",
    "mood": "SELECT day, avg(value) FROM entries WHERE kind = 'mood' AND day BETWEEN ? AND ? "
    "GROUP BY day",
    "sleep": "SELECT day, total(value) FROM entries WHERE kind = 'sleep' AND day BETWEEN ? AND ? "
    "GROUP BY day",
    "peg": "SELECT day, avg((pain + enjoyment + activity) / 3.0) FROM peg "
    "WHERE day BETWEEN ? AND ? GROUP BY day",
}
# NAME done: an exercise, therapy, medication or factor entry of that name (what painlog
# patterns suggests testing), or any entry tagged NAME.
DID_SQL = """
    SELECT DISTINCT day FROM entries WHERE day BETWEEN :since AND :until AND (
        (kind IN ('exercise', 'therapy', 'medication', 'factor') AND lower(name) = :key)
        OR EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(tags) THEN tags ELSE '[]' END)
                   WHERE lower(json_each.value) = :key))
"""


@dataclass(frozen=True)
class Experiment:
    name: str
    outcome: str
    block_days: int
    seed: int
    start: str
    weeks: int
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=lambda: stamp(local_now()))

    @property
    def schedule(self) -> Schedule:
        return make_schedule(date.fromisoformat(self.start), self.weeks, self.block_days, self.seed)

    def as_row(self) -> dict[str, object]:
        return {
            "id": self.id, "name": self.name, "outcome": self.outcome,
            "block_days": self.block_days, "seed": self.seed, "start": self.start,
            "weeks": self.weeks, "created_at": self.created_at,
        }  # fmt: skip


def parse_outcome(text: str) -> str:
    """pain, peg, sleep, mood or ``symptom:NAME`` (a symptom as the outcome)."""
    given = text.strip().lower()
    kind, colon, name = given.partition(":")
    if colon and kind.strip() == "symptom" and name.strip():
        return "symptom:" + " ".join(text.strip().partition(":")[2].split())
    if given not in OUTCOMES:
        raise invalid("--outcome", text, Msg.FORM_TRY_OUTCOME)
    return given


def new_experiment(
    name: str, weeks: int, block_days: int, outcome: str, start: date, seed: int | None = None
) -> Experiment:
    """Checked and with its coin tossed (``make_schedule`` picks and returns the seed)."""
    text = " ".join(values.clean_text(name, "NAME", Msg.FORM_NAME).split())
    chosen = parse_outcome(outcome)
    schedule = make_schedule(start, weeks, block_days, seed)
    return Experiment(text, chosen, block_days, schedule.seed, start.isoformat(), weeks)


def load(journal: Journal) -> list[Experiment]:
    if "experiments" not in journal.table_names():
        return []
    rows = journal.query("SELECT * FROM experiments ORDER BY start, created_at, rowid")
    return [Experiment(**row) for row in rows]


def add_experiment(journal: Journal, experiment: Experiment) -> Experiment:
    """Stored, unless its weeks overlap another experiment's (one at a time keeps each block's
    ON and OFF about one thing)."""
    schedule = experiment.schedule
    hint = names.symptom_hint(journal, experiment.outcome)
    if hint:  # a symptom never logged, close to one that was: a typo fixed for the whole run
        raise InvalidInput(say(Msg.TRY_OUTCOME_NEVER_LOGGED, given=experiment.outcome, hint=hint))
    with transaction(journal, undo=f"try {experiment.name} from {experiment.start}"):
        for other in load(journal):
            theirs = other.schedule
            if schedule.start <= theirs.end and theirs.start <= schedule.end:
                raise InvalidInput(
                    say(Msg.TRY_OVERLAP, name=other.name, since=theirs.start, until=theirs.end)
                )
        journal["experiments"].insert(experiment.as_row())
    return experiment


def add_experiments(journal: Journal, experiments: list[Experiment]) -> int:
    """Store experiments as they are (JSON import); the caller holds the transaction."""
    journal["experiments"].insert_all([experiment.as_row() for experiment in experiments])
    return len(experiments)


def running(journal: Journal, today: date) -> Experiment | None:
    """The experiment whose weeks hold ``today``."""
    for experiment in load(journal):
        if block_on(experiment.schedule, today) is not None:
            return experiment
    return None


def current_or_latest(journal: Journal, today: date, name: str | None = None) -> Experiment | None:
    """The running experiment, else the latest started on or before ``today`` (by NAME)."""
    found = load(journal)
    if name is not None:
        key = " ".join(name.split()).casefold()
        found = [e for e in found if e.name.casefold() == key]
        if not found:
            known = ", ".join(sorted({e.name for e in load(journal)})) or say(Msg.TRY_NONE_YET)
            raise InvalidInput(say(Msg.TRY_UNKNOWN, given=name, known=known))
    live = [e for e in found if block_on(e.schedule, today) is not None]
    if live:
        return live[0]
    started = [e for e in found if e.start <= today.isoformat()]
    chosen = started or found
    return chosen[-1] if chosen else None


def outcome_by_day(journal: Journal, outcome: str, since: date, until: date) -> dict[date, float]:
    if outcome.startswith("symptom:"):  # the symptom's daily mean, every spelling it counts as
        from painlog.journal.names import counted_name, spellings

        key = counted_name(journal, "symptom", outcome.partition(":")[2])
        marks, names = named_list(spellings(journal, "symptom", key) or [key])
        sql = (
            f"SELECT day, avg(value) FROM entries WHERE kind = 'symptom' AND lower(name) IN "
            f"({marks}) AND day BETWEEN :since AND :until GROUP BY day"
        )
        rows = journal.execute(
            sql, {"since": since.isoformat(), "until": until.isoformat(), **names}
        )
        return {date.fromisoformat(day): float(value) for day, value in rows if value is not None}
    rows = journal.execute(OUTCOME_SQL[outcome], (since.isoformat(), until.isoformat()))
    return {date.fromisoformat(day): float(value) for day, value in rows if value is not None}


def did_by_day(journal: Journal, name: str, since: date, until: date) -> set[date]:
    params = {"since": since.isoformat(), "until": until.isoformat(), "key": name.casefold()}
    return {date.fromisoformat(row[0]) for row in journal.execute(DID_SQL, params)}


def experiment_result(journal: Journal, experiment: Experiment, today: date) -> Result | None:
    schedule = experiment.schedule
    outcome = outcome_by_day(journal, experiment.outcome, schedule.start, schedule.end)
    did = did_by_day(journal, experiment.name, schedule.start, schedule.end)
    return result(schedule, outcome, did, today)


def block_line(journal: Journal, today: date) -> str | None:
    """``this week: yoga ON (block 3 of 6)`` for ``due`` and ``checkin``; None when none runs."""
    experiment = running(journal, today)
    if experiment is None:
        return None
    schedule = experiment.schedule
    block = block_on(schedule, today)
    assert block is not None
    return say(
        Msg.TRY_THIS_BLOCK,
        name=experiment.name,
        state="ON" if block.on else "OFF",
        number=block.number,
        blocks=len(schedule.blocks),
        until=block.until.isoformat(),
    )
