"""Goals (PSFS) and the PHQ-4 screen: commands, check-in, summary, compare, report, FHIR, JSON."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from fhir.resources.bundle import Bundle
from hypothesis import given
from hypothesis import strategies as st

from painlog import clock
from painlog.clinic.screen import ITEMS, STEM
from tests.conftest import Painlog


def _at(days_ago: int, clock_time: str = "09:00") -> str:
    return f"{(clock.today() - timedelta(days=days_ago)).isoformat()} {clock_time}"


def _goals(painlog) -> None:
    painlog.ok("goal", "add", "walk to the park and back", "--rating", "3")
    painlog.ok("goal", "add", "garden for an hour")
    painlog.ok("goal", "rate", "garden", "2", "--at", _at(0, "00:00"))
    painlog.ok("goal", "rate", "walk", "6")
    painlog.ok("goal", "rate", "garden for an hour", "3")


def test_goal_add_rate_list_and_the_psfs_mean(painlog):
    _goals(painlog)
    data = painlog.json("goal")
    walk, garden = data["goals"]
    assert (walk["first"]["value"], walk["latest"]["value"], walk["change"]) == (3.0, 6.0, 3.0)
    assert (garden["first"]["value"], garden["latest"]["value"], garden["change"]) == (2, 3, 1)
    # first mean (3 + 2) / 2 = 2.5, latest (6 + 3) / 2 = 4.5: +2, a clinically important change.
    assert data["score"] == {"first": 2.5, "latest": 4.5, "change": 2.0, "important_change": True}
    text = painlog.ok("goal").stdout
    assert "walk to the park and back: 3" in text and "2 points or more" in text


def test_at_most_five_goals_in_force_and_done_frees_one(painlog):
    for number in range(5):
        painlog.ok("goal", "add", f"goal number {number}")
    before = painlog.fingerprint()
    result = painlog("goal", "add", "a sixth")
    assert result.exit_code == 2 and "at most 5 goals can be in force" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert painlog.fingerprint() == before
    painlog.ok("goal", "done", "goal number 0")
    painlog.ok("goal", "add", "a sixth")
    goals = painlog.json("goal")["goals"]
    assert len(goals) == 6 and goals[0]["done"] == clock.today().isoformat()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("goal", "rate", "walk", "11"), "rating: '11'"),
        (("goal", "rate", "walk", "5.5"), "rating: '5.5'"),
        (("goal", "rate", "swim", "5"), "goal: 'swim' is not a goal in force"),
        (("goal", "rate", "walk"), "goal rate: give a goal and its rating"),
        (("goal", "add", "walk to the park and back"), "already a goal in force"),
        (("goal", "add", "cook dinner", "--rating", "-1"), "rating"),
        (("goal", "done", "swim"), "goal: 'swim'"),
        (("screen", "1", "2", "3"), "answers: '1 2 3'"),
        (("screen", "1", "2", "3", "4"), "D: '4'"),
        (("screen", "a", "0", "0", "0"), "A: 'a'"),
    ],
)
def test_bad_input_is_one_line_exit_2_journal_unchanged(painlog, args, message):
    painlog.ok("goal", "add", "walk to the park and back", "--rating", "3")
    before = painlog.fingerprint()
    result = painlog(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert painlog.fingerprint() == before


def test_goal_rate_without_name_asks_each_and_enter_skips(painlog):
    painlog.ok("goal", "add", "walk to the park and back")
    painlog.ok("goal", "add", "garden for an hour")
    result = painlog.ok("goal", "rate", input="12\n7\n\n")
    assert "How able are you now to walk to the park and back?" in result.stdout
    assert "rating: '12'" in result.stderr
    goals = painlog.json("goal")["goals"]
    assert goals[0]["latest"]["value"] == 7.0 and goals[1]["latest"] is None


def test_screen_scores_gad2_and_phq2_in_phq4_order(painlog):
    result = painlog.ok("screen", "1", "2", "0", "3")
    assert "GAD-2 3/6, PHQ-2 3/6" in result.stdout
    assert "3 or more is the published cut-off (Kroenke et al. 2003, 2007)" in result.stdout
    saved = painlog.json("screen", "2", "2", "1", "0")
    assert (saved["gad2"], saved["phq2"]) == (4, 1)
    asked = painlog.ok("screen", input="0\n1\n5\n2\n3\n")
    assert STEM in " ".join(asked.stdout.split())
    for key, text in ITEMS:
        assert f"{key.upper()}. {text}" in asked.stdout
    assert "GAD-2 1/6, PHQ-2 5/6" in asked.stdout
    assert [key for key, _ in ITEMS] == ["a", "b", "c", "d"]
    assert [text for _, text in ITEMS] == [
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Little interest or pleasure in doing things",
        "Feeling down, depressed or hopeless",
    ]


def test_goals_and_screens_are_undoable(painlog):
    painlog.ok("goal", "add", "walk to the park and back", "--rating", "3")
    painlog.ok("screen", "1", "1", "1", "1")
    painlog.ok("undo")
    painlog.ok("undo")
    assert painlog.json("goal")["goals"] == []


def test_help_ends_with_an_example(painlog):
    for args in (("goal",), ("goal", "add"), ("goal", "rate"), ("goal", "done"), ("screen",)):
        text = painlog.ok(*args, "--help").stdout
        assert "Example: painlog " in text, args


def test_summary_weeks_gain_goals_and_screen(painlog):
    painlog.ok(
        "goal",
        "add",
        "walk to the park and back",
        "--rating",
        "3",
    )
    painlog.ok("goal", "rate", "walk", "6")
    painlog.ok("screen", "1", "1", "0", "0", "--at", _at(0, "00:01"))
    painlog.ok("screen", "2", "1", "3", "1")
    week = painlog.json("summary")["weeks"][-1]
    assert week["goals"] == 6.0  # one goal, counted once by its latest rating that week: 6
    # the week's latest; PHQ-4 total 7 is "moderate" (6-8, Kroenke 2009)
    assert week["screen"] == {"phq2": 4, "gad2": 3, "total": 7, "band": "moderate"}
    empty = painlog.json("summary", "--since", "60 days ago", "--until", "50 days ago")["weeks"]
    assert all(w["goals"] is None and w["screen"] is None for w in empty)


def test_compare_gains_the_goal_mean(painlog):
    painlog.ok("goal", "add", "walk to the park and back")
    painlog.ok("goal", "rate", "walk", "2", "--at", _at(20))
    painlog.ok("goal", "rate", "walk", "3", "--at", _at(15))
    painlog.ok("goal", "rate", "walk", "6", "--at", _at(5))
    painlog.ok("add", "pain", "5", "--at", _at(20))
    painlog.ok("add", "pain", "4", "--at", _at(1))
    data = painlog.json("compare", "--at", (clock.today() - timedelta(days=10)).isoformat(),
                        "--days", "14")  # fmt: skip
    # before: walk's latest rating in the window is 3 (not the mean of 2 and 3); after: 6
    assert data["before"]["goal_mean"] == 3.0 and data["after"]["goal_mean"] == 6.0
    assert data["change"]["goals"] == 3.0 and data["goals_important_change"] is True


def test_goal_score_counts_each_goal_once_by_its_latest_rating(painlog):
    # The tester's steps: walk 3, garden 2, then walk 5 -> (5 + 2) / 2 = 3.5 (not 10/3 = 3.33);
    # garden 8 -> (5 + 8) / 2 = 6.5 (not 4.5); garden 8 again stays 6.5 (not 5.2).
    painlog.ok("goal", "add", "walk to the park and back", "--rating", "3")
    painlog.ok("goal", "add", "garden for an hour", "--rating", "2")
    assert "Goal score (mean): 3.5." in painlog.ok("goal", "rate", "walk", "5").stdout
    assert "Goal score (mean): 6.5." in painlog.ok("goal", "rate", "garden", "8").stdout
    assert "Goal score (mean): 6.5." in painlog.ok("goal", "rate", "garden", "8").stdout
    # the summary's week and compare count the same way: (5 + 8) / 2 = 6.5
    assert painlog.json("summary")["weeks"][-1]["goals"] == 6.5
    data = painlog.json("compare", "--at", clock.today().isoformat(), "--days", "7")
    assert data["after"]["goal_mean"] == 6.5


def test_checkin_offers_goal_rating_weekly_and_the_screen_every_14_days(painlog):
    painlog.ok("goal", "add", "walk to the park and back")
    answers = ["", "", "", "", "", "", "",  # pain, sleep, mood, exercise, medication, else, note
               "n",  # PEG
               "y", "7",  # goals: rate this week? walk: 7
               "y", "1", "0", "2", "1",  # screen: A B C D
               ""]  # reflection  # fmt: skip
    result = painlog.ok("checkin", input="\n".join(answers) + "\n")
    assert "Rate your goals this week?" in result.stdout
    assert "GAD-2 1/6, PHQ-2 3/6" in result.stdout
    assert painlog.json("goal")["goals"][0]["latest"]["value"] == 7.0
    again = painlog.ok("checkin", input="\n" * 11)
    assert "Rate your goals" not in again.stdout and "PHQ-4" not in again.stdout


def test_report_shows_goals_and_the_emotional_line(painlog, tmp_path):
    _goals(painlog)
    painlog.ok("screen", "2", "1", "1", "1", "--at", _at(14))
    painlog.ok("screen", "1", "1", "2", "2")
    out = tmp_path / "r.md"
    painlog.ok("report", "-o", str(out))
    text = " ".join(out.read_text().split())
    assert "Goals (PSFS, 0 unable – 10 as before): walk to the park and back 3" in text
    assert "Mean 2.5 (baseline from " in text  # issue 25: the baseline is dated
    assert "→ 4.5 (" in text
    assert "(+2): a change of 2 points or more (clinically important)." in text
    first = (clock.today() - timedelta(days=14)).strftime("%d %b").lstrip("0")
    assert f"GAD-2 (0-6) 3 ({first})" in text and f"PHQ-2 (0-6) 2 ({first})" in text
    assert f"PHQ-4 total (0-12) 5 mild ({first})" in text  # 2+1+1+1, mild 3-5 (Kroenke 2009)
    assert "A score of 3 or more is the published cut-off (Kroenke et al. 2003, 2007)" in text


def _fill(painlog) -> None:
    _goals(painlog)
    painlog.ok("goal", "done", "garden")
    painlog.ok("screen", "2", "1", "3", "0")
    painlog.ok("try", "yoga", "--weeks", "4", "--from", "2026-01-05")
    painlog.ok("add", "med", "co-codamol", "2", "tablet", "--contains",
               "codeine 8mg, paracetamol 500mg", "--at", _at(1))  # fmt: skip
    painlog.ok("plan", "add", "med", "Percocet", "1", "tablet", "--as-needed",
               "--contains", "oxycodone 5mg, acetaminophen 325mg")  # fmt: skip


def test_fhir_goals_and_screens_validate_as_r4(painlog):
    _fill(painlog)
    document = json.loads(painlog.ok("export", "--format", "fhir").stdout)
    bundle = Bundle.parse_obj(document)
    resources = [entry.resource for entry in bundle.entry]
    goals = [r for r in resources if r.resource_type == "Goal"]
    assert sorted((g.description.text, g.lifecycleStatus) for g in goals) == [
        ("garden for an hour", "completed"), ("walk to the park and back", "active"),
    ]  # fmt: skip
    observations = [r for r in resources if r.resource_type == "Observation"]
    ratings = [o for o in observations if o.code.coding[0].code == "psfs-item"]
    assert len(ratings) == 4
    goal_urls = {f"urn:uuid:{g.id}" for g in goals}
    assert {rating.focus[0].reference for rating in ratings} == goal_urls
    by_code = {o.code.coding[0].code: o for o in observations if o.code.coding[0].system ==
               "http://loinc.org"}  # fmt: skip
    assert by_code["55758-7"].valueQuantity.value == 3  # PHQ-2 = C + D
    assert by_code["70272-0"].valueQuantity.value == 3  # GAD-2 = A + B
    assert [c.code.text for c in by_code["70272-0"].component] == [ITEMS[0][1], ITEMS[1][1]]


def test_json_round_trip_keeps_goals_screens_experiments_and_contents(painlog, tmp_path):
    _fill(painlog)
    first = tmp_path / "first.json"
    painlog.ok("export", "--format", "json", "-o", str(first))
    document = json.loads(first.read_text())
    assert len(document["goals"]) == 2 and len(document["goal_ratings"]) == 4
    assert document["screens"][0]["c"] == 3 and document["experiments"][0]["weeks"] == 4
    assert document["entries"][0]["contains"] == "codeine 8mg, acetaminophen 500mg"
    copy = Painlog(tmp_path / "copy.db")
    copy.ok("import", str(first))
    second = tmp_path / "second.json"
    copy.ok("export", "--format", "json", "-o", str(second))
    assert second.read_bytes() == first.read_bytes()
    assert "Imported 0 records" in copy.ok("import", str(first)).stdout


def test_json_import_refuses_a_bad_screen(painlog, tmp_path):
    painlog.ok("add", "mood", "5")
    before = painlog.fingerprint()
    path = tmp_path / "bad.json"
    path.write_text('{"format": "painlog", "version": 1, "screens": [{"at": '
                    '"2026-01-01T00:00:00+00:00", "a": 1, "b": 1, "c": 1, "d": 7}]}')  # fmt: skip
    result = painlog("import", str(path))
    assert result.exit_code == 2 and "screens[0]" in result.stderr and "D: '7'" in result.stderr
    assert painlog.fingerprint() == before


@given(st.text(max_size=6))
def test_rating_and_item_parsers_accept_exactly_their_whole_numbers(text):
    from painlog.clinic.goals import parse_rating
    from painlog.clinic.screen import parse_item
    from painlog.errors import InvalidInput

    for parse, accepted in ((parse_rating, range(11)), (lambda t: parse_item(t, "A"), range(4))):
        ok = text.strip() in {str(n) for n in accepted}
        try:
            value = parse(text)
        except InvalidInput:
            assert not ok
        else:
            assert ok and value == int(text.strip())
