"""Bearable's symptoms and factors, Daylio's activities, as SPEC.md "Symptoms and factors" says:
a newer export updates what an older one brought, never duplicates."""

from __future__ import annotations

HEADER = "date,weekday,time of day,category,rating/amount,detail,notes\n"
ROWS = (
    "2nd Nov 2026,Monday,am,Symptom,,Fatigue (Mild),\n"
    "2nd Nov 2026,Monday,pm,Symptom,,Brain fog (Extreme),\n"
    "2nd Nov 2026,Monday,mid,Symptom,,Nausea (Moderate),\n"
    "3rd Nov 2026,Tuesday,am,Symptom,,Fatigue (Severe),\n"
    "3rd Nov 2026,Tuesday,pm,Factors,,Alcohol,\n"
    "3rd Nov 2026,Tuesday,pm,Symptom,,Lower back pain (Moderate),\n"
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_bearable_symptoms_by_severity_and_factors(painlog, tmp_path):
    painlog.ok("import", write(tmp_path, "b.csv", HEADER + ROWS), "--from", "bearable")
    entries = painlog.json("list")
    symptoms = sorted((e["day"], e["name"], e["value"], e["source"]) for e in entries
                      if e["kind"] == "symptom")  # fmt: skip
    assert symptoms == [
        ("2026-11-02", "Brain fog", 10.0, "bearable"),  # extreme 10
        ("2026-11-02", "Fatigue", 3.0, "bearable"),  # mild 3
        ("2026-11-02", "Nausea", 5.0, "bearable"),  # moderate 5
        ("2026-11-03", "Fatigue", 8.0, "bearable"),  # severe 8
    ]
    [factor] = [e for e in entries if e["kind"] == "factor"]
    assert (factor["name"], factor["value"], factor["day"]) == ("Alcohol", None, "2026-11-03")
    [pain] = [e for e in entries if e["kind"] == "pain"]  # pain stays pain, never a symptom
    assert (pain["value"], pain["location"]) == (5.0, ["lower back"])


def test_bearable_reimport_updates_never_duplicates(painlog, tmp_path):
    painlog.ok("import", write(tmp_path, "old.csv", HEADER + ROWS), "--from", "bearable")
    newer = ROWS.replace("Fatigue (Severe)", "Fatigue (Moderate)") + (
        "4th Nov 2026,Wednesday,am,Symptom,,Fatigue (Mild),\n"
    )
    result = painlog.ok("import", write(tmp_path, "new.csv", HEADER + newer), "--from", "bearable")
    assert "1 new, 1 updated, 5 unchanged" in " ".join(result.stdout.split())
    fatigue = sorted((e["day"], e["value"]) for e in painlog.json("list")
                     if e["kind"] == "symptom" and e["name"] == "Fatigue")  # fmt: skip
    assert fatigue == [("2026-11-02", 3.0), ("2026-11-03", 5.0), ("2026-11-04", 3.0)]


def test_daylio_activities_are_candidates_of_their_day(painlog, tmp_path):
    daylio = "full_date,date,weekday,time,mood,activities,note\n" + "".join(
        f"2026-11-{day:02d},Nov {day},Monday,20:00,{'rad' if day % 2 else 'meh'},"
        f"{'gaming | reading' if day % 2 else 'reading'},\n"
        for day in range(1, 15)
    )
    painlog.ok("import", write(tmp_path, "d.csv", daylio), "--from", "daylio")
    data = painlog.json("patterns", "--outcome", "mood")
    names = {result["candidate"] for result in data["results"]} | set(data["too_few_days"])
    assert "activity:gaming" in names and "activity:reading" in names
    gaming = next(
        r for r in data["results"] if r["candidate"] == "activity:gaming" and not r["lag"]
    )
    assert (gaming["days_with"], gaming["days_without"]) == (7, 7)
    assert gaming["mean_with"] > gaming["mean_without"]
