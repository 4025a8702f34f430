"""Render a guide (``reports.guide.Document``) as one self-contained HTML page.

Every text goes through :func:`html.escape`, attributes included, so nothing from the knowledge
base or a user is ever read as markup; links are kept only for ``http``/``https`` addresses.
The page declares its language, has a contents list, tables with captions and ``<th scope>``,
and a small embedded style sheet whose colours meet WCAG 2.1 AA contrast (body text 16:1, links
and muted text above 7:1 on white, in light and print). Pure: a document in, a string out.
"""

from __future__ import annotations

from html import escape

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


def _block(block: Block) -> str:
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
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in block.headers)
        body = []
        for row in block.rows:
            first, *rest = row
            cells = "".join(f"<td>{_cell(c)}</td>" for c in rest)
            body.append(f'<tr><th scope="row">{_cell(first)}</th>{cells}</tr>')
        caption = f"<caption>{escape(block.caption)}</caption>" if block.caption else ""
        return (
            f'<div class="table-wrap"><table>{caption}\n<thead><tr>{head}</tr></thead>\n'
            "<tbody>\n" + "\n".join(body) + "\n</tbody></table></div>"
        )
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
    body = "\n".join(_block(b) for b in document.blocks)
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
