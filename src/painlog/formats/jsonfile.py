"""The JSON export: every entry with all its fields, plus visits, questions and PEG answers.

Import reads the same file with CSV's promises: every record validated first (the first bad
one named, e.g. ``entries[12]``), all-or-nothing, and records whose id is already in the
journal skipped. There is no export timestamp, so export -> import -> export is identical.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from painlog.clinic.pgic import Pgic, make_pgic, pgic_between
from painlog.clinic.visits import (
    Peg,
    Question,
    Visit,
    all_questions,
    list_visits,
    make_peg,
    pegs_between,
)
from painlog.errors import InvalidInput, PainlogError
from painlog.formats.agefile import read_source
from painlog.journal.entries import FIELDS, Entry, list_entries, make_entry, new_id, parse_at
from painlog.journal.values import clean_text
from painlog.messages import Msg, say
from painlog.plan.model import Version, load, version_from_record
from painlog.store.db import Journal

FORMAT = "painlog"
VERSION = 1
ENTRY_FIELDS = FIELDS[3:]  # after id, kind and at


@dataclass(frozen=True)
class JournalFile:
    entries: list[Entry]
    visits: list[Visit]
    questions: list[Question]
    pegs: list[Peg]
    plan: list[Version] = field(default_factory=list)
    pgic: list[Pgic] = field(default_factory=list)


def _in(day: str, since: date | None, until: date | None) -> bool:
    return (not since or day >= since.isoformat()) and (not until or day <= until.isoformat())


def journal_document(
    journal: Journal, since: date | None = None, until: date | None = None
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "entries": [entry.as_json() for entry in list_entries(journal, since=since, until=until)],
        "visits": [
            {
                "id": v.id,
                "day": v.day,
                "with": v.with_whom,
                "note": v.note,
                "created_at": v.created_at,
            }
            for v in list_visits(journal)
            if _in(v.day, since, until)
        ],
        "questions": [
            {"id": q.id, "text": q.text, "asked_at": q.asked_at, "done_at": q.done_at}
            for q in all_questions(journal)
            if _in(q.asked_at[:10], since, until)
        ],
        "peg": [
            {
                "id": p.id,
                "at": p.at,
                "pain": p.pain,
                "enjoyment": p.enjoyment,
                "activity": p.activity,
                "score": p.score,
            }
            for p in pegs_between(journal, since, until)
        ],
        # The whole plan and its history: it is what the period's figures are measured against.
        "plan": [version.as_json() for version in load(journal)],
        "pgic": [
            {"id": a.id, "at": a.at, "value": a.value} for a in pgic_between(journal, since, until)
        ],
    }


def write_json(document: dict[str, Any], out: TextIO) -> int:
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(document["entries"])


def _entry(record: dict[str, Any], now: datetime) -> Entry:
    fields = {name: record.get(name) for name in ENTRY_FIELDS}
    for name in ("location", "tags", "trigger", "relief"):
        fields[name] = fields[name] or ()
        if not isinstance(fields[name], list | tuple):
            raise InvalidInput(f"{name}: must be a list of words.")
    return make_entry(
        record.get("kind") or "", record.get("at") or "", id=record.get("id"), now=now, **fields
    )  # type: ignore[arg-type]


def _visit(record: dict[str, Any], now: datetime) -> Visit:
    day = str(record.get("day") or "")
    try:
        date.fromisoformat(day)
    except ValueError:
        raise InvalidInput(
            say(Msg.INVALID, field="day", given=day, accepted=Msg.FORM_DAY.value)
        ) from None
    return Visit(
        day=day,
        with_whom=clean_text(record["with"], "with") if record.get("with") else None,
        note=clean_text(record["note"], "note") if record.get("note") else None,
        id=str(record.get("id") or "") or new_id(),
        created_at=parse_at(record.get("created_at") or now, now),
    )


def _question(record: dict[str, Any], now: datetime) -> Question:
    return Question(
        text=clean_text(str(record.get("text") or ""), "text"),
        asked_at=parse_at(record.get("asked_at") or now, now),
        done_at=parse_at(record["done_at"], now) if record.get("done_at") else None,
        id=str(record.get("id") or "") or new_id(),
    )


def _peg(record: dict[str, Any], now: datetime) -> Peg:
    peg = make_peg(record.get("pain"), record.get("enjoyment"), record.get("activity"),  # type: ignore[arg-type]
                   record.get("at") or "", now)  # fmt: skip
    return Peg(peg.at, peg.pain, peg.enjoyment, peg.activity, str(record.get("id") or "") or peg.id)


def _plan(record: dict[str, Any], now: datetime) -> Version:
    return version_from_record(record)


def _pgic(record: dict[str, Any], now: datetime) -> Pgic:
    answer = make_pgic(record.get("value"), record.get("at") or "", now)  # type: ignore[arg-type]
    return Pgic(answer.at, answer.value, str(record.get("id") or "") or answer.id)


READERS = {
    "entries": _entry,
    "visits": _visit,
    "questions": _question,
    "peg": _peg,
    "plan": _plan,
    "pgic": _pgic,
}


def parse_json(
    path: Path, now: datetime, progress: Callable[[float], None] | None = None
) -> JournalFile:
    """Every record of a painlog JSON export, validated, or ``InvalidInput`` for the first bad one."""
    try:
        document = json.loads(read_source(path).decode("utf-8-sig"))
    except FileNotFoundError:
        raise PainlogError(say(Msg.FILE_NOT_FOUND, path=path)) from None
    except (UnicodeDecodeError, json.JSONDecodeError, OSError) as error:
        raise InvalidInput(say(Msg.JSON_UNREADABLE, file=path, reason=error)) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(say(Msg.JSON_NOT_PAINLOG, file=path))
    if document.get("version", VERSION) > VERSION:
        raise InvalidInput(say(Msg.JSON_TOO_NEW, file=path, found=document.get("version")))
    parsed: dict[str, list[Any]] = {}
    total = sum(len(document.get(section) or []) for section in READERS) or 1
    done = 0
    for section, read in READERS.items():
        records = document.get(section) or []
        seen: set[str] = set()
        parsed[section] = []
        for index, record in enumerate(records):
            where = f"{section}[{index}]"
            try:
                if not isinstance(record, dict):
                    raise InvalidInput("must be an object.")
                item = read(record, now)
            except (InvalidInput, TypeError, ValueError) as error:
                reason = getattr(error, "message", str(error))
                raise InvalidInput(
                    say(Msg.JSON_RECORD, file=path, where=where, reason=reason)
                ) from None
            if item.id in seen:
                reason = f"id '{item.id}' appears twice in {section}."
                raise InvalidInput(say(Msg.JSON_RECORD, file=path, where=where, reason=reason))
            seen.add(item.id)
            parsed[section].append(item)
            done += 1
            if progress and done % 1000 == 0:
                progress(done / total)
    return JournalFile(
        parsed["entries"], parsed["visits"], parsed["questions"], parsed["peg"], parsed["plan"],
        parsed["pgic"],
    )  # fmt: skip
