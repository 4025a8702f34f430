"""Show a report document (``reports.document.Document``) on a page, one section a panel.

The page shows exactly what the downloads contain: the same document, its text blocks through
the Markdown renderer (which escapes every text, so nothing from the knowledge base becomes
markup or HTML) and its timelines as Plotly charts built from the same bars as the PDF's
drawing.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from reports import render_markdown
from reports.document import Block, Document, Heading, Timeline
from wizard import charts, plan_charts
from wizard.i18n import t


def sections(document: Document) -> list[tuple[Heading | None, list[Block]]]:
    """The blocks grouped under their level-2 headings (a first group may have no heading)."""
    groups: list[tuple[Heading | None, list[Block]]] = []
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 2:
            groups.append((block, []))
        elif groups:
            groups[-1][1].append(block)
        else:
            groups.append((None, [block]))
    return groups


def _markdown(block: Block) -> str:
    if isinstance(block, Heading):  # one level down: the section's heading is its panel's label
        block = Heading(min(block.level + 1, 6), block.text, block.anchor)
    # Streamlit reads $...$ as LaTeX; an escaped dollar is a dollar in text and in addresses.
    return render_markdown.render_block(block).replace("$", "\\$")


def show_timeline(block: Timeline, key: str) -> None:
    """A timeline as a Plotly chart (with its table), then its milestones in words."""
    charts.show(
        plan_charts.timeline(
            block.bars,
            block.marks,
            block.caption,
            block.axis,
            marks_label=t("roadmap.chart_milestones"),
            columns=(
                t("roadmap.col_phase"),
                t("roadmap.col_start"),
                t("roadmap.col_end"),
                t("roadmap.col_detail"),
            ),
            nothing=t("recommendation.chart_nothing"),
        ),
        t("recommendation.chart_table"),
        key=key,
    )
    if block.marks:
        st.caption(
            f"**{t('roadmap.chart_milestones')}**  \n"
            + "  \n".join(
                render_markdown.escape(line)
                for line in plan_charts.milestone_legend(block.marks, block.axis)
            )
        )


def show_blocks(blocks: Sequence[Block], key: str) -> None:
    for number, block in enumerate(blocks):
        if isinstance(block, Timeline):
            show_timeline(block, f"{key}.{number}")
        else:
            st.markdown(_markdown(block))


def show_document(document: Document, key: str, *, expanded: int = 1) -> None:
    """Each level-2 section in a panel, the first ``expanded`` of them open."""
    for number, (heading, blocks) in enumerate(sections(document)):
        if heading is None:
            show_blocks(blocks, f"{key}.{number}")
            continue
        with st.expander(heading.text, expanded=number < expanded):
            show_blocks(blocks, f"{key}.{number}")
