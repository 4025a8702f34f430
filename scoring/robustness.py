"""How sure is the recommendation? Weight draws, "don't know" answers, and the smallest flip.

* Top-1 probability: the criteria weights are drawn ``draws`` times from a Dirichlet around the
  configured weights (concentration ``kappa``, fixed seed); each "don't know" maturity dimension
  or need is drawn over its whole scale in each draw, so uncertainty widens the band instead of
  counting as zero. The probability of a template is the share of draws in which it ranks first.
* Margin: the points between the first and the second feasible set-up.
* Smallest flip: the smallest change of one answer (budget, staff time, one maturity dimension,
  one need) that changes the first set-up, found by scoring all candidate answers at once.

All of it goes through :meth:`~scoring.engine.Engine.evaluate`, the engine's only scoring path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from scoring.engine import Engine, Evaluation
from scoring.profiles import DIMENSIONS, KINDS, ProfileTable

#: Money and hours are compared on a log scale, smoothed near zero by these amounts; one
#: doubling counts as one step, as does one step of a 1-5 or 0-3 scale.
SMOOTHING = {"budget_eur_per_year": 500.0, "staff_hours_per_week": 1.0}
GRID_RATIO = 1.25
GRID_STEPS = 12


@dataclass(frozen=True)
class Robustness:
    top1_probability: float
    probabilities: dict[str, float]
    margin_to_second: float | None
    label: str
    smallest_flip: dict[str, Any] | None
    draws: int
    kappa: float
    seed: int

    def to_json(self) -> dict[str, Any]:
        return {
            "top1_probability": round(self.top1_probability, 3),
            "margin_to_second": (
                None if self.margin_to_second is None else round(self.margin_to_second, 1)
            ),
            "label": self.label,
            "smallest_flip": self.smallest_flip,
            "probabilities": {k: round(v, 3) for k, v in self.probabilities.items()},
            "method": {
                "perturbation": "dirichlet",
                "draws": self.draws,
                "kappa": self.kappa,
                "seed": self.seed,
            },
        }


def top1(evaluation: Evaluation) -> np.ndarray:
    """(n,) index of the best feasible template of each profile, -1 when none is feasible."""
    key = np.where(evaluation.feasible, evaluation.points, -np.inf)
    best = np.argmax(key, axis=1)
    return np.where(np.isfinite(key[np.arange(len(best)), best]), best, -1)


def assess(
    engine: Engine,
    table: ProfileTable,
    evaluation: Evaluation,
    draws: int | None = None,
    flip: bool = True,
) -> Robustness:
    """Robustness of the first recommendation of a one-row ``table``.

    ``flip=False`` skips the smallest-flip search (``batch --robustness`` reports only the
    top-1 probability).
    """
    settings = engine.config.robustness
    count = draws or settings.draws
    best = int(top1(evaluation)[0])
    feasible = np.flatnonzero(evaluation.feasible[0])
    scores = evaluation.points[0, feasible]
    margin = None
    if len(feasible) >= 2:
        ordered = np.sort(scores)[::-1]
        margin = float(ordered[0] - ordered[1])

    rng = np.random.default_rng(settings.seed)
    weights = rng.dirichlet(settings.kappa * engine.weights, size=count)
    rows = _draw_unknowns(table.repeat(count), rng)
    winners = top1(engine.evaluate(rows, weights))
    counts = np.bincount(winners[winners >= 0], minlength=len(engine.template_ids))
    probabilities = {
        engine.template_ids[i]: float(counts[i] / count) for i in np.argsort(-counts) if counts[i]
    }
    p_best = probabilities.get(engine.template_ids[best], 0.0) if best >= 0 else 0.0
    label = (
        "clear"
        if p_best >= settings.clear_at
        else "likely"
        if p_best >= settings.likely_at
        else "close call"
    )
    flipped = smallest_flip(engine, table, best) if flip and best >= 0 else None
    return Robustness(
        p_best, probabilities, margin, label, flipped, count, settings.kappa, settings.seed
    )


def _draw_unknowns(rows: ProfileTable, rng: np.random.Generator) -> ProfileTable:
    """Replace each "don't know" by a value drawn over its whole scale, per draw."""
    maturity, needs = rows.maturity.copy(), rows.needs.copy()
    unknown = np.isnan(maturity)
    if unknown.any():
        maturity[unknown] = rng.integers(1, 6, size=int(unknown.sum()))
    unknown = np.isnan(needs)
    if unknown.any():
        needs[unknown] = rng.integers(0, 4, size=int(unknown.sum()))
    return rows.with_columns(maturity=maturity, needs=needs)


def smallest_flip(engine: Engine, table: ProfileTable, best: int) -> dict[str, Any] | None:
    """The smallest one-answer change that gives another first set-up, or None."""
    candidates: list[tuple[str, float, float, ProfileTable]] = []
    for field in ("budget_eur_per_year", "staff_hours_per_week"):
        current = float(getattr(table, field)[0])
        for value in _numeric_candidates(engine, field, current):
            candidates.append(
                (field, current, value, table.with_columns(**{field: np.array([value])}))
            )
    for column, name in enumerate(DIMENSIONS):
        current = table.maturity[0, column]
        for value in range(1, 6):
            if value != current:
                maturity = table.maturity.copy()
                maturity[0, column] = value
                candidates.append(
                    (f"maturity.{name}", current, value, table.with_columns(maturity=maturity))
                )
    for column, name in enumerate(KINDS):
        current = table.needs[0, column]
        for value in range(4):
            if value != current:
                needs = table.needs.copy()
                needs[0, column] = value
                candidates.append(
                    (f"needs.{name}", current, value, table.with_columns(needs=needs))
                )

    stacked = _stack([c[3] for c in candidates])
    winners = top1(engine.evaluate(stacked))
    best_choice: tuple[float, int] | None = None
    for index, (field, current, value, _) in enumerate(candidates):
        if winners[index] in (best, -1):  # same first choice, or nothing feasible at all
            continue
        distance = _distance(field, current, value)
        if best_choice is None or distance < best_choice[0] - 1e-9:
            best_choice = (distance, index)
    if best_choice is None:
        return None
    field, current, value, _ = candidates[best_choice[1]]
    return {
        "answer": field,
        "from": _plain(current),
        "to": _plain(value),
        "new_top1": engine.template_ids[int(winners[best_choice[1]])],
    }


def _numeric_candidates(engine: Engine, field: str, current: float) -> list[float]:
    """A geometric grid around the answer plus the exact values where a template's
    feasibility changes (its minimum cost or staff time), just on either side."""
    grid = {0.0}
    base = current if current > 0 else SMOOTHING[field]
    for step in range(1, GRID_STEPS + 1):
        grid.add(round(base * GRID_RATIO**step, 2))
        grid.add(round(base / GRID_RATIO**step, 2))
    if field == "budget_eur_per_year":
        edges = engine.cost_min / (1 + engine.config.budget_tolerance)
        grid |= {float(math.ceil(e)) for e in edges} | {float(math.floor(e * 0.999)) for e in edges}
    else:
        edges = engine.fte_min * engine.config.hours_per_fte
        grid |= {float(math.ceil(e * 100) / 100) for e in edges}
        grid |= {float(math.floor(e * 0.999 * 100) / 100) for e in edges}
    return sorted(v for v in grid if v >= 0 and abs(v - current) > 1e-9)


def _distance(field: str, current: float, value: float) -> float:
    if field in SMOOTHING:
        smooth = SMOOTHING[field]
        return abs(math.log2((value + smooth) / (current + smooth)))
    if math.isnan(current):  # a "don't know" answered: one step
        return 1.0
    return abs(value - current)


def _stack(tables: list[ProfileTable]) -> ProfileTable:
    first = tables[0]
    return ProfileTable(
        **{
            name: np.concatenate([getattr(t, name) for t in tables], axis=0)
            for name in first.__dataclass_fields__
        }
    )


def _plain(value: float) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value) if float(value).is_integer() else round(float(value), 2)
