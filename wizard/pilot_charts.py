"""Charts and tables of pilots: KPI progress against targets, and several pilots compared.

Pure builders in the manner of :mod:`wizard.charts` (each returns a :class:`~wizard.charts.Chart`:
the figure, the sentence a screen reader says instead, and the data as a table), fed by
:mod:`reports.pilots`. No Streamlit here and no interface string: every word comes in through
:class:`Words` (the page passes ``t(...)``), every number through its formatters, so a French
session gets French charts with French numbers.

Accessibility as in :mod:`wizard.charts`: colour never carries meaning alone (values are written
on points and bars, the target is a dashed line with its label, KPIs differ by marker and
pilots by bar pattern), Okabe-Ito colours, 16 px text, transparent backgrounds.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from reports.pilots import KpiTrack, PilotProgress, compared_kpis
from wizard.charts import (
    FONT_SIZE,
    NEUTRAL,
    PALETTE,
    PATTERNS,
    SYMBOLS,
    Chart,
    _empty,
    _layout,
    _num,
    _pct,
)


@dataclass(frozen=True)
class Words:
    """The words and number formats of the pilot charts and tables, in the user's language."""

    kpi: str
    date: str
    value: str
    unit: str
    target: str
    share: str
    reached: str
    note: str
    pilot: str
    setup: str
    phase: str
    started: str
    measured: str
    on_target: str
    mean_share: str
    yes: str
    no: str
    no_target: str
    nothing: str
    number: Callable[[float], str] = field(default=_num)
    percent: Callable[[float], str] = field(default=_pct)
    day: Callable[[date], str] = field(default=date.isoformat)


# ---------------------------------------------------------------------------- words


def target_text(track: KpiTrack, words: Words) -> str:
    """``≥ 10`` (higher is better) or ``≤ 5`` (lower is better); the direction is part of it."""
    if track.target is None:
        return words.no_target
    sign = "≥" if track.higher_is_better else "≤"
    return f"{sign} {words.number(track.target)}"


def reached_text(track: KpiTrack, words: Words) -> str:
    reached = track.reached
    if reached is None:
        return words.no_target if track.latest is not None else ""
    return words.yes if reached else words.no


def _share_text(share: float | None, words: Words) -> str:
    return words.percent(share) if share is not None else ""


def _label(track: KpiTrack, names: Mapping[str, str]) -> str:
    return names.get(track.kpi_id) or track.name


def _wrapped(text: str, width: int = 36) -> str:
    """A long KPI name on several lines of an axis (Plotly does not wrap), shown literally."""
    return "<br>".join(_plain(line) for line in textwrap.wrap(text, width) or [""])


def _plain(text: str) -> str:
    """Text shown literally by Plotly, which reads a few HTML tags (``<b>``, ``<a href>``) in
    titles, names and labels: a pilot's name is typed by a user."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------------------- one pilot


def progress_chart(
    tracks: Sequence[KpiTrack], names: Mapping[str, str], title: str, words: Words
) -> Chart:
    """Each measured KPI in its own panel over time, its target a dashed line across the panel.

    ``names`` gives each KPI id its label (name and unit) in the user's language. KPIs without a
    reading are left out (the page lists them in its table).
    """
    measured = [track for track in tracks if track.points]
    columns = [words.kpi, words.date, words.value, words.unit, words.target]
    if not measured:
        return _empty(title, words.nothing, columns)
    labels = [_label(track, names) for track in measured]
    figure = make_subplots(
        rows=len(measured),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=min(0.12, 0.3 / len(measured)),
        subplot_titles=[_plain(label) for label in labels],
    )
    parts: list[str] = []
    rows: list[dict[str, object]] = []
    for index, (track, label) in enumerate(zip(measured, labels, strict=True)):
        row = index + 1
        days = [point.read_on for point in track.points]
        values = [point.value for point in track.points]
        figure.add_trace(
            go.Scatter(
                x=days,
                y=values,
                mode="lines+markers+text",
                text=[words.number(v) for v in values],
                textposition="top center",
                textfont={"size": FONT_SIZE - 2},
                line={"color": PALETTE[index % len(PALETTE)], "width": 3, "dash": "solid"},
                marker={
                    "size": 11,
                    "symbol": SYMBOLS[index % len(SYMBOLS)],
                    "color": PALETTE[index % len(PALETTE)],
                },
                name=_plain(label),
                hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>",
                showlegend=False,
            ),
            row=row,
            col=1,
        )
        low, high = min(values), max(values)
        if track.target is not None:
            figure.add_hline(
                y=track.target,
                line={"color": NEUTRAL, "width": 2, "dash": "dash"},
                annotation_text=f"{words.target} {target_text(track, words)}",
                annotation_position="top left",
                annotation_font={"size": FONT_SIZE - 2},
                row=row,
                col=1,
            )
            low, high = min(low, track.target), max(high, track.target)
        low = min(low, 0.0)
        if high == low:  # all at zero (no incident, target 0): show a unit above it
            high = low + max(abs(low), 1.0)
        pad = 0.25 * (high - low)
        figure.update_yaxes(range=[low - (pad if low < 0 else 0), high + pad], row=row, col=1)

        first, latest = track.points[0], track.points[-1]
        course = f"{words.number(first.value)} ({words.day(first.read_on)})"
        if len(track.points) > 1:
            course += f" → {words.number(latest.value)} ({words.day(latest.read_on)})"
        if track.reached is None:
            target = words.no_target
        else:
            reached = words.yes if track.reached else words.no
            target = f"{words.target} {target_text(track, words)} ({words.reached}: {reached})"
        parts.append(f"{label}: {course}, {target}")
        rows.extend(
            {
                words.kpi: label,
                words.date: words.day(point.read_on),
                words.value: words.number(point.value),
                words.unit: track.unit,
                words.target: target_text(track, words),
            }
            for point in track.points
        )
    _layout(figure, _plain(title), showlegend=False, height=160 + 240 * len(measured))
    figure.update_annotations(font={"size": FONT_SIZE})
    # Days, never hours: a single reading would otherwise get a time axis in milliseconds.
    days = [point.read_on for track in measured for point in track.points]
    margin = max(timedelta(days=3), (max(days) - min(days)) / 20)
    figure.update_xaxes(
        type="date",
        tickformat="%Y-%m-%d",
        range=[(min(days) - margin).isoformat(), (max(days) + margin).isoformat()],
        automargin=True,
        tickfont={"size": FONT_SIZE - 2},
    )
    figure.update_yaxes(tickfont={"size": FONT_SIZE - 2})
    alt = f"{title}: {'; '.join(parts)}." if title else "; ".join(parts) + "."
    return Chart(figure, alt, pd.DataFrame(rows, columns=columns))


def progress_table(
    tracks: Sequence[KpiTrack], names: Mapping[str, str], words: Words
) -> pd.DataFrame:
    """One row a KPI: its latest reading against its target, and whether the target is met."""
    return pd.DataFrame(
        [
            {
                words.kpi: _label(track, names),
                words.value: words.number(track.latest.value) if track.latest else "",
                words.date: words.day(track.latest.read_on) if track.latest else "",
                words.target: target_text(track, words),
                words.share: _share_text(track.share, words),
                words.reached: reached_text(track, words),
            }
            for track in tracks
        ],
        columns=[words.kpi, words.value, words.date, words.target, words.share, words.reached],
    )


def readings_table(
    tracks: Sequence[KpiTrack], names: Mapping[str, str], words: Words
) -> pd.DataFrame:
    """Every reading, by KPI then day, with its note."""
    return pd.DataFrame(
        [
            {
                words.kpi: _label(track, names),
                words.date: words.day(point.read_on),
                words.value: words.number(point.value),
                words.unit: track.unit,
                words.note: point.note,
            }
            for track in tracks
            for point in track.points
        ],
        columns=[words.kpi, words.date, words.value, words.unit, words.note],
    )


# ---------------------------------------------------------------------------- several pilots


def compare_chart(
    progresses: Sequence[PilotProgress],
    pilot_names: Mapping[int, str],
    kpi_names: Mapping[tuple[str, str], str],
    title: str,
    words: Words,
) -> Chart:
    """Share of target reached by each KPI, one bar per pilot (colour and pattern), the target
    (100%) a dashed line. ``kpi_names`` names each (set-up, KPI) pair; pilots of the same set-up
    share its rows, KPIs of another set-up get their own."""
    columns = [
        words.pilot,
        words.kpi,
        words.value,
        words.unit,
        words.date,
        words.target,
        words.share,
        words.reached,
    ]
    keys = compared_kpis(progresses)
    if not progresses or not keys:
        return _empty(title, words.nothing, columns)
    labels: list[str] = []
    for key in keys:
        label = kpi_names.get(key) or key[1]
        if label not in labels:
            labels.append(label)

    figure = go.Figure()
    parts: list[str] = []
    rows: list[dict[str, object]] = []
    top = 1.0
    for index, progress in enumerate(progresses):
        name = pilot_names.get(progress.pilot_id) or str(progress.pilot_id)
        shares: dict[str, float] = {}
        for track in progress.tracks:
            label = kpi_names.get((progress.template_id, track.kpi_id)) or track.kpi_id
            if track.share is not None:
                shares[label] = track.share
                top = max(top, track.share)
            if track.latest is not None:
                rows.append(
                    {
                        words.pilot: name,
                        words.kpi: label,
                        words.value: words.number(track.latest.value),
                        words.unit: track.unit,
                        words.date: words.day(track.latest.read_on),
                        words.target: target_text(track, words),
                        words.share: _share_text(track.share, words),
                        words.reached: reached_text(track, words),
                    }
                )
        figure.add_trace(
            go.Bar(
                y=[_wrapped(label) for label in labels],
                x=[shares.get(label) for label in labels],
                orientation="h",
                name=_plain(name),
                text=[_share_text(shares.get(label), words) for label in labels],
                textposition="outside",
                textfont={"size": FONT_SIZE - 2},
                marker={
                    "color": PALETTE[index % len(PALETTE)],
                    "pattern": {"shape": PATTERNS[index % len(PATTERNS)], "solidity": 0.4},
                    "line": {"color": NEUTRAL, "width": 0.5},
                },
                hovertemplate="%{y}: %{x:.0%}<extra>%{fullData.name}</extra>",
            )
        )
        cells = [f"{label} {words.percent(share)}" for label, share in shares.items()]
        parts.append(f"{name}: {', '.join(cells) if cells else words.nothing}")
    figure.add_vline(
        x=1.0,
        line={"color": NEUTRAL, "width": 2, "dash": "dash"},
        annotation_text=words.target,
        annotation_position="top",
        annotation_font={"size": FONT_SIZE - 2},
    )
    _layout(
        figure,
        _plain(title),
        barmode="group",
        height=max(320, 160 + 30 * len(labels) * len(progresses)),
        legend={"orientation": "h", "y": -0.15, "font": {"size": FONT_SIZE}},
    )
    figure.update_xaxes(
        title_text=words.share,
        tickformat=".0%",
        range=[0, top * 1.2],
        tickfont={"size": FONT_SIZE - 2},
    )
    figure.update_yaxes(autorange="reversed", automargin=True, tickfont={"size": FONT_SIZE - 2})
    alt = f"{title}: {'; '.join(parts)}." if title else "; ".join(parts) + "."
    return Chart(figure, alt, pd.DataFrame(rows, columns=columns))


def compare_table(
    progresses: Sequence[PilotProgress],
    pilot_names: Mapping[int, str],
    setup_names: Mapping[str, str],
    phase_names: Mapping[str, str],
    words: Words,
) -> pd.DataFrame:
    """One row a pilot: set-up, phase, start, KPIs measured and on target, average share."""
    return pd.DataFrame(
        [
            {
                words.pilot: pilot_names.get(p.pilot_id) or str(p.pilot_id),
                words.setup: setup_names.get(p.template_id) or p.template_id,
                words.phase: phase_names.get(p.phase) or p.phase,
                words.started: words.day(p.started_on),
                words.measured: f"{len(p.measured)}/{len(p.tracks)}",
                words.on_target: f"{p.on_target}/{len(p.with_target)}",
                words.mean_share: _share_text(p.mean_share, words),
            }
            for p in progresses
        ],
        columns=[
            words.pilot,
            words.setup,
            words.phase,
            words.started,
            words.measured,
            words.on_target,
            words.mean_share,
        ],
    )
