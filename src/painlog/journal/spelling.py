"""How close a new spelling is to a known one: difflib's ratio, at 0.8 (``ibuprofin`` is
close to ``ibuprofen``). Its own module so that a caution about a pain place, or any check that
needs only this, does not load the name resolver (``names``)."""

from __future__ import annotations

import difflib

SIMILARITY = 0.8


def close_to(word: str, known: list[str]) -> str | None:
    """The known spelling ``word`` is probably a typo of, if any (never itself)."""
    lowered = {name.lower(): name for name in known}
    if word.lower() in lowered or not lowered:
        return None
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=SIMILARITY)
    return lowered[found[0]] if found else None
