"""Weekly numbers and insights, computed in SQL over the indexed ``day`` column.

What the numbers mean is fixed by SPEC.md "Weekly summary": weeks start on Monday unless
another first day is chosen; a week appears when it overlaps the period and only its days
inside the period count; a day's pain (or mood) is the mean of its entries and a week's mean is
the mean of those daily means; sleep hours add up within a day (naps count) and belong to the
day you woke up. Sleep is read from the ``sleep_that_counts`` view (store.migrations): a
night comes from one source, typed sleep before a device's.

Insights are descriptive, never causal:
- flares: runs of at least two consecutive days whose mean pain is at least two points above
  the median daily mean over the period;
- what went with worse and better days is ``painlog patterns`` (insight/patterns.py): every
  comparison counted, the false-discovery rate held (it replaced three fixed pairings).
"""

from __future__ import annotations

import heapq
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

from painlog.journal.entries import half_up
from painlog.journal.names import aliases, counted_for, first_spellings, names_as_first_written
from painlog.journal.timeparse import local_now
from painlog.store.db import Journal

if TYPE_CHECKING:
    from painlog.plan.safety import Declared

DEFAULT_DAYS = 28
FLARE_POINTS = 2.0
FLARE_MIN_DAYS = 2
CHECK_SLEEP_HOURS = 14.0  # a day's sleep adding up to more is shown as "check" (a duplicate?)

# The index of the day's week in the period: whole weeks since the first week's first day.
# Integer arithmetic on julianday() is several times cheaper than strftime/date per row.
WEEK_OF_DAY = "CAST((julianday(day) - julianday(:first_week)) / 7 AS INTEGER)"
IN_PERIOD = "day BETWEEN :since AND :until"


@dataclass(frozen=True)
class Period:
    since: date
    until: date
    first_weekday: int = 0  # Monday

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def params(self) -> dict[str, object]:
        return dict(self._params)

    def week_starts(self) -> list[date]:
        return list(self._starts)

    def week_keys(self) -> tuple[str, ...]:
        """Each week's first day as written in JSON, by week index (``WEEK_OF_DAY``)."""
        return self._keys

    # Worked out once per period: a 10-year summary asks for them in every query (520 weeks).
    @cached_property
    def _starts(self) -> tuple[date, ...]:
        first = self.since - timedelta(days=(self.since.weekday() - self.first_weekday) % 7)
        weeks = (self.until - first).days // 7 + 1
        return tuple(first + timedelta(days=7 * index) for index in range(weeks))

    @cached_property
    def _keys(self) -> tuple[str, ...]:
        return tuple(start.isoformat() for start in self._starts)

    @cached_property
    def _params(self) -> dict[str, object]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "first_week": self._keys[0],
        }


def default_period(today: date, first_weekday: int = 0) -> Period:
    """The last four weeks to today, as SPEC.md's example shows (28 days inclusive)."""
    return Period(today - timedelta(days=DEFAULT_DAYS - 1), today, first_weekday)


def _any_in(journal: Journal, table: str, period: Period) -> bool:
    """Whether ``table`` (goal ratings, screens) has a row on a day of ``period``: each such
    row gives the period a goal mean or a latest screen (``week_mean``, ``week_latest``)."""
    if table not in journal.table_names():
        return False
    row = journal.execute(
        f"SELECT 1 FROM {table} WHERE day BETWEEN ? AND ? LIMIT 1",
        (period.since.isoformat(), period.until.isoformat()),
    ).fetchone()
    return row is not None


def _number(value: float | None) -> float | None:
    """Means in JSON: two decimals, half up (SPEC.md "Numbers on screen"). Each distinct value
    is rounded once per run: years of weekly means of whole-number ratings repeat few values
    (a week of 7 daily ratings has a mean of n/7)."""
    rounded = _ROUNDED.get(value)
    if rounded is None:
        rounded = half_up(value, 2)
        if value:  # not None, and never 0.0 for -0.0 (equal keys): those are rounded each time
            _ROUNDED[value] = rounded
    return rounded


_ROUNDED: dict[float | None, float | None] = {}


def _rows(journal: Journal, sql: str, period: Period, **params: object) -> sqlite3.Cursor:
    """Rows of ``sql`` as plain tuples: no dict per row (sqlite-utils' ``query``) where a
    10-year summary reads thousands. The week index in a row is looked up in
    ``period.week_keys()``."""
    return journal.execute(sql, {**period.params(), **params})


def _rating_weeks(journal: Journal, kind: str, period: Period) -> dict[str, dict[str, Any]]:
    sql = f"""
        WITH daily AS (
            SELECT day, avg(value) AS mean, min(value) AS low, max(value) AS high, count(*) AS n
            FROM entries WHERE kind = :kind AND {IN_PERIOD} GROUP BY day
        )
        SELECT {WEEK_OF_DAY} AS week, count(*) AS days_logged, sum(n) AS entries,
               avg(mean) AS mean, min(low) AS min, max(high) AS max
        FROM daily GROUP BY week
    """
    keys = period.week_keys()
    return {
        keys[week]: {
            "days_logged": days_logged,
            "entries": entries,
            "mean": _number(mean),
            "min": _number(low),
            "max": _number(high),
        }
        for week, days_logged, entries, mean, low, high in _rows(journal, sql, period, kind=kind)
    }


def _sleep_weeks(journal: Journal, period: Period) -> dict[str, dict[str, Any]]:
    sql = f"""
        WITH daily AS (
            SELECT day, sum(value) AS hours,
                   sum(CAST(quality AS REAL)) AS quality_sum, count(quality) AS quality_count
            FROM sleep_that_counts WHERE {IN_PERIOD} GROUP BY day
        )
        SELECT {WEEK_OF_DAY} AS week, count(*) AS nights,
               avg(hours) AS mean_hours, min(hours) AS min_hours, max(hours) AS max_hours,
               sum(quality_sum) / nullif(sum(quality_count), 0) AS mean_quality
        FROM daily GROUP BY week
    """
    keys = period.week_keys()
    return {
        keys[week]: {
            "nights": nights,
            "mean_hours": _number(mean_hours),
            "min_hours": _number(min_hours),
            "max_hours": _number(max_hours),
            "mean_quality": _number(mean_quality),
        }
        for week, nights, mean_hours, min_hours, max_hours, mean_quality in _rows(
            journal, sql, period
        )
    }


def _steps_weeks(journal: Journal, period: Period) -> dict[str, dict[str, Any]]:
    """A day's steps are its highest count (a phone and a watch never add up); per week the
    days counted, and the mean, lowest and highest of those days."""
    sql = f"""
        WITH daily AS (
            SELECT day, max(value) AS steps FROM entries
            WHERE kind = 'steps' AND {IN_PERIOD} GROUP BY day
        )
        SELECT {WEEK_OF_DAY} AS week, count(*) AS days, round(avg(steps), 2) AS mean,
               min(steps) AS min, max(steps) AS max
        FROM daily GROUP BY week
    """
    keys = period.week_keys()
    return {
        keys[week]: {"days": days, "mean": mean, "min": int(low), "max": int(high)}
        for week, days, mean, low, high in _rows(journal, sql, period)
    }


def _heart_rate_weeks(journal: Journal, period: Period) -> dict[str, dict[str, Any]]:
    """Resting heart rate: days with one, and the mean of the daily means."""
    sql = f"""
        WITH daily AS (
            SELECT day, avg(value) AS bpm FROM entries
            WHERE kind = 'heart-rate' AND {IN_PERIOD} GROUP BY day
        )
        SELECT {WEEK_OF_DAY} AS week, count(*) AS days, round(avg(bpm), 2) AS mean
        FROM daily GROUP BY week
    """
    keys = period.week_keys()
    return {
        keys[week]: {"days": days, "mean": mean} for week, days, mean in _rows(journal, sql, period)
    }


def _exercise_weeks(journal: Journal, period: Period) -> dict[str, dict[str, Any]]:
    sql = f"""
        SELECT {WEEK_OF_DAY} AS week, count(*) AS sessions, sum(value) AS total_minutes,
               count(DISTINCT day) AS active_days
        FROM entries WHERE kind = 'exercise' AND {IN_PERIOD} GROUP BY week
    """
    keys = period.week_keys()
    weeks = {}
    for week, sessions, total_minutes, active_days in _rows(journal, sql, period):
        minutes = total_minutes or 0
        weeks[keys[week]] = {
            "sessions": sessions,
            "total_minutes": int(minutes) if float(minutes).is_integer() else round(minutes, 2),
            "active_days": active_days,
        }
    return weeks


def _medication_weeks(journal: Journal, period: Period) -> dict[str, dict[str, Any]]:
    names = names_as_first_written(journal, "medication")
    sql = f"""
        SELECT {WEEK_OF_DAY} AS week, {counted_for(journal, "medication")} AS key, unit,
               count(*) AS doses, sum(value) AS total
        FROM entries WHERE kind = 'medication' AND {IN_PERIOD}
        GROUP BY week, key, unit ORDER BY week, key, unit
    """
    keys = period.week_keys()
    weeks: dict[str, dict[str, Any]] = {}
    for week, key, unit, doses, total in _rows(journal, sql, period):
        medicine = weeks.setdefault(keys[week], {}).setdefault(
            names[key], {"doses": 0, "totals": {}}
        )
        medicine["doses"] += doses
        medicine["totals"][unit] = round(total, 4)
    return weeks


def _therapy_weeks(journal: Journal, period: Period) -> dict[str, dict[str, Any]]:
    names = names_as_first_written(journal, "therapy")
    sql = f"""
        SELECT {WEEK_OF_DAY} AS week, {counted_for(journal, "therapy")} AS key,
               count(*) AS sessions, total(value) AS total_minutes
        FROM entries WHERE kind = 'therapy' AND {IN_PERIOD}
        GROUP BY week, key ORDER BY week, key
    """
    keys = period.week_keys()
    weeks: dict[str, dict[str, Any]] = {}
    for week, key, sessions, total_minutes in _rows(journal, sql, period):
        weeks.setdefault(keys[week], {})[names[key]] = {
            "sessions": sessions,
            "total_minutes": round(total_minutes, 2),
        }
    return weeks


def _counted_names(journal: Journal, kind: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """SQL for the lower-case name an entry of ``kind`` counts as, its parameters, and the name
    each is shown as (an alias's name, else as first written). The person's few aliases are
    written into a CASE (a per-row settings lookup costs more than the sums over years)."""
    # (a spelling always has a name; entries without one, if any, are shown as their key: None)
    shown = {
        spelling: name or ""
        for spelling, name, _ in first_spellings(journal, kind)
        if spelling is not None
    }
    found = aliases(journal, kind)
    params: dict[str, str] = {}
    cases = []
    for index, alias in enumerate(found):
        params[f"alias{index}"], params[f"name{index}"] = alias.alias, alias.name.lower()
        cases.append(f"WHEN :alias{index} THEN :name{index}")
        shown[alias.name.lower()] = alias.name
    key = f"CASE lower(name) {' '.join(cases)} ELSE lower(name) END" if cases else "lower(name)"
    return key, params, shown


def _symptom_weeks(journal: Journal, period: Period) -> dict[str, dict[str, Any]]:
    """Per week and symptom (as first written, aliases counted): days logged, the mean of the
    daily means, the highest rating (SPEC.md "Symptoms and factors")."""
    key, params, shown = _counted_names(journal, "symptom")
    sql = f"""
        WITH daily AS (
            SELECT day, {key} AS key, avg(value) AS mean, max(value) AS high
            FROM entries WHERE kind = 'symptom' AND {IN_PERIOD} GROUP BY day, key
        )
        SELECT {WEEK_OF_DAY} AS week, key, count(*) AS days_logged, avg(mean) AS mean,
               max(high) AS max
        FROM daily GROUP BY week, key ORDER BY week, key
    """
    keys = period.week_keys()
    weeks: dict[str, dict[str, Any]] = {}
    for week, key, days_logged, mean, high in _rows(journal, sql, period, **params):
        weeks.setdefault(keys[week], {})[shown.get(key, key)] = {
            "days_logged": days_logged,
            "mean": _number(mean),
            "max": _number(high),
        }
    return weeks


def _factor_weeks(journal: Journal, period: Period) -> dict[str, dict[str, Any]]:
    """Per week and factor: the days it was logged and, where amounts were given, the total per
    unit (and the mean per day it was logged: a week's pressure is read as a mean, not a sum)."""
    counted, params, shown = _counted_names(journal, "factor")
    sql = f"""
        SELECT {WEEK_OF_DAY} AS week, {counted} AS key, unit, count(DISTINCT day) AS unit_days,
               total(value) AS total, count(value) AS amounts,
               count(DISTINCT CASE WHEN value IS NOT NULL THEN day END) AS amount_days
        FROM entries WHERE kind = 'factor' AND {IN_PERIOD} GROUP BY week, key, unit
    """
    keys = period.week_keys()
    # One pass over the rows, in the order of (week, key, unit): a factor's days in a week are
    # its one unit's days; only a factor logged in two units in one week (rare) needs the
    # second query, for the days counted once across its units, and only over that factor's
    # entries (``+day``: found by the name index, not by reading every factor's entries again).
    weeks: dict[str, dict[str, Any]] = {}
    mixed: dict[tuple[int, str], dict[str, Any]] = {}
    for week, key, unit, unit_days, total, amounts, amount_days in _rows(
        journal, sql, period, **params
    ):
        named = weeks.setdefault(keys[week], {})
        name = shown.get(key, key)
        factor = named.get(name)
        if factor is None:
            factor = named[name] = {"days": unit_days, "totals": {}, "daily_means": {}}
        else:
            mixed[week, key] = factor
        if amounts:
            factor["totals"][unit or ""] = round(total, 4)
            factor["daily_means"][unit or ""] = _number(total / amount_days)
    if mixed:
        names = {f"mixed{index}": key for index, key in enumerate(sorted({k for _, k in mixed}))}
        days_sql = f"""
            SELECT {WEEK_OF_DAY} AS week, {counted} AS key, count(DISTINCT day) AS days
            FROM entries WHERE kind = 'factor' AND +{IN_PERIOD}
                AND {counted} IN ({", ".join(f":{name}" for name in names)})
            GROUP BY week, key
        """
        for week, key, days in _rows(journal, days_sql, period, **params, **names):
            if (week, key) in mixed:
                mixed[week, key]["days"] = days
    return weeks


def _side_effect_weeks(journal: Journal, period: Period) -> dict[str, dict[str, int]]:
    """Side effects logged per medicine (as first written) and week."""
    names = names_as_first_written(journal, "side-effect")
    sql = f"""
        SELECT {WEEK_OF_DAY} AS week, {counted_for(journal, "side-effect")} AS key,
               count(*) AS times
        FROM entries WHERE kind = 'side-effect' AND {IN_PERIOD}
        GROUP BY week, key ORDER BY week, key
    """
    keys = period.week_keys()
    weeks: dict[str, dict[str, int]] = {}
    for week, key, times in _rows(journal, sql, period):
        weeks.setdefault(keys[week], {})[names[key]] = times
    return weeks


EMPTY_RATING = {"days_logged": 0, "entries": 0, "mean": None, "min": None, "max": None}
EMPTY_SLEEP = {
    "nights": 0,
    "mean_hours": None,
    "min_hours": None,
    "max_hours": None,
    "mean_quality": None,
}
EMPTY_EXERCISE = {"sessions": 0, "total_minutes": 0, "active_days": 0}
EMPTY_STEPS = {"days": 0, "mean": None, "min": None, "max": None}
EMPTY_HEART_RATE = {"days": 0, "mean": None}


def weekly(
    journal: Journal, period: Period, now: datetime | None = None, declared: Declared | None = None
) -> list[dict[str, Any]]:
    """One object per week overlapping ``period``, exactly as SPEC.md's ``weeks`` array,
    with the plan's ``adherence`` for that week (SPEC.md "Care plan"). ``declared``: the
    medicines' declared contents, when the caller has read them (``safety.Declared``)."""
    from painlog.plan.adherence import compute

    pain = _rating_weeks(journal, "pain", period)
    mood = _rating_weeks(journal, "mood", period)
    sleep = _sleep_weeks(journal, period)
    exercise = _exercise_weeks(journal, period)
    steps = _steps_weeks(journal, period)
    heart_rate = _heart_rate_weeks(journal, period)
    medication = _medication_weeks(journal, period)
    therapy = _therapy_weeks(journal, period)
    side_effects = _side_effect_weeks(journal, period)
    symptoms = _symptom_weeks(journal, period)
    factors = _factor_weeks(journal, period)
    starts = period.week_starts()
    adherence = compute(
        journal,
        period.since,
        period.until,
        now or local_now(),
        bucket=lambda day: (day - starts[0]).days // 7,
        buckets=len(starts),
    )
    from painlog.plan.safety import weeks_keys

    safety = weeks_keys(journal, starts, period.since, period.until, declared)
    # Asked once for the whole period first: a journal without goal ratings or screens in it
    # (most) then makes no query per week (a 10-year summary has 520 weeks), nor imports the
    # modules that read them.
    rated = _any_in(journal, "goal_ratings", period)
    screened = _any_in(journal, "screens", period)
    if rated:
        from painlog.clinic.goals import week_mean
    if screened:
        from painlog.clinic.screen import week_latest
    keys = period.week_keys()
    weeks = []
    for index, start in enumerate(starts):
        key = keys[index]
        first_counted = max(start, period.since)
        last_counted = min(start + timedelta(days=6), period.until)
        weeks.append(
            {
                "week_start": key,
                "week_end": (start + timedelta(days=6)).isoformat(),
                "days_in_period": (last_counted - first_counted).days + 1,
                "pain": pain.get(key, EMPTY_RATING),
                "sleep": sleep.get(key, EMPTY_SLEEP),
                "mood": mood.get(key, EMPTY_RATING),
                "exercise": exercise.get(key, EMPTY_EXERCISE),
                "medication": medication.get(key, {}),
                "therapy": therapy.get(key, {}),
                "side_effects": side_effects.get(key, {}),
                "symptoms": symptoms.get(key, {}),
                "factors": factors.get(key, {}),
                "steps": steps.get(key, EMPTY_STEPS),
                "heart_rate": heart_rate.get(key, EMPTY_HEART_RATE),
                "adherence": adherence[index],
                # SPEC "Function, mood screening and medicine safety"
                **safety[index],
                "goals": week_mean(journal, first_counted, last_counted) if rated else None,
                "screen": week_latest(journal, first_counted, last_counted) if screened else None,
            }
        )
    return weeks


def week_has_data(week: dict[str, Any]) -> bool:
    """Anything logged that week (weeks before a journal began show nothing)."""
    return bool(
        week["pain"]["entries"]
        or week["sleep"]["nights"]
        or week["mood"]["entries"]
        or week["exercise"]["sessions"]
        or week["medication"]
        or week["therapy"]
        or week.get("side_effects")
        or week.get("steps", {}).get("days")
        or week.get("heart_rate", {}).get("days")
        or week.get("symptoms")
        or week.get("factors")
    )


def from_first_logged(weeks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The weeks from the first with anything logged (none when nothing is)."""
    logged = [index for index, week in enumerate(weeks) if week_has_data(week)]
    return weeks[logged[0] :] if logged else []


# --- insights ---------------------------------------------------------------------------------


def daily_pain(journal: Journal, period: Period) -> list[tuple[str, float]]:
    sql = f"""
        SELECT day, avg(value) AS mean FROM entries
        WHERE kind = 'pain' AND {IN_PERIOD} GROUP BY day ORDER BY day
    """
    return journal.execute(sql, period.params()).fetchall()


def _median(values: list[float]) -> float:
    """As ``statistics.median`` (the mean of the middle two of an even count), without
    importing statistics (and fractions) into every summary's start-up."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def flares(days: list[tuple[str, float]]) -> tuple[float | None, list[dict[str, Any]]]:
    """(median daily pain, runs of >= 2 consecutive days at >= median + 2 points)."""
    if not days:
        return None, []
    median = _median([mean for _, mean in days])
    threshold = median + FLARE_POINTS
    runs: list[list[tuple[date, float]]] = []
    for day, mean in days:
        if mean < threshold:
            continue
        current = date.fromisoformat(day)  # only the days at the threshold: few of years
        if runs and runs[-1][-1][0] == current - timedelta(days=1):
            runs[-1].append((current, mean))
        else:
            runs.append([(current, mean)])
    found = [
        {
            "start": run[0][0].isoformat(),
            "end": run[-1][0].isoformat(),
            "days": len(run),
            "peak": round(max(mean for _, mean in run), 2),
        }
        for run in runs
        if len(run) >= FLARE_MIN_DAYS
    ]
    return round(median, 2), found


# Each day's pain in the period, in order of day, read once for the flares, the worst days and
# the days with pain: (day, mean, highest, entries, the mean as ``worst_days`` shows it).
PAIN_DAYS_SQL = f"""
    SELECT day, avg(value) AS mean, max(value) AS worst, count(*) AS entries,
           round(avg(value), 2) AS shown
    FROM entries WHERE kind = 'pain' AND {IN_PERIOD} GROUP BY day ORDER BY day
"""
PainDay = tuple[str, float, float, int, float]


def pain_days(journal: Journal, period: Period) -> list[PainDay]:
    return journal.execute(PAIN_DAYS_SQL, period.params()).fetchall()


def worst_days(
    journal: Journal, period: Period, count: int = 3, days: list[PainDay] | None = None
) -> list[dict[str, Any]]:
    """The ``count`` days of highest mean pain (then highest entry, then latest day), from
    ``pain_days`` when the caller has read them (as the SQL below orders them)."""
    if days is not None:
        worst = heapq.nlargest(count, days, key=lambda row: (row[1], row[2], row[0]))
        return [
            {"day": day, "mean": shown, "worst": high, "entries": entries}
            for day, _, high, entries, shown in worst
        ]
    sql = f"""
        SELECT day, round(avg(value), 2) AS mean, max(value) AS worst, count(*) AS entries
        FROM entries WHERE kind = 'pain' AND {IN_PERIOD}
        GROUP BY day ORDER BY avg(value) DESC, max(value) DESC, day DESC LIMIT :count
    """
    return list(journal.query(sql, {**period.params(), "count": count}))


WEATHER_SOURCE = "open-meteo"  # formats/apps/open_meteo.SOURCE (not imported: summary stays lean)


def coverage(
    journal: Journal, period: Period, counted: dict[str, int] | None = None
) -> dict[str, Any]:
    """Days with anything logged, and days with pain, sleep and mood, over the period
    (``counted``: the days of those kinds the caller has counted already, not asked again)."""
    counted = counted or {}
    asked = [kind for kind in ("pain", "sleep", "mood") if kind not in counted]
    # kind first, so the (kind, day) index answers without touching the table.
    per_kind = f"""
        SELECT kind, count(DISTINCT day) AS days FROM entries
        WHERE kind IN ({", ".join(f"'{kind}'" for kind in asked)}) AND {IN_PERIOD} GROUP BY kind
    """
    days = dict(counted)
    if asked:
        days.update(journal.execute(per_kind, period.params()).fetchall())
    # Days the person logged something: imported weather is not their logging (a year of
    # Open-Meteo rows would make every day "logged"). Looked for through the source index
    # first, so a journal with no weather pays nothing for the rule.
    weather = journal.execute(
        "SELECT 1 FROM entries WHERE source = ? AND source_key IS NOT NULL LIMIT 1",
        (WEATHER_SOURCE,),
    ).fetchone()
    not_weather = f" AND NOT (kind = 'factor' AND source IS '{WEATHER_SOURCE}')" if weather else ""
    any_sql = (
        f"SELECT count(*) FROM (SELECT DISTINCT day FROM entries WHERE {IN_PERIOD}{not_weather})"
    )
    logged = journal.execute(any_sql, period.params()).fetchone()[0]
    return {
        "days_in_period": period.days,
        "days_logged": logged,
        **{kind: days.get(kind, 0) for kind in ("pain", "sleep", "mood")},
    }


def sleep_to_check(journal: Journal, period: Period) -> list[dict[str, Any]]:
    """Days whose sleep adds up to more than 14 h, each with the entries behind it (a night
    typed twice, or a nap logged as a night): shown as "check", never silently averaged."""
    sql = f"""
        SELECT day, id, at, value FROM entries
        WHERE kind = 'sleep' AND {IN_PERIOD} AND day IN (
            SELECT day FROM entries WHERE kind = 'sleep' AND {IN_PERIOD}
            GROUP BY day HAVING sum(value) > {CHECK_SLEEP_HOURS}
        ) ORDER BY day, at, id
    """
    days: dict[str, dict[str, Any]] = {}
    for row in journal.query(sql, period.params()):
        day = days.setdefault(row["day"], {"day": row["day"], "hours": 0.0, "entries": []})
        day["hours"] = round(day["hours"] + row["value"], 4)
        day["entries"].append({"id": row["id"], "at": row["at"], "hours": row["value"]})
    return list(days.values())


def insights(journal: Journal, period: Period, days: list[PainDay] | None = None) -> dict[str, Any]:
    """The median daily pain and the flares (``days``: ``pain_days``, when read already)."""
    daily = daily_pain(journal, period) if days is None else [(row[0], row[1]) for row in days]
    median, flare_runs = flares(daily)
    return {
        "median_daily_pain": median,
        "flares": flare_runs,
    }


def summarize(journal: Journal, period: Period, now: datetime | None = None) -> dict[str, Any]:
    """SPEC.md's ``summary --json`` object, plus coverage, worst days and insights."""
    from painlog.plan.safety import Declared, not_known

    declared = Declared(journal)  # read once, for the medicines not known and the weeks' safety
    medicines = not_known(journal, period.since, period.until, declared=declared)
    weeks = weekly(journal, period, now, declared)
    # one read of each day's pain: the flares, the worst days and the days with pain; the
    # days with mood are the weeks' (each day of the period is in one week)
    days = pain_days(journal, period)
    counted = {"pain": len(days), "mood": sum(week["mood"]["days_logged"] for week in weeks)}
    return {
        "since": period.since.isoformat(),
        "until": period.until.isoformat(),
        "weeks": weeks,
        # SPEC: medicines painlog cannot classify, by name with their doses in the period
        "medicines_not_known": medicines["not_known"],
        "medicines_logged": medicines["logged"],
        "coverage": coverage(journal, period, counted),
        "worst_days": worst_days(journal, period, days=days),
        "insights": insights(journal, period, days),
        "sleep_check": sleep_to_check(journal, period),
    }
