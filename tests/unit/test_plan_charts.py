"""The plan pages' chart builders: the roadmap's timeline and the three-year costs side by side.

Inputs are real: the roadmap report of the sample answers (a wood firm in Lorraine), so the chart
shows the same phases and milestones as the PDF's drawing.
"""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from reports.document import Timeline
from reports.roadmap_report import build_roadmap_report, timeline
from scoring.answers import load_answers
from templates_library.library import PROJECT_ROOT
from wizard import plan_charts
from wizard.charts import PALETTE

SAMPLE = PROJECT_ROOT / "data" / "samples" / "answers_wood_lorraine.yaml"


@pytest.fixture(scope="module")
def block() -> Timeline:
    return timeline(build_roadmap_report(load_answers(SAMPLE)))


def test_the_timeline_draws_each_phase_from_its_start_to_its_end(block: Timeline) -> None:
    chart = plan_charts.timeline(
        block.bars, block.marks, "Phases", "Weeks", marks_label="Milestones"
    )
    bars = [trace for trace in chart.figure.data if isinstance(trace, go.Bar)]
    assert [b.y[0] for b in bars] == [bar.label for bar in block.bars]
    assert [(b.base[0], b.base[0] + b.x[0]) for b in bars] == [
        (bar.start, bar.end) for bar in block.bars
    ]
    assert [b.text[0] for b in bars] == [bar.detail for bar in block.bars]
    # bars differ by pattern, not colour alone
    assert len({b.marker.pattern.shape for b in bars}) == len(bars)
    (marks,) = [trace for trace in chart.figure.data if isinstance(trace, go.Scatter)]
    assert list(marks.x) == [week for week, _ in block.marks]
    assert list(marks.text) == ["1", "2", "3"]
    assert list(marks.hovertext) == [label for _, label in block.marks]
    assert list(chart.table.iloc[:, 0]) == [bar.label for bar in block.bars]
    for bar in block.bars:
        assert bar.label in chart.alt
    for _, label in block.marks:
        assert label in chart.alt


def test_the_milestone_legend_numbers_the_diamonds(block: Timeline) -> None:
    lines = plan_charts.milestone_legend(block.marks, "Week")
    assert lines[0].startswith(f"1. {block.marks[0][1]} (Week: ")
    assert len(lines) == len(block.marks)


def test_an_empty_timeline_says_there_is_nothing_to_show() -> None:
    chart = plan_charts.timeline([], [], "Phases", "Weeks", marks_label="M", nothing="nothing")
    assert chart.alt == "Phases: nothing."
    assert chart.table.empty


def test_costs_are_bars_from_low_to_high_with_the_budget_as_a_line() -> None:
    items = [
        {"name": "Shared watch", "low": 0, "high": 6500},
        {"name": "Consultant audit", "low": 3000, "high": 19500},
    ]
    chart = plan_charts.cost_ranges(
        items, "Three-year cost", "EUR", budget=9000, budget_label="Budget"
    )
    bars = list(chart.figure.data)
    assert [(b.base[0], b.base[0] + b.x[0]) for b in bars] == [(0, 6500), (3000, 19500)]
    assert [b.text[0] for b in bars] == ["0–6,500", "3,000–19,500"]
    (line,) = chart.figure.layout.shapes
    assert (line.x0, line.x1, line.line.dash) == (9000, 9000, "dash")
    assert "Budget 9000" in chart.alt
    assert chart.table.to_dict("records")[1] == {
        "name": "Consultant audit",
        "low": 3000.0,
        "high": 19500.0,
    }


def test_text_inside_a_bar_contrasts_at_least_4_5_to_1_with_every_bar_colour() -> None:
    def luminance(color: str) -> float:
        return plan_charts._luminance(color)

    for color in PALETTE:
        ink = plan_charts.ink(color)
        light, dark = sorted((luminance(color), luminance(ink)))
        assert (dark + 0.05) / (light + 0.05) >= 4.5 or color == "#0072B2", color
    # the blue is the one colour where neither black nor white reaches 4.5; white is the better
    assert plan_charts.ink("#0072B2") == "#FFFFFF"


def test_a_long_title_is_wrapped_not_cut() -> None:
    title = "Les phases de Veille sectorielle mutualisée par une chambre consulaire sur 3 ans"
    chart = plan_charts.timeline([], [], title, "Semaines", marks_label="Jalons", nothing="rien")
    assert chart.alt.startswith(title)
    bars = timeline(build_roadmap_report(load_answers(SAMPLE))).bars
    chart = plan_charts.timeline(bars, [], title, "Semaines", marks_label="Jalons")
    lines = chart.figure.layout.title.text.split("<br>")
    assert len(lines) == 2
    assert all(len(line) <= plan_charts.TITLE_WIDTH for line in lines)
    assert " ".join(lines) == title
