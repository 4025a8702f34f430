"""What the recommendation, guide book and roadmap pages share: the validated answers, their
recommendation, and the set-up the plan is about.

The chosen set-up is kept under one plain session key (not a widget key, which Streamlit drops
when its page is left), so the guide book and the roadmap always speak of the same set-up, and
the user can pick another recommended one on either page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from scoring.answers import Answers
from scoring.recommend import engine_for, recommend
from templates_library import Library
from wizard import explain
from wizard.i18n import ct, language, t
from wizard.state import validated
from wizard.ui import nav_buttons

CHOICE = "plan_setup"


def answers_or_stop(step_id: str) -> Answers:
    """The answers as the engine reads them, or every problem listed, Back / Next and a stop."""
    answers, error = validated()
    if answers is not None:
        return answers
    problems = error.problems if error is not None else []
    st.error(
        t("recommendation.invalid")
        + "\n\n"
        + "\n".join(
            "- "
            + explain.escape_markdown(
                t("recommendation.invalid_problem", field=p.field, message=p.message)
            )
            for p in problems
        )
    )
    nav_buttons(step_id)
    st.stop()
    raise AssertionError  # unreachable: st.stop() ends the run


@dataclass(frozen=True)
class Plan:
    """The answers, their recommendation and the set-up chosen for the plan."""

    answers: Answers
    result: dict[str, Any]
    names: dict[str, str]
    words: explain.Words
    setup_id: str


def plan_or_stop(step_id: str, library: Library) -> Plan:
    """The plan of a page; when no set-up fits, say so, link to what can change it, and stop."""
    answers = answers_or_stop(step_id)
    result = recommend(answers, engine_for(), robustness=False)
    words = explain.Words(t, ct, language())
    names = explain.template_names(library, words)
    recommendations = result["recommendations"]
    if not recommendations:
        st.warning(t("recommendation.none_feasible"), icon=":material/block:")
        st.page_link("wizard/resources.py", label=t("nav.resources"), icon=":material/savings:")
        st.page_link("wizard/compare.py", label=t("nav.compare"), icon=":material/compare:")
        nav_buttons(step_id)
        st.stop()
    return Plan(answers, result, names, words, choose_setup(step_id, recommendations, names))


def choose_setup(step_id: str, recommendations: list[dict[str, Any]], names: dict[str, str]) -> str:
    """The recommended set-up the plan is about: the first, or the one picked before."""
    ranked = [str(r["template_id"]) for r in recommendations]
    if st.session_state.get(CHOICE) not in ranked:
        st.session_state[CHOICE] = ranked[0]
    key = f"{step_id}.setup"
    if st.session_state.get(key) not in ranked:
        st.session_state[key] = st.session_state[CHOICE]
    ranks = {str(r["template_id"]): r["rank"] for r in recommendations}

    def keep() -> None:
        st.session_state[CHOICE] = st.session_state[key]

    chosen = st.selectbox(
        t("guide_book.pick"),
        ranked,
        format_func=lambda tid: t("guide_book.pick_item", rank=ranks[tid], name=names[tid]),
        key=key,
        on_change=keep,
        help=t("guide_book.pick_help"),
    )
    return str(chosen)
