"""Where symptoms show: chart symptom NAME, calendar --symptom, compare, try --outcome
symptom:NAME, patterns --outcome symptom:NAME, and the report (first and last full week)."""

from __future__ import annotations

import json
from datetime import timedelta

from painlog import clock
from tests.conftest import row


def fortnight(painlog, tmp_path):
    """Fatigue every day of two full weeks (Mon Nov 2 - Sun Nov 15): 6 then 4; an alias."""
    rows = []
    for index in range(14):
        day = f"2026-11-{index + 2:02d}"
        name = "Fatigue" if index == 3 else "fatigue"
        rows.append(row("symptom", f"{day}T09:00:00+00:00", 6 if index < 7 else 4, name=name))
        rows.append(row("pain", f"{day}T09:00:00+00:00", 5))
    painlog.import_rows(rows, tmp_path)


def test_chart_symptom(painlog, tmp_path):
    fortnight(painlog, tmp_path)
    env = {"COLUMNS": "80", "NO_COLOR": "1"}
    text = painlog.ok("chart", "symptom", "fatigue", "--since", "2026-11-02", "--until",
                      "2026-11-15", env=env).stdout  # fmt: skip
    assert "Fatigue (0-10)" in text and "\x1b" not in text
    data = painlog.json("chart", "symptom", "fatigue", "--since", "2026-11-02", "--until",
                        "2026-11-15")  # fmt: skip
    days = data["symptom:fatigue"]
    assert len(days) == 14 and days[0] == {"day": "2026-11-02", "mean": 6.0}
    assert days[-1] == {"day": "2026-11-15", "mean": 4.0}
    result = painlog("chart", "symptom")
    assert result.exit_code == 2 and "symptom name" in result.stderr


def test_calendar_symptom(painlog, tmp_path):
    today, offset = clock.today(), clock.now().isoformat()[-6:]  # the local day, never ahead
    rows = []
    for back in range(3):
        day = (today - timedelta(days=back)).isoformat()
        rows.append(row("symptom", f"{day}T00:00:01{offset}", 7.5, name="nausea"))
    painlog.import_rows(rows, tmp_path)
    data = json.loads(painlog.ok("calendar", "--symptom", "nausea", "--json").stdout)
    assert [d["shown"] for d in data["days"]] == [8, 8, 8]  # 7.5 half up
    text = painlog.ok("calendar", "--symptom", "nausea", env={"NO_COLOR": "1"}).stdout
    assert "Mean nausea per day" in text and "Nausea logged on 3 of" in text


def test_compare_shows_each_symptom(painlog, tmp_path):
    fortnight(painlog, tmp_path)
    data = painlog.json("compare", "--at", "2026-11-09", "--days", "7")
    assert data["before"]["symptoms"] == {"fatigue": {"mean": 6.0, "days": 7}}
    assert data["after"]["symptoms"] == {"fatigue": {"mean": 4.0, "days": 7}}
    assert data["change"]["symptoms"] == {"fatigue": {"change": -2.0, "percent": -33.3}}
    text = painlog.ok("compare", "--at", "2026-11-09", "--days", "7",
                      env={"COLUMNS": "100"}).stdout  # fmt: skip
    assert "fatigue, mean (0-10)" in text and "-2 (-33.3%)" in " ".join(text.split())


def test_try_with_a_symptom_outcome(painlog):
    data = painlog.json("try", "walk", "--weeks", "2", "--outcome", "symptom:brain fog")
    assert data["outcome"] == "symptom:brain fog"
    before = painlog.fingerprint()
    result = painlog("try", "swim", "--weeks", "2", "--outcome", "symptom:")
    assert result.exit_code == 2 and "symptom:NAME" in result.stderr
    assert painlog.fingerprint() == before


def test_patterns_with_a_symptom_outcome(painlog, tmp_path):
    fortnight(painlog, tmp_path)
    rows = [
        row("factor", f"2026-11-{day:02d}T20:00:00+00:00", name="late screen")
        for day in (2, 3, 4, 5, 6, 7)
    ]
    painlog.import_rows(rows, tmp_path)
    data = painlog.json("patterns", "--outcome", "symptom:fatigue")
    assert data["outcome"] == "symptom:fatigue"
    same_day = next(
        r for r in data["results"] if r["candidate"] == "factor:late screen" and r["lag"] == 0
    )
    # Fatigue 6 on the six days with a late screen (Nov 2-7); without: Nov 8 (6) and 4 x 7.
    assert (same_day["days_with"], same_day["days_without"]) == (6, 8)
    assert (same_day["mean_with"], same_day["mean_without"]) == (6.0, 4.25)


def test_report_lists_each_symptoms_first_and_last_full_week(painlog, tmp_path):
    fortnight(painlog, tmp_path)
    out = tmp_path / "report.md"
    painlog.ok("report", "--since", "2026-11-02", "--until", "2026-11-15", "--format", "md",
               "-o", str(out))  # fmt: skip
    text = out.read_text()
    assert "fatigue (0-10): week of" in text
    assert "6.0 (7 days)" in text and "4.0 (7 days)" in text
    assert "Patterns with pain: " in text or "Patterns (" in text
