"""The scoring engine: profiles x templates -> criterion values, rules, exclusions, scores.

Everything is computed on arrays of shape (profiles, templates), so one code path scores one
profile for the wizard and a million for ``batch`` (in chunks, so memory stays flat). Each
criterion is an *absolute* value function from 0 to 1 of the profile and the template (never
normalised over the set of templates), so a template's score does not depend on which other
templates exist. The score is ``100 x sum(weight x value)`` plus the points of the rules that
fired, clipped to 0-100; the contribution of each criterion is exactly ``100 x weight x value``.

Exclusions (DESIGN.md): minimum yearly cost above the budget by more than the tolerance,
minimum staff time above the time available, actor type not served, minimum maturity more than
the tolerance above the user's level, and any rule with ``exclude: true``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntFlag
from typing import Any

import numpy as np

from scoring.profiles import (
    ACTOR_TYPES,
    KINDS,
    REGION_TYPES,
    SIZE_BANDS,
    VALUE_CHAIN,
    WILLING,
    ProfileTable,
)
from scoring.rules import Derived, LeafCache, Mask, choice_lists, compile_condition
from templates_library import Library
from templates_library.schema import (
    Criterion,
    RegionType,
    Rule,
    SetupTemplate,
    WatchKind,
    WillingToShare,
)

ENGINE_VERSION = "1.0.0"
CRITERIA = [c.value for c in Criterion]
#: A template whose coverage of a kind of watch reaches this counts as covering it.
COVERS_AT = 0.5


class Exclusion(IntFlag):
    """Why a template is excluded for a profile; several bits may be set."""

    cost = 1
    staff = 2
    actor = 4
    maturity = 8
    rule = 16


@dataclass(frozen=True)
class CompiledRule:
    """One rule, ready to evaluate, with where it came from for explanations."""

    rule_id: str  # "<template>.<rule>" or "scoring.<rule>"
    rule: Rule
    templates: np.ndarray  # bool (T,): the templates the rule applies to
    mask: Mask
    source: str  # file:line


@dataclass(frozen=True)
class Evaluation:
    """Everything computed for ``n`` profiles against the ``T`` templates."""

    values: np.ndarray  # (C, n, T) criterion values, 0-1
    weights: np.ndarray  # (C,) or (n, C)
    adjust: np.ndarray  # (n, T) points from rules
    fired: np.ndarray  # (R, n) rule condition held
    exclusion: np.ndarray  # (n, T) uint8 Exclusion bits, 0 = feasible
    score: np.ndarray  # (n, T) 0-100
    needs: np.ndarray  # (n, K) blended needs profile, 0-1
    derived: Derived

    @property
    def feasible(self) -> np.ndarray:
        return self.exclusion == 0

    def contributions(self) -> np.ndarray:
        """(C, n, T): 100 x weight x value, the share of the score each criterion gives."""
        weights = (
            self.weights.T[:, :, None] if self.weights.ndim == 2 else self.weights[:, None, None]
        )
        return 100.0 * weights * self.values

    def ranking(self) -> np.ndarray:
        """(n, T) template indices, best first; excluded templates last (by score)."""
        key = np.where(self.feasible, self.score, self.score - 1000.0)
        return np.argsort(-key, axis=1, kind="stable")


class Engine:
    """The knowledge base compiled into arrays. Immutable, so sessions share it safely."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.config = config = library.scoring
        self.templates: list[SetupTemplate] = list(library.templates.values())
        self.template_ids = [t.id for t in self.templates]
        self.sector_ids = list(library.sectors)
        self.region_ids = list(library.regions)
        self.version = ENGINE_VERSION
        self.library_version = library.version
        templates = self.templates
        self.weights = np.array([config.weights[Criterion(c)] for c in CRITERIA])

        self.coverage = np.array(
            [[float(t.watch_kinds.get(k, 0.0)) for k in _kinds()] for t in templates]
        )  # (T, K)
        self.cost_min = np.array([t.cost_eur_per_year.min for t in templates])
        self.cost_max = np.array([t.cost_eur_per_year.max for t in templates])
        years = config.resources.setup_amortisation_years
        self.cost_fit_min = (
            self.cost_min + np.array([t.setup_cost_eur.min for t in templates]) / years
        )
        self.cost_fit_max = (
            self.cost_max + np.array([t.setup_cost_eur.max for t in templates]) / years
        )
        self.fte_min = np.array([t.fte.min for t in templates])
        self.fte_max = np.array([t.fte.max for t in templates])
        self.weeks_min = np.array([t.time_to_first_value_weeks.min for t in templates], float)
        self.weeks_max = np.array([t.time_to_first_value_weeks.max for t in templates], float)
        self.maturity_min = np.array([t.maturity.min for t in templates], float)
        self.maturity_max = np.array([t.maturity.max for t in templates], float)
        self.actor_ok = np.array(
            [[a in {x.value for x in t.actor_types} for a in ACTOR_TYPES] for t in templates]
        ).T  # (A, T)
        fit = config.fit_values
        self.sector_fit = _fit_table(templates, "sectors", self.sector_ids, fit)  # (S, T)
        self.value_chain_fit = _fit_table(templates, "value_chain", VALUE_CHAIN, fit)
        self.size_fit = _fit_table(templates, "size_bands", SIZE_BANDS, fit)
        self.region_fit = _fit_table(templates, "region_types", REGION_TYPES, fit)
        self.collaboration = np.array(
            [
                [config.collaboration[t.delivery][WillingToShare(w)] for w in WILLING]
                for t in templates
            ]
        ).T  # (W, T), rows in the table's code order

        blend = config.needs.weights
        self.w_stated = blend["stated"]
        self.sector_priors = blend["sector"] * _prior_table(
            [library.sectors[s].need_priors for s in self.sector_ids]
        )
        self.value_chain_priors = blend["value_chain"] * _prior_table(
            [library.value_chain[v].need_priors for v in VALUE_CHAIN]
        )
        self.region_priors = blend["region"] * _prior_table(
            [config.needs.region_type_priors.get(r, {}) for r in _region_types()]
        )
        self.rules = self._compile_rules()

    # --- rules -------------------------------------------------------------------------------

    def _compile_rules(self) -> list[CompiledRule]:
        choices = choice_lists(self.sector_ids, self.region_ids)
        compiled = []
        for index, template in enumerate(self.templates):
            for position, rule in enumerate(template.rules):
                applies = np.zeros(len(self.templates), dtype=bool)
                applies[index] = True
                compiled.append(
                    CompiledRule(
                        f"{template.id}.{rule.id}",
                        rule,
                        applies,
                        compile_condition(rule.when, choices),
                        self.library.cite(template.id, ("rules", position)),
                    )
                )
        for position, rule in enumerate(self.config.rules):
            selector = rule.applies_to
            applies = np.ones(len(self.templates), dtype=bool)
            if selector.delivery is not None:
                applies &= np.array([t.delivery in selector.delivery for t in self.templates])
            if selector.templates is not None:
                applies &= np.isin(self.template_ids, selector.templates)
            if selector.watch_kinds is not None:
                applies &= np.array(
                    [
                        any(t.watch_kinds.get(k, 0.0) >= COVERS_AT for k in selector.watch_kinds)
                        for t in self.templates
                    ]
                )
            compiled.append(
                CompiledRule(
                    f"scoring.{rule.id}",
                    rule,
                    applies,
                    compile_condition(rule.when, choices),
                    self.library.cite_scoring(("rules", position)),
                )
            )
        return compiled

    # --- derived values ----------------------------------------------------------------------

    def derive(self, table: ProfileTable) -> Derived:
        maturity = table.maturity - 1.0  # 1-5 answers -> 0-4 levels
        answered = ~np.isnan(maturity)
        count = answered.sum(axis=1)
        total = np.where(answered, maturity, 0.0).sum(axis=1)
        level = np.where(
            count > 0, total / np.maximum(count, 1), self.config.maturity_fit.unknown_level
        )
        return Derived(
            fte_available=table.staff_hours_per_week / self.config.hours_per_fte,
            maturity_level=level,
        )

    def needs_profile(self, table: ProfileTable) -> np.ndarray:
        """(n, K) blended needs 0-1: stated importance and priors, weights from data.

        A "don't know" need gives its stated weight to the priors, in proportion.
        """
        priors = (
            self.sector_priors[table.sector]
            + self.value_chain_priors[table.value_chain]
            + self.region_priors[table.region_type]
        )
        stated = table.needs / 3.0
        unknown = np.isnan(stated)
        blended = self.w_stated * np.where(unknown, 0.0, stated) + priors
        if unknown.any():
            scale = 1.0 / (1.0 - self.w_stated) if self.w_stated < 1.0 else 0.0
            blended = np.where(unknown, priors * scale, blended)
        return blended

    # --- evaluation --------------------------------------------------------------------------

    def evaluate(self, table: ProfileTable, weights: np.ndarray | None = None) -> Evaluation:
        """Score every profile of ``table`` against every template.

        ``weights`` may be one vector (C,) or one per profile (n, C) for robustness draws.
        """
        cfg = self.config
        derived = self.derive(table)
        needs = self.needs_profile(table)
        n, t = len(table), len(self.templates)

        values = np.empty((len(CRITERIA), n, t))
        mass = needs @ self.coverage.T
        values[0] = -np.expm1(-mass / cfg.needs.saturation)
        values[1] = self._maturity_fit(derived.maturity_level)
        mix = cfg.profile_fit.weights
        size = np.where(
            (table.actor_type == 0)[:, None],  # size bands describe SMEs only
            self.size_fit[table.size_band],
            cfg.fit_values.any,
        )
        values[2] = (
            mix["sector"] * self.sector_fit[table.sector]
            + mix["value_chain"] * self.value_chain_fit[table.value_chain]
            + mix["size_band"] * size
        )
        at_min = cfg.resources.at_min_value
        money = _headroom(table.budget_eur_per_year, self.cost_fit_min, self.cost_fit_max, at_min)
        staff = _headroom(derived.fte_available, self.fte_min, self.fte_max, at_min)
        values[3] = cfg.resources.cost_share * money + (1 - cfg.resources.cost_share) * staff
        values[4] = self.region_fit[table.region_type]
        values[5] = _headroom(
            table.first_results_within_weeks,
            self.weeks_min,
            self.weeks_max,
            cfg.urgency_at_min_value,
        )
        values[6] = self.collaboration[table.willing_to_share]

        weights = self.weights if weights is None else weights
        if weights.ndim == 1:
            base = 100.0 * np.tensordot(weights, values, axes=1)
        else:
            base = 100.0 * np.einsum("nc,cnt->nt", weights, values)

        cache = LeafCache(table, derived)
        fired = np.zeros((len(self.rules), n), dtype=bool)
        adjust = np.zeros((n, t))
        rule_excluded = np.zeros((n, t), dtype=bool)
        for index, rule in enumerate(self.rules):
            mask = rule.mask(cache)
            fired[index] = mask
            if not mask.any():
                continue
            if rule.rule.exclude:
                rule_excluded |= mask[:, None] & rule.templates[None, :]
            else:
                adjust += np.outer(mask, rule.templates * rule.rule.adjust)

        exclusion = self._exclusions(table, derived, rule_excluded)
        score = np.clip(base + adjust, 0.0, 100.0)
        return Evaluation(values, weights, adjust, fired, exclusion, score, needs, derived)

    def _maturity_fit(self, level: np.ndarray) -> np.ndarray:
        shape = self.config.maturity_fit
        low, high = self.maturity_min[None, :], self.maturity_max[None, :]
        m = level[:, None]
        span = np.maximum(high - low, 1e-9)
        within = 1.0 - shape.within_range_drop * np.clip((m - low) / span, 0.0, 1.0)
        within = np.where(high > low, within, 1.0)
        below = 1.0 - shape.below_min_per_level * (low - m)
        top = np.where(high > low, 1.0 - shape.within_range_drop, 1.0)
        above = top - shape.above_max_per_level * (m - high)
        value = np.where(m < low, below, np.where(m > high, above, within))
        return np.clip(value, 0.0, 1.0)

    def _exclusions(
        self, table: ProfileTable, derived: Derived, rule_excluded: np.ndarray
    ) -> np.ndarray:
        cfg = self.config
        budget = table.budget_eur_per_year[:, None]
        bits = np.where(
            self.cost_min[None, :] > budget * (1 + cfg.budget_tolerance), Exclusion.cost, 0
        )
        bits |= np.where(
            self.fte_min[None, :] > derived.fte_available[:, None] + 1e-12, Exclusion.staff, 0
        )
        bits |= np.where(self.actor_ok[table.actor_type], 0, Exclusion.actor)
        gap = self.maturity_min[None, :] - derived.maturity_level[:, None]
        bits |= np.where(gap > cfg.maturity_tolerance_levels + 1e-12, Exclusion.maturity, 0)
        bits |= np.where(rule_excluded, Exclusion.rule, 0)
        return bits.astype(np.uint8)

    # --- helpers for callers -----------------------------------------------------------------

    def index_of(self, template_id: str) -> int:
        return self.template_ids.index(template_id)

    def describe(self) -> dict[str, Any]:
        return {"engine_version": self.version, "library_version": self.library_version}


def _kinds() -> list[WatchKind]:
    return [WatchKind(k) for k in KINDS]


def _region_types() -> list[RegionType]:
    return [RegionType(r) for r in REGION_TYPES]


def _prior_table(priors: list[Any]) -> np.ndarray:
    kinds = _kinds()
    return np.array([[float(p.get(k, 0.0)) for k in kinds] for p in priors])


def _fit_table(templates: list[SetupTemplate], key: str, values: list[str], fit: Any) -> np.ndarray:
    """(V, T): how well each template fits each value of one profile field."""
    table = np.empty((len(values), len(templates)))
    for column, template in enumerate(templates):
        listed = getattr(template.fits, key)
        names = None if listed is None else {getattr(x, "value", x) for x in listed}
        for row, value in enumerate(values):
            if names is None:
                table[row, column] = fit.any
            else:
                table[row, column] = fit.listed if value in names else fit.unlisted
    return table


def _headroom(
    available: np.ndarray, low: np.ndarray, high: np.ndarray, at_min: float
) -> np.ndarray:
    """0 with nothing available, ``at_min`` at the template's minimum, 1 at its maximum.

    Linear in between; a template needing nothing (minimum 0) starts at ``at_min``.
    """
    have = available[:, None]
    lo, hi = low[None, :], high[None, :]
    below = np.where(lo > 0, at_min * have / np.where(lo > 0, lo, 1.0), at_min)
    span = hi - lo
    between = at_min + (1 - at_min) * (have - lo) / np.where(span > 0, span, 1.0)
    value = np.where(have >= hi, 1.0, np.where(have >= lo, between, below))
    return np.clip(value, 0.0, 1.0)


def covered_kinds(template: SetupTemplate) -> list[str]:
    """The kinds of watch a template covers (coverage of 0.5 or more), strongest first."""
    kinds = sorted(template.watch_kinds.items(), key=lambda kv: (-kv[1], kv[0].value))
    return [k.value for k, v in kinds if v >= COVERS_AT]
