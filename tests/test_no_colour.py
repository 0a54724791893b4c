"""Without colour (NO_COLOR, even with FORCE_COLOR; or output not a terminal): no escape codes
and no colour words in summary, chart and calendar."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

NOON_25_NOV = datetime(2026, 11, 25, 12, 0)


@pytest.fixture
def frozen():
    # Noon in the local zone of the run (a naive moment would be read as UTC).
    with time_machine.travel(NOON_25_NOV.astimezone(), tick=False):
        yield


def test_without_colour_no_escape_codes_and_no_colour_words(painlog, frozen):
    painlog.ok("add", "pain", "6", "--at", "2026-11-23 09:00")
    painlog.ok("add", "pain", "4", "--at", "2026-11-24 09:00")
    for env in ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, {}):
        for command in (("summary",), ("chart", "pain"), ("calendar",)):
            out = painlog.ok(*command, env={"COLUMNS": "80", **env}).stdout
            assert "\x1b[" not in out, command
            assert "green" not in out.lower() and "red " not in out.lower(), command
