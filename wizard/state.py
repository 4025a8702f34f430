"""The wizard's state: the answers file, as a dict, under one plain key of the session.

Widgets are temporary copies: :func:`bind` seeds a widget's key from the answers before it is
drawn and copies its value back when it changes, so a value survives page switches (Streamlit
drops the keys of widgets that are not on the page) and one dict is the only truth. Pages read
the answers back through the scoring models (:func:`validated`), never trust them raw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from scoring.answers import Answers, AnswersError, parse_answers
from wizard.i18n import language, t
from wizard.knowledge import library_or_stop

ANSWERS = "answers"


def answers() -> dict[str, Any]:
    """The answers so far (possibly incomplete), as the answers file writes them."""
    data = st.session_state.setdefault(ANSWERS, {"schema_version": 1})
    data.setdefault("maturity", {})
    data.setdefault("needs", {})
    return data


def get(path: str, default: Any = None) -> Any:
    """``"budget_eur_per_year"`` or ``"maturity.culture"``."""
    group, _, key = path.rpartition(".")
    container = answers()[group] if group else answers()
    return container.get(key, default)


def put(path: str, value: Any) -> None:
    group, _, key = path.rpartition(".")
    container = answers()[group] if group else answers()
    container[key] = value


def widget_key(path: str) -> str:
    return f"w.{path}"


def has(path: str) -> bool:
    """Whether the answers hold ``path`` at all (a stored ``None`` is "don't know")."""
    group, _, key = path.rpartition(".")
    return key in (answers()[group] if group else answers())


def bind(path: str, default: Any = None, none_as: Any = None) -> dict[str, Any]:
    """Keyword arguments that tie a widget to ``path`` of the answers.

    Use as ``st.number_input(label, **bind("employees"))``: the widget's state is seeded from
    the answers (or ``default``, which is then written into the answers, when the path has no
    answer yet) before it is drawn, and written back on every change. ``none_as`` is the
    widget's stand-in for a stored ``None`` ("don't know"), for widgets such as a radio that
    would show ``None`` as "nothing chosen".
    """
    key = widget_key(path)
    if key not in st.session_state:
        if not has(path) and default is not None:
            put(path, default)
        value = get(path)
        st.session_state[key] = (
            none_as if value is None and has(path) and none_as is not None else value
        )

    def copy_back() -> None:
        value = st.session_state[key]
        put(path, None if none_as is not None and value == none_as else value)

    return {"key": key, "on_change": copy_back}


def replace_answers(data: dict[str, Any]) -> None:
    """Load a whole answers file (validated by the caller): widgets re-seed from it."""
    st.session_state[ANSWERS] = {"schema_version": 1, "maturity": {}, "needs": {}, **data}
    for key in [k for k in st.session_state if str(k).startswith("w.")]:
        del st.session_state[key]
    if data.get("language"):
        st.session_state["lang"] = data["language"]
        st.session_state.pop("language_switch", None)


def validated() -> tuple[Answers | None, AnswersError | None]:
    """The answers as the scoring model reads them, or the reasons they are not complete."""
    data = {**answers(), "language": language()}
    try:
        return parse_answers(data, library_or_stop()), None
    except AnswersError as exc:
        return None, exc


@dataclass(frozen=True)
class Step:
    """One page of the self-assessment and the answers it must collect."""

    id: str
    page: str  # file path, for st.page_link / st.switch_page
    required: tuple[str, ...]


STEPS = (
    Step("welcome", "wizard/welcome.py", ()),
    Step(
        "profile",
        "wizard/profile.py",
        ("actor_type", "sector", "value_chain", "region", "employees"),
    ),
    Step("practice", "wizard/practice.py", ()),
    Step("needs", "wizard/needs.py", ()),
    Step(
        "resources",
        "wizard/resources.py",
        (
            "budget_eur_per_year",
            "staff_hours_per_week",
            "first_results_within_weeks",
            "willing_to_share",
        ),
    ),
    Step("recommendation", "wizard/recommendation.py", ()),
    Step("guide_book", "wizard/guide_book.py", ()),
    Step("roadmap", "wizard/roadmap.py", ()),
)


def step(step_id: str) -> Step:
    return next(s for s in STEPS if s.id == step_id)


def missing_before(step_id: str) -> list[tuple[Step, list[str]]]:
    """For each earlier step, the answers it still lacks (empty when all is there)."""
    gaps = []
    for earlier in STEPS[: [s.id for s in STEPS].index(step_id)]:
        lacking = [p for p in earlier.required if get(p) in (None, "")]
        if earlier.id == "profile" and get("region") == "other" and not get("region_type"):
            lacking.append("region_type")
        if lacking:
            gaps.append((earlier, lacking))
    return gaps


def guard(step_id: str) -> None:
    """Stop a page reached too early: say what is missing and link to where to give it."""
    gaps = missing_before(step_id)
    if not gaps:
        return
    st.warning(t("guard.missing_intro"))
    for earlier, lacking in gaps:
        names = ", ".join(t(f"fields.{p}") for p in lacking)
        st.page_link(
            earlier.page,
            label=t("guard.go_to", step=t(f"nav.{earlier.id}"), fields=names),
            icon=":material/arrow_back:",
        )
    st.stop()
