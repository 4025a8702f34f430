"""AppTest: the resources page and the explained recommendation, through the real entrypoint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from scoring.answers import parse_answers
from scoring.recommend import engine_for, recommend
from templates_library import load_library
from templates_library.locales import catalogues
from wizard import explain

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "data" / "samples" / "answers_wood_lorraine.yaml"
RESOURCES = "wizard/resources.py"
RECOMMENDATION = "wizard/recommendation.py"
PROFILE_FIELDS = ("actor_type", "sector", "value_chain", "region", "employees")
RESOURCE_FIELDS = (
    "budget_eur_per_year",
    "staff_hours_per_week",
    "first_results_within_weeks",
    "willing_to_share",
)


def t(key: str, **values: Any) -> str:
    return catalogues().text("en", key, **values)


ENGLISH = explain.Words(t, lambda key, default: catalogues().content("en", key, default), "en")


def setup_name(template_id: str) -> str:
    template = load_library().templates[template_id]
    return catalogues().content("en", f"templates.{template_id}.name", template.name)


def sample() -> dict[str, Any]:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


def expected() -> dict[str, Any]:
    return recommend(parse_answers(sample()), engine_for())


def open_page(page: str, answers: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if answers is not None:
        at.session_state["answers"] = answers
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def link_labels(at: AppTest) -> list[str]:
    """The page links of the page itself (the sidebar has its own)."""
    return [link.proto.label for link in at.main.get("page_link")]


def markdown_text(node: Any) -> str:
    return "\n".join(m.value for m in node.markdown)


# --- Resources --------------------------------------------------------------------------------


def test_resources_page_stops_while_the_profile_is_empty() -> None:
    at = open_page(RESOURCES)
    assert at.title[0].value == t("resources.title")
    assert at.warning[0].value == t("guard.missing_intro")
    names = ", ".join(t(f"fields.{f}") for f in PROFILE_FIELDS)
    assert link_labels(at) == [t("guard.go_to", step=t("nav.profile"), fields=names)]
    assert not at.number_input, "no question is drawn before the profile is complete"


def test_resources_questions_come_from_the_questionnaire_with_the_cost_tiers() -> None:
    profile = {k: v for k, v in sample().items() if k not in RESOURCE_FIELDS}
    at = open_page(RESOURCES, profile)
    questions = load_library().questionnaire.resources
    drawn = {w.key for w in [*at.number_input, *at.selectbox]}
    assert {f"w.{q.field}" for q in questions} <= drawn
    budget = next(q for q in questions if q.id == "budget")
    assert budget.help is not None
    tiers = at.info[0].value
    assert t("resources.cost_tiers") in tiers
    assert " ".join(budget.help.split())[:60] in " ".join(tiers.split())


def test_resources_values_bind_and_survive_page_switches() -> None:
    profile = {k: v for k, v in sample().items() if k not in RESOURCE_FIELDS}
    at = open_page(RESOURCES, profile)
    at.number_input(key="w.budget_eur_per_year").set_value(5000.0).run()
    at.number_input(key="w.staff_hours_per_week").set_value(6.5).run()
    at.selectbox(key="w.willing_to_share").set_value("all").run()
    assert at.session_state["answers"]["budget_eur_per_year"] == 5000
    assert at.session_state["answers"]["staff_hours_per_week"] == 6.5
    assert at.session_state["answers"]["willing_to_share"] == "all"

    at.switch_page("wizard/profile.py").run()
    at.switch_page(RESOURCES).run()
    assert not at.exception, at.exception
    assert at.number_input(key="w.budget_eur_per_year").value == 5000
    assert at.number_input(key="w.staff_hours_per_week").value == 6.5
    assert at.selectbox(key="w.willing_to_share").value == "all"


# --- Recommendation: guard and bad answers ----------------------------------------------------


def test_recommendation_guard_lists_what_is_missing_with_links() -> None:
    at = open_page(RECOMMENDATION)
    assert at.warning[0].value == t("guard.missing_intro")
    labels = link_labels(at)
    assert labels == [
        t(
            "guard.go_to",
            step=t("nav.profile"),
            fields=", ".join(t(f"fields.{f}") for f in PROFILE_FIELDS),
        ),
        t(
            "guard.go_to",
            step=t("nav.resources"),
            fields=", ".join(t(f"fields.{f}") for f in RESOURCE_FIELDS),
        ),
    ]
    assert not at.main.get("download_button")


def test_recommendation_guard_with_only_the_resources_missing() -> None:
    answers = {k: v for k, v in sample().items() if k != "staff_hours_per_week"}
    at = open_page(RECOMMENDATION, answers)
    assert link_labels(at) == [
        t("guard.go_to", step=t("nav.resources"), fields=t("fields.staff_hours_per_week"))
    ]


def test_invalid_answers_are_listed_field_by_field() -> None:
    answers = {**sample(), "budget_eur_per_year": -5, "sector": "wod"}
    at = open_page(RECOMMENDATION, answers)
    message = at.error[0].value
    assert message.startswith(t("recommendation.invalid"))
    assert "budget\\_eur\\_per\\_year" in message, "field names are shown literally"
    assert "out of range" in message
    assert "did you mean" in message.lower()
    assert not at.main.get("download_button")


# --- Recommendation: the explained result -----------------------------------------------------


@pytest.fixture(scope="module")
def seeded() -> AppTest:
    return open_page(RECOMMENDATION, sample())


def test_ranking_shows_the_feasible_setups_best_first(seeded: AppTest) -> None:
    result = expected()
    recommendations = result["recommendations"]
    table = seeded.get_by_key("rec.ranking").dataframe[0].value
    assert len(table) == min(5, len(recommendations))
    assert list(table[t("recommendation.col_name")]) == [
        setup_name(r["template_id"]) for r in recommendations[:5]
    ]
    assert table[t("recommendation.col_name")].iloc[0] == setup_name("chamber_shared_watch")
    assert list(table[t("recommendation.col_score")]) == [r["score"] for r in recommendations[:5]]
    first = table.iloc[0]
    assert first[t("recommendation.col_cost")] == "€0–2,000"
    assert first[t("recommendation.col_staff")] == "0.01–0.05 FTE (0.4–2 h/week)"
    assert first[t("recommendation.col_delivery")] == t("labels.delivery.shared")
    assert setup_name("chamber_shared_watch") in seeded.success[0].value


def test_show_all_lists_every_feasible_setup() -> None:
    at = open_page(RECOMMENDATION, sample())
    at.toggle(key="rec.show_all").set_value(True).run()
    table = at.get_by_key("rec.ranking").dataframe[0].value
    assert len(table) == len(expected()["recommendations"])


def test_charts_are_drawn_with_alt_text(seeded: AppTest) -> None:
    plots = seeded.get("plotly_chart")
    assert len(plots) >= 4  # ranked scores, cost against fit, waterfall, robustness
    assert all(p.proto.alt for p in plots)


def test_why_explains_criteria_rules_and_sources(seeded: AppTest) -> None:
    first = expected()["recommendations"][0]
    text = markdown_text(seeded)
    assert t("labels.criteria.needs_coverage") + ": 27.9 of 35 points" in text
    rule = first["rules_fired"][0]
    assert " ".join(rule["reason"].split()) in text
    captions = [c.value for c in seeded.caption]
    assert t("recommendation.rule_source", source=rule["source"]) in captions
    template = load_library().templates[first["template_id"]]
    assert template.summary in text


def test_picking_another_setup_explains_that_one() -> None:
    at = open_page(RECOMMENDATION, sample())
    at.selectbox(key="rec.explain").set_value("commercial_tender_watch").run()
    text = markdown_text(at)
    assert load_library().templates["commercial_tender_watch"].summary in text
    assert "Service firms win much of their work through tenders" in text


def test_exclusions_list_every_reason(seeded: AppTest) -> None:
    excluded = expected()["excluded"]
    label = t("recommendation.excluded_heading", count=len(excluded))
    expander = next(e for e in seeded.expander if e.label == label)
    text = markdown_text(expander)
    regional = next(e for e in excluded if e["template_id"] == "regional_ei_system")
    assert setup_name("regional_ei_system") in text
    assert len(regional["reasons"]) == 3
    for reason in explain.exclusion_reasons(regional, ENGLISH):
        assert reason in text
    assert "its minimum cost, 500,000 EUR a year, is above your budget of 3,000 EUR" in text


def test_how_sure_shows_probability_margin_and_flip(seeded: AppTest) -> None:
    robustness = expected()["robustness"]
    metrics = {m.label: m.value for m in seeded.metric}
    assert metrics[t("recommendation.sure_probability")] == "100%"
    assert metrics[t("recommendation.sure_label")] == t(f"labels.confidence.{robustness['label']}")
    assert metrics[t("recommendation.sure_margin")] == "4.2 points"
    assert t("recommendation.flip_none") in markdown_text(seeded)


def test_the_roadmap_is_shown(seeded: AppTest) -> None:
    roadmap = expected()["roadmap"]
    assert roadmap
    text = markdown_text(seeded)
    for step in roadmap:
        assert setup_name(step["template_id"]) in text
    assert "towards level 2: Organised basic watch" in text


def test_the_csv_can_be_downloaded(seeded: AppTest) -> None:
    button = seeded.get_by_key("rec.download_csv")
    assert button.proto.label == t("recommendation.download_csv")
    # The file is built when clicked (a deferred download), so it says when it was downloaded;
    # its content is read back in the browser test (tests/e2e/test_journeys.py).
    assert button.proto.deferred_file_id
    assert button.proto.ignore_rerun


# --- Recommendation: what if ------------------------------------------------------------------


def whatif_text(at: AppTest) -> str:
    return markdown_text(at.get_by_key("whatif.result"))


def test_whatif_budget_reranks_without_touching_the_answers() -> None:
    at = open_page(RECOMMENDATION, sample())
    before = whatif_text(at)
    assert t("recommendation.whatif_unchanged_inputs") in [
        c.value for c in at.get_by_key("whatif.result").caption
    ]
    at.number_input(key="whatif.budget").set_value(0.0).run()
    assert not at.exception, at.exception
    after = whatif_text(at)
    assert after != before
    assert f"2. {setup_name('commercial_tender_watch')}" in after
    assert (
        t("recommendation.whatif_moves", name=setup_name("commercial_tender_watch"), old=3, new=2)
        in after
    )
    assert at.session_state["answers"]["budget_eur_per_year"] == 3000
    # the main ranking still shows the saved answers' order
    table = at.get_by_key("rec.ranking").dataframe[0].value
    assert table[t("recommendation.col_name")].iloc[1] == setup_name("consultant_needs_audit_setup")


def test_whatif_large_budget_moves_scores_and_keeps_the_answers() -> None:
    at = open_page(RECOMMENDATION, sample())
    at.number_input(key="whatif.budget").set_value(100000.0).run()
    text = whatif_text(at)
    assert t("recommendation.whatif_same_top", count=3) in text
    assert "89.5 points" in text  # the consultant audit gains from the larger budget
    assert at.session_state["answers"]["budget_eur_per_year"] == 3000


def test_whatif_staff_time_and_need() -> None:
    at = open_page(RECOMMENDATION, sample())
    at.number_input(key="whatif.hours").set_value(1.0).run()
    text = whatif_text(at)
    assert t("recommendation.whatif_count", old=9, new=3) in text
    at.number_input(key="whatif.hours").set_value(4.0).run()
    at.selectbox(key="whatif.need_kind").set_value("patent").run()
    at.selectbox(key="whatif.need.patent").set_value(3).run()
    assert not at.exception, at.exception
    assert t("recommendation.whatif_unchanged_inputs") not in [
        c.value for c in at.get_by_key("whatif.result").caption
    ]
    assert at.session_state["answers"]["staff_hours_per_week"] == 4
    assert at.session_state["answers"]["needs"].get("patent", 0) == 0


def test_the_smallest_flip_is_said_in_words() -> None:
    answers = {**sample(), "budget_eur_per_year": 20000, "staff_hours_per_week": 20}
    flip = recommend(parse_answers(answers), engine_for())["robustness"]["smallest_flip"]
    assert flip is not None
    at = open_page(RECOMMENDATION, answers)
    text = markdown_text(at)
    assert t("recommendation.flip_none") not in text
    assert f"{setup_name(flip['new_top1'])} would come first." in text


def test_when_nothing_fits_the_page_says_why_and_offers_what_if() -> None:
    answers = {**sample(), "budget_eur_per_year": 0, "staff_hours_per_week": 0}
    at = open_page(RECOMMENDATION, answers)
    assert at.warning[0].value == t("recommendation.none_feasible")
    assert len(at.get_by_key("rec.ranking").dataframe[0].value) == 0
    library = load_library()
    label = t("recommendation.excluded_heading", count=len(library.templates))
    assert any(e.label == label for e in at.expander)
    at.number_input(key="whatif.budget").set_value(3000.0).run()
    at.number_input(key="whatif.hours").set_value(4.0).run()
    assert not at.exception, at.exception
    assert f"1. {setup_name('chamber_shared_watch')}" in whatif_text(at)
    assert at.get_by_key("rec.download_csv")
