"""Each criterion's value function, the needs blend, exclusions and the score's arithmetic.

Figures come from data/scoring.yaml and the templates, read here rather than copied, so the
tests follow the configuration while checking the shape the engine promises.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from scoring.answers import parse_answers
from scoring.engine import CRITERIA, Exclusion, _headroom
from scoring.profiles import KINDS, from_answers
from scoring.recommend import engine_for, recommend
from tests.unit.helpers import sample_answers

ENGINE = engine_for()
CFG = ENGINE.config
BASE: dict[str, Any] = sample_answers(
    maturity=dict.fromkeys(
        ("culture", "deliverables", "sourcing", "cycle", "investment", "users"), 2
    ),
    needs={"regulatory": 3, "commercial": 2},
)


def value(criterion: str, template: str, **changes: Any) -> float:
    evaluation = ENGINE.evaluate(from_answers([parse_answers({**BASE, **changes})], ENGINE.library))
    return float(evaluation.values[CRITERIA.index(criterion), 0, ENGINE.index_of(template)])


def maturity(level: int) -> dict[str, int]:
    return dict.fromkeys(BASE["maturity"], level + 1)  # answers 1-5 are levels 0-4


class TestNeedsCoverage:
    def test_no_need_at_all_gives_little_coverage(self) -> None:
        none = dict.fromkeys(KINDS, 0)
        some = value("needs_coverage", "regulatory_standards_watch", needs={"regulatory": 3})
        assert value("needs_coverage", "regulatory_standards_watch", needs=none) < some

    def test_it_is_mass_over_mass_plus_saturation(self) -> None:
        answers = parse_answers({**BASE})
        table = from_answers([answers], ENGINE.library)
        needs = ENGINE.needs_profile(table)[0]
        template = ENGINE.library.templates["regulatory_standards_watch"]
        mass = sum(needs[i] * template.watch_kinds.get(k, 0.0) for i, k in enumerate(KINDS))
        expected = mass / (mass + CFG.needs.saturation)
        assert value("needs_coverage", template.id) == pytest.approx(expected, rel=1e-5)


class TestNeedsBlend:
    def test_stated_needs_blend_with_sector_position_and_region_priors(self) -> None:
        table = from_answers([parse_answers(BASE)], ENGINE.library)
        blended = dict(zip(KINDS, ENGINE.needs_profile(table)[0], strict=True))
        w = CFG.needs.weights
        sector = ENGINE.library.sectors["wood"].need_priors
        position = ENGINE.library.value_chain["subcontractor"].need_priors
        region = CFG.needs.region_type_priors[ENGINE.library.regions["lorraine"].ris.group]
        expected = (
            w["stated"] * 3 / 3
            + w["sector"] * sector.get("regulatory", 0)
            + w["value_chain"] * position.get("regulatory", 0)
            + w["region"] * region.get("regulatory", 0)
        )
        assert blended["regulatory"] == pytest.approx(expected, rel=1e-5)

    def test_dont_know_uses_the_priors_alone_not_zero(self) -> None:
        table = from_answers(
            [
                parse_answers({**BASE, "needs": {"supply": None}}),
                parse_answers({**BASE, "needs": {"supply": 0}}),
            ],
            ENGINE.library,
        )
        unknown, zero = ENGINE.needs_profile(table)[:, KINDS.index("supply")]
        assert unknown > zero
        assert unknown == pytest.approx(zero / (1 - CFG.needs.weights["stated"]), rel=1e-5)


class TestMaturityFit:
    # owner_informal_watch suits levels 0-1; technology_patent_watch 2-4.
    def test_best_at_the_minimum_of_the_range(self) -> None:
        assert value("maturity_fit", "technology_patent_watch", maturity=maturity(2)) == 1.0

    def test_falls_across_the_range(self) -> None:
        top = value("maturity_fit", "technology_patent_watch", maturity=maturity(4))
        assert top == pytest.approx(1 - CFG.maturity_fit.within_range_drop)

    def test_one_level_below_the_minimum(self) -> None:
        below = value("maturity_fit", "technology_patent_watch", maturity=maturity(1))
        assert below == pytest.approx(1 - CFG.maturity_fit.below_min_per_level)

    def test_beyond_the_maximum_the_user_has_outgrown_it(self) -> None:
        fit = value("maturity_fit", "owner_informal_watch", maturity=maturity(3))
        expected = 1 - CFG.maturity_fit.within_range_drop - 2 * CFG.maturity_fit.above_max_per_level
        assert fit == pytest.approx(max(expected, 0.0))

    def test_no_dimension_answered_uses_the_configured_level(self) -> None:
        unknown = dict.fromkeys(BASE["maturity"])
        table = from_answers([parse_answers({**BASE, "maturity": unknown})], ENGINE.library)
        assert ENGINE.derive(table).maturity_level[0] == CFG.maturity_fit.unknown_level


class TestHeadroom:
    @pytest.mark.parametrize(
        ("have", "low", "high", "expected"),
        [
            (0, 100, 300, 0.0),
            (50, 100, 300, 0.25),  # half the minimum: half of at_min
            (100, 100, 300, 0.5),
            (200, 100, 300, 0.75),
            (300, 100, 300, 1.0),
            (900, 100, 300, 1.0),
            (0, 0, 300, 0.5),  # needs nothing: starts at at_min
            (150, 0, 300, 0.75),
            (0, 0, 0, 1.0),
            (99, 100, 100, 0.495),  # a fixed requirement: jumps to 1 when met
            (100, 100, 100, 1.0),
        ],
    )
    def test_piecewise_linear(self, have: float, low: float, high: float, expected: float) -> None:
        result = _headroom(
            np.array([have], float), np.array([low], float), np.array([high], float), 0.5
        )
        assert float(result[0, 0]) == pytest.approx(expected, abs=1e-6)

    def test_resources_mix_money_and_staff_time(self) -> None:
        rich = value(
            "resources_fit",
            "parttime_watcher_oss",
            budget_eur_per_year=100_000,
            staff_hours_per_week=40,
        )
        poor_time = value(
            "resources_fit",
            "parttime_watcher_oss",
            budget_eur_per_year=100_000,
            staff_hours_per_week=0,
        )
        assert rich == 1.0
        assert poor_time == pytest.approx(CFG.resources.cost_share)

    def test_urgency(self) -> None:
        # owner_informal_watch gives first value in 1-3 weeks
        assert value("urgency_fit", "owner_informal_watch", first_results_within_weeks=3) == 1.0
        assert value(
            "urgency_fit", "owner_informal_watch", first_results_within_weeks=1
        ) == pytest.approx(CFG.urgency_at_min_value)
        assert value("urgency_fit", "owner_informal_watch", first_results_within_weeks=0) == 0.0


class TestFits:
    def test_listed_any_and_unlisted(self) -> None:
        fit = CFG.fit_values
        # regulatory_standards_watch lists wood; owner_informal_watch fits any sector
        mix = CFG.profile_fit.weights
        listed = value("sector_value_chain_fit", "regulatory_standards_watch")
        other = value(
            "sector_value_chain_fit", "regulatory_standards_watch", sector="other_services"
        )
        assert listed - other == pytest.approx(mix["sector"] * (fit.listed - fit.unlisted))

    def test_size_is_judged_for_smes_only(self) -> None:
        small = value("sector_value_chain_fit", "internal_watch_cell_platform", employees=20)
        medium = value("sector_value_chain_fit", "internal_watch_cell_platform", employees=120)
        assert medium > small
        # A cluster's own staff says nothing about its members: size does not count.
        few = value(
            "sector_value_chain_fit", "cluster_shared_watch_cell", actor_type="cluster", employees=4
        )
        many = value(
            "sector_value_chain_fit",
            "cluster_shared_watch_cell",
            actor_type="cluster",
            employees=400,
        )
        assert few == many

    def test_region_and_collaboration_tables(self) -> None:
        assert value("region_fit", "cluster_shared_watch_cell") == CFG.fit_values.listed
        assert value("region_fit", "owner_informal_watch") == CFG.fit_values.any
        for willing in ("none", "non_sensitive", "all"):
            expected = CFG.collaboration["shared"][willing]
            assert value(
                "collaboration_fit", "chamber_shared_watch", willing_to_share=willing
            ) == pytest.approx(expected)


class TestExclusions:
    def reasons(self, template: str, **changes: Any) -> list[str]:
        result = recommend(parse_answers({**BASE, **changes}), ENGINE, robustness=False)
        found = [e for e in result["excluded"] if e["template_id"] == template]
        return found[0]["reasons"] if found else []

    def test_cost_above_the_budget_with_tolerance(self) -> None:
        # internal_watch_cell_platform: minimum 60,000 EUR a year; tolerance 20 %
        assert (
            self.reasons(
                "internal_watch_cell_platform",
                budget_eur_per_year=50_000,
                staff_hours_per_week=80,
                employees=120,
            )
            == []
        )
        reasons = self.reasons(
            "internal_watch_cell_platform",
            budget_eur_per_year=49_999,
            staff_hours_per_week=80,
            employees=120,
        )
        assert reasons == ["minimum cost 60000 EUR/year exceeds the budget of 49999"]

    def test_staff_time(self) -> None:
        assert self.reasons("parttime_watcher_oss", staff_hours_per_week=3) == [
            "minimum staff time 0.1 FTE (4 h/week) exceeds the 3 h/week available"
        ]

    def test_actor_type(self) -> None:
        assert self.reasons(
            "regional_ei_system", budget_eur_per_year=2e6, staff_hours_per_week=400
        ) == ["designed for region, not for sme"]

    def test_maturity_more_than_one_level_below(self) -> None:
        assert "minimum maturity level 2 is more than 1 level above yours (0.0)" in self.reasons(
            "technology_patent_watch", maturity=maturity(0)
        )
        assert not any(
            "maturity" in r for r in self.reasons("technology_patent_watch", maturity=maturity(1))
        )

    def test_a_rule_can_exclude_and_says_why(self) -> None:
        result = recommend(
            parse_answers(
                {
                    **BASE,
                    "actor_type": "cluster",
                    "willing_to_share": "none",
                    "budget_eur_per_year": 200_000,
                    "staff_hours_per_week": 80,
                }
            ),
            ENGINE,
            robustness=False,
        )
        cell = next(
            e for e in result["excluded"] if e["template_id"] == "cluster_shared_watch_cell"
        )
        assert cell["rules"][0]["rule"] == "cluster_shared_watch_cell.nothing_may_be_shared"
        assert cell["rules"][0]["source"].startswith(
            "templates_library/cluster_shared_watch_cell.yaml:"
        )
        assert len(cell["reasons"]) == 1


def test_contributions_and_rules_add_up_to_the_points() -> None:
    table = from_answers([parse_answers(BASE)], ENGINE.library)
    evaluation = ENGINE.evaluate(table)
    total = evaluation.contributions()[:, 0, :].sum(axis=0) + evaluation.adjust[0]
    assert np.allclose(total, evaluation.points[0], atol=1e-3)
    assert np.allclose(evaluation.score[0], np.clip(evaluation.points[0], 0, 100))
    result = recommend(parse_answers(BASE), ENGINE, robustness=False)
    for rec in result["recommendations"]:
        points = sum(rec["contributions"].values()) + sum(r["effect"] for r in rec["rules_fired"])
        assert min(points, 100.0) == pytest.approx(rec["score"], abs=0.1)


def test_exclusion_bits_are_distinct() -> None:
    assert len({int(e) for e in Exclusion}) == len(Exclusion)
