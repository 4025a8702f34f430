"""Units of work and value checks shared by the storage services (pilots, workshops).

Each service function takes a :class:`~storage.database.Store` (it opens a session and commits)
or a ``Session`` (the caller commits; the function only flushes, so errors surface there).
:func:`writing` turns every database failure into a :class:`StorageError` that says nothing was
saved, after a rollback; :func:`reading` does the same for reads.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from storage.database import Store, reason
from storage.errors import InvalidValueError, StaleEditError, StorageError

if TYPE_CHECKING:
    from templates_library.library import Library


@contextmanager
def writing(
    target: Store | Session,
    action: str,
    *,
    pilot_id: int | None = None,
    version: int | None = None,
) -> Iterator[Session]:
    """A unit of work: committed (Store) or flushed (Session); rolled back on any failure."""
    with session_of(target) as (session, own):
        try:
            yield session
            if own:
                session.commit()
            else:
                session.flush()
        except StaleDataError as exc:
            session.rollback()
            if pilot_id is None or version is None:
                raise StorageError(f"{action} failed and nothing was saved: {exc}") from exc
            raise StaleEditError(pilot_id, version, None) from exc
        except SQLAlchemyError as exc:
            session.rollback()
            raise StorageError(
                f"{action} failed and nothing was saved ({reason(exc)}); "
                "what you entered is kept, try again"
            ) from exc
        except BaseException:
            session.rollback()
            raise


@contextmanager
def reading(target: Store | Session, action: str) -> Iterator[Session]:
    with session_of(target) as (session, _own):
        try:
            yield session
        except SQLAlchemyError as exc:
            session.rollback()
            raise StorageError(f"{action} failed ({reason(exc)})") from exc


@contextmanager
def session_of(target: Store | Session) -> Iterator[tuple[Session, bool]]:
    if isinstance(target, Session):
        yield target, False
    elif isinstance(target, Store):
        with target.session() as session:
            yield session, True
    else:
        raise TypeError(f"expected a Store or a Session, got {type(target).__name__}")


def insert_for(session: Session) -> Any:
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert
    if name == "sqlite":
        return sqlite.insert
    raise StorageError(f"unsupported database {name!r}: use SQLite or PostgreSQL")


def library_of(target: Store | Session) -> Library:
    if isinstance(target, Store):
        return target.library
    library = target.info.get("library")
    if library is None and isinstance(target.info.get("store"), Store):
        library = target.info["store"].library
    if library is None:
        from templates_library import load_library  # noqa: PLC0415 (loaded only when used)

        library = load_library()
    return library


# --- checks --------------------------------------------------------------------------------


def known(field: str, value: Any, known: Mapping[str, Any] | list[str], what: str) -> None:
    if isinstance(value, str) and value in known:
        return
    names = sorted(known)
    if not isinstance(value, str):
        raise InvalidValueError(field, f"{value!r} is not an id of {what}")
    close = difflib.get_close_matches(value, names, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f" ({one_of(names)})"
    raise InvalidValueError(field, f"{value!r} is not {what}{hint}")


def one_of(names: Any) -> str:
    names = sorted(names)
    shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
    return f"one of {shown}" if names else "there are none"
