"""A plain per-row, per-template Python scorer: the benchmark's baseline and a test oracle.

It follows the definitions of :mod:`scoring.engine` one profile and one template at a time,
with conditions interpreted from their tree, and shares no arithmetic with the engine; the tests
check that both give the same scores, exclusions and rules. Never used to serve users: it is
about a hundred times slower.
"""

from __future__ import annotations

import math
from typing import Any

from scoring.engine import COVERS_AT, Engine
from scoring.profiles import (
    ACTOR_TYPES,
    DIMENSIONS,
    IT,
    KINDS,
    REGION_TYPES,
    RND,
    SIZE_BANDS,
    VALUE_CHAIN,
    WILLING,
    ProfileTable,
)
from templates_library.conditions import AllOf, AnyOf, Leaf, Not
from templates_library.schema import SetupTemplate, WatchKind, WillingToShare


def profile_dicts(table: ProfileTable, engine: Engine) -> list[dict[str, Any]]:
    """Each row as a dict of answer fields and derived values (None when not answered)."""

    def name(values: list[str], code: int) -> str | None:
        return values[code] if code >= 0 else None

    rows = []
    for i in range(len(table)):
        known = [
            table.maturity[i, d] - 1
            for d in range(len(DIMENSIONS))
            if not math.isnan(table.maturity[i, d])
        ]
        row: dict[str, Any] = {
            "actor_type": ACTOR_TYPES[table.actor_type[i]],
            "sector": engine.sector_ids[table.sector[i]],
            "value_chain": VALUE_CHAIN[table.value_chain[i]],
            "region": engine.region_ids[table.region[i]],
            "region_type": REGION_TYPES[table.region_type[i]],
            "size_band": name(SIZE_BANDS, table.size_band[i]),
            "willing_to_share": WILLING[table.willing_to_share[i]],
            "rnd_intensity": name(RND, table.rnd_intensity[i]),
            "it_capacity": name(IT, table.it_capacity[i]),
            "prefers_open_source": (
                None if table.prefers_open_source[i] < 0 else bool(table.prefers_open_source[i])
            ),
            "employees": float(table.employees[i]),
            "budget_eur_per_year": float(table.budget_eur_per_year[i]),
            "staff_hours_per_week": float(table.staff_hours_per_week[i]),
            "first_results_within_weeks": float(table.first_results_within_weeks[i]),
            "fte_available": float(table.staff_hours_per_week[i]) / engine.config.hours_per_fte,
            "maturity_level": (
                sum(known) / len(known)
                if known
                else float(engine.config.maturity_fit.unknown_level)
            ),
        }
        for d, dim in enumerate(DIMENSIONS):
            value = table.maturity[i, d]
            row[f"maturity.{dim}"] = None if math.isnan(value) else float(value)
        for k, kind in enumerate(KINDS):
            value = table.needs[i, k]
            row[f"needs.{kind}"] = None if math.isnan(value) else float(value)
        rows.append(row)
    return rows


def holds(condition: Leaf | AllOf | AnyOf | Not, row: dict[str, Any]) -> bool:
    """Interpret a condition on one row; a leaf on a missing answer is false."""
    if isinstance(condition, Not):
        return not holds(condition.not_, row)
    if isinstance(condition, AllOf):
        return all(holds(child, row) for child in condition.all)
    if isinstance(condition, AnyOf):
        return any(holds(child, row) for child in condition.any)
    value = row.get(condition.field)
    if value is None:
        return False
    target = condition.value
    op = condition.op
    if op == "in":
        return value in target
    if op == "not_in":
        return value not in target
    if isinstance(value, str):
        return (value == target) if op == "eq" else (value != target)
    return {
        "eq": value == target,
        "ne": value != target,
        "lt": value < target,
        "le": value <= target,
        "gt": value > target,
        "ge": value >= target,
    }[op]


def score_row(engine: Engine, row: dict[str, Any]) -> list[dict[str, Any]]:
    """Score of each template for one profile dict: value of each criterion, rules, exclusion."""
    cfg = engine.config
    blend = cfg.needs.weights
    sector = engine.library.sectors[row["sector"]].need_priors
    position = engine.library.value_chain[row["value_chain"]].need_priors
    region = cfg.needs.region_type_priors.get(row["region_type"], {})
    needs = {}
    for kind in KINDS:
        prior = (
            blend["sector"] * sector.get(kind, 0.0)
            + blend["value_chain"] * position.get(kind, 0.0)
            + blend["region"] * region.get(kind, 0.0)
        )
        stated = row[f"needs.{kind}"]
        if stated is None:
            needs[kind] = prior / (1 - blend["stated"])
        else:
            needs[kind] = blend["stated"] * stated / 3 + prior
    results = []
    for template in engine.templates:
        results.append(_score_template(engine, template, row, needs))
    return results


def _score_template(
    engine: Engine, template: SetupTemplate, row: dict[str, Any], needs: dict[str, float]
) -> dict[str, Any]:
    cfg = engine.config
    mass = sum(needs[k] * template.watch_kinds.get(WatchKind(k), 0.0) for k in KINDS)
    values = {"needs_coverage": mass / (mass + cfg.needs.saturation)}
    level, low, high = row["maturity_level"], template.maturity.min, template.maturity.max
    shape = cfg.maturity_fit
    if level < low:
        fit = 1 - shape.below_min_per_level * (low - level)
    elif level > high:
        top = 1 - shape.within_range_drop if high > low else 1.0
        fit = top - shape.above_max_per_level * (level - high)
    else:
        fit = 1 - shape.within_range_drop * (level - low) / (high - low) if high > low else 1.0
    values["maturity_fit"] = min(1.0, max(0.0, fit))
    mix = cfg.profile_fit.weights
    size = (
        _fit(template.fits.size_bands, row["size_band"], engine)
        if row["actor_type"] == "sme"
        else cfg.fit_values.any
    )
    values["sector_value_chain_fit"] = (
        mix["sector"] * _fit(template.fits.sectors, row["sector"], engine)
        + mix["value_chain"] * _fit(template.fits.value_chain, row["value_chain"], engine)
        + mix["size_band"] * size
    )
    years = cfg.resources.setup_amortisation_years
    at_min = cfg.resources.at_min_value
    money = _headroom(
        row["budget_eur_per_year"],
        template.cost_eur_per_year.min + template.setup_cost_eur.min / years,
        template.cost_eur_per_year.max + template.setup_cost_eur.max / years,
        at_min,
    )
    staff = _headroom(row["fte_available"], template.fte.min, template.fte.max, at_min)
    values["resources_fit"] = (
        cfg.resources.cost_share * money + (1 - cfg.resources.cost_share) * staff
    )
    values["region_fit"] = _fit(template.fits.region_types, row["region_type"], engine)
    values["urgency_fit"] = _headroom(
        row["first_results_within_weeks"],
        template.time_to_first_value_weeks.min,
        template.time_to_first_value_weeks.max,
        cfg.urgency_at_min_value,
    )
    values["collaboration_fit"] = cfg.collaboration[template.delivery][
        WillingToShare(row["willing_to_share"])
    ]
    base = 100 * sum(float(cfg.weights[c]) * values[c.value] for c in cfg.weights)

    fired, adjust, rule_excluded = [], 0.0, False
    rules = [(f"{template.id}.{r.id}", r) for r in template.rules]
    rules += [(f"scoring.{r.id}", r) for r in cfg.rules if _applies(r.applies_to, template)]
    for rule_id, rule in rules:
        if holds(rule.when, row):
            fired.append(rule_id)
            if rule.exclude:
                rule_excluded = True
            else:
                adjust += float(rule.adjust or 0.0)
    reasons = []
    if template.cost_eur_per_year.min > row["budget_eur_per_year"] * (1 + cfg.budget_tolerance):
        reasons.append("cost")
    if template.fte.min > row["fte_available"] + 1e-12:
        reasons.append("staff")
    if row["actor_type"] not in {a.value for a in template.actor_types}:
        reasons.append("actor")
    if template.maturity.min - level > cfg.maturity_tolerance_levels + 1e-12:
        reasons.append("maturity")
    if rule_excluded:
        reasons.append("rule")
    return {
        "template_id": template.id,
        "values": values,
        "score": min(100.0, max(0.0, base + adjust)),
        "points": base + adjust,
        "rules_fired": fired,
        "excluded": reasons,
    }


def _fit(listed: list[Any] | None, value: str, engine: Engine) -> float:
    fit = engine.config.fit_values
    if listed is None:
        return fit.any
    return fit.listed if value in {getattr(x, "value", x) for x in listed} else fit.unlisted


def _headroom(have: float, low: float, high: float, at_min: float) -> float:
    if have >= high:
        return 1.0
    if have >= low:
        return at_min + (1 - at_min) * (have - low) / (high - low) if high > low else 1.0
    return at_min * have / low if low > 0 else at_min


def _applies(selector: Any, template: SetupTemplate) -> bool:
    if selector.delivery is not None and template.delivery not in selector.delivery:
        return False
    if selector.templates is not None and template.id not in selector.templates:
        return False
    if selector.serves_only is not None and not set(template.actor_types) <= set(
        selector.serves_only
    ):
        return False
    return selector.watch_kinds is None or any(
        template.watch_kinds.get(k, 0.0) >= COVERS_AT for k in selector.watch_kinds
    )


def top_three(engine: Engine, row: dict[str, Any]) -> list[tuple[str, float]]:
    """The three best feasible templates of one row, as the batch output lists them."""
    scored = [r for r in score_row(engine, row) if not r["excluded"]]
    scored.sort(key=lambda r: -r["points"])  # stable: ties keep template order
    return [(r["template_id"], r["score"]) for r in scored[:3]]
