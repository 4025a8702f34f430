"""AppTest: the Welcome, Current practice and Information needs pages, through the entrypoint.

Expectations come from the knowledge base, the English catalogue and :mod:`scoring.priors`, so
changing a statement, a prior or a wording needs no change here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from scoring.priors import blended_priors, maturity_level, prefilled_needs, region_type_of
from templates_library import load_library
from templates_library.locales import catalogues

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
LIB = load_library()
EN = catalogues()
PAGES = ("welcome", "practice", "needs")
PROFILE: dict[str, Any] = {
    "schema_version": 1,
    "actor_type": "sme",
    "sector": "wood",
    "value_chain": "subcontractor",
    "region": "lorraine",
    "employees": 35,
}
WOOD = prefilled_needs(LIB, "wood", "subcontractor", region_type_of(LIB, "lorraine"))


def en(key: str, **values: object) -> str:
    return EN.text("en", key, **values)


def _app(page: str, answers: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if answers is not None:
        at.session_state["answers"] = {"maturity": {}, "needs": {}, **answers}
    at.run()
    if page != "welcome":
        at.switch_page(f"wizard/{page}.py").run()
    assert not at.exception, at.exception
    return at


def _go(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"wizard/{page}.py").run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> list[str]:
    return [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "success")
        for e in at.get(kind)
    ]


# --- every page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("answers", [None, PROFILE], ids=["empty", "profile"])
def test_each_page_renders_from_the_entrypoint(page: str, answers: dict[str, Any] | None) -> None:
    at = _app(page, answers)
    assert at.title[0].value == en(f"{page}.title")
    assert not [key for key in _texts(at) if key.startswith(f"{page}.")], "untranslated key"


# --- welcome -------------------------------------------------------------------------------------


def test_welcome_shows_the_method_the_standards_and_the_cycle() -> None:
    at = _app("welcome")
    texts = "\n".join(_texts(at))
    for words in ("CETISME", "STRATINC", "XP X50-053", "UNE 166006", "ISO 56006"):
        assert words in texts
    charts = at.get("plotly_chart")
    assert charts, "the cycle diagram is drawn"
    assert en("labels.cycle_stages.needs") in charts[0].proto.spec
    assert en("welcome.result_none") in [i.value for i in at.info]


def test_a_low_awareness_answer_shows_what_may_be_missing_and_the_score() -> None:
    at = _app("welcome")
    low_q, high_q = LIB.questionnaire.awareness[0], LIB.questionnaire.awareness[1]
    lowest = min(low_q.answers, key=lambda a: a.points)
    highest = max(high_q.answers, key=lambda a: a.points)
    at.radio(key=f"awareness.{low_q.id}").set_value(lowest.value).run()
    at.radio(key=f"awareness.{high_q.id}").set_value(highest.value).run()
    assert not at.exception, at.exception

    best = max(a.points for a in low_q.answers) + highest.points
    assert at.metric[0].value == en(
        "welcome.score_value", points=lowest.points + highest.points, max=best
    )
    assert en("welcome.answered", answered=2, total=len(LIB.questionnaire.awareness)) in _texts(at)
    warnings = "\n".join(w.value for w in at.warning)
    assert low_q.if_low in warnings
    assert high_q.if_low not in warnings
    if low_q.source is not None and low_q.source.url is not None:
        assert f"(<{low_q.source.url}>)" in warnings  # the source, as a markdown link
    # Kept for the session, never written into the answers file.
    assert at.session_state["awareness"] == {
        low_q.id: lowest.value,
        high_q.id: highest.value,
    }
    assert "awareness" not in at.session_state["answers"]


def test_all_high_answers_show_no_gap() -> None:
    at = _app("welcome")
    for question in LIB.questionnaire.awareness:
        best = max(question.answers, key=lambda a: a.points)
        at.radio(key=f"awareness.{question.id}").set_value(best.value)
    at.run()
    assert not at.warning
    assert en("welcome.no_gaps") in [s.value for s in at.success]
    assert en("welcome.verdict_high") in _texts(at)


def test_awareness_answers_survive_a_page_switch() -> None:
    at = _app("welcome")
    question = LIB.questionnaire.awareness[2]
    at.radio(key=f"awareness.{question.id}").set_value(question.answers[0].value).run()
    _go(at, "practice")
    _go(at, "welcome")
    assert at.radio(key=f"awareness.{question.id}").value == question.answers[0].value


def test_next_on_welcome_goes_to_the_profile() -> None:
    at = _app("welcome")
    at.button(key="next.welcome").click().run()
    assert at.title[0].value == en("profile.title")


# --- current practice ----------------------------------------------------------------------------


def _level_name(ratings: dict[str, int | None]) -> str:
    level = maturity_level(ratings, LIB.scoring.maturity_fit.unknown_level)
    nearest = min(LIB.questionnaire.maturity_levels, key=lambda m: (abs(m.level - level), -m.level))
    return nearest.name


def test_practice_without_ratings_assumes_the_configured_level() -> None:
    at = _app("practice", PROFILE)
    unknown = LIB.scoring.maturity_fit.unknown_level
    assert at.metric[0].value == en("practice.level_value", level=f"{unknown:g}", max=4)
    assert any(en("practice.level_assumed", level=f"{unknown:g}") == i.value for i in at.info)
    assert len(at.radio) == len(LIB.questionnaire.maturity_dimensions)
    assert at.get("plotly_chart"), "the maturity radar is drawn"


def test_rating_practice_updates_the_answers_and_the_level() -> None:
    at = _app("practice", PROFILE)
    at.radio(key="w.maturity.culture").set_value(4).run()
    at.radio(key="w.maturity.deliverables").set_value(3).run()
    at.radio(key="w.maturity.users").set_value("dont_know").run()
    assert not at.exception, at.exception

    maturity = at.session_state["answers"]["maturity"]
    assert maturity == {"culture": 4, "deliverables": 3, "users": None}
    # Level: mean of (rating - 1) over the rated dimensions: (3 + 2) / 2.
    assert at.metric[0].value == en("practice.level_value", level="2.5", max=4)
    assert any(_level_name(maturity) in m.value for m in at.markdown)
    assert en("practice.level_rated", answered=2, total=6) in _texts(at)
    radar = at.get("plotly_chart")[0].proto.spec
    assert en("practice.radar_unrated") in radar


def test_dont_know_and_ratings_survive_a_page_switch() -> None:
    at = _app("practice", PROFILE)
    at.radio(key="w.maturity.sourcing").set_value(2).run()
    at.radio(key="w.maturity.cycle").set_value("dont_know").run()
    _go(at, "welcome")
    _go(at, "practice")
    assert at.radio(key="w.maturity.sourcing").value == 2
    assert at.radio(key="w.maturity.cycle").value == "dont_know"
    assert at.radio(key="w.maturity.users").value is None
    assert at.session_state["answers"]["maturity"] == {"sourcing": 2, "cycle": None}


def test_practice_is_guarded_until_the_profile_is_given() -> None:
    at = _app("practice")
    assert en("guard.missing_intro") in [w.value for w in at.warning]
    assert not at.radio


# --- information needs ---------------------------------------------------------------------------


def test_needs_without_a_profile_say_what_is_missing_with_links() -> None:
    at = _app("needs")
    assert en("guard.missing_intro") in [w.value for w in at.warning]
    fields = ", ".join(
        en(f"fields.{f}") for f in ("actor_type", "sector", "value_chain", "region", "employees")
    )
    label = en("guard.go_to", step=en("nav.profile"), fields=fields)
    links = [link.proto for link in at.get("page_link")]
    assert any(link.label == label and link.page == "profile" for link in links)
    assert not at.radio
    assert "regulatory" not in at.session_state["answers"].get("needs", {})


def test_needs_are_prefilled_from_the_priors_of_the_profile() -> None:
    at = _app("needs", PROFILE)
    needs = at.session_state["answers"]["needs"]
    assert needs == WOOD
    for kind, value in WOOD.items():
        assert at.radio(key=f"w.needs.{kind}").value == value
    # What priors say for a wood subcontractor in a moderate region: regulation, supply and
    # the market matter, patents and science little.
    priors = blended_priors(LIB, "wood", "subcontractor", "moderate_innovator")
    assert WOOD["regulatory"] == round(3 * priors["regulatory"]) >= 2
    assert WOOD["supply"] >= 2
    assert WOOD["commercial"] >= 2
    assert WOOD["patent"] <= 1
    assert WOOD["scientific"] <= 1
    why = [e for e in at.expander if e.label == en("needs.why_heading")]
    assert why, "the pre-fill is explained"
    assert at.get("plotly_chart"), "the needs bar chart is drawn"


def test_needs_are_editable_and_survive_a_page_switch() -> None:
    at = _app("needs", PROFILE)
    at.radio(key="w.needs.patent").set_value(3).run()
    at.radio(key="w.needs.regulatory").set_value("dont_know").run()
    assert not at.exception, at.exception
    assert at.session_state["answers"]["needs"]["patent"] == 3
    assert at.session_state["answers"]["needs"]["regulatory"] is None

    _go(at, "practice")
    _go(at, "needs")
    assert at.radio(key="w.needs.patent").value == 3
    # An explicit "don't know" is kept, not replaced by the suggestion.
    assert at.radio(key="w.needs.regulatory").value == "dont_know"
    assert at.session_state["answers"]["needs"]["regulatory"] is None
    assert at.session_state["answers"]["needs"]["supply"] == WOOD["supply"]


def test_given_needs_are_not_overwritten_by_the_priors() -> None:
    at = _app("needs", {**PROFILE, "needs": {"regulatory": 0, "image": None}})
    needs = at.session_state["answers"]["needs"]
    assert needs["regulatory"] == 0
    assert needs["image"] is None
    assert at.radio(key="w.needs.image").value == "dont_know"
    assert needs["supply"] == WOOD["supply"]


def test_the_suggested_values_can_be_restored() -> None:
    at = _app("needs", {**PROFILE, "needs": {"regulatory": 0, "image": None}})
    at.button(key="needs.reset").click().run()
    assert not at.exception, at.exception
    assert at.session_state["answers"]["needs"] == WOOD
    assert at.radio(key="w.needs.image").value == WOOD["image"]


def test_another_region_uses_the_innovation_profile_given() -> None:
    profile = {**PROFILE, "sector": "ict", "value_chain": "rnd", "region": "other"}
    at = _app("needs", {**profile, "region_type": "emerging_innovator"})
    expected = prefilled_needs(LIB, "ict", "rnd", "emerging_innovator")
    assert at.session_state["answers"]["needs"] == expected
