"""painlog add, for every kind, through the command line."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from painlog import clock


def test_add_pain_with_every_field(painlog):
    result = painlog.ok(
        "add",
        "pain",
        "6",
        "--where",
        "lower back",
        "--where",
        "left hip",
        "--quality",
        "aching",
        "--trigger",
        "gardening",
        "--relief",
        "heat pack",
        "--note",
        "after lunch",
        "--tag",
        "am",
    )
    assert re.fullmatch(
        r"Added pain 6/10 \(lower back, left hip, aching\) on .+ \([0-9a-f]{8}\)\.\n", result.stdout
    )
    [entry] = painlog.json("list")
    assert entry["kind"] == "pain"
    assert entry["value"] == 6.0
    assert entry["location"] == ["lower back", "left hip"]
    assert entry["quality"] == "aching"
    assert entry["trigger"] == ["gardening"]
    assert entry["relief"] == ["heat pack"]
    assert entry["note"] == "after lunch"
    assert entry["tags"] == ["am"]
    assert entry["day"] == entry["at"][:10]
    assert set(entry) >= {"id", "kind", "at", "day", "value", "unit", "name"}


@pytest.mark.parametrize(
    ("args", "kind", "value", "unit", "name"),
    [
        (["sleep", "7h30m", "--quality", "3"], "sleep", 7.5, "h", None),
        (["sleep", "7.5"], "sleep", 7.5, "h", None),
        (["sleep", "7h"], "sleep", 7.0, "h", None),
        (["sleep", "450m"], "sleep", 7.5, "h", None),
        (["mood", "4"], "mood", 4.0, None, None),
        (["exercise", "walk", "30m", "--intensity", "moderate"], "exercise", 30.0, "min", "walk"),
        (["exercise", "tai", "chi", "1h15m"], "exercise", 75.0, "min", "tai chi"),
        (["exercise", "swim", "30"], "exercise", 30.0, "min", "swim"),
        (["med", "ibuprofen", "400mg"], "medication", 400.0, "mg", "ibuprofen"),
        (
            ["medication", "paracetamol", "1.5", "tablet"],
            "medication",
            1.5,
            "tablet",
            "paracetamol",
        ),
        (["med", "salbutamol", "2", "puffs"], "medication", 2.0, "puff", "salbutamol"),
        (["med", "vitamin d", "1000", "IU"], "medication", 1000.0, "unit", "vitamin d"),
        (["therapy", "massage", "60m"], "therapy", 60.0, "min", "massage"),
        (["therapy", "physical", "therapy"], "therapy", None, None, "physical therapy"),
        (["note", "Flare started after the long drive"], "note", None, None, None),
    ],
)
def test_add_every_kind(painlog, args, kind, value, unit, name):
    result = painlog.ok("add", *args)
    assert result.stdout.startswith(f"Added {kind} ")
    [entry] = painlog.json("list")
    assert (entry["kind"], entry["value"], entry["unit"], entry["name"]) == (
        kind,
        value,
        unit,
        name,
    )


def test_note_text_and_sleep_quality_are_kept(painlog):
    painlog.ok("add", "note", "Flare started", "after the drive")
    painlog.ok("add", "sleep", "6h", "--quality", "2")
    entries = painlog.json("list")
    assert entries[0]["note"] == "Flare started after the drive" or entries[1]["note"]
    assert {entry["kind"]: entry for entry in entries}["sleep"]["quality"] == "2"


def test_sleep_belongs_to_this_morning_by_default(painlog):
    painlog.ok("add", "sleep", "7h")
    [entry] = painlog.json("list")
    assert entry["day"] == clock.today().isoformat()
    assert entry["at"][11:16] <= "07:00"


@pytest.mark.parametrize(
    ("at", "expected_day", "expected_time"),
    [
        ("2026-01-05", "2026-01-05", "12:00"),
        ("2026-01-05 21:00", "2026-01-05", "21:00"),
        ("yesterday 9pm", 1, "21:00"),  # a number: that many days before today
        ("3 days ago", 3, "12:00"),
        ("2 weeks ago", 14, "12:00"),
    ],
)
def test_add_at(painlog, at, expected_day, expected_time):
    painlog.ok("add", "pain", "5", "--at", at)
    [entry] = painlog.json("list")
    if isinstance(expected_day, int):
        expected_day = (clock.today() - timedelta(days=expected_day)).isoformat()
    assert entry["day"] == expected_day
    assert entry["at"][11:16] == expected_time
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", entry["at"])


def test_add_at_last_monday(painlog):
    painlog.ok("add", "pain", "5", "--at", "last monday")
    [entry] = painlog.json("list")
    day = date.fromisoformat(entry["day"])
    assert day.weekday() == 0
    assert 1 <= (clock.today() - day).days <= 7


def test_add_at_bare_time_is_never_in_the_future(painlog):
    painlog.ok("add", "pain", "5", "--at", "23:59")
    [entry] = painlog.json("list")
    assert datetime.fromisoformat(entry["at"]) <= clock.now()


def test_short_id_is_printed_and_found(painlog):
    result = painlog.ok("add", "mood", "7")
    short = re.search(r"\(([0-9a-f]{8})\)", result.stdout)[1]
    [entry] = painlog.json("list")
    assert entry["id"].startswith(short)


def test_notes_may_start_with_a_dash(painlog):
    painlog.ok("add", "note", "--", "-5 better after the walk")
    painlog.ok("add", "note", "--tag", "x", "--", "-0")
    assert sorted(e["note"] for e in painlog.json("list")) == ["-0", "-5 better after the walk"]


@pytest.mark.parametrize("words", [("", "30mg"), ("2", "tablets"), ("30mg",)])
def test_a_dose_without_a_medicine_name_names_the_name(painlog, words):
    painlog.ok("add", "pain", "3")
    before = painlog.fingerprint()
    result = painlog("add", "med", *words)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: name: a value is needed; give the medicine's name before the dose, e.g. "
        "painlog add med ibuprofen 400mg."
    )
    assert painlog.fingerprint() == before


def test_a_medicine_name_may_start_with_a_digit(painlog):
    assert "5-HTP 100 mg" in painlog.ok("add", "med", "5-HTP", "100mg").stdout
