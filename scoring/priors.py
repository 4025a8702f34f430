"""What the wizard can say before the answers are complete: prior needs and the maturity level.

The needs page pre-fills each kind of watch from the priors of the sector, the value-chain
position and the region's innovation profile, blended with the weights of ``data/scoring.yaml``
(``needs.weights`` without ``stated``, renormalised). That blend is exactly the engine's needs
profile for a "don't know" need (:meth:`scoring.engine.Engine.needs_profile`), so a pre-filled
value is the user's need as the engine would guess it. The practice page shows the maturity
level as the engine derives it (:meth:`scoring.engine.Engine.derive`): the mean of the answered
dimensions on the 0-4 scale, or the configured level when none is answered.

These functions take plain values (ids, a dict of ratings), not validated answers, because the
pages call them while the answers are still incomplete. Pure: no Streamlit, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from templates_library import Library
from templates_library.schema import RegionType, WatchKind

KINDS = [k.value for k in WatchKind]
#: Components of the needs blend that are priors (the rest, ``stated``, is the user's answer).
PRIOR_COMPONENTS = ("sector", "value_chain", "region")
#: The top of the need scale (0-3): a prior of 1.0 pre-fills this.
NEED_SCALE_MAX = 3
#: The top of the maturity level scale (0-4).
LEVEL_MAX = 4


def region_type_of(library: Library, region: str | None, given: str | None = None) -> str | None:
    """The region type given in the answers, else the region's RIS group (None if unknown)."""
    if given:
        return given
    found = library.regions.get(region or "")
    if found is None or found.ris is None:
        return None
    return found.ris.group.value


def prior_weights(library: Library, region_type: str | None = None) -> dict[str, float]:
    """The blend's prior weights renormalised to add up to 1.

    Without a region type the region's share goes to the sector and the position.
    """
    weights = library.scoring.needs.weights
    parts = [p for p in PRIOR_COMPONENTS if p != "region" or region_type is not None]
    total = sum(weights[p] for p in parts)
    return {p: weights[p] / total for p in parts}


def prior_components(
    library: Library, sector: str, value_chain: str, region_type: str | None
) -> dict[str, dict[str, float]]:
    """The priors (0-1) of each component of the blend, by kind of watch (0 when not listed).

    ``region`` is present only when the region type is known.
    """
    components = {
        "sector": _by_kind(library.sectors[sector].need_priors),
        "value_chain": _by_kind(library.value_chain[value_chain].need_priors),
    }
    if region_type is not None:
        priors = library.scoring.needs.region_type_priors.get(RegionType(region_type), {})
        components["region"] = _by_kind(priors)
    return components


def blended_priors(
    library: Library, sector: str, value_chain: str, region_type: str | None
) -> dict[str, float]:
    """Each kind of watch's prior importance (0-1) for this sector, position and region type."""
    weights = prior_weights(library, region_type)
    components = prior_components(library, sector, value_chain, region_type)
    return {kind: sum(w * components[p][kind] for p, w in weights.items()) for kind in KINDS}


def _by_kind(priors: Mapping[WatchKind, float]) -> dict[str, float]:
    return {kind: float(priors.get(WatchKind(kind), 0.0)) for kind in KINDS}


def prefill(prior: float) -> int:
    """The need (0-3) a prior suggests: ``round(3 x prior)``, halves rounded up."""
    # The small epsilon absorbs float error in the blend (0.5 must give 2, not 1).
    return max(0, min(NEED_SCALE_MAX, math.floor(NEED_SCALE_MAX * prior + 0.5 + 1e-9)))


def prefilled_needs(
    library: Library, sector: str, value_chain: str, region_type: str | None
) -> dict[str, int]:
    """The pre-filled importance 0-3 of every kind of watch."""
    priors = blended_priors(library, sector, value_chain, region_type)
    return {kind: prefill(value) for kind, value in priors.items()}


def top_kinds(priors: Mapping[str, float], count: int = 3) -> list[str]:
    """The kinds of watch with the highest priors, highest first (ties in the usual order)."""
    ranked = sorted(
        (k for k in KINDS if priors.get(k, 0.0) > 0),
        key=lambda k: (-priors[k], KINDS.index(k)),
    )
    return ranked[:count]


def maturity_level(ratings: Mapping[str, int | None], unknown_level: float) -> float:
    """The maturity level 0-4: the mean of ``rating - 1`` over the answered dimensions.

    ``ratings`` are agreements 1-5 (None or missing: don't know); with none answered the
    level is ``unknown_level`` (``scoring.yaml``: ``maturity_fit.unknown_level``).
    """
    answered = [int(r) for r in ratings.values() if r is not None]
    if not answered:
        return float(unknown_level)
    return sum(r - 1 for r in answered) / len(answered)


def nearest_level(level: float) -> int:
    """The described level (0-4) closest to ``level``, halves rounded up."""
    return max(0, min(LEVEL_MAX, math.floor(level + 0.5 + 1e-9)))
