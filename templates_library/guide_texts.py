"""Load ``data/guide.yaml``: the guide book's methodological texts, standards and tool rules.

Validated by :class:`templates_library.schema.GuideTexts`; a problem is reported like the rest
of the knowledge base, as ``file:line: field: message`` inside a :class:`KnowledgeBaseError`.
Imports nothing of ours outside this package and never Streamlit.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from templates_library._errors import problems_from_validation
from templates_library._yaml import Problem, YamlError, read_yaml
from templates_library.library import DATA_DIR, load_library
from templates_library.schema import GuideTexts


def read_guide_texts(path: Path) -> tuple[GuideTexts | None, list[Problem]]:
    """Parse and check one guide file; never raises for bad content."""
    display = f"{DATA_DIR}/{path.name}" if path.parent.name == DATA_DIR else str(path)
    try:
        doc = read_yaml(path, display)
    except YamlError as exc:
        return None, list(exc.problems)
    if not isinstance(doc.data, dict):
        return None, [doc.problem((), "expected a mapping of keys")]
    try:
        return GuideTexts.model_validate(doc.data), []
    except ValidationError as exc:
        return None, problems_from_validation(doc, exc, GuideTexts)


def load_guide_texts(root: Path | None = None) -> GuideTexts:
    """The validated ``data/guide.yaml`` of the knowledge base under ``root`` (the shipped one
    by default): part of the library, so it is validated and versioned with the rest."""
    return load_library(root).guide
