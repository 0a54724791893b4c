"""The gate: every new or changed entry passes here, whatever door it came in by.

add, checkin, edit, import (CSV, JSON, apps, devices), the inbox, sync and the demo all make
entries through this package: the one grammar of add's words, validation, name resolution,
cautions, the planned dose, the transaction with its undo label, and the notes on the person's
own limits. The command line only parses options, asks and prints.

Make, validate and save one entry::

    from painlog import record

    draft = record.words.parse("pain 6 --where 'lower back'")  # or record.Draft(kind, words,
                                                                # at, options) from typer's
    entry = record.make(draft, journal, answers)     # InvalidInput: one line, field and form
    saved = record.save(journal, entry, answers)     # cautions answered, one undoable change
    saved.notes    # the cautions' Note: lines (say them before "Added")
    saved.entry    # what was saved (None: the person cancelled; nothing was saved)
    saved.limits   # the notes on the person's own limits (say them after)

``answers`` answers the cautions (``record.Answers``, a Protocol: ``name``, ``caution``,
``planned_dose``). The terminal's answers live in the command line; ``record.NOBODY`` (scripts,
the inbox, sync: saved as typed, a name close to a plan name saved with the plan's spelling,
each caution a Note) and ``record.KEEP_AS_WRITTEN`` (imports: names as the file has them, each
close one a Note) live here. ``make`` without a journal validates before a journal exists
(``record.needs_plan(draft)``: a dose with no amount needs the journal's plan).

Inside a transaction of your own (the inbox takes its lines as one change), ``record.keep``
reviews and writes one entry; ``record.store`` is the one transaction that writes entries (new
ones, ``replaces`` deleted, ``updates`` rewritten in place keeping their ids: an edit's, an
import's changed rows; other tables' ``rows``: the check-in's); ``record.save_all`` reviews a
list and stores it in one transaction; ``record.save_edit`` is an edit's.

An import (a batch, "keep as written"; ``formats.landing`` does this for every import)::

    notes = record.batch_name_notes(journal, entries)     # KEEP_AS_WRITTEN by default
    record.store(journal, new, undo="import of …", updates=changed)  # formats.sources.apply
    notes += record.batch_limit_notes(journal, entries)   # once it has committed

A JSON file's ``medicines`` (what ``painlog med NAME --contains/--wear`` said) are kept the
same way: ``record.batch_medicine_statements(journal, statements)`` gives the settings rows to
write in the import's transaction and a Note for each value the journal already holds otherwise.

A script or another program making one entry with nobody to ask: ``record.make(draft,
journal)`` and ``record.save(journal, entry)`` (``answers`` defaults to ``record.NOBODY``).

A row another device wrote (sync), before it is applied::

    why = record.check_peer_row(table, values)  # None: apply it; else the one-line reason
    # the engine keeps (device, file, reason) of a refused row: sync --status and doctor list it

Words the shell split off an option's value (``--at yesterday 9pm``, ``--where lower back``
typed without quotes) are caught here for every door: ``Draft.fields()`` refuses a time split
off ``--at`` and ``make`` adds the hint to a refusal (``record.words.quote_hint(draft)``). A
signed number at the end of a named kind's words (``therapy massage -60m``) is its value,
refused by the value's range. A saved dose gets ``limits``' notes from ``plan.limits``: the
person's own limits, medicine safety, and a scheduled dose other than the plan's.

A new kind registers its rule (its value rule is ``journal.entries.make_entry``'s; the
rule says which checks apply: ``named`` for the name check, ``places``, ``dosed``, ``night``)::

    record.register(record.KindRule("symptom", named=True))   # "symptom fatigue 6": name, value

and, if it has options of its own besides --note, --tag and --at, lists them in
``record.words.OPTIONS`` (the inbox reads them; ``add`` declares them for typer). Its ``add``
command builds ``record.Draft(kind, words, at, options)`` and calls the same
``save_new_entry`` (cli/journal.py) as every other kind: nothing else is new.
"""

from __future__ import annotations

from painlog.record import words
from painlog.record.answers import (
    KEEP_AS_WRITTEN,
    NOBODY,
    Answer,
    Answers,
    KeepAsWritten,
    NobodyToAsk,
)
from painlog.record.gate import (
    PeerRows,
    Reviewed,
    Saved,
    batch_limit_notes,
    batch_medicine_statements,
    batch_name_notes,
    check_peer_row,
    entry_from_row,
    insert,
    keep,
    limit_notes,
    make,
    needs_plan,
    peer_now,
    planned_dose,
    review,
    save,
    save_all,
    save_edit,
    store,
    undo_label,
)
from painlog.record.kinds import KindRule, register, rule_for
from painlog.record.words import Draft

__all__ = [
    "KEEP_AS_WRITTEN",
    "NOBODY",
    "Answer",
    "Answers",
    "Draft",
    "KeepAsWritten",
    "KindRule",
    "NobodyToAsk",
    "PeerRows",
    "Reviewed",
    "Saved",
    "batch_limit_notes",
    "batch_medicine_statements",
    "batch_name_notes",
    "check_peer_row",
    "entry_from_row",
    "insert",
    "keep",
    "limit_notes",
    "make",
    "needs_plan",
    "peer_now",
    "planned_dose",
    "register",
    "review",
    "rule_for",
    "save",
    "save_all",
    "save_edit",
    "store",
    "undo_label",
    "words",
]
