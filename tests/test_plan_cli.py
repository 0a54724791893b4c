"""The care plan through the command line: plan, add med with limits, due, compare, pgic."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from painlog import clock
from painlog.journal.entries import add_entries, make_entry
from painlog.plan.compare import compare
from painlog.plan.model import Options, add_item, change_item, new_item
from painlog.store.opener import open_journal

NOW = datetime(2025, 6, 1, 12, 0).astimezone()


def test_plan_add_change_stop_and_history(painlog):
    painlog.ok("plan", "add", "med", "gabapentin", "300mg", "--times", "8pm, 08:00",
               "--from", "2025-01-06", "--by", "Dr. Rao")  # fmt: skip
    painlog.ok("plan", "add", "exercise", "home exercises", "--per-week", "5", "--minutes", "20",
               "--from", "2025-01-06")  # fmt: skip
    result = painlog.ok("plan", "change", "gabapentin", "600mg", "--from", "2025-02-03")
    assert "gabapentin 300 mg at 08:00, 20:00 → gabapentin 600 mg at 08:00, 20:00" in result.stdout
    painlog.ok("plan", "change", "home", "exercises", "--per-week", "3", "--from", "2025-02-03")
    painlog.ok("plan", "stop", "home exercises", "--on", "2025-03-01")
    on_january = painlog.json("plan", "--on", "2025-01-10")
    assert [(i["name"], i["dose"], i["times"]) for i in on_january["items"]] == [
        ("gabapentin", 300.0, ["08:00", "20:00"]),
        ("home exercises", None, []),
    ]
    assert on_january["items"][0]["by"] == "Dr. Rao"
    on_march = painlog.json("plan", "--on", "2025-03-02")
    assert [(i["name"], i["dose"], i["since"]) for i in on_march["items"]] == [
        ("gabapentin", 600.0, "2025-02-03")
    ]
    history = json.loads(painlog.ok("plan", "--history", "--json").stdout)["history"]
    assert [(v["name"], v["action"], v["day"]) for v in history] == [
        ("gabapentin", "add", "2025-01-06"),
        ("home exercises", "add", "2025-01-06"),
        ("gabapentin", "change", "2025-02-03"),
        ("home exercises", "change", "2025-02-03"),
        ("home exercises", "stop", "2025-03-01"),
    ]
    # A stopped item may be added again: a new item, the old one stays in the history.
    painlog.ok(
        "plan", "add", "exercise", "home exercises", "--per-week", "2", "--from", "2025-04-01"
    )
    assert len(json.loads(painlog.ok("plan", "--history", "--json").stdout)["history"]) == 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("plan", "add", "med", "x", "3mg", "--times", "25:00"),
            "--times: '25:00' is not accepted",
        ),
        (("plan", "add", "med", "x", "3mg", "--times", "8:00,lunch"), "--times: 'lunch' is not"),
        (("plan", "add", "med", "x", "3mg"), "give --times 08:00,20:00 or --as-needed"),
        (("plan", "add", "med", "x", "--times", "08:00"), "dose: a value is needed"),
        (("plan", "add", "med", "x", "3mg", "--times", "8:00", "--as-needed"), "(not both)"),
        (
            ("plan", "add", "med", "x", "3mg", "--as-needed", "--max-daily", "2 tablets"),
            "--max-daily: '2 tablet' is not in the dose's unit; give the daily limit in mg.",
        ),
        (
            ("plan", "add", "med", "x", "3mg", "--times", "8:00", "--max-daily", "9mg"),
            "apply to as-needed medicines only",
        ),
        (
            ("plan", "add", "med", "x", "3mg", "--as-needed", "--min-interval", "soon"),
            "--min-interval: 'soon' is not accepted",
        ),
        (("plan", "add", "exercise", "walk"), "--per-week: a value is needed"),
        (("plan", "add", "exercise", "walk", "--per-week", "0"), "--per-week: '0' is not accepted"),
        (
            ("plan", "add", "therapy", "CBT", "--per-week", "1", "--times", "8:00"),
            "--times: does not apply to a therapy plan item",
        ),
        (("plan", "add", "sleep", "x", "--per-week", "1"), "plan item: 'sleep' is not accepted"),
        (
            ("plan", "add", "med", "gabapentin", "100mg", "--times", "9:00"),
            "plan add: 'gabapentin' is already in the plan (from 2025-01-06)",
        ),
        (
            ("plan", "change", "pregabalin", "75mg"),
            "name: no plan item is called 'pregabalin'; the plan has gabapentin.",
        ),
        (
            ("plan", "change", "gabapentin", "600mg", "--from", "2025-01-01"),
            "plan change: 2025-01-01 is before gabapentin started (2025-01-06)",
        ),
        (("plan", "change", "gabapentin", "300mg"), "plan change: nothing to change"),
        (("plan", "stop", "gabapentin", "--on", "someday"), "--on: 'someday' is not accepted"),
        (
            ("plan", "add", "med", "x", "3mg", "--times", "8:00", "--from", "10/11/2025x"),
            "--from: '10/11/2025x' is not accepted",
        ),
    ],
)
def test_bad_plan_input_is_one_line_exit_2_and_changes_nothing(painlog, args, message):
    painlog.ok("plan", "add", "med", "gabapentin", "300mg", "--times", "08:00",
               "--from", "2025-01-06")  # fmt: skip
    before = painlog.fingerprint()
    result = painlog(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert painlog.fingerprint() == before


def test_a_change_after_a_stop_is_refused(painlog):
    painlog.ok("plan", "add", "therapy", "CBT", "--per-week", "1", "--from", "2025-01-06")
    painlog.ok("plan", "stop", "CBT", "--on", "2025-02-01")
    before = painlog.fingerprint()
    result = painlog("plan", "change", "CBT", "--per-week", "2", "--from", "2025-02-10")
    assert result.exit_code == 2
    assert "CBT was stopped on 2025-02-01" in result.stderr
    assert painlog.fingerprint() == before


def test_add_med_by_name_records_the_planned_dose(painlog):
    painlog.ok(
        "plan", "add", "med", "Gabapentin", "300mg", "--times", "08:00", "--from", "2025-01-06"
    )
    painlog.ok("plan", "change", "gabapentin", "600mg", "--from", "2025-02-03")
    painlog.ok("add", "med", "gabapentin", "--at", "2025-01-20 08:00")
    result = painlog.ok("add", "med", "gabapentin", "--at", "2025-02-10 08:00")
    assert "gabapentin 600 mg" in result.stdout
    doses = [(e["day"], e["value"], e["unit"]) for e in painlog.json("list", "--kind", "med")]
    assert doses == [("2025-01-20", 300.0, "mg"), ("2025-02-10", 600.0, "mg")]


def test_add_med_by_name_without_a_plan_is_refused_and_creates_nothing(painlog):
    result = painlog("add", "med", "ibuprofen")
    assert result.exit_code == 2
    assert "dose: a value is needed" in result.stderr
    assert "painlog plan add med ibuprofen DOSE" in result.stderr
    assert not painlog.db.exists()


def test_doses_past_the_persons_own_limits_are_recorded_then_reported(painlog):
    painlog.ok("plan", "add", "med", "ibuprofen", "400mg", "--as-needed", "--max-daily", "1200mg",
               "--min-interval", "6h", "--from", "2025-01-06")  # fmt: skip
    first = painlog.ok("add", "med", "ibuprofen", "--at", "2025-01-07 08:00")
    assert first.stderr == ""
    soon = painlog.ok("add", "med", "ibuprofen", "--at", "2025-01-07 12:30")
    assert soon.stderr.strip() == (
        "Note: ibuprofen: 4.5 h since the previous dose (2025-01-07 08:00); your plan says at "
        "least 6 h between doses."
    )
    over = painlog.ok("add", "med", "ibuprofen", "800mg", "--at", "2025-01-07 20:00")
    assert over.stderr.strip() == (
        "Note: ibuprofen on 2025-01-07: 1600 mg taken, above your plan's limit of 1200 mg a day."
    )
    assert "advice" not in over.stderr.lower() and "should" not in over.stderr.lower()
    assert len(painlog.json("list", "--kind", "med")) == 3  # recorded, never refused


def test_due_today(painlog):
    now = clock.now()
    if now.hour < 3 or now.hour >= 21:
        pytest.skip("the hand count below needs a slot at 00:00 whose window has closed")
    painlog.ok("plan", "add", "med", "gabapentin", "300mg", "--times", "00:00,23:59",
               "--from", "yesterday")  # fmt: skip
    painlog.ok("plan", "add", "med", "ibuprofen", "400mg", "--as-needed", "--max-daily", "1200mg",
               "--min-interval", "6h", "--from", "yesterday")  # fmt: skip
    painlog.ok("plan", "add", "exercise", "walk", "--per-week", "7", "--from", "yesterday")
    painlog.ok("add", "med", "ibuprofen", "--at", "now")
    painlog.ok("add", "exercise", "walk", "20m")
    data = painlog.json("due")
    gabapentin = data["scheduled"]["gabapentin"]
    assert [s["status"] for s in gabapentin["slots"]] == ["missed", "to come"]
    assert (gabapentin["taken"], gabapentin["missed"], gabapentin["to_come"]) == (0, 1, 1)
    ibuprofen = data["as_needed"]["ibuprofen"]
    assert (ibuprofen["doses_today"], ibuprofen["room_left"]) == (1, 800.0)
    allowed = datetime.fromisoformat(ibuprofen["next_allowed"])
    assert timedelta(hours=5, minutes=58) < allowed - now <= timedelta(hours=6, minutes=1)
    assert data["exercise"]["walk"]["sessions"] == 1
    short = painlog.ok("due", "--short").stdout.strip()
    assert short.startswith("gabapentin 0/2 (1 missed) next 23:59 · ibuprofen 400/1200mg after ")
    assert len(short) < 100 and "\n" not in short
    text = painlog.ok("due", env={"COLUMNS": "80", "NO_COLOR": "1"}).stdout
    assert "800 mg left under your limit of 1200 mg" in " ".join(text.split())


def test_due_without_a_journal_or_plan(painlog):
    assert painlog.ok("due", "--short").stdout.strip() == "no plan today"
    assert not painlog.db.exists()


def _compare_journal(path):
    """Window A 2025-03-08..14 and B 2025-03-15..21, counted by hand in the test below."""
    with open_journal(path, create=True) as journal:
        add_item(journal, new_item("med", ["ibuprofen", "400mg"], date(2025, 3, 1),
                                   Options(as_needed=True)))  # fmt: skip
        add_item(journal, new_item("med", ["gabapentin", "300mg"], date(2025, 3, 1),
                                   Options(times="08:00")))  # fmt: skip
        change_item(journal, "gabapentin", ["600mg"], date(2025, 3, 15), Options())
        entries = []
        for offset in range(7):
            before = date(2025, 3, 8) + timedelta(days=offset)
            after = date(2025, 3, 15) + timedelta(days=offset)
            entries.append(make_entry("pain", f"{before}T09:00", value=6, now=NOW))
            entries.append(make_entry("pain", f"{after}T09:00", value=4, now=NOW))
        entries.append(make_entry("pain", "2025-03-08T20:00", value=6, now=NOW))
        entries.append(make_entry("pain", "2025-03-21T20:00", value=8.9, now=NOW))  # day 6.45
        entries.append(make_entry("exercise", "2025-03-09T10:00", name="walk", value=30, now=NOW))
        entries.append(make_entry("exercise", "2025-03-12T10:00", name="walk", value=30, now=NOW))
        for at in ("2025-03-08T10:00", "2025-03-10T10:00", "2025-03-11T10:00", "2025-03-16T10:00"):
            entries.append(make_entry("medication", at, name="ibuprofen", value=400, unit="mg",
                                      now=NOW))  # fmt: skip
        add_entries(journal, entries)
        journal["peg"].insert_all([
            {"id": "p1", "at": "2025-03-10T09:00:00+00:00", "pain": 6, "enjoyment": 7, "activity": 8},
            {"id": "p2", "at": "2025-03-17T09:00:00+00:00", "pain": 4, "enjoyment": 5, "activity": 6},
        ])  # fmt: skip


def test_compare_hand_counted(tmp_path):
    _compare_journal(tmp_path / "c.db")
    with open_journal(tmp_path / "c.db") as journal:
        data = compare(journal, date(2025, 3, 15), date(2025, 6, 1), days=7)
    # A: 7 days at 6.0. B: six days at 4 and one at (4 + 8.9) / 2 = 6.45: 30.45 / 7 = 4.35.
    assert data["before"] == {
        "since": "2025-03-08", "until": "2025-03-14", "pain_days": 7, "pain_mean": 6.0,
        "peg_mean": 7.0, "sleep_hours": None, "mood_mean": None,
        "exercise_minutes_per_week": 60.0, "as_needed_doses_per_week": 3.0, "days": 7,
        "steps_per_day": None, "goal_mean": None, "symptoms": {},
    }  # fmt: skip
    assert data["after"]["pain_mean"] == 4.35 and data["after"]["peg_mean"] == 5.0
    assert data["after"]["as_needed_doses_per_week"] == 1.0
    # -1.65 / 6 = -27.5% (minimal); PEG -2 / 7 = -28.6%: neither falls 30%.
    assert data["change"]["pain"] == -1.65 and data["change"]["pain_percent"] == -27.5
    assert data["change"]["peg"] == -2.0 and data["change"]["peg_percent"] == -28.6
    assert (data["improvement"], data["meaningful_improvement"]) == ("minimal", False)


def test_compare_by_name_and_with_too_few_days(painlog):
    _compare_journal(painlog.db)
    by_name = painlog.json("compare", "--at", "gabapentin", "--days", "7")
    assert by_name["at"] == "2025-03-15" and by_name["item"]["name"] == "gabapentin"
    assert by_name["improvement"] == "minimal"
    # 8 days: window A 2025-03-07..14 has 7 pain days, B 2025-03-15..22 has 7: still graded.
    assert painlog.json("compare", "--at", "2025-03-15", "--days", "8")["improvement"] is not None
    # From 2025-03-14, A (03-07..13, cut to the journal's first day 03-08) covers 6 days:
    # too little data to tell.
    few = painlog.json("compare", "--at", "2025-03-14", "--days", "7")
    assert few["before"]["pain_days"] == 6
    assert (few["improvement"], few["meaningful_improvement"]) == (None, None)
    text = painlog.ok("compare", "--at", "2025-03-14", "--days", "7", env={"COLUMNS": "80"}).stdout
    assert "Too little data to grade" in text and "not why" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("compare", "--at", "tomorrow"), "--at: 'tomorrow' is not accepted"),
        (("compare", "--at", "2025-03-15", "--days", "3"), "--days: '3' is not accepted"),
        (("pgic", "9"), "pgic: '9' is not accepted; give a whole number from 1 to 7"),
    ],
)
def test_bad_compare_and_pgic_input(painlog, args, message):
    painlog.ok("add", "pain", "5")
    before = painlog.fingerprint()
    result = painlog(*args)
    assert result.exit_code == 2 and message in result.stderr
    assert painlog.fingerprint() == before


def test_pgic_is_saved_and_asked_when_not_given(painlog):
    assert "Saved PGIC 3: minimally improved" in painlog.ok("pgic", "3").stdout
    asked = painlog.ok("pgic", input="8\n2\n")
    assert "pgic: '8' is not accepted" in asked.stderr
    assert "Saved PGIC 2: much improved" in asked.stdout


def test_checkin_asks_about_todays_plan_offers_the_pgic_and_ends_with_a_reflection(painlog):
    today = clock.now()
    if today.hour == 0 and today.minute < 2:
        pytest.skip("the 00:00 dose must be due")
    painlog.ok(
        "plan", "add", "med", "gabapentin", "300mg", "--times", "00:00", "--from", "yesterday"
    )
    painlog.ok("plan", "add", "med", "ibuprofen", "400mg", "--as-needed", "--from", "yesterday")
    painlog.ok(
        "plan", "add", "exercise", "home exercises", "--per-week", "5", "--from", "yesterday"
    )
    painlog.ok("plan", "add", "therapy", "CBT", "--per-week", "1", "--from", "yesterday")
    painlog.ok("visit", "add", "in 3 days", "--with", "Dr. Rao")
    answers = [
        "", "", "", "", "", "", "",  # pain, sleep, mood, exercise, medication, else, note
        "y",  # gabapentin 300 mg, 00:00 — taken?
        "n",  # CBT session today?
        "twenty", "20",  # home exercises today? (a bad answer is asked again)
        "n",  # PEG
        "2",  # PGIC, offered in the week before the visit
        "n",  # the PHQ-4 screen, offered every 14 days
        "Walked to the shop with my son",  # reflection
    ]  # fmt: skip
    result = painlog.ok("checkin", input="\n".join(answers) + "\n")
    assert "gabapentin 300 mg, 00:00 — taken? [y/n/time]" in result.stdout
    assert "ibuprofen 400 mg" not in result.stdout  # as-needed doses are not asked about
    assert "exercise: 'twenty' is not accepted" in result.stderr
    assert "What did you do today that mattered to you?" in result.stdout
    assert "Saved PGIC 2: much improved" in result.stdout
    entries = painlog.json("list")
    assert sorted((e["kind"], e["name"], e["value"]) for e in entries) == [
        ("exercise", "home exercises", 20.0),
        ("medication", "gabapentin", 300.0),
        ("note", None, None),
    ]
    dose = next(e for e in entries if e["kind"] == "medication")
    assert dose["at"][11:16] == "00:00"
    note = next(e for e in entries if e["kind"] == "note")
    assert note["tags"] == ["reflection"] and note["note"] == "Walked to the shop with my son"
    # Asked again the same day: the dose and the exercise are logged, so only CBT is asked.
    again = painlog.ok("checkin", input="\n" * 13)
    assert "Already logged today: medication gabapentin 300 mg" in again.stdout
    assert "— taken?" not in again.stdout and "home exercises today?" not in again.stdout
    assert "CBT session today?" in again.stdout
    assert "since your last visit" not in again.stdout.lower()  # answered this week


def test_charts_mark_plan_changes_and_show_as_needed_doses_per_day(painlog):
    painlog.ok("plan", "add", "med", "ibuprofen", "400mg", "--as-needed", "--from", "2025-03-01")
    painlog.ok("plan", "add", "therapy", "CBT", "--per-week", "1", "--from", "2025-03-05")
    for at in ("2025-03-02 08:00", "2025-03-02 16:00", "2025-03-04 09:00"):
        painlog.ok("add", "med", "ibuprofen", "--at", at)
    painlog.ok("add", "med", "paracetamol", "1g", "--at", "2025-03-04 10:00")  # not as needed
    for day in range(1, 10):
        painlog.ok("add", "pain", str(day % 5 + 2), "--at", f"2025-03-0{day} 12:00")
    env = {"COLUMNS": "80", "NO_COLOR": "1"}
    period = ("--since", "2025-03-01", "--until", "2025-03-09")
    pain = painlog.ok("chart", "pain", *period, env=env).stdout
    assert " ".join(pain.split()).endswith(
        "Plan changes (numbered lines): 1 Mar 01: ibuprofen start; 2 Mar 05: CBT start"
    )
    doses = painlog.ok("chart", "medication", *period, env=env).stdout
    assert "As-needed doses per day (ibuprofen)" in doses
    axis = [line.split("┤")[0].strip() for line in doses.splitlines() if "┤" in line]
    assert axis == ["3", "2", "1", "0"]  # whole numbers of doses (the highest day had 2)


@pytest.mark.parametrize(
    ("value", "pain_percent", "disagrees"),
    [
        (2, -5.0, True),  # much improved, pain fell under 10%
        (2, -10.0, False),
        (1, 3.0, True),
        (3, 15.0, False),  # minimally improved is never called a disagreement
        (4, -30.0, True),  # no change, pain fell 30%
        (4, 29.9, False),
        (6, 9.9, True),  # much worse, pain rose under 10%
        (7, 10.0, False),
        (2, None, False),
    ],
)
def test_pgic_disagreement_rules(value, pain_percent, disagrees):
    from painlog.clinic.pgic import disagreement

    found = disagreement(value, pain_percent)
    assert (found is not None) == disagrees
    if found:
        assert found.startswith("The two disagree:")


def test_the_report_shows_the_pgic_beside_the_change_in_pain(painlog, tmp_path):
    for offset in range(14):  # 7 days at 6 before the visit, 7 at 5.7 after: -5%
        day = date(2025, 3, 1) + timedelta(days=offset)
        painlog.ok("add", "pain", "6" if offset < 7 else "5.7", "--at", f"{day} 12:00")
    painlog.ok("visit", "add", "2025-03-08")
    painlog.ok("pgic", "2", "--at", "2025-03-14 20:00")
    out = tmp_path / "r.md"
    painlog.ok("report", "-o", str(out), "--until", "2025-03-14")
    text = " ".join(out.read_text().split())
    assert "PGIC since the last visit (14 Mar): 2, much improved." in text
    assert "6.0 → 5.7 (−5.0%)" in text
    assert "The two disagree: 'much improved', while logged pain fell 5.0%." in text
