"""AppTest: the guide book and roadmap pages, through the real entrypoint.

What a user sees must be what the downloads contain: the page's title and phases are checked
against the report built directly from the same answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from reports.guide import build_personal_guide, layout
from reports.roadmap_report import build_roadmap_report
from scoring.answers import parse_answers
from scoring.recommend import engine_for, recommend
from templates_library import formats
from templates_library.locales import catalogues

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "data" / "samples" / "answers_wood_lorraine.yaml"
GUIDE = "wizard/guide_book.py"
ROADMAP = "wizard/roadmap.py"


def t(key: str, lang: str = "en", **values: Any) -> str:
    return catalogues().text(lang, key, **values)


def sample(**changes: Any) -> dict[str, Any]:
    answers = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    answers.update(changes)
    return answers


def open_page(page: str, answers: dict[str, Any] | None, lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if answers is not None:
        at.session_state["answers"] = answers
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def result_of(answers: dict[str, Any]) -> dict[str, Any]:
    return recommend(parse_answers(answers), engine_for(), robustness=False)


def texts(at: AppTest) -> list[str]:
    """The page's texts as read (Markdown's backslash escapes removed)."""
    return [m.value.replace("\\", "") for m in [*at.markdown, *at.caption]]


def buttons(at: AppTest) -> dict[str, Any]:
    """The page's download buttons (not the sidebar's "save answers"), by label."""
    return {
        b.proto.label: b for b in at.get("download_button") if not str(b.key).startswith("files.")
    }


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_guide_book_shows_the_first_set_ups_guide_with_three_downloads(lang: str) -> None:
    answers = sample()
    at = open_page(GUIDE, answers, lang)
    first = result_of(answers)["recommendations"][0]["template_id"]
    document = layout(build_personal_guide(parse_answers(answers), setup_id=first, lang=lang))
    assert at.title[0].value == t("guide_book.title", lang)
    assert at.selectbox(key="guide_book.setup").value == first
    assert document.title in [h.value for h in at.subheader]
    # every section of the document is a panel on the page, in the same order
    panels = [e.label for e in at.expander]
    assert [h.text for h in document.sections()] == [
        p for p in panels if p in {h.text for h in document.sections()}
    ]
    assert set(buttons(at)) >= {
        t("guide_book.download_pdf", lang),
        t("guide_book.download_html", lang),
        t("guide_book.download_md", lang),
    }
    # the roadmap chapter is in the guide, with its timeline drawn as a chart
    assert at.get("plotly_chart"), "the roadmap's timeline is missing from the guide"


def test_the_chosen_set_up_is_kept_from_the_guide_book_to_the_roadmap() -> None:
    answers = sample()
    ranked = [r["template_id"] for r in result_of(answers)["recommendations"]]
    at = open_page(GUIDE, answers)
    at.selectbox(key="guide_book.setup").set_value(ranked[1]).run()
    assert not at.exception, at.exception
    report = build_roadmap_report(parse_answers(answers), setup_id=ranked[1])
    guide = layout(build_personal_guide(parse_answers(answers), setup_id=ranked[1]))
    assert guide.title in [h.value for h in at.subheader]
    at.switch_page(ROADMAP).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="roadmap.setup").value == ranked[1]
    assert t("roadmap.support_heading", region=report.region_name) in [
        h.value for h in at.subheader
    ]
    assert any(report.setup_name in text for text in texts(at))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_roadmap_shows_costs_phases_comparison_and_downloads(lang: str) -> None:
    answers = sample()
    at = open_page(ROADMAP, answers, lang)
    report = build_roadmap_report(parse_answers(answers), lang=lang)
    metrics = {m.label: m.value for m in at.metric}
    assert set(metrics) == {
        t("roadmap.metric_setup", lang),
        t("roadmap.metric_yearly", lang),
        t("roadmap.metric_total", lang),
        t("roadmap.metric_budget", lang),
    }
    assert metrics[t("roadmap.metric_budget", lang)] == formats.money(9000, lang), metrics
    phases = next(d.value for d in at.dataframe if t("roadmap.col_milestone", lang) in d.value)
    assert list(phases[t("roadmap.col_phase", lang)]) == [p.name for p in report.phases]
    assert len(at.get("plotly_chart")) == 2  # the timeline and the costs side by side
    assert len(report.comparison) >= 3
    for cost in report.comparison:
        assert any(cost.name in text for text in texts(at)), cost.name
    assert set(buttons(at)) == {t("roadmap.download_pdf", lang), t("roadmap.download_csv", lang)}
    names = [s.name for s in report.support]
    assert names, "Lorraine has intermediaries and schemes"
    assert all(any(name in text for text in texts(at)) for name in names)


def test_with_no_set_up_that_fits_both_pages_say_so_and_link_to_the_resources() -> None:
    answers = sample(budget_eur_per_year=0, staff_hours_per_week=0)
    assert result_of(answers)["recommendations"] == []
    for page in (GUIDE, ROADMAP):
        at = open_page(page, answers)
        assert [w.value for w in at.warning] == [t("recommendation.none_feasible")]
        assert not buttons(at)


def test_the_pages_wait_for_the_answers_they_need() -> None:
    for page in (GUIDE, ROADMAP):
        at = open_page(page, {"schema_version": 1, "sector": "wood"})
        assert [w.value for w in at.warning] == [t("guard.missing_intro")]
        assert not buttons(at)
