"""The one clock: every "now" and "today" painlog uses comes from here.

Nothing else in painlog calls ``datetime.now()`` or ``date.today()``, so a test (or the demo)
that freezes this clock freezes all of painlog. Tests freeze it with time-machine, which also
moves the process's time zone, so a frozen moment carries its own DST rules.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

# The names people give the days of the week, and each one's number (Monday 0).
WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}


def now() -> datetime:
    """Now, in the local offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def today() -> date:
    return now().date()


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def utc_millis() -> int:
    """Milliseconds since 1970 (UTC): the wall clock of sync's cross-device clock."""
    return int(datetime.now(UTC).timestamp() * 1000)
