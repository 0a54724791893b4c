"""Everything the one-page clinic report shows, gathered from the journal (numbers in SQL).

The renderers (``markdown``, ``html``, ``pdf``) only lay this out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from painlog.clinic.goals import goals_summary
from painlog.clinic.pgic import Pgic, pgic_between
from painlog.clinic.screen import screens_between
from painlog.clinic.visits import (
    Peg,
    Question,
    Visit,
    last_visit_before,
    open_questions,
    pegs_between,
)
from painlog.insight.charts import Series, daily
from painlog.insight.patterns import Outcome, find
from painlog.insight.summary import (
    IN_PERIOD,
    Period,
    default_period,
    from_first_logged,
    summarize,
)
from painlog.journal.entries import Entry
from painlog.journal.names import COUNTED, names_as_first_written
from painlog.journal.privacy import count_private, without_private
from painlog.journal.timeparse import local_now
from painlog.plan.adherence import for_period
from painlog.plan.compare import compare
from painlog.plan.medicines import (
    acetaminophen_week,
    contains_text,
    is_painkiller,
    known_contents,
    mme_week,
    opioid_and_benzodiazepine_days,
    opioid_and_gabapentinoid_days,
    over_limit,
)
from painlog.plan.model import (
    AS_NEEDED,
    SCHEDULED,
    Version,
    by_item,
    events,
    load,
    marker_label,
    spans,
)
from painlog.plan.safety import (
    Declared,
    _plan_contains,
    not_known,
    own_acetaminophen_limit,
    safety_days,
)
from painlog.plan.trial import experiment_result
from painlog.plan.trial import load as load_experiments
from painlog.store.db import Journal

CLINIC_TAGS = ("clinic", "doctor", "for-doctor", "reflection")
SIDE_EFFECT_TAGS = ("side-effect", "side-effects", "side effect", "sideeffect")
MAX_NOTES = 6
MAX_WEEKS_SHOWN = 13


@dataclass(frozen=True)
class Change:
    """A start, change or stop of a plan item dated in the period, with before/after figures."""

    version: Version
    previous: Version | None
    compared: dict[str, Any]

    @property
    def label(self) -> str:
        return marker_label(self.version, self.previous)


@dataclass(frozen=True)
class PlanReport:
    versions: list[Version]
    adherence: dict[str, dict[str, dict[str, Any]]]
    changes: list[Change]
    pgic: Pgic | None
    pgic_change: dict[str, Any] | None


@dataclass(frozen=True)
class ReportData:
    period: Period
    period_reason: str
    summary: dict[str, Any]
    pain_mean: Series
    pain_worst: Series
    sleep_hours: Series
    medications: list[dict[str, Any]]
    therapy: list[dict[str, Any]]
    side_effects: list[Entry]
    clinic_notes: list[Entry]
    pegs: list[Peg]
    questions: list[Question]
    last_visit: Visit | None
    plan: PlanReport
    private_left_out: int = 0
    private_included: bool = False  # --include-private (the PDF's "more in" command repeats it)
    # SPEC "Function, mood screening and medicine safety" and "Personal experiments"
    goals: dict[str, Any] | None = None
    screens: list[Any] = field(default_factory=list)
    safety: dict[str, Any] | None = None
    experiment: dict[str, Any] | None = None
    # issue 25: where it hurts and how (places, qualities, triggers, reliefs with counts), and
    # the as-needed painkiller doses per week (plan items and painkillers outside the plan)
    pain_details: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    prn_doses: dict[str, int] = field(default_factory=dict)
    prn_names: list[str] = field(default_factory=list)
    # SPEC "What goes with what": painlog patterns over the period (pain as the outcome)
    patterns: dict[str, Any] | None = None

    @property
    def logged_weeks(self) -> list[dict[str, Any]]:
        """The period's weeks from the first with anything logged."""
        return from_first_logged(self.summary["weeks"])

    @property
    def weeks(self) -> list[dict[str, Any]]:
        """The weekly table's weeks: the latest ``MAX_WEEKS_SHOWN`` of ``logged_weeks``."""
        return self.logged_weeks[-MAX_WEEKS_SHOWN:]

    @property
    def overall(self) -> dict[str, Any]:
        return self.summary["overall"]


def choose_period(
    journal: Journal,
    today: date,
    since: date | None,
    until: date | None,
    since_last_visit: bool,
) -> tuple[Period, str, Visit | None]:
    """--since/--until win; else since the last visit; else the last four weeks."""
    last_day = until or today
    visit = last_visit_before(journal, last_day)
    if since:
        return Period(since, last_day), "chosen period", visit
    if visit:  # the default, and what --since-last-visit asks for
        start = date.fromisoformat(visit.day)
        who = f" ({visit.with_whom})" if visit.with_whom else ""
        return Period(start, last_day), f"since the last visit on {visit.day}{who}", visit
    reason = "the last 4 weeks" + (" (no earlier visit logged)" if since_last_visit else "")
    return default_period(last_day), reason, visit


def overall(journal: Journal, period: Period) -> dict[str, Any]:
    """Whole-period numbers: pain over daily means, sleep over nightly totals, mood, exercise."""
    sql = f"""
        WITH daily AS (
            SELECT kind, day, avg(value) AS mean, sum(value) AS total, max(value) AS high,
                   min(value) AS low, count(*) AS n
            FROM (SELECT kind, day, value FROM entries
                  WHERE kind IN ('pain', 'mood', 'exercise', 'steps') AND {IN_PERIOD}
                  UNION ALL
                  SELECT kind, day, value FROM sleep_that_counts WHERE {IN_PERIOD})
            GROUP BY kind, day
        )
        SELECT kind, count(*) AS days, sum(n) AS entries, round(avg(mean), 2) AS mean,
               round(avg(total), 2) AS mean_total, sum(total) AS total,
               max(high) AS worst, min(low) AS best, round(avg(high), 2) AS mean_high
        FROM daily GROUP BY kind
    """
    rows = {row.pop("kind"): row for row in journal.query(sql, period.params())}
    empty = {"days": 0, "entries": 0, "mean": None, "mean_total": None, "total": 0,
             "worst": None, "best": None, "mean_high": None}  # fmt: skip
    return {kind: rows.get(kind, empty) for kind in ("pain", "sleep", "mood", "exercise", "steps")}


def medication_use(journal: Journal, period: Period) -> list[dict[str, Any]]:
    """Per medicine (case-insensitive, as first written): doses, amount per unit, days used."""
    names = names_as_first_written(journal, "medication")
    sql = f"""
        WITH per_unit AS (
            SELECT {COUNTED} AS key, unit, total(value) AS amount
            FROM entries WHERE kind = 'medication' AND {IN_PERIOD} GROUP BY key, unit
        ), per_name AS (
            SELECT {COUNTED} AS key, count(*) AS doses, count(DISTINCT day) AS days_used
            FROM entries WHERE kind = 'medication' AND {IN_PERIOD} GROUP BY key
        )
        SELECT key, doses, days_used, unit, amount FROM per_name JOIN per_unit USING (key)
        ORDER BY doses DESC, key, unit
    """
    medicines: dict[str, dict[str, Any]] = {}
    for row in journal.query(sql, period.params()):
        name = names[row["key"]]
        medicine = medicines.setdefault(
            name, {"name": name, "doses": row["doses"], "days_used": row["days_used"], "totals": {}}
        )
        medicine["totals"][row["unit"]] = round(row["amount"], 4)
    return list(medicines.values())


PAIN_DETAILS_SQL = f"""
    SELECT 'places' AS part, lower(json_each.value) AS word, min(json_each.value) AS shown, count(*) AS n
    FROM entries, json_each(entries.location) WHERE kind = 'pain' AND {IN_PERIOD} GROUP BY word
    UNION ALL
    SELECT 'qualities', lower(quality), min(quality), count(*)
    FROM entries WHERE kind = 'pain' AND quality IS NOT NULL AND {IN_PERIOD} GROUP BY 2
    UNION ALL
    SELECT 'triggers', lower(json_each.value), min(json_each.value), count(*)
    FROM entries, json_each(entries."trigger") WHERE kind = 'pain' AND {IN_PERIOD} GROUP BY 2
    UNION ALL
    SELECT 'reliefs', lower(json_each.value), min(json_each.value), count(*)
    FROM entries, json_each(entries.relief) WHERE kind = 'pain' AND {IN_PERIOD} GROUP BY 2
"""


def pain_details(journal: Journal, period: Period) -> dict[str, list[tuple[str, int]]]:
    """Where it hurts and how: each place, quality, trigger and relief written on a pain entry
    in the period, with how many entries name it, most named first (one SQL query)."""
    found: dict[str, list[tuple[str, int]]] = {
        "places": [], "qualities": [], "triggers": [], "reliefs": []
    }  # fmt: skip
    for row in journal.query(PAIN_DETAILS_SQL, period.params()):
        found[row["part"]].append((row["shown"], row["n"]))
    for part in found.values():
        part.sort(key=lambda item: (-item[1], item[0].casefold()))
    return found


def prn_doses(
    journal: Journal, period: Period, weeks: list[dict[str, Any]]
) -> tuple[dict[str, int], list[str]]:
    """As-needed painkiller doses per week (by week start): every dose of an as-needed plan
    item, and of a painkiller (opioid, acetaminophen, NSAID) that is no scheduled plan item —
    taken as needed outside the plan. Returns the counts and the names counted."""

    versions = [v for v in load(journal) if v.kind == "medication"]
    as_needed = {v.key for v in versions if v.mode == AS_NEEDED}
    scheduled = {v.key for v in versions if v.mode == SCHEDULED} - as_needed
    names = names_as_first_written(journal, "medication")
    sql = f"""
        SELECT {COUNTED} AS key, day, count(*) AS doses FROM entries
        WHERE kind = 'medication' AND {IN_PERIOD} GROUP BY key, day
    """
    counted = {
        key for key in names
        if key in as_needed or (key not in scheduled and is_painkiller(names[key]))
    }  # fmt: skip
    starts = sorted(week["week_start"] for week in weeks)
    per_week: dict[str, int] = {}
    used: set[str] = set()
    for row in journal.query(sql, period.params()):
        if row["key"] not in counted:
            continue
        week = max((start for start in starts if start <= row["day"]), default=None)
        if week is None:
            continue
        per_week[week] = per_week.get(week, 0) + row["doses"]
        used.add(names[row["key"]])
    return per_week, sorted(used, key=str.casefold)


def medicine_strengths(journal: Journal, medicines: list[dict[str, Any]], period: Period) -> None:
    """Each medicine's strength (what one unit holds), as the journal knows it: the latest
    dose's --contains, the plan's, ``painlog med``'s, or painlog's table; else "unknown"."""

    declared = Declared(journal)
    plan_spans = [span for span in spans(load(journal)) if span.version.kind == "medication"]
    for medicine in medicines:
        name = medicine["name"]
        units = [unit for unit in medicine["totals"] if unit]
        by_weight = units and all(unit.lower() in ("mg", "g", "mcg", "mcg/h") for unit in units)
        held = _plan_contains(plan_spans, name, period.until) or declared.for_dose(
            name, f"{period.until.isoformat()}T23:59:59+14:00"
        )
        if held:
            medicine["strength"] = held
        elif by_weight:
            medicine["strength"] = ""  # the dose is the amount: nothing more to say
        else:
            parts = known_contents(name)
            if parts and all(part.amount is not None for part in parts):
                medicine["strength"] = contains_text(parts)
            elif parts:
                medicine["strength"] = "strength unknown"
            else:
                medicine["strength"] = ""


def therapy_sessions(journal: Journal, period: Period) -> list[dict[str, Any]]:
    names = names_as_first_written(journal, "therapy")
    sql = f"""
        SELECT {COUNTED} AS key, count(*) AS sessions, total(value) AS minutes
        FROM entries WHERE kind = 'therapy' AND {IN_PERIOD}
        GROUP BY key ORDER BY sessions DESC, key
    """
    return [
        {"name": names[row["key"]], "sessions": row["sessions"], "minutes": row["minutes"]}
        for row in journal.query(sql, period.params())
    ]


def tagged(journal: Journal, period: Period, tags: tuple[str, ...]) -> list[Entry]:
    marks = ", ".join(f"'{tag}'" for tag in tags)
    sql = f"""
        SELECT * FROM entries
        WHERE {IN_PERIOD} AND tags IS NOT NULL
          AND EXISTS (SELECT 1 FROM json_each(entries.tags) WHERE lower(value) IN ({marks}))
        ORDER BY julianday(at)
    """
    return [Entry.from_row(row) for row in journal.query(sql, period.params())]


def side_effect_notes(journal: Journal, period: Period) -> list[Entry]:
    """Side-effect entries, notes tagged as side effects, and notes on medication entries."""
    found = {entry.id: entry for entry in tagged(journal, period, SIDE_EFFECT_TAGS)}
    sql = f"""
        SELECT * FROM entries
        WHERE (kind = 'side-effect' OR (kind = 'medication' AND note IS NOT NULL)) AND {IN_PERIOD}
        ORDER BY julianday(at)
    """
    for row in journal.query(sql, period.params()):
        found.setdefault(row["id"], Entry.from_row(row))
    return sorted(found.values(), key=lambda entry: entry.at)[-MAX_NOTES:]


def plan_report(journal: Journal, period: Period, now: datetime) -> PlanReport:
    """The plan's part of the report: adherence over the period, every change in it with the
    28 days before and after (cut at the period's end), and the latest PGIC."""

    versions = load(journal)
    items = by_item(versions)
    changes = []
    for version in events(versions, period.since, period.until):
        history = items[version.item]
        previous = history[history.index(version) - 1] if history.index(version) else None
        compared = compare(journal, version.start, period.until)
        changes.append(Change(version, previous, compared))
    answers = pgic_between(journal, period.since, period.until)
    pgic_change = None
    if answers:
        days = max(7, min(365, period.days))
        pgic_change = compare(journal, period.since, period.until, days)
    return PlanReport(
        versions=versions,
        adherence=for_period(journal, period.since, period.until, now),
        changes=changes,
        pgic=answers[-1] if answers else None,
        pgic_change=pgic_change,
    )


def safety_facts(journal: Journal, period: Period) -> dict[str, Any] | None:
    """The period's opioid, benzodiazepine and acetaminophen facts (None when no dose of any):
    SPEC's week keys over the whole period, plus the days with a benzodiazepine and the names
    of doses whose contents painlog cannot know."""

    versions = load(journal)
    days = safety_days(journal, period.since, period.until, versions)
    medicines = not_known(journal, period.since, period.until, versions)
    if not medicines["not_known"] and not any(
        d.opioid or d.benzodiazepine or d.gabapentinoid or d.acetaminophen_taken
        for d in days.values()
    ):
        return None
    limits = [own_acetaminophen_limit(versions, day) for day, d in days.items()
              if d.acetaminophen_taken]  # fmt: skip
    own = min((limit for limit in limits if limit is not None), default=None)
    found = list(days.values())
    notes: dict[str, None] = {}
    for d in found:
        notes.update(dict.fromkeys(d.notes))
    return {
        "days": period.days,
        "mme": mme_week(found),
        "opioid_and_benzodiazepine_days": opioid_and_benzodiazepine_days(found),
        "opioid_and_gabapentinoid_days": opioid_and_gabapentinoid_days(found),
        "benzodiazepine_days": sum(1 for d in found if d.benzodiazepine),
        "gabapentinoid_days": sum(1 for d in found if d.gabapentinoid),
        "acetaminophen": acetaminophen_week(found, own),
        "acetaminophen_days": sum(1 for d in found if d.acetaminophen_taken),
        # the dated days over the acetaminophen limit (the clinician asks "when?")
        "acetaminophen_over_days": sorted(
            (day.isoformat(), d.acetaminophen_mg)
            for day, d in days.items()
            if d.acetaminophen_taken and over_limit(d, own)
        ),
        "unknown": list(notes),
        "medicines": medicines,
    }


def finished_experiment(journal: Journal, period: Period, today: date) -> dict[str, Any] | None:
    """The latest experiment that ended by ``today`` and overlaps the period, with its result."""

    for experiment in reversed(load_experiments(journal)):
        schedule = experiment.schedule
        if schedule.end < today and schedule.end >= period.since and schedule.start <= period.until:
            return {
                "name": experiment.name,
                "outcome": experiment.outcome,
                "since": schedule.start.isoformat(),
                "until": schedule.end.isoformat(),
                "block_days": schedule.block_days,
                "pairs": schedule.pairs,
                "result": experiment_result(journal, experiment, today),
            }
    return None


def gather(
    journal: Journal,
    today: date,
    since: date | None = None,
    until: date | None = None,
    since_last_visit: bool = False,
    now: datetime | None = None,
    include_private: bool = False,
) -> ReportData:
    """Everything the report shows; entries tagged ``private`` are left out (and counted)
    unless ``include_private``."""

    with without_private(journal, hide=not include_private):
        data = _gather(journal, today, since, until, since_last_visit, now)
    if include_private:
        return replace(data, private_included=True)
    return replace(
        data, private_left_out=count_private(journal, data.period.since, data.period.until)
    )


def _gather(
    journal: Journal,
    today: date,
    since: date | None,
    until: date | None,
    since_last_visit: bool,
    now: datetime | None,
) -> ReportData:
    period, reason, visit = choose_period(journal, today, since, until, since_last_visit)
    summary = summarize(journal, period)
    summary["overall"] = overall(journal, period)
    pegs = pegs_between(journal, period.since, period.until)
    clinic = tagged(journal, period, CLINIC_TAGS)[-MAX_NOTES:]
    medications = medication_use(journal, period)
    medicine_strengths(journal, medications, period)
    per_week, prn_names = prn_doses(journal, period, summary["weeks"])
    return ReportData(
        period=period,
        period_reason=reason,
        summary=summary,
        pain_mean=daily(journal, "pain", period, "mean"),
        pain_worst=daily(journal, "pain", period, "worst"),
        sleep_hours=daily(journal, "sleep", period, "total"),
        medications=medications,
        therapy=therapy_sessions(journal, period),
        side_effects=side_effect_notes(journal, period),
        clinic_notes=clinic,
        pegs=pegs,
        questions=open_questions(journal),
        last_visit=visit,
        plan=plan_report(journal, period, now or local_now()),
        goals=goals_summary(journal, None, period.until),  # first rating ever → latest
        screens=screens_between(journal, period.since, period.until),
        safety=safety_facts(journal, period),
        experiment=finished_experiment(journal, period, today),
        pain_details=pain_details(journal, period),
        prn_doses=per_week,
        prn_names=prn_names,
        patterns=period_patterns(journal, period),
    )


def period_patterns(journal: Journal, period: Period) -> dict[str, Any]:
    """What went with pain in the period: every comparison, Benjamini–Hochberg at 10%."""

    return find(journal, Outcome("pain"), period.since, period.until).as_json(exact=True)
