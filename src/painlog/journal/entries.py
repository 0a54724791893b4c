"""Journal entries: what each kind holds, how it is validated, stored, found, changed, removed.

``make_entry`` is the one gate every entry passes through — from ``add``, ``edit``,
``checkin``, CSV import and the demo — so the rules of SPEC.md "Entries" live here once.
"""

from __future__ import annotations

import json
import re
import shlex
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from painlog.errors import InvalidInput, invalid
from painlog.journal import values
from painlog.journal.timeparse import (
    CLOCK_SKEW,
    FIRST_YEAR,
    ISO_MOMENT,
    LAST_YEAR,
    iso_moment,
    local_now,
    stamp,
)
from painlog.messages import Msg, say, visible
from painlog.store.db import Journal, rows_by_id_prefix, transaction

KINDS = (
    "pain",
    "sleep",
    "mood",
    "exercise",
    "medication",
    "therapy",
    "side-effect",
    "note",
    "steps",
    "heart-rate",
    "symptom",
    "factor",
)
KIND_ALIASES = {
    "symptoms": "symptom",
    "factors": "factor",
    "step": "steps",
    "heart rate": "heart-rate",
    "heartrate": "heart-rate",
    "heart_rate": "heart-rate",
    "hr": "heart-rate",
    "med": "medication",
    "meds": "medication",
    "medicine": "medication",
    "side-effects": "side-effect",
    "side effect": "side-effect",
    "sideeffect": "side-effect",
    "side_effect": "side-effect",
}
SEVERITIES = ("mild", "moderate", "severe")
LIST_FIELDS = ("location", "tags", "trigger", "relief")
FIXED_UNITS = {"sleep": "h", "exercise": "min", "therapy": "min", "heart-rate": "bpm"}

FIELDS = (
    "id",
    "kind",
    "at",
    "value",
    "unit",
    "name",
    "quality",
    "location",
    "intensity",
    "note",
    "tags",
    "trigger",
    "relief",
    "source",
    "source_key",
)
# Stored after FIELDS, medication only: what one unit holds, and how long this patch is worn.
EXTRA_FIELDS = ("contains", "wear")


def new_id() -> str:
    return str(uuid.uuid4())


def canonical_id(given: object) -> str:
    """An imported id as painlog stores ids: a UUID in its lowercase canonical form
    (``ABCDEF01-…`` becomes ``abcdef01-…``), or a refusal naming the field; empty stays empty
    (a new id is made)."""
    text = str(given).strip() if given is not None else ""
    if not text:
        return ""
    try:
        return str(uuid.UUID(text))
    except (ValueError, TypeError):
        raise invalid("id", text, Msg.FORM_UUID) from None


def parse_kind(text: str) -> str:
    kind = text.strip().lower()
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in KINDS:
        raise invalid("kind", text, Msg.FORM_KIND)
    return kind


@dataclass(frozen=True)
class Entry:
    kind: str
    at: str
    value: float | None = None
    unit: str | None = None
    name: str | None = None
    quality: str | None = None
    location: tuple[str, ...] = ()
    intensity: str | None = None
    note: str | None = None
    tags: tuple[str, ...] = ()
    trigger: tuple[str, ...] = ()
    relief: tuple[str, ...] = ()
    source: str | None = None  # None: typed in painlog
    source_key: str | None = None  # its stable identity inside ``source``
    id: str = field(default_factory=new_id)
    # What one unit of a medicine holds (``--contains``), as plan/medicines.py reads it. Not a
    # CSV column (SPEC's header is fixed); JSON carries it when set.
    contains: str | None = None
    # How long this one patch is worn, in hours (``add med … --wear 72h``): wins over the
    # medicine's wear time for this dose (plan/safety.py). CSV and JSON carry it when set.
    wear: float | None = None

    @property
    def day(self) -> str:
        return self.at[:10]

    @property
    def short_id(self) -> str:
        return self.id[:8]

    def as_row(self) -> dict[str, object]:
        # The fields are plain values and tuples of strings: a shallow copy is enough, and
        # several times cheaper than asdict's deep one (it matters for 10,000-row imports).
        row = dict(self.__dict__)
        for name in LIST_FIELDS:
            row[name] = json.dumps(list(row[name]), ensure_ascii=False) if row[name] else None
        return row

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["day"] = self.day
        for name in LIST_FIELDS:
            data[name] = list(data[name])
        found = {key: data[key] for key in ("id", "kind", "at", "day", *FIELDS[3:])}
        if self.contains is not None:
            found["contains"] = self.contains
        if self.wear is not None:
            found["wear"] = self.wear
        return found

    @classmethod
    def from_row(cls, row: dict) -> Entry:
        data: dict[str, Any] = {name: row.get(name) for name in (*FIELDS, *EXTRA_FIELDS)}
        for name in LIST_FIELDS:
            data[name] = tuple(json.loads(data[name])) if data[name] else ()
        return cls(**data)

    def describe(self) -> str:
        """A short human line: ``pain 6/10 (lower back, aching) on 2026-11-23 21:00``."""
        when = self.at[:16].replace("T", " ")
        return f"{self.kind} {self.what()} on {when}"

    def what(self) -> str:
        number = format_number(self.value) if self.value is not None else ""
        details: list[str] = []
        if self.kind in {"pain", "mood"}:
            text = f"{number}/10"
            details = [*self.location, *((self.quality and [self.quality]) or [])]
        elif self.kind == "sleep":
            text = f"{format_hours(self.value or 0)}"
            details = [f"quality {self.quality}/5"] if self.quality else []
        elif self.kind == "medication":
            text = f"{self.name} {number} {unit_for(self.value, self.unit)}"
        elif self.kind in {"exercise", "therapy"}:
            text = f"{self.name}" + (f" {number} min" if self.value is not None else "")
            details = [self.intensity] if self.intensity else []
        elif self.kind == "steps":
            text = f"{int(self.value or 0):,} steps"
        elif self.kind == "heart-rate":
            text = f"{number} bpm"
        elif self.kind == "symptom":
            text = f"{self.name} {number}/10"
        elif self.kind == "factor":
            # "stress 7/10": a unit written as a fraction follows its number with no space.
            gap = "" if (self.unit or "").startswith("/") else " "
            unit = values.factor_unit_shown(self.value, self.unit) if self.unit else ""
            amount = f" {number}" + (f"{gap}{unit}" if unit else "") if number else ""
            text = f"{self.name}{amount}"
        elif self.kind == "side-effect":
            text = f"{self.name}: {_shorten(self.note or '', 40)}"
            details = [self.intensity] if self.intensity else []
        else:
            text = _shorten(self.note or "", 40)
        return visible(text + (f" ({', '.join(details)})" if details else ""))


def format_number(value: float | None) -> str:
    """6.0 -> '6', 7.5 -> '7.5', and never loses digits (used by CSV export too)."""
    if value is None:
        return ""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def half_up(value: float | None, digits: int = 1) -> float | None:
    """``value`` rounded half up (SPEC.md "Numbers on screen": 6.25 -> 6.3, 5.5 -> 6), on the
    decimal the person reads (``repr``), never on the binary float: Python's round() and
    ``f"{x:.1f}"`` round half to even and would show 6.25 as 6.2."""
    if value is None:
        return None
    text = repr(float(value))
    if digits > 0 and "e" not in text and "n" not in text:  # not 1e-05, 1e+16, inf, nan
        # The same rounding on the digits of ``text`` without Decimal (a 10-year summary rounds
        # thousands of means): half up drops the digits after ``digits`` and adds one unit of
        # the last kept digit when the first dropped one is 5 or more; an int divided by a
        # power of ten is correctly rounded in Python, as float(Decimal) is.
        whole, _, fraction = text.partition(".")
        if len(fraction) <= digits:
            return float(text)
        kept = int(whole.lstrip("-") + fraction[:digits]) + (fraction[digits] >= "5")
        magnitude = kept / 10**digits
        return -magnitude if whole.startswith("-") else magnitude
    step = Decimal(1).scaleb(-digits)
    rounded = Decimal(text).quantize(step, rounding=ROUND_HALF_UP)
    return float(rounded) if digits > 0 else float(int(rounded))


def shown(
    value: float | None,
    digits: int = 1,
    *,
    trim: bool = False,
    sign: bool = False,
    empty: str = "–",
) -> str:
    """The one way a number is printed: half up to ``digits`` (``trim`` drops trailing
    zeros: 6.0 -> '6', 226.25 -> '226.3'; ``sign`` prints '+' before a rise); ``empty`` for
    None."""
    rounded = half_up(value, digits)
    if rounded is None:
        return empty
    text = f"{rounded + 0.0:{'+' if sign and rounded else ''}.{digits}f}"  # no "-0.0"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


COUNTED_UNITS = ("tablet", "capsule", "puff", "drop", "patch", "unit")


def unit_for(amount: float | None, unit: str | None) -> str:
    """``2 tablets``, ``1 tablet``, ``400 mg`` (measures stay as they are)."""
    if unit in COUNTED_UNITS and amount != 1:
        return unit + ("es" if unit == "patch" else "s")
    return unit or ""


def format_hours(hours: float) -> str:
    minutes = round(hours * 60)
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes % 60 else f"{minutes // 60}h"


def _shorten(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ``at`` as the journal stores it (``stamp``'s form, ASCII digits): such a text is read once.
_STORED_AT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}"
)


def parse_at(value: datetime | str, now: datetime | None = None) -> str:
    """A stored ``at`` from a datetime or an ISO 8601 string; never in the future."""
    now = now or local_now()
    if isinstance(value, str) and _STORED_AT.fullmatch(value):
        # A stored stamp (another device's row, an import): the same checks in one pass, when
        # it is exactly what ``stamp`` writes for it; anything else goes the long way below.
        try:
            moment: datetime | None = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if (
            moment is not None
            and FIRST_YEAR <= moment.year <= LAST_YEAR
            and moment.isoformat() == value
        ):
            if moment > now + CLOCK_SKEW:
                raise InvalidInput(
                    say(Msg.FUTURE, field="at", given=value, when=moment.strftime("%Y-%m-%d %H:%M"))
                )
            return value
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.astimezone()
    elif isinstance(value, str) and ISO_MOMENT.fullmatch(value.strip()):
        moment = iso_moment(value, "at")
    else:
        raise invalid("at", value, Msg.FORM_AT)
    if moment > now + CLOCK_SKEW:
        raise InvalidInput(
            say(Msg.FUTURE, field="at", given=value, when=moment.strftime("%Y-%m-%d %H:%M"))
        )
    return stamp(moment)


_BLANKS: tuple[object, ...] = (None, "", (), [])  # what a field not given holds
_NAMED_KINDS = frozenset({"exercise", "medication", "therapy", "side-effect", "symptom", "factor"})


def _refuse_unless_blank(kind: str, **fields: object) -> None:
    for option, given in fields.items():
        if given not in _BLANKS:
            raise InvalidInput(say(Msg.NOT_FOR_KIND, option=option, kind=kind))


def make_entry(
    kind: str,
    at: datetime | str,
    *,
    value: object = None,
    unit: str | None = None,
    name: str | None = None,
    quality: Any = None,
    location: Sequence[str] = (),
    intensity: str | None = None,
    note: str | None = None,
    tags: Sequence[str] = (),
    trigger: Sequence[str] = (),
    relief: Sequence[str] = (),
    id: str | None = None,
    now: datetime | None = None,
    source: str | None = None,
    source_key: str | None = None,
    contains: str | None = None,
    wear: object = None,
) -> Entry:
    """A validated entry from values as typed (strings) or as stored (numbers).

    ``contains`` (medication only) is stored as given: the caller checks it with
    ``plan.medicines.parse_contains``, a layer above this one. ``wear`` (medication only): hours,
    or as typed for ``--wear`` (``72h``, ``3d``).
    """
    kind = parse_kind(kind)
    contains = None if _blank(contains) else contains
    wear = None if _blank(wear) else wear
    if kind != "medication" and (contains not in _BLANKS or wear not in _BLANKS):
        _refuse_unless_blank(kind, contains=contains, wear=wear)
    stored_at = parse_at(at, now)
    quality = None if _blank(quality) else quality
    unit = None if _blank(unit) else unit
    name = None if _blank(name) else name
    intensity = None if _blank(intensity) else intensity
    if kind != "pain" and (
        location not in _BLANKS or trigger not in _BLANKS or relief not in _BLANKS
    ):
        _refuse_unless_blank(kind, location=location, trigger=trigger, relief=relief)
    if name not in _BLANKS and kind not in _NAMED_KINDS:
        _refuse_unless_blank(kind, name=name)
    if intensity not in _BLANKS and kind not in {"exercise", "side-effect"}:
        _refuse_unless_blank(kind, intensity=intensity)
    if quality not in _BLANKS and kind not in {"pain", "sleep"}:
        _refuse_unless_blank(kind, quality=quality)
    if kind in FIXED_UNITS and unit is not None and unit != FIXED_UNITS[kind]:
        _refuse_unless_blank(kind, unit=unit)
    if unit not in _BLANKS and kind in {"pain", "mood", "note", "side-effect", "steps", "symptom"}:
        _refuse_unless_blank(kind, unit=unit)
    source, source_key = values.parse_source(source, source_key)

    number: float | None
    if kind == "pain":
        number = values.parse_pain(_required(value, "pain", Msg.FORM_PAIN))
        quality = values.parse_pain_quality(str(quality)) if quality is not None else None
    elif kind == "mood":
        number = values.parse_mood(_required(value, "mood", Msg.FORM_MOOD))
    elif kind == "sleep":
        number = values.parse_sleep_hours(_required(value, "sleep", Msg.FORM_SLEEP))
        quality = str(values.parse_sleep_quality(quality)) if quality is not None else None
    elif kind == "exercise":
        name = values.clean_text(_required(name, "exercise name", Msg.FORM_NAME), "name")
        number = values.parse_minutes(_required(value, "exercise", Msg.FORM_MINUTES), "exercise")
        intensity = values.parse_intensity(intensity) if intensity else None
    elif kind == "medication":
        name = values.clean_text(_required(name, "medication name", Msg.FORM_NAME), "name")
        number = values.parse_amount(_required(value, "dose", Msg.FORM_DOSE))
        unit = values.parse_unit(_required(unit, "unit", Msg.FORM_DOSE))
    elif kind == "therapy":
        name = values.clean_text(_required(name, "therapy name", Msg.FORM_NAME), "name")
        number = None if _blank(value) else values.parse_minutes(value, "therapy")  # type: ignore[arg-type]
    elif kind == "steps":
        number = values.parse_steps(_required(value, "steps", Msg.FORM_STEPS))
    elif kind == "heart-rate":
        number = values.parse_heart_rate(_required(value, "heart-rate", Msg.FORM_HEART_RATE))
    elif kind == "symptom":
        name = values.clean_text(_required(name, "symptom name", Msg.FORM_SYMPTOM_NAME), "name")
        number = values.parse_symptom(_required(value, "symptom", Msg.FORM_SYMPTOM))
        if _PAIN_WORD.search(name):  # SPEC "Symptoms and factors": pain stays the pain kind
            raise InvalidInput(_symptom_is_pain(name, number))
    elif kind == "factor":
        name = values.clean_text(_required(name, "factor name", Msg.FORM_FACTOR_NAME), "name")
        # No amount: "it happened that day". A unit needs an amount to be a unit of.
        number = None if _blank(value) else values.parse_factor_amount(value, source, unit)  # type: ignore[arg-type]
        if number is None and unit is not None:
            raise InvalidInput(say(Msg.MISSING, field="amount", accepted=Msg.FORM_FACTOR.value))
        unit = values.factor_unit(values.clean_text(unit, "unit")) if unit is not None else None
    elif kind == "side-effect":
        _refuse_unless_blank(kind, value=value)
        name = values.clean_text(_required(name, "medicine", Msg.FORM_NAME), "medicine")
        note = values.clean_text(_required(note, "what happened", Msg.FORM_TEXT), "what happened")
        intensity = values.parse_severity(intensity) if intensity else None
        number = None
    else:  # note
        _refuse_unless_blank(kind, value=value)
        note = values.clean_text(_required(note, "note", Msg.FORM_TEXT), "note")
        number = None
    if kind not in {"note", "side-effect"} and note is not None:
        note = values.clean_text(note, "note") if note.strip() else None
    if kind in FIXED_UNITS:
        unit = FIXED_UNITS[kind] if number is not None else None
    return Entry(
        kind=kind,
        at=stored_at,
        value=number,
        unit=unit,
        name=name,
        quality=quality,
        location=tuple(values.clean_list(location, "location")),
        intensity=intensity,
        note=note,
        tags=tuple(values.clean_list(tags, "tags")),
        trigger=tuple(values.clean_list(trigger, "trigger")),
        relief=tuple(values.clean_list(relief, "relief")),
        source=source,
        source_key=source_key,
        id=(id or "").strip() or new_id(),
        contains=values.clean_text(contains, "--contains") if contains else None,
        wear=values.parse_wear(wear) if wear is not None else None,
    )


# A symptom named for pain ("pain", "back pain", "joint pains") is pain, logged as pain with its
# place: "headache" and other aches stay symptoms (SPEC's starter list names headache).
_PAIN_WORD = re.compile(r"\bpain(?:s|ful)?\b", re.IGNORECASE)


def _symptom_is_pain(name: str, number: float) -> str:
    place = " ".join(_PAIN_WORD.sub(" ", name).split())
    example = f"{number:g}" + (f" --where {shlex.quote(place)}" if place else "")
    options = "" if place else Msg.SYMPTOM_IS_PAIN_OPTIONS.value
    return say(Msg.SYMPTOM_IS_PAIN, given=name, example=example, options=options)


def _required(given: Any, field_name: str, accepted: Msg) -> Any:
    # Any: a word typed, a CSV cell or a JSON value; the parser it is handed to checks it.
    if _blank(given):
        raise InvalidInput(say(Msg.MISSING, field=field_name, accepted=accepted.value))
    return given


def _is_dose(text: str) -> bool:
    try:
        values.parse_dose(text)
    except InvalidInput:
        return False
    return True


def split_words(kind: str, words: Sequence[str]) -> dict[str, Any]:
    """What a person types after the kind, as fields: ``walk 30m`` -> name walk, value 30m.

    - pain / mood / sleep: the value
    - exercise: activity name (several words allowed) then a duration
    - medication: name then a dose (``400mg``, ``1.5 tablet``)
    - therapy: name then, optionally, a duration
    - note: the words are the note
    """
    kind = parse_kind(kind)
    text = " ".join(words).strip()
    if kind == "note":
        return {"note": text}
    words = text.split()  # "ibuprofen 400mg" typed in quotes is two words too
    if kind in {"pain", "mood", "sleep", "steps", "heart-rate"}:
        return {"value": text}
    if kind == "symptom":
        return _symptom_words(words)
    if kind == "factor":
        return _factor_words(words)
    if kind == "medication":
        if words and _is_dose(text):  # `add med "" 30mg`: a dose with no name before it
            raise InvalidInput(say(Msg.MISSING, field="name", accepted=Msg.FORM_MED_NAME.value))
        for index in range(1, len(words)):
            if words[index][:1].isdigit() or words[index][:1] == ".":
                amount, unit = values.parse_dose(" ".join(words[index:]))
                return {"name": " ".join(words[:index]), "value": amount, "unit": unit}
        # No dose: ``add med NAME`` takes the plan's dose; make_entry refuses it otherwise.
        return {"name": text} if text else {}
    for index in range(1, len(words)):
        if values.looks_like_duration(" ".join(words[index:])):
            return {"name": " ".join(words[:index]), "value": " ".join(words[index:])}
    if kind == "exercise" and words:
        raise InvalidInput(say(Msg.MISSING, field="exercise", accepted=Msg.FORM_MINUTES.value))
    return {"name": text}


_AMOUNT_AND_UNIT = re.compile(r"(-?\d+(?:\.\d+)?|-?\.\d+)\s*([^\d\s].*)?")


def _symptom_words(words: Sequence[str]) -> dict[str, object]:
    """``brain fog 6`` -> name brain fog, value 6 (the rating is the last word; ``6/10`` too)."""
    text = " ".join(words)
    rating = re.search(r"\s(\S+(?:\s*(?:/|out of|of)\s*10)?)$", " " + text, re.IGNORECASE)
    if rating and re.match(r"-?\.?\d", rating.group(1)):
        name = text[: len(text) - len(rating.group(1))].strip()
        if not name:
            raise InvalidInput(say(Msg.MISSING, field="name", accepted=Msg.FORM_SYMPTOM_NAME.value))
        return {"name": name, "value": rating.group(1)}
    if not text:
        return {}
    if len(words) == 1:  # a name alone: the rating is what is missing
        raise InvalidInput(say(Msg.MISSING, field="symptom", accepted=Msg.FORM_SYMPTOM.value))
    # "nausea six", "nausea severe": something came where the rating goes.
    raise InvalidInput(say(Msg.SYMPTOM_NO_RATING, given=text, accepted=Msg.FORM_SYMPTOM.value))


def _factor_words(words: Sequence[str]) -> dict[str, object]:
    """``alcohol 2 drinks`` -> name, amount, unit; ``caffeine`` -> the name alone."""
    for index in range(len(words)):
        match = _AMOUNT_AND_UNIT.fullmatch(" ".join(words[index:]))
        if match:
            if index == 0:
                raise InvalidInput(
                    say(Msg.MISSING, field="name", accepted=Msg.FORM_FACTOR_NAME.value)
                )
            found: dict[str, object] = {"name": " ".join(words[:index]), "value": match[1]}
            if match[2]:
                found["unit"] = match[2].strip()
            return found
    return {"name": " ".join(words)} if words else {}


def value_changes(words: Sequence[str], kind: str) -> dict[str, object]:
    """What ``painlog edit ID WORDS`` changes: a bare duration or dose keeps the name."""
    text = " ".join(words).strip()
    if not text:
        return {}
    if kind == "medication" and (text[:1].isdigit() or text[:1] == "."):
        amount, unit = values.parse_dose(text)
        return {"value": amount, "unit": unit}
    if kind in {"exercise", "therapy"} and values.looks_like_duration(text):
        return {"value": text}
    if kind == "symptom" and re.match(r"-?\.?\d", text):
        return {"value": text}  # a bare rating keeps the name
    if kind == "factor":
        match = _AMOUNT_AND_UNIT.fullmatch(text)
        if match:
            # A bare amount keeps the unit ("edit ID 5" on "coffee 3 cups" means 5 cups).
            unit = (match[2] or "").strip()
            return {"value": match[1], "unit": unit} if unit else {"value": match[1]}
    return split_words(kind, words)


# --- storage ---------------------------------------------------------------------------------


def undo_label(entries: Sequence[Entry], replaces: Sequence[str] = ()) -> str:
    """How ``painlog undo`` names the saving of ``entries`` (``record.store``'s default)."""
    if len(entries) == 1:
        label = f"add {entries[0].describe()}"
        return f"{label}, replacing {len(replaces)}" if replaces else label
    return f"add {len(entries)} entries"


def add_entries(journal: Journal, entries: Iterable[Entry]) -> int:
    """Store all of ``entries`` in one transaction, unchecked; returns how many. For tests and
    benchmarks that build a journal: every route a person's entry takes is the gate's
    (``painlog.record.store``, after its checks)."""
    entries = list(entries)
    rows = [entry.as_row() for entry in entries]
    with transaction(journal, undo=undo_label(entries)):
        journal["entries"].insert_all(rows)
    return len(rows)


def find_entry(journal: Journal, prefix: str) -> Entry:
    """The one entry whose id starts with ``prefix`` (as git finds commits)."""
    wanted = prefix.strip()  # ids are lowercase UUIDs, matched as stored (issue 16)
    if not wanted:
        raise invalid("id", prefix, Msg.FORM_ID)
    rows = rows_by_id_prefix(journal, "entries", wanted)
    if not rows:
        raise InvalidInput(say(Msg.NO_SUCH_ID, given=prefix, accepted=Msg.FORM_ID.value))
    if len(rows) > 1:
        examples = ", ".join(row["id"][: max(8, len(wanted) + 4)] for row in rows[:3])
        count = "4 or more" if len(rows) > 3 else len(rows)
        raise InvalidInput(say(Msg.AMBIGUOUS_ID, given=prefix, count=count, examples=examples))
    return Entry.from_row(rows[0])


def list_entries(
    journal: Journal,
    kind: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = None,
) -> list[Entry]:
    """Entries in time order, oldest first; ``since``/``until`` are inclusive days.

    With ``limit``, the newest ``limit`` entries (still oldest first).
    """
    where, params = period_filter(kind, since, until)
    newest = f"SELECT * FROM entries {where} ORDER BY julianday(at) DESC, id DESC"
    if limit:
        newest += f" LIMIT {int(limit)}"
    sql = f"SELECT * FROM ({newest}) ORDER BY julianday(at), id"
    return [Entry.from_row(row) for row in journal.query(sql, params)]


def count_entries(
    journal: Journal, kind: str | None = None, since: date | None = None, until: date | None = None
) -> int:
    where, params = period_filter(kind, since, until)
    return journal.execute(f"SELECT count(*) FROM entries {where}", params).fetchone()[0]


def period_filter(
    kind: str | None, since: date | None, until: date | None
) -> tuple[str, dict[str, str]]:
    """A WHERE clause over the indexed ``kind`` and ``day`` columns."""
    clauses, params = [], {}
    if kind:
        clauses.append("kind = :kind")
        params["kind"] = parse_kind(kind)
    if since:
        clauses.append("day >= :since")
        params["since"] = since.isoformat()
    if until:
        clauses.append("day <= :until")
        params["until"] = until.isoformat()
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def delete_entry(journal: Journal, entry: Entry) -> None:
    with transaction(journal, undo=f"delete {entry.describe()}"):
        journal["entries"].delete(entry.id)


def changed_fields(before: Entry, after: Entry) -> list[str]:
    """The fields an edit changed, by name (``note``, ``tags``): what a line that describes
    both may not show."""
    return [
        name.replace("_", " ")
        for name in (*FIELDS, *EXTRA_FIELDS)
        if getattr(before, name) != getattr(after, name)
    ]


def edited(entry: Entry, changes: dict[str, object], now: datetime | None = None) -> Entry:
    """``entry`` with ``changes`` applied, validated by the same rules as a new entry."""
    if not changes:
        raise InvalidInput(Msg.NOTHING_TO_CHANGE.value)
    fields = {name: getattr(entry, name) for name in (*FIELDS, *EXTRA_FIELDS) if name != "kind"}
    fields.update(changes)
    if "at" not in changes:
        # The moment stays as stored: an entry from a device whose clock ran ahead (SPEC "Many
        # devices") is edited here without its untouched moment being called the future.
        now = max(now or local_now(), datetime.fromisoformat(entry.at))
    return make_entry(entry.kind, now=now, **fields)
