"""In Chromium: the app serves, lists the library and filters it, on a laptop and a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from templates_library import load_library

pytestmark = pytest.mark.e2e


def test_the_library_page_lists_templates_and_filters(
    page: Page, app_url: str, screenshot_dir: Path
) -> None:
    lib = load_library()
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url)
    expect(
        page.get_by_role("heading", name="Intelligence set-ups: the benchmark library")
    ).to_be_visible(timeout=30_000)
    expect(
        page.get_by_text(f"{len(lib.templates)} of {len(lib.templates)} set-ups match")
    ).to_be_visible()
    first = next(iter(lib.templates.values()))
    page.get_by_text(first.name, exact=True).first.click()  # open its expander
    expect(page.get_by_text(first.summary.split(".")[0], exact=False).first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "library-1280.png"), full_page=True)

    page.get_by_role("combobox", name="Delivery").click()
    page.get_by_role("option", name="shared").click()
    shared = sum(1 for t in lib.templates.values() if t.delivery.value == "shared")
    expect(page.get_by_text(f"{shared} of {len(lib.templates)} set-ups match")).to_be_visible()


def test_the_page_reads_on_a_phone(page: Page, app_url: str, screenshot_dir: Path) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(app_url)
    expect(
        page.get_by_role("heading", name="Intelligence set-ups: the benchmark library")
    ).to_be_visible(timeout=30_000)
    expect(page.get_by_role("combobox", name="Delivery")).to_be_visible()
    expect(page.locator("[data-testid=stDataFrame] canvas").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "library-390.png"), full_page=False)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the page scrolls sideways on a phone ({width} px)"
