"""FOLDER/inbox.txt: lines typed anywhere (a phone's notes app, a shortcut, Termux) become entries.

Each line is what would follow ``painlog add``, optionally led by a time and ``;``. The line is
read by add's own grammar (``painlog.record.words``) and passes the gate (``painlog.record``)
with nobody to ask (``record.NOBODY``): the same checks, cautions and notes as ``add`` in a
script, and never a question (this module imports no command-line code). Every line read is
taken in one undoable change and moved to ``inbox-done.txt`` with its entry's id; a line that cannot be read stays, under a line
``# painlog: WHY``; the person's own ``#`` lines stay as they are.

Never a lost line, each taken once (docs/sync.md "The inbox"):

1. *Claim.* inbox.txt (and each conflicted copy a sync service made of it) is first renamed to
   a private name of this device, ``.painlog-inbox-<device>-new-<random>.txt``: a line appended
   after that goes into a new inbox.txt, read at the next exchange, never into a file being
   rewritten. The claimed file is then renamed to ``.painlog-inbox-<device>-<K>.txt``, K being a
   digest of what it held and when it was last written: two devices that claim the same
   inbox.txt give its lines the same identities, so the claims they exchange find each other.
2. *Take.* A line's identity is K, the digest of its text and how many identical lines came
   before it in that file. The entries and the identities of the lines they came from are
   committed in one transaction: a kill before it leaves nothing done, a kill after it leaves
   lines whose identities the journal holds, so the next exchange moves them and takes them
   no second time.
3. *Put back.* What stays (the person's ``#`` lines, refused lines under their reason, bytes
   that are not UTF-8, over-long lines) replaces the claimed file's contents atomically, and
   that file is linked back as inbox.txt only if no new inbox.txt appeared meanwhile;
   otherwise the new one is claimed too and both are put back as one.

Lines are split on ``\\n`` only (U+2028 and other Unicode breaks belong to a line), and every
step is linear in the file's size: a line over 4,096 characters is recognised by its length
before any parser sees it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shlex
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from dataclasses import replace as with_at
from pathlib import Path
from typing import Any

from painlog import clock
from painlog.errors import PainlogError
from painlog.messages import Msg, say
from painlog.store import changes
from painlog.store.db import Journal, transaction
from painlog.sync import folder as files

INBOX = "inbox.txt"
DONE = "inbox-done.txt"
MARK = "# painlog:"
CLAIM = ".painlog-inbox-"
LINE_LIMIT = 4096  # characters (SPEC)
ROUNDS = 4  # claim/put-back rounds in one exchange while a phone keeps writing a new inbox.txt
# How far back a conflicted copy's lines are compared with lines taken already (a copy holds
# the lines both versions of the file shared, most of them taken from the other version).
CONFLICT_WINDOW_MILLIS = 30 * 24 * 3600 * 1000
# Syncthing: inbox.sync-conflict-20261201-101500-ABCDEFG.txt; Nextcloud: inbox (conflicted
# copy 2026-12-01 101500).txt; Dropbox: inbox (Sam's conflicted copy 2026-12-01).txt.
_CONFLICT = re.compile(
    r"inbox\.sync-conflict-[0-9A-Za-z-]{1,80}\.txt|inbox \([^()/]{0,120}conflicted copy[^()/]{0,80}\)\.txt",
    re.IGNORECASE,
)

# Given the words after ``painlog add`` and a time (or None), the entry ``add`` would make;
# raises PainlogError with add's own message for a line it refuses.
LineReader = Callable[[list[str], str | None], Any]


def gate_reader(journal: Journal) -> LineReader:
    """Read a line through the gate: add's grammar, validation, the plan's dose; nobody asked."""

    from painlog import record  # lazy: the record gate only for a peer's rows

    def read(words: list[str], at: str | None) -> Any:
        draft = record.words.parse(words)
        if at is not None:
            draft = with_at(draft, at=at)
        return record.make(draft, journal, record.NOBODY)

    return read


@dataclass
class Line:
    raw: bytes  # as in the file, without its \n
    text: str | None  # None: not UTF-8
    identity: str
    kind: str  # "entry" (to read), "own" (the person's # line), "bad" (kept with a reason)
    entry: Any = None
    why: str | None = None


@dataclass
class Claimed:
    path: Path
    key: str
    conflict: bool
    mtime_millis: int
    lines: list[Line] = field(default_factory=list)
    size: int = 0  # bytes read: a file that grew since was appended to through an old handle


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


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
        said = Msg.SYNC_INBOX_NO_TIME.value
        entry = replace(entry, note=f"{entry.note} ({said})" if entry.note else said)
    return entry, None


def _as_add_saves(journal: Journal, entry: Any, notes: list[str]) -> Any:
    """Save one inbox entry through the gate as ``add`` does in a script: its cautions
    answered by nobody and said, then the notes on the person's own limits."""
    from painlog import record  # lazy: the record gate only for a peer's rows

    saved = record.keep(journal, entry, record.NOBODY)
    notes += saved.notes + saved.limits
    return saved.entry


# --- the files -----------------------------------------------------------------------------------


def _is_source(name: str) -> bool:
    return name == INBOX or bool(_CONFLICT.fullmatch(name))


def _mine(folder: Path, me: str) -> list[Path]:
    prefix = f"{CLAIM}{me}-"
    return sorted(
        Path(entry.path)
        for entry in os.scandir(folder)
        if entry.name.startswith(prefix) and entry.name.endswith(".txt")
    )


def _claim_sources(folder: Path, me: str, refused: list[tuple[str, str]]) -> None:
    """Rename inbox.txt and its conflicted copies to private names of this device (a link, a
    special file or an over-large file is listed and left where it is)."""
    for entry in sorted(os.scandir(folder), key=lambda e: (e.name != INBOX, e.name)):
        if not _is_source(entry.name):
            continue
        why = files.is_link_or_special(Path(entry.path))
        if why is None and entry.stat(follow_symlinks=False).st_size > files.INBOX_LIMIT:
            why = say(Msg.SYNC_REFUSED_SIZE, limit="4 MB")
        if why:
            refused.append((entry.name, why))
            continue
        tag = "c" if entry.name != INBOX else "i"
        target = folder / f"{CLAIM}{me}-new-{tag}{secrets.token_hex(6)}.txt"
        with contextlib.suppress(FileNotFoundError):  # taken by a sync service meanwhile
            os.rename(entry.path, target)


def _settle_names(folder: Path, me: str, refused: list[tuple[str, str]]) -> list[Claimed]:
    """Every claimed file of this device, named by its key (a ``-new-`` one is renamed now)."""
    found: list[Claimed] = []
    inodes: set[tuple[int, int]] = set()
    for path in _mine(folder, me):
        try:
            seen = os.lstat(path)
        except OSError:
            continue
        if (seen.st_dev, seen.st_ino) in inodes:  # put back and killed before the unlink
            os.unlink(path)
            continue
        inodes.add((seen.st_dev, seen.st_ino))
        try:
            data = files.read_regular(path, files.INBOX_LIMIT)
            stamp = os.stat(path, follow_symlinks=False).st_mtime_ns
        except files.Refused as refusal:
            refused.append((path.name, refusal.reason))
            continue
        except OSError:
            continue
        rest = path.name[len(f"{CLAIM}{me}-") : -len(".txt")]
        if rest.startswith("new-"):
            conflict = rest[4] == "c"
            key = _digest(data + str(stamp // 10**9).encode()) + ("c" if conflict else "")
            settled = folder / f"{CLAIM}{me}-{key}.txt"
            if os.path.lexists(settled):  # the same bytes at the same second: another name
                key += secrets.token_hex(2)
                settled = folder / f"{CLAIM}{me}-{key}.txt"
            os.rename(path, settled)
            path = settled
        else:
            key = rest
        claimed = Claimed(path, key, key.endswith("c"), stamp // 10**6, size=len(data))
        claimed.lines = _lines(data, key)
        found.append(claimed)
    return found


def _lines(data: bytes, key: str) -> list[Line]:
    """The lines of a claimed file, split on \\n only, each with its identity; linear."""
    pieces = data.split(b"\n")
    if pieces and pieces[-1] == b"":
        pieces.pop()
    seen: dict[str, int] = {}
    lines: list[Line] = []
    for raw in pieces:
        body = raw[:-1] if raw.endswith(b"\r") else raw
        digest = _digest(body.strip())
        number = seen.get(digest, 0)
        seen[digest] = number + 1
        identity = f"{key}:{digest}:{number}"
        if len(body) > 4 * LINE_LIMIT:  # longer in characters too (UTF-8 is ≤ 4 bytes each)
            lines.append(Line(raw, None, identity, "bad", why=Msg.SYNC_INBOX_TOO_LONG.value))
            continue
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            lines.append(Line(raw, None, identity, "bad", why=Msg.SYNC_INBOX_NOT_UTF8.value))
            continue
        stripped = text.strip()
        if not stripped or stripped.startswith(MARK):
            continue  # blank, or a reason painlog wrote last time (written anew)
        if len(text) > LINE_LIMIT:
            lines.append(Line(raw, text, identity, "bad", why=Msg.SYNC_INBOX_TOO_LONG.value))
        elif stripped.startswith("#"):
            lines.append(Line(raw, text, identity, "own"))
        else:
            lines.append(Line(raw, text, identity, "entry"))
    return lines


def waiting(folder: Path, me: str) -> int | None:
    """Lines in inbox.txt, its conflicted copies and this device's claimed files not yet put
    back that the next exchange would read (a refused line stays, and is counted, until the
    person mends or removes it); None when one of them cannot be read (too big, a link)."""
    total = 0
    for entry in os.scandir(folder) if folder.is_dir() else []:
        if not (_is_source(entry.name) or entry.name.startswith(f"{CLAIM}{me}-")):
            continue  # another device's claimed file is that device's to take
        try:
            data = files.read_regular(Path(entry.path), files.INBOX_LIMIT)
        except (OSError, files.Refused):
            return None
        total += sum(1 for line in _lines(data, "") if line.kind == "entry")
    return total


# --- taking --------------------------------------------------------------------------------------


def take(journal: Journal, folder: Path, result: Any) -> None:
    """Take every readable line of FOLDER/inbox.txt and its conflicted copies (one undoable
    change per round), move them to inbox-done.txt and put back what stays."""
    me = changes.device(journal)
    assert me is not None
    refused: list[tuple[str, str]] = []
    for stale in folder.glob(f"{CLAIM}{me.id}-tmp-*.tmp"):  # left by a kill (this device's only)
        with contextlib.suppress(OSError):
            os.unlink(stale)
    for _ in range(ROUNDS):
        _claim_sources(folder, me.id, refused)
        claimed = _settle_names(folder, me.id, refused)
        if not claimed:
            break
        _take_lines(journal, claimed, result)
        _move_done(journal, folder, claimed, refused)
        if _put_back(folder, claimed):
            break
    _save_refusals(journal, refused)


def _take_lines(journal: Journal, claimed: list[Claimed], result: Any) -> None:
    reader = gate_reader(journal)
    taken_before = {
        row[0]: row[1] for row in journal.execute("SELECT line, entry FROM _sync_inbox")
    }
    lines = [line for file in claimed for line in file.lines]
    new = [line for line in lines if line.kind == "entry" and line.identity not in taken_before]
    already = _already_taken(journal, claimed, taken_before)
    for line in new:
        if line.identity not in already:
            line.entry, line.why = read_line(line.text or "", reader)
    taken = [line for line in new if line.entry is not None]
    if not taken and not already:
        result.refused += sum(1 for line in lines if line.why)
        return
    me = changes.device(journal)
    assert me is not None
    undo = say(Msg.SYNC_INBOX_UNDO, count=len(taken)) if taken else None
    with transaction(journal, undo=undo):
        for line in taken:  # one by one, as add would: each line sees the ones before
            line.entry = _as_add_saves(journal, line.entry, result.warnings)
            version = changes.next_version(journal, changes.device(journal) or me)
            journal.execute(
                "INSERT INTO _sync_inbox (line, version, entry, pending, moved) "
                "VALUES (?, ?, ?, 1, 0)",
                (line.identity, version, line.entry.id),
            )
        for identity in already:  # recorded, so a kill now does not take them later
            journal.execute(
                "INSERT OR IGNORE INTO _sync_inbox (line, version, entry, pending, moved) "
                "VALUES (?, ?, NULL, 0, 0)",
                (identity, changes.next_version(journal, changes.device(journal) or me)),
            )
    result.taken += [line.entry.id for line in taken]
    result.refused += sum(1 for line in lines if line.why)


def _already_taken(
    journal: Journal, claimed: list[Claimed], taken_before: dict[str, Any]
) -> set[str]:
    """Lines of conflicted copies that repeat lines taken already from another file (as many
    of each text as were taken in the weeks before the copy was made, from other files)."""
    found: set[str] = set()
    for file in claimed:
        if not file.conflict:
            continue
        since = f"{max(0, file.mtime_millis - CONFLICT_WINDOW_MILLIS):013d}"
        counts: dict[str, int] = {}
        for (identity,) in journal.execute(
            "SELECT line FROM _sync_inbox WHERE version >= ?", (since,)
        ):
            parts = identity.split(":")
            if len(parts) == 3 and parts[0] != file.key:
                counts[parts[1]] = counts.get(parts[1], 0) + 1
        for line in file.lines:
            digest = line.identity.split(":")[1]
            if line.kind == "entry" and line.identity not in taken_before and counts.get(digest):
                counts[digest] -= 1
                found.add(line.identity)
                line.why = None
    return found


def _open_done(path: Path) -> int:
    """inbox-done.txt for appending: never through a link, owner-only whatever the umask."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags, 0o600)
    except OSError as error:
        raise files.Refused(Msg.SYNC_REFUSED_LINK.value) from error

    found = os.fstat(descriptor)
    if not stat.S_ISREG(found.st_mode):
        os.close(descriptor)
        raise files.Refused(Msg.SYNC_REFUSED_SPECIAL.value)
    if found.st_uid == os.getuid():
        os.fchmod(descriptor, 0o600)
    return descriptor


def _move_done(
    journal: Journal, folder: Path, claimed: list[Claimed], refused: list[tuple[str, str]]
) -> None:
    """Lines taken (and not yet moved) go to the end of inbox-done.txt with their entry's id
    (an encrypted journal's: the identity and id only, never the text). An inbox-done.txt
    painlog will not write (a link, a special file) is listed in ``refused``; the lines stay
    to be recorded at a later exchange."""
    moved = {
        row[0]: row[1]
        for row in journal.execute("SELECT line, entry FROM _sync_inbox WHERE NOT moved")
    }
    encrypted = journal.passphrase is not None
    out: list[str] = []
    done_now: list[str] = []
    for file in claimed:
        for line in file.lines:
            if line.identity in moved:
                entry = moved[line.identity] or Msg.SYNC_INBOX_ALREADY_TAKEN.value
                text = "" if encrypted else f"{line.text}  "
                out.append(f"{text}{MARK} line {line.identity} entry {entry}\n")
                done_now.append(line.identity)
    if not out:
        return
    try:
        descriptor = _open_done(folder / DONE)
    except files.Refused as refusal:
        # inbox-done.txt is only a record: the journal holds what was taken. Said, not silent.
        refused.append((DONE, refusal.reason))
        return
    try:
        os.write(descriptor, "".join(out).encode("utf-8"))
    finally:
        os.close(descriptor)
    with transaction(journal):
        journal.conn.executemany(
            "UPDATE _sync_inbox SET moved = 1 WHERE line = ?", [(i,) for i in done_now]
        )


def _put_back(folder: Path, claimed: list[Claimed]) -> bool:
    """What stays goes back to inbox.txt (an empty inbox.txt when nothing does, for the
    phone's shortcut to append to); False when a new inbox.txt appeared meanwhile (it is
    claimed in the next round, and everything is put back as one)."""
    kept: list[bytes] = []
    for file in claimed:
        for line in file.lines:
            if line.kind == "entry" and line.why is None:
                continue  # taken (or already taken): moved to inbox-done.txt
            if line.why:
                kept.append(f"{MARK} {' '.join(line.why.split())}".encode())
            kept.append(line.raw)
    for file in claimed:  # a writer that opened inbox.txt before the rename wrote after it
        try:
            grown = os.lstat(file.path).st_size != file.size
        except OSError:
            grown = False
        if grown:
            return False  # read again in the next round: nothing it holds is lost
    first = claimed[0].path
    _rewrite(first, kept)
    for file in claimed[1:]:  # their lines are in the first now
        with contextlib.suppress(FileNotFoundError):
            os.unlink(file.path)
    try:
        os.link(first, folder / INBOX)  # only if no inbox.txt is there: never over the phone's
    except FileExistsError:
        return False
    with contextlib.suppress(FileNotFoundError):
        os.unlink(first)
    return True


def _rewrite(path: Path, kept: list[bytes]) -> None:
    """Replace a claimed file's contents at once (a kill leaves the old or the new). The
    identities of lines kept cannot meet those of lines taken from the same file: a line
    kept and a line taken never have the same text (the same text reads the same way in one
    exchange), and # lines and unreadable ones are never claimed."""
    head = b""
    me = path.name[len(CLAIM) :].split("-", 1)[0]
    descriptor, temporary = files.create_private(path.parent, f"{CLAIM}{me}-tmp-")
    try:
        os.write(descriptor, head + b"".join(raw + b"\n" for raw in kept))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(temporary, path)


def _save_refusals(journal: Journal, refused: list[tuple[str, str]]) -> None:
    now = clock.utc_now().isoformat(timespec="seconds")
    with transaction(journal):
        journal.execute("DELETE FROM _sync_refused WHERE device = ''")
        journal.conn.executemany(
            "INSERT OR REPLACE INTO _sync_refused (device, file, what, reason, found_at) "
            "VALUES ('', ?, '', ?, ?)",
            [(name[:120], why, now) for name, why in refused],
        )
