"""A room of participants joining one workshop and submitting at once, while the projector's
dashboard refreshes: nothing may be lost or duplicated, and the dashboard must stay fast.

    python benchmarks/workshop_load.py [--participants 200] [--browsers 10] [--database URL]

Each participant runs in its own thread, as Streamlit runs each browser session, and goes
through the service functions the pages call: join with the code (``storage.join_workshop``),
score the answers (``scoring.recommend``), send them (``storage.submit``), exactly as the
"send my answers" box does. Meanwhile one thread refreshes the dashboard's aggregate as the
projector page does (counts, submissions, room summary, matchmaking) and times every refresh.
With ``--browsers K`` (default 10; 0 for none), K of the participants instead go through the
running app in real Chromium sessions: the join page, the answers file loaded from the sidebar,
the recommendation page's send button.

The database is the one ``make run`` uses (``var/advisor.sqlite3``), or PostgreSQL when
``DATABASE_URL`` (or ``--database``) is set. The benchmark's workshop is deleted at the end.
It ends with one line:

    participants 200, sent 200, stored 200, duplicated 0, lost 0, dashboard p95 0.9 s

Target (issue 6): 200 participants, nothing lost or duplicated, dashboard p95 under 2 s, on
SQLite and on PostgreSQL.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import yaml  # noqa: E402

import storage  # noqa: E402
from scoring.aggregate import answers_frame, result_summary, summarise  # noqa: E402
from scoring.answers import parse_answers  # noqa: E402
from scoring.matchmaking import MatchInput, match  # noqa: E402
from scoring.profiles import DIMENSIONS, KINDS  # noqa: E402
from scoring.recommend import engine_for, recommend  # noqa: E402
from storage.database import display_url  # noqa: E402
from templates_library import load_library  # noqa: E402

SAMPLE = ROOT / "data" / "samples" / "answers_wood_lorraine.yaml"
REFRESH_SECONDS = 0.1  # the projector refreshes every 3 s; sample more often to get a p95


def participant_answers(rng: random.Random, library: Any) -> dict[str, Any]:
    """Plausible, varied answers: the sample's shape with its choices drawn at random."""
    answers = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    answers["sector"] = rng.choice(list(library.sectors))
    answers["region"] = rng.choice([r for r in library.regions if r != "other"])
    answers["value_chain"] = rng.choice(list(library.value_chain))
    answers["employees"] = rng.randint(3, 240)
    answers["budget_eur_per_year"] = rng.choice([500, 1500, 3000, 8000, 20000, 60000])
    answers["staff_hours_per_week"] = rng.choice([1, 2, 4, 8, 20])
    answers["maturity"] = {d: rng.choice([None, 1, 2, 3, 4, 5]) for d in DIMENSIONS}
    answers["needs"] = {k: rng.choice([None, 0, 1, 2, 3]) for k in KINDS}
    return answers


def send(
    store: storage.Store, code: str, answers: dict[str, Any], engine: Any, consent: bool
) -> str:
    """What a participant's session does: join, score, send (idempotent on the key); returns
    the participant's key."""
    key = storage.new_participant_key()
    joined = storage.join_workshop(store, code, key)
    result = recommend(parse_answers(answers, engine.library), engine, robustness=False)
    storage.submit(
        store,
        joined.workshop.id,
        key,
        answers=answers,
        result=result_summary(result),
        consent=consent,
        organisation=None,
    )
    return key


def refresh(store: storage.Store, workshop_id: int, engine: Any) -> int:
    """What the projector's fragment computes on each refresh; returns the submissions seen."""
    storage.counts(store, workshop_id)
    submitted = [s for s in storage.list_submissions(store, workshop_id) if s.answers]
    frame = answers_frame((s.answers, s.result) for s in submitted)
    if len(frame):
        summarise(frame, engine)
        match(
            [MatchInput(s.participant_key, s.answers, s.consent) for s in submitted],
            engine.library,
        )
    return len(submitted)


#: Chromium windows driven at once: each is a browser process; a 2-core machine runs three well.
BROWSER_THREADS = 3


def through_browsers(
    url: str, code: str, answers: list[dict[str, Any]], record: Callable[[], None]
) -> list[BaseException]:
    """One participant per answers dict, each in a Chromium context of its own (its own
    Streamlit session), ``BROWSER_THREADS`` at a time; returns the failures."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.workshop_steps import join_and_send

    folder = Path(tempfile.mkdtemp(prefix="workshop-load-"))
    queue = list(enumerate(answers))
    lock = threading.Lock()
    failures: list[BaseException] = []

    def worker() -> None:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-dev-shm-usage"],
            )
            try:
                while True:
                    with lock:
                        if not queue:
                            return
                        number, one = queue.pop()
                    path = folder / f"participant-{number}.yaml"
                    path.write_text(yaml.safe_dump(one, allow_unicode=True), encoding="utf-8")
                    context = browser.new_context(locale="en-GB")
                    try:
                        join_and_send(context.new_page(), url, code, path)
                        record()
                    except Exception as exc:
                        with lock:
                            failures.append(exc)
                    finally:
                        context.close()
            finally:
                browser.close()

    threads = [threading.Thread(target=worker) for _ in range(min(BROWSER_THREADS, len(answers)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--browsers", type=int, default=10, help="of them through Chromium")
    parser.add_argument("--database", help="database URL (default: DATABASE_URL or SQLite)")
    args = parser.parse_args()
    if args.database:
        os.environ["DATABASE_URL"] = args.database
    browsers = max(0, min(args.browsers, args.participants))
    library = load_library()  # the same cached object engine_for() compiles
    engine = engine_for()  # the shipped library, compiled once (cached)
    store = storage.open_store(storage.database_url(), library=library)
    opened = storage.create_workshop(store, title="Load benchmark", language="en", retention_days=1)
    workshop_id, code = opened.workshop.id, opened.workshop.code
    rng = random.Random(6)
    everyone = [participant_answers(rng, library) for _ in range(args.participants)]
    consents = [rng.random() < 0.7 for _ in everyone]
    thread_keys: set[str] = set()
    browsers_sent = 0
    sent_lock = threading.Lock()

    def record_browser() -> None:
        nonlocal browsers_sent
        with sent_lock:
            browsers_sent += 1

    def one(number: int) -> None:
        key = send(store, code, everyone[number], engine, consent=consents[number])
        with sent_lock:
            thread_keys.add(key)

    timings: list[float] = []
    done = threading.Event()

    def dashboard() -> None:
        while not done.is_set():
            started = time.perf_counter()
            refresh(store, workshop_id, engine)
            timings.append(time.perf_counter() - started)
            done.wait(REFRESH_SECONDS)

    with contextlib.ExitStack() as stack:
        stack.callback(store.close)
        stack.callback(storage.delete_workshop, store, workshop_id)
        stack.callback(done.set)
        url = ""
        if browsers:
            from tests.e2e.conftest import running_app

            url = stack.enter_context(running_app(storage.database_url(), Path(tempfile.mkdtemp())))
        watcher = threading.Thread(target=dashboard, daemon=True)
        watcher.start()
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=max(1, len(everyone) - browsers)) as pool:
            futures = [pool.submit(one, number) for number in range(browsers, len(everyone))]
            failures = (
                through_browsers(url, code, everyone[:browsers], record_browser) if browsers else []
            )
            failures += [f.exception() for f in futures if f.exception() is not None]
        elapsed = time.perf_counter() - started
        done.set()
        watcher.join()
        started_final = time.perf_counter()
        seen = refresh(store, workshop_id, engine)
        timings.append(time.perf_counter() - started_final)
        rows = storage.list_submissions(store, workshop_id)
        keys = [s.participant_key for s in rows if s.submitted_at is not None]
        stored_keys = set(keys)
        # Threads know their keys; a browser's key lives in its session, so its rows are the
        # stored ones no thread sent.
        from_browsers = len(stored_keys - thread_keys)
        sent = len(thread_keys) + browsers_sent
        lost = len(thread_keys - stored_keys) + max(0, browsers_sent - from_browsers)
        duplicated = (len(keys) - len(stored_keys)) + max(0, from_browsers - browsers_sent)
        stored = len(stored_keys)
        p95 = (
            statistics.quantiles(timings, n=20, method="inclusive")[-1]
            if len(timings) > 1
            else timings[0]
        )
        for failure in failures[:5]:
            print(f"a participant failed: {failure!r}", file=sys.stderr)
        print(
            f"{display_url(storage.database_url())}: {len(everyone)} participants "
            f"({browsers} in Chromium) in {elapsed:.1f} s, dashboard refreshed "
            f"{len(timings)} times (median {statistics.median(timings):.2f} s), "
            f"final view {seen} submissions; refreshes {[round(x, 2) for x in timings]}",
            file=sys.stderr,
            flush=True,
        )
        print(
            f"participants {len(everyone)}, sent {sent}, stored {stored}, "
            f"duplicated {duplicated}, lost {lost}, dashboard p95 {p95:.1f} s"
        )
        ok = sent == stored == len(everyone) and duplicated == lost == 0 and p95 < 2
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
