"""The journal as a FHIR R4 ``Bundle`` (type ``collection``), for clinic systems.

Codes, and where no standard code exists (documented in docs/formats.md):

- pain: ``Observation``, LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating [Score] -
  Reported"; locations as ``bodySite`` text, quality/triggers/reliefs as components with text.
- sleep: ``Observation``, LOINC 93832-4 "Sleep duration", in hours (UCUM ``h``).
- exercise: ``Observation``, LOINC 55411-3 "Exercise duration", in minutes (UCUM ``min``).
- mood: ``Observation`` with a painlog code (no LOINC code is a 0-10 mood self-rating).
- PEG: ``Observation`` with a painlog code and the three items as components.
- notes: ``Observation`` with a painlog code and ``valueString``.
- side effects: ``Observation`` with a painlog code, what happened as ``valueString``, the
  medicine and the severity as text components.
- medication: ``MedicationStatement`` (status ``completed``), the name as text and the dose as
  ``dosage.doseAndRate.doseQuantity`` (UCUM for mg, g, mcg, mL; annotations like ``{tablet}``).
  A dose that says what one unit holds (``--contains``) names a contained ``Medication``
  (``medicationReference``) whose ``ingredient.strength`` is each ingredient per one unit.
- therapy: ``Procedure`` (status ``completed``) with the therapy's name as text.
- symptom: ``Observation`` (category ``survey``), code.text the name, with the SNOMED CT
  finding where SPEC's starter list has one (``SYMPTOM_SNOMED``), the rating as
  ``valueInteger`` 0-10 (a rating with a decimal as ``valueQuantity`` ``{score}``, never rounded).
- factor: ``Observation`` (category ``social-history``), code.text the name; an amount as
  ``valueQuantity`` (its unit as text), none as ``valueBoolean`` true ("it happened that day").
- the care plan's medicines: one ``MedicationStatement`` per version (category
  ``patientspecified``, text "care plan"), status ``intended`` (starts later), ``active``,
  ``completed`` (replaced by a change) or ``stopped``; ``effectivePeriod`` from its first to its
  last day; ``Dosage`` with ``timing.repeat.timeOfDay`` (scheduled), ``asNeededBoolean`` and
  ``maxDosePerPeriod`` per 1 day (as needed) and the interval as ``patientInstruction``.

- goals (PSFS): ``Goal`` (``lifecycleStatus`` active, or completed when marked done; the
  activity as ``description`` text); each rating an ``Observation`` with a painlog code
  ("psfs-item", no LOINC code is a PSFS item rating), ``focus`` on its Goal, 0-10.
- PHQ-4 screen: the panel (LOINC 69724-3: total 0-12, band, the four items), then two
  ``Observation``s, PHQ-2 total (LOINC 55758-7) and GAD-2 total (LOINC
  70272-0), each with its two items as text components (0-3).

The subject of every resource is a local ``Patient`` placeholder with no identifying data.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from painlog import clock
from painlog.clinic.goals import Goal, Rating
from painlog.clinic.screen import ITEMS, LOINC_GAD2, LOINC_PHQ2, LOINC_PHQ4, Screen
from painlog.clinic.visits import Peg
from painlog.journal.entries import Entry
from painlog.plan.medicines import parse_contains
from painlog.plan.model import SCHEDULED, STOP, Span, Version, spans

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
PAINLOG_CODES = "urn:painlog:code"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
PATIENT_URL = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'painlog:local-patient')}"
UCUM_UNITS = {"mg": "mg", "g": "g", "mcg": "ug", "mL": "mL"}
PLAN_ITEM_SYSTEM = "urn:painlog:plan-item"
STATEMENT_CATEGORY = "http://terminology.hl7.org/CodeSystem/medication-statement-category"
SNOMED = "http://snomed.info/sct"
# The starter symptoms (SPEC.md "Symptoms and factors") with the SNOMED CT finding each is,
# as FHIR implementation guides code them; wellbeing and brain fog have none we could confirm,
# so they carry their name only (a code is never guessed).
SYMPTOM_SNOMED = {
    "tiredness": ("224960004", "Tired (finding)"),
    "drowsiness": ("271782001", "Drowsy (finding)"),
    "nausea": ("422587007", "Nausea (finding)"),
    "lack of appetite": ("64379006", "Decrease in appetite (finding)"),
    "shortness of breath": ("267036007", "Dyspnea (finding)"),
    "depression": ("366979004", "Depressed mood (finding)"),
    "anxiety": ("48694002", "Anxiety (finding)"),
    "stiffness": ("271587009", "Stiffness (finding)"),
    "dizziness": ("404640003", "Dizziness (finding)"),
    "numbness": ("44077006", "Numbness (finding)"),
    "headache": ("25064002", "Headache (finding)"),
    "swelling": ("65124004", "Swelling (finding)"),
}
# An imported entry's identity in the app or device it came from: system urn:painlog:source:NAME
SOURCE_SYSTEM = "urn:painlog:source:"


def source_identifier(entry: Entry) -> list[dict[str, Any]]:
    """``identifier`` for an entry that came from elsewhere (none for typed entries)."""
    if not entry.source or not entry.source_key:
        return []
    return [{"system": SOURCE_SYSTEM + entry.source, "value": entry.source_key}]


def _url(identifier: str) -> str:
    try:
        return f"urn:uuid:{uuid.UUID(identifier)}"
    except ValueError:  # ids imported from elsewhere need not be UUIDs
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'painlog:' + identifier)}"


def _code(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def _category(code: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code}]}]


def _quantity(value: float, unit: str, code: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": code}


def _text_component(label: str, text: str) -> dict[str, Any]:
    return {"code": {"text": label}, "valueString": text}


def _observation(entry: Entry, code: dict[str, Any], category: str, **value: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": _url(entry.id).removeprefix("urn:uuid:"),
        "status": "final",
        "category": _category(category),
        "code": code,
        "subject": {"reference": PATIENT_URL},
        "effectiveDateTime": entry.at,
        **value,
    }
    notes = [entry.note] if entry.note and entry.kind not in ("note", "side-effect") else []
    notes += [f"tag: {tag}" for tag in entry.tags]
    if notes:
        resource["note"] = [{"text": text} for text in notes]
    return resource


def entry_resource(entry: Entry) -> dict[str, Any]:
    resource = _resource(entry)
    identifier = source_identifier(entry)
    if identifier:
        resource = {**resource, "identifier": identifier}
    return resource


def _resource(entry: Entry) -> dict[str, Any]:
    if entry.kind == "steps":
        code = _code(LOINC, "41950-7", "Number of steps in 24 hour Measured")
        return _observation(
            entry, code, "activity", valueQuantity=_quantity(entry.value or 0, "steps", "{steps}")
        )
    if entry.kind == "heart-rate":
        code = _code(LOINC, "40443-4", "Heart rate --resting")
        return _observation(
            entry, code, "vital-signs", valueQuantity=_quantity(entry.value or 0, "bpm", "/min")
        )
    if entry.kind == "pain":
        code = _code(
            LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
        )
        resource = _observation(
            entry, code, "survey", valueQuantity=_quantity(entry.value or 0, "score", "{score}")
        )
        if entry.location:
            resource["bodySite"] = {"text": "; ".join(entry.location)}
        components = [_text_component("pain quality", entry.quality)] if entry.quality else []
        components += [_text_component("made worse by", item) for item in entry.trigger]
        components += [_text_component("helped by", item) for item in entry.relief]
        if components:
            resource["component"] = components
        return resource
    if entry.kind == "sleep":
        code = _code(LOINC, "93832-4", "Sleep duration")
        resource = _observation(
            entry, code, "activity", valueQuantity=_quantity(entry.value or 0, "h", "h")
        )
        if entry.quality:
            resource["component"] = [
                {"code": {"text": "sleep quality (1-5)"}, "valueInteger": int(entry.quality)}
            ]
        return resource
    if entry.kind == "exercise":
        code = _code(LOINC, "55411-3", "Exercise duration")
        resource = _observation(
            entry, code, "activity", valueQuantity=_quantity(entry.value or 0, "min", "min")
        )
        components = [_text_component("activity", entry.name or "")]
        if entry.intensity:
            components.append(_text_component("intensity", entry.intensity))
        resource["component"] = components
        return resource
    if entry.kind == "mood":
        code = _code(PAINLOG_CODES, "mood", "Mood self-rating, 0 (worst) to 10 (best)")
        return _observation(
            entry, code, "survey", valueQuantity=_quantity(entry.value or 0, "score", "{score}")
        )
    if entry.kind == "note":
        code = _code(PAINLOG_CODES, "note", "Patient journal note")
        return _observation(entry, code, "survey", valueString=entry.note or "")
    if entry.kind == "side-effect":
        code = _code(
            PAINLOG_CODES, "side-effect", "Medication side effect, as the patient noted it"
        )
        resource = _observation(entry, code, "survey", valueString=entry.note or "")
        components = [_text_component("medicine", entry.name or "")]
        if entry.intensity:
            components.append(_text_component("severity", entry.intensity))
        resource["component"] = components
        return resource
    if entry.kind == "symptom":
        return _symptom(entry)
    if entry.kind == "factor":
        code = {"text": entry.name}
        if entry.value is None:
            return _observation(entry, code, "social-history", valueBoolean=True)
        unit = entry.unit or ""
        amount = {"value": entry.value, **({"unit": unit} if unit else {})}
        return _observation(entry, code, "social-history", valueQuantity=amount)
    if entry.kind == "therapy":
        resource = {
            "resourceType": "Procedure",
            "id": _url(entry.id).removeprefix("urn:uuid:"),
            "status": "completed",
            "code": {"text": entry.name},
            "subject": {"reference": PATIENT_URL},
            "performedDateTime": entry.at,
        }
        notes = ([f"{entry.value:g} minutes"] if entry.value else []) + (
            [entry.note] if entry.note else []
        )
        if notes:
            resource["note"] = [{"text": text} for text in notes]
        return resource
    unit = entry.unit or ""
    dose = _quantity(entry.value or 0, unit, UCUM_UNITS.get(unit, "{" + unit + "}"))
    resource = {
        "resourceType": "MedicationStatement",
        "id": _url(entry.id).removeprefix("urn:uuid:"),
        "status": "completed",
        "medicationCodeableConcept": {"text": entry.name},
        "subject": {"reference": PATIENT_URL},
        "effectiveDateTime": entry.at,
        "dosage": [{"text": f"{entry.value:g} {unit}", "doseAndRate": [{"doseQuantity": dose}]}],
    }
    if entry.contains:
        # What one unit holds (--contains): a contained Medication with each ingredient's
        # strength per unit, so a clinic system sees the strengths (issue 25).
        resource.pop("medicationCodeableConcept")
        resource["contained"] = [_medication(entry.name or "", entry.contains, unit)]
        resource["medicationReference"] = {"reference": "#medication"}
    if entry.note:
        resource["note"] = [{"text": entry.note}]
    return resource


def _medication(name: str, contains: str, unit: str) -> dict[str, Any]:
    """FHIR R4 ``Medication``: ``ingredient.strength`` = amount per one unit of the dose."""

    per = unit if unit and unit.lower() not in UCUM_UNITS else "unit"
    ingredients = []
    for part in parse_contains(contains):
        code = "ug/h" if part.unit == "mcg/h" else "mg"
        ingredients.append(
            {
                "itemCodeableConcept": {"text": part.name},
                "isActive": True,
                "strength": {
                    "numerator": {"value": part.amount, "unit": part.unit, "system": UCUM,
                                  "code": code},
                    "denominator": {"value": 1, "unit": per, "system": UCUM,
                                    "code": "{" + per + "}"},
                },
            }
        )  # fmt: skip
    return {
        "resourceType": "Medication",
        "id": "medication",
        "code": {"text": name},
        "ingredient": ingredients,
    }


def _symptom(entry: Entry) -> dict[str, Any]:
    name = entry.name or ""
    known = SYMPTOM_SNOMED.get(" ".join(name.lower().split()))
    code: dict[str, Any] = {"text": name}
    if known:
        code = {"coding": [{"system": SNOMED, "code": known[0], "display": known[1]}], "text": name}
    value = entry.value or 0
    if float(value).is_integer():
        return _observation(entry, code, "survey", valueInteger=int(value))
    return _observation(entry, code, "survey", valueQuantity=_quantity(value, "score", "{score}"))


def peg_resource(peg: Peg) -> dict[str, Any]:
    def item(label: str, value: float) -> dict[str, Any]:
        return {"code": {"text": label}, "valueQuantity": _quantity(value, "score", "{score}")}

    return {
        "resourceType": "Observation",
        "id": _url(peg.id).removeprefix("urn:uuid:"),
        "status": "final",
        "category": _category("survey"),
        "code": _code(PAINLOG_CODES, "peg", "PEG 3-item pain scale score (Krebs 2009), 0-10"),
        "subject": {"reference": PATIENT_URL},
        "effectiveDateTime": peg.at,
        "valueQuantity": _quantity(peg.score, "score", "{score}"),
        "component": [
            item("average pain, past week", peg.pain),
            item("interference with enjoyment of life", peg.enjoyment),
            item("interference with general activity", peg.activity),
        ],
    }


def _plan_status(span: Span, today: date) -> str:
    if span.start > today:
        return "intended"
    if span.end is None or span.end > today:
        return "active"
    return "completed"


def plan_resources(versions: Sequence[Version], today: date) -> list[dict[str, Any]]:
    """Each version of a planned medicine as a MedicationStatement: what was asked, when it
    held (``effectivePeriod``, the last day inclusive) and how (``Dosage``)."""
    stopped_items = {(v.item, v.day) for v in versions if v.action == STOP}
    resources = []
    for span in spans(versions):
        version = span.version
        if version.kind != "medication":
            continue
        status = _plan_status(span, today)
        if (
            status == "completed"
            and span.end
            and (version.item, span.end.isoformat()) in stopped_items
        ):
            status = "stopped"
        period: dict[str, str] = {"start": version.day}
        if span.end is not None:
            period["end"] = (span.end - timedelta(days=1)).isoformat()
        unit = version.unit or ""
        dosage: dict[str, Any] = {
            "text": version.describe(),
            "doseAndRate": [
                {
                    "doseQuantity": _quantity(
                        version.dose or 0, unit, UCUM_UNITS.get(unit, "{" + unit + "}")
                    )
                }
            ],
        }
        if version.mode == SCHEDULED:
            dosage["timing"] = {
                "repeat": {
                    "timeOfDay": [f"{clock}:00" for clock in version.times],
                    "frequency": len(version.times),
                    "period": 1,
                    "periodUnit": "d",
                }
            }
        else:
            dosage["asNeededBoolean"] = True
            if version.max_daily is not None:
                limit_unit = version.max_daily_unit or ""
                dosage["maxDosePerPeriod"] = {
                    "numerator": _quantity(version.max_daily, limit_unit,
                                           UCUM_UNITS.get(limit_unit, "{" + limit_unit + "}")),
                    "denominator": _quantity(1, "d", "d"),
                }  # fmt: skip
            if version.min_interval_hours:
                dosage["patientInstruction"] = (
                    f"At least {version.min_interval_hours:g} h between doses"
                )
        resource: dict[str, Any] = {
            "resourceType": "MedicationStatement",
            "id": _url(version.id).removeprefix("urn:uuid:"),
            "identifier": [{"system": PLAN_ITEM_SYSTEM, "value": version.item}],
            "status": status,
            "category": {"coding": [{"system": STATEMENT_CATEGORY, "code": "patientspecified"}],
                         "text": "care plan"},
            "medicationCodeableConcept": {"text": version.name},
            "subject": {"reference": PATIENT_URL},
            "effectivePeriod": period,
            "dateAsserted": version.created_at,
            "dosage": [dosage],
        }  # fmt: skip
        notes = [f"asked for by {version.by}"] if version.by else []
        notes += [version.note] if version.note else []
        if notes:
            resource["note"] = [{"text": text} for text in notes]
        resources.append(resource)
    return resources


def _derived_id(identifier: str, part: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"painlog:{identifier}:{part}"))


def goal_resources(goals: Sequence[Goal], ratings: Sequence[Rating]) -> list[dict[str, Any]]:
    """Each goal as a ``Goal``, each rating as an ``Observation`` whose ``focus`` is its goal."""
    resources: list[dict[str, Any]] = []
    for goal in goals:
        resource: dict[str, Any] = {
            "resourceType": "Goal",
            "id": _url(goal.id).removeprefix("urn:uuid:"),
            "lifecycleStatus": "completed" if goal.done_at else "active",
            "description": {"text": goal.name},
            "subject": {"reference": PATIENT_URL},
            "startDate": goal.added_at[:10],
            "note": [{"text": "Patient-Specific Functional Scale activity (0 unable - 10 able "
                              "as before the problem)"}],
        }  # fmt: skip
        if goal.done_at:
            resource["statusDate"] = goal.done_at[:10]
        resources.append(resource)
    known = {goal.id for goal in goals}
    for rating in ratings:
        if rating.goal not in known:
            continue
        resources.append(
            {
                "resourceType": "Observation",
                "id": _url(rating.id).removeprefix("urn:uuid:"),
                "status": "final",
                "category": _category("survey"),
                "code": _code(PAINLOG_CODES, "psfs-item",
                              "Patient-Specific Functional Scale item rating, 0-10"),
                "subject": {"reference": PATIENT_URL},
                "focus": [{"reference": _url(rating.goal)}],
                "effectiveDateTime": rating.at,
                "valueQuantity": _quantity(rating.value, "score", "{score}"),
            }
        )  # fmt: skip
    return resources


def screen_resources(screens: Sequence[Screen]) -> list[dict[str, Any]]:
    """Each PHQ-4: the panel (LOINC 69724-3, its total 0-12 with the band as interpretation text
    and the four items as components), then the PHQ-2 and GAD-2 totals with their items."""
    resources = []
    labels = dict(ITEMS)
    for screen in screens:
        resources.append(
            {
                "resourceType": "Observation",
                "id": _derived_id(screen.id, "phq4"),
                "status": "final",
                "category": _category("survey"),
                "code": _code(LOINC, *LOINC_PHQ4),
                "subject": {"reference": PATIENT_URL},
                "effectiveDateTime": screen.at,
                "valueQuantity": _quantity(screen.total, "score", "{score}"),
                "interpretation": [{"text": f"{screen.band} (Kroenke et al. 2009)"}],
                "component": [
                    {"code": {"text": labels[key]},
                     "valueQuantity": _quantity(getattr(screen, key), "score", "{score}")}
                    for key in ("a", "b", "c", "d")
                ],
            }
        )  # fmt: skip
        for part, (code, display), score, keys in (
            ("gad2", LOINC_GAD2, screen.gad2, ("a", "b")),
            ("phq2", LOINC_PHQ2, screen.phq2, ("c", "d")),
        ):
            resources.append(
                {
                    "resourceType": "Observation",
                    "id": _derived_id(screen.id, part),
                    "status": "final",
                    "category": _category("survey"),
                    "code": _code(LOINC, code, display),
                    "subject": {"reference": PATIENT_URL},
                    "effectiveDateTime": screen.at,
                    "valueQuantity": _quantity(score, "score", "{score}"),
                    "component": [
                        {"code": {"text": labels[key]},
                         "valueQuantity": _quantity(getattr(screen, key), "score", "{score}")}
                        for key in keys
                    ],
                }
            )  # fmt: skip
    return resources


def bundle(
    entries: list[Entry],
    pegs: list[Peg],
    plan: Sequence[Version] = (),
    today: date | None = None,
    goals: Sequence[Goal] = (),
    ratings: Sequence[Rating] = (),
    screens: Sequence[Screen] = (),
) -> dict[str, Any]:
    patient = {
        "resourceType": "Patient",
        "id": PATIENT_URL.removeprefix("urn:uuid:"),
        "text": {
            "status": "generated",
            "div": '<div xmlns="http://www.w3.org/1999/xhtml">The person keeping this painlog journal</div>',
        },
    }
    resources = [patient, *(entry_resource(e) for e in entries), *(peg_resource(p) for p in pegs)]
    resources += plan_resources(plan, today or clock.today())
    resources += goal_resources(goals, ratings) + screen_resources(screens)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}
            for resource in resources
        ],
    }
