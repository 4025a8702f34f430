"""Page: who the organisation is (actor type, sector, position, region and its innovation
profile, size, R&D staff). Every question comes from ``data/questionnaire.yaml``."""

import streamlit as st

from wizard.i18n import ct, t
from wizard.knowledge import library_or_stop
from wizard.state import get
from wizard.ui import nav_buttons, page_header
from wizard.widgets import question_widget

lib = library_or_stop()
page_header("profile")
st.write(t("profile.intro"))

questions = {q.id: q for q in lib.questionnaire.profile}
left, right = st.columns(2)
with left:
    for question_id in ("actor_type", "sector", "value_chain"):
        question_widget(questions[question_id])
with right:
    question_widget(questions["region"])
    region = lib.regions.get(get("region") or "")
    if region is not None and region.ris is not None:
        group = t(f"labels.region_types.{region.ris.group.value}")
        key = (
            "profile.region_profile" if region.ris.verified else "profile.region_profile_unverified"
        )
        st.info(
            t(
                key,
                region=ct(f"regions.{region.id}.name", region.name),
                group=group,
                year=region.ris.year,
            ),
            icon=":material/insights:",
        )
    elif get("region") == "other":
        question_widget(questions["region_type"])
    question_widget(questions["employees"])
    question_widget(questions["rnd_intensity"])

nav_buttons("profile")
