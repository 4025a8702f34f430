"""The tables of ``storage``, as SQLAlchemy 2 typed declarative models.

Pilots and their KPI readings (revision 0001); workshops and their participants (0002).

The Alembic migrations in ``storage/migrations`` are the schema: these models must match them
(``tests/integration`` checks it with Alembic's ``compare_metadata``). Never call
``metadata.create_all`` outside tests.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Deterministic constraint names: the same on SQLite and PostgreSQL, so later migrations can
# drop or alter a constraint by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in UTC. SQLite keeps no time zone, so one read back from it is marked UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("a moment to store must carry its time zone")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Phase(enum.StrEnum):
    """The phase a pilot is in: the set-up is put in place, run, then in routine use."""

    IMPLANTATION = "implantation"
    IMPLEMENTATION = "implementation"
    USE = "use"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Pilot(Base):
    """The pilot of a set-up (and optionally a tool) in an organisation."""

    __tablename__ = "pilots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation: Mapped[str | None] = mapped_column(String(200))
    template_id: Mapped[str] = mapped_column(String(100))
    tool_id: Mapped[str | None] = mapped_column(String(100))
    region_id: Mapped[str | None] = mapped_column(String(100))
    started_on: Mapped[date] = mapped_column(Date)
    # Stored as text with a CHECK constraint rather than a native PostgreSQL enum type: adding
    # a phase later is then a plain migration on both databases.
    phase: Mapped[Phase] = mapped_column(
        Enum(
            Phase,
            name="phase",
            native_enum=False,
            create_constraint=True,
            length=20,
            values_callable=lambda phases: [p.value for p in phases],
            validate_strings=True,
        )
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, onupdate=utc_now)
    #: Optimistic locking: every UPDATE says ``WHERE version = <the version read>``.
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's documented form)

    def __repr__(self) -> str:
        return f"Pilot(id={self.id!r}, template_id={self.template_id!r}, version={self.version!r})"


class KpiReading(Base):
    """One reading of one KPI of a pilot's set-up on one day (one per pilot, KPI and day)."""

    __tablename__ = "kpi_readings"
    __table_args__ = (UniqueConstraint("pilot_id", "kpi_id", "read_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"))
    kpi_id: Mapped[str] = mapped_column(String(100))
    read_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return (
            f"KpiReading(pilot_id={self.pilot_id!r}, kpi_id={self.kpi_id!r}, "
            f"read_on={self.read_on!r}, value={self.value!r})"
        )


class Workshop(Base):
    """A workshop: a room of participants answering the wizard, joined with a short code.

    Its secrets are stored only as hashes (see ``storage.codes``): the PIN salted and slow, the
    admin link's token as SHA-256 (it is random and long). ``failed_attempts`` and
    ``locked_until`` limit the guesses at them, across sessions and processes.
    """

    __tablename__ = "workshops"
    __table_args__ = (UniqueConstraint("code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(6))
    title: Mapped[str] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(8))
    regions: Mapped[list[str]] = mapped_column(JSON)
    sectors: Mapped[list[str]] = mapped_column(JSON)
    pin_hash: Mapped[str] = mapped_column(String(200))
    admin_token_hash: Mapped[str] = mapped_column(String(64))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    hidden_panels: Mapped[list[str]] = mapped_column(JSON)
    retention_days: Mapped[int] = mapped_column(Integer)
    #: When the workshop and everything in it is erased (``storage.workshops.purge_expired``).
    delete_after: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    #: Incremented by every change of the workshop's settings (not by submissions).
    version: Mapped[int] = mapped_column(Integer, default=1)

    def __repr__(self) -> str:
        return f"Workshop(id={self.id!r}, code={self.code!r}, title={self.title!r})"


class Participant(Base):
    """One participant of a workshop, anonymous: a key the browser holds, then its answers.

    ``participant_key`` makes joining and submitting idempotent (unique within a workshop); the
    private link's token is stored as its SHA-256. ``organisation`` is kept only with
    ``consent`` to matchmaking.
    """

    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("workshop_id", "participant_key"),
        UniqueConstraint("private_token_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    participant_key: Mapped[str] = mapped_column(String(64))
    private_token_hash: Mapped[str] = mapped_column(String(64))
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # none_as_null: "not submitted yet" is SQL NULL, not the JSON value null.
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    organisation: Mapped[str | None] = mapped_column(String(200))
    consent: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self) -> str:
        return (
            f"Participant(id={self.id!r}, workshop_id={self.workshop_id!r}, "
            f"submitted={self.submitted_at is not None!r})"
        )
