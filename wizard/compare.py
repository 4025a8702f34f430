"""Page: the benchmark library of intelligence set-ups, filterable, with each one's details."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from templates_library.schema import ActorType, DeliveryMode, SetupTemplate
from wizard.knowledge import library_or_stop


def _money(low: float, high: float) -> str:
    return f"{low:,.0f}–{high:,.0f} €" if low != high else f"{low:,.0f} €"


def _row(template: SetupTemplate) -> dict[str, object]:
    return {
        "Set-up": template.name,
        "Delivery": template.delivery.value,
        "For": ", ".join(a.value for a in template.actor_types),
        "Yearly cost": _money(template.cost_eur_per_year.min, template.cost_eur_per_year.max),
        "Set-up cost": _money(template.setup_cost_eur.min, template.setup_cost_eur.max),
        "Staff time (FTE)": f"{template.fte.min:g}–{template.fte.max:g}",
        "Weeks to first value": f"{template.time_to_first_value_weeks.min}–"
        f"{template.time_to_first_value_weeks.max}",
        "Maturity": f"{template.maturity.min}–{template.maturity.max}",
    }


lib = library_or_stop()
st.title("Intelligence set-ups: the benchmark library")
st.write(
    f"{len(lib.templates)} set-ups, {len(lib.tools)} software tools, "
    f"{len(lib.sectors)} sectors and {len(lib.regions)} regions "
    f"(knowledge base {lib.version})."
)

left, right = st.columns(2)
deliveries = left.multiselect(
    "Delivery",
    [d.value for d in DeliveryMode],
    key="library_delivery",
    help="Who runs the set-up: the organisation itself, a shared body, a provider, ...",
)
actors = right.multiselect("Suitable for", [a.value for a in ActorType], key="library_actor")

shown = [
    t
    for t in lib.templates.values()
    if (not deliveries or t.delivery.value in deliveries)
    and (not actors or any(a.value in actors for a in t.actor_types))
]
st.write(f"{len(shown)} of {len(lib.templates)} set-ups match the filters.")
st.dataframe(pd.DataFrame([_row(t) for t in shown]), hide_index=True, width="stretch")

for template in shown:
    with st.expander(template.name):
        st.write(template.summary)
        st.write(template.description)
        kinds = sorted(template.watch_kinds.items(), key=lambda kv: -kv[1])
        st.write(
            "**Kinds of watch covered:** " + ", ".join(f"{k.value} ({v:.0%})" for k, v in kinds)
        )
        st.write("**Prerequisites:**")
        st.write("\n".join(f"- {p}" for p in template.prerequisites))
        tools = [lib.tools[tid].name for ids in template.tools_by_stage.values() for tid in ids]
        if tools:
            st.write("**Tools:** " + ", ".join(dict.fromkeys(tools)))
        st.write("**Sources:**")
        st.write(
            "\n".join(
                f"- [{s.title}]({s.url})" if s.url else f"- {s.title}" for s in template.sources
            )
        )
