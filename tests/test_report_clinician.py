"""The report as a clinician reads it in 60 seconds (issue 25): where it hurts and how, the
trend from full weeks, the over-limit day dated, medicines with strengths, every as-needed
painkiller in the PRN count, dated baselines, "patterns, not causes", notes in the PDF."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))  # a Monday
SINCE, UNTIL = "2026-11-16", "2026-12-07"  # 3 full weeks and Monday 7 Dec (partial)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _report(painlog, tmp_path, fmt="md"):
    out = tmp_path / f"r.{fmt}"
    painlog.ok("report", "--since", SINCE, "--until", UNTIL, "--format", fmt, "-o", str(out))
    return out


def _text(painlog, tmp_path):
    return " ".join(_report(painlog, tmp_path).read_text().split())


def test_where_it_hurts_and_how_with_counts(painlog, tmp_path):
    painlog.ok("add", "pain", "6", "--where", "lower back", "--where", "left hip", "--quality",
               "aching", "--trigger", "gardening", "--relief", "heat pack", "--at", "2026-11-20 09:00")  # fmt: skip
    painlog.ok("add", "pain", "5", "--where", "Lower back", "--quality", "aching",
               "--relief", "heat pack", "--at", "2026-11-21 09:00")  # fmt: skip
    painlog.ok("add", "pain", "4", "--where", "lower back", "--quality", "burning",
               "--at", "2026-11-22 09:00")  # fmt: skip
    text = _text(painlog, tmp_path)
    assert (
        "Pain entries naming each (count): Where: Lower back 3, left hip 1; How it feels: "
        "aching 2, burning 1; Worse with: gardening 1; Helped by: heat pack 2." in text
    )


def test_trend_from_full_weeks_and_the_partial_week_marked(painlog, tmp_path, make_rows):
    # weeks of 16, 23, 30 Nov: pain 6, 5, 4 every day; Monday 7 Dec (1 day): pain 2
    rows = []
    for offset in range(21):
        day = date(2026, 11, 16) + timedelta(days=offset)
        rows.append(make_rows("pain", f"{day}T09:00:00+00:00", 6 - offset // 7))
    rows.append(make_rows("pain", "2026-12-07T09:00:00+00:00", 2))
    painlog.import_rows(rows, tmp_path)
    text = _text(painlog, tmp_path)
    assert (
        "Trend (full weeks): weekly average 6.0 in the week of 16 Nov, 4.0 in the week of "
        "30 Nov (lower). The week of 7 Dec is partial (1 of 7 days: average 2.0)." in text
    )
    assert "| 7 Dec\\* |" in text and "\\* partial week: 7 Dec 1 of 7 days." in text


def test_over_limit_day_dated_strengths_and_every_prn_painkiller(painlog, tmp_path):
    painlog.ok("plan", "add", "med", "ibuprofen", "400mg", "--as-needed", "--from", "2026-11-01")
    painlog.ok("add", "med", "ibuprofen", "--at", "2026-11-18 09:00")
    # co-codamol outside the plan, 30/500 said once: 8 tablets on 19 Nov = 4,000 mg (not over),
    # 10 tablets on 20 Nov = 5,000 mg (over)
    painlog.ok("med", "co-codamol", "--contains", "codeine 30mg, paracetamol 500mg")
    for hour in ("06:00", "10:00", "14:00", "18:00"):
        painlog.ok("add", "med", "co-codamol", "2", "tablet", "--at", f"2026-11-19 {hour}")
    for hour in ("06:00", "09:00", "12:00", "15:00", "18:00"):
        painlog.ok("add", "med", "co-codamol", "2", "tablet", "--at", f"2026-11-20 {hour}")
    painlog.ok("add", "med", "duloxetine", "60mg", "--at", "2026-11-20 08:00")
    text = _text(painlog, tmp_path)
    assert "1 day over 4,000 mg (20 Nov 5,000 mg)" in text
    assert "| co-codamol (codeine 30mg, acetaminophen 500mg) | 9 | 18 tablets | 2 |" in text
    # PRN doses in the week of 16 Nov: ibuprofen 1 + co-codamol 9 (duloxetine is no painkiller)
    assert "| 16 Nov | – | – | – | 0/7 | – | – | – | 10 |" in text
    assert "painkillers taken outside the plan (co-codamol, ibuprofen)" in text


def test_a_baseline_before_the_period_is_dated(painlog, tmp_path):
    painlog.ok("goal", "add", "walk to the park and back")
    with time_machine.travel(datetime(2026, 10, 1, 12, 0, tzinfo=ZoneInfo("Europe/London")),
                             tick=False):  # fmt: skip
        painlog.ok("goal", "rate", "walk", "3")
    painlog.ok("goal", "rate", "walk", "6")
    text = _text(painlog, tmp_path)
    assert "walk to the park and back 3 (2026-10-01, before this period) → 6 (7 Dec)" in text
    assert "Mean 3 (baseline from 2026-10-01, before this period) → 6 (7 Dec) (+3)" in text


def test_therapy_day_comparison_says_patterns_not_causes(painlog, tmp_path, make_rows):
    rows = []
    for offset in range(21):
        day = date(2026, 11, 16) + timedelta(days=offset)
        rows.append(make_rows("pain", f"{day}T09:00:00+00:00", 4 if offset % 3 == 0 else 6))
        if offset % 3 == 0:
            rows.append(make_rows("therapy", f"{day}T10:00:00+00:00", 45, name="massage"))
    painlog.import_rows(rows, tmp_path)
    text = _text(painlog, tmp_path)
    # the therapy-day comparison is now painlog patterns' (issue 27): 7 massage days at 4.0
    # against 14 days without at 6.0, said as "went with", "not causes"
    assert "went with pain, not causes" in text
    assert "therapy:massage (same day): 4.0 with, 6.0 without: -2.0 (95% interval" in text


def test_clinician_notes_and_side_effects_are_in_the_pdf(painlog, tmp_path, make_rows):
    from pypdf import PdfReader

    rows = []
    for offset in range(21):
        day = date(2026, 11, 16) + timedelta(days=offset)
        rows.append(make_rows("pain", f"{day}T09:00:00+00:00", 5, location="lower back"))
        rows.append(make_rows("sleep", f"{day}T07:00:00+00:00", 7))
    painlog.import_rows(rows, tmp_path)
    for number in range(8):
        painlog.ok("ask", f"Question number {number} about the plan and the next steps?")
    painlog.ok("add", "side-effect", "duloxetine", "nausea in the mornings", "--at", "2026-11-20")
    painlog.ok("add", "note", "Would like to discuss reducing duloxetine", "--tag", "clinic",
               "--at", "2026-12-04 20:00")  # fmt: skip
    out = _report(painlog, tmp_path, "pdf")
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Notes for the clinician" in text
    assert "Would like to discuss reducing duloxetine" in text
    assert "nausea in the mornings" in text
    assert "Question number 7" in text  # the questions are never dropped
