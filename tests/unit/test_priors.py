"""Pre-filled needs and the provisional maturity level agree with the engine they stand for."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from scoring.answers import parse_answers
from scoring.priors import (
    KINDS,
    blended_priors,
    maturity_level,
    nearest_level,
    prefill,
    prefilled_needs,
    prior_components,
    prior_weights,
    region_type_of,
    top_kinds,
)
from scoring.profiles import DIMENSIONS, from_answers
from scoring.recommend import engine_for
from tests.unit.helpers import sample_answers

ENGINE = engine_for()
LIB = ENGINE.library


def _engine_needs(**changes: Any) -> dict[str, float]:
    """The engine's needs profile (0-1) when every need is "don't know": priors alone."""
    answers = parse_answers(sample_answers(needs=dict.fromkeys(KINDS), **changes), LIB)
    profile = ENGINE.needs_profile(from_answers([answers], LIB))[0]
    return dict(zip(KINDS, profile.tolist(), strict=True))


def test_prior_weights_are_the_blend_without_stated_renormalised() -> None:
    blend = LIB.scoring.needs.weights
    weights = prior_weights(LIB, "moderate_innovator")
    assert set(weights) == {"sector", "value_chain", "region"}
    assert math.isclose(sum(weights.values()), 1.0)
    rest = 1.0 - blend["stated"]
    for part, weight in weights.items():
        assert math.isclose(weight, blend[part] / rest)


def test_without_a_region_type_its_share_goes_to_sector_and_position() -> None:
    weights = prior_weights(LIB, None)
    assert set(weights) == {"sector", "value_chain"}
    assert math.isclose(sum(weights.values()), 1.0)


def test_components_list_every_kind_and_the_region_only_when_known() -> None:
    with_region = prior_components(LIB, "wood", "subcontractor", "moderate_innovator")
    assert set(with_region) == {"sector", "value_chain", "region"}
    for values in with_region.values():
        assert list(values) == KINDS
    wood = LIB.sectors["wood"].need_priors
    assert with_region["sector"]["regulatory"] == wood["regulatory"]
    assert set(prior_components(LIB, "wood", "subcontractor", None)) == {"sector", "value_chain"}


def test_region_type_comes_from_the_answers_else_from_the_region() -> None:
    assert region_type_of(LIB, "lorraine") == LIB.regions["lorraine"].ris.group.value
    assert region_type_of(LIB, "lorraine", "innovation_leader") == "innovation_leader"
    assert region_type_of(LIB, "other") is None
    assert region_type_of(LIB, None) is None


@pytest.mark.parametrize(
    ("sector", "value_chain", "region"),
    [
        ("wood", "subcontractor", "lorraine"),
        ("ict", "rnd", "oslo"),
        ("agro_food", "distributor", "canarias"),
        ("biotech_health", "manufacturer", "murcia"),
    ],
)
def test_blended_priors_are_the_engines_needs_for_dont_know(
    sector: str, value_chain: str, region: str
) -> None:
    region_type = region_type_of(LIB, region)
    ours = blended_priors(LIB, sector, value_chain, region_type)
    engine = _engine_needs(sector=sector, value_chain=value_chain, region=region)
    assert list(ours) == KINDS
    np.testing.assert_allclose([ours[k] for k in KINDS], [engine[k] for k in KINDS], atol=1e-6)


def test_wood_subcontractor_in_lorraine_is_prefilled_from_its_priors() -> None:
    needs = prefilled_needs(LIB, "wood", "subcontractor", "moderate_innovator")
    priors = blended_priors(LIB, "wood", "subcontractor", "moderate_innovator")
    assert needs == {k: prefill(priors[k]) for k in KINDS}
    # By hand for regulation: weights 0.2, 0.15, 0.05 renormalised to 0.5, 0.375, 0.125.
    blend = LIB.scoring.needs.weights
    rest = 1.0 - blend["stated"]
    regulatory = (
        blend["sector"] * LIB.sectors["wood"].need_priors["regulatory"]
        + blend["value_chain"] * LIB.value_chain["subcontractor"].need_priors["regulatory"]
        + blend["region"] * LIB.scoring.needs.region_type_priors["moderate_innovator"]["regulatory"]
    ) / rest
    assert math.isclose(priors["regulatory"], regulatory)
    assert needs["regulatory"] == math.floor(3 * regulatory + 0.5)
    # Regulation, supply and the market matter most to a wood subcontractor; patents little.
    assert needs["regulatory"] >= 2
    assert needs["supply"] >= 2
    assert needs["commercial"] >= 2
    assert needs["patent"] <= 1
    assert needs["regulatory"] > needs["patent"]


@pytest.mark.parametrize(
    ("prior", "expected"),
    [(0.0, 0), (1 / 6, 1), (0.3, 1), (0.5, 2), (0.8, 2), (5 / 6, 3), (1.0, 3)],
)
def test_prefill_is_three_times_the_prior_rounded_half_up(prior: float, expected: int) -> None:
    assert prefill(prior) == expected


def test_top_kinds_are_the_highest_priors_first() -> None:
    assert top_kinds({"patent": 0.2, "supply": 0.9, "regulatory": 0.9, "image": 0.5}, 3) == [
        "supply",
        "regulatory",
        "image",
    ]
    assert top_kinds({"patent": 0.0}) == []


@pytest.mark.parametrize(
    "ratings",
    [
        {"culture": 2, "deliverables": 1, "sourcing": 2, "cycle": 1, "investment": 1, "users": 1},
        {"culture": 5, "deliverables": None, "sourcing": 3},
        {"users": 4},
        dict.fromkeys(DIMENSIONS, 5),
        dict.fromkeys(DIMENSIONS),
        {},
    ],
)
def test_maturity_level_is_the_engines(ratings: dict[str, int | None]) -> None:
    unknown = LIB.scoring.maturity_fit.unknown_level
    answers = parse_answers(sample_answers(maturity=ratings), LIB)
    derived = ENGINE.derive(from_answers([answers], LIB)).maturity_level[0]
    assert math.isclose(maturity_level(ratings, unknown), float(derived))


def test_maturity_level_without_answers_is_the_configured_level() -> None:
    assert maturity_level({}, 1) == 1.0
    assert maturity_level({"culture": None}, 1.5) == 1.5
    assert maturity_level({"culture": 1, "users": 2}, 3) == 0.5


@pytest.mark.parametrize(
    ("level", "expected"), [(0.0, 0), (0.49, 0), (0.5, 1), (1.3, 1), (2.5, 3), (4.0, 4)]
)
def test_nearest_level(level: float, expected: int) -> None:
    assert nearest_level(level) == expected
