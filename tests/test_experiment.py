"""Personal experiments (SPEC.md "Personal experiments"): the seeded ON/OFF schedule and its
result. Expected figures are worked out by hand in the comments."""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from painlog.errors import InvalidInput
from painlog.plan.experiment import (
    MAX_PAIRS,
    SEED_RANGE,
    T_975,
    Schedule,
    block_on,
    experiment_json,
    half_up,
    make_schedule,
    randomisation_p,
    result,
    t_975,
)

START = date(2026, 10, 19)  # a Monday, as in SPEC's example


def filled(
    schedule: Schedule, pairs: list[tuple[float, float]], *, keep: bool = True
) -> tuple[dict[date, float], set[date]]:
    """Every day of pair i's ON block scores pairs[i][0], of its OFF block pairs[i][1]; NAME is
    logged on every ON day (when ``keep``)."""
    outcome: dict[date, float] = {}
    did: set[date] = set()
    for block in schedule.blocks:
        if block.pair > len(pairs):
            break
        on_value, off_value = pairs[block.pair - 1]
        for offset in range(schedule.block_days):
            day = block.since + timedelta(days=offset)
            outcome[day] = on_value if block.on else off_value
            if block.on and keep:
                did.add(day)
    return outcome, did


def after(schedule: Schedule) -> date:
    return schedule.end + timedelta(days=1)


# --- the schedule -------------------------------------------------------------------------------


def test_six_weeks_of_seven_day_blocks():
    schedule = make_schedule(START, 6, seed=81234)
    assert len(schedule.blocks) == 6 and schedule.pairs == 3 and schedule.seed == 81234
    assert [block.number for block in schedule.blocks] == [1, 2, 3, 4, 5, 6]
    assert [block.pair for block in schedule.blocks] == [1, 1, 2, 2, 3, 3]
    assert schedule.blocks[0].since == START and schedule.blocks[0].until == date(2026, 10, 25)
    assert schedule.blocks[1].since == date(2026, 10, 26)
    assert schedule.end == date(2026, 11, 29)  # 42 days: 19 Oct + 41


def test_schedule_is_reproducible_for_a_seed():
    first = make_schedule(START, 12, seed=7)
    again = make_schedule(START, 12, seed=7)
    assert first == again
    # The coins are random.Random(7).random() < 0.5, one per pair, deciding "first block ON".
    import random

    coin = random.Random(7)
    expected = [coin.random() < 0.5 for _ in range(first.pairs)]
    assert [block.on for block in first.blocks[::2]] == expected


def test_different_seeds_can_give_different_schedules():
    patterns = {tuple(b.on for b in make_schedule(START, 12, seed=s).blocks) for s in range(20)}
    assert len(patterns) > 1


def test_seed_is_chosen_and_stored_when_not_given():
    schedule = make_schedule(START, 4)
    assert SEED_RANGE[0] <= schedule.seed < SEED_RANGE[1]
    assert make_schedule(START, 4, seed=schedule.seed) == schedule


def test_other_block_lengths():
    schedule = make_schedule(START, 4, block_days=2)  # 28 days: 14 blocks, 7 pairs
    assert len(schedule.blocks) == 14 and schedule.pairs == 7
    assert schedule.blocks[-1].until == START + timedelta(days=27)
    assert len(make_schedule(START, 4, block_days=14).blocks) == 2


@pytest.mark.parametrize(("weeks", "block_days"), [(3, 7), (1, 7), (5, 7), (2, 3), (4, 5)])
def test_uneven_blocks_are_refused_with_the_lengths_that_work(weeks, block_days):
    with pytest.raises(InvalidInput) as refused:
        make_schedule(START, weeks, block_days)
    message = refused.value.message
    assert f"--block-days {block_days}" in message and "even number" in message
    if weeks % 2:
        assert "even --weeks" in message
    else:
        assert f"with --weeks {weeks}, --block-days can be" in message


def test_two_weeks_three_day_blocks_names_the_choices():
    # 14 days: lengths giving an even count are 1 (14 blocks) and 7 (2 blocks).
    with pytest.raises(InvalidInput) as refused:
        make_schedule(START, 2, block_days=3)
    assert refused.value.message.endswith("--block-days can be 1, 7")


@pytest.mark.parametrize(("weeks", "block_days"), [(0, 7), (-2, 7), (2, 0), (2, -7)])
def test_non_positive_weeks_or_days_are_refused(weeks, block_days):
    with pytest.raises(InvalidInput):
        make_schedule(START, weeks, block_days)


def test_too_many_pairs_are_refused():
    # 12 weeks of 1-day blocks: 84 blocks, 42 pairs > 40.
    with pytest.raises(InvalidInput) as refused:
        make_schedule(START, 12, block_days=1)
    assert "42 pairs" in refused.value.message and f"at most {MAX_PAIRS}" in refused.value.message
    assert make_schedule(START, 80, block_days=7).pairs == MAX_PAIRS


def test_block_on():
    schedule = make_schedule(START, 6, seed=81234)
    assert block_on(schedule, START - timedelta(days=1)) is None
    assert block_on(schedule, after(schedule)) is None
    first = block_on(schedule, START)
    assert (first.number, first.pair) == (1, 1)
    assert block_on(schedule, date(2026, 10, 25)) == first
    eighth_day = block_on(schedule, date(2026, 10, 26))
    assert (eighth_day.number, eighth_day.pair, eighth_day.on) == (2, 1, not first.on)
    last = block_on(schedule, schedule.end)
    assert (last.number, last.pair) == (6, 3)


@given(
    weeks=st.integers(min_value=1, max_value=40).map(lambda w: 2 * w),
    block_days=st.sampled_from([1, 2, 3, 4, 7, 14, 28]),
    seed=st.integers(min_value=0, max_value=2**32),
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
)
def test_schedule_invariants(weeks, block_days, seed, start):
    days = weeks * 7
    assume(days % block_days == 0 and (days // block_days) % 2 == 0)
    assume((days // block_days) // 2 <= MAX_PAIRS)
    schedule = make_schedule(start, weeks, block_days, seed)
    blocks = schedule.blocks
    assert len(blocks) % 2 == 0 and len(blocks) * block_days == days
    assert blocks[0].since == start and schedule.end == start + timedelta(days=days - 1)
    for earlier, later in itertools.pairwise(blocks):
        assert later.since == earlier.until + timedelta(days=1)
    for block in blocks:
        assert (block.until - block.since).days == block_days - 1
        assert block_on(schedule, block.since) == block == block_on(schedule, block.until)
    for pair in range(1, len(blocks) // 2 + 1):
        members = [block for block in blocks if block.pair == pair]
        assert len(members) == 2 and sum(block.on for block in members) == 1
        assert members[1].number == members[0].number + 1
    assert make_schedule(start, weeks, block_days, seed) == schedule


# --- the result: hand-computed ------------------------------------------------------------------


def test_spec_example_three_pairs_all_two_points_better():
    # ON 3, OFF 5 in each of 3 pairs: differences -2, -2, -2; mean -2; sd 0 so the interval is
    # [-2, -2]; sign flips with |sum| >= 6: only +++ and --- of 8 -> p = 2/8 = 0.25.
    schedule = make_schedule(START, 6, seed=81234)
    outcome, did = filled(schedule, [(3.0, 5.0)] * 3)
    found = result(schedule, outcome, did, today=after(schedule))
    assert found.as_json() == {
        "pairs": 3,
        "on_mean": 3.0,
        "off_mean": 5.0,
        "mean_difference": -2.0,
        "ci95": [-2.0, -2.0],
        "p_value": 0.25,
        "kept_percent": 100.0,
        "too_little_data": False,
    }


def test_three_pairs_minus_two_minus_one_plus_one():
    # Differences -2, -1, +1 (ON 3/4/6 against OFF 5): observed sum -2.
    # The 8 sign flips of (2, 1, 1) and their sums:
    #   +2+1+1 = 4   +2+1-1 = 2   +2-1+1 = 2   +2-1-1 = 0
    #   -2+1+1 = 0   -2+1-1 = -2  -2-1+1 = -2  -2-1-1 = -4
    # |sum| >= 2 in 6 of them -> p = 6/8 = 0.75.
    # ON mean 13/3 = 4.333 -> 4.33; OFF 5.0; shown difference 4.33 - 5.00 = -0.67.
    # Interval: mean -2/3, sd = sqrt(((-4/3)^2 + (-1/3)^2 + (5/3)^2) / 2) = sqrt(7/3) = 1.527525,
    # se = 1.527525 / sqrt(3) = 0.881917, t(0.975, 2) = 4.302653, half = 3.794583:
    # [-0.666667 - 3.794583, -0.666667 + 3.794583] = [-4.461250, 3.127916] -> [-4.46, 3.13].
    schedule = make_schedule(START, 6, seed=3)
    outcome, did = filled(schedule, [(3.0, 5.0), (4.0, 5.0), (6.0, 5.0)])
    found = result(schedule, outcome, did, today=after(schedule))
    assert (found.on_mean, found.off_mean, found.mean_difference) == (4.33, 5.0, -0.67)
    assert found.ci95 == (-4.46, 3.13)
    assert found.p_value == 0.75
    assert [float(pair.difference) for pair in found.complete] == [-2.0, -1.0, 1.0]


def test_four_pairs_p_over_sixteen():
    # Differences -3, -2, -1, +2: observed sum -4. Flipping a subset S of (3, 2, 1, 2) gives
    # 8 - 2 x sum(S); the 16 subset sums 0,3,2,1,2,5,4,5,3,4,3,6,7,6,5,8 give sums
    # 8,2,4,6,4,-2,0,-2,2,0,2,-4,-6,-4,-2,-8; |sum| >= 4: 8,4,6,4,-4,-6,-4,-8 -> 8/16 = 0.5.
    # Interval: mean -1, deviations -2,-1,0,3, sd = sqrt(14/3) = 2.160247, se = 1.080123,
    # t(0.975, 3) = 3.182446, half = 3.437433 -> [-4.437433, 2.437433] -> [-4.44, 2.44].
    schedule = make_schedule(START, 8, seed=11)
    outcome, did = filled(schedule, [(2.0, 5.0), (4.0, 6.0), (5.0, 6.0), (7.0, 5.0)])
    found = result(schedule, outcome, did, today=after(schedule))
    assert found.pairs == 4 and found.p_value == 0.5
    assert found.ci95 == (-4.44, 2.44)
    # ON (2+4+5+7)/4 = 4.5, OFF (5+6+6+5)/4 = 5.5, difference -1.0.
    assert (found.on_mean, found.off_mean, found.mean_difference) == (4.5, 5.5, -1.0)


def test_four_pairs_all_one_point_better():
    # Only ++++ and ---- reach |sum| 4: p = 2/16 = 0.125.
    schedule = make_schedule(START, 8, seed=11)
    outcome, did = filled(schedule, [(4.0, 5.0)] * 4)
    assert result(schedule, outcome, did, today=after(schedule)).p_value == 0.125


def test_block_mean_uses_only_days_with_an_outcome():
    # Pair 1's ON block has outcomes 2 and 4 on two days only (mean 3); its OFF block 5 daily.
    schedule = make_schedule(START, 2, seed=5)
    on_block = next(block for block in schedule.blocks if block.on)
    off_block = next(block for block in schedule.blocks if not block.on)
    outcome = {on_block.since: 2.0, on_block.since + timedelta(days=3): 4.0}
    outcome |= {off_block.since + timedelta(days=i): 5.0 for i in range(7)}
    found = result(schedule, outcome, {on_block.since}, today=after(schedule))
    assert (found.on_mean, found.off_mean, found.mean_difference) == (3.0, 5.0, -2.0)
    # One pair: no spread to measure (interval null), p = 2/2 = 1, too little data.
    assert found.ci95 is None and found.p_value == 1.0 and found.too_little_data


def test_means_round_half_up():
    # ON block outcomes 6.1 and 6.15 -> 6.125 -> 6.13 (round() would give 6.12); OFF 5.
    schedule = make_schedule(START, 2, seed=5)
    on_block = next(block for block in schedule.blocks if block.on)
    off_block = next(block for block in schedule.blocks if not block.on)
    outcome = {on_block.since: 6.1, on_block.until: 6.15, off_block.since: 5.0}
    found = result(schedule, outcome, {on_block.since}, today=after(schedule))
    assert found.on_mean == 6.13 and found.mean_difference == 1.13


def test_no_result_until_a_pair_is_complete():
    schedule = make_schedule(START, 6, seed=81234)
    outcome, did = filled(schedule, [(3.0, 5.0)] * 3)
    # On the last day of block 2 the pair has not ended.
    assert result(schedule, outcome, did, today=schedule.blocks[1].until) is None
    # The day after, pair 1 is complete and is the only one counted.
    found = result(schedule, outcome, did, today=schedule.blocks[2].since)
    assert found.pairs == 1 and found.too_little_data
    assert experiment_json("yoga", "pain", schedule, None)["result"] is None


def test_a_pair_without_outcome_in_one_block_is_not_complete():
    schedule = make_schedule(START, 8, seed=11)
    outcome, did = filled(schedule, [(3.0, 5.0)] * 4)
    empty = schedule.blocks[2]  # pair 2's first block: remove its outcomes
    outcome = {day: value for day, value in outcome.items() if not empty.holds(day)}
    found = result(schedule, outcome, did, today=after(schedule))
    assert found.pairs == 3 and [pair.pair for pair in found.complete] == [1, 3, 4]


def test_kept_percent_and_too_little_data():
    schedule = make_schedule(START, 6, seed=81234)
    outcome, did = filled(schedule, [(3.0, 5.0)] * 3)
    off_blocks = [block for block in schedule.blocks if not block.on]
    on_blocks = [block for block in schedule.blocks if block.on]
    # NAME logged one day in one OFF block: 5 of 6 blocks kept = 83.3%, still enough.
    one_slip = did | {off_blocks[0].since}
    found = result(schedule, outcome, one_slip, today=after(schedule))
    assert found.kept_percent == 83.3 and not found.too_little_data
    # And an ON block with NAME never logged: 4 of 6 = 66.7% < 80 -> too little data.
    two_slips = {day for day in one_slip if not on_blocks[0].holds(day)}
    found = result(schedule, outcome, two_slips, today=after(schedule))
    assert found.kept_percent == 66.7 and found.too_little_data
    # NAME logged on just one day of each ON block still keeps the schedule.
    found = result(schedule, outcome, {block.since for block in on_blocks}, today=after(schedule))
    assert found.kept_percent == 100.0


def test_kept_percent_counts_blocks_of_complete_pairs_only():
    # 4 pairs; pair 4's blocks have not ended, so its slip (NAME on an OFF day) is not counted.
    schedule = make_schedule(START, 8, seed=11)
    outcome, did = filled(schedule, [(3.0, 5.0)] * 4)
    off_4 = next(block for block in schedule.blocks if block.pair == 4 and not block.on)
    found = result(schedule, outcome, did | {off_4.since}, today=schedule.blocks[6].until)
    assert found.pairs == 3 and found.kept_percent == 100.0


def test_json_shape_is_specs():
    schedule = make_schedule(START, 6, seed=81234)
    outcome, did = filled(schedule, [(3.0, 5.0)] * 3)
    shown = experiment_json(
        "yoga", "pain", schedule, result(schedule, outcome, did, after(schedule))
    )
    assert list(shown) == ["name", "outcome", "block_days", "seed", "blocks", "result"]
    assert (shown["name"], shown["outcome"], shown["block_days"], shown["seed"]) == (
        "yoga",
        "pain",
        7,
        81234,
    )
    assert shown["blocks"][0] == {
        "since": "2026-10-19",
        "until": "2026-10-25",
        "pair": 1,
        "on": schedule.blocks[0].on,
    }
    assert len(shown["blocks"]) == 6
    assert list(shown["result"]) == [
        "pairs",
        "on_mean",
        "off_mean",
        "mean_difference",
        "ci95",
        "p_value",
        "kept_percent",
        "too_little_data",
    ]


# --- statistics ---------------------------------------------------------------------------------


def t_cdf(t: float, df: int, steps: int = 4000) -> float:
    """Student's t CDF by Simpson's rule on its density, from 0 to t."""
    scale = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)

    def density(x: float) -> float:
        return scale * (1 + x * x / df) ** (-(df + 1) / 2)

    width = t / steps
    total = density(0) + density(t)
    total += sum((4 if i % 2 else 2) * density(i * width) for i in range(1, steps))
    return 0.5 + total * width / 3


@pytest.mark.parametrize("df", [*range(1, 31), 31, 40, 60, 120, 500])
def test_t_quantiles_against_the_density(df):
    assert t_cdf(t_975(df), df) == pytest.approx(0.975, abs=1e-6)


def test_t_table_is_the_function():
    assert [t_975(df) for df in range(1, 31)] == list(T_975)
    assert t_975(1) == 12.706205 and t_975(2) == 4.302653 and t_975(30) == 2.042272
    assert 1.96 < t_975(10_000) < 1.961
    with pytest.raises(ValueError):
        t_975(0)


def brute_force_p(differences: list[float]) -> float:
    observed = abs(sum(differences))
    count = 0
    for signs in itertools.product((1, -1), repeat=len(differences)):
        flipped = abs(sum(sign * value for sign, value in zip(signs, differences, strict=True)))
        count += flipped >= observed - 1e-9
    return count / 2 ** len(differences)


differences = st.lists(
    st.integers(min_value=-40, max_value=40).map(lambda tenths: tenths / 10), min_size=1, max_size=9
)


@given(differences)
def test_p_value_matches_enumerating_every_flip(values):
    assert randomisation_p(values) == brute_force_p(values)


@given(differences)
def test_p_value_is_in_zero_one_and_symmetric(values):
    p = randomisation_p(values)
    assert 0 < p <= 1
    assert p * 2 ** len(values) == int(p * 2 ** len(values))  # a whole number of flips
    assert randomisation_p([-value for value in values]) == p
    assert randomisation_p(list(reversed(values))) == p


def test_p_value_float_ties_count():
    # In floats 0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ in the last bit; the flips are summed
    # in another order than the observed sum, so without a tolerance +++ could miss itself.
    # Differences 0.1, 0.2, 0.3: observed 0.6; flips with |sum| >= 0.6: +++ and --- -> 2/8.
    assert randomisation_p([0.1, 0.2, 0.3]) == 0.25
    # Observed sum zero (up to float error): every flip is at least as far -> 1.
    assert randomisation_p([0.1, 0.2, -0.3]) == 1.0


def test_p_value_forty_pairs_is_exact():
    # All 40 differences equal: only the all-plus and all-minus flips reach the observed sum.
    assert randomisation_p([1.5] * 40) == 2 / 2**40


def test_half_up():
    assert half_up(6.125) == 6.13 and half_up(-2.0) == -2.0 and half_up(83.33333, 1) == 83.3
