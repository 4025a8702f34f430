"""Widgets drawn from the questionnaire's data: a question in YAML becomes a bound widget.

Labels, help texts and option labels come from the knowledge base and are translated through
the content catalogue (``questions.<id>.label``, ``questions.<id>.help``,
``questions.<id>.options.<value>``); the widget writes into the answers (:func:`state.bind`).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from templates_library.schema import Question
from wizard.i18n import ct, t
from wizard.state import bind


def label(question: Question) -> str:
    return ct(f"questions.{question.id}.label", question.label)


def help_text(question: Question) -> str | None:
    if question.help is None:
        return None
    return ct(f"questions.{question.id}.help", question.help)


def option_label(question: Question, value: Any) -> str:
    option = next((o for o in question.options if o.value == value), None)
    if option is None:
        return t("common.dont_know") if value is None else str(value)
    return ct(f"questions.{question.id}.options.{value}", option.label)


def question_widget(question: Question, container: Any = st) -> Any:
    """Draw one question bound to its answers field; returns the widget's value."""
    kwargs: dict[str, Any] = {"help": help_text(question), **bind(question.field)}
    if question.kind == "choice":
        values: list[Any] = [o.value for o in question.options]
        return container.selectbox(
            label(question),
            values,
            index=None,
            placeholder=t("common.choose"),
            format_func=lambda v: option_label(question, v),
            **kwargs,
        )
    if question.kind == "boolean":
        values = [True, False]
        return container.selectbox(
            label(question),
            values,
            index=None,
            placeholder=t("common.dont_know") if question.allow_unknown else t("common.choose"),
            format_func=lambda v: t("common.yes") if v else t("common.no"),
            **kwargs,
        )
    integer = question.kind in ("integer", "scale")
    step = question.step or 1
    cast = int if integer else float
    # As many decimals as the step has: a budget in steps of 100 shows "3000", not "3000.00".
    decimals = 0 if float(step).is_integer() else len(f"{step:g}".split(".")[1])
    return container.number_input(
        label(question) + (f" ({question.unit})" if question.unit else ""),
        min_value=cast(question.min),
        max_value=cast(question.max),
        step=cast(step),
        value=None,
        placeholder=t("common.enter_number"),
        format=None if integer else f"%.{decimals}f",
        **kwargs,
    )
