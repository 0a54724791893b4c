"""What goes with what: ``painlog patterns`` (SPEC.md "What goes with what").

For the outcome's daily value, every candidate (each factor, exercise, therapy, as-needed
medicine, tag and imported activity; sleep under 6 hours the night before; a fall in sea-level
pressure) is compared on days with it against days without it, on the same day (lag 0) and the
next day (lag 1). Each test gives both means, their difference with a 95% Welch t interval, and
a two-sided permutation p-value; Benjamini–Hochberg at a false-discovery rate of 10% across every
test of the run decides what stood out. Nothing here says why: it counts.

The days are read in SQL; the statistics need numpy, imported only by ``find`` (this module is
the only one that imports it, so no other command pays for it).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from painlog.errors import invalid
from painlog.journal.entries import half_up, shown
from painlog.journal.names import COUNTED, names_as_first_written
from painlog.messages import Msg, say
from painlog.store.db import Journal

if TYPE_CHECKING:
    from types import ModuleType

    import numpy as np
    from numpy import ndarray

FDR = 0.1
MIN_DAYS = 5  # days with the outcome on each side before a candidate is tested
MAX_EXACT = 20_000  # all assignments up to this many, else this many seeded random ones
RANDOM_ASSIGNMENTS = 20_000
SEED = 20_261_207  # fixed: the same journal always gives the same p-values
SHORT_SLEEP_HOURS = 6
SHORT_SLEEP = "sleep:under-6h"  # the candidate's name
PRESSURE_FALL_HPA = 5
OUTCOMES = ("pain", "sleep", "mood")
# A difference this close to the observed one counts as "as far from zero" (sums of one-decimal
# ratings differ from the observed sum only by float noise when they are equal).
_TOLERANCE = 1e-9
# How many random assignments are drawn at once: memory of (chunk x days) floats stays near
# 32 MB however long the journal.
_CHUNK_CELLS = 4_000_000
_ROWS_AT_ONCE_UP_TO = 1_000  # days: below, orderings are drawn a block at a time


@dataclass(frozen=True)
class Outcome:
    kind: str  # pain, sleep, mood or symptom
    name: str | None = None  # the symptom's name

    @property
    def label(self) -> str:
        return f"symptom:{self.name}" if self.kind == "symptom" else self.kind


def parse_outcome(text: str | None) -> Outcome:
    """``pain`` (default), ``sleep``, ``mood`` or ``symptom:NAME``."""
    given = (text or "pain").strip()
    kind, colon, name = given.partition(":")
    kind = kind.strip().lower()
    if colon and kind == "symptom" and name.strip():
        return Outcome("symptom", " ".join(name.split()))
    if not colon and kind in OUTCOMES:
        return Outcome(kind)
    raise invalid("--outcome", text, Msg.FORM_OUTCOME)


@dataclass
class Candidate:
    """Days something happened on; ``known`` (when not None) the days it could be known on
    (sleep under 6 hours is unknown on a day with no sleep logged, never "no")."""

    name: str
    days: set[str]
    known: set[str] | None = None


@dataclass
class Found:
    outcome: str
    since: str | None
    until: str | None
    results: list[dict[str, Any]] = field(default_factory=list)
    too_few_days: list[str] = field(default_factory=list)
    # Candidates tested on one lag only: the other lag had too few days (SPEC: "the rest are
    # listed as too few days"; ``too_few_days`` keeps SPEC's candidates with no test at all).
    too_few_days_at_lag: list[dict[str, Any]] = field(default_factory=list)
    outcome_days: int = 0  # days with the outcome in the period (not in the JSON: SPEC's shape)

    @property
    def comparisons(self) -> int:
        return len(self.results)

    @property
    def stood_out(self) -> list[dict[str, Any]]:
        return [result for result in self.results if result["stood_out"]]

    def as_json(self, exact: bool = False) -> dict[str, Any]:
        """SPEC's object: means, differences and intervals to 2 decimals. ``exact``: as
        computed, for the screen and the report, which round them once to what they show (a
        mean of 4.046 shows 4.0, never 4.05 rounded again to 4.1)."""
        results = self.results if exact else [_for_json(row) for row in self.results]
        return {
            "outcome": self.outcome,
            "since": self.since,
            "until": self.until,
            "comparisons": self.comparisons,
            "fdr": FDR,
            "results": results,
            "too_few_days": self.too_few_days,
            "too_few_days_at_lag": self.too_few_days_at_lag,
        }


# --- the days, in SQL -------------------------------------------------------------------------

_IN_PERIOD = "day BETWEEN :since AND :until"


def daily_outcome(journal: Journal, outcome: Outcome, since: str, until: str) -> dict[str, float]:
    """The outcome's value per day: pain, mood and a symptom the mean of the day's entries,
    sleep the day's total hours (the night before it, naps added)."""
    params: dict[str, object] = {"since": since, "until": until}
    if outcome.kind == "sleep":
        sql = f"SELECT day, sum(value) FROM sleep_that_counts WHERE {_IN_PERIOD} GROUP BY day"
    elif outcome.kind == "symptom":
        from painlog.insight.heatmap import symptom_clause

        where, names = symptom_clause(journal, outcome.name or "")
        params.update(names)
        sql = f"SELECT day, avg(value) FROM entries WHERE {where} AND {_IN_PERIOD} GROUP BY day"
    else:
        params["kind"] = outcome.kind
        sql = (
            f"SELECT day, avg(value) FROM entries WHERE kind = :kind AND {_IN_PERIOD} GROUP BY day"
        )
    return {day: value for day, value in journal.execute(sql, params) if value is not None}


def _scheduled_only(journal: Journal) -> set[str]:
    """Medicines the plan has only on a schedule: taken every day they are due, so no
    candidate. Every other medicine is taken as needed: the plan's as-needed ones, and one
    not in the plan at all (an occasional painkiller)."""
    from painlog.plan.model import AS_NEEDED, load

    versions = [version for version in load(journal) if version.kind == "medication"]
    as_needed = {version.key for version in versions if version.mode == AS_NEEDED}
    return {version.key for version in versions} - as_needed


def candidates(
    journal: Journal, since: str, until: str, short_sleep: bool = True
) -> list[Candidate]:
    """Every candidate with the days it happened on, the day before ``since`` included (lag 1).
    ``short_sleep``: False when sleep is the outcome (short sleep the night before a day is
    that day's sleep: compared with sleep it would only find itself, and count as a test)."""
    params = {"since": (date.fromisoformat(since) - timedelta(days=1)).isoformat(), "until": until}
    found: dict[str, Candidate] = {}
    typed: set[str] = set()  # factors of these names were logged as factors, not only imported

    def note(name: str, day: str) -> None:
        # An imported activity and a factor of the same name are one thing done that day (a
        # Daylio "alcohol" and a typed `add factor alcohol`): one candidate, its days the union,
        # named factor: when any of it was a factor, activity: when all was imported.
        kind, _, label = name.partition(":")
        key = f"factor:{label.lower()}" if kind in ("factor", "activity") else name.lower()
        if kind == "factor":
            typed.add(key)
        found.setdefault(key, Candidate(name, set())).days.add(day)

    scheduled = _scheduled_only(journal)
    # Names as the summary counts them: an alias's entries under its name (SPEC "Names").
    named = f"""
        SELECT kind, {COUNTED} AS key, day, source FROM entries
        WHERE kind IN ('factor', 'exercise', 'therapy', 'medication') AND name IS NOT NULL
          AND {_IN_PERIOD} ORDER BY julianday(at)
    """
    shown: dict[str, dict[str, str]] = {}
    for kind, key, day, source in journal.execute(named, params):
        if kind == "medication" and key in scheduled:
            continue
        if source in WEATHER_SOURCES:
            continue  # weather amounts are not "it happened": pressure-fall stands for them
        if kind not in shown:
            shown[kind] = names_as_first_written(journal, kind)
        # Daylio's activities are factors of their day (issue 27), compared as what SPEC names
        # them: imported activities, ``activity:NAME``, each once (the mood rows carry no tags).
        label = "activity" if kind == "factor" and source in ACTIVITY_SOURCES else kind
        note(f"{label}:{' '.join(shown[kind].get(key, key).split())}", day)
    tagged = f"""
        SELECT each.value, entries.day, entries.source FROM entries, json_each(entries.tags) AS each
        WHERE entries.tags IS NOT NULL AND {_IN_PERIOD} ORDER BY julianday(at)
    """
    for tag, day, source in journal.execute(tagged, params):
        # A journal imported from Daylio before issue 27 holds its activities as the tags of its
        # mood rows: the same imported activities (a re-import moves them to factors).
        note(
            f"{'activity' if source in ACTIVITY_SOURCES else 'tag'}:{' '.join(str(tag).split())}",
            day,
        )
    for key in typed:  # first seen as an activity, also logged as a factor
        candidate = found[key]
        candidate.name = "factor:" + candidate.name.partition(":")[2]
    ordered = sorted(found.values(), key=lambda candidate: candidate.name.lower())
    if short_sleep:
        ordered.append(_short_sleep(journal, params))
    ordered.append(_pressure_fall(journal, params))
    return ordered


ACTIVITY_SOURCES = ("daylio",)
WEATHER_SOURCES = ("open-meteo",)


def _short_sleep(journal: Journal, params: dict[str, str]) -> Candidate:
    sql = f"SELECT day, sum(value) FROM sleep_that_counts WHERE {_IN_PERIOD} GROUP BY day"
    nights = dict(journal.execute(sql, params))
    short = {day for day, hours in nights.items() if hours < SHORT_SLEEP_HOURS}
    return Candidate(SHORT_SLEEP, short, set(nights))


def _pressure_fall(journal: Journal, params: dict[str, str]) -> Candidate:
    since = (date.fromisoformat(params["since"]) - timedelta(days=1)).isoformat()
    sql = f"""SELECT day, avg(value) FROM entries WHERE kind = 'factor'
              AND lower(name) = 'pressure' AND value IS NOT NULL AND {_IN_PERIOD} GROUP BY day"""
    pressure = dict(journal.execute(sql, {"since": since, "until": params["until"]}))
    fell, known = set(), set()
    for day, value in pressure.items():
        before = pressure.get((date.fromisoformat(day) - timedelta(days=1)).isoformat())
        if before is None:
            continue
        known.add(day)
        if before - value >= PRESSURE_FALL_HPA:
            fell.add(day)
    return Candidate("weather:pressure-fall", fell, known)


# --- the difference as shown ----------------------------------------------------------------------

# What one step of the outcome is called on screen: sleep is in hours, the rest are 0-10 ratings.
_UNITS = {"sleep": "hours"}


def shown_difference(result: dict[str, Any]) -> float:
    """with − without of the two means as they are shown (one decimal, half up): SPEC "Numbers
    on screen" — a change printed beside two shown numbers is their difference (the JSON keeps
    the exact ``difference``; 5.56 against 4.14 shows 5.6 against 4.1, a difference of 1.5)."""
    with_it = half_up(result["mean_with"], 1)
    without = half_up(result["mean_without"], 1)
    return half_up(with_it - without, 1) + 0.0  # type: ignore[operator]


def difference_words(result: dict[str, Any], outcome: str) -> str:
    """``1.5 points higher``, ``1.0 hours lower``: the shown difference, one decimal always (as
    the means have), in the outcome's unit."""
    difference = shown_difference(result)
    unit = _UNITS.get(outcome, "points")
    if difference == 0:
        return say(Msg.PATTERNS_NO_DIFFERENT, unit=unit)
    chosen = Msg.PATTERNS_HIGHER if difference > 0 else Msg.PATTERNS_LOWER
    return say(chosen, amount=shown(abs(difference), 1), unit=unit)


def journal_span(journal: Journal) -> tuple[str | None, str | None]:
    return tuple(journal.execute("SELECT min(day), max(day) FROM entries").fetchone())


# --- the statistics ------------------------------------------------------------------------------


def find(
    journal: Journal,
    outcome: Outcome,
    since: date | None = None,
    until: date | None = None,
) -> Found:
    """Every test the period allows, Benjamini–Hochberg across them (default: everything)."""
    first, last = journal_span(journal)
    start = since.isoformat() if since else first
    end = until.isoformat() if until else last
    if since and not until and end is not None and end < since.isoformat():
        end = since.isoformat()  # nothing logged from --since on: that day, not a backwards period
    found = Found(outcome.label, start, end)
    if start is None or end is None or start > end:
        return found
    daily = daily_outcome(journal, outcome, start, end)
    found_candidates = candidates(journal, start, end, short_sleep=outcome.kind != "sleep")
    return analyse(daily, found_candidates, found)


def numpy() -> ModuleType:
    """numpy, imported on first use: only the tests of patterns need it (it costs about
    100 ms, and `painlog add` never loads it)."""
    import numpy

    return numpy


def analyse(daily: dict[str, float], found_candidates: Sequence[Candidate], found: Found) -> Found:
    """The tests on ``daily`` (outcome per day) for each candidate and lag, into ``found``.

    Library entry for the property test too: no journal needed.
    """
    np = numpy()
    days = sorted(daily)
    found.outcome_days = len(days)
    values = np.array([daily[day] for day in days], dtype=float)
    before = [(date.fromisoformat(day) - timedelta(days=1)).isoformat() for day in days]
    shared: list[tuple[str, int, ndarray]] = []  # tested on every outcome day
    alone: list[tuple[str, list[tuple[int, ndarray]], ndarray]] = []  # on the days known
    for candidate in found_candidates:
        lags = [
            (lag, np.fromiter((day in candidate.days for day in looked_at), bool, len(days)))
            for lag, looked_at in ((0, days), (1, before))
        ]
        if candidate.known is None:
            tested = [(lag, with_it) for lag, with_it in lags if _enough(with_it)]
            shared += [(candidate.name, lag, with_it) for lag, with_it in tested]
        else:
            # Both lags on the days both can be known (short sleep: the night before and the
            # one before that logged), so one set of random assignments serves the two.
            mask = np.ones(len(days), bool)
            for looked_at in (days, before):
                mask &= np.fromiter((day in candidate.known for day in looked_at), bool, len(days))
            tested = [(lag, with_it[mask]) for lag, with_it in lags if _enough(with_it[mask])]
            if tested:
                alone.append((candidate.name, tested, mask))
        if not tested:
            found.too_few_days.append(candidate.name)
        elif len(tested) < len(lags):  # tested on one day only: the other lag is named
            (lag,) = {0, 1} - {lag for lag, _ in tested}
            found.too_few_days_at_lag.append({"candidate": candidate.name, "lag": lag})
    groups: list[tuple[ndarray | None, ndarray]] = []
    labels: list[list[tuple[str, int]]] = []
    if shared:
        groups.append((None, np.column_stack([with_it for _, _, with_it in shared])))
        labels.append([(name, lag) for name, lag, _ in shared])
    for name, tested, mask in alone:
        groups.append((mask, np.column_stack([with_it for _, with_it in tested])))
        labels.append([(name, lag) for lag, _ in tested])
    rows: list[dict[str, Any]] = []
    for names, results in zip(labels, compare_groups(values, groups), strict=True):
        for (name, lag), result in zip(names, results, strict=True):
            rows.append({"candidate": name, "lag": lag, **result})
    stood = benjamini_hochberg([row["p_value"] for row in rows], FDR)
    for row, flag in zip(rows, stood, strict=True):
        row["stood_out"] = flag
    rows.sort(key=lambda row: (row["p_value"], row["candidate"].lower(), row["lag"]))
    for row in rows:
        for key in ("mean_with", "mean_without", "difference"):
            row[key] = _settled(row[key])
        row["ci95"] = [_settled(row["ci95"][0]), _settled(row["ci95"][1])]
        row["p_value"] = float(f"{row['p_value']:.4g}")
    found.results = rows
    return found


def _enough(with_it: np.ndarray) -> bool:
    """At least MIN_DAYS days with the outcome on each side."""
    count_with = int(with_it.sum())
    return min(count_with, len(with_it) - count_with) >= MIN_DAYS


def _rounded(value: float) -> float:
    return half_up(float(value), 2) + 0.0  # type: ignore[operator]


def _settled(value: float) -> float:
    """The computed figure with float noise cleared (a mean of 4.05 summed as 4.0499999…
    would round down): 9 decimals, far below anything shown."""
    return round(float(value), 9) + 0.0


def _for_json(row: dict[str, Any]) -> dict[str, Any]:
    rounded = {key: _rounded(row[key]) for key in ("mean_with", "mean_without", "difference")}
    return {**row, **rounded, "ci95": [_rounded(row["ci95"][0]), _rounded(row["ci95"][1])]}


def compare(values: np.ndarray, with_columns: np.ndarray) -> list[dict[str, Any]]:
    """For each column of ``with_columns`` (True on the days with the candidate): days, means,
    difference (with − without), Welch 95% interval and the two-sided permutation p-value."""
    (found,) = compare_groups(values, [(None, with_columns)])
    return found


def compare_groups(
    values: np.ndarray, groups: Sequence[tuple[np.ndarray | None, np.ndarray]]
) -> list[list[dict[str, Any]]]:
    """``compare`` for several groups of candidates at once: a group is tested on the days of
    its mask (None: every day), each of its columns one candidate at one lag.

    Under "no difference" a candidate's sum over its days with is the sum of a random set of
    that many of the group's days, whichever days they are; so one random ordering of the days
    gives every candidate its random assignment at once (the first m days of the ordering, a
    prefix sum), and the days of a mask, in the order the ordering puts them, are a random
    ordering of those days too. All groups share one set of RANDOM_ASSIGNMENTS orderings: each
    p-value is the share of its own random assignments, and 40 candidates cost one pass.
    """
    found: list[list[dict[str, Any]]] = []
    drawn: list[tuple[int, ndarray | None, ndarray, ndarray, list[int]]] = []
    for index, (mask, with_columns) in enumerate(groups):
        part = values if mask is None else values[mask]
        n = len(part)
        sizes = with_columns.sum(axis=0).astype(int)
        total = float(part.sum())
        observed_sums = part @ with_columns.astype(float)
        observed = observed_sums / sizes - (total - observed_sums) / (n - sizes)
        results = []
        random_columns = []
        for column, size in enumerate(sizes):
            chosen = with_columns[:, column]
            with_values, without_values = part[chosen], part[~chosen]
            low, high = welch_interval(with_values, without_values)
            exact = math.comb(n, int(size)) <= MAX_EXACT
            results.append(
                {
                    "days_with": int(size),
                    "days_without": int(n - size),
                    "mean_with": float(with_values.mean()),
                    "mean_without": float(without_values.mean()),
                    "difference": float(observed[column]),
                    "ci95": [low, high],
                    "p_value": exact_p(part, int(size), float(observed[column])) if exact else None,
                }
            )
            if not exact:
                random_columns.append(column)
        found.append(results)
        if random_columns:
            drawn.append(
                (index, mask, sizes[random_columns], observed[random_columns], random_columns)
            )
    if drawn:
        p_values = random_p(values, [(mask, sizes, seen) for _, mask, sizes, seen, _ in drawn])
        for (index, _, _, _, columns), group_p in zip(drawn, p_values, strict=True):
            for column, p in zip(columns, group_p, strict=True):
                found[index][column]["p_value"] = float(p)
    return found


def exact_p(values: np.ndarray, size: int, observed: float) -> float:
    """The share of all C(n, size) ways of choosing the "with" days whose difference in means
    is at least as far from zero as ``observed`` (the observed assignment is one of them)."""
    np = numpy()
    n = len(values)
    total = float(values.sum())
    smaller = min(size, n - size)
    chosen = np.array(list(itertools.combinations(range(n), smaller)), dtype=np.intp)
    sums = values[chosen].sum(axis=1)
    with_sums = sums if smaller == size else total - sums
    differences = with_sums / size - (total - with_sums) / (n - size)
    extreme = np.abs(differences) >= abs(observed) - _TOLERANCE
    return float(extreme.sum() / len(chosen))


def random_p(
    values: np.ndarray, groups: Sequence[tuple[np.ndarray | None, np.ndarray, np.ndarray]]
) -> list[np.ndarray]:
    """Two-sided p-values from RANDOM_ASSIGNMENTS seeded random orderings of the days, for each
    group (its mask, each candidate's days with, each observed difference): (extreme + 1) /
    (draws + 1), the observed assignment counted as one of the draws so that p is never 0."""
    np = numpy()
    n = len(values)
    generator = np.random.default_rng(SEED)
    chunk = max(1, min(RANDOM_ASSIGNMENTS, _CHUNK_CELLS // max(n, 1)))
    plans = []
    for mask, sizes, observed in groups:
        part = values if mask is None else values[mask]
        plans.append(
            {
                "mask": mask,
                "n": len(part),
                "total": float(part.sum()),
                "sizes": sizes,
                "bound": np.abs(observed) - _TOLERANCE,
                "block": np.empty((chunk, len(part))),
                "extreme": np.zeros(len(sizes)),
            }
        )
    left = RANDOM_ASSIGNMENTS
    # A short journal: a block of orderings at once (numpy's loop); a long one a row at a time,
    # which is faster there than permuting and gathering a block (measured: 3,653 days).
    at_once = n <= _ROWS_AT_ONCE_UP_TO
    while left:
        rows = min(chunk, left)
        if at_once:
            orders = generator.permuted(np.broadcast_to(np.arange(n), (rows, n)), axis=1)
            for plan in plans:
                mask = plan["mask"]
                if mask is None:
                    plan["block"][:rows] = values[orders]
                else:
                    kept = mask[orders]
                    plan["block"][:rows] = values[orders[kept]].reshape(rows, plan["n"])
        else:
            for row in range(rows):
                order = generator.permutation(n)
                for plan in plans:
                    mask = plan["mask"]
                    plan["block"][row] = (
                        values[order] if mask is None else values[order[mask[order]]]
                    )
        for plan in plans:
            sums = np.cumsum(plan["block"][:rows], axis=1)[:, plan["sizes"] - 1]
            sizes, total = plan["sizes"], plan["total"]
            differences = sums / sizes - (total - sums) / (plan["n"] - sizes)
            plan["extreme"] += (np.abs(differences) >= plan["bound"]).sum(axis=0)
        left -= rows
    return [(plan["extreme"] + 1) / (RANDOM_ASSIGNMENTS + 1) for plan in plans]


def welch_interval(with_values: np.ndarray, without_values: np.ndarray) -> tuple[float, float]:
    """The 95% interval of the difference in means by Welch's t (unequal variances)."""
    difference = float(with_values.mean() - without_values.mean())
    one = float(with_values.var(ddof=1)) / len(with_values)
    other = float(without_values.var(ddof=1)) / len(without_values)
    spread = one + other
    if spread == 0:
        return difference, difference
    freedom = spread**2 / (one**2 / (len(with_values) - 1) + other**2 / (len(without_values) - 1))
    half = t_quantile(0.975, freedom) * math.sqrt(spread)
    return difference - half, difference + half


def t_quantile(probability: float, freedom: float) -> float:
    """Student's t quantile (no scipy): Newton's method on the distribution function from the
    normal quantile, checked against a bracket so it never wanders."""
    low, high = 0.0, 4.0
    while t_cdf(high, freedom) < probability:
        low, high = high, high * 2
    guess = min(max(1.959963984540054, low), high)  # the normal's 97.5% point
    for _ in range(50):
        error = t_cdf(guess, freedom) - probability
        if abs(error) < 1e-13:
            return guess
        if error < 0:
            low = guess
        else:
            high = guess
        step = guess - error / _t_density(guess, freedom)
        guess = step if low < step < high else (low + high) / 2
    return guess


def _t_density(t: float, freedom: float) -> float:
    log = (
        math.lgamma((freedom + 1) / 2)
        - math.lgamma(freedom / 2)
        - 0.5 * math.log(freedom * math.pi)
        - (freedom + 1) / 2 * math.log1p(t * t / freedom)
    )
    return math.exp(log)


def t_cdf(t: float, freedom: float) -> float:
    x = freedom / (freedom + t * t)
    tail = 0.5 * _incomplete_beta(freedom / 2, 0.5, x)
    return 1 - tail if t >= 0 else tail


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b), by its continued fraction
    (modified Lentz), on the side where the fraction converges fast."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(a, b, x) / a
    return 1 - front * _beta_fraction(b, a, 1 - x) / b


def _beta_fraction(a: float, b: float, x: float) -> float:
    tiny = 1e-300
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 300):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= c * d
        if abs(c * d - 1) < 1e-15:
            break
    return result


def benjamini_hochberg(p_values: Iterable[float], rate: float) -> list[bool]:
    """Which hypotheses the Benjamini–Hochberg step-up procedure rejects at ``rate``: the k
    smallest p-values, k the largest rank with p_(k) <= k / m x rate."""
    p_list = list(p_values)
    m = len(p_list)
    order = sorted(range(m), key=lambda index: p_list[index])
    largest = 0
    for rank, index in enumerate(order, start=1):
        if p_list[index] <= rank / m * rate:
            largest = rank
    chosen = set(order[:largest])
    return [index in chosen for index in range(m)]
