"""The report as one self-contained HTML page: inline CSS, charts as data: URIs, no scripts,
no network fetches, and every string from the journal escaped."""

from __future__ import annotations

import base64
from html import escape as html_escape

from painlog.messages import visible
from painlog.report import content
from painlog.report.data import ReportData
from painlog.report.images import pain_chart, sleep_chart

STYLE = """
@page { size: %(paper)s; margin: 12mm; }
body { font: 10.5px/1.35 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222;
       max-width: 190mm; margin: 0 auto; }
h1 { font-size: 16px; margin: 0 0 2px; } h2 { font-size: 12px; margin: 10px 0 3px;
       border-bottom: 1px solid #ccc; }
p { margin: 2px 0; } ul { margin: 2px 0 2px 16px; padding: 0; }
table { border-collapse: collapse; margin: 4px 0; } th, td { padding: 1px 6px;
       text-align: right; border-bottom: 1px solid #eee; } th:first-child, td:first-child {
       text-align: left; } th { font-weight: 600; }
.charts { display: flex; gap: 6px; } .charts img { width: 50%%; }
.muted { color: #666; }
"""


def escape(text: str) -> str:
    """HTML-escaped, with control characters made visible (SPEC.md "Numbers on screen")."""
    return html_escape(visible(text))


def _image(png: bytes, alt: str) -> str:
    encoded = base64.b64encode(png).decode("ascii")
    return f'<img alt="{escape(alt)}" src="data:image/png;base64,{encoded}">'


def _table(table: content.Table) -> str:
    if not table.rows:
        return ""
    head = "".join(f"<th>{escape(cell)}</th>" for cell in table.headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _list(items: list[str], empty: str) -> str:
    if not items:
        return f'<p class="muted">{escape(empty)}</p>' if empty else ""
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def _nested(items: list[tuple[str, list[str]]]) -> str:
    """A list whose items may hold a list of their own (the findings under their heading)."""
    if not items:
        return ""
    return (
        "<ul>"
        + "".join(
            f"<li>{escape(item)}" + (_list(under, "") if under else "") + "</li>"
            for item, under in items
        )
        + "</ul>"
    )


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>" if text else ""


def render(data: ReportData, paper: str = "A4") -> bytes:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        # Nothing may be fetched or run: only inline styles and data: images.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'\">",
        f"<title>{escape(content.title(data))}</title>",
        f"<style>{STYLE % {'paper': escape(paper)}}</style></head><body>",
        f"<h1>{escape(content.title(data))}</h1>",
        f'<p class="muted">{escape(content.subtitle(data))}</p>',
        _p(content.coverage(data)),
        "<h2>Pain</h2>",
        _p(content.pain(data)),
        _p(content.where_and_how(data) or ""),
        '<div class="charts">',
        _image(pain_chart(data), "Pain chart: daily mean and daily worst"),
        _image(sleep_chart(data), "Sleep chart: hours per night"),
        "</div>",
        _table(content.weekly_table(data)),
        _p(content.table_notes(data) or ""),
        _p(content.flares(data)),
        _p(content.peg(data)),
        _nested(content.patterns(data)),  # each symptom's weeks, what stood out
        "<h2>Plan and how it went</h2>",
        _p(content.plan_empty(data) or ""),
        _list(content.plan_items(data), ""),
        _p("Changes in this period:") if content.plan_changes(data) else "",
        _list(content.plan_changes(data), ""),
        _p(content.pgic(data) or ""),
        _p(content.goals(data) or ""),
        _p(content.screen(data) or ""),
        _list(content.safety(data), ""),
        f'<p class="muted">{escape(content.mme_caveat(data) or "")}</p>'
        if content.mme_caveat(data)
        else "",
        _list(content.experiment(data), ""),
        "<h2>Questions for this visit</h2>",
        _list(content.questions(data), "no questions noted"),
        "<h2>Medication and therapy</h2>",
        _table(content.medication_table(data)) or _p("No medication logged."),
        _p(content.therapy(data)),
        _list(content.totals(data), ""),
        "<h2>Side effects</h2>",
        _list(content.side_effects(data), content.NO_SIDE_EFFECTS),
        "<h2>Notes for the clinician</h2>",
        _list(content.clinic_notes(data), "no notes for the clinician"),
        "</body></html>",
    ]
    return "\n".join(parts).encode("utf-8")
