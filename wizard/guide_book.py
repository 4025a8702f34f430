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
#: format: (renderer, MIME type, icon); the PDF first and primary. Files are built when their
#: button is clicked (the PDF takes about a second), so reruns build and store nothing.
FORMATS = {
    "pdf": (render_pdf.render, "application/pdf", ":material/picture_as_pdf:"),
    "html": (render_html.render, "text/html", ":material/html:"),
    "md": (render_markdown.render, "text/markdown", ":material/description:"),
}
for column, (fmt, (render, mime, icon)) in zip(
    st.columns(len(FORMATS)), FORMATS.items(), strict=True
):
    column.download_button(
        t(f"guide_book.download_{fmt}"),
        data=lambda render=render: render(document),
        file_name=f"{stem}.{fmt}",
        mime=mime,
        on_click="ignore",
        type="primary" if fmt == "pdf" else "secondary",
        icon=icon,
        key=f"guide.download_{fmt}",
        width="stretch",
    )
st.caption(t("guide_book.downloads_caption"))

# --- The guide itself -------------------------------------------------------------------------
st.subheader(document.title)
for line in document.subtitle:
    st.caption(line)
show_document(document, "guide.doc", expanded=1)

nav_buttons("guide_book")
