"""Plotly figures for the wizard: each builder returns the figure, its alt text and its data.

Pure functions: no Streamlit import at module level, no interface string written here (but for
the English fallback ``NOTHING``, which pages override). Every word a user reads (titles, axis
names, labels, "don't know") comes in as an argument, so a page passes ``t(...)``/``ct(...)`` and
the French interface gets French charts. The alt text is built from the title and the data
(names, numbers, arrows), never from English phrases.

Accessibility rules every builder follows: colour never carries meaning alone (values are written
on bars and points, series differ by pattern, marker or dash), the palette is Okabe-Ito
(colour-blind safe), text is at least 14 px, backgrounds are transparent so the figure reads in
light and dark themes. ``show`` is the one function that touches Streamlit, imported lazily.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import pandas as pd
import plotly.graph_objects as go

# Okabe & Ito (2008), safe for the common colour-vision deficiencies.
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermilion
    "#F0E442",  # yellow
    "#999999",  # grey
)
PATTERNS = ("", "/", "\\", "x", ".", "-", "|", "+")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "star", "hexagon", "x")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
FONT_SIZE = 16  # readable on a projector at the back of a room
NEUTRAL = "#7f7f7f"  # mid grey: visible on white and on a dark background
TRANSPARENT = "rgba(0,0,0,0)"

# The intelligence cycle: nine stages in a ring, two that run across all of them.
CYCLE_STAGES = (
    "needs",
    "sourcing",
    "collection",
    "processing",
    "analysis",
    "storage",
    "diffusion",
    "use",
    "evaluation",
)
CROSS_CUTTING_STAGES = ("protection", "influence")

MATURITY_DIMENSIONS = ("culture", "deliverables", "sourcing", "cycle", "investment", "users")
MATURITY_MAX = 4

# Said (annotation and alt text) when there is no data. An English fallback only: pages pass
# ``nothing=t(...)`` so that it is translated like every other word of a chart.
NOTHING = "nothing to show"


class Chart(NamedTuple):
    """A figure, the sentence a screen reader says instead, and the data as a table."""

    figure: go.Figure
    alt: str
    table: pd.DataFrame


# ---------------------------------------------------------------------------- helpers


def _num(value: float | None, digits: int = 1) -> str:
    """91.4 -> '91.4', 2.0 -> '2', None -> '?'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "?"
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _pct(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{round(100 * value)}%"


def _float(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _color(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _layout(figure: go.Figure, title: str, **extra: Any) -> go.Figure:
    settings: dict[str, Any] = {
        "template": "plotly_white",
        "title": {"text": title, "font": {"size": FONT_SIZE + 4}},
        "font": {"size": FONT_SIZE},
        "paper_bgcolor": TRANSPARENT,
        "plot_bgcolor": TRANSPARENT,
        "legend": {"font": {"size": FONT_SIZE}},
        "hoverlabel": {"font": {"size": FONT_SIZE}},
        "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
    }
    settings.update(extra)
    figure.update_layout(**settings)
    return figure


def _sentence(title: str, parts: Sequence[str]) -> str:
    body = ", ".join(parts) if parts else "—"
    text = f"{title}: {body}" if title else body
    return text if text.endswith(".") else text + "."


def _empty(title: str, nothing: str, columns: Sequence[str]) -> Chart:
    """An empty figure whose alt and annotation say there is nothing to show."""
    figure = go.Figure()
    _layout(figure, title)
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    if nothing:
        figure.add_annotation(
            text=nothing,
            x=0.5,
            y=0.5,
            xref="paper",
            yref="paper",
            showarrow=False,
            font={"size": FONT_SIZE},
        )
    alt = f"{title}: {nothing}" if title and nothing else (title or nothing)
    if alt and not alt.endswith("."):
        alt += "."
    return Chart(figure, alt, pd.DataFrame(columns=list(columns)))


def _name(template_id: str, names: Mapping[str, str], fallback: Any = None) -> str:
    return names.get(template_id) or (str(fallback) if fallback else template_id)


# ---------------------------------------------------------------------------- cycle


def _outward(x: float, y: float) -> str:
    """Where a ring label goes so that it points away from the ring's centre: neighbouring
    labels at the bottom of the ring then spread left and right instead of overlapping."""
    vertical = "top" if y > 0.5 else "bottom" if y < -0.5 else "middle"
    if abs(x) < 0.2:
        return f"{vertical} center"
    return f"{vertical} {'right' if x > 0 else 'left'}"


def cycle_diagram(
    stage_labels: Mapping[str, str],
    title: str,
    *,
    cross_cutting: str = "",
) -> Chart:
    """The intelligence cycle: nine stages in a clockwise ring, protection and influence inside.

    ``cross_cutting`` optionally names the two inner stages in the alt text ("all stages: ...").
    """
    ring = [stage_labels.get(stage) or stage for stage in CYCLE_STAGES]
    inner = [stage_labels.get(stage) or stage for stage in CROSS_CUTTING_STAGES]
    count = len(ring)
    # Start at the top and go clockwise, as the cycle is usually drawn.
    angles = [math.pi / 2 - 2 * math.pi * i / count for i in range(count)]
    xs = [math.cos(a) for a in angles]
    ys = [math.sin(a) for a in angles]

    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers+text",
            text=[f"{i + 1}. {label}" for i, label in enumerate(ring)],
            textposition=[_outward(x, y) for x, y in zip(xs, ys, strict=True)],
            marker={"size": 22, "color": _color(0), "symbol": "circle"},
            hovertext=ring,
            hoverinfo="text",
            name="cycle",
            showlegend=False,
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[0.0] * len(inner),
            y=[0.22, -0.22][: len(inner)],
            mode="markers+text",
            text=inner,
            textposition="middle right",
            marker={"size": 22, "color": _color(1), "symbol": "square"},
            hovertext=inner,
            hoverinfo="text",
            name="cross-cutting",
            showlegend=False,
        )
    )
    # Arrows from each stage to the next, shortened so they do not hide the markers.
    for i in range(count):
        j = (i + 1) % count
        x0, y0, x1, y1 = xs[i], ys[i], xs[j], ys[j]
        dx, dy = x1 - x0, y1 - y0
        figure.add_annotation(
            x=x1 - 0.22 * dx,
            y=y1 - 0.22 * dy,
            ax=x0 + 0.22 * dx,
            ay=y0 + 0.22 * dy,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=2,
            arrowsize=1.3,
            arrowwidth=2,
            arrowcolor=NEUTRAL,
            text="",
        )
    _layout(figure, title, showlegend=False, height=560)
    figure.update_xaxes(visible=False, range=[-1.9, 1.9])
    figure.update_yaxes(visible=False, range=[-1.35, 1.35], scaleanchor="x", scaleratio=1)

    loop = " → ".join([*ring, ring[0]])
    cross = ", ".join(inner)
    lead = f"{cross_cutting}: {cross}" if cross_cutting else f"+ {cross}"
    alt = f"{title}: {loop}; {lead}." if title else f"{loop}; {lead}."
    table = pd.DataFrame(
        {
            "position": [*range(1, count + 1), *([None] * len(inner))],
            "stage": [*CYCLE_STAGES, *CROSS_CUTTING_STAGES],
            "label": [*ring, *inner],
            "ring": [True] * count + [False] * len(inner),
        }
    )
    return Chart(figure, alt, table)


# ---------------------------------------------------------------------------- profile


def maturity_radar(
    levels: Mapping[str, float | None],
    labels: Mapping[str, str],
    title: str,
    dont_know: str,
    *,
    nothing: str = NOTHING,
) -> Chart:
    """Maturity by dimension on a 0-4 radar; a dimension answered "don't know" is a gap."""
    dimensions = list(levels)
    if not dimensions:
        return _empty(title, nothing, ["dimension", "label", "level"])
    names = [labels.get(d) or d for d in dimensions]
    values = [_float(levels[d]) for d in dimensions]
    theta = [
        name if value is not None else f"{name} ({dont_know})"
        for name, value in zip(names, values, strict=True)
    ]
    figure = go.Figure(
        go.Scatterpolar(
            r=[*values, values[0]],
            theta=[*theta, theta[0]],
            mode="lines+markers+text",
            text=[_num(v) if v is not None else "" for v in values] + [""],
            textposition="top center",
            connectgaps=False,
            fill="toself",
            fillcolor="rgba(0,114,178,0.15)",
            line={"color": _color(0), "width": 3},
            marker={"size": 10, "symbol": "circle", "color": _color(0)},
            name=title,
            showlegend=False,
        )
    )
    _layout(figure, title)
    figure.update_layout(
        polar={
            "bgcolor": TRANSPARENT,
            "radialaxis": {
                "range": [0, MATURITY_MAX],
                "tickvals": list(range(MATURITY_MAX + 1)),
                "tickfont": {"size": FONT_SIZE - 2},
            },
            "angularaxis": {"tickfont": {"size": FONT_SIZE}},
        }
    )
    parts = [
        f"{name} {_num(value)}/{MATURITY_MAX}" if value is not None else f"{name} ({dont_know})"
        for name, value in zip(names, values, strict=True)
    ]
    table = pd.DataFrame({"dimension": dimensions, "label": names, "level": values})
    return Chart(figure, _sentence(title, parts), table)


def _share_bars(
    shares: Mapping[str, float | None],
    labels: Sequence[str],
    title: str,
    axis: str,
    *,
    id_column: str,
    percent: bool,
) -> Chart:
    """Horizontal bars of shares from 0 to 1, the largest at the top, each labelled with its
    value (as a percentage when ``percent``): the needs profile and the robustness bar."""
    ids = list(shares)
    values = [shares[i] for i in ids]
    shown = [_pct(v) if percent else _num(v, 2) for v in values]
    figure = go.Figure(
        go.Bar(
            x=[v if v is not None else 0.0 for v in values],
            y=list(labels),
            orientation="h",
            text=shown,
            textposition="outside",
            marker={"color": _color(0)},
            name=axis,
            hovertemplate="%{y}: %{x:.0%}<extra></extra>"
            if percent
            else "%{y}: %{x:.2f}<extra></extra>",
        )
    )
    _layout(figure, title, showlegend=False, height=max(260, 90 + 40 * len(ids)))
    if percent:
        figure.update_xaxes(title_text=axis, range=[0, 1.15], tickformat=".0%")
    else:
        figure.update_xaxes(title_text=axis, range=[0, 1.12], tickvals=[0, 0.25, 0.5, 0.75, 1])
    figure.update_yaxes(autorange="reversed", automargin=True)
    parts = [f"{label} {text}" for label, text in zip(labels, shown, strict=True)]
    default_axis = "probability" if percent else "need"
    table = pd.DataFrame(
        {
            id_column: ids,
            "label" if not percent else "name": list(labels),
            axis or default_axis: values,
        }
    )
    return Chart(figure, _sentence(title, parts), table)


def _largest_first(values: Mapping[str, float | None]) -> dict[str, float | None]:
    items = [(key, _float(value)) for key, value in values.items()]
    items.sort(key=lambda item: -(item[1] if item[1] is not None else -1.0))
    return dict(items)


def needs_bar(
    needs: Mapping[str, float | None],
    labels: Mapping[str, str],
    title: str,
    axis: str,
    *,
    nothing: str = NOTHING,
) -> Chart:
    """Need by kind of watch, 0 to 1, the strongest need at the top."""
    if not needs:
        return _empty(title, nothing, ["kind", "label", axis or "need"])
    ordered = _largest_first(needs)
    names = [labels.get(kind) or kind for kind in ordered]
    return _share_bars(ordered, names, title, axis, id_column="kind", percent=False)


# ---------------------------------------------------------------------------- scores


def _rules_effect(recommendation: Mapping[str, Any]) -> float:
    return sum(
        _float(rule.get("effect")) or 0.0 for rule in recommendation.get("rules_fired") or []
    )


def ranked_scores(
    recommendations: Sequence[Mapping[str, Any]],
    names: Mapping[str, str],
    criterion_labels: Mapping[str, str],
    title: str,
    axis: str,
    *,
    rule_label: str = "±",
    nothing: str = NOTHING,
) -> Chart:
    """One horizontal bar per set-up in rank order, one patterned segment per criterion.

    Rule effects (bonuses and penalties) are their own segment, named by ``rule_label``; the
    total is written at the end of each bar.
    """
    if not recommendations:
        return _empty(title, nothing, ["template_id", "name", axis or "score"])
    ids = [str(rec.get("template_id", "")) for rec in recommendations]
    labels = [
        _name(tid, names, rec.get("name")) for tid, rec in zip(ids, recommendations, strict=True)
    ]
    # Criteria in the order they first appear (the engine's order), labels for the legend.
    criteria: list[str] = []
    for rec in recommendations:
        for criterion in rec.get("contributions") or {}:
            if criterion not in criteria:
                criteria.append(criterion)
    effects = [_rules_effect(rec) for rec in recommendations]
    scores = [_float(rec.get("score")) for rec in recommendations]

    figure = go.Figure()
    for i, criterion in enumerate(criteria):
        values = [
            _float((rec.get("contributions") or {}).get(criterion)) or 0.0
            for rec in recommendations
        ]
        label = criterion_labels.get(criterion) or criterion
        figure.add_trace(
            go.Bar(
                x=values,
                y=labels,
                orientation="h",
                name=label,
                marker={
                    "color": _color(i),
                    "pattern": {"shape": PATTERNS[i % len(PATTERNS)], "solidity": 0.35},
                    "line": {"color": NEUTRAL, "width": 0.5},
                },
                hovertemplate=f"{label}: %{{x:.1f}}<extra>%{{y}}</extra>",
            )
        )
    if any(abs(effect) > 1e-9 for effect in effects):
        figure.add_trace(
            go.Bar(
                x=effects,
                y=labels,
                orientation="h",
                name=rule_label,
                marker={
                    "color": _color(len(criteria)),
                    "pattern": {"shape": "+", "solidity": 0.35},
                    "line": {"color": NEUTRAL, "width": 0.5},
                },
                hovertemplate=f"{rule_label}: %{{x:+.1f}}<extra>%{{y}}</extra>",
            )
        )
    # The total at the end of each bar, as text: the score is read, not guessed from colour.
    figure.add_trace(
        go.Scatter(
            x=[s if s is not None else 0.0 for s in scores],
            y=labels,
            mode="text",
            text=[_num(s) for s in scores],
            textposition="middle right",
            textfont={"size": FONT_SIZE},
            name=axis,
            showlegend=False,
            hoverinfo="skip",
        )
    )
    top = max([s for s in scores if s is not None] + [0.0])
    _layout(
        figure,
        title,
        barmode="relative",
        height=max(320, 140 + 48 * len(recommendations)),
        legend={"orientation": "h", "y": -0.2, "font": {"size": FONT_SIZE - 2}},
    )
    figure.update_xaxes(title_text=axis, range=[min(0.0, *effects), max(100.0, top) * 1.12])
    figure.update_yaxes(autorange="reversed", automargin=True)

    parts = [f"{label} {_num(score)}" for label, score in zip(labels, scores, strict=True)]
    table = pd.DataFrame(
        {
            "rank": [rec.get("rank", i + 1) for i, rec in enumerate(recommendations)],
            "template_id": ids,
            "name": labels,
            **{
                criterion_labels.get(c) or c: [
                    _float((rec.get("contributions") or {}).get(c)) for rec in recommendations
                ]
                for c in criteria
            },
            rule_label: effects,
            axis or "score": scores,
        }
    )
    return Chart(figure, _sentence(title, parts), table)


def score_waterfall(  # noqa: PLR0917 - positional order is the pages' agreed API
    recommendation: Mapping[str, Any] | None,
    name: str,
    criterion_labels: Mapping[str, str],
    rule_label: str,
    total_label: str,
    title: str,
    *,
    nothing: str = NOTHING,
) -> Chart:
    """How one set-up's score is built: each criterion, then each rule effect, then the total."""
    columns = ["step", "label", "value"]
    if not recommendation:
        return _empty(title, nothing, columns)
    contributions = recommendation.get("contributions") or {}
    rules = list(recommendation.get("rules_fired") or [])
    steps: list[str] = []
    labels: list[str] = []
    values: list[float] = []
    for criterion, value in contributions.items():
        steps.append(str(criterion))
        labels.append(criterion_labels.get(criterion) or str(criterion))
        values.append(_float(value) or 0.0)
    for i, rule in enumerate(rules):
        steps.append(str(rule.get("rule", f"rule_{i + 1}")))
        labels.append(rule_label if len(rules) == 1 else f"{rule_label} {i + 1}")
        values.append(_float(rule.get("effect")) or 0.0)
    score = _float(recommendation.get("score"))
    total = score if score is not None else sum(values)

    figure = go.Figure(
        go.Waterfall(
            orientation="v",
            measure=["relative"] * len(values) + ["absolute"],
            x=[*labels, total_label],
            y=[*values, total],
            text=[f"{v:+.1f}" for v in values] + [_num(total)],
            textposition="outside",
            textfont={"size": FONT_SIZE},
            connector={"line": {"color": NEUTRAL, "width": 1, "dash": "dot"}},
            # Up, down and total differ by colour AND by the signed text on each bar.
            increasing={"marker": {"color": _color(0)}},
            decreasing={"marker": {"color": _color(5)}},
            totals={"marker": {"color": _color(7)}},
            name=name,
            showlegend=False,
        )
    )
    _layout(figure, title, height=480)
    figure.update_yaxes(range=[0, max(100.0, total, sum(max(v, 0) for v in values)) * 1.12])
    figure.update_xaxes(automargin=True, tickangle=-30)

    parts = [f"{label} {v:+.1f}" for label, v in zip(labels, values, strict=True)]
    parts.append(f"{total_label} {_num(total)}")
    head = f"{title} ({name})" if title and name else (title or name)
    table = pd.DataFrame(
        {
            "step": [*steps, "total"],
            "label": [*labels, total_label],
            "value": [*values, total],
            "reason": [""] * len(contributions)
            + [str(rule.get("reason") or "") for rule in rules]
            + [""],
        }
    )
    return Chart(figure, _sentence(head, parts), table)


# ---------------------------------------------------------------------------- compare


def compare_radar(
    coverages: Mapping[str, Mapping[str, float | None]],
    kind_labels: Mapping[str, str],
    title: str,
    *,
    nothing: str = NOTHING,
) -> Chart:
    """Two to four set-ups on one radar: coverage (0-1) by kind of watch.

    Each set-up has its own marker symbol and line dash besides its colour.
    """
    setups = list(coverages)
    kinds: list[str] = [k for k in kind_labels if any(k in coverages[s] for s in setups)]
    for setup in setups:
        for kind in coverages[setup]:
            if kind not in kinds:
                kinds.append(kind)
    if not setups or not kinds:
        return _empty(title, nothing, ["kind", "label"])
    theta = [kind_labels.get(k) or k for k in kinds]
    figure = go.Figure()
    for i, setup in enumerate(setups):
        values = [_float(coverages[setup].get(k)) for k in kinds]
        figure.add_trace(
            go.Scatterpolar(
                r=[*values, values[0]],
                theta=[*theta, theta[0]],
                mode="lines+markers",
                name=setup,
                connectgaps=False,
                fill="toself",
                opacity=0.75,
                line={"color": _color(i), "width": 3, "dash": DASHES[i % len(DASHES)]},
                marker={"size": 11, "symbol": SYMBOLS[i % len(SYMBOLS)], "color": _color(i)},
                hovertemplate="%{theta}: %{r:.2f}<extra>%{fullData.name}</extra>",
            )
        )
    _layout(figure, title, legend={"orientation": "h", "y": -0.15, "font": {"size": FONT_SIZE}})
    figure.update_layout(
        polar={
            "bgcolor": TRANSPARENT,
            "radialaxis": {"range": [0, 1], "tickvals": [0, 0.5, 1]},
            "angularaxis": {"tickfont": {"size": FONT_SIZE}},
        }
    )
    parts = []
    for setup in setups:
        cells = [
            f"{label} {_num(_float(coverages[setup].get(k)), 2)}"
            for k, label in zip(kinds, theta, strict=True)
        ]
        parts.append(f"{setup} ({', '.join(cells)})")
    table = pd.DataFrame(
        {
            "kind": kinds,
            "label": theta,
            **{setup: [_float(coverages[setup].get(k)) for k in kinds] for setup in setups},
        }
    )
    alt = f"{title}: {'; '.join(parts)}." if title else "; ".join(parts) + "."
    return Chart(figure, alt, table)


def cost_fit_bubble(
    points: Sequence[Mapping[str, Any]],
    title: str,
    x_label: str,
    y_label: str,
    size_label: str,
    *,
    nothing: str = NOTHING,
) -> Chart:
    """Yearly cost (midpoint, bar from min to max) against score; bubble size is staff time."""
    columns = ["name", "cost_min", "cost_mid", "cost_max", y_label or "score", size_label or "fte"]
    rows = []
    for point in points:
        low, high = _float(point.get("cost_min")), _float(point.get("cost_max"))
        if low is None and high is not None:
            low = high
        if high is None and low is not None:
            high = low
        mid = (low + high) / 2 if low is not None and high is not None else None
        rows.append(
            {
                "name": str(point.get("name", "")),
                "cost_min": low,
                "cost_mid": mid,
                "cost_max": high,
                "score": _float(point.get("score")),
                "fte": _float(point.get("fte_max")),
            }
        )
    plotted = [row for row in rows if row["cost_mid"] is not None and row["score"] is not None]
    if not plotted:
        return _empty(title, nothing, columns)
    biggest = max([row["fte"] or 0.0 for row in plotted] + [0.0])

    figure = go.Figure()
    for i, row in enumerate(plotted):
        share = (row["fte"] or 0.0) / biggest if biggest > 0 else 0.0
        figure.add_trace(
            go.Scatter(
                x=[row["cost_mid"]],
                y=[row["score"]],
                mode="markers+text",
                name=row["name"],
                text=[row["name"]],
                textposition="top center",
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": [row["cost_max"] - row["cost_mid"]],
                    "arrayminus": [row["cost_mid"] - row["cost_min"]],
                    "color": NEUTRAL,
                    "thickness": 2,
                },
                marker={
                    "size": 14 + 46 * math.sqrt(share),  # area, not radius, follows staff time
                    "color": _color(i),
                    "symbol": SYMBOLS[i % len(SYMBOLS)],
                    "opacity": 0.8,
                    "line": {"color": NEUTRAL, "width": 1},
                },
                customdata=[[row["cost_min"], row["cost_max"], row["fte"]]],
                hovertemplate=(
                    f"{x_label}: %{{x:,.0f}} (%{{customdata[0]:,.0f}}–%{{customdata[1]:,.0f}})"
                    f"<br>{y_label}: %{{y:.1f}}<br>{size_label}: %{{customdata[2]}}"
                    "<extra>%{fullData.name}</extra>"
                ),
                showlegend=False,
            )
        )
    _layout(figure, title, height=520)
    figure.update_xaxes(title_text=x_label, rangemode="tozero", tickformat=",")
    top = max(row["score"] for row in plotted)
    figure.update_yaxes(title_text=y_label, range=[0, max(100.0, top) * 1.1])

    parts = [
        f"{row['name']}: {x_label} {_num(row['cost_mid'], 0)} "
        f"({_num(row['cost_min'], 0)}–{_num(row['cost_max'], 0)}), "
        f"{y_label} {_num(row['score'])}, {size_label} {_num(row['fte'], 2)}"
        for row in rows
    ]
    table = pd.DataFrame(rows).rename(
        columns={"score": y_label or "score", "fte": size_label or "fte"}
    )
    alt = f"{title}: {'; '.join(parts)}." if title else "; ".join(parts) + "."
    return Chart(figure, alt, table)


def robustness_bar(
    probabilities: Mapping[str, float | None],
    names: Mapping[str, str],
    title: str,
    axis: str,
    *,
    nothing: str = NOTHING,
) -> Chart:
    """How often each set-up comes first when the weights are shaken, highest first."""
    if not probabilities:
        return _empty(title, nothing, ["template_id", "name", axis or "probability"])
    ordered = _largest_first(probabilities)
    labels = [_name(tid, names) for tid in ordered]
    return _share_bars(ordered, labels, title, axis, id_column="template_id", percent=True)


# ---------------------------------------------------------------------------- Streamlit


def show(chart: Chart, table_label: str, *, key: str | None = None) -> None:
    """Draw the chart with its alt text, and its data in an expander labelled ``table_label``."""
    # Lazily: the builders above are used and tested without Streamlit.
    import streamlit as st  # noqa: PLC0415

    from templates_library.formats import separators  # noqa: PLC0415
    from wizard.i18n import language  # noqa: PLC0415

    # Axis ticks and hover numbers with the session language's separators (3 000,5 in French).
    chart.figure.update_layout(separators=separators(language()))
    st.plotly_chart(chart.figure, alt=chart.alt, key=key, config={"displaylogo": False})
    with st.expander(table_label):
        st.dataframe(chart.table, hide_index=True)
