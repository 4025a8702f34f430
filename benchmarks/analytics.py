"""Speed of the room and survey aggregates, printed as figures (not a test).

    python benchmarks/analytics.py [--sizes 200,10000,100000]

For each size, a synthetic survey (benchmarks/synthetic.py) is scored, then summarised by
region as the projector and the analytics page do: once validating the frame, once reusing the
validated table; and matchmaking for a room of 200. Targets (issue 6): a 200-person room's
dashboard well under 2 s; 100,000 survey rows summarised in under a second.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from synthetic import synthetic_frame  # noqa: E402

from scoring.aggregate import answers_frame, summarise, survey_frame  # noqa: E402
from scoring.batch import score_survey, validate_survey  # noqa: E402
from scoring.matchmaking import MatchInput, match  # noqa: E402
from scoring.recommend import engine_for  # noqa: E402


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,10000,100000")
    args = parser.parse_args()
    engine = engine_for()
    for size in (int(s) for s in args.sizes.split(",")):
        raw = synthetic_frame(engine, size, seed=1)
        survey = validate_survey(raw, engine)
        frame = survey_frame(raw, survey, score_survey(engine, survey, len(raw)), engine)
        cold = best_of(3, lambda frame=frame: summarise(frame, engine))
        warm = best_of(
            3, lambda frame=frame, survey=survey: summarise(frame, engine, table=survey.table)
        )
        print(f"summarise {size:>7} rows: {cold:.3f} s validating, {warm:.3f} s with its table")
    rows = [_answers(row) for row in synthetic_frame(engine, 200, seed=2).to_dict("records")]
    records = [(row, None) for row in rows]
    room = answers_frame(records)
    people = [MatchInput(f"p{i}", row, True) for i, row in enumerate(rows)]
    found = match(people, engine.library)
    print(f"answers_frame 200: {best_of(3, lambda: answers_frame(records)):.3f} s")
    print(f"summarise room 200: {best_of(3, lambda: summarise(room, engine)):.3f} s")
    print(
        f"match 200: {best_of(3, lambda: match(people, engine.library)):.3f} s, {len(found)} found"
    )


def _answers(row: dict[str, Any]) -> dict[str, Any]:
    """A flattened survey row back into an answers dict (maturity_x -> maturity.x)."""
    answers: dict[str, Any] = {"schema_version": 1, "maturity": {}, "needs": {}}
    for key, value in row.items():
        group, _, sub = key.partition("_")
        if group in ("maturity", "needs") and sub:
            answers[group][sub] = None if value in ("", None) else int(float(value))
        elif value not in ("", None) and key != "respondent_id":
            answers[key] = value
    return answers


if __name__ == "__main__":
    main()
