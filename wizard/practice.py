"""Page: current practice, rated on the six maturity dimensions, with the level they give.

Dimensions, the 1-5 scale and the level descriptions come from ``data/questionnaire.yaml``; the
level is computed as the engine derives it (:func:`scoring.priors.maturity_level`). "Don't know"
is stored as ``None`` in ``maturity.<dimension>``: uncertain, never a low score.
"""

from typing import Any

import streamlit as st

from scoring.priors import LEVEL_MAX, maturity_level, nearest_level
from wizard import charts
from wizard.explain import number
from wizard.i18n import ct, language, t
from wizard.knowledge import library_or_stop
from wizard.state import bind, get, guard
from wizard.ui import nav_buttons, page_header

DONT_KNOW = "dont_know"  # the radio's stand-in for None, which a radio shows as "no choice"


lib = library_or_stop()
questionnaire = lib.questionnaire
page_header("practice")
guard("practice")
st.write(t("practice.intro"))

scale = {int(option.value): option.label for option in questionnaire.maturity_scale}


def scale_label(value: Any) -> str:
    if value == DONT_KNOW:
        return t("common.dont_know")
    return ct(f"maturity_scale.{value}", scale[value])


names = {}
for dimension in questionnaire.maturity_dimensions:
    dim = dimension.id
    names[dim] = ct(f"maturity.{dim}.name", dimension.name)
    with st.container(border=True):
        st.markdown(f"**{names[dim]}**")
        st.radio(
            ct(f"maturity.{dim}.statement", dimension.statement),
            [*scale, DONT_KNOW],
            index=None,
            format_func=scale_label,
            horizontal=True,
            help=ct(f"maturity.{dim}.help", dimension.help),
            **bind(f"maturity.{dim}", none_as=DONT_KNOW),
        )
        with st.expander(t("practice.anchors")):
            st.markdown(
                "\n".join(
                    "- "
                    + t(
                        "practice.anchor",
                        answer=scale_label(value),
                        text=ct(f"maturity.{dim}.anchors.{value}", text),
                    )
                    for value, text in sorted(dimension.anchors.items())
                )
            )

# The level, as the engine will read it, and the radar of the six dimensions.
ratings = {d.id: get(f"maturity.{d.id}") for d in questionnaire.maturity_dimensions}
rated = [r for r in ratings.values() if r is not None]
level = maturity_level(ratings, lib.scoring.maturity_fit.unknown_level)
described = next(m for m in questionnaire.maturity_levels if m.level == nearest_level(level))
shown = number(level, language(), 1)
st.subheader(t("practice.level_heading"))
left, right = st.columns([1, 3], gap="large")
left.metric(t("practice.level_label"), t("practice.level_value", level=shown, max=LEVEL_MAX))
with right:
    st.markdown(
        t(
            "practice.level_name",
            name=ct(f"maturity_levels.{described.level}.name", described.name),
            signs=ct(f"maturity_levels.{described.level}.signs", described.signs),
        )
    )
    if rated:
        st.caption(t("practice.level_rated", answered=len(rated), total=len(ratings)))
    else:
        st.info(t("practice.level_assumed", level=shown), icon=":material/help:")
# Full width: the dimension names around the radar need room on both sides.
chart = charts.maturity_radar(
    {dim: None if value is None else value - 1 for dim, value in ratings.items()},
    names,
    t("practice.radar_title"),
    t("practice.radar_unrated"),
)
charts.show(chart, t("practice.chart_data"), key="practice.radar")

nav_buttons("practice")
