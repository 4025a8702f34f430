"""Plotly figures for the plan pages (guide book and roadmap): the phases on a timeline and the
three-year cost of several set-ups side by side.

Pure builders like those of :mod:`wizard.charts` (same rules: every word comes in as an
argument, colour never carries meaning alone, the alt text and a table come with the figure).
The timeline takes the bars and marks of a ``reports.document.Timeline`` block, so the page's
chart and the PDF's vector drawing show the same phases.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import pandas as pd
import plotly.graph_objects as go

from wizard.charts import (
    FONT_SIZE,
    NEUTRAL,
    NOTHING,
    PATTERNS,
    Chart,
    _color,
    _empty,
    _layout,
    _num,
)


class Bar(Protocol):
    """A bar of a timeline (``reports.document.TimelineBar``)."""

    label: str
    start: float
    end: float
    detail: str


#: Characters of a chart title on one line: Plotly does not wrap titles, and a set-up's name in
#: French can be long.
TITLE_WIDTH = 60


def wrapped(title: str) -> str:
    """The title broken into lines (Plotly's ``<br>``) of at most ``TITLE_WIDTH`` characters."""
    return "<br>".join(textwrap.wrap(title, TITLE_WIDTH)) or title


def _luminance(color: str) -> float:
    """Relative luminance of ``#rrggbb`` (WCAG 2.1)."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (text inside a bar)."""
    light = _luminance(background)
    return "#000000" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "#FFFFFF"


def timeline(
    bars: Sequence[Bar],
    marks: Sequence[tuple[float, str]],
    title: str,
    axis: str,
    *,
    marks_label: str,
    columns: tuple[str, str, str, str] = ("phase", "start", "end", "detail"),
    nothing: str = NOTHING,
) -> Chart:
    """Phases as horizontal bars on a week axis, first at the top; milestones as diamonds on a
    row of their own. Each bar carries its detail (cost, staff time) as text, so the figure
    reads without colour or hovering."""
    if not bars:
        return _empty(title, nothing, columns)
    labels = [bar.label for bar in bars]
    figure = go.Figure()
    for i, bar in enumerate(bars):
        figure.add_trace(
            go.Bar(
                y=[bar.label],
                x=[bar.end - bar.start],
                base=[bar.start],
                orientation="h",
                name=bar.label,
                text=[bar.detail],
                # inside a bar wide enough, else beside it; never turned on its side
                textposition="auto",
                textangle=0,
                insidetextanchor="start",
                cliponaxis=False,
                textfont={"size": FONT_SIZE - 2},
                insidetextfont={"size": FONT_SIZE - 2, "color": ink(_color(i))},
                marker={
                    "color": _color(i),
                    "pattern": {"shape": PATTERNS[i % len(PATTERNS)]},
                    "line": {"color": NEUTRAL, "width": 1},
                },
                customdata=[[bar.start, bar.end]],
                hovertemplate=(
                    f"{axis}: %{{customdata[0]:.0f}}–%{{customdata[1]:.0f}}<br>%{{text}}"
                    "<extra>%{fullData.name}</extra>"
                ),
                showlegend=False,
            )
        )
    if marks:
        # Numbered diamonds: milestones a few weeks apart would overlap as words; the page
        # lists the numbers with their milestones (``milestone_legend``).
        figure.add_trace(
            go.Scatter(
                x=[week for week, _ in marks],
                y=[marks_label] * len(marks),
                mode="markers+text",
                marker={"symbol": "diamond", "size": 18, "color": NEUTRAL},
                text=[str(number) for number in range(1, len(marks) + 1)],
                textposition="top center",
                textfont={"size": FONT_SIZE - 2},
                hovertext=[label for _, label in marks],
                name=marks_label,
                hovertemplate=f"{axis}: %{{x:.0f}}<br>%{{hovertext}}<extra></extra>",
                cliponaxis=False,
                showlegend=False,
            )
        )
    end = max(bar.end for bar in bars)
    lines = wrapped(title)
    _layout(
        figure,
        lines,
        height=140 + 70 * (len(bars) + (1 if marks else 0)) + 24 * lines.count("<br>"),
        bargap=0.3,
    )
    figure.update_layout(margin={"t": 60 + 24 * lines.count("<br>")})
    figure.update_xaxes(title_text=axis, range=[0, end * 1.02], dtick=13, zeroline=False)
    rows = [marks_label, *reversed(labels)] if marks else list(reversed(labels))
    figure.update_yaxes(categoryorder="array", categoryarray=rows, title_text="")

    parts = [f"{bar.label} {_num(bar.start, 0)}–{_num(bar.end, 0)} ({bar.detail})" for bar in bars]
    parts += [f"{number}. {label} {_num(week, 0)}" for number, (week, label) in enumerate(marks, 1)]
    table = pd.DataFrame(
        [[bar.label, bar.start, bar.end, bar.detail] for bar in bars], columns=list(columns)
    )
    return Chart(figure, f"{title} ({axis}): {'; '.join(parts)}.", table)


def milestone_legend(marks: Sequence[tuple[float, str]], axis: str) -> list[str]:
    """The timeline's numbered milestones in words: ``1. First results (Weeks ...: 4)``."""
    return [
        f"{number}. {label} ({axis}: {_num(week, 0)})"
        for number, (week, label) in enumerate(marks, 1)
    ]


def cost_ranges(
    items: Sequence[Mapping[str, Any]],
    title: str,
    axis: str,
    *,
    budget: float | None = None,
    budget_label: str = "",
    columns: tuple[str, str, str] = ("name", "low", "high"),
    nothing: str = NOTHING,
    number: Callable[[float], str] | None = None,
) -> Chart:
    """Each item's cost as a bar from its low to its high figure (``name``, ``low``, ``high``),
    in the order given; the budget, when given, as a dashed line with its label. ``number``
    writes the figures on the bars (the page passes its language's; English by default)."""
    number = number or (lambda value: f"{value:,.0f}")
    rows = [
        (str(item["name"]), float(item["low"]), float(item["high"]))
        for item in items
        if item.get("low") is not None and item.get("high") is not None
    ]
    if not rows:
        return _empty(title, nothing, columns)
    figure = go.Figure()
    for i, (name, low, high) in enumerate(rows):
        figure.add_trace(
            go.Bar(
                y=[name],
                x=[max(high - low, 0.0)],
                base=[low],
                orientation="h",
                name=name,
                text=[f"{number(low)}–{number(high)}" if high != low else number(low)],
                textposition="outside",
                textfont={"size": FONT_SIZE - 2},
                marker={
                    "color": _color(i),
                    "pattern": {"shape": PATTERNS[i % len(PATTERNS)]},
                    "line": {"color": NEUTRAL, "width": 2},
                },
                customdata=[[low, high]],
                hovertemplate=(
                    f"{axis}: %{{customdata[0]:,.0f}}–%{{customdata[1]:,.0f}}"
                    "<extra>%{fullData.name}</extra>"
                ),
                showlegend=False,
            )
        )
    top = max(high for _, _, high in rows)
    if budget is not None and budget > 0:
        figure.add_vline(
            x=budget,
            line={"dash": "dash", "color": NEUTRAL, "width": 2},
            annotation={"text": budget_label, "font": {"size": FONT_SIZE - 2}},
            annotation_position="top",
        )
        top = max(top, budget)
    _layout(figure, wrapped(title), height=160 + 70 * len(rows), bargap=0.35)
    figure.update_xaxes(title_text=axis, range=[0, top * 1.25], tickformat=",")
    figure.update_yaxes(
        categoryorder="array", categoryarray=[name for name, _, _ in reversed(rows)]
    )

    parts = [f"{name} {_num(low, 0)}–{_num(high, 0)}" for name, low, high in rows]
    if budget is not None and budget > 0:
        parts.append(f"{budget_label} {_num(budget, 0)}")
    table = pd.DataFrame(rows, columns=list(columns))
    return Chart(figure, f"{title} ({axis}): {'; '.join(parts)}.", table)
