"""CSV interchange exactly as SPEC.md "CSV interchange" fixes it.

Export writes one row per entry under ``HEADER``; import reads the same, all-or-nothing and
idempotent by id. Cells a spreadsheet would run as a formula are neutralised with a leading
apostrophe on export and restored on import, so the round trip is exact.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, TextIO

from painlog.errors import InvalidInput, PainlogError
from painlog.formats.agefile import MAGIC, read_source
from painlog.journal.entries import (
    FIELDS,
    LIST_FIELDS,
    Entry,
    canonical_id,
    format_number,
    make_entry,
)
from painlog.messages import Msg, say
from painlog.plan.medicines import checked_contains

# SPEC.md's header is the entry's fields in their stored order, then ``contains`` (what one
# unit of a medicine holds, SPEC "Sources and device data"), so strengths survive a round trip.
# SPEC fixes the header, so a dose's own ``--wear`` is not a column of the export (the JSON export
# carries it); a ``wear`` column in a file written elsewhere is still read (``READ_ALSO``).
HEADER = (*FIELDS, "contains")
READ_ALSO = ("wear",)
# What the person said of a medicine with ``painlog med NAME`` (contents, wear hours), by the
# dose's name: written on a dose that says nothing itself, so a round trip keeps the figures.
Said = Callable[[str], tuple[str | None, float | None]]
REQUIRED_COLUMNS = ("kind", "at")
LIST_SEPARATOR = ";"

# A cell a spreadsheet would evaluate: starts with = + - @ (or tab/CR), after any apostrophes
# we added before. Adding one apostrophe on export and removing one on import is lossless.
_FORMULA_ON_EXPORT = re.compile(r"'*[=+\-@\t\r]", re.DOTALL)
_FORMULA_ON_IMPORT = re.compile(r"'+[=+\-@\t\r]", re.DOTALL)


_NUMBERS = frozenset({"value", "wear"})  # cells format_number writes


def allow_fields_up_to(length: int) -> None:
    """Python's csv reader refuses a field over 128 KB by default; painlog writes notes of any
    length, so a file's reader takes fields as long as the file itself."""
    wanted = min(length + 1, 2**31 - 1)  # the limit is a C long
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


def neutralise(cell: str) -> str:
    return "'" + cell if _FORMULA_ON_EXPORT.match(cell) else cell


def restore(cell: str) -> str:
    return cell[1:] if _FORMULA_ON_IMPORT.match(cell) else cell


def entry_to_cells(entry: Entry, said: Said | None = None) -> list[str]:
    contains, wear = entry.contains, entry.wear
    if entry.kind == "medication" and said is not None and (contains is None or wear is None):
        stated_contains, stated_wear = said(entry.name or "")
        contains = contains or stated_contains
        wear = wear if wear is not None else stated_wear
    cells = {
        "id": entry.id,
        "kind": entry.kind,
        "at": entry.at,
        "value": format_number(entry.value),
        "unit": entry.unit or "",
        "name": entry.name or "",
        "quality": entry.quality or "",
        "intensity": entry.intensity or "",
        "note": entry.note or "",
        "source": entry.source or "",
        "source_key": entry.source_key or "",
        "contains": contains or "",
        "wear": format_number(wear),
    }
    for name in LIST_FIELDS:
        cells[name] = LIST_SEPARATOR.join(getattr(entry, name))
    # A number is written as a number (a temperature of -2.2 stays numeric in a spreadsheet):
    # format_number writes only digits, a sign and a point, which no spreadsheet runs.
    return [cells[c] if c in _NUMBERS else neutralise(cells[c]) for c in HEADER]


def write_csv(entries: Iterable[Entry], out: TextIO, said: Said | None = None) -> int:
    """Every entry as a row; ``said`` fills a dose's empty ``contains``/``wear`` with what
    ``painlog med`` says of its medicine."""
    # CRLF as RFC 4180 has it; it also makes the writer quote a lone "\r" inside a note.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    count = 0
    for entry in entries:
        writer.writerow(entry_to_cells(entry, said))
        count += 1
    return count


def _split_list(cell: str) -> list[str]:
    return [part for part in cell.split(LIST_SEPARATOR) if part.strip()]


def entry_from_cells(row: dict[str, str], now: datetime) -> Entry:
    cell = {column: restore(row.get(column) or "") for column in (*HEADER, *READ_ALSO)}
    return make_entry(
        cell["kind"],
        cell["at"],
        value=cell["value"],
        unit=cell["unit"],
        name=cell["name"],
        quality=cell["quality"],
        location=_split_list(cell["location"]),
        intensity=cell["intensity"],
        note=cell["note"] or None,
        tags=_split_list(cell["tags"]),
        trigger=_split_list(cell["trigger"]),
        relief=_split_list(cell["relief"]),
        id=cell["id"],
        now=now,
        source=cell["source"],
        source_key=cell["source_key"],
        contains=_contains(cell["contains"], cell["kind"]),
        wear=cell["wear"] or None,
    )


def _contains(text: str, kind: str) -> str | None:
    """A ``contains`` cell checked and stored as ``--contains`` is (refused: the row's reason)."""
    if not text.strip():
        return None

    return checked_contains(text)


class _Counting(io.RawIOBase):
    """The file's bytes, counted as they are read (for progress over a file never read whole)."""

    def __init__(self, inner: BinaryIO) -> None:
        self.inner = inner
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)

    def close(self) -> None:
        self.inner.close()
        super().close()


def open_text(path: Path) -> tuple[TextIO, Callable[[], float]]:
    """The file as text, streamed (a 500 MB CSV is never held whole), and how far it has been
    read (0..1). An age-encrypted file is decrypted in memory first (agefile.read_source)."""

    try:
        raw = path.open("rb")
    except FileNotFoundError:
        raise PainlogError(say(Msg.FILE_NOT_FOUND, path=path)) from None
    except OSError as error:
        raise InvalidInput(say(Msg.CSV_UNREADABLE, file=path, reason=error)) from None
    head = raw.read(len(MAGIC))
    raw.seek(0)
    if head == MAGIC:
        raw.close()
        data = read_source(path)
        allow_fields_up_to(len(data))
        text = io.StringIO(data.decode("utf-8-sig"), newline="")
        return text, lambda: text.tell() / max(1, len(data))
    size = max(1, path.stat().st_size)
    allow_fields_up_to(size)
    counting = _Counting(raw)
    stream = io.TextIOWrapper(io.BufferedReader(counting, 1 << 16), encoding="utf-8-sig",
                              newline="")  # fmt: skip
    return stream, lambda: counting.count / size


# The first columns of the other files `painlog import --from` reads: named in the refusal.
_KNOWN_HEADERS = (
    (("latitude", "longitude"), "Open-Meteo", "open-meteo"),
    (("full_date", "mood"), "Daylio", "daylio"),
    (("time of day", "category"), "Bearable", "bearable"),
)


def _from_hint(columns: list[str]) -> str:
    for needed, name, given in _KNOWN_HEADERS:
        if all(column in columns for column in needed):
            return say(Msg.CSV_HEADER_FROM, name=name, source=given)
    return ""


def read_csv_rows(
    stream: TextIO,
    source: str,
    done: Callable[[], float] | None = None,
    progress: Callable[[float], None] | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number counting the header as row 1, as a spreadsheet does; the row's cells)."""
    reader = csv.DictReader(stream)
    columns = [name.strip().lower() for name in reader.fieldnames or []]
    if not all(column in columns for column in REQUIRED_COLUMNS):
        raise InvalidInput(say(Msg.CSV_HEADER, file=source, found=", ".join(columns) or "nothing",
                               hint=_from_hint(columns)))  # fmt: skip
    reader.fieldnames = columns
    for number, row in enumerate(reader, start=2):
        if progress and done and number % 1000 == 0:
            progress(min(1.0, done()))
        if not any((value or "").strip() for key, value in row.items() if key is not None):
            continue  # a blank line a spreadsheet left behind
        yield number, row


def iter_csv(
    path: Path, now: datetime, progress: Callable[[float], None] | None = None
) -> Iterator[tuple[int, Entry, bool]]:
    """(row number, the row as a validated entry, whether the row gave its id), one row at a
    time as the file is read; ``InvalidInput`` for the first bad row."""
    stream, done = open_text(path)
    try:
        for number, row in read_csv_rows(stream, str(path), done, progress):
            try:
                row["id"] = canonical_id(row.get("id"))  # any case in; lowercase UUIDs stored
                entry = entry_from_cells(row, now)
            except InvalidInput as error:
                raise InvalidInput(
                    say(Msg.CSV_ROW, file=path, row=number, reason=error.message)
                ) from None
            yield number, entry, bool(row["id"])
    except (csv.Error, UnicodeDecodeError, OSError) as error:
        raise InvalidInput(say(Msg.CSV_UNREADABLE, file=path, reason=error)) from None
    finally:
        stream.close()


def duplicate_id(path: Path, number: int, entry: Entry, first: int) -> InvalidInput:
    reason = say(Msg.CSV_DUPLICATE_ID, id=entry.id, first=first, row=number)
    return InvalidInput(say(Msg.CSV_ROW, file=path, row=number, reason=reason))


def duplicate_key(path: Path, number: int, entry: Entry, first: int) -> InvalidInput:
    reason = say(Msg.CSV_DUPLICATE_SOURCE_KEY, source=entry.source, key=entry.source_key,
                 first=first, row=number)  # fmt: skip
    return InvalidInput(say(Msg.CSV_ROW, file=path, row=number, reason=reason))


def first_row(path: Path, now: datetime, same: Callable[[Entry], bool]) -> int:
    """The number of the first row whose entry ``same`` picks (to name both rows of a
    duplicate found late, without keeping every row's id in memory)."""
    for number, entry, _ in iter_csv(path, now):
        if same(entry):
            return number
    return 0


def parse_csv(
    path: Path,
    now: datetime,
    progress: Callable[[float], None] | None = None,
    without_id: set[str] | None = None,
) -> list[Entry]:
    """Every row of ``path`` as a validated entry, or ``InvalidInput`` for the first bad row.
    ``without_id`` gains the ids made for rows that had none (SPEC.md: such a row equal to an
    entry already in the journal is counted as already there)."""
    if without_id is None:
        without_id = set()
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    sourced: dict[tuple[str, str], int] = {}  # (source, source_key) -> its row
    for number, entry, had_id in iter_csv(path, now, progress):
        if entry.id in seen:
            raise duplicate_id(path, number, entry, seen[entry.id])
        seen[entry.id] = number
        if entry.source and entry.source_key:
            key = (entry.source, entry.source_key)
            if key in sourced:  # one record of its source cannot be two entries
                raise duplicate_key(path, number, entry, sourced[key])
            sourced[key] = number
        if not had_id:
            without_id.add(entry.id)
        entries.append(entry)
    return entries
