"""FOLDER/inbox.txt: lines typed anywhere (a phone's notes app, a shortcut, Termux) become entries.

Each line is what would follow ``painlog add``, optionally led by a time and ``;``. The line is
read by add's own grammar (``painlog.record.words``) and passes the gate (``painlog.record``)
with nobody to ask (``record.NOBODY``): the same checks, cautions and notes as ``add`` in a
script, and never a question (this module imports no command-line code). Every line read is taken in one undoable change and
moved to ``inbox-done.txt`` with its entry's id; a line that cannot be read stays, under a line
``# painlog: WHY``.

A line's identity is a digest of its text and how many identical lines came before it (in
inbox-done.txt and above it in inbox.txt), so the third "mood 4" of a week is not the first.
Taking a line writes a *claim* (the identity, a version, the entry's id) into this device's
changes. Two devices that take the same line before they exchange both make an entry; when the
claims meet, the lower version (the first taker, by the clock) keeps its entry and the other
device deletes its own, as a change of its own, so every device ends with one entry per line.
"""

from __future__ import annotations

import hashlib
import os
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from painlog.errors import PainlogError
from painlog.messages import Msg, say
from painlog.store import changes
from painlog.store.db import Journal, transaction

INBOX = "inbox.txt"
DONE = "inbox-done.txt"
MARK = "# painlog:"

# Given the words after ``painlog add`` and a time (or None), the entry ``add`` would make;
# raises PainlogError with add's own message for a line it refuses.
LineReader = Callable[[list[str], str | None], Any]


def gate_reader(journal: Journal) -> LineReader:
    """Read a line through the gate: add's grammar, validation, the plan's dose; nobody asked."""
    from dataclasses import replace as with_at

    from painlog import record

    def read(words: list[str], at: str | None) -> Any:
        draft = record.words.parse(words)
        if at is not None:
            draft = with_at(draft, at=at)
        return record.make(draft, journal, record.NOBODY)

    return read


@dataclass
class Line:
    text: str
    identity: str
    entry: Any = None
    why: str | None = None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _done_counts(done: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    if done.exists():
        for line in done.read_text(encoding="utf-8", errors="replace").splitlines():
            _, _, mark = line.rpartition(MARK)
            words = mark.split()
            if len(words) >= 2 and words[0] == "line":
                digest = words[1].rsplit(":", 1)[0]
                counts[digest] = counts.get(digest, 0) + 1
    return counts


def split_time(text: str) -> tuple[str | None, str]:
    """``"yesterday 9pm; mood 4"`` → ("yesterday 9pm", "mood 4"); no ``;`` → (None, text)."""
    head, semicolon, rest = text.partition(";")
    if semicolon and rest.strip() and not head.strip().startswith(("-", '"', "'")):
        words = head.split()
        if words and words[0].lower() not in _KINDS:
            return head.strip(), rest.strip()
    return None, text.strip()


_KINDS = {
    "pain",
    "sleep",
    "mood",
    "exercise",
    "medication",
    "med",
    "therapy",
    "side-effect",
    "note",
}


def read_line(text: str, reader: LineReader) -> tuple[Any, str | None]:
    """(the entry, None) or (None, why)."""
    at, command = split_time(text)
    try:
        words = shlex.split(command)
    except ValueError as error:
        return None, str(error)
    if not words:
        return None, Msg.SYNC_INBOX_EMPTY_LINE.value
    untimed = at is None and "--at" not in words
    try:
        entry = reader(words, at)
    except PainlogError as error:
        return None, error.message
    if untimed:
        from dataclasses import replace

        said = Msg.SYNC_INBOX_NO_TIME.value
        entry = replace(entry, note=f"{entry.note} ({said})" if entry.note else said)
    return entry, None


def _as_add_saves(journal: Journal, entry: Any, notes: list[str]) -> Any:
    """Save one inbox entry through the gate as ``add`` does in a script: its cautions
    answered by nobody and said, then the notes on the person's own limits."""
    from painlog import record

    saved = record.keep(journal, entry, record.NOBODY)
    notes += saved.notes + saved.limits
    return saved.entry


def take(journal: Journal, folder: Path, result: Any) -> None:
    """Take every readable line of FOLDER/inbox.txt (one undoable change)."""
    inbox, done = folder / INBOX, folder / DONE
    if not inbox.exists():
        return
    reader = gate_reader(journal)
    me = changes.device(journal)
    assert me is not None
    try:
        raw = inbox.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return
    counts = _done_counts(done)
    lines: list[Line] = []
    for text in raw:
        if not text.strip() or text.lstrip().startswith(MARK):
            continue  # a reason painlog wrote last time: written anew below
        if text.lstrip().startswith("#"):
            continue
        digest = _digest(text.strip())
        identity = f"{digest}:{counts.get(digest, 0)}"
        counts[digest] = counts.get(digest, 0) + 1
        lines.append(Line(text.rstrip("\n"), identity))
    if not lines and all(not t.strip() for t in raw):
        return
    claimed = {
        row[0]: row[1] for row in journal.execute("SELECT line, entry FROM _sync_inbox").fetchall()
    }
    new = [line for line in lines if line.identity not in claimed]
    for line in new:
        line.entry, line.why = read_line(line.text, reader)
    taken = [line for line in new if line.entry is not None]
    if taken:
        with transaction(journal, undo=say(Msg.SYNC_INBOX_UNDO, count=len(taken))):
            for line in taken:  # one by one, as add would: each line sees the ones before
                line.entry = _as_add_saves(journal, line.entry, result.warnings)
                version = changes.next_version(journal, changes.device(journal) or me)
                journal.execute(
                    "INSERT INTO _sync_inbox (line, version, entry, pending, moved) "
                    "VALUES (?, ?, ?, 1, 0)",
                    (line.identity, version, line.entry.id),
                )
                claimed[line.identity] = line.entry.id
        result.taken += [line.entry.id for line in taken]
    result.refused += sum(1 for line in new if line.why)
    _rewrite(inbox, done, lines, claimed, encrypted=journal.passphrase is not None)


def _rewrite(
    inbox: Path, done: Path, lines: list[Line], claimed: dict[str, Any], encrypted: bool
) -> None:
    """inbox.txt keeps the lines not taken (each refused one under its reason); the taken ones
    go to the end of inbox-done.txt (an encrypted journal's: their ids, not their text)."""
    moved = [line for line in lines if line.identity in claimed]
    kept: list[str] = []
    for line in lines:
        if line.identity in claimed:
            continue
        if line.why:
            kept.append(f"{MARK} {' '.join(line.why.split())}")
        kept.append(line.text)
    if moved:
        with done.open("a", encoding="utf-8") as handle:
            for line in moved:
                entry = claimed[line.identity] or "-"
                text = "" if encrypted else f"{line.text}  "
                handle.write(f"{text}{MARK} line {line.identity} entry {entry}\n")
    # Written beside and renamed: a phone appending meanwhile loses nothing it had synced.
    temporary = inbox.with_name(f".{inbox.name}.tmp")
    temporary.write_text("".join(f"{text}\n" for text in kept), encoding="utf-8")
    os.replace(temporary, inbox)
