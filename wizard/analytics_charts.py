"""Charts of the survey analytics page: heatmaps of a survey by group, the distribution of first
recommendations, and two surveys side by side.

Pure builders in the manner of :mod:`wizard.charts` (each returns a :class:`~wizard.charts.Chart`:
the figure, the sentence a screen reader says instead, and the data as a table), fed by
:mod:`reports.survey_analytics`. No Streamlit here and no interface string: every word comes in
through :class:`Words` and the labels (the page passes ``t(...)``/``ct(...)``), every number
through its formatters, so a French session gets French charts with French numbers.

Accessibility as in :mod:`wizard.charts`: a heatmap writes its value in every cell (a hidden
cell says so with ``Words.hidden``), in black or white, whichever contrasts more with the cell;
bars carry their values as text and the second series of a comparison is hatched; 16 px text,
transparent backgrounds, colour-blind-safe colours.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale, unlabel_rgb

from wizard.charts import FONT_SIZE, NEUTRAL, PATTERNS, Chart, _color, _empty, _layout, _num
from wizard.plan_charts import ink

#: A sequential scale (ColorBrewer Blues, safe for the common colour-vision deficiencies): the
#: value is written in each cell anyway.
SCALE = (
    (0.0, "#f7fbff"),
    (0.25, "#c6dbef"),
    (0.5, "#6baed6"),
    (0.75, "#2171b5"),
    (1.0, "#08306b"),
)
#: Characters of a column label, and of a row label, on one line (Plotly does not wrap tick
#: labels: long ones would be turned on their side or cut).
LABEL_WIDTH = 14
ROW_LABEL_WIDTH = 32
#: Heights in pixels: the title, a line of column labels, a row of cells.
TITLE_SPACE, LINE_SPACE, ROW_SPACE = 56, 19, 42


def _percent(value: float) -> str:
    return f"{round(100 * value)}%"


@dataclass(frozen=True)
class Words:
    """The words and number formats of the analytics charts, in the user's language."""

    hidden: str  # what a hidden cell shows, e.g. "–"
    hidden_note: str  # what it means, said after the alt text, e.g. "–: fewer than 3"
    highest: str  # in the alt text: "Lorraine, highest: Regulatory 3"
    nothing: str
    respondents: str
    share: str
    difference: str
    number: Callable[[float], str] = field(default=_num)
    percent: Callable[[float], str] = field(default=_percent)
    #: Plotly's number separators for the axes and colour bars: decimal point, then thousands
    #: (", " in French: 2,5 and 10 000).
    separators: str = ".,"


def plain(text: str) -> str:
    """Text shown literally by Plotly, which reads a few HTML tags in labels and names: a file
    name is typed by a user."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _wrapped(text: str, width: int = LABEL_WIDTH) -> str:
    lines = textwrap.wrap(text, width, break_long_words=False) or [""]
    return "<br>".join(plain(line) for line in lines)


def _lines(labels: Sequence[str]) -> int:
    """The most lines a wrapped label takes."""
    return max((label.count("<br>") + 1 for label in labels), default=1)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _hex(rgb: str) -> str:
    red, green, blue = (round(float(c)) for c in unlabel_rgb(rgb))
    return f"#{red:02x}{green:02x}{blue:02x}"


def cell_colours(values: Sequence[float], zmax: float) -> list[str]:
    """The scale's colour of each value from 0 to ``zmax``, as ``#rrggbb``."""
    fractions = [min(max(v / zmax, 0.0), 1.0) if zmax else 0.0 for v in values]
    return [_hex(c) for c in sample_colorscale([list(s) for s in SCALE], fractions)]


# ---------------------------------------------------------------------------- heatmap


def heatmap(
    values: pd.DataFrame,
    row_labels: Mapping[str, str],
    column_labels: Mapping[str, str],
    title: str,
    words: Words,
    *,
    zmax: float,
    scale: str,
    row_header: str,
    fmt: Callable[[float], str] | None = None,
    tickformat: str = "",
) -> Chart:
    """Rows x groups, each cell coloured by its value from 0 to ``zmax`` with the value written
    in it (``fmt``, else ``words.number`` with one decimal); a NaN cell is hidden (privacy: too
    few respondents) and shows ``words.hidden``. ``scale`` names the colour bar, ``tickformat``
    (a d3 format, e.g. ``.0%``) writes its numbers."""
    rows = [str(r) for r in values.index]
    groups = [str(c) for c in values.columns]
    row_names = [row_labels.get(r) or r for r in rows]
    group_names = [column_labels.get(g) or g for g in groups]
    if not rows or not groups:
        return _empty(title, words.nothing, [row_header, *group_names])
    fmt = fmt or (lambda v: words.number(round(v, 1)))
    grid = values.to_numpy(dtype=float)
    texts = [[words.hidden if math.isnan(v) else fmt(v) for v in line] for line in grid]

    figure = go.Figure(
        go.Heatmap(
            z=[[None if math.isnan(v) else v for v in line] for line in grid],
            x=list(range(len(groups))),
            y=list(range(len(rows))),
            zmin=0.0,
            zmax=zmax,
            colorscale=[list(s) for s in SCALE],
            xgap=2,
            ygap=2,
            customdata=[
                [[row, group, text] for group, text in zip(group_names, line, strict=True)]
                for row, line in zip(row_names, texts, strict=True)
            ],
            hovertemplate="%{customdata[0]} · %{customdata[1]}: %{customdata[2]}<extra></extra>",
            colorbar={
                "title": {"text": plain(scale), "side": "right"},
                "thickness": 14,
                "tickformat": tickformat,
            },
            hoverongaps=False,
        )
    )
    # The values as text over the cells: black or white, whichever reads better on its cell.
    xs, ys, labels, inks = [], [], [], []
    for i, line in enumerate(grid):
        colours = cell_colours([0.0 if math.isnan(v) else v for v in line], zmax)
        for j, value in enumerate(line):
            xs.append(j)
            ys.append(i)
            labels.append(texts[i][j])
            inks.append(NEUTRAL if math.isnan(value) else ink(colours[j]))
    figure.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="text",
            text=labels,
            textfont={"size": FONT_SIZE, "color": inks},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    columns = [_wrapped(name) for name in group_names]
    row_ticks = [_wrapped(name, ROW_LABEL_WIDTH) for name in row_names]
    top = TITLE_SPACE + LINE_SPACE * _lines(columns) + 8
    # A row as tall as its longest label, so that labels of three lines do not run together.
    row_height = max(ROW_SPACE, 17 * _lines(row_ticks) + 8)
    _layout(
        figure,
        title,
        height=top + row_height * len(rows) + 20,
        showlegend=False,
        margin={"l": 10, "r": 10, "t": top, "b": 10},
    )
    # The title at the top of the figure, the column labels under it: never over each other.
    figure.update_layout(
        title={"y": 1.0, "yref": "container", "yanchor": "top", "pad": {"t": 12}},
        separators=words.separators,
    )
    figure.update_xaxes(
        tickvals=list(range(len(groups))),
        ticktext=columns,
        tickangle=0,
        side="top",
        showgrid=False,
        zeroline=False,
        range=[-0.5, len(groups) - 0.5],
    )
    figure.update_yaxes(
        tickvals=list(range(len(rows))),
        ticktext=row_ticks,
        autorange="reversed",
        showgrid=False,
        zeroline=False,
        automargin=True,
    )

    parts = []
    for j, group in enumerate(group_names):
        column = grid[:, j]
        if all(math.isnan(v) for v in column):
            parts.append(f"{group} {words.hidden}")
            continue
        best = max(
            (i for i in range(len(rows)) if not math.isnan(column[i])), key=lambda i: column[i]
        )
        parts.append(f"{group}, {words.highest}: {row_names[best]} {texts[best][j]}")
    alt = f"{title}: " + "; ".join(parts) + "."
    if any(math.isnan(v) for v in grid.ravel()):
        alt += f" {words.hidden_note}"
    table = pd.DataFrame(
        {
            row_header: row_names,
            **{
                name: [None if math.isnan(v) else round(float(v), 3) for v in grid[:, j]]
                for j, name in enumerate(group_names)
            },
        }
    )
    return Chart(figure, alt, table)


# ---------------------------------------------------------------------------- set-ups


def setups_bar(
    counts: Mapping[str, int],
    names: Mapping[str, str],
    title: str,
    words: Words,
    *,
    total: int,
    label_header: str,
) -> Chart:
    """First recommendations by set-up, the most frequent at the top, each bar labelled with
    its count and its share of ``total`` respondents."""
    if not counts or total <= 0:
        return _empty(title, words.nothing, [label_header, words.respondents, words.share])
    ids = sorted(counts, key=lambda s: (-counts[s], s))
    labels = [names.get(s) or s for s in ids]
    values = [int(counts[s]) for s in ids]
    shares = [v / total for v in values]
    texts = [f"{words.number(v)} · {words.percent(s)}" for v, s in zip(values, shares, strict=True)]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=[plain(label) for label in labels],
            orientation="h",
            text=texts,
            textposition="outside",
            marker={"color": _color(0)},
            hovertemplate="%{y}: %{text}<extra></extra>",
            cliponaxis=False,
        )
    )
    _layout(
        figure,
        title,
        showlegend=False,
        height=max(280, 120 + 40 * len(ids)),
        separators=words.separators,
    )
    figure.update_xaxes(title_text=words.respondents, range=[0, max(values) * 1.3])
    figure.update_yaxes(
        autorange="reversed",
        automargin=True,
        tickvals=[plain(label) for label in labels],
        ticktext=[_wrapped(label, ROW_LABEL_WIDTH + 8) for label in labels],
    )
    parts = [f"{label} {text}" for label, text in zip(labels, texts, strict=True)]
    alt = f"{title}: " + ", ".join(parts) + "."
    table = pd.DataFrame({label_header: labels, words.respondents: values, words.share: shares})
    return Chart(figure, alt, table)


# ---------------------------------------------------------------------------- comparison


def paired_bars(
    rows: Sequence[str],
    first: Mapping[str, float | None],
    second: Mapping[str, float | None],
    labels: Mapping[str, str],
    series: tuple[str, str],
    *,
    title: str,
    words: Words,
    axis: str,
    label_header: str,
    top: float | None = None,
    fmt: Callable[[float], str] | None = None,
    tickformat: str = "",
) -> Chart:
    """Two surveys side by side, one pair of horizontal bars a row: the first plain, the second
    hatched, each with its value written at its end (``fmt``); the table adds the difference
    (second minus first). ``series`` names the two surveys (file names: shown literally)."""
    names = [labels.get(r) or r for r in rows]
    if not rows:
        return _empty(title, words.nothing, [label_header, *series, words.difference])
    fmt = fmt or (lambda v: words.number(round(v, 1)))

    def value(mapping: Mapping[str, float | None], row: str) -> float | None:
        found = mapping.get(row)
        return None if _missing(found) else float(found)  # type: ignore[arg-type]

    figure = go.Figure()
    columns: dict[str, list[float | None]] = {}
    for index, (name, source) in enumerate(zip(series, (first, second), strict=True)):
        found = [value(source, r) for r in rows]
        columns[name] = found
        figure.add_trace(
            go.Bar(
                x=[v or 0.0 for v in found],
                y=[plain(n) for n in names],
                orientation="h",
                name=plain(name),
                text=[words.hidden if v is None else fmt(v) for v in found],
                textposition="outside",
                marker={
                    "color": _color(index),
                    "pattern": {"shape": PATTERNS[index * 3 % len(PATTERNS)], "solidity": 0.4},
                    "line": {"color": NEUTRAL, "width": 0.5},
                },
                hovertemplate=f"{plain(name)} · %{{y}}: %{{text}}<extra></extra>",
                cliponaxis=False,
            )
        )
    known = [v for values in columns.values() for v in values if v is not None]
    highest = top if top is not None else max([*known, 1e-9])
    # The legend under the title (never under a long axis, where it would be cut off).
    _layout(
        figure,
        title,
        barmode="group",
        height=max(360, 190 + 56 * len(rows)),
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.0,
            "yanchor": "bottom",
            "font": {"size": FONT_SIZE},
        },
        margin={"l": 10, "r": 10, "t": 110, "b": 10},
        separators=words.separators,
    )
    figure.update_layout(title={"y": 1.0, "yref": "container", "yanchor": "top", "pad": {"t": 12}})
    figure.update_xaxes(title_text=axis, range=[0, highest * 1.25], tickformat=tickformat)
    figure.update_yaxes(
        autorange="reversed",
        automargin=True,
        tickvals=[plain(n) for n in names],
        ticktext=[_wrapped(n, ROW_LABEL_WIDTH + 8) for n in names],
    )

    a, b = (columns[s] for s in series)
    differences = [None if x is None or y is None else y - x for x, y in zip(a, b, strict=True)]
    parts = [
        f"{name} {series[0]} {words.hidden if x is None else fmt(x)}, "
        f"{series[1]} {words.hidden if y is None else fmt(y)}"
        for name, x, y in zip(names, a, b, strict=True)
    ]
    alt = f"{title}: " + "; ".join(parts) + "."
    table = pd.DataFrame(
        {label_header: names, series[0]: a, series[1]: b, words.difference: differences}
    )
    return Chart(figure, alt, table)
