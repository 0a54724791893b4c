"""The shortcuts that keep a 10-year summary quick give the numbers the slow ways gave:
half up without Decimal, a name's key without the alias lookup when no alias applies, and the
period's weeks worked out once."""

from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from painlog.insight.summary import Period
from painlog.journal.entries import half_up


def _decimal_half_up(value: float, digits: int) -> float:
    """half_up as it was written before the shortcut: Decimal on the decimal repr shows."""
    step = Decimal(1).scaleb(-digits)
    rounded = Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP)
    return float(rounded) if digits > 0 else float(int(rounded))


def _same(a: float, b: float) -> bool:
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


# Beyond 1e15 Decimal's quantize runs out of precision and raises, as it always did.
@given(st.floats(min_value=-1e15, max_value=1e15), st.integers(0, 4))
def test_half_up_matches_decimal_on_any_float(value, digits):
    assert _same(half_up(value, digits), _decimal_half_up(value, digits))


@given(st.integers(-(10**9), 10**9), st.sampled_from([8, 16, 40, 200, 1000, 3, 7]))
def test_half_up_matches_decimal_on_means_and_halves(numerator, denominator):
    value = numerator / denominator
    for digits in (1, 2):
        assert _same(half_up(value, digits), _decimal_half_up(value, digits))


def test_half_up_by_hand():
    assert half_up(6.25) == 6.3
    assert half_up(-6.25) == -6.3
    assert half_up(2.675, 2) == 2.68  # the binary value is below 2.675; the person reads 2.675
    assert half_up(1.005, 2) == 1.01
    assert half_up(5.5, 0) == 6.0
    assert _same(half_up(-0.004, 2), -0.0)
    assert half_up(7, 2) == 7.0
    assert half_up(None, 2) is None


def test_period_weeks_are_worked_out_once_and_handed_out_as_copies():
    period = Period(date(2026, 11, 4), date(2026, 11, 23))  # a Wednesday to a Monday
    starts = period.week_starts()
    assert starts == [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    assert period.week_keys() == ("2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23")
    starts.append(date(2030, 1, 1))
    params = period.params()
    params["since"] = "changed"
    assert len(period.week_starts()) == 4
    assert period.params() == {
        "since": "2026-11-04",
        "until": "2026-11-23",
        "first_week": "2026-11-02",
    }
    sunday = Period(date(2026, 11, 4), date(2026, 11, 23), first_weekday=6)
    assert sunday.week_keys() == ("2026-11-01", "2026-11-08", "2026-11-15", "2026-11-22")


def test_an_alias_of_another_kind_leaves_medicine_counts_as_they_were(painlog):
    """With no medication alias the key is lower(name) with no lookup; an alias for therapy
    switches medication to nothing else, and a medication alias still counts."""
    for at in ("2026-11-16 08:00", "2026-11-17 08:00"):
        painlog.ok("add", "med", "Ibuprofen", "400mg", "--at", at)
    painlog.ok("add", "med", "ibuprofen", "200mg", "--at", "2026-11-17 20:00")
    painlog.ok("add", "med", "Advil", "200mg", "--at", "2026-11-18 08:00")

    def medication():
        summary = painlog.json("summary", "--since", "2026-11-16", "--until", "2026-11-22")
        return summary["weeks"][0]["medication"]

    before = {
        "Ibuprofen": {"doses": 3, "totals": {"mg": 1000.0}},
        "Advil": {"doses": 1, "totals": {"mg": 200.0}},
    }
    assert medication() == before
    painlog.ok("add", "therapy", "massage", "60m", "--at", "2026-11-16 10:00")
    painlog.ok("alias", "rub", "massage")
    assert medication() == before
    painlog.ok("alias", "advil", "Ibuprofen")
    assert medication() == {"Ibuprofen": {"doses": 4, "totals": {"mg": 1200.0}}}
