"""A room's picture (``scoring.aggregate``): frames, counts, heatmaps, privacy, pooling, speed.

Checked:
- ``result_summary`` keeps the versions, the level and the first three set-ups of a result;
- ``answers_frame`` types its columns, counts a left-out need as 0 and keeps "don't know";
- the counts by sector, region and position; the maturity and needs heatmaps equal a naive
  per-row computation (levels are answers minus 1; a "don't know" need is 3 x the prior blend
  of ``scoring.priors``, computed there independently of the engine's arrays);
- a group of fewer than ``min_group`` respondents shows NaN, keeps its count, and is named
  neither in the top needs nor in pooling;
- pooling counts equal a naive count, and the suggested set-up is shared or public and covers
  the kind (none when the library has none);
- a survey file of the same answers, batch-scored, gives the same frame as the answers;
- a 100,000-row synthetic survey is summarised, with and without a validated table, quickly.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from benchmarks.synthetic import synthetic_frame
from scoring.aggregate import (
    FRAME_COLUMNS,
    NUMBER_COLUMNS,
    POOLED_DELIVERIES,
    Pooling,
    answers_frame,
    pooled_template,
    result_summary,
    summarise,
    survey_frame,
)
from scoring.answers import parse_answers
from scoring.batch import describe_row, read_survey, score_survey, validate_survey
from scoring.engine import COVERS_AT
from scoring.priors import blended_priors, region_type_of
from scoring.profiles import DIMENSIONS, KINDS
from scoring.recommend import engine_for, recommend
from tests.unit.helpers import sample_answers

ENGINE = engine_for()
LIBRARY = ENGINE.library
DIMS = list(DIMENSIONS)


def _room(seed: int = 0, count: int = 14) -> list[dict[str, Any]]:
    """Answers of a varied room: several regions (one with only two people), sectors and
    positions, some "don't know" maturity and needs."""
    rng = np.random.default_rng(seed)
    regions = ["lorraine"] * 5 + ["murcia"] * 4 + ["nrw"] * 3 + ["oslo"] * 2
    room = []
    for index in range(count):
        maturity = {d: int(rng.integers(1, 6)) for d in DIMS}
        needs: dict[str, Any] = {k: int(rng.integers(0, 4)) for k in KINDS}
        if index % 4 == 1:
            maturity["cycle"] = None
            needs["funding"] = None
            needs["regulatory"] = None
        if index % 5 == 2:
            needs.pop("image")  # a need left out counts as 0
        room.append(
            sample_answers(
                region=regions[index % len(regions)],
                sector=["wood", "agro_food", "ict"][index % 3],
                value_chain=["subcontractor", "manufacturer", "rnd", "distributor"][index % 4],
                maturity=maturity,
                needs=needs,
            )
        )
    return room


def _records(room: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    out = []
    for data in room:
        answers = parse_answers(data)
        out.append((answers.to_file_dict(), result_summary(recommend(answers, ENGINE))))
    return out


@pytest.fixture(scope="module")
def room() -> list[dict[str, Any]]:
    return _room()


@pytest.fixture(scope="module")
def records(room: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return _records(room)


def _effective_need(data: dict[str, Any], kind: str) -> float:
    """The need on the 0-3 scale, computed from the priors module, not the engine."""
    value = (data.get("needs") or {}).get(kind, 0)
    if value is not None:
        return float(value)
    region_type = region_type_of(LIBRARY, data["region"], data.get("region_type"))
    return 3 * blended_priors(LIBRARY, data["sector"], data["value_chain"], region_type)[kind]


# --- result summaries and frames ---------------------------------------------------------------


def test_result_summary_keeps_versions_level_and_first_three() -> None:
    result = recommend(parse_answers(sample_answers()), ENGINE)
    summary = result_summary(result)
    assert set(summary) == {"engine_version", "library_version", "maturity_level", "top"}
    assert summary["engine_version"] == ENGINE.version
    assert summary["library_version"] == ENGINE.library_version
    assert summary["maturity_level"] == result["maturity_level"]
    expected = [(r["template_id"], r["score"]) for r in result["recommendations"][:3]]
    assert [(t["template_id"], t["score"]) for t in summary["top"]] == expected
    assert len(summary["top"]) == 3


def test_answers_frame_types_and_missing_values(records: list) -> None:
    frame = answers_frame([*records, (records[0][0], None)])
    assert list(frame.columns) == FRAME_COLUMNS
    assert len(frame) == len(records) + 1
    for column in NUMBER_COLUMNS:
        assert frame[column].dtype == np.float64, column
    assert frame.loc[1, "maturity_cycle"] != frame.loc[1, "maturity_cycle"]  # NaN: don't know
    assert np.isnan(frame.loc[1, "needs_funding"])
    assert frame.loc[2, "needs_image"] == 0.0  # left out: 0
    assert frame.loc[0, "top1"] == records[0][1]["top"][0]["template_id"]
    assert frame.iloc[-1][["top1", "top2", "top3"]].tolist() == ["", "", ""]
    assert frame.loc[0, "region_type"] == ""  # not given


# --- counts and heatmaps -----------------------------------------------------------------------


def test_counts_by_sector_region_and_position(room: list, records: list) -> None:
    summary = summarise(answers_frame(records), ENGINE)
    assert summary.respondents == len(room)
    assert summary.regions == {
        r: sum(a["region"] == r for a in room)
        for r in LIBRARY.regions
        if any(a["region"] == r for a in room)
    }
    assert sum(summary.sectors.values()) == len(room)
    assert summary.sectors["wood"] == sum(a["sector"] == "wood" for a in room)
    assert summary.value_chain["rnd"] == sum(a["value_chain"] == "rnd" for a in room)
    firsts = [r["top"][0]["template_id"] for _, r in records]
    assert summary.recommended == {t: firsts.count(t) for t in summary.recommended}
    assert sum(summary.recommended.values()) == len(room)
    assert list(summary.recommended.values()) == sorted(summary.recommended.values(), reverse=True)


def test_heatmaps_equal_a_naive_per_row_computation(room: list, records: list) -> None:
    summary = summarise(answers_frame(records), ENGINE, min_group=3)
    assert list(summary.maturity.index) == DIMS
    assert list(summary.needs.index) == KINDS
    for region in summary.maturity.columns:
        members = [a for a in room if a["region"] == region]
        for dim in DIMS:
            levels = [a["maturity"][dim] - 1 for a in members if a["maturity"][dim] is not None]
            assert summary.maturity_counts.at[dim, region] == len(levels)
            shown = summary.maturity.at[dim, region]
            if len(levels) < 3:
                assert np.isnan(shown)
            else:
                assert shown == pytest.approx(np.mean(levels), abs=1e-9)
        for kind in KINDS:
            values = [_effective_need(a, kind) for a in members]
            shown = summary.needs.at[kind, region]
            if len(values) < 3:
                assert np.isnan(shown)
            else:
                assert shown == pytest.approx(np.mean(values), abs=1e-5), (region, kind)
    overall = [np.mean([_effective_need(a, k) for a in room]) for k in KINDS]
    assert summary.overall_needs.to_numpy() == pytest.approx(overall, abs=1e-5)


def test_small_groups_are_hidden_but_counted(records: list) -> None:
    summary = summarise(answers_frame(records), ENGINE, min_group=3)
    # Oslo has two respondents: nothing of theirs can be read, but the page can say why.
    assert summary.regions["oslo"] == 2
    assert summary.maturity["oslo"].isna().all()
    assert summary.needs["oslo"].isna().all()
    assert summary.maturity_counts.at["culture", "oslo"] == 2
    assert summary.needs_counts.at["technology", "oslo"] == 2
    assert np.isnan(summary.maturity_level["oslo"])
    assert "oslo" not in summary.top_needs
    assert all("oslo" not in p.regions for p in summary.pooling)
    assert not summary.maturity["lorraine"].isna().any()
    assert len(summary.top_needs["lorraine"]) == 3
    # With groups of two allowed, Oslo shows.
    assert not summarise(answers_frame(records), ENGINE, min_group=2).maturity["oslo"].isna().all()


def test_a_room_smaller_than_the_group_minimum_shows_no_averages(records: list) -> None:
    summary = summarise(answers_frame(records[:2]), ENGINE, min_group=3)
    assert summary.respondents == 2
    assert summary.maturity.isna().all().all()
    assert summary.overall_maturity.isna().all()
    assert summary.overall_needs.isna().all()
    assert summary.top_needs == {}


def test_summary_by_sector_and_bad_grouping(records: list) -> None:
    summary = summarise(answers_frame(records), ENGINE, by="sector")
    assert summary.by == "sector"
    assert list(summary.maturity.columns) == [s for s in LIBRARY.sectors if s in summary.sectors]
    with pytest.raises(ValueError, match="cannot group by 'colour'"):
        summarise(answers_frame(records), ENGINE, by="colour")


def test_rows_that_fail_validation_are_left_out(records: list) -> None:
    frame = answers_frame(records)
    frame.loc[0, "region"] = "atlantis"
    summary = summarise(frame, ENGINE)
    assert summary.rejected == 1
    assert summary.respondents == len(records) - 1
    assert "atlantis" not in summary.regions


def test_empty_room() -> None:
    summary = summarise(answers_frame([]), ENGINE)
    assert summary.respondents == 0
    assert summary.maturity.shape == (len(DIMS), 0)
    assert summary.pooling == []
    assert summary.recommended == {}


# --- pooling -----------------------------------------------------------------------------------


def test_pooling_counts_and_suggested_setups(room: list, records: list) -> None:
    summary = summarise(answers_frame(records), ENGINE, pooling_level=2, pooling_min=3)
    expected = {k: sum(_effective_need(a, k) >= 2 for a in room) for k in KINDS}
    assert {p.kind: p.count for p in summary.pooling} == {
        k: c for k, c in expected.items() if c >= 3
    }
    counts = [p.count for p in summary.pooling]
    assert counts == sorted(counts, reverse=True)
    for pooling in summary.pooling:
        members = [a for a in room if _effective_need(a, pooling.kind) >= 2]
        for region, count in pooling.regions.items():
            assert count == sum(a["region"] == region for a in members) >= 3
        assert sum(pooling.sectors.values()) <= pooling.count
        if pooling.template_id is not None:
            template = LIBRARY.templates[pooling.template_id]
            assert template.delivery.value in POOLED_DELIVERIES
            assert template.watch_kinds[pooling.kind] >= COVERS_AT


def test_every_kind_gets_a_pooled_setup_that_covers_it_or_none() -> None:
    for kind in KINDS:
        chosen = pooled_template(LIBRARY, kind)
        pooled = [
            t
            for t in LIBRARY.templates.values()
            if t.delivery.value in POOLED_DELIVERIES and t.watch_kinds.get(kind, 0) >= COVERS_AT
        ]
        if not pooled:
            assert chosen is None, kind
        else:
            assert chosen in {t.id for t in pooled}, kind
    # The shipped library pools regulatory watch through a shared body.
    regulatory = pooled_template(LIBRARY, "regulatory")
    assert regulatory is not None
    assert LIBRARY.templates[regulatory].delivery.value == "shared"


def test_pooling_ignores_needs_below_the_level() -> None:
    low = dict.fromkeys(KINDS, 1)
    high = {**low, "regulatory": 3}
    room = [sample_answers(needs=high, region=r) for r in ("lorraine",) * 4 + ("murcia",) * 2]
    room += [sample_answers(needs=low) for _ in range(5)]
    summary = summarise(answers_frame(_records(room)), ENGINE, pooling_level=2, pooling_min=3)
    assert [p.kind for p in summary.pooling] == ["regulatory"]
    (pooling,) = summary.pooling
    assert pooling == Pooling(
        kind="regulatory",
        count=6,
        regions={"lorraine": 4},  # Murcia's two are counted, not named
        sectors={"wood": 6},
        template_id=pooled_template(LIBRARY, "regulatory"),
    )


# --- a survey gives the same frame as the answers ----------------------------------------------


def test_survey_frame_equals_answers_frame(room: list, records: list, tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    rows = [describe_row(parse_answers(data).to_file_dict()) for data in room]
    rows[3]["region"], rows[3]["region_type"] = "other", "emerging_innovator"
    rows[5]["prefers_open_source"] = True
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    raw = read_survey(path)
    survey = validate_survey(raw, ENGINE)
    assert survey.errors == {}
    results = score_survey(ENGINE, survey, len(raw))
    from_survey = survey_frame(raw, survey, results, ENGINE)

    changed = [dict(data) for data in room]
    changed[3] = {**changed[3], "region": "other", "region_type": "emerging_innovator"}
    changed[5] = {**changed[5], "prefers_open_source": True}
    from_answers = answers_frame(_records(changed))
    pd.testing.assert_frame_equal(from_survey, from_answers)
    assert from_answers.loc[5, "prefers_open_source"] == "true"
    assert from_answers.loc[3, "region_type"] == "emerging_innovator"


# --- a large survey ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def large() -> tuple[pd.DataFrame, Any]:
    raw = synthetic_frame(ENGINE, 100_000, seed=3)
    survey = validate_survey(raw, ENGINE)
    results = score_survey(ENGINE, survey, len(raw))
    return survey_frame(raw, survey, results, ENGINE), survey


def test_a_100k_row_survey_is_summarised_alike_with_or_without_its_table(
    large: tuple[pd.DataFrame, Any],
) -> None:
    # Speed is measured by benchmarks/analytics.py (tests check behaviour, not timings).
    frame, survey = large
    summary = summarise(frame, ENGINE)
    again = summarise(frame, ENGINE, table=survey.table)
    assert summary.respondents == again.respondents == len(frame) == 100_000
    pd.testing.assert_frame_equal(summary.maturity, again.maturity)
    pd.testing.assert_frame_equal(summary.needs, again.needs)
    assert summary.pooling == again.pooling
    assert sum(summary.recommended.values()) == (frame["top1"] != "").sum()


def test_large_heatmap_matches_pandas(large: tuple[pd.DataFrame, Any]) -> None:
    frame, survey = large
    summary = summarise(frame, ENGINE, table=survey.table, by="sector")
    levels = frame[[f"maturity_{d}" for d in DIMS]] - 1
    naive = levels.groupby(frame["sector"]).mean().T
    naive.index = pd.Index(DIMS, name="dimension")
    naive = naive[summary.maturity.columns]
    assert np.allclose(summary.maturity.to_numpy(), naive.to_numpy())
