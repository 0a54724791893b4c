"""The one clock: every "now" and "today" painlog uses comes from here.

Nothing else in painlog calls ``datetime.now()`` or ``date.today()``, so a test (or the demo)
that freezes this clock freezes all of painlog. Tests freeze it with time-machine, which also
moves the process's time zone, so a frozen moment carries its own DST rules.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def now() -> datetime:
    """Now, in the local offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def today() -> date:
    return now().date()


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
