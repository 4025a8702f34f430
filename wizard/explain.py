"""Words and tables for the recommendation page, from the recommendation's JSON contract.

Pure functions: the page passes in its translation functions (:class:`Words`), so everything
here can be tested without Streamlit. This module formats and compares what the scoring engine
produced; it must never score anything itself nor import Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from scoring.answers import Answers
from templates_library import Library, formats

#: How many set-ups the what-if comparison looks at.
WHATIF_TOP = 3


@dataclass(frozen=True)
class Words:
    """The session's translation functions: ``text`` is ``t``, ``content`` is ``ct``."""

    text: Callable[..., str]
    content: Callable[[str, str], str]
    language: str


def number(value: float | None, language: str, decimals: int = 0) -> str:
    """``3000`` -> ``3,000`` in English, ``3 000`` in French, ``3.000`` in German (Babel)."""
    return formats.number(value, language, decimals)


def span(low: float, high: float, language: str, decimals: int = 0) -> str:
    """A range ``0–2,000``, or one number when both ends are equal."""
    return formats.span(low, high, language, decimals)


def template_names(library: Library, words: Words) -> dict[str, str]:
    """Every set-up's name in the session's language."""
    return {
        tid: words.content(f"templates.{tid}.name", template.name)
        for tid, template in library.templates.items()
    }


def criterion_labels(criteria: Iterable[str], words: Words) -> dict[str, str]:
    return {c: words.text(f"labels.criteria.{c}") for c in criteria}


# --- The ranking ------------------------------------------------------------------------------


def ranking_table(
    recommendations: Sequence[Mapping[str, Any]],
    names: Mapping[str, str],
    words: Words,
    hours_per_fte: float,
) -> pd.DataFrame:
    """One row per recommended set-up, with translated headers and formatted ranges.

    The score stays a number (the page formats it) so the column sorts as numbers.
    """
    lang = words.language

    def col(name: str) -> str:
        return words.text(f"recommendation.col_{name}")

    rows = []
    for rec in recommendations:
        cost, setup = rec["cost_eur_per_year"], rec["setup_cost_eur"]
        fte, weeks = rec["fte"], rec["time_to_first_value_weeks"]
        rows.append(
            {
                col("rank"): int(rec["rank"]),
                col("name"): names.get(rec["template_id"], rec["name"]),
                col("score"): float(rec["score"]),
                col("cost"): formats.money_range(cost["min"], cost["max"], lang),
                col("setup"): formats.money_range(setup["min"], setup["max"], lang),
                col("staff"): words.text(
                    "recommendation.staff_cell",
                    fte=span(fte["min"], fte["max"], lang, 2),
                    hours=span(fte["min"] * hours_per_fte, fte["max"] * hours_per_fte, lang, 1),
                ),
                col("weeks"): span(weeks["min"], weeks["max"], lang),
                col("delivery"): words.text(f"labels.delivery.{rec['delivery']}"),
            }
        )
    columns = [col(c) for c in ("rank", "name", "score", "cost", "setup", "staff", "weeks")]
    return pd.DataFrame(rows, columns=[*columns, col("delivery")])


def cost_fit_points(
    recommendations: Sequence[Mapping[str, Any]], names: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The points of the cost-against-fit chart."""
    return [
        {
            "name": names.get(rec["template_id"], rec["name"]),
            "cost_min": rec["cost_eur_per_year"]["min"],
            "cost_max": rec["cost_eur_per_year"]["max"],
            "score": rec["score"],
            "fte_max": rec["fte"]["max"],
        }
        for rec in recommendations
    ]


# --- Why --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleLine:
    """One rule that fired for a set-up, said in plain words."""

    rule: str
    effect: float
    reason: str
    source: str


def criterion_lines(
    recommendation: Mapping[str, Any],
    labels: Mapping[str, str],
    weights: Mapping[str, float],
    words: Words,
) -> list[str]:
    """``Covers your information needs: 27.9 of 35 points``, biggest contribution first."""
    lang = words.language
    items = sorted(recommendation["contributions"].items(), key=lambda kv: -kv[1])
    return [
        words.text(
            "recommendation.criterion_line",
            criterion=labels.get(criterion, criterion),
            points=number(points, lang, 1),
            best=number(100.0 * weights.get(criterion, 0.0), lang, 1),
        )
        for criterion, points in items
    ]


def rule_lines(recommendation: Mapping[str, Any], words: Words) -> list[RuleLine]:
    """The rules that fired, their reasons translated when the catalogue has them."""
    return [
        RuleLine(
            rule=fired["rule"],
            effect=float(fired["effect"]),
            reason=words.content(
                f"rules.{fired['rule']}.reason", " ".join(fired["reason"].split())
            ),
            source=fired["source"],
        )
        for fired in recommendation.get("rules_fired", [])
    ]


def signed(points: float, language: str) -> str:
    """``+4``, ``-2.5``."""
    sign = "+" if points >= 0 else "-"
    return sign + number(abs(points), language, 1)


#: Decimals shown for each value of an exclusion's details.
_DECIMALS = {"fte_min": 2, "hours_needed": 1, "hours": 1, "level": 1, "tolerance": 1}


def exclusion_reason(detail: Mapping[str, Any], english: str, words: Words) -> str:
    """One exclusion reason in the session's language, from the engine's structured details
    (``scoring.recommend``: ``{"code": "cost", "cost_min": ..., "budget": ...}``, ...)."""
    code = detail.get("code")
    lang = words.language
    if code == "rule":
        return words.content(f"rules.{detail['rule']}.reason", english)
    if code == "actor":
        served = ", ".join(words.text(f"labels.actor_types.{a}") for a in detail["served"])
        return words.text(
            "recommendation.excluded_actor",
            served=served,
            actor=words.text(f"labels.actor_types.{detail['actor']}"),
        )
    if code in ("cost", "staff", "maturity"):
        values = {
            "cost": number(detail.get("cost_min", 0), lang),
            "budget": number(detail.get("budget", 0), lang),
            "fte": number(detail.get("fte_min", 0), lang, _DECIMALS["fte_min"]),
            "needed": number(detail.get("hours_needed", 0), lang, _DECIMALS["hours_needed"]),
            "hours": number(detail.get("hours", 0), lang, _DECIMALS["hours"]),
            "minimum": number(detail.get("minimum", 0), lang),
            "tolerance": number(detail.get("tolerance", 0), lang, _DECIMALS["tolerance"]),
            "level": number(detail.get("level", 0), lang, _DECIMALS["level"]),
        }
        return words.text(f"recommendation.excluded_{code}", **values)
    return english


def exclusion_reasons(entry: Mapping[str, Any], words: Words) -> list[str]:
    """Every reason a set-up was excluded, in the session's language (English as a fallback
    for any reason the engine gives without details)."""
    reasons = list(entry.get("reasons", []))
    details = list(entry.get("details", []))
    if len(details) != len(reasons):
        return reasons
    return [exclusion_reason(d, r, words) for d, r in zip(details, reasons, strict=True)]


# --- How sure ---------------------------------------------------------------------------------


def percent(share: float, words: Words) -> str:
    """``83%`` in English, ``83 %`` in French (Babel)."""
    return formats.percent(share, words.language)


def answer_label(answer: str, library: Library, words: Words) -> str:
    """The name of an answer the smallest flip changes (a field, a dimension or a need)."""
    group, _, name = answer.partition(".")
    questionnaire = library.questionnaire
    if group == "maturity":
        dim = next((d for d in questionnaire.maturity_dimensions if d.id == name), None)
        return words.content(f"maturity.{name}.name", dim.name if dim else name)
    if group == "needs":
        need = next((n for n in questionnaire.needs if n.watch_kind.value == name), None)
        return words.content(f"needs.{name}.label", need.label if need else name)
    return words.text(f"fields.{answer}")


def scale_label(answer: str, value: float | None, library: Library, words: Words) -> str:
    """A value of a maturity (1-5) or need (0-3) answer, as the questionnaire names it."""
    if value is None:
        return words.text("common.dont_know")
    group = answer.partition(".")[0]
    scale = library.questionnaire.maturity_scale if group == "maturity" else None
    scale = library.questionnaire.need_scale if group == "needs" else scale
    key = "maturity_scale" if group == "maturity" else "need_scale"
    option = next((o for o in scale or [] if o.value == int(value)), None)
    if option is None:
        return number(value, words.language, 2)
    return words.content(f"{key}.{int(value)}", option.label)


def flip_sentence(
    flip: Mapping[str, Any] | None,
    names: Mapping[str, str],
    library: Library,
    words: Words,
) -> str:
    """The smallest change of one answer that puts another set-up first, in words."""
    if not flip:
        return words.text("recommendation.flip_none")
    answer = str(flip["answer"])
    lang = words.language
    values = {
        "answer": answer_label(answer, library, words),
        "name": names.get(flip["new_top1"], flip["new_top1"]),
    }
    old, new = flip.get("from"), flip.get("to")
    if answer == "budget_eur_per_year":
        return words.text(
            "recommendation.flip_money", old=number(old, lang), new=number(new, lang), **values
        )
    if answer == "staff_hours_per_week":
        return words.text(
            "recommendation.flip_hours",
            old=number(old, lang, 1),
            new=number(new, lang, 1),
            **values,
        )
    if answer.startswith(("maturity.", "needs.")):
        return words.text(
            "recommendation.flip_scale",
            old=scale_label(answer, old, library, words),
            new=scale_label(answer, new, library, words),
            **values,
        )
    return words.text(
        "recommendation.flip_other", old=number(old, lang, 2), new=number(new, lang, 2), **values
    )


def roadmap_lines(
    roadmap: Sequence[Mapping[str, Any]], names: Mapping[str, str], library: Library, words: Words
) -> list[str]:
    """``Regulatory and standards watch (towards level 2: Organised basic watch)``."""
    levels = {m.level: m.name for m in library.questionnaire.maturity_levels}
    lines = []
    for step in roadmap:
        level = int(step["maturity_target"])
        lines.append(
            words.text(
                "recommendation.roadmap_step",
                name=names.get(step["template_id"], step["name"]),
                level=level,
                level_name=words.content(
                    f"maturity_levels.{level}.name", levels.get(level, str(level))
                ),
            )
        )
    return lines


# --- What if ----------------------------------------------------------------------------------


def whatif_answers(
    answers: Answers,
    *,
    budget: float | None,
    hours: float | None,
    need_kind: str | None,
    need_level: int | None,
) -> Answers:
    """A copy of the answers with the what-if values; the saved answers are not touched.

    A budget or a staff time left empty keeps the saved value.
    """
    update: dict[str, Any] = {}
    if budget is not None:
        update["budget_eur_per_year"] = float(budget)
    if hours is not None:
        update["staff_hours_per_week"] = float(hours)
    if need_kind:
        update["needs"] = answers.needs.model_copy(update={need_kind: need_level})
    return answers.model_copy(update=update)


def top_ids(recommendations: Sequence[Mapping[str, Any]], top: int = WHATIF_TOP) -> list[str]:
    return [r["template_id"] for r in recommendations[:top]]


def describe_whatif(
    before: Sequence[Mapping[str, Any]],
    after: Sequence[Mapping[str, Any]],
    names: Mapping[str, str],
    words: Words,
    top: int = WHATIF_TOP,
) -> list[str]:
    """What changes in the first ``top`` set-ups from the current ranking to the what-if one."""
    rank_before = {r["template_id"]: int(r["rank"]) for r in before}
    rank_after = {r["template_id"]: int(r["rank"]) for r in after}
    score_before = {r["template_id"]: float(r["score"]) for r in before}
    score_after = {r["template_id"]: float(r["score"]) for r in after}
    lang = words.language
    lines: list[str] = []
    old_top, new_top = top_ids(before, top), top_ids(after, top)
    if not new_top:
        lines.append(words.text("recommendation.whatif_nothing_fits"))
    elif old_top[:1] != new_top[:1]:
        lines.append(
            words.text(
                "recommendation.whatif_new_first",
                name=names.get(new_top[0], new_top[0]),
                old=names.get(old_top[0], old_top[0])
                if old_top
                else words.text("recommendation.whatif_no_one"),
            )
        )
    for tid in new_top:
        name = names.get(tid, tid)
        if tid not in rank_before:
            lines.append(
                words.text("recommendation.whatif_now_possible", name=name, new=rank_after[tid])
            )
        elif rank_before[tid] != rank_after[tid]:
            lines.append(
                words.text(
                    "recommendation.whatif_moves",
                    name=name,
                    old=rank_before[tid],
                    new=rank_after[tid],
                )
            )
    for tid in old_top:
        if tid in new_top:
            continue
        name = names.get(tid, tid)
        if tid in rank_after:
            lines.append(words.text("recommendation.whatif_leaves", name=name, new=rank_after[tid]))
        else:
            lines.append(words.text("recommendation.whatif_ruled_out", name=name))
    if old_top == new_top:
        lines.append(words.text("recommendation.whatif_same_top", count=len(new_top)))
        moves = [abs(score_after[t] - score_before[t]) for t in new_top]
        if moves and max(moves) >= 0.05:
            lines.append(
                words.text("recommendation.whatif_scores_move", points=number(max(moves), lang, 1))
            )
    if len(before) != len(after):
        lines.append(words.text("recommendation.whatif_count", old=len(before), new=len(after)))
    return lines


# --- Safety -----------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def escape_markdown(text: str) -> str:
    """Text a user may have typed, shown literally inside Streamlit's markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
