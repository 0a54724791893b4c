"""The report as a one-page PDF (A4 or Letter) with fpdf2: no browser, no system tools.

Text uses DejaVu Sans, which ships with matplotlib, so accents and most scripts print on any
machine. The page never breaks: each section is cut short when the page is full, with a note
naming what was left out and the command that writes the full report.
"""

from __future__ import annotations

import copy
import importlib.util
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from painlog.messages import Msg, count, say
from painlog.report import content
from painlog.report.data import ReportData
from painlog.report.images import HEIGHT_INCHES, WIDTH_INCHES, pain_chart, sleep_chart

MARGIN = 12.0
LINE = 3.3  # 8 pt text with a little leading (1.17): the page is dense, not cramped
FONT = "DejaVu"
BODY = 8.0  # pt: paragraphs and bullets alike
ABOVE_HEADING, BELOW_HEADING = 1.2, 0.6
HEADING = ABOVE_HEADING + (LINE + 1) + BELOW_HEADING  # a heading's height with its spaces
NOTE_SIZE = 7.0


@dataclass(frozen=True)
class Text:
    """A paragraph or bullet as the page draws it."""

    text: str
    size: float = BODY
    line: float = LINE
    bullet: bool = False
    one_line: bool = False  # side effects and notes: one line each, cut with "…"


def _bullets(items: list[str], empty: str = "", one_line: bool = False) -> list[Text]:
    if not items:
        return [Text(empty, size=BODY)] if empty else []
    return [Text(item, size=BODY, bullet=True, one_line=one_line) for item in items]


def _font_folder() -> Path:
    spec = importlib.util.find_spec("matplotlib")
    assert spec and spec.submodule_search_locations
    return Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"


class OnePage(FPDF):
    """One page, never broken: each section keeps room for those after it that must not be
    dropped, and whatever does not fit is named where it would have been, with the command
    that writes the full report (never a silent drop)."""

    def __init__(
        self,
        paper: str,
        full_report: str,
        measured: dict[tuple[str, str, float, float, float], int],
    ) -> None:
        super().__init__(orientation="P", unit="mm", format=paper.upper())
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        folder = _font_folder()
        self.add_font(FONT, "", str(folder / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(folder / "DejaVuSans-Bold.ttf"))
        self.add_page()
        self.full_report = full_report
        self.measured = measured  # lines by (text, style, size, width, line): render lays out
        # the page up to a dozen times, and measuring text is most of the work
        self.cut = False  # anything at all was left out (render then tries smaller charts)
        self.reserve = 0.0  # height kept free for later sections that must not be dropped
        # the longest note the page may write, so the room kept for one is enough
        longest = say(Msg.REPORT_MORE, more=LONGEST_MORE, command=full_report)
        self.note_height = self.height(Text(longest, size=NOTE_SIZE))

    @property
    def room(self) -> float:
        return self.h - MARGIN - self.get_y() - self.reserve

    def _prepared(self, block: Text) -> str:
        text = ("• " if block.bullet else "") + block.text
        return self.cut_to_width(text, block.size) if block.one_line else text

    def height(self, block: Text, width: float = 0) -> float:
        """Its height across the page (or in a column ``width`` wide)."""
        self.set_font(FONT, "", block.size)
        return block.line * self.lines(self._prepared(block), width, block.line)

    def lines(self, text: str, width: float, line: float = LINE) -> int:
        """How many lines ``text`` takes in the current font, ``width`` wide (0: the page)."""
        key = (text, self.font_style, self.font_size_pt, width, line)
        if key not in self.measured:
            found = self.multi_cell(width, line, text, dry_run=True, output="LINES")
            self.measured[key] = len(found)  # type: ignore[arg-type]  # LINES: a list
        return self.measured[key]

    def total(self, blocks: list[Text]) -> float:
        return sum(self.height(block) for block in blocks)

    def draw(self, block: Text, x: float = MARGIN, width: float = 0) -> None:
        self.set_font(FONT, "", block.size)
        self.set_x(x)
        align = "L" if width else "J"  # a narrow column is not justified: gaps would open
        self.multi_cell(
            width, block.line, self._prepared(block), align=align, new_x=XPos.LEFT, new_y=YPos.NEXT
        )

    def note(self, message: Msg, **fields: object) -> None:
        """What was left out here, and where to read it."""
        self.cut = True
        self.draw(Text(say(message, command=self.full_report, **fields), size=NOTE_SIZE))

    def heading(self, text: str) -> None:
        """Drawn whatever the room: every section keeps room for its heading and a note."""
        self.ln(ABOVE_HEADING)
        self.set_font(FONT, "B", 10)
        self.cell(0, LINE + 1, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(180, 180, 180)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
        self.ln(BELOW_HEADING)

    def blocks(self, blocks: list[Text], left_out: tuple[str, ...] = ()) -> None:
        """In order while they fit, each leaving room for the note; then one note naming what
        this section left out (``left_out``, already, and the lines that did not fit)."""
        left = list(left_out)
        for index, block in enumerate(blocks):
            later = index < len(blocks) - 1 or bool(left)
            if self.room < self.height(block) + (self.note_height if later else 0):
                left.append(count(len(blocks) - index, "more line"))
                break
            self.draw(block)
        if left:
            self.note(Msg.REPORT_MORE, more=" and ".join(left))

    def cut_to_width(self, text: str, size: float) -> str:
        """One line of the page's width, cut with "…" (side effects and notes)."""
        self.set_font(FONT, "", size)
        width = self.w - 2 * MARGIN - 1
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def row_height(self, cells: list[str], widths: tuple[int, ...], bold: bool = False) -> float:
        """A table row's height: a cell (a medicine's name, a heading in bold) may wrap."""
        self.set_font(FONT, "B" if bold else "", TABLE_SIZE)
        pairs = zip(cells, widths, strict=True)
        return LINE * max(1, *(self.lines(cell, width) for cell, width in pairs))

    def rows_that_fit(
        self, table: content.Table, widths: tuple[int, ...], room: float, latest: bool = True
    ) -> list[list[str]]:
        """The latest rows that fit in ``room`` under the headings (or, ``latest=False``, the
        first: medicines come most used first)."""
        used = self.row_height(table.headers, widths, bold=True) + 1
        chosen: list[list[str]] = []
        for cells in reversed(table.rows) if latest else table.rows:
            used += self.row_height(cells, widths)
            if used > room:
                break
            chosen.append(cells)
        return chosen[::-1] if latest else chosen

    def table(  # type: ignore[override]
        self, table: content.Table, widths: tuple[int, ...], rows: list[list[str]]
    ) -> None:
        self.set_font(FONT, "", TABLE_SIZE)
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


TABLE_SIZE = 7.5
LONGEST_MORE = "all 999 medicines and 999 more lines"  # the room one note may need
MIN_WEEKS = 4  # the weekly table gives way to its latest 4 weeks before any text does
SIDE_GAP, SIDE_LEAST = 3.0, 45.0  # mm: the column beside smaller charts, when it is this wide
CHART_SCALES = (1.0, 0.85, 0.7, 0.6)
NOTES_KEPT = 3  # side effects and clinician notes whose room is kept on the page
QUESTIONS_SHARE = 0.4  # of the page's height, the most the questions keep for themselves


def render(data: ReportData, paper: str = "A4") -> bytes:
    """The page; when something would be cut, the charts shrink first (to 85%, 70%, then 60%),
    then the weekly table shows fewer of its latest weeks (down to 4), and only then does text
    give way, from the bottom of SPEC's order up, saying what and where it is."""
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    logging.getLogger("fpdf").setLevel(logging.ERROR)  # a missing glyph (emoji) prints blank
    charts = (pain_chart(data), sleep_chart(data))
    # a blank page with its fonts, copied for each try (reading the fonts is most of a new one)
    blank = OnePage(paper, content.full_report(data), {})
    for scale in CHART_SCALES:
        pdf = _layout(data, blank, charts, scale)
        if not pdf.cut:
            return bytes(pdf.output())
    # then the weekly table shows fewer of its latest weeks ("latest N of M weeks", SPEC): the
    # most that leave nothing cut, found by halving (fewer weeks never cut more)
    most, least = len(data.weeks) - 1, MIN_WEEKS
    chosen = None
    while most >= least:
        weeks = (most + least) // 2
        tried = _layout(data, blank, charts, CHART_SCALES[-1], weeks)
        if tried.cut:
            most = weeks - 1
        else:
            chosen, least = tried, weeks + 1
    if chosen is None and len(data.weeks) > MIN_WEEKS:
        chosen = _layout(data, blank, charts, CHART_SCALES[-1], MIN_WEEKS)
    return bytes((chosen or pdf).output())


def _layout(
    data: ReportData,
    blank: OnePage,
    charts: tuple[bytes, bytes],
    scale: float,
    weeks: int | None = None,
) -> OnePage:
    pdf = copy.deepcopy(blank)
    pdf.measured = blank.measured  # one measure of each text for every try
    pdf.set_title(content.title(data))
    pdf.set_creator("painlog")
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 7, content.title(data), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.draw(Text(content.subtitle(data), size=7.5))
    pdf.draw(Text(content.coverage(data)))

    # Room kept for what comes later: every section its heading and a note at least; the
    # questions all of theirs (up to a share of the page: SPEC (4), never dropped for anything
    # below them); the first side effects and the latest notes for the clinician (issue 25:
    # they were always crowded off the page). What gives way is the text above, named.
    least = HEADING + pdf.note_height
    questions = _bullets(content.questions(data), "no questions noted")
    effects = _bullets(content.side_effects(data), content.NO_SIDE_EFFECTS, one_line=True)
    notes = _bullets(content.clinic_notes(data), "no notes for the clinician", one_line=True)
    page = pdf.h - 2 * MARGIN
    keep_questions = HEADING + min(pdf.total(questions), page * QUESTIONS_SHARE)
    keep_effects = HEADING + pdf.total(effects[:NOTES_KEPT])
    keep_effects += pdf.note_height if len(effects) > NOTES_KEPT else 0
    keep_notes = HEADING + pdf.total(notes[-NOTES_KEPT:])
    keep_notes += pdf.note_height if len(notes) > NOTES_KEPT else 0

    pdf.reserve = least + keep_questions + least + keep_effects + keep_notes
    _pain(pdf, data, charts, scale, weeks)

    pdf.reserve = keep_questions + least + keep_effects + keep_notes
    pdf.heading("Plan and how it went")
    pdf.blocks(_plan(data))

    pdf.reserve = least + keep_effects + keep_notes
    pdf.heading("Questions for this visit")
    pdf.blocks(questions)

    pdf.reserve = keep_effects + keep_notes
    pdf.heading("Medication and therapy")
    _medicines(pdf, data)

    pdf.reserve = keep_notes
    pdf.heading("Side effects")
    pdf.blocks(effects)

    pdf.reserve = 0.0
    pdf.heading("Notes for the clinician")
    if pdf.total(notes) <= pdf.room:
        pdf.blocks(notes)
    else:  # the latest that fit, and how many earlier ones the full report holds
        shown = 0
        while shown < len(notes) and pdf.total(notes[-shown - 1 :]) + pdf.note_height <= pdf.room:
            shown += 1
        for block in notes[len(notes) - shown :]:
            pdf.draw(block)
        pdf.note(Msg.REPORT_MORE, more=count(len(notes) - shown, "earlier note"))
    return pdf


def _pain(
    pdf: OnePage,
    data: ReportData,
    charts: tuple[bytes, bytes],
    scale: float,
    weeks: int | None,
) -> None:
    """Pain and symptoms (SPEC (2)): the figures, the charts with PEG and flares, the weekly
    table (its latest ``weeks``) with its notes, each symptom's weeks and what stood out. The
    weekly table gives way first, showing its latest weeks: what follows it is kept (issue
    27)."""
    pdf.heading("Pain")
    pdf.blocks([Text(content.pain(data)), *_text(content.where_and_how(data))])
    weekly = content.weekly_table(data)
    widths = (20, 16, 13, 13, 13, 16, 13, 22, 24)[: len(weekly.headers)]
    after = [
        *_text(content.peg(data)),
        *_text(content.flares(data)),
        *_text(content.symptoms_line(data)),
        *_text(content.patterns_line(data)),
    ]
    # the table's captions at their longest ("latest N of M weeks"), so the room is enough
    captions = pdf.total(_text(content.table_notes(data, 0), size=7))
    chart_width = (pdf.w - 2 * MARGIN - 4) / 2 * scale
    chart_height = chart_width * HEIGHT_INCHES / WIDTH_INCHES
    # Smaller charts leave a column beside them: flares and PEG (then the symptoms) go there
    # while they fit in the charts' height, in their order.
    side_x = MARGIN + 2 * chart_width + 4 + SIDE_GAP
    side_width = pdf.w - MARGIN - side_x
    beside: list[Text] = []
    if side_width >= SIDE_LEAST:
        used = 0.0
        for block in after:
            used += pdf.height(block, side_width)
            if used > chart_height:
                break
            beside.append(block)
    after = after[len(beside) :]
    if pdf.room >= chart_height + 2 + pdf.total(after) + captions:
        top = pdf.get_y() + 1
        pdf.image(io.BytesIO(charts[0]), x=MARGIN, y=top, w=chart_width)
        pdf.image(io.BytesIO(charts[1]), x=MARGIN + chart_width + 4, y=top, w=chart_width)
        pdf.set_y(top)
        for block in beside:
            pdf.draw(block, side_x, side_width)
        pdf.set_y(top + chart_height + 1)
    else:
        after = beside + after
        pdf.note(Msg.REPORT_NO_CHARTS, command=content.full_report(data, "html"))
    room = pdf.room - pdf.total(after) - captions
    rows = pdf.rows_that_fit(weekly, widths, room)
    if len(rows) < len(weekly.rows) or (weeks is not None and weeks < len(weekly.rows)):
        # fewer weeks than the full report's: a note says where the others are
        rows = pdf.rows_that_fit(weekly, widths, room - pdf.note_height)
    rows = rows[len(rows) - weeks :] if weeks is not None and len(rows) > weeks else rows
    if rows:
        pdf.table(weekly, widths, rows)
    pdf.blocks(_text(content.table_notes(data, len(rows)), size=7))
    if len(rows) < len(weekly.rows):
        cut = pdf.cut
        pdf.note(Msg.REPORT_MORE, more=count(len(weekly.rows) - len(rows), "more week"))
        # the weeks render asked to leave out are no cut; fewer than it asked for are
        pdf.cut = cut or weeks is None or len(rows) < weeks
    pdf.blocks(after)


def _plan(data: ReportData) -> list[Text]:
    """The plan and how it went (SPEC (3)); function, mood, medicine safety and an experiment
    belong with it, a little smaller."""
    small, height = 7.5, 3.2
    changes = content.plan_changes(data)
    return [
        *_text(content.plan_empty(data)),
        *_bullets(content.plan_items(data)),
        *([Text("Changes in this period:", size=BODY), *_bullets(changes)] if changes else []),
        *_text(content.pgic(data)),
        *_text(content.goals(data), size=small, line=height),
        *_text(content.screen(data), size=small, line=height),
        *[Text(text, size=small, line=height) for text in content.safety(data)],
        *_text(content.mme_caveat(data), size=6, line=2.5),
        *[Text(text, size=small, line=height) for text in content.experiment(data)],
    ]


def _medicines(pdf: OnePage, data: ReportData) -> None:
    """Medicines most used first, as many rows as fit (SPEC (5)); beside the table, the
    therapy sessions, then sleep, mood, exercise and steps in one paragraph (the weekly table
    has them by week)."""
    medicines = content.medication_table(data)
    widths = (62, 14, 26, 18)
    therapy = Text(content.therapy(data), size=BODY)
    totals = Text(" ".join(content.totals(data)), size=BODY)
    if not medicines.rows:
        pdf.blocks([Text("No medication logged."), therapy, totals])
        return
    rows = pdf.rows_that_fit(medicines, widths, pdf.room - pdf.note_height, latest=False)
    if not rows:
        pdf.blocks([therapy, totals], (f"all {count(len(medicines.rows), 'medicine')}",))
        return
    side_x = MARGIN + sum(widths) + SIDE_GAP
    side_width = pdf.w - MARGIN - side_x
    beside = [therapy, totals]
    # room for the note below them too (1 mm: the gap under the column)
    while (
        beside and sum(pdf.height(b, side_width) for b in beside) > pdf.room - pdf.note_height - 1
    ):
        beside.pop()  # what cannot stand beside the table follows it, or is named
    top = pdf.get_y()
    pdf.table(medicines, widths, rows)
    bottom = pdf.get_y()
    pdf.set_y(top)
    for block in beside:
        pdf.draw(block, side_x, side_width)
    pdf.set_y(max(bottom, pdf.get_y() + 1))
    hidden = len(medicines.rows) - len(rows)
    left = (f"the {count(hidden, 'least used medicine')}",) if hidden else ()
    pdf.blocks([therapy, totals][len(beside) :], left)


def _text(text: str | None, size: float = BODY, line: float = LINE) -> list[Text]:
    return [Text(text, size=size, line=line)] if text else []
