"""A symptom logged in the period but in no full week of it is listed, not left out (SPEC
"Symptoms and factors": the report lists each symptom logged in the period)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import Painlog

NOW = datetime(2026, 12, 9, 12, 0, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def journal(tmp_path) -> Painlog:
    journal = Painlog(tmp_path / "j.db")
    # Two full weeks (Mon 23 Nov - Sun 6 Dec) of pain and fatigue; nausea only on Mon 7 and
    # Tue 8 Dec, in the week that is still going (a part week of the period).
    for day in range(23, 31):
        journal.ok("add", "pain", "4", "--at", f"2026-11-{day} 09:00")
        journal.ok("add", "symptom", "fatigue", "5", "--at", f"2026-11-{day} 21:00")
    for day in range(1, 7):
        journal.ok("add", "pain", "4", "--at", f"2026-12-0{day} 09:00")
        journal.ok("add", "symptom", "fatigue", "3", "--at", f"2026-12-0{day} 21:00")
    for day in (7, 8):
        journal.ok("add", "symptom", "nausea", "6", "--at", f"2026-12-0{day} 10:00")
    return journal


def test_the_md_report_lists_a_symptom_of_part_weeks_only(journal, tmp_path):
    journal.ok("report", "--since", "2026-11-23", "-o", str(tmp_path / "r.md"))
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "fatigue (0-10): week of 23 Nov 5.0 (7 days); week of 30 Nov 3.3 (7 days)." in text
    assert "nausea: no full week logged (2 days in part weeks)." in text


def test_the_pdf_report_lists_it_too(journal, tmp_path):
    from pypdf import PdfReader

    journal.ok("report", "--since", "2026-11-23", "-o", str(tmp_path / "r.pdf"))
    text = " ".join(PdfReader(tmp_path / "r.pdf").pages[0].extract_text().split())
    assert "nausea: no full week logged (2 days in part weeks)" in text
