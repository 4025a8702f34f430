"""Where the database is, how to connect to it, and the :class:`Store` that holds the connection.

``open_store()`` is the composition root of persistence: it connects, brings the schema to the
latest Alembic revision and hands back a :class:`Store` that is safe to share between threads
(Streamlit runs each browser session in its own thread). It never imports Streamlit.

SQLite (the default, a file under ``<project>/var/``) is opened in WAL mode with a busy timeout,
so writers from several threads or processes wait for each other instead of failing, and with
foreign keys enforced. PostgreSQL is used when ``DATABASE_URL`` is set (psycopg 3).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import StorageError

if TYPE_CHECKING:
    from templates_library.library import Library

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "advisor.sqlite3"
#: Seconds a SQLite writer waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT = 10.0


def database_url() -> str:
    """``DATABASE_URL`` when set, else the SQLite file ``<project>/var/advisor.sqlite3``.

    ``postgres://`` and ``postgresql://`` URLs (as hosting platforms give them) are read with
    psycopg 3. The folder of the default SQLite file is created.
    """
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return normalise_url(url)
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs that name no driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def display_url(url: str | URL) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unreadable database URL>"


def make_engine(url: str, *, sqlite_busy_timeout: float = SQLITE_BUSY_TIMEOUT) -> Engine:
    """An engine for ``url``, with the SQLite settings concurrent writers need."""
    try:
        parsed = make_url(normalise_url(url))
    except ArgumentError as exc:
        raise StorageError(f"DATABASE_URL: not a database URL ({exc})") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed,
            connect_args={"timeout": sqlite_busy_timeout, "check_same_thread": False},
        )
        _configure_sqlite(engine, sqlite_busy_timeout)
        return engine
    # pre_ping: a connection left in the pool across a server restart is replaced, not used.
    # A workshop is a burst: a room of sessions (threads of one Streamlit process) writing at
    # once while the projector reads. 10 kept + 30 more on demand stays well under PostgreSQL's
    # default of 100 connections and keeps the projector from queueing behind the room.
    return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=30)


def _configure_sqlite(engine: Engine, busy_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            # WAL: readers never block the writer and the writer never blocks readers; the
            # setting is kept in the file, so this is a no-op after the first connection.
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()


class Store:
    """A database with the schema at the latest revision: hands out sessions, thread-safe.

    The knowledge base (``library``) is what set-up, tool, region and KPI ids are checked
    against; by default the shipped one, loaded when first needed.
    """

    def __init__(self, engine: Engine, library: Library | None = None) -> None:
        self.engine = engine
        self._library = library
        # expire_on_commit=False: the pilots and readings handed back stay readable after the
        # session is closed (a page shows them after the write).
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def library(self) -> Library:
        if self._library is None:
            from templates_library import load_library  # noqa: PLC0415 (loaded only when used)

            self._library = load_library()
        return self._library

    @property
    def url(self) -> str:
        """Where the data is, without the password."""
        return display_url(self.engine.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session; the caller commits. Closed (and rolled back if not committed) on exit."""
        with self._sessions() as session:
            session.info["library"] = self._library
            session.info["store"] = self
            yield session

    def close(self) -> None:
        """Close every pooled connection. The store may be reopened with ``open_store``."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"


def open_store(
    url: str | None = None,
    *,
    library: Library | None = None,
    sqlite_busy_timeout: float = SQLITE_BUSY_TIMEOUT,
) -> Store:
    """Connect to ``url`` (default: :func:`database_url`) and migrate it to the latest revision.

    Safe to call from several processes at once (see ``storage.migrate.upgrade``). Raises
    :class:`StorageError` when the database cannot be reached or migrated.
    """
    from storage.migrate import upgrade  # noqa: PLC0415 (alembic is imported only here)

    engine = make_engine(url or database_url(), sqlite_busy_timeout=sqlite_busy_timeout)
    try:
        upgrade(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StorageError(
            f"could not open the database {display_url(engine.url)}: {reason(exc)}"
        ) from exc
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, library)


def reason(exc: BaseException) -> str:
    """The first line of the driver's message: what went wrong, without the SQL."""
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__
