"""The document model every report is laid out in, and every renderer draws.

A :class:`Document` is a title, a subtitle and a flat tuple of blocks: headings, paragraphs,
notes, bullet lists, key facts, tables and timelines. The guide books (``reports.guide``) and
the roadmap (``reports.roadmap_report``) build documents; ``reports.render_markdown``,
``reports.render_html`` and ``reports.render_pdf`` draw them, and the wizard shows them. Texts
here are plain text in the document's language, never markup: every renderer escapes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Link:
    text: str
    url: str


def safe_url(address: str | None) -> str | None:
    """The address if it is a web address (http or https), else None: every renderer links
    only those, so no other scheme (``javascript:``, ``file:``) ever becomes a link."""
    if not address:
        return None
    return address if urlsplit(address).scheme.lower() in ("http", "https") else None


Cell = str | Link


@dataclass(frozen=True)
class Heading:
    level: int  # 2 = section, 3 = subsection, 4 = block title (1 is the document's title)
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Note:
    """A side remark (provenance, a caution), shown smaller."""

    text: str


@dataclass(frozen=True)
class Item:
    text: str
    label: str | None = None  # a lead-in shown in bold before the text
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Items:
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Facts:
    """Key-value facts (a definition list)."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    """A table whose first column heads each row."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class TimelineBar:
    label: str  # e.g. the phase name
    start: float  # weeks from the start
    end: float
    detail: str  # one line: e.g. the phase's cost range and staff time


@dataclass(frozen=True)
class Timeline:
    """A Gantt chart of phases on a week axis, with milestones."""

    caption: str
    axis: str  # axis title, e.g. "Weeks from the start"
    bars: tuple[TimelineBar, ...]
    marks: tuple[tuple[float, str], ...] = ()  # (week, milestone label)

    @property
    def span(self) -> float:
        """The last week the chart shows (at least 1, so an empty chart still has an axis)."""
        ends = [bar.end for bar in self.bars] + [week for week, _ in self.marks]
        return max([1.0, *ends])


Block = Heading | Paragraph | Note | Items | Facts | Table | Timeline

#: Steps between the ticks of a week axis: weeks, months (about 4 weeks), quarters, years.
TICK_STEPS = (1, 2, 4, 8, 13, 26, 52, 104, 208, 520)


def week_ticks(span: float, most: int = 12) -> list[float]:
    """Ticks of a week axis from 0 to ``span``: the smallest usual step giving at most ``most``
    intervals, so a three-year chart is ticked by quarter and a ten-week one every week."""
    step = next((s for s in TICK_STEPS if span / s <= most), TICK_STEPS[-1])
    count = int(span // step)
    return [float(i * step) for i in range(count + 1)]


def week_text(week: float) -> str:
    """A week number without a needless ``.0``."""
    return str(int(week)) if float(week).is_integer() else f"{week:g}"


@dataclass(frozen=True)
class Document:
    lang: str
    title: str
    subtitle: tuple[str, ...]
    blocks: tuple[Block, ...]
    contents_label: str = ""

    def sections(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading) and b.level == 2]


class Blocks:
    """Collects a document's blocks; level-2 headings get numbered anchors for the contents.

    Empty lists and tables are left out, so a layout can pass what it has without checking.
    """

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._count = 0

    def h(self, level: int, text: str) -> None:
        anchor = ""
        if level == 2:
            self._count += 1
            anchor = f"section-{self._count}"
        self.blocks.append(Heading(level, text, anchor))

    def p(self, text: str) -> None:
        if text:
            self.blocks.append(Paragraph(text))

    def note(self, text: str) -> None:
        self.blocks.append(Note(text))

    def items(self, items: Iterable[Item | str]) -> None:
        listed = tuple(i if isinstance(i, Item) else Item(i) for i in items)
        if listed:
            self.blocks.append(Items(listed))

    def facts(self, items: Iterable[tuple[str, str]]) -> None:
        self.blocks.append(Facts(tuple(items)))

    def table(self, caption: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
        rows = tuple(tuple(r) for r in rows)
        if rows:
            self.blocks.append(Table(caption, tuple(headers), rows))

    def timeline(self, timeline: Timeline) -> None:
        if timeline.bars:
            self.blocks.append(timeline)


__all__ = [
    "Block",
    "Blocks",
    "Cell",
    "Document",
    "Facts",
    "Heading",
    "Item",
    "Items",
    "Link",
    "Note",
    "Paragraph",
    "Table",
    "Timeline",
    "TimelineBar",
    "safe_url",
    "week_text",
    "week_ticks",
]
