"""Synthetic survey respondents, for the benchmarks and the engine's oracle tests.

Plausible marginals (mostly SMEs, lognormal budgets around 5,000 EUR and staff time around
4 h/week, some "don't know" answers), independent draws, a fixed seed. Not a model of any real
population: only a realistic load for the engine.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.engine import Engine
from scoring.profiles import (
    ACTOR_TYPES,
    DIMENSIONS,
    IT,
    KINDS,
    REGION_TYPES,
    RND,
    VALUE_CHAIN,
    WILLING,
    ProfileTable,
    region_type_codes,
    size_band_codes,
)


def synthetic_table(engine: Engine, n: int, seed: int = 0) -> ProfileTable:
    rng = np.random.default_rng(seed)
    regions = len(engine.region_ids)
    other = engine.region_ids.index("other")
    region = rng.integers(0, regions, n).astype(np.int16)
    given = np.where(region == other, rng.integers(0, len(REGION_TYPES), n), -1).astype(np.int8)
    employees = np.round(rng.lognormal(np.log(20), 1.0, n)).clip(1, 5000)
    maturity = rng.integers(1, 6, (n, len(DIMENSIONS))).astype(np.float64)
    maturity[rng.random((n, len(DIMENSIONS))) < 0.1] = np.nan
    needs = rng.integers(0, 4, (n, len(KINDS))).astype(np.float64)
    needs[rng.random((n, len(KINDS))) < 0.05] = np.nan

    def optional(count: int) -> np.ndarray:
        codes = rng.integers(0, count, n).astype(np.int8)
        codes[rng.random(n) < 0.3] = -1
        return codes

    actor = rng.choice(len(ACTOR_TYPES), n, p=[0.85, 0.08, 0.04, 0.03]).astype(np.int8)
    return ProfileTable(
        actor_type=actor,
        sector=rng.integers(0, len(engine.sector_ids), n).astype(np.int16),
        value_chain=rng.integers(0, len(VALUE_CHAIN), n).astype(np.int8),
        region=region,
        region_type=region_type_codes(region, given, engine.library),
        size_band=size_band_codes(employees, actor),
        willing_to_share=rng.integers(0, len(WILLING), n).astype(np.int8),
        rnd_intensity=optional(len(RND)),
        it_capacity=optional(len(IT)),
        prefers_open_source=optional(2),
        employees=employees,
        budget_eur_per_year=np.round(rng.lognormal(np.log(5000), 1.5, n), -1),
        staff_hours_per_week=np.round(rng.lognormal(np.log(4), 1.0, n), 1),
        first_results_within_weeks=rng.choice([4.0, 8.0, 12.0, 26.0, 52.0], n),
        maturity=maturity,
        needs=needs,
    )


def synthetic_frame(engine: Engine, n: int, seed: int = 0) -> pd.DataFrame:
    """The same respondents as a survey file's columns (DESIGN.md, ``batch``)."""
    table = synthetic_table(engine, n, seed)
    given = table.region_type.copy()
    other = engine.region_ids.index("other")
    frame = pd.DataFrame(
        {
            "respondent_id": np.char.add("r", np.arange(n).astype(str)),
            "actor_type": np.array(ACTOR_TYPES)[table.actor_type],
            "sector": np.array(engine.sector_ids)[table.sector],
            "value_chain": np.array(VALUE_CHAIN)[table.value_chain],
            "region": np.array(engine.region_ids)[table.region],
            "region_type": np.where(table.region == other, np.array(REGION_TYPES)[given], ""),
            "employees": table.employees.astype(np.int64),
            "budget_eur_per_year": table.budget_eur_per_year,
            "staff_hours_per_week": table.staff_hours_per_week,
            "first_results_within_weeks": table.first_results_within_weeks.astype(np.int64),
            "willing_to_share": np.array(WILLING)[table.willing_to_share],
        }
    )
    for d, dim in enumerate(DIMENSIONS):
        frame[f"maturity_{dim}"] = pd.array(table.maturity[:, d], dtype="Int64")
    for k, kind in enumerate(KINDS):
        frame[f"needs_{kind}"] = pd.array(table.needs[:, k], dtype="Int64")
    frame["rnd_intensity"] = np.where(
        table.rnd_intensity >= 0, np.array(RND)[np.maximum(table.rnd_intensity, 0)], ""
    )
    frame["it_capacity"] = np.where(
        table.it_capacity >= 0, np.array(IT)[np.maximum(table.it_capacity, 0)], ""
    )
    frame["prefers_open_source"] = np.where(
        table.prefers_open_source < 0, "", np.where(table.prefers_open_source == 1, "true", "false")
    )
    return frame
