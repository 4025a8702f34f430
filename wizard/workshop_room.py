"""A workshop's room as the projector and the exports see it: who joined, the submissions, the
room's summary (``scoring.aggregate``) and the matchmaking suggestions among those who
consented (``scoring.matchmaking``).

The projector asks every few seconds, maybe from several screens: the summary is computed once
per state of the room (the submissions' keys and times) and shared by every session of the
process; a new or replaced submission changes the state, so nothing stale is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import streamlit as st

import storage
from scoring.aggregate import RoomSummary, answers_frame, summarise
from scoring.matchmaking import Match, MatchInput, match
from scoring.recommend import engine_for
from storage import Store, SubmissionInfo, WorkshopInfo
from wizard.knowledge import library


@dataclass(frozen=True)
class Room:
    """The room now: ``joined`` participants, the ``submissions`` of those who sent their
    answers, their summary (None before the first) and the matchmaking suggestions."""

    joined: int
    submissions: list[SubmissionInfo] = field(default_factory=list)
    summary: RoomSummary | None = None
    matches: list[Match] = field(default_factory=list)

    @property
    def submitted(self) -> int:
        return len(self.submissions)


def _state(submissions: Sequence[SubmissionInfo]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (s.participant_key, s.submitted_at.isoformat() if s.submitted_at else "")
        for s in submissions
    )


@st.cache_data(show_spinner=False, max_entries=32, ttl=3600)
def _analyse(
    workshop_id: int,
    state: tuple[tuple[str, str], ...],
    _submissions: Sequence[SubmissionInfo],
) -> tuple[RoomSummary | None, list[Match]]:
    lib = library()
    records = [(s.answers or {}, s.result) for s in _submissions]
    if not records:
        return None, []
    summary = summarise(answers_frame(records), engine_for())
    inputs = [MatchInput(s.participant_key, s.answers or {}, s.consent) for s in _submissions]
    return summary, match(inputs, lib)


def load_room(store: Store, info: WorkshopInfo) -> Room:
    """The room of ``info`` now (raises :class:`storage.StorageError` when it cannot be read)."""
    everyone = storage.list_submissions(store, info.id)
    submitted = [s for s in everyone if s.submitted_at is not None and s.answers is not None]
    summary, matches = _analyse(info.id, _state(submitted), submitted)
    return Room(len(everyone), submitted, summary, matches)
