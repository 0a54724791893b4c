"""A personal experiment: ON and OFF blocks in randomised pairs, and what came of it (SPEC.md
"Personal experiments").

Pure functions: no journal, no command line. ``make_schedule`` cuts the weeks into blocks and
tosses one seeded coin per pair; the seed is stored with the experiment, so the same start,
weeks, block length and seed give the same schedule on every device and every Python. ``result``
reads the outcome and the days NAME was logged, and describes; it never prescribes.

Choices where SPEC is silent, and why:

- The number of blocks must be even (every block has a partner). Weeks and block length that do
  not cut into an even number of whole blocks are refused with the block lengths that would
  work, rather than silently dropping or shortening a block.
- At most ``MAX_PAIRS`` pairs: the p-value is exact over all 2^pairs sign flips, and 40 pairs
  (2^40 flips, counted by meeting in the middle over 2 x 2^20 half sums) is about a second.
- A pair is complete when both its blocks ended before ``today`` and each has at least one day
  with an outcome. Only complete pairs enter the means, the interval and the p-value.
- ``kept_percent`` is over the blocks of the complete pairs: the same blocks the result is made
  of, so it says how far that result reflects the schedule.
- ``mean_difference`` is the shown ON mean minus the shown OFF mean (SPEC "Numbers on screen":
  a change printed beside two shown numbers is their difference). The exact mean of the paired
  differences is the same number before rounding; it centres the 95% interval.
- The 95% interval is mean ± t(0.975, n−1) × sd / √n, sd the sample standard deviation. t is
  taken from a table for 1 to 30 degrees of freedom (computed to six decimals; a test checks it
  against a numerical integral of Student's t density) and, beyond 30, from the Cornish–Fisher
  expansion of t in powers of 1/df (Abramowitz & Stegun 26.7.5), within 1e-6 there. With one
  pair there is no spread to measure and the interval is null.
- The p-value compares sums of the sign-flipped differences with the observed sum (the same
  order as means, all having the same count) with a tolerance of 1e-9 of the differences' size,
  so that a flip that equals the observed value only up to float rounding counts as a tie.
- Every figure is rounded half up: means and the interval to two decimals, kept_percent to one.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from statistics import stdev

from painlog.errors import InvalidInput, invalid
from painlog.messages import Msg, say

MAX_PAIRS = 40
ENOUGH_PAIRS = 3
ENOUGH_KEPT_PERCENT = 80
SEED_RANGE = (10_000, 1_000_000)  # five or six digits: short enough to read out or write down

# t(0.975, df) for df = 1..30.
T_975 = (
    12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157,
    2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922,
    2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831,
    2.048407, 2.045230, 2.042272,
)  # fmt: skip
Z_975 = 1.959963984540054


@dataclass(frozen=True)
class Block:
    """One block: ``number`` from 1, ``since`` and ``until`` both inclusive, its ``pair`` from 1."""

    number: int
    since: date
    until: date
    pair: int
    on: bool

    def holds(self, day: date) -> bool:
        return self.since <= day <= self.until


@dataclass(frozen=True)
class Schedule:
    start: date
    weeks: int
    block_days: int
    seed: int
    blocks: tuple[Block, ...]

    @property
    def end(self) -> date:
        """The last day of the experiment (inclusive)."""
        return self.blocks[-1].until

    @property
    def pairs(self) -> int:
        return len(self.blocks) // 2


@dataclass(frozen=True)
class PairResult:
    pair: int
    on_mean: Fraction
    off_mean: Fraction

    @property
    def difference(self) -> Fraction:
        return self.on_mean - self.off_mean


@dataclass(frozen=True)
class Result:
    pairs: int
    on_mean: float
    off_mean: float
    mean_difference: float
    ci95: tuple[float, float] | None
    p_value: float
    kept_percent: float
    too_little_data: bool
    complete: tuple[PairResult, ...] = ()  # the complete pairs, for a report's table

    @property
    def smallest_p(self) -> float:
        """The smallest two-sided p the exact test can reach with this many pairs: the two
        all-one-sign flips of 2^pairs (3 pairs: 2/8 = 0.25), whatever the data."""
        return min(1.0, 2 / 2**self.pairs) if self.pairs else 1.0

    def as_json(self) -> dict[str, object]:
        return {
            "pairs": self.pairs,
            "on_mean": self.on_mean,
            "off_mean": self.off_mean,
            "mean_difference": self.mean_difference,
            "ci95": None if self.ci95 is None else list(self.ci95),
            "p_value": self.p_value,
            "kept_percent": self.kept_percent,
            "too_little_data": self.too_little_data,
        }


def half_up(value: float | Fraction | Decimal, places: int = 2) -> float:
    """Rounded half up (away from zero at a tie), as the decimal a person reads: 6.125 -> 6.13."""
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    elif isinstance(value, Decimal):
        exact = value
    else:
        exact = Decimal(repr(float(value)))
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


# --- the schedule -------------------------------------------------------------------------------


def _block_choices(days: int) -> list[int]:
    return [
        length for length in range(1, days + 1) if days % length == 0 and days // length % 2 == 0
    ]


def make_schedule(
    start: date, weeks: int, block_days: int = 7, seed: int | None = None
) -> Schedule:
    """Blocks of ``block_days`` covering ``weeks`` x 7 days from ``start``, in consecutive pairs;
    one coin per pair (``random.Random(seed)``) says whether its first or second block is ON."""
    if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks < 1:
        raise invalid("--weeks", weeks, Msg.FORM_TRY_WEEKS)
    if isinstance(block_days, bool) or not isinstance(block_days, int) or block_days < 1:
        raise invalid("--block-days", block_days, Msg.FORM_TRY_BLOCK_DAYS)
    days = weeks * 7
    if days % block_days or (days // block_days) % 2:
        choices = _block_choices(days)
        hint = (
            say(Msg.TRY_BLOCK_CHOICES, weeks=weeks, lengths=", ".join(map(str, choices)))
            if choices
            else say(Msg.TRY_ODD_WEEKS)
        )
        raise InvalidInput(
            say(Msg.TRY_UNEVEN_BLOCKS, block_days=block_days, weeks=weeks, days=days, choices=hint)
        )
    pairs = days // block_days // 2
    if pairs > MAX_PAIRS:
        raise InvalidInput(
            say(
                Msg.TRY_TOO_MANY_PAIRS,
                weeks=weeks,
                block_days=block_days,
                pairs=pairs,
                most=MAX_PAIRS,
            )
        )
    if seed is None:
        seed = random.SystemRandom().randrange(*SEED_RANGE)
    coin = random.Random(seed)
    blocks: list[Block] = []
    for pair in range(1, pairs + 1):
        first_on = coin.random() < 0.5  # random() is the same for a seed on every Python 3
        for second in (False, True):
            number = len(blocks) + 1
            since = start + timedelta(days=(number - 1) * block_days)
            until = since + timedelta(days=block_days - 1)
            blocks.append(Block(number, since, until, pair, on=first_on != second))
    return Schedule(start, weeks, block_days, seed, tuple(blocks))


def block_on(schedule: Schedule, day: date) -> Block | None:
    """The block holding ``day`` (its number, whether ON, its pair), or None outside the weeks."""
    if not schedule.start <= day <= schedule.end:
        return None
    return schedule.blocks[(day - schedule.start).days // schedule.block_days]


# --- statistics ---------------------------------------------------------------------------------


def t_975(df: int) -> float:
    """The 0.975 quantile of Student's t with ``df`` degrees of freedom (df >= 1)."""
    if df < 1:
        raise ValueError("t needs at least one degree of freedom")
    if df <= len(T_975):
        return T_975[df - 1]
    z = Z_975
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def _signed_sums(values: Sequence[float]) -> list[float]:
    sums = [0.0]
    for value in values:
        sums = [total + value for total in sums] + [total - value for total in sums]
    return sums


def randomisation_p(differences: Sequence[float]) -> float:
    """Exact two-sided p: the share of the 2^n sign flips whose sum is at least as far from zero
    as the observed sum. Counted by meeting in the middle, so 40 pairs stay quick."""
    n = len(differences)
    if n == 0:
        raise ValueError("no differences")
    sizes = [abs(float(d)) for d in differences]
    tolerance = 1e-9 * max(1.0, sum(sizes))
    threshold = abs(sum(float(d) for d in differences)) - tolerance
    if threshold <= 0:
        return 1.0  # an observed sum of zero: every flip is at least as far from zero
    left = _signed_sums(sizes[: n // 2])
    right = sorted(_signed_sums(sizes[n // 2 :]))
    size = len(right)
    count = 0
    for total in left:
        count += size - bisect_left(right, threshold - total)  # total + r >= threshold
        count += bisect_right(right, -threshold - total)  # total + r <= -threshold
    return count / 2**n


def interval_95(differences: Sequence[Fraction]) -> tuple[float, float] | None:
    n = len(differences)
    if n < 2:
        return None
    mean = sum(differences, Fraction(0)) / n
    spread = stdev(differences)  # exact for Fractions until the square root
    half = t_975(n - 1) * float(spread) / math.sqrt(n)
    return half_up(float(mean) - half), half_up(float(mean) + half)


# --- the result ---------------------------------------------------------------------------------


def _exact(value: float) -> Fraction:
    """The decimal the outcome was written as (6.1, not 6.0999999999999996447…)."""
    return Fraction(repr(float(value)))


def _block_mean(block: Block, outcome_by_day: Mapping[date, float]) -> Fraction | None:
    values = [_exact(value) for day, value in outcome_by_day.items() if block.holds(day)]
    return sum(values, Fraction(0)) / len(values) if values else None


def _kept(block: Block, did_by_day: set[date]) -> bool:
    did = any(block.holds(day) for day in did_by_day)
    return did if block.on else not did


def result(
    schedule: Schedule,
    outcome_by_day: Mapping[date, float],
    did_by_day: set[date],
    today: date,
) -> Result | None:
    """ON and OFF means, the paired difference with its 95% interval, the exact randomisation
    p-value and how well the schedule was kept, over the pairs complete before ``today``;
    None while no pair is complete."""
    complete: list[PairResult] = []
    considered: list[Block] = []
    for index in range(0, len(schedule.blocks), 2):
        pair = schedule.blocks[index : index + 2]
        if any(block.until >= today for block in pair):
            continue
        means = [_block_mean(block, outcome_by_day) for block in pair]
        if means[0] is None or means[1] is None:
            continue
        on_block, off_block = (means[0], means[1]) if pair[0].on else (means[1], means[0])
        complete.append(PairResult(pair[0].pair, on_block, off_block))
        considered.extend(pair)
    if not complete:
        return None
    n = len(complete)
    on_mean = half_up(sum((p.on_mean for p in complete), Fraction(0)) / n)
    off_mean = half_up(sum((p.off_mean for p in complete), Fraction(0)) / n)
    differences = [p.difference for p in complete]
    kept = sum(1 for block in considered if _kept(block, did_by_day))
    return Result(
        pairs=n,
        on_mean=on_mean,
        off_mean=off_mean,
        mean_difference=float(Decimal(repr(on_mean)) - Decimal(repr(off_mean))),
        ci95=interval_95(differences),
        p_value=randomisation_p([float(d) for d in differences]),
        kept_percent=half_up(Fraction(kept * 100, len(considered)), 1),
        too_little_data=n < ENOUGH_PAIRS or kept * 100 < ENOUGH_KEPT_PERCENT * len(considered),
        complete=tuple(complete),
    )


def experiment_json(
    name: str, outcome: str, schedule: Schedule, found: Result | None
) -> dict[str, object]:
    """SPEC's ``try --json`` / ``try --result --json`` object."""
    return {
        "name": name,
        "outcome": outcome,
        "block_days": schedule.block_days,
        "seed": schedule.seed,
        "blocks": [
            {
                "since": block.since.isoformat(),
                "until": block.until.isoformat(),
                "pair": block.pair,
                "on": block.on,
            }
            for block in schedule.blocks
        ],
        "result": None if found is None else found.as_json(),
    }
