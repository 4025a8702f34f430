"""Render a report (``reports.document.Document``) as one self-contained HTML page.

Every text goes through :func:`html.escape`, attributes included, so nothing from the knowledge
base or a user is ever read as markup; links are kept only for ``http``/``https`` addresses.
The page declares its language, has a contents list, tables with captions and ``<th scope>``,
and a small embedded style sheet whose colours meet WCAG 2.1 AA contrast (body text 16:1, links
and muted text above 7:1 on white, in light and print). A timeline is an inline SVG drawing
(``role="img"`` with its caption as label and a text description) followed by its data as
tables, so a screen reader or a text browser gets the same facts. Pure: a document in, a
string out.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

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
from reports.words import Words, words
from templates_library.locales import DEFAULT_LANGUAGE

CSS = """
:root { color-scheme: light; }
body { margin: 0; background: #ffffff; color: #1a1a1a;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .5rem; }
h2 { font-size: 1.45rem; margin: 2.2rem 0 .6rem; padding-top: .6rem;
  border-top: 2px solid #1f4e79; }
h3 { font-size: 1.2rem; margin: 1.6rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
a { color: #0b4f8a; }
a:focus-visible { outline: 3px solid #0b4f8a; outline-offset: 2px; }
.subtitle, .note { color: #4a4a4a; }
.note { font-size: .93rem; font-style: italic; }
nav { background: #f3f6fa; border: 1px solid #c5d1de; padding: .6rem 1.2rem; }
dl { display: grid; grid-template-columns: minmax(10rem, max-content) 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .93rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid #a9b7c6; padding: .35rem .5rem; text-align: left;
  vertical-align: top; }
thead th { background: #1f4e79; color: #ffffff; }
tbody th { background: #f3f6fa; font-weight: 600; }
tbody tr:nth-child(even) td { background: #fafbfc; }
figure.timeline { margin: .6rem 0 1rem; }
figure.timeline figcaption { font-weight: 600; padding: .3rem 0; }
figure.timeline svg { display: block; width: 100%; max-width: 48rem; height: auto; }
details { margin: .3rem 0 1rem; }
summary { cursor: pointer; color: #0b4f8a; }
@media print { nav { display: none; } a { color: #1a1a1a; } h2 { break-after: avoid; } }
""".strip()


def link(text: str, address: str | None) -> str:
    target = safe_url(address)
    if target is None:
        return escape(text)
    return f'<a href="{escape(target, quote=True)}">{escape(text)}</a>'


def _cell(cell: Cell) -> str:
    if isinstance(cell, Link):
        return link(cell.text, cell.url)
    return escape(cell)


def _table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = []
    for row in rows:
        first, *rest = row
        cells = "".join(f"<td>{_cell(c)}</td>" for c in rest)
        body.append(f'<tr><th scope="row">{_cell(first)}</th>{cells}</tr>')
    title = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (
        f'<div class="table-wrap"><table>{title}\n<thead><tr>{head}</tr></thead>\n'
        "<tbody>\n" + "\n".join(body) + "\n</tbody></table></div>"
    )


# The timeline's drawing, in SVG user units (CSS pixels at full width).
SVG_WIDTH = 760
SVG_LABELS = 190  # the column of bar labels
SVG_RIGHT = 24
SVG_MARKS = 30  # the row of milestone markers above the bars
SVG_ROW = 30
SVG_BAR = 20
BAR_FILL = "#1f4e79"  # white text on it: 9:1
MARK_FILL = "#8a3b00"  # a dark orange diamond, 7:1 on white
GRID = "#c5d1de"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg_text(x: float, y: float, text: str, *, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def timeline_svg(block: Timeline, w: Words) -> str:
    """The timeline as an inline SVG: bars on a week axis, milestones as numbered diamonds on
    dashed lines (told apart from the bars by shape, not by colour), the axis title and a
    legend of the milestones. Every text is escaped."""
    span = block.span
    left, right = SVG_LABELS, SVG_WIDTH - SVG_RIGHT
    scale = (right - left) / span
    axis_y = SVG_MARKS + SVG_ROW * len(block.bars) + 6
    legend_y = axis_y + 52
    height = legend_y + 20 * len(block.marks) + 4

    def x(week: float) -> float:
        return left + week * scale

    parts = []
    for tick in week_ticks(span):
        parts.append(
            f'<line x1="{_num(x(tick))}" y1="{SVG_MARKS - 4}" x2="{_num(x(tick))}" '
            f'y2="{axis_y + 5}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_svg_text(x(tick), axis_y + 20, week_text(tick), anchor="middle"))
    parts.append(
        f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" stroke="#1a1a1a" '
        'stroke-width="1.5"/>'
    )
    parts.append(
        _svg_text(
            (left + right) / 2, axis_y + 40, block.axis, anchor="middle", extra=' font-weight="600"'
        )
    )
    for row, bar in enumerate(block.bars):
        top = SVG_MARKS + row * SVG_ROW + (SVG_ROW - SVG_BAR) / 2
        middle = top + SVG_BAR / 2 + 4.5
        start, end = x(bar.start), x(max(bar.end, bar.start))
        parts.append(_svg_text(left - 8, middle, bar.label, anchor="end"))
        parts.append(
            f'<rect x="{_num(start)}" y="{_num(top)}" width="{_num(max(end - start, 1))}" '
            f'height="{SVG_BAR}" fill="{BAR_FILL}" rx="2"/>'
        )
        weeks = f"{week_text(bar.start)}\u2013{week_text(bar.end)}"
        if end - start >= 8 * len(weeks) + 8:
            parts.append(
                _svg_text(
                    (start + end) / 2, middle, weeks, anchor="middle", extra=' fill="#ffffff"'
                )
            )
        elif right - end >= 8 * len(weeks) + 6:
            parts.append(_svg_text(end + 4, middle, weeks))
        else:
            parts.append(_svg_text(start - 4, middle, weeks, anchor="end"))
    previous = None
    for number, (week, label) in enumerate(block.marks, start=1):
        cx, cy = x(week), SVG_MARKS - 12
        raise_by = 12 if previous is not None and cx - previous < 18 else 0
        previous = cx
        parts.append(
            f'<line x1="{_num(cx)}" y1="{cy}" x2="{_num(cx)}" y2="{axis_y}" stroke="{MARK_FILL}" '
            'stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        points = f"{_num(cx)},{cy - 6} {_num(cx + 6)},{cy} {_num(cx)},{cy + 6} {_num(cx - 6)},{cy}"
        parts.append(f'<polygon points="{points}" fill="{MARK_FILL}"/>')
        parts.append(
            _svg_text(
                cx - 9, cy + 4 - raise_by, str(number), anchor="end", extra=' font-weight="600"'
            )
        )
        legend = f"{number}. {label} ({w('timeline.week')} {week_text(week)})"
        ly = legend_y + 20 * (number - 1)
        lpoints = (
            f"{left - 14},{ly - 5} {left - 8},{ly + 1} {left - 14},{ly + 7} {left - 20},{ly + 1}"
        )
        parts.append(f'<polygon points="{lpoints}" fill="{MARK_FILL}"/>')
        parts.append(_svg_text(left, ly + 5, legend))
    summary = [
        w("timeline.bar_summary", label=b.label, start=week_text(b.start), end=week_text(b.end))
        for b in block.bars
    ] + [
        w("timeline.mark_summary", label=label, week=week_text(week)) for week, label in block.marks
    ]
    label = escape(block.caption, quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}" '
        f'viewBox="0 0 {SVG_WIDTH} {height}" width="{SVG_WIDTH}" height="{height}" '
        'font-family="system-ui, sans-serif" font-size="13" fill="#1a1a1a">\n'
        f"<title>{escape(block.caption)}</title>\n<desc>{escape('; '.join(summary))}</desc>\n"
        + "\n".join(parts)
        + "\n</svg>"
    )


def _timeline(block: Timeline, lang: str) -> str:
    w = words(lang)
    tables = _table(
        block.caption,
        (w("timeline.phase"), w("timeline.start"), w("timeline.end"), w("timeline.detail")),
        [(b.label, week_text(b.start), week_text(b.end), b.detail) for b in block.bars],
    )
    if block.marks:
        tables += "\n" + _table(
            w("timeline.marks"),
            (w("timeline.milestone"), w("timeline.week")),
            [(label, week_text(week)) for week, label in block.marks],
        )
    caption = f"<figcaption>{escape(block.caption)}</figcaption>" if block.caption else ""
    return (
        f'<figure class="timeline">{caption}\n{timeline_svg(block, w)}\n</figure>\n'
        f"<details><summary>{escape(w('timeline.data'))}</summary>\n{tables}\n</details>"
    )


def render_block(block: Block, lang: str = DEFAULT_LANGUAGE) -> str:
    """One block as HTML (``lang``: the language of a timeline's words)."""
    if isinstance(block, Heading):
        anchor = f' id="{escape(block.anchor, quote=True)}"' if block.anchor else ""
        return f"<h{block.level}{anchor}>{escape(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Note):
        return f'<p class="note">{escape(block.text)}</p>'
    if isinstance(block, Items):
        lines = []
        for item in block.items:
            text = link(item.text, item.url)
            if item.label:
                text = f"<strong>{escape(item.label)}</strong> {text}"
            if item.note:
                text += f": {escape(item.note)}"
            lines.append(f"<li>{text}</li>")
        return "<ul>\n" + "\n".join(lines) + "\n</ul>"
    if isinstance(block, Facts):
        rows = "\n".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in block.items)
        return f"<dl>\n{rows}\n</dl>"
    if isinstance(block, Table):
        return _table(block.caption, block.headers, block.rows)
    if isinstance(block, Timeline):
        return _timeline(block, lang)
    raise TypeError(f"unknown block {type(block).__name__}")


def render(document: Document) -> str:
    """The document as a complete HTML5 page."""
    lang = escape(document.lang, quote=True)
    subtitle = "\n".join(f'<p class="subtitle">{escape(line)}</p>' for line in document.subtitle)
    sections = document.sections()
    nav = ""
    if sections and document.contents_label:
        entries = "\n".join(
            f'<li><a href="#{escape(h.anchor, quote=True)}">{escape(h.text)}</a></li>'
            for h in sections
        )
        label = escape(document.contents_label)
        nav = f'<nav aria-label="{escape(document.contents_label, quote=True)}">' + (
            f"<h2>{label}</h2>\n<ol>\n{entries}\n</ol></nav>"
        )
    body = "\n".join(render_block(b, document.lang) for b in document.blocks)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(document.title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n"
        f"<main>\n<header>\n<h1>{escape(document.title)}</h1>\n{subtitle}\n</header>\n"
        f"{nav}\n{body}\n</main>\n</body>\n</html>\n"
    )


def render_guide(guide: PersonalGuide | GeneralGuide) -> str:
    """Lay out and render a personal or general guide."""
    return render(layout(guide))
