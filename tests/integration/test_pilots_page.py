"""The pilots page on real databases: what is recorded through the page survives a restart of the
app, on SQLite and on PostgreSQL; a write while the PostgreSQL server is down says so and keeps
what the user typed, and goes through once the server is back.

"A restart" here: the app's store is closed (its cache cleared, every connection dropped) and a
new AppTest, a new session with nothing in memory, reads the pilot back from the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import storage
from templates_library.locales import catalogues
from tests.integration.postgres import PostgresServer
from wizard.store import close_stores

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TEXT = catalogues()
OWNER = "owner_informal_watch"


def en(key: str, **values: object) -> str:
    return TEXT.text("en", key, **values)


@pytest.fixture
def app_db(empty_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app's database: an empty SQLite file or PostgreSQL database, through DATABASE_URL."""
    monkeypatch.setenv("DATABASE_URL", empty_db_url)
    close_stores()
    yield empty_db_url
    close_stores()


@pytest.fixture
def down_db(own_postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A database on a PostgreSQL server of this test, which the test stops and starts."""
    url = own_postgres.create_database("advisor")
    monkeypatch.setenv("DATABASE_URL", url)
    close_stores()
    yield url
    close_stores()


def page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("wizard/pilots.py").run()
    assert not at.exception, at.exception
    return at


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def fill_new_pilot(at: AppTest) -> None:
    at.selectbox(key="pilots.new.template").set_value(OWNER)
    run(at)
    at.text_input(key="pilots.new.organisation").input("Scierie Dupont")
    at.selectbox(key="pilots.new.region").set_value("lorraine")
    at.date_input(key="pilots.new.started_on").set_value(date(2025, 1, 15))
    at.selectbox(key="pilots.new.phase").set_value("implementation")
    at.text_area(key="pilots.new.notes").input("Weekly review on Mondays")


def assert_new_pilot_form_kept(at: AppTest) -> None:
    assert at.selectbox(key="pilots.new.template").value == OWNER
    assert at.text_input(key="pilots.new.organisation").value == "Scierie Dupont"
    assert at.selectbox(key="pilots.new.region").value == "lorraine"
    assert at.date_input(key="pilots.new.started_on").value == date(2025, 1, 15)
    assert at.selectbox(key="pilots.new.phase").value == "implementation"
    assert at.text_area(key="pilots.new.notes").value == "Weekly review on Mondays"


def record_reading(at: AppTest, pilot_id: int, day: date, value: float) -> None:
    base = f"pilots.reading.{pilot_id}"
    at.selectbox(key=f"{base}.kpi").set_value("themes_covered")
    at.date_input(key=f"{base}.read_on").set_value(day)
    at.number_input(key=f"{base}.value").set_value(value)
    at.text_input(key=f"{base}.note").input(f"read on {day.isoformat()}")
    at.button(key=f"{base}.save").click()
    run(at)


def test_a_pilot_and_its_readings_recorded_on_the_page_survive_a_restart(app_db: str) -> None:
    at = page()
    fill_new_pilot(at)
    at.button(key="pilots.new.save").click()
    run(at)
    assert not at.error, [e.value for e in at.error]
    pilot_id = at.selectbox(key="pilots.pick").value
    record_reading(at, pilot_id, date(2025, 2, 1), 2)
    record_reading(at, pilot_id, date(2025, 3, 1), 4)
    assert not at.error, [e.value for e in at.error]

    close_stores()  # the app stops: every connection closed, nothing kept in memory
    again = page()  # a new session of a restarted app
    assert again.selectbox(key="pilots.pick").value == pilot_id
    facts = "\n".join(m.value for m in again.markdown)
    assert "Scierie Dupont" in facts
    assert "Weekly review on Mondays" in facts
    progress = again.dataframe[0].value.iloc[0].to_dict()
    assert progress[en("pilots.fields.value")] == "4"
    assert progress[en("pilots.fields.read_on")] == "2025-03-01"
    [chart] = again.get("plotly_chart")
    assert "2 (2025-02-01) → 4 (2025-03-01)" in chart.proto.alt
    with storage.open_store(app_db) as store:
        [pilot] = storage.list_pilots(store)
        assert (pilot.organisation, pilot.phase) == ("Scierie Dupont", storage.Phase.IMPLEMENTATION)
        notes = [r.note for r in storage.readings(store, pilot.id)]
        assert notes == ["read on 2025-02-01", "read on 2025-03-01"]


def test_a_pilot_saved_while_postgres_is_down_is_kept_in_the_form_then_saved(
    own_postgres: PostgresServer, down_db: str
) -> None:
    at = page()
    fill_new_pilot(at)
    own_postgres.stop()
    at.button(key="pilots.new.save").click()
    run(at)
    errors = [e.value for e in at.error]
    assert any(e.startswith(en("pilots.errors.write_failed")) for e in errors), errors
    assert any("nothing was saved" in e for e in errors), errors
    assert_new_pilot_form_kept(at)

    own_postgres.start()
    at.button(key="pilots.new.save").click()  # the same values, submitted again
    run(at)
    assert not at.error, [e.value for e in at.error]
    with storage.open_store(down_db) as store:
        [pilot] = storage.list_pilots(store)
        assert (pilot.organisation, pilot.region_id) == ("Scierie Dupont", "lorraine")


def test_a_reading_saved_while_postgres_is_down_is_kept_in_the_form(
    own_postgres: PostgresServer, down_db: str
) -> None:
    with storage.open_store(down_db) as store:
        pilot_id = storage.create_pilot(
            store, template_id=OWNER, started_on="2025-01-15", organisation="Domaine Brito"
        ).id
    at = page()
    base = f"pilots.reading.{pilot_id}"
    at.selectbox(key=f"{base}.kpi").set_value("hours_per_week")
    at.date_input(key=f"{base}.read_on").set_value(date(2025, 2, 3))
    at.number_input(key=f"{base}.value").set_value(1.5)
    at.text_input(key=f"{base}.note").input("after the harvest")
    own_postgres.stop()
    at.button(key=f"{base}.save").click()
    run(at)
    errors = [e.value for e in at.error]
    assert any(e.startswith(en("pilots.errors.read_failed")) for e in errors), errors
    assert any(e.startswith(en("pilots.errors.write_failed")) for e in errors), errors
    assert at.selectbox(key=f"{base}.kpi").value == "hours_per_week"
    assert at.date_input(key=f"{base}.read_on").value == date(2025, 2, 3)
    assert at.number_input(key=f"{base}.value").value == 1.5
    assert at.text_input(key=f"{base}.note").value == "after the harvest"

    own_postgres.start()
    at.button(key=f"{base}.save").click()
    run(at)
    assert not at.error, [e.value for e in at.error]
    with storage.open_store(down_db) as store:
        [reading] = storage.readings(store, pilot_id)
        assert (reading.kpi_id, reading.value, reading.note) == (
            "hours_per_week",
            1.5,
            "after the harvest",
        )
