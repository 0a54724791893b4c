"""Words for an app import: the closing line and the dry run (counts, dates, every mapping)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from painlog.formats.apps.common import AppImport
from painlog.formats.apps.daylio import mood_flags
from painlog.formats.landing import APP_NAMES, tally
from painlog.formats.sources import Merge
from painlog.messages import Msg, count, say


def _what(found: AppImport) -> str:
    counts = Counter(entry.kind for entry in found.entries)
    parts = [
        f"{number:,} {kind} {'entry' if number == 1 else 'entries'}"
        for kind, number in sorted(counts.items(), key=lambda pair: -pair[1])
    ]
    return ", ".join(parts) or "nothing new"


def skipped_rows(found: AppImport) -> str:
    """``1 Sleep row with no amount skipped, 2 Mood rows with no amount skipped``, then rows
    read and left out, with why."""
    return ", ".join(
        [
            say(Msg.SKIPPED_NO_AMOUNT, count=count(number, f"{category} row"))
            for category, number in sorted(found.skipped.items())
        ]
        + [
            say(Msg.LEFT_OUT_ROWS, count=count(number, "row"), why=why)
            for why, number in sorted(found.left_out.items())
        ]
    )


def closing_line(found: AppImport, merge: Merge) -> str:
    """What the file held, and what it did to the journal: new, updated, unchanged."""
    since, until = found.period() or ("–", "–")
    skipped = skipped_rows(found)
    return say(
        Msg.IMPORTED_APP,
        rows=f"{found.rows:,}",
        app=APP_NAMES[found.app],
        what=_what(found),
        since=since,
        until=until,
        # Said only when the person mapped labels (--map): "0 labels mapped" is noise.
        mapped=f"; {count(found.mapped_by_you(), 'label')} mapped by you"
        if found.mapped_by_you()
        else "",
        skipped=f": {tally(merge)}" + (f"; {skipped}" if skipped else ""),
    )


def dry_run_lines(found: AppImport, file: Path, merge: Merge | None) -> list[str]:
    since, until = found.period() or ("–", "–")
    lines = [
        f"Dry run: nothing was written. {APP_NAMES[found.app]} file {file}:",
        f"  {count(found.rows, 'row')} -> {_what(found)}, {since} to {until}.",
    ]
    if merge is not None:
        lines.append(f"  Against the journal: {tally(merge)}.")
    if found.skipped or found.left_out:
        lines.append(f"  {skipped_rows(found)}.")
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
