"""The JSON export: every entry with all its fields, plus visits, questions, PEG answers, the
plan, PGIC, goals and their ratings, PHQ-4 screens and experiments.

Import reads the same file with CSV's promises: every record validated first (the first bad
one named, e.g. ``entries[12]``), all-or-nothing, and records whose id is already in the
journal skipped. There is no export timestamp, so export -> import -> export is identical.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol, TextIO

from painlog.clinic.goals import Goal, Rating, list_goals, parse_rating, ratings
from painlog.clinic.pgic import Pgic, make_pgic, pgic_between
from painlog.clinic.screen import Screen, make_screen, screens_between
from painlog.clinic.visits import (
    Peg,
    Question,
    Visit,
    all_questions,
    list_visits,
    make_peg,
    make_visit,
    pegs_between,
)
from painlog.errors import InvalidInput, PainlogError
from painlog.formats.agefile import read_source
from painlog.journal.entries import (
    FIELDS,
    Entry,
    canonical_id,
    list_entries,
    make_entry,
    new_id,
    parse_at,
)
from painlog.journal.timeparse import iso_day
from painlog.journal.values import clean_text, finite, parse_wear, typed
from painlog.messages import Msg, say
from painlog.plan.medicines import checked_contains
from painlog.plan.model import Version, load, version_from_record
from painlog.plan.safety import Statement, statements
from painlog.plan.trial import Experiment, new_experiment
from painlog.plan.trial import load as load_experiments
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
    goals: list[Goal] = field(default_factory=list)
    goal_ratings: list[Rating] = field(default_factory=list)
    screens: list[Screen] = field(default_factory=list)
    experiments: list[Experiment] = field(default_factory=list)
    # what ``painlog med NAME --contains/--wear`` said of each medicine (settings, kept as
    # written on import: never over a different value the journal holds, which gets a Note)
    medicines: list[Statement] = field(default_factory=list)
    without_id: frozenset[str] = frozenset()  # entries' ids made on import (a CSV row had none)


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
        # Goals and experiments whole (what the period's ratings and days are read against);
        # ratings and screens in the period.
        "goals": [goal.as_row() for goal in list_goals(journal)],
        "goal_ratings": [rating.as_row() for rating in ratings(journal, since, until)],
        "screens": [screen.as_row() for screen in screens_between(journal, since, until)],
        "experiments": [experiment.as_row() for experiment in load_experiments(journal)],
        # What one unit of each medicine holds and how long a patch is worn, said once with
        # ``painlog med``: the doses' figures are made from them, so they travel too.
        "medicines": [statement.as_json() for statement in statements(journal)],
    }


def write_json(document: dict[str, Any], out: TextIO) -> int:
    json.dump(document, out, ensure_ascii=False, indent=2, allow_nan=False)  # strict JSON
    out.write("\n")
    return len(document["entries"])


def _text(record: dict[str, Any], name: str, optional: bool = True) -> str | None:
    return typed(record.get(name), name, "text", optional)  # type: ignore[return-value]


def _entry(record: dict[str, Any], now: datetime) -> Entry:
    fields: dict[str, Any] = {name: record.get(name) for name in ENTRY_FIELDS}
    for name in ("unit", "name", "intensity", "note"):
        _text(record, name)
    typed(fields["value"], "value", "number or text")
    typed(fields["quality"], "quality", "number or text")
    for name in ("location", "tags", "trigger", "relief"):
        fields[name] = typed(fields[name], name, "words") or ()
    contains = checked_contains(record.get("contains"))
    return make_entry(
        _text(record, "kind", optional=False) or "",
        _text(record, "at", optional=False) or "",
        id=_text(record, "id"),
        now=now,
        contains=contains,
        wear=typed(record.get("wear"), "wear", "number or text"),
        **fields,
    )


def _medicine(record: dict[str, Any], now: datetime) -> Statement:
    """One ``medicines`` record: a name and what was said of it once (contents, wear hours of
    the medicine and of its plan item), each checked by its option's own rule."""

    name = clean_text(_text(record, "name", optional=False) or "", "name")
    contains = checked_contains(_text(record, "contains"))
    wear, plan_wear = (
        None if hours is None else parse_wear(hours)
        for hours in (
            typed(record.get(key), key, "number or text") for key in ("wear", "plan_wear")
        )
    )
    if contains is None and wear is None and plan_wear is None:
        raise InvalidInput("says none of contains, wear and plan_wear.")
    return Statement(name, contains, wear, plan_wear)


def _visit(record: dict[str, Any], now: datetime) -> Visit:
    # The rules of 'painlog visit add' (make_visit), on the day as files hold it.
    visit = make_visit(iso_day(record.get("day"), "day"), _text(record, "with"),
                       _text(record, "note"))  # fmt: skip
    return Visit(
        day=visit.day,
        with_whom=visit.with_whom,
        note=visit.note,
        id=_text(record, "id") or new_id(),
        created_at=parse_at(_text(record, "created_at") or now, now),
    )


def _question(record: dict[str, Any], now: datetime) -> Question:
    done_at = _text(record, "done_at")
    return Question(
        text=clean_text(_text(record, "text", optional=False) or "", "text"),
        asked_at=parse_at(_text(record, "asked_at") or now, now),
        done_at=parse_at(done_at, now) if done_at else None,
        id=_text(record, "id") or new_id(),
    )


def _peg(record: dict[str, Any], now: datetime) -> Peg:
    items = [typed(record.get(name), name, "number", optional=False)
             for name in ("pain", "enjoyment", "activity")]  # fmt: skip
    peg = make_peg(*items, _text(record, "at", optional=False) or "", now)  # type: ignore[arg-type, call-arg]
    return Peg(peg.at, peg.pain, peg.enjoyment, peg.activity, _text(record, "id") or peg.id)


def _plan(record: dict[str, Any], now: datetime) -> Version:
    return version_from_record(record)


def _pgic(record: dict[str, Any], now: datetime) -> Pgic:
    value = typed(record.get("value"), "value", "whole number", optional=False)
    answer = make_pgic(int(value), _text(record, "at", optional=False) or "", now)  # type: ignore[call-overload]
    return Pgic(answer.at, answer.value, _text(record, "id") or answer.id)


def _id(record: dict[str, Any]) -> str:
    return str(record.get("id") or "") or new_id()


def _goal(record: dict[str, Any], now: datetime) -> Goal:
    return Goal(
        name=" ".join(clean_text(str(record.get("name") or ""), "name").split()),
        added_at=parse_at(record.get("added_at") or now, now),
        done_at=parse_at(record["done_at"], now) if record.get("done_at") else None,
        id=_id(record),
    )


def _goal_rating(record: dict[str, Any], now: datetime) -> Rating:
    goal = str(record.get("goal") or "")
    if not goal:
        raise InvalidInput("goal: the id of the goal rated is needed.")
    value = record.get("value")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return Rating(goal=goal, at=parse_at(record.get("at") or "", now),
                  value=parse_rating(value), id=_id(record))  # type: ignore[arg-type]  # fmt: skip


def _screen(record: dict[str, Any], now: datetime) -> Screen:
    answers = [record.get(key) for key in ("a", "b", "c", "d")]
    screen = make_screen(answers, record.get("at") or "", now)  # type: ignore[arg-type]
    return Screen(screen.at, screen.a, screen.b, screen.c, screen.d, _id(record))


def _experiment(record: dict[str, Any], now: datetime) -> Experiment:
    seed, weeks, block_days = record.get("seed"), record.get("weeks"), record.get("block_days")
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (seed, weeks, block_days)):
        raise InvalidInput("seed, weeks and block_days must be whole numbers.")
    try:
        start = date.fromisoformat(str(record.get("start")))
    except ValueError:
        raise InvalidInput("start must be an ISO date.") from None
    made = new_experiment(str(record.get("name") or ""), weeks, block_days,  # type: ignore[arg-type]
                          str(record.get("outcome") or ""), start, seed)  # fmt: skip
    created = parse_at(record.get("created_at") or now, now)
    return Experiment(made.name, made.outcome, made.block_days, made.seed, made.start,
                      made.weeks, _id(record), created)  # fmt: skip


class _Identified(Protocol):
    """What every reader returns: a record with its id."""

    @property
    def id(self) -> str: ...


READERS: dict[str, Callable[[dict[str, Any], datetime], _Identified]] = {
    "entries": _entry,
    "visits": _visit,
    "questions": _question,
    "peg": _peg,
    "plan": _plan,
    "pgic": _pgic,
    "goals": _goal,
    "goal_ratings": _goal_rating,
    "screens": _screen,
    "experiments": _experiment,
    "medicines": _medicine,
}


class NotStrictJson(json.JSONDecodeError):
    """NaN, Infinity or a number too large for a float: JSON (RFC 8259) has none of them."""


def _refuse_constant(name: str) -> float:
    raise NotStrictJson(f"{name} is not a JSON number", name, 0)


def _finite_float(text: str) -> float:
    value = float(text)
    if not finite(value):
        raise NotStrictJson(f"{text} is too large a number", text, 0)
    return value


def loads_strictly(text: str) -> Any:
    """``json.loads`` as RFC 8259 has it: NaN, Infinity and 1e400 refused, not read as floats."""
    return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)


def read_record(path: Path, section: str, index: int, record: object, now: datetime) -> Any:
    """One record of a section, validated, or the line naming it (``entries[12]``)."""
    try:
        if not isinstance(record, dict):
            raise InvalidInput("must be an object.")
        if record.get("id") not in (None, ""):  # any case in; lowercase UUIDs stored
            record = {**record, "id": canonical_id(record["id"])}
        return READERS[section](record, now)
    except (InvalidInput, TypeError, ValueError, OverflowError) as error:
        reason = getattr(error, "message", str(error))
        raise InvalidInput(
            say(Msg.JSON_RECORD, file=path, where=f"{section}[{index}]", reason=reason)
        ) from None


# A painlog export starts so (write_json): such a file is streamed, a record at a time.
_STREAMABLE = re.compile(rb'\A(?:\xef\xbb\xbf)?\s*\{\s*"format"\s*:\s*"painlog"\s*,')
_RECORD_LIMIT = 64 * 1024 * 1024  # no record of painlog's is near this long


class _Reader:
    """A JSON document read in pieces: the top-level object's keys and values, each list's
    items one at a time, so memory holds one record, never the file."""

    def __init__(self, handle: TextIO, path: Path) -> None:
        self.handle, self.path = handle, path
        self.text, self.at = "", 0
        self.decoder = json.JSONDecoder(parse_constant=_refuse_constant,
                                        parse_float=_finite_float)  # fmt: skip

    def _more(self, size: int = 1 << 20) -> bool:
        if self.at > (1 << 20):
            self.text, self.at = self.text[self.at :], 0
        piece = self.handle.read(size)
        self.text += piece
        return bool(piece)

    def char(self) -> str:
        """The next character that is not white space (not consumed); "" at the end."""
        while True:
            while self.at < len(self.text) and self.text[self.at] in " \t\r\n":
                self.at += 1
            if self.at < len(self.text) or not self._more():
                return self.text[self.at : self.at + 1]

    def expect(self, wanted: str) -> None:
        if self.char() != wanted:
            raise self.broken(f"expected '{wanted}'")
        self.at += 1

    def value(self) -> Any:
        size = 1 << 20
        while True:
            self.char()
            try:
                value, end = self.decoder.raw_decode(self.text, self.at)
            except json.JSONDecodeError as error:
                if len(self.text) - self.at > _RECORD_LIMIT or not self._more(size):
                    raise self.broken(error.msg) from None
                size *= 2  # a long record: larger pieces, so the work stays linear
                continue
            except RecursionError:
                raise self.broken("nested too deeply") from None
            if end == len(self.text) and self._more():  # a number may go on in the next piece
                continue
            self.at = end
            return value

    def broken(self, reason: str) -> InvalidInput:
        return InvalidInput(say(Msg.JSON_UNREADABLE, file=self.path, reason=reason))

    def members(self):
        """(key, value or, for a list, an iterator over its items) of the top-level object."""
        self.expect("{")
        if self.char() == "}":
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise self.broken("expected a key")
            self.expect(":")
            if self.char() == "[":
                self.at += 1
                yield key, self._items()
            else:
                yield key, self.value()
            following = self.char()
            self.at += 1
            if following == "}":
                return
            if following != ",":
                raise self.broken("expected ',' or '}'")

    def _items(self):
        if self.char() == "]":
            self.at += 1
            return
        while True:
            yield self.value()
            following = self.char()
            self.at += 1
            if following == "]":
                return
            if following != ",":
                raise self.broken("expected ',' or ']'")


def streamable(path: Path) -> bool:
    """A plain (not encrypted) painlog JSON export, which ``stream_json`` reads in pieces."""
    try:
        with path.open("rb") as handle:
            return bool(_STREAMABLE.match(handle.read(4096)))
    except OSError:
        return False


def stream_json(path: Path):
    """(section, index, record) for every record, and ("version", 0, value), in file order,
    holding one record at a time; a section that is not a list is refused."""
    with path.open(encoding="utf-8-sig") as handle:
        reader = _Reader(handle, path)
        try:
            for key, value in reader.members():
                if key == "version":
                    yield "version", 0, value
                if key in READERS:
                    if not hasattr(value, "__next__"):
                        if value in (None, []):
                            continue
                        raise InvalidInput(say(Msg.JSON_RECORD, file=path, where=key,
                                               reason="must be a list of records."))  # fmt: skip
                    for index, record in enumerate(value):
                        yield key, index, record
                elif hasattr(value, "__next__"):
                    for _ in value:  # a list painlog does not read: passed over
                        pass
            if reader.char():
                raise reader.broken("extra data after the object")
        except UnicodeDecodeError as error:
            raise InvalidInput(say(Msg.JSON_UNREADABLE, file=path, reason=error)) from None


def parse_json(
    path: Path, now: datetime, progress: Callable[[float], None] | None = None
) -> JournalFile:
    """Every record of a painlog JSON export, validated, or ``InvalidInput`` for the first bad one."""
    try:
        document = loads_strictly(read_source(path).decode("utf-8-sig"))
    except FileNotFoundError:
        raise PainlogError(say(Msg.FILE_NOT_FOUND, path=path)) from None
    except (UnicodeDecodeError, ValueError, OSError, RecursionError) as error:  # ValueError:
        # JSONDecodeError, and ints of more than 4,300 digits
        reason = "nested too deeply" if isinstance(error, RecursionError) else error
        raise InvalidInput(say(Msg.JSON_UNREADABLE, file=path, reason=reason)) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(say(Msg.JSON_NOT_PAINLOG, file=path))
    version = document.get("version", VERSION)
    if not finite(version) or isinstance(version, float):
        raise InvalidInput(say(Msg.JSON_RECORD, file=path, where="version",
                               reason=f"must be a whole number, not {version!r}."))  # fmt: skip
    if version > VERSION:
        raise InvalidInput(say(Msg.JSON_TOO_NEW, file=path, found=version))
    for section in READERS:
        if not isinstance(document.get(section) or [], list):
            raise InvalidInput(say(Msg.JSON_RECORD, file=path, where=section,
                                   reason="must be a list of records."))  # fmt: skip
    parsed: dict[str, list[Any]] = {}
    total = sum(len(document.get(section) or []) for section in READERS) or 1
    done = 0
    for section in READERS:
        records = document.get(section) or []
        seen: set[str] = set()
        parsed[section] = []
        for index, record in enumerate(records):
            where = f"{section}[{index}]"
            item = read_record(path, section, index, record, now)
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
        parsed["pgic"], parsed["goals"], parsed["goal_ratings"], parsed["screens"],
        parsed["experiments"], parsed["medicines"],
    )  # fmt: skip
