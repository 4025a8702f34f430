"""Pilots and their KPI readings: the service functions pages call to read and write them.

Each function takes a :class:`~storage.database.Store` (it opens a session and commits) or a
``Session`` (the caller commits; the function only flushes, so errors surface here). Values are
checked before anything is written, against the knowledge base (set-up, tool, region and KPI
ids): an invalid value raises :class:`InvalidValueError` naming the field. A database failure
(server unreachable, SQLite locked for longer than the busy timeout, a constraint) raises
:class:`StorageError` saying the write failed and nothing was saved; the transaction is rolled
back, and the arguments are never modified, so the caller still has what the user typed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.database import Store
from storage.errors import InvalidValueError, PilotNotFoundError, StaleEditError
from storage.models import KpiReading, Phase, Pilot, utc_now
from storage.transactions import insert_for, known, library_of, one_of, reading, writing

if TYPE_CHECKING:
    from templates_library.library import Library

#: The fields of a pilot ``update_pilot`` may change.
EDITABLE_FIELDS = frozenset(
    {"organisation", "template_id", "tool_id", "region_id", "started_on", "phase", "notes"}
)
ORGANISATION_MAX = 200


def create_pilot(
    target: Store | Session,
    *,
    template_id: str,
    started_on: date | str,
    phase: Phase | str = Phase.IMPLANTATION,
    organisation: str | None = None,
    tool_id: str | None = None,
    region_id: str | None = None,
    notes: str = "",
) -> Pilot:
    """Record a new pilot of the set-up ``template_id``; returns it with its id and version 1."""
    library = library_of(target)
    values = _checked_pilot(
        library,
        {
            "template_id": template_id,
            "started_on": started_on,
            "phase": phase,
            "organisation": organisation,
            "tool_id": tool_id,
            "region_id": region_id,
            "notes": notes,
        },
    )
    with writing(target, "saving the pilot") as session:
        pilot = Pilot(**values)
        session.add(pilot)
    return pilot


def update_pilot(
    target: Store | Session, pilot_id: int, *, expected_version: int, **changes: Any
) -> Pilot:
    """Change the given fields of a pilot, if nobody saved it since ``expected_version``.

    ``expected_version`` is the ``version`` of the pilot as the user saw it. When the pilot has
    been saved since, :class:`StaleEditError` is raised and nothing changes.
    """
    unknown = sorted(set(changes) - EDITABLE_FIELDS)
    if unknown:
        raise InvalidValueError(
            unknown[0], f"not a field of a pilot that can be edited ({one_of(EDITABLE_FIELDS)})"
        )
    library = library_of(target)
    with writing(target, "saving the pilot", pilot_id=pilot_id, version=expected_version) as s:
        pilot = s.get(Pilot, pilot_id, populate_existing=True)
        if pilot is None:
            raise PilotNotFoundError(pilot_id)
        if pilot.version != expected_version:
            raise StaleEditError(pilot_id, expected_version, pilot.version)
        current = {name: getattr(pilot, name) for name in EDITABLE_FIELDS}
        values = _checked_pilot(library, {**current, **changes}, changed=set(changes))
        for name in changes:
            setattr(pilot, name, values[name])
        # Saving with no change still counts as a save, so a concurrent edit is detected.
        pilot.updated_at = utc_now()
    return pilot


def get_pilot(target: Store | Session, pilot_id: int) -> Pilot:
    with reading(target, "reading the pilot") as session:
        pilot = session.get(Pilot, pilot_id)
        if pilot is None:
            raise PilotNotFoundError(pilot_id)
        return pilot


def list_pilots(target: Store | Session) -> list[Pilot]:
    """Every pilot, the most recently started first."""
    with reading(target, "reading the pilots") as session:
        query = select(Pilot).order_by(Pilot.started_on.desc(), Pilot.id.desc())
        return list(session.scalars(query))


def delete_pilot(target: Store | Session, pilot_id: int) -> None:
    """Delete a pilot and its readings (the database cascades)."""
    with writing(target, "deleting the pilot") as session:
        pilot = session.get(Pilot, pilot_id)
        if pilot is None:
            raise PilotNotFoundError(pilot_id)
        session.execute(delete(Pilot).where(Pilot.id == pilot_id))
        session.expunge(pilot)


def record_reading(
    target: Store | Session,
    pilot_id: int,
    *,
    kpi_id: str,
    read_on: date | str,
    value: float,
    note: str = "",
) -> KpiReading:
    """Save the value of a KPI on a day; a second reading of the same KPI and day replaces it.

    An ``INSERT ... ON CONFLICT DO UPDATE``: atomic, so concurrent writers never collide.
    """
    library = library_of(target)
    checked_day = _date("read_on", read_on)
    checked_value = _value(value)
    checked_note = _text("note", note)
    with writing(target, "saving the reading") as session:
        template_id = session.scalar(select(Pilot.template_id).where(Pilot.id == pilot_id))
        if template_id is None:
            raise PilotNotFoundError(pilot_id)
        template = library.templates.get(template_id)
        kpi_ids = [k.id for k in template.kpis] if template is not None else []
        known("kpi_id", kpi_id, kpi_ids, f"a KPI of the set-up {template_id!r}")
        insert = insert_for(session)
        statement = insert(KpiReading).values(
            pilot_id=pilot_id,
            kpi_id=kpi_id,
            read_on=checked_day,
            value=checked_value,
            note=checked_note,
        )
        statement = statement.on_conflict_do_update(
            index_elements=["pilot_id", "kpi_id", "read_on"],
            set_={"value": statement.excluded.value, "note": statement.excluded.note},
        ).returning(KpiReading.id)
        reading_id = session.execute(statement).scalar_one()
        reading = session.get(KpiReading, reading_id, populate_existing=True)
        assert reading is not None  # noqa: S101 (just written in this transaction)
    return reading


def readings(target: Store | Session, pilot_id: int) -> list[KpiReading]:
    """The readings of a pilot, by KPI then day."""
    with reading(target, "reading the KPI readings") as session:
        if session.get(Pilot, pilot_id) is None:
            raise PilotNotFoundError(pilot_id)
        query = (
            select(KpiReading)
            .where(KpiReading.pilot_id == pilot_id)
            .order_by(KpiReading.kpi_id, KpiReading.read_on)
        )
        return list(session.scalars(query))


# --- checks --------------------------------------------------------------------------------


def _checked_pilot(
    library: Library, values: Mapping[str, Any], changed: set[str] | None = None
) -> dict[str, Any]:
    """The values of a pilot, checked; only the ``changed`` ones (default: all) are checked."""

    def check(name: str) -> bool:
        return changed is None or name in changed

    out = dict(values)
    if check("template_id"):
        known("template_id", values["template_id"], library.templates, "a set-up")
    if check("tool_id") and values["tool_id"] is not None:
        known("tool_id", values["tool_id"], library.tools, "a tool of the catalogue")
    if check("region_id") and values["region_id"] is not None:
        known("region_id", values["region_id"], library.regions, "a region")
    if check("started_on"):
        out["started_on"] = _date("started_on", values["started_on"])
    if check("phase"):
        out["phase"] = _phase(values["phase"])
    if check("organisation"):
        organisation = values["organisation"]
        if organisation is not None:
            organisation = _text("organisation", organisation).strip() or None
            if organisation is not None and len(organisation) > ORGANISATION_MAX:
                raise InvalidValueError(
                    "organisation",
                    f"at most {ORGANISATION_MAX} characters, not {len(organisation)}",
                )
        out["organisation"] = organisation
    if check("notes"):
        out["notes"] = _text("notes", values["notes"])
    return out


def _date(field: str, value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidValueError(field, f"{value!r} is not a date (YYYY-MM-DD)")


def _phase(value: Any) -> Phase:
    try:
        return Phase(value)
    except ValueError:
        raise InvalidValueError(
            "phase", f"{value!r} is not a phase ({one_of([p.value for p in Phase])})"
        ) from None


def _value(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError("value", f"{value!r} is not a number")
    if not math.isfinite(value):
        raise InvalidValueError("value", f"{value!r} is not a finite number")
    return float(value)


def _text(field: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidValueError(field, f"{value!r} is not text")
    return value
