"""The investment roadmap: phases cover three years and their costs add up to the totals."""

from __future__ import annotations

import itertools

import pytest

from reports.roadmap import (
    HORIZON_WEEKS,
    PHASES,
    WEEKS_PER_YEAR,
    roadmap_for,
    roadmap_rows,
    three_year_costs,
)
from templates_library import load_library

LIB = load_library()


@pytest.mark.parametrize("template_id", sorted(LIB.templates))
def test_phases_cover_three_years_and_add_up(template_id: str) -> None:
    template = LIB.templates[template_id]
    roadmap = roadmap_for(LIB, template_id)
    phases = roadmap.phases
    assert [p.key for p in phases] == list(PHASES)
    assert phases[0].start_week == 0
    assert phases[-1].end_week == HORIZON_WEEKS
    assert all(a.end_week == b.start_week for a, b in itertools.pairwise(phases))
    assert all(p.weeks > 0 for p in phases)
    # the total is exactly the set-up cost plus three years of running cost
    expected_low = template.setup_cost_eur.min + 3 * template.cost_eur_per_year.min
    expected_high = template.setup_cost_eur.max + 3 * template.cost_eur_per_year.max
    assert roadmap.total.low == pytest.approx(expected_low)
    assert roadmap.total.high == pytest.approx(expected_high)
    assert sum(p.cost.low for p in phases) == pytest.approx(roadmap.total.low)
    # the set-up cost falls in the implantation, running costs follow the weeks
    assert phases[0].setup_cost.low == template.setup_cost_eur.min
    assert all(p.setup_cost.high == 0 for p in phases[1:])
    for phase in phases:
        share = phase.weeks / WEEKS_PER_YEAR
        assert phase.running_cost.high == pytest.approx(template.cost_eur_per_year.max * share)


def test_the_implantation_lasts_until_first_value() -> None:
    template = LIB.templates["cluster_shared_watch_cell"]
    first = roadmap_for(LIB, template.id).phases[0]
    assert first.end_week == template.time_to_first_value_weeks.max
    assert first.milestone == "first_results"
    assert first.kpis == ()  # KPIs are measured once something runs


def test_kpis_and_milestones_follow_the_phases() -> None:
    template = LIB.templates["parttime_watcher_oss"]
    phases = roadmap_for(LIB, template.id).phases
    assert [p.milestone for p in phases] == ["first_results", "routine_running", "review_and_grow"]
    assert phases[1].kpis == tuple(k.id for k in template.kpis)


def test_regional_support_comes_from_the_region() -> None:
    roadmap = roadmap_for(LIB, "chamber_shared_watch", region_id="lorraine")
    region = LIB.regions["lorraine"]
    names = {s["name"] for s in roadmap.support}
    assert {i.name for i in region.intermediaries} <= names
    assert {s.name for s in region.support_schemes} <= names
    assert roadmap_for(LIB, "chamber_shared_watch", region_id="other").support == ()


def test_three_year_costs_of_several_setups() -> None:
    costs = three_year_costs(LIB, ["owner_informal_watch", "internal_watch_cell_platform"])
    assert costs["owner_informal_watch"].high < costs["internal_watch_cell_platform"].low


def test_rows_for_csv() -> None:
    rows = roadmap_rows(roadmap_for(LIB, "foresight_scenarios"))
    assert [r["phase"] for r in rows] == list(PHASES)
    template = LIB.templates["foresight_scenarios"]
    total = sum(r["setup_cost_max_eur"] + r["running_cost_max_eur"] for r in rows)
    assert total == pytest.approx(template.setup_cost_eur.max + 3 * template.cost_eur_per_year.max)
