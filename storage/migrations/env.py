"""Alembic environment of ``storage``.

The database comes, in this order, from: the connection ``storage.migrate.upgrade`` passes in
``config.attributes["connection"]`` (the app at start-up and the tests), the ``sqlalchemy.url``
option (``alembic -x`` or an ini file), then ``storage.database_url()`` (``DATABASE_URL`` or the
default SQLite file). Logging is left to the application: no ``fileConfig`` here.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from storage.database import database_url, make_engine
from storage.models import Base

#: Any constant shared by every process of the advisor: the key of PostgreSQL's advisory lock.
MIGRATION_LOCK_KEY = 7_314_159_265

config = context.config
target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite cannot ALTER most things: later revisions rebuild tables ("batch" mode).
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Held until the transaction ends: a second process starting at the same time
            # waits here, then reads the revision the first one committed.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        context.run_migrations()


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or database_url())
    try:
        with engine.begin() as own_connection:
            run_migrations(own_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
