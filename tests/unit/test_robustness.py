"""How sure the recommendation is: top-1 probability, "don't know", smallest flip, roadmap."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from scoring.answers import parse_answers
from scoring.profiles import DIMENSIONS, KINDS, from_answers
from scoring.recommend import engine_for, recommend
from scoring.robustness import _draw_unknowns, assess, top1
from tests.unit.helpers import sample_answers

ENGINE = engine_for()
BASE: dict[str, Any] = sample_answers()


def _assess(data: dict[str, Any], draws: int | None = None) -> Any:
    table = from_answers([parse_answers(data)], ENGINE.library)
    return table, assess(ENGINE, table, ENGINE.evaluate(table), draws)


def test_probabilities_are_shares_of_the_draws_and_reproducible() -> None:
    _, first = _assess(BASE)
    _, again = _assess(BASE)
    assert first == again
    assert sum(first.probabilities.values()) == pytest.approx(1.0)
    assert first.draws == ENGINE.config.robustness.draws >= 1000
    assert 0.0 <= first.top1_probability <= 1.0
    assert first.label in {"clear", "likely", "close call"}


def test_the_label_follows_the_configured_thresholds() -> None:
    settings = ENGINE.config.robustness
    _, result = _assess(BASE)
    p = result.top1_probability
    expected = (
        "clear"
        if p >= settings.clear_at
        else "likely"
        if p >= settings.likely_at
        else ("close call")
    )
    assert result.label == expected


def test_dont_know_answers_are_drawn_over_their_scale_not_zero() -> None:
    data = {**BASE, "maturity": dict.fromkeys(DIMENSIONS), "needs": dict.fromkeys(KINDS)}
    table = from_answers([parse_answers(data)], ENGINE.library).repeat(2000)
    drawn = _draw_unknowns(table, np.random.default_rng(0))
    assert not np.isnan(drawn.maturity).any()
    assert not np.isnan(drawn.needs).any()
    assert set(np.unique(drawn.maturity)) == {1, 2, 3, 4, 5}
    assert set(np.unique(drawn.needs)) == {0, 1, 2, 3}
    known = from_answers([parse_answers(BASE)], ENGINE.library).repeat(10)
    assert np.array_equal(_draw_unknowns(known, np.random.default_rng(0)).needs, known.needs)


def test_dont_know_widens_the_band() -> None:
    """Leaving every need unknown cannot make the first choice more certain than stating them
    as the point estimate does: the draws explore the whole scale of each unknown."""
    _, stated = _assess(BASE)
    unknown = {**BASE, "needs": dict.fromkeys(KINDS)}
    _, widened = _assess(unknown)
    assert len(widened.probabilities) >= len(stated.probabilities)


def test_the_smallest_flip_really_flips_the_first_choice() -> None:
    data = {**BASE, "budget_eur_per_year": 12000, "staff_hours_per_week": 10}
    table, result = _assess(data)
    flip = result.smallest_flip
    assert flip is not None
    best = ENGINE.template_ids[int(top1(ENGINE.evaluate(table))[0])]
    changed: dict[str, Any] = {
        **data,
        "maturity": dict(data["maturity"]),
        "needs": dict(data["needs"]),
    }
    if "." in flip["answer"]:
        group, key = flip["answer"].split(".")
        changed[group][key] = flip["to"]
    else:
        changed[flip["answer"]] = flip["to"]
    flipped = from_answers([parse_answers(changed)], ENGINE.library)
    winner = ENGINE.template_ids[int(top1(ENGINE.evaluate(flipped))[0])]
    assert winner == flip["new_top1"] != best


def test_a_budget_flip_lands_on_a_feasibility_edge() -> None:
    """An ICT service firm that wants competitor and market intelligence: with 12,000 EUR the
    competitor programme (minimum 15,000 EUR a year) is out of reach by more than the 20 %
    tolerance; the smallest flip is the exact budget at which it becomes feasible."""
    data = {
        "actor_type": "sme",
        "sector": "ict",
        "value_chain": "service",
        "region": "central_macedonia",
        "employees": 60,
        "budget_eur_per_year": 12000,
        "staff_hours_per_week": 40,
        "first_results_within_weeks": 26,
        "willing_to_share": "none",
        "maturity": dict.fromkeys(DIMENSIONS, 4),
        "needs": {"competitive": 3, "commercial": 3, "technology": 1},
    }
    _, result = _assess(data)
    minimum = ENGINE.library.templates["competitor_intelligence_programme"].cost_eur_per_year.min
    assert result.smallest_flip == {
        "answer": "budget_eur_per_year",
        "from": 12000,
        "to": round(minimum / (1 + ENGINE.config.budget_tolerance)),
        "new_top1": "competitor_intelligence_programme",
    }


def test_the_roadmap_climbs_and_stays_within_the_users_reach() -> None:
    result = recommend(parse_answers(BASE), ENGINE, robustness=False)
    first = result["recommendations"][0]
    path = result["roadmap"]
    assert path, "an early-maturity firm has somewhere to grow"
    levels = [ENGINE.library.templates[first["template_id"]].maturity.target]
    levels += [step["maturity_target"] for step in path]
    assert levels == sorted(levels)
    excluded_for_actor = {
        e["template_id"]
        for e in result["excluded"]
        if any("designed for" in r for r in e["reasons"])
    }
    assert not {step["template_id"] for step in path} & excluded_for_actor
    assert path[0]["template_id"] in ENGINE.library.templates[first["template_id"]].grows_into


def test_nothing_feasible_gives_no_recommendation_and_no_robustness() -> None:
    data = {**BASE, "staff_hours_per_week": 0, "budget_eur_per_year": 0}
    result = recommend(parse_answers(data), ENGINE)
    assert result["recommendations"] == []
    assert result["robustness"] is None
    assert result["roadmap"] == []
    assert len(result["excluded"]) == len(ENGINE.templates)
