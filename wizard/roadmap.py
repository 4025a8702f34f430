"""Page: the roadmap and budget of the chosen set-up: phases on a timeline, what each costs, the
three-year cost of the top recommendations side by side, what to grow into, the region's support,
and the roadmap as PDF and CSV.

Everything is computed by ``reports.roadmap_report`` (the same report the guide book and the
PDF contain); the page only lays it out.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from reports import render_markdown, render_pdf
from reports.roadmap import Money
from reports.roadmap_report import (
    budget_fit,
    build_roadmap_report,
    roadmap_csv,
    roadmap_document,
    timeline,
)
from templates_library import formats
from wizard import charts, plan_charts
from wizard.document_view import show_timeline
from wizard.explain import escape_markdown, span
from wizard.i18n import t
from wizard.knowledge import library_or_stop
from wizard.plan import plan_or_stop
from wizard.state import guard
from wizard.ui import nav_buttons, page_header

lib = library_or_stop()
page_header("roadmap")
guard("roadmap")
st.write(t("roadmap.intro"))

plan = plan_or_stop("roadmap", lib)
lang = plan.words.language
report = build_roadmap_report(
    plan.answers,
    plan.result,
    setup_id=plan.setup_id,
    lang=lang,
    library=lib,
    generated_on=dt.datetime.now(dt.UTC).date(),
)
table_label = t("recommendation.chart_table")
nothing = t("recommendation.chart_nothing")


def money(value: Money) -> str:
    return formats.money_range(value.low, value.high, lang)


# --- The figures first ------------------------------------------------------------------------
setup_col, yearly_col, total_col, budget_col = st.columns(4)
setup_col.metric(t("roadmap.metric_setup"), money(report.setup_cost))
yearly_col.metric(t("roadmap.metric_yearly"), money(report.yearly_cost))
total_col.metric(t("roadmap.metric_total"), money(report.total))
budget_col.metric(
    t("roadmap.metric_budget"),
    formats.money(report.budget_three_years, lang),
)
fit = budget_fit(report.total, report.budget_three_years)
st.write(t(f"roadmap.{fit}_budget", name=report.setup_name))

# --- Phases -----------------------------------------------------------------------------------
st.subheader(t("roadmap.timeline_heading"))
show_timeline(timeline(report), "roadmap.chart.timeline")
for phase in report.phases:
    st.markdown(f"**{escape_markdown(phase.name)}**: {escape_markdown(phase.description)}")
st.dataframe(
    pd.DataFrame(
        [
            {
                t("roadmap.col_phase"): phase.name,
                t("roadmap.col_weeks"): f"{phase.start_week}–{phase.end_week}",
                t("roadmap.col_setup_cost"): span(
                    phase.setup_cost.low, phase.setup_cost.high, lang
                ),
                t("roadmap.col_running_cost"): span(
                    phase.running_cost.low, phase.running_cost.high, lang
                ),
                t("roadmap.col_total"): span(phase.total.low, phase.total.high, lang),
                t("roadmap.col_staff"): phase.staff,
                t("roadmap.col_milestone"): phase.milestone,
                t("roadmap.col_kpis"): "; ".join(phase.kpis) or "–",
            }
            for phase in report.phases
        ]
    ),
    hide_index=True,
    width="stretch",
    key="roadmap.phases",
)

# --- Three-year costs side by side ------------------------------------------------------------
st.subheader(t("roadmap.compare_heading"))
st.caption(t("roadmap.compare_caption"))
charts.show(
    plan_charts.cost_ranges(
        [
            {"name": cost.name, "low": cost.three_years.low, "high": cost.three_years.high}
            for cost in report.comparison
        ],
        t("roadmap.chart_compare"),
        t("roadmap.chart_compare_axis"),
        budget=report.budget_three_years,
        budget_label=t("roadmap.chart_budget"),
        columns=(t("roadmap.col_setup"), t("roadmap.col_low"), t("roadmap.col_high")),
        nothing=nothing,
        number=lambda value: formats.number(value, lang),
    ),
    table_label,
    key="roadmap.chart.compare",
)
st.markdown(
    "\n".join(
        "- "
        + escape_markdown(
            t(
                f"roadmap.{budget_fit(cost.three_years, report.budget_three_years)}_budget",
                name=cost.name,
            )
        )
        for cost in report.comparison
    )
)

# --- Grow next, and who can help ---------------------------------------------------------------
st.subheader(t("roadmap.next_heading"))
if report.next_setups:
    st.write(t("roadmap.next_intro", name=report.setup_name))
    st.markdown("\n".join(f"- {escape_markdown(step.name)}" for step in report.next_setups))
else:
    st.write(t("roadmap.next_none", name=report.setup_name))

st.subheader(t("roadmap.support_heading", region=report.region_name))
if report.support:
    lines = []
    for offer in report.support:
        line = (
            f"- **{render_markdown.link(offer.name, offer.url)}** ({escape_markdown(offer.type)})"
        )
        services = "; ".join(offer.services)
        lines.append(line + (f": {escape_markdown(services)}" if services else ""))
    st.markdown("\n".join(lines))
else:
    st.write(t("roadmap.support_none"))

# --- Downloads --------------------------------------------------------------------------------
st.subheader(t("roadmap.downloads"))
stem = f"roadmap-{report.setup_id}-{lang}"
pdf_col, csv_col = st.columns(2)
with pdf_col:
    st.download_button(
        t("roadmap.download_pdf"),
        data=lambda: render_pdf.render(roadmap_document(report)),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        on_click="ignore",
        type="primary",
        icon=":material/picture_as_pdf:",
        key="roadmap.download_pdf",
        width="stretch",
    )
with csv_col:
    st.download_button(
        t("roadmap.download_csv"),
        data=lambda: roadmap_csv(report),
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/table:",
        key="roadmap.download_csv",
        width="stretch",
    )
st.caption(t("roadmap.downloads_caption"))

nav_buttons("roadmap")
