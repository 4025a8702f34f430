"""Test helpers shared by the unit tests: a copy of the knowledge base, the sample answers."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from templates_library.library import PROJECT_ROOT

SAMPLE_ANSWERS = PROJECT_ROOT / "data" / "samples" / "answers_wood_lorraine.yaml"
_SAMPLE = yaml.safe_load(SAMPLE_ANSWERS.read_text(encoding="utf-8"))


def copy_knowledge_base(folder: Path) -> Path:
    """The shipped templates and data, copied under ``folder/kb`` to be broken on purpose."""
    root = folder / "kb"
    shutil.copytree(
        PROJECT_ROOT / "templates_library",
        root / "templates_library",
        ignore=shutil.ignore_patterns("*.py", "__pycache__"),
    )
    shutil.copytree(PROJECT_ROOT / "data", root / "data")
    return root


def sample_answers(**changes: Any) -> dict[str, Any]:
    """The answers-file example of DESIGN.md (a fresh copy), with top-level ``changes``."""
    return {**copy.deepcopy(_SAMPLE), **changes}


# --- pilots: stand-ins with the attributes the pilot views read from storage's models --------


@dataclass(frozen=True)
class Reading:
    """A KPI reading as ``storage.KpiReading`` exposes it."""

    kpi_id: str
    read_on: date
    value: float
    note: str = ""


@dataclass(frozen=True)
class FakePilot:
    """A pilot as ``storage.Pilot`` exposes it to the progress and chart builders."""

    id: int
    template_id: str
    started_on: date
    phase: str


def pdftotext(data: bytes, tmp_path: Path, name: str = "document.pdf") -> str:
    """The text of a PDF as ``pdftotext`` extracts it (skipped without it, failed on CI)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        message = "pdftotext is missing: install Debian's poppler-utils (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    path = tmp_path / name
    path.write_bytes(data)
    done = subprocess.run(
        [tool, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return done.stdout.decode("utf-8")
