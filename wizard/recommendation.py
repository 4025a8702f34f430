"""Page: the explained recommendation: ranked set-ups, why, what was left out, how sure, what to
grow into, cost against fit, what-if controls and the CSV export.

The scoring engine computes everything (``scoring.recommend``); ``wizard.explain`` turns its
JSON into words and tables. The what-if controls score a copy of the answers and never write
into the saved ones.
"""

from datetime import UTC, datetime

import streamlit as st

from reports.export import recommendation_csv
from scoring.engine import CRITERIA
from scoring.profiles import KINDS
from scoring.recommend import engine_for, recommend
from wizard import charts, explain
from wizard.i18n import ct, language, t
from wizard.knowledge import library_or_stop
from wizard.plan import answers_or_stop
from wizard.state import guard
from wizard.ui import nav_buttons, page_header
from wizard.workshop_context import submit_box

DEFAULT_SHOWN = 5

lib = library_or_stop()
page_header("recommendation")
guard("recommendation")

answers = answers_or_stop("recommendation")
engine = engine_for()
result = recommend(answers, engine)
words = explain.Words(t, ct, language())
lang = words.language
names = explain.template_names(lib, words)
criteria = explain.criterion_labels(CRITERIA, words)
weights = dict(zip(CRITERIA, (float(w) for w in engine.weights), strict=True))
recommendations = result["recommendations"]
robustness = result.get("robustness")
table_label = t("recommendation.chart_table")
nothing = t("recommendation.chart_nothing")

# --- The answer first -------------------------------------------------------------------------
if recommendations:
    first = recommendations[0]
    st.success(
        t(
            "recommendation.headline",
            name=names[first["template_id"]],
            score=explain.number(first["score"], lang, 1),
        ),
        icon=":material/recommend:",
    )
    if robustness:
        st.write(
            t(
                "recommendation.headline_sure",
                percent=explain.percent(robustness["top1_probability"], words),
                label=t(f"labels.confidence.{robustness['label']}"),
            )
        )
else:
    st.warning(t("recommendation.none_feasible"), icon=":material/block:")
st.caption(t("recommendation.self_assessment"))
submit_box(answers, result)

ranking_tab, why_tab, sure_tab, next_tab, whatif_tab = st.tabs(
    [
        t("recommendation.tab_ranking"),
        t("recommendation.tab_why"),
        t("recommendation.tab_sure"),
        t("recommendation.tab_next"),
        t("recommendation.tab_whatif"),
    ]
)

# --- Ranking, exclusions, cost against fit ----------------------------------------------------
with ranking_tab:
    st.subheader(t("recommendation.ranking_heading"))
    st.caption(t("recommendation.ranking_caption"))
    show_all = len(recommendations) > DEFAULT_SHOWN and st.toggle(
        t("recommendation.show_all", count=len(recommendations)), key="rec.show_all"
    )
    shown = recommendations if show_all else recommendations[:DEFAULT_SHOWN]
    score_column = t("recommendation.col_score")
    with st.container(key="rec.ranking"):
        st.dataframe(
            explain.ranking_table(shown, names, words, engine.config.hours_per_fte),
            hide_index=True,
            width="stretch",
            column_config={score_column: st.column_config.NumberColumn(format="localized")},
        )
    charts.show(
        charts.ranked_scores(
            shown,
            names,
            criteria,
            t("recommendation.chart_ranked"),
            t("recommendation.chart_points"),
            rule_label=t("recommendation.chart_rules"),
            nothing=nothing,
        ),
        table_label,
        key="rec.chart.ranked",
    )
    excluded = result["excluded"]
    with st.expander(t("recommendation.excluded_heading", count=len(excluded))):
        if not excluded:
            st.write(t("recommendation.excluded_none"))
        for entry in excluded:
            st.markdown(
                f"**{t('recommendation.excluded_item', name=names[entry['template_id']])}**\n"
                + "\n".join(f"- {reason}" for reason in explain.exclusion_reasons(entry, words))
            )
    if recommendations:
        st.subheader(t("recommendation.cost_fit_heading"))
        charts.show(
            charts.cost_fit_bubble(
                explain.cost_fit_points(shown, names),
                t("recommendation.chart_cost_fit"),
                t("recommendation.chart_cost"),
                t("recommendation.chart_score"),
                t("recommendation.chart_fte"),
                nothing=nothing,
            ),
            table_label,
            key="rec.chart.cost_fit",
        )

# --- Why --------------------------------------------------------------------------------------
with why_tab:
    if recommendations:
        by_id = {rec["template_id"]: rec for rec in recommendations}
        st.subheader(t("recommendation.why_heading"))
        chosen = st.selectbox(
            t("recommendation.why_pick"),
            list(by_id),
            format_func=lambda tid: f"{by_id[tid]['rank']}. {names[tid]}",
            key="rec.explain",
        )
        picked = by_id[chosen or recommendations[0]["template_id"]]
        template = lib.templates[picked["template_id"]]
        st.write(ct(f"templates.{template.id}.summary", template.summary))
        charts.show(
            charts.score_waterfall(
                picked,
                names[picked["template_id"]],
                criteria,
                t("recommendation.chart_rules"),
                t("recommendation.chart_total"),
                t("recommendation.chart_waterfall"),
                nothing=nothing,
            ),
            table_label,
            key="rec.chart.waterfall",
        )
        criteria_col, rules_col = st.columns(2)
        with criteria_col:
            st.markdown(f"**{t('recommendation.criteria_heading')}**")
            st.markdown(
                "\n".join(
                    f"- {line}"
                    for line in explain.criterion_lines(picked, criteria, weights, words)
                )
            )
        with rules_col:
            st.markdown(f"**{t('recommendation.rules_heading')}**")
            lines = explain.rule_lines(picked, words)
            if not lines:
                st.write(t("recommendation.rules_none"))
            for line in lines:
                st.markdown(
                    t(
                        "recommendation.rule_line",
                        effect=explain.signed(line.effect, lang),
                        reason=line.reason,
                    )
                )
                st.caption(t("recommendation.rule_source", source=line.source))

# --- How sure ---------------------------------------------------------------------------------
with sure_tab:
    if recommendations and robustness:
        st.subheader(t("recommendation.sure_heading"))
        probability, label, margin = st.columns(3)
        probability.metric(
            t("recommendation.sure_probability"),
            explain.percent(robustness["top1_probability"], words),
        )
        label.metric(t("recommendation.sure_label"), t(f"labels.confidence.{robustness['label']}"))
        gap = robustness["margin_to_second"]
        margin.metric(
            t("recommendation.sure_margin"),
            t("recommendation.margin_none")
            if gap is None
            else t("recommendation.margin_value", points=explain.number(gap, lang, 1)),
        )
        st.write(
            t(
                "recommendation.sure_explained",
                name=names[recommendations[0]["template_id"]],
                percent=explain.percent(robustness["top1_probability"], words),
            )
        )
        st.markdown(f"**{t('recommendation.flip_heading')}**")
        st.write(explain.flip_sentence(robustness["smallest_flip"], names, lib, words))
        charts.show(
            charts.robustness_bar(
                robustness["probabilities"],
                names,
                t("recommendation.chart_robustness"),
                t("recommendation.chart_share"),
                nothing=nothing,
            ),
            table_label,
            key="rec.chart.robustness",
        )

# --- Grow next --------------------------------------------------------------------------------
with next_tab:
    if recommendations:
        st.subheader(t("recommendation.next_heading"))
        first_name = names[recommendations[0]["template_id"]]
        steps = explain.roadmap_lines(result["roadmap"], names, lib, words)
        if steps:
            st.write(t("recommendation.next_intro", name=first_name))
            st.markdown("\n".join(f"{i}. {step}" for i, step in enumerate(steps, start=1)))
        else:
            st.write(t("recommendation.roadmap_none", name=first_name))

# --- What if ----------------------------------------------------------------------------------
with whatif_tab:
    st.subheader(t("recommendation.whatif_heading"))
    st.caption(t("recommendation.whatif_intro"))
    questions = {q.field: q for q in lib.questionnaire.resources}
    need_scale = {o.value: o.label for o in lib.questionnaire.need_scale}
    budget_col, hours_col, kind_col, level_col = st.columns(4)
    budget_q, hours_q = questions["budget_eur_per_year"], questions["staff_hours_per_week"]
    budget = budget_col.number_input(
        t("recommendation.whatif_budget"),
        min_value=float(budget_q.min or 0),
        max_value=float(budget_q.max or 1e9),
        step=float(budget_q.step or 100),
        value=float(answers.budget_eur_per_year),
        format="%.0f",
        key="whatif.budget",
    )
    hours = hours_col.number_input(
        t("recommendation.whatif_hours"),
        min_value=float(hours_q.min or 0),
        max_value=float(hours_q.max or 200),
        step=float(hours_q.step or 0.5),
        value=float(answers.staff_hours_per_week),
        format="%.1f",
        key="whatif.hours",
    )
    stated = answers.needs.model_dump()
    kind = kind_col.selectbox(
        t("recommendation.whatif_need"),
        KINDS,
        index=max(range(len(KINDS)), key=lambda i: stated[KINDS[i]] or 0),
        format_func=lambda k: t(f"labels.watch_kinds.{k}"),
        key="whatif.need_kind",
    )
    levels: list[int | None] = [0, 1, 2, 3, None]
    level = level_col.selectbox(
        t("recommendation.whatif_level"),
        levels,
        index=levels.index(stated[kind]),
        format_func=lambda v: (
            t("common.dont_know") if v is None else ct(f"need_scale.{v}", need_scale.get(v, str(v)))
        ),
        key=f"whatif.need.{kind}",
    )
    trial = explain.whatif_answers(
        answers, budget=budget, hours=hours, need_kind=kind, need_level=level
    )
    trial_result = recommend(trial, engine, robustness=False)["recommendations"]
    with st.container(key="whatif.result"):
        unchanged = trial == answers
        if unchanged:
            st.caption(t("recommendation.whatif_unchanged_inputs"))
        top = trial_result[: explain.WHATIF_TOP]
        if top:
            st.markdown(f"**{t('recommendation.whatif_top', count=len(top))}**")
            st.markdown(
                "  \n".join(
                    t(
                        "recommendation.whatif_top_item",
                        rank=rec["rank"],
                        name=names[rec["template_id"]],
                        score=explain.number(rec["score"], lang, 1),
                    )
                    for rec in top
                )
            )
        if not unchanged:
            st.markdown(f"**{t('recommendation.whatif_changes')}**")
            st.markdown(
                "\n".join(
                    f"- {line}"
                    for line in explain.describe_whatif(recommendations, trial_result, names, words)
                )
            )

# --- Export -----------------------------------------------------------------------------------
st.subheader(t("recommendation.export_heading"))
st.download_button(
    t("recommendation.download_csv"),
    # Built when clicked, so the file says when it was downloaded and reruns store nothing.
    data=lambda: recommendation_csv(result, answers, datetime.now(UTC), lang),
    file_name="recommendation.csv",
    mime="text/csv",
    on_click="ignore",
    icon=":material/download:",
    key="rec.download_csv",
)
st.caption(t("recommendation.export_caption"))

nav_buttons("recommendation")
