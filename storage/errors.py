"""The errors of ``storage``: every failure a caller must handle is a :class:`StorageError`.

A page catches ``StorageError``, shows its message and keeps what the user typed: nothing of a
failed write is saved (the transaction is rolled back).
"""

from __future__ import annotations

from datetime import datetime


class StorageError(Exception):
    """A write or read of the database failed, or what was to be saved is not valid."""


class InvalidValueError(StorageError, ValueError):
    """A value to save is not valid; ``field`` names it, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class PilotNotFoundError(StorageError, LookupError):
    """No pilot has this id (it may have been deleted by someone else)."""

    def __init__(self, pilot_id: int) -> None:
        super().__init__(f"pilot_id: no pilot {pilot_id} (it may have been deleted)")
        self.pilot_id = pilot_id


class StaleEditError(StorageError):
    """Someone saved the pilot since it was read: the edit is refused and nothing changed."""

    def __init__(self, pilot_id: int, expected_version: int, current_version: int | None) -> None:
        now = f"version {current_version}" if current_version is not None else "a newer version"
        super().__init__(
            f"pilot {pilot_id} was changed by someone else since you opened it "
            f"(you edited version {expected_version}, it is now {now}); "
            "nothing was saved: reload the pilot and apply your edit again"
        )
        self.pilot_id = pilot_id
        self.expected_version = expected_version
        self.current_version = current_version


class UnknownWorkshopError(StorageError, LookupError):
    """No open workshop has this code (or id).

    A workshop past its retention period is reported exactly like one that never existed, so
    the message never tells whether a code was once in use.
    """

    def __init__(self, code: str | None = None, workshop_id: int | None = None) -> None:
        if code is not None:
            message = (
                f"code: no open workshop has the code {code}; check the code with the "
                "facilitator (nothing was saved)"
            )
        else:
            message = (
                "workshop_id: this workshop no longer exists (it was deleted, or its retention "
                "period ended and its data were erased); nothing was saved"
            )
        super().__init__(message)
        self.code = code
        self.workshop_id = workshop_id


class UnknownParticipantError(StorageError, LookupError):
    """No participant has this key in the workshop, or no submission this private link."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class WrongSecretError(StorageError):
    """The PIN or admin link given for a workshop's facilitator controls is wrong.

    ``remaining`` wrong attempts are left before the controls are locked.
    """

    def __init__(self, secret: str, remaining: int, lock_minutes: int) -> None:
        attempts = "attempt" if remaining == 1 else "attempts"
        super().__init__(
            f"{secret}: wrong {_SECRET_NAMES.get(secret, secret)}; {remaining} {attempts} left "
            f"before the facilitator controls of this workshop are locked for {lock_minutes} "
            "minutes (nothing was changed)"
        )
        self.secret = secret
        self.remaining = remaining
        self.lock_minutes = lock_minutes


class LockedError(StorageError):
    """Too many wrong secrets in a row: the facilitator controls are locked until ``until``."""

    def __init__(self, until: datetime) -> None:
        super().__init__(
            "too many wrong attempts: the facilitator controls of this workshop are locked "
            f"until {until:%H:%M} UTC ({until:%Y-%m-%d}); nothing was changed, try again then"
        )
        self.until = until


_SECRET_NAMES = {"pin": "PIN", "admin_token": "admin link"}
