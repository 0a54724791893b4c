"""summary --json pinned against hand-built journals with known answers (SPEC.md "Weekly summary")."""

from __future__ import annotations

import pytest

from painlog import clock


@pytest.fixture
def journal(painlog, tmp_path, make_rows):
    """Two weeks around the spec's example, built through 'painlog import'."""
    rows = [
        # Week of Mon 2026-10-26: only 27th onwards is inside --since 2026-10-27
        make_rows("pain", "2026-10-26T09:00:00+00:00", 9),  # before the period: must not count
        make_rows("pain", "2026-10-27T09:00:00+00:00", 2),
        make_rows("pain", "2026-10-27T21:00:00+00:00", 6),  # day mean 4
        make_rows("pain", "2026-10-28T09:00:00+00:00", 8),  # day mean 8 -> week mean 6
        make_rows("sleep", "2026-10-27T07:00:00+00:00", 6, quality=2),
        make_rows("sleep", "2026-10-27T15:00:00+00:00", 1.5, quality=4),  # a nap: day total 7.5
        make_rows("sleep", "2026-10-28T07:00:00+00:00", 5),
        make_rows("mood", "2026-10-27T20:00:00+00:00", 3),
        make_rows("mood", "2026-10-27T21:00:00+00:00", 5),
        make_rows("exercise", "2026-10-27T10:00:00+00:00", 30, name="walk"),
        make_rows("exercise", "2026-10-27T18:00:00+00:00", 20, name="yoga"),
        make_rows("exercise", "2026-10-29T10:00:00+00:00", 100, name="walk"),
        make_rows("medication", "2026-10-27T08:00:00+00:00", 400, unit="mg", name="Ibuprofen"),
        make_rows("medication", "2026-10-27T14:00:00+00:00", 400, unit="mg", name="ibuprofen"),
        make_rows("medication", "2026-10-28T08:00:00+00:00", 2, unit="tablet", name="IBUPROFEN"),
        make_rows("therapy", "2026-10-30T16:00:00+00:00", 60, name="massage"),
        make_rows("therapy", "2026-10-31T16:00:00+00:00", None, name="Massage"),
        # Week of 2026-11-02: empty. Week of 2026-11-09: one pain entry.
        make_rows("pain", "2026-11-09T09:00:00+00:00", 3),
    ]
    painlog.import_rows(rows, tmp_path)
    return painlog


def summary(painlog, *args):
    return painlog.json("summary", *args)


def test_a_week_cut_by_since_keeps_its_dates_but_counts_only_days_inside(journal):
    data = summary(journal, "--since", "2026-10-27", "--until", "2026-11-15")
    assert (data["since"], data["until"]) == ("2026-10-27", "2026-11-15")
    first = data["weeks"][0]
    assert (first["week_start"], first["week_end"]) == ("2026-10-26", "2026-11-01")
    assert first["pain"] == {"days_logged": 2, "entries": 3, "mean": 6.0, "min": 2.0, "max": 8.0}


def test_naps_add_up_within_a_day(journal):
    sleep = summary(journal, "--since", "2026-10-27", "--until", "2026-11-15")["weeks"][0]["sleep"]
    assert sleep == {
        "nights": 2,
        "mean_hours": 6.25,
        "min_hours": 5.0,
        "max_hours": 7.5,
        "mean_quality": 3.0,
    }


def test_mood_exercise_medication_therapy(journal):
    week = summary(journal, "--since", "2026-10-27", "--until", "2026-11-15")["weeks"][0]
    assert week["mood"] == {"days_logged": 1, "entries": 2, "mean": 4.0, "min": 3.0, "max": 5.0}
    assert week["exercise"] == {"sessions": 3, "total_minutes": 150, "active_days": 2}
    assert week["medication"] == {"Ibuprofen": {"doses": 3, "totals": {"mg": 800.0, "tablet": 2.0}}}
    assert week["therapy"] == {"massage": {"sessions": 2, "total_minutes": 60.0}}


def test_empty_weeks_have_null_means_and_zero_counts(journal):
    weeks = summary(journal, "--since", "2026-10-27", "--until", "2026-11-15")["weeks"]
    assert [week["week_start"] for week in weeks] == ["2026-10-26", "2026-11-02", "2026-11-09"]
    empty = weeks[1]
    assert empty["pain"] == {"days_logged": 0, "entries": 0, "mean": None, "min": None, "max": None}
    assert empty["sleep"]["nights"] == 0 and empty["sleep"]["mean_hours"] is None
    assert empty["exercise"] == {"sessions": 0, "total_minutes": 0, "active_days": 0}
    assert empty["medication"] == {} and empty["therapy"] == {}
    assert weeks[2]["pain"]["mean"] == 3.0


def test_week_start_can_be_sunday(journal):
    weeks = summary(
        journal, "--since", "2026-10-27", "--until", "2026-11-01", "--week-start", "sunday"
    )["weeks"]
    assert [(w["week_start"], w["week_end"]) for w in weeks] == [
        ("2026-10-25", "2026-10-31"),
        ("2026-11-01", "2026-11-07"),
    ]


def test_default_period_is_the_last_four_weeks(journal):
    from datetime import timedelta

    data = summary(journal)
    assert data["until"] == clock.today().isoformat()
    assert data["since"] == (clock.today() - timedelta(days=27)).isoformat()


def test_days_follow_the_offset_each_entry_was_recorded_in_across_dst(painlog, tmp_path, make_rows):
    # New York, DST ended on 2026-11-01: the same wall-clock evening in two offsets.
    painlog.import_rows(
        [
            make_rows("pain", "2026-10-31T23:30:00-04:00", 4),  # 03:30 UTC on Nov 1, but day Oct 31
            make_rows("pain", "2026-11-01T23:30:00-05:00", 6),  # 04:30 UTC on Nov 2, but day Nov 1
            make_rows("pain", "2026-11-02T00:30:00-05:00", 8),
        ],
        tmp_path,
    )
    weeks = summary(painlog, "--since", "2026-10-26", "--until", "2026-11-08")["weeks"]
    assert weeks[0]["pain"] == {"days_logged": 2, "entries": 2, "mean": 5.0, "min": 4.0, "max": 6.0}
    assert weeks[1]["pain"]["days_logged"] == 1 and weeks[1]["pain"]["max"] == 8.0


def test_summary_of_a_missing_journal(painlog):
    result = painlog("summary")
    assert result.exit_code == 1
    assert "No journal at" in result.stderr
    assert not painlog.db.exists()


def test_flares_and_pairings(painlog, tmp_path, make_rows):
    rows = []
    for day in range(1, 29):
        stamp = f"2026-10-{day:02d}"
        pain = 8 if day in (10, 11, 12) else 4 + (day % 2)  # flare: >= median + 2
        short = day % 3 == 0
        rows.append(make_rows("pain", f"{stamp}T20:00:00+00:00", pain))
        rows.append(make_rows("sleep", f"{stamp}T07:00:00+00:00", 5 if short else 7.5))
        if day % 2:
            rows.append(make_rows("exercise", f"{stamp}T10:00:00+00:00", 30, name="walk"))
        if day % 7 == 0:
            rows.append(make_rows("therapy", f"{stamp}T16:00:00+00:00", 45, name="PT"))
    painlog.import_rows(rows, tmp_path)
    insights = summary(painlog, "--since", "2026-10-01", "--until", "2026-10-28")["insights"]
    assert insights["median_daily_pain"] == 5.0  # 12 days at 4, 13 at 5, 3 at 8
    assert insights["flares"] == [
        {"start": "2026-10-10", "end": "2026-10-12", "days": 3, "peak": 8.0}
    ]
    # The three fixed pairings became painlog patterns (tests/test_patterns.py): the summary
    # points to it.
    assert "pairings" not in insights
    text = painlog.ok("summary", "--since", "2026-10-01", "--until", "2026-10-28").stdout
    assert "Flare from Oct 10: 3 days" in text
    assert "painlog patterns" in " ".join(text.split())
    assert "because" not in text and "caus" not in text.replace("not causes", "")
