"""AppTest: the set-up library page, through the real entrypoint and navigation."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from templates_library import load_library

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_default_page_lists_every_template() -> None:
    at = _app()
    lib = load_library()
    assert at.title[0].value == "Intelligence set-ups: the benchmark library"
    table = at.dataframe[0].value
    assert len(table) == len(lib.templates)
    assert set(table["Set-up"]) == {t.name for t in lib.templates.values()}
    assert [e.label for e in at.expander] == [t.name for t in lib.templates.values()]
    assert lib.version in at.markdown[0].value


def test_filtering_by_delivery_keeps_only_matching_setups() -> None:
    at = _app()
    lib = load_library()
    at.multiselect(key="library_delivery").set_value(["shared"]).run()
    expected = {t.name for t in lib.templates.values() if t.delivery.value == "shared"}
    assert expected, "the library has shared set-ups"
    assert set(at.dataframe[0].value["Set-up"]) == expected
    count = f"{len(expected)} of {len(lib.templates)} set-ups match the filters."
    assert count in [m.value for m in at.markdown]


def test_filtering_by_actor_type() -> None:
    at = _app()
    lib = load_library()
    at.multiselect(key="library_actor").set_value(["region"]).run()
    expected = {
        t.name for t in lib.templates.values() if any(a.value == "region" for a in t.actor_types)
    }
    assert set(at.dataframe[0].value["Set-up"]) == expected
