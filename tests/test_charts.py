"""painlog chart and painlog calendar render at any width, with dates, and degrade clearly."""

from __future__ import annotations

import pytest

from painlog.insight.charts import render
from painlog.insight.summary import Period
from painlog.store.opener import open_journal


@pytest.fixture
def journal(painlog, tmp_path, make_rows):
    rows = []
    for day in range(1, 29):
        stamp = f"2026-10-{day:02d}"
        rows += [
            make_rows("pain", f"{stamp}T08:00:00+00:00", 3 + day % 4),
            make_rows("pain", f"{stamp}T20:00:00+00:00", 5 + day % 3),
            make_rows("sleep", f"{stamp}T07:00:00+00:00", 6 + day % 3),
            make_rows("mood", f"{stamp}T21:00:00+00:00", 4 + day % 5),
            make_rows("medication", f"{stamp}T09:00:00+00:00", 400, unit="mg", name="ibuprofen"),
        ]
        if day % 2:
            rows.append(make_rows("exercise", f"{stamp}T10:00:00+00:00", 30, name="walk"))
    painlog.import_rows(rows, tmp_path)
    return painlog


PERIOD = Period(
    since=__import__("datetime").date(2026, 10, 1), until=__import__("datetime").date(2026, 10, 28)
)


@pytest.mark.parametrize("width", [60, 160])
@pytest.mark.parametrize(
    "kinds", [["pain"], ["sleep"], ["mood"], ["exercise"], ["medication"], ["pain", "sleep"]]
)
def test_charts_render_at_narrow_and_wide_widths_with_dates(journal, monkeypatch, width, kinds):
    monkeypatch.setenv("NO_COLOR", "1")
    with open_journal(journal.db) as opened:
        text = render(opened, kinds, PERIOD, width=width)
    assert text is not None
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert "Oct 01" in text
    assert "\x1b[" not in text  # NO_COLOR: no escape codes


def test_pain_chart_has_both_lines_and_a_0_to_10_axis(journal, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    with open_journal(journal.db) as opened:
        text = render(opened, ["pain"], PERIOD, width=100)
    assert "daily mean" in text and "daily worst" in text
    assert "10┤" in text and " 0┤" in text


def test_default_chart_is_pain_and_sleep(journal):
    result = journal.ok("chart", "--since", "2026-10-01", "--until", "2026-10-28")
    assert "Pain (0-10)" in result.stdout
    assert "Sleep (hours per night)" in result.stdout


def test_chart_with_no_data_says_so(journal):
    result = journal.ok("chart", "--since", "2025-01-01", "--until", "2025-01-31")
    assert result.stdout.strip() == (
        "No pain or sleep logged from 2025-01-01 to 2025-01-31. Widen the period with "
        "--since, or log some with 'painlog add'."
    )


def test_chart_of_an_unchartable_kind(journal):
    before = journal.fingerprint()
    result = journal("chart", "note")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: chart: 'note' is not accepted; give one of pain")
    assert journal.fingerprint() == before


def test_calendar_shows_months_days_and_a_legend(journal):
    result = journal.ok("calendar", "--months", "2", env={"NO_COLOR": "1", "COLUMNS": "80"})
    text = result.stdout
    assert "Mo Tu We Th Fr Sa Su" in text
    assert "Mean pain per day" in text and "not logged" in text
    assert max(len(line) for line in text.splitlines()) <= 80
