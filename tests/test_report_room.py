"""The one-page PDF keeps each symptom's line and what stood out (issue 27) on a full page:
the demo journal, and a fuller one (5 symptoms, 10 factors, a plan of six medicines, a year
of entries). What cannot fit is named on the page, with where to read it; never a silent drop."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from tests.conftest import Painlog

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
                rows.append(_row("symptom", _stamp(day, 21, 5 + number), rng.randint(1, 7), name=name))
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
        rows.append(_row("side-effect", _stamp(last - timedelta(days=days_before), 10), name=medicine, intensity="mild", note=note))
    for days_before, note in (
        (25, "The flare started after the long drive to my sister's"),
        (14, "Brain fog is worse on the days after a bad night"),
        (6, "Would like to talk about reducing gabapentin"),
        (2, "Walked to the park and back without stopping"),
    ):
        rows.append(_row("note", _stamp(last - timedelta(days=days_before), 21), note=note, tags="clinic"))
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
    journal.ok("plan", "add", "exercise", "home exercises", "--per-week", "5", "--from", FIRST.isoformat())
    for therapy in ("physical therapy", "CBT"):
        journal.ok("plan", "add", "therapy", therapy, "--per-week", "1", "--from", FIRST.isoformat())
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
    from tests.conftest import row

    return row(kind, at, value, **fields)
