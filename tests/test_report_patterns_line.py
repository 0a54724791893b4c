"""The report's patterns line names its outcome (pain: the report runs patterns with pain only)
and, when no candidate had enough days to be compared, says so instead of "none stood out among
0 comparisons" (SPEC.md "What goes with what"); md, html and PDF say the same words."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from tests.conftest import row

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))
DAYS = [(date(2026, 11, 20) + timedelta(days=offset)).isoformat() for offset in range(10)]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _journal(painlog, tmp_path, pain: list[float], coffee_days: range) -> None:
    rows = []
    for index, value in enumerate(pain):
        rows.append(row("pain", f"{DAYS[index]}T12:00:00+00:00", value))
        if index in coffee_days:
            rows.append(row("factor", f"{DAYS[index]}T09:00:00+00:00", name="coffee"))
    painlog.import_rows(rows, tmp_path)


def _reports(painlog, tmp_path) -> tuple[str, str, str]:
    """The md line, the html text and the PDF text of a report over the ten days."""
    texts = []
    for suffix in ("md", "html", "pdf"):
        out = tmp_path / f"r.{suffix}"
        painlog.ok("report", "-o", str(out), "--since", DAYS[0], "--until", DAYS[-1])
        if suffix == "pdf":
            text = " ".join(page.extract_text() for page in PdfReader(out).pages)
        else:
            text = out.read_text(encoding="utf-8")
            text = re.sub(r"<[^>]+>", " ", text) if suffix == "html" else text
        texts.append(" ".join(text.replace("\\", "").split()))
    md = [line for line in (tmp_path / "r.md").read_text().splitlines() if "- Patterns" in line]
    assert len(md) == 1
    return md[0].replace("\\", ""), texts[1], texts[2]


def test_too_few_days_says_so_and_how_many_candidates(painlog, tmp_path):
    # Three days of pain, coffee on one: coffee, short sleep and falling pressure are the three
    # candidates, none with 5 days of pain on each side.
    _journal(painlog, tmp_path, [5, 6, 4], range(1))
    line, html, pdf = _reports(painlog, tmp_path)
    expected = (
        "Patterns with pain: too few days to compare any of 3 candidates (each needs 5 days "
        "with pain with it and 5 without)."
    )
    assert line == f"- {expected}"
    assert expected in html and expected in pdf
    assert "among 0 comparisons" not in html + pdf


def test_none_stood_out_names_pain_and_the_count(painlog, tmp_path):
    # Pain 5 every day: coffee (days 1-5) tested the same day and the next, 2 comparisons, p = 1.
    _journal(painlog, tmp_path, [5] * 10, range(5))
    line, html, pdf = _reports(painlog, tmp_path)
    expected = "Patterns with pain: none stood out among 2 comparisons."
    assert line == f"- {expected}"
    assert expected in html and expected in pdf


def test_what_stood_out_is_with_pain(painlog, tmp_path):
    # Coffee days 5.5, 5.5, 5.6, 5.6, 5.6 (5.56, shown 5.6); the rest 4.1, 4.1, 4.1, 4.2, 4.2
    # (4.14, shown 4.1): the same day stands out (p = 2/252).
    _journal(painlog, tmp_path, [5.5, 5.5, 5.6, 5.6, 5.6, 4.1, 4.1, 4.1, 4.2, 4.2], range(5))
    line, html, pdf = _reports(painlog, tmp_path)
    head = "Patterns (2 comparisons, false-discovery rate 10%): went with pain, not causes:"
    assert line == f"- {head}"
    item = "factor:coffee (same day): 5.6 with, 4.1 without: +1.5 (95% interval"
    assert head in html and item in html
    assert head in pdf and item in pdf
