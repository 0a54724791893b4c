"""painlog patterns (SPEC.md "What goes with what"): hand-counted means on a small journal, the
permutation p against a full enumeration written here, Benjamini–Hochberg, the interval."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction

import pytest

from painlog.insight import patterns
from tests.conftest import row

DAYS = [f"2026-11-{day:02d}" for day in range(1, 11)]
PAIN = [2, 3, 4, 5, 6, 7, 8, 9, 2, 4]  # one entry a day, but day 1 is two entries: 1 and 3
WALK_DAYS = {0, 2, 4, 6, 8}  # walks on Nov 1, 3, 5, 7 and 9


def small_journal(painlog, tmp_path):
    rows = []
    for index, (day, pain) in enumerate(zip(DAYS, PAIN, strict=True)):
        if index == 0:
            rows.append(row("pain", f"{day}T08:00:00+00:00", 1))
            rows.append(row("pain", f"{day}T20:00:00+00:00", 3))  # the day's mean: 2
        else:
            rows.append(row("pain", f"{day}T08:00:00+00:00", pain))
        if index in WALK_DAYS:
            rows.append(row("exercise", f"{day}T10:00:00+00:00", 30, name="walk"))
    rows.append(row("note", "2026-11-02T10:00:00+00:00", note="garden", tags="garden"))
    rows.append(row("note", "2026-11-04T10:00:00+00:00", note="garden", tags="garden"))
    painlog.import_rows(rows, tmp_path)


def enumerated_p(values: list[Fraction], size: int, observed: Fraction) -> Fraction:
    """Every way of choosing ``size`` of the days as 'with', counted here with exact fractions."""
    n, total = len(values), sum(values)
    extreme = assignments = 0
    for chosen in itertools.combinations(range(n), size):
        with_sum = sum(values[index] for index in chosen)
        difference = with_sum / size - (total - with_sum) / (n - size)
        assignments += 1
        extreme += abs(difference) >= abs(observed)
    return Fraction(extreme, assignments)


def test_hand_counted_means_both_lags(painlog, tmp_path):
    small_journal(painlog, tmp_path)
    data = painlog.json("patterns")
    assert (data["outcome"], data["since"], data["until"]) == ("pain", DAYS[0], DAYS[-1])
    assert data["fdr"] == 0.1
    found = {(result["candidate"], result["lag"]): result for result in data["results"]}
    same_day = found[("exercise:walk", 0)]
    # With: Nov 1, 3, 5, 7, 9 -> 2, 4, 6, 8, 2 (mean 4.4); without: 3, 5, 7, 9, 4 (5.6).
    assert (same_day["days_with"], same_day["days_without"]) == (5, 5)
    assert (same_day["mean_with"], same_day["mean_without"]) == (4.4, 5.6)
    assert same_day["difference"] == -1.2
    next_day = found[("exercise:walk", 1)]
    # The day after a walk: Nov 2, 4, 6, 8, 10 -> 3, 5, 7, 9, 4 (5.6); the rest 4.4.
    assert (next_day["mean_with"], next_day["mean_without"], next_day["difference"]) == (
        5.6,
        4.4,
        1.2,
    )
    assert data["comparisons"] == len(data["results"]) == 2
    # The garden tag was on 2 days: never tested, listed; short sleep and pressure with no data.
    assert data["too_few_days"] == ["tag:garden", "sleep:under-6h", "weather:pressure-fall"]
    assert set(data["results"][0]) == {
        "candidate", "lag", "days_with", "days_without", "mean_with", "mean_without",
        "difference", "ci95", "p_value", "stood_out",
    }  # fmt: skip


def test_permutation_p_is_the_full_enumeration(painlog, tmp_path):
    small_journal(painlog, tmp_path)
    data = painlog.json("patterns")
    values = [Fraction(value) for value in PAIN]
    walk = [values[index] for index in sorted(WALK_DAYS)]
    observed = sum(walk) / 5 - (sum(values) - sum(walk)) / 5
    expected = enumerated_p(values, 5, observed)  # C(10, 5) = 252 assignments
    for result in data["results"]:
        assert result["p_value"] == pytest.approx(float(expected), rel=1e-3)


@pytest.mark.parametrize("size", [3, 5, 8])
def test_exact_p_equals_enumeration_core(size):
    import numpy as np

    values = [
        Fraction(v) for v in ("6.5", "2", "3.1", "7", "4.4", "4.4", "9", "0", "5.5", "1", "8")
    ]
    chosen = [0, 3, 6, 8, 10, 1, 2, 4][:size]
    with_sum = sum(values[index] for index in chosen)
    observed = with_sum / size - (sum(values) - with_sum) / (len(values) - size)
    expected = enumerated_p(values, size, observed)
    array = np.array([float(value) for value in values])
    assert patterns.exact_p(array, size, float(observed)) == pytest.approx(
        float(expected), abs=1e-12
    )


def test_random_assignments_when_there_are_too_many():
    import numpy as np

    # C(40, 20) assignments: seeded random ones; an effect of 3 points is as extreme as none.
    values = np.array([5.0 + (index % 3) for index in range(40)])
    with_it = np.zeros((40, 1), bool)
    with_it[:20, 0] = True
    values[:20] += 3
    (result,) = patterns.compare(values, with_it)
    assert result["p_value"] == 1 / (patterns.RANDOM_ASSIGNMENTS + 1)
    (again,) = patterns.compare(values, with_it)
    assert again == result  # seeded: the same journal, the same p


def test_benjamini_hochberg_step_up():
    assert patterns.benjamini_hochberg([0.01, 0.02, 0.03, 0.04, 0.2], 0.1) == [True] * 4 + [False]
    # Step-up: a p above its own rank's line still goes when a later rank passes.
    assert patterns.benjamini_hochberg([0.05, 0.011, 0.06], 0.1) == [True, True, True]
    assert patterns.benjamini_hochberg([0.04, 0.5, 0.9], 0.1) == [False, False, False]


@pytest.mark.parametrize(
    ("freedom", "quantile"),
    # scipy.stats.t.ppf(0.975, freedom), written down (scipy is not a dependency)
    [(4, 2.7764451051977934), (10, 2.228138851986274), (30.5, 2.04086944518632),
     (1000, 1.9623390808264083)],
)  # fmt: skip
def test_t_quantile(freedom, quantile):
    assert patterns.t_quantile(0.975, freedom) == pytest.approx(quantile, rel=1e-6)


def test_welch_interval_hand_counted():
    import numpy as np

    # 1, 2, 3, 4, 5 (mean 3, variance 2.5) against 2, 4, 6, 8, 10 (mean 6, variance 10):
    # se = sqrt(2.5/5 + 10/5) = sqrt(2.5); df = 2.5^2 / (0.5^2/4 + 2^2/4) = 5.882…
    low, high = patterns.welch_interval(np.array([1, 2, 3, 4, 5.0]), np.array([2, 4, 6, 8, 10.0]))
    half = patterns.t_quantile(0.975, 6.25 / (0.0625 + 1)) * 2.5**0.5
    assert (low, high) == pytest.approx((-3 - half, -3 + half))
    assert half == pytest.approx(2.458823709699146 * 2.5**0.5, rel=1e-6)  # t.ppf(.975, 5.88)


def test_screen_words(painlog, tmp_path):
    small_journal(painlog, tmp_path)
    text = painlog.ok("patterns", env={"COLUMNS": "200", "NO_COLOR": "1"}).stdout
    assert "2 comparisons made" in text
    assert "None stood out among 2 comparisons." in text
    assert "went with pain" in text
    assert "cause" not in text.replace("not causes", "")
    assert "tag:garden" in text


def test_sleep_under_six_hours_counts_only_nights_logged(painlog, tmp_path):
    rows = []
    for index in range(14):
        day = f"2026-11-{index + 1:02d}"
        rows.append(row("pain", f"{day}T12:00:00+00:00", 7 if index < 6 else 3))
        if index < 12:  # two days without sleep logged: unknown, on neither side
            rows.append(row("sleep", f"{day}T07:00:00+00:00", 5 if index < 6 else 8))
    painlog.import_rows(rows, tmp_path)
    data = painlog.json("patterns")
    (short,) = [r for r in data["results"] if r["candidate"] == "sleep:under-6h" and r["lag"] == 0]
    # Both lags are tested on the days whose night before and the night before that were both
    # logged: Nov 2-12 (Nov 1 has no night before it logged; Nov 13 and 14 none of their own).
    assert (short["days_with"], short["days_without"]) == (5, 6)
    assert (short["mean_with"], short["mean_without"], short["difference"]) == (7.0, 3.0, 4.0)
    assert short["stood_out"] is True
    assert short["ci95"] == [4.0, 4.0]  # no spread on either side


def test_outcome_refused_in_one_line(painlog, tmp_path):
    small_journal(painlog, tmp_path)
    before = painlog.fingerprint()
    result = painlog("patterns", "--outcome", "blood")
    assert result.exit_code == 2
    assert "--outcome" in result.stderr and "symptom:NAME" in result.stderr
    assert "Traceback" not in result.output
    assert painlog.fingerprint() == before


def test_period_limits_the_days(painlog, tmp_path):
    small_journal(painlog, tmp_path)
    data = painlog.json("patterns", "--since", "2026-11-03", "--until", "2026-11-08")
    assert (data["since"], data["until"]) == ("2026-11-03", "2026-11-08")
    assert data["comparisons"] == 0  # 6 days: never 5 on each side
    assert "exercise:walk" in data["too_few_days"]


def test_json_is_one_object(painlog, tmp_path):
    small_journal(painlog, tmp_path)
    text = painlog.ok("patterns", "--json").stdout
    assert isinstance(json.loads(text), dict)


def test_the_demo_journals_real_effect_stands_out_and_its_noise_does_not(tmp_path):
    from painlog.demo.story import build_demo_journal
    from painlog.store.opener import open_journal

    demo = build_demo_journal(tmp_path)
    with open_journal(demo.path) as journal:
        found = patterns.find(journal, patterns.parse_outcome("symptom:fatigue"))
    stood = {(result["candidate"], result["lag"]) for result in found.stood_out}
    assert ("factor:late screen", 1) in stood  # the story's effect: +2 the next day
    assert not {name for name, _ in stood} & {"factor:coffee", "factor:alcohol"}


def test_screen_suggests_try_but_never_for_a_medicine():
    from painlog.cli.views.patterns import try_command

    assert try_command("factor:late screen", "symptom:fatigue") == (
        "painlog try 'late screen' --weeks 6 --outcome symptom:fatigue"
    )
    assert try_command("exercise:walk", "pain") == "painlog try walk --weeks 6"
    assert try_command("medication:naproxen", "pain") is None
    assert try_command("sleep:under-6h", "pain") is None


def test_no_outcome_logged_says_so(painlog, tmp_path):
    small_journal(painlog, tmp_path)
    text = painlog.ok("patterns", "--outcome", "mood").stdout
    assert text.startswith("No mood logged from 2026-11-01 to 2026-11-10: nothing to compare.")
    assert painlog.json("patterns", "--outcome", "symptom:fatigue")["comparisons"] == 0


def test_aliases_count_as_their_name_and_weather_amounts_are_not_candidates(painlog, tmp_path):
    rows = []
    for index in range(12):
        day = f"2026-11-{index + 1:02d}"
        rows.append(row("pain", f"{day}T12:00:00+00:00", 6 if index % 2 else 3))
        if index % 2:
            name = "coffee" if index < 6 else "Caffeine"
            rows.append(row("factor", f"{day}T09:00:00+00:00", name=name))
    painlog.import_rows(rows, tmp_path)
    weather = tmp_path / "weather.csv"
    weather.write_text(
        "latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation\n"
        "52.52,13.41,38.0,0,GMT,GMT\n\ntime,pressure_msl_mean (hPa)\n"
        + "".join(f"2026-11-{index + 1:02d},{1010 - index}\n" for index in range(12)),
        encoding="utf-8",
    )
    painlog.ok("import", str(weather), "--from", "open-meteo")
    painlog.ok("alias", "coffee", "Caffeine", "--kind", "factor")
    data = painlog.json("patterns")
    names = {r["candidate"] for r in data["results"]} | set(data["too_few_days"])
    assert "factor:Caffeine" in names and "factor:coffee" not in names
    assert not any(name.startswith("factor:pressure") for name in names)
    caffeine = next(
        r for r in data["results"] if r["candidate"] == "factor:Caffeine" and not r["lag"]
    )
    assert (caffeine["days_with"], caffeine["mean_with"], caffeine["mean_without"]) == (6, 6.0, 3.0)
