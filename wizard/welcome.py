"""Page: what the advisor does, where its method comes from, the intelligence cycle, and a
two-minute awareness check that says what the user may be missing.

The awareness statements, their answers, points and "if low" texts come from the ``awareness``
section of ``data/questionnaire.yaml``. The check's answers live in ``st.session_state
["awareness"]``, not in the answers file: they inform the user, they do not score anything.
"""

from typing import Any

import streamlit as st

from templates_library.schema import AwarenessQuestion, CycleStage, Source
from wizard import charts
from wizard.i18n import ct, t
from wizard.knowledge import library_or_stop
from wizard.ui import nav_buttons, page_header

AWARENESS = "awareness"
LOW_POINTS = 1  # an answer worth this or less shows the statement's "if low" text


def source_link(source: Source) -> str:
    """A source as markdown: its title, linked when it has an address (no HTML)."""
    title = source.title.replace("[", "(").replace("]", ")")
    return f"[{title}](<{source.url}>)" if source.url else title


def bind_awareness(question: AwarenessQuestion) -> dict[str, Any]:
    """Tie a radio to ``st.session_state["awareness"][id]`` so it survives page switches."""
    store = st.session_state.setdefault(AWARENESS, {})
    key = f"{AWARENESS}.{question.id}"
    if key not in st.session_state:
        st.session_state[key] = store.get(question.id)

    def copy_back() -> None:
        st.session_state[AWARENESS][question.id] = st.session_state[key]

    return {"key": key, "on_change": copy_back}


def answer_label(question: AwarenessQuestion, value: str) -> str:
    answer = next(a for a in question.answers if a.value == value)
    return ct(f"{AWARENESS}.{question.id}.answers.{value}", answer.label)


lib = library_or_stop()
questions = lib.questionnaire.awareness
page_header("welcome")
st.write(t("welcome.intro"))

method, standards = st.columns(2, gap="large")
with method:
    st.subheader(t("welcome.method_heading"))
    st.markdown(t("welcome.method"))
with standards:
    st.subheader(t("welcome.standards_heading"))
    st.write(t("welcome.standards_intro"))
    st.markdown("\n".join(f"- {t(f'welcome.standards.{s}')}" for s in ("afnor", "une", "iso")))
    if lib.manifest.provenance:
        st.caption(
            t("welcome.read_more")
            + " "
            + "; ".join(source_link(source) for source in lib.manifest.provenance)
        )

st.subheader(t("welcome.cycle_heading"))
explained, drawn = st.columns([2, 3], gap="large")
explained.write(t("welcome.cycle_intro"))
with drawn:
    chart = charts.cycle_diagram(
        {stage.value: t(f"labels.cycle_stages.{stage.value}") for stage in CycleStage},
        t("welcome.cycle_title"),
        cross_cutting=t("welcome.cycle_cross_cutting"),
    )
    charts.show(chart, t("welcome.chart_data"), key="welcome.cycle")

st.subheader(t("welcome.awareness_heading"))
st.write(t("welcome.awareness_intro"))
for question in questions:
    with st.container(border=True):
        st.radio(
            ct(f"{AWARENESS}.{question.id}.statement", question.statement),
            [a.value for a in question.answers],
            index=None,
            format_func=lambda value, q=question: answer_label(q, value),
            **bind_awareness(question),
        )

# The result, live: points of the answered statements, and what the low answers may miss.
chosen = st.session_state.get(AWARENESS, {})
points = {a.value: a.points for q in questions for a in q.answers if chosen.get(q.id) == a.value}
answered = [q for q in questions if chosen.get(q.id) is not None]
with st.container(border=True):
    st.subheader(t("welcome.result_heading"))
    if not answered:
        st.info(t("welcome.result_none"), icon=":material/quiz:")
    else:
        score = sum(points[chosen[q.id]] for q in answered)
        best = sum(max(a.points for a in q.answers) for q in answered)
        st.metric(t("welcome.score_label"), t("welcome.score_value", points=score, max=best))
        st.caption(t("welcome.answered", answered=len(answered), total=len(questions)))
        share = score / best if best else 1.0
        verdict = "low" if share < 1 / 3 else "medium" if share < 2 / 3 else "high"
        st.write(t(f"welcome.verdict_{verdict}"))
        low = [q for q in answered if points[chosen[q.id]] <= LOW_POINTS]
        if low:
            st.markdown(f"**{t('welcome.gaps_heading')}**")
            for question in low:
                statement = ct(f"{AWARENESS}.{question.id}.statement", question.statement)
                lines = [
                    f"**{statement}**",
                    ct(f"{AWARENESS}.{question.id}.if_low", question.if_low),
                ]
                if question.source is not None:
                    lines.append(t("welcome.source", source=source_link(question.source)))
                st.warning("\n\n".join(lines), icon=":material/lightbulb:")
        else:
            st.success(t("welcome.no_gaps"), icon=":material/check_circle:")

nav_buttons("welcome")
