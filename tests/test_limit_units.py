"""As-needed limits count doses written in another weight unit (mcg, mg, g), and say which
doses (volumes, counts) cannot be counted against a weight limit (SPEC.md "Care plan")."""

from __future__ import annotations

import pytest

from painlog.plan.medicines import converted, limit_total

PLAN = ("plan", "add", "med", "naproxen", "500mg", "--as-needed", "--max-daily", "1000mg",
        "--min-interval", "8h", "--from", "2026-11-26")  # fmt: skip


@pytest.mark.parametrize(
    ("amount", "unit", "target", "expected"),
    [
        (1, "g", "mg", 1000.0),
        (250, "mcg", "mg", 0.25),
        (500, "mg", "g", 0.5),
        (2, "mg", "mcg", 2000.0),
        (5, "mL", "mL", 5.0),
        (5, "mL", "mg", None),
        (2, "tablet", "mg", None),
        (400, "mg", "tablet", None),
    ],
)
def test_one_weight_conversion(amount, unit, target, expected):
    assert converted(amount, unit, target) == expected


def test_a_days_total_in_the_limits_unit():
    # 1 g + 500 mg + 250 mcg = 1000 + 500 + 0.25 mg; the 5 mL cannot be counted.
    assert limit_total([(1, "g"), (500, "mg"), (250, "mcg"), (5, "mL")], "mg") == (
        1500.25,
        {"mL": 5.0},
    )
    assert limit_total([(5, "mL")], "mg") == (None, {"mL": 5.0})


def _summary(painlog) -> dict:
    # 2026-11-26 (Thursday) to 2026-11-29 (Sunday): one week of the summary.
    data = painlog.json("summary", "--since", "2026-11-26", "--until", "2026-11-29")
    (week,) = data["weeks"]
    return week["adherence"]["as_needed"]["naproxen"]


def test_grams_count_against_a_limit_in_milligrams(painlog):
    painlog.ok(*PLAN)
    first = painlog.ok("add", "med", "naproxen", "1g", "--at", "2026-11-29 07:00")
    assert "limit" not in first.stderr  # 1,000 mg is the limit, not above it
    second = painlog.ok("add", "med", "naproxen", "1g", "--at", "2026-11-29 20:00")
    assert (
        "Note: naproxen on 2026-11-29: 2000 mg taken, above your plan's limit of 1000 mg a day."
        in second.stderr
    )
    found = _summary(painlog)
    assert found["max_day"] == {"mg": 2000.0}
    assert (found["doses"], found["days_used"], found["days_over_limit"]) == (2, 1, 1)


def test_grams_and_milligrams_on_one_day_add_up(painlog):
    painlog.ok(*PLAN)
    painlog.ok("add", "med", "naproxen", "1g", "--at", "2026-11-28 07:00")
    late = painlog.ok("add", "med", "naproxen", "500mg", "--at", "2026-11-28 20:00")
    # 1000 + 500 = 1500 mg > 1000 mg.
    assert "1500 mg taken, above your plan's limit of 1000 mg a day" in late.stderr
    found = _summary(painlog)
    assert found["max_day"] == {"mg": 1500.0}
    assert found["days_over_limit"] == 1


def test_a_volume_is_named_as_not_counted(painlog):
    painlog.ok(*PLAN)
    painlog.ok("add", "med", "naproxen", "500mg", "--at", "2026-11-29 07:00")
    liquid = painlog.ok("add", "med", "naproxen", "10mL", "--at", "2026-11-29 20:00")
    assert (
        "Note: naproxen on 2026-11-29: 10 mL is not counted against your plan's limit of "
        "1000 mg a day (mL cannot be converted to mg)." in liquid.stderr
    )
    found = _summary(painlog)
    assert found["max_day"] == {"mg": 500.0, "mL": 10.0}
    assert found["days_over_limit"] == 0


def test_due_counts_grams_and_names_a_volume(painlog):
    painlog.ok("plan", "add", "med", "naproxen", "500mg", "--as-needed", "--max-daily", "1000mg",
               "--from", "yesterday")  # fmt: skip
    painlog.ok("add", "med", "naproxen", "1g", "--at", "now")
    painlog.ok("add", "med", "naproxen", "5mL", "--at", "now")
    item = painlog.json("due")["as_needed"]["naproxen"]
    # 1 g is 1000 mg: nothing left under 1000 mg; the 5 mL is not counted.
    assert (item["used_today"], item["room_left"], item["not_counted"]) == (
        1000.0,
        0.0,
        {"mL": 5.0},
    )
    text = " ".join(painlog.ok("due", env={"COLUMNS": "200", "NO_COLOR": "1"}).stdout.split())
    assert "today's limit is reached (your limit of 1000 mg a day)" in text
    assert "5 mL not counted (not convertible to mg)" in text
    short = painlog.ok("due", "--short").stdout
    assert "naproxen 1000/1000mg" in short
