"""Page: how important each kind of watch is, pre-filled from the priors and editable.

The pre-filled value of a kind is ``round(3 x blended prior)``, the blend of the sector's, the
position's and the region type's priors with the weights of ``data/scoring.yaml``
(:mod:`scoring.priors`). It is written into the answers only for kinds the user has not answered
yet; "Don't know" is stored as ``None`` in ``needs.<kind>``.
"""

from typing import Any

import pandas as pd
import streamlit as st

from scoring.priors import (
    NEED_SCALE_MAX,
    blended_priors,
    prefilled_needs,
    prior_components,
    prior_weights,
    region_type_of,
    top_kinds,
)
from templates_library.schema import Source
from wizard import charts
from wizard.explain import number
from wizard.i18n import ct, language, t
from wizard.knowledge import library_or_stop
from wizard.state import bind, get, guard, put, widget_key
from wizard.ui import nav_buttons, page_header
from wizard.widgets import option_label

COLUMN = {"sector": "sector", "value_chain": "position", "region": "region"}  # table headers
DONT_KNOW = "dont_know"  # the radio's stand-in for None, which a radio shows as "no choice"


def source_link(source: Source) -> str:
    title = source.title.replace("[", "(").replace("]", ")")
    return f"[{title}](<{source.url}>)" if source.url else title


lib = library_or_stop()
questionnaire = lib.questionnaire
page_header("needs")
guard("needs")  # the profile must be complete: the priors depend on it
st.write(t("needs.intro"))

sector = lib.sectors[get("sector")]
position = get("value_chain")
region = lib.regions.get(get("region"))
region_type = region_type_of(lib, get("region"), get("region_type"))
priors = blended_priors(lib, sector.id, position, region_type)
suggested = prefilled_needs(lib, sector.id, position, region_type)
weights = prior_weights(lib, region_type)
kind_names = {
    need.watch_kind.value: ct(f"needs.{need.watch_kind.value}.label", need.label)
    for need in questionnaire.needs
}
sector_name = ct(f"sectors.{sector.id}.name", sector.name)
profile_questions = {q.id: q for q in questionnaire.profile}
position_name = option_label(profile_questions["value_chain"], position)
region_name = (
    ct(f"regions.{region.id}.name", region.name)
    if region is not None and region.id != "other"
    else t("needs.your_region")
)


def share(part: str) -> str:
    return t("needs.percent", value=number(100 * weights[part], language(), 1))


def listing(kinds: list[str]) -> str:
    return ", ".join(kind_names[k] for k in kinds)


st.caption(t("needs.prefilled", sector=sector_name, position=position_name, region=region_name))
with st.expander(t("needs.why_heading"), icon=":material/help:"):
    st.write(t("needs.why_intro"))
    components = prior_components(lib, sector.id, position, region_type)
    sector_top, position_top = top_kinds(components["sector"]), top_kinds(components["value_chain"])
    region_line = (
        t("needs.why_region", region=region_name, group=t(f"labels.region_types.{region_type}"))
        if region_type is not None
        else t("needs.why_no_region")
    )
    st.markdown(
        f"- {t('needs.why_sector', sector=sector_name, kinds=listing(sector_top))}\n"
        f"- {t('needs.why_position', position=position_name, kinds=listing(position_top))}\n"
        f"- {region_line}"
    )
    if region_type is not None:
        st.write(
            t(
                "needs.why_rule",
                sector_share=share("sector"),
                position_share=share("value_chain"),
                region_share=share("region"),
            )
        )
    else:
        st.write(
            t(
                "needs.why_rule_no_region",
                sector_share=share("sector"),
                position_share=share("value_chain"),
            )
        )
    table = pd.DataFrame(
        {
            t("needs.columns.kind"): list(kind_names.values()),
            **{
                t(f"needs.columns.{COLUMN[part]}"): [values[k] for k in kind_names]
                for part, values in components.items()
            },
            t("needs.columns.blend"): [round(priors[k], 2) for k in kind_names],
            t("needs.columns.suggested"): [suggested[k] for k in kind_names],
        }
    )
    st.dataframe(table, hide_index=True)
    sources = [*sector.sources, *lib.value_chain[position].sources]
    if sources:
        st.caption(t("needs.why_sources", sources="; ".join(source_link(s) for s in sources)))
    if st.button(t("needs.reset"), help=t("needs.reset_help"), key="needs.reset"):
        # Before the widgets are drawn, so they show the suggested values in this very run.
        for kind, value in suggested.items():
            put(f"needs.{kind}", value)
            st.session_state[widget_key(f"needs.{kind}")] = value

scale = {int(option.value): option.label for option in questionnaire.need_scale}


def scale_label(value: Any) -> str:
    if value == DONT_KNOW:
        return t("common.dont_know")
    return ct(f"need_scale.{value}", scale[value])


def need_help(need: Any) -> str:
    kind = need.watch_kind.value
    text = ct(f"needs.{kind}.help", need.help)
    if not need.examples:
        return text
    examples = "\n".join(
        f"- {ct(f'needs.{kind}.examples.{i}', example)}" for i, example in enumerate(need.examples)
    )
    return f"{text}\n\n{t('needs.examples')}\n{examples}"


# First half on the left, the rest on the right: reading order and tab order agree.
columns = st.columns(2, gap="large")
half = (len(questionnaire.needs) + 1) // 2
for index, need in enumerate(questionnaire.needs):
    kind = need.watch_kind.value
    with columns[index // half], st.container(border=True):
        st.radio(
            kind_names[kind],
            [*scale, DONT_KNOW],
            index=None,
            format_func=scale_label,
            horizontal=True,
            help=need_help(need),
            **bind(f"needs.{kind}", default=suggested.get(kind), none_as=DONT_KNOW),
        )

current = {kind: get(f"needs.{kind}") for kind in kind_names}
chart = charts.needs_bar(
    {kind: None if value is None else value / NEED_SCALE_MAX for kind, value in current.items()},
    kind_names,
    t("needs.chart_title"),
    t("needs.chart_axis"),
    nothing=t("needs.chart_nothing"),
)
charts.show(chart, t("needs.chart_data"), key="needs.bar")

nav_buttons("needs")
