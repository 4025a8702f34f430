"""What every page shares: the heading with the journey's progress, and Back / Next."""

from __future__ import annotations

import streamlit as st

from wizard.i18n import t
from wizard.state import STEPS


def page_header(step_id: str) -> None:
    """The page's title and, for the self-assessment, where it sits in the journey."""
    ids = [s.id for s in STEPS]
    st.title(t(f"{step_id}.title"))
    if step_id in ids:
        number = ids.index(step_id) + 1
        st.progress(number / len(ids), text=t("common.progress", step=number, total=len(ids)))


def nav_buttons(step_id: str) -> None:
    """Back and Next, switching pages in the script body (AppTest cannot follow a callback)."""
    ids = [s.id for s in STEPS]
    index = ids.index(step_id)
    back, _, forward = st.columns([1, 2, 1])
    if index > 0 and back.button(
        t("common.back"), key=f"back.{step_id}", icon=":material/arrow_back:", width="stretch"
    ):
        st.switch_page(STEPS[index - 1].page)
    if index < len(ids) - 1 and forward.button(
        t("common.next"),
        key=f"next.{step_id}",
        type="primary",
        icon=":material/arrow_forward:",
        width="stretch",
    ):
        st.switch_page(STEPS[index + 1].page)
