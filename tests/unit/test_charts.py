"""The wizard's chart builders: the right data in the figure, the alt text and the table.

Inputs are real: the recommendation for the sample answers (a wood firm in Lorraine) and the
English labels of the catalogue, so a change in the scoring contract that breaks a chart shows
here. No Streamlit session is needed; ``show`` is checked against a stand-in module.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
import yaml

from scoring.answers import load_answers
from scoring.recommend import engine_for, recommend
from templates_library.library import PROJECT_ROOT
from wizard import charts
from wizard.charts import Chart

SAMPLE = PROJECT_ROOT / "data" / "samples" / "answers_wood_lorraine.yaml"
LABELS = yaml.safe_load((PROJECT_ROOT / "data/locales/en/labels.yaml").read_text("utf-8"))
KIND_LABELS: dict[str, str] = LABELS["watch_kinds"]
CRITERION_LABELS: dict[str, str] = LABELS["criteria"]
STAGE_LABELS: dict[str, str] = LABELS["cycle_stages"]
DIMENSION_LABELS = {
    "culture": "Culture",
    "deliverables": "Deliverables",
    "sourcing": "Sources",
    "cycle": "Cycle",
    "investment": "Investment",
    "users": "Users",
}
DONT_KNOW = "don't know"
NOTHING = "Nothing to show yet"


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return recommend(load_answers(Path(SAMPLE)), engine_for(), top=None, robustness=True)


@pytest.fixture(scope="module")
def recs(result: dict[str, Any]) -> list[dict[str, Any]]:
    recommendations = result["recommendations"]
    assert len(recommendations) >= 4, "the sample should give several set-ups to draw"
    return recommendations


@pytest.fixture(scope="module")
def names(recs: list[dict[str, Any]]) -> dict[str, str]:
    return {rec["template_id"]: rec["name"] for rec in recs}


def _points(recs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "name": rec["name"],
            "cost_min": rec["cost_eur_per_year"]["min"],
            "cost_max": rec["cost_eur_per_year"]["max"],
            "score": rec["score"],
            "fte_max": rec["fte"]["max"],
        }
        for rec in recs
    ]


def _coverages(recs: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    return {
        rec["name"]: {kind: 1.0 if kind in rec["watch_kinds"] else 0.0 for kind in KIND_LABELS}
        for rec in recs
    }


def _data_traces(figure: go.Figure) -> list[Any]:
    return [trace for trace in figure.data if trace.type != "scatter" or trace.mode != "text"]


# ------------------------------------------------------------------- every chart, same rules


def _all_charts(result: dict[str, Any]) -> dict[str, Chart]:
    recs = result["recommendations"]
    names = {rec["template_id"]: rec["name"] for rec in recs}
    return {
        "cycle": charts.cycle_diagram(STAGE_LABELS, "The intelligence cycle"),
        "maturity": charts.maturity_radar(
            result["maturity_by_dimension"], DIMENSION_LABELS, "Your practice", DONT_KNOW
        ),
        "needs": charts.needs_bar(result["needs"], KIND_LABELS, "Your needs", "Need (0-1)"),
        "ranked": charts.ranked_scores(
            recs, names, CRITERION_LABELS, "Ranked set-ups", "Score (0-100)"
        ),
        "waterfall": charts.score_waterfall(
            recs[0], recs[0]["name"], CRITERION_LABELS, "Rule", "Total", "Why this score"
        ),
        "compare": charts.compare_radar(_coverages(recs[:3]), KIND_LABELS, "Coverage"),
        "bubble": charts.cost_fit_bubble(
            _points(recs), "Cost and fit", "Yearly cost (EUR)", "Score", "Staff time (FTE)"
        ),
        "robustness": charts.robustness_bar(
            result["robustness"]["probabilities"], names, "Comes first", "Probability"
        ),
    }


def test_every_chart_has_a_figure_a_sentence_and_a_table(result: dict[str, Any]) -> None:
    for key, chart in _all_charts(result).items():
        assert isinstance(chart, Chart), key
        assert isinstance(chart.figure, go.Figure), key
        assert chart.figure.data, key
        assert isinstance(chart.table, pd.DataFrame), key
        assert not chart.table.empty, key
        assert chart.alt.endswith("."), key
        assert len(chart.alt) > 20, key


def test_every_chart_takes_its_title_and_has_a_neutral_readable_look(
    result: dict[str, Any],
) -> None:
    for key, chart in _all_charts(result).items():
        layout = chart.figure.layout
        assert layout.title.text, key
        assert chart.alt.startswith(layout.title.text), key
        assert layout.font.size >= 14, key
        assert layout.paper_bgcolor == "rgba(0,0,0,0)", key
        assert layout.plot_bgcolor == "rgba(0,0,0,0)", key
        for trace in chart.figure.data:
            font = getattr(trace, "textfont", None)
            if font is not None and font.size is not None:
                assert font.size >= 14, key


def test_colours_come_from_the_colour_blind_safe_palette(result: dict[str, Any]) -> None:
    for key, chart in _all_charts(result).items():
        for trace in chart.figure.data:
            color = getattr(getattr(trace, "marker", None), "color", None)
            if isinstance(color, str):
                assert color in charts.PALETTE, (key, color)


# ------------------------------------------------------------------- cycle


def test_cycle_draws_nine_stages_in_a_ring_and_two_across() -> None:
    chart = charts.cycle_diagram(STAGE_LABELS, "The intelligence cycle")
    ring, inner = chart.figure.data
    assert len(ring.x) == 9
    assert [text.split(". ", 1)[1] for text in ring.text] == [
        STAGE_LABELS[stage] for stage in charts.CYCLE_STAGES
    ]
    assert list(inner.text) == [STAGE_LABELS["protection"], STAGE_LABELS["influence"]]
    assert ring.marker.symbol != inner.marker.symbol  # told apart by shape, not only colour
    arrows = [a for a in chart.figure.layout.annotations if a.showarrow]
    assert len(arrows) == 9
    assert len(chart.table) == 11
    assert chart.table["ring"].sum() == 9
    # The alt text reads the loop in order, back to the start, then the cross-cutting stages.
    assert "Needs → Sourcing → Collection" in chart.alt
    assert "Evaluation → Needs" in chart.alt
    assert "Protection" in chart.alt
    assert "Influence" in chart.alt


def test_cycle_uses_the_id_when_a_label_is_missing() -> None:
    chart = charts.cycle_diagram({"needs": "Besoins"}, "Cycle", cross_cutting="Partout")
    assert chart.figure.data[0].text[0] == "1. Besoins"
    assert "sourcing" in chart.alt
    assert "Partout: protection, influence" in chart.alt


# ------------------------------------------------------------------- maturity and needs


def test_maturity_radar_shows_six_dimensions_on_a_zero_to_four_scale(
    result: dict[str, Any],
) -> None:
    levels = result["maturity_by_dimension"]
    chart = charts.maturity_radar(levels, DIMENSION_LABELS, "Your practice", DONT_KNOW)
    (trace,) = chart.figure.data
    assert len(trace.r) == 7  # six dimensions, the first repeated to close the shape
    assert list(trace.r[:6]) == [levels[d] for d in levels]
    assert trace.r[6] == trace.r[0]
    assert tuple(chart.figure.layout.polar.radialaxis.range) == (0, 4)
    assert len(chart.table) == 6
    for label in DIMENSION_LABELS.values():
        assert label in chart.alt


def test_maturity_radar_leaves_a_gap_for_dont_know_and_says_so(result: dict[str, Any]) -> None:
    levels = {**result["maturity_by_dimension"], "investment": None}
    chart = charts.maturity_radar(levels, DIMENSION_LABELS, "Your practice", DONT_KNOW)
    (trace,) = chart.figure.data
    position = list(levels).index("investment")
    assert trace.r[position] is None
    assert trace.connectgaps is False
    assert trace.theta[position] == f"Investment ({DONT_KNOW})"
    assert f"Investment ({DONT_KNOW})" in chart.alt
    assert "Culture 1/4" in chart.alt
    assert pd.isna(chart.table.set_index("dimension").loc["investment", "level"])


def test_needs_bar_sorts_kinds_by_need(result: dict[str, Any]) -> None:
    needs = result["needs"]
    chart = charts.needs_bar(needs, KIND_LABELS, "Your needs", "Need (0-1)")
    (bar,) = chart.figure.data
    assert bar.orientation == "h"
    assert list(bar.x) == sorted(needs.values(), reverse=True)
    assert all(0 <= value <= 1 for value in bar.x)
    assert len(bar.y) == len(needs) == len(chart.table)
    assert bar.text is not None
    assert all(bar.text)  # values written on the bars
    strongest = max(needs, key=lambda kind: needs[kind])
    assert bar.y[0] == KIND_LABELS[strongest]
    assert chart.alt.index(KIND_LABELS[strongest]) < chart.alt.index(bar.y[-1])
    assert list(chart.table.columns) == ["kind", "label", "Need (0-1)"]


# ------------------------------------------------------------------- scores


def test_ranked_scores_stack_criteria_and_write_the_total(
    recs: list[dict[str, Any]], names: dict[str, str]
) -> None:
    chart = charts.ranked_scores(recs, names, CRITERION_LABELS, "Ranked set-ups", "Score")
    bars = [trace for trace in chart.figure.data if trace.type == "bar"]
    (totals,) = [trace for trace in chart.figure.data if trace.type == "scatter"]
    criteria = list(recs[0]["contributions"])
    assert [bar.name for bar in bars[: len(criteria)]] == [CRITERION_LABELS[c] for c in criteria]
    assert bars[-1].name == "±"  # the rule effects of the sample are not all zero
    assert chart.figure.layout.barmode == "relative"
    for bar in bars:
        assert list(bar.y) == [rec["name"] for rec in recs]  # one bar per set-up, rank order
    # Segments differ by pattern as well as colour.
    patterns = [bar.marker.pattern.shape for bar in bars]
    assert len(set(patterns)) == len(patterns)
    for i, rec in enumerate(recs):
        stacked = sum(bar.x[i] for bar in bars)
        assert stacked == pytest.approx(rec["score"], abs=0.2)
        assert totals.x[i] == rec["score"]
        assert totals.text[i] == charts._num(rec["score"])
    assert chart.alt.startswith(
        f"Ranked set-ups: {recs[0]['name']} {charts._num(recs[0]['score'])}"
    )
    for rec in recs:
        assert rec["name"] in chart.alt
    assert len(chart.table) == len(recs)
    assert list(chart.table["template_id"]) == [rec["template_id"] for rec in recs]
    assert "Score" in chart.table.columns


def test_ranked_scores_with_one_set_up_and_no_rule(names: dict[str, str]) -> None:
    rec = {
        "rank": 1,
        "template_id": "owner_informal_watch",
        "score": 60.0,
        "contributions": {"needs_coverage": 40.0, "resources_fit": 20.0},
        "rules_fired": [],
    }
    chart = charts.ranked_scores([rec], {}, CRITERION_LABELS, "Ranked", "Score")
    bars = [trace for trace in chart.figure.data if trace.type == "bar"]
    assert [bar.name for bar in bars] == [
        CRITERION_LABELS["needs_coverage"],
        CRITERION_LABELS["resources_fit"],
    ]
    assert list(bars[0].y) == ["owner_informal_watch"]  # no name given: the id, not a blank
    assert chart.alt == "Ranked: owner_informal_watch 60."


def test_ranked_scores_tolerates_missing_values() -> None:
    rec = {"template_id": "x", "name": "X", "score": None, "contributions": {"a": None}}
    chart = charts.ranked_scores([rec], {}, {}, "Ranked", "Score")
    assert chart.alt == "Ranked: X ?."
    assert chart.figure.data[-1].text == ("?",)


def test_waterfall_goes_from_criteria_to_rules_to_the_total(recs: list[dict[str, Any]]) -> None:
    rec = recs[0]
    chart = charts.score_waterfall(
        rec, rec["name"], CRITERION_LABELS, "Rule", "Total", "Why this score"
    )
    (trace,) = chart.figure.data
    criteria = list(rec["contributions"])
    rules = rec["rules_fired"]
    assert rules, "the sample's first set-up has a rule effect to show"
    steps = len(criteria) + len(rules)
    assert list(trace.measure) == ["relative"] * steps + ["absolute"]
    assert list(trace.x[: len(criteria)]) == [CRITERION_LABELS[c] for c in criteria]
    assert trace.x[-1] == "Total"
    assert list(trace.y[: len(criteria)]) == [rec["contributions"][c] for c in criteria]
    assert list(trace.y[len(criteria) : steps]) == [rule["effect"] for rule in rules]
    assert trace.y[-1] == rec["score"]
    assert sum(trace.y[:steps]) == pytest.approx(rec["score"], abs=0.2)
    assert all(trace.text)  # signed values written on every bar
    assert rec["name"] in chart.alt
    assert f"Total {charts._num(rec['score'])}" in chart.alt
    assert len(chart.table) == steps + 1
    assert rules[0]["reason"] in set(chart.table["reason"])


def test_waterfall_numbers_several_rules() -> None:
    rec = {
        "score": 50.0,
        "contributions": {"needs_coverage": 52.0},
        "rules_fired": [{"rule": "a", "effect": 3.0}, {"rule": "b", "effect": -5.0}],
    }
    chart = charts.score_waterfall(rec, "X", {}, "Rule", "Total", "Why")
    assert list(chart.figure.data[0].x) == ["needs_coverage", "Rule 1", "Rule 2", "Total"]
    assert "Rule 2 -5.0" in chart.alt


# ------------------------------------------------------------------- compare


def test_compare_radar_overlays_set_ups_with_distinct_markers(recs: list[dict[str, Any]]) -> None:
    coverages = _coverages(recs[:4])
    chart = charts.compare_radar(coverages, KIND_LABELS, "Coverage")
    traces = chart.figure.data
    assert [trace.name for trace in traces] == list(coverages)
    assert len({trace.marker.symbol for trace in traces}) == 4
    assert len({trace.line.dash for trace in traces}) == 4
    for trace, coverage in zip(traces, coverages.values(), strict=True):
        assert list(trace.r[:-1]) == [coverage[kind] for kind in KIND_LABELS]
        assert trace.r[-1] == trace.r[0]
        assert list(trace.theta[:-1]) == list(KIND_LABELS.values())
    for name in coverages:
        assert name in chart.alt
    assert len(chart.table) == len(KIND_LABELS)
    assert set(coverages) <= set(chart.table.columns)


def test_compare_radar_with_a_single_set_up(recs: list[dict[str, Any]]) -> None:
    chart = charts.compare_radar(_coverages(recs[:1]), KIND_LABELS, "Coverage")
    assert len(chart.figure.data) == 1
    assert recs[0]["name"] in chart.alt


def test_cost_fit_bubble_places_cost_midpoints_with_their_range(
    recs: list[dict[str, Any]],
) -> None:
    points = _points(recs)
    chart = charts.cost_fit_bubble(points, "Cost and fit", "Cost", "Score", "Staff time")
    traces = chart.figure.data
    assert len(traces) == len(points)
    for trace, point in zip(traces, points, strict=True):
        middle = (point["cost_min"] + point["cost_max"]) / 2
        assert trace.x == (middle,)
        assert trace.y == (point["score"],)
        assert trace.text == (point["name"],)  # every bubble is named on the chart
        assert trace.error_x.arrayminus == (middle - point["cost_min"],)
        assert trace.error_x.array == (point["cost_max"] - middle,)
    # More staff time, bigger bubble.
    by_fte = sorted(zip(points, traces, strict=True), key=lambda pair: pair[0]["fte_max"])
    sizes = [trace.marker.size for _, trace in by_fte]
    assert sizes == sorted(sizes)
    assert by_fte[0][1].marker.size < by_fte[-1][1].marker.size
    for point in points:
        assert point["name"] in chart.alt
    assert len(chart.table) == len(points)
    assert {"Score", "Staff time", "cost_min", "cost_max"} <= set(chart.table.columns)


def test_cost_fit_bubble_keeps_a_point_without_cost_in_the_table_only() -> None:
    points = [
        {"name": "A", "cost_min": 0, "cost_max": 2000, "score": 90.0, "fte_max": 0.1},
        {"name": "B", "cost_min": None, "cost_max": None, "score": 80.0, "fte_max": None},
        {"name": "C", "cost_min": None, "cost_max": 500, "score": 70.0, "fte_max": 0.0},
    ]
    chart = charts.cost_fit_bubble(points, "Cost", "Cost", "Score", "FTE")
    assert [trace.name for trace in chart.figure.data] == ["A", "C"]
    assert chart.figure.data[1].x == (500.0,)
    assert len(chart.table) == 3
    assert "B: Cost ? (?–?)" in chart.alt


def test_robustness_bar_sorts_by_probability(names: dict[str, str]) -> None:
    ids = list(names)
    probabilities = {ids[1]: 0.25, ids[0]: 0.7, ids[2]: 0.05}
    chart = charts.robustness_bar(probabilities, names, "Comes first", "Probability")
    (bar,) = chart.figure.data
    assert list(bar.x) == [0.7, 0.25, 0.05]
    assert list(bar.y) == [names[ids[0]], names[ids[1]], names[ids[2]]]
    assert list(bar.text) == ["70%", "25%", "5%"]
    assert chart.alt == (
        f"Comes first: {names[ids[0]]} 70%, {names[ids[1]]} 25%, {names[ids[2]]} 5%."
    )
    assert list(chart.table.columns) == ["template_id", "name", "Probability"]


def test_robustness_bar_on_the_sample(result: dict[str, Any], names: dict[str, str]) -> None:
    probabilities = result["robustness"]["probabilities"]
    chart = charts.robustness_bar(probabilities, names, "Comes first", "Probability")
    assert len(chart.table) == len(probabilities)
    for template_id in probabilities:
        assert names[template_id] in chart.alt


# ------------------------------------------------------------------- nothing to draw

EMPTY_BUILDERS: dict[str, Callable[[], Chart]] = {
    "maturity": lambda: charts.maturity_radar({}, {}, "T", DONT_KNOW, nothing=NOTHING),
    "needs": lambda: charts.needs_bar({}, {}, "T", "Need", nothing=NOTHING),
    "ranked": lambda: charts.ranked_scores([], {}, {}, "T", "Score", nothing=NOTHING),
    "waterfall": lambda: charts.score_waterfall(None, "", {}, "R", "Total", "T", nothing=NOTHING),
    "compare": lambda: charts.compare_radar({}, {}, "T", nothing=NOTHING),
    "bubble": lambda: charts.cost_fit_bubble([], "T", "x", "y", "s", nothing=NOTHING),
    "robustness": lambda: charts.robustness_bar({}, {}, "T", "p", nothing=NOTHING),
}


@pytest.mark.parametrize("builder", EMPTY_BUILDERS.values(), ids=EMPTY_BUILDERS.keys())
def test_nothing_to_draw_gives_an_empty_figure_that_says_so(builder: Callable[[], Chart]) -> None:
    chart = builder()
    assert not chart.figure.data
    assert chart.alt == f"T: {NOTHING}."
    assert [a.text for a in chart.figure.layout.annotations] == [NOTHING]
    assert chart.table.empty
    assert len(chart.table.columns) > 0


def test_nothing_to_draw_has_a_fallback_text() -> None:
    chart = charts.ranked_scores([], {}, {}, "Ranked", "Score")
    assert chart.alt == f"Ranked: {charts.NOTHING}."


def test_needs_bar_with_a_missing_value_puts_it_last() -> None:
    chart = charts.needs_bar({"a": None, "b": 0.4}, {}, "Needs", "Need")
    (bar,) = chart.figure.data
    assert list(bar.y) == ["b", "a"]
    assert chart.alt == "Needs: b 0.4, a ?."


def test_compare_radar_with_a_missing_kind_leaves_a_gap() -> None:
    chart = charts.compare_radar({"A": {"x": 1.0, "y": 0.5}, "B": {"x": 0.2}}, {}, "Cov")
    b = chart.figure.data[1]
    assert list(b.r) == [0.2, None, 0.2]
    assert "B (x 0.2, y ?)" in chart.alt


# ------------------------------------------------------------------- Streamlit


def test_importing_the_charts_does_not_import_streamlit() -> None:
    code = "import sys, wizard.charts; sys.exit('streamlit' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, check=False, capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode()


def test_show_draws_the_figure_with_its_alt_and_the_table_in_an_expander(
    monkeypatch: pytest.MonkeyPatch, result: dict[str, Any]
) -> None:
    calls: list[tuple[str, Any, dict[str, Any]]] = []

    class Expander:
        def __enter__(self) -> Expander:
            return self

        def __exit__(self, *_: object) -> None:
            calls.append(("exit", None, {}))

    fake = SimpleNamespace(
        plotly_chart=lambda figure, **kw: calls.append(("chart", figure, kw)),
        expander=lambda label: calls.append(("expander", label, {})) or Expander(),
        dataframe=lambda data, **kw: calls.append(("dataframe", data, kw)),
    )
    # wizard.i18n is imported (with the real streamlit) before the stand-in replaces it
    monkeypatch.setattr("wizard.i18n.language", lambda: "fr")
    monkeypatch.setitem(sys.modules, "streamlit", fake)
    chart = charts.needs_bar(result["needs"], KIND_LABELS, "Your needs", "Need")
    charts.show(chart, "See the data")
    assert chart.figure.layout.separators == ",\u202f"  # the session's language: French
    assert [call[0] for call in calls] == ["chart", "expander", "dataframe", "exit"]
    assert calls[0][1] is chart.figure
    assert calls[0][2]["alt"] == chart.alt
    assert calls[1][1] == "See the data"
    assert calls[2][1] is chart.table
