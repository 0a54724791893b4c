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
    return [f"- {_escape(item)}" for item in items] or [empty]


def render(data: ReportData, paper: str = "A4") -> bytes:
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
        content.flares(data),
        "",
        content.peg(data),
        "",
        "## Sleep, mood, exercise",
        "",
        *[f"- {line}" for line in content.totals(data)],
        *[f"- {line}" for line in content.patterns(data)],
        "",
        "## Medication",
        "",
        *(_table(content.medication_table(data)) or ["No medication logged.", ""]),
        "Side effects noted:",
        *_bullets(content.side_effects(data), "- none noted"),
        "",
        content.therapy(data),
        "",
        "## Questions for this visit",
        "",
        *_bullets(content.questions(data), "- none"),
        "",
        "## Notes for the clinician",
        "",
        *_bullets(content.clinic_notes(data), "- none"),
        "",
    ]
    return "\n".join(lines).encode("utf-8")
