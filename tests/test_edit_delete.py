"""painlog edit and delete, by unique id prefix."""

from __future__ import annotations


def only(painlog):
    [entry] = painlog.json("list")
    return entry


def test_edit_value_and_options(painlog):
    painlog.ok("add", "pain", "6", "--where", "back")
    entry = only(painlog)
    result = painlog.ok("edit", entry["id"][:5], "4", "--where", "neck", "--note", "better")
    assert result.stdout.startswith("Updated pain 6/10 (back) on ")
    assert "→ pain 4/10 (neck) on " in result.stdout
    edited = only(painlog)
    assert (edited["id"], edited["value"], edited["location"], edited["note"]) == (
        entry["id"],
        4.0,
        ["neck"],
        "better",
    )
    assert edited["at"] == entry["at"]


def test_edit_at_and_durations_and_doses(painlog):
    painlog.ok("add", "exercise", "walk", "30m")
    painlog.ok("edit", only(painlog)["id"][:6], "45m", "--at", "2026-11-01 10:00")
    entry = only(painlog)
    assert (entry["name"], entry["value"], entry["day"]) == ("walk", 45.0, "2026-11-01")
    painlog.ok("delete", entry["id"], "--yes")
    painlog.ok("add", "med", "ibuprofen", "400mg")
    painlog.ok("edit", only(painlog)["id"][:6], "200mg")
    assert (only(painlog)["value"], only(painlog)["unit"]) == (200.0, "mg")


def test_edit_with_bad_value_changes_nothing(painlog):
    painlog.ok("add", "sleep", "7h")
    before = painlog.fingerprint()
    result = painlog("edit", only(painlog)["id"][:6], "7h75m")
    assert result.exit_code == 2
    assert "sleep: '7h75m' is not accepted" in result.stderr
    assert painlog.fingerprint() == before


def test_edit_with_nothing_to_change(painlog):
    painlog.ok("add", "mood", "5")
    before = painlog.fingerprint()
    result = painlog("edit", only(painlog)["id"][:6])
    assert result.exit_code == 2
    assert "edit: nothing to change" in result.stderr
    assert painlog.fingerprint() == before


def test_delete_asks_first(painlog):
    painlog.ok("add", "mood", "5")
    entry = only(painlog)
    declined = painlog("delete", entry["id"][:4], input="n\n")
    assert declined.exit_code == 1
    assert "Nothing deleted." in declined.stderr
    assert only(painlog)["id"] == entry["id"]
    no_answer = painlog("delete", entry["id"][:4])
    assert no_answer.exit_code == 1
    accepted = painlog("delete", entry["id"][:4], input="y\n")
    assert accepted.exit_code == 0
    assert "Deleted mood 5/10" in accepted.stdout
    assert painlog.json("list") == []


def test_delete_yes(painlog):
    painlog.ok("add", "mood", "5")
    painlog.ok("delete", only(painlog)["id"][:8], "--yes")
    assert painlog.json("list") == []


def test_an_edit_of_what_the_line_does_not_show_names_what_changed(painlog):
    painlog.ok("add", "symptom", "fatigue", "4")
    entry = painlog.json("list")[0]["id"][:8]
    noted = painlog.ok("edit", entry, "--note", "after lunch", "--tag", "work")
    assert noted.stdout.strip().endswith(f"({entry}): note, tags changed.")
    rated = painlog.ok("edit", entry, "5")
    assert "symptom fatigue 4/10" in rated.stdout and "→ symptom fatigue 5/10" in rated.stdout
