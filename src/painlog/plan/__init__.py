"""The care plan (SPEC.md "Care plan"): what the care team asked for, and how it went.

- ``model``      plan items and their versions: validation, storage, what held on a day
- ``adherence``  slots taken/missed/extra, as-needed use, sessions against targets
- ``due``        today's doses and room left under the person's own limits
- ``compare``    before/after a date or a plan change, graded as IMMPACT grades it
- ``pgic``       the Patient Global Impression of Change
- ``medicines``  what a dose holds, a day's MME (CDC 2022, ``medicine_table``), acetaminophen
- ``experiment`` personal ON/OFF experiments: the seeded schedule and the paired result

Only ``model`` is imported by everyday commands (``add med``), so it stays small.
"""
