"""Render a report (``reports.document.Document``) as a PDF, with fpdf2.

The text is set in DejaVu Sans (regular and bold), vendored in ``data/fonts`` and embedded in
the file as a subset, so French, German, Spanish, Norwegian and Greek all render and can be
copied or extracted (``pdftotext``). A4 pages with margins and automatic page breaks, headings
sized by level (level 2 and 3 also in the PDF outline), a contents list whose entries jump to
their section, bullet lists, key facts as bold label and value, tables with a header row
repeated on each page, links clickable where the document has an ``http``/``https`` address,
a footer with page numbers, and the title and language in the PDF metadata. A timeline is a
vector drawing (bars on a week axis with ticks, milestones as numbered diamonds on dashed lines,
so shape and not colour alone tells them apart) followed by its legend as text, so its phase
names and milestones can be read and extracted.

Deterministic: the creation date is the guide's date, or a fixed one, so the same document
gives the same bytes. Pure: a document in, bytes out.
"""

from __future__ import annotations

import datetime as dt
import re

from fpdf import FPDF, FontFace, XPos, YPos

from reports.document import (
    Block,
    Cell,
    Document,
    Facts,
    Heading,
    Items,
    Link,
    Note,
    Paragraph,
    Table,
    Timeline,
    safe_url,
    week_text,
    week_ticks,
)
from reports.guide import GeneralGuide, PersonalGuide, layout
from reports.words import words
from templates_library.library import PROJECT_ROOT

FONT_DIR = PROJECT_ROOT / "data" / "fonts"
FAMILY = "DejaVuSans"
FONTS = {"": FONT_DIR / "DejaVuSans.ttf", "B": FONT_DIR / "DejaVuSans-Bold.ttf"}
#: Creation date when the caller gives none: fixed, so that the output is reproducible.
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

MARGIN = 18.0  # mm, left and right
TOP = 16.0
BOTTOM = 16.0
BODY = 10.0  # pt
LINE = 5.0  # mm per body line
HEADING_SIZES = {1: 20.0, 2: 15.0, 3: 12.5, 4: 11.0}
TEXT = (26, 26, 26)
MUTED = (74, 74, 74)
ACCENT = (31, 78, 121)
LINK = (11, 79, 138)
RULE = (169, 183, 198)
STRIPE = (243, 246, 250)
MARK = (138, 59, 0)  # milestones: a dark orange, 7:1 on white
GRID = (197, 209, 222)


#: Whitespace but the no-break spaces, which keep "190 000 €" on one line in French.
_SPACES = re.compile(r"(?:(?![\u00a0\u202f])\s)+")


def _text(value: object) -> str:
    """One line of text: whitespace (line breaks included) collapsed to single spaces; no-break
    spaces are kept, so a French number is never split across lines."""
    return _SPACES.sub(" ", str(value)).strip()


class _Pdf(FPDF):
    """An A4 page with a footer: the document's title and "page n / total"."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-BOTTOM + 4)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        width = self.epw / 2
        self.cell(width, 5, self.footer_text, align="L")
        self.cell(width, 5, f"{self.page_no()} / {{nb}}", align="R")


class _Writer:
    def __init__(self, document: Document, created: dt.datetime) -> None:
        pdf = _Pdf(orientation="portrait", unit="mm", format="A4")
        for style, path in FONTS.items():
            pdf.add_font(FAMILY, style, str(path))
        pdf.set_margins(MARGIN, TOP, MARGIN)
        pdf.set_auto_page_break(True, margin=BOTTOM + 4)
        pdf.set_title(_text(document.title))
        pdf.set_lang(document.lang)
        pdf.set_creator("python -m reports")
        pdf.set_producer("fpdf2")
        pdf.set_creation_date(created)
        pdf.footer_text = _text(document.title)
        pdf.set_text_color(*TEXT)
        self.pdf = pdf
        self.document = document
        # Internal links of the contents list, one per section heading: page 1 until the heading
        # is reached (fpdf2 wants a page when the link is drawn), then set to its place.
        self.sections = {id(h): pdf.add_link(page=1) for h in document.sections()}
        self.outline_level = -1

    # --- helpers --------------------------------------------------------------------------

    def font(self, size: float = BODY, bold: bool = False, color: tuple[int, int, int] = TEXT):
        self.pdf.set_font(FAMILY, "B" if bold else "", size)
        self.pdf.set_text_color(*color)

    def paragraph(self, text: str, size: float = BODY, bold: bool = False, color=TEXT) -> None:
        self.font(size, bold, color)
        self.pdf.multi_cell(
            0, size * 0.5, _text(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def gap(self, height: float) -> None:
        self.pdf.ln(height)

    def keep_space(self, height: float) -> None:
        """Start a new page if fewer than ``height`` mm are left (no heading alone at a foot)."""
        pdf = self.pdf
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()

    def write_link(self, text: str, address: str | None, size: float = BODY) -> None:
        target = safe_url(address)
        if target is None:
            self.font(size)
            self.pdf.write(size * 0.5, _text(text))
            return
        self.font(size, color=LINK)
        self.pdf.set_font(FAMILY, "U", size)
        self.pdf.write(size * 0.5, _text(text), link=target)
        self.font(size)

    # --- the document ---------------------------------------------------------------------

    def render(self) -> bytes:
        pdf, document = self.pdf, self.document
        pdf.add_page()
        self.paragraph(document.title, HEADING_SIZES[1], bold=True, color=ACCENT)
        self.gap(1)
        for line in document.subtitle:
            self.paragraph(line, 9.5, color=MUTED)
        self.gap(3)
        self.contents()
        for block in document.blocks:
            self.block(block)
        return bytes(pdf.output())

    def contents(self) -> None:
        sections = self.document.sections()
        if not sections or not self.document.contents_label:
            return
        self.paragraph(self.document.contents_label, HEADING_SIZES[3], bold=True, color=ACCENT)
        self.gap(1)
        for number, heading in enumerate(sections, start=1):
            self.font(BODY, color=LINK)
            self.pdf.multi_cell(
                0,
                LINE,
                f"{number}. {_text(heading.text)}",
                align="L",
                link=self.sections[id(heading)],
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
        self.gap(3)

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, Paragraph):
            self.paragraph(block.text)
            self.gap(2)
        elif isinstance(block, Note):
            self.paragraph(block.text, 9, color=MUTED)
            self.gap(2)
        elif isinstance(block, Items):
            self.items(block)
        elif isinstance(block, Facts):
            self.facts(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Timeline):
            self.timeline(block)
        else:
            raise TypeError(f"unknown block {type(block).__name__}")

    def heading(self, heading: Heading) -> None:
        pdf = self.pdf
        level = min(max(heading.level, 2), 4)
        size = HEADING_SIZES[level]
        if level == 2:
            if pdf.get_y() > TOP + 1:
                pdf.add_page()
        else:
            self.gap(2)
            self.keep_space(size + 3 * LINE)
        link = self.sections.get(id(heading))
        if link is not None:
            pdf.set_link(link, y=pdf.get_y(), page=pdf.page_no())
        outline = level - 2
        if outline <= 1 and outline <= self.outline_level + 1:
            pdf.start_section(_text(heading.text), level=outline)
            self.outline_level = outline
        self.paragraph(heading.text, size, bold=True, color=ACCENT)
        if level == 2:
            y = pdf.get_y() + 0.5
            pdf.set_draw_color(*ACCENT)
            pdf.set_line_width(0.5)
            pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
            self.gap(2.5)
        else:
            self.gap(1)

    def items(self, block: Items) -> None:
        pdf = self.pdf
        indent = 5.0
        for item in block.items:
            pdf.set_x(pdf.l_margin)
            self.font(BODY)
            pdf.cell(indent, LINE, "•")
            pdf.set_left_margin(MARGIN + indent)
            if item.label:
                self.font(BODY, bold=True)
                pdf.write(LINE, _text(item.label) + " ")
            self.write_link(item.text, item.url)
            if item.note:
                self.font(BODY)
                pdf.write(LINE, ": " + _text(item.note))
            pdf.ln(LINE + 0.8)
            pdf.set_left_margin(MARGIN)
        self.gap(1.5)

    def facts(self, block: Facts) -> None:
        pdf = self.pdf
        self.font(BODY, bold=True)
        widest = max((pdf.get_string_width(_text(k)) for k, _ in block.items), default=0)
        label_width = min(widest + 4, pdf.epw * 0.4)
        for key, value in block.items:
            self.font(BODY, bold=True)
            lines = pdf.multi_cell(
                label_width, LINE, _text(key), align="L", dry_run=True, output="LINES"
            )
            self.keep_space(LINE * max(1, len(lines)))
            top, page = pdf.get_y(), pdf.page_no()
            pdf.multi_cell(
                label_width, LINE, _text(key), align="L", new_x=XPos.RIGHT, new_y=YPos.TOP
            )
            label_bottom = pdf.get_y() + LINE * max(1, len(lines))
            self.font(BODY)
            pdf.set_xy(pdf.l_margin + label_width, top)
            pdf.multi_cell(0, LINE, _text(value), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            if pdf.page_no() == page:
                pdf.set_y(max(pdf.get_y(), label_bottom))
            pdf.ln(0.8)
        self.gap(2)

    def table(self, block: Table) -> None:
        pdf = self.pdf
        columns = max(len(block.headers), max((len(r) for r in block.rows), default=0), 1)
        size = 8.5 if columns <= 4 else 7.5 if columns <= 6 else 6.5
        if block.caption:
            self.keep_space(4 * LINE)
            self.paragraph(block.caption, BODY, bold=True)
            self.gap(1)
        self.font(size)
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.2)
        headings = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=ACCENT)
        first = FontFace(emphasis="BOLD")
        with pdf.table(
            headings_style=headings,
            line_height=size * 0.48,
            text_align="LEFT",
            v_align="TOP",
            cell_fill_color=STRIPE,
            cell_fill_mode="ROWS",
            padding=1.2,
            repeat_headings=1,
            width=pdf.epw,
            col_widths=self.column_widths(block, columns, size),
        ) as table:
            header = table.row()
            for text in block.headers:
                header.cell(_text(text))
            for _ in range(columns - len(block.headers)):
                header.cell("")
            for row in block.rows:
                line = table.row()
                for index, cell in enumerate(row):
                    self.cell(line, cell, first if index == 0 else None, size)
                for _ in range(columns - len(row)):
                    line.cell("")
        self.font(BODY)
        self.gap(3)

    def column_widths(self, block: Table, columns: int, size: float) -> tuple[float, ...]:
        """Widths that fit each column's longest word (so "190 000 €" or a long name is not cut
        in the middle) and give what is left to the columns with the most text."""
        pdf = self.pdf
        pad = 2 * 1.2 + 0.6
        shortest = [pad] * columns  # the longest word: narrower, and a word is cut
        natural = [pad] * columns  # the whole text on one line
        for number, row in enumerate((block.headers, *block.rows)):
            for index, cell in enumerate(row[:columns]):
                bold = number == 0 or index == 0
                pdf.set_font(FAMILY, "B" if bold else "", size)
                text = _text(cell.text if isinstance(cell, Link) else cell)
                longest = max(pdf.get_string_width(word) for word in text.split(" "))
                shortest[index] = max(shortest[index], longest + pad)
                natural[index] = max(natural[index], pdf.get_string_width(text) + pad)
        total = pdf.epw
        if sum(shortest) >= total:
            return tuple(total * width / sum(shortest) for width in shortest)
        if sum(natural) <= total:
            return tuple(total * width / sum(natural) for width in natural)
        spare = total - sum(shortest)
        extra = [n - s for n, s in zip(natural, shortest, strict=True)]
        return tuple(s + spare * e / sum(extra) for s, e in zip(shortest, extra, strict=True))

    def timeline(self, block: Timeline) -> None:
        """Bars on a week axis, numbered milestone diamonds, then the legend as text."""
        pdf = self.pdf
        w = words(self.document.lang)
        row, bar_height, marks_row, small = 7.0, 4.6, 7.0, 7.5
        legend_lines = len(block.marks) + len(block.bars)
        height = marks_row + row * len(block.bars) + 14 + legend_lines * 4.2 + LINE
        if block.caption:
            self.keep_space(height + 2 * LINE)
            self.paragraph(block.caption, BODY, bold=True)
            self.gap(1)
        else:
            self.keep_space(height)
        self.font(8.5)
        widest = max((pdf.get_string_width(_text(b.label)) for b in block.bars), default=0)
        labels = min(widest + 3, pdf.epw * 0.3)
        left, right = pdf.l_margin + labels, pdf.l_margin + pdf.epw - 3
        span = block.span
        scale = (right - left) / span
        top = pdf.get_y()
        bars_top = top + marks_row
        axis_y = bars_top + row * len(block.bars) + 1

        def x(week: float) -> float:
            return left + week * scale

        # ticks, grid and axis
        pdf.set_line_width(0.15)
        pdf.set_draw_color(*GRID)
        self.font(6.5, color=MUTED)
        for tick in week_ticks(span):
            pdf.line(x(tick), top + 2, x(tick), axis_y + 1.2)
            pdf.set_xy(x(tick) - 6, axis_y + 1.3)
            pdf.cell(12, 3, week_text(tick), align="C")
        pdf.set_draw_color(*TEXT)
        pdf.set_line_width(0.35)
        pdf.line(left, axis_y, right, axis_y)
        self.font(7.5, bold=True)
        pdf.set_xy(left, axis_y + 4.6)
        pdf.cell(right - left, 3.5, _text(block.axis), align="C")

        # bars: the label on the left, the weeks inside the bar or beside it
        pdf.set_fill_color(*ACCENT)
        for index, bar in enumerate(block.bars):
            y = bars_top + index * row + (row - bar_height) / 2
            start, end = x(bar.start), x(max(bar.end, bar.start))
            self.font(8.5)
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(labels - 2, bar_height, _text(bar.label), align="R")
            pdf.rect(start, y, max(end - start, 0.4), bar_height, style="F")
            weeks = f"{week_text(bar.start)}\u2013{week_text(bar.end)}"
            self.font(small)
            needed = pdf.get_string_width(weeks) + 2
            if end - start >= needed:
                self.font(small, color=(255, 255, 255))
                pdf.set_xy(start, y)
                pdf.cell(end - start, bar_height, weeks, align="C")
            elif right - end >= needed:
                pdf.set_xy(end + 0.5, y)
                pdf.cell(needed, bar_height, weeks)
            else:
                pdf.set_xy(start - needed - 0.5, y)
                pdf.cell(needed, bar_height, weeks, align="R")

        # milestones: a numbered diamond on a dashed line
        pdf.set_draw_color(*MARK)
        pdf.set_fill_color(*MARK)
        previous = None
        for number, (week, _label) in enumerate(block.marks, start=1):
            cx, cy = x(week), top + 3
            pdf.set_line_width(0.3)
            pdf.set_dash_pattern(dash=1, gap=0.8)
            pdf.line(cx, cy, cx, axis_y)
            pdf.set_dash_pattern()
            self._diamond(cx, cy, 1.6)
            lift = 2.6 if previous is not None and cx - previous < 5 else 0
            previous = cx
            self.font(7, bold=True, color=MARK)
            pdf.set_xy(cx - 8.2, cy - 1.6 - lift)
            pdf.cell(6, 3.2, str(number), align="R")

        # the legend, as text: milestones, then each bar's detail
        pdf.set_xy(pdf.l_margin, axis_y + 9.5)
        for number, (week, label) in enumerate(block.marks, start=1):
            y = pdf.get_y()
            pdf.set_fill_color(*MARK)
            self._diamond(pdf.l_margin + 1.6, y + 2, 1.4)
            self.font(8)
            pdf.set_xy(pdf.l_margin + 4.5, y)
            text = f"{number}. {_text(label)} ({w('timeline.week')} {week_text(week)})"
            pdf.multi_cell(0, 4.2, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_fill_color(*ACCENT)
        for bar in block.bars:
            y = pdf.get_y()
            pdf.rect(pdf.l_margin + 0.4, y + 0.9, 2.4, 2.4, style="F")
            self.font(8)
            pdf.set_xy(pdf.l_margin + 4.5, y)
            weeks = w(
                "timeline.bar_summary",
                label=_text(bar.label),
                start=week_text(bar.start),
                end=week_text(bar.end),
            )
            pdf.multi_cell(
                0, 4.2, f"{weeks} \u2013 {_text(bar.detail)}", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        pdf.set_draw_color(*TEXT)
        pdf.set_fill_color(255, 255, 255)  # tables after this fill only their striped rows
        self.font(BODY)
        self.gap(3)

    def _diamond(self, cx: float, cy: float, r: float) -> None:
        self.pdf.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], style="F")

    @staticmethod
    def cell(line, cell: Cell, style: FontFace | None, size: float) -> None:
        if isinstance(cell, Link):
            target = safe_url(cell.url)
            if target is not None:
                link_style = FontFace(emphasis="BU" if style else "U", color=LINK, size_pt=size)
                line.cell(_text(cell.text), style=link_style, link=target)
                return
            line.cell(_text(cell.text), style=style)
            return
        line.cell(_text(cell), style=style)


def render(document: Document, created: dt.date | dt.datetime | None = None) -> bytes:
    """The document as PDF bytes; ``created`` (default: a fixed date) is its creation date."""
    if created is None:
        moment = FIXED_DATE
    elif isinstance(created, dt.datetime):
        moment = created if created.tzinfo else created.replace(tzinfo=dt.UTC)
    else:
        moment = dt.datetime(created.year, created.month, created.day, tzinfo=dt.UTC)
    return _Writer(document, moment).render()


#: The name the brief and other modules use.
render_pdf = render


def render_guide(guide: PersonalGuide | GeneralGuide) -> bytes:
    """Lay out and render a personal or general guide, dated by its ``generated_on``."""
    return render(layout(guide), guide.generated_on)


__all__ = ["FONT_DIR", "render", "render_guide", "render_pdf"]
