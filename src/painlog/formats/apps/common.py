"""What importing from another app's export shares, whichever app: notes cleaned of HTML,
times of day as phones write them, and the summary of what came in.

Each entry carries its ``source`` and ``source_key`` (its place in the app: date, time and
order, never its content), and an id made from them (painlog.formats.sources). Before issue 17
ids were made from the row's content (``row_id``, kept to recognise those journals' entries).
"""

from __future__ import annotations

import csv
import html
import io
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from painlog.errors import InvalidInput, PainlogError
from painlog.formats.agefile import read_source
from painlog.journal.entries import Entry
from painlog.journal.values import parse_mood
from painlog.messages import Msg, say

APPS = ("daylio", "bearable", "open-meteo")
NAMESPACE = uuid.UUID("6f1c1d5e-6a57-4c59-9d2f-3f4e3b9a1c10")  # painlog's, for app imports
Progress = Callable[[float], None]

_CLOCK = re.compile(
    r"\s*(\d{1,2})[:.](\d{2})(?::\d{2})?\s*([ap])?\.?\s*(?:m\.?)?\s*", re.IGNORECASE
)
_BREAK = re.compile(r"<\s*br\s*/?\s*>|</\s*p\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


@dataclass
class AppImport:
    """What an app's file holds, as painlog entries, and how its labels were read."""

    app: str
    rows: int = 0
    entries: list[Entry] = field(default_factory=list)
    # label -> (what it becomes, where the mapping comes from: "built in" or "yours")
    mappings: dict[str, tuple[str, str]] = field(default_factory=dict)
    unmapped: dict[str, int] = field(default_factory=dict)  # label -> rows using it
    skipped: dict[str, int] = field(default_factory=dict)  # category -> rows with no amount
    left_out: dict[str, int] = field(default_factory=dict)  # why -> rows read and not taken

    def counts(self) -> Counter[str]:
        return Counter(entry.kind for entry in self.entries)

    def period(self) -> tuple[str, str] | None:
        days = sorted(entry.day for entry in self.entries)
        return (days[0], days[-1]) if days else None

    def mapped_by_you(self) -> int:
        return sum(1 for _, source in self.mappings.values() if source == "yours")


def row_id(app: str, cells: Sequence[str], seen: Counter[str]) -> str:
    """The same row always gets the same id; a repeated identical row gets the next one."""
    content = "\x1f".join(" ".join(cell.split()) for cell in cells)
    seen[content] += 1
    return str(uuid.uuid5(NAMESPACE, f"{app}\x1e{content}\x1e{seen[content]}"))


def clean_note(text: str) -> str:
    """``<br>`` and paragraph ends become line breaks, other tags go, entities are decoded."""
    if "<" in text or "&" in text:
        text = html.unescape(_TAG.sub("", _BREAK.sub("\n", text)))
    elif "\n" not in text and "\r" not in text:
        return text.strip()  # one plain line, the common case: what the lines below give
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


def parse_clock(text: str) -> time | None:
    """``9:03``, ``20:28``, ``5:01 PM``, ``6:50 pm``, ``6.50 p.m.``; None if not a time."""
    match = _CLOCK.fullmatch(text)
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2]), (match[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def read_rows(path: Path, keep_blank: bool = False) -> list[list[str]]:
    """The file's CSV records: UTF-8 with or without a byte-order mark, LF or CRLF, quoted
    fields over several lines, no newline needed after the last row. Blank records are left
    out unless ``keep_blank`` (a file whose blank lines part its sections: Open-Meteo's)."""
    try:
        text = read_source(path).decode("utf-8-sig")
    except FileNotFoundError:
        raise PainlogError(say(Msg.FILE_NOT_FOUND, path=path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(say(Msg.CSV_UNREADABLE, file=path, reason=error)) from None
    from painlog.formats.csv import allow_fields_up_to  # lazy: only for an app's CSV

    allow_fields_up_to(len(text))
    try:
        return [row for row in csv.reader(io.StringIO(text, newline="")) if keep_blank or any(row)]
    except csv.Error as error:
        raise InvalidInput(say(Msg.CSV_UNREADABLE, file=path, reason=error)) from None


def numbered(
    rows: list[list[str]], first_number: int, progress: Progress | None
) -> Iterator[tuple[int, list[str]]]:
    """Rows with their number as a person counts them (the header, if any, is row 1)."""
    total = len(rows) or 1
    for index, row in enumerate(rows):
        if progress and index % 1000 == 999:
            progress(index / total)
        yield first_number + index, row


def parse_mappings(given: Sequence[str]) -> dict[str, float]:
    """``--mood "tak sobie=4"`` -> {"tak sobie": 4.0}; labels compared case-insensitively."""

    found: dict[str, float] = {}
    for item in given:
        label, sign, value = item.rpartition("=")
        if not sign or not label.strip():
            raise InvalidInput(
                say(Msg.INVALID, field="--mood", given=item, accepted=Msg.FORM_MOOD_MAP)
            )
        try:
            found[" ".join(label.split()).lower()] = parse_mood(value.strip())
        except InvalidInput:
            raise InvalidInput(
                say(Msg.INVALID, field="--mood", given=item, accepted=Msg.FORM_MOOD_MAP)
            ) from None
    return found


def row_error(path: Path, number: int, reason: str) -> InvalidInput:
    return InvalidInput(say(Msg.CSV_ROW, file=path, row=number, reason=reason))
