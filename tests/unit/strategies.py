"""Hypothesis strategies for answers files, shared by the engine's property tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from scoring.profiles import ACTOR_TYPES, DIMENSIONS, IT, KINDS, REGION_TYPES, RND, VALUE_CHAIN
from scoring.profiles import WILLING as WILLING_VALUES
from templates_library import load_library

LIBRARY = load_library()
SECTORS = list(LIBRARY.sectors)
REGIONS = list(LIBRARY.regions)


@st.composite
def answers_dicts(draw: st.DrawFn, unknowns: bool = True) -> dict[str, Any]:
    """A valid answers file as a dict, with optional fields and "don't know" answers."""
    region = draw(st.sampled_from(REGIONS))
    likert = st.integers(1, 5) | st.none() if unknowns else st.integers(1, 5)
    importance = st.integers(0, 3) | st.none() if unknowns else st.integers(0, 3)
    data: dict[str, Any] = {
        "schema_version": 1,
        "actor_type": draw(st.sampled_from(ACTOR_TYPES)),
        "sector": draw(st.sampled_from(SECTORS)),
        "value_chain": draw(st.sampled_from(VALUE_CHAIN)),
        "region": region,
        "employees": draw(st.integers(0, 5000)),
        "budget_eur_per_year": draw(
            st.sampled_from([0, 500, 3000, 9000, 25000, 80000, 600000])
            | st.floats(0, 3_000_000, allow_nan=False)
        ),
        "staff_hours_per_week": draw(st.sampled_from([0, 1, 4, 12, 40, 80]) | st.floats(0, 400)),
        "first_results_within_weeks": draw(st.integers(0, 104)),
        "willing_to_share": draw(st.sampled_from(WILLING_VALUES)),
        "maturity": {d: draw(likert) for d in DIMENSIONS},
        "needs": {k: draw(importance) for k in KINDS},
    }
    if region == "other" or draw(st.booleans()):
        data["region_type"] = draw(st.sampled_from(REGION_TYPES))
    for field, values in (("rnd_intensity", RND), ("it_capacity", IT)):
        if draw(st.booleans()):
            data[field] = draw(st.sampled_from(values))
    if draw(st.booleans()):
        data["prefers_open_source"] = draw(st.booleans())
    return data
