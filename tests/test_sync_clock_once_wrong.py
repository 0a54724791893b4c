"""A device whose clock was set years ahead for one command: that one change is held by the
others until it is due, and the changes it makes once its clock is right again are applied at
once (its clock readings no longer carry every later change years ahead)."""

from __future__ import annotations

import sqlite3
import time

import time_machine

from painlog import clock
from tests.conftest import Painlog

TWO_YEARS = 2 * 365 * 24 * 3600


def test_a_clock_set_wrong_once_does_not_hold_back_what_follows(tmp_path):
    folder = tmp_path / "Sync"
    a, b = Painlog(tmp_path / "a.db"), Painlog(tmp_path / "b.db")
    a.ok("add", "mood", "5")
    a.ok("sync", str(folder))
    b.ok("sync", str(folder))
    with time_machine.travel(time.time() + TWO_YEARS, tick=True):
        b.ok("config", "set", "name", "Sam")  # the one command under the wrong clock
    b.ok("add", "pain", "4", "--note", "typed with the clock right again")
    with sqlite3.connect(b.db) as connection:
        (reading,) = connection.execute("SELECT clock FROM _sync_device").fetchone()
    assert int(reading.split(".")[0]) < clock.utc_millis() + 60_000
    b.ok("sync")
    a.ok("sync")
    notes = [entry["note"] for entry in a.json("list", "--kind", "pain")]
    assert notes == ["typed with the clock right again"]
    status = " ".join(a.ok("sync", "--status").stdout.split())
    assert "Changes held until they are no longer ahead (1):" in status
