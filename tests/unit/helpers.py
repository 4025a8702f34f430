"""Test helpers shared by the unit tests: a copy of the knowledge base, the sample answers."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

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
