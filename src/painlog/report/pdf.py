"""The report as a one-page PDF (A4 or Letter) with fpdf2: no browser, no system tools.

Text uses DejaVu Sans, which ships with matplotlib, so accents and most scripts print on any
machine. The page never breaks: each section is cut short, with a note, when the page is full.
"""

from __future__ import annotations

import importlib.util
import io
import logging
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from painlog.report import content
from painlog.report.data import ReportData
from painlog.report.images import HEIGHT_INCHES, WIDTH_INCHES, pain_chart, sleep_chart

MARGIN = 12.0
LINE = 3.45
FONT = "DejaVu"


def _font_folder() -> Path:
    spec = importlib.util.find_spec("matplotlib")
    assert spec and spec.submodule_search_locations
    return Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"


class OnePage(FPDF):
    def __init__(self, paper: str) -> None:
        super().__init__(orientation="P", unit="mm", format=paper.upper())
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        folder = _font_folder()
        self.add_font(FONT, "", str(folder / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(folder / "DejaVuSans-Bold.ttf"))
        self.add_page()
        self.full = False
        self.cut = False  # anything at all was left out (render then tries smaller charts)
        self.reserve = 0.0  # height kept free for a later section that must not be dropped

    @property
    def room(self) -> float:
        return self.h - MARGIN - self.get_y() - self.reserve

    def fits(self, height: float) -> bool:
        if self.room >= height:
            return True
        self.cut = True
        if not self.full:
            self.full = True
            self.set_font(FONT, "", 7)
            self.set_x(MARGIN)
            self.cell(0, LINE, "(More in the journal: this page holds what fits.)")
            self.ln(LINE)
            self.set_x(MARGIN)
        return False

    def heading(self, text: str) -> None:
        if not self.fits(LINE * 3):
            return
        self.ln(1.5)
        self.set_font(FONT, "B", 10)
        self.cell(0, LINE + 1, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(180, 180, 180)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
        self.ln(0.8)

    def paragraph(self, text: str, size: float = 8.5, line: float = LINE) -> None:
        if self.full or not text:
            return
        self.set_font(FONT, "", size)
        self.set_x(MARGIN)
        lines = self.multi_cell(0, line, text, dry_run=True, output="LINES")
        if self.fits(line * len(lines)):  # type: ignore[arg-type]  # LINES: a list
            self.multi_cell(0, line, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def bullets(self, items: list[str], empty: str, one_line: bool = False) -> None:
        for item in items or ([empty] if empty else []):
            text = ("• " if items else "") + item
            if one_line:
                text = self.cut_to_width(text, size=8)
            self.paragraph(text, size=8)
            if self.full:
                return

    def cut_to_width(self, text: str, size: float) -> str:
        """One line of the page's width, cut with "…" (side effects and notes)."""
        self.set_font(FONT, "", size)
        width = self.w - 2 * MARGIN - 1
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def height_of(self, items: list[str], size: float = 8) -> float:
        self.set_font(FONT, "", size)
        lines = sum(
            len(self.multi_cell(0, LINE, "• " + item, dry_run=True, output="LINES"))  # type: ignore[arg-type, misc]
            for item in items
        )
        return lines * LINE + LINE * 3

    def table(  # type: ignore[override]
        self, table: content.Table, widths: tuple[int, ...], latest: bool = True
    ) -> int:
        """Draw the table's latest rows that fit (or, ``latest=False``, its first: medicines
        come most used first); returns how many were drawn."""
        if not table.rows or not self.fits(LINE * 3):
            return 0
        self.set_font(FONT, "", 7.5)
        fitting = max(1, int((self.room - LINE) / (LINE + 0.4)) - 1)
        rows = table.rows[-fitting:] if latest else table.rows[:fitting]
        with super().table(
            col_widths=widths,
            width=sum(widths),
            align="LEFT",
            line_height=LINE,
            text_align=("LEFT", *(["RIGHT"] * (len(widths) - 1))),
            borders_layout="HORIZONTAL_LINES",
            first_row_as_headings=True,
        ) as grid:
            for cells in [table.headers, *rows]:
                row = grid.row()
                for cell in cells:
                    row.cell(cell)
        self.ln(1)
        return len(rows)


CHART_SCALES = (1.0, 0.85, 0.7, 0.6)
NOTES_KEPT = 3  # clinician notes whose room is kept on the page


def render(data: ReportData, paper: str = "A4") -> bytes:
    """The page; when something would be cut, the charts shrink first (to 85%, 70%, then 60%) and
    only then does text give way, in SPEC's order, saying so."""
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    logging.getLogger("fpdf").setLevel(logging.ERROR)  # a missing glyph (emoji) prints blank
    charts = (pain_chart(data), sleep_chart(data))
    for scale in CHART_SCALES:
        pdf = _layout(data, paper, charts, scale)
        if not pdf.cut:
            break
    return bytes(pdf.output())


def _layout(data: ReportData, paper: str, charts: tuple[bytes, bytes], scale: float) -> OnePage:
    pdf = OnePage(paper)
    pdf.set_title(content.title(data))
    pdf.set_creator("painlog")
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 7, content.title(data), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.paragraph(content.subtitle(data), size=7.5)
    pdf.paragraph(content.coverage(data))

    # The questions are never dropped for anything above or below them: their room is kept.
    # The clinician notes keep room for their first lines too (issue 25: they were always
    # crowded off the page); what gives way is the text above, cut with its note.
    questions = content.questions(data)
    notes = content.clinic_notes(data)
    notes_room = pdf.height_of(notes[-NOTES_KEPT:] or ["none"]) if notes else 0.0
    # Side effects (6) rank above the notes (7): when the notes keep room, so do they.
    effects = content.side_effects(data)
    effects_room = pdf.height_of(effects[:NOTES_KEPT] or ["none"]) if notes else 0.0
    pdf.reserve = min(pdf.height_of(questions or ["none"]), (pdf.h - 2 * MARGIN) * 0.4)
    pdf.reserve += effects_room + notes_room

    pdf.heading("Pain")
    pdf.paragraph(content.pain(data))
    pdf.paragraph(content.where_and_how(data) or "")
    chart_width = (pdf.w - 2 * MARGIN - 4) / 2 * scale
    chart_height = chart_width * HEIGHT_INCHES / WIDTH_INCHES
    if pdf.fits(chart_height + 2):
        top = pdf.get_y() + 1
        pdf.image(io.BytesIO(charts[0]), x=MARGIN, y=top, w=chart_width)
        pdf.image(io.BytesIO(charts[1]), x=MARGIN + chart_width + 4, y=top, w=chart_width)
        pdf.set_y(top + chart_height + 1)
    weekly = content.weekly_table(data)
    widths = (20, 16, 13, 13, 13, 16, 13, 22, 24)[: len(weekly.headers)]
    shown = pdf.table(weekly, widths)
    pdf.paragraph(content.table_notes(data, shown) or "", size=7)
    pdf.paragraph(content.flares(data))
    pdf.paragraph(content.peg(data))

    pdf.heading("Plan and how it went")
    pdf.paragraph(content.plan_empty(data) or "")
    pdf.bullets(content.plan_items(data), "")
    if content.plan_changes(data):
        pdf.paragraph("Changes in this period:", size=8)
        pdf.bullets(content.plan_changes(data), "")
    pdf.paragraph(content.pgic(data) or "")
    # Function, mood, medicine safety and an experiment belong with the plan (SPEC "Clinic
    # report" (3)); a little smaller, so the page keeps room for what follows.
    small, height = 7.5, 3.2
    pdf.paragraph(content.goals(data) or "", size=small, line=height)
    pdf.paragraph(content.screen(data) or "", size=small, line=height)
    for text in content.safety(data):
        pdf.paragraph(text, size=small, line=height)
    pdf.paragraph(content.mme_caveat(data) or "", size=6, line=2.5)
    for text in content.experiment(data):
        pdf.paragraph(text, size=small, line=height)

    pdf.reserve = 0.0
    pdf.full = False
    pdf.heading("Questions for this visit")
    pdf.bullets(questions, "no questions noted")
    pdf.reserve = effects_room + notes_room

    pdf.heading("Medication and therapy")
    medicines = content.medication_table(data)
    drawn = pdf.table(medicines, (92, 16, 48, 20), latest=False)
    if 0 < drawn < len(medicines.rows):
        pdf.paragraph(f"(the {drawn} most used of {len(medicines.rows)} medicines)", size=7)
    if not data.medications:
        pdf.paragraph("No medication logged.")
    pdf.paragraph(content.therapy(data))
    # symptoms and what stood out before the totals: when room runs short, totals go first
    pdf.bullets(content.patterns(data) + content.totals(data), "")
    pdf.reserve = notes_room
    pdf.full = False
    pdf.heading("Side effects")
    pdf.bullets(effects, content.NO_SIDE_EFFECTS, one_line=True)
    pdf.reserve = 0.0
    pdf.full = False
    pdf.heading("Notes for the clinician")
    if len(notes) > NOTES_KEPT and pdf.room < pdf.height_of(notes) - LINE * 3:
        # the latest that fit, and the page says how many more the journal holds
        pdf.bullets(notes[-NOTES_KEPT:], "", one_line=True)
        pdf.paragraph(f"(latest {NOTES_KEPT} of {len(notes)} notes)", size=7)
    else:
        pdf.bullets(notes, "no notes for the clinician", one_line=True)
    return pdf
