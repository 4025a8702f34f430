"""The pilots page through the real entrypoint (AppTest), on a real SQLite file of the test.

A pilot recorded through the form is in the database with every field; KPI readings recorded
through the form are in the database, the progress table and the chart; an invalid input names
its field and keeps what was typed; a concurrent edit is refused and shows the other version;
deleting asks first; several pilots are compared; every string comes from the catalogues in
English and in French.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import storage
from templates_library import load_library
from templates_library.locales import catalogues
from wizard.explain import escape_markdown
from wizard.store import close_stores

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TEXT = catalogues()
LIB = load_library()
OWNER = "owner_informal_watch"  # KPIs: themes_covered (>= 4), decisions_informed, hours (<= 2)
KEY_LIKE = re.compile(r"\b(pilots|roadmap|common|nav)\.[a-z_]+")


def en(key: str, **values: Any) -> str:
    return TEXT.text("en", key, **values)


@pytest.fixture
def db_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """A SQLite file of this test, which the app opens through ``DATABASE_URL``."""
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    close_stores()
    yield url
    close_stores()


@pytest.fixture
def db(db_url: str) -> Iterator[storage.Store]:
    """Another connection to the app's database: what "someone else" and the checks use."""
    with storage.open_store(db_url) as store:
        yield store


def page(lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("wizard/pilots.py").run()
    assert not at.exception, at.exception
    return at


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def seed(db: storage.Store, organisation: str = "Scierie Dupont", **readings: float) -> int:
    """A pilot of the owner-led watch, with readings of 2025-03-01 by KPI id."""
    pilot = storage.create_pilot(
        db, template_id=OWNER, started_on="2025-01-15", organisation=organisation
    )
    for kpi_id, value in readings.items():
        storage.record_reading(db, pilot.id, kpi_id=kpi_id, read_on="2025-03-01", value=value)
    return pilot.id


def texts(at: AppTest) -> list[str]:
    """Every word the page shows: texts, labels, options, table headers."""
    found: list[str] = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "success", "warning"):
        found += [str(element.value) for element in getattr(at, kind)]
    found += [str(e.value) for e in at.error]
    found += [e.label for e in at.expander]
    for kind in ("selectbox", "multiselect", "text_input", "text_area", "date_input"):
        found += [widget.label for widget in getattr(at, kind)]
    found += [widget.label for widget in at.number_input]
    found += [button.label for button in at.button]
    for box in [*at.selectbox, *at.multiselect]:
        found += [str(option) for option in box.options]
    for frame in at.dataframe:
        found += [str(column) for column in frame.value.columns]
    return found


def chart_specs(at: AppTest) -> list[dict[str, Any]]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


# --- no pilot yet -------------------------------------------------------------------------------


def test_with_no_pilot_the_page_says_what_a_pilot_is_and_what_to_do(db_url: str) -> None:
    at = page()
    assert at.title[0].value == en("pilots.title")
    assert en("pilots.empty.heading") in [s.value for s in at.subheader]
    assert any(en("pilots.empty.what") in i.value for i in at.info)
    assert any(en("pilots.empty.next") in i.value for i in at.info)
    form = next(e for e in at.expander if e.label == en("pilots.new.heading"))
    assert form.proto.expanded
    assert en("pilots.follow.heading") not in [s.value for s in at.subheader]


# --- recording a pilot --------------------------------------------------------------------------


def test_a_pilot_recorded_through_the_form_is_saved_with_every_field(
    db_url: str, db: storage.Store
) -> None:
    at = page()
    at.selectbox(key="pilots.new.template").set_value(OWNER)
    run(at)
    tools = at.selectbox(key="pilots.new.tool").options
    assert tools[0] == en("pilots.new.no_tool")
    assert tools[1] == LIB.tools["google_alerts"].name  # the set-up's own tools come first
    assert en("pilots.new.other_tool", name=LIB.tools["miniflux"].name) in tools
    at.text_input(key="pilots.new.organisation").input("Scierie Dupont")
    at.selectbox(key="pilots.new.tool").set_value("freshrss")
    at.selectbox(key="pilots.new.region").set_value("lorraine")
    at.date_input(key="pilots.new.started_on").set_value(date(2025, 1, 15))
    at.selectbox(key="pilots.new.phase").set_value("implementation")
    at.text_area(key="pilots.new.notes").input("Weekly review on Mondays")
    at.button(key="pilots.new.save").click()
    run(at)

    [pilot] = storage.list_pilots(db)
    assert (pilot.template_id, pilot.organisation, pilot.tool_id, pilot.region_id) == (
        OWNER,
        "Scierie Dupont",
        "freshrss",
        "lorraine",
    )
    assert (pilot.started_on, pilot.phase, pilot.notes) == (
        date(2025, 1, 15),
        storage.Phase.IMPLEMENTATION,
        "Weekly review on Mondays",
    )
    name = escape_markdown(en("pilots.name", id=pilot.id, who="Scierie Dupont"))
    assert [s.value for s in at.success] == [en("pilots.new.saved", name=name)]
    assert at.selectbox(key="pilots.pick").value == pilot.id
    facts = "\n".join(m.value for m in at.markdown)
    assert "Scierie Dupont" in facts
    assert LIB.tools["freshrss"].name in facts
    assert "Weekly review on Mondays" in facts
    # the form is empty again, ready for the next pilot
    assert at.text_input(key="pilots.new.organisation").value == ""
    assert at.selectbox(key="pilots.new.template").value is None


def test_a_pilot_without_a_set_up_names_the_field_and_keeps_what_was_typed(
    db_url: str, db: storage.Store
) -> None:
    at = page()
    at.text_input(key="pilots.new.organisation").input("Domaine Brito")
    at.text_area(key="pilots.new.notes").input("Starts after the harvest")
    at.button(key="pilots.new.save").click()
    run(at)
    [error] = at.error
    field = en("pilots.fields.template_id")
    assert error.value.startswith(en("pilots.errors.invalid", field=field))
    assert "template\\_id" in error.value  # the storage's own message, escaped
    assert at.text_input(key="pilots.new.organisation").value == "Domaine Brito"
    assert at.text_area(key="pilots.new.notes").value == "Starts after the harvest"
    assert storage.list_pilots(db) == []


def test_what_a_user_typed_is_shown_literally(db_url: str, db: storage.Store) -> None:
    seed(db, organisation="<b>ACME</b> *now*", themes_covered=3)
    at = page()
    facts = "\n".join(m.value for m in at.markdown)
    assert r"\<b\>ACME\</b\> \*now\*" in facts
    [progress] = [s for s in chart_specs(at) if "shapes" in s["layout"]]
    assert "&lt;b&gt;ACME&lt;/b&gt;" in progress["layout"]["title"]["text"]


# --- KPI readings -------------------------------------------------------------------------------


def test_readings_recorded_through_the_form_are_saved_and_shown(
    db_url: str, db: storage.Store
) -> None:
    pilot_id = seed(db)
    at = page()
    assert any(en("pilots.readings.none") in i.value for i in at.info)
    base = f"pilots.reading.{pilot_id}"
    for day, value in ((date(2025, 2, 1), 2), (date(2025, 3, 1), 4)):
        at.selectbox(key=f"{base}.kpi").set_value("themes_covered")
        at.date_input(key=f"{base}.read_on").set_value(day)
        at.number_input(key=f"{base}.value").set_value(value)
        at.text_input(key=f"{base}.note").input("counted by hand")
        at.button(key=f"{base}.save").click()
        run(at)
        assert at.success, [e.value for e in at.error]
        assert at.number_input(key=f"{base}.value").value is None  # ready for the next one

    stored = storage.readings(db, pilot_id)
    assert [(r.kpi_id, r.read_on, r.value, r.note) for r in stored] == [
        ("themes_covered", date(2025, 2, 1), 2.0, "counted by hand"),
        ("themes_covered", date(2025, 3, 1), 4.0, "counted by hand"),
    ]
    progress = at.dataframe[0].value
    themes = progress.iloc[0].to_dict()
    assert themes[en("pilots.fields.value")] == "4"
    assert themes[en("pilots.table.target")] == "≥ 4"
    assert themes[en("pilots.table.reached")] == en("common.yes")
    [chart] = chart_specs(at)
    [line] = [trace for trace in chart["data"] if trace.get("mode") == "lines+markers+text"]
    assert line["y"] == [2.0, 4.0]
    assert [shape["y0"] for shape in chart["layout"]["shapes"]] == [4.0]
    [element] = at.get("plotly_chart")
    assert "2 (2025-02-01) → 4 (2025-03-01)" in element.proto.alt


def test_a_reading_without_a_value_names_the_field_and_keeps_the_rest(
    db_url: str, db: storage.Store
) -> None:
    pilot_id = seed(db)
    at = page()
    base = f"pilots.reading.{pilot_id}"
    at.selectbox(key=f"{base}.kpi").set_value("hours_per_week")
    at.date_input(key=f"{base}.read_on").set_value(date(2025, 2, 3))
    at.text_input(key=f"{base}.note").input("forgot the number")
    at.button(key=f"{base}.save").click()
    run(at)
    [error] = at.error
    assert error.value.startswith(en("pilots.errors.invalid", field=en("pilots.fields.value")))
    assert at.selectbox(key=f"{base}.kpi").value == "hours_per_week"
    assert at.date_input(key=f"{base}.read_on").value == date(2025, 2, 3)
    assert at.text_input(key=f"{base}.note").value == "forgot the number"
    assert storage.readings(db, pilot_id) == []


# --- editing and deleting -----------------------------------------------------------------------


def test_an_edit_after_someone_elses_save_is_refused_and_shows_their_version(
    db_url: str, db: storage.Store
) -> None:
    pilot_id = seed(db)
    at = page()
    base = f"pilots.edit.{pilot_id}"
    at.text_area(key=f"{base}.notes").input("mine")
    at.selectbox(key=f"{base}.phase").set_value("use")
    storage.update_pilot(db, pilot_id, expected_version=1, notes="theirs")
    at.button(key=f"{base}.save").click()
    run(at)
    [error] = at.error
    assert error.value.startswith(en("pilots.errors.stale"))
    assert any("theirs" in i.value for i in at.info)
    assert at.text_area(key=f"{base}.notes").value == "mine"  # what the user typed is kept
    assert storage.get_pilot(db, pilot_id).notes == "theirs"
    # Having seen their version, saving again replaces it.
    at.button(key=f"{base}.save").click()
    run(at)
    assert not at.error
    saved = storage.get_pilot(db, pilot_id)
    assert (saved.notes, saved.phase) == ("mine", storage.Phase.USE)


def test_deleting_a_pilot_asks_first(db_url: str, db: storage.Store) -> None:
    pilot_id = seed(db, themes_covered=3, hours_per_week=2)
    at = page()
    at.button(key=f"pilots.delete.{pilot_id}").click()
    run(at)
    [warning] = at.warning
    name = escape_markdown(en("pilots.name", id=pilot_id, who="Scierie Dupont"))
    assert warning.value == en("pilots.delete.confirm", name=name, count="2")
    at.button(key=f"pilots.delete.{pilot_id}.no").click()
    run(at)
    assert not at.warning
    assert [p.id for p in storage.list_pilots(db)] == [pilot_id]
    at.button(key=f"pilots.delete.{pilot_id}").click()
    run(at)
    at.button(key=f"pilots.delete.{pilot_id}.yes").click()
    run(at)
    assert storage.list_pilots(db) == []
    assert en("pilots.empty.heading") in [s.value for s in at.subheader]


# --- several pilots -----------------------------------------------------------------------------


def test_several_pilots_are_compared(db_url: str, db: storage.Store) -> None:
    first = seed(db, "Scierie Dupont", themes_covered=3, hours_per_week=2)
    second = seed(db, "Domaine Brito", themes_covered=5)
    at = page()
    assert set(at.multiselect(key="pilots.compare").value) == {first, second}
    [table] = [
        frame.value for frame in at.dataframe if en("pilots.table.on_target") in frame.value.columns
    ]
    assert table[en("pilots.table.pilot")].tolist() == [
        en("pilots.name", id=second, who="Domaine Brito"),
        en("pilots.name", id=first, who="Scierie Dupont"),
    ]
    assert table[en("pilots.table.on_target")].tolist() == ["1/1", "1/2"]
    compare = chart_specs(at)[-1]
    bars = {bar["name"]: bar for bar in compare["data"] if bar["type"] == "bar"}
    brito = bars[en("pilots.name", id=second, who="Domaine Brito")]
    assert brito["x"][0] == 1.25
    assert brito["text"][0] == "125%"
    # one pilot chosen: nothing to compare
    at.multiselect(key="pilots.compare").set_value([first])
    run(at)
    assert any(en("pilots.compare.choose_two") in i.value for i in at.info)


# --- languages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_string_comes_from_the_catalogue(lang: str, db_url: str, db: storage.Store) -> None:
    seed(db, "Scierie Dupont", themes_covered=3, hours_per_week=2)
    seed(db, "Domaine Brito", themes_covered=5)
    at = page(lang)
    picked = at.selectbox(key="pilots.pick").value
    at.button(key=f"pilots.delete.{picked}").click()  # the confirmation too
    run(at)
    shown = texts(at)
    assert not [text for text in shown if KEY_LIKE.search(text)], "a catalogue key is missing"
    for key in ("pilots.follow.heading", "pilots.compare.heading", "pilots.readings.heading"):
        assert TEXT.text(lang, key) in shown
    assert TEXT.text(lang, "roadmap.phases.implantation") in " ".join(shown)
    template = LIB.templates[OWNER]
    setup = TEXT.content(lang, f"templates.{OWNER}.name", template.name)
    assert any(setup in text for text in shown)
