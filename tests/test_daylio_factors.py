"""Daylio's activities are factors of their day (issue 27 point 3; SPEC.md "Symptoms and factors"
and "Sources and device data"): one factor per activity per day, keyed by the day's earliest
row naming it and the activity's place in that row, never by its name, so a newer or older
export updates and never duplicates; the mood rows carry no tags, and `patterns` sees each
activity once, as `activity:NAME`."""

from __future__ import annotations

HEADER = "full_date,date,weekday,time,mood,activities,note\n"
# Newest first, as Daylio writes. 2026-11-03: two rows name walk (one as "Walk") and the morning
# repeats it; 2026-11-02: two rows in the same minute, the second with no activity.
OLDER = HEADER + (
    "2026-11-03,November 3,Tuesday,21:00,meh,Walk | gaming,\n"
    "2026-11-03,November 3,Tuesday,9:00,bad,walk | reading | walk,\n"
    "2026-11-02,November 2,Monday,8:00,good,walk,\n"
    "2026-11-02,November 2,Monday,8:00,rad,,\n"
)
NEWER = HEADER + "2026-11-04,November 4,Wednesday,9:00,good,gaming,\n" + OLDER.removeprefix(HEADER)


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def factors(painlog) -> list[tuple]:
    return sorted(
        (e["at"][:16], e["name"], e["source"], e["source_key"])
        for e in painlog.json("list", "--kind", "factor")
    )


def test_activities_become_factors_of_their_day(painlog, tmp_path):
    result = painlog.ok("import", write(tmp_path, "a.csv", OLDER), "--from", "daylio")
    # by hand: 4 moods; walk once a day (2 days), reading and gaming once: 4 factors
    assert result.stdout.split(":")[0] == (
        "Imported 4 Daylio rows as 4 mood entries, 4 factor entries, 2026-11-02 to 2026-11-03"
    )
    assert "8 new, 0 updated, 0 unchanged" in result.stdout
    assert factors(painlog) == [
        ("2026-11-02T08:00", "walk", "daylio", "2026-11-02 08:00 #1 activity 1"),
        ("2026-11-03T09:00", "reading", "daylio", "2026-11-03 09:00 #1 activity 2"),
        ("2026-11-03T09:00", "walk", "daylio", "2026-11-03 09:00 #1 activity 1"),
        # "Walk" at 21:00 is the morning's walk of the same day: folded, not a second factor
        ("2026-11-03T21:00", "gaming", "daylio", "2026-11-03 21:00 #1 activity 2"),
    ]
    moods = painlog.json("list", "--kind", "mood")
    assert [(m["at"][:16], m["tags"]) for m in sorted(moods, key=lambda m: m["at"])] == [
        ("2026-11-02T08:00", []),
        ("2026-11-02T08:00", []),
        ("2026-11-03T09:00", []),
        ("2026-11-03T21:00", []),
    ]
    # the factors are the person's own names: the summary counts them by day
    assert "walk" in painlog.ok("list", "--kind", "factor").stdout


def test_a_row_repeating_one_activity_makes_one_factor(painlog, tmp_path):
    row = " | ".join(["yoga", "tea", "Yoga", " yoga "] * 50)
    text = HEADER + f'2026-11-05,November 5,Thursday,7:30,meh,"{row}",\n'
    painlog.ok("import", write(tmp_path, "r.csv", text), "--from", "daylio")
    assert [(name, key) for _, name, _, key in factors(painlog)] == [
        ("tea", "2026-11-05 07:30 #1 activity 2"),
        ("yoga", "2026-11-05 07:30 #1 activity 1"),
    ]


def test_reimport_of_an_older_file_updates_and_never_duplicates(painlog, tmp_path):
    done = painlog.ok("import", write(tmp_path, "new.csv", NEWER), "--from", "daylio").stdout
    assert "10 new, 0 updated, 0 unchanged" in done  # 5 moods, 5 factors (gaming on the 4th)
    before = {e["id"] for e in painlog.json("list")}
    older = painlog.ok("import", write(tmp_path, "old.csv", OLDER), "--from", "daylio").stdout
    assert "0 new, 0 updated, 8 unchanged" in older
    assert {e["id"] for e in painlog.json("list")} == before
    again = painlog.ok("import", write(tmp_path, "new.csv", NEWER), "--from", "daylio").stdout
    assert "0 new, 0 updated, 10 unchanged" in again


def test_an_older_file_then_a_newer_one_adds_only_the_new_days(painlog, tmp_path):
    painlog.ok("import", write(tmp_path, "old.csv", OLDER), "--from", "daylio")
    done = painlog.ok("import", write(tmp_path, "new.csv", NEWER), "--from", "daylio").stdout
    assert "2 new, 0 updated, 8 unchanged" in done  # the 4th's mood and its gaming
    assert len(painlog.json("list")) == 10


def test_a_later_row_of_the_day_in_a_newer_export_adds_only_its_new_activities(painlog, tmp_path):
    morning = HEADER + OLDER.removeprefix(HEADER).split("\n", 1)[1]  # exported before 21:00
    painlog.ok("import", write(tmp_path, "m.csv", morning), "--from", "daylio")
    done = painlog.ok("import", write(tmp_path, "d.csv", OLDER), "--from", "daylio").stdout
    # the 21:00 mood and gaming; its Walk is the morning's walk, unchanged
    assert "2 new, 0 updated, 6 unchanged" in done
    assert [name for at, name, _, _ in factors(painlog) if at.startswith("2026-11-03")] == [
        "reading",
        "walk",
        "gaming",
    ]


def test_a_renamed_activity_in_a_newer_export_is_renamed_not_added(painlog, tmp_path):
    painlog.ok("import", write(tmp_path, "a.csv", OLDER), "--from", "daylio")
    ids = {e["id"] for e in painlog.json("list")}
    renamed = OLDER.replace("reading", "books").replace("walk", "stroll").replace("Walk", "Stroll")
    done = painlog.ok("import", write(tmp_path, "b.csv", renamed), "--from", "daylio").stdout
    # books (1) and stroll (2 days) updated; gaming and the 4 moods unchanged
    assert "0 new, 3 updated, 5 unchanged" in done
    assert {e["id"] for e in painlog.json("list")} == ids
    assert [(at, name) for at, name, _, _ in factors(painlog)] == [
        ("2026-11-02T08:00", "stroll"),
        ("2026-11-03T09:00", "books"),
        ("2026-11-03T09:00", "stroll"),
        ("2026-11-03T21:00", "gaming"),
    ]
    undone = painlog.ok("undo").stdout
    assert "0 new, 3 updated, 5 unchanged" in undone  # one change, undone whole
    assert [name for _, name, _, _ in factors(painlog)] == ["walk", "reading", "walk", "gaming"]


def test_dry_run_counts_factors_and_writes_nothing(painlog, tmp_path):
    before = painlog.fingerprint()
    dry = painlog.ok("import", write(tmp_path, "a.csv", OLDER), "--from", "daylio", "--dry-run")
    assert "  4 rows -> 4 mood entries, 4 factor entries, 2026-11-02 to 2026-11-03." in dry.stdout
    assert painlog.fingerprint() == before
    painlog.ok("import", write(tmp_path, "a.csv", OLDER), "--from", "daylio")
    before = painlog.fingerprint()
    path = write(tmp_path, "b.csv", NEWER)
    dry = painlog.ok("import", path, "--from", "daylio", "--dry-run").stdout
    assert "  5 rows -> 5 mood entries, 5 factor entries, 2026-11-02 to 2026-11-04." in dry
    assert "Against the journal: 2 new, 0 updated, 8 unchanged." in dry
    assert painlog.fingerprint() == before


def test_patterns_sees_each_activity_once(painlog, tmp_path):
    # 14 days; odd days two rad rows naming gaming (and reading), even days one meh row (reading)
    rows = []
    for day in range(14, 0, -1):
        if day % 2:
            rows.append(f"2026-11-{day:02d},,,20:00,rad,gaming | reading | gaming,\n")
            rows.append(f"2026-11-{day:02d},,,8:00,rad,Gaming,\n")
        else:
            rows.append(f"2026-11-{day:02d},,,20:00,meh,reading,\n")
    painlog.ok("import", write(tmp_path, "d.csv", HEADER + "".join(rows)), "--from", "daylio")
    assert len(painlog.json("list", "--kind", "factor")) == 21  # 14 reading days, 7 gaming days
    data = painlog.json("patterns", "--outcome", "mood")
    names = {result["candidate"] for result in data["results"]} | set(data["too_few_days"])
    # each day's factor is named as its earliest row wrote it: "Gaming" (08:00)
    assert {name for name in names if "gaming" in name.lower()} == {"activity:Gaming"}
    assert {name for name in names if "reading" in name.lower()} == {"activity:reading"}
    assert "activity:reading" in data["too_few_days"]  # every day: no day without it
    gaming = next(
        r for r in data["results"] if r["candidate"] == "activity:Gaming" and not r["lag"]
    )
    # days, not rows: 7 with (mood 10 each), 7 without (mood 5 each)
    assert (gaming["days_with"], gaming["days_without"]) == (7, 7)
    assert (gaming["mean_with"], gaming["mean_without"], gaming["difference"]) == (10.0, 5.0, 5.0)
