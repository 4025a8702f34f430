"""Partner analytics: a survey file uploaded as bytes, scored, summarised by region and sector,
compared with another survey (or a workshop), and exported.

The path is the one of ``python -m scoring batch`` (:mod:`scoring.batch`): the same reader, the
same per-cell checks with their messages (row, column, value), the same engine in chunks, the
same output file; then the room's picture of :mod:`scoring.aggregate` twice (by region and by
sector), so a survey of 100,000 rows and a workshop of 12 are summarised alike, small groups
hidden alike. The page (:mod:`wizard.analytics_view`) only shows what this module returns.

Bytes in, bytes out, no Streamlit and no interface string: errors carry a ``kind`` the page
translates, plus the technical detail of :mod:`scoring.batch`; exports take their labels from
the caller. Every CSV or Excel cell a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

import io
import math
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook

from reports.export import iso_utc
from scoring.aggregate import RoomSummary, profile_table, summarise, survey_frame
from scoring.batch import (
    KNOWN,
    SurveyFileError,
    SurveyResults,
    ValidatedSurvey,
    read_survey,
    score_survey,
    validate_survey,
)
from scoring.cli import write_output
from scoring.engine import Engine
from scoring.profiles import KINDS, ProfileTable
from scoring.tables import neutralise, safe_cell

#: The largest survey file accepted (the uploader says the same: ``.streamlit/config.toml``).
MAX_UPLOAD_MB = 20
MAX_BYTES = MAX_UPLOAD_MB * 1024 * 1024
#: File name endings accepted for a survey file.
SURVEY_SUFFIXES = (".csv", ".xlsx")
#: A heatmap cell or a named group summarises at least this many respondents (privacy).
MIN_GROUP = 3
#: The groupings of the analysis, each a summary of :mod:`scoring.aggregate`.
GROUPINGS = ("region", "sector")

#: ``progress(label, total)`` may return a callback taking the number of units just done
#: (the protocol of :func:`scoring.batch.score_survey`).
Progress = Callable[[str, int], Callable[[int], object] | None]


class UploadError(ValueError):
    """The file cannot be analysed at all. ``kind`` says why, for the page to translate:
    ``too_large``, ``wrong_type``, ``empty``, ``unreadable`` or ``columns``; ``detail`` is the
    technical message of :mod:`scoring.batch` (English, as the command line prints it)."""

    def __init__(self, kind: str, name: str, detail: str = "", **values: Any) -> None:
        self.kind, self.name, self.detail, self.values = kind, name, detail, values
        super().__init__(f"{name}: {kind}" + (f": {detail}" if detail else ""))


# ---------------------------------------------------------------------------- scoring


@dataclass(frozen=True, eq=False)
class ScoredSurvey:
    """A survey file scored: its good rows as the room's frame, its bad rows' messages."""

    name: str
    size_bytes: int
    rows: int  # data rows read from the file
    frame: pd.DataFrame  # the good rows (scoring.aggregate.survey_frame), row i = table row i
    survey: ValidatedSurvey
    results: SurveyResults  # one entry a row of the file (bad rows empty)
    engine_version: str
    library_version: str
    seconds: float  # reading, checking and scoring

    @property
    def table(self) -> ProfileTable:
        return self.survey.table

    @property
    def scored(self) -> int:
        return len(self.survey.table)

    @property
    def rejected(self) -> int:
        return len(self.survey.errors)

    @property
    def warnings(self) -> list[str]:
        return list(self.survey.warnings)


def check_upload(name: str, size: int, limit: int = MAX_BYTES) -> str:
    """The file's suffix when its name and size are acceptable; else an :class:`UploadError`."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SURVEY_SUFFIXES:
        raise UploadError("wrong_type", name, f"expected a .csv or .xlsx file, got {suffix!r}")
    if size > limit:
        raise UploadError("too_large", name, size=size, limit=limit)
    if size == 0:
        raise UploadError("empty", name)
    return suffix


def score_upload(
    name: str,
    data: bytes,
    engine: Engine,
    *,
    progress: Progress | None = None,
    limit: int = MAX_BYTES,
) -> ScoredSurvey:
    """Read, check and score an uploaded survey file (``name`` gives its type).

    Rows with bad values are kept out with their messages (``ScoredSurvey.survey.errors``); the
    others are scored. Raises :class:`UploadError` when the file cannot be used at all.
    """
    started = time.perf_counter()
    suffix = check_upload(name, len(data), limit)
    step = _stepper(progress)
    # read_survey reads a path (openpyxl and the CSV line count need the whole file): a private
    # temporary folder, never the user's file name.
    with tempfile.TemporaryDirectory(prefix="survey-") as folder:
        path = Path(folder) / f"survey{suffix}"
        path.write_bytes(data)
        with step("reading"):
            try:
                raw = read_survey(path)
            except SurveyFileError as exc:
                raise UploadError("unreadable", name, str(exc)) from exc
            except Exception as exc:
                # read_survey lets some of openpyxl's errors through (a .xlsx that is not a
                # zip: BadZipFile; a zip without a workbook: KeyError): an upload may be anything.
                detail = f"cannot read the survey file: {type(exc).__name__}: {exc}"
                raise UploadError("unreadable", name, detail) from exc
    with step("checking"):
        try:
            survey = validate_survey(raw, engine)
        except SurveyFileError as exc:
            raise UploadError("columns", name, str(exc)) from exc
    results = score_survey(engine, survey, len(raw), progress=progress)
    frame = survey_frame(raw, survey, results, engine)
    return ScoredSurvey(
        name=name,
        size_bytes=len(data),
        rows=len(raw),
        frame=frame,
        survey=survey,
        results=results,
        engine_version=engine.version,
        library_version=engine.library_version,
        seconds=time.perf_counter() - started,
    )


class _Step:
    """A stage of one unit of work, reported to ``progress`` when it ends."""

    def __init__(self, progress: Progress | None, label: str) -> None:
        self.advance = progress(label, 1) if progress else None

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        if self.advance is not None and exc[0] is None:
            self.advance(1)


def _stepper(progress: Progress | None) -> Callable[[str], _Step]:
    return lambda label: _Step(progress, label)


ERROR_COLUMNS = ("row", "column", "reason")


def error_table(survey: ValidatedSurvey, limit: int | None = None) -> pd.DataFrame:
    """One line a problem of a bad row: the row's line in the file (the header is line 1),
    the column, and the reason of :mod:`scoring.batch`; first rows first, at most ``limit``
    rows of the file (all when None)."""
    rows, columns, reasons = [], [], []
    bad = sorted(survey.errors)
    for index in bad if limit is None else bad[:limit]:
        number = survey.row_number(index)
        for message in survey.errors[index]:
            column, reason = _split(message)
            rows.append(number)
            columns.append(column)
            reasons.append(reason)
    return pd.DataFrame(
        {
            "row": pd.Series(rows, dtype="int64"),
            "column": pd.Series(columns, dtype=object),
            "reason": pd.Series(reasons, dtype=object),
        }
    )


def _split(message: str) -> tuple[str, str]:
    """``needs_x: '7' is not allowed`` -> (``needs_x``, ``'7' is not allowed``)."""
    column, sep, reason = message.partition(": ")
    if sep and column in KNOWN:
        return column, reason
    return "", message


# ---------------------------------------------------------------------------- analysis


@dataclass(frozen=True, eq=False)
class SurveyAnalysis:
    """A survey (or a workshop) summarised by region and by sector.

    ``setups[by]`` is set-up x group: the share of the group's respondents whose first
    recommendation is the set-up, NaN for a group of fewer than ``min_group`` (privacy).
    """

    summaries: dict[str, RoomSummary]
    setups: dict[str, pd.DataFrame]
    min_group: int
    rejected: int = 0  # rows left out because they failed validation (workshops)

    @property
    def respondents(self) -> int:
        return self.summaries[GROUPINGS[0]].respondents

    @property
    def recommended(self) -> dict[str, int]:
        return self.summaries[GROUPINGS[0]].recommended

    @property
    def pooling(self) -> list[Any]:
        return self.summaries[GROUPINGS[0]].pooling


def analyse(
    frame: pd.DataFrame,
    engine: Engine,
    *,
    table: ProfileTable | None = None,
    min_group: int = MIN_GROUP,
) -> SurveyAnalysis:
    """The room's picture by region and by sector.

    ``table`` is the frame's rows already validated, row for row, as a scored survey has them;
    without it (a workshop's answers) the frame is validated here once and its bad rows left
    out of everything.
    """
    rejected = 0
    if table is None:
        table, good = profile_table(frame, engine)
        rejected = len(frame) - len(good)
        frame = frame.iloc[good].reset_index(drop=True)
    summaries = {
        by: summarise(frame, engine, by=by, min_group=min_group, table=table) for by in GROUPINGS
    }
    setups = {
        by: setups_by_group(
            frame,
            by,
            order=summaries[by].recommended,
            groups=[str(g) for g in summaries[by].needs.columns],
            min_group=min_group,
        )
        for by in GROUPINGS
    }
    return SurveyAnalysis(summaries, setups, min_group, rejected)


def setups_by_group(
    frame: pd.DataFrame,
    by: str,
    *,
    order: Iterable[str],
    groups: Sequence[str],
    min_group: int = MIN_GROUP,
) -> pd.DataFrame:
    """Set-up x group: the share of each group's respondents whose first set-up it is, NaN for
    a group of fewer than ``min_group`` respondents (privacy). Rows follow ``order`` (most
    recommended first), columns ``groups`` (the summary's)."""
    column = frame[by].astype(str).to_numpy()
    firsts = frame["top1"].fillna("").astype(str).to_numpy()
    rows = [str(s) for s in order]
    row_of = {s: i for i, s in enumerate(rows)}
    col_of = {g: j for j, g in enumerate(groups)}
    counts = np.zeros((len(rows), len(groups)))
    sizes = np.zeros(len(groups))
    codes = pd.Series(column).map(col_of).fillna(-1).astype(int).to_numpy()
    setups = pd.Series(firsts).map(row_of).fillna(-1).astype(int).to_numpy()
    np.add.at(sizes, codes[codes >= 0], 1)
    both = (codes >= 0) & (setups >= 0)
    np.add.at(counts, (setups[both], codes[both]), 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.where(sizes >= max(min_group, 1), counts / np.maximum(sizes, 1), np.nan)
    return pd.DataFrame(
        shares,
        index=pd.Index(rows, name="setup", dtype=object),
        columns=pd.Index(list(groups), name=by, dtype=object),
    )


# ---------------------------------------------------------------------------- comparison


@dataclass(frozen=True, eq=False)
class Comparison:
    """Two surveys side by side.

    ``needs``: kind x (first, second, difference), the mean importance 0-3 of the whole room
    (NaN when fewer than ``min_group`` answered). ``setups``: set-up x (first_count,
    first_share, second_count, second_share, difference), the difference in shares (second
    minus first), set-ups recommended first in either, most recommended first.
    """

    needs: pd.DataFrame
    setups: pd.DataFrame
    respondents: tuple[int, int]


def compare(first: RoomSummary, second: RoomSummary) -> Comparison:
    """``second`` against ``first``: needs by kind and first recommendations, with the
    differences."""
    needs = pd.DataFrame(
        {
            "first": first.overall_needs.reindex(KINDS).astype(float),
            "second": second.overall_needs.reindex(KINDS).astype(float),
        }
    )
    needs["difference"] = needs["second"] - needs["first"]
    needs.index.name = "kind"
    totals: dict[str, int] = {}
    for counts in (first.recommended, second.recommended):
        for setup, count in counts.items():
            totals[setup] = totals.get(setup, 0) + count
    order = sorted(totals, key=lambda s: (-totals[s], s))
    setups = pd.DataFrame(
        {
            "first_count": [first.recommended.get(s, 0) for s in order],
            "second_count": [second.recommended.get(s, 0) for s in order],
        },
        index=pd.Index(order, name="setup", dtype=object),
    )
    setups["first_share"] = _share(setups["first_count"], first.respondents)
    setups["second_share"] = _share(setups["second_count"], second.respondents)
    setups["difference"] = setups["second_share"] - setups["first_share"]
    setups = setups[["first_count", "first_share", "second_count", "second_share", "difference"]]
    return Comparison(needs, setups, (first.respondents, second.respondents))


def _share(counts: pd.Series, total: int) -> pd.Series:
    return counts / total if total else pd.Series(np.nan, index=counts.index)


# ---------------------------------------------------------------------------- exports


@dataclass(frozen=True)
class Stamp:
    """What produced an export: the source, the versions, when and in which language."""

    source: str
    engine_version: str
    library_version: str
    generated_at: datetime
    language: str = "en"
    min_group: int = MIN_GROUP

    def columns(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "min_group": self.min_group,
            "engine_version": self.engine_version,
            "library_version": self.library_version,
            "generated_at": iso_utc(self.generated_at),
            "language": self.language,
        }


@dataclass(frozen=True)
class Labels:
    """Names of ids in the user's language (an id without a name is written as it is)."""

    regions: Mapping[str, str] = field(default_factory=dict)
    sectors: Mapping[str, str] = field(default_factory=dict)
    dimensions: Mapping[str, str] = field(default_factory=dict)
    kinds: Mapping[str, str] = field(default_factory=dict)
    setups: Mapping[str, str] = field(default_factory=dict)

    def group(self, by: str, group: str) -> str:
        names = self.regions if by == "region" else self.sectors if by == "sector" else {}
        return names.get(group, group)


AGGREGATE_COLUMNS = [
    "table",
    "by",
    "group",
    "group_label",
    "item",
    "item_label",
    "value",
    "respondents",
]


def scored_csv(scored: ScoredSurvey, engine: Engine) -> bytes:
    """The scored survey exactly as ``python -m scoring batch`` writes it (one row a row of the
    file, versions on every row, an ``error`` column, formula-safe)."""
    with tempfile.TemporaryDirectory(prefix="scored-") as folder:
        target = Path(folder) / "scored.csv"
        write_output(target, engine, scored.survey, scored.results)
        return target.read_bytes()


def aggregate_rows(analysis: SurveyAnalysis, labels: Labels) -> list[dict[str, Any]]:
    """The analysis as one long table: respondents by group, maturity and needs by group (a
    hidden cell has no value, only its count), first recommendations overall and by group
    (shares), pooling (the suggested set-up in ``item_label``'s row ``pooling_setup``). Ids for
    scripts, labels for people."""
    rows: list[dict[str, Any]] = []

    def add(table: str, by: str, group: str, item: str, *, value: Any, n: Any) -> None:
        names = {
            "maturity": labels.dimensions,
            "needs": labels.kinds,
            "pooling": labels.kinds,
        }.get(table, labels.setups)
        rows.append(
            {
                "table": table,
                "by": by,
                "group": group,
                "group_label": labels.group(by, group) if group else "",
                "item": item,
                "item_label": names.get(item, item) if item else "",
                "value": _value(value),
                "respondents": _value(n),
            }
        )

    first = analysis.summaries[GROUPINGS[0]]
    sizes = {by: dict(getattr(first, f"{by}s")) for by in GROUPINGS}
    for by in GROUPINGS:
        for group, count in sizes[by].items():
            add("respondents", by, group, "", value=count, n=count)
    for by in GROUPINGS:
        summary = analysis.summaries[by]
        for table, means, counts in (
            ("maturity", summary.maturity, summary.maturity_counts),
            ("needs", summary.needs, summary.needs_counts),
        ):
            for item in means.index:
                for group in means.columns:
                    value = round(float(means.at[item, group]), 3)
                    n = int(counts.at[item, group])
                    add(table, by, str(group), str(item), value=value, n=n)
    total = analysis.respondents
    for setup, count in analysis.recommended.items():
        add("recommended", "", "", setup, value=count, n=total)
    for by in GROUPINGS:
        shares = analysis.setups[by]
        for setup in shares.index:
            for group in shares.columns:
                share = round(float(shares.at[setup, group]), 4)
                n = sizes[by].get(str(group), 0)
                add("recommended_share", by, str(group), str(setup), value=share, n=n)
    for pool in analysis.pooling:
        add("pooling", "", "", pool.kind, value=pool.count, n=total)
        if pool.template_id:
            add("pooling_setup", "", "", pool.template_id, value=pool.kind, n="")
    return rows


def _value(value: Any) -> Any:
    """NaN and None as empty cells; numpy numbers as Python numbers."""
    if value is None:
        return ""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return ""
    return value


def aggregate_csv(analysis: SurveyAnalysis, labels: Labels, stamp: Stamp) -> bytes:
    """:func:`aggregate_rows` as CSV (UTF-8 with BOM for spreadsheets), the stamp on every
    row, every text cell formula-safe."""
    rows = [{**row, **stamp.columns()} for row in aggregate_rows(analysis, labels)]
    columns = [*AGGREGATE_COLUMNS, *stamp.columns()]
    return csv_bytes(pd.DataFrame(rows, columns=columns))


def comparison_rows(
    comparison: Comparison, labels: Labels, names: tuple[str, str]
) -> list[dict[str, Any]]:
    """The comparison as one long table: needs by kind, then first recommendations (shares)."""
    rows: list[dict[str, Any]] = []
    for kind, row in comparison.needs.iterrows():
        rows.append(
            {
                "table": "needs",
                "item": kind,
                "item_label": labels.kinds.get(str(kind), str(kind)),
                "first": _value(_round(row["first"], 3)),
                "second": _value(_round(row["second"], 3)),
                "difference": _value(_round(row["difference"], 3)),
            }
        )
    for setup, row in comparison.setups.iterrows():
        rows.append(
            {
                "table": "recommended_share",
                "item": setup,
                "item_label": labels.setups.get(str(setup), str(setup)),
                "first": _value(_round(row["first_share"], 4)),
                "second": _value(_round(row["second_share"], 4)),
                "difference": _value(_round(row["difference"], 4)),
            }
        )
    for row in rows:
        row["first_source"], row["second_source"] = names
        row["first_respondents"], row["second_respondents"] = comparison.respondents
    return rows


def _round(value: Any, digits: int) -> Any:
    number = float(value)
    return number if math.isnan(number) else round(number, digits)


def comparison_csv(
    comparison: Comparison, labels: Labels, names: tuple[str, str], stamp: Stamp
) -> bytes:
    """:func:`comparison_rows` as CSV with the stamp on every row, formula-safe."""
    rows = [{**row, **stamp.columns()} for row in comparison_rows(comparison, labels, names)]
    return csv_bytes(pd.DataFrame(rows))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A frame as CSV for a spreadsheet: UTF-8 with BOM, text cells and headers neutralised,
    numbers left as numbers, NaN empty."""
    safe = frame.map(_safe)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8-sig")


def _safe(value: Any) -> Any:
    value = _value(value)
    return value if value == "" else safe_cell(value)


#: Characters Excel refuses in a sheet name, and its length limit.
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


def tables_xlsx(
    sheets: Sequence[tuple[str, pd.DataFrame]], about: Sequence[tuple[str, Any]]
) -> bytes:
    """An Excel workbook: a first sheet of ``about`` (label, value) lines (source, versions,
    date), then one sheet a table. Names are cut to Excel's limits and made unique; every text
    cell is formula-safe (openpyxl would store ``=...`` as a formula)."""
    book = Workbook()
    first = book.active
    used: set[str] = set()
    title = _sheet_name(str(about[0][0]) if about else "About", used)
    first.title = title
    for label, value in about:
        first.append([neutralise(str(label)), _xlsx_cell(value)])
    for name, frame in sheets:
        sheet = book.create_sheet(_sheet_name(name, used))
        index = frame.index.name is not None or not isinstance(frame.index, pd.RangeIndex)
        headers = ([str(frame.index.name or "")] if index else []) + [str(c) for c in frame.columns]
        sheet.append([neutralise(h) for h in headers])
        for key, row in zip(frame.index, frame.itertuples(index=False), strict=True):
            cells = ([key] if index else []) + list(row)
            sheet.append([_xlsx_cell(c) for c in cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_name(name: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", name).strip().strip("'")[:SHEET_NAME_MAX] or "Sheet"
    candidate, number = base, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        number += 1
    used.add(candidate.lower())
    return candidate


def _xlsx_cell(value: Any) -> Any:
    value = _value(value)
    if value == "":
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    return neutralise(str(value))
