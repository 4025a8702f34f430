"""Bring a database to the latest Alembic revision (``alembic upgrade head``), at start-up.

Idempotent: at the latest revision it does nothing. Safe when several processes start at once:

* PostgreSQL: ``migrations/env.py`` takes a transaction-level advisory lock before reading the
  current revision, and the whole upgrade is one transaction (PostgreSQL's DDL is
  transactional), so a second process waits, then finds the schema up to date.
* SQLite: DDL is not transactional there, so an exclusive ``flock`` on ``<database>.lock``
  (next to the file) serialises the upgrades of every process on this machine. An in-memory
  database is private to its connection and needs no lock.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    """Alembic's configuration built in code (``storage/alembic.ini`` is for the CLI only)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database of ``engine`` to ``revision``, holding the migration lock."""
    with _sqlite_file_lock(engine), engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database or ""
    if engine.dialect.name != "sqlite" or database in {"", ":memory:"}:
        yield
        return
    lock_path = Path(database).with_name(Path(database).name + ".lock")
    with lock_path.open("a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)
