"""An entry whose moment is ahead of this device's clock (made on a device whose clock ran
ahead, issue 24) can be edited here: its untouched moment is not called the future. A moment
typed into the edit is still checked."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

NOW = datetime(2026, 12, 8, 0, 30, tzinfo=ZoneInfo("UTC"))
AHEAD = datetime(2026, 12, 8, 5, 31, tzinfo=ZoneInfo("UTC"))  # another clock, 5 hours ahead


def test_an_entry_from_a_clock_ahead_can_be_edited(painlog):
    with time_machine.travel(AHEAD, tick=False):
        painlog.ok("add", "pain", "6", "--note", "five hours ahead")
    with time_machine.travel(NOW, tick=False):
        (entry,) = painlog.json("list")
        painlog.ok("edit", entry["id"][:8], "4", "--note", "edited here")
        (after,) = painlog.json("list")
        assert (after["value"], after["note"], after["at"]) == (4.0, "edited here", entry["at"])
        before = painlog.fingerprint()
        result = painlog("edit", entry["id"][:8], "--at", "2026-12-08 09:00")
        assert result.exit_code == 2 and "is in the future" in result.stderr
        assert painlog.fingerprint() == before
        painlog.ok("undo")
        (undone,) = painlog.json("list")
        assert (undone["value"], undone["note"]) == (6.0, "five hours ahead")
