"""Files painlog writes for the person (exports, reports, backups with ``-o``): owner-only,
whole or not at all, and only ever regular files.

Every ``-o`` goes through ``write_private_file`` (text or bytes) or ``private_destination``
(for writers that need a path, as SQLite's backup API does). A device node, FIFO, socket or
folder is refused before anything is read; a symlink is refused unless ``force`` (then the
file it points to is written, and the link kept); folders painlog creates are 0700. An
existing file is replaced only with ``force``; the journal in use, its companion files and
its backups are never written, even with ``force``.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

from painlog.errors import InvalidInput, PainlogError
from painlog.messages import Msg, say

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def private_folder(folder: Path) -> None:
    """Make ``folder`` and any missing parents, each one painlog creates 0700."""
    missing: list[Path] = []
    at = folder
    while not at.exists() and at != at.parent:
        missing.append(at)
        at = at.parent
    for path in reversed(missing):
        with suppress(FileExistsError):  # made meanwhile by another painlog
            path.mkdir(mode=0o700)
        os.chmod(path, 0o700)  # mkdir's mode passes through the umask
    if not folder.is_dir():
        raise PainlogError(say(Msg.OUTPUT_FOLDER_NOT_FOLDER, path=folder))


# The journals of the running command (its --db, and every journal opened), so that -o
# never writes over one of them: a CSV written onto the journal would destroy it.
_JOURNALS: set[Path] = set()
_COMPANIONS = ("-wal", "-shm", "-journal", ".lock", ".conversion", ".converting")


def protect_journal(path: Path | str, *, alone: bool = False) -> None:
    """Never let ``-o`` write onto the journal at ``path``, its companions or its backups;
    ``alone`` forgets the journals of an earlier command (a new command line starts)."""
    if alone:
        _JOURNALS.clear()
    _JOURNALS.add(Path(os.path.realpath(Path(path).expanduser())))


def _is_journal_file(path: Path) -> bool:
    real = Path(os.path.realpath(path))
    for journal in _JOURNALS:
        companions = {journal.name + end for end in _COMPANIONS}
        if real == journal or (real.parent == journal.parent and real.name in companions):
            return True
        backups = Path(os.path.realpath(journal.parent / "backups"))
        if real.is_relative_to(backups) or real.is_relative_to(journal.parent / "backups"):
            return True
        with suppress(OSError):  # a hard link, or a path realpath cannot see through
            if os.path.samefile(real, journal):
                return True
    return False


def checked_output(path: Path, force: bool = False) -> Path:
    """The regular file to write for ``-o path``: refuses what is not one, or would replace
    the journal (always) or an existing file (unless ``force``), in one line."""
    return _checked(path.expanduser(), follow=force, replace=force)


def _checked(path: Path, follow: bool, replace: bool) -> Path:
    if _is_journal_file(path):
        raise InvalidInput(say(Msg.OUTPUT_IS_JOURNAL, path=path))
    try:
        details = path.lstat()
    except FileNotFoundError:
        return path
    except OSError as error:
        raise PainlogError(say(Msg.OUTPUT_UNWRITABLE, path=path, reason=_reason(error))) from None
    if stat.S_ISLNK(details.st_mode):
        if not follow:
            raise InvalidInput(say(Msg.OUTPUT_SYMLINK, path=path))
        target = Path(os.path.realpath(path))
        if target.is_symlink():  # a loop: realpath gave up
            raise InvalidInput(say(Msg.OUTPUT_NOT_REGULAR, path=path, what="a symlink loop"))
        return _checked(target, follow=False, replace=replace)
    for test, what in _KINDS:
        if test(details.st_mode):
            raise InvalidInput(say(Msg.OUTPUT_NOT_REGULAR, path=path, what=what))
    if not replace:
        raise InvalidInput(say(Msg.OUTPUT_EXISTS, path=path))
    return path


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


@contextmanager
def private_destination(path: Path, force: bool = False) -> Iterator[Path]:
    """A temporary path beside ``path`` (0600) to write; renamed over ``path`` when the block
    ends without an error, deleted otherwise. Yields the temporary path."""

    target = checked_output(path, force)
    try:
        private_folder(target.parent)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as error:
        raise PainlogError(say(Msg.OUTPUT_UNWRITABLE, path=target, reason=_reason(error))) from None
    os.close(descriptor)
    os.chmod(temporary, 0o600)
    try:
        yield Path(temporary)
        _checked(target, follow=False, replace=force)  # nothing became a FIFO or link meanwhile
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise PainlogError(say(Msg.OUTPUT_DISK_FULL, path=target)) from None
        raise PainlogError(say(Msg.OUTPUT_UNWRITABLE, path=target, reason=_reason(error))) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_private_file(path: Path, fill: Callable[[TextIO], int], force: bool = False) -> int:
    """Write ``path`` owner-only and atomically (a failed export never leaves half a file);
    ``fill`` writes the text and returns what it counted."""
    # The file is closed (inner context) before it is renamed over ``path`` (outer).
    with (
        private_destination(path, force) as temporary,
        open(temporary, "w", encoding="utf-8", newline="") as handle,
    ):
        count = fill(handle)
        handle.flush()
        os.fsync(handle.fileno())
    return count


def write_private_bytes(path: Path, content: bytes, force: bool = False) -> None:
    """``write_private_file`` for bytes (PDF, age-encrypted files)."""
    with private_destination(path, force) as temporary, open(temporary, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
