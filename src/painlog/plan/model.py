"""Plan items and their versions.

An item (a scheduled medicine, an as-needed medicine, a home exercise or a therapy) is a list
of versions sharing one ``item`` id. A version holds from its ``day`` (inclusive) until the
item's next version (exclusive); a stop is a version too, with ``action = 'stop'``. Nothing is
ever rewritten, so adherence for an old week uses the version that held then.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from painlog.errors import InvalidInput, invalid
from painlog.journal import values
from painlog.journal.entries import format_number, new_id, parse_kind
from painlog.journal.timeparse import iso_day, iso_moment, local_now, parse_clock, stamp
from painlog.messages import Msg, say
from painlog.plan.medicines import checked_contains
from painlog.store.db import Journal, transaction

PLAN_KINDS = ("medication", "exercise", "therapy")
SCHEDULED, AS_NEEDED, WEEKLY = "scheduled", "as_needed", "weekly"
ADD, CHANGE, STOP = "add", "change", "stop"
MAX_INTERVAL_HOURS = 72
MAX_PER_WEEK = 50

COLUMNS = (
    "id", "item", "action", "day", "kind", "name", "mode", "dose", "unit", "times", "per_week",
    "minutes", "max_daily", "max_daily_unit", "min_interval_hours", "by", "note", "created_at", "contains",
)  # fmt: skip


@dataclass(frozen=True)
class Version:
    item: str
    action: str
    day: str
    kind: str
    name: str
    mode: str | None = None
    dose: float | None = None
    unit: str | None = None
    times: tuple[str, ...] = ()
    per_week: int | None = None
    minutes: float | None = None
    max_daily: float | None = None
    max_daily_unit: str | None = None
    min_interval_hours: float | None = None
    by: str | None = None
    note: str | None = None
    contains: str | None = None  # what one unit holds (--contains), as medicines.py stores it
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=lambda: stamp(local_now()))

    @property
    def key(self) -> str:
        return self.name.lower()

    @property
    def start(self) -> date:
        return date.fromisoformat(self.day)

    @property
    def clock_times(self) -> list[time]:
        return [time.fromisoformat(text) for text in self.times]

    @property
    def interval(self) -> timedelta | None:
        hours = self.min_interval_hours
        return timedelta(hours=hours) if hours else None

    def as_row(self) -> dict[str, object]:
        row = asdict(self)
        row["times"] = json.dumps(list(self.times)) if self.times else None
        return row

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["times"] = list(self.times)
        return {name: data[name] for name in COLUMNS}

    @classmethod
    def from_row(cls, row: dict) -> Version:
        data: dict[str, Any] = {name: row.get(name) for name in COLUMNS}
        data["times"] = tuple(json.loads(data["times"])) if data["times"] else ()
        return cls(**data)

    def dose_text(self) -> str:
        return f"{format_number(self.dose)} {self.unit}" if self.dose is not None else ""

    def describe(self) -> str:
        """``gabapentin 300 mg at 08:00, 20:00`` - what the version asks for, in words."""
        if self.action == STOP:
            return f"{self.name}: stopped"
        if self.mode == SCHEDULED:
            held = f" (each {self.unit}: {self.contains})" if self.contains else ""
            return f"{self.name} {self.dose_text()} at {', '.join(self.times)}{held}"
        if self.mode == AS_NEEDED:
            limits = []
            if self.max_daily is not None:
                limits.append(
                    f"at most {format_number(self.max_daily)} {self.max_daily_unit} a day"
                )
            if self.min_interval_hours:
                limits.append(f"{format_number(self.min_interval_hours)} h apart")
            dose = f" {self.dose_text()}" if self.dose is not None else ""
            if self.contains:
                limits.append(f"each {self.unit}: {self.contains}")
            return f"{self.name}{dose} as needed" + (f" ({', '.join(limits)})" if limits else "")
        times = "once a week" if self.per_week == 1 else f"{self.per_week} times a week"
        minutes = f", {format_number(self.minutes)} min or more" if self.minutes else ""
        return f"{self.name} {times}{minutes}"


@dataclass(frozen=True)
class Span:
    """A version and the days it holds: ``start`` inclusive, ``end`` exclusive (None: open)."""

    version: Version
    start: date
    end: date | None

    def holds(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def held(self, first: int, last: int) -> range:
        """The ordinals of the days in ``first``..``last`` (ordinals too) this span holds."""
        end = last + 1 if self.end is None else min(last + 1, self.end.toordinal())
        return range(max(first, self.start.toordinal()), end)


# --- reading the plan ------------------------------------------------------------------------


def load(journal: Journal) -> list[Version]:
    """Every version, in the order they hold (a plan is a few dozen rows at most)."""
    if "plan" not in journal.table_names():
        return []
    rows = journal.query("SELECT * FROM plan ORDER BY day, created_at, rowid")
    return [Version.from_row(row) for row in rows]


def _order(version: Version) -> tuple[str, float, str]:
    """Which of an item's versions holds: the later day, then the one made later (as an
    instant, whatever the offset it was written in), then the id, so that two versions made
    in the same second on two devices leave the same one in force on every device."""
    try:
        made = datetime.fromisoformat(version.created_at).timestamp()
    except (TypeError, ValueError):
        made = 0.0
    return version.day, made, version.id


def made_after(journal: Journal, item: str) -> str:
    """A ``created_at`` for a new version of ``item``: now, or just after the newest version
    of the item when this device's clock is behind it (a device whose clock is slow still
    makes a change that holds; SPEC "Many devices, one journal")."""
    now = local_now()
    newest = journal.execute("SELECT created_at FROM plan WHERE item = ?", (item,)).fetchall()
    for (text,) in newest:
        try:
            other = datetime.fromisoformat(text)
        except (TypeError, ValueError):
            continue
        if other >= now:
            now = (other + timedelta(seconds=1)).astimezone(now.tzinfo)
    return stamp(now)


def by_item(versions: Sequence[Version]) -> dict[str, list[Version]]:
    items: dict[str, list[Version]] = {}
    for version in sorted(versions, key=_order):
        items.setdefault(version.item, []).append(version)
    return items


def spans(versions: Sequence[Version]) -> list[Span]:
    """The days each non-stop version holds, over all items, oldest first."""
    found = []
    for item_versions in by_item(versions).values():
        for index, version in enumerate(item_versions):
            following = item_versions[index + 1 :]
            end = following[0].start if following else None
            if version.action != STOP and (end is None or end > version.start):
                found.append(Span(version, version.start, end))
    return sorted(found, key=lambda span: (span.start, span.version.name.lower()))


def in_force(versions: Sequence[Version], day: date) -> list[Span]:
    return [span for span in spans(versions) if span.holds(day)]


def in_force_for(versions: Sequence[Version], kind: str, name: str, day: date) -> Span | None:
    key = name.strip().lower()
    for span in in_force(versions, day):
        if span.version.kind == kind and span.version.key == key:
            return span
    return None


def events(versions: Sequence[Version], since: date, until: date) -> list[Version]:
    """Starts, changes and stops dated inside the period (chart markers, the report)."""
    return [v for v in versions if since.isoformat() <= v.day <= until.isoformat()]


def marker_label(version: Version, previous: Version | None) -> str:
    """Short words for a chart marker: ``duloxetine 60 mg``, ``CBT start``, ``naproxen stop``."""
    if version.action == STOP:
        return f"{version.name} stop"
    if previous is None or previous.action == STOP:
        return f"{version.name} start"
    if version.dose is not None and version.dose != previous.dose:
        return f"{version.name} {version.dose_text()}"
    return f"{version.name} change"


def markers(versions: Sequence[Version], since: date, until: date) -> list[tuple[date, str]]:
    """(day, label) for every start, change and stop in the period, oldest first."""
    items = by_item(versions)
    found = []
    for version in events(versions, since, until):
        history = items[version.item]
        index = history.index(version)
        found.append((version.start, marker_label(version, history[index - 1] if index else None)))
    return found


def latest_item(versions: Sequence[Version], name: str) -> list[Version] | None:
    """The versions of the most recently started item with this name."""
    key = name.strip().lower()
    found = [vs for vs in by_item(versions).values() if vs[0].key == key]
    return max(found, key=lambda vs: vs[0].day) if found else None


# --- parsing what a person types -------------------------------------------------------------


def parse_plan_kind(text: str) -> str:
    try:
        kind = parse_kind(text)
    except InvalidInput:
        kind = ""
    if kind not in PLAN_KINDS:
        raise invalid("plan item", text, Msg.FORM_PLAN_KIND)
    return kind


def parse_times(text: str) -> tuple[str, ...]:
    """``08:00,20:00`` (or ``8am; 8pm``) -> ('08:00', '20:00'), sorted, each once."""

    found: set[str] = set()
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        clock = parse_clock(part)
        if clock is None:
            raise invalid("--times", part.strip(), Msg.FORM_TIMES)
        found.add(clock.strftime("%H:%M"))
    if not found:
        raise invalid("--times", text, Msg.FORM_TIMES)
    return tuple(sorted(found))


def parse_interval(text: str) -> float:
    """``6h``, ``4h30m``, ``90m``, ``6`` (hours) -> hours."""
    minutes = values.duration_minutes(text, bare_unit_minutes=60)
    if minutes is None or not 0 < minutes <= MAX_INTERVAL_HOURS * 60:
        raise invalid("--min-interval", text, Msg.FORM_INTERVAL)
    return round(minutes / 60, 4)


def parse_per_week(text: str | int) -> int:
    given = str(text).strip()
    if isinstance(text, bool) or not (given.isascii() and given.isdigit()):  # "³" is a digit
        raise invalid("--per-week", given, Msg.FORM_PER_WEEK)
    if not 1 <= int(given) <= MAX_PER_WEEK:
        raise invalid("--per-week", given, Msg.FORM_PER_WEEK)
    return int(given)


@dataclass
class Options:
    """What ``plan add``/``plan change`` were given (None: not given)."""

    dose: str | None = None
    times: str | None = None
    as_needed: bool | None = None
    max_daily: str | None = None
    min_interval: str | None = None
    per_week: str | None = None
    minutes: str | None = None
    by: str | None = None
    note: str | None = None
    contains: str | None = None


def _apply(version: Version, options: Options) -> Version:
    """``version`` with ``options`` applied, then checked as a whole."""
    changes: dict[str, object] = {}
    if version.kind == "medication":
        if options.dose is not None:
            changes["dose"], changes["unit"] = values.parse_dose(options.dose)
        if options.times is not None:
            changes.update(mode=SCHEDULED, times=parse_times(options.times))
            changes.update(max_daily=None, max_daily_unit=None, min_interval_hours=None)
        if options.as_needed:
            if options.times is not None:
                raise InvalidInput(Msg.PLAN_TIMES_OR_AS_NEEDED.value)
            changes.update(mode=AS_NEEDED, times=())
        if options.max_daily is not None:
            changes["max_daily"], changes["max_daily_unit"] = values.parse_dose(options.max_daily)
        if options.min_interval is not None:
            changes["min_interval_hours"] = parse_interval(options.min_interval)
        if options.contains is not None:
            changes["contains"] = checked_contains(options.contains)
    else:
        for option in ("dose", "times", "as_needed", "max_daily", "min_interval", "contains"):
            if getattr(options, option):
                flag = "--" + option.replace("_", "-")
                raise InvalidInput(say(Msg.PLAN_OPTION_NOT_FOR, option=flag, kind=version.kind))
        changes["mode"] = WEEKLY
        if options.per_week is not None:
            changes["per_week"] = parse_per_week(options.per_week)
        if options.minutes is not None:
            changes["minutes"] = values.parse_minutes(options.minutes, "--minutes")
    if options.per_week is not None and version.kind == "medication":
        raise InvalidInput(say(Msg.PLAN_OPTION_NOT_FOR, option="--per-week", kind="medication"))
    if options.minutes is not None and version.kind == "medication":
        raise InvalidInput(say(Msg.PLAN_OPTION_NOT_FOR, option="--minutes", kind="medication"))
    if options.by is not None:
        changes["by"] = values.clean_text(options.by, "--by", Msg.FORM_NAME)
    if options.note is not None:
        changes["note"] = values.clean_text(options.note, "--note")
    return _checked(replace(version, **changes))  # type: ignore[arg-type]


def _checked(version: Version) -> Version:
    """The rules that hold for a whole version, whichever options built it."""
    if version.kind != "medication":
        if version.per_week is None:
            raise InvalidInput(say(Msg.MISSING, field="--per-week", accepted=Msg.FORM_PER_WEEK))
        return version
    if version.dose is None:
        raise InvalidInput(say(Msg.MISSING, field="dose", accepted=Msg.FORM_DOSE))
    if version.mode is None:
        raise InvalidInput(Msg.PLAN_TIMES_OR_AS_NEEDED.value)
    if version.mode == SCHEDULED and (version.max_daily is not None or version.min_interval_hours):
        raise InvalidInput(Msg.PLAN_LIMITS_AS_NEEDED_ONLY.value)
    if version.max_daily is not None and version.max_daily_unit != version.unit:
        raise InvalidInput(
            say(
                Msg.PLAN_LIMIT_UNIT,
                given=f"{format_number(version.max_daily)} {version.max_daily_unit}",
                unit=version.unit,
            )
        )
    return version


def split_name_and_dose(kind: str, words: Sequence[str]) -> tuple[str, str | None]:
    """``gabapentin 300mg`` -> ('gabapentin', '300mg'); ``home exercises`` -> (whole, None)."""
    for index in range(1, len(words)):
        if kind == "medication" and (words[index][:1].isdigit() or words[index][:1] == "."):
            return " ".join(words[:index]).strip(), " ".join(words[index:])
    return " ".join(words).strip(), None


def split_item_words(versions: Sequence[Version], words: Sequence[str]) -> tuple[str, list[str]]:
    """``home exercises`` or ``gabapentin 600mg`` -> (the item's name, the rest): the longest
    start of the words that names an item, else everything before the first number."""
    names = {v.key for v in versions}
    for end in range(len(words), 0, -1):
        if " ".join(words[:end]).strip().lower() in names:
            return " ".join(words[:end]), list(words[end:])
    name, dose = split_name_and_dose("medication", words)
    return name, [dose] if dose else []


def new_item(kind: str, words: Sequence[str], day: date, options: Options) -> Version:
    kind = parse_plan_kind(kind)
    name, dose = split_name_and_dose(kind, words)
    name = values.clean_text(name, "name", Msg.FORM_NAME)
    if dose is not None:
        options.dose = dose
    blank = Version(item=new_id(), action=ADD, day=day.isoformat(), kind=kind, name=name)
    return _apply(blank, options)


def add_item(journal: Journal, version: Version) -> Version:
    """Store a new item, unless one of that name is in force on or after its first day."""
    with transaction(journal, undo=f"plan add {version.describe()} from {version.day}"):
        versions = load(journal)
        current = latest_item(versions, version.name)
        if current is not None:
            last = current[-1]
            if last.action != STOP or last.day > version.day:
                raise InvalidInput(
                    say(Msg.PLAN_DUPLICATE, name=current[0].name, day=current[0].day)
                )
        journal["plan"].insert(version.as_row())
    return version


def change_item(
    journal: Journal, name: str, words: Sequence[str], day: date, options: Options
) -> tuple[Version, Version]:
    """(the version that held on ``day``, the new one), stored in one transaction."""
    with transaction(journal, undo=f"plan change of {name} from {day.isoformat()}"):
        held = _holding(journal, name, day, "plan change")
        if words:
            _, dose = split_name_and_dose(held.kind, ["_", *words])
            options.dose = dose if dose is not None else " ".join(words)
            if held.kind != "medication":
                raise InvalidInput(say(Msg.PLAN_OPTION_NOT_FOR, option="DOSE", kind=held.kind))
        # Who asked and why belong to each version: a change says its own, or nothing.
        updated = _apply(replace(held, by=None, note=None), options)
        if _same_plan(updated, held):
            raise InvalidInput(Msg.PLAN_NOTHING_TO_CHANGE.value)
        version = replace(
            updated, action=CHANGE, day=day.isoformat(), id=new_id(),
            created_at=made_after(journal, held.item),
        )  # fmt: skip
        journal["plan"].insert(version.as_row())
    return held, version


def stop_item(journal: Journal, name: str, day: date) -> Version:
    with transaction(journal, undo=f"plan stop of {name} from {day.isoformat()}"):
        held = _holding(journal, name, day, "plan stop")
        version = Version(
            item=held.item, action=STOP, day=day.isoformat(), kind=held.kind, name=held.name,
            created_at=made_after(journal, held.item),
        )  # fmt: skip
        journal["plan"].insert(version.as_row())
    return version


def _same_plan(one: Version, other: Version) -> bool:
    ignore = {"id", "item", "action", "day", "created_at", "by", "note"}
    return all(getattr(one, name) == getattr(other, name) for name in COLUMNS if name not in ignore)


def _holding(journal: Journal, name: str, day: date, command: str) -> Version:
    """The version of item ``name`` that holds on ``day``, or a clear refusal."""
    versions = load(journal)
    item = latest_item(versions, name)
    if item is None:
        names = sorted({v.name for v in versions}, key=str.lower)
        known = ", ".join(names) if names else "nothing yet (add an item with 'painlog plan add')"
        raise InvalidInput(say(Msg.PLAN_UNKNOWN, given=name, known=known))
    if day < item[0].start:
        raise InvalidInput(
            say(Msg.PLAN_BEFORE_START, command=command, given=day, name=item[0].name,
                start=item[0].day)
        )  # fmt: skip
    held = [v for v in item if v.start <= day][-1]
    if held.action == STOP:
        raise InvalidInput(say(Msg.PLAN_STOPPED, name=held.name, day=held.day))
    return held


def add_versions(journal: Journal, versions: Sequence[Version]) -> int:
    """Store versions as they are (JSON import); the caller holds the transaction."""
    journal["plan"].insert_all([version.as_row() for version in versions])
    return len(versions)


def planned_dose(journal: Journal, name: str, day: date) -> tuple[float, str] | None:
    """The dose of the medicine's version in force on ``day`` (for ``add med NAME``)."""
    from painlog.journal.names import counted_name

    span = in_force_for(load(journal), "medication", counted_name(journal, "medication", name), day)
    if span is None or span.version.dose is None:
        return None
    return span.version.dose, span.version.unit or ""


def version_from_record(record: dict) -> Version:
    """A version from a JSON export record, checked by the same rules (the same parsers) as
    one made by ``plan add``/``plan change``/``plan stop``; a wrong type names its field."""

    def text(name: str, optional: bool = True) -> str | None:
        return values.typed(record.get(name), name, "text", optional)  # type: ignore[return-value]

    action = text("action", optional=False)
    if action not in (ADD, CHANGE, STOP):
        raise InvalidInput(f"action: '{action}' is not add, change or stop.")
    kind = parse_plan_kind(text("kind", optional=False) or "")
    item, version_id = text("item", optional=False), text("id", optional=False)
    if not (item or "").strip() or not (version_id or "").strip():
        raise InvalidInput("id and item are needed.")
    created_at = text("created_at", optional=False) or ""
    iso_moment(created_at, "created_at")
    base = Version(
        item=item or "", action=action, day=iso_day(record.get("day"), "day").isoformat(),
        kind=kind, name=values.clean_text(text("name", optional=False) or "", "name",
                                          Msg.FORM_NAME),
        id=version_id or "", created_at=created_at,
    )  # fmt: skip
    if action == STOP:
        return base
    changes: dict[str, object] = {"mode": text("mode")}
    for name in ("dose", "max_daily", "minutes", "min_interval_hours"):
        values.typed(record.get(name), name, "number")
    if record.get("dose") is not None:
        changes["dose"] = values.parse_amount(record["dose"])
        changes["unit"] = values.parse_unit(text("unit", optional=False) or "")
    if record.get("max_daily") is not None:
        changes["max_daily"] = values.parse_amount(record["max_daily"])
        changes["max_daily_unit"] = values.parse_unit(text("max_daily_unit", optional=False) or "")
    if record.get("min_interval_hours") is not None:
        changes["min_interval_hours"] = parse_interval(str(record["min_interval_hours"]))
    times = values.typed(record.get("times"), "times", "words")
    if times:
        changes["times"] = parse_times(",".join(times))  # type: ignore[arg-type]
    if record.get("per_week") is not None:
        values.typed(record["per_week"], "per_week", "whole number")
        changes["per_week"] = parse_per_week(int(record["per_week"]))
    if record.get("minutes") is not None:
        changes["minutes"] = values.parse_minutes(str(record["minutes"]), "minutes")
    if record.get("contains") is not None:
        changes["contains"] = checked_contains(record.get("contains"))
    for name in ("by", "note"):
        if text(name) is not None:
            accepted = Msg.FORM_NAME if name == "by" else Msg.FORM_TEXT
            changes[name] = values.clean_text(text(name) or "", name, accepted)
    modes = (SCHEDULED, AS_NEEDED) if kind == "medication" else (WEEKLY,)
    if changes["mode"] not in modes:
        shown = " or ".join(modes)
        raise InvalidInput(f"mode: '{changes['mode']}' is not {shown} for a {kind} item.")
    if changes["mode"] == SCHEDULED and not times:
        raise InvalidInput(Msg.PLAN_TIMES_OR_AS_NEEDED.value)
    if changes["mode"] != SCHEDULED and times:
        raise InvalidInput(Msg.PLAN_TIMES_OR_AS_NEEDED.value)
    if kind != "medication":
        for name in ("dose", "max_daily", "min_interval_hours"):
            if record.get(name) is not None:
                raise InvalidInput(say(Msg.PLAN_OPTION_NOT_FOR, option=name, kind=kind))
    elif record.get("per_week") is not None or record.get("minutes") is not None:
        raise InvalidInput(say(Msg.PLAN_OPTION_NOT_FOR, option="per_week", kind=kind))
    return _checked(replace(base, **changes))  # type: ignore[arg-type]
