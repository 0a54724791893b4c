"""The plan and visits as an iCalendar file (``painlog export --format ics``, FOLDER/painlog.ics).

So the phone's own calendar reminds the person (SPEC.md "Many devices, one journal"):

- each scheduled dose time of each plan version: an event repeating daily (RRULE) from the day
  the version holds until its last day, with an alarm at the time itself;
- each weekly exercise or therapy target: an all-day event repeating weekly over the version;
- each visit: an all-day event.

Times are floating (local wherever the phone is), as a dose time is. Every stamp comes from the
journal (a version's ``created_at``), so the same journal always gives the same bytes.
icalendar is imported here only.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from painlog.clinic.visits import list_visits
from painlog.plan.model import SCHEDULED, WEEKLY, Version, load, spans
from painlog.store.db import Journal

if TYPE_CHECKING:
    from icalendar import Calendar

PRODUCT = "-//painlog//painlog plan and visits//EN"


def _stamp(text: str | None) -> datetime:
    try:
        return datetime.fromisoformat(text or "").astimezone(UTC)
    except ValueError:
        return datetime(2000, 1, 1, tzinfo=UTC)


def _dose(version: Version) -> str:
    if version.dose is None:
        return version.name
    amount = f"{version.dose:g}"
    return f"{version.name} {amount} {version.unit or ''}".strip()


def calendar(journal: Journal) -> Calendar:
    """The icalendar ``Calendar`` of the plan's versions and the visits."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "painlog")
    for span in spans(load(journal)):
        version = span.version
        last: date | None = span.end - timedelta(days=1) if span.end else None
        if version.kind == "medication" and version.mode == SCHEDULED:
            for clock_time in version.clock_times:
                event = Event()
                event.add("uid", f"{version.id}-{clock_time:%H%M}@painlog")
                event.add("dtstamp", _stamp(version.created_at))
                event.add("summary", f"Take {_dose(version)}")
                start = datetime.combine(span.start, clock_time)
                event.add("dtstart", start)
                event.add("duration", timedelta(minutes=15))
                rule: dict[str, Any] = {"freq": "daily"}
                if last is not None:
                    rule["until"] = datetime.combine(last, clock_time)
                event.add("rrule", rule)
                if version.note:
                    event.add("description", version.note)
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", f"Take {_dose(version)}")
                alarm.add("trigger", timedelta(0))
                event.add_component(alarm)
                cal.add_component(event)
        elif version.mode == WEEKLY or version.per_week:
            event = Event()
            event.add("uid", f"{version.id}-weekly@painlog")
            event.add("dtstamp", _stamp(version.created_at))
            minutes = f", {version.minutes:g} minutes each" if version.minutes else ""
            event.add("summary", f"{version.name}: {version.per_week} times this week{minutes}")
            event.add("dtstart", span.start)
            event.add("dtend", span.start + timedelta(days=1))
            rule = {"freq": "weekly"}
            if last is not None:
                rule["until"] = last
            event.add("rrule", rule)
            cal.add_component(event)
    for visit in list_visits(journal):
        event = Event()
        event.add("uid", f"{visit.id}-visit@painlog")
        event.add("dtstamp", _stamp(visit.created_at))
        with_whom = f" with {visit.with_whom}" if visit.with_whom else ""
        event.add("summary", f"Clinic visit{with_whom}")
        day = date.fromisoformat(visit.day)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        if visit.note:
            event.add("description", visit.note)
        cal.add_component(event)
    return cal


def calendar_bytes(journal: Journal) -> bytes:
    return calendar(journal).to_ical()
