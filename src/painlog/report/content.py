"""The report's words and tables, once, for every format (plain strings; renderers escape)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from painlog import clock
from painlog.clinic.pgic import disagreement
from painlog.insight.patterns import MIN_DAYS, shown_difference
from painlog.journal.entries import Entry, format_number, shown, unit_for
from painlog.messages import Msg, count, psfs_change, say
from painlog.plan.adherence import scheduled_words
from painlog.plan.medicines import MME_CAVEAT
from painlog.plan.safety import coverage_line, grouped, mme_text
from painlog.report.data import ReportData
from painlog.store import settings

STEADY = 0.5  # a change in weekly mean pain smaller than this is "about the same"


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]


def _n(value: float | None, digits: int = 1, *, sign: bool = False) -> str:
    return shown(value, digits, sign=sign)


def _day(day: str) -> str:
    return date.fromisoformat(day).strftime("%d %b").lstrip("0")


def title(data: ReportData) -> str:
    return f"Pain journal: {data.period.since.isoformat()} to {data.period.until.isoformat()}"


def who() -> str | None:
    """``Ana Silva, born 1961-04-02``, from the person's settings (nothing if unset)."""

    name, born = settings.get("name"), settings.get("born")
    parts = [name] if name else []
    parts += [f"born {born}"] if born else []
    return ", ".join(parts) or None


def subtitle(data: ReportData) -> str:
    person = who()
    return (f"{person}. " if person else "") + (
        f"Period: {data.period_reason}. Made with painlog on {clock.today().isoformat()}."
    )


def coverage(data: ReportData) -> str:
    covered = data.summary["coverage"]
    days = covered["days_in_period"]
    text = (
        f"Logged on {covered['days_logged']} of {count(days, 'day')}: pain on {covered['pain']}, "
        f"sleep on {covered['sleep']}, mood on {covered['mood']}."
    )
    if data.private_left_out:
        text += f" {count(data.private_left_out, 'entry')} tagged private left out."
    return text


def partial(week: dict[str, Any]) -> bool:
    """A week the period covers only in part (its first or last days fall outside)."""
    return week["days_in_period"] < 7


def pain_trend(data: ReportData) -> str:
    """From the first to the last *full* week with pain logged: a partial week (the period's
    last 1 day, say) is no "last week" (issue 25)."""
    weeks = [w for w in data.summary["weeks"] if w["pain"]["mean"] is not None]
    full = [w for w in weeks if not partial(w)]
    if len(full) < 2:
        return "Trend: fewer than 2 full weeks with pain logged, not enough to compare."
    first, last = full[0], full[-1]
    change = last["pain"]["mean"] - first["pain"]["mean"]
    word = "about the same" if abs(change) < STEADY else ("lower" if change < 0 else "higher")
    text = (
        f"Trend (full weeks): weekly average {shown(first['pain']['mean'])} in the week of "
        f"{_day(first['week_start'])}, {shown(last['pain']['mean'])} in the week of "
        f"{_day(last['week_start'])} ({word})."
    )
    left = [w for w in weeks if partial(w) and w["week_start"] > last["week_start"]]
    if left:
        week = left[-1]
        text += (
            f" The week of {_day(week['week_start'])} is partial ({week['days_in_period']} of 7 "
            f"days: average {shown(week['pain']['mean'])})."
        )
    return text


DETAIL_LABELS = (
    ("places", "Where"), ("qualities", "How it feels"), ("triggers", "Worse with"),
    ("reliefs", "Helped by"),
)  # fmt: skip


def where_and_how(data: ReportData, most: int = 6) -> str | None:
    """Places, qualities, triggers and reliefs written on pain entries, with how many entries
    name each (the physiotherapist's first question); None when none was written."""
    parts = []
    for key, label in DETAIL_LABELS:
        found = data.pain_details.get(key) or []
        if not found:
            continue
        words = ", ".join(f"{word} {n}" for word, n in found[:most])
        more = f", {len(found) - most} more" if len(found) > most else ""
        parts.append(f"{label}: {words}{more}")
    if not parts:
        return None
    return "Pain entries naming each (count): " + "; ".join(parts) + "."


def pain(data: ReportData) -> str:
    pain = data.overall["pain"]
    if not pain["days"]:
        return "Pain (0-10): nothing logged in this period."
    return (
        f"Pain (0-10): average {_n(pain['mean'])} (mean of daily means, {count(pain['days'], 'day')}, "
        f"{count(pain['entries'], 'rating')}), worst {format_number(pain['worst'])}, "
        f"best {format_number(pain['best'])}. {pain_trend(data)}"
    )


def _as_needed_doses(data: ReportData, week: dict[str, Any]) -> str:
    """Every as-needed painkiller dose that week: the plan's as-needed items and painkillers
    taken outside the plan (issue 25)."""
    doses = data.prn_doses.get(week["week_start"], 0)
    return str(doses) if doses else "–"


def prn_caption(data: ReportData) -> str | None:
    if not data.prn_names:
        return None
    return (
        "PRN doses: as-needed plan items and painkillers taken outside the plan ("
        + ", ".join(data.prn_names)
        + ")."
    )


def partial_caption(data: ReportData) -> str | None:
    weeks = [w for w in data.weeks if partial(w)]
    if not weeks:
        return None
    return (
        "* partial week: "
        + "; ".join(f"{_day(w['week_start'])} {w['days_in_period']} of 7 days" for w in weeks)
        + "."
    )


def weekly_table(data: ReportData) -> Table:
    with_prn = bool(data.prn_doses) or any(
        week.get("adherence", {}).get("as_needed") for week in data.weeks
    )
    rows = []
    for week in data.weeks:
        pain, sleep, mood, exercise = week["pain"], week["sleep"], week["mood"], week["exercise"]
        rows.append(
            [
                _day(week["week_start"]) + ("*" if partial(week) else ""),
                _n(pain["mean"]),
                format_number(pain["max"]) or "–",
                format_number(pain["min"]) or "–",
                f"{pain['days_logged']}/{week['days_in_period']}",
                _n(sleep["mean_hours"]),
                _n(mood["mean"]),
                f"{shown(exercise['total_minutes'], 2, trim=True)}"
                if exercise["sessions"]
                else "–",
                *([_as_needed_doses(data, week)] if with_prn else []),
            ]
        )
    headers = ["Week of", "Pain avg", "Worst", "Best", "Days", "Sleep h", "Mood", "Exercise min"]
    return Table(headers + (["PRN doses"] if with_prn else []), rows)


def weeks_caption(data: ReportData, shown: int | None = None) -> str | None:
    """``latest 8 of 20 weeks`` when the table cannot show every week, else None."""
    total = len(data.logged_weeks)
    shown = min(len(data.weeks), total if shown is None else shown)
    return f"Weekly table: latest {shown} of {total} weeks." if shown < total else None


def table_notes(data: ReportData, shown: int | None = None) -> str | None:
    """The weekly table's captions in one line: latest N of M weeks, partial weeks, what the
    PRN column counts."""
    parts = [weeks_caption(data, shown), partial_caption(data), prn_caption(data)]
    return " ".join(part for part in parts if part) or None


def one_line(text: str, width: int = 140) -> str:
    """Side effects and notes get one line each, cut with "…"."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _whole(value: float) -> str:
    return f"{int(Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP)):,}"


def totals(data: ReportData) -> list[str]:
    sleep, mood, exercise = data.overall["sleep"], data.overall["mood"], data.overall["exercise"]
    lines = []
    if sleep["days"]:
        lines.append(
            f"Sleep: {_n(sleep['mean_total'])} h a night on average over {count(sleep['days'], 'night')}."
        )
    if mood["days"]:
        lines.append(
            f"Mood (0-10, higher is better): average {_n(mood['mean'])} over {count(mood['days'], 'day')}."
        )
    if exercise["days"]:
        lines.append(
            f"Exercise: {shown(exercise['total'], 2, trim=True)} minutes in {count(exercise['entries'], 'session')} "
            f"on {count(exercise['days'], 'day')}."
        )
    for day in data.summary.get("sleep_check", []):
        entries = ", ".join(
            f"{entry['id'][:8]} {shown(entry['hours'], 2, trim=True)} h" for entry in day["entries"]
        )
        lines.append(
            f"Sleep to check: {_day(day['day'])} adds up to {shown(day['hours'], 2, trim=True)} h "
            f"(over 14 h; entries {entries})."
        )
    steps = data.overall.get("steps") or {}
    if steps.get("days"):  # a day's steps are its highest count (phone and watch never add up)
        lines.append(
            f"Steps: {_whole(steps['mean_high'])} a day on average over {count(steps['days'], 'day')} "
            f"(fewest {_whole(steps['best'])}, most {_whole(steps['worst'])})."
        )
    return lines or ["Sleep, mood, exercise: nothing logged in this period."]


def medication_table(data: ReportData) -> Table:
    rows = [
        [
            medicine["name"] + (f" ({medicine['strength']})" if medicine.get("strength") else ""),
            str(medicine["doses"]),
            ", ".join(
                f"{shown(amount, 2, trim=True)} {unit_for(amount, unit)}"
                for unit, amount in medicine["totals"].items()
            ),
            str(medicine["days_used"]),
        ]
        for medicine in data.medications
    ]
    return Table(["Medicine", "Doses", "Total", "Days used"], rows)


def _entry_line(entry: Entry) -> str:
    if entry.kind == "side-effect":
        severity = f" ({entry.intensity})" if entry.intensity else ""
        return f"{_day(entry.day)}: {entry.name}{severity}: {' '.join((entry.note or '').split())}"
    what = (
        f" ({entry.name} {format_number(entry.value)} {entry.unit})"
        if entry.kind == "medication"
        else ""
    )
    return f"{_day(entry.day)}{what}: {' '.join((entry.note or '').split())}"


def side_effects(data: ReportData) -> list[str]:
    return [one_line(_entry_line(entry)) for entry in data.side_effects if entry.note]


def clinic_notes(data: ReportData) -> list[str]:
    return [one_line(_entry_line(entry)) for entry in data.clinic_notes if entry.note]


NO_SIDE_EFFECTS = "none logged as side effects"


# --- the plan and how it went ------------------------------------------------------------------


def _latest_versions(data: ReportData) -> dict[str, Any]:
    """Each plan item's latest version up to the period's end, by name (lower case)."""
    until = data.period.until.isoformat()
    latest: dict[str, Any] = {}
    for version in data.plan.versions:
        if version.day <= until and version.action != "stop":
            latest[version.key] = version
    return latest


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{shown(value, sign=True)}%".replace("-", "−")


def _days_held(part: dict[str, Any]) -> int:
    return (date.fromisoformat(part["until"]) - date.fromisoformat(part["since"])).days + 1


def _version_parts(data: ReportData, section: str, name: str, counts: dict[str, Any]):
    """(label, version, figures, days) for each version the period held, oldest first: a
    period spanning a change names each version with its own figures (SPEC.md)."""
    parts = counts.get("versions") or []
    by_label = {v.describe(): v for v in data.plan.versions if v.key == name.lower()}
    latest = _latest_versions(data)[name.lower()]
    if len(parts) <= 1:
        # a rate is over the days the item held inside the period, not the whole period
        days = sum(_days_held(part) for part in parts) or data.period.days
        return [(latest.describe(), latest, counts, days)]
    found = []
    for part in parts:
        days = _days_held(part)
        label = f"{part['version']} ({_day(part['since'])}-{_day(part['until'])})"
        found.append((label, by_label.get(part["version"], latest), part, days))
    return found


def plan_items(data: ReportData) -> list[str]:
    """Each item in force during the period, with how it went (per version when it changed)."""

    lines = []
    adherence = data.plan.adherence
    for name, totals in adherence["scheduled"].items():
        for label, _, counts, _ in _version_parts(data, "scheduled", name, totals):
            lines.append(f"{label}: {scheduled_words(counts)}.")
    for name, totals in adherence["as_needed"].items():
        for label, version, counts, days in _version_parts(data, "as_needed", name, totals):
            highest = ", ".join(
                f"{format_number(v)} {unit_for(v, u)}" for u, v in counts["max_day"].items()
            )
            parts = [
                f"{count(counts['doses'], 'dose')} on {count(counts['days_used'], 'day')} "
                f"({shown(counts['doses'] * 7 / days)} a week)"
            ]
            if highest:
                parts.append(f"highest day {highest}")
            if version.max_daily is not None:
                parts.append(f"{count(counts['days_over_limit'], 'day')} over the person's limit")
            if version.interval:
                parts.append(
                    f"{count(counts['too_soon'], 'dose')} sooner than "
                    f"{format_number(version.min_interval_hours)} h after the one before"
                )
            lines.append(f"{label}: " + "; ".join(parts) + ".")
    for section in ("exercise", "therapy"):
        for name, totals in adherence[section].items():
            for label, _, counts, _ in _version_parts(data, section, name, totals):
                lines.append(
                    f"{label}: {counts['sessions']} of {count(counts['target'], 'session')}."
                )
    return lines


def _figures(compared: dict[str, Any], key: str, change_key: str, percent_key: str) -> str:
    before, after = compared["before"][key], compared["after"][key]
    if before is None or after is None:
        return "not enough logged"
    return f"{shown(before)} → {shown(after)} ({_percent(compared['change'][percent_key])})"


def _window(side: dict[str, Any]) -> str:
    return f"{_day(side['since'])}-{_day(side['until'])} ({count(side['days'], 'day')})"


def plan_changes(data: ReportData) -> list[str]:
    """Every start, change and stop in the period, with the windows before and after it as
    compare cut them to the journal (named by their real dates and lengths, never "28 days").
    Those of one day with no pain logged before them share a line (a plan begun with the
    journal: one line, not one per item)."""
    lines: list[str] = []
    uncompared: dict[str, list[str]] = {}  # day -> what changed, nothing to compare it with
    for change in data.plan.changes:
        version, compared = change.version, change.compared
        if version.action == "stop":
            what = f"{version.name} stopped"
        elif change.previous is None:
            what = f"started {version.describe()}"
        else:
            what = f"{change.previous.describe()} → {version.describe()}"
        by = f" ({version.by})" if version.by else ""
        after = compared["after"]
        if not compared["before"]["pain_days"]:
            if version.day not in uncompared:
                uncompared[version.day] = []
                lines.append(version.day)  # its place, filled in below
            uncompared[version.day].append(f"{what}{by}")
            continue
        figures = (
            f"pain {_figures(compared, 'pain_mean', 'pain', 'pain_percent')}, "
            f"PEG {_figures(compared, 'peg_mean', 'peg', 'peg_percent')}"
        )
        if compared["improvement"] is None:
            grade = (
                f"too little data to grade ({count(compared['before']['pain_days'], 'day')} of pain "
                f"before, {after['pain_days']} after)"
            )
        else:
            grade = f"pain intensity, IMMPACT: {compared['improvement']}"
            if compared["meaningful_improvement"]:
                grade += ", a clinically meaningful improvement"
        lines.append(
            f"{_day(version.day)}: {what}{by}. {_window(compared['before'])} vs "
            f"{_window(after)}: {figures}; {grade}."
        )
    return [_uncompared(line, uncompared[line]) if line in uncompared else line for line in lines]


def _uncompared(day: str, changes: list[str]) -> str:
    them = "it" if len(changes) == 1 else "them"
    return f"{_day(day)}: {'; '.join(changes)}; no pain logged before {them} to compare."


def pgic(data: ReportData) -> str | None:
    """The PGIC beside the change in pain, and whether the two agree."""

    answer = data.plan.pgic
    if answer is None:
        return None
    text = f"PGIC since the last visit ({_day(answer.day)}): {answer.value}, {answer.label}."
    compared = data.plan.pgic_change
    shown_above = compared is not None and any(
        _windows(change.compared) == _windows(compared) for change in data.plan.changes
    )
    if compared and shown_above and compared["change"]["pain_percent"] is not None:
        # The same windows as a change listed above: never print the same figures twice.
        text += " Logged pain over the same days: as in the change above."
        mismatch = disagreement(answer.value, compared["change"]["pain_percent"])
        if mismatch:
            text += " " + mismatch
    elif compared and compared["change"]["pain_percent"] is not None:
        text += (
            f" Logged pain, the same number of days before the period and in it: "
            f"{_figures(compared, 'pain_mean', 'pain', 'pain_percent')}."
        )
        mismatch = disagreement(answer.value, compared["change"]["pain_percent"])
        if mismatch:
            text += " " + mismatch
    return text


def _windows(compared: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(compared[side][end] for side in ("before", "after") for end in ("since", "until"))


def plan_empty(data: ReportData) -> str | None:
    if any(data.plan.adherence.values()) or data.plan.changes:
        return None
    return "No care plan logged (painlog plan add …)."


def therapy(data: ReportData) -> str:
    if not data.therapy:
        return "Therapy sessions: none logged."
    parts = [
        f"{item['name']} {item['sessions']}"
        + (f" ({shown(item['minutes'], 2, trim=True)} min)" if item["minutes"] else "")
        for item in data.therapy
    ]
    return "Therapy sessions: " + "; ".join(parts) + "."


def peg(data: ReportData) -> str:
    if not data.pegs:
        return "PEG (0-10, lower is better): not answered in this period."
    scores = ", ".join(f"{_day(item.day)} {shown(item.score)}" for item in data.pegs[-6:])
    return f"PEG (pain, enjoyment, activity; 0-10, lower is better): {scores}."


def peg_table(data: ReportData) -> Table:
    rows = [
        [
            item.day,
            format_number(item.pain),
            format_number(item.enjoyment),
            format_number(item.activity),
            f"{shown(item.score)}",
        ]
        for item in data.pegs[-6:]
    ]
    return Table(["Date", "Pain", "Enjoyment", "Activity", "PEG score"], rows)


def flares(data: ReportData) -> str:
    insights: dict[str, Any] = data.summary["insights"]
    if insights["median_daily_pain"] is None:
        return "Flares: no pain logged."
    if not insights["flares"]:
        return f"Flares: none (2+ days at 2+ points above the usual {shown(insights['median_daily_pain'])})."
    parts = [
        f"{_day(flare['start'])}-{_day(flare['end'])} ({count(flare['days'], 'day')}, peak {shown(flare['peak'])})"
        for flare in insights["flares"]
    ]
    return (
        f"Flares (2+ days at 2+ points above the usual {shown(insights['median_daily_pain'])}): "
        + "; ".join(parts)
        + "."
    )


def _symptom_weeks(data: ReportData) -> list[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    """Each symptom logged in a full week of the period, by name: its first and last full
    week (one when it was logged in only one), as (week start, that week's figures)."""
    weeks = [week for week in data.summary["weeks"] if week.get("days_in_period") == 7]
    names: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for week in weeks:
        for name, symptom in week.get("symptoms", {}).items():
            names.setdefault(name, []).append((week["week_start"], symptom))
    return [
        (name, [logged[0]] if len(logged) == 1 else [logged[0], logged[-1]])
        for name, logged in sorted(names.items(), key=lambda pair: pair[0].lower())
    ]


def _symptoms_in_part_weeks(data: ReportData) -> list[tuple[str, int]]:
    """Symptoms logged in the period but in no full week of it (a symptom first logged this
    week, say), by name, with the days they were logged: listed as such, never left out."""
    in_full = {name for name, _ in _symptom_weeks(data)}
    days: dict[str, int] = {}
    for week in data.summary["weeks"]:
        if week.get("days_in_period") == 7:
            continue
        for name, symptom in week.get("symptoms", {}).items():
            if name not in in_full:
                days[name] = days.get(name, 0) + int(symptom["days_logged"])
    return sorted(days.items(), key=lambda pair: pair[0].lower())


def _part_weeks_only(name: str, days: int) -> str:
    return f"{name}: no full week logged ({count(days, 'day')} in part weeks)"


def _symptom_week(symptom: dict[str, Any]) -> str:
    return f"{_n(symptom['mean'])} ({count(symptom['days_logged'], 'day')})"


def symptoms(data: ReportData) -> list[str]:
    """Each symptom logged in the period: its first and last full week's mean and days logged
    (SPEC.md "Symptoms and factors")."""
    lines = []
    for name, chosen in _symptom_weeks(data):
        parts = [f"week of {_day(start)} {_symptom_week(symptom)}" for start, symptom in chosen]
        lines.append(f"{name} (0-10): " + "; ".join(parts) + ".")
    lines += [f"{_part_weeks_only(name, days)}." for name, days in _symptoms_in_part_weeks(data)]
    return lines


def symptoms_line(data: ReportData) -> str | None:
    """The same figures as ``symptoms`` in one paragraph (the PDF's page is short of room):
    the weeks named once when every symptom shares them, as they do in a steady journal."""
    found = _symptom_weeks(data)
    only_part = [_part_weeks_only(name, days) for name, days in _symptoms_in_part_weeks(data)]
    if not found:
        return ("Symptoms (0-10): " + "; ".join(only_part) + ".") if only_part else None
    shared = {tuple(start for start, _ in chosen) for _, chosen in found}
    if len(shared) == 1 and len(next(iter(shared))) == 2:
        first, last = next(iter(shared))
        head = (
            f"Symptoms (0-10), week of {_day(first)} → week of {_day(last)}, mean (days logged): "
        )
        parts = [
            f"{name} " + " → ".join(_symptom_week(symptom) for _, symptom in chosen)
            for name, chosen in found
        ]
    else:
        head = "Symptoms (0-10), first and last full week, mean (days logged): "
        parts = [
            f"{name} "
            + " → ".join(
                f"week of {_day(start)} {_symptom_week(symptom)}" for start, symptom in chosen
            )
            for name, chosen in found
        ]
    return head + "; ".join(parts + only_part) + "."


def _stood_out(data: ReportData) -> tuple[str | None, list[str]]:
    """What ``painlog patterns`` found in the period: the heading words, then one text for
    each comparison that stood out (none: the heading says so)."""
    found = data.patterns
    if not found:
        return None, []
    comparisons = count(found["comparisons"], "comparison")
    stood = [result for result in found["results"] if result["stood_out"]]
    if not found["comparisons"]:
        candidates = count(len(found["too_few_days"]), "candidate")
        return say(Msg.REPORT_PATTERNS_TOO_FEW, candidates=candidates, min=MIN_DAYS), []
    if not stood:
        return say(Msg.REPORT_PATTERNS_NONE, comparisons=comparisons), []
    items = []
    for result in stood:
        when = "same day" if result["lag"] == 0 else "next day"
        items.append(
            f"{result['candidate']} ({when}): {_n(result['mean_with'])} with, "
            f"{_n(result['mean_without'])} without: {_n(shown_difference(result), sign=True)} "
            f"(95% interval {_n(result['ci95'][0])} to {_n(result['ci95'][1])}; "
            f"days {result['days_with']} with, {result['days_without']} without)"
        )
    return say(Msg.REPORT_PATTERNS_HEAD, comparisons=comparisons), items


def patterns(data: ReportData) -> list[tuple[str, list[str]]]:
    """Each symptom's weeks, then what stood out in ``painlog patterns`` over the period: each
    line with the lines under it (the findings under their heading)."""
    head, items = _stood_out(data)
    found: list[tuple[str, list[str]]] = [(line, []) for line in symptoms(data)]
    if head:
        found.append((head, [f"{item}." for item in items]))
    return found


def patterns_line(data: ReportData) -> str | None:
    """What stood out, in one paragraph (the PDF)."""
    head, items = _stood_out(data)
    if head is None or not items:
        return head
    return f"{head} " + "; ".join(items) + "."


def full_report(data: ReportData, suffix: str = "md") -> str:
    """The command that writes this report in full, as Markdown (or ``suffix``): the PDF
    points to it for what its one page could not hold."""
    period = data.period
    private = " --include-private" if data.private_included else ""
    return (
        f"painlog report -o report.{suffix} --since {period.since.isoformat()} "
        f"--until {period.until.isoformat()}{private}"
    )


MAX_QUESTIONS = 15


def questions(data: ReportData) -> list[str]:
    """The oldest open questions first; the page keeps room for the notes after them."""
    shown = [question.text for question in data.questions[:MAX_QUESTIONS]]
    hidden = len(data.questions) - len(shown)
    return shown + ([f"... and {hidden} more ('painlog ask --list')"] if hidden else [])


# --- function, mood screening, medicine safety, an experiment (SPEC "Function, mood …") --------


def _g(value: float) -> str:
    return f"{value:g}".replace("-", "−")


def goals(data: ReportData) -> str | None:
    """Each goal first → latest, then the mean and whether it changed by 2 points or more."""
    found = data.goals
    if not found or not found["goals"]:
        return None
    parts = []
    for goal in found["goals"]:
        done = " (done)" if goal["done"] else ""
        if goal["first"] is None:
            parts.append(f"{goal['name']}{done}: not rated")
            continue
        first, latest = goal["first"], goal["latest"]
        parts.append(
            f"{goal['name']}{done} {_g(first['value'])} ({_dated(data, first['day'])}) → "
            f"{_g(latest['value'])} ({_day(latest['day'])})"
        )
    text = "Goals (PSFS, 0 unable – 10 as before): " + "; ".join(parts) + "."
    score = found["score"]
    if score["first"] is not None:
        moved = psfs_change(score["important_change"])
        change = score["change"]
        rated = [goal for goal in found["goals"] if goal["first"] is not None]
        since = min(goal["first"]["day"] for goal in rated)
        until = max(goal["latest"]["day"] for goal in rated)
        text += (
            f" Mean {_g(score['first'])} (baseline from {_dated(data, since)}) → "
            f"{_g(score['latest'])} ({_day(until)}) "
            f"({_g(change) if change < 0 else '+' + _g(change)}): {moved}."
        )
    return text


def _dated(data: ReportData, day: str) -> str:
    """A date in the report; one before the period says so, with its year (a baseline)."""
    if day < data.period.since.isoformat():
        return f"{day}, before this period"
    return _day(day)


def screen(data: ReportData) -> str | None:
    """The emotional line: GAD-2 and PHQ-2 with their dates and the cut-off, no advice."""

    if not data.screens:
        return None
    shown = data.screens[-3:]
    gad = ", ".join(f"{item.gad2} ({_day(item.day)})" for item in shown)
    phq = ", ".join(f"{item.phq2} ({_day(item.day)})" for item in shown)
    total = ", ".join(f"{item.total} {item.band} ({_day(item.day)})" for item in shown)
    more = f" Latest {len(shown)} of {len(data.screens)}." if len(data.screens) > len(shown) else ""
    return (
        f"Emotional (PHQ-4, last 2 weeks): GAD-2 (0-6) {gad}; PHQ-2 (0-6) {phq}; "
        f"PHQ-4 total (0-12) {total}.{more} "
        + Msg.SCREEN_CUT_OFF.value
        + " "
        + Msg.PHQ4_BANDS.value
    )


def safety(data: ReportData) -> list[str]:
    """Opioid MME, an opioid with a benzodiazepine or a gabapentinoid within 24 hours,
    acetaminophen across products (each day over its limit dated): facts, with "at least"
    wherever a dose of unknown strength could raise a figure; then the medicines painlog
    cannot classify, and each dose whose contents it cannot know, by name."""

    found = data.safety
    if not found:
        return []
    parts = []
    mme = found["mme"]
    if mme["days"] or mme["days_strength_unknown"]:
        parts.append(f"{mme_text(mme)} (MME: CDC 2022 factors)")
    for key, days_key, other in (
        ("opioid_and_benzodiazepine_days", "benzodiazepine_days", "benzodiazepine"),
        ("opioid_and_gabapentinoid_days", "gabapentinoid_days", "gabapentinoid"),
    ):
        if found.get(days_key):
            parts.append(
                f"{count(found[days_key], 'day')} with a {other} "
                f"({found[key]} with an opioid within 24 h)"
            )
    apap = found["acetaminophen"]
    if found["acetaminophen_days"]:
        unknown = apap["days_amount_unknown"]
        least = "at least " if unknown else ""
        highest = (
            "unknown" if apap["max_daily_mg"] is None
            else f"{least}{grouped(apap['max_daily_mg'])} mg"
        )  # fmt: skip
        over = ", ".join(
            f"{_day(day)} {least if unknown else ''}{grouped(mg)} mg"
            for day, mg in found.get("acetaminophen_over_days", [])
        )
        parts.append(
            f"acetaminophen (paracetamol), all products, on "
            f"{count(found['acetaminophen_days'], 'day')}: highest {highest}, "
            f"{least}{count(apap['days_over_limit'], 'day')} over {grouped(apap['limit_mg'])} mg"
            + (f" ({over})" if over else "")
            + (f"; {count(unknown, 'day')} of unknown amount" if unknown else "")
        )
    lines = [f"Medicine safety ({count(found['days'], 'day')}): " + "; ".join(parts) + "."]
    lines = lines if parts else []
    line = coverage_line(found["medicines"]) if found.get("medicines") else None
    if line:
        lines.append(line[0].upper() + line[1:] + ".")
    if found["acetaminophen_days"]:
        lines.append(say(Msg.APAP_SOURCES))
    lines.extend(found["unknown"][:3])
    if len(found["unknown"]) > 3:
        lines.append(f"… and {count(len(found['unknown']) - 3, 'more dose')} of unknown strength.")
    return lines


def mme_caveat(data: ReportData) -> str | None:
    mme = data.safety["mme"] if data.safety else None
    return MME_CAVEAT if mme and (mme["days"] or mme["days_strength_unknown"]) else None


def experiment(data: ReportData) -> list[str]:
    """A finished experiment in two lines: what was tried, then what came of it."""
    found = data.experiment
    if not found:
        return []
    result = found["result"]
    head = (
        f"Experiment: {found['name']} ON/OFF in {count(found['pairs'], 'random pair')} of "
        f"{found['block_days']}-day blocks, {_day(found['since'])}-{_day(found['until'])}, "
        f"outcome {found['outcome']} set before"
    )
    if result is None:
        return [head + ".", "No pair of blocks complete with the outcome logged: no result yet."]
    head += f": ON mean {_g(result.on_mean)}, OFF mean {_g(result.off_mean)}."
    ci = "–" if result.ci95 is None else f"{_g(result.ci95[0])} to {_g(result.ci95[1])}"
    diff = _g(result.mean_difference)
    line = (
        f"ON − OFF {diff if result.mean_difference < 0 else '+' + diff} over "
        f"{count(result.pairs, 'complete pair')} (95% interval {ci}), exact randomisation "
        f"p = {result.p_value:.3g}, "
        f"schedule kept in {_g(result.kept_percent)}% of blocks."
    )
    line += " " + say(
        Msg.TRY_SMALLEST_P,
        pairs=result.pairs,
        counted=count(result.pairs, "pair"),
        smallest=f"{result.smallest_p:.3g}",
    )
    if result.too_little_data:
        line += " Too little data to tell."
    return [head, line]
