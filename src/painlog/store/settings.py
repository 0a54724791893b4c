"""The person's settings, kept in the journal (``painlog config get|set|list``).

They travel with the journal (backups, another computer) and are read once when a command
starts, before anything the person typed is parsed (the date order decides how ``10/11/2026``
reads). An encrypted journal's settings are read once it is opened; until then the defaults
hold for parsing.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from painlog import clock
from painlog.clock import WEEKDAYS
from painlog.errors import InvalidInput, invalid
from painlog.messages import Msg, say
from painlog.store.db import Journal, resolve_path, traceless_connection, transaction


@dataclass(frozen=True)
class Setting:
    default: str
    accepted: str
    meaning: str
    check: Callable[[str], str]


def _one_of(*choices: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        word = text.strip().lower()
        if word not in choices:
            raise ValueError
        return word

    return check


def _weekday(text: str) -> str:
    word = text.strip().lower()
    if word not in WEEKDAYS:
        raise ValueError
    return ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[
        WEEKDAYS[word]
    ]


def _text(text: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > 80:
        raise ValueError
    return cleaned


def _born(text: str) -> str:
    day = date.fromisoformat(text.strip())
    if not date(1900, 1, 1) <= day <= clock.today():
        raise ValueError
    return day.isoformat()


def _count(text: str) -> str:
    number = int(text.strip())
    if not 1 <= number <= 100:
        raise ValueError
    return str(number)


def _source(text: str) -> str:
    word = text.strip().lower()
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{0,39}", word) or word in (
        "typed",
        "daylio",
        "bearable",
    ):
        raise ValueError
    return word


SETTINGS = {
    "week-start": Setting("monday", "a day of the week, e.g. monday or sunday",
                          "first day of the week in summaries and due", _weekday),
    "date-order": Setting("iso", "iso, dmy (10/11 is 10 November) or mdy (10/11 is October 11)",
                          "how dates like 10/11/2026 read (iso: they are refused as ambiguous)",
                          _one_of("iso", "dmy", "mdy")),
    "clock": Setting("24h", "24h or 12h", "how times are shown", _one_of("24h", "12h")),
    "name": Setting("", "your name as it should appear on the report (up to 80 characters)",
                    "printed on the report", _text),
    "born": Setting("", "your date of birth as YYYY-MM-DD", "printed on the report", _born),
    "backups-kept": Setting("10", "a whole number from 1 to 100",
                            "how many automatic backups are kept", _count),
    "sleep-source": Setting("", "a device source: apple-health, fitbit, google-fit, "
                            "samsung-health (or another source's name)",
                            "whose sleep counts when two devices recorded the same night "
                            "(default: the first imported); your own sleep always comes first",
                            _source),
    "sync": Setting("manual", "manual or auto", "auto: every command that writes also runs "
                    "'painlog sync'", _one_of("manual", "auto")),
}  # fmt: skip
LOADED: dict[str, str] = {}
# The ``--db`` of the running command, set by the command line; the settings are read from it
# the first time one is asked for (a command that needs none, like ``completion``, reads
# nothing). Until the command line sets it, the defaults hold (painlog used as a library).
_PENDING: list[str | Path | None] = []


def use_journal(db: str | Path | None) -> None:
    """The command line's journal option; its settings are read when first needed."""
    LOADED.clear()
    _PENDING[:] = [db]


def get(key: str) -> str:
    if _PENDING:
        load(resolve_path(_PENDING.pop()))
    return LOADED.get(key) or SETTINGS[key].default


def load(path: Path) -> None:
    """Read the journal's settings (cheaply, read-only); nothing when there are none."""
    LOADED.clear()
    _PENDING.clear()
    try:
        if not path.is_file():
            return
        connection = traceless_connection(path)
        try:
            LOADED.update(connection.execute("SELECT key, value FROM settings"))
        finally:
            connection.close()
    except (sqlite3.Error, OSError, ValueError):
        return  # no settings table yet, an encrypted or damaged file: the defaults hold


def check(key: str, value: str) -> str:
    """The value as stored, or a refusal naming the key and what it accepts."""
    if key not in SETTINGS:
        raise invalid("key", key, Msg.FORM_CONFIG_KEY)
    try:
        return SETTINGS[key].check(value)
    except (ValueError, TypeError):
        raise InvalidInput(
            say(Msg.INVALID, field=key, given=value, accepted=SETTINGS[key].accepted)
        ) from None


def set_value(journal: Journal, key: str, value: str) -> str:
    stored = check(key, value)
    with transaction(journal, undo=f"config {key} = {stored}"):
        journal["settings"].upsert({"key": key, "value": stored}, pk="key")
    LOADED[key] = stored
    return stored


def unset(journal: Journal, key: str) -> None:
    if key not in SETTINGS:
        raise invalid("key", key, Msg.FORM_CONFIG_KEY)
    with transaction(journal, undo=f"config {key} back to its default"):
        journal.execute("DELETE FROM settings WHERE key = ?", (key,))
    LOADED.pop(key, None)
