"""Words for shell completion, from the person's own journal (read-only; never creates one,
never fails loudly). Imported when the commands are defined, so it imports nothing heavy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from painlog.store import suggestions

KINDS = ("pain", "sleep", "mood", "exercise", "medication", "med", "therapy", "side-effect",
         "note", "symptom", "factor")  # fmt: skip
# SPEC.md "Symptoms and factors": the ESAS-r symptoms, then the others people with chronic pain
# most often name; offered after the person's own names.
STARTER_SYMPTOMS = ("tiredness", "drowsiness", "nausea", "lack of appetite",
                    "shortness of breath", "depression", "anxiety", "wellbeing", "stiffness",
                    "brain fog", "dizziness", "numbness", "headache", "swelling")  # fmt: skip


def _rows(ctx: Any, sql: str, params: tuple = ()) -> list[str]:
    """Rows of a read-only query on the journal (``--db`` if typed, else the usual one)."""
    from painlog.store.suggestions import rows

    root = ctx.find_root() if ctx is not None else None
    return rows(root.params.get("db") if root is not None else None, sql, params)


def _matching(words: list[str], incomplete: str) -> list[str]:
    """Words starting with what was typed, in any case; the typed start is kept as typed
    (typer keeps only completions that start with it, and names match in any case)."""
    typed = incomplete.lower()
    return [
        incomplete + word[len(incomplete) :] for word in words if word.lower().startswith(typed)
    ]


def names(kind: str, starters: tuple[str, ...] = ()) -> Callable[..., list[str]]:
    """The person's names of ``kind``, most used first, then ``starters`` they have not used."""

    def complete(ctx: Any, incomplete: str) -> list[str]:
        own = _rows(ctx, suggestions.NAMES, (kind,))
        known = {name.lower() for name in own}
        return _matching([*own, *(word for word in starters if word not in known)], incomplete)

    return complete


def places(ctx: Any, incomplete: str) -> list[str]:
    return _matching(_rows(ctx, suggestions.PLACES), incomplete)


def tags(ctx: Any, incomplete: str) -> list[str]:
    return _matching(_rows(ctx, suggestions.TAGS), incomplete)


def recent_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    found = []
    for row in _rows(ctx, suggestions.RECENT_IDS):
        entry_id, _, what = row.partition("\x1f")
        if entry_id.startswith(incomplete.lower()):
            found.append((entry_id[:8], what))
    return found


def kinds(incomplete: str) -> list[str]:
    return _matching(list(KINDS), incomplete)


def plan_items(ctx: Any, incomplete: str) -> list[str]:
    return _matching(_rows(ctx, suggestions.PLAN_ITEMS), incomplete)
