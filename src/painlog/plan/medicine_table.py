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
Excedrin Extra Strength, Excedrin Tension Headache, Tylenol PM, Panadol Extra); ``SOURCES`` names
the published label or SmPC each row comes from. A bare brand sold in several products or
strengths (Excedrin, NyQuil, Oramorph, Butrans) knows its ingredients, not their amounts. Where strengths vary (Percocet 5/325, 7.5/325, 10/325; Norco; co-codamol 8/500,
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
# Chosen for issue 25: levorphanol and buprenorphine (Butrans, Suboxone, Belbuca) are recognised
# opioids with MME unknown: their days count for the opioid-with-benzodiazepine and
# opioid-with-gabapentinoid days and in ``mme.days_strength_unknown``, never in ``mme.days``.
OPIOIDS_WITHOUT_FACTOR: tuple[str, ...] = (
    "buprenorphine",
    "dihydrocodeine",
    "levorphanol",
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

# The whole class (FDA 2016 boxed warning on opioids with benzodiazepines names the class, not a
# list): every benzodiazepine marketed in the US, UK or EU, with common brand names.
BENZODIAZEPINES: dict[str, tuple[str, ...]] = {
    # generic name: brand names (US, UK, EU)
    "alprazolam": ("Xanax",),
    "bromazepam": ("Lexotan", "Lexomil"),
    "chlordiazepoxide": ("Librium",),
    "clobazam": ("Onfi", "Sympazan", "Frisium"),
    "clonazepam": ("Klonopin", "Rivotril"),
    "clorazepate": ("Tranxene",),
    "diazepam": ("Valium", "Diastat", "Valtoco"),
    "estazolam": ("ProSom",),
    "flurazepam": ("Dalmane",),
    "loprazolam": (),
    "lorazepam": ("Ativan",),
    "lormetazepam": (),
    "midazolam": ("Versed", "Nayzilam", "Buccolam"),
    "nitrazepam": ("Mogadon",),
    "oxazepam": (),
    "prazepam": (),
    "quazepam": ("Doral",),
    "remimazolam": ("Byfavo",),
    "temazepam": ("Restoril",),
    "triazolam": ("Halcion",),
}

# Gabapentinoids (FDA Drug Safety Communication, 19 December 2019: serious breathing difficulties
# with gabapentin or pregabalin taken with opioids): generic name -> brand names.
GABAPENTINOIDS: dict[str, tuple[str, ...]] = {
    "gabapentin": ("Neurontin", "Gralise", "Horizant"),
    "pregabalin": ("Lyrica",),
}

# Medicines painlog recognises as holding no opioid, benzodiazepine or acetaminophen: a dose of
# one is covered by medicine safety (nothing to add), not "not known". Single-ingredient only.
OTHER_KNOWN: tuple[str, ...] = (
    "ibuprofen", "Advil", "Motrin", "Nurofen", "naproxen", "Aleve", "Naprosyn", "diclofenac",
    "Voltaren", "Voltarol", "celecoxib", "Celebrex", "meloxicam", "Mobic", "etoricoxib",
    "aspirin", "amitriptyline", "nortriptyline", "duloxetine", "Cymbalta", "venlafaxine",
    "cyclobenzaprine", "Flexeril", "baclofen", "tizanidine", "Zanaflex", "methocarbamol",
    "Robaxin", "carbamazepine", "topiramate", "sumatriptan", "Imitrex", "Imigran",
    "lidocaine", "capsaicin", "prednisone", "prednisolone", "caffeine",
)  # fmt: skip

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
    # A bare "Excedrin" is never guessed: the products sold under it differ (Extra Strength
    # and Migraine 250/250/65; Tension Headache 500 mg acetaminophen + 65 mg caffeine, no aspirin).
    "Excedrin": (
        ("acetaminophen", _UNKNOWN, "mg"),
        ("aspirin", _UNKNOWN, "mg"),
        ("caffeine", _UNKNOWN, "mg"),
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
    "Excedrin Tension Headache": (("acetaminophen", "500", "mg"), ("caffeine", "65", "mg")),
    # acetaminophen with a sleep aid or cold remedy (the other ingredients are not counted)
    "Tylenol PM": (("acetaminophen", "500", "mg"), ("diphenhydramine", "25", "mg")),
    "Tylenol PM Extra Strength": (("acetaminophen", "500", "mg"), ("diphenhydramine", "25", "mg")),
    "NyQuil": (("acetaminophen", _UNKNOWN, "mg"),),  # LiquiCaps 325 mg; liquid 650 mg per 30 mL
    "NyQuil LiquiCaps": (("acetaminophen", "325", "mg"),),
    "NyQuil Cold & Flu LiquiCaps": (("acetaminophen", "325", "mg"),),
    "Panadol Extra": (("acetaminophen", "500", "mg"), ("caffeine", "65", "mg")),
    "Panadol Extra Advance": (("acetaminophen", "500", "mg"), ("caffeine", "65", "mg")),
    # UK and US brands sold in several strengths: the opioid is known, the amount per unit not
    "Oramorph": (("morphine", _UNKNOWN, "mg"),),
    "Zomorph": (("morphine", _UNKNOWN, "mg"),),
    "Sevredol": (("morphine", _UNKNOWN, "mg"),),
    "Zydol": (("tramadol", _UNKNOWN, "mg"),),
    "Hysingla": (("hydrocodone", _UNKNOWN, "mg"),),
    "Hysingla ER": (("hydrocodone", _UNKNOWN, "mg"),),
    "Zohydro": (("hydrocodone", _UNKNOWN, "mg"),),
    "Xtampza": (("oxycodone", _UNKNOWN, "mg"),),
    "Xtampza ER": (("oxycodone", _UNKNOWN, "mg"),),
    "Oxynorm": (("oxycodone", _UNKNOWN, "mg"),),
    "Shortec": (("oxycodone", _UNKNOWN, "mg"),),
    "Longtec": (("oxycodone", _UNKNOWN, "mg"),),
    "Palexia": (("tapentadol", _UNKNOWN, "mg"),),
    "Butrans": (("buprenorphine", _UNKNOWN, "mcg/h"),),
    "Transtec": (("buprenorphine", _UNKNOWN, "mcg/h"),),
    "Suboxone": (("buprenorphine", _UNKNOWN, "mg"), ("naloxone", _UNKNOWN, "mg")),
    "Belbuca": (("buprenorphine", _UNKNOWN, "mg"),),
    "Subutex": (("buprenorphine", _UNKNOWN, "mg"),),
    "Matrifen": (("fentanyl", _UNKNOWN, "mcg/h"),),
}

# Where each product's row comes from: the published label (DailyMed SPL, FDA Drug Facts), the
# UK Summary of Product Characteristics (emc) or the manufacturer's product information. A row
# with an unknown amount cites the label that shows why (several strengths under one name).
SOURCES: dict[str, str] = {
    "OxyContin": "DailyMed OxyContin label: 10-80 mg tablets",
    "Roxicodone": "DailyMed Roxicodone label: 5, 15, 30 mg tablets",
    "Percocet": "DailyMed Percocet label: 2.5/325, 5/325, 7.5/325, 10/325 mg",
    "Endocet": "DailyMed Endocet label: 5/325 to 10/325 mg",
    "Norco": "DailyMed Norco label: 5/325, 7.5/325, 10/325 mg",
    "Vicodin": "DailyMed Vicodin label: 5/300, 7.5/300, 10/300 mg",
    "Lortab": "DailyMed Lortab label: several hydrocodone/acetaminophen strengths",
    "Dilaudid": "DailyMed Dilaudid label: 2, 4, 8 mg tablets; oral solution",
    "Opana": "DailyMed Opana label: 5, 10 mg tablets",
    "Nucynta": "DailyMed Nucynta label: 50, 75, 100 mg tablets",
    "Ultram": "DailyMed Ultram label: 50 mg (ER products 100-300 mg)",
    "Ultracet": "DailyMed Ultracet label: tramadol 37.5 mg, acetaminophen 325 mg per tablet",
    "Duragesic": "DailyMed Duragesic label: 12-100 mcg/h patches",
    "MS Contin": "DailyMed MS Contin label: 15-200 mg tablets",
    "Kadian": "DailyMed Kadian label: 10-200 mg capsules",
    "Dolophine": "DailyMed Dolophine label: 5, 10 mg tablets",
    "Tylenol #3": "DailyMed Tylenol-Codeine label: No. 3 = codeine 30 mg, acetaminophen 300 mg",
    "Tylenol with codeine #3": "DailyMed Tylenol-Codeine label: No. 3 = 30 mg / 300 mg",
    "Tylenol-Codeine #3": "DailyMed Tylenol-Codeine label: No. 3 = 30 mg / 300 mg",
    "Tylenol #4": "DailyMed Tylenol-Codeine label: No. 4 = codeine 60 mg, acetaminophen 300 mg",
    "Tylenol with codeine #4": "DailyMed Tylenol-Codeine label: No. 4 = 60 mg / 300 mg",
    "Tylenol-Codeine #4": "DailyMed Tylenol-Codeine label: No. 4 = 60 mg / 300 mg",
    "Tylenol with codeine": "DailyMed Tylenol-Codeine label: No. 3 and No. 4 differ",
    "co-codamol": "emc SmPCs: co-codamol 8/500, 15/500, 30/500 mg",
    "co-dydramol": "emc SmPCs: co-dydramol 10/500, 20/500, 30/500 mg",
    "Tylenol": "Tylenol Drug Facts: Regular 325 mg, Extra Strength 500 mg, 8 HR 650 mg",
    "Tylenol Regular Strength": "Tylenol Regular Strength Drug Facts: acetaminophen 325 mg",
    "Tylenol Extra Strength": "Tylenol Extra Strength Drug Facts: acetaminophen 500 mg",
    "Tylenol 8 HR": "Tylenol 8 HR Drug Facts: acetaminophen 650 mg",
    "Tylenol Arthritis": "Tylenol 8 HR Arthritis Pain Drug Facts: acetaminophen 650 mg",
    "Panadol": "emc SmPC Panadol: 500 mg tablets (other Panadol products differ)",
    "Excedrin": "DailyMed: Excedrin Extra Strength 250/250/65 mg; Tension Headache 500/65 mg",
    "Excedrin Extra Strength": "DailyMed Excedrin Extra Strength Drug Facts: acetaminophen "
    "250 mg, aspirin 250 mg, caffeine 65 mg per caplet",
    "Excedrin Migraine": "DailyMed Excedrin Migraine Drug Facts: acetaminophen 250 mg, "
    "aspirin 250 mg, caffeine 65 mg per caplet",
    "Excedrin Tension Headache": "DailyMed Excedrin Tension Headache Drug Facts "
    "(setid cc17ee50-1401-4b31-8c01-e153b4291c7a): acetaminophen 500 mg, caffeine 65 mg",
    "Tylenol PM": "DailyMed Tylenol PM Extra Strength Drug Facts (NDC 50580-608): "
    "acetaminophen 500 mg, diphenhydramine HCl 25 mg per caplet",
    "Tylenol PM Extra Strength": "DailyMed Tylenol PM Extra Strength Drug Facts (NDC "
    "50580-608): acetaminophen 500 mg, diphenhydramine HCl 25 mg per caplet",
    "NyQuil": "DailyMed Vicks NyQuil: LiquiCaps 325 mg each; liquid 650 mg per 30 mL",
    "NyQuil LiquiCaps": "DailyMed Vicks NyQuil Cold & Flu LiquiCaps Drug Facts: "
    "acetaminophen 325 mg per LiquiCap",
    "NyQuil Cold & Flu LiquiCaps": "DailyMed Vicks NyQuil Cold & Flu LiquiCaps Drug Facts: "
    "acetaminophen 325 mg per LiquiCap",
    "Panadol Extra": "emc SmPC Panadol Extra Advance 500 mg/65 mg Tablets: paracetamol 500 mg, "
    "caffeine 65 mg per tablet",
    "Panadol Extra Advance": "emc SmPC Panadol Extra Advance 500 mg/65 mg Tablets",
    "Oramorph": "emc SmPC Oramorph: oral solution 10 mg/5 mL, concentrate 100 mg/5 mL",
    "Zomorph": "emc SmPC Zomorph: 10, 30, 60, 100, 200 mg capsules",
    "Sevredol": "emc SmPC Sevredol: 10, 20, 50 mg tablets",
    "Zydol": "emc SmPC Zydol: 50 mg capsules; SR and XL 75-400 mg",
    "Hysingla": "DailyMed Hysingla ER label: 20-120 mg tablets",
    "Hysingla ER": "DailyMed Hysingla ER label: 20-120 mg tablets",
    "Zohydro": "DailyMed Zohydro ER label: 10-50 mg capsules",
    "Xtampza": "DailyMed Xtampza ER label: 9-36 mg oxycodone capsules",
    "Xtampza ER": "DailyMed Xtampza ER label: 9-36 mg oxycodone capsules",
    "Oxynorm": "emc SmPC OxyNorm: 5, 10, 20 mg capsules; liquids",
    "Shortec": "emc SmPC Shortec: 5-20 mg capsules",
    "Longtec": "emc SmPC Longtec: 5-120 mg tablets",
    "Palexia": "emc SmPC Palexia: 50-250 mg tablets",
    "Butrans": "DailyMed Butrans label: 5-20 mcg/h patches",
    "Transtec": "emc SmPC Transtec: 35, 52.5, 70 mcg/h patches",
    "Suboxone": "DailyMed Suboxone film label: 2/0.5, 4/1, 8/2, 12/3 mg",
    "Belbuca": "DailyMed Belbuca label: 75-900 mcg buccal films",
    "Subutex": "emc SmPC Subutex: 0.4, 2, 8 mg sublingual tablets",
    "Matrifen": "emc SmPC Matrifen: 12-100 mcg/h patches",
}
