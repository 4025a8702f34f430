"""In Chromium: a partner uploads the sample survey through the page's real file input, the
page scores it and draws its heatmaps, the scored survey downloads as the batch command writes
it, and axe-core finds no serious or critical violation. Screenshots:
tests/e2e/screenshots/analytics-*.png."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from templates_library.locales import catalogues
from tests.e2e.conftest import ROOT, axe_violations

pytestmark = pytest.mark.e2e
SAMPLE = ROOT / "data" / "samples" / "survey_sample.csv"
TIMEOUT = 30_000


def en(key: str, **values: object) -> str:
    return catalogues().text("en", key, **values)


def check(page: Page, shots: Path, name: str, height: int = 900) -> None:
    """A screenshot (Streamlit scrolls inside its main area, so the window is made ``height``
    tall to take the whole page), then axe-core."""
    page.set_viewport_size({"width": 1280, "height": height})
    page.wait_for_timeout(500)  # the charts redraw at the new size
    page.screenshot(path=str(shots / f"analytics-{name}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)


def test_a_partner_uploads_a_survey_and_sees_it_by_region_and_sector(
    browser: Browser, app_url: str, screenshot_dir: Path, tmp_path: Path
) -> None:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", accept_downloads=True
    )
    page = context.new_page()
    try:
        page.goto(f"{app_url}/analytics")
        expect(page.get_by_role("heading", name=en("analytics.title"))).to_be_visible(
            timeout=TIMEOUT
        )
        expect(page.get_by_text(en("analytics.empty"))).to_be_visible()
        check(page, screenshot_dir, "empty")

        # A survey with a bad row (line 11), uploaded through the real file input.
        survey = tmp_path / "regional-survey.csv"
        survey.write_bytes(
            SAMPLE.read_bytes()
            + b"bad-01,sme,woood,subcontractor,lorraine,,35,3000,4,12,non_sensitive,"
            + b"2,1,2,1,1,1,2,0,0,2,3,3,2,0,1,0,0,none,saas_only,\n"
        )
        # The page's own uploader (the sidebar has one for answers files too).
        uploader = page.get_by_role("region", name=en("analytics.upload.label"))
        uploader.locator("input[type=file]").set_input_files(survey)
        expect(page.get_by_role("heading", name=en("analytics.read.heading"))).to_be_visible(
            timeout=TIMEOUT
        )
        expect(page.get_by_text("10 rows read, 9 scored, 1 with errors")).to_be_visible()
        expect(page.get_by_role("heading", name=en("analytics.bad_rows.heading"))).to_be_visible()
        for heading in ("needs", "maturity", "setups", "pooling", "export", "compare"):
            expect(
                page.get_by_role("heading", name=en(f"analytics.{heading}.heading"), exact=True)
            ).to_be_visible()
        # The heatmaps are drawn, their values written in the cells.
        charts = page.locator("[data-testid=stPlotlyChart] .js-plotly-plot")
        expect(charts).to_have_count(6, timeout=TIMEOUT)
        expect(page.locator(".js-plotly-plot .heatmaplayer").first).to_be_attached()
        expect(page.locator(".js-plotly-plot .textpoint").first).to_be_attached()

        # Smaller groups shown: every region of the sample has its values.
        smallest = page.get_by_role("spinbutton", name=en("analytics.privacy.label"))
        smallest.fill("1")
        smallest.press("Enter")
        expect(page.get_by_text(en("analytics.privacy.all"))).to_be_visible(timeout=TIMEOUT)
        page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").first.wait_for()
        check(page, screenshot_dir, "scored", height=7000)

        button = page.get_by_role("button", name=en("analytics.export.scored"))
        expect(button).to_be_visible()
        with page.expect_download(timeout=TIMEOUT) as download:
            button.click()
        assert download.value.suggested_filename == "regional-survey-scored.csv"
        rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
        assert len(rows) == 10
        assert rows[9]["error"].startswith("sector: 'woood' is not allowed")
        assert all(row["top1"] for row in rows[:9])
        expect(
            page.get_by_role("button", name=en("analytics.export.aggregates_xlsx"))
        ).to_be_visible()
    finally:
        context.close()
