"""The reads a 10-year summary shares or shortens give the numbers the separate reads gave
(issue 23 point 8, issue 27 "Speed"): the one index of (kind, day, lower(name), unit, name,
value), a factor's days across its units read only for the factors that need it, each day's
pain read once, names found by seeking the name index, and a dose's moment from its Julian day.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from painlog.insight.summary import (
    Period,
    coverage,
    daily_pain,
    flares,
    insights,
    pain_days,
    worst_days,
)
from painlog.journal.names import COUNTED, aliases, names_as_first_written
from painlog.store import migrations
from painlog.store.opener import open_journal

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))
WEEK = ("--since", "2026-11-30", "--until", "2026-12-06")  # Monday to Sunday


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_factor_in_two_units_counts_each_day_once(painlog):
    painlog.ok("add", "factor", "alcohol", "2", "drinks", "--at", "2026-11-30 20:00")
    painlog.ok("add", "factor", "alcohol", "--at", "2026-11-30 22:00")  # no amount, same day
    painlog.ok("add", "factor", "alcohol", "1", "glass", "--at", "2026-12-01 20:00")
    painlog.ok("add", "factor", "alcohol", "1", "glass", "--at", "2026-12-03 20:00")
    painlog.ok("add", "factor", "stress", "--at", "2026-12-01 09:00")
    painlog.ok("add", "factor", "stress", "--at", "2026-12-01 18:00")
    factors = painlog.json("summary", *WEEK)["weeks"][0]["factors"]
    # alcohol: Monday (twice), Tuesday, Thursday = 3 days across its three spellings of a unit
    assert factors["alcohol"] == {
        "days": 3,
        "totals": {"drinks": 2.0, "glasses": 2.0},  # "1 glass" is counted in glasses
        "daily_means": {"drinks": 2.0, "glasses": 1.0},
    }
    assert factors["stress"] == {"days": 1, "totals": {}, "daily_means": {}}


def test_a_factor_in_two_units_under_an_alias(painlog):
    painlog.ok("add", "factor", "coffee", "2", "cups", "--at", "2026-12-01 08:00")
    painlog.ok("add", "factor", "caffeine", "--at", "2026-12-01 15:00")
    painlog.ok("add", "factor", "caffeine", "--at", "2026-12-02 15:00")
    painlog.ok("alias", "caffeine", "coffee")
    factors = painlog.json("summary", *WEEK)["weeks"][0]["factors"]
    assert factors == {"coffee": {"days": 2, "totals": {"cups": 2.0}, "daily_means": {"cups": 2.0}}}


def _grouped(journal, kind: str) -> dict:
    """names_as_first_written as it was written: one GROUP BY over every entry of the kind."""
    found = aliases(journal, kind)
    key = COUNTED if found else "lower(entries.name)"
    sql = f"SELECT {key} AS key, name, min(rowid) FROM entries WHERE kind = ? GROUP BY key"
    names = {counted: name for counted, name, _ in journal.execute(sql, (kind,))}
    for alias in found:
        names[alias.name.lower()] = alias.name
    return names


def test_names_as_first_written_as_the_group_by_gave_them(painlog):
    for name, at in [
        ("Walk", "2026-11-02 09:00"),
        ("walk", "2026-11-01 09:00"),  # written later, earlier in time: Walk is first written
        ("Yoga", "2026-11-03 09:00"),
        ("Éclair", "2026-11-03 10:00"),  # lower() leaves É: its own spelling, sorted after z
        ("zumba", "2026-11-04 09:00"),
        ("ZUMBA", "2026-11-05 09:00"),
    ]:
        painlog.ok("add", "exercise", name, "30", "--at", at)
    with open_journal(painlog.db) as journal:
        found = names_as_first_written(journal, "exercise")
        assert list(found.items()) == list(_grouped(journal, "exercise").items())
        assert list(found.items()) == [
            ("walk", "Walk"), ("yoga", "Yoga"), ("zumba", "zumba"), ("Éclair", "Éclair"),
        ]  # fmt: skip
        assert names_as_first_written(journal, "symptom") == {}
    painlog.ok("alias", "zumba", "Walk")  # two spellings count as walk: the first written shows
    painlog.ok("alias", "yoga", "stretching", "--kind", "exercise")  # a name never written
    connection = sqlite3.connect(painlog.db)  # an exercise without a name, as old data may hold
    connection.execute(
        "INSERT INTO entries (id, kind, at, value) VALUES "
        "('nameless', 'exercise', '2026-11-06T09:00:00+00:00', 20)"
    )
    connection.commit()
    connection.close()
    with open_journal(painlog.db) as journal:
        found = names_as_first_written(journal, "exercise")
        assert list(found.items()) == list(_grouped(journal, "exercise").items())
        assert next(iter(found.items())) == (None, None)  # no name first, as GROUP BY gives it
        assert found["walk"] == "Walk" and found["stretching"] == "stretching"


def _pain_journal(painlog) -> None:
    for at, value in [
        ("2026-11-30 08:00", 6), ("2026-11-30 20:00", 8),  # mean 7, highest 8
        ("2026-12-01 08:00", 7),  # mean 7, highest 7
        ("2026-12-02 08:00", 8), ("2026-12-02 20:00", 6),  # mean 7, highest 8: later than Mon
        ("2026-12-03 08:00", 2),
        ("2026-12-05 08:00", 9), ("2026-12-05 12:00", 9), ("2026-12-05 20:00", 8),
    ]:  # fmt: skip
        painlog.ok("add", "pain", str(value), "--at", at)
    painlog.ok("add", "mood", "5", "--at", "2026-12-01 09:00")
    painlog.ok("add", "mood", "6", "--at", "2026-12-01 19:00")
    painlog.ok("add", "mood", "4", "--at", "2026-12-04 09:00")
    painlog.ok("add", "sleep", "7", "--at", "2026-12-02 07:00")


def test_each_days_pain_read_once_gives_what_each_read_gave(painlog):
    _pain_journal(painlog)
    period = Period(date(2026, 11, 30), date(2026, 12, 6))
    with open_journal(painlog.db) as journal:
        days = pain_days(journal, period)
        assert worst_days(journal, period, days=days) == worst_days(journal, period)
        assert [day["day"] for day in worst_days(journal, period, days=days)] == [
            "2026-12-05",
            "2026-12-02",
            "2026-11-30",
        ]  # fmt: skip  (ties on mean and highest: the latest day first)
        assert insights(journal, period, days) == insights(journal, period)
        assert flares([(day, mean) for day, mean, *_ in days]) == flares(
            daily_pain(journal, period)
        )
        counted = {"pain": len(days), "mood": 2}
        assert coverage(journal, period, counted) == coverage(journal, period)
        assert coverage(journal, period) == {
            "days_in_period": 7, "days_logged": 6, "pain": 5, "sleep": 1, "mood": 2,
        }  # fmt: skip
    summary = painlog.json("summary", *WEEK)
    assert summary["coverage"]["mood"] == 2 and summary["coverage"]["pain"] == 5
    assert summary["worst_days"][0] == {"day": "2026-12-05", "mean": 8.67, "worst": 9.0,
                                        "entries": 3}  # fmt: skip


def test_the_summary_index_answers_the_per_name_queries(tmp_path):
    path = tmp_path / "old.db"
    from painlog.store.db import Journal, create_private_file

    create_private_file(path)
    old = Journal(sqlite3.connect(path), execute_plugins=False)
    old.path = path
    migrations.migrate(old, upto=14)
    old.conn.close()
    with open_journal(path) as journal:  # opening upgrades it
        names = {row[0] for row in journal.execute("SELECT name FROM sqlite_master")}
        assert {"entries_kind_day_name", "entries_wear", "entries_contains"} <= names
        assert not {"entries_kind_day", "entries_kind_day_value"} & names
        plan = [
            row[3]
            for row in journal.execute(
                "EXPLAIN QUERY PLAN SELECT day, lower(name), avg(value) FROM entries "
                "WHERE kind = 'symptom' AND day BETWEEN '2026-01-01' AND '2026-12-31' "
                "GROUP BY day, lower(name)"
            )
        ]
        # a day's names in index order: no sort for the daily means
        assert any("entries_kind_day_name" in step for step in plan), plan
        assert not any("TEMP B-TREE" in step for step in plan), plan
        wear = [
            row[3]
            for row in journal.execute(
                "EXPLAIN QUERY PLAN SELECT coalesce(max(wear), 0) FROM entries "
                "WHERE kind = 'medication' AND wear IS NOT NULL"
            )
        ]
        assert any("entries_wear" in step for step in wear), wear


def test_a_dose_without_an_offset_is_still_compared_as_written(painlog):
    """A moment stored without its offset (older data) is parsed by Python, as before; one with
    it is read from its Julian day: the same days either way (hand-counted: an opioid at 23:00
    and a benzodiazepine at 00:30 count on the later day; 30 hours apart, nothing)."""
    painlog.ok("add", "med", "oxycodone", "5mg", "--at", "2026-12-01 23:00")
    painlog.ok("add", "med", "diazepam", "5mg", "--at", "2026-12-02 00:30")
    painlog.ok("add", "med", "oxycodone", "5mg", "--at", "2026-12-04 08:00")
    connection = sqlite3.connect(painlog.db)
    connection.execute(
        "INSERT INTO entries (id, kind, at, value, unit, name) VALUES "
        "('naive', 'medication', '2026-12-05T14:00:00', 5, 'mg', 'diazepam')"
    )
    connection.commit()
    connection.close()
    week = painlog.json("summary", *WEEK)["weeks"][0]
    # Dec 2 (00:30 after 23:00) and Dec 5 (14:00 naive, 30 h after Dec 4 08:00: not counted)
    assert week["opioid_and_benzodiazepine_days"] == 1
