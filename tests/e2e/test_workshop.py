"""A workshop in Chromium: a facilitator opens it; three participants, each in a browser context
of their own (their own session), join with its code, load their answers from the sidebar, open
the recommendation and send them; the projector (in the facilitator's context) then shows three
submissions. A wrong PIN and an unknown code are refused. The results CSV downloads with the
three rows. The three workshop pages are screenshotted (tests/e2e/screenshots/workshop-*.png)
and checked with axe-core: no serious or critical violation.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from templates_library.locales import catalogues
from tests.e2e.conftest import axe_violations
from tests.e2e.workshop_steps import join, send

pytestmark = pytest.mark.e2e
TEXT = catalogues()
TIMEOUT = 30_000
TITLE = "Wood industry day"


def en(key: str, **values: Any) -> str:
    return TEXT.text("en", key, **values)


def new_page(browser: Browser, width: int = 1280, height: int = 900) -> tuple[BrowserContext, Page]:
    context = browser.new_context(
        locale="en-GB", viewport={"width": width, "height": height}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    return context, page


def heading(page: Page, key: str) -> None:
    expect(page.get_by_role("heading", name=en(key), level=1)).to_be_visible()


def settle(page: Page) -> None:
    """Wait until Streamlit has drawn the run (no status widget, no skeleton left)."""
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)


def check(page: Page, shots: Path, name: str) -> None:
    settle(page)
    page.screenshot(path=str(shots / f"workshop-{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)


def open_workshop(page: Page, url: str) -> tuple[str, str]:
    """Open a workshop from the facilitator's page; its join code and PIN."""
    page.goto(f"{url}/workshop")
    heading(page, "workshop.title")
    page.get_by_role("textbox", name=en("workshop.fields.title")).fill(TITLE)
    regions = page.get_by_role("combobox", name=en("workshop.fields.regions"))
    regions.click()
    page.get_by_role("option", name="Lorraine (Grand Est)").click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name=en("workshop.open.submit")).click()
    expect(page.get_by_text(en("workshop.open.done", title=TITLE))).to_be_visible()
    link = page.get_by_text(re.compile(r"/join\?code=[2-9A-Z]{6}$")).first.inner_text()
    code = link.rsplit("=", 1)[1]
    pin_block = page.get_by_text(re.compile(r"^\d{6}$")).first
    return code, pin_block.inner_text()


def test_a_room_joins_sends_and_the_projector_counts_three(
    browser: Browser, app_url: str, screenshot_dir: Path
) -> None:
    contexts: list[BrowserContext] = []
    try:
        facilitator_context, facilitator = new_page(browser, 1920, 1080)
        contexts.append(facilitator_context)
        code, pin = open_workshop(facilitator, app_url)
        expect(facilitator.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
        check(facilitator, screenshot_dir, "opened")

        # A wrong PIN, from another device: refused, with the attempts left.
        other_context, other = new_page(browser)
        contexts.append(other_context)
        other.goto(f"{app_url}/workshop")
        heading(other, "workshop.title")
        other.get_by_role("textbox", name=en("workshop.fields.code")).fill(code)
        wrong = "1111" if pin != "1111" else "2222"
        other.get_by_role("textbox", name=en("workshop.fields.pin"), exact=True).fill(wrong)
        other.get_by_role("button", name=en("workshop.manage.submit")).click()
        expect(
            other.get_by_text(en("workshop.errors.wrong_pin", remaining=4, minutes=5))
        ).to_be_visible()
        expect(other.get_by_text(en("workshop.joined"))).to_have_count(0)  # no controls

        # Three participants, each in a context of their own.
        for number, organisation in enumerate(("Scierie Dupont", "Bois Lorrain", ""), start=1):
            context, page = new_page(browser)
            contexts.append(context)
            if number == 1:  # an unknown code first: refused, with the tries left
                page.goto(f"{app_url}/join")
                heading(page, "join.title")
                page.get_by_role("textbox", name=en("join.fields.code")).fill("ZZZ222")
                page.get_by_role("button", name=en("join.submit"), exact=True).click()
                expect(
                    page.get_by_text(en("workshop.errors.unknown_code", code="ZZZ222"))
                ).to_be_visible()
                expect(page.get_by_text(en("join.tries_left", count=4))).to_be_visible()
            join(page, app_url, code, organisation, title=TITLE)
            if number == 1:
                check(page, screenshot_dir, "joined")
            send(page)
            if number == 1:
                page.screenshot(path=str(screenshot_dir / "workshop-sent.png"), full_page=False)

        # The projector, in the facilitator's session: three answers sent.
        facilitator.get_by_role("link", name=en("workshop.projector_link")).click()
        heading(facilitator, "projector.title")
        sent = facilitator.get_by_test_id("stMetric").filter(has_text=en("projector.submitted"))
        expect(sent.get_by_test_id("stMetricValue")).to_have_text("3")
        joined = facilitator.get_by_test_id("stMetric").filter(has_text=en("projector.joined"))
        expect(joined.get_by_test_id("stMetricValue")).to_have_text("3")
        facilitator.locator("[data-testid=stPlotlyChart] .js-plotly-plot").first.wait_for()
        expect(
            facilitator.get_by_text(re.compile("Scierie Dupont \\(participant 1\\)"))
        ).to_be_visible()
        check(facilitator, screenshot_dir, "projector")
        maturity = facilitator.get_by_role("heading", name=en("projector.panels.maturity"))
        maturity.scroll_into_view_if_needed()
        facilitator.screenshot(path=str(screenshot_dir / "workshop-projector-maturity.png"))

        # The results, anonymised: three rows, no organisation column.
        facilitator.get_by_role("link", name=en("nav.workshop")).click()
        heading(facilitator, "workshop.title")
        with facilitator.expect_download() as download:
            facilitator.get_by_role("button", name=en("workshop.export.csv")).click()
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [row["participant"] for row in rows] == ["1", "2", "3"]
        assert "organisation" not in rows[0]
        assert "Scierie Dupont" not in text
        for label, magic in (("workshop.export.xlsx", b"PK"), ("workshop.export.pdf", b"%PDF")):
            with facilitator.expect_download() as download:
                facilitator.get_by_role("button", name=en(label)).click()
            assert Path(download.value.path()).read_bytes().startswith(magic), label
        exports = facilitator.get_by_role("heading", name=en("workshop.panels.heading"))
        exports.scroll_into_view_if_needed()
        facilitator.screenshot(path=str(screenshot_dir / "workshop-controls.png"))
    finally:
        for context in contexts:
            context.close()
