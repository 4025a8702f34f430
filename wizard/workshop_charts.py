"""Plotly figures for the workshop pages, sized for a projector at the back of a room.

Pure builders, like :mod:`wizard.charts`: no Streamlit, no interface string written here; every
word (titles, axis names, the names of ids, "fewer than 3") comes in as an argument, and each
builder returns a :class:`wizard.charts.Chart` (figure, alt text from the data, data table) for
:func:`wizard.charts.show`. Colour never carries meaning alone: every bar and every heatmap cell
has its number written on it, and a cell kept empty for privacy says so in words.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from wizard.charts import PALETTE, TRANSPARENT, Chart

#: Type size on the projector (the wizard's charts use 16 px for a laptop screen); from 24 px
#: text is "large" for WCAG, so Streamlit's grey axis labels still contrast enough.
PROJECTOR_FONT = 24
#: The heatmap's colours: light to dark blue (sequential, readable by colour-blind viewers);
#: the number in each cell is what counts, the colour only helps to scan.
SEQUENTIAL = ((0.0, "#deebf7"), (0.5, "#6baed6"), (1.0, "#08306b"))
#: The fill of a cell hidden for privacy: neutral grey, with words in it.
HIDDEN_FILL = "#bdbdbd"

Number = Callable[[float], str]


def _plain(value: float) -> str:
    """A number with one decimal at most, the stand-in when no formatter is given."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _wrap(label: str, width: int = 16) -> str:
    """A long label on several lines (Plotly's ``<br>``), so that column labels never overlap;
    its words are escaped first, since Plotly reads a little HTML in labels."""
    lines = textwrap.wrap(label, width=width, break_long_words=False) or [label]
    return "<br>".join(line.replace("&", "&amp;").replace("<", "&lt;") for line in lines)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _layout(figure: go.Figure, title: str, font_size: int, **extra: Any) -> go.Figure:
    settings: dict[str, Any] = {
        "template": "plotly_white",
        "title": {"text": title, "font": {"size": font_size + 4}},
        "font": {"size": font_size},
        "paper_bgcolor": TRANSPARENT,
        "plot_bgcolor": TRANSPARENT,
        "hoverlabel": {"font": {"size": font_size}},
        "margin": {"l": 10, "r": 30, "t": 70, "b": 10},
        "showlegend": False,
    }
    settings.update(extra)
    figure.update_layout(**settings)
    # Explicit on each axis: a theme's own axis fonts would otherwise win over ``font``.
    axis_font = {"tickfont": {"size": font_size}, "title_font": {"size": font_size}}
    figure.update_xaxes(**axis_font)
    figure.update_yaxes(**axis_font)
    return figure


def _sentence(title: str, parts: list[str]) -> str:
    body = "; ".join(parts) if parts else "—"
    text = f"{title}: {body}" if title else body
    return text if text.endswith(".") else text + "."


def _empty(title: str, nothing: str, columns: list[str], font_size: int) -> Chart:
    figure = go.Figure()
    _layout(figure, title, font_size, height=220)
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    figure.add_annotation(
        text=nothing,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": font_size},
    )
    return Chart(figure, _sentence(title, [nothing]), pd.DataFrame(columns=columns))


def count_bars(
    counts: Mapping[str, int],
    names: Mapping[str, str],
    title: str,
    axis: str,
    *,
    name_label: str,
    nothing: str,
    font_size: int = PROJECTOR_FONT,
) -> Chart:
    """How many participants by id (sector, region, position, set-up), most first, each bar
    with its count written at its end. ``names`` gives the words for the ids."""
    if not counts:
        return _empty(title, nothing, [name_label, axis], font_size)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], names.get(item[0], item[0])))
    labels = [names.get(key) or key for key, _ in ordered]
    values = [int(value) for _, value in ordered]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            text=[str(v) for v in values],
            textposition="outside",
            textfont={"size": font_size + 4},
            marker={"color": PALETTE[0]},
            hovertemplate="%{y}: %{x}<extra></extra>",
            cliponaxis=False,
        )
    )
    _layout(figure, title, font_size, height=max(240, 110 + (font_size + 24) * len(labels)))
    figure.update_xaxes(
        title_text=axis,
        range=[0, max(values) * 1.2 + 0.5],
        dtick=max(1, math.ceil(max(values) / 5)),
    )
    figure.update_yaxes(autorange="reversed", automargin=True)
    parts = [f"{label} {value}" for label, value in zip(labels, values, strict=True)]
    table = pd.DataFrame({name_label: labels, axis: values})
    return Chart(figure, _sentence(title, parts), table)


def heatmap(
    values: pd.DataFrame,
    row_names: Mapping[str, str],
    column_names: Mapping[str, str],
    title: str,
    *,
    row_label: str,
    fewer: str,
    nothing: str,
    zmax: float,
    number: Number = _plain,
    font_size: int = PROJECTOR_FONT,
) -> Chart:
    """A rows x columns table of means (maturity dimension x region, say) as coloured cells
    with the number written in each; a NaN cell (too few respondents, kept empty for privacy)
    is grey and says ``fewer`` in words. ``zmax`` is the top of the scale (4 for maturity)."""
    if values.empty or not len(values.columns):
        return _empty(title, nothing, [row_label], font_size)
    rows = [str(r) for r in values.index]
    columns = [str(c) for c in values.columns]
    y = [row_names.get(r) or r for r in rows]
    x = [column_names.get(c) or c for c in columns]
    x_shown = [_wrap(name) for name in x]
    grid = [
        [None if _missing(v) else float(v) for v in values.loc[r].tolist()] for r in values.index
    ]
    shown = [[fewer if v is None else number(v) for v in row] for row in grid]
    hidden = [[1.0 if v is None else None for v in row] for row in grid]
    figure = go.Figure()
    if any(v is not None for row in hidden for v in row):
        figure.add_trace(
            go.Heatmap(
                z=hidden,
                x=x_shown,
                y=y,
                text=[[fewer if v is not None else "" for v in row] for row in hidden],
                texttemplate="%{text}",
                textfont={"size": max(12, font_size - 4), "color": "#000000"},
                colorscale=[(0.0, HIDDEN_FILL), (1.0, HIDDEN_FILL)],
                showscale=False,
                xgap=3,
                ygap=3,
                hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            )
        )
    figure.add_trace(
        go.Heatmap(
            z=grid,
            x=x_shown,
            y=y,
            text=[
                [s if v is not None else "" for s, v in zip(srow, vrow, strict=True)]
                for srow, vrow in zip(shown, grid, strict=True)
            ],
            texttemplate="%{text}",
            textfont={"size": font_size + 8},
            colorscale=[list(stop) for stop in SEQUENTIAL],
            zmin=0,
            zmax=zmax,
            showscale=False,
            xgap=3,
            ygap=3,
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        )
    )
    _layout(figure, title, font_size, height=max(300, 130 + (font_size + 34) * len(rows)))
    figure.update_xaxes(side="top", automargin=True, showgrid=False)
    figure.update_yaxes(autorange="reversed", automargin=True, showgrid=False)
    parts = [
        f"{name}: " + ", ".join(f"{col} {cell}" for col, cell in zip(x, line, strict=True))
        for name, line in zip(y, shown, strict=True)
    ]
    table = pd.DataFrame(shown, columns=x)
    table.insert(0, row_label, y)
    return Chart(figure, _sentence(title, parts), table)
