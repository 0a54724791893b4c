"""`painlog export --format ics`: the plan's dose times with alarms, weekly targets, visits."""

from __future__ import annotations

from datetime import date, datetime, time

import icalendar
import recurring_ical_events

from tests.conftest import Painlog


def calendar_of(painlog: Painlog, tmp_path) -> icalendar.Calendar:
    out = tmp_path / "plan.ics"
    result = painlog.ok("export", "--format", "ics", "-o", str(out))
    assert "events" in result.stderr
    return icalendar.Calendar.from_ical(out.read_bytes())


def test_dose_times_repeat_daily_with_an_alarm_until_the_version_ends(painlog, tmp_path) -> None:
    painlog.ok("plan", "add", "med", "gabapentin", "300mg", "--times", "08:00,20:00",
               "--from", "2026-01-05")  # fmt: skip
    painlog.ok("plan", "change", "gabapentin", "600mg", "--from", "2026-01-15")
    painlog.ok("plan", "stop", "gabapentin", "--on", "2026-01-20")
    cal = calendar_of(painlog, tmp_path)
    doses = [e for e in cal.walk("VEVENT") if "gabapentin" in str(e["SUMMARY"])]
    assert len(doses) == 4  # two versions, two times each
    assert all(e.walk("VALARM") for e in doses)
    found = recurring_ical_events.of(cal).between(date(2026, 1, 1), date(2026, 2, 1))
    taken = sorted(
        (e["DTSTART"].dt, str(e["SUMMARY"])) for e in found if "gabapentin" in str(e["SUMMARY"])
    )
    # 5..14 January at 300 mg (10 days), 15..19 January at 600 mg (5 days), twice a day.
    assert len(taken) == 30
    assert taken[0] == (datetime(2026, 1, 5, 8, 0), "Take gabapentin 300 mg")
    assert taken[19] == (datetime(2026, 1, 14, 20, 0), "Take gabapentin 300 mg")
    assert taken[20] == (datetime(2026, 1, 15, 8, 0), "Take gabapentin 600 mg")
    assert taken[-1] == (datetime(2026, 1, 19, 20, 0), "Take gabapentin 600 mg")
    assert {moment.time() for moment, _ in taken} == {time(8), time(20)}


def test_weekly_targets_and_visits(painlog, tmp_path) -> None:
    painlog.ok("plan", "add", "exercise", "home exercises", "--per-week", "5", "--minutes", "20",
               "--from", "2026-03-02")  # fmt: skip
    painlog.ok("plan", "stop", "home exercises", "--on", "2026-03-30")
    painlog.ok("visit", "add", "2026-03-12", "--with", "Dr. Rao")
    cal = calendar_of(painlog, tmp_path)
    found = recurring_ical_events.of(cal).between(date(2026, 3, 1), date(2026, 5, 1))
    weekly = [e for e in found if "home exercises" in str(e["SUMMARY"])]
    assert [e["DTSTART"].dt for e in weekly] == [date(2026, 3, d) for d in (2, 9, 16, 23)]
    assert "5 times this week" in str(weekly[0]["SUMMARY"])
    visits = [e for e in found if "visit" in str(e["SUMMARY"]).lower()]
    assert [(e["DTSTART"].dt, str(e["SUMMARY"])) for e in visits] == [
        (date(2026, 3, 12), "Clinic visit with Dr. Rao")
    ]


def test_the_same_journal_gives_the_same_bytes(painlog, tmp_path) -> None:
    painlog.ok("plan", "add", "med", "naproxen", "250mg", "--times", "09:00")
    first = painlog.ok("export", "--format", "ics").stdout
    assert first == painlog.ok("export", "--format", "ics").stdout
    assert first.startswith("BEGIN:VCALENDAR")
