"""The report as Markdown, for pasting into a patient-portal message (text only, no images)."""

from __future__ import annotations

from painlog.report import content
from painlog.report.data import ReportData


def _escape(text: str) -> str:
    # Keep user text from turning into Markdown structure (tables, links, emphasis, HTML).
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


def _table(table: content.Table) -> list[str]:
    if not table.rows:
        return []
    lines = ["| " + " | ".join(table.headers) + " |", "|" + "---|" * len(table.headers)]
    lines += ["| " + " | ".join(_escape(cell) for cell in row) + " |" for row in table.rows]
    return [*lines, ""]


def _bullets(items: list[str], empty: str) -> list[str]:
    return [f"- {_escape(item)}" for item in items] or ([empty] if empty else [])


def render(data: ReportData, paper: str = "A4") -> bytes:
    """The sections in SPEC.md's order: who and when, pain, the plan, questions, medicines and
    therapies, side effects, notes."""
    caption = content.weeks_caption(data)
    lines = [
        f"# {content.title(data)}",
        "",
        content.subtitle(data),
        content.coverage(data),
        "",
        "## Pain",
        "",
        content.pain(data),
        "",
        *_table(content.weekly_table(data)),
        *([caption, ""] if caption else []),
        content.flares(data),
        "",
        content.peg(data),
        "",
        "## Plan and how it went",
        "",
        *([content.plan_empty(data)] if content.plan_empty(data) else []),
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
        *_bullets(content.questions(data), "- none"),
        "",
        "## Medication and therapy",
        "",
        *(_table(content.medication_table(data)) or ["No medication logged.", ""]),
        content.therapy(data),
        "",
        *[f"- {line}" for line in content.totals(data) + content.patterns(data)],
        "",
        "## Side effects",
        "",
        *_bullets(content.side_effects(data), f"- {content.NO_SIDE_EFFECTS}"),
        "",
        "## Notes for the clinician",
        "",
        *_bullets(content.clinic_notes(data), "- none"),
        "",
    ]
    return "\n".join(line for line in lines if line is not None).encode("utf-8")
