"""Who answers the gate's cautions: a small protocol, and the two answerers that need nobody.

The gate finds cautions (``painlog.journal.cautions``) and asks an ``Answers`` what to do with
each. The person at a terminal answers through the command line's own ``Answers`` (it asks,
with a safe default); here are the two that never ask:

- ``NOBODY`` — nobody can be asked (a script, an inbox line, ``--no-input``): the entry is saved
  as typed, except a new name close to a plan name, saved with the plan's spelling (SPEC
  "Names": plan names are the reference); every caution becomes a ``Note:``. A dose typed with
  no amount and a name close to a plan medicine is refused with the question (nothing saved).
- ``KEEP_AS_WRITTEN`` — an import: a file is not a person, so every name is kept as the file
  has it and each new name close to a known spelling gets a ``Note:``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

from painlog.journal.cautions import Caution, saved_as_typed, unattended
from painlog.journal.entries import Entry


@dataclass(frozen=True)
class Answer:
    """What to save after one caution: ``entry`` (None: the person cancelled; nothing is
    saved), the ids a replacement deletes, and the ``Note:`` to say, if any."""

    entry: Entry | None
    replaces: tuple[str, ...] = ()
    note: str | None = None


class Answers(Protocol):
    """One method per kind of question the gate can have."""

    def name(self, caution: Caution, entry: Entry) -> Answer:
        """A name (or pain place) close to a known spelling (``caution.kind == "name"``)."""
        ...

    def caution(self, caution: Caution, entry: Entry) -> Answer:
        """A second sleep for a night (``"sleep"``: replace, nap or cancel), the same medicine
        again soon (``"dose-again"``), a dose far larger than before (``"dose-size"``)."""
        ...

    def planned_dose(self, typed: str, suggestion: str, dose: str) -> bool:
        """``add med NAME`` with no dose, NAME close to plan medicine ``suggestion`` whose
        dose today is ``dose``: True logs ``suggestion`` at that dose; False refuses."""
        ...


def with_suggestion(entry: Entry, caution: Caution) -> Entry:
    """``entry`` with the known spelling a name caution suggests (its name or one place)."""
    if caution.field == "name":
        return replace(entry, name=caution.suggestion)
    typed = (caution.field or "").split(":", 1)[1]
    return replace(entry, location=tuple(
        caution.suggestion or place if place == typed else place for place in entry.location
    ))  # fmt: skip


class NobodyToAsk:
    """Scripts, the inbox, sync: nobody to ask; each caution settled and said as a Note."""

    def name(self, caution: Caution, entry: Entry) -> Answer:
        kept, note = unattended(entry, caution)
        return Answer(kept, note=note)

    def caution(self, caution: Caution, entry: Entry) -> Answer:
        kept, note = unattended(entry, caution)
        return Answer(kept, note=note)

    def planned_dose(self, typed: str, suggestion: str, dose: str) -> bool:
        return False


class KeepAsWritten(NobodyToAsk):
    """Imports: names as the file has them, each close one with a Note."""

    def name(self, caution: Caution, entry: Entry) -> Answer:
        return Answer(entry, note=saved_as_typed(caution))


NOBODY = NobodyToAsk()
KEEP_AS_WRITTEN = KeepAsWritten()
