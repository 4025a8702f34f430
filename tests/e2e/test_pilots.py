"""In Chromium: a partner records a pilot and a KPI reading, the app is restarted (a new server
process on the same SQLite file), and the pilot and its reading are still there. Each state is
screenshotted (tests/e2e/screenshots/pilots-*.png) and checked with axe-core: no serious or
critical violation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from templates_library import load_library
from templates_library.locales import catalogues
from tests.e2e.conftest import axe_violations, running_app

pytestmark = pytest.mark.e2e
LIB = load_library()
OWNER = LIB.templates["owner_informal_watch"]
THEMES = OWNER.kpis[0]  # themes covered, target 4
TIMEOUT = 30_000


def en(key: str, **values: object) -> str:
    return catalogues().text("en", key, **values)


def open_pilots(page: Page, url: str) -> None:
    page.goto(f"{url}/pilots")
    expect(page.get_by_role("heading", name=en("pilots.title"))).to_be_visible(timeout=TIMEOUT)


def check(page: Page, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"pilots-{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)


def test_a_pilot_and_its_reading_survive_a_restart_of_the_app(
    browser: Browser, tmp_path: Path, screenshot_dir: Path
) -> None:
    database = f"sqlite:///{tmp_path / 'pilots.sqlite3'}"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    try:
        with running_app(database, tmp_path) as url:
            open_pilots(page, url)
            expect(page.get_by_role("heading", name=en("pilots.empty.heading"))).to_be_visible()
            organisation = page.get_by_role("textbox", name=en("pilots.fields.organisation"))
            expect(organisation).to_be_visible()
            check(page, screenshot_dir, "empty")

            setup = page.get_by_role("combobox", name=en("pilots.fields.template_id"))
            setup.click()
            setup.fill(OWNER.name)
            page.get_by_role("option", name=OWNER.name, exact=True).click()
            page.get_by_role("textbox", name=en("pilots.fields.organisation")).fill(
                "Scierie Dupont"
            )
            page.get_by_role("button", name=en("pilots.new.save")).click()
            name = en("pilots.name", id=1, who="Scierie Dupont")
            expect(page.get_by_text(en("pilots.new.saved", name=name))).to_be_visible(
                timeout=TIMEOUT
            )

            page.get_by_role("spinbutton", name=en("pilots.fields.value")).fill("3")
            page.get_by_role("textbox", name=en("pilots.fields.note")).fill("four themes planned")
            page.get_by_role("button", name=en("pilots.readings.save")).click()
            kpi = en("pilots.kpi_with_unit", name=THEMES.name, unit=THEMES.unit)
            saved = en("pilots.readings.saved", kpi=kpi, value="3", day=date.today().isoformat())
            expect(page.get_by_text(saved)).to_be_visible(timeout=TIMEOUT)
            # the reading form is empty again, ready for the next reading
            expect(page.get_by_role("spinbutton", name=en("pilots.fields.value"))).to_have_value("")
            expect(page.get_by_role("textbox", name=en("pilots.fields.note"))).to_have_value("")
            page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").first.wait_for(
                timeout=TIMEOUT
            )
            check(page, screenshot_dir, "recorded")

        # The server process is gone; a new one opens the same database.
        with running_app(database, tmp_path) as url:
            open_pilots(page, url)
            expect(page.get_by_role("heading", name=en("pilots.follow.heading"))).to_be_visible()
            expect(page.get_by_text("Scierie Dupont").first).to_be_visible()
            chart = page.locator("[data-testid=stPlotlyChart]").first
            chart.locator(".js-plotly-plot").wait_for(timeout=TIMEOUT)
            # the reading's value is written on its point, and the target is labelled
            expect(chart.locator("text", has_text="3").first).to_be_attached()
            expect(chart.get_by_text(f"{en('pilots.table.target')} ≥ 4")).to_be_visible()
            page.get_by_text(en("pilots.readings.all")).click()
            check(page, screenshot_dir, "after-restart")
    finally:
        context.close()
