"""Words for an app import: the closing line and the dry run (counts, dates, every mapping)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from painlog.formats.apps.common import AppImport
from painlog.formats.apps.daylio import mood_flags
from painlog.messages import Msg, count, say

APP_NAMES = {"daylio": "Daylio", "bearable": "Bearable"}


def _what(found: AppImport, leave_out: set[str] = frozenset()) -> str:  # type: ignore[assignment]
    counts = Counter(entry.kind for entry in found.entries if entry.id not in leave_out)
    parts = [
        f"{number:,} {kind} {'entry' if number == 1 else 'entries'}"
        for kind, number in sorted(counts.items(), key=lambda pair: -pair[1])
    ]
    return ", ".join(parts) or "nothing new"


def closing_line(found: AppImport, already: set[str]) -> str:
    """What was added; entries already in the journal (an earlier import) are counted apart."""
    since, until = found.period() or ("–", "–")
    skipped = sum(entry.id in already for entry in found.entries)
    return say(
        Msg.IMPORTED_APP,
        rows=f"{found.rows:,}",
        app=APP_NAMES[found.app],
        what=_what(found, already),
        since=since,
        until=until,
        mapped=count(found.mapped_by_you(), "label"),
        skipped=f"; {skipped:,} already in the journal" if skipped else "",
    )


def dry_run_lines(found: AppImport, file: Path, already: int) -> list[str]:
    since, until = found.period() or ("–", "–")
    lines = [
        f"Dry run: nothing was written. {APP_NAMES[found.app]} file {file}:",
        f"  {found.rows:,} rows -> {_what(found)}, {since} to {until}.",
    ]
    if already:
        lines.append(f"  {already:,} of them are already in the journal and would be skipped.")
    if found.mappings:
        lines.append("How labels map:")
        for label, (becomes, source) in sorted(found.mappings.items(), key=lambda p: p[0].lower()):
            lines.append(f"  {label} -> {becomes} ({source})")
    if found.unmapped:
        labels = sorted(found.unmapped, key=str.lower)
        lines.append("Still need a value on the 0-10 mood scale (the import stops without them):")
        for label in labels:
            lines.append(f"  {label} ({count(found.unmapped[label], 'row')})")
        lines.append(f"  add: {mood_flags(labels)}")
    return lines
