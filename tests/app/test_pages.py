"""Every page, in every language, through the real entrypoint; the profile page; the language
switch (browser default, switching keeps the answers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from templates_library import load_library
from templates_library.locales import catalogues

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SAMPLE = yaml.safe_load((ROOT / "data" / "samples" / "answers_wood_lorraine.yaml").read_text())
PAGES = [
    "welcome",
    "profile",
    "practice",
    "needs",
    "resources",
    "recommendation",
    "guide_book",
    "roadmap",
    "compare",
    "pilots",
    "join",
    "workshop",
    "projector",
    "analytics",
]
TEXT = catalogues()
LIB = load_library()


def app(
    answers: dict[str, Any] | None = None, lang: str | None = None, locale: str | None = None
) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if answers is not None:
        at.session_state["answers"] = {
            **answers,
            "maturity": dict(answers.get("maturity", {})),
            "needs": dict(answers.get("needs", {})),
        }
    if lang is not None:
        at.session_state["lang"] = lang
    if locale is not None:
        at.context["locale"] = locale
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", TEXT.languages)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_every_language(page: str, lang: str) -> None:
    at = app(SAMPLE, lang=lang)
    at.switch_page(f"wizard/{page}.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == TEXT.text(lang, f"{page}.title")
    # nothing on the page is a bare catalogue key (a missing string shows its key)
    texts = [m.value for m in at.markdown] + [h.value for h in [*at.header, *at.subheader]]
    keys = {k for k in TEXT.strings["en"] if "." in k}
    assert not [t for t in texts if t in keys], "a string is missing from the catalogue"


def test_the_browser_language_is_the_default() -> None:
    at = app(locale="fr-FR")
    assert at.title[0].value == TEXT.text("fr", "welcome.title")
    at = app(locale="de-DE")
    assert at.title[0].value == TEXT.text("de", "welcome.title")
    at = app(locale="no-NO")  # Norwegian without a written standard: Bokmål
    assert at.title[0].value == TEXT.text("nb", "welcome.title")
    at = app(locale="it-IT")  # not a language of the app: English
    assert at.title[0].value == TEXT.text("en", "welcome.title")


def test_switching_language_keeps_the_answers() -> None:
    at = app(SAMPLE, lang="en")
    at.switch_page("wizard/profile.py").run()
    at.selectbox(key="language_switch").set_value("fr").run()
    assert not at.exception
    assert at.title[0].value == TEXT.text("fr", "profile.title")
    assert at.session_state["answers"]["sector"] == "wood"
    assert at.session_state["answers"]["budget_eur_per_year"] == 3000
    assert at.session_state["answers"]["language"] == "fr"
    assert at.selectbox(key="w.sector").value == "wood"


class TestProfile:
    def test_answers_are_kept_across_pages(self) -> None:
        at = app()
        at.switch_page("wizard/profile.py").run()
        at.selectbox(key="w.sector").set_value("ict").run()
        at.number_input(key="w.employees").set_value(12).run()
        at.switch_page("wizard/welcome.py").run()
        at.switch_page("wizard/profile.py").run()
        assert at.selectbox(key="w.sector").value == "ict"
        assert at.number_input(key="w.employees").value == 12
        assert at.session_state["answers"]["employees"] == 12

    def test_the_regions_innovation_profile_is_shown(self) -> None:
        at = app()
        at.switch_page("wizard/profile.py").run()
        at.selectbox(key="w.region").set_value("canarias").run()
        ris = LIB.regions["canarias"].ris
        group = TEXT.text("en", f"labels.region_types.{ris.group.value}")
        assert any(group in i.value and str(ris.year) in i.value for i in at.info)

    def test_another_region_asks_for_its_innovation_profile(self) -> None:
        at = app()
        at.switch_page("wizard/profile.py").run()
        assert "w.region_type" not in [s.key for s in at.selectbox]
        at.selectbox(key="w.region").set_value("other").run()
        at.selectbox(key="w.region_type").set_value("strong_innovator").run()
        assert at.session_state["answers"]["region_type"] == "strong_innovator"

    def test_next_leads_to_current_practice(self) -> None:
        at = app(SAMPLE)
        at.switch_page("wizard/profile.py").run()
        at.button(key="next.profile").click().run()
        assert at.title[0].value == TEXT.text("en", "practice.title")


def test_a_page_reached_too_early_says_what_is_missing() -> None:
    at = app()
    at.switch_page("wizard/recommendation.py").run()
    assert at.warning[0].value == TEXT.text("en", "guard.missing_intro")
    links = [link.proto.label for link in at.get("page_link") if "nav" not in link.proto.label]
    profile = TEXT.text("en", "nav.profile")
    assert any(label.startswith(profile + ":") for label in links), links
    assert not at.get("plotly_chart"), "nothing of the recommendation is drawn"
