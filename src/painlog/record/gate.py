"""The gate every new or changed entry passes: validation, name resolution, cautions, the
planned dose, the transaction with its undo label, and the notes on the person's own limits.

Each step is here once; the routes (add, checkin, edit, import, inbox, sync, demo) differ
only in who answers the cautions (``painlog.record.answers``) and how they say the notes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from painlog.errors import InvalidInput, PainlogError
from painlog.journal import values as journal_values
from painlog.journal.cautions import Caution, dose_cautions, for_name, for_night, for_places
from painlog.journal.entries import (
    LIST_FIELDS,
    Entry,
    format_number,
    make_entry,
    parse_at,
    undo_label,
)
from painlog.journal.timeparse import default_sleep_at, local_now, parse_past_moment
from painlog.messages import Msg, say
from painlog.record.answers import KEEP_AS_WRITTEN, NOBODY, Answer, Answers
from painlog.record.kinds import rule_for
from painlog.record.words import Draft, quote_hint
from painlog.store import settings
from painlog.store.db import Journal, transaction

if TYPE_CHECKING:
    from painlog.plan.safety import Statement

# --- making an entry ----------------------------------------------------------------------------


def needs_plan(draft: Draft) -> bool:
    """A dose named with no amount: its amount is the plan's (a journal is needed)."""
    fields = draft.fields()
    return rule_for(draft.kind).dosed and fields.get("value") is None and bool(fields.get("name"))


def moment(draft: Draft, now: datetime) -> datetime:
    """When the entry happened: ``--at`` as typed, else the kind's default (a night's sleep
    counts for the morning it ends; anything else, now)."""

    if draft.at:
        return parse_past_moment(draft.at, now)
    return default_sleep_at(now) if rule_for(draft.kind).night else now


def make(
    draft: Draft,
    journal: Journal | None = None,
    answers: Answers = NOBODY,
    now: datetime | None = None,
) -> Entry:
    """The validated entry ``draft`` describes; raises ``InvalidInput`` (one line naming the
    field and the accepted form). A dose with no amount takes the plan's dose in force that
    day, which needs ``journal`` (without one: refused as having no dose)."""

    now = now or local_now()
    fields = draft.fields()  # with a hint to quote an option typed in several words
    at = moment(draft, now)
    if "contains" in fields:
        from painlog.plan.medicines import checked_contains  # lazy: a medicine only

        fields["contains"] = checked_contains(fields["contains"])
    if needs_plan(draft):
        fields["name"], (fields["value"], fields["unit"]) = planned_dose(
            journal, str(fields["name"]), at, answers
        )
    try:
        return make_entry(draft.kind, at, now=now, **fields)
    except InvalidInput as error:
        hint = quote_hint(draft)  # ``--where lower back`` unquoted: "back" spoilt the value
        if hint is None:
            raise
        raise InvalidInput(f"{error.message} {hint.text}") from None


def batch_medicine_statements(
    journal: Journal, statements: Sequence[Statement]
) -> tuple[list[dict[str, object]], list[str]]:
    """An import's ``medicines`` (what ``painlog med NAME --contains/--wear`` said), kept as
    written: (the settings rows to write in the import's transaction, the notes). Each value is
    checked by the file's reader (``--contains``' and ``--wear``'s own rules); what the journal
    already says of a medicine is never overwritten, and a different value gets a Note."""
    from painlog.plan.safety import kept_statements  # lazy: a medicine only

    return kept_statements(journal, statements)


def planned_dose(
    journal: Journal | None, name: str, at: datetime, answers: Answers
) -> tuple[str, tuple[float, str]]:
    """(the name to log, (dose, unit)) for a dose named with no amount: the plan's dose in
    force that day. A name close to a plan medicine (``names.pointer``, the one rule of add,
    checkin and the inbox) is asked about; any other is refused as having no dose."""
    from painlog.journal.names import pointer  # lazy: a medicine only
    from painlog.plan.model import planned_dose as in_plan  # lazy: a medicine only

    missing = InvalidInput(say(Msg.NO_PLANNED_DOSE, accepted=Msg.FORM_DOSE.value, name=name))
    if journal is None:
        raise missing
    day = at.date()
    planned = in_plan(journal, name, day)
    if planned is not None:
        return name, planned
    close = pointer(journal, "medication", name)
    dose = in_plan(journal, close.suggestion, day) if close and close.source == "plan" else None
    if close is None or dose is None:
        raise missing
    shown = f"{format_number(dose[0])} {dose[1]}"
    if answers.planned_dose(name, close.suggestion, shown):
        return close.suggestion, dose
    raise InvalidInput(say(Msg.NO_PLANNED_DOSE_CLOSE, typed=name, suggestion=close.suggestion,
                           accepted=Msg.FORM_DOSE.value))  # fmt: skip


# --- cautions -----------------------------------------------------------------------------------


def name_cautions(journal: Journal, entry: Entry) -> list[Caution]:
    """The checks of an entry's name and places (by its kind's rule), answered first: the
    other cautions are about the name it will be saved with."""
    rule = rule_for(entry.kind)
    found: list[Caution] = []
    if rule.named and entry.name:
        caution = for_name(journal, entry.kind, entry.name)
        if caution:
            found.append(caution)
    if rule.places and entry.location:
        found += for_places(journal, entry)
    return found


def other_cautions(journal: Journal, entry: Entry) -> list[Caution]:
    """A second sleep for a night, the same medicine again soon, a dose far larger than before."""
    rule = rule_for(entry.kind)
    found: list[Caution] = []
    if rule.night:
        found += for_night(journal, entry)
    if rule.dosed and entry.name:
        found += dose_cautions(journal, entry)
    return found


@dataclass
class Reviewed:
    """What to save after the cautions: ``entry`` (None: cancelled), the ids it replaces,
    and the ``Note:`` lines said on the way."""

    entry: Entry | None
    replaces: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)


def review(
    journal: Journal, entry: Entry, answers: Answers, before: Entry | None = None
) -> Reviewed:
    """Every caution about ``entry``, answered by ``answers``. For an edit (``before``: the
    entry as it was) only what changed is checked: a new name, new places."""
    result = Reviewed(entry)
    for caution in name_cautions(journal, entry):
        if before is not None and _unchanged(caution, before):
            continue  # a name or place the entry already had is not asked again
        taken = _took(result, answers.name(caution, entry))
        if taken is None:
            return Reviewed(None, (), result.notes)
        entry = taken
    if before is None:  # about the name it will be saved with; new entries only, not edits
        for caution in other_cautions(journal, entry):
            taken = _took(result, answers.caution(caution, entry))
            if taken is None:
                return Reviewed(None, (), result.notes)
            entry = taken
    return result


def _took(result: Reviewed, answer: Answer) -> Entry | None:
    """Add one answer to ``result``: the entry to save from now on (None: cancelled)."""
    if answer.note:
        result.notes.append(answer.note)
    if answer.entry is not None:
        result.entry = answer.entry
        result.replaces += answer.replaces
    return answer.entry


def _unchanged(caution: Caution, before: Entry) -> bool:
    where = caution.field or ""
    if where == "name":
        return (caution.typed or "").lower() == (before.name or "").lower()
    return where.startswith("location:") and where.split(":", 1)[1] in before.location


# --- saving -------------------------------------------------------------------------------------


def insert(
    journal: Journal,
    entries: Sequence[Entry],
    replaces: Sequence[str] = (),
    updates: Sequence[Entry] = (),
) -> None:
    """Write ``entries`` inside the caller's transaction: first delete the ids ``replaces``,
    then rewrite ``updates`` in place (each keeps its id: an edit, an import's changed row),
    then add ``entries``."""
    for entry_id in replaces:
        journal["entries"].delete(entry_id)
    for entry in updates:
        journal["entries"].update(entry.id, entry.as_row())
    if entries:
        journal["entries"].insert_all([entry.as_row() for entry in entries])


def store(
    journal: Journal,
    entries: Sequence[Entry],
    replaces: Sequence[str] = (),
    undo: str | None = None,
    rows: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    updates: Sequence[Entry] = (),
) -> None:
    """The one transaction that writes entries: new ``entries`` (after deleting the ids
    ``replaces`` and rewriting ``updates`` in place) and any other ``rows`` by table (a
    check-in's PEG, PGIC, ratings), as one step of ``painlog undo`` (``undo``: its label; by
    default "add …"). Add, check-in, the inbox, edit and every import write through here."""
    with transaction(journal, undo=undo or undo_label(entries, replaces)):
        insert(journal, entries, replaces, updates)
        for table, table_rows in (rows or {}).items():
            if table_rows:
                journal[table].insert_all([dict(row) for row in table_rows])


@dataclass
class Saved:
    """What the gate saved: ``entry`` (None: cancelled, nothing saved), how many entries it
    replaced, the cautions' notes (say them first) and the notes on limits (say them after)."""

    entry: Entry | None
    replaced: int = 0
    notes: list[str] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)


def keep(journal: Journal, entry: Entry, answers: Answers = NOBODY) -> Saved:
    """Review and write ``entry`` inside the caller's transaction (the inbox takes its lines
    as one change, one by one: each line sees the ones before it)."""
    return _saved(journal, review(journal, entry, answers), insert)


def save(journal: Journal, entry: Entry, answers: Answers = NOBODY) -> Saved:
    """Review ``entry``, save it as one undoable change, and find the notes on limits."""
    return _saved(journal, review(journal, entry, answers), store)


def _saved(journal: Journal, reviewed: Reviewed, write: Callable[..., None]) -> Saved:
    if reviewed.entry is None:
        return Saved(None, 0, reviewed.notes)
    write(journal, [reviewed.entry], reviewed.replaces)
    return Saved(reviewed.entry, len(reviewed.replaces), reviewed.notes,
                 limit_notes(journal, reviewed.entry))  # fmt: skip


def save_all(
    journal: Journal,
    entries: Sequence[Entry],
    answers: Answers = NOBODY,
    undo: Callable[[int], str] | None = None,
    rows: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> list[Saved]:
    """Review each entry (a cancelled one is left out), then save them all, with ``rows``,
    in one transaction (the check-in; ``undo`` names it from how many records are saved).
    Returns one ``Saved`` per entry kept."""
    kept: list[Saved] = []
    replaces: list[str] = []
    for entry in entries:
        reviewed = review(journal, entry, answers)
        if reviewed.entry is not None:
            kept.append(Saved(reviewed.entry, len(reviewed.replaces), reviewed.notes))
            replaces += reviewed.replaces
    saved = [item.entry for item in kept if item.entry is not None]
    records = len(saved) + sum(len(table_rows) for table_rows in (rows or {}).values())
    if records:
        store(journal, saved, replaces, undo(records) if undo else None, rows)
    for item in kept:
        if item.entry is not None:
            item.limits = limit_notes(journal, item.entry)
    return kept


def save_edit(
    journal: Journal, before: Entry, after: Entry, answers: Answers = NOBODY, as_typed: bool = False
) -> Saved:
    """An edit: the name checks on what changed (none with ``as_typed``), one undoable
    change, the notes on limits."""
    notes: list[str] = []
    if not as_typed:
        reviewed = review(journal, after, answers, before=before)
        notes = reviewed.notes
        if reviewed.entry is None:
            return Saved(None, 0, notes)
        after = reviewed.entry
    store(journal, (), undo=f"edit of {after.kind} {after.short_id}", updates=[after])
    return Saved(after, 0, notes, limit_notes(journal, after))


# --- notes after saving -------------------------------------------------------------------------


def limit_notes(journal: Journal, entry: Entry) -> list[str]:
    """The person's own as-needed limits and the medicine-safety notes, for a saved dose."""
    if not rule_for(entry.kind).dosed:
        return []
    from painlog.plan.limits import dose_warnings  # lazy: a medicine only

    return dose_warnings(journal, entry)


def batch_name_notes(
    journal: Journal, entries: Iterable[Entry], answers: Answers = KEEP_AS_WRITTEN
) -> tuple[str, ...]:
    """The name check for a batch (an import), once per name: with ``KEEP_AS_WRITTEN``
    every name stays as the file has it and each close one gets a Note."""
    seen: set[tuple[str, str]] = set()
    notes = []
    for entry in entries:
        if not entry.name or (entry.kind, entry.name.lower()) in seen:
            continue
        seen.add((entry.kind, entry.name.lower()))
        for caution in name_cautions(journal, entry):
            if caution.field == "name":
                note = answers.name(caution, entry).note
                if note:
                    notes.append(note)
    return tuple(notes)


def batch_limit_notes(journal: Journal, entries: Sequence[Entry]) -> tuple[str, ...]:
    """The notes on limits for what a batch has just saved, summarised per medicine and
    limit (a ten-year file is not told dose by dose)."""
    if not any(rule_for(entry.kind).dosed for entry in entries):
        return ()
    from painlog.plan.limits import import_notes  # lazy: a medicine only

    return tuple(import_notes(journal, entries))


# --- rows from other devices ----------------------------------------------------------------------


PEER_TEXT_LIMIT = journal_values.TEXT_LIMIT  # one value of a row read from another device: add's
PEER_CLOCK_AHEAD = timedelta(days=1)  # another device's clock may run ahead of this one's


def peer_now() -> datetime:
    """The latest moment a row another device wrote may hold: now, plus the other clock's
    allowed lead (an exchange reads it once and passes it to each row's check)."""
    return local_now() + PEER_CLOCK_AHEAD


def check_peer_row(
    table: str, values: Mapping[str, Any] | None, now: datetime | None = None
) -> str | None:
    """Why a row another device wrote may not be applied here, or None (SPEC "Many devices":
    every row passes the same checks as ``add`` and ``import``). An entry is made again by
    the value rules of its kind; a setting by its own check; a deletion always passes.
    ``now``: ``peer_now()``, read once by a caller checking many rows (default: read here)."""
    if values is None:
        return None
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, str):
            if len(value) > PEER_TEXT_LIMIT:
                return journal_values.too_long(name, len(value))
        elif isinstance(value, float) and not math.isfinite(value):
            return say(Msg.SYNC_REFUSED_VALUE, field=name)
    try:
        if table == "entries":
            entry_from_row(values, now=now or peer_now())
        elif table == "settings":
            settings.check(str(values.get("key")), str(values.get("value")))
    except PainlogError as error:
        return error.message
    except (TypeError, ValueError, AttributeError):  # a list field that is not a JSON list
        return say(Msg.SYNC_REFUSED_VALUE, field="row")
    return None


class PeerRows:
    """``check_peer_row`` for a caller checking many rows (an exchange; a device joining a
    10-year journal checks 22,000). An entry's rules read its moment only to check ``at`` and
    never refuse its id, so once a row whose moment passes has been checked, any other row
    holding the same values besides its id and moment gets the same answer: the moment is
    checked for every row, the rest once per distinct set of values. Same answers as
    ``check_peer_row``, row for row (tests/test_peer_rows.py)."""

    def __init__(self) -> None:
        self.answers: dict[tuple[Any, ...], str | None] = {}

    def __call__(
        self, table: str, values: Mapping[str, Any] | None, now: datetime | None = None
    ) -> str | None:
        if table != "entries" or values is None:
            return check_peer_row(table, values, now)
        now = now or peer_now()
        at = values.get("at")
        try:
            parse_at(at if isinstance(at, str) else "", now)
            rest = dict(values)
            del rest["at"]  # a moment that passes is in it
            rest.pop("id", None)
            key = (tuple(rest.items()), tuple(map(type, rest.values())))  # 1 and True differ
            hash(key)  # a list given for a list field: no key, checked the long way
        except (PainlogError, TypeError):
            return check_peer_row(table, values, now)  # its exact reason
        given_id = values.get("id")
        if not (
            given_id is None or (isinstance(given_id, str) and len(given_id) <= PEER_TEXT_LIMIT)
        ):
            return check_peer_row(table, values, now)  # the id's own refusal (or a number's)
        if key not in self.answers:
            self.answers[key] = check_peer_row(table, values, now)
        return self.answers[key]


def entry_from_row(values: Mapping[str, Any], now: datetime | None = None) -> Entry:
    """A stored row (a peer's, a file's) as a validated entry; raises ``InvalidInput``."""
    lists: dict[str, tuple[str, ...]] = {}
    for name in LIST_FIELDS:
        given = values.get(name)
        if not given:  # None, "" (and 0): no items, as json.loads would not be asked
            lists[name] = ()
            continue
        items = json.loads(given) if isinstance(given, str) else given
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise InvalidInput(say(Msg.INVALID, field=name, given=given,
                                   accepted=Msg.FORM_LIST_ITEM.value))  # fmt: skip
        lists[name] = tuple(items)
    return make_entry(
        str(values.get("kind") or ""),
        str(values.get("at") or ""),
        value=values.get("value"),
        unit=values.get("unit"),
        name=values.get("name"),
        quality=values.get("quality"),
        intensity=values.get("intensity"),
        note=values.get("note"),
        source=values.get("source"),
        source_key=values.get("source_key"),
        contains=values.get("contains"),
        wear=values.get("wear"),
        id=str(values.get("id") or ""),
        now=now,
        **lists,
    )
