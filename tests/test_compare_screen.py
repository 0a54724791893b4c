"""compare's verdict is for pain intensity only; PHQ-4 total and band everywhere; screen
--history; the acetaminophen wording; an experiment's smallest reachable p (issue 25)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from painlog.clinic.screen import band
from painlog.messages import Msg, say

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))
AT = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _flat_pain_falling_peg(painlog, tmp_path, make_rows):
    # pain 5 every day, 10 days before AT and 10 days from AT on; one PEG answer each side:
    # 8,8,8 (mean 8) before, 2,2,2 (mean 2) after: PEG falls 75%, pain 0%.
    rows = [
        make_rows("pain", f"{(AT + timedelta(days=offset)).isoformat()}T09:00:00+00:00", 5)
        for offset in range(-10, 10)
    ]
    painlog.import_rows(rows, tmp_path)
    painlog.ok("peg", "--pain", "8", "--enjoyment", "8", "--activity", "8",
               "--at", "2026-11-15 10:00")  # fmt: skip
    painlog.ok("peg", "--pain", "2", "--enjoyment", "2", "--activity", "2",
               "--at", "2026-11-25 10:00")  # fmt: skip


def test_peg_alone_is_no_meaningful_improvement(painlog, tmp_path, make_rows):
    _flat_pain_falling_peg(painlog, tmp_path, make_rows)
    data = painlog.json("compare", "--at", AT.isoformat(), "--days", "10")
    assert data["change"]["pain"] == 0 and data["change"]["pain_percent"] == 0
    assert data["change"]["peg_percent"] == -75.0
    assert data["improvement"] == "none"
    assert data["meaningful_improvement"] is False
    text = " ".join(
        painlog.ok("compare", "--at", AT.isoformat(), "--days", "10",
                   env={"COLUMNS": "80", "NO_COLOR": "1"}).stdout.split()
    )  # fmt: skip
    assert (
        "A fall of 30% or more in pain intensity (a clinically meaningful improvement): no" in text
    )
    assert "PEG, sleep and mood show their change, with no grade of their own" in text


def test_sleep_and_mood_show_change_and_percent(painlog, tmp_path, make_rows):
    rows = []
    for offset in range(-7, 7):
        day = (AT + timedelta(days=offset)).isoformat()
        rows.append(make_rows("sleep", f"{day}T07:00:00+00:00", 6 if offset < 0 else 7.5))
        rows.append(make_rows("mood", f"{day}T20:00:00+00:00", 4 if offset < 0 else 5))
    painlog.import_rows(rows, tmp_path)
    change = painlog.json("compare", "--at", AT.isoformat(), "--days", "7")["change"]
    # sleep 6 -> 7.5: +1.5, +25%; mood 4 -> 5: +1, +25%
    assert (change["sleep_hours"], change["sleep_percent"]) == (1.5, 25.0)
    assert (change["mood_mean"], change["mood_percent"]) == (1.0, 25.0)


@pytest.mark.parametrize(
    ("total", "name"),
    [(0, "normal"), (2, "normal"), (3, "mild"), (5, "mild"), (6, "moderate"), (8, "moderate"),
     (9, "severe"), (12, "severe")],
)  # fmt: skip
def test_phq4_bands_kroenke_2009(total, name):
    assert band(total) == name


def test_screen_total_band_history_and_fhir(painlog, tmp_path):
    assert painlog.ok("screen", "--history").stdout.strip() == Msg.SCREEN_HISTORY_NONE.value
    assert not painlog.db.exists()
    saved = painlog.ok("screen", "1", "2", "2", "1", "--at", "2026-12-01 09:00").stdout
    assert "PHQ-4 total 6/12 (moderate)" in saved
    painlog.ok("screen", "0", "0", "1", "0", "--at", "2026-12-06 09:00")
    history = painlog.json("screen", "--history")["screens"]
    assert [(s["day"], s["gad2"], s["phq2"], s["total"], s["band"]) for s in history] == [
        ("2026-12-01", 3, 3, 6, "moderate"),
        ("2026-12-06", 0, 1, 1, "normal"),
    ]
    text = painlog.ok("screen", "--history", env={"COLUMNS": "80", "NO_COLOR": "1"}).stdout
    assert "2026-12-01  GAD-2 3/6  PHQ-2 3/6  PHQ-4 total 6/12 moderate" in text
    assert all(len(line) <= 80 for line in text.splitlines())
    bad = painlog("screen", "1", "--history")
    assert bad.exit_code == 2
    out = tmp_path / "f.json"
    painlog.ok("export", "--format", "fhir", "-o", str(out))
    panels = [
        e["resource"] for e in json.loads(out.read_text())["entry"]
        if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "69724-3"
    ]  # fmt: skip
    assert [p["valueQuantity"]["value"] for p in panels] == [6, 1]
    assert len(panels[0]["component"]) == 4
    summary = painlog.json("summary", "--since", "2026-11-30", "--until", "2026-12-06")
    assert summary["weeks"][0]["screen"] == {"phq2": 1, "gad2": 0, "total": 1, "band": "normal"}


def test_acetaminophen_limit_wording_names_both_figures(painlog):
    for hour in ("06:00", "10:00", "14:00", "18:00", "22:00"):
        result = painlog.ok("add", "med", "acetaminophen", "1000mg", "--at", f"2026-12-05 {hour}")
    line = " ".join(result.stderr.split())
    assert "5,000 mg across all products, over 4,000 mg" in line
    assert "many over-the-counter labels say 3,000 mg" in line
    text = " ".join(
        painlog.ok("summary", "--since", "2026-11-30", "--until", "2026-12-06",
                   env={"COLUMNS": "80", "NO_COLOR": "1"}).stdout.split()
    )  # fmt: skip
    assert " ".join(say(Msg.APAP_SOURCES).split()) in text


def test_experiment_states_smallest_p_and_not_blinded():
    from painlog.cli.experiments import result_lines
    from painlog.plan.experiment import Result

    found = Result(pairs=3, on_mean=3.0, off_mean=5.0, mean_difference=-2.0, ci95=(-2.0, -2.0),
                   p_value=0.25, kept_percent=100.0, too_little_data=False)  # fmt: skip
    assert found.smallest_p == 0.25  # 2 / 2^3
    text = " ".join(result_lines("yoga", "pain", found))
    assert "With 3 pairs the smallest p-value possible is 0.25" in text
    assert "not blinded" in text
    assert Result(pairs=5, on_mean=0, off_mean=0, mean_difference=0, ci95=None, p_value=1,
                  kept_percent=100, too_little_data=False).smallest_p == 0.0625  # fmt: skip
