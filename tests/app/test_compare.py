"""AppTest: the Compare page, reached through the real entrypoint and navigation.

Every expectation is computed from the knowledge base itself, so adding a set-up needs no change
here.
"""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest, app_test

from scoring.answers import load_answers
from scoring.engine import covered_kinds
from scoring.recommend import engine_for, recommend
from templates_library import load_library
from templates_library.locales import catalogues
from templates_library.schema import SetupTemplate
from wizard import knowledge

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "data" / "samples" / "answers_wood_lorraine.yaml"
EN = catalogues()


def en(key: str, **values: object) -> str:
    return EN.text("en", key, **values)


def _compare(answers: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if answers is not None:
        at.session_state["answers"] = answers
    at.run()
    at.switch_page("wizard/compare.py").run()
    assert not at.exception, at.exception
    return at


def _listed(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value[en("compare.columns.id")])


def _ids(keep: object) -> list[str]:
    return [t.id for t in load_library().templates.values() if keep(t)]


def _count(at: AppTest) -> str:
    shown = len(_listed(at))
    return en("compare.count", shown=shown, total=len(load_library().templates))


def test_the_page_renders_from_the_entrypoint_with_every_template() -> None:
    at = _compare()
    lib = load_library()
    assert at.title[0].value == en("compare.title")
    assert not at.get("progress"), "the Compare page is not a step of the journey"
    assert not [b for b in at.button if b.key and b.key.startswith(("back.", "next."))]
    table = at.dataframe[0].value
    assert list(table[en("compare.columns.id")]) == list(lib.templates)
    assert set(table[en("compare.columns.name")]) == {t.name for t in lib.templates.values()}
    count = en("compare.count", shown=len(lib.templates), total=len(lib.templates))
    assert count in [m.value for m in at.markdown]
    assert lib.version in at.markdown[0].value
    assert not [s for s in at.get("alert") if "compare.warning" in str(s)]


def _shared(t: SetupTemplate) -> bool:
    return t.delivery.value == "shared"


def test_filtering_by_delivery() -> None:
    at = _compare()
    at.multiselect(key="compare.delivery").set_value(["shared"]).run()
    expected = _ids(_shared)
    assert expected, "the library has shared set-ups"
    assert _listed(at) == expected
    assert _count(at) in [m.value for m in at.markdown]


def test_filtering_by_actor_type() -> None:
    at = _compare()
    at.multiselect(key="compare.actors").set_value(["region"]).run()
    expected = _ids(lambda t: any(a.value == "region" for a in t.actor_types))
    assert expected
    assert _listed(at) == expected


def test_filtering_by_kinds_of_watch_keeps_set_ups_covering_every_kind() -> None:
    at = _compare()
    at.multiselect(key="compare.kinds").set_value(["regulatory"]).run()
    one = _ids(lambda t: "regulatory" in covered_kinds(t))
    assert _listed(at) == one
    assert all(load_library().templates[i].watch_kinds.get("regulatory", 0) >= 0.5 for i in one)
    at.multiselect(key="compare.kinds").set_value(["regulatory", "patent"]).run()
    both = _ids(lambda t: {"regulatory", "patent"} <= set(covered_kinds(t)))
    assert set(both) <= set(one)
    if both:
        assert _listed(at) == both
    else:
        assert en("compare.none_match") in [i.value for i in at.info]


def test_filtering_by_maximum_yearly_cost() -> None:
    at = _compare()
    at.select_slider(key="compare.max_cost").set_value(5000).run()
    expected = _ids(lambda t: t.cost_eur_per_year.min <= 5000)
    assert 0 < len(expected) < len(load_library().templates)
    assert _listed(at) == expected


def test_filtering_by_maturity_level() -> None:
    at = _compare()
    at.selectbox(key="compare.maturity").set_value(0).run()
    expected = _ids(lambda t: t.maturity.min == 0)
    assert 0 < len(expected) < len(load_library().templates)
    assert _listed(at) == expected


def test_filters_combine() -> None:
    at = _compare()
    at.multiselect(key="compare.actors").set_value(["sme"]).run()
    at.selectbox(key="compare.maturity").set_value(3).run()
    expected = _ids(
        lambda t: (
            any(a.value == "sme" for a in t.actor_types) and t.maturity.min <= 3 <= t.maturity.max
        )
    )
    assert _listed(at) == expected


def test_the_default_selection_is_the_first_two_matching_set_ups() -> None:
    at = _compare()
    lib = load_library()
    assert at.multiselect(key="compare.pick").value == list(lib.templates)[:2]
    names = [lib.templates[i].name for i in list(lib.templates)[:2]]
    assert [s.value for s in at.main.subheader] == names


def test_three_set_ups_side_by_side_with_the_radar() -> None:
    at = _compare()
    lib = load_library()
    picked = ["owner_informal_watch", "chamber_shared_watch", "technology_patent_watch"]
    at.multiselect(key="compare.pick").set_value(picked).run()
    assert not at.exception
    assert [s.value for s in at.main.subheader] == [lib.templates[i].name for i in picked]
    assert not at.warning
    text = "\n".join(m.value for m in at.markdown)
    for template_id in picked:
        template = lib.templates[template_id]
        assert template.summary in text
        assert template.cost_eur_per_year.basis in text
        assert template.risks[0] in text
        assert all(str(s.url) in text for s in template.sources if s.url)
        tools = [lib.tools[i].name for ids in template.tools_by_stage.values() for i in ids]
        assert all(tool in text for tool in tools)
    assert "(estimate)" in text
    assert en("labels.cycle_stages.collection") in text
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    spec = charts[0].proto.spec
    assert all(lib.templates[i].name in spec for i in picked)
    assert en("compare.radar_table") in [e.label for e in at.expander]


def test_in_french_prerequisites_and_risks_are_translated() -> None:
    lib = load_library()
    picked = list(lib.templates)[-2:]
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "fr"
    # Picked through the state: the test's set_value would format the options in English.
    at.session_state["compare.pick"] = picked
    at.run()
    at.switch_page("wizard/compare.py").run()
    assert not at.exception, at.exception
    assert at.multiselect(key="compare.pick").value == picked
    assert len(at.main.subheader) == 2
    first = lib.templates[picked[0]]
    text = "\n".join(m.value for m in at.markdown)
    for key, english in (
        (f"templates.{first.id}.prerequisites.0", first.prerequisites[0]),
        (f"templates.{first.id}.risks.0", first.risks[0]),
    ):
        assert EN.has("fr", f"content.{key}"), key
        french = EN.content("fr", key, english)
        assert french != english
        assert french in text
        assert english not in text


@pytest.mark.parametrize("count", [1, 5])
def test_fewer_than_two_or_more_than_four_gives_a_message(count: int) -> None:
    at = _compare()
    picked = list(load_library().templates)[:count]
    at.multiselect(key="compare.pick").set_value(picked).run()
    assert [w.value for w in at.warning] == [en("compare.pick_count", count=count)]
    assert not at.main.subheader
    assert not at.get("plotly_chart")


def test_complete_answers_put_the_top_recommendations_side_by_side() -> None:
    answers = load_answers(SAMPLE)
    expected = [
        r["template_id"]
        for r in recommend(answers, engine_for(), robustness=False)["recommendations"][:3]
    ]
    data = answers.model_dump(mode="json", exclude_none=True)
    at = _compare(data)
    assert at.multiselect(key="compare.pick").value == expected
    assert en("compare.picked_recommended") in [c.value for c in at.caption]
    assert len(at.main.subheader) == 3


class _RecordingStorage(MemoryMediaFileStorage):
    """The app's media store, kept so that a test can read a download's bytes."""

    made: ClassVar[list[MemoryMediaFileStorage]] = []

    def __init__(self, media_endpoint: str) -> None:
        super().__init__(media_endpoint)
        self.made.append(self)


def _download(at: AppTest) -> bytes:
    url = at.get("download_button")[0].proto.url
    name = url.rsplit("/", 1)[1]
    for storage in reversed(_RecordingStorage.made):
        try:
            return storage.get_file(name).content
        except MediaFileStorageError:
            continue
    raise AssertionError(f"no stored file for {url}")


def test_the_csv_download_holds_the_filtered_table_neutralised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", _RecordingStorage)
    at = _compare()
    at.multiselect(key="compare.delivery").set_value(["shared"]).run()
    button = at.get("download_button")[0]
    assert button.proto.label == en("compare.download")
    content = _download(at)
    assert content.startswith(b"\xef\xbb\xbf"), "a BOM, so that spreadsheets read UTF-8"
    written = pd.read_csv(BytesIO(content), encoding="utf-8-sig", dtype=str)
    assert list(written[en("compare.columns.id")]) == _ids(_shared)
    assert list(written.columns) == list(at.dataframe[0].value.columns)


def test_csv_cells_that_look_like_formulas_are_neutralised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lib = load_library()
    first = next(iter(lib.templates.values()))
    risky = first.model_copy(update={"name": '=HYPERLINK("http://x")'})
    doctored = replace(lib, templates={**lib.templates, first.id: risky})
    monkeypatch.setattr(knowledge, "library_or_stop", lambda: doctored)
    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", _RecordingStorage)
    at = _compare()
    assert at.dataframe[0].value[en("compare.columns.name")][0] == risky.name
    written = pd.read_csv(BytesIO(_download(at)), encoding="utf-8-sig", dtype=str)
    assert written[en("compare.columns.name")][0] == "'" + risky.name
