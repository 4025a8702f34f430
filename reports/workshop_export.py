"""A workshop's exports: its results as CSV and Excel, and its dashboard as a one-page PDF.

Anonymised by default: a participant is a number (the order of joining), never a key or a
token; an organisation's name is written only when the facilitator asks for it
(``include_organisation``) and its participant consented. Every text cell a spreadsheet would
run as a formula (``= + - @``, tab, carriage return) is neutralised with a leading apostrophe
(``scoring.tables``); numbers stay numbers. Every file says what produced it and when
(:class:`Stamp`: engine version, template-library version, export time).

Words come from ``data/locales/<lang>/workshop_export.yaml`` and the content catalogue (names of
sectors, regions, set-ups), in the ``language`` the caller passes. Pure: bytes or text out, no
Streamlit, no storage (a submission is anything with the attributes of :class:`Submission`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from babel.numbers import format_decimal
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reports.export import iso_utc
from reports.render_pdf import ACCENT, FAMILY, FONTS, GRID, MUTED, TEXT
from scoring.aggregate import ANSWER_COLUMNS, NUMBER_COLUMNS, TOP, RoomSummary
from scoring.engine import Engine
from scoring.matchmaking import Match, explain_match, explain_pooling
from scoring.profiles import DIMENSIONS, KINDS
from scoring.recommend import engine_for
from scoring.tables import neutralise
from templates_library import Library, load_library
from templates_library.formats import locale_of
from templates_library.locales import DEFAULT_LANGUAGE, catalogues

#: The columns of a results row before the answers; ``organisation`` only when asked for.
HEAD_COLUMNS = ["participant", "submitted_at", "consent", "language"]
RESULT_COLUMNS = [
    "maturity_level",
    *(name for i in range(1, TOP + 1) for name in (f"top{i}", f"score{i}")),
    "engine_version",
    "library_version",
]
STAMP_COLUMNS = ["exported_at", "export_engine_version", "export_library_version"]
#: Characters openpyxl refuses in a cell (control characters): dropped from text.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SHEET_RESULTS, SHEET_SUMMARY, SHEET_ABOUT = "Results", "Summary", "About"
#: The sheet that says what each (stable, machine-readable) column of Results means, in words.
SHEET_COLUMNS = "Columns"


class Submission(Protocol):
    """What the exports read of a participant (``storage.workshops.SubmissionInfo``)."""

    number: int
    participant_key: str
    answers: dict | None
    result: dict | None
    organisation: str | None
    consent: bool
    joined_at: dt.datetime
    submitted_at: dt.datetime | None


@dataclass(frozen=True)
class Stamp:
    """What produced an export, and when."""

    engine_version: str
    library_version: str
    exported_at: dt.datetime


def export_stamp(engine: Engine | None = None, now: dt.datetime | None = None) -> Stamp:
    """The stamp of an export made now (or at ``now``) with ``engine`` (the shipped one)."""
    engine = engine or engine_for()
    return Stamp(engine.version, engine.library_version, now or dt.datetime.now(dt.UTC))


# --- rows ----------------------------------------------------------------------------------------


def result_columns(include_organisation: bool = False) -> list[str]:
    """The columns of :func:`results_rows`, in order."""
    head = (
        [*HEAD_COLUMNS[:2], "organisation", *HEAD_COLUMNS[2:]]
        if include_organisation
        else [*HEAD_COLUMNS]
    )
    return [*head, *ANSWER_COLUMNS, *RESULT_COLUMNS]


def results_rows(
    submissions: Iterable[Submission], *, include_organisation: bool = False
) -> list[dict[str, Any]]:
    """One row for each participant who submitted, by number: their answers flattened as in a
    survey file (a "don't know" is empty) and the first set-ups they were recommended.

    No key, no token; ``organisation`` is a column only with ``include_organisation``, and
    filled only where the participant consented. Values are raw (numbers stay numbers); the
    writers make the cells safe.
    """
    rows = []
    for item in sorted(submissions, key=lambda s: s.number):
        if item.answers is None:
            continue
        answers, result = item.answers, item.result or {}
        row: dict[str, Any] = {
            "participant": int(item.number),
            "submitted_at": iso_utc(item.submitted_at) if item.submitted_at else "",
        }
        if include_organisation:
            row["organisation"] = (item.organisation or "") if item.consent else ""
        row["consent"] = bool(item.consent)
        row["language"] = answers.get("language") or ""
        row.update(_answer_cells(answers))
        level = result.get("maturity_level")
        row["maturity_level"] = "" if level is None else level
        top = list(result.get("top") or [])
        for index in range(TOP):
            entry = top[index] if index < len(top) else {}
            score = entry.get("score")
            row[f"top{index + 1}"] = entry.get("template_id") or ""
            row[f"score{index + 1}"] = "" if score is None else score
        row["engine_version"] = result.get("engine_version", "")
        row["library_version"] = result.get("library_version", "")
        rows.append(row)
    return rows


def _answer_cells(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers flattened with ``_``; a need left out is 0 (as in the answers model)."""
    cells: dict[str, Any] = {}
    for name in ANSWER_COLUMNS:
        group, _, sub = name.partition("_")
        if group in ("maturity", "needs") and sub in (*DIMENSIONS, *KINDS):
            default = 0 if group == "needs" else None
            value = (answers.get(group) or {}).get(sub, default)
        else:
            value = answers.get(name)
        if value is None:
            cells[name] = ""
        elif name in NUMBER_COLUMNS or isinstance(value, bool):
            cells[name] = value
        else:
            cells[name] = str(getattr(value, "value", value))
    return cells


def _stamp_cells(stamp: Stamp) -> dict[str, str]:
    return {
        "exported_at": iso_utc(stamp.exported_at),
        "export_engine_version": stamp.engine_version,
        "export_library_version": stamp.library_version,
    }


def _csv_cell(value: Any) -> Any:
    """Numbers as they are, booleans as ``true``/``false``, text neutralised."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, int | float):
        return value
    return neutralise(_ILLEGAL.sub("", str(value)))


def _xlsx_cell(value: Any) -> Any:
    """Numbers and booleans typed, text neutralised and stripped of control characters."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, int | float):
        return value
    if value is None or value == "":
        return None
    return neutralise(_ILLEGAL.sub("", str(value)))


def _columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    if not rows:
        return result_columns()
    columns = list(rows[0])
    for row in rows[1:]:
        columns += [c for c in row if c not in columns]
    return columns


def results_csv(rows: Sequence[Mapping[str, Any]], stamp: Stamp) -> str:
    """The rows as CSV text, starting with a byte-order mark (Excel then reads accents), the
    stamp on every row, every cell formula-safe. Encode it as UTF-8 to save it."""
    columns = [*_columns(rows), *STAMP_COLUMNS]
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writerow({c: _csv_cell(c) for c in columns})
    stamp_cells = _stamp_cells(stamp)
    for row in rows:
        writer.writerow({c: _csv_cell(v) for c, v in {**row, **stamp_cells}.items()})
    return buffer.getvalue()


# --- words ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Words:
    language: str

    def text(self, key: str, /, **values: Any) -> str:
        return catalogues().text(self.language, key, **values)

    def __call__(self, key: str, /, **values: Any) -> str:
        return self.text(f"workshop_export.{key}", **values)

    def content(self, key: str, default: str) -> str:
        return catalogues().content(self.language, key, default)

    def decimal(self, value: float, digits: int = 1) -> str:
        """``value`` with ``digits`` decimals as the language writes it (``2.5``, ``2,5``)."""
        return format_decimal(
            round(value, digits), format="#,##0." + "0" * digits, locale=locale_of(self.language)
        )


def group_name(
    by: str,
    value: str,
    text: Callable[..., str],
    content: Callable[[str, str], str],
    library: Library | None = None,
) -> str:
    """The name of a group of a summary (a region, sector, value-chain position or actor type)
    in the catalogues' language."""
    library = library or load_library()
    if by == "region":
        region = library.regions.get(value)
        return content(f"regions.{value}.name", region.name if region else value)
    if by == "sector":
        sector = library.sectors.get(value)
        return content(f"sectors.{value}.name", sector.name if sector else value)
    if by == "value_chain":
        position = library.value_chain.get(value)
        options = {
            o.value: o.label
            for q in library.questionnaire.profile
            if q.id == "value_chain"
            for o in q.options
        }
        default = options.get(value) or (position.name if position else value)
        return content(f"questions.value_chain.options.{value}", str(default))
    if by == "actor_type":
        return text(f"labels.actor_types.{value}")
    return value


def _template_name(words: _Words, library: Library, template_id: str) -> str:
    template = library.templates.get(template_id)
    return words.content(
        f"templates.{template_id}.name", template.name if template else template_id
    )


# --- Excel ---------------------------------------------------------------------------------------


def results_xlsx(
    rows: Sequence[Mapping[str, Any]],
    stamp: Stamp,
    summary: RoomSummary,
    *,
    title: str = "",
    language: str = DEFAULT_LANGUAGE,
    library: Library | None = None,
) -> bytes:
    """An Excel workbook: "Results" (the rows and the stamp), "Summary" (counts by sector,
    region and position, the first recommended set-ups, the needs worth pooling) and "About"
    (title, export time, versions, how the file is anonymised)."""
    library = library or load_library()
    words = _Words(language)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_RESULTS
    columns = [*_columns(rows), *STAMP_COLUMNS]
    _write_rows(sheet, [columns], header=True)
    stamp_cells = _stamp_cells(stamp)
    _write_rows(sheet, [[{**row, **stamp_cells}.get(c, "") for c in columns] for row in rows])
    sheet.freeze_panes = "B2"

    summary_sheet = book.create_sheet(SHEET_SUMMARY)
    _write_rows(summary_sheet, _summary_lines(summary, words, library))
    summary_sheet.column_dimensions["A"].width = 28
    summary_sheet.column_dimensions["B"].width = 60

    legend = book.create_sheet(SHEET_COLUMNS)
    _write_rows(legend, [[words("columns.name"), words("columns.label")]], header=True)
    _write_rows(legend, [[c, column_label(c, words, library)] for c in columns])
    legend.column_dimensions["A"].width = 30
    legend.column_dimensions["B"].width = 70

    about = book.create_sheet(SHEET_ABOUT)
    with_names = any("organisation" in row for row in rows)
    note = words("about.with_organisation" if with_names else "about.anonymised")
    lines = [
        [words("about.heading")],
        [words("about.title"), title or words("about.untitled")],
        [words("about.exported_at"), iso_utc(stamp.exported_at)],
        [words("about.engine_version"), stamp.engine_version],
        [words("about.library_version"), stamp.library_version],
        [words("about.participants"), len(rows)],
        [words("about.anonymisation"), note],
        [words("about.privacy_label"), words("about.privacy", min_group=summary.min_group)],
    ]
    _write_rows(about, lines)
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 30
    about.column_dimensions["B"].width = 90
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def column_label(column: str, words: _Words, library: Library) -> str:
    """What a Results column means, in the workbook's language: its answer's field label, a
    maturity dimension's or kind of watch's name, or a label of its own; the machine name
    itself never changes, so scripts keep reading the same columns."""
    own = f"workshop_export.columns.{column}"
    if catalogues().has(DEFAULT_LANGUAGE, own):
        return words.text(own)
    if column.startswith("maturity_"):
        dimension = column.removeprefix("maturity_")
        names = {d.id: d.name for d in library.questionnaire.maturity_dimensions}
        name = words.content(f"maturity.{dimension}.name", names.get(dimension, dimension))
        return words("columns.maturity", name=name)
    if column.startswith("needs_"):
        kind = words.text(f"labels.watch_kinds.{column.removeprefix('needs_')}")
        return words("columns.needs", kind=kind)
    field = f"fields.{column}"
    return words.text(field) if catalogues().has(DEFAULT_LANGUAGE, field) else column


def _summary_lines(summary: RoomSummary, words: _Words, library: Library) -> list[list[Any]]:
    lines: list[list[Any]] = [
        [words("summary.respondents"), summary.respondents],
        [],
    ]
    for heading, by, counts in (
        ("summary.by_sector", "sector", summary.sectors),
        ("summary.by_region", "region", summary.regions),
        ("summary.by_value_chain", "value_chain", summary.value_chain),
    ):
        lines.append([words(heading), "", words("summary.count")])
        for value, count in counts.items():
            lines.append([value, group_name(by, value, words.text, words.content, library), count])
        lines.append([])
    lines.append([words("summary.recommended"), "", words("summary.count")])
    for template_id, count in summary.recommended.items():
        lines.append([template_id, _template_name(words, library, template_id), count])
    lines.append([])
    lines.append([words("summary.pooling"), "", words("summary.count")])
    for pooling in summary.pooling:
        sentence = explain_pooling(pooling, words.text, words.content, library)
        lines.append([pooling.kind, sentence, pooling.count])
    return lines


def _write_rows(sheet: Any, lines: Sequence[Sequence[Any]], *, header: bool = False) -> None:
    for line in lines:
        sheet.append([_xlsx_cell(v) for v in line])
        if header:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    if header:
        for index in range(1, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 16


# --- the dashboard as one PDF page ---------------------------------------------------------------

PAGE_W, PAGE_H = 297.0, 210.0  # A4 landscape, mm
MARGIN = 12.0
LEFT_W = 168.0  # the heatmap's column
GAP = 8.0
LINE = 4.6
#: Shades of the maturity scale 0-4 (light to dark blue); text is dark on the first three and
#: white on the last two, each pair at least 4.5:1.
SHADES = [(232, 240, 248), (198, 219, 239), (140, 183, 222), (49, 110, 168), (23, 60, 100)]
HIDDEN_FILL = (245, 245, 245)
WHITE = (255, 255, 255)
#: The panels (the projector's ids) the PDF draws, and how many lines each list may take.
PANELS = ("participation", "profile", "maturity", "needs", "setups", "pooling", "matchmaking")
LIST_ITEMS = 5
ITEM_SIZE = 8.5  # pt
HEADING_ROOM = 12.0  # mm: a heading and a line under it


def dashboard_pdf(
    summary: RoomSummary,
    *,
    title: str,
    stamp: Stamp,
    language: str = DEFAULT_LANGUAGE,
    joined: int | None = None,
    matches: Sequence[Match] = (),
    hidden: Iterable[str] = (),
    library: Library | None = None,
) -> bytes:
    """The dashboard on one A4 landscape page: title, counts, the maturity heatmap (vector
    cells, each with its number: shade and number, not colour alone), who took part, the first
    recommended set-ups, the needs worth pooling and matchmaking suggestions. Panels in
    ``hidden`` are left out, as on the projector. Words in ``language``; deterministic (the
    stamp's time is the creation date)."""
    library = library or load_library()
    words = _Words(language)
    hide = set(hidden)
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    for style, path in FONTS.items():
        pdf.add_font(FAMILY, style, str(path))
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_title(_one_line(title))
    pdf.set_lang(language)
    pdf.set_creator("Intelligence Set-up Advisor")
    pdf.set_producer("fpdf2")
    created = stamp.exported_at
    pdf.set_creation_date(created if created.tzinfo else created.replace(tzinfo=dt.UTC))
    pdf.add_page()
    page = _Page(pdf, words, library)

    page.text(title, 18, bold=True, color=ACCENT, width=PAGE_W - 2 * MARGIN)
    if "participation" not in hide:
        if joined is None:
            counts = words("pdf.submitted", submitted=summary.respondents)
        else:
            counts = words("pdf.joined", joined=joined, submitted=summary.respondents)
        page.text(counts, 12, bold=True, width=PAGE_W - 2 * MARGIN)
    stamp_line = words(
        "pdf.stamp",
        date=iso_utc(stamp.exported_at),
        engine=stamp.engine_version,
        library=stamp.library_version,
    )
    page.text(stamp_line, 8, color=MUTED, width=PAGE_W - 2 * MARGIN)
    top = pdf.get_y() + 3

    # Left: the heatmap, the strongest needs, pooling. Right: who, set-ups, matchmaking.
    pdf.set_xy(MARGIN, top)
    if "maturity" not in hide:
        page.heatmap(summary)
    if "needs" not in hide:
        page.top_needs(summary)
    if "pooling" not in hide:
        page.heading(words("pdf.pooling"), MARGIN, LEFT_W)
        items = [explain_pooling(p, words.text, words.content, library) for p in summary.pooling]
        page.items(items, MARGIN, LEFT_W, limit=3)
    right = MARGIN + LEFT_W + GAP
    width = PAGE_W - MARGIN - right
    pdf.set_xy(right, top)
    if "profile" not in hide:
        page.heading(words("pdf.profile"), right, width)
        for by, counts in (("sector", summary.sectors), ("region", summary.regions)):
            names = [
                words(
                    "pdf.item",
                    name=group_name(by, k, words.text, words.content, library),
                    count=v,
                )
                for k, v in counts.items()
            ]
            if names:
                page.text(" · ".join(names), ITEM_SIZE, width=width, x=right)
                pdf.set_y(pdf.get_y() + 1)
    if "setups" not in hide:
        page.heading(words("pdf.setups"), right, width)
        items = [
            words("pdf.item", name=_template_name(words, library, k), count=v)
            for k, v in summary.recommended.items()
        ]
        page.items(items, right, width)
    if "matchmaking" not in hide and matches:
        page.heading(words("pdf.matchmaking"), right, width)
        items = [explain_match(m, words.text, words.content, library) for m in matches]
        page.items(items, right, width, limit=3)
    return bytes(pdf.output())


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class _Page:
    """Drawing helpers for the one page: nothing is drawn below the bottom margin."""

    def __init__(self, pdf: FPDF, words: _Words, library: Library) -> None:
        self.pdf, self.words, self.library = pdf, words, library
        self.bottom = PAGE_H - MARGIN

    def font(self, size: float, bold: bool = False, color: tuple[int, int, int] = TEXT) -> None:
        self.pdf.set_font(FAMILY, "B" if bold else "", size)
        self.pdf.set_text_color(*color)

    def lines(self, text: str, width: float) -> list[str]:
        return self.pdf.multi_cell(
            width, LINE, _one_line(text), dry_run=True, output=MethodReturnValue.LINES
        )

    def text(
        self,
        text: str,
        size: float,
        *,
        width: float,
        bold: bool = False,
        color: tuple[int, int, int] = TEXT,
        x: float | None = None,
    ) -> bool:
        """A paragraph at the cursor; False (and nothing drawn) when it would not fit."""
        pdf = self.pdf
        self.font(size, bold, color)
        height = size * 0.45
        count = len(
            pdf.multi_cell(
                width, height, _one_line(text), dry_run=True, output=MethodReturnValue.LINES
            )
        )
        if pdf.get_y() + count * height > self.bottom:
            return False
        pdf.set_x(MARGIN if x is None else x)
        pdf.multi_cell(width, height, _one_line(text), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
        return True

    def heading(self, text: str, x: float, width: float) -> bool:
        """A panel's heading, unless there is no room left for it and one line under it."""
        if self.pdf.get_y() + HEADING_ROOM > self.bottom:
            self.pdf.set_y(self.bottom)
            return False
        self.pdf.set_y(self.pdf.get_y() + 1.5)
        self.text(text, 11, bold=True, color=ACCENT, width=width, x=x)
        self.pdf.set_y(self.pdf.get_y() + 0.5)
        return True

    def items(self, items: Sequence[str], x: float, width: float, limit: int = LIST_ITEMS) -> None:
        if not items:
            self.text(self.words("pdf.nothing"), ITEM_SIZE, color=MUTED, width=width, x=x)
            return
        for item in items[:limit]:
            if not self.text(f"• {item}", ITEM_SIZE, width=width, x=x):
                return
        if len(items) > limit:
            self.text(
                self.words("pdf.more", count=len(items) - limit), 8, color=MUTED, width=width, x=x
            )

    def heatmap(self, summary: RoomSummary) -> None:
        """Dimensions down, groups across; each cell shaded by its level and showing it."""
        pdf, words = self.pdf, self.words
        x0 = MARGIN
        heading = words(f"pdf.maturity_by.{summary.by}")
        self.text(heading, 12, bold=True, color=ACCENT, width=LEFT_W)
        groups = [str(g) for g in summary.maturity.columns]
        if not groups:
            self.text(words("pdf.nothing"), 9, color=MUTED, width=LEFT_W)
            return
        label_w = 40.0
        cell_w = min(24.0, (LEFT_W - label_w) / len(groups))
        cell_h = 8.0
        # Column headers: the group's name (up to three lines) and how many answered.
        top = pdf.get_y() + 1
        self.font(6.5, bold=True)
        header_h = 4 * 2.8
        for index, group in enumerate(groups):
            name = group_name(summary.by, group, words.text, words.content, self.library)
            shown = pdf.multi_cell(
                cell_w - 1, 2.8, name, dry_run=True, output=MethodReturnValue.LINES
            )[:3]
            shown.append(words("pdf.group_size", count=_group_sizes(summary).get(group, 0)))
            pdf.set_xy(x0 + label_w + index * cell_w + 0.5, top + (4 - len(shown)) * 2.8)
            pdf.multi_cell(cell_w - 1, 2.8, "\n".join(shown), align="C")
        y = top + header_h + 1
        for dimension in summary.maturity.index:
            dim = next(
                (d for d in self.library.questionnaire.maturity_dimensions if d.id == dimension),
                None,
            )
            label = words.content(f"maturity.{dimension}.name", dim.name if dim else dimension)
            self.font(8)
            pdf.set_xy(x0, y)
            pdf.cell(label_w - 1, cell_h, label[:40], align="L")
            for index, group in enumerate(groups):
                value = summary.maturity.at[dimension, group]
                cx = x0 + label_w + index * cell_w
                pdf.set_draw_color(*GRID)
                if value is None or math.isnan(value):
                    pdf.set_fill_color(*HIDDEN_FILL)
                    text, color = "–", MUTED
                else:
                    shade = min(len(SHADES) - 1, max(0, math.floor(float(value) + 0.5)))
                    pdf.set_fill_color(*SHADES[shade])
                    text = words.decimal(float(value))
                    color = WHITE if shade >= 3 else TEXT
                pdf.rect(cx, y, cell_w, cell_h, style="DF")
                self.font(9, bold=True, color=color)
                pdf.set_xy(cx, y)
                pdf.cell(cell_w, cell_h, text, align="C")
            y += cell_h
        pdf.set_xy(x0, y + 2)
        self.text(
            words("pdf.maturity_legend", min_group=summary.min_group),
            7.5,
            color=MUTED,
            width=LEFT_W,
        )

    def top_needs(self, summary: RoomSummary) -> None:
        """Each shown group's strongest needs, as text: "Lorraine: Regulatory (2.8), ..."."""
        words = self.words
        if not self.heading(words(f"pdf.needs_by.{summary.by}"), MARGIN, LEFT_W):
            return
        items = []
        for group, needs in summary.top_needs.items():
            name = group_name(summary.by, group, words.text, words.content, self.library)
            kinds = ", ".join(
                words(
                    "pdf.need",
                    kind=words.text(f"labels.watch_kinds.{kind}"),
                    value=words.decimal(value),
                )
                for kind, value in needs
            )
            items.append(words("pdf.group_needs", group=name, needs=kinds))
        self.items(items, MARGIN, LEFT_W, limit=len(PANELS))


def _group_sizes(summary: RoomSummary) -> dict[str, int]:
    """Respondents by group of the summary's grouping."""
    by = {"region": summary.regions, "sector": summary.sectors, "value_chain": summary.value_chain}
    if summary.by in by:
        return by[summary.by]
    return {str(g): int(summary.needs_counts[g].max()) for g in summary.needs_counts.columns}
