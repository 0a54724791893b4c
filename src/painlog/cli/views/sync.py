"""``painlog sync --status`` as plain lines that fit 80 columns."""

from __future__ import annotations

import json
import shutil
import textwrap
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import typer

from painlog.journal.entries import LIST_FIELDS
from painlog.messages import Msg, visible

if TYPE_CHECKING:
    from painlog.sync.engine import Status


def _when(version: str) -> str:
    """A version's clock reading as a UTC time a person can read."""

    millis = int(version.split(".", 1)[0])
    return datetime.fromtimestamp(millis / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S")


def show_status(state: Status) -> None:
    width = min(80, max(40, shutil.get_terminal_size((80, 24)).columns))

    def say_line(text: str) -> None:  # long paths and names wrap too: nothing passes 80 columns
        for line in textwrap.wrap(text, width, subsequent_indent="    ") or [""]:
            typer.echo(line)

    say_line(f"Folder: {state.folder}")
    typer.echo("Devices:")
    for peer in state.peers:
        who = f"  {peer.device}"
        if peer.name:
            who += f"  {visible(peer.name[:24])}"
        if peer.this_one:
            who += "  (this device)"
        last = (peer.wrote_at or "never").replace("T", " ").replace("+00:00", " UTC")
        say_line(f"{who}  last wrote {last}")
        say_line(
            f"    entries: {peer.added:,} added, {peer.changed:,} changed, {peer.deleted:,} deleted"
        )
    typer.echo(f"Changes waiting here: {state.waiting}")
    lines = (
        "not known (inbox.txt not read: see below)"
        if state.inbox_lines is None
        else (f"{state.inbox_lines:,}")
    )
    typer.echo(f"Lines waiting in inbox.txt: {lines}")
    if state.held:
        typer.echo(Msg.SYNC_STATUS_HELD.value.format(count=len(state.held)))
        for held in state.held:
            when = _when(held.version)
            say_line(f"  {held.table} {visible(held.key[:8])} by {held.device[:8]}: "
                     + Msg.SYNC_HELD_AHEAD.value.format(when=when))  # fmt: skip
    if state.refused:
        typer.echo(Msg.SYNC_STATUS_REFUSED.value.format(count=len(state.refused)))
        for refusal in state.refused:
            where = "/".join(visible(part) for part in (refusal.device[:16], refusal.file) if part)
            say_line(f"  {where}: {visible(refusal.reason)}")
    if not state.conflicts:
        typer.echo(Msg.SYNC_STATUS_NONE.value)
        return
    # Concurrent changes (neither device had read the other's): Loro's order picks the same
    # winner everywhere, which need not be the later by the clocks shown (SPEC "Many devices").
    say_line(Msg.SYNC_STATUS_CONFLICTS.value.format(count=len(state.conflicts)))
    for conflict in state.conflicts:
        kept = (
            "deleted"
            if conflict.loser_values is None
            else json.dumps(
                {
                    k: _listed(k, v)
                    for k, v in conflict.loser_values.items()
                    if v not in (None, "") and k != "id"
                },
                ensure_ascii=False,
            )
        )
        head = (
            f"  {conflict.table} {conflict.key[:8]}: the change of {_when(conflict.winner)} "
            f"UTC by {conflict.winner[-16:][:8]} won over {_when(conflict.loser)} by "
            f"{conflict.loser[-16:][:8]}"
        )
        for line in textwrap.wrap(head, width, subsequent_indent="    "):
            typer.echo(line)
        for line in textwrap.wrap(f"kept: {visible(kept)}", width, initial_indent="    ",
                                  subsequent_indent="    "):  # fmt: skip
            typer.echo(line)


def _listed(field: str, value: object) -> object:
    """A list field as the journal stores it (JSON text: '["knee"]') shown as the list; any
    other field (a note that starts with "[") as it is."""
    if field in LIST_FIELDS and isinstance(value, str):
        try:
            found = json.loads(value)
        except ValueError:
            return value
        if isinstance(found, list) and all(isinstance(item, str) for item in found):
            return found
    return value
