"""Render a guide (``reports.guide.Document``) as a PDF, with fpdf2.

The text is set in DejaVu Sans (regular and bold), vendored in ``data/fonts`` and embedded in
the file as a subset, so French, German, Spanish, Norwegian and Greek all render and can be
copied or extracted (``pdftotext``). A4 pages with margins and automatic page breaks, headings
sized by level (level 2 and 3 also in the PDF outline), a contents list whose entries jump to
their section, bullet lists, key facts as bold label and value, tables with a header row
repeated on each page, links clickable where the document has an ``http``/``https`` address,
a footer with page numbers, and the title and language in the PDF metadata.

Deterministic: the creation date is the guide's date, or a fixed one, so the same document
gives the same bytes. Pure: a document in, bytes out.
"""

from __future__ import annotations

import datetime as dt

from fpdf import FPDF, FontFace, XPos, YPos

from reports.guide import (
    Block,
    Cell,
    Document,
    Facts,
    GeneralGuide,
    Heading,
    Items,
    Link,
    Note,
    Paragraph,
    PersonalGuide,
    Table,
    layout,
    safe_url,
)
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


def _text(value: object) -> str:
    """One line of text: whitespace (line breaks included) collapsed to single spaces."""
    return " ".join(str(value).split())


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
