"""patterns on generated 12-week journals: one planted effect (a factor's days have pain 2 points
higher the NEXT day) among 30 factors of pure noise, over 100 fixed seeds, in the core (fast).

What Benjamini–Hochberg at a false-discovery rate of 10% promises is checked as it is stated:
the share of false findings among findings, averaged over journals, stays at or below 10%.
With one real effect that means a noise factor stands out in roughly 2 x 10% of journals (a
false finding beside the one true one is half of the findings): the issue's "no noise factor in
95 of 100" cannot hold at SPEC's 10%, and the report says so. Both figures are asserted.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from painlog.insight.patterns import Candidate, Found, analyse

SEEDS = range(100)
WEEKS = 12


def generated_journal(seed: int) -> tuple[dict[str, float], list[Candidate]]:
    chance = random.Random(seed)
    days = [(date(2026, 1, 5) + timedelta(days=index)).isoformat() for index in range(WEEKS * 7)]
    planted = {day for day in days if chance.random() < 0.4}
    noise = [
        Candidate(f"factor:noise-{index}", {d for d in days if chance.random() < share})
        for index, share in enumerate(chance.uniform(0.15, 0.6) for _ in range(30))
    ]
    daily = {}
    for index, day in enumerate(days):
        pain = 4 + chance.gauss(0, 1) + (2 if index and days[index - 1] in planted else 0)
        daily[day] = min(10.0, max(0.0, round(pain, 1)))
    return daily, [Candidate("factor:planted", planted), *noise]


def test_planted_effect_stands_out_and_noise_is_held_to_the_rate():
    planted_found = clean = 0
    false_shares = []
    for seed in SEEDS:
        daily, candidates = generated_journal(seed)
        found = analyse(daily, candidates, Found("pain", None, None))
        assert found.comparisons == 62  # 31 candidates, two lags, every one with 5+ days a side
        stood = {(r["candidate"], r["lag"]) for r in found.results if r["stood_out"]}
        planted_found += ("factor:planted", 1) in stood
        false = [name for name, lag in stood if name.startswith("factor:noise")]
        clean += not false
        false_shares.append(len(false) / len(stood) if stood else 0.0)
        # The planted effect is on the next day: the next-day test is the one that stands out.
        lag_one = [r for r in found.results if r["candidate"] == "factor:planted" and r["lag"] == 1]
        assert lag_one[0]["difference"] > 1
    assert planted_found >= 95
    # BH holds the expected share at 10% x 61/62; the mean of 100 journals is 0.100 here (its
    # sampling error is about 0.03, hence the margin).
    assert sum(false_shares) / len(false_shares) <= 0.13
    # ~80 expected at a 10% false-discovery rate with one real effect (see the module's note).
    assert clean >= 70, clean
