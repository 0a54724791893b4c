"""The journal's own lock: every painlog that opens a journal holds it shared, and
``encrypt``/``decrypt`` hold it exclusively from their first read to their last rename.

SQLite's locks cannot do this: a painlog waiting on them holds the OLD file open, and would
write to it after the conversion renamed the new one into its place (a write reported as saved
and lost). So the lock lives in a file of its own beside the real journal (``<journal>.lock``,
0600, empty, left in place), taken with ``flock`` before the journal is opened. Others wait up to
the busy timeout, then fail in one line. Where ``fcntl`` does not exist (Windows) there is no
lock, and docs/data-safety.md says to close other painlog commands before converting.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from painlog.errors import PainlogError
from painlog.messages import Msg, say
from painlog.store.db import busy_timeout

LOCK_SUFFIX = ".lock"
_POLL_SECONDS = 0.02


def lock_path(journal: Path) -> Path:
    """The lock of the real file: a symlink and its target share one."""
    real = journal.resolve()
    return real.with_name(real.name + LOCK_SUFFIX)


class JournalLock:
    """A held lock; ``release()`` (or the end of the process) lets others in."""

    def __init__(self, descriptor: int) -> None:
        self.descriptor: int | None = descriptor

    def release(self) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)  # closing the descriptor releases the flock
            self.descriptor = None

    def __del__(self) -> None:
        self.release()


def acquire(journal: Path, exclusive: bool = False) -> JournalLock | None:
    """Hold the journal's lock (waiting up to the busy timeout); None where there can be none
    (no ``fcntl``, or a read-only folder without a lock file: nothing can convert it there)."""
    try:
        import fcntl
    except ImportError:
        return None
    path = lock_path(journal)
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        if exclusive:
            raise
        try:
            descriptor = os.open(path, os.O_RDONLY)
        except OSError:
            return None
    mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
    deadline = time.monotonic() + busy_timeout()
    while True:
        try:
            fcntl.flock(descriptor, mode)
            return JournalLock(descriptor)
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(descriptor)
                raise PainlogError(
                    say(Msg.JOURNAL_BUSY, path=journal, seconds=f"{busy_timeout():g}")
                ) from None
            time.sleep(_POLL_SECONDS)
        except OSError:  # a filesystem without flock: no lock rather than no journal
            os.close(descriptor)
            return None
