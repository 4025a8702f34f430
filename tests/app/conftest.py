"""Every AppTest runs against a database of its own, never the ``var/advisor.sqlite3`` of
``make run``: pages that touch storage (the pilots page) would otherwise create and migrate it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wizard.store import close_stores


@pytest.fixture(autouse=True)
def _own_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'advisor.sqlite3'}")
    yield
    close_stores()  # the process-wide store of this test's file, so no connection outlives it
