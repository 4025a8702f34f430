"""The errors of ``storage``: every failure a caller must handle is a :class:`StorageError`.

A page catches ``StorageError``, shows its message and keeps what the user typed: nothing of a
failed write is saved (the transaction is rolled back).
"""

from __future__ import annotations


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
