"""What a logged dose holds, and a day's opioid and acetaminophen totals (SPEC.md "Function, mood
screening and medicine safety").

Pure functions: no journal, no command line. The caller groups a period's medication entries by
day, turns each into ``DoseContents`` with ``dose_contents`` (passing the plan item's or the
entry's ``--contains`` when there is one), and gives each day's list to ``daily_mme``; the week
helpers at the end build SPEC's ``summary --json`` keys from the days.

Rules, and why:

- A dose's contents are known only from what cannot be otherwise: a single-ingredient medicine
  logged by weight (``oxycodone 10 mg``: 10 mg oxycodone), a product with a fixed strength in
  ``medicine_table`` (``Tylenol #3``), or the person's own ``--contains`` (what one unit holds).
  Anything else (``Percocet 1 tablet``, ``oxycodone 1 tablet``) is *unknown* for that ingredient,
  with a note saying so and how to fix it. Nothing is guessed.
- MME: each opioid's milligrams times CDC's 2022 factor; transdermal fentanyl is its rate in
  mcg/h times 2.4. A patch counts on each day it is logged: painlog does not know how long a
  patch stayed on, so a person wearing one for three days logs it on each of those days. An
  opioid CDC gives no factor for (dihydrocodeine, buprenorphine, levorphanol, meperidine) and fentanyl in
  any form other than a patch's rate are recognised as opioids but their MME is not counted,
  and the day says so.
- On a day with a dose of unknown strength the day's MME (and acetaminophen) totals count what
  is known only: they are lower bounds, and the week keys ``days_strength_unknown`` and
  ``days_amount_unknown`` say on how many days, so a report can say "at least".
- Acetaminophen (paracetamol) is summed over single and combination products. A day is over the
  limit when its known total is above 4,000 mg, or above the person's own lower daily limit
  (a person's limit above 4,000 mg never hides a day over 4,000 mg).
- Every figure is rounded half up (SPEC "Numbers on screen"); sums are exact decimals, because
  Python's float ``round`` rounds 6.125 to 6.12.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from painlog.errors import invalid
from painlog.messages import Msg, say
from painlog.plan.medicine_table import (
    BENZODIAZEPINES,
    GABAPENTINOIDS,
    INGREDIENT_SYNONYMS,
    MME_FACTORS,
    OPIOIDS_WITHOUT_FACTOR,
    OTHER_KNOWN,
    PRODUCTS,
    RATE_INGREDIENTS,
)

ACETAMINOPHEN = "acetaminophen"
ACETAMINOPHEN_LIMIT_MG = 4000.0
MME_CAVEAT = say(Msg.MME_CAVEAT)
MG = "mg"
RATE = "mcg/h"

OPIOIDS = frozenset(MME_FACTORS) | frozenset(OPIOIDS_WITHOUT_FACTOR)

# Milligrams in one of each weight unit, and every spelling of a patch's rate.
_TO_MG = {"mg": Decimal(1), "g": Decimal(1000), "mcg": Decimal("0.001")}
_WEIGHT_SPELLINGS = {"mg": "mg", "g": "g", "mcg": "mcg", "ug": "mcg", "µg": "mcg", "μg": "mcg"}
_RATE_SPELLING = re.compile(r"(mcg|ug|µg|μg)\s*/\s*(h|hr|hrs|hour)")

# Words that name a salt or a release form, not a different medicine (``oxycodone hcl er``).
_NOISE = frozenset(
    [
        "hcl",
        "hydrochloride",
        "sulfate",
        "sulphate",
        "bitartrate",
        "phosphate",
        "citrate",
        "tartrate",
        "er",
        "ir",
        "sr",
        "cr",
        "xr",
        "xl",
        "la",
        "extended",
        "immediate",
        "modified",
        "release",
    ]
)


@dataclass(frozen=True)
class Ingredient:
    """One ingredient of a dose: ``amount`` in mg (or mcg/h for a patch), ``None`` if unknown."""

    name: str
    amount: float | None
    unit: str = MG  # "mg" or "mcg/h"


@dataclass(frozen=True)
class DoseContents:
    """What one logged dose holds; ``notes`` name anything unknown or not counted, and why."""

    name: str
    ingredients: tuple[Ingredient, ...]
    benzodiazepine: bool = False
    notes: tuple[str, ...] = ()
    gabapentinoid: bool = False

    @property
    def recognised(self) -> bool:
        return bool(self.ingredients) or self.benzodiazepine or self.gabapentinoid

    @cached_property  # asked for every dose of years of them; a dose's contents never change
    def opioid(self) -> bool:
        return any(part.name in OPIOIDS for part in self.ingredients)


@dataclass(frozen=True)
class MmeDay:
    """One day's opioid, benzodiazepine and acetaminophen facts.

    ``mme`` and ``acetaminophen_mg`` count the known amounts only; ``mme_unknown`` and
    ``acetaminophen_unknown`` say when some amount could not be known (the notes say which).
    """

    mme: float
    opioid: bool
    mme_unknown: bool
    benzodiazepine: bool
    acetaminophen_mg: float
    acetaminophen_taken: bool
    acetaminophen_unknown: bool
    notes: tuple[str, ...] = ()
    gabapentinoid: bool = False
    # An opioid and a benzodiazepine (or a gabapentinoid) within 24 hours of each other, the later
    # dose on this day. ``daily_mme`` sets them for doses of one day (always within 24 hours);
    # ``safety.safety_days`` widens them to doses on the day before.
    opioid_and_benzodiazepine: bool = False
    opioid_and_gabapentinoid: bool = False


# --- names --------------------------------------------------------------------------------------


def _key(name: str) -> str:
    """``Tylenol #3``, ``tylenol 3``, ``TYLENOL#3``, ``Tylenol No. 3`` -> ``tylenol3``."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("w/", "with ")
    text = re.sub(r"\bno\.?\s*(?=\d)", " ", text)
    words = [word for word in re.findall(r"[^\W_]+", text) if word not in _NOISE]
    return "".join(words)


_SINGLE = tuple(MME_FACTORS) + OPIOIDS_WITHOUT_FACTOR + ("acetaminophen", "aspirin", "caffeine")


def _build_products() -> dict[str, tuple[Ingredient, ...]]:
    products: dict[str, tuple[Ingredient, ...]] = {}
    for generic in _SINGLE:
        unit = RATE if generic == "fentanyl" else MG
        products[_key(generic)] = (Ingredient(generic, None, unit),)
    for synonym, generic in INGREDIENT_SYNONYMS.items():
        products[_key(synonym)] = products[_key(generic)]
    for name, parts in PRODUCTS.items():
        products[_key(name)] = tuple(
            Ingredient(part, None if amount is None else float(amount), unit)
            for part, amount, unit in parts
        )
    return products


_PRODUCTS = _build_products()
_BENZODIAZEPINE_KEYS = frozenset(
    _key(name) for generic, brands in BENZODIAZEPINES.items() for name in (generic, *brands)
)
_GABAPENTINOID_KEYS = frozenset(
    _key(name) for generic, brands in GABAPENTINOIDS.items() for name in (generic, *brands)
)
_OTHER_KEYS = frozenset(_key(name) for name in OTHER_KNOWN)


def ingredient_name(text: str) -> str:
    """painlog's spelling of an ingredient: ``Paracetamol`` -> ``acetaminophen``; a single-
    ingredient brand (``Tylenol``) -> its ingredient; anything else lower-cased as written."""
    key = _key(text)
    parts = _PRODUCTS.get(key)
    if parts is not None and len(parts) == 1:
        return parts[0].name
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def is_benzodiazepine(name: str) -> bool:
    return _key(name) in _BENZODIAZEPINE_KEYS


def is_gabapentinoid(name: str) -> bool:
    return _key(name) in _GABAPENTINOID_KEYS


_NSAIDS = frozenset(
    _key(name)
    for name in (
        "ibuprofen", "Advil", "Motrin", "Nurofen", "naproxen", "Aleve", "Naprosyn", "diclofenac",
        "Voltaren", "Voltarol", "celecoxib", "Celebrex", "meloxicam", "Mobic", "etoricoxib",
        "aspirin",
    )
)  # fmt: skip


def is_painkiller(name: str) -> bool:
    """An analgesic painlog knows: an opioid or acetaminophen product, or an NSAID (aspirin,
    ibuprofen, naproxen …): what the report counts as an as-needed painkiller."""
    key = _key(name)
    if key in _NSAIDS:
        return True
    parts = known_contents(name)
    return bool(parts) and any(
        part.name in OPIOIDS or part.name in (ACETAMINOPHEN, "aspirin") for part in parts or ()
    )


def classified(name: str) -> bool:
    """painlog knows what ``name`` is for medicine safety (without any ``--contains``): an opioid
    or acetaminophen product, a benzodiazepine, a gabapentinoid, or a common medicine that holds
    none of these. A name it cannot classify is listed as not known, never taken as harmless."""
    key = _key(name)
    return (
        known_contents(name) is not None
        or key in _BENZODIAZEPINE_KEYS
        or key in _GABAPENTINOID_KEYS
        or key in _OTHER_KEYS
    )


def known_contents(name: str) -> tuple[Ingredient, ...] | None:
    """The ingredients (and per-unit amounts, where fixed) of a known medicine name, or None.

    Generic combinations are read too: ``hydrocodone/acetaminophen``, ``codeine + paracetamol``.
    """
    key = _key(name)
    if key in _PRODUCTS:
        return _PRODUCTS[key]
    pieces = [piece for piece in re.split(r"[/+&,]|\band\b", name.casefold()) if piece.strip()]
    if len(pieces) < 2:
        return None
    parts = []
    for piece in pieces:
        single = _PRODUCTS.get(_key(piece))
        if single is None or len(single) != 1:
            return None
        parts.append(Ingredient(single[0].name, None, single[0].unit))
    return tuple(parts)


# --- --contains ---------------------------------------------------------------------------------

_ITEM = re.compile(
    r"(?P<name>[^\W\d_](?:[^\d]*[^\W\d_])?)\s*(?P<amount>\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>[^\s\d][^\d]*?)\s*"
)


def _unit(text: str) -> str | None:
    """``mg``/``g``/``mcg`` (any spelling) or ``mcg/h`` for a rate; None when neither."""
    text = text.strip().casefold()
    if _RATE_SPELLING.fullmatch(text):
        return RATE
    return _WEIGHT_SPELLINGS.get(text)


def parse_contains(text: str) -> tuple[Ingredient, ...]:
    """``"oxycodone 5mg, acetaminophen 325mg"`` -> what one unit holds (amounts in mg or mcg/h).

    Items are separated by commas or semicolons; units mg, mcg, g, or mcg/h (``25 mcg/hr``) for a
    patch. Refused (``InvalidInput`` naming ``--contains``): no item, an item without a name, an
    amount or a unit, an amount that is not a finite number above 0, an ingredient given twice.
    """

    def refuse() -> Exception:
        return invalid("--contains", text, Msg.FORM_CONTAINS)

    items = [item.strip() for item in re.split(r"[,;]", str(text))]
    while items and not items[-1]:
        items.pop()  # a trailing separator is a slip, not a missing ingredient
    if not items:
        raise refuse()
    parts: list[Ingredient] = []
    for item in items:
        match = _ITEM.fullmatch(item)
        if match is None:
            raise refuse()
        unit = _unit(match["unit"])
        amount = Decimal(match["amount"])
        if unit is None or not amount.is_finite() or amount <= 0:
            raise refuse()
        name = ingredient_name(match["name"])
        if unit == RATE:
            value = float(amount)
        else:
            value = float(amount * _TO_MG[unit])
            unit = MG
        if not math.isfinite(value) or value <= 0 or any(p.name == name for p in parts):
            raise refuse()
        parts.append(Ingredient(name, value, unit))
    return tuple(parts)


def converted(amount: float, unit: str, target: str) -> float | None:
    """``amount`` of ``unit`` in ``target``: the amount itself in the same unit, converted between
    weights (``1 g`` -> ``1000.0`` mg, ``250 mcg`` -> ``0.25`` mg), None otherwise (a volume or a
    count holds no known weight). The one weight conversion of painlog's limits and safety."""
    if unit.strip().casefold() == target.strip().casefold():
        return float(amount)
    source, goal = _WEIGHT_SPELLINGS.get(unit.strip().casefold()), _unit(target)
    if source is None or goal not in _TO_MG:
        return None
    return float(Decimal(repr(float(amount))) * _TO_MG[source] / _TO_MG[goal])


def limit_total(
    amounts: Iterable[tuple[float, str]], unit: str
) -> tuple[float | None, dict[str, float]]:
    """A day's doses (amount, unit) totalled in a limit's ``unit`` (weights converted), and the
    amounts per unit that cannot be (``mL`` against ``mg``). The total is None when no dose
    could be counted. Every limit check and daily total against a limit comes through here."""
    total: float | None = None
    left: dict[str, float] = {}
    for amount, dose_unit in amounts:
        found = converted(amount, dose_unit or "", unit)
        if found is None:
            left[dose_unit or ""] = round(left.get(dose_unit or "", 0.0) + amount, 4)
        else:
            total = (total or 0.0) + found
    return (None if total is None else round(total, 4)), left


# --- one dose -----------------------------------------------------------------------------------


def _number(value: float) -> str:
    """``2.0`` -> ``2``, ``0.5`` -> ``0.5``, ``1000000.0`` -> ``1000000`` (never ``1e+06``)."""
    return str(int(value)) if value == int(value) else repr(value)


def _example(parts: Sequence[Ingredient]) -> str:
    return ", ".join(f"{part.name} …{part.unit}" for part in parts)


def _dose_unit(unit: str) -> str:
    """The dose's unit as a kind: a weight (mg/g/mcg), a rate (mcg/h), or a count (tablet …)."""
    key = unit.strip().casefold()
    found = _unit(key)
    if found is not None:
        return found
    if key.endswith(("ches", "shes")):
        return key[:-2]  # patches -> patch
    return key[:-1] if key.endswith("s") and len(key) > 1 else key


def dose_contents(
    name: str, amount: float, unit: str, contains: Sequence[Ingredient] | None = None
) -> DoseContents:
    """What one logged dose (``Percocet 2 tablet``) holds.

    ``contains``, when given, is what one unit holds (from ``parse_contains``) and wins over the
    table. A name painlog does not know, without ``contains``, gives no ingredients: it is not
    counted as an opioid or as acetaminophen (``recognised`` is False).
    """
    if not isinstance(amount, int | float) or not math.isfinite(amount) or amount <= 0:
        raise invalid("dose", amount, Msg.FORM_DOSE)
    kind = _dose_unit(unit)
    dose = f"{name} {_number(float(amount))} {unit}"
    parts = tuple(contains) if contains else known_contents(name)
    benzodiazepine = is_benzodiazepine(name) or any(
        is_benzodiazepine(part.name) for part in contains or ()
    )
    gabapentinoid = is_gabapentinoid(name) or any(
        is_gabapentinoid(part.name) for part in contains or ()
    )
    if parts is None:
        return DoseContents(name, (), benzodiazepine, gabapentinoid=gabapentinoid)
    exact = Decimal(repr(float(amount)))
    notes: list[str] = []
    found: list[Ingredient] = []
    if kind in _TO_MG or kind == RATE:
        # A weight or a rate is the amount of the one ingredient; a mixture cannot be split.
        if len(parts) > 1:
            notes.append(say(Msg.MED_MIXTURE_BY_WEIGHT, dose=dose, unit=unit))
            found = [Ingredient(part.name, None, part.unit) for part in parts]
        else:
            (part,) = parts
            if kind == RATE and part.name not in RATE_INGREDIENTS:
                notes.append(say(Msg.MED_WRONG_UNIT, dose=dose, ingredient=part.name, unit=unit))
                found = [Ingredient(part.name, None, part.unit)]
            elif kind == RATE:
                found = [Ingredient(part.name, float(exact), RATE)]
            else:
                found = [Ingredient(part.name, float(exact * _TO_MG[kind]), MG)]
    else:
        # A count (tablet, capsule, patch, mL …): what one unit holds, times the count.
        unknown = [part for part in parts if part.amount is None]
        if unknown:
            notes.append(
                say(Msg.MED_STRENGTH_UNKNOWN, dose=dose, unit=kind, example=_example(parts))
            )
        found = [
            Ingredient(
                part.name,
                None if part.amount is None else float(Decimal(repr(part.amount)) * exact),
                part.unit,
            )
            for part in parts
        ]
    for part in found:
        if part.name not in OPIOIDS or part.amount is None:
            continue
        if part.name in OPIOIDS_WITHOUT_FACTOR:
            notes.append(say(Msg.MED_NO_FACTOR, dose=dose, ingredient=part.name))
        elif part.name == "fentanyl" and part.unit != RATE:
            notes.append(say(Msg.MED_FENTANYL_NOT_PATCH, dose=dose))
    return DoseContents(name, tuple(found), benzodiazepine, tuple(notes), gabapentinoid)


def ingredient_mme(part: Ingredient) -> Decimal | None:
    """CDC MME of one opioid ingredient, exactly; None when it cannot be counted."""
    factor = MME_FACTORS.get(part.name)
    if factor is None or part.amount is None or part.unit != factor[1]:
        return None
    return Decimal(repr(part.amount)) * Decimal(factor[0])


# --- one day ------------------------------------------------------------------------------------


def daily_mme(
    doses: Iterable[DoseContents],
    with_benzodiazepine: bool | None = None,
    with_gabapentinoid: bool | None = None,
) -> MmeDay:
    """One day's MME (known parts summed), opioid and benzodiazepine flags, acetaminophen mg."""
    mme = Decimal(0)
    acetaminophen = Decimal(0)
    opioid = benzodiazepine = mme_unknown = apap_taken = apap_unknown = gabapentinoid = False
    notes: list[str] = []
    for dose in doses:
        benzodiazepine = benzodiazepine or dose.benzodiazepine
        gabapentinoid = gabapentinoid or dose.gabapentinoid
        notes.extend(dose.notes)
        for part in dose.ingredients:
            if part.name in OPIOIDS:
                opioid = True
                value = ingredient_mme(part)
                if value is None:
                    mme_unknown = True
                else:
                    mme += value
            elif part.name == ACETAMINOPHEN:
                apap_taken = True
                if part.amount is None or part.unit != MG:
                    apap_unknown = True
                else:
                    acetaminophen += Decimal(repr(part.amount))
    return MmeDay(
        mme=float(mme),
        opioid=opioid,
        mme_unknown=mme_unknown,
        benzodiazepine=benzodiazepine,
        acetaminophen_mg=float(acetaminophen),
        acetaminophen_taken=apap_taken,
        acetaminophen_unknown=apap_unknown,
        notes=tuple(dict.fromkeys(notes)),  # one note per distinct dose text, in order
        gabapentinoid=gabapentinoid,
        # the same day's doses, unless the caller worked out the 24-hour rule across days
        opioid_and_benzodiazepine=(
            opioid and benzodiazepine if with_benzodiazepine is None else with_benzodiazepine
        ),
        opioid_and_gabapentinoid=(
            opioid and gabapentinoid if with_gabapentinoid is None else with_gabapentinoid
        ),
    )


# --- a week (SPEC's summary --json keys) --------------------------------------------------------


def half_up(value: float | Decimal, places: int = 2) -> float:
    """``value`` rounded half up (away from zero at a tie) to ``places`` decimals, as the decimal
    a person reads (``6.125`` -> 6.13, ``2.675`` -> 2.68), not as binary floats round."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def mme_week(days: Iterable[MmeDay]) -> dict[str, object]:
    """``mme`` for a week (SPEC "Function, mood screening and medicine safety").

    ``days`` counts the opioid days whose MME is known, and ``mean_daily`` is their mean: a day
    with an opioid of unknown strength (or without a CDC factor) is counted apart in
    ``days_strength_unknown``, never averaged in as if it were 0. ``max_daily``,
    ``days_50_or_more`` and ``days_90_or_more`` look at every opioid day (an unknown day's known
    part is a floor), so when ``days_strength_unknown`` is above 0 they are lower bounds that
    screens and the report call "at least".
    """
    # Compared and picked as floats: a float's shortest repr orders as the float does, so
    # only the mean needs the exact decimals (a sum).
    opioid_days = [day for day in days if day.opioid]
    known = [day.mme for day in opioid_days if not day.mme_unknown]
    floors = [day.mme for day in opioid_days if day.mme_unknown]
    seen = known + [value for value in floors if value > 0]
    unknown = len(floors)
    exact = sum((Decimal(repr(value)) for value in known), Decimal(0))
    return {
        "days": len(known),
        "mean_daily": half_up(exact / len(known)) if known else None,
        "max_daily": half_up(max(seen)) if seen else None,
        "days_50_or_more": sum(1 for value in known + floors if value >= 50),
        "days_90_or_more": sum(1 for value in known + floors if value >= 90),
        "days_strength_unknown": unknown,
    }


def opioid_and_benzodiazepine_days(days: Iterable[MmeDay]) -> int:
    return sum(1 for day in days if day.opioid_and_benzodiazepine)


def opioid_and_gabapentinoid_days(days: Iterable[MmeDay]) -> int:
    return sum(1 for day in days if day.opioid_and_gabapentinoid)


def acetaminophen_limit(own_limit_mg: float | None = None) -> float:
    """The daily limit a day is checked against: 4,000 mg, or the person's own if lower."""
    if own_limit_mg is None or own_limit_mg >= ACETAMINOPHEN_LIMIT_MG:
        return ACETAMINOPHEN_LIMIT_MG
    return float(own_limit_mg)


def over_limit(day: MmeDay, own_limit_mg: float | None = None) -> bool:
    """The day's known acetaminophen is above the limit (an unknown part cannot lower it).
    Compared as floats: as their shortest reprs, the decimals a person reads, compare."""
    return day.acetaminophen_mg > acetaminophen_limit(own_limit_mg)


def acetaminophen_week(
    days: Iterable[MmeDay], own_limit_mg: float | None = None
) -> dict[str, object]:
    """``acetaminophen`` for a week, plus ``limit_mg`` and ``days_amount_unknown`` (added keys).

    ``max_daily_mg`` is the largest known daily total, null when no known amount was taken.
    """
    taken = [day for day in days if day.acetaminophen_taken]
    known = [day.acetaminophen_mg for day in taken if day.acetaminophen_mg > 0]
    unknown = sum(1 for day in taken if day.acetaminophen_unknown)
    return {
        "max_daily_mg": half_up(max(known)) if known else None,
        "days_over_limit": sum(1 for day in taken if over_limit(day, own_limit_mg)),
        "limit_mg": acetaminophen_limit(own_limit_mg),
        "days_amount_unknown": unknown,  # above 0: max_daily_mg, days_over_limit are floors
    }


def week_safety(days: Sequence[MmeDay], own_limit_mg: float | None = None) -> dict[str, object]:
    """The keys a ``summary --json`` week gains: ``mme``, ``opioid_and_benzodiazepine_days``,
    ``opioid_and_gabapentinoid_days`` and ``acetaminophen``."""
    return {
        "mme": mme_week(days),
        "opioid_and_benzodiazepine_days": opioid_and_benzodiazepine_days(days),
        "opioid_and_gabapentinoid_days": opioid_and_gabapentinoid_days(days),
        "acetaminophen": acetaminophen_week(days, own_limit_mg),
    }


def contains_text(parts: Sequence[Ingredient]) -> str:
    """How a checked ``--contains`` is stored: ``oxycodone 5mg, acetaminophen 325mg`` (each
    ingredient in painlog's spelling, so the stored text always parses back the same)."""
    return ", ".join(f"{part.name} {_number(float(part.amount or 0))}{part.unit}" for part in parts)


def checked_contains(text: str | None) -> str | None:
    """``--contains`` as typed -> its stored form; None when not given. Refuses bad text."""
    if text is None or not str(text).strip():
        return None
    return contains_text(parse_contains(text))
