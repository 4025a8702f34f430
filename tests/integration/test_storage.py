"""Storage against real databases: every test runs on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

import storage
from storage.database import DEFAULT_SQLITE_PATH, database_url
from storage.migrate import alembic_config, current_revision
from storage.models import Base
from tests.integration.postgres import PostgresServer

TEMPLATE = "owner_informal_watch"
KPI = "themes_covered"
OTHER_KPI = "decisions_informed"
PROJECT = Path(__file__).resolve().parents[2]


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def new_pilot(store: storage.Store, **overrides: object) -> storage.Pilot:
    values: dict[str, object] = {
        "template_id": TEMPLATE,
        "started_on": date(2025, 3, 1),
        "organisation": "Menuiserie Dupont",
        "region_id": "lorraine",
    }
    values.update(overrides)
    return storage.create_pilot(store, **values)  # type: ignore[arg-type]


# --- migrations ------------------------------------------------------------------------------


def test_migrations_apply_on_an_empty_database_then_do_nothing(empty_db_url: str) -> None:
    for _ in range(2):
        with storage.open_store(empty_db_url) as store:
            assert current_revision(store.engine) == head_revision()
            tables = set(inspect(store.engine).get_table_names())
            assert {"pilots", "kpi_readings", "alembic_version"} <= tables
    with storage.open_store(empty_db_url) as store:
        assert storage.list_pilots(store) == []


def test_the_migrated_schema_is_the_models(store: storage.Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_processes_starting_together_migrate_once(empty_db_url: str) -> None:
    script = "import sys, storage; storage.open_store(sys.argv[1]).close()"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, empty_db_url],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    with storage.open_store(empty_db_url) as store:
        assert current_revision(store.engine) == head_revision()


# --- pilots ----------------------------------------------------------------------------------


def test_create_list_update_delete_pilots(store: storage.Store) -> None:
    first = new_pilot(store, tool_id="freshrss", notes="Kick-off with the owner")
    second = new_pilot(store, started_on="2025-04-15", phase="use", organisation="  ")
    assert first.id != second.id
    assert first.version == 1
    assert first.phase is storage.Phase.IMPLANTATION
    assert second.organisation is None  # blank is no organisation
    assert first.created_at.tzinfo is not None

    assert [p.id for p in storage.list_pilots(store)] == [second.id, first.id]

    updated = storage.update_pilot(
        store, first.id, expected_version=1, phase=storage.Phase.IMPLEMENTATION, notes="Running"
    )
    assert updated.version == 2
    again = storage.get_pilot(store, first.id)
    assert (again.phase, again.notes, again.tool_id) == ("implementation", "Running", "freshrss")
    assert again.updated_at >= again.created_at

    storage.delete_pilot(store, first.id)
    assert [p.id for p in storage.list_pilots(store)] == [second.id]
    with pytest.raises(storage.PilotNotFoundError, match=f"pilot_id: no pilot {first.id}"):
        storage.get_pilot(store, first.id)


def test_deleting_a_pilot_deletes_its_readings(store: storage.Store) -> None:
    pilot = new_pilot(store)
    storage.record_reading(store, pilot.id, kpi_id=KPI, read_on="2025-03-10", value=1)
    storage.delete_pilot(store, pilot.id)
    with store.session() as session:
        assert session.query(storage.KpiReading).count() == 0


def test_a_second_reading_of_the_same_day_replaces_the_first(store: storage.Store) -> None:
    pilot = new_pilot(store)
    first = storage.record_reading(store, pilot.id, kpi_id=KPI, read_on=date(2025, 3, 10), value=1)
    second = storage.record_reading(
        store, pilot.id, kpi_id=KPI, read_on=date(2025, 3, 10), value=3, note="after training"
    )
    storage.record_reading(store, pilot.id, kpi_id=KPI, read_on=date(2025, 4, 10), value=4)
    storage.record_reading(store, pilot.id, kpi_id=OTHER_KPI, read_on=date(2025, 3, 10), value=0)
    assert second.id == first.id
    assert (second.value, second.note) == (3.0, "after training")
    stored = storage.readings(store, pilot.id)
    assert [(r.kpi_id, r.read_on, r.value) for r in stored] == [
        (OTHER_KPI, date(2025, 3, 10), 0.0),
        (KPI, date(2025, 3, 10), 3.0),
        (KPI, date(2025, 4, 10), 4.0),
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"template_id": "owner_informal_wach"},
            r"template_id: 'owner_informal_wach' .*did you mean 'owner_informal_watch'",
        ),
        ({"tool_id": "no_such_tool"}, r"tool_id: 'no_such_tool' is not a tool of the catalogue"),
        ({"region_id": "atlantis"}, r"region_id: 'atlantis' is not a region"),
        ({"phase": "testing"}, r"phase: .testing. is not a phase \(one of implantation, "),
        ({"started_on": "01/03/2025"}, r"started_on: '01/03/2025' is not a date"),
        ({"organisation": "x" * 201}, r"organisation: at most 200 characters"),
    ],
)
def test_invalid_pilots_are_refused_naming_the_field(
    store: storage.Store, overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(storage.InvalidValueError, match=message) as raised:
        new_pilot(store, **overrides)
    assert raised.value.field == message.split(":", maxsplit=1)[0]
    assert storage.list_pilots(store) == []


def test_invalid_readings_are_refused_naming_the_field(store: storage.Store) -> None:
    pilot = new_pilot(store)
    with pytest.raises(
        storage.InvalidValueError,
        match=rf"kpi_id: 'budget_spent' is not a KPI of the set-up '{TEMPLATE}'.*{OTHER_KPI}",
    ):
        storage.record_reading(
            store, pilot.id, kpi_id="budget_spent", read_on="2025-03-10", value=1
        )
    with pytest.raises(storage.InvalidValueError, match="value: nan is not a finite number"):
        storage.record_reading(
            store, pilot.id, kpi_id=KPI, read_on="2025-03-10", value=float("nan")
        )
    with pytest.raises(storage.InvalidValueError, match="read_on: 'yesterday' is not a date"):
        storage.record_reading(store, pilot.id, kpi_id=KPI, read_on="yesterday", value=1)
    with pytest.raises(storage.PilotNotFoundError, match="pilot_id: no pilot 999"):
        storage.record_reading(store, 999, kpi_id=KPI, read_on="2025-03-10", value=1)
    with pytest.raises(storage.InvalidValueError, match="template_id: 'nope'"):
        storage.update_pilot(store, pilot.id, expected_version=1, template_id="nope")
    with pytest.raises(storage.InvalidValueError, match="colour: not a field of a pilot"):
        storage.update_pilot(store, pilot.id, expected_version=1, colour="red")
    assert storage.readings(store, pilot.id) == []
    assert storage.get_pilot(store, pilot.id).version == 1


# --- optimistic locking -------------------------------------------------------------------------


def test_the_second_of_two_concurrent_edits_is_refused(store: storage.Store) -> None:
    pilot = new_pilot(store, notes="original")
    with store.session() as alice, store.session() as bob:
        # Both open the pilot (version 1) before either saves.
        assert storage.get_pilot(alice, pilot.id).version == 1
        assert storage.get_pilot(bob, pilot.id).version == 1
        storage.update_pilot(alice, pilot.id, expected_version=1, notes="Alice's notes")
        alice.commit()
        with pytest.raises(storage.StaleEditError, match="changed by someone else") as raised:
            storage.update_pilot(bob, pilot.id, expected_version=1, phase="use", notes="Bob's")
        assert "nothing was saved" in str(raised.value)
    saved = storage.get_pilot(store, pilot.id)
    assert (saved.notes, saved.phase, saved.version) == ("Alice's notes", "implantation", 2)


def test_an_edit_of_an_old_version_is_refused(store: storage.Store) -> None:
    pilot = new_pilot(store)
    storage.update_pilot(store, pilot.id, expected_version=1, notes="first")
    with pytest.raises(storage.StaleEditError, match="you edited version 1, it is now version 2"):
        storage.update_pilot(store, pilot.id, expected_version=1, notes="second")
    assert storage.get_pilot(store, pilot.id).notes == "first"


# --- concurrency, restarts, failures ------------------------------------------------------------


def test_concurrent_writers_all_succeed(store: storage.Store) -> None:
    pilot = new_pilot(store)
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def record(writer: int) -> None:
        try:
            start.wait()
            for day in range(25):
                storage.record_reading(
                    store,
                    pilot.id,
                    kpi_id=KPI,
                    read_on=date(2025, 1, 1) + timedelta(days=writer * 25 + day),
                    value=writer + day / 100,
                )
        except BaseException as exc:  # collected: a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=record, args=(writer,)) for writer in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    stored = storage.readings(store, pilot.id)
    assert len(stored) == 200
    assert len({r.read_on for r in stored}) == 200


def test_readings_survive_a_restart(empty_db_url: str) -> None:
    with storage.open_store(empty_db_url) as store:
        pilot = new_pilot(store)
        storage.record_reading(store, pilot.id, kpi_id=KPI, read_on="2025-03-10", value=2.5)
    with storage.open_store(empty_db_url) as reopened:
        [reading] = storage.readings(reopened, pilot.id)
        assert (reading.kpi_id, reading.read_on, reading.value) == (KPI, date(2025, 3, 10), 2.5)
        assert storage.get_pilot(reopened, pilot.id).created_at.tzinfo == UTC


def test_a_write_to_a_locked_sqlite_file_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "advisor.sqlite3"
    with storage.open_store(f"sqlite:///{path}", sqlite_busy_timeout=0.2) as store:
        pilot = new_pilot(store)
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(
                storage.StorageError,
                match=r"saving the reading failed and nothing was saved \(database is locked\)",
            ):
                storage.record_reading(store, pilot.id, kpi_id=KPI, read_on="2025-03-10", value=1)
        finally:
            blocker.rollback()
            blocker.close()
        assert storage.readings(store, pilot.id) == []
        storage.record_reading(store, pilot.id, kpi_id=KPI, read_on="2025-03-10", value=1)
        assert len(storage.readings(store, pilot.id)) == 1


def test_an_unreachable_server_is_reported(unused_port: int) -> None:
    url = f"postgresql+psycopg://advisor:secret@127.0.0.1:{unused_port}/advisor"
    with pytest.raises(storage.StorageError, match="could not open the database") as raised:
        storage.open_store(url)
    assert "secret" not in str(raised.value)
    assert f"127.0.0.1:{unused_port}" in str(raised.value)


def test_a_write_while_postgres_is_down_fails_then_data_survives_its_restart(
    own_postgres: PostgresServer,
) -> None:
    server = own_postgres
    url = server.create_database("advisor")
    with storage.open_store(url) as store:
        pilot = new_pilot(store)
        storage.record_reading(store, pilot.id, kpi_id=KPI, read_on="2025-03-10", value=1)
        server.stop()
        with pytest.raises(
            storage.StorageError, match="saving the reading failed and nothing was saved"
        ):
            storage.record_reading(store, pilot.id, kpi_id=KPI, read_on="2025-03-11", value=2)
        server.start()
        # The pool replaces its dead connections: the store works again without reopening.
        assert [r.value for r in storage.readings(store, pilot.id)] == [1.0]


# --- where the database is ----------------------------------------------------------------------


def test_the_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url() == f"sqlite:///{DEFAULT_SQLITE_PATH}"
    assert DEFAULT_SQLITE_PATH.parent == PROJECT / "var"
    assert DEFAULT_SQLITE_PATH.parent.is_dir()
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example:5432/advisor")
    assert database_url() == "postgresql+psycopg://u:p@db.example:5432/advisor"
