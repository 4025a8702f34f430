"""Page: the resources and constraints (budget, staff time, urgency, sharing, IT, open source).

Every question comes from the ``resources`` section of ``data/questionnaire.yaml``; the budget's
help text, which gives the usual cost tiers, is shown beside it as guidance.
"""

import streamlit as st

from wizard.i18n import t
from wizard.knowledge import library_or_stop
from wizard.state import guard
from wizard.ui import nav_buttons, page_header
from wizard.widgets import help_text, question_widget

lib = library_or_stop()
page_header("resources")
guard("resources")
st.write(t("resources.intro"))

questions = {q.id: q for q in lib.questionnaire.resources}
budget = questions.get("budget")

st.subheader(t("resources.constraints"))
if budget is not None:
    left, right = st.columns([3, 2])
    with left:
        question_widget(budget)
    tiers = help_text(budget)
    if tiers:
        right.info(f"**{t('resources.cost_tiers')}**\n\n{tiers}", icon=":material/euro:")

constraints = [q for q in lib.questionnaire.resources if q.id != "budget"]
technical = [q for q in constraints if q.field in ("it_capacity", "prefers_open_source")]
left, right = st.columns(2)
for index, question in enumerate(q for q in constraints if q not in technical):
    question_widget(question, left if index % 2 == 0 else right)

if technical:
    st.subheader(t("resources.technical"))
    left, right = st.columns(2)
    for index, question in enumerate(technical):
        question_widget(question, left if index % 2 == 0 else right)

nav_buttons("resources")
