"""Persistence (SQLAlchemy 2): assessments, workshops, pilots. Never imports Streamlit.

The public surface:

* :func:`open_store` connects to :func:`database_url` (``DATABASE_URL``, else the SQLite file
  ``<project>/var/advisor.sqlite3``), applies the Alembic migrations of
  ``storage/migrations`` (``upgrade head``, idempotent and safe when processes start together)
  and returns a thread-safe :class:`Store`.
* The service functions of :mod:`storage.pilots` take that ``Store`` (or a ``Session``).
* Every failure a page must handle is a :class:`StorageError`: an invalid value
  (:class:`InvalidValueError`, naming the field), an edit of a pilot someone else saved first
  (:class:`StaleEditError`), or a write the database refused (nothing was saved).
"""

from storage.database import Store, database_url, open_store
from storage.errors import InvalidValueError, PilotNotFoundError, StaleEditError, StorageError
from storage.models import KpiReading, Phase, Pilot
from storage.pilots import (
    create_pilot,
    delete_pilot,
    get_pilot,
    list_pilots,
    readings,
    record_reading,
    update_pilot,
)

__all__ = [
    "InvalidValueError",
    "KpiReading",
    "Phase",
    "Pilot",
    "PilotNotFoundError",
    "StaleEditError",
    "StorageError",
    "Store",
    "create_pilot",
    "database_url",
    "delete_pilot",
    "get_pilot",
    "list_pilots",
    "open_store",
    "readings",
    "record_reading",
    "update_pilot",
]
