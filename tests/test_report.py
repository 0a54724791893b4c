"""Clinic visits, questions, PEG, and the one-page report in md, html and pdf."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from pypdf import PdfReader

from painlog import clock
from painlog.demo.story import DEMO_WEEKS, MEDICATION_CHANGE_DAY, build_demo_journal
from tests.conftest import Painlog


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    made = build_demo_journal(tmp_path_factory.mktemp("demo"))
    journal = Painlog(made.path)
    journal.ok("ask", "Can I take naproxen with my new prescription?")
    journal.ok("peg", "--pain", "6", "--enjoyment", "5", "--activity", "6", "--at", "2 weeks ago")
    journal.ok("peg", "--pain", "5", "--enjoyment", "4", "--activity", "5")
    journal.ok("visit", "add", made.first_day.isoformat(), "--with", "Dr. Rao, pain clinic")
    journal.ok(
        "add", "note", "<script>alert('x')</script> & **bold** | pipe", "--tag", "clinic",
        "--at", "yesterday 8pm",
    )  # fmt: skip
    return journal


def test_visits_and_questions(painlog):
    painlog.ok("visit", "add", "2026-11-10", "--with", "Dr. Rao, pain clinic", "--note", "new plan")
    assert "2026-11-10  Dr. Rao, pain clinic - new plan" in painlog.ok("visit", "list").stdout
    added = painlog.ok("ask", "Can I take naproxen with my new prescription?").stdout
    short = added.rsplit("(", 1)[1][:8]
    assert "Can I take naproxen" in painlog.ok("ask", "--list").stdout
    painlog.ok("ask", "done", short[:5])
    assert "No open questions" in painlog.ok("ask", "--list").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["peg", "--pain", "11", "--enjoyment", "5", "--activity", "5"], "peg pain: '11'"),
        (["peg", "--pain", "5", "--enjoyment", "4.5", "--activity", "5"], "peg enjoyment: '4.5'"),
        (["visit", "add", "someday"], "DATE: 'someday' is not accepted"),
        (["ask", "done", "zzzz"], "id: no question starts with 'zzzz'"),
        (["ask", "   "], "question: '   ' is not accepted"),
        (
            ["report", "-o", "report.docx"],
            "--format: '.docx' is not accepted; give md, html or pdf.",
        ),
        (["report", "-o", "r.pdf", "--paper", "a3"], "--paper: 'a3' is not accepted"),
        (
            ["report", "-o", "r.pdf", "--since", "2026-11-01", "--since-last-visit"],
            "--since and --since-last-visit: give one of them",
        ),
    ],
)
def test_bad_clinic_input(painlog, args, message):
    painlog.ok("add", "pain", "4")
    before = painlog.fingerprint()
    result = painlog(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {message}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert painlog.fingerprint() == before


def test_peg_score_is_the_mean_of_three(painlog):
    assert (
        "Saved PEG score 6.0 of 10"
        in painlog.ok("peg", "--pain", "7", "--enjoyment", "5", "--activity", "6").stdout
    )
    asked = painlog.ok("peg", input="4\n11\n5\n6\n")
    assert "Saved PEG score 5.0 of 10" in asked.stdout
    assert "peg enjoyment: '11' is not accepted" in asked.stderr


def test_markdown_report(demo, tmp_path):
    # The demo's story ends yesterday; its side effect falls 3 days after the medication change.
    first_day = clock.today() - timedelta(days=DEMO_WEEKS * 7)
    side_effect_day = first_day + timedelta(days=MEDICATION_CHANGE_DAY + 3)
    out = tmp_path / "report.md"
    result = demo.ok("report", "-o", str(out))
    assert "since the last visit on" in result.stdout
    text = out.read_text()
    assert (out.stat().st_mode & 0o777) == 0o600
    for expected in (
        "# Pain journal:",
        "Logged on",
        "| Week of | Pain avg |",
        "## Medication",
        "naproxen",
        "Days used",
        "## Side effects",
        f"{side_effect_day.day} {side_effect_day:%b}: duloxetine (mild): nausea in the mornings",
        "physical therapy 4 (180 min)",
        "## Plan and how it went",
        "duloxetine 60 mg at 08:00: ",
        "doses taken (",
        "within 2 h of the time (",
        "naproxen 250 mg as needed (at most 1000 mg a day, 8 h apart): ",
        "home exercises 5 times a week, 20 min or more: ",
        "Changes in this period:",
        "duloxetine 30 mg at 08:00 → duloxetine 60 mg at 08:00 (Dr. Rao)",
        "PGIC since the last visit",
        "Flares",
        "PEG (pain, enjoyment, activity",
        "Can I take naproxen with my new prescription?",
        "## Notes for the clinician",
    ):
        assert expected in text, expected
    assert "\\<script\\>" in text and "\\*\\*bold\\*\\*" in text and "\\| pipe" in text


def test_html_report_is_self_contained_and_inert(demo, tmp_path):
    out = tmp_path / "report.html"
    demo.ok("report", "-o", str(out), "--since", "4 weeks ago")
    html = out.read_text()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; **bold**" in html
    assert html.count('src="data:image/png;base64,') == 2
    assert "http://" not in html and "https://" not in html
    assert "default-src 'none'" in html
    assert "Can I take naproxen" in html


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_pdf_report_is_one_page_with_the_expected_text(demo, tmp_path, paper):
    out = tmp_path / "report.pdf"
    demo.ok("report", "--format", "pdf", "-o", str(out), "--paper", paper)
    assert (out.stat().st_mode & 0o777) == 0o600
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    width = float(reader.pages[0].mediabox.width)
    assert round(width) == (595 if paper == "a4" else 612)
    text = " ".join(reader.pages[0].extract_text().split())
    for expected in (
        "Pain journal:",
        "Logged on",
        "Week of",
        "naproxen",
        "Side effects",
        "Plan and how it went",
        "Questions for this visit",
        "Can I take naproxen with my new prescription?",
        "Notes for the clinician",
        "PEG",
    ):
        assert expected in text, expected
    assert len(reader.pages[0].images) == 2


def test_report_default_period_without_a_visit_is_four_weeks(painlog, tmp_path):
    painlog.ok("add", "pain", "5")
    out = tmp_path / "r.md"
    result = painlog.ok("report", "-o", str(out))
    assert "(the last 4 weeks)" in result.stdout


def test_report_needs_a_journal(painlog, tmp_path):
    result = painlog("report", "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 1
    assert "No journal at" in result.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_heavy_imports_stay_out_of_everyday_commands(tmp_path):
    code = (
        "import sys\nfrom painlog.cli import app\n"
        f"app(['--db', {str(tmp_path / 'j.db')!r}, 'add', 'pain', '5'], standalone_mode=False)\n"
        f"app(['--db', {str(tmp_path / 'j.db')!r}, 'summary', '--json'], standalone_mode=False)\n"
        "heavy = [m for m in ('matplotlib', 'fpdf', 'plotext', 'rich', 'numpy') if m in sys.modules]\n"
        "print('heavy:' + ','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "heavy:"


def test_a_long_period_with_many_questions_still_fits_one_page(tmp_path):
    made = build_demo_journal(tmp_path / "long")
    journal = Painlog(made.path)
    for number in range(12):
        journal.ok("ask", f"Question {number}: a long question about my medication and my sleep?")
    journal.ok("add", "note", "Please look at the October flare", "--tag", "clinic")
    out = tmp_path / "long.pdf"
    journal.ok("report", "-o", str(out), "--since", "16 weeks ago", "--paper", "letter")
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for number in range(12):  # never dropped for what comes below them (SPEC.md)
        assert f"Question {number}: a long question" in text
    # Notes come last: shown if they fit, else the page names what it left out, and where.
    assert "Please look at the October flare" in text or (
        "earlier note" in text and "in the full report: painlog report -o report.md" in text
    )
