"""``python -m scoring``: ``recommend`` one answers file, ``batch`` a survey file (DESIGN.md).

Bad input never ends in a traceback: a bad answers file prints ``file: field: message`` lines
and exits 1; a survey's bad rows are listed with their row number and reason (and carried in the
``error`` column) while the good rows are still scored.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
from tqdm import tqdm

from scoring.answers import AnswersError, load_answers
from scoring.batch import (
    SurveyFileError,
    SurveyResults,
    ValidatedSurvey,
    output_columns,
    read_survey,
    score_survey,
    validate_survey,
)
from scoring.engine import CRITERIA, Engine
from scoring.recommend import engine_for, recommend
from scoring.tables import COLUMNS, neutralise, recommendation_rows, safe_cell
from templates_library import KnowledgeBaseError

#: Bad rows listed on the terminal; all of them are in the output's error column anyway.
ERRORS_SHOWN = 50


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scoring", description="Recommend intelligence set-ups from answers."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("recommend", help="explained recommendation for one answers file")
    rec.add_argument("profile", type=Path, help="answers file (.yaml, .yml or .json)")
    rec.add_argument("--top", type=int, default=None, help="show the first N set-ups only")
    rec.add_argument("--format", choices=["table", "json", "csv"], default="table")
    bat = commands.add_parser("batch", help="score a survey file, one respondent a row")
    bat.add_argument("input", type=Path, help="survey file (.csv or .xlsx)")
    bat.add_argument("-o", "--output", type=Path, required=True, help="CSV file to write")
    bat.add_argument(
        "--robustness",
        type=int,
        metavar="DRAWS",
        default=None,
        help="add each row's top-1 probability over DRAWS weight draws (slower)",
    )
    args = parser.parse_args(argv)
    if args.top is not None and args.top < 1 if args.command == "recommend" else False:
        parser.error("--top must be at least 1")
    try:
        engine = engine_for()
    except KnowledgeBaseError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.command == "recommend":
        return _recommend(engine, args.profile, args.top, args.format, sys.stdout)
    return _batch(engine, args.input, args.output, args.robustness)


def _recommend(engine: Engine, path: Path, top: int | None, fmt: str, out: TextIO) -> int:
    try:
        answers = load_answers(path, engine.library)
    except AnswersError as exc:
        print(exc, file=sys.stderr)
        return 1
    result = recommend(answers, engine, top=top)
    if fmt == "json":
        json.dump(result, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt == "csv":
        out.write(recommendation_csv(result))
    else:
        out.write(recommendation_table(result))
    return 0


def recommendation_csv(result: dict[str, Any]) -> str:
    """One row a recommended set-up (``scoring.tables``), cells made formula-safe."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in recommendation_rows(result):
        if row["status"] == "recommended":
            writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return buffer.getvalue()


def recommendation_table(result: dict[str, Any]) -> str:
    """The recommendation as a terminal reads it: ranking, reasons, exclusions, certainty."""
    lines = [
        f"Recommendation (engine {result['engine_version']}, "
        f"knowledge base {result['library_version']})",
        f"Maturity level: {result['maturity_level']:.1f} of 4",
        "",
        f"{'#':>2}  {'set-up':<58} {'score':>5}  {'EUR/year':>15}  {'FTE':>9}  {'weeks':>5}",
    ]
    for rec in result["recommendations"]:
        cost, fte = rec["cost_eur_per_year"], rec["fte"]
        weeks = rec["time_to_first_value_weeks"]
        lines.append(
            f"{rec['rank']:>2}  {rec['name'][:58]:<58} {rec['score']:>5.1f}  "
            f"{cost['min']:>7,.0f}-{cost['max']:<7,.0f}  {fte['min']:>4g}-{fte['max']:<4g}  "
            f"{weeks['min']:>2}-{weeks['max']:<2}"
        )
    for rec in result["recommendations"][:3]:
        lines += ["", f"Why {rec['name']} ({rec['score']:.1f}):"]
        for criterion, points in sorted(rec["contributions"].items(), key=lambda kv: -kv[1]):
            lines.append(f"  {points:5.1f}  {criterion.replace('_', ' ')}")
        for rule in rec["rules_fired"]:
            lines.append(f"  {rule['effect']:+5.1f}  {rule['reason'].strip()}  [{rule['source']}]")
    if result["excluded"]:
        lines += ["", "Excluded:"]
        for item in result["excluded"]:
            lines.append(f"  {item['name']}: " + "; ".join(item["reasons"]))
    robust = result.get("robustness")
    if robust:
        lines += [
            "",
            f"How sure: {robust['label']}, first in {robust['top1_probability']:.0%} "
            f"of {robust['method']['draws']} weight draws"
            + (
                f", {robust['margin_to_second']:.1f} points ahead of the second"
                if robust["margin_to_second"] is not None
                else ""
            ),
        ]
        flip = robust.get("smallest_flip")
        if flip:
            lines.append(
                f"Smallest change that alters the first choice: {flip['answer']} "
                f"from {flip['from']} to {flip['to']} -> {flip['new_top1']}"
            )
    if result.get("roadmap"):
        lines += ["", "Then grow into: " + " -> ".join(s["name"] for s in result["roadmap"])]
    return "\n".join(lines) + "\n"


def _batch(engine: Engine, source: Path, target: Path, draws: int | None) -> int:
    try:
        frame = read_survey(source)
        survey = validate_survey(frame, engine)
    except SurveyFileError as exc:
        print(f"{source}: {exc}", file=sys.stderr)
        return 1
    for warning in survey.warnings:
        print(f"{source}: {warning}", file=sys.stderr)
    bad_rows = sorted(survey.errors)
    for index in bad_rows[:ERRORS_SHOWN]:
        print(
            f"{source}: row {survey.row_number(index)}: " + "; ".join(survey.errors[index]),
            file=sys.stderr,
        )
    if len(bad_rows) > ERRORS_SHOWN:
        print(
            f"... and {len(bad_rows) - ERRORS_SHOWN} more rows with errors (see the error column)",
            file=sys.stderr,
        )

    show = sys.stderr.isatty()
    bars: list[tqdm] = []

    def progress(label: str, total: int) -> Callable[[int], object]:
        bar = tqdm(total=total, unit="rows", desc=label, disable=not show, file=sys.stderr)
        bars.append(bar)
        return bar.update

    try:
        results = score_survey(engine, survey, len(frame), draws, progress)
    finally:
        for bar in bars:
            bar.close()
    try:
        write_output(target, engine, survey, results)
    except OSError as exc:
        print(f"{target}: cannot write: {exc}", file=sys.stderr)
        return 1
    scored = len(survey.table)
    print(
        f"{source}: {scored} rows scored, {len(bad_rows)} with errors -> {target}", file=sys.stderr
    )
    return 0


def write_output(
    target: Path, engine: Engine, survey: ValidatedSurvey, results: SurveyResults
) -> None:
    """Write the scored survey as CSV with Arrow: dictionary-coded ids keep it lean."""
    top, scores, margin, drivers = results.top, results.scores, results.margin, results.drivers
    probability = results.probability
    n = len(top)
    ids = (
        [neutralise(str(v)) for v in survey.respondent_ids]
        if survey.respondent_ids is not None
        else [str(survey.row_number(i)) for i in range(n)]
    )
    template_ids = pa.array(engine.template_ids)
    criteria = pa.array(CRITERIA)

    def coded(codes: np.ndarray, dictionary: pa.Array) -> pa.Array:
        mask = codes < 0
        return pa.DictionaryArray.from_arrays(
            pa.array(np.where(mask, 0, codes).astype(np.int16), mask=mask), dictionary
        ).cast(pa.string())

    def rounded(values: np.ndarray) -> pa.Array:
        return pa.array(np.round(values.astype(np.float64), 1), mask=np.isnan(values))

    errors = [""] * n
    for index, messages in survey.errors.items():
        errors[index] = neutralise("; ".join(messages))
    columns: dict[str, pa.Array] = {
        "respondent_id": pa.array(ids, pa.string()),
        "top1": coded(top[:, 0], template_ids),
        "score1": rounded(scores[:, 0]),
        "top2": coded(top[:, 1], template_ids),
        "score2": rounded(scores[:, 1]),
        "top3": coded(top[:, 2], template_ids),
        "score3": rounded(scores[:, 2]),
        "margin": rounded(margin),
        "driver1": coded(drivers[:, 0], criteria),
        "driver2": coded(drivers[:, 1], criteria),
        "driver3": coded(drivers[:, 2], criteria),
    }
    if probability is not None:
        columns["top1_probability"] = pa.array(
            np.round(probability.astype(np.float64), 3), mask=np.isnan(probability)
        )
    columns["engine_version"] = pa.DictionaryArray.from_arrays(
        pa.array(np.zeros(n, np.int8)), pa.array([engine.version])
    ).cast(pa.string())
    columns["library_version"] = pa.DictionaryArray.from_arrays(
        pa.array(np.zeros(n, np.int8)), pa.array([engine.library_version])
    ).cast(pa.string())
    columns["error"] = pa.array(errors, pa.string())
    table = pa.table({name: columns[name] for name in output_columns(probability is not None)})
    pacsv.write_csv(table, str(target), pacsv.WriteOptions(quoting_style="needed"))
