"""A room's picture: many answers files (a workshop) or a survey file, summarised by group.

One frame shape serves both: :func:`answers_frame` builds it from the participants' answers and
their stored result summaries, :func:`survey_frame` from the good rows of a batch-scored survey.
Its columns are the answers flattened with ``_`` (DESIGN.md, ``batch``), typed: choices as text
(``""`` when not answered), numbers as floats (NaN for "don't know"), then ``top1``..``top3``
(template ids, ``""`` when fewer were feasible).

:func:`summarise` validates the frame with :func:`scoring.batch.validate_survey` (so a workshop
of 3 and a survey of 100,000 rows go through the same checks and the same
:class:`~scoring.profiles.ProfileTable`) and asks the engine for what it derives: the maturity
level of each dimension (an answer 1-5 is level 0-4, as :meth:`Engine.derive
<scoring.engine.Engine.derive>` counts it) and the needs. Everything after that is a few
``bincount`` calls: no loop over respondents.

Needs are read on the answer scale 0-3: the importance a respondent gave, and for a "don't know"
the engine's guess for it (its needs profile for an unknown need is the blend of the sector,
value-chain and region priors; times 3 it is the value the wizard's needs page pre-fills, before
rounding). The needs heatmap and pooling both use these values.

Privacy: a heatmap cell summarising fewer than ``min_group`` respondents is NaN (its count stays
in the counts frame, so a page can say why it is empty), and pooling names a region or sector
only when at least ``min_group`` of its respondents share the need: nobody's answers can be read
off a small group.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from scoring.batch import OPTIONAL, REQUIRED, SurveyResults, ValidatedSurvey, validate_survey
from scoring.engine import COVERS_AT, Engine
from scoring.profiles import (
    ACTOR_TYPES,
    DIMENSIONS,
    IT,
    KINDS,
    RND,
    VALUE_CHAIN,
    WILLING,
    ProfileTable,
)
from templates_library import Library
from templates_library.schema import SetupTemplate

#: How many set-ups a result summary keeps.
TOP = 3
TOP_COLUMNS = [f"top{i}" for i in range(1, TOP + 1)]
MATURITY_COLUMNS = [f"maturity_{d}" for d in DIMENSIONS]
NEED_COLUMNS = [f"needs_{k}" for k in KINDS]
NUMBER_COLUMNS = [
    "employees",
    "budget_eur_per_year",
    "staff_hours_per_week",
    "first_results_within_weeks",
    *MATURITY_COLUMNS,
    *NEED_COLUMNS,
]
ANSWER_COLUMNS = [*REQUIRED, *OPTIONAL, *MATURITY_COLUMNS, *NEED_COLUMNS]
FRAME_COLUMNS = [*ANSWER_COLUMNS, *TOP_COLUMNS]
TEXT_COLUMNS = [c for c in FRAME_COLUMNS if c not in NUMBER_COLUMNS]
#: pandas' text type (Arrow strings, NaN for missing): Arrow arrays become columns without a copy.
TEXT = pd.StringDtype("pyarrow", na_value=np.nan)
#: Whole numbers below this are written as text by lookup (see ``_number_text``).
SMALL_NUMBERS = 1000
#: The answers a summary may be grouped by.
GROUPINGS = ("region", "sector", "value_chain", "actor_type")
#: Deliveries that pool a watch between organisations (DESIGN.md: shared body, regional scheme).
POOLED_DELIVERIES = ("shared", "public")
#: Top of the need scale (0-3).
NEED_MAX = 3
TOP_NEEDS = 3


# --- result summaries and frames ---------------------------------------------------------------


def result_summary(result: Mapping[str, Any]) -> dict[str, Any]:
    """What a workshop stores of a recommendation (``scoring.recommend``'s JSON): the versions,
    the maturity level and the first three set-ups with their scores. Small, and enough for the
    room's picture; the participant keeps the full result on their own device."""
    return {
        "engine_version": str(result["engine_version"]),
        "library_version": str(result["library_version"]),
        "maturity_level": result.get("maturity_level"),
        "top": [
            {"template_id": str(rec["template_id"]), "score": rec.get("score")}
            for rec in list(result.get("recommendations") or [])[:TOP]
        ],
    }


def answers_frame(
    records: Iterable[tuple[Mapping[str, Any], Mapping[str, Any] | None]],
) -> pd.DataFrame:
    """One row a participant, from ``(answers, result_summary)`` pairs, in the order given.

    ``answers`` is an answers file as a dict (``Answers.to_file_dict()``; an ``Answers`` is
    accepted too). A need left out counts as 0, as in the answers model; ``None`` is "don't
    know". A missing result leaves ``top1``..``top3`` empty.
    """
    columns: dict[str, list[Any]] = {c: [] for c in FRAME_COLUMNS}
    for answers, summary in records:
        data = answers.to_file_dict() if hasattr(answers, "to_file_dict") else answers
        maturity = data.get("maturity") or {}
        needs = data.get("needs") or {}
        for name in [*REQUIRED, *OPTIONAL]:
            if name in NUMBER_COLUMNS:
                columns[name].append(_float(data.get(name)))
            else:
                columns[name].append(_choice(data.get(name)))
        for dim in DIMENSIONS:
            columns[f"maturity_{dim}"].append(_float(maturity.get(dim)))
        for kind in KINDS:
            columns[f"needs_{kind}"].append(_float(needs.get(kind, 0)))
        top = [str(t.get("template_id") or "") for t in (summary or {}).get("top") or []]
        for index, name in enumerate(TOP_COLUMNS):
            columns[name].append(top[index] if index < len(top) else "")
    return _typed(columns)


def survey_frame(
    raw: pd.DataFrame, survey: ValidatedSurvey, results: SurveyResults, engine: Engine
) -> pd.DataFrame:
    """The good rows of a batch-scored survey in the shape of :func:`answers_frame`.

    Row ``i`` is the file's row ``survey.good[i]`` and row ``i`` of ``survey.table``, so a caller
    holding the table may pass it to :func:`summarise` and skip validating again.
    """
    table, good = survey.table, survey.good
    columns: dict[str, Any] = {
        "actor_type": _ids(ACTOR_TYPES, table.actor_type),
        "sector": _ids(engine.sector_ids, table.sector),
        "value_chain": _ids(VALUE_CHAIN, table.value_chain),
        "region": _ids(engine.region_ids, table.region),
        "employees": table.employees,
        "budget_eur_per_year": table.budget_eur_per_year,
        "staff_hours_per_week": table.staff_hours_per_week,
        "first_results_within_weeks": table.first_results_within_weeks,
        "willing_to_share": _ids(WILLING, table.willing_to_share),
        # The type given in the file (the table holds the region's when none was given).
        "region_type": (
            raw["region_type"].iloc[good].fillna("").astype(str).str.strip().to_numpy()
            if "region_type" in raw.columns
            else np.full(len(good), "")
        ),
        "rnd_intensity": _ids(RND, table.rnd_intensity),
        "it_capacity": _ids(IT, table.it_capacity),
        "prefers_open_source": _ids(["false", "true"], table.prefers_open_source),
    }
    for d, dim in enumerate(DIMENSIONS):
        columns[f"maturity_{dim}"] = table.maturity[:, d]
    for k, kind in enumerate(KINDS):
        columns[f"needs_{kind}"] = table.needs[:, k]
    top = results.top[good]
    for index, name in enumerate(TOP_COLUMNS):
        columns[name] = _ids(engine.template_ids, top[:, index])
    return _typed(columns)


def _typed(columns: Mapping[str, Any]) -> pd.DataFrame:
    """The frame with its column order and types: text for choices, float64 for numbers."""
    data = {}
    for name in FRAME_COLUMNS:
        if name in NUMBER_COLUMNS:
            data[name] = pd.Series(np.asarray(columns[name], dtype=np.float64))
        else:
            data[name] = pd.Series(np.asarray(columns[name], dtype=object), dtype=TEXT)
    return pd.DataFrame(data)


def _ids(values: list[str], codes: np.ndarray) -> np.ndarray:
    """Codes as ids, ``""`` where the code is -1 (not answered, no set-up)."""
    lookup = np.array([*values, ""], dtype=object)
    return lookup[np.where(codes >= 0, codes, len(values))]


def _float(value: Any) -> float:
    return np.nan if value is None or value == "" else float(value)


def _choice(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(getattr(value, "value", value))


# --- from frame to profiles --------------------------------------------------------------------


def survey_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The answers columns of ``frame`` as a survey file's text cells (what
    :func:`~scoring.batch.validate_survey` reads): numbers through Arrow (``3000``, ``0.5``),
    empty for NaN."""
    text = {}
    for name in ANSWER_COLUMNS:
        if name not in frame.columns:
            continue
        column = frame[name]
        if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(
            column.dtype
        ):
            text[name] = pd.Series(_number_text(column), dtype=TEXT)
        elif pd.api.types.is_string_dtype(column.dtype) and column.dtype != object:
            text[name] = column.fillna("").reset_index(drop=True)
        else:
            text[name] = pd.Series(
                column.astype(object).where(column.notna(), "").astype(str).to_numpy(),
                dtype="str",
            )
    return pd.DataFrame(text)


def _number_text(column: pd.Series) -> pa.Array:
    """Numbers as text, empty for NaN. Small whole numbers (the 1-5 and 0-3 scales, most
    counts) are looked up, which is ten times faster than formatting each float."""
    values = column.to_numpy(dtype=np.float64, na_value=np.nan)
    known = ~np.isnan(values)
    whole = values[known]
    if len(whole) == 0 or (
        whole.min() >= 0 and whole.max() < SMALL_NUMBERS and (whole == np.round(whole)).all()
    ):
        lookup = pa.array(["", *(str(i) for i in range(SMALL_NUMBERS))])
        codes = np.where(known, np.nan_to_num(values) + 1, 0).astype(np.int32)
        return lookup.take(pa.array(codes))
    return pc.cast(pa.array(values, from_pandas=True), pa.string()).fill_null("")


def profile_table(frame: pd.DataFrame, engine: Engine) -> tuple[ProfileTable, np.ndarray]:
    """The valid rows of ``frame`` as a profile table, and their positions in the frame."""
    survey = validate_survey(survey_text(frame), engine)
    return survey.table, survey.good


def effective_needs(engine: Engine, table: ProfileTable) -> np.ndarray:
    """(n, K) needs on the 0-3 scale: as answered, and the engine's guess for "don't know"."""
    stated = table.needs
    unknown = np.isnan(stated)
    if not unknown.any():
        return stated.copy()
    guess = NEED_MAX * engine.needs_profile(table).astype(np.float64)
    return np.where(unknown, guess, stated)


def pooled_template(library: Library, kinds: str | Iterable[str]) -> str | None:
    """The pooled set-up to suggest for one or more kinds of watch: among the shared or public
    set-ups covering at least one of them, the one covering most of them, then a body the firms
    share (cluster, chamber) before a regional scheme, then the strongest coverage, then by id.
    None when none covers any."""
    wanted = [kinds] if isinstance(kinds, str) else list(kinds)

    def shares(template: SetupTemplate) -> list[float]:
        found = [float(template.watch_kinds.get(k, 0.0)) for k in wanted]
        return [s for s in found if s >= COVERS_AT]

    def coverage(template: SetupTemplate) -> float:
        return sum(shares(template))

    candidates = [
        t
        for t in library.templates.values()
        if t.delivery.value in POOLED_DELIVERIES and coverage(t) > 0
    ]
    if not candidates:
        return None
    best = min(
        candidates,
        key=lambda t: (
            -len(shares(t)),
            POOLED_DELIVERIES.index(t.delivery.value),
            -coverage(t),
            t.id,
        ),
    )
    return best.id


# --- the summary -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pooling:
    """A kind of watch enough respondents need to be worth pooling."""

    kind: str
    count: int  # respondents whose need for it reaches the pooling level
    #: Respondents sharing the need by region and by sector, most first; only groups with at
    #: least ``min_group`` of them are named (privacy): the rest count in ``count`` alone.
    regions: dict[str, int]
    sectors: dict[str, int]
    template_id: str | None  # a shared or public set-up covering the kind; None if none does


@dataclass(frozen=True, eq=False)
class RoomSummary:
    """The room's picture. Group columns are ids (regions, sectors, ...), in the library's
    order, for every group with at least one respondent."""

    respondents: int
    sectors: dict[str, int]
    regions: dict[str, int]
    value_chain: dict[str, int]
    maturity: pd.DataFrame  # dimension x group: mean level 0-4, NaN below min_group
    maturity_counts: pd.DataFrame  # dimension x group: respondents who rated the dimension
    needs: pd.DataFrame  # kind x group: mean importance 0-3, NaN below min_group
    top_needs: dict[str, list[tuple[str, float]]]  # group -> up to 3 (kind, mean), shown groups
    recommended: dict[str, int]  # first set-up -> respondents, most first
    pooling: list[Pooling]  # most shared first
    by: str = "region"
    min_group: int = 3
    needs_counts: pd.DataFrame = field(default_factory=pd.DataFrame)  # kind x group
    #: Mean maturity level (the engine's, 0-4) by group, NaN below min_group.
    maturity_level: dict[str, float] = field(default_factory=dict)
    #: The whole room: mean level by dimension and mean need by kind (NaN below min_group).
    overall_maturity: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    overall_needs: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    rejected: int = 0  # rows of the frame left out because they failed validation


def summarise(
    frame: pd.DataFrame,
    engine: Engine,
    *,
    by: str = "region",
    min_group: int = 3,
    pooling_level: int = 2,
    pooling_min: int = 3,
    table: ProfileTable | None = None,
) -> RoomSummary:
    """Summarise a frame of :func:`answers_frame` or :func:`survey_frame` by ``by``.

    ``table`` (optional) is the frame's rows already validated, row for row (a survey page has
    it from :func:`~scoring.batch.validate_survey`): validation is then not repeated.
    """
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}; choose one of {', '.join(GROUPINGS)}")
    if table is None:
        table, good = profile_table(frame, engine)
    else:
        if len(table) != len(frame):
            raise ValueError(f"the table has {len(table)} rows, the frame {len(frame)}")
        good = np.arange(len(frame))
    n = len(table)
    names = {
        "region": engine.region_ids,
        "sector": engine.sector_ids,
        "value_chain": VALUE_CHAIN,
        "actor_type": ACTOR_TYPES,
    }
    codes = getattr(table, by).astype(np.intp)
    labels = names[by]
    sizes = np.bincount(codes, minlength=len(labels))
    present = np.flatnonzero(sizes)
    groups = [labels[i] for i in present]

    levels = table.maturity - 1.0  # answers 1-5 are levels 0-4
    maturity, maturity_counts = _grouped(codes, levels, len(labels), present, min_group)
    needs_values = effective_needs(engine, table)
    needs, needs_counts = _grouped(codes, needs_values, len(labels), present, min_group)
    maturity_frame = _frame(maturity, DIMENSIONS, groups, by, "dimension")
    needs_frame = _frame(needs, KINDS, groups, by, "kind")

    derived = engine.derive(table)
    level, _ = _grouped(codes, derived.maturity_level[:, None], len(labels), present, min_group)
    everyone = np.zeros(n, dtype=np.intp)
    room = np.zeros(1, dtype=np.intp)
    overall_maturity = pd.Series(
        _grouped(everyone, levels, 1, room, min_group)[0][0],
        index=pd.Index(DIMENSIONS, name="dimension"),
    )
    overall_needs = pd.Series(
        _grouped(everyone, needs_values, 1, room, min_group)[0][0],
        index=pd.Index(KINDS, name="kind"),
    )

    recommended = _counts_of(frame["top1"].iloc[good]) if "top1" in frame.columns else {}
    return RoomSummary(
        respondents=n,
        sectors=_counts(table.sector, engine.sector_ids),
        regions=_counts(table.region, engine.region_ids),
        value_chain=_counts(table.value_chain, VALUE_CHAIN),
        maturity=maturity_frame,
        maturity_counts=_frame(maturity_counts, DIMENSIONS, groups, by, "dimension").astype(int),
        needs=needs_frame,
        top_needs=_top_needs(needs_frame),
        recommended=recommended,
        pooling=_pooling(
            engine,
            table,
            needs_values,
            pooling_level=pooling_level,
            pooling_min=pooling_min,
            min_group=min_group,
        ),
        by=by,
        min_group=min_group,
        needs_counts=_frame(needs_counts, KINDS, groups, by, "kind").astype(int),
        maturity_level=dict(zip(groups, level[:, 0].tolist(), strict=True)),
        overall_maturity=overall_maturity,
        overall_needs=overall_needs,
        rejected=len(frame) - n,
    )


def _grouped(
    codes: np.ndarray, values: np.ndarray, size: int, present: np.ndarray, min_group: int
) -> tuple[np.ndarray, np.ndarray]:
    """(present groups, columns) means and counts of ``values`` (NaN = not counted), the means
    NaN where fewer than ``min_group`` values: two bincounts over all cells at once."""
    width = values.shape[1]
    known = ~np.isnan(values)
    cells = (codes[:, None] * width + np.arange(width)).ravel()
    counts = np.bincount(cells, weights=known.ravel(), minlength=size * width)
    sums = np.bincount(cells, weights=np.where(known, values, 0.0).ravel(), minlength=size * width)
    counts = counts.reshape(size, width)[present]
    sums = sums.reshape(size, width)[present]
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts >= max(min_group, 1), sums / np.maximum(counts, 1), np.nan)
    return means, counts


def _frame(
    values: np.ndarray, index: list[str], groups: list[str], by: str, name: str
) -> pd.DataFrame:
    """(groups, rows) values as a frame of rows x groups."""
    return pd.DataFrame(
        values.T.reshape(len(index), len(groups)),
        index=pd.Index(index, name=name),
        columns=pd.Index(groups, name=by, dtype=object),
    )


def _counts(codes: np.ndarray, labels: list[str]) -> dict[str, int]:
    """Respondents by id, in the library's order, ids with none left out."""
    found = np.bincount(codes.astype(np.intp)[codes >= 0], minlength=len(labels))
    return {labels[i]: int(found[i]) for i in np.flatnonzero(found)}


def _counts_of(values: pd.Series) -> dict[str, int]:
    """How often each non-empty value occurs, most first (ties by value)."""
    counts = values[values.notna() & (values != "")].astype(str).value_counts()
    order = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return {str(value): int(count) for value, count in order}


def _top_needs(needs: pd.DataFrame) -> dict[str, list[tuple[str, float]]]:
    """Each shown group's three strongest needs (ties in the usual order of the kinds)."""
    top: dict[str, list[tuple[str, float]]] = {}
    for group in needs.columns:
        column = needs[group].to_numpy()
        if np.isnan(column).all():
            continue
        order = sorted(
            (k for k in range(len(KINDS)) if not np.isnan(column[k])),
            key=lambda k: (-column[k], k),
        )
        top[str(group)] = [(KINDS[k], round(float(column[k]), 2)) for k in order[:TOP_NEEDS]]
    return top


def _pooling(
    engine: Engine,
    table: ProfileTable,
    needs: np.ndarray,
    *,
    pooling_level: int,
    pooling_min: int,
    min_group: int,
) -> list[Pooling]:
    """The kinds of watch at least ``pooling_min`` respondents need at ``pooling_level`` or more,
    most shared first, with where they come from and a pooled set-up to suggest."""
    sharing = needs >= pooling_level - 1e-9  # (n, K)
    totals = sharing.sum(axis=0)

    def by_group(codes: np.ndarray, labels: list[str]) -> np.ndarray:
        width = len(KINDS)
        cells = (codes.astype(np.intp)[:, None] * width + np.arange(width)).ravel()
        found = np.bincount(cells, weights=sharing.ravel(), minlength=len(labels) * width)
        return found.reshape(len(labels), width)

    regions = by_group(table.region, engine.region_ids)
    sectors = by_group(table.sector, engine.sector_ids)

    def named(counts: np.ndarray, labels: list[str]) -> dict[str, int]:
        shown = [i for i in range(len(labels)) if counts[i] >= max(min_group, 1)]
        shown.sort(key=lambda i: (-counts[i], i))
        return {labels[i]: int(counts[i]) for i in shown}

    found = [
        Pooling(
            kind=kind,
            count=int(totals[k]),
            regions=named(regions[:, k], engine.region_ids),
            sectors=named(sectors[:, k], engine.sector_ids),
            template_id=pooled_template(engine.library, kind),
        )
        for k, kind in enumerate(KINDS)
        if totals[k] >= max(pooling_min, 1)
    ]
    return sorted(found, key=lambda p: (-p.count, KINDS.index(p.kind)))
