"""The one-page PDF keeps each symptom's line and what stood out (issue 27) on a full page:
the demo journal, and a fuller one (5 symptoms, 10 factors, a plan of six medicines, a year
of entries). What cannot fit is named on the page, with where to read it; never a silent drop."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from painlog.demo.story import build_demo_journal
from tests.conftest import Painlog, row

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))  # a Monday
FIRST = date(2025, 12, 8)  # 364 days up to Sunday 6 Dec 2026
DAYS = 364
SYMPTOMS = ("fatigue", "stiffness", "brain fog", "nausea", "headache")
FACTORS = (
    "alcohol", "coffee", "stress", "travel", "late screen", "gardening", "period", "sugar",
    "cheese", "poor diet",
)  # fmt: skip


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _stamp(day: date, hour: int, minute: int = 0) -> str:
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00+00:00"


def fuller_journal(journal: Painlog, folder) -> None:
    """A year of a fuller life: pain twice a day, sleep, mood, five symptoms, ten factors (alcohol
    raises the next day's pain by 2 points), six medicines, exercise and two therapies, with
    side effects, notes for the clinician, questions, PEGs and a visit four weeks ago."""
    rng = random.Random(27)
    rows: list[list[object]] = []
    drank = False
    for offset in range(DAYS):
        day = FIRST + timedelta(days=offset)
        base = 4 + (2 if drank else 0) + rng.choice((-1, 0, 0, 1))
        rows.append(_row("pain", _stamp(day, 8), base, location="lower back", quality="aching"))
        rows.append(_row("pain", _stamp(day, 20), max(0, base - 1), location="lower back"))
        rows.append(_row("sleep", _stamp(day, 7), rng.choice((5.5, 6.5, 7, 7.5, 8))))
        rows.append(_row("mood", _stamp(day, 21), rng.choice((4, 5, 6))))
        for number, name in enumerate(SYMPTOMS):
            if number < 2 or rng.random() < 0.5:
                rows.append(
                    _row("symptom", _stamp(day, 21, 5 + number), rng.randint(1, 7), name=name)
                )
        drank = rng.random() < 0.3
        for name in FACTORS:
            if name == "alcohol" and drank:
                rows.append(_row("factor", _stamp(day, 20, 30), 2, unit="drinks", name=name))
            elif name != "alcohol" and rng.random() < 0.3:
                rows.append(_row("factor", _stamp(day, 12), name=name))
        rows.append(_row("medication", _stamp(day, 8, 10), 60, unit="mg", name="duloxetine"))
        rows.append(_row("medication", _stamp(day, 8, 15), 300, unit="mg", name="gabapentin"))
        rows.append(_row("medication", _stamp(day, 20, 15), 300, unit="mg", name="gabapentin"))
        rows.append(_row("medication", _stamp(day, 22), 10, unit="mg", name="amitriptyline"))
        if base >= 5:
            rows.append(_row("medication", _stamp(day, 13), 250, unit="mg", name="naproxen"))
        if base >= 6:
            rows.append(_row("medication", _stamp(day, 14), 50, unit="mg", name="tramadol"))
            rows.append(_row("medication", _stamp(day, 15), 1000, unit="mg", name="paracetamol"))
        if day.weekday() < 5:
            rows.append(_row("exercise", _stamp(day, 9), 20, unit="min", name="home exercises"))
        if day.weekday() == 1:
            rows.append(_row("therapy", _stamp(day, 16), 45, unit="min", name="physical therapy"))
        if day.weekday() == 3:
            rows.append(_row("therapy", _stamp(day, 17), 50, unit="min", name="CBT"))
    last = FIRST + timedelta(days=DAYS - 1)
    for days_before, medicine, note in (
        (20, "gabapentin", "dizzy in the afternoons"),
        (12, "tramadol", "constipation for two days"),
        (5, "amitriptyline", "dry mouth every morning"),
    ):
        rows.append(
            _row(
                "side-effect",
                _stamp(last - timedelta(days=days_before), 10),
                name=medicine,
                intensity="mild",
                note=note,
            )
        )
    for days_before, note in (
        (25, "The flare started after the long drive to my sister's"),
        (14, "Brain fog is worse on the days after a bad night"),
        (6, "Would like to talk about reducing gabapentin"),
        (2, "Walked to the park and back without stopping"),
    ):
        rows.append(
            _row("note", _stamp(last - timedelta(days=days_before), 21), note=note, tags="clinic")
        )
    journal.import_rows(rows, folder)
    plan = (
        ("duloxetine", "60mg", "--times", "08:00"),
        ("gabapentin", "300mg", "--times", "08:00,20:00"),
        ("amitriptyline", "10mg", "--times", "22:00"),
        ("naproxen", "250mg", "--as-needed", "--max-daily", "1000mg", "--min-interval", "8h"),
        ("tramadol", "50mg", "--as-needed", "--max-daily", "200mg", "--min-interval", "6h"),
        ("paracetamol", "1000mg", "--as-needed", "--max-daily", "4000mg", "--min-interval", "4h"),
    )
    for name, dose, *options in plan:
        journal.ok("plan", "add", "med", name, dose, *options, "--from", FIRST.isoformat())
    journal.ok(
        "plan", "add", "exercise", "home exercises", "--per-week", "5", "--from", FIRST.isoformat()
    )
    for therapy in ("physical therapy", "CBT"):
        journal.ok(
            "plan", "add", "therapy", therapy, "--per-week", "1", "--from", FIRST.isoformat()
        )
    for question in (
        "Can I take naproxen and tramadol on the same day?",
        "Is the brain fog from gabapentin?",
        "Could I see the physiotherapist every two weeks instead?",
        "Should I keep the sleep diary going?",
    ):
        journal.ok("ask", question)
    for weeks_ago, (pain, enjoyment, activity) in ((3, (6, 5, 6)), (2, (5, 5, 5)), (1, (5, 4, 5))):
        journal.ok("peg", "--pain", str(pain), "--enjoyment", str(enjoyment), "--activity",
                   str(activity), "--at", f"{weeks_ago} weeks ago")  # fmt: skip
    journal.ok("visit", "add", "2026-11-09", "--with", "Dr. Rao, pain clinic")


def _row(kind: str, at: str, value: object = None, **fields: object) -> list[object]:
    return row(kind, at, value, **fields)


# --- reading the reports -------------------------------------------------------------------

FULL_REPORT = "in the full report: painlog report -o report.md"
SYMPTOM_LINE = re.compile(r"^- (?P<name>.+?) \(0-10\): (?P<weeks>.+)\.$")
SYMPTOM_WEEK = re.compile(r"week of (?P<week>\d+ \w+) (?P<figures>[\d.]+ \(\d+ days?\))")
HEADINGS = (
    "Pain", "Plan and how it went", "Questions for this visit", "Medication and therapy",
    "Side effects", "Notes for the clinician",
)  # fmt: skip


def _reports(journal: Painlog, folder, *period: str, paper: str = "a4") -> tuple[str, str]:
    """The md report's lines (unescaped) and the PDF's one page of text, for one period; no
    text of the page runs into its bottom margin (12 mm, 34 pt)."""
    md, pdf = folder / "r.md", folder / "r.pdf"
    journal.ok("report", "-o", str(md), "--force", *period)
    journal.ok("report", "-o", str(pdf), "--force", "--paper", paper, *period)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    baselines: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            baselines.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    text = " ".join(reader.pages[0].extract_text(visitor_text=visit).split())
    assert min(baselines) >= 34.0, min(baselines)
    lines = re.sub(r"\\(.)", r"\1", md.read_text(encoding="utf-8")).splitlines()
    return "\n".join(lines), text


def _symptoms(md: str) -> dict[str, list[tuple[str, str]]]:
    """Each symptom line of the md report: name -> [(week, "mean (days)")]."""
    found = {}
    for line in md.splitlines():
        if (match := SYMPTOM_LINE.match(line)) and "week of" in line:
            found[match["name"]] = [
                (week["week"], week["figures"]) for week in SYMPTOM_WEEK.finditer(match["weeks"])
            ]
    return found


def _assert_symptoms_and_patterns_kept(md: str, text: str) -> None:
    """Every symptom's figures, as the md report has them, and what stood out."""
    symptoms = _symptoms(md)
    assert symptoms, "the journal has symptoms: the md report lists them"
    for name, weeks in symptoms.items():
        figures = " → ".join(figures for _, figures in weeks)
        with_weeks = " → ".join(f"week of {week} {figures}" for week, figures in weeks)
        assert f"{name} {figures}" in text or f"{name} {with_weeks}" in text, name
    for week in {week for weeks in symptoms.values() for week, _ in weeks}:
        assert f"week of {week}" in text
    patterns = [line[2:] for line in md.splitlines() if line.startswith("- Patterns")]
    assert len(patterns) == 1
    assert patterns[0] in text  # "Patterns with pain: none stood out among N …" or the head
    index = md.splitlines().index(f"- {patterns[0]}")
    for line in md.splitlines()[index + 1 :]:  # the findings, nested under their heading
        if not line.startswith("  - ") or ("(next day)" not in line and "(same day)" not in line):
            break
        assert line[4:].rstrip(".") in text, line


def _sections(text: str) -> dict[str, str]:
    """The PDF's text under each heading."""
    found, rest = {}, text
    for heading, following in zip(HEADINGS, (*HEADINGS[1:], None), strict=True):
        assert heading in rest, heading
        rest = rest[rest.index(heading) + len(heading) :]
        found[heading] = rest[: rest.index(following)] if following else rest
    return found


def _assert_nothing_dropped_silently(md: str, text: str) -> None:
    """Each line of the md report is on the page (a side effect or note at least to where
    it is cut with "…"), or the page says, in that line's section, what it left out and the
    command that writes it."""
    sections = _sections(text)
    heading = None
    for line in md.splitlines():
        if line.startswith("## "):
            heading = line[3:]
            continue
        if heading is None or not line.strip() or line.startswith("|---"):
            continue
        if _symptoms(line):
            continue  # the PDF words them in one paragraph: _assert_symptoms_and_patterns_kept
        words = re.sub(r"^ *- ", "", line)  # a list item, nested or not
        if line.startswith("| "):
            words = line.split(" | ")[0][2:]  # a table row: its first cell
        words = " ".join(words.split())[:60].rstrip(".")
        if words in sections[heading]:
            continue
        assert FULL_REPORT in sections[heading], (heading, words)


# --- the demo journal ------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_demo_pdf_keeps_every_symptom_and_what_stood_out(tmp_path, paper):
    made = build_demo_journal(tmp_path / "demo")
    md, text = _reports(Painlog(made.path), tmp_path, paper=paper)
    _assert_symptoms_and_patterns_kept(md, text)
    _assert_nothing_dropped_silently(md, text)
    # the demo's A4 page holds it all; Letter is 18 mm shorter: what it leaves out is named
    assert (FULL_REPORT in text) == (paper == "letter")
    assert "Symptoms (0-10), week of 9 Nov → week of 30 Nov, mean (days logged): fatigue" in text


# --- a fuller journal: 5 symptoms, 10 factors, 6 medicines, a year -------------------------


@pytest.fixture(scope="module")
def fuller(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuller")
    journal = Painlog(folder / "journal.db")
    with time_machine.travel(NOW, tick=False):
        fuller_journal(journal, folder)
    return journal


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_four_weeks_of_a_fuller_journal_fit_with_every_symptom(fuller, tmp_path, paper):
    md, text = _reports(fuller, tmp_path, paper=paper)  # since the visit on 9 Nov
    assert "Period: since the last visit on 2026-11-09" in md
    _assert_symptoms_and_patterns_kept(md, text)
    _assert_nothing_dropped_silently(md, text)
    assert "Symptoms (0-10), week of 9 Nov → week of 30 Nov, mean (days logged): brain fog" in text
    for name in SYMPTOMS:
        assert name in text
    assert "factor:alcohol (next day)" in text  # the planted effect stood out
    medicines = _sections(text)["Medication and therapy"]
    for medicine in ("gabapentin", "amitriptyline", "duloxetine"):  # the most used first
        assert medicine in medicines
    if paper == "a4":  # every medicine; Letter names those it leaves out
        assert all(name in medicines for name in ("naproxen", "paracetamol", "tramadol"))
        assert FULL_REPORT not in text


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_year_of_a_fuller_journal_keeps_symptoms_and_names_what_it_left_out(
    fuller, tmp_path, paper
):
    md, text = _reports(fuller, tmp_path, "--since", "52 weeks ago", paper=paper)
    assert len(_symptoms(md)) == 5
    _assert_symptoms_and_patterns_kept(md, text)
    _assert_nothing_dropped_silently(md, text)
    # the weekly table gave way first, and says so as SPEC words it
    assert "Weekly table: latest 4 of 53 weeks." in text
    # a plan begun with the journal: one line for its starts, in every format
    assert "8 Dec: started duloxetine 60 mg at 08:00; started gabapentin 300 mg" in md
    assert "no pain logged before them to compare." in md
    # what the page left out is named, with a command that writes all of it
    command = "painlog report -o report.md --since 2025-12-08 --until 2026-12-07"
    assert f"{FULL_REPORT[: -len('painlog report -o report.md')]}{command})" in text
    assert re.search(r"\((\d+ more lines?|all 6 medicines|the \d+ least used medicines?)", text)
    fuller.ok("report", "-o", str(tmp_path / "report.md"), *command.split()[4:])
    again = re.sub(r"\\(.)", r"\1", (tmp_path / "report.md").read_text(encoding="utf-8"))
    assert again.splitlines() == md.splitlines()  # the same report, in full


def test_symptom_weeks_of_their_own_are_named_by_each_symptom(painlog, tmp_path, make_rows):
    # fatigue: every day of the week of 16 Nov at 5, of 23 Nov at 4, two days of 30 Nov at 3;
    # stiffness: three days of the week of 23 Nov at 6; Monday 7 Dec is a partial week
    rows = []
    for offset in range(21):
        day = date(2026, 11, 16) + timedelta(days=offset)
        if offset < 14 or offset in (15, 18):
            value = 5 - offset // 7
            rows.append(make_rows("symptom", _stamp(day, 21), value, name="fatigue"))
        if offset in (7, 8, 9):
            rows.append(make_rows("symptom", _stamp(day, 8), 6, name="stiffness"))
        rows.append(make_rows("pain", _stamp(day, 9), 4))
    painlog.import_rows(rows, tmp_path)
    period = ("--since", "2026-11-16", "--until", "2026-12-07")
    md, text = _reports(painlog, tmp_path, *period)
    assert "- fatigue (0-10): week of 16 Nov 5.0 (7 days); week of 30 Nov 3.0 (2 days)." in md
    assert "- stiffness (0-10): week of 23 Nov 6.0 (3 days)." in md
    assert (
        "Symptoms (0-10), first and last full week, mean (days logged): fatigue week of 16 Nov "
        "5.0 (7 days) → week of 30 Nov 3.0 (2 days); stiffness week of 23 Nov 6.0 (3 days)."
    ) in text
    _assert_symptoms_and_patterns_kept(md, text)


def test_the_full_reports_command_repeats_include_private(fuller, tmp_path):
    out = tmp_path / "r.pdf"
    fuller.ok("report", "-o", str(out), "--since", "52 weeks ago", "--include-private")
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "--since 2025-12-08 --until 2026-12-07 --include-private)" in text
