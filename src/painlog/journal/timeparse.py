"""Reading the times people type (SPEC.md "Time").

- ``now`` and ``today`` mean now; a bare past date (``2026-11-23``, ``yesterday``,
  ``3 days ago``, ``last monday``) means 12:00 that day; a bare date that is today means now.
- A bare time of day (``21:00``, ``9pm``) means its latest occurrence that is not in the future.
- A date word may carry a time, before or after it: ``yesterday 9pm``, ``9pm yesterday``,
  ``last monday 08:30``.
- Anything else goes to python-dateutil, which reads ISO 8601 and most written dates.

Times come back timezone-aware in the local offset *of that date* (so DST is honoured),
unless the text carried its own offset.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta

from dateutil import parser
from dateutil.relativedelta import relativedelta

from painlog import clock
from painlog.clock import WEEKDAYS
from painlog.errors import InvalidInput, invalid
from painlog.messages import Msg, say
from painlog.store import settings

CLOCK_SKEW = timedelta(minutes=1)
NOON = time(12, 0)
WAKE_UP = time(7, 0)


_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?|noon|midnight")
_AGO = re.compile(r"(\d+)\s*(minute|min|hour|hr|day|week|month)s?\s+ago")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# What tired people type: "2d", "2h ago", "30m ago", "a week ago", "an hour ago".
_SHORT_AGO = re.compile(r"(\d+)\s*(d|days?|h|hrs?|hours?|w|wks?|weeks?|m|mins?|minutes?)(\s+ago)?")
_SHORT_UNITS = {"d": "day", "h": "hour", "w": "week", "m": "minute"}
_WORD_COUNTS = {"a": "1", "an": "1", "one": "1", "two": "2", "three": "3", "a couple of": "2"}
PARTS_OF_DAY = {  # SPEC.md: "this morning" is 08:00, "last night" 22:00 yesterday
    "this morning": (0, time(8, 0)),
    "this afternoon": (0, time(15, 0)),
    "this evening": (0, time(19, 0)),
    "tonight": (0, time(21, 0)),
    "last night": (-1, time(22, 0)),
    "yesterday morning": (-1, time(8, 0)),
    "yesterday afternoon": (-1, time(15, 0)),
    "yesterday evening": (-1, time(19, 0)),
}
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})(?:\s+(.*))?")
DATE_ORDER_ENV = "PAINLOG_DATE_ORDER"
# The years a journal's dates may fall in: far enough back for a birth year, far enough ahead
# for any plan, and clear of datetime's limits (year 1 and 9999), where a day's arithmetic
# would overflow later in `due`, `summary` or `report`.
FIRST_YEAR, LAST_YEAR = 1900, 2200


# The ISO 8601 forms a file may hold: a calendar date, with or without a time and an offset.
# Python also reads 20261101 and 2026-W45-1, which painlog never writes and would store as
# typed, so a day stays a text that sorts as a date.
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)


def iso_day(given: object, field: str) -> date:
    """A day as files hold it: text ``YYYY-MM-DD`` of a real date in range, else one line."""
    if not isinstance(given, str) or not ISO_DAY.fullmatch(given.strip()):
        raise invalid(field, given, Msg.FORM_ISO_DAY)
    try:
        day = date.fromisoformat(given.strip())
    except ValueError:
        raise invalid(field, given, Msg.FORM_ISO_DAY) from None
    in_range(day, field, given)
    return day


def iso_moment(given: object, field: str) -> datetime:
    """A moment as files hold it (``2026-11-23T21:00:00+01:00``), timezone-aware, in range."""
    if not isinstance(given, str) or not ISO_MOMENT.fullmatch(given.strip()):
        raise invalid(field, given, Msg.FORM_ISO_MOMENT)
    try:
        moment = datetime.fromisoformat(given.strip())
        in_range(moment, field, given)
        return moment if moment.tzinfo else moment.astimezone()
    except (ValueError, OverflowError):
        raise invalid(field, given, Msg.FORM_ISO_MOMENT) from None


def in_range(moment: date, field: str, given: object) -> None:
    """Refuse a day outside FIRST_YEAR..LAST_YEAR in one line."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise invalid(field, given, Msg.FORM_WHEN_RANGE)


def local_now() -> datetime:
    return clock.now()


def localize(day: date, clock: time) -> datetime:
    """``day`` at ``clock`` in the local offset in force on that day."""
    return datetime.combine(day, clock).astimezone()


def stamp(moment: datetime) -> str:
    """ISO 8601 with the offset, to the second: what the journal stores as ``at``."""
    return moment.replace(microsecond=0).isoformat(timespec="seconds")


def default_sleep_at(now: datetime) -> datetime:
    """Sleep belongs to the day you woke up: this morning, or now if it is still early."""
    return min(now, localize(now.date(), WAKE_UP))


def _clock(text: str) -> time | None:
    match = _CLOCK.fullmatch(text)
    if not match:
        return None
    if text == "noon":
        return NOON
    if text == "midnight":
        return time(0, 0)
    hour, minute, meridiem = int(match[1]), int(match[2] or 0), (match[3] or "").replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif match[2] is None:
        return None  # a lone number is not a time ("3" could be anything)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_clock(text: str) -> time | None:
    """A time of day as typed (``08:00``, ``8am``, ``8:30 pm``, ``noon``), or None."""
    return _clock(" ".join(text.strip().lower().split()))


def _relative_day(text: str, today: date) -> date | None:
    if text == "today":
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    words = text.split()
    if len(words) == 2 and words[0] in {"last", "past"} and words[1] in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS[words[1]]) % 7 or 7
        return today - timedelta(days=back)
    if text in WEEKDAYS:
        return today - timedelta(days=(today.weekday() - WEEKDAYS[text]) % 7)
    match = _AGO.fullmatch(text)
    if match and match[2] in {"day", "week", "month"}:
        count = int(match[1])
        if match[2] == "month":
            return today - relativedelta(months=count)
        return today - timedelta(days=count * (7 if match[2] == "week" else 1))
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    return None


def _split_day_and_clock(text: str, today: date) -> tuple[date, time | None] | None:
    """``yesterday 9pm`` -> (yesterday, 21:00); ``last mon 9 pm`` too; ``last monday`` ->
    (that monday, None)."""
    day = _relative_day(text, today)
    if day is not None:
        return day, None
    words = text.split()
    for size in (1, 2):  # "9pm" or "9 pm"
        head, tail = " ".join(words[:-size]), " ".join(words[-size:])
        head = head.removesuffix(" at").strip()
        if head and (clock := _clock(tail)) is not None:
            day = _relative_day(head, today)
            if day is not None:
                return day, clock
    for size in (1, 2):  # the clock first, as people also say it: "9pm yesterday"
        head, tail = " ".join(words[:size]), " ".join(words[size:])
        tail = tail.removeprefix("on ").strip()
        if tail and (clock := _clock(head)) is not None:
            day = _relative_day(tail, today)
            if day is not None:
                return day, clock
    return None


def _not_understood(text: str, today: date) -> str | None:
    """The part of a day-and-time that was not understood, when the other part was."""
    words = text.split()
    for size in (1, 2):
        head, tail = " ".join(words[:-size]), " ".join(words[-size:])
        if head and _relative_day(head.removesuffix(" at"), today) is not None:
            return tail
        if head and _clock(tail) is not None:
            return head
    return None


def _short_forms(cleaned: str) -> str:
    """``2d`` -> ``2 days ago``; ``a week ago`` -> ``1 week ago``; ``2h ago`` -> ``2 hours ago``."""
    for word, number in _WORD_COUNTS.items():
        if cleaned.startswith(word + " ") and cleaned.endswith(" ago"):
            cleaned = number + cleaned[len(word) :]
            break
    match = _SHORT_AGO.fullmatch(cleaned)
    if match:
        unit = _SHORT_UNITS.get(match[2][0], "day")
        if match[2].startswith("mo"):
            unit = "month"
        return f"{match[1]} {unit}s ago"
    return cleaned


def _numeric_date(cleaned: str, field: str, given: str) -> str:
    """``10/11/2026`` is refused with both readings unless a date order is set
    (``PAINLOG_DATE_ORDER=dmy`` or ``mdy``); unambiguous ones become ISO."""

    match = _NUMERIC_DATE.fullmatch(cleaned)
    if not match:
        return cleaned
    first, second, year, rest = int(match[1]), int(match[2]), match[3], match[4]
    year_number = int(year) + (2000 if len(year) == 2 else 0)

    order = (os.environ.get(DATE_ORDER_ENV) or settings.get("date-order")).strip().lower()
    readings = []
    for day, month in ((first, second), (second, first)):
        try:
            readings.append(date(year_number, month, day))
        except ValueError:
            continue
    if not readings:
        raise invalid(field, given, Msg.FORM_AT)
    if order in ("dmy", "mdy"):
        day, month = (first, second) if order == "dmy" else (second, first)
        try:
            chosen = date(year_number, month, day)
        except ValueError:
            raise invalid(field, given, Msg.FORM_AT) from None
    elif len(set(readings)) > 1:
        first_reading, second_reading = readings
        raise InvalidInput(
            say(Msg.AMBIGUOUS_DATE, field=field, given=given,
                first=first_reading.strftime("%d %B %Y"), second=second_reading.strftime("%d %B %Y"),
                first_iso=first_reading.isoformat(), second_iso=second_reading.isoformat())
        )  # fmt: skip
    else:
        chosen = readings[0]
    return chosen.isoformat() + (f" {rest}" if rest else "")


def _with_dateutil(text: str, now: datetime) -> tuple[datetime, bool] | None:
    """(moment, whether a time of day was written), or None if dateutil cannot read it."""

    try:
        early = parser.parse(text, default=datetime.combine(now.date(), time(0, 0, 0)))
        late = parser.parse(text, default=datetime.combine(now.date(), time(1, 1, 1)))
    except (ValueError, OverflowError):
        return None
    if early.hour != late.hour:  # no time of day was written: a bare date
        return early.replace(hour=NOON.hour, minute=0, second=0), False
    return early, True


def parse_moment(text: str, now: datetime | None = None, field: str = "--at") -> datetime:
    """The moment ``text`` names, timezone-aware. Raises ``InvalidInput`` if unreadable."""
    now = now or local_now()
    try:
        moment = _parse_moment(text, now, field)
    except (OverflowError, ValueError):  # "99999999999 days ago", "9999999999h", year 0
        raise invalid(field, text, Msg.FORM_WHEN_RANGE) from None
    if moment.year < FIRST_YEAR:  # later years: the caller's "in the future" is clearer
        raise invalid(field, text, Msg.FORM_WHEN_RANGE)
    return moment


def _parse_moment(text: str, now: datetime, field: str) -> datetime:
    cleaned = _numeric_date(_short_forms(" ".join(text.strip().lower().split())), field, text)
    if cleaned in {"now", "today", "", "just now"}:
        if not cleaned:
            raise invalid(field, text, Msg.FORM_AT)
        return now
    clock: time | None
    if cleaned in PARTS_OF_DAY:
        offset, clock = PARTS_OF_DAY[cleaned]
        return localize(now.date() + timedelta(days=offset), clock)
    match = _AGO.fullmatch(cleaned)
    if match and match[2] in {"minute", "min", "hour", "hr"}:
        unit = "minutes" if match[2].startswith("m") else "hours"
        return now - timedelta(**{unit: int(match[1])})
    clock = _clock(cleaned)
    if clock is None and _CLOCK.fullmatch(cleaned):
        raise invalid(field, text, Msg.FORM_AT)  # 13pm, 25:00, or a lone number
    if clock is not None:
        moment = localize(now.date(), clock)
        if moment > now + CLOCK_SKEW:
            moment = localize(now.date() - timedelta(days=1), clock)
        return moment
    split = _split_day_and_clock(cleaned, now.date())
    if split is not None:
        day, clock = split
        if clock is None:
            return now if day == now.date() else localize(day, NOON)
        return localize(day, clock)
    parsed = _with_dateutil(cleaned if _ISO_DATE.match(cleaned) else text.strip(), now)
    if parsed is None:
        part = _not_understood(cleaned, now.date())
        if part:
            raise InvalidInput(
                say(Msg.PART_NOT_UNDERSTOOD, field=field, given=text, part=part,
                    accepted=Msg.FORM_AT.value)
            )  # fmt: skip
        raise invalid(field, text, Msg.FORM_AT)
    moment, has_clock = parsed
    if not has_clock and moment.date() == now.date():
        return now
    return moment if moment.tzinfo else moment.astimezone()


def parse_past_moment(text: str, now: datetime | None = None, field: str = "--at") -> datetime:
    """``parse_moment``, refusing anything more than a minute ahead of the clock."""
    now = now or local_now()
    moment = parse_moment(text, now, field)
    if moment > now + CLOCK_SKEW:
        raise InvalidInput(
            say(Msg.FUTURE, field=field, given=text, when=moment.strftime("%Y-%m-%d %H:%M"))
        )
    return moment


def parse_day(text: str, now: datetime | None = None, field: str = "--since") -> date:
    """The calendar day ``text`` names (for ``--since``/``--until``)."""
    try:
        day = parse_moment(text, now, field).date()
    except InvalidInput:
        raise invalid(field, text, Msg.FORM_DAY) from None
    in_range(day, field, text)
    return day


def parse_period(
    since: str | None, until: str | None, now: datetime | None = None
) -> tuple[date | None, date | None]:
    """``--since``/``--until`` as days. A period that ends before it starts is bad input: a
    --since after --until, or, with no --until (the period then ends today), after today."""
    now = now or local_now()
    first = parse_day(since, now, "--since") if since else None
    last = parse_day(until, now, "--until") if until else None
    if first and last and first > last:
        raise InvalidInput(say(Msg.PERIOD_BACKWARDS, since=first, until=last))
    if first and last is None and first > now.date():
        raise InvalidInput(say(Msg.PERIOD_AFTER_TODAY, since=first, today=now.date()))
    return first, last


_AHEAD = re.compile(r"in (\d+|a|an|one|two|three) (day|week|month)s?")
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}


def parse_any_day(text: str, now: datetime | None = None, field: str = "--from") -> date:
    """A day in the past or the future: what ``parse_day`` reads, and ``tomorrow``,
    ``in 2 weeks``, ``next thursday`` (plan dates and visits may lie ahead)."""
    now = now or local_now()
    try:
        day = _parse_any_day(text, now, field)
    except (OverflowError, ValueError):
        raise invalid(field, text, Msg.FORM_WHEN_RANGE) from None
    in_range(day, field, text)
    return day


def _parse_any_day(text: str, now: datetime, field: str) -> date:
    cleaned = " ".join(text.strip().lower().split())
    today = now.date()
    if cleaned == "tomorrow":
        return today + timedelta(days=1)
    words = cleaned.split()
    if len(words) == 2 and words[0] == "next" and words[1] in WEEKDAYS:
        return today + timedelta(days=(WEEKDAYS[words[1]] - today.weekday()) % 7 or 7)
    if match := _AHEAD.fullmatch(cleaned):
        count = int(match[1]) if match[1].isdigit() else _COUNTS[match[1]]
        if match[2] == "month":
            return today + relativedelta(months=count)
        return today + timedelta(days=count * (7 if match[2] == "week" else 1))
    try:
        return parse_day(text, now, field)
    except InvalidInput:
        raise invalid(field, text, Msg.FORM_ANY_DAY) from None


def parse_weekday(text: str) -> int:
    """Monday = 0 ... Sunday = 6."""
    key = text.strip().lower()
    if key not in WEEKDAYS:
        raise invalid("--week-start", text, Msg.FORM_WEEKDAY)
    return WEEKDAYS[key]
