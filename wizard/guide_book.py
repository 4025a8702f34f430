"""Page: the personal guide book of the chosen set-up, on screen and as PDF, HTML or Markdown.

The guide is built by ``reports.guide`` from the answers and their recommendation; the page shows
the same document the downloads contain (``wizard.document_view``), so what a user reads here is
what they print. Files are built when a button is clicked, not on every rerun.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from reports import render_html, render_markdown, render_pdf
from reports.guide import build_personal_guide, layout
from wizard.document_view import show_document
from wizard.i18n import t
from wizard.knowledge import library_or_stop
from wizard.plan import plan_or_stop
from wizard.state import guard
from wizard.ui import nav_buttons, page_header

lib = library_or_stop()
page_header("guide_book")
guard("guide_book")
st.write(t("guide_book.intro"))

plan = plan_or_stop("guide_book", lib)
lang = plan.words.language
guide = build_personal_guide(
    plan.answers,
    plan.result,
    setup_id=plan.setup_id,
    lang=lang,
    library=lib,
    generated_on=dt.datetime.now(dt.UTC).date(),
)
document = layout(guide)
st.caption(guide.choice)

# --- Downloads --------------------------------------------------------------------------------
st.subheader(t("guide_book.downloads"))
stem = f"guide-{plan.setup_id}-{lang}"
pdf_col, html_col, md_col = st.columns(3)
with pdf_col:
    st.download_button(
        t("guide_book.download_pdf"),
        # Built when clicked (about a second): reruns build nothing and store nothing.
        data=lambda: render_pdf.render(document),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        on_click="ignore",
        type="primary",
        icon=":material/picture_as_pdf:",
        key="guide.download_pdf",
        width="stretch",
    )
with html_col:
    st.download_button(
        t("guide_book.download_html"),
        data=lambda: render_html.render(document),
        file_name=f"{stem}.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/html:",
        key="guide.download_html",
        width="stretch",
    )
with md_col:
    st.download_button(
        t("guide_book.download_md"),
        data=lambda: render_markdown.render(document),
        file_name=f"{stem}.md",
        mime="text/markdown",
        on_click="ignore",
        icon=":material/description:",
        key="guide.download_md",
        width="stretch",
    )
st.caption(t("guide_book.downloads_caption"))

# --- The guide itself -------------------------------------------------------------------------
st.subheader(document.title)
for line in document.subtitle:
    st.caption(line)
show_document(document, "guide.doc", expanded=1)

nav_buttons("guide_book")
