"""One profile in, one explained recommendation out (the contract of DESIGN.md).

Builds the ranked, explained recommendation from the engine's arrays for a one-row table: each
set-up's score and the contribution of each criterion, each rule that fired with its reason and
``file:line``, every excluded set-up with every reason, the robustness of the first choice, and
the path of set-ups to grow into. The output is a plain dict, so JSON, CSV and the wizard all
read the same thing; it holds no timestamps, so the same answers always give the same output.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from scoring.answers import Answers
from scoring.engine import CRITERIA, Engine, Evaluation, Exclusion, covered_kinds
from scoring.profiles import ACTOR_TYPES, DIMENSIONS, KINDS, ProfileTable, from_answers
from scoring.robustness import assess
from templates_library import Library, load_library

#: The longest growth path shown after the first recommendation.
ROADMAP_STEPS = 4


@functools.lru_cache(maxsize=4)
def engine_for(library: Library | None = None) -> Engine:
    """The compiled engine of a library (the shipped one by default), built once."""
    return Engine(library or load_library())


def recommend(
    answers: Answers,
    engine: Engine | None = None,
    *,
    top: int | None = None,
    robustness: bool = True,
    draws: int | None = None,
) -> dict[str, Any]:
    """The explained recommendation for one set of answers."""
    engine = engine or engine_for()
    table = from_answers([answers], engine.library)
    evaluation = engine.evaluate(table)
    return explain(engine, table, evaluation, top=top, robustness=robustness, draws=draws)


def explain(
    engine: Engine,
    table: ProfileTable,
    evaluation: Evaluation,
    *,
    top: int | None = None,
    robustness: bool = True,
    draws: int | None = None,
) -> dict[str, Any]:
    """The contract's JSON for row 0 of an evaluated one-row table."""
    row = 0
    contributions = evaluation.contributions()[:, row, :]
    ranking = [int(i) for i in evaluation.ranking()[row] if evaluation.feasible[row, i]]
    shown = ranking if top is None else ranking[:top]
    result: dict[str, Any] = {
        **engine.describe(),
        "maturity_level": round(float(evaluation.derived.maturity_level[row]), 2),
        "maturity_by_dimension": {
            d: (None if np.isnan(v) else int(v) - 1)
            for d, v in zip(DIMENSIONS, table.maturity[row], strict=True)
        },
        "needs": {k: round(float(v), 3) for k, v in zip(KINDS, evaluation.needs[row], strict=True)},
        "recommendations": [
            _entry(engine, evaluation, contributions, row=row, rank=rank, index=index)
            for rank, index in enumerate(shown, start=1)
        ],
        "excluded": [
            _excluded(engine, table, evaluation, row, index)
            for index in evaluation.ranking()[row]
            if not evaluation.feasible[row, index]
        ],
    }
    if robustness and ranking:
        result["robustness"] = assess(engine, table, evaluation, draws).to_json()
    elif robustness:
        result["robustness"] = None
    result["roadmap"] = (
        roadmap(engine, engine.template_ids[ranking[0]], evaluation, row) if ranking else []
    )
    return result


def _entry(
    engine: Engine,
    evaluation: Evaluation,
    contributions: np.ndarray,
    *,
    row: int,
    rank: int,
    index: int,
) -> dict[str, Any]:
    template = engine.templates[index]
    return {
        "rank": rank,
        "template_id": template.id,
        "name": template.name,
        "score": round(float(evaluation.score[row, index]), 1),
        "delivery": template.delivery.value,
        "actor_types": [a.value for a in template.actor_types],
        "watch_kinds": covered_kinds(template),
        "cost_eur_per_year": _range(template.cost_eur_per_year),
        "setup_cost_eur": _range(template.setup_cost_eur),
        "fte": _range(template.fte),
        "time_to_first_value_weeks": _range(template.time_to_first_value_weeks),
        "maturity": {
            "min": template.maturity.min,
            "max": template.maturity.max,
            "target": template.maturity.target,
        },
        "contributions": {
            c: round(float(contributions[k, index]), 2) for k, c in enumerate(CRITERIA)
        },
        "criterion_values": {
            c: round(float(evaluation.values[k, row, index]), 3) for k, c in enumerate(CRITERIA)
        },
        "rules_fired": [
            {
                "rule": rule.rule_id,
                "effect": float(rule.rule.adjust or 0.0),
                "reason": rule.rule.reason,
                "source": rule.source,
            }
            for r, rule in enumerate(engine.rules)
            if rule.templates[index] and evaluation.fired[r, row] and not rule.rule.exclude
        ],
    }


def _excluded(
    engine: Engine, table: ProfileTable, evaluation: Evaluation, row: int, index: int
) -> dict[str, Any]:
    template = engine.templates[index]
    bits = Exclusion(int(evaluation.exclusion[row, index]))
    budget = float(table.budget_eur_per_year[row])
    hours = float(table.staff_hours_per_week[row])
    level = float(evaluation.derived.maturity_level[row])
    reasons: list[str] = []
    details: list[dict[str, Any]] = []  # the same reasons as data, for translations
    rules: list[dict[str, str]] = []
    if Exclusion.cost in bits:
        minimum = template.cost_eur_per_year.min
        reasons.append(f"minimum cost {minimum:.0f} EUR/year exceeds the budget of {budget:.0f}")
        details.append({"code": "cost", "cost_min": _num(minimum), "budget": _num(budget)})
    if Exclusion.staff in bits:
        needed = template.fte.min * engine.config.hours_per_fte
        reasons.append(
            f"minimum staff time {template.fte.min:g} FTE ({needed:g} h/week) exceeds the "
            f"{hours:g} h/week available"
        )
        details.append(
            {
                "code": "staff",
                "fte_min": _num(template.fte.min),
                "hours_needed": _num(needed),
                "hours": _num(hours),
            }
        )
    if Exclusion.actor in bits:
        actor = ACTOR_TYPES[int(table.actor_type[row])]
        served = [a.value for a in template.actor_types]
        reasons.append(f"designed for {', '.join(served)}, not for {actor}")
        details.append({"code": "actor", "served": served, "actor": actor})
    if Exclusion.maturity in bits:
        tolerance = engine.config.maturity_tolerance_levels
        reasons.append(
            f"minimum maturity level {template.maturity.min} is more than "
            f"{tolerance:g} level above yours ({level:.1f})"
        )
        details.append(
            {
                "code": "maturity",
                "minimum": template.maturity.min,
                "tolerance": _num(tolerance),
                "level": round(level, 2),
            }
        )
    if Exclusion.rule in bits:
        for r, rule in enumerate(engine.rules):
            if rule.rule.exclude and rule.templates[index] and evaluation.fired[r, row]:
                reasons.append(rule.rule.reason.strip())
                rules.append({"rule": rule.rule_id, "source": rule.source})
                details.append({"code": "rule", "rule": rule.rule_id, "source": rule.source})
    entry: dict[str, Any] = {
        "template_id": template.id,
        "name": template.name,
        "reasons": reasons,
        "details": details,
    }
    if rules:
        entry["rules"] = rules
    return entry


def roadmap(
    engine: Engine, start: str, evaluation: Evaluation, row: int = 0
) -> list[dict[str, Any]]:
    """The set-ups to grow into after ``start``: at each step, among the set-up's
    ``grows_into`` that lead at least as far up the maturity scale, the one that fits this
    profile best. Budget, staff time and maturity may
    rule a step out today (growing means investing more); actor type and rules may not."""
    scores = evaluation.points[row]
    blocked = evaluation.exclusion[row] & (Exclusion.actor | Exclusion.rule)
    path: list[dict[str, Any]] = []
    seen = {start}
    current = engine.library.templates[start]
    for _ in range(ROADMAP_STEPS):
        options = [
            t
            for t in current.grows_into
            if t not in seen
            and not blocked[engine.index_of(t)]
            and engine.library.templates[t].maturity.target >= current.maturity.target
        ]
        if not options:
            break
        nxt = max(options, key=lambda t: (scores[engine.index_of(t)], -options.index(t)))
        seen.add(nxt)
        current = engine.library.templates[nxt]
        path.append(
            {
                "template_id": current.id,
                "name": current.name,
                "maturity_target": current.maturity.target,
            }
        )
    return path


def _range(value: Any) -> dict[str, float]:
    return {"min": _num(value.min), "max": _num(value.max)}


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else float(value)
