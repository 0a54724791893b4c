"""Visits and questions: booked ahead ("in 2 weeks"), edited, deleted and undone; bad edits
refused in one line with the journal unchanged."""

from __future__ import annotations

from datetime import timedelta

import pytest


def test_visits_and_questions_can_be_edited_deleted_and_undone(painlog):
    added = painlog.ok("visit", "add", "2026-11-10", "--with", "Dr. Rao").stdout
    visit_id = added.rsplit("(", 1)[1][:8]
    edited = painlog.ok("visit", "edit", visit_id[:5], "--date", "2026-11-12", "--note", "review")
    assert (
        "Updated visit 2026-11-10 with Dr. Rao → 2026-11-12 with Dr. Rao (review)" in edited.stdout
    )
    painlog.ok("visit", "delete", visit_id[:5], "--yes")
    assert "No visits yet" in painlog.ok("visit", "list").stdout
    painlog.ok("undo")
    assert "2026-11-12  Dr. Rao - review" in painlog.ok("visit", "list").stdout
    asked = painlog.ok("ask", "Is it safe to drive?").stdout
    question_id = asked.rsplit("(", 1)[1][:8]
    assert (
        "Deleted question: Is it safe to drive?" in painlog.ok("ask", "delete", question_id).stdout
    )
    assert "No open questions" in painlog.ok("ask", "--list").stdout
    painlog.ok("undo")
    assert "Is it safe to drive?" in painlog.ok("ask", "--list").stdout


@pytest.mark.parametrize(
    ("typed", "days_ahead"), [("tomorrow", 1), ("in 2 weeks", 14), ("in 3 days", 3)]
)
def test_visits_can_be_booked_ahead(painlog, typed, days_ahead):
    from datetime import date as day_type

    painlog.ok("visit", "add", typed, "--with", "Dr. Rao")
    [visit] = painlog.json("visit", "list")
    assert visit["day"] == (day_type.today() + timedelta(days=days_ahead)).isoformat()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("visit", "edit", "PLACEHOLDER"),
            "visit edit: nothing to change; give --date, --with or --note.",
        ),
        (("visit", "edit", "zzzz", "--note", "x"), "id: no visit starts with 'zzzz'"),
        (("visit", "delete", "zzzz", "--yes"), "id: no visit starts with 'zzzz'"),
        (
            ("visit", "edit", "PLACEHOLDER", "--date", "someday"),
            "--date: 'someday' is not accepted",
        ),
        (("ask", "delete", "zzzz"), "id: no question starts with 'zzzz'"),
    ],
)
def test_bad_visit_and_question_edits(painlog, args, message):
    added = painlog.ok("visit", "add", "2026-11-10").stdout
    visit_id = added.rsplit("(", 1)[1][:8]
    before = painlog.fingerprint()
    result = painlog(*(visit_id if arg == "PLACEHOLDER" else arg for arg in args))
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert painlog.fingerprint() == before
