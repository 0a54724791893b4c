"""Warnings before a silent mistake, found before an entry is saved.

- a second sleep for a night already logged (replace it, add it as a nap, or cancel);
- the same medicine again within 30 minutes;
- a new medicine, place, exercise or therapy name close to a known spelling (a typo splits
  the record in two: ``ibuprofin`` next to ``ibuprofen``); for names the one resolver of
  ``painlog.journal.names``, which prefers the plan's spelling;
- a dose more than 3 times the largest earlier dose of that medicine (400mg typed as 4000mg);
- a second PEG the same day.

This module finds them; the gate (``painlog.record``) decides which apply to a kind and asks
its answerer (the command line asks in a terminal, with a safe default). When nobody can be
asked (a script, an inbox line) ``unattended`` says what is saved: what was typed,
except a new name close to a plan name, which is saved with the plan's spelling (SPEC "Names":
plan names are the reference) and a ``Note:`` naming the typed spelling and how to keep it. A
dose that was taken is never refused.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from painlog.journal.entries import Entry, format_hours, format_number, unit_for
from painlog.journal.spelling import close_to
from painlog.messages import Msg, count, say
from painlog.store.db import Journal

SAME_DOSE_WINDOW = timedelta(minutes=30)
DOSE_FACTOR = 3


@dataclass(frozen=True)
class Caution:
    kind: str  # "sleep", "dose-again", "dose-size", "name", "peg"
    message: str
    suggestion: str | None = None  # for "name": the spelling already used
    field: str | None = None  # for "name": which field ("name", "location")
    replaces: tuple[str, ...] = ()  # for "sleep": the ids a replacement deletes
    typed: str | None = None  # for "name": the name as typed
    source: str | None = None  # for "name": where the suggestion is from ("plan", "alias", …)


def _known_places(journal: Journal) -> list[str]:
    rows = journal.execute(
        "SELECT DISTINCT place.value FROM entries, json_each(entries.location) AS place "
        "WHERE kind = 'pain' AND location IS NOT NULL"
    )
    return [row[0] for row in rows]


def for_name(journal: Journal, kind: str, name: str | None) -> Caution | None:
    """The name check of ``painlog.journal.names`` as a caution (every route asks this)."""
    from painlog.journal import names  # only for a named entry: `add pain` never loads it

    found = names.pointer(journal, kind, name)
    if found is None:
        return None
    where = {"plan": Msg.NAME_POINTED_PLAN.value, "alias": Msg.NAME_POINTED_ALIAS.value}
    message = say(Msg.NAME_POINTED, typed=found.typed, suggestion=found.suggestion,
                  where=where.get(found.source, ""))  # fmt: skip
    return Caution("name", message, found.suggestion, "name", typed=found.typed,
                   source=found.source)  # fmt: skip


def saved_as_typed(caution: Caution) -> str:
    """The ``Note:`` for a close name kept as typed, with the ``rename`` that makes it count
    (quoted for the shell: ``st jon's wort`` is one word to paste)."""

    return say(Msg.NAME_SAVED_AS_TYPED, warning=caution.message, suggestion=caution.suggestion,
               typed_arg=shlex.quote(caution.typed or ""),
               suggestion_arg=shlex.quote(caution.suggestion or ""))  # fmt: skip


def unattended(entry: Entry, caution: Caution) -> tuple[Entry, str]:
    """(the entry to save, the ``Note:`` to say) for a caution nobody can answer.

    A new name close to a plan name is saved with the plan's spelling: saved as typed, that
    day's dose would count as missed until the person renamed it. Two medicines a letter apart
    can be two drugs, so the note gives the one command that keeps the typed spelling. Any
    other close name (a journal spelling may itself be a typo) is saved as typed."""
    if caution.field == "name" and caution.source == "plan" and caution.suggestion:
        note = say(Msg.NAME_SAVED_AS_PLAN, typed=caution.typed, suggestion=caution.suggestion,
                   id=entry.short_id, typed_arg=shlex.quote(caution.typed or ""))  # fmt: skip
        return replace(entry, name=caution.suggestion), note
    if caution.field == "name":
        return entry, saved_as_typed(caution)
    if caution.kind == "sleep":
        return entry, say(Msg.CAUTION_SLEEP_SAVED, warning=caution.message)
    return entry, say(Msg.CAUTION_SAVED, warning=caution.message)


def for_places(journal: Journal, entry: Entry) -> list[Caution]:
    """Each new pain place close to a place already written (``lower bak``, ``lower back``)."""
    places = _known_places(journal)
    cautions: list[Caution] = []
    for place in entry.location:
        suggestion = close_to(place, places)
        if suggestion:
            cautions.append(Caution("name", f"'{place}' is a new place; did you mean "
                                    f"{suggestion}?", suggestion, f"location:{place}"))  # fmt: skip
    return cautions


def for_night(journal: Journal, entry: Entry) -> list[Caution]:
    """A second sleep for a night already logged by the person (replace, nap or cancel)."""
    rows = journal.execute(
        # a device's night is not replaced by the person's: the person's simply counts
        "SELECT id, at, value FROM entries WHERE kind = 'sleep' AND day = ?"
        " AND coalesce(source, 'typed') IN ('typed', 'daylio', 'bearable') ORDER BY at",
        (entry.day,),
    ).fetchall()
    if not rows:
        return []
    logged = ", ".join(f"{format_hours(value)} ({at[11:16]})" for _, at, value in rows)
    return [Caution(
        "sleep", f"Sleep for the night before {entry.day} is already logged: {logged}.",
        replaces=tuple(row[0] for row in rows),
    )]  # fmt: skip


def dose_cautions(journal: Journal, entry: Entry) -> list[Caution]:
    """The same medicine again within 30 minutes; a dose over 3 times the largest before."""
    from painlog.journal import names
    from painlog.journal.names import COUNTED

    found = []
    at = datetime.fromisoformat(entry.at)
    key = names.counted_name(journal, "medication", entry.name or "")
    row = journal.execute(
        f"SELECT at, value, unit, name FROM entries WHERE kind = 'medication' AND {COUNTED} = ? "
        "AND day BETWEEN date(?, '-1 day') AND date(?, '+1 day') "
        "AND abs(julianday(at) - julianday(?)) * 1440 < ? ORDER BY at DESC LIMIT 1",
        (key, entry.day, entry.day, entry.at,
         SAME_DOSE_WINDOW.total_seconds() / 60),
    ).fetchone()  # fmt: skip
    if row:
        minutes = round(abs(at - datetime.fromisoformat(row[0])).total_seconds() / 60)
        # The earlier entry as it was written: after an alias it may carry the other name.
        found.append(Caution(
            "dose-again",
            f"{row[3]} {format_number(row[1])} {unit_for(row[1], row[2])} is already logged "
            f"{count(minutes, 'minute')} {'before' if datetime.fromisoformat(row[0]) <= at else 'after'} "
            f"this ({row[0][11:16]}).",
        ))  # fmt: skip
    counted = names.spellings(journal, "medication", key)  # the index, not every dose
    largest = (
        journal.execute(
            "SELECT max(value) FROM entries WHERE kind = 'medication' AND unit = ? AND lower(name) "
            f"IN ({', '.join('?' * len(counted))})",
            (entry.unit, *counted),
        ).fetchone()[0]
        if counted
        else None
    )
    if largest and entry.value and entry.value > DOSE_FACTOR * largest:
        found.append(Caution(
            "dose-size",
            f"{format_number(entry.value)} {entry.unit} is more than {DOSE_FACTOR} times the "
            f"largest {entry.name} dose logged before ({format_number(largest)} {entry.unit}).",
        ))  # fmt: skip
    return found


def for_peg(journal: Journal, day: str) -> list[Caution]:
    row = journal.execute(
        "SELECT (pain + enjoyment + activity) / 3.0, at FROM peg WHERE day = ? ORDER BY at DESC",
        (day,),
    ).fetchone()
    if not row:
        return []
    return [
        Caution(
            "peg", f"A PEG is already answered for {day} (score {row[0]:.1f}, {row[1][11:16]})."
        )
    ]
