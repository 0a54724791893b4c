"""The journal's medicine-safety facts per day: MME, an opioid with a benzodiazepine, and
acetaminophen across products (SPEC.md "Function, mood screening and medicine safety").

``medicines.py`` knows what a dose holds and how a day adds up; this module reads the doses
(one SQL query over the indexed ``kind, day`` columns, ordered by day), finds each dose's
``--contains`` (the entry's own, else the plan version in force that day for that name) and the
person's own acetaminophen limit (the ``--max-daily`` of an acetaminophen-only plan item), and
hands the days to ``medicines``. Nothing is guessed: a dose of unknown strength is named.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from painlog.errors import invalid
from painlog.journal.entries import Entry, format_number
from painlog.journal.names import counted_for, counted_name, names_as_first_written
from painlog.journal.values import parse_wear as parsed
from painlog.messages import Msg, count, say
from painlog.plan.medicine_table import RATE_INGREDIENTS, SOURCES
from painlog.plan.medicines import (
    ACETAMINOPHEN,
    ACETAMINOPHEN_LIMIT_MG,
    MG,
    DoseContents,
    MmeDay,
    _key,
    acetaminophen_limit,
    checked_contains,
    classified,
    contains_text,
    converted,
    daily_mme,
    dose_contents,
    known_contents,
    over_limit,
    parse_contains,
    week_safety,
)
from painlog.plan.model import Span, Version, in_force, load, spans
from painlog.store.db import Journal, transaction

# ``julian``: the moment as SQLite's Julian day (the order of the doses, worked out once): for a
# moment written with its offset, as every entry is stored (``YYYY-MM-DDTHH:MM:SS+HH:MM``), it
# gives the whole seconds since 1970 that ``datetime.fromisoformat(at).timestamp()`` gives
# (``_seconds``); a moment in any other form is parsed by Python.
DOSES_SQL = """
    SELECT day, name, value, unit, contains, at, wear, julianday(at) AS julian FROM entries
    WHERE kind = 'medication' AND day BETWEEN :since AND :until AND value IS NOT NULL
    ORDER BY julian
"""
_STORED_MOMENT = len("2026-01-01T00:00:00+00:00")
_UNIX_EPOCH_JULIAN = 2440587.5


def _seconds(at: str, julian: float) -> int | None:
    """``at`` as whole seconds since 1970 from its Julian day (exact: a Julian day near today
    is within 0.0001 s of the moment), when ``at`` is a stored moment with its offset."""
    if len(at) != _STORED_MOMENT:
        return None
    return round((julian - _UNIX_EPOCH_JULIAN) * 86400.0)


# Every dose that says what one unit holds (few rows: most doses say nothing), oldest first: a
# dose's --contains counts for later doses of the same name (SPEC).
# ``{key}``: ``names.counted_for`` (``COUNTED``, or plain ``lower(name)`` without aliases).
DECLARED_SQL = """
    SELECT {key} AS key, at, contains, julianday(at) AS julian FROM entries
    WHERE kind = 'medication' AND contains IS NOT NULL AND contains != ''
    ORDER BY julian
"""
# ``painlog med NAME --contains``: kept in settings as ``contains:medication:NAME`` (as aliases
# are), so it travels with the journal, is undone like any change and needs no schema change.
CONTAINS_PREFIX = "contains:medication:"
# How long one patch of a medicine is worn (``--wear 72h``), kept the same way: a patch dose
# counts on each day it is worn, not only on the day it is logged (SPEC).
WEAR_PREFIX = "wear:medication:"
# A plan item's ``--wear`` (``plan add/change … --wear``), kept apart from the medicine's so that
# a dose's own wear wins over the medicine's, which wins over the plan item's (SPEC; issue 25).
PLAN_WEAR_PREFIX = "wear:plan:"
WITHIN = timedelta(hours=24)
_MICROSECOND = timedelta(microseconds=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_WALL_EPOCH = datetime(1970, 1, 1)  # a moment without an offset is compared as written


def _micros(moment: datetime) -> int:
    """``moment`` as whole microseconds since 1970: two moments subtract as the datetimes do
    (with offsets, as instants; without, as wall clocks), in integers."""
    return (moment - (_EPOCH if moment.tzinfo else _WALL_EPOCH)) // _MICROSECOND


@lru_cache(maxsize=1024)
def _contents(name: str, amount: float, unit: str, contains: str | None) -> DoseContents:
    parts = parse_contains(contains) if contains else None
    return dose_contents(name, amount, unit or "", parts)


def _plan_contains(plan_spans: Sequence[Span], name: str, day: date) -> str | None:
    """What the plan's item of ``name`` in force on ``day`` says one unit holds, if any (as
    ``model.in_force_for``, over spans worked out once: this is asked once per dose)."""
    key = name.strip().lower()
    for span in plan_spans:
        if span.version.kind == "medication" and span.version.key == key and span.holds(day):
            return span.version.contains
    return None


class Declared:
    """What the person said one unit of each medicine holds, outside a dose's own --contains:
    ``painlog med NAME --contains`` (timeless) and each earlier dose's ``--contains``."""

    def __init__(self, journal: Journal) -> None:
        self._counted = lambda name: counted_name(journal, "medication", name)
        self._keys: dict[str, str] = {}
        self.stated: dict[str, str] = {
            key[len(CONTAINS_PREFIX) :]: value
            for key, value in journal.execute(
                "SELECT key, value FROM settings WHERE key LIKE ? || '%'", (CONTAINS_PREFIX,)
            )
        }
        self.wear: dict[str, float] = _hours(journal, WEAR_PREFIX)
        self.plan_wear: dict[str, float] = _hours(journal, PLAN_WEAR_PREFIX)
        # the longest wear time any one dose was given (``add med … --wear``): how far back a
        # period must read, and how far apart two spans can start and still be compared (from
        # the partial index of the doses with a wear time: a few rows, not every dose)
        self.longest_dose_wear: float = journal.execute(
            "SELECT coalesce(max(wear), 0) FROM entries "
            "WHERE kind = 'medication' AND wear IS NOT NULL"
        ).fetchone()[0]
        self.doses: dict[str, list[tuple[float, str]]] = {}
        counted = counted_for(journal, "medication")
        for key, at, contains, julian in journal.execute(DECLARED_SQL.format(key=counted)):
            seconds = _seconds(at, julian)
            moment = datetime.fromisoformat(at).timestamp() if seconds is None else seconds
            self.doses.setdefault(key, []).append((moment, contains))
        # each name's moments, when in order (as read, almost always): a dose's latest earlier
        # --contains is then found by bisection, not by a scan from the first dose each time
        self._moments: dict[str, list[float]] = {}
        for key, earlier in self.doses.items():
            moments = [when for when, _ in earlier]
            if moments == sorted(moments):
                self._moments[key] = moments

    def counted(self, name: str) -> str:
        """The name a dose counts as (asked once per name)."""
        if name not in self._keys:
            self._keys[name] = self._counted(name)
        return self._keys[name]

    def for_dose(
        self, name: str, at: str, parsed: datetime | None = None, seconds: float | None = None
    ) -> str | None:
        """The latest earlier dose's --contains for ``name``, else what ``med`` states
        (``parsed``: ``at`` as a datetime, ``seconds``: its timestamp, when the caller has
        worked either out already)."""
        key = self.counted(name)
        earlier = self.doses.get(key)
        if earlier:
            moment = (
                seconds
                if seconds is not None
                else (parsed or datetime.fromisoformat(at)).timestamp()
            )
            found = None
            moments = self._moments.get(key)
            if moments is not None:
                index = bisect_right(moments, moment)
                if index:
                    found = earlier[index - 1][1]
            else:
                for when, contains in earlier:
                    if when > moment:
                        break
                    found = contains
            if found:
                return found
        return self.stated.get(key) or self.stated.get(name.strip().lower())

    def wear_of(self, key: str) -> float | None:
        """How long one patch of the medicine counted as ``key`` is worn: the medicine's wear
        time (``med NAME --wear``), else its plan item's (``plan add … --wear``), else None."""
        return self.wear.get(key) or self.plan_wear.get(key)

    @property
    def longest_wear(self) -> float:
        """The longest wear time said anywhere (hours; 0 if none)."""
        return max(
            max(self.wear.values(), default=0.0),
            max(self.plan_wear.values(), default=0.0),
            self.longest_dose_wear,
        )

    def said(self, name: str) -> tuple[str | None, float | None]:
        """What ``painlog med NAME`` (or the plan item's --wear) says of ``name``: (contents of
        one unit, wear hours)."""
        key = self.counted(name)
        lower = name.strip().lower()
        return (
            self.stated.get(key) or self.stated.get(lower),
            self.wear_of(key) or self.wear_of(lower),
        )


def _hours(journal: Journal, prefix: str) -> dict[str, float]:
    return {
        key[len(prefix) :]: float(value)
        for key, value in journal.execute(
            "SELECT key, value FROM settings WHERE key LIKE ? || '%'", (prefix,)
        )
    }


@dataclass(frozen=True)
class Statement:
    """What was said once of one medicine (JSON ``medicines``): ``painlog med NAME --contains
    … --wear …``, and its plan item's ``--wear`` (``plan_wear``)."""

    name: str
    contains: str | None = None
    wear: float | None = None
    plan_wear: float | None = None

    @property
    def id(self) -> str:  # the JSON reader's duplicate check: one statement per name
        return self.name.strip().lower()

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "contains": self.contains, "wear": self.wear,
                "plan_wear": self.plan_wear}  # fmt: skip


# settings prefix -> (the Statement's field, the option that says it)
_SAID = {
    CONTAINS_PREFIX: ("contains", "painlog med {name} --contains"),
    WEAR_PREFIX: ("wear", "painlog med {name} --wear"),
    PLAN_WEAR_PREFIX: ("plan_wear", "painlog plan change {name} --wear"),
}


def statements(journal: Journal) -> list[Statement]:
    """Every medicine something was said of once, by name: for the JSON export (settings are
    not exported otherwise, and a round trip must keep what the figures are made from)."""
    found: dict[str, dict[str, object]] = {}
    for prefix, (field_name, _) in _SAID.items():
        for key, value in journal.execute(
            "SELECT key, value FROM settings WHERE key LIKE ? || '%' ORDER BY key", (prefix,)
        ):
            given = value if prefix == CONTAINS_PREFIX else float(value)
            found.setdefault(key[len(prefix) :], {})[field_name] = given
    return [Statement(name, **said) for name, said in sorted(found.items())]  # type: ignore[arg-type]


def kept_statements(
    journal: Journal, given: Sequence[Statement]
) -> tuple[list[dict[str, object]], list[str]]:
    """An import's ``medicines`` kept as written: (settings rows to add, notes). What the
    journal already says of a medicine is never overwritten: a different value gets a Note."""

    rows: dict[str, dict[str, object]] = {}
    notes: list[str] = []
    for statement in given:
        name = counted_name(journal, "medication", statement.name)
        for prefix, (field_name, option) in _SAID.items():
            said = getattr(statement, field_name)
            if said is None:
                continue
            value = said if prefix == CONTAINS_PREFIX else f"{said:g}"
            key = prefix + name
            row = journal.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            kept = row[0] if row else rows.get(key, {}).get("value")
            if kept is None:
                rows[key] = {"key": key, "value": value}
            elif kept != value:
                hours = "" if prefix == CONTAINS_PREFIX else " h"
                notes.append(say(Msg.IMPORT_MED_KEPT, name=statement.name, kept=f"{kept}{hours}",
                                 given=f"{value}{hours}",
                                 how=option.format(name=statement.name)))  # fmt: skip
    return list(rows.values()), notes


def stated_contains(journal: Journal, name: str) -> str | None:
    """What ``painlog med NAME --contains`` says one unit of ``name`` holds, if anything."""

    row = journal.execute(
        "SELECT value FROM settings WHERE key = ?",
        (CONTAINS_PREFIX + counted_name(journal, "medication", name),),
    ).fetchone()
    return row[0] if row else None


def _combined(
    doses: list[tuple[int, int, date, DoseContents]], longest_wear: float = 0.0
) -> tuple[set[date], set[date]]:
    """The days on which an opioid and a benzodiazepine (or a gabapentinoid) came within 24
    hours of each other, counted on the day of the later dose (SPEC). Each dose is a span
    (start, end, in ``_micros``) and the day it was logged on: a moment, or a patch from when
    it went on until it came off; two spans are within 24 hours when the gap between them is
    at most 24 hours (none when they overlap). Only doses of those three classes are compared
    (most doses are none of them)."""
    benzodiazepine: set[date] = set()
    gabapentinoid: set[date] = set()
    reach = (WITHIN + timedelta(hours=longest_wear)) // _MICROSECOND
    within = WITHIN // _MICROSECOND
    found = [
        (start, end, day, dose.opioid, dose.benzodiazepine, dose.gabapentinoid)
        for start, end, day, dose in doses
        if dose.benzodiazepine or dose.gabapentinoid or dose.opioid
    ]
    for index, (start, end, later, opioid, benzo, gaba) in enumerate(found):
        # ``later``: doses are in order of start, so this one started later
        for back in range(index - 1, -1, -1):  # the earlier doses, latest first (no copies)
            earlier_start, earlier_end, _, was_opioid, was_benzo, was_gaba = found[back]
            if start - earlier_start > reach:
                break
            if max(start, earlier_start) - min(end, earlier_end) > within:
                continue
            if (opioid and was_benzo) or (benzo and was_opioid):
                benzodiazepine.add(later)
            if (opioid and was_gaba) or (gaba and was_opioid):
                gabapentinoid.add(later)
    return benzodiazepine, gabapentinoid


def safety_days(
    journal: Journal,
    since: date,
    until: date,
    versions: Sequence[Version] | None = None,
    declared: Declared | None = None,
) -> dict[date, MmeDay]:
    """Each day from ``since`` to ``until`` with any medication dose: its ``MmeDay``.

    The day before ``since`` is read too, so that an opioid at 23:00 and a benzodiazepine at
    00:30 count on the first day of the period. ``declared``: the journal's ``Declared``, when
    the caller has read it already (a summary reads it once for this and ``not_known``)."""
    if versions is None:
        versions = load(journal)
    doses: dict[date, list[DoseContents]] = {}
    timed: list[tuple[int, int, date, DoseContents]] = []
    medicine_spans = [span for span in spans(versions) if span.version.kind == "medication"]
    if declared is None:
        declared = Declared(journal)
    # a patch worn up to 14 days counts on the days it is worn: read that far back
    longest = declared.longest_wear
    back = (max(longest, 24.0) // 24) + 1
    params = {"since": (since - timedelta(days=back)).isoformat(), "until": until.isoformat()}
    carried: list[tuple[str, date, float, DoseContents]] = []
    logged: set[tuple[str, date]] = set()
    # A dose's contents: its own --contains, else the plan item's in force that day (as
    # ``_plan_contains``, over each name's own spans, picked once: years of doses name few
    # medicines), else the latest earlier dose's of that name, else what ``med`` says.
    planned: dict[str, list[Span]] = {}
    parsed: dict[str, date] = {}  # each day's text parsed once (a day has a few doses)
    # each medicine's wear time, the medicine's own over its plan item's (``wear_of``), once
    wears = {**declared.plan_wear, **declared.wear}
    for day_text, name, value, unit, contains, at, own_wear, julian in journal.execute(
        DOSES_SQL, params
    ):
        day = parsed.get(day_text)
        if day is None:
            day = parsed[day_text] = date.fromisoformat(day_text)
        # ``at`` as seconds (or parsed) only for the doses that need it
        moment: datetime | None = None
        seconds: int | None = None
        held = contains
        if not held:
            own = planned.get(name)
            if own is None:
                key = name.strip().lower()
                own = planned[name] = [sp for sp in medicine_spans if sp.version.key == key]
            for span in own:
                if span.holds(day):
                    held = span.version.contains
                    break
            if not held:
                seconds = _seconds(at, julian)
                if seconds is None:
                    moment = datetime.fromisoformat(at)
                held = declared.for_dose(name, at, moment, seconds)
        found = _contents(name, float(value), unit or "", held)
        if day >= since:
            doses.setdefault(day, []).append(found)
        key = declared.counted(name)
        logged.add((key, day))
        # the dose's own --wear wins over the medicine's, which wins over the plan item's
        wear: float = own_wear or wears.get(key) or 0.0
        # the combination test compares only doses of its three classes (most doses are none)
        compared = found.opioid or found.benzodiazepine or found.gabapentinoid
        patch = wear > 0 and _is_patch(unit or "", found)
        if patch:
            carried.append((key, day, wear, found))
        if compared:
            if seconds is None and moment is None:
                seconds = _seconds(at, julian)
            if seconds is None:
                when = _micros(moment or datetime.fromisoformat(at))
            else:
                when = seconds * 1_000_000
            # a patch is on until it comes off: the combination test sees the whole span
            worn_for = timedelta(hours=wear) // _MICROSECOND if patch else 0
            timed.append((when, when + worn_for, day, found))
    for key, day, wear, found in carried:
        # each further day the patch is worn counts its rate, unless a dose of the same
        # medicine is logged that day (a new patch: counted once, by its own entry)
        for extra in range(1, math.ceil(wear / 24)):
            worn = day + timedelta(days=extra)
            if since <= worn <= until and (key, worn) not in logged:
                doses.setdefault(worn, []).append(found)
    with_benzodiazepine, with_gabapentinoid = _combined(timed, longest)
    # Days of the same doses add up the same: each distinct day (its doses' contents, shared
    # through ``_contents``'s cache, and its flags) is added up once. ``doses`` holds every
    # DoseContents while this runs, so their ids stay theirs.
    totals: dict[tuple[tuple[int, ...], bool, bool], MmeDay] = {}
    found_days: dict[date, MmeDay] = {}
    for day, day_doses in doses.items():
        same = (tuple(map(id, day_doses)), day in with_benzodiazepine, day in with_gabapentinoid)
        total = totals.get(same)
        if total is None:
            total = totals[same] = daily_mme(day_doses, same[1], same[2])
        found_days[day] = total
    return found_days


def _is_patch(unit: str, found: DoseContents) -> bool:
    """A skin patch: logged as patches, or as a rate (mcg/h) of a patch ingredient."""

    word = unit.strip().casefold()
    return word.startswith("patch") or any(
        part.unit == "mcg/h" and part.name in RATE_INGREDIENTS for part in found.ingredients
    )


def wear_notes(journal: Journal, entry: Entry) -> list[str]:
    """A dose's own ``--wear`` on something that is not a patch counts for nothing (a tablet is
    taken at a moment): a Note says so rather than keep it silently (the dose is recorded)."""
    if entry.wear is None or entry.value is None or not entry.name:
        return []
    day = date.fromisoformat(entry.day)
    medicine_spans = [span for span in spans(load(journal)) if span.version.kind == "medication"]
    held = (
        entry.contains
        or _plan_contains(medicine_spans, entry.name, day)
        or Declared(journal).for_dose(entry.name, entry.at)
    )
    if _is_patch(entry.unit or "", _contents(entry.name, entry.value, entry.unit or "", held)):
        return []
    return [say(Msg.WEAR_NOT_A_PATCH, name=entry.name, hours=f"{entry.wear:g}")]


def parse_wear(text: str) -> float:
    """``72h``, ``3d``, ``3 days``, ``72`` (hours) -> hours; 1 hour to 14 days."""

    return parsed(text)


def state_wear(
    journal: Journal, name: str, text: str, prefix: str = WEAR_PREFIX
) -> tuple[str, float]:
    """How long one patch of ``name`` is worn, said once (one undoable change): the medicine's
    (``prefix`` WEAR_PREFIX) or its plan item's (PLAN_WEAR_PREFIX)."""

    hours = parse_wear(text)
    shown = " ".join(str(name).split())
    key = prefix + counted_name(journal, "medication", shown)
    said = "med" if prefix == WEAR_PREFIX else "plan item"
    with transaction(journal, undo=f"{said} {shown} --wear {hours:g}h"):
        journal["settings"].upsert({"key": key, "value": f"{hours:g}"}, pk="key")
    return shown, hours


def state_wear_of_newest_item(journal: Journal, text: str) -> tuple[str, float] | None:
    """``--wear`` given with ``plan add``/``plan change``: the wear time of the plan item just
    written, when it is a medicine (None otherwise), kept per name beside the medicine's own
    (``med NAME --wear`` and a dose's ``--wear`` win over it)."""
    row = journal.execute("SELECT name, kind FROM plan ORDER BY rowid DESC LIMIT 1").fetchone()
    if row is None or row[1] != "medication":
        return None
    return state_wear(journal, row[0], text, PLAN_WEAR_PREFIX)


def not_known(
    journal: Journal,
    since: date,
    until: date,
    versions: Sequence[Version] | None = None,
    declared: Declared | None = None,
) -> dict[str, object]:
    """Medicines logged from ``since`` to ``until`` that painlog cannot classify (not in its
    table and no --contains from the dose, the plan, an earlier dose or ``med``): names (as
    first written) and dose counts, and how many medicines were logged in all."""

    if versions is None:
        versions = load(journal)
    # A dose of the period with its own --contains is one of ``declared.doses`` (every dose with
    # one, on any day), so the query needs no column of its own for it: without one, the
    # (kind, day, lower(name), …, name) index answers it, no dose's row is read.
    sql = f"""
        SELECT {counted_for(journal, "medication")} AS key, name, min(rowid), count(*) AS doses
        FROM entries WHERE kind = 'medication' AND day BETWEEN :since AND :until GROUP BY key
    """
    rows = journal.execute(sql, {"since": since.isoformat(), "until": until.isoformat()})
    if declared is None:
        declared = Declared(journal)
    planned = {
        v.key for v in versions if v.kind == "medication" and v.contains
    }  # a plan item that says what it holds
    unknown = []
    logged = 0
    for key, first, _, doses in rows.fetchall():
        logged += 1
        if key in planned or key in declared.stated or key in declared.doses:
            continue
        if classified(first) or classified(key):
            continue
        unknown.append({"name": key, "doses": doses})
    if unknown:  # shown as first written in the journal (or as an alias names it)
        shown = names_as_first_written(journal, "medication")
        for item in unknown:
            item["name"] = shown.get(str(item["name"]), item["name"])
    unknown.sort(key=lambda item: str(item["name"]).casefold())
    return {"logged": logged, "covered": logged - len(unknown), "not_known": unknown}


def coverage_line(found: dict[str, object]) -> str | None:
    """ "medicine safety covers 5 of 7 medicines logged; not known: Oramorph, Zomorph" (None
    when every medicine logged is known)."""
    names = found["not_known"]
    if not names:
        return None
    assert isinstance(names, list)
    return say(
        Msg.SAFETY_COVERAGE,
        covered=found["covered"],
        logged=found["logged"],
        names=", ".join(str(item["name"]) for item in names),
    )


def own_acetaminophen_limit(versions: Sequence[Version], day: date) -> float | None:
    """The person's own daily acetaminophen limit in mg on ``day``: the ``--max-daily`` of a
    plan item that holds acetaminophen only (in mg, or in units whose contents are known)."""

    limits = []
    for span in in_force(versions, day):
        version = span.version
        if version.kind != "medication" or version.max_daily is None:
            continue
        parts = (
            parse_contains(version.contains) if version.contains else known_contents(version.name)
        )
        if not parts or len(parts) != 1 or parts[0].name != ACETAMINOPHEN:
            continue
        in_mg = converted(float(version.max_daily), version.max_daily_unit or "", MG)
        if in_mg is not None:
            limits.append(in_mg)
        elif parts[0].amount is not None:
            limits.append(float(version.max_daily) * parts[0].amount)
    return min(limits) if limits else None


def week_keys(
    journal: Journal, since: date, until: date, versions: Sequence[Version] | None = None
) -> dict[str, object]:
    """SPEC's ``mme``, ``opioid_and_benzodiazepine_days`` and ``acetaminophen`` for the days
    ``since`` to ``until`` (a week's days inside the period)."""
    if versions is None:
        versions = load(journal)
    days = safety_days(journal, since, until, versions)
    limits = [
        own_acetaminophen_limit(versions, day) for day, found in days.items()
        if found.acetaminophen_taken
    ]  # fmt: skip
    own = min((limit for limit in limits if limit is not None), default=None)
    return week_safety(list(days.values()), own)


def weeks_keys(
    journal: Journal,
    starts: Sequence[date],
    since: date,
    until: date,
    declared: Declared | None = None,
) -> list[dict[str, object]]:
    """``week_keys`` for each week starting at ``starts`` (only days in since..until count)."""
    versions = load(journal)
    days = safety_days(journal, since, until, versions, declared)
    ordered = sorted(starts)
    by_week: dict[date, dict[date, MmeDay]] = {start: {} for start in ordered}
    for day, d in days.items():  # each day to its week once (a 10-year summary has 520 weeks)
        index = bisect_right(ordered, day) - 1
        if index >= 0 and day <= ordered[index] + timedelta(days=6):
            by_week[ordered[index]][day] = d
    # a person's own acetaminophen limit needs a medicine in the plan with a --max-daily
    limited = any(v.kind == "medication" and v.max_daily is not None for v in versions)
    # Weeks of the same days (the same MmeDay objects, shared by days of the same doses, which
    # ``days`` holds while this runs) and the same limit add up the same: each is added up
    # once, and every week gets its own copy (nobody shares a dict another week may change).
    computed: dict[tuple[tuple[int, ...], float | None], dict[str, object]] = {}
    found = []
    for start in starts:
        week = by_week[start]
        limits = [
            own_acetaminophen_limit(versions, day) for day, d in week.items()
            if limited and d.acetaminophen_taken
        ]  # fmt: skip
        own = min((limit for limit in limits if limit is not None), default=None)
        same = (tuple(map(id, week.values())), own)
        keys = computed.get(same)
        if keys is None:
            keys = computed[same] = week_safety(list(week.values()), own)
        found.append({key: dict(value) if isinstance(value, dict) else value
                      for key, value in keys.items()})  # fmt: skip
    return found


def grouped(value: float) -> str:
    """``7325.0`` -> ``7,325``; ``812.5`` -> ``812.5`` (as people write milligrams)."""
    rounded = round(float(value), 4)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    whole, _, fraction = format_number(rounded).partition(".")
    return f"{int(whole):,}.{fraction}"


def acetaminophen_line(day: date, found: MmeDay, own: float | None) -> str | None:
    """A day's acetaminophen over the limit, in words (``due``, ``add``, summary, report)."""
    if not found.acetaminophen_taken or not over_limit(found, own):
        return None
    limit = acetaminophen_limit(own)
    whose = say(Msg.APAP_LIMIT_OWN) if limit < ACETAMINOPHEN_LIMIT_MG else say(Msg.APAP_LIMIT_4000)
    return say(
        Msg.APAP_OVER,
        day=day.isoformat(),
        total=grouped(found.acetaminophen_mg),
        limit=grouped(limit),
        whose=whose,
        least=say(Msg.APAP_AT_LEAST) if found.acetaminophen_unknown else "",
    )


def day_notes(journal: Journal, day: date) -> list[str]:
    """What to say about ``day`` after a dose is saved, or in ``due``: acetaminophen over the
    limit, and each dose whose strength is unknown."""
    versions = load(journal)
    days = safety_days(journal, day, day, versions)
    found = days.get(day)
    if found is None:
        return []
    lines = []
    line = acetaminophen_line(day, found, own_acetaminophen_limit(versions, day))
    if line:
        lines.append(line)
    lines.extend(found.notes)
    return lines


def unknown_doses(journal: Journal, since: date, until: date) -> list[str]:
    """Every distinct note about a dose painlog could not count (the report names them)."""
    notes: dict[str, None] = {}
    for found in safety_days(journal, since, until).values():
        for note in found.notes:
            notes[note] = None
    return list(notes)


def entry_notes(journal: Journal, entry_day: date, name: str, amount: float, unit: str,
                contains: str | None) -> list[str]:  # fmt: skip
    """After one dose is saved: its own unknown-strength notes, and the day's acetaminophen
    when that day is now over the limit."""
    versions = load(journal)
    held = contains or _plan_contains(spans(versions), name, entry_day)
    if held is None:  # an earlier dose's --contains, or what ``med NAME --contains`` says
        held = Declared(journal).for_dose(name, f"{entry_day.isoformat()}T23:59:59")
    contents = _contents(name, float(amount), unit or "", held)
    notes = list(contents.notes)
    if any(part.name == ACETAMINOPHEN for part in contents.ingredients):
        found = safety_days(journal, entry_day, entry_day, versions).get(entry_day)
        if found is not None:
            line = acetaminophen_line(
                entry_day, found, own_acetaminophen_limit(versions, entry_day)
            )
            if line:
                notes.append(line)
    return notes


def mme_text(mme: dict) -> str:
    """A week's (or a period's) MME facts; with days of unknown strength, the mean is over the
    known days only and every figure they could raise says "at least" (SPEC)."""
    unknown = mme.get("days_strength_unknown", 0)
    least = "at least " if unknown else ""
    text = f"opioid on {count(mme['days'] + unknown, 'day')}"
    if unknown:
        text += f" ({unknown} of unknown strength)"
    if mme["days"]:
        known = f" over the {count(mme['days'], 'day')} known" if unknown else ""
        text += f", daily MME mean {_figure(mme['mean_daily'])}{known}"
    if mme["max_daily"] is not None:
        text += f", highest {least}{_figure(mme['max_daily'])}"
    return text + (
        f"; {least}{count(mme['days_50_or_more'], 'day')} at 50 or more, "
        f"{least}{mme['days_90_or_more']} at 90 or more"
    )


def _figure(value: float | None) -> str:
    return "unknown" if value is None else f"{value:g}"


def state_contains(journal: Journal, name: str, contains: str) -> tuple[str, str]:
    """``painlog med NAME --contains``: what one unit of ``name`` holds, said once (checked,
    stored in painlog's spelling; one undoable change). Returns (the name, the stored text)."""

    shown = " ".join(str(name).split())
    if not shown:
        raise invalid("NAME", name, Msg.FORM_MED_ONLY_NAME)
    stored = checked_contains(contains)
    if stored is None:
        raise invalid("--contains", contains, Msg.FORM_CONTAINS)
    key = CONTAINS_PREFIX + counted_name(journal, "medication", shown)
    with transaction(journal, undo=f"med {shown} --contains {stored}"):
        journal["settings"].upsert({"key": key, "value": stored}, pk="key")
    return shown, stored


def forget_contains(journal: Journal, name: str) -> bool:
    """Take back what ``med NAME --contains`` said (one undoable change); False if nothing."""

    key = CONTAINS_PREFIX + counted_name(journal, "medication", name)
    if journal.execute("SELECT 1 FROM settings WHERE key = ?", (key,)).fetchone() is None:
        return False
    with transaction(journal, undo=f"med {name} --contains removed"):
        journal.execute("DELETE FROM settings WHERE key = ?", (key,))
    return True


def table_facts(name: str) -> dict[str, object]:
    """What painlog's medicine table says about ``name``: its ingredients, what one unit holds
    when every product under that name holds the same, and the label it comes from."""

    parts = known_contents(name)
    source = next((text for product, text in SOURCES.items() if _key(product) == _key(name)), None)
    fixed = parts is not None and all(part.amount is not None for part in parts)
    return {
        "table": parts is not None,
        "ingredients": ", ".join(part.name for part in parts or ()),
        "table_contains": contains_text(parts) if parts and fixed else None,
        "source": source,
    }
