"""Parsers for the values a person types: ratings, hours, minutes, doses, words.

Each parser takes the text as typed and returns the stored value, or raises
``InvalidInput`` naming the field and the accepted form (SPEC.md "Entries").
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from painlog.errors import InvalidInput, invalid
from painlog.messages import Msg, say

PAIN_QUALITIES = (
    "aching",
    "burning",
    "stabbing",
    "throbbing",
    "shooting",
    "tingling",
    "cramping",
    "dull",
    "sharp",
    "other",
)
INTENSITIES = ("light", "moderate", "vigorous")

# Canonical unit for every spelling a person might type; plurals fold into the singular.
UNITS = {
    "mg": "mg",
    "g": "g",
    "mcg": "mcg",
    "ug": "mcg",
    "µg": "mcg",
    "ml": "mL",
    "tablet": "tablet",
    "tab": "tablet",
    "capsule": "capsule",
    "cap": "capsule",
    "puff": "puff",
    "drop": "drop",
    "patch": "patch",
    "patche": "patch",
    "unit": "unit",
    "iu": "unit",
}

_DECIMAL = re.compile(r"-?\d+(?:\.\d+)?|-?\.\d+")
_DURATION = re.compile(
    r"(?:(\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(\d+(?:\.\d+)?)\s*m(?:in(?:utes?|s)?)?)?"
)
_DOSE = re.compile(r"(\d+(?:\.\d+)?|\.\d+)\s*([^\d\s].*)")
# A dose above this is a typo in any unit (a million mg is a kilogram); it also keeps every
# sum of doses far from float overflow.
MAX_AMOUNT = 1_000_000


def finite(value: object) -> bool:
    """A real number painlog can store and add up: not a bool, not inf, not NaN."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int with hundreds of digits
        return False


def _number(text: str) -> float | None:
    text = text.strip()
    if not _DECIMAL.fullmatch(text):
        return None
    value = float(text)  # 400 digits make inf: no number at all
    return value if math.isfinite(value) else None


def _one_decimal_at_most(text: str) -> bool:
    return "." not in text or len(text.strip().split(".")[1]) <= 1


_OUT_OF_TEN = re.compile(r"\s*(?:/|out\s+of|of)\s*10\s*$", re.IGNORECASE)
_HALF = re.compile(r"(\d+)\s*(?:and\s+a\s+half|1/2|½|\.5)\s*(h|hours?|hrs?)?", re.IGNORECASE)
_HOURS_MINUTES = re.compile(r"(\d+)\s*h\s*(\d{1,2})", re.IGNORECASE)


def parse_rating(text: str | float, field: str, accepted: Msg) -> float:
    """A 0–10 rating with at most one decimal (pain NRS, mood); ``6/10`` and ``6 out of 10``
    are read as 6."""
    typed = str(text).strip()
    given = _OUT_OF_TEN.sub("", typed).strip() if isinstance(text, str) else typed
    if isinstance(text, bool) or (isinstance(text, float | int) and not finite(text)):
        raise invalid(field, typed, accepted)
    value: float | None
    if isinstance(text, float | int):
        value = float(text)
        # 6.0 written by a program is one decimal, however Python prints it.
        given_ok = round(value, 1) == value
    else:
        value = _number(given)
        given_ok = _one_decimal_at_most(given)
    if value is None or not given_ok or not 0 <= value <= 10:
        raise invalid(field, typed, accepted)
    return value


def parse_pain(text: str | float) -> float:
    return parse_rating(text, "pain", Msg.FORM_PAIN)


def parse_mood(text: str | float) -> float:
    return parse_rating(text, "mood", Msg.FORM_MOOD)


def duration_minutes(text: str, bare_unit_minutes: float) -> float | None:
    """Minutes in ``7h30m``/``450m``/``1h``; a bare number counts ``bare_unit_minutes`` each."""
    text = text.strip().lower()
    plain = _number(text)
    if plain is not None:
        return plain * bare_unit_minutes
    if ":" in text:  # 7:30 reads as hours:minutes
        hours, _, minutes = text.partition(":")
        if (
            hours.isascii()
            and minutes.isascii()
            and hours.isdigit()
            and minutes.isdigit()
            and len(minutes) == 2
            and int(minutes) < 60
        ):
            return int(hours) * 60 + int(minutes)
        return None
    match = _DURATION.fullmatch(text)
    if not match or not any(match.groups()):
        return None
    hours, minutes = match.groups()
    if hours is not None and minutes is not None and float(minutes) >= 60:
        return None  # 7h75m is a typo, not 8h15m
    return float(hours or 0) * 60 + float(minutes or 0)


def _sleep_forms(text: str) -> str:
    """``7h30`` -> ``7h30m``; ``7 1/2``, ``7 and a half``, ``7½`` -> ``7h30m``."""
    text = text.strip()
    if match := _HALF.fullmatch(text):
        return f"{match[1]}h30m"
    if match := _HOURS_MINUTES.fullmatch(text):
        return f"{match[1]}h{match[2]}m"
    return text


def parse_sleep_hours(text: str | float) -> float:
    """Hours slept: ``7.5``, ``7h30m``, ``7h30``, ``7h``, ``450m``, ``7 1/2``, ``7 and a half``;
    0 < hours <= 24."""
    minutes = duration_minutes(_sleep_forms(str(text)), bare_unit_minutes=60)
    if minutes is None or not 0 < minutes <= 24 * 60:
        raise invalid("sleep", str(text).strip(), Msg.FORM_SLEEP)
    return round(minutes / 60, 4)


def parse_minutes(text: str | float, field: str) -> float:
    """Minutes of exercise or therapy: ``30``, ``30m``, ``1h15m``; 0 < minutes <= 1440."""
    minutes = duration_minutes(str(text), bare_unit_minutes=1)
    if minutes is None or not 0 < minutes <= 1440:
        raise invalid(field, str(text).strip(), Msg.FORM_MINUTES)
    return round(minutes, 2)


def looks_like_duration(text: str) -> bool:
    return duration_minutes(text, bare_unit_minutes=1) is not None


def parse_unit(text: str) -> str:
    key = text.strip().lower()
    if key not in UNITS and key.endswith("s"):
        key = key[:-1]
    if key not in UNITS:
        raise invalid("unit", text.strip(), Msg.FORM_DOSE)
    return UNITS[key]


def parse_amount(text: str | float) -> float:
    if isinstance(text, bool):
        raise invalid("dose", str(text), Msg.FORM_DOSE)
    value = text if isinstance(text, float | int) else _number(str(text))
    if value is None or not finite(value) or not value > 0:
        raise invalid("dose", str(text).strip(), Msg.FORM_DOSE)
    if value > MAX_AMOUNT:
        raise invalid("dose", str(text).strip(), Msg.FORM_DOSE_FINITE)
    return float(value)


def parse_symptom(text: str | float) -> float:
    """A symptom's 0–10 rating, as pain's (0 none … 10 worst imaginable)."""
    return parse_rating(text, "symptom", Msg.FORM_SYMPTOM)


# A temperature is the one factor below zero; only a file from a weather service brings it.
BELOW_ZERO_SOURCES = ("open-meteo",)
BELOW_ZERO_UNITS = ("°C", "°F")


def parse_factor_amount(
    text: str | float, source: str | None = None, unit: str | None = None
) -> float:
    """A factor's amount: 0 or more (``2``, ``1.5``); below zero only for a temperature from a
    weather file (-2.8 °C)."""
    if isinstance(text, bool):
        raise invalid("amount", str(text), Msg.FORM_FACTOR)
    value = text if isinstance(text, float | int) else _number(str(text))
    lowest = -MAX_AMOUNT if source in BELOW_ZERO_SOURCES and unit in BELOW_ZERO_UNITS else 0
    if value is None or not finite(value) or not lowest <= value <= MAX_AMOUNT:
        raise invalid("amount", str(text).strip(), Msg.FORM_FACTOR)
    return float(value)


# Units a factor is counted in, one spelling each (SPEC's "drinks, cups"): "cup", "Cups" and
# "cups" are one unit, so a week's totals are not split by how it was typed. Other units (g,
# ml, °C, hPa, "/10") are kept as typed.
_COUNTED_FACTOR_UNITS = {
    singular: singular + ("es" if singular.endswith(("s", "ch", "sh")) else "s")
    for singular in (
        "cup", "drink", "glass", "unit", "serving", "can", "bottle", "pint", "shot", "slice",
        "piece", "hour", "time", "cigarette", "beer", "mug", "portion", "snack", "meal", "bar",
        "square", "spoon", "teaspoon", "tablespoon", "scoop", "joint", "dose", "session",
    )
}  # fmt: skip
_FACTOR_UNIT_PLURALS = frozenset(_COUNTED_FACTOR_UNITS.values())
_FACTOR_UNIT_SINGULAR = {plural: singular for singular, plural in _COUNTED_FACTOR_UNITS.items()}


def factor_unit(unit: str) -> str:
    """A factor's unit as stored: a counted unit in its one (plural) spelling, any other as
    typed."""
    folded = unit.casefold()
    if folded in _FACTOR_UNIT_PLURALS:
        return folded
    return _COUNTED_FACTOR_UNITS.get(folded, unit)


def factor_unit_shown(amount: float | None, unit: str) -> str:
    """``1 cup``, ``2 cups``: a counted unit in the singular for an amount of one."""
    return _FACTOR_UNIT_SINGULAR.get(unit, unit) if amount == 1 else unit


def parse_dose(text: str) -> tuple[float, str]:
    """``400mg``, ``400 mg``, ``1.5 tablet``, ``2 puffs`` -> (amount, canonical unit)."""
    match = _DOSE.fullmatch(text.strip())
    if not match:
        raise invalid("dose", text.strip(), Msg.FORM_DOSE)
    amount, unit = match.groups()
    return parse_amount(amount), parse_unit(unit)


def parse_sleep_quality(text: str | int) -> int:
    given = str(text).strip()
    if given not in {"1", "2", "3", "4", "5"}:
        raise invalid("sleep quality", given, Msg.FORM_SLEEP_QUALITY)
    return int(given)


def parse_pain_quality(text: str) -> str:
    word = text.strip().lower()
    if word not in PAIN_QUALITIES:
        raise invalid("quality", text.strip(), Msg.FORM_PAIN_QUALITY)
    return word


def parse_intensity(text: str) -> str:
    word = text.strip().lower()
    if word not in INTENSITIES:
        raise invalid("intensity", text.strip(), Msg.FORM_INTENSITY)
    return word


def parse_severity(text: str) -> str:
    word = text.strip().lower()
    if word not in ("mild", "moderate", "severe"):
        raise invalid("--severity", text.strip(), Msg.FORM_SEVERITY)
    return word


# Characters in one text of an entry (a note, a name), in every route: add, import and another
# device's rows (a note of a megabyte round-trips; what one device keeps, every device takes).
TEXT_LIMIT = 16 * 1024 * 1024


def clean_text(text: str, field: str, accepted: Msg = Msg.FORM_TEXT) -> str:
    """Text kept as written, but never empty, never with a NUL byte (it truncates in C) and
    never longer than ``TEXT_LIMIT`` (what every device accepts from another: one rule for
    add, import and sync)."""
    cleaned = text.strip()
    if not cleaned or "\x00" in cleaned:
        raise invalid(field, text.replace("\x00", "\\0"), accepted)
    if len(cleaned) > TEXT_LIMIT:
        raise InvalidInput(too_long(field, len(cleaned)))
    return cleaned


def too_long(field: str, length: int) -> str:
    return say(Msg.TEXT_TOO_LONG, field=field, length=f"{length:,}", limit=f"{TEXT_LIMIT:,}")


def clean_list(items: Sequence[str], field: str) -> list[str]:
    """Repeatable words (locations, tags, triggers, reliefs); ``a; b`` and ``a, b`` also
    split into two (SPEC.md: places and other lists may be separated by , or ;)."""
    cleaned: list[str] = []
    seen: set[str] = set()  # a set, not the list: 200,000 activities in one row stay linear
    for item in items:
        for part in re.split(r"[;,]", item):
            word = part.strip()
            if "\x00" in word:
                raise invalid(field, part.replace("\x00", "\\0"), Msg.FORM_LIST_ITEM)
            if word and word not in seen:
                seen.add(word)
                cleaned.append(word)
    return cleaned


# --- values read from files (JSON import): the right type before the rules above --------------


def typed(value: object, field: str, expected: str, optional: bool = True) -> object:
    """``value`` if it has the JSON type ``expected`` ("text", "number", "whole number",
    "words", "number or text"), else one line naming ``field``; None passes when ``optional``.
    The value's own rules (range, form) are the parsers' above, as for a typed command."""
    if value is None and optional:
        return None
    number = finite(value)
    fits = {
        "text": isinstance(value, str),
        "number": number,
        "whole number": number and float(value) == int(value),  # type: ignore[arg-type, call-overload]  # a finite number
        "number or text": number or isinstance(value, str),
        "words": isinstance(value, list) and all(isinstance(item, str) for item in value),
    }[expected]
    if not fits:
        shown = "nothing" if value is None else type(value).__name__.replace("str", "text")
        shown = {"NoneType": "null", "bool": "true/false", "float": "a number", "int": "a number",
                 "list": "a list", "dict": "an object"}.get(shown, shown)  # fmt: skip
        if isinstance(value, float | int) and not isinstance(value, bool) and not number:
            shown = str(value)  # inf, nan, 1e400
        article = {"text": "text", "words": "a list of texts"}.get(expected, f"a {expected}")
        raise InvalidInput(say(Msg.JSON_WRONG_TYPE, field=field, expected=article, given=shown))
    return value


# --- device kinds and sources (issue 17) -------------------------------------------------------

MAX_STEPS = 200_000
HEART_RATE_RANGE = (20.0, 250.0)
_STEPS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+(?:\.0+)?")
_SOURCE = re.compile(r"[a-z0-9][a-z0-9.-]{0,39}")
SOURCE_KEY_MAX = 200


def parse_steps(text: str | float) -> float:
    """A day's step count: a whole number 0..200000 (``6500``, ``6,500``)."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        value: float | None = float(text) if float(text).is_integer() else None
    else:
        cleaned = str(text).strip()
        value = float(cleaned.replace(",", "")) if _STEPS.fullmatch(cleaned) else None
    if value is None or not 0 <= value <= MAX_STEPS:
        raise invalid("steps", str(text).strip(), Msg.FORM_STEPS)
    return value


def parse_heart_rate(text: str | float) -> float:
    """Resting heart rate in beats per minute, 20..250 (``62``, ``62bpm``)."""
    cleaned = str(text).strip().lower().removesuffix("bpm").strip()
    value = text if isinstance(text, int | float) else _number(cleaned)
    low, high = HEART_RATE_RANGE
    if value is None or not low <= float(value) <= high:
        raise invalid("heart-rate", str(text).strip(), Msg.FORM_HEART_RATE)
    return round(float(value), 1)


_CHECKED_SOURCES: set[str] = set()  # names already found good: an import checks one name once


def parse_source(source: object, source_key: object) -> tuple[str | None, str | None]:
    """(source, source_key) as stored: ``typed`` or nothing is None; a key needs a source."""
    if source is None and source_key is None:
        return None, None
    if (
        source in _CHECKED_SOURCES
        and isinstance(source_key, str)
        and 0 < len(source_key) <= SOURCE_KEY_MAX
        and source_key.isprintable()
        and "  " not in source_key
        and source_key == source_key.strip()
    ):
        return source, source_key
    name = None if source is None else str(source).strip().lower()
    key = None if source_key is None else " ".join(str(source_key).split())
    name = name or None
    key = key or None
    if name == "typed":
        name = None
    if name is not None and not _SOURCE.fullmatch(name):
        raise invalid("source", source, Msg.FORM_SOURCE)
    if key is not None and (name is None or len(key) > SOURCE_KEY_MAX):
        raise invalid("source_key", source_key, Msg.FORM_SOURCE_KEY)
    if name is not None:
        _CHECKED_SOURCES.add(name)
    return name, key


MAX_WEAR_HOURS = 14 * 24
_WEAR = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours?|d|days?)?\s*")


def parse_wear(given: object) -> float:
    """How long one patch is worn: ``72h``, ``3d``, ``3 days``, ``72`` (hours) or a stored
    number of hours -> hours, 1 hour to 14 days (``--wear``: a dose's, a medicine's, a plan
    item's; SPEC "Function, mood screening and medicine safety")."""
    if isinstance(given, bool):
        raise invalid("--wear", given, Msg.FORM_WEAR)
    if isinstance(given, int | float):
        hours = float(given)
    else:
        match = _WEAR.fullmatch(str(given).lower())
        if match is None:
            raise invalid("--wear", given, Msg.FORM_WEAR)
        hours = float(match.group(1)) * (24 if (match.group(2) or "h").startswith("d") else 1)
    if not (math.isfinite(hours) and 1 <= hours <= MAX_WEAR_HOURS):
        raise invalid("--wear", given, Msg.FORM_WEAR)
    return hours
