"""Real databases for the storage tests: a SQLite file and a PostgreSQL server started here.

The PostgreSQL server is Debian's (``make test`` installs the ``postgresql`` package when it is
missing), started on 127.0.0.1 on a free port in a temporary data folder, with trust
authentication, and stopped (``pg_ctl stop -m fast``) at the end of the session. ``initdb``
refuses to run as root, so as root the server runs as the ``postgres`` system user. When the
binaries are missing the PostgreSQL tests fail under CI (``CI`` set) and are skipped elsewhere.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import storage
from tests.integration.postgres import PostgresServer, free_port, remove_server, start_postgres


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = start_postgres()
    try:
        yield server
    finally:
        remove_server(server)


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    """A database on the session's PostgreSQL server."""
    return postgres_server.create_database("advisor")


_database_numbers = itertools.count(1)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'advisor.sqlite3'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"test_{next(_database_numbers)}"
    url = server.create_database(name)
    try:
        yield url
    finally:
        server.drop_database(name)


@pytest.fixture
def store(empty_db_url: str) -> Iterator[storage.Store]:
    """A migrated, empty store on each database."""
    opened = storage.open_store(empty_db_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def unused_port() -> int:
    """A port nothing listens on (free when asked)."""
    return free_port()


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of this test only, which the test may stop and start."""
    server = start_postgres()
    try:
        yield server
    finally:
        try:
            remove_server(server)
        except RuntimeError:  # already stopped by the test
            shutil.rmtree(server.folder, ignore_errors=True)
