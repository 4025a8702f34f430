"""Score a survey file: one respondent a row, answers flattened with ``_`` (DESIGN.md).

Validation is per column, vectorised, with the bounds and choices of the answers model, so a
million rows validate in a second; each bad row gets one message per bad cell, naming its row
(the line in the file, the header being line 1), column, value, the allowed values and the
closest valid one. Good rows are scored in chunks through the same engine as ``recommend``.

Empty cells: a maturity dimension or need left empty is "don't know"; a need column absent from
the file counts as 0; an optional column (``region_type``, ``rnd_intensity``, ``it_capacity``,
``prefers_open_source``) left empty is not answered.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from threadpoolctl import threadpool_limits

from scoring.answers import bounds
from scoring.engine import Engine
from scoring.profiles import (
    ACTOR_TYPES,
    DIMENSIONS,
    IT,
    KINDS,
    MISSING,
    REGION_TYPES,
    RND,
    VALUE_CHAIN,
    WILLING,
    ProfileTable,
    region_type_codes,
    size_band_codes,
)
from scoring.robustness import assess, top1

CHUNK_ROWS = 16_384  # 16k rows x 17 templates: each temporary stays in the L3 cache
MIN_CHUNK_ROWS = 4_096
REQUIRED = [
    "actor_type",
    "sector",
    "value_chain",
    "region",
    "employees",
    "budget_eur_per_year",
    "staff_hours_per_week",
    "first_results_within_weeks",
    "willing_to_share",
]
OPTIONAL = ["region_type", "rnd_intensity", "it_capacity", "prefers_open_source"]
KNOWN = {
    "respondent_id",
    *REQUIRED,
    *OPTIONAL,
    *(f"maturity_{d}" for d in DIMENSIONS),
    *(f"needs_{k}" for k in KINDS),
}
TRUE_WORDS = {"true", "yes", "1", "y"}
FALSE_WORDS = {"false", "no", "0", "n"}
MAX_ERRORS_PER_COLUMN = 100_000


class SurveyFileError(ValueError):
    """The file cannot be scored at all (unreadable, or required columns missing)."""


@dataclass
class ValidatedSurvey:
    """The good rows as a profile table, and a list of messages for each bad row."""

    table: ProfileTable
    good: np.ndarray  # indices (into the frame) of the rows in ``table``
    errors: dict[int, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    respondent_ids: np.ndarray | None = None
    lines: np.ndarray | None = None  # see read_survey

    def row_number(self, index: int) -> int:
        """The line of a frame row in the file: the header is line 1."""
        if self.lines is not None and index < len(self.lines):
            return int(self.lines[index])
        return index + 2


def read_survey(path: Path) -> pd.DataFrame:
    """Read a CSV or XLSX survey file as text cells (parsing happens in validation).

    A CSV may be separated by commas, semicolons (the default of French and German spreadsheet
    programs) or tabs: the header line decides. ``frame.attrs["lines"]`` holds each row's line
    in the file when it is not simply its position plus 2 (blank lines, line breaks in cells).
    """
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, dtype=str, engine="openpyxl")
        elif suffix in (".csv", ".txt", ""):
            data = path.read_bytes()
            header = data.split(b"\n", 1)[0]
            delimiter = max((b",", b";", b"\t"), key=header.count).decode()
            frame = pd.read_csv(
                io.BytesIO(data),
                dtype=str,
                engine="pyarrow",
                keep_default_na=False,
                sep=delimiter,
            )
            newlines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
            if newlines != len(frame) + 1:
                frame.attrs["lines"] = _record_lines(data.decode("utf-8-sig"), delimiter)
        else:
            raise SurveyFileError(f"expected a .csv or .xlsx file, got {suffix!r}")
    except SurveyFileError:
        raise
    except (OSError, ValueError, ImportError, UnicodeDecodeError) as exc:
        raise SurveyFileError(f"cannot read the survey file: {exc}") from exc
    except (zipfile.BadZipFile, KeyError) as exc:  # a corrupt or renamed .xlsx (openpyxl)
        raise SurveyFileError(
            f"cannot read the survey file: not a valid Excel workbook ({exc})"
        ) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _record_lines(text: str, delimiter: str) -> np.ndarray:
    """The line on which each data record starts, skipping blank lines as the reader does."""
    lines = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    start = 1
    for index, record in enumerate(reader):
        if index > 0 and any(cell.strip() for cell in record):
            lines.append(start)
        start = reader.line_num + 1
    return np.array(lines, dtype=np.int64)


def validate_survey(frame: pd.DataFrame, engine: Engine) -> ValidatedSurvey:
    """Check every cell; return the good rows as a table and the problems of the others."""
    warnings = []
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        hints = {
            c: difflib.get_close_matches(c, list(frame.columns), n=1, cutoff=0.6) for c in missing
        }
        detail = ", ".join(c + (f" (found {hints[c][0]!r}?)" if hints[c] else "") for c in missing)
        raise SurveyFileError(f"required columns missing: {detail}")
    for column in frame.columns:
        if column not in KNOWN:
            close = difflib.get_close_matches(column, sorted(KNOWN), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            warnings.append(f"column {column!r} is not an answers column and is ignored{hint}")

    n = len(frame)
    errors: dict[int, list[str]] = {}

    def report(bad: np.ndarray, message: Callable[[int], str]) -> None:
        for index in np.flatnonzero(bad)[:MAX_ERRORS_PER_COLUMN]:
            errors.setdefault(int(index), []).append(message(int(index)))

    def text(column: str) -> pd.Series:
        if column not in frame.columns:
            return pd.Series([""] * n, dtype="str")
        return frame[column].astype("str").fillna("").str.strip()

    def choice(column: str, values: list[str], required: bool) -> np.ndarray:
        cells = text(column)
        codes = _codes(cells, values)
        empty = (cells == "").to_numpy()
        bad = ((codes == MISSING) & ~empty) | (empty & required)
        report(bad, lambda i: _choice_message(column, cells.iloc[i], values))
        return codes

    def number(column: str, integer: bool = False) -> np.ndarray:
        """A required number within the bounds the answers model gives the field."""
        cells = text(column)
        values = _numbers(cells)
        empty = (cells == "").to_numpy()
        low, high = bounds(column)
        wrong = ~empty & np.isnan(values)
        report(wrong, lambda i: f"{column}: {cells.iloc[i]!r} is not a number")
        out = ~np.isnan(values) & ((values < low) | (values > high))
        if integer:
            out |= ~np.isnan(values) & (values != np.round(values))
        kind = "a whole number" if integer else "a number"
        report(
            out,
            lambda i: (
                f"{column}: {cells.iloc[i]} is out of range; expected {kind} "
                f"from {low:g} to {high:g}"
            ),
        )
        report(empty, lambda i: f"{column}: required")
        return values

    def scale(column: str, low: int, high: int) -> np.ndarray:
        """A 1-5 or 0-3 answer; empty is "don't know" (NaN)."""
        cells = text(column)
        values = _numbers(cells)
        empty = (cells == "").to_numpy()
        valid = (values >= low) & (values <= high) & (values == np.round(values))
        report(
            ~empty & ~valid,
            lambda i: (
                f"{column}: {cells.iloc[i]!r} is not allowed; expected "
                f"a whole number from {low} to {high}, or empty for "
                "don't know"
            ),
        )
        return values

    actor = choice("actor_type", ACTOR_TYPES, True)
    sector = choice("sector", engine.sector_ids, True)
    value_chain = choice("value_chain", VALUE_CHAIN, True)
    region = choice("region", engine.region_ids, True)
    region_type = choice("region_type", REGION_TYPES, False)
    other = engine.region_ids.index("other") if "other" in engine.region_ids else -3
    report(
        (region == other) & (region_type == MISSING),
        lambda i: "region_type: required when region is 'other'",
    )
    willing = choice("willing_to_share", WILLING, True)
    rnd = choice("rnd_intensity", RND, False)
    it = choice("it_capacity", IT, False)
    oss_cells = text("prefers_open_source").str.lower()
    oss = np.full(n, MISSING, dtype=np.int8)
    oss[oss_cells.isin(TRUE_WORDS).to_numpy()] = 1
    oss[oss_cells.isin(FALSE_WORDS).to_numpy()] = 0
    report(
        (oss == MISSING) & (oss_cells != "").to_numpy(),
        lambda i: f"prefers_open_source: {oss_cells.iloc[i]!r} is not true or false",
    )

    employees = number("employees", integer=True)
    budget = number("budget_eur_per_year")
    hours = number("staff_hours_per_week")
    weeks = number("first_results_within_weeks")
    maturity = np.column_stack([scale(f"maturity_{d}", 1, 5) for d in DIMENSIONS])
    needs = np.column_stack(
        [scale(f"needs_{k}", 0, 3) if f"needs_{k}" in frame.columns else np.zeros(n) for k in KINDS]
    )

    bad = np.zeros(n, dtype=bool)
    bad[list(errors)] = True
    good = np.flatnonzero(~bad)
    pick = good
    region_codes = region[pick].astype(np.int16)
    given = region_type[pick].astype(np.int8)
    table = ProfileTable(
        actor_type=actor[pick].astype(np.int8),
        sector=sector[pick].astype(np.int16),
        value_chain=value_chain[pick].astype(np.int8),
        region=region_codes,
        region_type=region_type_codes(region_codes, given, engine.library),
        size_band=size_band_codes(employees[pick], actor[pick]),
        willing_to_share=willing[pick].astype(np.int8),
        rnd_intensity=rnd[pick].astype(np.int8),
        it_capacity=it[pick].astype(np.int8),
        prefers_open_source=oss[pick],
        employees=employees[pick],
        budget_eur_per_year=budget[pick],
        staff_hours_per_week=hours[pick],
        first_results_within_weeks=weeks[pick],
        maturity=maturity[pick],
        needs=needs[pick],
    )
    ids = text("respondent_id").to_numpy() if "respondent_id" in frame.columns else None
    return ValidatedSurvey(table, good, errors, warnings, ids, frame.attrs.get("lines"))


def _codes(cells: pd.Series, values: list[str]) -> np.ndarray:
    """Index of each cell in ``values``; -1 where it is not one of them (empty included)."""
    found = pc.index_in(pa.array(cells, type=pa.string()), value_set=pa.array(values))
    return found.fill_null(MISSING).to_numpy(zero_copy_only=False).astype(np.int16)


def _numbers(cells: pd.Series) -> np.ndarray:
    """Cells as floats, NaN where empty or not a number.

    Arrow casts a clean column in one pass; a column with a bad cell falls back to pandas,
    which marks each bad cell (slower, and only for files that have errors).
    """
    text = pa.array(cells, type=pa.string())
    blank = pc.equal(text, "")
    try:
        numbers = pc.cast(pc.if_else(blank, pa.scalar(None, pa.string()), text), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pd.to_numeric(cells, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    return numbers.to_numpy(zero_copy_only=False)


def _choice_message(column: str, cell: str, values: list[str]) -> str:
    if not cell:
        return f"{column}: required"
    close = difflib.get_close_matches(cell, values, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{column}: {cell!r} is not allowed; allowed values: {', '.join(values)}{hint}"


@dataclass(frozen=True)
class BatchScores:
    """The top three of each good row, with what drove the first."""

    top: np.ndarray  # (n, 3) template indices, -1 when fewer feasible
    scores: np.ndarray  # (n, 3) float32, NaN where no template
    margin: np.ndarray  # (n,) float32
    drivers: np.ndarray  # (n, 3) criterion indices of the largest contributions to the first
    top1_probability: np.ndarray | None


def score_chunks(
    engine: Engine, table: ProfileTable, chunk_rows: int = CHUNK_ROWS, workers: int | None = None
) -> Iterator[tuple[slice, BatchScores]]:
    """Score ``table`` chunk by chunk, in order, on ``workers`` threads (one per core).

    numpy releases the GIL in its loops, so two chunks really run at once on two cores; at
    most ``2 x workers`` chunks are in flight, so memory stays flat whatever the file size.
    """
    workers = workers or min(os.cpu_count() or 1, 4)
    # Small tables are cut finer so that every worker gets a share.
    chunk_rows = max(MIN_CHUNK_ROWS, min(chunk_rows, -(-len(table) // (2 * workers))))
    slices = [
        slice(start, min(start + chunk_rows, len(table)))
        for start in range(0, len(table), chunk_rows)
    ]
    if workers == 1 or len(slices) == 1:
        for rows in slices:
            yield rows, top_three(engine, table.rows(rows))
        return
    # One BLAS thread per worker: BLAS's own threads would fight ours for the same cores.
    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
        pending: deque[tuple[slice, Future[BatchScores]]] = deque()
        for rows in slices:
            pending.append((rows, pool.submit(top_three, engine, table.rows(rows))))
            if len(pending) >= 2 * workers:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()


def top_three(engine: Engine, table: ProfileTable) -> BatchScores:
    """The three best feasible set-ups of each row (by points), their capped scores, the margin
    in points, and the three criteria that gave the first its largest contributions."""
    evaluation = engine.evaluate(table)
    work = np.where(evaluation.feasible, evaluation.points, -np.inf)
    n = len(table)
    top = np.full((n, 3), -1, dtype=np.int16)
    points = np.full((n, 3), np.nan, dtype=np.float32)
    rows = np.arange(n)
    for k in range(min(3, work.shape[1])):
        best = np.argmax(work, axis=1)
        found = np.isfinite(work[rows, best])
        top[found, k] = best[found]
        points[found, k] = work[rows[found], best[found]]
        work[rows, best] = -np.inf
    margin = (points[:, 0] - points[:, 1]).astype(np.float32)
    scores = np.minimum(np.maximum(points, 0.0), 100.0)
    first = np.where(top[:, 0] >= 0, top[:, 0], 0)
    contributions = evaluation.values[:, rows, first].T * engine.weights  # (n, C)
    drivers = np.argsort(-contributions, axis=1, kind="stable")[:, :3].astype(np.int8)
    return BatchScores(top, scores, margin, drivers, None)


@dataclass
class SurveyResults:
    """Results for every row of the file (bad rows stay empty: -1 and NaN)."""

    top: np.ndarray  # (n, 3) int16
    scores: np.ndarray  # (n, 3) float32
    margin: np.ndarray  # (n,) float32
    drivers: np.ndarray  # (n, 3) int8
    probability: np.ndarray | None  # (n,) float32 with --robustness


def score_survey(
    engine: Engine,
    survey: ValidatedSurvey,
    size: int,
    draws: int | None = None,
    progress: Callable[[str, int], Callable[[int], object]] | None = None,
) -> SurveyResults:
    """Score the good rows of a validated survey of ``size`` rows, chunk by chunk.

    ``progress(label, total)`` may return a callback taking the number of rows just done.
    """
    results = SurveyResults(
        top=np.full((size, 3), -1, dtype=np.int16),
        scores=np.full((size, 3), np.nan, dtype=np.float32),
        margin=np.full(size, np.nan, dtype=np.float32),
        drivers=np.full((size, 3), -1, dtype=np.int8),
        probability=np.full(size, np.nan, dtype=np.float32) if draws else None,
    )
    advance = progress("scoring", len(survey.table)) if progress else None
    for rows, chunk in score_chunks(engine, survey.table):
        where = survey.good[rows]
        results.top[where], results.scores[where] = chunk.top, chunk.scores
        results.margin[where], results.drivers[where] = chunk.margin, chunk.drivers
        if advance:
            advance(rows.stop - rows.start)
    if draws and results.probability is not None:
        advance = progress("robustness", len(survey.table)) if progress else None
        results.probability[survey.good] = robustness_column(engine, survey.table, draws, advance)
    return results


def robustness_column(
    engine: Engine, table: ProfileTable, draws: int, progress: Callable[[int], None] | None = None
) -> np.ndarray:
    """Top-1 probability of each row (one robustness analysis per row: the slow part)."""
    out = np.full(len(table), np.nan, dtype=np.float32)
    for index in range(len(table)):
        one = table.rows(slice(index, index + 1))
        evaluation = engine.evaluate(one)
        if top1(evaluation)[0] >= 0:
            out[index] = assess(engine, one, evaluation, draws, flip=False).top1_probability
        if progress is not None:
            progress(1)
    return out


def output_columns(with_robustness: bool) -> list[str]:
    columns = [
        "respondent_id",
        "top1",
        "score1",
        "top2",
        "score2",
        "top3",
        "score3",
        "margin",
        "driver1",
        "driver2",
        "driver3",
    ]
    if with_robustness:
        columns.append("top1_probability")
    return [*columns, "engine_version", "library_version", "error"]


def describe_row(values: dict[str, Any]) -> dict[str, Any]:
    """Flatten nested answers (tests and the wizard's exports write survey rows with this)."""
    row: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            for sub, item in value.items():
                row[f"{key}_{sub}"] = "" if item is None else item
        elif key != "schema_version":
            row[key] = "" if value is None else value
    return row
