"""Entrypoint: page configuration, language and navigation over the pages in ``wizard/``.

The sidebar draws the sections itself (a heading and page links each): Streamlit's own sectioned
menu puts headings inside a list, which screen readers cannot follow (axe: list, listitem).
"""

import streamlit as st

from wizard.answers_io import answers_sidebar
from wizard.i18n import language_switch, t
from wizard.workshop_context import sidebar_note

st.set_page_config(
    page_title=t("welcome.title"), page_icon=":material/travel_explore:", layout="wide"
)
navigation = st.sidebar.container()  # drawn first, filled once the pages are declared
sidebar_note()
language_switch()
answers_sidebar()
sections = {
    t("nav.section_assessment"): [
        st.Page(
            "wizard/welcome.py", title=t("nav.welcome"), icon=":material/waving_hand:", default=True
        ),
        st.Page("wizard/profile.py", title=t("nav.profile"), icon=":material/badge:"),
        st.Page("wizard/practice.py", title=t("nav.practice"), icon=":material/checklist:"),
        st.Page("wizard/needs.py", title=t("nav.needs"), icon=":material/radar:"),
        st.Page("wizard/resources.py", title=t("nav.resources"), icon=":material/savings:"),
        st.Page(
            "wizard/recommendation.py", title=t("nav.recommendation"), icon=":material/recommend:"
        ),
        st.Page("wizard/guide_book.py", title=t("nav.guide_book"), icon=":material/menu_book:"),
        st.Page("wizard/roadmap.py", title=t("nav.roadmap"), icon=":material/timeline:"),
    ],
    t("nav.section_workshops"): [
        st.Page("wizard/join.py", title=t("nav.join"), icon=":material/login:"),
        st.Page("wizard/workshop.py", title=t("nav.workshop"), icon=":material/groups:"),
        st.Page("wizard/projector.py", title=t("nav.projector"), icon=":material/cast:"),
    ],
    t("nav.section_explore"): [
        st.Page("wizard/compare.py", title=t("nav.compare"), icon=":material/compare:"),
        st.Page("wizard/analytics.py", title=t("nav.analytics"), icon=":material/analytics:"),
    ],
    t("nav.section_implement"): [
        st.Page("wizard/pilots.py", title=t("nav.pilots"), icon=":material/science:"),
    ],
}
page = st.navigation([p for group in sections.values() for p in group], position="hidden")
for section, members in sections.items():
    navigation.subheader(section)
    for member in members:
        navigation.page_link(member)
page.run()
