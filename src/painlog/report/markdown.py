"""The report as Markdown, for pasting into a patient-portal message (text only, no images)."""

from __future__ import annotations

import re

from painlog.messages import visible
from painlog.report import content
from painlog.report.data import ReportData

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_BARE_LINK = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S+", re.IGNORECASE)
# What can start structure in the middle of a line (user text never starts one: line breaks
# are gone, and every line begins with painlog's own "- " or "| ").
_LINE_START = re.compile(r"\s*(?:[-+>=]|\d+[.)])")
_MARKDOWN = "\\`*_[]<>|#&~"


def _code_span(text: str) -> str:
    """``text`` as a code span (never a link), with a fence longer than any run inside."""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def _escape(text: str, starts_line: bool = True) -> str:
    """User text as plain Markdown text: every character that could start structure (a
    heading, table cell, link, emphasis, raw HTML, an entity, a list) backslash-escaped, line
    breaks shown as ↵ (a report line stays one line), bare URLs in code spans so no renderer
    links them, and control characters made visible. A table cell (``starts_line`` False) is
    inline text: nothing there starts a list, so "6.1" stays "6.1", not "6\\.1"."""
    text = visible(_LINE_BREAKS.sub(" ↵ ", text))
    parts, last = [], 0
    for link in _BARE_LINK.finditer(text):
        address = link.group().replace("|", "%7C")  # a pipe would end a table cell
        parts += [_backslashed(text[last : link.start()]), _code_span(address)]
        last = link.end()
    escaped = "".join([*parts, _backslashed(text[last:])])
    # Where it begins a line (the subtitle starts with the person's name): no list, quote or
    # setext underline.
    if starts_line and (starts := _LINE_START.match(escaped)):
        cut = starts.end() - 1
        escaped = escaped[:cut] + "\\" + escaped[cut:]
    return escaped


def _backslashed(text: str) -> str:
    return "".join("\\" + char if char in _MARKDOWN else char for char in text)


def _table(table: content.Table) -> list[str]:
    if not table.rows:
        return []
    headers = [_escape(header, starts_line=False) for header in table.headers]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(table.headers)]
    lines += [
        "| " + " | ".join(_escape(cell, starts_line=False) for cell in row) + " |"
        for row in table.rows
    ]
    return [*lines, ""]


def _bullets(items: list[str], empty: str) -> list[str]:
    return [f"- {_escape(item)}" for item in items] or ([empty] if empty else [])


def render(data: ReportData, paper: str = "A4") -> bytes:
    """The sections in SPEC.md's order: who and when, pain (and symptoms, and what stood out),
    the plan, questions, medicines and therapies, side effects, notes."""
    caption = content.table_notes(data)
    where = content.where_and_how(data)
    lines = [
        f"# {_escape(content.title(data))}",
        "",
        _escape(content.subtitle(data)),
        _escape(content.coverage(data)),
        "",
        "## Pain",
        "",
        _escape(content.pain(data)),
        "",
        *([_escape(where), ""] if where else []),
        *_table(content.weekly_table(data)),
        *([_escape(caption), ""] if caption else []),
        _escape(content.flares(data)),
        "",
        _escape(content.peg(data)),
        "",
        # each symptom's weeks and what stood out: with the pain, as on the PDF's page
        *[
            row
            for line, under in content.patterns(data)
            for row in (f"- {_escape(line)}", *(f"  - {_escape(item)}" for item in under))
        ],
        *([""] if content.patterns(data) else []),
        "## Plan and how it went",
        "",
        *([_escape(content.plan_empty(data) or "")] if content.plan_empty(data) else []),
        *_bullets(content.plan_items(data), ""),
        *(
            ["", "Changes in this period:", *_bullets(content.plan_changes(data), "")]
            if content.plan_changes(data)
            else []
        ),
        *(["", _escape(content.pgic(data) or "")] if content.pgic(data) else []),
        *(["", _escape(content.goals(data) or "")] if content.goals(data) else []),
        *(["", _escape(content.screen(data) or "")] if content.screen(data) else []),
        *(["", *_bullets(content.safety(data), "")] if content.safety(data) else []),
        *([content.mme_caveat(data) or ""] if content.mme_caveat(data) else []),
        *(["", *_bullets(content.experiment(data), "")] if content.experiment(data) else []),
        "",
        "## Questions for this visit",
        "",
        *_bullets(content.questions(data), "- no questions noted"),
        "",
        "## Medication and therapy",
        "",
        *(_table(content.medication_table(data)) or ["No medication logged.", ""]),
        _escape(content.therapy(data)),
        "",
        *[f"- {_escape(line)}" for line in content.totals(data)],
        "",
        "## Side effects",
        "",
        *_bullets(content.side_effects(data), f"- {content.NO_SIDE_EFFECTS}"),
        "",
        "## Notes for the clinician",
        "",
        *_bullets(content.clinic_notes(data), "- no notes for the clinician"),
        "",
    ]
    return "\n".join(line for line in lines if line is not None).encode("utf-8")
