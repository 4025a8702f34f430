"""Progress of pilots against their KPI targets (reports/pilots.py): the share of the target
reached in each direction, the zero targets, KPIs without target or reading, and pilots side by
side. The KPIs are the knowledge base's own, so a change of a target shows here."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.pilots import (
    MAX_SHARE,
    compared_kpis,
    kpi_tracks,
    pilot_progress,
    share_of_target,
    target_reached,
)
from templates_library import load_library
from tests.unit.helpers import FakePilot, Reading

LIB = load_library()
OWNER = LIB.templates["owner_informal_watch"]  # themes (>= 4), decisions (>= 2), hours (<= 2)
KIT = LIB.templates["protection_security_kit"]  # incidents per year: lower is better, target 0


def test_the_knowledge_base_has_the_kpis_these_tests_use() -> None:
    kpis = {k.id: k for k in OWNER.kpis}
    assert (kpis["themes_covered"].target, kpis["themes_covered"].higher_is_better) == (4, True)
    assert (kpis["hours_per_week"].target, kpis["hours_per_week"].higher_is_better) == (2, False)
    incidents = next(k for k in KIT.kpis if k.id == "security_incidents")
    assert (incidents.target, incidents.higher_is_better) == (0, False)


class TestShareOfTarget:
    def test_higher_is_better_is_value_over_target(self) -> None:
        assert share_of_target(3, 4, higher_is_better=True) == 0.75
        assert share_of_target(5, 4, higher_is_better=True) == 1.25

    def test_lower_is_better_is_target_over_value(self) -> None:
        assert share_of_target(4, 2, higher_is_better=False) == 0.5
        assert share_of_target(2, 2, higher_is_better=False) == 1.0
        assert share_of_target(1.6, 2, higher_is_better=False) == pytest.approx(1.25)

    def test_a_zero_target_is_met_or_missed(self) -> None:
        assert share_of_target(0, 0, higher_is_better=False) == 1.0
        assert share_of_target(3, 0, higher_is_better=False) == 0.0
        assert share_of_target(0, 0, higher_is_better=True) == 1.0

    def test_zero_for_a_positive_lower_target_is_the_best_possible(self) -> None:
        assert share_of_target(0, 30, higher_is_better=False) == MAX_SHARE

    def test_shares_are_capped_and_never_negative(self) -> None:
        assert share_of_target(100, 4, higher_is_better=True) == MAX_SHARE
        assert share_of_target(-3, 4, higher_is_better=True) == 0.0

    def test_no_target_no_share(self) -> None:
        assert share_of_target(3, None, higher_is_better=True) is None
        assert target_reached(3, None, higher_is_better=True) is None

    @given(
        value=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
        target=st.floats(min_value=0, max_value=1e6, allow_nan=False),
        higher=st.booleans(),
    )
    def test_reaching_the_target_is_a_share_of_one_or_more(
        self, value: float, target: float, higher: bool
    ) -> None:
        share = share_of_target(value, target, higher)
        assert share is not None
        assert 0.0 <= share <= MAX_SHARE
        reached = target_reached(value, target, higher)
        assert (share >= 1.0) == reached


class TestTracks:
    def test_every_kpi_of_the_set_up_in_order_with_its_readings_by_date(self) -> None:
        tracks = kpi_tracks(
            OWNER,
            [
                Reading("themes_covered", date(2025, 3, 1), 4, "all four"),
                Reading("themes_covered", date(2025, 2, 1), 2),
                Reading("hours_per_week", date(2025, 2, 1), 3),
            ],
        )
        assert [t.kpi_id for t in tracks] == [k.id for k in OWNER.kpis]
        themes, decisions, hours = tracks
        assert [p.value for p in themes.points] == [2.0, 4.0]
        assert themes.latest is not None
        assert themes.latest.note == "all four"
        assert (themes.share, themes.reached) == (1.0, True)
        assert decisions.latest is None
        assert decisions.share is None
        assert decisions.reached is None
        assert hours.share == pytest.approx(2 / 3)
        assert hours.reached is False

    def test_readings_of_a_kpi_the_set_up_no_longer_lists_are_kept_without_target(self) -> None:
        tracks = kpi_tracks(OWNER, [Reading("retired_kpi", date(2025, 1, 1), 7)])
        retired = tracks[-1]
        assert (retired.kpi_id, retired.known, retired.target) == ("retired_kpi", False, None)
        assert retired.latest is not None
        assert retired.latest.value == 7
        assert all(t.known for t in tracks[:-1])

    def test_a_set_up_gone_from_the_knowledge_base_keeps_its_readings(self) -> None:
        tracks = kpi_tracks(None, [Reading("x", date(2025, 1, 1), 1)])
        assert [(t.kpi_id, t.known) for t in tracks] == [("x", False)]


class TestPilots:
    def test_a_pilots_progress_counts_kpis_measured_and_on_target(self) -> None:
        pilot = FakePilot(1, OWNER.id, date(2025, 1, 1), "implementation")
        progress = pilot_progress(
            pilot,
            OWNER,
            [
                Reading("themes_covered", date(2025, 2, 1), 4),  # 100%, reached
                Reading("hours_per_week", date(2025, 2, 1), 4),  # 50%, missed
            ],
        )
        assert progress.phase == "implementation"
        assert [t.kpi_id for t in progress.measured] == ["themes_covered", "hours_per_week"]
        assert progress.on_target == 1
        assert progress.mean_share == pytest.approx(0.75)

    def test_no_reading_no_average(self) -> None:
        progress = pilot_progress(FakePilot(2, OWNER.id, date(2025, 1, 1), "use"), OWNER, [])
        assert (progress.measured, progress.on_target, progress.mean_share) == ((), 0, None)

    def test_compared_kpis_are_those_with_a_share_in_pilot_order(self) -> None:
        first = pilot_progress(
            FakePilot(1, OWNER.id, date(2025, 1, 1), "use"),
            OWNER,
            [Reading("hours_per_week", date(2025, 2, 1), 2)],
        )
        second = pilot_progress(
            FakePilot(2, KIT.id, date(2025, 1, 1), "use"),
            KIT,
            [
                Reading("security_incidents", date(2025, 2, 1), 0),
                Reading("staff_trained", date(2025, 2, 1), 40),
            ],
        )
        third = pilot_progress(
            FakePilot(3, OWNER.id, date(2025, 1, 1), "use"),
            OWNER,
            [Reading("hours_per_week", date(2025, 3, 1), 1)],
        )
        assert compared_kpis([first, second, third]) == [
            (OWNER.id, "hours_per_week"),
            (KIT.id, "staff_trained"),
            (KIT.id, "security_incidents"),
        ]
