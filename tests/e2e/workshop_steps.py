"""What a workshop participant does in the browser, shared by the Playwright test of workshops
and by ``benchmarks/workshop_load.py --browsers``: join with the code, load an answers file from
the sidebar, open the recommendation and send the answers. Labels come from the English
catalogue, as the participant reads them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from templates_library.locales import catalogues

TIMEOUT = 30_000
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "answers_wood_lorraine.yaml"


def en(key: str, **values: Any) -> str:
    return catalogues().text("en", key, **values)


def settle(page: Page) -> None:
    """Wait until Streamlit has finished its run: a click during a rerun can be lost."""
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)


def join(page: Page, url: str, code: str, organisation: str = "", title: str | None = None) -> None:
    """Join the workshop ``code`` from its link; with ``organisation``, consent to matchmaking
    and give the name. ``title``, when given, is checked in the confirmation."""
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{url}/join?code={code}")
    expect(page.get_by_role("heading", name=en("join.title"), level=1)).to_be_visible()
    expect(page.get_by_role("textbox", name=en("join.fields.code"))).to_have_value(code)
    if organisation:
        page.get_by_text(en("join.fields.consent"), exact=True).click()
        name = page.get_by_role("textbox", name=en("join.fields.organisation"))
        expect(name).to_be_enabled()
        name.fill(organisation)
        name.press("Enter")
    page.get_by_role("button", name=en("join.submit"), exact=True).click()
    if title is not None:
        expect(page.get_by_text(en("join.joined", title=title))).to_be_visible()
    expect(page.get_by_text(re.compile(rf"\({code}\)$"))).to_be_visible()  # sidebar note
    settle(page)


def send(page: Page, answers: Path = SAMPLE) -> None:
    """Load ``answers`` from the sidebar, open the recommendation, send them."""
    settle(page)
    page.get_by_text(en("files.load_label"), exact=True).click()
    page.locator("[data-testid=stSidebar] input[type=file]").set_input_files(answers)
    expect(page.get_by_text(en("files.loaded", name=answers.name))).to_be_visible()
    page.get_by_role("link", name=en("nav.recommendation")).click()
    expect(page.get_by_role("heading", name=en("recommendation.title"), level=1)).to_be_visible()
    page.get_by_role("button", name=en("join.send.button")).click()
    expect(page.get_by_text(en("join.send.done"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"/join\?result=[\w-]+$"))).to_be_visible()


def join_and_send(page: Page, url: str, code: str, answers: Path = SAMPLE) -> None:
    """A participant from the join link to the sent answers."""
    join(page, url, code)
    send(page, answers)
