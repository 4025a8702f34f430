"""The survey analytics page through the real entrypoint (AppTest).

AppTest cannot drive a file uploader, so each test puts the uploaded file where the uploader's
callback puts it (``analytics.upload``: name and bytes) and the page does the rest: it scores
the file, lists the rows with errors, draws the heatmaps and offers the downloads. The workshop
comparison runs against a real SQLite file with a workshop and three submissions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

import storage
from reports.survey_analytics import MAX_BYTES
from scoring.aggregate import result_summary
from scoring.answers import parse_answers
from scoring.recommend import engine_for, recommend
from templates_library.locales import catalogues
from wizard.analytics_view import FIRST, SECOND
from wizard.explain import escape_markdown
from wizard.store import close_stores
from wizard.workshop_common import ADMIN, Admin

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TEXT = catalogues()
SURVEY = (ROOT / "data" / "samples" / "survey_sample.csv").read_bytes()
ANSWERS = yaml.safe_load((ROOT / "data" / "samples" / "answers_wood_lorraine.yaml").read_text())
#: The sample with a tenth respondent whose sector and regulatory need are wrong: line 11.
BAD_LINE = (
    b"bad-01,sme,woood,subcontractor,lorraine,,35,3000,4,12,non_sensitive,"
    b"2,1,2,1,1,1,2,0,0,2,3,3,7,0,1,0,0,none,saas_only,\n"
)
WITH_A_BAD_ROW = SURVEY + BAD_LINE
KEY_LIKE = re.compile(r"\banalytics\.[a-z_]+(\.[a-z_]+)*\b")


def text(lang: str, key: str, **values: Any) -> str:
    return TEXT.text(lang, key, **values)


def page(upload: bytes | None = None, *, name: str = "survey.csv", lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    if upload is not None:
        at.session_state[FIRST] = {"name": name, "data": upload}
    at.switch_page("wizard/analytics.py").run()
    assert not at.exception, at.exception
    return at


def headers(at: AppTest) -> list[str]:
    return [h.value for h in at.header]


def everything(at: AppTest) -> str:
    parts = [
        *(m.value for m in at.markdown),
        *(h.value for h in [*at.title, *at.header, *at.subheader]),
        *(c.value for c in at.caption),
        *(e.value for e in [*at.error, *at.warning, *at.info]),
        *(b.proto.label for b in at.get("download_button")),
        *(e.proto.label for e in at.get("expander")),
    ]
    return "\n".join(str(p) for p in parts)


def table(at: AppTest, column: str) -> Any:
    """The first data table of the page with ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def chart_data(at: AppTest, index: int) -> list[dict[str, Any]]:
    return json.loads(at.get("plotly_chart")[index].proto.spec)["data"]


def downloads(at: AppTest) -> dict[str, Any]:
    return {b.proto.label: b for b in at.get("download_button")}


def charts(at: AppTest) -> list[str]:
    """The titles of the Plotly charts on the page."""
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_survey_is_scored_and_shown_by_region_and_sector(lang: str) -> None:
    at = page(WITH_A_BAD_ROW, lang=lang)
    assert at.title[0].value == text(lang, "analytics.title")
    assert headers(at) == [
        text(lang, f"analytics.{key}.heading")
        for key in ("read", "respondents", "needs", "maturity", "setups", "pooling", "export")
    ] + [text(lang, "analytics.compare.heading")]
    # the heatmaps: needs by region and by sector, maturity by region, set-ups by group
    titles = charts(at)
    for key in (
        "needs.by_region",
        "needs.by_sector",
        "maturity.by_region",
        "setups.chart",
        "setups.by_region",
        "setups.by_sector",
    ):
        assert text(lang, f"analytics.{key}") in titles
    # every string comes from the catalogue: no key shows
    assert not KEY_LIKE.search(everything(at)), KEY_LIKE.search(everything(at))
    assert not any(e.value for e in at.error)


def test_the_rows_with_errors_are_listed_with_their_row_and_reason() -> None:
    at = page(WITH_A_BAD_ROW)
    assert text("en", "analytics.bad_rows.heading") in [s.value for s in at.subheader]
    summary = next(m.value for m in at.markdown if m.value.startswith("**survey"))
    assert "10 rows read, 9 scored, 1 with errors" in summary
    errors = table(at, "Reason")
    assert list(errors.columns) == ["Row", "Column", "Reason"]
    assert errors["Row"].tolist() == [11, 11]
    assert errors["Column"].tolist() == ["sector", "needs_regulatory"]
    assert "'woood' is not allowed" in errors["Reason"][0]
    assert "'7' is not allowed" in errors["Reason"][1]
    # the good rows were scored: nine respondents counted by region
    counts = table(at, "Region")
    assert counts["Respondents"].sum() == 9


def test_the_downloads_are_offered_without_rerunning_the_page() -> None:
    at = page(WITH_A_BAD_ROW)
    found = downloads(at)
    for key in ("export.scored", "export.aggregates_csv", "export.aggregates_xlsx"):
        label = text("en", f"analytics.{key}")
        assert label in found
        assert found[label].proto.url.startswith("/mock/media/")
    assert found[text("en", "analytics.export.scored")].proto.url.endswith(".csv")
    assert found[text("en", "analytics.export.aggregates_xlsx")].proto.url.endswith(".xlsx")


def test_the_file_is_scored_once_and_the_smallest_group_reveals_small_cells() -> None:
    at = page(SURVEY)
    scored = at.session_state[f"{FIRST}._scored"]
    # with groups of 3 or more, the sample's regions (1 or 2 respondents each) are all hidden
    assert at.caption[0].value == text("en", "analytics.privacy.note", n=3)
    cells = chart_data(at, 0)[1]  # needs by region: the values written over the cells
    assert set(cells["text"]) == {"–"}
    at.number_input(key="analytics.min_group").set_value(1).run()
    assert not at.exception
    assert at.session_state[f"{FIRST}._scored"] is scored  # not scored again
    assert at.caption[0].value == text("en", "analytics.privacy.all")
    cells = chart_data(at, 0)[1]
    assert "–" not in cells["text"]
    assert "3" in cells["text"]  # Lorraine's regulatory need, 3 for both respondents


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("survey.pdf", b"%PDF-1.4", "analytics.errors.wrong_type"),
        ("survey.csv", b"", "analytics.errors.empty"),
        ("survey.csv", b"sector,regoin\nwood,lorraine\n", "analytics.errors.columns"),
        ("survey.xlsx", b"not a workbook", "analytics.errors.unreadable"),
    ],
)
def test_a_file_that_cannot_be_used_says_why(name: str, data: bytes, key: str) -> None:
    at = page(data, name=name)
    message = at.error[0].value
    assert message.startswith(text("en", key, name=name.replace(".", "\\.")))
    if key.endswith(("columns", "unreadable")):
        assert text("en", "analytics.errors.detail", detail="")[:6] in message
    assert text("en", "analytics.read.heading") not in headers(at)


def test_a_file_over_the_limit_is_refused_with_the_limit() -> None:
    at = page(b"x" * (MAX_BYTES + 1), name="big.csv", lang="fr")
    assert at.error[0].value == text(
        "fr", "analytics.errors.too_large", name="big\\.csv", size="20", limit="20"
    )


def test_without_a_file_the_page_says_what_to_do() -> None:
    at = page()
    assert at.info[0].value == text("en", "analytics.empty")
    assert text("en", "analytics.columns.sample") in downloads(at)
    assert headers(at) == []


def test_two_surveys_are_compared_with_their_differences() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    at.session_state[FIRST] = {"name": "2025.csv", "data": SURVEY}
    at.session_state[SECOND] = {"name": "2026.csv", "data": WITH_A_BAD_ROW}
    at.switch_page("wizard/analytics.py").run()
    assert not at.exception, at.exception
    titles = charts(at)
    assert text("en", "analytics.compare.needs") in titles
    assert text("en", "analytics.compare.setups") in titles
    assert text("en", "analytics.compare.download") in downloads(at)
    respondents = text("en", "analytics.compare.respondents", first="9", second="9")
    assert respondents in everything(at)


@pytest.fixture
def db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[storage.Store]:
    url = f"sqlite:///{tmp_path / 'workshops.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    close_stores()
    with storage.open_store(url) as store:
        yield store
    close_stores()


def test_a_survey_is_compared_with_the_workshop_the_session_runs(db: storage.Store) -> None:
    opened = storage.create_workshop(db, title="Wood <day>", language="en")
    workshop = opened.workshop
    answers = parse_answers(ANSWERS)
    summary = result_summary(recommend(answers, engine_for(), robustness=False))
    for number in range(3):
        key = f"participant-{number}"
        storage.join_workshop(db, workshop.code, key)
        storage.submit(
            db, workshop.id, key, answers=answers.to_file_dict(), result=summary, consent=False
        )
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    at.session_state[ADMIN] = Admin(workshop.id, workshop.code)
    at.session_state[FIRST] = {"name": "survey.csv", "data": SURVEY}
    at.switch_page("wizard/analytics.py").run()
    assert not at.exception, at.exception
    source = at.radio(key="analytics.compare_source")
    assert source.options == [
        text("en", "analytics.compare.sources.file"),
        text("en", "analytics.compare.sources.workshop", title=escape_markdown("Wood <day>")),
    ]
    source.set_value("workshop").run()
    assert not at.exception, at.exception
    respondents = text("en", "analytics.compare.respondents", first="9", second="3")
    assert respondents in everything(at)
    assert text("en", "analytics.compare.needs") in charts(at)
    assert text("en", "analytics.compare.download") in downloads(at)
