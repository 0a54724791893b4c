"""Issue 15, point 8: a scripted month typed the tired way, and hand-counted figures.

Four weeks of one person's life with a plan (Mon 2 Nov - Wed 25 Nov 2026, New York), with every
trap the issue names: the first dose misspelt, a check-in typo, a late dose, two plan versions,
a short-journal compare, an exercise answered twice in the check-in, a sleep typed twice and two
days with nothing logged. "Now" is frozen inside the test at each moment the person types, so the
test does not depend on the real date (nor on PAINLOG_TEST_NOW: nested travel wins).

Every expected figure is counted by hand from the script, in the comments beside it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

NY = ZoneInfo("America/New_York")

# The script, day by day. Weeks (ISO, Monday first):
#   W1 Mon 2 - Sun 8 Nov, W2 Mon 9 - Sun 15, W3 Mon 16 - Sun 22, W4 Mon 23 - Wed 25 (period ends).
# Nothing at all is logged on Sat 7 Nov and Wed 18 Nov.
# Each row: day -> list of ``painlog`` argument lists typed that evening (at 21:30).
# Duloxetine is typed the tired way: ``add med duloxetine --at 8am`` (no dose: the plan's).
DULOX = ["add", "med", "duloxetine", "--at", "8am"]
HOME = ["add", "exercise", "home exercises"]


def home(minutes: str) -> list[str]:
    return [*HOME, minutes]


def pain(value: str, at: str) -> list[str]:
    return ["add", "pain", value, "--at", at, "--where", "lower back"]


def sleep(hours: str) -> list[str]:
    return ["add", "sleep", hours]  # no --at: this morning, the day the person woke up


def naproxen(dose: str, at: str) -> list[str]:
    return ["add", "med", "naproxen", dose, "--at", at]


SCRIPT: dict[int, list[list[str]]] = {
    # --- W1 -----------------------------------------------------------------------------------
    2: [
        ["add", "med", "duloxitine", "30mg", "--at", "8am"],  # the first dose, misspelt
        pain("7", "9am"),
        sleep("7h"),
        home("20m"),
        ["add", "exercise", "walk", "40m"],
    ],
    3: [
        DULOX,
        pain("6", "9am"),
        sleep("6h30m"),
        home("25m"),
        naproxen("250mg", "2pm"),
        ["add", "therapy", "physical therapy", "45m", "--at", "3pm"],
    ],
    # 4 Nov: morning entries, then the evening check-in (see CHECKIN below)
    5: [
        DULOX,
        pain("6", "9am"),
        sleep("6h"),
        home("15m"),  # 15 min: under the plan's 20
        ["add", "therapy", "CBT", "50m", "--at", "4pm"],
    ],
    6: [DULOX, pain("5", "9am"), sleep("7"), home("20m")],
    # 7 Nov: nothing logged
    8: [DULOX, pain("6", "9am"), sleep("8h"), home("30m")],
    # --- W2 -----------------------------------------------------------------------------------
    9: [DULOX, pain("6", "9am"), sleep("7h"), home("20m")],
    10: [
        ["add", "med", "duloxetine", "--at", "10:45"],  # late for the 08:00 slot
        pain("5", "11am"),
        sleep("7h"),
        sleep("7h30m"),  # the night typed twice: 14.5 h
    ],
    11: [DULOX, pain("6", "9am"), sleep("6h"), home("20m")],
    12: [
        DULOX,
        pain("5", "9am"),
        sleep("7h"),
        naproxen("250mg", "9am"),
        naproxen("250mg", "6pm"),  # 9 h later: not too soon
        ["add", "therapy", "physio", "45m", "--at", "3pm"],
    ],  # physio counts as physical therapy
    13: [DULOX, pain("5", "9am"), sleep("6h30m"), home("20m")],
    14: [DULOX, pain("5", "9am"), sleep("7h")],
    15: [DULOX, pain("4", "9am"), sleep("8h"), home("20m")],
    # --- W3: duloxetine 60 mg from Mon 16 Nov ---------------------------------------------------
    16: [DULOX, pain("5", "9am"), sleep("7h"), home("20m")],
    17: [
        DULOX,
        pain("4", "9am"),
        sleep("7h"),
        home("20m"),
        ["add", "therapy", "physical therapy", "45m", "--at", "3pm"],
    ],
    # 18 Nov: nothing logged
    19: [
        DULOX,
        pain("4", "9am"),
        sleep("7h30m"),
        home("20m"),
        ["add", "therapy", "CBT", "50m", "--at", "4pm"],
    ],
    20: [
        DULOX,
        pain("6", "7am"),
        pain("3", "8pm"),
        sleep("5h"),
        home("20m"),
        naproxen("500mg", "7am"),
        naproxen("500mg", "3:30pm"),
        naproxen("250mg", "9:30pm"),
    ],  # 6 h after the last: too soon; 1250 mg: over 1000 mg
    21: [DULOX, pain("4", "9am"), sleep("8h"), home("20m")],
    22: [DULOX, pain("3", "9am"), sleep("7h30m"), home("20m")],
    # --- W4 ------------------------------------------------------------------------------------
    23: [
        DULOX,
        pain("4", "9am"),
        sleep("7h"),
        home("20m"),
        ["add", "therapy", "CBT", "50m", "--at", "4pm"],
    ],
    24: [DULOX, pain("3", "9am"), sleep("6h"), home("20m"), naproxen("250mg", "10am")],
    25: [DULOX, pain("3", "9am"), sleep("8h")],
}

# 4 Nov, 20:00: pain 7 at 09:00 and naproxen at 12:30 were typed in the morning; then the
# check-in. Answers in the order asked ("" = Enter, skip):
CHECKIN = "\n".join([
    "6o",            # pain: a typo -> asked again
    "6",             # pain (asked although pain was logged: the last entry is 11 h old)
    "lower back",    # where
    "7h30m",         # sleep
    "",              # sleep quality
    "5",             # mood
    "home exercises 20m",  # exercise today: the planned exercise, so not asked again below
    "naproxen",      # medication, bare: the plan's 250 mg; 7.5 h after 12:30 (too soon for 8 h)
    "",              # anything else today (factors)
    "",              # note
    "y",             # duloxetine 30 mg, 08:00 - taken? -> at 08:00
    "n",             # physical therapy session today?
    "n",             # CBT session today?
    "", "", "", "", "", "", "", "",  # anything else asked (reflection, goals, screen): skip
]) + "\n"  # fmt: skip


def at(day: int, hour: int, minute: int = 0) -> time_machine.travel:
    return time_machine.travel(datetime(2026, 11, day, hour, minute, tzinfo=NY), tick=False)


def live_the_month(painlog) -> dict[object, object]:
    """Types the whole script; returns what the person saw at the moments the test looks at."""
    seen: dict[object, object] = {}
    with at(2, 7, 30):  # the plan from the first visit, typed that morning
        painlog.ok("plan", "add", "med", "duloxetine", "30mg", "--times", "08:00")
        painlog.ok("plan", "add", "med", "naproxen", "250mg", "--as-needed",
                   "--max-daily", "1000mg", "--min-interval", "8h")  # fmt: skip
        painlog.ok("plan", "add", "therapy", "physical therapy", "--per-week", "1")
        painlog.ok("plan", "add", "exercise", "home exercises", "--per-week", "5",
                   "--minutes", "20")  # fmt: skip
        painlog.ok("plan", "add", "therapy", "CBT", "--per-week", "1")
        painlog.ok("alias", "physio", "physical therapy", "--kind", "therapy")
    for day in range(2, 26):
        if day == 4:
            with at(4, 12, 45):
                painlog.ok(*pain("7", "9am"))
                painlog.ok(*naproxen("250mg", "12:30"))
            with at(4, 20):
                seen["checkin"] = painlog.ok("checkin", input=CHECKIN)
            continue
        if day == 15:  # the dose raised from Monday 16 Nov: a second version
            with at(15, 22):
                painlog.ok("plan", "change", "duloxetine", "60mg", "--from", "2026-11-16")
        with at(day, 21, 30):
            for command in SCRIPT.get(day, []):
                seen[(day, " ".join(command))] = painlog.ok(*command)
            if day == 20:
                seen["due"] = painlog.json("due")
                seen["due text"] = painlog.ok("due", env=PLAIN).stdout
    return seen


PLAIN = {"COLUMNS": "80", "NO_COLOR": "1"}


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_scripted_month(painlog, tmp_path):
    seen = live_the_month(painlog)

    # --- the traps, as the person saw them ------------------------------------------------------
    misspelt = seen[(2, "add med duloxitine 30mg --at 8am")]
    # saved with the plan's spelling (the dose counts), the Note naming the typed one
    assert "'duloxitine' is new; saved as duloxetine, the name in your plan." in flat(
        misspelt.stderr
    )
    assert "duloxetine 30 mg on 2026-11-02 08:00" in misspelt.stdout
    checkin = seen["checkin"]
    # The typo is refused and asked again; pain is asked again (last entry 11 h before); the
    # bare naproxen takes the plan's 250 mg and is 7.5 h after 12:30: the plan's 8 h note.
    assert "pain: '6o' is not accepted" in checkin.stderr
    assert "7.5 h since the previous dose" in flat(checkin.stderr)
    assert "home exercises today?" not in checkin.stdout  # answered in "Exercise today"
    assert "medication naproxen 250 mg" in checkin.stdout
    twice = seen[(10, "add sleep 7h30m")]
    assert "already logged" in twice.stderr and "painlog undo" in twice.stderr
    late = seen[(10, "add med duloxetine --at 10:45")]
    assert "duloxetine 30 mg on 2026-11-10 10:45" in late.stdout

    with at(25, 21, 45):
        data = painlog.json("summary", "--since", "2026-11-02", "--until", "2026-11-25")
        compare = painlog.json("compare", "--at", "2026-11-16")
        compare_text = flat(painlog.ok("compare", "--at", "duloxetine", env=PLAIN).stdout)
        report = tmp_path / "report.md"
        painlog.ok("report", "--since", "2026-11-02", "--format", "md", "-o", str(report))
        exercises = painlog.json("list", "--kind", "exercise", "--since", "2026-11-04",
                                 "--until", "2026-11-04")  # fmt: skip
    # The check-in's "home exercises 20m" is saved once, not again by the plan question.
    assert [(e["name"], e["value"]) for e in exercises] == [("home exercises", 20.0)]

    # --- summary --json: four weeks ---------------------------------------------------------------
    weeks = {week["week_start"]: week for week in data["weeks"]}
    assert list(weeks) == ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]
    w1, w2, w3, w4 = weeks.values()
    assert w4["days_in_period"] == 3  # Mon 23 - Wed 25 Nov

    # Pain, daily means. W1: 2:7, 3:6, 4:(7+6)/2=6.5, 5:6, 6:5, 8:6 (7th empty) -> 36.5/6 = 6.083
    # -> 6.08; 7 entries (two on the 4th), min 5, max 7.
    assert w1["pain"] == {"days_logged": 6, "entries": 7, "mean": 6.08, "min": 5.0, "max": 7.0}
    # W2: 6,5,6,5,5,5,4 -> 36/7 = 5.142 -> 5.14.
    assert w2["pain"] == {"days_logged": 7, "entries": 7, "mean": 5.14, "min": 4.0, "max": 6.0}
    # W3 (18th empty): 16:5, 17:4, 19:4, 20:(6+3)/2=4.5, 21:4, 22:3 -> 24.5/6 = 4.083 -> 4.08.
    assert w3["pain"] == {"days_logged": 6, "entries": 7, "mean": 4.08, "min": 3.0, "max": 6.0}
    # W4: 4, 3, 3 -> 10/3 = 3.333 -> 3.33.
    assert w4["pain"] == {"days_logged": 3, "entries": 3, "mean": 3.33, "min": 3.0, "max": 4.0}

    def sleep_of(week):
        s = week["sleep"]
        return (s["nights"], s["mean_hours"], s["min_hours"], s["max_hours"])

    # W1: 7, 6.5, 7.5 (check-in), 6, 7, 8 -> 42/6 = 7.0. W2: 7, 7+7.5=14.5 (typed twice: both
    # count, SPEC: a day's total), 6, 7, 6.5, 7, 8 -> 56/7 = 8.0. W3: 7, 7, 7.5, 5, 8, 7.5 ->
    # 42/6 = 7.0. W4: 7, 6, 8 -> 21/3 = 7.0.
    assert [sleep_of(w) for w in (w1, w2, w3, w4)] == [
        (6, 7.0, 6.0, 8.0), (7, 8.0, 6.0, 14.5), (6, 7.0, 5.0, 8.0), (3, 7.0, 6.0, 8.0)
    ]  # fmt: skip
    (check,) = data["sleep_check"]  # only 10 Nov passes 14 h
    assert (check["day"], check["hours"]) == ("2026-11-10", 14.5)
    assert sorted(entry["hours"] for entry in check["entries"]) == [7.0, 7.5]

    # Exercise, every session. W1: home 20, 25, 20 (check-in), 15, 20, 30 + walk 40 -> 7
    # sessions, 170 min, 6 days (2,3,4,5,6,8). W2: 20 x 4 (9,11,13,15). W3: 20 x 6. W4: 20 x 2.
    assert [tuple(w["exercise"].values()) for w in (w1, w2, w3, w4)] == [
        (7, 170, 6), (4, 80, 4), (6, 120, 6), (2, 40, 2)
    ]  # fmt: skip
    # Therapy: physio on 12 Nov counts as physical therapy (the alias).
    assert w2["therapy"] == {"physical therapy": {"sessions": 1, "total_minutes": 45.0}}

    # Adherence, duloxetine at 08:00: one slot a day. 30 mg holds 2-15 Nov, 60 mg 16-25 Nov.
    def dose_figures(week):
        item = week["adherence"]["scheduled"]["duloxetine"]
        (version,) = item["versions"]
        keys = ("taken", "late", "missed", "extra", "percent", "on_time_percent")
        return version["version"], tuple(item[key] for key in keys)

    # W1: 7 slots; 7 Nov nothing logged -> missed; the 2 Nov dose (typed duloxitine, saved as
    # duloxetine) and the 4 Nov check-in "y" fill theirs: 6 taken -> 6/7 = 85.7 both ways.
    # W2: 7 slots; 10 Nov 10:45 is after 08:00's window (to 10:00), within 12 h: late, not
    # extra -> 7/7 = 100.0 taken at all, 6/7 = 85.7 on time.
    # W3 (60 mg): 18 Nov missed -> 6/7 = 85.7. W4: 3/3 = 100.0.
    assert [dose_figures(w) for w in (w1, w2, w3, w4)] == [
        ("duloxetine 30 mg at 08:00", (6, 0, 1, 0, 85.7, 85.7)),
        ("duloxetine 30 mg at 08:00", (6, 1, 0, 0, 100.0, 85.7)),
        ("duloxetine 60 mg at 08:00", (6, 0, 1, 0, 85.7, 85.7)),
        ("duloxetine 60 mg at 08:00", (3, 0, 0, 0, 100.0, 100.0)),
    ]

    def prn(week):
        item = week["adherence"]["as_needed"]["naproxen"]
        keys = ("doses", "days_used", "days_over_limit", "too_soon")
        return (*(item[key] for key in keys), item["max_day"]["mg"])

    # W1: 3 Nov 14:00; 4 Nov 12:30 and 20:00 (7.5 h: too soon) -> 3 doses, 2 days, max 500 mg.
    # W2: 12 Nov 09:00, 18:00 (9 h apart) -> 2 doses, 1 day, 500 mg.
    # W3: 20 Nov 500 mg 07:00, 500 mg 15:30 (8.5 h), 250 mg 21:30 (6 h: too soon) -> 1250 mg,
    # over the 1000 mg limit. W4: 24 Nov 250 mg.
    assert [prn(w) for w in (w1, w2, w3, w4)] == [
        (3, 2, 0, 1, 500.0), (2, 1, 0, 0, 500.0), (3, 1, 1, 1, 1250.0), (1, 1, 0, 0, 250.0)
    ]  # fmt: skip

    def sessions(week, kind, name):
        item = week["adherence"][kind][name]
        return item["sessions"], item["target"]

    # Home exercises (20 min or more): W1 5 (the 15 min on 5 Nov does not count) of 5; W2 4 of
    # 5; W3 6 of 5; W4 2 of 5 x 3/7 = 2.14 -> 2.
    assert [sessions(w, "exercise", "home exercises") for w in (w1, w2, w3, w4)] == [
        (5, 5), (4, 5), (6, 5), (2, 2)]  # fmt: skip
    # CBT: 5 Nov, none in W2, 19 Nov, 23 Nov; W4's target 1 x 3/7 = 0.43 -> 0.
    assert [sessions(w, "therapy", "CBT") for w in (w1, w2, w3, w4)] == [
        (1, 1), (0, 1), (1, 1), (1, 0)]  # fmt: skip
    # Physical therapy: 3 Nov, 12 Nov (as physio), 17 Nov; none in W4 (target 0).
    assert [sessions(w, "therapy", "physical therapy") for w in (w1, w2, w3, w4)] == [
        (1, 1), (1, 1), (1, 1), (0, 0)]  # fmt: skip
    # 24 days, 22 with something logged (7 and 18 Nov empty).
    assert (data["coverage"]["days_in_period"], data["coverage"]["days_logged"]) == (24, 22)

    # --- due --json on Friday 20 Nov, 21:30 ---------------------------------------------------
    due = seen["due"]
    dulox = due["scheduled"]["duloxetine"]
    assert dulox["dose"] == "60 mg"  # the version in force that day
    assert dulox["slots"] == [{"time": "08:00", "status": "taken", "taken_at": "08:00"}]
    nap = due["as_needed"]["naproxen"]
    # 500 + 500 + 250 = 1250 mg: 250 over 1000. The day's limit is passed, so no time is
    # offered for another dose that day (SPEC "Care plan", issue 25), not 05:30 on the 21st.
    assert (nap["doses_today"], nap["taken_today"], nap["room_left"]) == (3, {"mg": 1250.0}, -250.0)
    assert nap["next_allowed"] is None
    # The week from Mon 16 Nov: home exercises 16, 17, 19, 20 -> 4 of 5; CBT 19th; PT 17th.
    assert due["week_start"] == "2026-11-16"
    assert (due["exercise"]["home exercises"]["sessions"], due["exercise"]["home exercises"][
        "target"]) == (4, 5)  # fmt: skip
    assert "250 mg over your limit of 1000 mg a day" in flat(seen["due text"])

    # --- compare at the change (16 Nov), default 28 days -----------------------------------------
    before, after = compare["before"], compare["after"]
    # A would start 19 Oct; the journal starts 2 Nov: 2-15 Nov, 14 days. B would run to 13 Dec;
    # the last entry (and today) is 25 Nov: 16-25 Nov, 10 days.
    assert (before["since"], before["until"], before["days"]) == ("2026-11-02", "2026-11-15", 14)
    assert (after["since"], after["until"], after["days"]) == ("2026-11-16", "2026-11-25", 10)
    # Pain: A 13 days, (36.5 + 36) / 13 = 5.577 -> 5.58; B 9 days, (24.5 + 10) / 9 = 3.833 ->
    # 3.83. Change shown 3.83 - 5.58 = -1.75; the percent from the exact means:
    # (34.5/9 - 72.5/13) / (72.5/13) = -1.74359 / 5.57692 = -31.26% -> -31.3: moderate.
    assert (before["pain_days"], before["pain_mean"]) == (13, 5.58)
    assert (after["pain_days"], after["pain_mean"]) == (9, 3.83)
    assert (compare["change"]["pain"], compare["change"]["pain_percent"]) == (-1.75, -31.3)
    assert (compare["improvement"], compare["meaningful_improvement"]) == ("moderate", True)
    # Sleep: A (42 + 56) / 13 = 7.538 -> 7.54; B (42 + 21) / 9 = 7.0.
    assert (before["sleep_hours"], after["sleep_hours"]) == (7.54, 7.0)
    # Exercise minutes a week: A (170 + 80) x 7 / 14 = 125.0; B (120 + 40) x 7 / 10 = 112.0.
    assert (before["exercise_minutes_per_week"], after["exercise_minutes_per_week"]) == (125, 112)
    # As-needed doses a week: A 5 x 7 / 14 = 2.5 (not 5 x 7 / 28 = 1.25); B 4 x 7 / 10 = 2.8.
    assert (before["as_needed_doses_per_week"], after["as_needed_doses_per_week"]) == (2.5, 2.8)
    assert (before["peg_mean"], before["mood_mean"], after["mood_mean"]) == (None, 5.0, None)
    assert "14 days before, 10 days after" in compare_text

    # --- the report's text -----------------------------------------------------------------------
    text = report.read_text()
    lines = text.splitlines()
    # 22 logged days of 24; pain on 22 (24 ratings: 7+7+7+3), mean of daily means
    # (36.5 + 36 + 24.5 + 10) / 22 = 4.86 -> 4.9.
    assert "Logged on 22 of 24 days: pain on 22, sleep on 22, mood on 1." in lines
    assert "average 4.9 (mean of daily means, 22 days, 24 ratings), worst 7, best 3" in text
    assert "| 2 Nov | 6.1 | 7 | 5 | 6/7 | 7.0 | 5.0 | 170 | 3 |" in lines
    assert "| 9 Nov | 5.1 | 6 | 4 | 7/7 | 8.0 | – | 80 | 2 |" in lines
    # Each version with its own figures: 30 mg 2-15 Nov, 14 slots: 12 on time, 1 late (10th),
    # 1 missed (7th) -> 13/14 = 92.9%, on time 12/14 = 85.7%. 60 mg 16-25 Nov, 10 slots:
    # 9 taken, 1 missed (18th) -> 90%.
    assert ("- duloxetine 30 mg at 08:00 (2 Nov-15 Nov): 13 of 14 doses taken (92.9%): 12 "
            "within 2 h of the time (85.7%), 1 late, 1 missed.") in lines  # fmt: skip
    assert ("- duloxetine 60 mg at 08:00 (16 Nov-25 Nov): 9 of 10 doses taken (90%): 9 within "
            "2 h of the time (90%), 1 missed.") in lines  # fmt: skip
    # Naproxen: 3 + 2 + 3 + 1 = 9 doses on 5 days, 9 x 7 / 24 = 2.625 -> 2.6 a week.
    assert ("- naproxen 250 mg as needed (at most 1000 mg a day, 8 h apart): 9 doses on 5 days "
            "(2.6 a week); highest day 1250 mg; 1 day over the person's limit; 2 doses sooner "
            "than 8 h after the one before.") in lines  # fmt: skip
    # Sessions over the period: 5+4+6+2 = 17 of 5 x 24/7 = 17.1 -> 17; CBT 3 of 3.4 -> 3;
    # physical therapy 3 (physio counted) of 3.
    assert "- home exercises 5 times a week, 20 min or more: 17 of 17 sessions." in lines
    assert "- CBT once a week: 3 of 3 sessions." in lines
    assert "- physical therapy once a week: 3 of 3 sessions." in lines
    # The change, over the windows compare really used (not "28 days before").
    change = next(line for line in lines if line.startswith("- 16 Nov: duloxetine 30 mg"))
    assert "2 Nov-15 Nov (14 days) vs 16 Nov-25 Nov (10 days)" in change
    assert "IMMPACT: moderate, a clinically meaningful improvement" in change
    # Duloxetine: 13 x 30 + 9 x 60 = 930 mg in 22 doses; naproxen 250 x 5 + 500 x 2 + 250 x 2
    # = 2750 mg in 9 doses on 5 days.
    assert "| duloxetine | 22 | 930 mg | 22 |" in lines
    assert "| naproxen | 9 | 2750 mg | 5 |" in lines
    # Sleep (42 + 56 + 42 + 21) / 22 = 7.32 -> 7.3; exercise 410 min, 19 sessions, 18 days.
    assert "- Sleep: 7.3 h a night on average over 22 nights." in lines
    assert "- Exercise: 410 minutes in 19 sessions on 18 days." in lines
    assert any(line.startswith("- Sleep to check: 10 Nov adds up to 14.5 h") for line in lines)
    assert "Therapy sessions: CBT 3 (150 min); physical therapy 3 (135 min)." in lines
    assert "28 days before" not in text


def test_the_report_names_a_changes_windows_by_their_real_lengths(painlog, tmp_path):
    # Journal from 11 Nov; change on 18 Nov; report on 25 Nov. compare cuts A to 11-17 Nov
    # (7 days) and B to 18-25 Nov (8 days): the line names those, not "28 days before".
    with at(25, 12):
        painlog.ok("plan", "add", "med", "duloxetine", "30mg", "--times", "08:00",
                   "--from", "2026-11-11")  # fmt: skip
        painlog.ok("plan", "change", "duloxetine", "60mg", "--from", "2026-11-18")
        for day in range(11, 26):
            painlog.ok("add", "pain", "5", "--at", f"2026-11-{day} 09:00")
        out = tmp_path / "r.md"
        painlog.ok("report", "--since", "2026-11-11", "--format", "md", "-o", str(out))
    text = out.read_text()
    assert "11 Nov-17 Nov (7 days) vs 18 Nov-25 Nov (8 days)" in text
    assert "28 days before" not in text


def test_markdown_table_cells_keep_numbers_plain():
    from painlog.report.markdown import _escape

    # A number at the start of a report LINE could start an ordered list ("1. x"), so it is
    # escaped there; inside a table cell nothing starts a list, and "6\.1" would show its
    # backslash wherever the Markdown is read as text (a patient-portal message).
    assert _escape("6.1", starts_line=False) == "6.1"
    assert _escape("1. x") == "1\\. x"
    assert _escape("a|b", starts_line=False) == "a\\|b"  # a pipe would still end the cell
