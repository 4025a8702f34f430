"""Page: the benchmark library of intelligence set-ups, filtered, then two to four side by side.

Not a step of the self-assessment (no progress, no Back/Next): anyone may browse it, and a
partner may download the filtered table. When the answers are complete, the set-ups first put
side by side are the user's top recommendations. Every string comes from
``data/locales/<lang>/compare.yaml``; the set-ups themselves from the knowledge base.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from scoring.engine import covered_kinds
from scoring.recommend import engine_for, recommend
from scoring.tables import neutralise
from templates_library import Library, formats
from templates_library.schema import (
    ActorType,
    CycleStage,
    DeliveryMode,
    FteRange,
    Kpi,
    MoneyRange,
    SetupTemplate,
    WatchKind,
    WeeksRange,
)
from wizard import charts, state
from wizard.i18n import ct, language, t
from wizard.knowledge import library_or_stop

PICK = "compare.pick"
FEWEST, MOST = 2, 4
#: How many of the user's recommendations are put side by side first.
RECOMMENDED = 3


def name(template: SetupTemplate) -> str:
    return ct(f"templates.{template.id}.name", template.name)


def number(value: float) -> str:
    """As the session's language writes it; small figures (FTE) keep their decimals."""
    return formats.number(value, language(), 0 if value >= 100 else 3)


def span(low: float, high: float) -> str:
    return number(low) if low == high else f"{number(low)}–{number(high)}"


def money(cost: MoneyRange) -> str:
    """Whole euros where the language puts the symbol: ``€0–2,000``, ``0–2 000 €``."""
    return formats.money_range(cost.min, cost.max, language())


def marked(text: str, figures: MoneyRange | FteRange | WeeksRange) -> str:
    """The figures, said to be an estimate when they are not a sourced value."""
    return t("compare.estimate", value=text) if figures.estimate else text


def cost_steps(lib: Library) -> list[int]:
    """The notches of the cost slider: 0, 500, 1,000, 2,000, 5,000, ... up to every set-up."""
    top = max(template.cost_eur_per_year.min for template in lib.templates.values())
    steps, unit = [0], 100
    while steps[-1] < top or len(steps) < 2:
        for factor in (5, 10, 20):
            steps.append(unit * factor)
        unit *= 10
    while len(steps) > 2 and steps[-2] >= top:
        steps.pop()
    return steps


@dataclass(frozen=True)
class Filters:
    """What the user asks of a set-up; an empty choice asks nothing."""

    deliveries: list[str]
    actors: list[str]
    kinds: list[str]
    max_cost: float
    level: int | None

    def admit(self, template: SetupTemplate) -> bool:
        return (
            (not self.deliveries or template.delivery.value in self.deliveries)
            and (not self.actors or any(a.value in self.actors for a in template.actor_types))
            and set(self.kinds) <= set(covered_kinds(template))
            and template.cost_eur_per_year.min <= self.max_cost
            and (self.level is None or template.maturity.min <= self.level <= template.maturity.max)
        )


def table(templates: list[SetupTemplate]) -> pd.DataFrame:
    """One row a set-up, with the key figures; the first column is the id, for partners."""
    rows = [
        {
            t("compare.columns.id"): template.id,
            t("compare.columns.name"): name(template),
            t("compare.columns.delivery"): t(f"labels.delivery.{template.delivery.value}"),
            t("compare.columns.for_whom"): ", ".join(
                t(f"labels.actor_types.{a.value}") for a in template.actor_types
            ),
            t("compare.columns.yearly_cost"): span(
                template.cost_eur_per_year.min, template.cost_eur_per_year.max
            ),
            t("compare.columns.setup_cost"): span(
                template.setup_cost_eur.min, template.setup_cost_eur.max
            ),
            t("compare.columns.fte"): span(template.fte.min, template.fte.max),
            t("compare.columns.weeks"): span(
                template.time_to_first_value_weeks.min, template.time_to_first_value_weeks.max
            ),
            t("compare.columns.maturity"): span(template.maturity.min, template.maturity.max),
        }
        for template in templates
    ]
    return pd.DataFrame(rows)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as CSV for a spreadsheet, every text cell neutralised against formulas."""
    safe = frame.map(lambda cell: neutralise(cell) if isinstance(cell, str) else cell)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe.to_csv(index=False).encode("utf-8-sig")


def first_pick(shown: list[str]) -> tuple[list[str], bool]:
    """The set-ups put side by side first: the top recommendations when the answers are
    complete (computed only then, without robustness draws), else the first two shown."""
    answers, _ = state.validated()
    if answers is not None:
        result = recommend(answers, engine_for(), robustness=False)
        top = [r["template_id"] for r in result["recommendations"][:RECOMMENDED]]
        top = [i for i in top if i in shown]
        if len(top) >= FEWEST:
            return top, True
    return shown[:FEWEST], False


def bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def details(lib: Library, template: SetupTemplate) -> None:
    """One set-up's column: what it is, what it costs and takes, covers, needs and risks."""
    st.subheader(name(template))
    st.write(ct(f"templates.{template.id}.summary", template.summary))
    st.markdown(
        t("compare.detail.delivery", delivery=t(f"labels.delivery.{template.delivery.value}"))
    )
    actors = ", ".join(t(f"labels.actor_types.{a.value}") for a in template.actor_types)
    st.markdown(t("compare.detail.for_whom", actors=actors))
    content = f"templates.{template.id}"
    for key, basis_key, cost in (
        ("yearly_cost", "cost_basis", template.cost_eur_per_year),
        ("setup_cost", "setup_basis", template.setup_cost_eur),
    ):
        st.markdown(
            t(
                f"compare.detail.{key}",
                range=marked(money(cost), cost),
                basis=ct(f"{content}.{basis_key}", cost.basis),
                year=cost.year,
            )
        )
    per_fte = lib.scoring.hours_per_fte
    fte = template.fte
    st.markdown(
        t(
            "compare.detail.fte",
            range=marked(t("compare.detail.fte_range", range=span(fte.min, fte.max)), fte),
            hours=span(round(fte.min * per_fte, 1), round(fte.max * per_fte, 1)),
        )
    )
    weeks = template.time_to_first_value_weeks
    weeks_text = t("compare.detail.weeks_range", range=span(weeks.min, weeks.max))
    st.markdown(t("compare.detail.weeks", range=marked(weeks_text, weeks)))

    levels = {m.level: m.name for m in lib.questionnaire.maturity_levels}

    def level(key: str, value: int) -> str:
        label = ct(f"maturity_levels.{value}.name", levels[value])
        return t(f"compare.detail.{key}", level=value, name=label)

    maturity = template.maturity
    st.markdown(
        t("compare.detail.maturity")
        + "\n\n"
        + bullets(
            [
                level("maturity_from", maturity.min),
                level("maturity_to", maturity.max),
                level("maturity_target", maturity.target),
            ]
        )
    )
    stages = [s for s in CycleStage if s in template.cycle_stages]
    st.markdown(
        t(
            "compare.detail.stages",
            stages=", ".join(t(f"labels.cycle_stages.{s.value}") for s in stages),
        )
    )
    kinds = sorted(template.watch_kinds.items(), key=lambda kv: (-kv[1], kv[0].value))
    st.markdown(
        t("compare.detail.kinds")
        + "\n\n"
        + bullets(
            [
                t(
                    "compare.detail.kind",
                    kind=t(f"labels.watch_kinds.{k.value}"),
                    share=f"{v:.0%}",
                )
                for k, v in kinds
            ]
        )
    )

    def kpi(k: Kpi) -> str:
        kpi_name = ct(f"{content}.kpis.{k.id}.name", k.name)
        unit = ct(f"{content}.kpis.{k.id}.unit", k.unit)
        if k.target is None:
            return t("compare.detail.kpi", name=kpi_name, unit=unit)
        return t("compare.detail.kpi_target", name=kpi_name, unit=unit, target=f"{k.target:g}")

    kpis = [kpi(k) for k in template.kpis]
    prerequisites = [
        ct(f"{content}.prerequisites.{i}", text) for i, text in enumerate(template.prerequisites)
    ]
    risks = [ct(f"{content}.risks.{i}", text) for i, text in enumerate(template.risks)]
    tools = [
        t(
            "compare.detail.tools_stage",
            stage=t(f"labels.cycle_stages.{s.value}"),
            tools=", ".join(
                lib.tools[i].name for i in template.tools_by_stage[s] if i in lib.tools
            ),
        )
        for s in CycleStage
        if s in template.tools_by_stage
    ]
    sources = [
        (f"[{s.title}]({s.url})" if s.url else s.title) + (f" ({s.year})" if s.year else "")
        for s in template.sources
    ]
    # The long lists fold away, so that the set-ups' key figures stay level across columns.
    for key, lines in (
        ("prerequisites", prerequisites),
        ("kpis", kpis),
        ("risks", risks),
        ("tools", tools),
        ("sources", sources),
    ):
        with st.expander(t(f"compare.detail.{key}")):
            st.markdown(bullets(lines) if lines else t("compare.detail.no_tools"))


lib = library_or_stop()
st.title(t("compare.title"))
st.write(t("compare.intro", count=len(lib.templates), version=lib.version))

first, second, third = st.columns(3)
deliveries = first.multiselect(
    t("compare.filters.delivery"),
    [d.value for d in DeliveryMode],
    format_func=lambda v: t(f"labels.delivery.{v}"),
    help=t("compare.filters.delivery_help"),
    key="compare.delivery",
)
actors = second.multiselect(
    t("compare.filters.actors"),
    [a.value for a in ActorType],
    format_func=lambda v: t(f"labels.actor_types.{v}"),
    help=t("compare.filters.actors_help"),
    key="compare.actors",
)
kinds = third.multiselect(
    t("compare.filters.kinds"),
    [k.value for k in WatchKind],
    format_func=lambda v: t(f"labels.watch_kinds.{v}"),
    help=t("compare.filters.kinds_help"),
    key="compare.kinds",
)
first, second = st.columns(2)
steps = cost_steps(lib)
max_cost = first.select_slider(
    t("compare.filters.max_cost"),
    steps,
    value=steps[-1],
    format_func=lambda v: formats.money(v, language()),
    help=t("compare.filters.max_cost_help"),
    key="compare.max_cost",
)
level_names = {m.level: m.name for m in lib.questionnaire.maturity_levels}
level = second.selectbox(
    t("compare.filters.maturity"),
    [None, *sorted(level_names)],
    format_func=lambda v: (
        t("compare.filters.maturity_any")
        if v is None
        else t(
            "compare.filters.maturity_option",
            level=v,
            name=ct(f"maturity_levels.{v}.name", level_names[v]),
        )
    ),
    help=t("compare.filters.maturity_help"),
    key="compare.maturity",
)

filters = Filters(deliveries, actors, kinds, max_cost, level)
shown = [template for template in lib.templates.values() if filters.admit(template)]
st.write(t("compare.count", shown=len(shown), total=len(lib.templates)))
if not shown:
    st.info(t("compare.none_match"), icon=":material/filter_alt_off:")
    st.stop()

frame = table(shown)
shown_columns = [c for c in frame.columns if c != t("compare.columns.id")]  # the id is for the CSV
st.dataframe(
    frame,
    hide_index=True,
    width="stretch",
    column_order=shown_columns,
    column_config={t("compare.columns.name"): st.column_config.TextColumn(pinned=True)},
)
st.caption(t("compare.table_caption"))
st.download_button(
    t("compare.download"),
    data=csv_bytes(frame),
    file_name="intelligence-setups.csv",
    mime="text/csv",
    on_click="ignore",
    icon=":material/download:",
    help=t("compare.download_help"),
    key="compare.download",
)

st.header(t("compare.side_by_side"))
shown_ids = [template.id for template in shown]
if PICK in st.session_state:
    st.session_state[PICK] = [i for i in st.session_state[PICK] if i in shown_ids]
else:
    st.session_state[PICK], recommended = first_pick(shown_ids)
    st.session_state["compare.recommended"] = st.session_state[PICK] if recommended else None
picked = st.multiselect(
    t("compare.pick"),
    shown_ids,
    format_func=lambda i: name(lib.templates[i]),
    help=t("compare.pick_help"),
    key=PICK,
)
if picked and picked == st.session_state.get("compare.recommended"):
    st.caption(t("compare.picked_recommended"))
if not FEWEST <= len(picked) <= MOST:
    st.warning(t("compare.pick_count", count=len(picked)), icon=":material/compare:")
    st.stop()

templates = [lib.templates[i] for i in picked]
for column, template in zip(st.columns(len(templates), border=True), templates, strict=True):
    with column:
        details(lib, template)

kind_labels = {k.value: t(f"labels.watch_kinds.{k.value}") for k in WatchKind}
coverages = {
    name(template): {k.value: float(template.watch_kinds.get(k, 0.0)) for k in WatchKind}
    for template in templates
}
charts.show(
    charts.compare_radar(coverages, kind_labels, t("compare.radar_title")),
    t("compare.radar_table"),
)
