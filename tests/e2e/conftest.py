"""Start the real app with ``streamlit run`` and drive it with Debian's Chromium.

Playwright cannot download a browser here, so the tests launch ``/usr/bin/chromium``; when it is
missing they fail under CI (``make test`` installs it) and are skipped elsewhere with the reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
# A cold server on a busy CI machine can take a while to first draw a chart: wait up to 30 s.
expect.set_options(timeout=30_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"{CHROMIUM} is missing: run `make test`, which installs it")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing (make test installs it)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": LAUNCH_ARGS}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_app(database_url: str, folder: Path) -> Iterator[str]:
    """A real ``streamlit run`` of the app on a free loopback port, its data in
    ``database_url`` (never the developer's ``var/advisor.sqlite3``), stopped by its PID."""
    port = _free_port()
    log_path = folder / f"streamlit-{port}.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": database_url},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, server, log_path)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app, shared by the tests of the session, on a SQLite file of its own."""
    folder = tmp_path_factory.mktemp("server")
    with running_app(f"sqlite:///{folder / 'advisor.sqlite3'}", folder) as url:
        yield url


def _wait_until_healthy(url: str, server: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"streamlit did not become healthy:\n{log_path.read_text()}")
        time.sleep(0.3)


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Accessibility problems of the current page (axe-core, WCAG 2.1 A and AA rules).

    Returns one line a violation of the given impacts: rule id, impact, help and the first
    offending elements, so a failing assertion says what to fix.
    """
    if not AXE.exists():
        raise pytest.UsageError(f"{AXE} is missing: run `make test`, which runs `npm ci`")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {
               runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
               resultTypes: ['violations']})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(
            f"{' '.join(node['target'])} {node['html'][:120]!r} "
            f"{node.get('failureSummary', '')[:160]!r}"
            for node in v["nodes"][:3]
        )
        for v in result["violations"]
        if v["impact"] in impacts
    ]
