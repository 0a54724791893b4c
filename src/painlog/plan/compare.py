"""Before and after a date (or a plan change), as SPEC.md "Care plan" defines ``compare``.

Window A is the N days before the date, never starting before the day of the journal's first
entry; window B is the date and the N-1 days after it, never ending after the day of its last
entry nor after today. Each window reports the ``days`` it really covers, and every per-week
figure is a rate over those days (total x 7 / days), so a journal that began 14 days before
the date is not shown half its as-needed use. A window under 7 days is not graded. Means are
rounded half up to two decimals and percents to one. The change in pain is graded as IMMPACT grades it (Dworkin et al. 2008; Farrar et al.
2001) only with at least 7 days of pain logged in each window. A change shown beside two shown
means is their difference (SPEC "Numbers on screen"); the percent change, the grade and the
meaningful-improvement test use the unrounded means, so a true fall of 30% is never 29.9%.
It describes what changed, never why.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from painlog.journal.entries import half_up
from painlog.journal.names import COUNTED, names_as_first_written
from painlog.messages import psfs_important
from painlog.plan.model import AS_NEEDED, STOP, Version, latest_item, load
from painlog.store.db import Journal, named_list

DEFAULT_DAYS = 28
MIN_PAIN_DAYS = 7
MIN_WINDOW_DAYS = 7  # a window covering fewer days is not graded
MEANINGFUL_FALL = 30.0
GRADES = (
    ("worse", "a rise of 10% or more"),
    ("none", "a fall under 10%"),
    ("minimal", "a fall of 10% to under 30%"),
    ("moderate", "a fall of 30% to under 50%"),
    ("substantial", "a fall of 50% or more"),
)

WINDOW_SQL = """
    WITH pain AS (
        SELECT day, avg(value) AS mean FROM entries
        WHERE kind = 'pain' AND day BETWEEN :since AND :until GROUP BY day
    ), sleep AS (
        SELECT day, sum(value) AS hours FROM sleep_that_counts
        WHERE day BETWEEN :since AND :until GROUP BY day
    ), steps AS (
        SELECT day, max(value) AS steps FROM entries
        WHERE kind = 'steps' AND day BETWEEN :since AND :until GROUP BY day
    ), mood AS (
        SELECT day, avg(value) AS mean FROM entries
        WHERE kind = 'mood' AND day BETWEEN :since AND :until GROUP BY day
    )
    SELECT
        (SELECT count(*) FROM pain) AS pain_days,
        (SELECT avg(mean) FROM pain) AS pain_mean,
        (SELECT avg((pain + enjoyment + activity) / 3.0) FROM peg
          WHERE day BETWEEN :since AND :until) AS peg_mean,
        (SELECT avg(hours) FROM sleep) AS sleep_hours,
        (SELECT avg(mean) FROM mood) AS mood_mean,
        (SELECT total(value) FROM entries
          WHERE kind = 'exercise' AND day BETWEEN :since AND :until) AS exercise_minutes,
        (SELECT avg(steps) FROM steps) AS steps_per_day,
        -- PSFS goal ratings (clinic.goals writes them; read here in SQL, as plan stays
        -- independent of clinic): the mean over goals of each goal's latest rating in the
        -- window, so a goal rated often does not weigh more (SPEC "Function...").
        (SELECT avg(value) FROM (
            SELECT value, row_number() OVER (
                PARTITION BY goal ORDER BY julianday(at) DESC, rowid DESC) AS latest
            FROM goal_ratings WHERE day BETWEEN :since AND :until
        ) WHERE latest = 1) AS goal_mean
"""


def _round(value: float | None, digits: int = 2) -> float | None:
    return half_up(value, digits)


def journal_days(journal: Journal) -> tuple[date, date] | None:
    """The days of the journal's first and last entries (None when it has none)."""
    first, last = journal.execute("SELECT min(day), max(day) FROM entries").fetchone()
    return (date.fromisoformat(first), date.fromisoformat(last)) if first else None


def as_needed_keys(versions: list[Version]) -> set[str]:
    """Medicines that are (or were) in the plan as needed: their doses are counted."""
    return {v.key for v in versions if v.mode == AS_NEEDED}


def window(journal: Journal, since: date, until: date, prn_keys: set[str]) -> dict[str, Any]:
    """The figures of ``since``..``until``; a window cut to nothing (``until`` before
    ``since``) covers 0 days and has no figures."""
    return _window(journal, since, until, prn_keys)[0]


def _window(
    journal: Journal, since: date, until: date, prn_keys: set[str]
) -> tuple[dict[str, Any], dict[str, float | None]]:
    """The shown figures and the unrounded pain and PEG means (for percents and grades)."""
    days = max(0, (until - since).days + 1)
    if days == 0:
        return {"since": None, "until": None, "pain_days": 0, "pain_mean": None,
                "peg_mean": None, "sleep_hours": None, "mood_mean": None,
                "exercise_minutes_per_week": None, "as_needed_doses_per_week": None,
                "steps_per_day": None, "goal_mean": None, "symptoms": {}, "days": 0}, {"pain": None, "peg": None,
                "sleep": None, "mood": None}  # fmt: skip
    params = {"since": since.isoformat(), "until": until.isoformat()}
    row = journal.execute(WINDOW_SQL, params).fetchone()
    pain_days, pain_mean, peg_mean, sleep_hours, mood_mean, exercise, steps, goal_mean = row
    doses = 0
    if prn_keys:
        marks, keys = named_list(prn_keys)
        doses = journal.execute(
            f"SELECT count(*) FROM entries WHERE kind = 'medication' AND day BETWEEN :since "
            f"AND :until AND {COUNTED} IN ({marks})",
            {**params, **keys},
        ).fetchone()[0]
    shown = {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "pain_days": pain_days,
        "pain_mean": _round(pain_mean),
        "peg_mean": _round(peg_mean),
        "sleep_hours": _round(sleep_hours),
        "mood_mean": _round(mood_mean),
        "exercise_minutes_per_week": _round(exercise * 7 / days),
        "as_needed_doses_per_week": _round(doses * 7 / days),
        "days": days,
        # mean of the days with a step count (a day counts its highest count, never a sum)
        "steps_per_day": _round(steps),
        "goal_mean": _round(goal_mean),
        "symptoms": _symptom_means(journal, params),
    }
    return shown, {"pain": pain_mean, "peg": peg_mean, "sleep": sleep_hours, "mood": mood_mean}


SYMPTOMS_SQL = f"""
    WITH daily AS (
        SELECT day, {COUNTED} AS key, avg(value) AS mean FROM entries
        WHERE kind = 'symptom' AND day BETWEEN :since AND :until GROUP BY day, key
    )
    SELECT key, avg(mean) AS mean, count(*) AS days FROM daily GROUP BY key ORDER BY key
"""


def _symptom_means(journal: Journal, params: dict[str, str]) -> dict[str, Any]:
    """Each symptom's mean of daily means in the window, by the name as first written."""

    rows = journal.execute(SYMPTOMS_SQL, params).fetchall()
    if not rows:
        return {}
    names = names_as_first_written(journal, "symptom")
    return {names.get(key, key): {"mean": _round(mean), "days": days} for key, mean, days in rows}


def _difference(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else half_up(after - before, 2)


def _exact_percent(after: float | None, before: float | None) -> float | None:
    if after is None or before is None or before == 0:
        return None
    # rounded to 9 places only to drop float noise (6.25 -> 4.375 is -30.000000000000004)
    return round((after - before) / before * 100, 9)


def _percent(after: float | None, before: float | None) -> float | None:
    exact = _exact_percent(after, before)
    return None if exact is None else half_up(exact, 1)


def grade(pain_percent: float | None, before: float | None, after: float | None) -> str | None:
    """IMMPACT's words for a change in pain; None when it cannot be computed."""
    if pain_percent is None:
        if before == 0 and after is not None:  # from no pain: only "worse" or "none" make sense
            return "worse" if after > 0 else "none"
        return None
    if pain_percent >= 10:
        return "worse"
    fall = -pain_percent
    if fall < 10:
        return "none"
    if fall < 30:
        return "minimal"
    if fall < 50:
        return "moderate"
    return "substantial"


def change_date(versions: list[Version], name: str) -> tuple[date, Version] | None:
    """The day of the item's latest start or change (not a stop), and that version."""
    item = latest_item(versions, name)
    if item is None:
        return None
    started = [v for v in item if v.action != STOP]
    return (started[-1].start, started[-1]) if started else None


def compare(journal: Journal, at: date, today: date, days: int = DEFAULT_DAYS) -> dict[str, Any]:
    versions = load(journal)
    keys = as_needed_keys(versions)
    first, last = journal_days(journal) or (at - timedelta(days=days), today)
    before, exact_a = _window(
        journal, max(at - timedelta(days=days), first), at - timedelta(days=1), keys
    )
    after_until = min(at + timedelta(days=days - 1), last, today)
    after, exact_b = _window(journal, at, after_until, keys)
    change: dict[str, Any] = {
        # the shown change is the difference of the shown means; the percent is exact
        "pain": _difference(after["pain_mean"], before["pain_mean"]),
        "pain_percent": _percent(exact_b["pain"], exact_a["pain"]),
        "peg": _difference(after["peg_mean"], before["peg_mean"]),
        "peg_percent": _percent(exact_b["peg"], exact_a["peg"]),
    }
    for name in ("sleep_hours", "mood_mean", "exercise_minutes_per_week",
                 "as_needed_doses_per_week", "steps_per_day"):  # fmt: skip
        change[name] = _difference(after[name], before[name])
    change["goals"] = _difference(after["goal_mean"], before["goal_mean"])
    # sleep and mood: their change in percent too, with no verdict of their own (SPEC)
    change["sleep_percent"] = _percent(exact_b["sleep"], exact_a["sleep"])
    change["mood_percent"] = _percent(exact_b["mood"], exact_a["mood"])
    # each symptom: the change and percent, no verdict (SPEC "Care plan", compare)
    change["symptoms"] = {
        name: {
            "change": _difference(
                (after["symptoms"].get(name) or {}).get("mean"),
                (before["symptoms"].get(name) or {}).get("mean"),
            ),
            "percent": _percent(
                (after["symptoms"].get(name) or {}).get("mean"),
                (before["symptoms"].get(name) or {}).get("mean"),
            ),
        }
        for name in sorted({*before["symptoms"], *after["symptoms"]}, key=str.lower)
    }
    enough = (
        min(before["days"], after["days"]) >= MIN_WINDOW_DAYS
        and min(before["pain_days"], after["pain_days"]) >= MIN_PAIN_DAYS
    )
    improvement = meaningful = None
    if enough:
        # graded from the exact fall, not the percent rounded for the screen; the verdict is
        # for pain intensity only (SPEC, issue 25): one PEG answer on each side while pain is
        # flat is no "clinically meaningful improvement"
        exact = _exact_percent(exact_b["pain"], exact_a["pain"])
        improvement = grade(exact, exact_a["pain"], exact_b["pain"])
        meaningful = exact is not None and -exact >= MEANINGFUL_FALL
    return {
        "at": at.isoformat(),
        "days": days,
        "before": before,
        "after": after,
        "change": change,
        "improvement": improvement,
        "meaningful_improvement": meaningful,
        "goals_important_change": psfs_important(change["goals"]),
    }


def grade_words(improvement: str) -> str:
    return dict(GRADES)[improvement]
