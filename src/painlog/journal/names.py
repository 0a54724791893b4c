"""Names of medicines, exercises, therapies and places, matched case-insensitively (SPEC.md
"Names").

The known spellings of a name are, in this order: the care plan's item names (every version),
the person's aliases, then names as first written in the journal. ``pointer`` is the one
resolver every way of making an entry asks (``add``, ``checkin``, ``edit``, ``import``): a new
name close to a known spelling is pointed to it, preferring a plan name, and a plan name is
never pointed to a journal spelling.

An alias (``physio`` counts as ``physical therapy``) is kept in the ``settings`` table under the
key ``alias:KIND:ALIAS`` with the name as its value: it travels with the journal, is undone like
any change, and needs no schema change. ``COUNTED`` is the one SQL expression that turns an
entry's name into the name it counts as; every aggregation by name uses it.

This module reads the ``plan`` table directly: the plan package sits above the journal's.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from painlog.errors import InvalidInput, invalid
from painlog.journal.entries import KIND_ALIASES
from painlog.journal.spelling import close_to
from painlog.messages import Msg, say
from painlog.store.db import Journal, transaction

NAMED_KINDS = (
    "medication",
    "exercise",
    "therapy",
    "symptom",
    "factor",
)  # kinds a name can be renamed or aliased in
ALIAS_PREFIX = "alias:"


def counted_key(table: str = "entries") -> str:
    """SQL: the lower-case name an entry of ``table`` counts as (its alias's name, else its own).

    A side effect's name is a medicine's, so medication aliases hold for it too. The lookup is
    one primary-key probe of the small settings table per row."""
    kind = f"replace({table}.kind, 'side-effect', 'medication')"
    return (
        f"coalesce((SELECT lower(value) FROM settings WHERE key = '{ALIAS_PREFIX}' || {kind} "
        f"|| ':' || lower({table}.name)), lower({table}.name))"
    )


COUNTED = counted_key()


def alias_kind(kind: str) -> str:
    return "medication" if kind == "side-effect" else kind


@dataclass(frozen=True)
class Alias:
    kind: str
    alias: str  # lower case: aliases match case-insensitively
    name: str  # as written (the plan's spelling when the plan has it)
    replaced: str | None = None  # the name it counted as before this alias replaced it

    def as_json(self) -> dict[str, str]:
        return {"alias": self.alias, "name": self.name, "kind": self.kind}


def aliases(journal: Journal, kind: str | None = None) -> list[Alias]:
    rows = journal.execute(
        "SELECT key, value FROM settings WHERE key LIKE 'alias:%' ORDER BY key"
    ).fetchall()
    found = []
    for key, value in rows:
        _, alias_of, alias = key.split(":", 2)
        if kind is None or alias_of == alias_kind(kind):
            found.append(Alias(alias_of, alias, value))
    return found


def plan_names(journal: Journal, kind: str) -> list[str]:
    """Every plan item name of ``kind`` (every version), as the plan writes it."""
    if "plan" not in journal.table_names():
        return []
    rows = journal.execute(
        "SELECT name FROM plan WHERE kind = ? GROUP BY lower(name) ORDER BY min(day)",
        (alias_kind(kind),),
    )
    return [row[0] for row in rows]


def counted_for(journal: Journal, kind: str) -> str:
    """``COUNTED`` for entries of ``kind``, or plain ``lower(entries.name)`` when the journal has
    no alias that could apply to them: the same key (the alias lookup would find nothing) with
    no settings probe per row, which over years of doses costs more than the sums."""
    return COUNTED if aliases(journal, kind) else "lower(entries.name)"


# Each lower-case spelling of a kind's names, with the name and rowid of its first entry: the
# (kind, lower(name)) index is sought from one spelling to the next and, for each, to its first
# entry (a few seeks per spelling), not read entry by entry (years of daily symptoms). The same
# rows, in the same order (no name first, then by spelling), as ``SELECT lower(name), name,
# min(rowid) … GROUP BY lower(name)``.
FIRST_SPELLINGS_SQL = """
    WITH RECURSIVE spelling(key) AS (
        SELECT (SELECT lower(name) FROM entries WHERE kind = :kind AND lower(name) IS NOT NULL
                ORDER BY lower(name) LIMIT 1)
        UNION ALL
        SELECT (SELECT lower(name) FROM entries WHERE kind = :kind AND lower(name) > spelling.key
                ORDER BY lower(name) LIMIT 1)
        FROM spelling WHERE spelling.key IS NOT NULL
    ), first(key, id) AS (
        SELECT key, (SELECT rowid FROM entries WHERE kind = :kind AND lower(name) = spelling.key
                     ORDER BY rowid LIMIT 1)
        FROM spelling WHERE key IS NOT NULL
    )
    SELECT NULL, NULL, (SELECT rowid FROM entries WHERE kind = :kind AND lower(name) IS NULL
                        ORDER BY rowid LIMIT 1)
    UNION ALL
    SELECT first.key, entries.name, first.id FROM first JOIN entries ON entries.rowid = first.id
"""


def first_spellings(journal: Journal, kind: str) -> list[tuple[str | None, str | None, int]]:
    """(lower-case spelling, the name as first written, its rowid) for each spelling of
    ``kind``'s names (and (None, None, rowid) for entries without a name, if any)."""
    rows = journal.execute(FIRST_SPELLINGS_SQL, {"kind": kind}).fetchall()
    return [row for row in rows if row[2] is not None]


def names_as_first_written(journal: Journal, kind: str) -> dict[str, str]:
    """The name each counted key is shown as: an alias's name, else the name as first written
    (of the spellings that count as the key, the one written first: ``COUNTED``'s grouping)."""
    found = aliases(journal, kind)
    spellings = first_spellings(journal, kind)
    if not found:
        return {spelling: name for spelling, name, _ in spellings}  # type: ignore[misc]
    counts_as = {alias.alias: alias.name.lower() for alias in found}
    first: dict[str | None, tuple[int, str | None]] = {}
    for spelling, name, rowid in spellings:
        key = counts_as.get(spelling, spelling) if spelling is not None else None
        if key not in first or rowid < first[key][0]:
            first[key] = (rowid, name)
    # in the order of the counted keys, as SQLite's GROUP BY gives them (no name first; text
    # compared as SQLite's BINARY does, which is code point order)
    ordered = sorted(first, key=lambda key: (key is not None, key or ""))
    names = {key: first[key][1] for key in ordered}
    for alias in found:
        names[alias.name.lower()] = alias.name
    return names  # type: ignore[return-value]


def spellings(journal: Journal, kind: str, key: str) -> list[str]:
    """The lower-case names whose entries count as ``key`` (``COUNTED`` = key): key itself
    unless it is an alias of another name, and every alias of key. Matched with
    ``lower(name) IN (…)`` a query uses the (kind, lower(name)) index instead of working out
    ``COUNTED`` for every entry."""
    prefix = f"{ALIAS_PREFIX}{alias_kind(kind)}:"
    rows = journal.execute(
        "SELECT substr(key, ?) FROM settings WHERE key LIKE ? || '%' AND lower(value) = ?",
        (len(prefix) + 1, prefix, key),
    ).fetchall()
    found = [row[0] for row in rows]
    if counted_name(journal, kind, key) == key:
        found.append(key)
    return found


def counted_name(journal: Journal, kind: str, name: str) -> str:
    """The lower-case name ``name`` counts as (``COUNTED`` for one name, in Python)."""
    key = name.strip().lower()
    row = journal.execute(
        "SELECT value FROM settings WHERE key = ?", (f"{ALIAS_PREFIX}{alias_kind(kind)}:{key}",)
    ).fetchone()
    return row[0].lower() if row else key


@dataclass(frozen=True)
class Pointer:
    """A new name close to a known spelling: where it points, and where that spelling is from."""

    typed: str
    suggestion: str
    source: str  # "plan", "alias" or "journal"


def pointer(journal: Journal, kind: str, name: str | None) -> Pointer | None:
    """Where a name about to be written points, if it is new and close to a known spelling."""
    if not name or alias_kind(kind) not in NAMED_KINDS:
        return None
    key = name.strip().lower()
    planned = plan_names(journal, kind)
    if key in {spelling.lower() for spelling in planned}:
        return None  # a plan name is the reference: never pointed anywhere
    known_aliases = aliases(journal, kind)
    if key in {alias.alias for alias in known_aliases} | {a.name.lower() for a in known_aliases}:
        return None
    # A name already in the journal needs no spelling check (an index lookup), even close to a
    # plan name: a close name is saved as typed only when the person said so (no at a
    # terminal, ``edit --as-typed``) or a file wrote it, and asking again at every dose would
    # turn a second medicine into the plan's.
    used = journal.execute(
        "SELECT 1 FROM entries WHERE kind = ? AND lower(name) = ? LIMIT 1",
        (alias_kind(kind), key),
    ).fetchone()
    if used:
        return None
    found = close_to(name, planned)
    if found:
        return Pointer(name, found, "plan")
    by_spelling = {alias.alias: alias.name for alias in known_aliases}
    by_spelling.update({alias.name.lower(): alias.name for alias in known_aliases})
    found = close_to(name, list(by_spelling))
    if found:
        return Pointer(name, by_spelling[found.lower()], "alias")
    found = close_to(name, list(names_as_first_written(journal, alias_kind(kind)).values()))
    return Pointer(name, found, "journal") if found else None


def symptom_hint(journal: Journal, label: str) -> str:
    """For an outcome or chart of ``symptom:NAME`` that was never logged: " Did you mean
    symptom:X?" when NAME is close to a known spelling (the name check of ``add``), else ""."""
    kind, colon, name = label.partition(":")
    if not colon or kind != "symptom":
        return ""
    found = pointer(journal, "symptom", name)
    return say(Msg.SYMPTOM_DID_YOU_MEAN, suggestion=found.suggestion) if found else ""


def plan_spelling(journal: Journal, kind: str, name: str) -> str | None:
    """The plan's spelling of ``name`` (or of the name it is an alias of), if the plan has it."""
    key = counted_name(journal, kind, name)
    for spelling in plan_names(journal, kind):
        if spelling.lower() == key:
            return spelling
    return None


# --- rename and alias ------------------------------------------------------------------------


def parse_named_kind(text: str | None) -> tuple[str, ...]:
    """``--kind``: the kinds a rename or alias touches (all three when not given)."""
    if text is None:
        return NAMED_KINDS
    word = text.strip().lower()
    kind = KIND_ALIASES.get(word, word)
    if kind not in NAMED_KINDS:
        raise invalid("--kind", text, Msg.FORM_NAMED_KIND)
    return (kind,)


def _clean(text: str, field: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned or "\x00" in cleaned:
        raise invalid(field, text.replace("\x00", "\\0"), Msg.FORM_NAME)
    return cleaned


@dataclass(frozen=True)
class Renamed:
    old: str
    new: str
    entries: int
    plan_items: int
    aliases: int


def rename(journal: Journal, old: str, new: str, kind: str | None = None) -> Renamed:
    """Every entry and plan item named ``old`` (any case) takes the name ``new``; aliases of
    ``old`` follow. One undoable change; a refusal changes nothing."""
    old, new = _clean(old, "OLD"), _clean(new, "NEW")
    if old == new:
        raise InvalidInput(say(Msg.RENAME_SAME, name=old))
    kinds = parse_named_kind(kind)
    with_side_effects = [*kinds, "side-effect"] if "medication" in kinds else list(kinds)
    marks = ", ".join("?" * len(with_side_effects))
    plan_marks = ", ".join("?" * len(kinds))
    with transaction(journal, undo=f"rename of {old} to {new}"):
        items = journal.execute(
            f"SELECT DISTINCT item, kind FROM plan WHERE kind IN ({plan_marks}) "
            "AND lower(name) = lower(?)",
            (*kinds, old),
        ).fetchall()
        clashing = journal.execute(
            f"SELECT name FROM plan WHERE kind IN ({plan_marks}) AND lower(name) = lower(?) "
            "AND lower(name) != lower(?) LIMIT 1",
            (*kinds, new, old),
        ).fetchone()
        if items and clashing:
            raise InvalidInput(say(Msg.RENAME_PLAN_CLASH, old=old, new=clashing[0]))
        entries = journal.execute(
            f"UPDATE entries SET name = ? WHERE kind IN ({marks}) AND lower(name) = lower(?)",
            (new, *with_side_effects, old),
        ).rowcount
        journal.execute(
            f"UPDATE plan SET name = ? WHERE kind IN ({plan_marks}) AND lower(name) = lower(?)",
            (new, *kinds, old),
        )
        moved = 0
        for alias in aliases(journal):
            if alias.kind in kinds and alias.name.lower() == old.lower():
                journal.execute(
                    "UPDATE settings SET value = ? WHERE key = ?", (new, _alias_key(alias))
                )
                moved += 1
        if not entries and not items and not moved:
            raise InvalidInput(say(Msg.RENAME_UNKNOWN, old=old))
    return Renamed(old, new, entries, len(items), moved)


def _alias_key(alias: Alias) -> str:
    return f"{ALIAS_PREFIX}{alias.kind}:{alias.alias}"


def _known_kinds(journal: Journal, name: str) -> list[str]:
    """The kinds whose plan or journal know ``name`` (any case)."""
    found = []
    for kind in NAMED_KINDS:
        in_plan = name.lower() in {spelling.lower() for spelling in plan_names(journal, kind)}
        in_journal = journal.execute(
            "SELECT 1 FROM entries WHERE kind = ? AND lower(name) = ? LIMIT 1",
            (kind, name.lower()),
        ).fetchone()
        if in_plan or in_journal:
            found.append(kind)
    return found


def close_known(journal: Journal, name: str, kinds: tuple[str, ...] = NAMED_KINDS) -> str | None:
    """A known spelling of ``kinds`` (plan, alias, journal) that an unknown ``name`` is close
    to, for an alias aimed at a misspelt name (``physical terapy``); None when ``name`` is
    known or close to nothing."""
    # Aliases' names are among the names as first written (names_as_first_written adds them).
    known = {kind: [*plan_names(journal, kind), *names_as_first_written(journal, kind).values()]
             for kind in kinds}  # fmt: skip
    key = name.strip().lower()
    if any(key == spelling.lower() for written in known.values() for spelling in written):
        return None
    for written in known.values():
        found = close_to(name.strip(), written)
        if found:
            return found
    return None


def add_alias(journal: Journal, alias: str, name: str, kind: str | None = None) -> list[Alias]:
    """Entries written ``alias`` count as ``name`` from now on, in every figure."""
    alias, name = _clean(alias, "ALIAS"), _clean(name, "NAME")
    if alias.lower() == name.lower():
        raise InvalidInput(say(Msg.ALIAS_SAME, name=alias))
    kinds = list(parse_named_kind(kind)) if kind is not None else _known_kinds(journal, name)
    if not kinds:
        close = close_known(journal, name)
        if close:
            raise InvalidInput(say(Msg.ALIAS_UNKNOWN_CLOSE, name=name, suggestion=close,
                                   alias_arg=shlex.quote(alias),
                                   suggestion_arg=shlex.quote(close)))  # fmt: skip
        raise InvalidInput(say(Msg.ALIAS_UNKNOWN_NAME, name=name, alias_arg=shlex.quote(alias),
                               name_arg=shlex.quote(name)))  # fmt: skip
    made = []
    with transaction(journal, undo=f"alias {alias} for {name}"):
        for each in kinds:
            if alias.lower() in {spelling.lower() for spelling in plan_names(journal, each)}:
                raise InvalidInput(say(Msg.ALIAS_IS_PLAN_NAME, alias=alias))
            target = name
            for existing in aliases(journal, each):  # one step only: an alias of an alias
                if existing.alias == name.lower():
                    target = existing.name
            written = names_as_first_written(journal, each).get(target.lower())
            target = plan_spelling(journal, each, target) or written or target
            before = journal.execute(
                "SELECT value FROM settings WHERE key = ?",
                (_alias_key(Alias(each, alias.lower(), target)),),
            ).fetchone()
            replaced = before[0] if before and before[0].lower() != target.lower() else None
            made.append(Alias(each, alias.lower(), target, replaced))
            journal["settings"].upsert({"key": _alias_key(made[-1]), "value": target}, pk="key")
    return made


def remove_alias(journal: Journal, alias: str, kind: str | None = None) -> list[Alias]:
    alias = _clean(alias, "ALIAS")
    kinds = parse_named_kind(kind)
    gone = [a for a in aliases(journal) if a.alias == alias.lower() and a.kind in kinds]
    if not gone:
        raise InvalidInput(say(Msg.ALIAS_NOT_FOUND, alias=alias))
    with transaction(journal, undo=f"alias {alias} removed"):
        for each in gone:
            journal.execute("DELETE FROM settings WHERE key = ?", (_alias_key(each),))
    return gone
