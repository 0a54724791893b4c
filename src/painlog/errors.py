"""The two kinds of failure painlog reports: bad input (exit 2) and everything else (exit 1)."""

from __future__ import annotations

import sys

from painlog.messages import Msg, say


class PainlogError(Exception):
    """A failure to report as one line, with nothing in the journal changed."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(PainlogError):
    """Input that breaks a rule of SPEC.md; the message names the field and the accepted form."""

    exit_code = 2


def invalid(field: str, given: object, accepted: Msg) -> InvalidInput:
    """The standard refusal: which field, what was given, what would be accepted. One line:
    a line break inside what was given (a file's cell) is shown as ``\\n``."""
    if isinstance(given, str) and ("\n" in given or "\r" in given):
        given = given.replace("\r", "\\r").replace("\n", "\\n")
    return InvalidInput(say(Msg.INVALID, field=field, given=given, accepted=accepted.value))


def is_database_error(error: Exception) -> bool:
    """SQLite's errors, or the SQLCipher binding's once an encrypted journal was opened."""
    import sqlite3

    database = sys.modules.get("painlog.store.db")
    errors = database.DATABASE_ERRORS if database else (sqlite3.Error,)
    return isinstance(error, errors)
