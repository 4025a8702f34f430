"""Speed and memory of the scoring engine, printed as figures (not a test).

    python benchmarks/scoring.py [--sizes 10000,100000,1000000] [--baseline-rows 3000]

For each size: the engine's rows per second with explanations (top three, margin, the three
criteria that drove the first) and its peak memory, each measured in a fresh process; then
``python -m scoring batch`` end to end on a CSV of that size (read, validate, score, write).
A plain per-row Python loop over the same profiles is the baseline (run on the first
``--baseline-rows`` of them, it is that slow). Then the latency of one ``recommend`` with
explanation and 1,000-draw robustness, and the time to load and validate the library.

Targets (issue 3): engine >= 700,000 rows/s with peak memory < 500 MB at 1M rows and >= 100x
the loop; batch of 1M rows < 12 s; recommend p95 < 50 ms; library load < 1 s.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(code: str) -> dict[str, float]:
    """Run ``code`` in a fresh interpreter; it prints one JSON object as its last line."""
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


ENGINE = """
import json, sys, time, resource
sys.path[:0] = [{root!r}, {root!r} + '/benchmarks']
from scoring.recommend import engine_for
from scoring.batch import score_chunks
from synthetic import synthetic_table
engine = engine_for()
table = synthetic_table(engine, {n}, seed=1)
best = 0.0
for _ in range({repeats}):
    start = time.perf_counter()
    for rows, result in score_chunks(engine, table):
        pass
    best = max(best, {n} / (time.perf_counter() - start))
print(json.dumps({{"rows_per_s": best,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

BASELINE = """
import json, sys, time
sys.path[:0] = [{root!r}, {root!r} + '/benchmarks']
from scoring.recommend import engine_for
from scoring.reference import profile_dicts, top_three
from synthetic import synthetic_table
engine = engine_for()
table = synthetic_table(engine, {n}, seed=1)
rows = profile_dicts(table, engine)
start = time.perf_counter()
for row in rows:
    top_three(engine, row)
print(json.dumps({{"rows_per_s": {n} / (time.perf_counter() - start)}}))
"""

BATCH = """
import json, sys, time, resource, contextlib, io
start = time.perf_counter()
sys.path[:0] = [{root!r}]
from scoring.cli import main
with contextlib.redirect_stderr(io.StringIO()):
    code = main(["batch", {source!r}, "-o", {target!r}])
assert code == 0
print(json.dumps({{"seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

LOAD = """
import json, sys, time
sys.path[:0] = [{root!r}]
start = time.perf_counter()
from templates_library import load_library
load_library()
loaded = time.perf_counter() - start
from scoring.engine import Engine
Engine(load_library())
print(json.dumps({{"load_s": loaded, "load_and_compile_s": time.perf_counter() - start}}))
"""


def bench_engine(sizes: list[int], baseline_rows: int) -> None:
    print("engine (top three, margin and drivers for every row; fresh process per size)")
    baseline = _child(BASELINE.format(root=str(ROOT), n=baseline_rows))["rows_per_s"]
    for n in sizes:
        result = _child(ENGINE.format(root=str(ROOT), n=n, repeats=3 if n <= 100_000 else 2))
        print(
            f"  {n:>9,} rows: {result['rows_per_s']:>11,.0f} rows/s, "
            f"peak {result['peak_mb']:,.0f} MB, {result['rows_per_s'] / baseline:,.0f}x the loop"
        )
    print(f"  per-row Python loop ({baseline_rows:,} rows): {baseline:,.0f} rows/s")


def bench_batch(sizes: list[int]) -> None:
    from synthetic import synthetic_frame

    from scoring.recommend import engine_for

    print(
        "batch end to end (the batch command in a fresh process: imports, read, validate, "
        "score, write)"
    )
    engine = engine_for()
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            source, target = Path(folder) / f"in{n}.csv", Path(folder) / f"out{n}.csv"
            synthetic_frame(engine, n, seed=2).to_csv(source, index=False)
            result = _child(BATCH.format(root=str(ROOT), source=str(source), target=str(target)))
            elapsed = result["seconds"]
            print(
                f"  {n:>9,} rows: {elapsed:6.2f} s ({n / elapsed:,.0f} rows/s), "
                f"peak {result['peak_mb']:,.0f} MB, input {source.stat().st_size / 1e6:,.0f} MB"
            )


def bench_recommend(runs: int) -> None:
    import numpy as np

    from scoring.answers import load_answers
    from scoring.recommend import engine_for, recommend

    engine = engine_for()
    answers = load_answers(ROOT / "data" / "samples" / "answers_wood_lorraine.yaml")
    recommend(answers, engine)  # warm up
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        recommend(answers, engine)
        timings.append((time.perf_counter() - start) * 1000)
    p50, p95 = np.percentile(timings, [50, 95])
    draws = engine.config.robustness.draws
    print(
        f"recommend with explanation and {draws:,}-draw robustness, in process ({runs} runs): "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--baseline-rows", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=200, help="recommend latency runs")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    load = _child(LOAD.format(root=str(ROOT)))
    print(
        f"library: load and validate {load['load_s']:.2f} s (cold process, imports included), "
        f"with the engine compiled {load['load_and_compile_s']:.2f} s"
    )
    bench_engine(sizes, args.baseline_rows)
    bench_batch(sizes)
    bench_recommend(args.runs)
    print(f"(this process peaked at {_peak_mb():,.0f} MB)")


if __name__ == "__main__":
    main()
