"""The scoring engine: profiles x templates -> criterion values, rules, exclusions, scores.

Everything is computed on arrays of shape (profiles, templates), so one code path scores one
profile for the wizard and a million for ``batch`` (in chunks, so memory stays flat). Each
criterion is an *absolute* value function from 0 to 1 of the profile and the template (never
normalised over the set of templates), so a template's score does not depend on which other
templates exist. The score is ``100 x sum(weight x value)`` plus the points of the rules that
fired (its *points*), capped to 0-100 for display; ranks and margins use the uncapped points, so
rules still separate set-ups at the cap. The contribution of each criterion is exactly
``100 x weight x value``.

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
    DIMENSIONS,
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
#: The maturity level is (sum of answered levels) / (number answered): each possible pair is
#: coded as count x MATURITY_TOTALS + sum, so criteria of the level become table lookups.
MATURITY_TOTALS = 4 * len(DIMENSIONS) + 1


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
    score: np.ndarray  # (n, T) 0-100: points capped for display
    points: np.ndarray  # (n, T) criteria plus rules, uncapped: ranks and margins use these
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
        key = np.where(self.feasible, self.points, self.points - 1000.0)
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
        span = self.maturity_max - self.maturity_min
        self._drop_rate = np.where(
            span > 0, config.maturity_fit.within_range_drop / np.where(span > 0, span, 1.0), 0.0
        )
        # Every possible maturity level (see MATURITY_TOTALS): its value, its fit to each
        # template and whether it is too low for each template.
        codes = np.arange((len(DIMENSIONS) + 1) * MATURITY_TOTALS)
        count, total = np.divmod(codes, MATURITY_TOTALS)
        self.level_of_code = np.where(
            count > 0, total / np.maximum(count, 1), config.maturity_fit.unknown_level
        )
        self.maturity_fit_of_code = self._maturity_fit(self.level_of_code).astype(np.float32)
        gap = self.maturity_min[None, :] - self.level_of_code[:, None]
        self.maturity_excluded_of_code = (
            gap > config.maturity_tolerance_levels + 1e-12
        ) * np.uint8(Exclusion.maturity)
        self.actor_ok = np.array(
            [[a in {x.value for x in t.actor_types} for a in ACTOR_TYPES] for t in templates]
        ).T  # (A, T)
        self.actor_excluded = (~self.actor_ok) * np.uint8(Exclusion.actor)
        fit = config.fit_values
        self.sector_fit = _fit_table(templates, "sectors", self.sector_ids, fit)  # (S, T)
        self.value_chain_fit = _fit_table(templates, "value_chain", VALUE_CHAIN, fit)
        self.size_fit = _fit_table(templates, "size_bands", SIZE_BANDS, fit)
        self.region_fit = _fit_table(templates, "region_types", REGION_TYPES, fit)
        # Sector x position x size band (plus one row for non-SMEs, whose size is not judged):
        # the whole sector_value_chain_fit criterion as one lookup per profile.
        mix = config.profile_fit.weights
        size_rows = np.vstack([self.size_fit, np.full((1, len(templates)), fit.any)])
        self.profile_fit = (
            (
                mix["sector"] * self.sector_fit[:, None, None, :]
                + mix["value_chain"] * self.value_chain_fit[None, :, None, :]
                + mix["size_band"] * size_rows[None, None, :, :]
            )
            .reshape(-1, len(templates))
            .astype(np.float32)
        )
        self.region_fit = self.region_fit.astype(np.float32)
        self.collaboration = np.array(
            [
                [config.collaboration[t.delivery][WillingToShare(w)] for w in WILLING]
                for t in templates
            ]
        ).T.astype(np.float32)  # (W, T), rows in the table's code order

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
        # Every (sector, position, region type) combination's blended prior, (S*V*R, K): one
        # lookup per profile instead of three.
        self.priors = (
            (
                self.sector_priors[:, None, None, :]
                + self.value_chain_priors[None, :, None, :]
                + self.region_priors[None, None, :, :]
            )
            .reshape(-1, len(KINDS))
            .astype(np.float32)
        )
        self.coverage32 = self.coverage.T.astype(np.float32)  # (K, T)
        self.rules = self._compile_rules()
        # (R, T): the points each rule gives each template, and which templates it excludes.
        self.rule_points = np.array(
            [r.templates * (r.rule.adjust or 0.0) for r in self.rules], dtype=np.float32
        ).reshape(len(self.rules), len(templates))
        self.rule_excludes = np.array(
            [r.templates * float(r.rule.exclude) for r in self.rules], dtype=np.float32
        ).reshape(len(self.rules), len(templates))

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
            if selector.serves_only is not None:
                applies &= np.array(
                    [set(t.actor_types) <= set(selector.serves_only) for t in self.templates]
                )
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
        """Staff time in FTE and the maturity level: the mean of the answered dimensions on
        the 0-4 scale, or the configured level when none is answered."""
        count = len(DIMENSIONS) - np.isnan(table.maturity).sum(axis=1)
        total = np.nansum(table.maturity, axis=1) - count  # answers 1-5 are levels 0-4
        code = (count * MATURITY_TOTALS + total).astype(np.intp)
        return Derived(
            fte_available=table.staff_hours_per_week / self.config.hours_per_fte,
            maturity_level=self.level_of_code[code],
            maturity_code=code,
        )

    def needs_profile(self, table: ProfileTable) -> np.ndarray:
        """(n, K) blended needs 0-1: stated importance and priors, weights from data.

        A "don't know" need gives its stated weight to the priors, in proportion.
        """
        combo = (table.sector.astype(np.intp) * len(VALUE_CHAIN) + table.value_chain) * len(
            REGION_TYPES
        ) + table.region_type
        priors = self.priors[combo]
        known = ~np.isnan(table.needs)
        if known.all():
            priors += np.float32(self.w_stated / 3.0) * table.needs.astype(np.float32)
            return priors
        # A "don't know" need takes the priors alone, rescaled to the full weight.
        scale = 1.0 / (1.0 - self.w_stated) if self.w_stated < 1.0 else 0.0
        priors *= np.where(known, np.float32(1.0), np.float32(scale))
        priors += np.float32(self.w_stated / 3.0) * np.nan_to_num(table.needs).astype(np.float32)
        return priors

    # --- evaluation --------------------------------------------------------------------------

    def evaluate(self, table: ProfileTable, weights: np.ndarray | None = None) -> Evaluation:
        """Score every profile of ``table`` against every template.

        ``weights`` may be one vector (C,) or one per profile (n, C) for robustness draws.
        """
        cfg = self.config
        derived = self.derive(table)
        needs = self.needs_profile(table)
        n, t = len(table), len(self.templates)

        values = np.empty((len(CRITERIA), n, t), dtype=np.float32)
        mass = needs @ self.coverage32
        np.divide(mass, mass + np.float32(cfg.needs.saturation), out=values[0])
        np.take(self.maturity_fit_of_code, derived.maturity_code, axis=0, out=values[1])
        size = np.where(table.size_band >= 0, table.size_band, len(SIZE_BANDS))
        combo = (table.sector.astype(np.intp) * len(VALUE_CHAIN) + table.value_chain) * (
            len(SIZE_BANDS) + 1
        ) + size
        np.take(self.profile_fit, combo, axis=0, out=values[2])
        at_min = cfg.resources.at_min_value
        share = cfg.resources.cost_share
        _headroom(
            table.budget_eur_per_year,
            self.cost_fit_min,
            self.cost_fit_max,
            at_min,
            out=values[3],
            scale=share,
        )
        staff = _headroom(
            derived.fte_available, self.fte_min, self.fte_max, at_min, scale=1 - share
        )
        values[3] += staff
        np.take(self.region_fit, table.region_type, axis=0, out=values[4])
        _headroom(
            table.first_results_within_weeks,
            self.weeks_min,
            self.weeks_max,
            cfg.urgency_at_min_value,
            out=values[5],
        )
        np.take(self.collaboration, table.willing_to_share, axis=0, out=values[6])

        weights = self.weights if weights is None else weights
        if weights.ndim == 1:
            base = values[0] * np.float32(100.0 * weights[0])
            for c in range(1, len(CRITERIA)):
                base += values[c] * np.float32(100.0 * weights[c])
        else:
            scaled = (100.0 * weights).astype(np.float32)
            base = values[0] * scaled[:, 0:1]
            for c in range(1, len(CRITERIA)):
                base += values[c] * scaled[:, c : c + 1]

        cache = LeafCache(table, derived)
        fired = np.empty((len(self.rules), n), dtype=bool)
        for index, rule in enumerate(self.rules):
            fired[index] = rule.mask(cache)
        # Rules to templates in two small matrix products: points, and any exclusion.
        firing = fired.astype(np.float32)
        adjust = (self.rule_points.T @ firing).T
        rule_excluded = (self.rule_excludes.T @ firing).T > 0

        exclusion = self._exclusions(table, derived, rule_excluded)
        base += adjust
        score = np.minimum(np.maximum(base, 0.0), 100.0)
        return Evaluation(values, weights, adjust, fired, exclusion, score, base, needs, derived)

    def _maturity_fit(self, level: np.ndarray) -> np.ndarray:
        """Piecewise linear in the level: 1 at the set-up's minimum, ``below_min_per_level``
        less per level under it, ``within_range_drop`` less across its range, and
        ``above_max_per_level`` less per level beyond its maximum; never below 0."""
        shape = self.config.maturity_fit
        m = level[:, None]
        low, high = self.maturity_min, self.maturity_max
        value = 1.0 - shape.below_min_per_level * np.maximum(low - m, 0.0)
        value -= self._drop_rate * np.clip(m - low, 0.0, high - low)
        value -= shape.above_max_per_level * np.maximum(m - high, 0.0)
        return np.clip(value, 0.0, 1.0, out=value)

    def _exclusions(
        self, table: ProfileTable, derived: Derived, rule_excluded: np.ndarray
    ) -> np.ndarray:
        cfg = self.config
        budget = table.budget_eur_per_year[:, None] * (1 + cfg.budget_tolerance)
        bits = np.take(self.maturity_excluded_of_code, derived.maturity_code, axis=0)
        bits |= self.cost_min[None, :] > budget  # Exclusion.cost is bit 1
        staff = self.fte_min[None, :] > derived.fte_available[:, None] + 1e-12
        bits |= staff.view(np.uint8) << 1
        bits |= self.actor_excluded[table.actor_type]
        bits |= rule_excluded.view(np.uint8) << 4
        return bits

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
    available: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    at_min: float,
    *,
    out: np.ndarray | None = None,
    scale: float = 1.0,
) -> np.ndarray:
    """0 with nothing available, ``at_min`` at the template's minimum, 1 at its maximum.

    Linear in between; a template needing nothing (minimum 0) starts at ``at_min``, and one
    whose minimum is its maximum jumps from ``at_min`` to 1 there. Computed as the sum of a
    ramp up to the minimum and a ramp from the minimum to the maximum, times ``scale``.
    """
    have = available.astype(np.float32)[:, None]
    low32, high32 = low.astype(np.float32), high.astype(np.float32)
    positive = low > 0
    first = np.where(positive, scale * at_min / np.where(positive, low, 1.0), 0.0).astype(
        np.float32
    )
    span = high - low
    inv_span = np.where(span > 0, 1.0 / np.where(span > 0, span, 1.0), 0.0).astype(np.float32)
    value = np.minimum(have, low32, out=out)
    value *= first
    value += np.where(positive, 0.0, scale * at_min).astype(np.float32)
    ramp = np.subtract(have, low32)
    ramp *= inv_span
    np.maximum(ramp, 0.0, out=ramp)
    np.minimum(ramp, 1.0, out=ramp)
    degenerate = np.flatnonzero(span <= 0)
    if len(degenerate):
        ramp[:, degenerate] = have >= high32[degenerate]
    ramp *= np.float32(scale * (1.0 - at_min))
    value += ramp
    return value


def covered_kinds(template: SetupTemplate) -> list[str]:
    """The kinds of watch a template covers (coverage of 0.5 or more), strongest first."""
    kinds = sorted(template.watch_kinds.items(), key=lambda kv: (-kv[1], kv[0].value))
    return [k.value for k, v in kinds if v >= COVERS_AT]
