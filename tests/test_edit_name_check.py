"""edit applies add's name check to a changed name and to a new place (not to what the entry
already had)."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

NOON_30_NOV = datetime(2026, 11, 30, 12, 0)


@pytest.fixture
def frozen():
    # Noon in the local zone of the run (a naive moment would be read as UTC).
    with time_machine.travel(NOON_30_NOV.astimezone(), tick=False):
        yield


def _id(result) -> str:
    return result.stdout.rsplit("(", 1)[1].split(")")[0]


def test_edit_applies_adds_name_check_to_a_changed_name_and_new_place(painlog, frozen):
    painlog.ok("add", "med", "ibuprofen", "400mg", "--at", "2026-11-20 08:00")
    other = _id(painlog.ok("add", "med", "naproxen", "250mg", "--at", "2026-11-21 08:00"))
    # the same check add makes: 'ibuprophen' is close to the journal's 'ibuprofen'
    added = painlog.ok("add", "med", "ibuprophen", "400mg", "--at", "2026-11-22 08:00")
    assert "'ibuprophen' is new; did you mean ibuprofen?" in added.stderr
    painlog.ok("undo")
    result = painlog.ok("edit", other, "--name", "ibuprophen")
    assert "'ibuprophen' is new; did you mean ibuprofen?" in result.stderr
    # an edit that keeps the name is not asked about it again
    assert "did you mean" not in painlog.ok("edit", other, "--note", "after lunch").stderr
    # a new pain place is checked too; the places the entry had are not
    painlog.ok("add", "pain", "5", "--where", "lower back", "--at", "2026-11-20 09:00")
    pain = _id(painlog.ok("add", "pain", "4", "--where", "knee", "--at", "2026-11-21 09:00"))
    result = painlog.ok("edit", pain, "--where", "knee", "--where", "lower bak")
    assert "'lower bak' is a new place; did you mean lower back?" in result.stderr
    assert "knee" not in result.stderr
