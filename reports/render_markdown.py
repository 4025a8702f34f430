"""Render a report (``reports.document.Document``) as Markdown (CommonMark with pipe tables).

Every text is escaped, so a name or note from the knowledge base can neither break a table
(``|`` is escaped, line breaks become spaces) nor inject markup or raw HTML (Markdown's
punctuation and ``<`` ``>`` are backslash-escaped). Addresses are percent-encoded where Markdown
would end a link. A timeline has no picture in Markdown: it is written as its data, a table
of bars and a table of milestones. Pure: a document in, a string out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

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
)
from reports.guide import GeneralGuide, PersonalGuide, layout
from reports.words import words
from templates_library.locales import DEFAULT_LANGUAGE

#: Characters with a meaning in Markdown (or HTML inside Markdown), escaped with a backslash.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
#: What would start a heading, a list item or a quote at the start of a line.
_LINE_START = re.compile(r"^(#|[-+]|\d+[.)])(?=\s|$)")
#: Whitespace but the no-break spaces (kept: they hold French numbers together).
_SPACE = re.compile(r"(?:(?![\u00a0\u202f])\s)+")


def escape(text: str) -> str:
    """``text`` as literal Markdown on one line: specials escaped, whitespace collapsed."""
    text = _SPACE.sub(" ", str(text)).strip()
    text = _SPECIAL.sub(r"\\\1", text)
    match = _LINE_START.match(text)
    if match:  # "1." or "-" would start a list, "#" a heading
        end = match.end()
        text = f"{text[: end - 1]}\\{text[end - 1 :]}"
    return text


def url(address: str) -> str:
    """An address safe inside ``(...)``: spaces, brackets and angle brackets percent-encoded."""
    return quote(address, safe=":/?#@!$&'*+,;=%~-._")


def link(text: str, address: str | None) -> str:
    target = safe_url(address)
    return f"[{escape(text)}]({url(target)})" if target else escape(text)


def _cell(cell: Cell) -> str:
    if isinstance(cell, Link):
        return link(cell.text, cell.url)
    return escape(cell) or " "


def _table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    head = "| " + " | ".join(escape(h) for h in headers) + " |"
    rule = "|" + "|".join("---" for _ in headers) + "|"
    lines = ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    title = f"**{escape(caption)}**\n\n" if caption else ""
    return title + "\n".join([head, rule, *lines])


def _timeline(block: Timeline, lang: str) -> str:
    w = words(lang)
    bars = _table(
        block.caption,
        (w("timeline.phase"), w("timeline.start"), w("timeline.end"), w("timeline.detail")),
        [(b.label, week_text(b.start), week_text(b.end), b.detail) for b in block.bars],
    )
    if not block.marks:
        return bars
    marks = _table(
        w("timeline.marks"),
        (w("timeline.milestone"), w("timeline.week")),
        [(label, week_text(week)) for week, label in block.marks],
    )
    return f"{bars}\n\n{marks}"


def render_block(block: Block, lang: str = DEFAULT_LANGUAGE) -> str:
    """One block as Markdown (``lang``: the language of a timeline's column names)."""
    if isinstance(block, Heading):
        return f"{'#' * block.level} {escape(block.text)}"
    if isinstance(block, Paragraph):
        return escape(block.text)
    if isinstance(block, Note):
        return f"_{escape(block.text)}_"
    if isinstance(block, Items):
        lines = []
        for item in block.items:
            text = link(item.text, item.url)
            if item.label:
                text = f"**{escape(item.label)}** {text}"
            if item.note:
                text += f": {escape(item.note)}"
            lines.append(f"- {text}")
        return "\n".join(lines)
    if isinstance(block, Facts):
        # Lines with hard breaks, so that a list just before them does not swallow them.
        return "\\\n".join(f"**{escape(k)}**: {escape(v)}" for k, v in block.items)
    if isinstance(block, Table):
        return _table(block.caption, block.headers, block.rows)
    if isinstance(block, Timeline):
        return _timeline(block, lang)
    raise TypeError(f"unknown block {type(block).__name__}")


def render(document: Document) -> str:
    """The document as Markdown text, ending with a newline."""
    parts = [f"# {escape(document.title)}"]
    parts += [f"_{escape(line)}_" for line in document.subtitle]
    sections = document.sections()
    if sections and document.contents_label:
        toc = "\n".join(f"{i}. {escape(h.text)}" for i, h in enumerate(sections, start=1))
        parts.append(f"**{escape(document.contents_label)}**\n\n{toc}")
    parts += [render_block(b, document.lang) for b in document.blocks]
    return "\n\n".join(parts) + "\n"


def render_guide(guide: PersonalGuide | GeneralGuide) -> str:
    """Lay out and render a personal or general guide."""
    return render(layout(guide))
