"""Workshops and their participants: the service functions the workshop pages call.

A facilitator opens a workshop (:func:`create_workshop`) and gets its join code, a PIN and an
admin link's token, shown once: only their hashes are stored (``storage.codes``). Participants
join with the code and a key their browser keeps (:func:`join_workshop`), then submit their
answers (:func:`submit`); both are idempotent on (workshop, key), so a double click, a retry
or 200 people at once never lose or duplicate a submission. The facilitator's controls are
behind :func:`check_facilitator`, which counts wrong secrets in the workshop's row (so the limit
holds across sessions and processes) and locks them for a while after too many.

Data protection: nothing personal is required; an organisation name is kept only with the
participant's consent to matchmaking; a workshop past its retention period is treated as if it
never existed and :func:`purge_expired` erases it with everything in it.

Every function takes a :class:`~storage.database.Store`, checks its arguments before writing
(:class:`InvalidValueError` naming the field), never modifies them, and hands back detached
dataclasses of plain values (no ORM object reaches a page). A database failure raises
:class:`StorageError` saying that nothing was saved.
"""

from __future__ import annotations

import json
import re
import secrets
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from scoring.answers import AnswersError, parse_answers
from storage.codes import (
    checked_pin,
    hash_pin,
    hash_token,
    new_code,
    new_pin,
    new_token,
    normalise_code,
    verify_pin,
    verify_token,
)
from storage.database import Store
from storage.errors import (
    InvalidValueError,
    LockedError,
    StorageError,
    UnknownParticipantError,
    UnknownWorkshopError,
    WrongSecretError,
)
from storage.models import Participant, Workshop, utc_now
from storage.transactions import insert_for, known, library_of, one_of, reading, writing
from templates_library.locales import catalogues

#: Consecutive wrong PINs or admin links that lock a workshop's facilitator controls...
MAX_ATTEMPTS = 5
#: ... for this many minutes.
LOCK_MINUTES = 5
#: The panels of the projector dashboard a facilitator may hide, in the order shown.
PANELS = ("participation", "profile", "maturity", "needs", "setups", "pooling", "matchmaking")
TITLE_MAX = 120
ORGANISATION_MAX = 200
RETENTION_DAYS_DEFAULT = 30
RETENTION_DAYS_MIN, RETENTION_DAYS_MAX = 1, 365
#: Characters of a stored ``result`` summary at most (a few hundred are expected).
RESULT_MAX = 20_000
#: New codes tried when the drawn one is in use (with 887 million codes, one try is the rule).
CODE_TRIES = 10
_PARTICIPANT_KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")


@dataclass(frozen=True)
class WorkshopInfo:
    """A workshop as pages see it: plain values, detached from the database."""

    id: int
    code: str
    title: str
    language: str
    regions: tuple[str, ...]
    sectors: tuple[str, ...]
    hidden_panels: tuple[str, ...]
    retention_days: int
    delete_after: datetime
    created_at: datetime
    #: Incremented by every change of the settings (hidden panels), not by submissions.
    version: int = 1


@dataclass(frozen=True)
class OpenedWorkshop:
    """A new workshop with its secrets in clear: shown once to the facilitator, never stored."""

    workshop: WorkshopInfo
    pin: str
    admin_token: str


@dataclass(frozen=True)
class Joined:
    """A participant in a workshop. ``private_token`` (of the private link) only on first join."""

    workshop: WorkshopInfo
    participant_key: str
    private_token: str | None


@dataclass(frozen=True)
class SubmissionInfo:
    """One participant: ``answers`` and ``result`` are None until they submit."""

    #: 1, 2, 3... in joining order within the workshop: what anonymised exports show. As
    #: ``submit`` returns it while others join at the same moment it may still grow (a join
    #: with a lower id can commit later); ``list_submissions`` gives the settled numbers.
    number: int
    participant_key: str
    answers: dict[str, Any] | None
    result: dict[str, Any] | None
    organisation: str | None
    consent: bool
    joined_at: datetime
    submitted_at: datetime | None


def new_participant_key() -> str:
    """A key for a participant's browser to keep: random, so nobody can submit in its name."""
    return secrets.token_urlsafe(16)


# --- facilitator ---------------------------------------------------------------------------


def create_workshop(
    store: Store,
    *,
    title: str,
    language: str,
    regions: Iterable[str] = (),
    sectors: Iterable[str] = (),
    retention_days: int = RETENTION_DAYS_DEFAULT,
    pin: str | None = None,
    now: datetime | None = None,
) -> OpenedWorkshop:
    """Open a workshop; its code is new, its PIN ``pin`` (4-12 digits) or 6 random digits.

    The PIN and the admin token come back in clear once, in :class:`OpenedWorkshop`.
    """
    library = library_of(store)
    checked_title = _title(title)
    checked_language = _language(language)
    checked_regions = _ids("regions", regions, library.regions, "a region")
    checked_sectors = _ids("sectors", sectors, library.sectors, "a sector")
    checked_retention = _retention_days(retention_days)
    moment = _now(now)
    clear_pin = new_pin() if pin is None else checked_pin(pin)
    admin_token = new_token()
    # Hashed before the transaction: the slow hash must not hold the database's write lock.
    values = {
        "title": checked_title,
        "language": checked_language,
        "regions": checked_regions,
        "sectors": checked_sectors,
        "pin_hash": hash_pin(clear_pin),
        "admin_token_hash": hash_token(admin_token),
        "failed_attempts": 0,
        "locked_until": None,
        "hidden_panels": [],
        "retention_days": checked_retention,
        "delete_after": moment + timedelta(days=checked_retention),
        "created_at": moment,
        "version": 1,
    }
    with writing(store, "opening the workshop") as session:
        insert = insert_for(session)
        for _ in range(CODE_TRIES):
            statement = (
                insert(Workshop)
                .values(code=new_code(), **values)
                .on_conflict_do_nothing(index_elements=["code"])
                .returning(Workshop.id)
            )
            workshop_id = session.execute(statement).scalar_one_or_none()
            if workshop_id is not None:
                break
        else:
            raise StorageError(
                f"no free workshop code was found in {CODE_TRIES} tries, so nothing was saved; "
                "try again"
            )
        workshop = session.get(Workshop, workshop_id, populate_existing=True)
        assert workshop is not None  # noqa: S101 (just written in this transaction)
        info = _workshop_info(workshop)
    return OpenedWorkshop(info, clear_pin, admin_token)


def check_facilitator(
    store: Store,
    code: str,
    *,
    pin: str | None = None,
    admin_token: str | None = None,
    now: datetime | None = None,
) -> WorkshopInfo:
    """The workshop, when ``pin`` or ``admin_token`` opens its facilitator controls.

    A wrong secret raises :class:`WrongSecretError` with the attempts left; the
    ``MAX_ATTEMPTS``-th wrong one in a row locks the controls for ``LOCK_MINUTES``
    (:class:`LockedError`, with the time they open again); a right one resets the count. Every
    attempt is counted in the database before the PIN is checked, so parallel guesses cannot
    exceed the limit. The admin token, 192 random bits, cannot be guessed: a right one opens
    the controls even while they are locked, so a room that mistypes the PIN cannot lock the
    facilitator out.
    """
    checked_code = normalise_code(code)
    moment = _now(now)
    if pin is None and admin_token is None:
        raise InvalidValueError("pin", "type the workshop's PIN, or open its admin link")
    checked = checked_pin(pin) if pin is not None else None
    if admin_token is not None and (not isinstance(admin_token, str) or not admin_token.strip()):
        raise InvalidValueError("admin_token", "the admin link has no token: copy it whole")

    with writing(store, "checking the facilitator's secret") as session:
        workshop = _open_by_code(session, checked_code, moment)
        info = _workshop_info(workshop)
        if admin_token is not None and verify_token(admin_token.strip(), workshop.admin_token_hash):
            _reset_attempts(session, workshop.id)
            return info
        attempts, locked_until = _count_attempt(session, workshop.id, moment)
    # The count is committed: now the slow check, outside the transaction.
    if checked is not None and attempts <= MAX_ATTEMPTS and verify_pin(checked, workshop.pin_hash):
        with writing(store, "checking the facilitator's secret") as session:
            _reset_attempts(session, workshop.id)
        return info
    if locked_until is not None:
        raise LockedError(locked_until)
    secret = "pin" if checked is not None else "admin_token"
    raise WrongSecretError(secret, MAX_ATTEMPTS - attempts, LOCK_MINUTES)


def set_hidden_panels(
    store: Store, workshop_id: int, hidden: Iterable[str], *, now: datetime | None = None
) -> WorkshopInfo:
    """Hide exactly the ``hidden`` panels of the projector dashboard (the others are shown)."""
    chosen = set(_ids("hidden", hidden, PANELS, "a panel of the dashboard"))
    ordered = [panel for panel in PANELS if panel in chosen]
    moment = _now(now)
    with writing(store, "saving the panels shown") as session:
        result = session.execute(
            update(Workshop)
            .where(Workshop.id == workshop_id, Workshop.delete_after > moment)
            .values(hidden_panels=ordered, version=Workshop.version + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 0:
            raise UnknownWorkshopError(workshop_id=workshop_id)
        workshop = session.get(Workshop, workshop_id, populate_existing=True)
        assert workshop is not None  # noqa: S101 (just updated in this transaction)
        info = _workshop_info(workshop)
    return info


def delete_workshop(store: Store, workshop_id: int) -> None:
    """Erase a workshop and everything in it (the database cascades to its participants)."""
    with writing(store, "deleting the workshop") as session:
        result = session.execute(
            delete(Workshop)
            .where(Workshop.id == workshop_id)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 0:
            raise UnknownWorkshopError(workshop_id=workshop_id)


def purge_expired(store: Store, now: datetime | None = None) -> int:
    """Erase every workshop past its retention period, with its participants; how many."""
    moment = _now(now)
    with writing(store, "erasing the expired workshops") as session:
        result = session.execute(
            delete(Workshop)
            .where(Workshop.delete_after <= moment)
            .execution_options(synchronize_session=False)
        )
        erased = int(result.rowcount)
    return erased


# --- participants ----------------------------------------------------------------------------


def find_workshop(store: Store, code: str, now: datetime | None = None) -> WorkshopInfo:
    """The open workshop of ``code`` (typed by a person: spaces, dashes and case are ignored)."""
    checked_code = normalise_code(code)
    moment = _now(now)
    with reading(store, "looking up the workshop") as session:
        return _workshop_info(_open_by_code(session, checked_code, moment))


def join_workshop(
    store: Store, code: str, participant_key: str, now: datetime | None = None
) -> Joined:
    """Join the workshop of ``code`` as ``participant_key``; joining again changes nothing.

    The private link's token is returned on the first join only (it is stored hashed): the
    caller keeps it for the participant.
    """
    checked_code = normalise_code(code)
    key = _participant_key(participant_key)
    moment = _now(now)
    token = new_token()
    with writing(store, "joining the workshop") as session:
        workshop = _open_by_code(session, checked_code, moment)
        insert = insert_for(session)
        statement = (
            insert(Participant)
            .values(
                workshop_id=workshop.id,
                participant_key=key,
                private_token_hash=hash_token(token),
                joined_at=moment,
                consent=False,
            )
            .on_conflict_do_nothing(index_elements=["workshop_id", "participant_key"])
            .returning(Participant.id)
        )
        inserted = session.execute(statement).scalar_one_or_none()
        info = _workshop_info(workshop)
    return Joined(info, key, token if inserted is not None else None)


def submit(
    store: Store,
    workshop_id: int,
    participant_key: str,
    *,
    answers: Mapping[str, Any],
    result: Mapping[str, Any],
    consent: bool,
    organisation: str | None = None,
    now: datetime | None = None,
) -> SubmissionInfo:
    """Save a joined participant's answers and result; submitting again replaces them.

    ``answers`` must be valid answers (``scoring.answers``): they are stored in the answers
    file's form. ``organisation`` is refused without ``consent`` to matchmaking.
    """
    key = _participant_key(participant_key)
    checked_answers = _answers(answers, library_of(store))
    checked_result = _result(result)
    checked_consent = _consent(consent)
    checked_organisation = _organisation(organisation, checked_consent)
    moment = _now(now)
    with writing(store, "saving your answers") as session:
        open_workshop = select(Workshop.id).where(
            Workshop.id == workshop_id, Workshop.delete_after > moment
        )
        row = session.execute(
            update(Participant)
            .where(
                Participant.workshop_id == workshop_id,
                Participant.participant_key == key,
                Participant.workshop_id.in_(open_workshop),
            )
            .values(
                answers=checked_answers,
                result=checked_result,
                consent=checked_consent,
                organisation=checked_organisation,
                submitted_at=moment,
            )
            .returning(Participant.id, Participant.joined_at)
            .execution_options(synchronize_session=False)
        ).one_or_none()
        if row is None:
            if session.scalar(open_workshop) is None:
                raise UnknownWorkshopError(workshop_id=workshop_id)
            raise UnknownParticipantError(
                "participant_key: you are not (or no longer) in this workshop, so your answers "
                "were not saved; join it again with its code"
            )
        number = _number(session, workshop_id, row.id)
    return SubmissionInfo(
        number=number,
        participant_key=key,
        answers=checked_answers,
        result=checked_result,
        organisation=checked_organisation,
        consent=checked_consent,
        joined_at=row.joined_at,
        submitted_at=moment,
    )


def list_submissions(
    store: Store, workshop_id: int, *, now: datetime | None = None
) -> list[SubmissionInfo]:
    """Every participant of an open workshop, submitted or not, in joining order."""
    moment = _now(now)
    with reading(store, "reading the submissions") as session:
        _open_by_id(session, workshop_id, moment)
        participants = session.scalars(
            select(Participant)
            .where(Participant.workshop_id == workshop_id)
            .order_by(Participant.id)
        )
        return [
            _submission_info(number, participant)
            for number, participant in enumerate(participants, start=1)
        ]


def counts(store: Store, workshop_id: int, *, now: datetime | None = None) -> tuple[int, int]:
    """How many participants joined an open workshop, and how many of them submitted."""
    moment = _now(now)
    with reading(store, "counting the participants") as session:
        _open_by_id(session, workshop_id, moment)
        joined, submitted = session.execute(
            select(func.count(Participant.id), func.count(Participant.submitted_at)).where(
                Participant.workshop_id == workshop_id
            )
        ).one()
    return int(joined), int(submitted)


def my_submission(
    store: Store, private_token: str, *, now: datetime | None = None
) -> tuple[WorkshopInfo, SubmissionInfo]:
    """The workshop and the submission of a private link."""
    token_hash = _private_token_hash(private_token)
    moment = _now(now)
    with reading(store, "reading your submission") as session:
        found = session.execute(
            select(Workshop, Participant)
            .join(Participant, Participant.workshop_id == Workshop.id)
            .where(Participant.private_token_hash == token_hash, Workshop.delete_after > moment)
        ).one_or_none()
        if found is None:
            raise _no_private_link()
        workshop, participant = found
        number = _number(session, workshop.id, participant.id)
        return _workshop_info(workshop), _submission_info(number, participant)


def delete_my_submission(store: Store, private_token: str) -> None:
    """Erase the participant of a private link: their answers, result and organisation."""
    token_hash = _private_token_hash(private_token)
    with writing(store, "deleting your submission") as session:
        result = session.execute(
            delete(Participant)
            .where(Participant.private_token_hash == token_hash)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 0:
            raise _no_private_link()


# --- reading rows ------------------------------------------------------------------------------


def _open_by_code(session: Session, code: str, now: datetime) -> Workshop:
    workshop = session.scalar(
        select(Workshop).where(Workshop.code == code, Workshop.delete_after > now)
    )
    if workshop is None:
        raise UnknownWorkshopError(code=code)
    return workshop


def _open_by_id(session: Session, workshop_id: int, now: datetime) -> None:
    found = session.scalar(
        select(Workshop.id).where(Workshop.id == workshop_id, Workshop.delete_after > now)
    )
    if found is None:
        raise UnknownWorkshopError(workshop_id=workshop_id)


def _number(session: Session, workshop_id: int, participant_id: int) -> int:
    """The place of a participant in the joining order of its workshop (1 for the first)."""
    return int(
        session.scalar(
            select(func.count(Participant.id)).where(
                Participant.workshop_id == workshop_id, Participant.id <= participant_id
            )
        )
        or 0
    )


def _workshop_info(workshop: Workshop) -> WorkshopInfo:
    return WorkshopInfo(
        id=workshop.id,
        code=workshop.code,
        title=workshop.title,
        language=workshop.language,
        regions=tuple(workshop.regions),
        sectors=tuple(workshop.sectors),
        hidden_panels=tuple(workshop.hidden_panels),
        retention_days=workshop.retention_days,
        delete_after=workshop.delete_after,
        created_at=workshop.created_at,
        version=workshop.version,
    )


def _submission_info(number: int, participant: Participant) -> SubmissionInfo:
    return SubmissionInfo(
        number=number,
        participant_key=participant.participant_key,
        answers=participant.answers,
        result=participant.result,
        organisation=participant.organisation,
        consent=participant.consent,
        joined_at=participant.joined_at,
        submitted_at=participant.submitted_at,
    )


def _no_private_link() -> UnknownParticipantError:
    return UnknownParticipantError(
        "private_token: no submission has this private link; it was deleted, or the "
        "workshop's retention period ended and its data were erased"
    )


# --- attempts at the facilitator's secrets -----------------------------------------------------


def _count_attempt(
    session: Session, workshop_id: int, now: datetime
) -> tuple[int, datetime | None]:
    """Count one attempt; the attempts so far and, when they lock the controls, until when.

    Each statement re-checks the row it updates (PostgreSQL locks it until commit; SQLite has
    one writer at a time), so concurrent attempts are each counted once.
    """
    # A lock that has run out gives a fresh series of attempts.
    session.execute(
        update(Workshop)
        .where(Workshop.id == workshop_id, Workshop.locked_until <= now)
        .values(failed_attempts=0, locked_until=None)
        .execution_options(synchronize_session=False)
    )
    attempts = session.execute(
        update(Workshop)
        .where(Workshop.id == workshop_id, Workshop.locked_until.is_(None))
        .values(failed_attempts=Workshop.failed_attempts + 1)
        .returning(Workshop.failed_attempts)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if attempts is None:  # locked
        until = session.scalar(select(Workshop.locked_until).where(Workshop.id == workshop_id))
        return MAX_ATTEMPTS + 1, until or now
    if attempts < MAX_ATTEMPTS:
        return attempts, None
    until = now + timedelta(minutes=LOCK_MINUTES)
    session.execute(
        update(Workshop)
        .where(Workshop.id == workshop_id)
        .values(locked_until=until)
        .execution_options(synchronize_session=False)
    )
    return attempts, until


def _reset_attempts(session: Session, workshop_id: int) -> None:
    session.execute(
        update(Workshop)
        .where(Workshop.id == workshop_id)
        .values(failed_attempts=0, locked_until=None)
        .execution_options(synchronize_session=False)
    )


# --- checks ------------------------------------------------------------------------------------


def _now(now: datetime | None) -> datetime:
    if now is None:
        return utc_now()
    if not isinstance(now, datetime) or now.tzinfo is None:
        raise InvalidValueError("now", f"{now!r} is not a moment with its time zone")
    return now


def _title(title: Any) -> str:
    if not isinstance(title, str):
        raise InvalidValueError("title", f"{title!r} is not text")
    checked = title.strip()
    if not checked:
        raise InvalidValueError("title", "give the workshop a title")
    if len(checked) > TITLE_MAX:
        raise InvalidValueError("title", f"at most {TITLE_MAX} characters, not {len(checked)}")
    if any(unicodedata.category(character) == "Cc" for character in checked):
        raise InvalidValueError("title", "one line of text, without control characters")
    return checked


def _language(language: Any) -> str:
    languages = catalogues().languages
    if not isinstance(language, str) or language not in languages:
        raise InvalidValueError(
            "language", f"{language!r} is not a language of the app ({one_of(languages)})"
        )
    return language


def _ids(field: str, values: Any, ids: Iterable[str], what: str) -> list[str]:
    """Ids checked against ``ids``, without repeats, in the order given."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidValueError(field, f"{values!r} is not a list of ids")
    names = list(ids)
    checked: list[str] = []
    for value in values:
        known(field, value, names, what)
        if value not in checked:
            checked.append(value)
    return checked


def _retention_days(days: Any) -> int:
    if isinstance(days, bool) or not isinstance(days, int):
        raise InvalidValueError("retention_days", f"{days!r} is not a whole number of days")
    if not RETENTION_DAYS_MIN <= days <= RETENTION_DAYS_MAX:
        raise InvalidValueError(
            "retention_days",
            f"from {RETENTION_DAYS_MIN} to {RETENTION_DAYS_MAX} days, not {days}",
        )
    return days


def _participant_key(key: Any) -> str:
    if not isinstance(key, str) or not _PARTICIPANT_KEY.fullmatch(key):
        raise InvalidValueError(
            "participant_key",
            "8 to 64 letters, digits, '-' or '_' (use storage.new_participant_key())",
        )
    return key


def _private_token_hash(token: Any) -> str:
    if not isinstance(token, str) or not token.strip():
        raise InvalidValueError("private_token", "the private link has no token: copy it whole")
    return hash_token(token.strip())


def _answers(answers: Any, library: Any) -> dict[str, Any]:
    """Valid answers, in the answers file's form (a new dict: the argument is left alone)."""
    try:
        parsed = parse_answers(answers, library)
    except AnswersError as exc:
        first, *others = exc.problems
        field = "answers" if first.field.startswith("<") else f"answers.{first.field}"
        message = first.message
        if others:
            message += "; also " + "; ".join(str(problem) for problem in others)
        raise InvalidValueError(field, message) from exc
    return parsed.to_file_dict()


def _result(result: Any) -> dict[str, Any]:
    """The result summary as JSON will give it back (a new dict: the argument is left alone)."""
    if not isinstance(result, Mapping):
        raise InvalidValueError("result", f"{type(result).__name__} is not a result summary")
    try:
        text = json.dumps(dict(result), allow_nan=False, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise InvalidValueError("result", f"cannot be stored as JSON ({exc})") from exc
    if len(text) > RESULT_MAX:
        raise InvalidValueError(
            "result", f"at most {RESULT_MAX} characters as JSON, not {len(text)}"
        )
    return dict(json.loads(text))


def _consent(consent: Any) -> bool:
    if not isinstance(consent, bool):
        raise InvalidValueError("consent", f"{consent!r} is not yes (True) or no (False)")
    return consent


def _organisation(organisation: Any, consent: bool) -> str | None:
    if organisation is None:
        return None
    if not isinstance(organisation, str):
        raise InvalidValueError("organisation", f"{organisation!r} is not text")
    checked = organisation.strip()
    if not checked:
        return None
    if not consent:
        raise InvalidValueError(
            "organisation",
            "an organisation's name is kept only with consent to matchmaking: give consent "
            "or leave the name empty (nothing was saved)",
        )
    if len(checked) > ORGANISATION_MAX:
        raise InvalidValueError(
            "organisation", f"at most {ORGANISATION_MAX} characters, not {len(checked)}"
        )
    if any(unicodedata.category(character) == "Cc" for character in checked):
        raise InvalidValueError("organisation", "one line of text, without control characters")
    return checked
