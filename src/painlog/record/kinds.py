"""What the gate needs to know about each kind, in one table.

A kind's value rule is ``painlog.journal.entries.make_entry`` (one rule per kind, the same for
every route); this table says which of the gate's checks apply to it. A new kind registers one
``KindRule`` (``register``) and every route — add, checkin, edit, import, inbox, sync — checks
it the same way, with no new pipeline code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindRule:
    kind: str
    named: bool = False  # its name is checked against the known spellings (SPEC "Names")
    places: bool = False  # its places (``location``) are checked against known places
    dosed: bool = False  # a dose: the plan's dose when none is typed, dose cautions, limit notes
    night: bool = False  # a night's sleep: a second one for the same night is asked about


RULES: dict[str, KindRule] = {}


def register(rule: KindRule) -> KindRule:
    """Add (or replace) a kind's rule; returns it."""
    RULES[rule.kind] = rule
    return rule


def rule_for(kind: str) -> KindRule:
    """The kind's rule; a kind nobody registered gets only the value rule."""
    return RULES.get(kind) or KindRule(kind)


for _rule in (
    KindRule("pain", places=True),
    KindRule("sleep", night=True),
    KindRule("mood"),
    KindRule("exercise", named=True),
    KindRule("medication", named=True, dosed=True),
    KindRule("therapy", named=True),
    KindRule("side-effect", named=True),
    KindRule("note"),
    KindRule("steps"),
    KindRule("heart-rate"),
):
    register(_rule)
