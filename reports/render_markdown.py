"""Render a guide (``reports.guide.Document``) as Markdown (CommonMark with pipe tables).

Every text is escaped, so a name or note from the knowledge base can neither break a table
(``|`` is escaped, line breaks become spaces) nor inject markup or raw HTML (Markdown's
punctuation and ``<`` ``>`` are backslash-escaped). Addresses are percent-encoded where Markdown
would end a link. Pure: a document in, a string out.
"""

from __future__ import annotations

import re
from urllib.parse import quote

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

#: Characters with a meaning in Markdown (or HTML inside Markdown), escaped with a backslash.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
#: What would start a heading, a list item or a quote at the start of a line.
_LINE_START = re.compile(r"^(#|[-+]|\d+[.)])(?=\s|$)")
_SPACE = re.compile(r"\s+")


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


def _block(block: Block) -> str:
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
        head = "| " + " | ".join(escape(h) for h in block.headers) + " |"
        rule = "|" + "|".join("---" for _ in block.headers) + "|"
        rows = ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
        caption = f"**{escape(block.caption)}**\n\n" if block.caption else ""
        return caption + "\n".join([head, rule, *rows])
    raise TypeError(f"unknown block {type(block).__name__}")


def render(document: Document) -> str:
    """The document as Markdown text, ending with a newline."""
    parts = [f"# {escape(document.title)}"]
    parts += [f"_{escape(line)}_" for line in document.subtitle]
    sections = document.sections()
    if sections and document.contents_label:
        toc = "\n".join(f"{i}. {escape(h.text)}" for i, h in enumerate(sections, start=1))
        parts.append(f"**{escape(document.contents_label)}**\n\n{toc}")
    parts += [_block(b) for b in document.blocks]
    return "\n\n".join(parts) + "\n"


def render_guide(guide: PersonalGuide | GeneralGuide) -> str:
    """Lay out and render a personal or general guide."""
    return render(layout(guide))
