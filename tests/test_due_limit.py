"""`due` after the person's own daily limit is reached or passed offers no time for another dose
(SPEC.md "Care plan"): screen, --short and --json (`next_allowed: null`)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

NOW = datetime(2026, 12, 7, 20, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def evening():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def _plan(painlog):
    painlog.ok("plan", "add", "med", "ibuprofen", "400mg", "--as-needed", "--max-daily",
               "1200mg", "--min-interval", "6h", "--from", "2026-12-01")  # fmt: skip


def test_limit_reached_offers_no_time(painlog, evening):
    _plan(painlog)
    for at in ("08:00", "13:00", "16:55"):  # 3 x 400 = 1200 mg: reached exactly
        painlog.ok("add", "med", "ibuprofen", "--at", at)
    item = painlog.json("due")["as_needed"]["ibuprofen"]
    assert item["room_left"] == 0
    assert item["next_allowed"] is None
    assert item["limit_reached"] is True
    short = painlog.ok("due", "--short").stdout.strip()
    assert short == "ibuprofen 1200/1200mg limit reached"
    text = " ".join(painlog.ok("due", env={"COLUMNS": "80", "NO_COLOR": "1"}).stdout.split())
    assert "today's limit is reached (your limit of 1200 mg a day)" in text
    assert "allows" not in text and "22:55" not in text


def test_limit_passed_says_by_how_much_and_no_time(painlog, evening):
    _plan(painlog)
    for at in ("08:00", "12:00", "14:00", "16:55"):  # 1600 mg: 400 mg over
        painlog.ok("add", "med", "ibuprofen", "--at", at)
    item = painlog.json("due")["as_needed"]["ibuprofen"]
    assert (item["room_left"], item["next_allowed"]) == (-400.0, None)
    text = " ".join(painlog.ok("due", env={"COLUMNS": "80", "NO_COLOR": "1"}).stdout.split())
    assert "400 mg over your limit of 1200 mg a day" in text
    assert "allows" not in text
    assert painlog.ok("due", "--short").stdout.strip() == "ibuprofen 1600/1200mg limit passed"


def test_under_the_limit_still_gives_the_interval_time(painlog, evening):
    _plan(painlog)
    painlog.ok("add", "med", "ibuprofen", "--at", "16:55")
    item = painlog.json("due")["as_needed"]["ibuprofen"]
    assert item["room_left"] == 800.0
    assert item["next_allowed"][11:16] == "22:55"
    assert painlog.ok("due", "--short").stdout.strip() == "ibuprofen 400/1200mg after 22:55"


def test_due_names_a_medicine_it_cannot_classify(painlog, evening):
    _plan(painlog)
    painlog.ok("add", "med", "ibuprofen", "--at", "08:00")
    painlog.ok("add", "med", "Oramorph", "10mg", "--at", "09:00")
    painlog.ok("add", "med", "Wonderpill", "1", "tablet", "--at", "10:00")
    data = painlog.json("due")
    assert data["medicines_not_known"] == [{"name": "Wonderpill", "doses": 1}]
    text = " ".join(painlog.ok("due", env={"COLUMNS": "80", "NO_COLOR": "1"}).stdout.split())
    assert "Medicine safety covers 2 of 3 medicines logged; not known: Wonderpill." in text
