"""What painlog knows about medicines, as plain data (read by ``plan/medicines.py``).

Conversion factors: CDC Clinical Practice Guideline for Prescribing Opioids for Pain — United
States, 2022 (Dowell D, Ragan KR, Jones CM, Baldwin GT, Chou R. MMWR Recomm Rep 2022;71(No.
RR-3):1–95), Table "Morphine milligram equivalent doses for commonly prescribed opioids for pain
management". Each factor multiplies a day's total milligrams of that opioid (transdermal
fentanyl: the patch's rate in micrograms per hour) to give morphine milligram equivalents (MME).
SPEC.md "Function, mood screening and medicine safety" repeats the same ten factors and is the
contract; a test checks that the two agree.

Strengths: a product's strength is written here only when every product sold under that name
holds the same amounts (Ultracet, Tylenol with Codeine #3 and #4, Tylenol Extra Strength,
Excedrin). Where strengths vary (Percocet 5/325, 7.5/325, 10/325; Norco; co-codamol 8/500,
15/500, 30/500; plain Tylenol 325, 500 or 650 mg) the amount per unit is ``None``: unknown,
never guessed. A person declares it with ``--contains``. A single-ingredient product logged by weight (``oxycodone 10 mg``) needs no table:
the weight is the ingredient's amount.

Benzodiazepines are only a class flag: SPEC asks on which days an opioid and a benzodiazepine
were both taken, never how much.
"""

from __future__ import annotations

# Factors as decimal strings so that MME arithmetic is exact (0.15 x 30 is 4.5, not 4.4999…).
# Keys are ingredient names as painlog spells them; the unit is what the factor multiplies.
MME_FACTORS: dict[str, tuple[str, str]] = {
    "codeine": ("0.15", "mg"),
    "fentanyl": ("2.4", "mcg/h"),  # transdermal only: the patch's rate, not a weight
    "hydrocodone": ("1", "mg"),
    "hydromorphone": ("5", "mg"),
    "methadone": ("4.7", "mg"),
    "morphine": ("1", "mg"),
    "oxycodone": ("1.5", "mg"),
    "oxymorphone": ("3", "mg"),
    "tapentadol": ("0.4", "mg"),
    "tramadol": ("0.2", "mg"),
}

# Opioids that CDC's 2022 table gives no factor for: a dose is recognised as an opioid (it counts
# for the opioid-and-benzodiazepine days) but its MME is named as not counted, never estimated.
OPIOIDS_WITHOUT_FACTOR: tuple[str, ...] = (
    "buprenorphine",
    "dihydrocodeine",
    "meperidine",
)

# Ingredients that come as a skin patch dosed in micrograms per hour.
RATE_INGREDIENTS: tuple[str, ...] = ("fentanyl", "buprenorphine")

# Other spellings of an ingredient (UK and US names, abbreviations) -> painlog's spelling.
INGREDIENT_SYNONYMS: dict[str, str] = {
    "paracetamol": "acetaminophen",
    "apap": "acetaminophen",
    "pethidine": "meperidine",
    "acetylsalicylic acid": "aspirin",
    "asa": "aspirin",
}

BENZODIAZEPINES: dict[str, tuple[str, ...]] = {
    # generic name: brand names (US, UK)
    "alprazolam": ("Xanax",),
    "chlordiazepoxide": ("Librium",),
    "clonazepam": ("Klonopin", "Rivotril"),
    "diazepam": ("Valium",),
    "lorazepam": ("Ativan",),
    "midazolam": ("Versed",),
    "oxazepam": (),
    "temazepam": ("Restoril",),
}

# Products: name -> ingredients, each (ingredient, amount per unit or None, unit of that amount).
# The single-ingredient generics (every key of MME_FACTORS, acetaminophen, ...) are added by
# ``medicines.py`` with an unknown amount per unit; only brand and combination names are here.
_UNKNOWN = None
PRODUCTS: dict[str, tuple[tuple[str, str | None, str], ...]] = {
    # oxycodone
    "OxyContin": (("oxycodone", _UNKNOWN, "mg"),),
    "Roxicodone": (("oxycodone", _UNKNOWN, "mg"),),
    "Percocet": (("oxycodone", _UNKNOWN, "mg"), ("acetaminophen", _UNKNOWN, "mg")),
    "Endocet": (("oxycodone", _UNKNOWN, "mg"), ("acetaminophen", _UNKNOWN, "mg")),
    # hydrocodone
    "Norco": (("hydrocodone", _UNKNOWN, "mg"), ("acetaminophen", _UNKNOWN, "mg")),
    "Vicodin": (("hydrocodone", _UNKNOWN, "mg"), ("acetaminophen", _UNKNOWN, "mg")),
    "Lortab": (("hydrocodone", _UNKNOWN, "mg"), ("acetaminophen", _UNKNOWN, "mg")),
    # others
    "Dilaudid": (("hydromorphone", _UNKNOWN, "mg"),),
    "Opana": (("oxymorphone", _UNKNOWN, "mg"),),
    "Nucynta": (("tapentadol", _UNKNOWN, "mg"),),
    "Ultram": (("tramadol", _UNKNOWN, "mg"),),
    "Ultracet": (("tramadol", "37.5", "mg"), ("acetaminophen", "325", "mg")),
    "Duragesic": (("fentanyl", _UNKNOWN, "mcg/h"),),
    "MS Contin": (("morphine", _UNKNOWN, "mg"),),
    "Kadian": (("morphine", _UNKNOWN, "mg"),),
    "Dolophine": (("methadone", _UNKNOWN, "mg"),),
    # codeine with acetaminophen: the number fixes the strength
    "Tylenol #3": (("codeine", "30", "mg"), ("acetaminophen", "300", "mg")),
    "Tylenol with codeine #3": (("codeine", "30", "mg"), ("acetaminophen", "300", "mg")),
    "Tylenol-Codeine #3": (("codeine", "30", "mg"), ("acetaminophen", "300", "mg")),
    "Tylenol #4": (("codeine", "60", "mg"), ("acetaminophen", "300", "mg")),
    "Tylenol with codeine #4": (("codeine", "60", "mg"), ("acetaminophen", "300", "mg")),
    "Tylenol-Codeine #4": (("codeine", "60", "mg"), ("acetaminophen", "300", "mg")),
    "Tylenol with codeine": (("codeine", _UNKNOWN, "mg"), ("acetaminophen", _UNKNOWN, "mg")),
    # UK combinations: several strengths under one name
    "co-codamol": (("codeine", _UNKNOWN, "mg"), ("acetaminophen", _UNKNOWN, "mg")),
    "co-dydramol": (("dihydrocodeine", _UNKNOWN, "mg"), ("acetaminophen", _UNKNOWN, "mg")),
    # acetaminophen (paracetamol) alone: 325, 500 or 650 mg a tablet, so unknown per unit
    "Tylenol": (("acetaminophen", _UNKNOWN, "mg"),),
    "Tylenol Regular Strength": (("acetaminophen", "325", "mg"),),
    "Tylenol Extra Strength": (("acetaminophen", "500", "mg"),),
    "Tylenol 8 HR": (("acetaminophen", "650", "mg"),),
    "Tylenol Arthritis": (("acetaminophen", "650", "mg"),),
    "Panadol": (("acetaminophen", _UNKNOWN, "mg"),),
    # Excedrin (Extra Strength / Migraine): 250 mg acetaminophen, 250 mg aspirin, 65 mg caffeine
    "Excedrin": (
        ("acetaminophen", "250", "mg"),
        ("aspirin", "250", "mg"),
        ("caffeine", "65", "mg"),
    ),
    "Excedrin Extra Strength": (
        ("acetaminophen", "250", "mg"),
        ("aspirin", "250", "mg"),
        ("caffeine", "65", "mg"),
    ),
    "Excedrin Migraine": (
        ("acetaminophen", "250", "mg"),
        ("aspirin", "250", "mg"),
        ("caffeine", "65", "mg"),
    ),
}
