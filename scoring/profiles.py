"""Profiles as columns: the engine's input for one profile or a million.

A :class:`ProfileTable` holds one numpy array per answer (category codes for choices, floats
with NaN for "don't know") plus the values derived from them: size band, region type (from the
region unless given), staff time in FTE and the maturity level. The wizard builds a table of one
row from :class:`~scoring.answers.Answers`; ``batch`` builds one from a CSV in a few vectorised
steps, so both reach the same scoring code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from scoring.answers import Answers
from templates_library import Library
from templates_library.schema import (
    MATURITY_DIMENSIONS,
    ActorType,
    ItCapacity,
    RegionType,
    RndIntensity,
    SizeBand,
    ValueChainPosition,
    WatchKind,
    WillingToShare,
)

ACTOR_TYPES = [a.value for a in ActorType]
VALUE_CHAIN = [v.value for v in ValueChainPosition]
REGION_TYPES = [r.value for r in RegionType]
SIZE_BANDS = [s.value for s in SizeBand]
WILLING = [w.value for w in WillingToShare]
RND = [r.value for r in RndIntensity]
IT = [i.value for i in ItCapacity]
KINDS = [k.value for k in WatchKind]
DIMENSIONS = list(MATURITY_DIMENSIONS)
#: EU size classes: fewer than 10 staff is micro, fewer than 50 small, otherwise medium.
SIZE_LIMITS = (10, 50)
MISSING = -1


@dataclass(frozen=True)
class ProfileTable:
    """Columns of ``n`` profiles. Codes index the lists above (or the library's ids)."""

    actor_type: np.ndarray  # int8
    sector: np.ndarray  # int16, index into library sector ids
    value_chain: np.ndarray  # int8
    region: np.ndarray  # int16, index into library region ids
    region_type: np.ndarray  # int8 (given, else the region's RIS group)
    size_band: np.ndarray  # int8 (derived from employees; -1 when not an SME)
    willing_to_share: np.ndarray  # int8
    rnd_intensity: np.ndarray  # int8, -1 when not answered
    it_capacity: np.ndarray  # int8, -1 when not answered
    prefers_open_source: np.ndarray  # int8: 1, 0, or -1 when not answered
    employees: np.ndarray  # float64
    budget_eur_per_year: np.ndarray  # float64
    staff_hours_per_week: np.ndarray  # float64
    first_results_within_weeks: np.ndarray  # float64
    maturity: np.ndarray  # float64 (n, 6), answers 1-5, NaN = don't know
    needs: np.ndarray  # float64 (n, 11), answers 0-3, NaN = don't know

    def __len__(self) -> int:
        return len(self.actor_type)

    def rows(self, index: Any) -> ProfileTable:
        """A table of the selected rows (a slice, an index array or a mask)."""
        return ProfileTable(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def repeat(self, count: int) -> ProfileTable:
        """``count`` copies of a one-row table, to be perturbed (robustness, what-if)."""
        return ProfileTable(
            **{f.name: np.repeat(getattr(self, f.name), count, axis=0) for f in fields(self)}
        )

    def with_columns(self, **columns: np.ndarray) -> ProfileTable:
        return replace(self, **columns)


def _code(values: Sequence[str], value: str | None) -> int:
    return values.index(value) if value is not None else MISSING


def size_band_codes(employees: np.ndarray, actor_type: np.ndarray) -> np.ndarray:
    """EU size band of an SME; -1 (not applicable) for clusters, chambers and regions, whose
    own staff says nothing about the firms they serve."""
    bands = np.searchsorted(np.asarray(SIZE_LIMITS), employees, side="right").astype(np.int8)
    return np.where(actor_type == ACTOR_TYPES.index("sme"), bands, MISSING).astype(np.int8)


def region_type_codes(region: np.ndarray, given: np.ndarray, library: Library) -> np.ndarray:
    """The region type given in the answers, else the RIS group of the region."""
    groups = [r.ris.group.value if r.ris else None for r in library.regions.values()]
    lookup = np.array([_code(REGION_TYPES, g) for g in groups], dtype=np.int8)
    derived = lookup[region]
    return np.where(given >= 0, given, derived).astype(np.int8)


def from_answers(answers: Sequence[Answers], library: Library) -> ProfileTable:
    """Columns from validated answers (the wizard's path, and ``recommend``)."""
    sectors, regions = list(library.sectors), list(library.regions)
    region = np.array([regions.index(a.region) for a in answers], dtype=np.int16)
    given = np.array(
        [_code(REGION_TYPES, a.region_type.value if a.region_type else None) for a in answers],
        dtype=np.int8,
    )
    employees = np.array([a.employees for a in answers], dtype=np.float64)
    actor = np.array([_code(ACTOR_TYPES, a.actor_type.value) for a in answers], np.int8)

    def opt(value: Any) -> str | None:
        return value.value if value is not None else None

    return ProfileTable(
        actor_type=actor,
        sector=np.array([sectors.index(a.sector) for a in answers], dtype=np.int16),
        value_chain=np.array([_code(VALUE_CHAIN, a.value_chain.value) for a in answers], np.int8),
        region=region,
        region_type=region_type_codes(region, given, library),
        size_band=size_band_codes(employees, actor),
        willing_to_share=np.array(
            [_code(WILLING, a.willing_to_share.value) for a in answers], np.int8
        ),
        rnd_intensity=np.array([_code(RND, opt(a.rnd_intensity)) for a in answers], np.int8),
        it_capacity=np.array([_code(IT, opt(a.it_capacity)) for a in answers], np.int8),
        prefers_open_source=np.array(
            [
                MISSING if a.prefers_open_source is None else int(a.prefers_open_source)
                for a in answers
            ],
            np.int8,
        ),
        employees=employees,
        budget_eur_per_year=np.array([a.budget_eur_per_year for a in answers], np.float64),
        staff_hours_per_week=np.array([a.staff_hours_per_week for a in answers], np.float64),
        first_results_within_weeks=np.array(
            [a.first_results_within_weeks for a in answers], np.float64
        ),
        maturity=np.array(
            [[_nan(getattr(a.maturity, d)) for d in DIMENSIONS] for a in answers], np.float64
        ).reshape(len(answers), len(DIMENSIONS)),
        needs=np.array(
            [[_nan(getattr(a.needs, k)) for k in KINDS] for a in answers], np.float64
        ).reshape(len(answers), len(KINDS)),
    )


def _nan(value: int | None) -> float:
    return np.nan if value is None else float(value)
