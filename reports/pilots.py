"""How far a pilot's KPIs are from their targets, and several pilots side by side.

Pure functions over what ``storage`` hands back (pilots and their readings) and the knowledge
base's KPIs (:class:`templates_library.schema.Kpi`): no Streamlit, no database, no words. The
page names things in the user's language; here KPIs, phases and set-ups are ids.

**Share of target reached** by the latest reading of a KPI, from 0 up to :data:`MAX_SHARE`:

* a KPI where higher is better: ``value / target`` (12 items for a target of 10 is 120%);
* a KPI where lower is better: ``target / value`` (a 10-day lead time for a target of 5 days is
  50%; at or under the target it is 100% or more);
* a target of 0 (zero incidents, no deadline missed) cannot be divided by: reaching it is 100%,
  missing it 0%; a value of 0 for a positive lower-is-better target is the best possible, so
  the maximum;
* no target in the knowledge base, or no reading yet: no share (``None``), never a guess.

Shares are capped at :data:`MAX_SHARE` (twice the target) so that one KPI far past its target
does not flatten every other bar of a chart; whether the target is reached is said separately
(:func:`target_reached`), so nothing depends on reading a bar's length or colour.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from templates_library.schema import SetupTemplate

#: The largest share of a target shown: twice the target.
MAX_SHARE = 2.0


class ReadingLike(Protocol):
    """What a KPI reading needs to be followed (``storage.KpiReading`` is one)."""

    @property
    def kpi_id(self) -> str: ...
    @property
    def read_on(self) -> date: ...
    @property
    def value(self) -> float: ...
    @property
    def note(self) -> str: ...


class PilotLike(Protocol):
    """What a pilot needs to be compared (``storage.Pilot`` is one)."""

    @property
    def id(self) -> int: ...
    @property
    def template_id(self) -> str: ...
    @property
    def started_on(self) -> date: ...
    @property
    def phase(self) -> str: ...


def share_of_target(value: float, target: float | None, higher_is_better: bool) -> float | None:
    """The share of ``target`` that ``value`` reaches (see the module's rules), or ``None``."""
    if target is None or not math.isfinite(value) or not math.isfinite(target):
        return None
    if target <= 0:
        return 1.0 if target_reached(value, target, higher_is_better) else 0.0
    if higher_is_better:
        share = value / target
    elif value <= 0:
        share = MAX_SHARE
    else:
        share = target / value
    return min(max(share, 0.0), MAX_SHARE)


def target_reached(value: float, target: float | None, higher_is_better: bool) -> bool | None:
    """Whether ``value`` meets ``target`` (at or above it, or at or under it); ``None``: no
    target to meet."""
    if target is None:
        return None
    return value >= target if higher_is_better else value <= target


@dataclass(frozen=True)
class Point:
    """One reading of a KPI."""

    read_on: date
    value: float
    note: str = ""


@dataclass(frozen=True)
class KpiTrack:
    """A KPI of a pilot's set-up with its readings, oldest first.

    ``known`` is False for readings of a KPI the knowledge base no longer lists for the set-up
    (it changed after they were recorded): they are kept and shown, without a target.
    """

    kpi_id: str
    name: str
    unit: str
    target: float | None
    higher_is_better: bool
    points: tuple[Point, ...] = ()
    known: bool = True

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def first(self) -> Point | None:
        return self.points[0] if self.points else None

    @property
    def share(self) -> float | None:
        """The share of the target the latest reading reaches."""
        latest = self.latest
        if latest is None:
            return None
        return share_of_target(latest.value, self.target, self.higher_is_better)

    @property
    def reached(self) -> bool | None:
        """Whether the latest reading meets the target; ``None``: no reading or no target."""
        latest = self.latest
        if latest is None:
            return None
        return target_reached(latest.value, self.target, self.higher_is_better)


def kpi_tracks(template: SetupTemplate | None, readings: Iterable[ReadingLike]) -> list[KpiTrack]:
    """Every KPI of the set-up in the knowledge base's order, each with its readings by date;
    then the KPIs read that the set-up no longer lists, by id. ``template`` is ``None`` when
    the set-up itself left the knowledge base: every KPI read is then unknown."""
    by_kpi: dict[str, list[Point]] = {}
    for reading in readings:
        by_kpi.setdefault(reading.kpi_id, []).append(
            Point(reading.read_on, float(reading.value), reading.note or "")
        )
    for points in by_kpi.values():
        points.sort(key=lambda point: point.read_on)
    tracks: list[KpiTrack] = []
    listed: set[str] = set()
    for kpi in template.kpis if template is not None else []:
        listed.add(kpi.id)
        tracks.append(
            KpiTrack(
                kpi_id=kpi.id,
                name=kpi.name,
                unit=kpi.unit,
                target=kpi.target,
                higher_is_better=kpi.higher_is_better,
                points=tuple(by_kpi.get(kpi.id, ())),
            )
        )
    for kpi_id in sorted(set(by_kpi) - listed):
        tracks.append(
            KpiTrack(
                kpi_id=kpi_id,
                name=kpi_id,
                unit="",
                target=None,
                higher_is_better=True,
                points=tuple(by_kpi[kpi_id]),
                known=False,
            )
        )
    return tracks


@dataclass(frozen=True)
class PilotProgress:
    """A pilot and where each of its KPIs stands."""

    pilot_id: int
    template_id: str
    phase: str
    started_on: date
    tracks: tuple[KpiTrack, ...]

    @property
    def measured(self) -> tuple[KpiTrack, ...]:
        """The KPIs with at least one reading."""
        return tuple(track for track in self.tracks if track.latest is not None)

    @property
    def with_target(self) -> tuple[KpiTrack, ...]:
        """The KPIs whose latest reading can be set against a target."""
        return tuple(track for track in self.tracks if track.share is not None)

    @property
    def on_target(self) -> int:
        """How many KPIs meet their target with their latest reading."""
        return sum(1 for track in self.tracks if track.reached)

    @property
    def mean_share(self) -> float | None:
        """The average share of target reached over the KPIs that have one (``None``: none)."""
        shares = [track.share for track in self.with_target if track.share is not None]
        return sum(shares) / len(shares) if shares else None


def pilot_progress(
    pilot: PilotLike, template: SetupTemplate | None, readings: Iterable[ReadingLike]
) -> PilotProgress:
    """Where the pilot stands: its KPIs (:func:`kpi_tracks`) with its id, set-up and phase."""
    phase = getattr(pilot.phase, "value", pilot.phase)
    return PilotProgress(
        pilot_id=pilot.id,
        template_id=pilot.template_id,
        phase=str(phase),
        started_on=pilot.started_on,
        tracks=tuple(kpi_tracks(template, readings)),
    )


def compared_kpis(progresses: Sequence[PilotProgress]) -> list[tuple[str, str]]:
    """The (set-up, KPI) pairs that at least one of the pilots can set against a target, in
    the order the pilots and their set-ups list them: the rows of a comparison."""
    seen: list[tuple[str, str]] = []
    for progress in progresses:
        for track in progress.with_target:
            key = (progress.template_id, track.kpi_id)
            if key not in seen:
                seen.append(key)
    return seen
