"""In Chromium: the Compare page serves, lists the library, filters it and puts set-ups side by
side, on a laptop and on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from templates_library import load_library
from templates_library.locales import catalogues

pytestmark = pytest.mark.e2e


def en(key: str, **values: object) -> str:
    return catalogues().text("en", key, **values)


def _open_compare(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/compare")
    expect(page.get_by_role("heading", name=en("compare.title"))).to_be_visible(timeout=30_000)


def test_the_compare_page_lists_templates_and_filters(
    page: Page, app_url: str, screenshot_dir: Path
) -> None:
    lib = load_library()
    total = len(lib.templates)
    page.set_viewport_size({"width": 1280, "height": 720})
    _open_compare(page, app_url)
    expect(page.get_by_text(en("compare.count", shown=total, total=total))).to_be_visible()
    first, second = list(lib.templates.values())[:2]
    for template in (first, second):  # the default pick, side by side
        expect(page.get_by_role("heading", name=template.name)).to_be_visible()
    expect(page.get_by_text(first.summary.split(".")[0], exact=False).first).to_be_visible()
    expect(page.locator("[data-testid=stPlotlyChart]").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "compare-1280.png"), full_page=True)

    page.get_by_role("combobox", name=en("compare.filters.delivery")).click()
    page.get_by_role("option", name=en("labels.delivery.shared")).click()
    shared = sum(1 for t in lib.templates.values() if t.delivery.value == "shared")
    expect(page.get_by_text(en("compare.count", shown=shared, total=total))).to_be_visible()


def test_the_page_reads_on_a_phone(page: Page, app_url: str, screenshot_dir: Path) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    _open_compare(page, app_url)
    expect(page.get_by_role("combobox", name=en("compare.filters.delivery"))).to_be_visible()
    expect(page.locator("[data-testid=stDataFrame] canvas").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "compare-390.png"), full_page=False)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the page scrolls sideways on a phone ({width} px)"
