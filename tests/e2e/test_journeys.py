"""The whole self-assessment in Chromium, from Welcome to the downloaded CSV, as a person does it.

Four personas: a wood subcontractor in Lorraine, in English; a micro winery in the Canary
Islands whose browser speaks French; a Central Macedonian food processor in Greek and an Oslo
ICT service firm in Norwegian (issue 7). The app must open in the browser's language by itself.
Every label the test looks for comes from the catalogues and the questionnaire, so the test
reads the page in the persona's language. Each page is screenshotted (tests/e2e/screenshots/)
and checked with axe-core: no serious or critical violation.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from templates_library import load_library
from templates_library.locales import catalogues
from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e
LIB = load_library()
TEXT = catalogues()
TIMEOUT = 30_000


@dataclass
class Persona:
    name: str
    locale: str
    language: str
    profile: dict[str, Any]
    numbers: dict[str, float]
    resources: dict[str, Any]
    practice: dict[str, int] = field(default_factory=dict)
    expected_first: set[str] = field(default_factory=set)


WOOD = Persona(
    name="wood-en",
    locale="en-GB",
    language="en",
    profile={
        "actor_type": "sme",
        "sector": "wood",
        "value_chain": "subcontractor",
        "region": "lorraine",
    },
    numbers={
        "employees": 35,
        "budget_eur_per_year": 3000,
        "staff_hours_per_week": 4,
        "first_results_within_weeks": 12,
    },
    resources={"willing_to_share": "non_sensitive"},
    practice={"culture": 2, "sourcing": 2},
    # Domain notes 3.2 and 2.5: many small wood firms with little in-house capacity; a shared
    # sector watch (chamber, interprofession, CRITT Bois) fits them best.
    expected_first={"chamber_shared_watch"},
)
WINERY = Persona(
    name="winery-fr",
    locale="fr-FR",
    language="fr",
    profile={
        "actor_type": "sme",
        "sector": "agro_food",
        "value_chain": "manufacturer",
        "region": "canarias",
    },
    numbers={
        "employees": 6,
        "budget_eur_per_year": 800,
        "staff_hours_per_week": 2,
        "first_results_within_weeks": 8,
    },
    resources={"willing_to_share": "all"},
    practice={"culture": 1, "deliverables": 1},
    expected_first={"chamber_shared_watch", "owner_informal_watch"},
)


def pdf_text(path: Path) -> str:
    """The text of a PDF as a reader copies it (poppler's pdftotext, installed by make test)."""
    done = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return " ".join(done.stdout.split())

# Issue 7: a whole journey in Greek and one in Norwegian, each following the browser's language.
# Domain notes 3.4 and 4: Central Macedonia's agro-food firms are small food processors with a
# chamber and cluster network, so a shared sector watch comes first; an Oslo ICT service firm with
# a real budget lives on public tenders and client markets: a commercial and tender watch.
AGRO_EL = Persona(
    name="agro-el",
    locale="el-GR",
    language="el",
    profile={
        "actor_type": "sme",
        "sector": "agro_food",
        "value_chain": "manufacturer",
        "region": "central_macedonia",
    },
    numbers={
        "employees": 25,
        "budget_eur_per_year": 2000,
        "staff_hours_per_week": 3,
        "first_results_within_weeks": 12,
    },
    resources={"willing_to_share": "non_sensitive"},
    practice={"culture": 2},
    expected_first={"chamber_shared_watch"},
)
ICT_NB = Persona(
    name="ict-nb",
    locale="nb-NO",
    language="nb",
    profile={"actor_type": "sme", "sector": "ict", "value_chain": "service", "region": "oslo"},
    numbers={
        "employees": 60,
        "budget_eur_per_year": 15000,
        "staff_hours_per_week": 8,
        "first_results_within_weeks": 16,
    },
    resources={"willing_to_share": "all"},
    practice={"culture": 3, "sourcing": 3},
    expected_first={"commercial_tender_watch"},
)


class Journey:
    """The persona's browser tab, reading labels in the persona's language."""

    def __init__(self, page: Page, persona: Persona, shots: Path) -> None:
        self.page, self.persona, self.shots = page, persona, shots
        self.violations: dict[str, list[str]] = {}

    def t(self, key: str, **values: Any) -> str:
        return TEXT.text(self.persona.language, key, **values)

    def ct(self, key: str, default: str) -> str:
        return TEXT.content(self.persona.language, key, default)

    def question(self, question_id: str) -> Any:
        questionnaire = LIB.questionnaire
        return next(
            q
            for q in (*questionnaire.profile, *questionnaire.resources)
            if question_id in (q.id, q.field)
        )

    def label(self, question_id: str) -> str:
        q = self.question(question_id)
        text = self.ct(f"questions.{q.id}.label", q.label)
        return text + (f" ({q.unit})" if q.unit and q.kind in ("integer", "number") else "")

    def choose(self, question_id: str, value: str) -> None:
        q = self.question(question_id)
        option = next(o for o in q.options if o.value == value)
        name = self.ct(f"questions.{q.id}.options.{value}", option.label)
        box = self.page.get_by_role("combobox", name=self.label(question_id))
        box.click()
        box.fill(name)  # as a person types to filter a long list
        self.page.get_by_role("option", name=name, exact=True).click()
        expect(self.page.get_by_role("combobox", name=self.label(question_id))).to_have_value(
            name, timeout=TIMEOUT
        )

    def type_number(self, question_id: str, value: float) -> None:
        box = self.page.get_by_role("spinbutton", name=self.label(question_id))
        box.fill(f"{value:g}")
        box.press("Enter")
        expect(box).to_have_value(re.compile(rf"^{value:g}(\.0+)?$"), timeout=TIMEOUT)

    def heading(self, step: str) -> None:
        expect(
            self.page.get_by_role("heading", name=self.t(f"{step}.title"), level=1)
        ).to_be_visible(timeout=TIMEOUT)

    def settle(self) -> None:
        """Wait until Streamlit has finished its run (its status widget says so)."""
        self.page.wait_for_load_state("networkidle")
        expect(self.page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT)
        # widgets Streamlit loads lazily show a skeleton until their code has arrived
        expect(self.page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=TIMEOUT)

    def check_page(self, step: str) -> None:
        self.settle()
        self.page.screenshot(
            path=str(self.shots / f"journey-{self.persona.name}-{step}.png"), full_page=True
        )
        found = axe_violations(self.page)
        if found:
            self.violations[step] = found

    def pick(self, text: str, group: str | None = None) -> None:
        """Click a radio option by its visible text (the input itself is visually hidden),
        within the radio group named ``group`` when given."""
        scope = self.page.get_by_role("radiogroup", name=group) if group else self.page
        option = scope.get_by_role("radio", name=text, exact=True).first
        scope.get_by_text(text, exact=True).first.click()
        expect(option).to_be_checked(timeout=TIMEOUT)

    def next(self) -> None:
        self.page.get_by_role("button", name=self.t("common.next")).click()


@pytest.mark.parametrize("persona", [WOOD, WINERY, AGRO_EL, ICT_NB], ids=lambda p: p.name)
def test_a_whole_journey_to_the_downloaded_recommendation(
    browser: Browser, app_url: str, screenshot_dir: Path, persona: Persona
) -> None:
    context = browser.new_context(
        locale=persona.locale, accept_downloads=True, viewport={"width": 1280, "height": 720}
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    journey = Journey(page, persona, screenshot_dir)
    try:
        page.goto(app_url)
        # Welcome, in the browser's language without touching the switch
        journey.heading("welcome")
        first = LIB.questionnaire.awareness[0]
        answer = first.answers[0]
        journey.pick(journey.ct(f"awareness.{first.id}.answers.{answer.value}", answer.label))
        journey.check_page("welcome")
        journey.next()

        # Profile
        journey.heading("profile")
        for question_id, value in persona.profile.items():
            journey.choose(question_id, value)
        journey.type_number("employees", persona.numbers["employees"])
        journey.check_page("profile")
        journey.next()

        # Current practice: rate two dimensions, leave the rest as "don't know"
        journey.heading("practice")
        scale = {int(o.value): o.label for o in LIB.questionnaire.maturity_scale}
        statements = {d.id: d.statement for d in LIB.questionnaire.maturity_dimensions}
        for dimension, value in persona.practice.items():
            rating = journey.ct(f"maturity_scale.{value}", scale[value])
            journey.pick(
                rating, group=journey.ct(f"maturity.{dimension}.statement", statements[dimension])
            )
        journey.check_page("practice")
        journey.next()

        # Needs: pre-filled from the sector's priors; accept them
        journey.heading("needs")
        journey.check_page("needs")
        journey.next()

        # Resources
        journey.heading("resources")
        for question_id in (
            "budget_eur_per_year",
            "staff_hours_per_week",
            "first_results_within_weeks",
        ):
            journey.type_number(question_id, persona.numbers[question_id])
        for question_id, value in persona.resources.items():
            journey.choose(question_id, value)
        journey.check_page("resources")
        journey.next()

        # Recommendation, explained, and its CSV
        journey.heading("recommendation")
        expected_names = {
            journey.ct(f"templates.{t}.name", LIB.templates[t].name) for t in persona.expected_first
        }
        page.locator(".js-plotly-plot").first.wait_for(timeout=TIMEOUT)
        journey.check_page("recommendation")
        with page.expect_download(timeout=TIMEOUT) as download:
            page.get_by_role("button", name=journey.t("recommendation.download_csv")).click()
        body = Path(download.value.path()).read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(body)))
        recommended = [r for r in rows if r["status"] == "recommended"]
        assert recommended, body[:500]
        assert recommended[0]["rank"] == "1"
        assert recommended[0]["template_id"] in persona.expected_first
        assert recommended[0]["name"] in expected_names
        assert recommended[0]["engine_version"]
        assert recommended[0]["library_version"] == LIB.version
        assert float(recommended[0]["score"]) >= float(recommended[-1]["score"])
        assert any(r["status"] == "excluded" and r["reasons"] for r in rows)

        # Guide book: the personal guide of the first set-up, downloaded as a PDF
        first_id = recommended[0]["template_id"]
        first_name = recommended[0]["name"]
        journey.next()
        journey.heading("guide_book")
        expect(page.get_by_text(first_name).first).to_be_visible()
        journey.check_page("guide_book")
        with page.expect_download(timeout=TIMEOUT) as download:
            page.get_by_role("button", name=journey.t("guide_book.download_pdf")).click()
        assert download.value.suggested_filename == f"guide-{first_id}-{persona.language}.pdf"
        text = pdf_text(Path(download.value.path()))
        assert first_name in text
        assert journey.t("roadmap.phases.implantation") in text

        # Roadmap: the timeline, the costs side by side, the roadmap as PDF and CSV
        journey.next()
        journey.heading("roadmap")
        page.locator(".js-plotly-plot").first.wait_for(timeout=TIMEOUT)
        journey.check_page("roadmap")
        with page.expect_download(timeout=TIMEOUT) as download:
            page.get_by_role("button", name=journey.t("roadmap.download_pdf")).click()
        text = pdf_text(Path(download.value.path()))
        assert first_name in text
        assert journey.t("roadmap.phases.use") in text
        with page.expect_download(timeout=TIMEOUT) as download:
            page.get_by_role("button", name=journey.t("roadmap.download_csv")).click()
        body = Path(download.value.path()).read_text(encoding="utf-8-sig")
        phases = list(csv.DictReader(io.StringIO(body)))
        assert [r["phase"] for r in phases] == ["implantation", "implementation", "use"]
        assert {r["template_id"] for r in phases} == {first_id}

        # Compare, from the sidebar
        page.get_by_role("link", name=journey.t("nav.compare")).click()
        expect(
            page.get_by_role("heading", name=journey.t("compare.title"), level=1)
        ).to_be_visible()
        journey.check_page("compare")
        assert journey.violations == {}, journey.violations
    finally:
        context.close()


def test_loaded_answers_give_a_recommendation_that_reads_on_a_phone(
    browser: Browser, app_url: str, screenshot_dir: Path
) -> None:
    """Load a saved answers file from the sidebar, open the recommendation, then narrow the
    window to a phone's 390 px: nothing scrolls sideways and axe finds nothing serious."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    journey = Journey(page, WOOD, screenshot_dir)
    try:
        page.goto(app_url)
        journey.heading("welcome")
        page.get_by_text(journey.t("files.load_label"), exact=True).click()
        sample = Path(__file__).resolve().parents[2] / "data" / "samples"
        page.locator("input[type=file]").set_input_files(sample / "answers_wood_lorraine.yaml")
        expect(
            page.get_by_text(journey.t("files.loaded", name="answers_wood_lorraine.yaml"))
        ).to_be_visible()
        page.get_by_role("link", name=journey.t("nav.recommendation")).click()
        journey.heading("recommendation")
        page.locator(".js-plotly-plot").first.wait_for()
        page.set_viewport_size({"width": 390, "height": 844})
        journey.settle()
        page.screenshot(path=str(screenshot_dir / "recommendation-390.png"))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 391, f"the page scrolls sideways on a phone ({width} px)"
        assert axe_violations(page) == []
    finally:
        context.close()
