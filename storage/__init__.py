"""Persistence (SQLAlchemy 2): assessments, workshops, pilots. Never imports Streamlit.

The public surface:

* :func:`open_store` connects to :func:`database_url` (``DATABASE_URL``, else the SQLite file
  ``<project>/var/advisor.sqlite3``), applies the Alembic migrations of
  ``storage/migrations`` (``upgrade head``, idempotent and safe when processes start together)
  and returns a thread-safe :class:`Store`.
* The service functions of :mod:`storage.pilots` and :mod:`storage.workshops` take that
  ``Store``; the workshop functions hand back detached dataclasses (:class:`WorkshopInfo`,
  :class:`SubmissionInfo`...), never ORM objects.
* Every failure a page must handle is a :class:`StorageError`: an invalid value
  (:class:`InvalidValueError`, naming the field), an edit of a pilot someone else saved first
  (:class:`StaleEditError`), an unknown workshop code (:class:`UnknownWorkshopError`), a wrong
  facilitator secret (:class:`WrongSecretError`, with the attempts left) or too many of them
  (:class:`LockedError`, with the time the controls open again), or a write the database
  refused (nothing was saved).
"""

from storage.codes import CODE_ALPHABET, CODE_LENGTH, normalise_code
from storage.database import Store, database_url, open_store
from storage.errors import (
    InvalidValueError,
    LockedError,
    PilotNotFoundError,
    StaleEditError,
    StorageError,
    UnknownParticipantError,
    UnknownWorkshopError,
    WrongSecretError,
)
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
from storage.workshops import (
    LOCK_MINUTES,
    MAX_ATTEMPTS,
    PANELS,
    Joined,
    OpenedWorkshop,
    SubmissionInfo,
    WorkshopInfo,
    check_facilitator,
    counts,
    create_workshop,
    delete_my_submission,
    delete_workshop,
    find_workshop,
    join_workshop,
    list_submissions,
    my_submission,
    new_participant_key,
    purge_expired,
    set_hidden_panels,
    submit,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "LOCK_MINUTES",
    "MAX_ATTEMPTS",
    "PANELS",
    "InvalidValueError",
    "Joined",
    "KpiReading",
    "LockedError",
    "OpenedWorkshop",
    "Phase",
    "Pilot",
    "PilotNotFoundError",
    "StaleEditError",
    "StorageError",
    "Store",
    "SubmissionInfo",
    "UnknownParticipantError",
    "UnknownWorkshopError",
    "WorkshopInfo",
    "WrongSecretError",
    "check_facilitator",
    "counts",
    "create_pilot",
    "create_workshop",
    "database_url",
    "delete_my_submission",
    "delete_pilot",
    "delete_workshop",
    "find_workshop",
    "get_pilot",
    "join_workshop",
    "list_pilots",
    "list_submissions",
    "my_submission",
    "new_participant_key",
    "normalise_code",
    "open_store",
    "purge_expired",
    "readings",
    "record_reading",
    "set_hidden_panels",
    "submit",
    "update_pilot",
]
