"""SPEC.md "Care plan" adherence rules, each with a small journal and a hand-counted answer.

The week used throughout is Monday 2025-03-03 to Sunday 2025-03-09; ``NOW`` is long after it,
so every slot's window has closed unless a test says otherwise.
"""

from __future__ import annotations

import time as clock
from datetime import date, datetime

import pytest

from painlog.insight.summary import Period, summarize
from painlog.journal.entries import add_entries, make_entry
from painlog.plan.adherence import for_period
from painlog.plan.model import Options, add_item, change_item, new_item, stop_item
from painlog.store.opener import open_journal

MON, THU, SUN = date(2025, 3, 3), date(2025, 3, 6), date(2025, 3, 9)
NOW = datetime(2025, 6, 1, 12, 0).astimezone()


@pytest.fixture
def journal(tmp_path):
    with open_journal(tmp_path / "plan.db", create=True) as opened:
        yield opened


def plan(journal, kind: str, words: str, start: date, **options) -> None:
    add_item(journal, new_item(kind, words.split(), start, Options(**options)))


def doses(journal, name: str, *moments: str, amount: str = "300", unit: str = "mg") -> None:
    add_entries(
        journal,
        [
            make_entry("medication", moment, name=name, value=amount, unit=unit, now=NOW)
            for moment in moments
        ],
    )


def sessions(journal, kind: str, name: str, *days_and_minutes: tuple[str, str]) -> None:
    add_entries(
        journal,
        [
            make_entry(kind, f"{day}T10:00", name=name, value=minutes, now=NOW)
            for day, minutes in days_and_minutes
        ],
    )


def week(journal, since: date = MON, until: date = SUN, now: datetime = NOW):
    """The period's adherence; an item that held one version there has its ``versions`` list
    (that version's own figures, the same as the item's) checked and left out."""
    found = for_period(journal, since, until, now)
    for items in found.values():
        for item in items.values():
            if len(item["versions"]) == 1:
                (only,) = item.pop("versions")
                assert {
                    k: v for k, v in only.items() if k not in ("version", "since", "until")
                } == item
    return found


def test_a_mid_week_change_uses_each_days_version(journal):
    # Mon-Wed at 08:00 and 20:00 (6 slots), from Thursday 08:00 only (4 slots): 10 slots.
    plan(journal, "med", "gabapentin 300mg", MON, times="08:00,20:00")
    change_item(journal, "gabapentin", ["600mg"], THU, Options(times="08:00"))
    doses(journal, "gabapentin", "2025-03-03T08:05", "2025-03-03T20:00", "2025-03-04T08:00",
          "2025-03-05T07:30", "2025-03-05T21:00", "2025-03-06T08:00", "2025-03-08T09:00",
          "2025-03-09T08:00")  # fmt: skip
    # Missing: Tue 20:00 (the next dose, Wed 07:30, is inside Wed 08:00's window, so not late)
    # and Fri 08:00 (the next, Sat 09:00, likewise). Taken 8 of 10: 5 of 6, then 3 of 4.
    assert week(journal)["scheduled"] == {
        "gabapentin": {
            "taken": 8, "late": 0, "missed": 2, "extra": 0, "percent": 80.0,
            "on_time_percent": 80.0,
            "versions": [
                {"version": "gabapentin 300 mg at 08:00, 20:00", "since": "2025-03-03",
                 "until": "2025-03-05", "taken": 5, "late": 0, "missed": 1, "extra": 0,
                 "percent": 83.3, "on_time_percent": 83.3},
                {"version": "gabapentin 600 mg at 08:00", "since": "2025-03-06",
                 "until": "2025-03-09", "taken": 3, "late": 0, "missed": 1, "extra": 0,
                 "percent": 75.0, "on_time_percent": 75.0},
            ],
        }
    }  # fmt: skip


def test_a_dose_just_outside_the_window_is_late(journal):
    plan(journal, "med", "gabapentin 300mg", MON, times="08:00")
    doses(journal, "gabapentin", "2025-03-03T10:00")  # exactly 2 h: fills the slot
    doses(journal, "gabapentin", "2025-03-04T10:01")  # 2 h 1 min: late, not extra
    result = week(journal, MON, date(2025, 3, 4))["scheduled"]["gabapentin"]
    assert result == {"taken": 1, "late": 1, "missed": 0, "extra": 0, "percent": 100.0,
                      "on_time_percent": 50.0}  # fmt: skip


def test_two_doses_near_one_slot_fill_it_once(journal):
    plan(journal, "med", "gabapentin 300mg", MON, times="08:00,20:00")
    doses(journal, "gabapentin", "2025-03-03T07:50", "2025-03-03T08:10", "2025-03-03T20:05")
    result = week(journal, MON, MON)["scheduled"]["gabapentin"]
    assert result == {"taken": 2, "late": 0, "missed": 0, "extra": 1, "percent": 100.0,
                      "on_time_percent": 100.0}  # fmt: skip


def test_each_dose_fills_the_nearest_free_slot(journal):
    # Slots 08:00 and 10:00; a dose at 09:10 is nearer 10:00, so 08:00 stays free for 07:00.
    plan(journal, "med", "levodopa 100mg", MON, times="08:00,10:00")
    doses(journal, "levodopa", "2025-03-03T07:00", "2025-03-03T09:10")
    result = week(journal, MON, MON)["scheduled"]["levodopa"]
    assert result == {"taken": 2, "late": 0, "missed": 0, "extra": 0, "percent": 100.0,
                      "on_time_percent": 100.0}  # fmt: skip


def test_an_extra_dose_on_a_scheduled_day(journal):
    plan(journal, "med", "gabapentin 300mg", MON, times="08:00")
    doses(journal, "gabapentin", "2025-03-03T08:00", "2025-03-03T14:00")
    result = week(journal, MON, MON)["scheduled"]["gabapentin"]
    assert result == {"taken": 1, "late": 0, "missed": 0, "extra": 1, "percent": 100.0,
                      "on_time_percent": 100.0}  # fmt: skip


def test_a_stopped_item_has_no_slots_after_its_stop(journal):
    plan(journal, "med", "gabapentin 300mg", MON, times="08:00")
    stop_item(journal, "gabapentin", THU)
    doses(journal, "gabapentin", "2025-03-03T08:00", "2025-03-07T08:00")
    # Mon-Wed: 3 slots, 1 taken. Friday's dose is not on a scheduled day: not extra.
    result = week(journal)["scheduled"]["gabapentin"]
    assert result == {"taken": 1, "late": 0, "missed": 2, "extra": 0, "percent": 33.3,
                      "on_time_percent": 33.3}  # fmt: skip


def test_an_open_window_is_neither_taken_nor_missed(journal):
    plan(journal, "med", "gabapentin 300mg", MON, times="08:00,20:00")
    now = datetime(2025, 3, 3, 9, 0).astimezone()  # 08:00 closes at 10:00; 20:00 not yet
    result = week(journal, MON, MON, now)["scheduled"]["gabapentin"]
    assert result == {"taken": 0, "late": 0, "missed": 0, "extra": 0, "percent": None,
                      "on_time_percent": None}  # fmt: skip


def test_therapy_started_mid_week_gets_a_pro_rated_target(journal):
    plan(journal, "therapy", "CBT", date(2025, 3, 5), per_week="1")  # Wed: 5 days, 5/7 -> 1
    plan(journal, "exercise", "home exercises", date(2025, 3, 7), per_week="5", minutes="20")
    # Fri-Sun: 3 days, 15/7 = 2.14 -> 2; the 15-minute session is too short to count.
    sessions(journal, "therapy", "cbt", ("2025-03-04", "50"), ("2025-03-06", "50"))
    sessions(journal, "exercise", "Home Exercises", ("2025-03-06", "30"), ("2025-03-07", "20"),
             ("2025-03-08", "15"), ("2025-03-09", "25"))  # fmt: skip
    result = week(journal)
    assert result["therapy"] == {"CBT": {"sessions": 1, "target": 1}}
    assert result["exercise"] == {"home exercises": {"sessions": 2, "target": 2}}


def test_a_target_counts_only_days_the_period_covers(journal):
    plan(journal, "exercise", "walk", MON, per_week="5")  # Thu-Sun: 20/7 = 2.86 -> 3
    assert week(journal, THU, SUN)["exercise"] == {"walk": {"sessions": 0, "target": 3}}
    plan(journal, "therapy", "massage", MON, per_week="1")  # Thu-Sun: 4/7 = 0.57 -> 1
    plan(journal, "therapy", "acupuncture", THU, per_week="1")  # Sat-Sun: 2/7 -> 0
    result = week(journal, date(2025, 3, 8), SUN)["therapy"]
    assert result == {"acupuncture": {"sessions": 0, "target": 0}, "massage": {"sessions": 0, "target": 0}}  # fmt: skip
    assert week(journal, THU, SUN)["therapy"]["massage"]["target"] == 1


def test_as_needed_day_over_the_limit_and_a_dose_too_soon(journal):
    plan(journal, "med", "ibuprofen 400mg", MON, as_needed=True, max_daily="1200mg",
         min_interval="6h")  # fmt: skip
    doses(journal, "ibuprofen", "2025-03-02T23:00", amount="400")  # before the plan and period
    # Mon 02:00 is 3 h after Sunday's dose (too soon); 08:00 is 6 h after (not too soon);
    # 12:00 is 4 h after (too soon). Monday's total 400+400+400+400 = 1600 > 1200.
    doses(journal, "ibuprofen", "2025-03-03T02:00", "2025-03-03T08:00", "2025-03-03T12:00",
          "2025-03-03T20:00", amount="400")  # fmt: skip
    doses(journal, "ibuprofen", "2025-03-05T09:00", amount="200")  # 200 mg on Wednesday
    assert week(journal)["as_needed"] == {
        "ibuprofen": {
            "doses": 5,
            "days_used": 2,
            "max_day": {"mg": 1600.0},
            "days_over_limit": 1,
            "too_soon": 2,
        }
    }


def test_a_day_at_the_limit_is_not_over_it(journal):
    plan(journal, "med", "ibuprofen 400mg", MON, as_needed=True, max_daily="1200mg")
    doses(journal, "ibuprofen", "2025-03-03T08:00", "2025-03-03T14:00", "2025-03-03T20:00",
          amount="400")  # fmt: skip
    result = week(journal)["as_needed"]["ibuprofen"]
    assert (result["days_over_limit"], result["too_soon"], result["max_day"]) == (0, 0, {"mg": 1200.0})  # fmt: skip


def test_slots_follow_the_clock_on_a_daylight_saving_day(journal, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    clock.tzset()
    try:
        saturday, sunday = date(2025, 3, 8), date(2025, 3, 9)  # clocks go forward Sunday 02:00
        plan(journal, "med", "gabapentin 300mg", saturday, times="08:00")
        # 05:30 in winter time is 06:30 summer time: 1.5 h before Sunday's 08:00 slot (by the
        # wall clock it would look like 2.5 h).
        add_entries(journal, [
            make_entry("medication", "2025-03-08T08:30:00-05:00", name="gabapentin",
                       value=300, unit="mg", now=NOW),
            make_entry("medication", "2025-03-09T05:30:00-05:00", name="gabapentin",
                       value=300, unit="mg", now=NOW),
        ])  # fmt: skip
        result = week(journal, saturday, sunday)["scheduled"]["gabapentin"]
        assert result == {"taken": 2, "late": 0, "missed": 0, "extra": 0, "percent": 100.0,
                          "on_time_percent": 100.0}  # fmt: skip
    finally:
        monkeypatch.delenv("TZ")
        clock.tzset()


def test_summary_weeks_carry_adherence_and_a_change_never_rewrites_the_past(journal):
    plan(journal, "med", "gabapentin 300mg", MON, times="08:00,20:00")
    change_item(journal, "gabapentin", [], date(2025, 3, 10), Options(times="08:00"))
    doses(journal, "gabapentin", *(f"2025-03-{day:02d}T08:00" for day in range(3, 17)))
    data = summarize(journal, Period(MON, date(2025, 3, 16)), NOW)
    first, second = (week["adherence"]["scheduled"]["gabapentin"] for week in data["weeks"])
    assert [v["version"] for v in first.pop("versions")] == ["gabapentin 300 mg at 08:00, 20:00"]
    assert [v["version"] for v in second.pop("versions")] == ["gabapentin 300 mg at 08:00"]
    # Week 1 at 08:00 and 20:00: each 20:00 is missed (the next dose, 08:00 the next day, is
    # inside that slot's window), except Sunday's: the week's last 20:00 has Monday's 08:00
    # slot (the new version) next, whose window opens at 06:00, so it stays missed too.
    assert first == {"taken": 7, "late": 0, "missed": 7, "extra": 0, "percent": 50.0,
                     "on_time_percent": 50.0}  # fmt: skip
    assert second == {"taken": 7, "late": 0, "missed": 0, "extra": 0, "percent": 100.0,
                      "on_time_percent": 100.0}  # fmt: skip
    assert set(data["weeks"][0]["adherence"]) == {"scheduled", "as_needed", "exercise", "therapy"}


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/London", "Australia/Lord_Howe"])
def test_slot_times_over_months_match_the_clock_of_each_day(monkeypatch, zone):
    from datetime import time as clock_time
    from datetime import timedelta

    from painlog.journal.timeparse import localize
    from painlog.plan.adherence import _local_seconds_each_day

    monkeypatch.setenv("TZ", zone)
    clock.tzset()
    try:
        first = date(2025, 1, 1)
        for at in (clock_time(8, 0), clock_time(2, 30), clock_time(23, 59)):
            fast = _local_seconds_each_day(first, 400, at)
            slow = [int(localize(first + timedelta(days=n), at).timestamp()) for n in range(400)]
            assert fast == slow
    finally:
        monkeypatch.delenv("TZ")
        clock.tzset()


# --- late doses (SPEC.md: a missed slot becomes late when the first dose after its window
# closed comes before the next slot's window opens and at most 12 hours after the slot) -------


def scheduled(journal, since: date = MON, until: date = MON) -> dict:
    return week(journal, since, until)["scheduled"]["gabapentin"]


def test_a_dose_at_10_45_for_an_08_00_slot_is_late_not_extra(journal):
    plan(journal, "med", "gabapentin 300mg", MON, times="08:00")
    doses(journal, "gabapentin", "2025-03-03T10:45")
    assert scheduled(journal) == {"taken": 0, "late": 1, "missed": 0, "extra": 0,
                                  "percent": 100.0, "on_time_percent": 0.0}  # fmt: skip


def test_a_dose_exactly_12_hours_after_the_slot_is_late_a_minute_more_is_not(journal):
    plan(journal, "med", "gabapentin 300mg", MON, times="08:00")
    doses(journal, "gabapentin", "2025-03-03T20:00", "2025-03-04T20:01")
    # Mon: late (12 h exactly). Tue: 12 h 1 min, so missed, and its dose is extra.
    assert scheduled(journal, MON, date(2025, 3, 4)) == {
        "taken": 0, "late": 1, "missed": 1, "extra": 1, "percent": 50.0, "on_time_percent": 0.0
    }  # fmt: skip


def test_a_dose_when_the_next_slots_window_opens_fills_that_slot_instead(journal):
    # Slots 08:00 and 14:00: 14:00's window opens at 12:00. A dose at exactly 12:00 fills
    # 14:00 (within 2 h), so 08:00 stays missed; a dose at 11:59 would have made it late.
    plan(journal, "med", "gabapentin 300mg", MON, times="08:00,14:00")
    doses(journal, "gabapentin", "2025-03-03T12:00")
    assert scheduled(journal) == {"taken": 1, "late": 0, "missed": 1, "extra": 0,
                                  "percent": 50.0, "on_time_percent": 50.0}  # fmt: skip
    doses(journal, "gabapentin", "2025-03-04T11:59")
    tuesday = scheduled(journal, date(2025, 3, 4), date(2025, 3, 4))
    assert (tuesday["late"], tuesday["missed"], tuesday["extra"]) == (1, 1, 0)


def test_next_slots_window_already_open_the_dose_is_not_late(journal):
    plan(journal, "med", "gabapentin 300mg", MON, times="08:00,14:00")
    doses(journal, "gabapentin", "2025-03-03T12:30")  # inside 14:00's window: fills it
    assert scheduled(journal) == {"taken": 1, "late": 0, "missed": 1, "extra": 0,
                                  "percent": 50.0, "on_time_percent": 50.0}  # fmt: skip


def test_two_missed_slots_then_one_dose_makes_only_the_second_late(journal):
    # 08:00 missed: the first dose after 10:00 is 17:00, after 14:00's window opened (12:00).
    # 14:00 missed, then 17:00: before the next slot's window (Tue 06:00), within 12 h: late.
    plan(journal, "med", "gabapentin 300mg", MON, times="08:00,14:00")
    doses(journal, "gabapentin", "2025-03-03T17:00")
    assert scheduled(journal) == {"taken": 0, "late": 1, "missed": 1, "extra": 0,
                                  "percent": 50.0, "on_time_percent": 0.0}  # fmt: skip


def test_the_last_slot_of_a_period_looks_at_the_next_days_slot(journal):
    # Sunday 08:00 missed; a dose Sunday 19:00 is late. The period ends on Sunday, but the
    # plan goes on, so Monday 08:00's window (from 06:00) still bounds it.
    plan(journal, "med", "gabapentin 300mg", MON, times="08:00")
    doses(journal, "gabapentin", "2025-03-09T19:00")
    assert scheduled(journal, SUN, SUN)["late"] == 1


def test_summary_weeks_name_each_version_with_its_own_figures(journal):
    # 30 mg Mon-Wed, 60 mg from Thursday, both at 08:00: Mon taken, Tue late (10:45),
    # Wed missed; Thu taken, Fri-Sun missed except Sat taken.
    plan(journal, "med", "duloxetine 30mg", MON, times="08:00")
    change_item(journal, "duloxetine", ["60mg"], THU, Options())
    doses(journal, "duloxetine", "2025-03-03T08:00", "2025-03-04T10:45", "2025-03-06T08:10",
          "2025-03-08T07:55", amount="30")  # fmt: skip
    data = summarize(journal, Period(MON, SUN), NOW)
    item = data["weeks"][0]["adherence"]["scheduled"]["duloxetine"]
    assert (item["taken"], item["late"], item["missed"]) == (3, 1, 3)
    assert (item["percent"], item["on_time_percent"]) == (57.1, 42.9)  # 4/7, 3/7
    first, second = item["versions"]
    assert first == {"version": "duloxetine 30 mg at 08:00", "since": "2025-03-03",
                     "until": "2025-03-05", "taken": 1, "late": 1, "missed": 1, "extra": 0,
                     "percent": 66.7, "on_time_percent": 33.3}  # fmt: skip
    assert second == {"version": "duloxetine 60 mg at 08:00", "since": "2025-03-06",
                      "until": "2025-03-09", "taken": 2, "late": 0, "missed": 2, "extra": 0,
                      "percent": 50.0, "on_time_percent": 50.0}  # fmt: skip
    # A week with one version lists that one, named.
    later = summarize(journal, Period(date(2025, 3, 10), date(2025, 3, 16)), NOW)
    (only,) = later["weeks"][0]["adherence"]["scheduled"]["duloxetine"]["versions"]
    assert (only["version"], only["since"], only["until"], only["missed"]) == (
        "duloxetine 60 mg at 08:00", "2025-03-10", "2025-03-16", 7)  # fmt: skip
