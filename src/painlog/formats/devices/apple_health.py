"""Apple Health's "Export All Health Data": ``export.zip`` (its ``…/export.xml``, whatever the
phone's language named the folder), the bare ``export.xml``, or the unzipped folder.

The file can be gigabytes, so it is streamed with ``ElementTree.iterparse`` and every element is
dropped as soon as it is read; memory holds only the per-day totals. Its DOCTYPE carries an
internal DTD that iOS 16 wrote broken (an ``ATTLIST`` without its ``>``), so the DTD is cut out
before parsing (it declares no entities or defaults painlog needs; line numbers are kept), and
control characters that some apps write into metadata (``\\x0b``) become spaces.

What is read (each record's own UTC offset is kept, so a night in New York and a day in Paris
both fall on their local dates):

- ``HKCategoryTypeIdentifierSleepAnalysis``: asleep stages (AsleepCore, AsleepDeep, AsleepREM,
  AsleepUnspecified, and the older Asleep) summed per night to the day of waking; Awake left
  out; InBed only for a night with no asleep record. Nights and the one-device rule are in
  ``nights.py``: a night is taken from ONE source, the one with the most asleep time.
- ``HKQuantityTypeIdentifierStepCount``: summed per day (the date of each record's start) and
  source (``sourceName``); the day takes the source with the most steps, never the sum.
- ``Workout``: exercise on the day it started (a workout across midnight belongs to its start
  day), minutes from ``duration``/``durationUnit`` (or end minus start), named from
  ``workoutActivityType``.
- ``HKQuantityTypeIdentifierRestingHeartRate``: one per day, the day's LATEST value (Apple
  revises its estimate through the day; the latest is the one the Health app shows).

source_key: ``sleep:DAY``, ``steps:DAY``, ``heart-rate:DAY``, and for a workout
``exercise:START:TYPE`` (its start as stored, and Apple's type, e.g. ``Walking``).
"""

from __future__ import annotations

import pyexpat
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from painlog.errors import InvalidInput
from painlog.formats.devices.archive import Export, Member, Reading
from painlog.formats.devices.nights import AWAKE, IN_BED, nights
from painlog.formats.devices.records import RECORD_ERRORS, DeviceImport, Progress, stamp
from painlog.messages import Msg, say

SOURCE = "apple-health"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
STEPS = "HKQuantityTypeIdentifierStepCount"
RESTING = "HKQuantityTypeIdentifierRestingHeartRate"
SLEEP_VALUES = {
    "HKCategoryValueSleepAnalysisAsleepCore": "core",
    "HKCategoryValueSleepAnalysisAsleepDeep": "deep",
    "HKCategoryValueSleepAnalysisAsleepREM": "REM",
    "HKCategoryValueSleepAnalysisAsleepUnspecified": "asleep",
    "HKCategoryValueSleepAnalysisAsleep": "asleep",  # before iOS 16
    "HKCategoryValueSleepAnalysisInBed": IN_BED,
    "HKCategoryValueSleepAnalysisAwake": AWAKE,
}
WORKOUT_NAMES = {
    "Walking": "walk",
    "Running": "run",
    "Swimming": "swim",
    "Yoga": "yoga",
    "TaiChi": "tai chi",
    "Cycling": "cycling",
    "Hiking": "hike",
    "Pilates": "pilates",
    "TraditionalStrengthTraining": "strength training",
    "FunctionalStrengthTraining": "strength training",
    "HighIntensityIntervalTraining": "HIIT",
    "Flexibility": "stretching",
    "MindAndBody": "mind and body",
    "WaterFitness": "water fitness",
    "Elliptical": "elliptical",
    "Rowing": "rowing",
    "CoreTraining": "core training",
    "Other": "workout",
}
DURATION_UNITS = {"min": 1.0, "s": 1 / 60, "sec": 1 / 60, "h": 60.0, "hr": 60.0}
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Control characters are not allowed in XML 1.0; some apps still write them into metadata.
_BAD = bytes(c for c in range(32) if c not in (9, 10, 13))
_CLEAN = bytes.maketrans(_BAD, b" " * len(_BAD))
_HEAD_LIMIT = 8 * 1024 * 1024  # the DTD is ~20 kB; a DOCTYPE that does not end by 8 MB is left
_PIECE = 64 * 1024
# No record is longer than a few kB: one token (a comment, a start tag with its attributes, a
# run of text) longer than this is not Apple's and is refused, so memory stays bounded.
_TOKEN_LIMIT = 64 * 1024 * 1024
_TOKEN_LIMIT_TEXT = "64 MB"


class _Refused(ValueError):
    """The file is not what Apple writes: refused whole, with the line."""


class Unreadable(ValueError):
    """A record attribute that cannot be read; the reader adds the file and the record."""


def read_apple_health(path: Path, progress: Progress | None = None) -> DeviceImport:
    with Export(path) as export:
        member = _export_xml(export)
        reading = Reading([member], progress)
        found = _Reader(export.label(member)).read(reading, member)
        reading.finish()
        return found


def _export_xml(export: Export) -> Member:
    """``export.xml`` (never ``export_cda.xml``), the shallowest one if there are several."""
    candidates = [m for m in export.members if m.basename.lower() == "export.xml"]
    if export.zip is None and export.path.is_file():
        candidates = export.members  # a bare file, whatever it is called
    if not candidates:
        raise InvalidInput(say(Msg.DEVICE_NOT_EXPORT, path=export.path,
                               what="an Apple Health export", why="no export.xml in it",
                               accepted=Msg.FORM_APPLE_HEALTH_FILE.value))  # fmt: skip
    return min(candidates, key=lambda member: (member.name.count("/"), member.name))


class _Cleaned:
    """The XML bytes with the internal DTD cut out (same number of lines) and control
    characters turned into spaces."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.first = True

    def read(self, size: int = 64 * 1024) -> bytes:
        data = self.inner.read(size)
        if self.first:
            self.first = False
            data = self._without_doctype(data, size)
        return data.translate(_CLEAN)

    def _without_doctype(self, data: bytes, size: int) -> bytes:
        start = data.find(b"<!DOCTYPE")
        if start < 0:
            return data
        while True:
            bracket, close = data.find(b"[", start), data.find(b">", start)
            if close >= 0 and (bracket < 0 or close < bracket):
                end = close + 1  # no internal subset
                break
            finish = data.find(b"]>", start) if bracket >= 0 else -1
            if finish >= 0:
                end = finish + 2
                break
            more = self.inner.read(size)
            if not more or len(data) > _HEAD_LIMIT:
                return data
            data += more
        return data[:start] + b"\n" * data.count(b"\n", start, end) + data[end:]


@lru_cache(maxsize=64)
def _zone(text: str) -> timezone:
    if len(text) != 5 or text[0] not in "+-" or not text[1:].isascii() or not text[1:].isdigit():
        raise Unreadable(f"'{text}' is not a UTC offset like -0500.")
    if int(text[1:3]) > 14 or int(text[3:5]) > 59:  # the Earth's offsets run -12:00..+14:00
        raise Unreadable(f"'{text}' is not a UTC offset like -0500.")
    minutes = int(text[1:3]) * 60 + int(text[3:5])
    return timezone(timedelta(minutes=-minutes if text[0] == "-" else minutes))


@lru_cache(maxsize=8192)
def _day(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise Unreadable(f"'{text}' is not a date like 2026-11-23.") from None


def apple_time(text: str) -> datetime:
    """``2026-11-23 06:55:00 -0500`` -> an aware datetime in that offset."""
    if len(text) != 25 or text[10] != " " or text[19] != " ":
        raise Unreadable(f"'{text}' is not a time like 2026-11-23 06:55:00 -0500.")
    try:
        moment = datetime.fromisoformat(text[:19])
    except ValueError:
        raise Unreadable(f"'{text}' is not a time like 2026-11-23 06:55:00 -0500.") from None
    return moment.replace(tzinfo=_zone(text[20:]))


def _attribute(attrib: dict[str, str], name: str) -> str:
    value = attrib.get(name)
    if value is None:
        raise Unreadable(f"it has no {name}.")
    return value


def _number(attrib: dict[str, str], name: str) -> float:
    text = _attribute(attrib, name)
    try:
        return float(text)
    except ValueError:
        raise Unreadable(f"{name} '{text}' is not a number.") from None


def workout_name(activity: str) -> str:
    """``HKWorkoutActivityTypeWalking`` -> ``walk``; an unlisted type in plain words."""
    short = activity.removeprefix("HKWorkoutActivityType")
    return WORKOUT_NAMES.get(short) or _CAMEL.sub(" ", short).lower() or "workout"


class _Reader:
    def __init__(self, label: str) -> None:
        self.label = label
        self.found = DeviceImport(SOURCE)
        # a step record this recent has its end checked against now (older ones cannot be late)
        self.recent = (self.found.now - timedelta(days=2)).date().isoformat()
        self.steps: dict[tuple[str, str], list] = {}  # (day, source) -> [sum, latest end]
        self.sleep: list[tuple[str, datetime, datetime, str]] = []
        self.resting: dict[str, tuple[datetime, float, str]] = {}  # day -> latest
        self.workouts: dict[str, tuple[datetime, float, str, str]] = {}
        self.handlers: dict[str, Callable[[dict[str, str]], None]] = {
            STEPS: self._step,
            SLEEP: self._sleep,
            RESTING: self._resting,
        }
        self.root: str | None = None

    def read(self, reading: Reading, member: Member) -> DeviceImport:
        counted = reading.open(member, self.label)
        try:
            self._parse(_Cleaned(counted))
        finally:
            counted.close()
        self._finish()
        return self.found

    def _start(self, tag: str, attrib: dict[str, str]) -> None:
        """One element's start tag: all a Record or a Workout carries is in its attributes."""
        if self.root is None:
            self.root = tag
            if tag != "HealthData":
                raise InvalidInput(say(Msg.DEVICE_NOT_EXPORT, path=self.label,
                                       what="an Apple Health export",
                                       why=f"its root is <{tag}>, not <HealthData>",
                                       accepted=Msg.FORM_APPLE_HEALTH_FILE.value))  # fmt: skip
            return
        if tag == "Record":
            handler = self.handlers.get(attrib.get("type"))  # type: ignore[arg-type]
            if handler is None:
                return
        elif tag == "Workout":
            handler = self._workout
        else:
            return
        try:
            handler(attrib)
        except RECORD_ERRORS:  # Unreadable included: a malformed number, date or offset
            self.found.reject(Msg.UNTRUE_UNREADABLE.value)

    def _doctype(self, *_: object) -> None:
        raise _Refused("it declares a DTD (<!DOCTYPE …>) painlog does not read")

    def _parse(self, stream: _Cleaned) -> None:
        """Expat on the stream, fed in pieces that grow while one token (a comment, a start tag
        with its attributes) is still unfinished: expat 2.5 reads an unfinished token again
        with every piece, so pieces of a fixed size would take time growing with the square of
        the token's length. The pieces double, so the total work stays linear."""
        parser = pyexpat.ParserCreate()
        parser.StartElementHandler = self._start
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
        fed = 0
        size = _PIECE
        try:
            while True:
                data = stream.read(size)
                parser.Parse(data, not data)
                if not data:
                    break
                fed += len(data)
                pending = fed - parser.CurrentByteIndex
                if pending > _TOKEN_LIMIT:
                    raise _Refused(f"one tag, comment or text runs past {_TOKEN_LIMIT_TEXT}")
                size = _PIECE if pending < _PIECE else max(_PIECE, 2 * pending)
        except pyexpat.ExpatError as error:
            reason = pyexpat.errors.messages[error.code] if error.code else str(error)
            raise InvalidInput(say(Msg.DEVICE_BAD_XML, file=self.label, line=error.lineno,
                                   column=error.offset, reason=reason)) from None  # fmt: skip
        except _Refused as error:
            raise InvalidInput(say(Msg.DEVICE_BAD_XML, file=self.label,
                                   line=parser.CurrentLineNumber,
                                   column=parser.CurrentColumnNumber, reason=str(error))) from None  # fmt: skip
        if self.root is None:
            raise InvalidInput(say(Msg.DEVICE_NOT_EXPORT, path=self.label,
                                   what="an Apple Health export", why="it is empty",
                                   accepted=Msg.FORM_APPLE_HEALTH_FILE.value))  # fmt: skip

    # --- one record at a time: only what the day totals need --------------------------------

    def _step(self, attrib: dict[str, str]) -> None:
        start = _attribute(attrib, "startDate")
        day = _day(start[:10])
        end = attrib.get("endDate") or start
        if len(start) != 25 or len(end) != 25:
            apple_time(start if len(start) != 25 else end)  # raises with the right words
        value = _number(attrib, "value")
        if not 0 <= value <= 200_000:  # NaN and inf too: a count no device writes
            self.found.reject(say(Msg.DEVICE_SKIP_IMPOSSIBLE, kind="steps"))
            return
        if start[20:] == end[20:]:  # one offset: the text compares as the times do
            _zone(end[20:])
            backwards = end[:19] < start[:19]
        else:
            backwards = apple_time(end) < apple_time(start)
        if backwards:
            self.found.reject(Msg.UNTRUE_BACKWARDS.value)
            return
        if day >= self.recent and self.found.too_late(apple_time(end)):
            return
        key = (day, attrib.get("sourceName") or "")
        total = self.steps.get(key)
        if total is None:
            self.steps[key] = [value, end]
        else:
            total[0] += value
            if end > total[1]:
                total[1] = end

    def _sleep(self, attrib: dict[str, str]) -> None:
        stage = SLEEP_VALUES.get(attrib.get("value", ""))
        if stage is None:
            self.found.skip(Msg.DEVICE_SKIP_UNKNOWN_SLEEP.value)
            return
        start = apple_time(_attribute(attrib, "startDate"))
        end = apple_time(_attribute(attrib, "endDate"))
        if end < start:
            self.found.reject(Msg.UNTRUE_BACKWARDS.value)
        elif end == start:
            self.found.reject(Msg.UNTRUE_NO_LENGTH.value)
        elif not self.found.too_late(end):
            self.sleep.append((attrib.get("sourceName") or "", start, end, stage))

    def _resting(self, attrib: dict[str, str]) -> None:
        start = apple_time(_attribute(attrib, "startDate"))
        value = _number(attrib, "value")
        if self.found.too_late(start):
            return
        day = start.date().isoformat()
        latest = self.resting.get(day)
        if latest is None or start >= latest[0]:
            self.resting[day] = (start, value, attrib.get("sourceName") or "")

    def _workout(self, attrib: dict[str, str]) -> None:
        activity = _attribute(attrib, "workoutActivityType")
        text_start = _attribute(attrib, "startDate")
        start = apple_time(text_start)
        if attrib.get("duration"):
            unit = attrib.get("durationUnit") or "min"
            if unit not in DURATION_UNITS:
                raise Unreadable(f"durationUnit '{unit}' is not min, s or h.")
            minutes = _number(attrib, "duration") * DURATION_UNITS[unit]
        else:
            minutes = (apple_time(_attribute(attrib, "endDate")) - start).total_seconds() / 60
        if not attrib.get("duration") and minutes < 0:
            self.found.reject(Msg.UNTRUE_BACKWARDS.value)
            return
        if self.found.too_late(start):
            return
        short = activity.removeprefix("HKWorkoutActivityType")
        key = f"exercise:{stamp(start)}:{short}"
        source = attrib.get("sourceName") or ""
        earlier = self.workouts.get(key)
        if earlier is not None:
            self.found.skip(Msg.DEVICE_SKIP_DUPLICATE.value)
            if earlier[1] >= minutes:
                return
        self.workouts[key] = (start, minutes, workout_name(activity), source)

    # --- the day totals become records ------------------------------------------------------

    def _finish(self) -> None:
        found = self.found
        for night in nights(self.sleep):
            found.add("sleep", night.woke, night.hours, f"sleep:{night.day}", note=night.note,
                      device=night.device or None)  # fmt: skip
            found.skip(say(Msg.DEVICE_SKIP_SECOND_DEVICE, kind="sleep"), night.others)
        self._finish_steps()
        for key, (start, minutes, name, source) in sorted(self.workouts.items()):
            found.add("exercise", start, minutes, key, name=name, device=source or None)
        for day, (start, value, source) in sorted(self.resting.items()):
            found.add("heart-rate", start, value, f"heart-rate:{day}", device=source or None)

    def _finish_steps(self) -> None:
        by_day: dict[str, dict[str, list]] = {}
        for (day, source), total in self.steps.items():
            by_day.setdefault(day, {})[source] = total
        for day in sorted(by_day):
            sources = by_day[day]
            device = min(sources, key=lambda source: (-sources[source][0], source))
            steps, end = sources[device]
            counted = [source for source in sources if sources[source][0] > 0]
            if steps <= 0:
                self.found.skip(Msg.DEVICE_SKIP_NO_STEPS.value)
                continue
            try:
                moment = apple_time(end)
            except Unreadable:
                self.found.reject(Msg.UNTRUE_UNREADABLE.value)
                continue
            self.found.skip(say(Msg.DEVICE_SKIP_SECOND_DEVICE, kind="steps"), len(counted) - 1)
            if moment.date().isoformat() != day:  # the last record ran past midnight
                moment = datetime.combine(date.fromisoformat(day), time(23, 59, 59),
                                          moment.tzinfo)  # fmt: skip
            note = None
            if len(counted) > 1:
                others = ", ".join(
                    f"{source or 'another source'} {sources[source][0]:,.0f}"
                    for source in sorted(counted)
                    if source != device
                )
                note = (
                    f"Counted by {device or 'one source'}; also counted: {others} (the larger kept)"
                )
            self.found.add("steps", moment, steps, f"steps:{day}", note=note,
                           device=device or None)  # fmt: skip
