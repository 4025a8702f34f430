"""Load, validate and version the whole knowledge base, once per process.

The knowledge base is two folders under one root:

* ``templates_library/*.yaml``: one set-up template per file, the file named after its id;
* ``data/``: ``library.yaml`` (manifest), ``sectors.yaml``, ``value_chain.yaml``,
  ``regions.yaml``, ``questionnaire.yaml`` and ``tools.yaml``.

:func:`validate` never raises for bad content: it returns every problem it finds, each placed on
its file and line. :func:`load_library` returns the validated :class:`Library` or raises
:class:`KnowledgeBaseError` carrying those problems, and caches the result per root.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from templates_library import checks
from templates_library._errors import problems_from_validation
from templates_library._yaml import PathKey, Problem, YamlDocument, YamlError, read_yaml
from templates_library.schema import (
    GuideTexts,
    LibraryManifest,
    Questionnaire,
    Region,
    RegionsFile,
    ScoringConfig,
    Sector,
    SectorsFile,
    SetupTemplate,
    Tool,
    ToolsFile,
    ValueChain,
    ValueChainFile,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = "templates_library"
DATA_DIR = "data"
DATA_FILES: dict[str, type[BaseModel]] = {
    "library.yaml": LibraryManifest,
    "sectors.yaml": SectorsFile,
    "value_chain.yaml": ValueChainFile,
    "regions.yaml": RegionsFile,
    "questionnaire.yaml": Questionnaire,
    "tools.yaml": ToolsFile,
    "scoring.yaml": ScoringConfig,
    "guide.yaml": GuideTexts,
}

M = TypeVar("M", bound=BaseModel)


class KnowledgeBaseError(Exception):
    """The knowledge base has problems; ``problems`` lists each with its file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in the knowledge base:\n{shown}{more}")
        self.problems = problems


@dataclass(frozen=True)
class Sources:
    """Where the knowledge base is read from."""

    templates: list[Path]
    data_dir: Path
    base: Path  # file names in messages are shown relative to this folder


@dataclass(frozen=True)
class Library:
    """The validated knowledge base. Read-only and safe to share between threads."""

    version: str
    manifest: LibraryManifest
    templates: Mapping[str, SetupTemplate]
    tools: Mapping[str, Tool]
    sectors: Mapping[str, Sector]
    value_chain: Mapping[str, ValueChain]
    regions: Mapping[str, Region]
    questionnaire: Questionnaire
    scoring: ScoringConfig
    guide: GuideTexts
    #: Where each template came from, so explanations can cite ``file:line``.
    template_documents: Mapping[str, YamlDocument] = field(repr=False)

    #: ``data/scoring.yaml``, so explanations can cite the line of a global rule.
    scoring_document: YamlDocument = field(repr=False)

    def cite(self, template_id: str, loc: PathKey = ()) -> str:
        """``templates_library/<id>.yaml:<line>`` for a key of a template."""
        doc = self.template_documents[template_id]
        return f"{doc.display}:{doc.line_of(loc)}"

    def cite_scoring(self, loc: PathKey = ()) -> str:
        """``data/scoring.yaml:<line>`` for a key of the scoring configuration."""
        return f"{self.scoring_document.display}:{self.scoring_document.line_of(loc)}"


def discover(path: Path | None = None) -> Sources:
    """Find the files to validate under ``path``.

    ``path`` may be a knowledge-base root (with ``templates_library/`` and/or ``data/``; a
    missing folder falls back to the shipped one), a folder of template files, or one template
    file (checked against the shipped reference data). ``None`` is the shipped knowledge base.
    """
    if path is None:
        path = PROJECT_ROOT
    path = path.resolve()
    if path.is_file():
        return Sources([path], PROJECT_ROOT / DATA_DIR, path.parent)
    templates_dir = path / TEMPLATES_DIR
    data_dir = path / DATA_DIR
    if templates_dir.is_dir() or data_dir.is_dir():
        templates = templates_dir if templates_dir.is_dir() else PROJECT_ROOT / TEMPLATES_DIR
        data = data_dir if data_dir.is_dir() else PROJECT_ROOT / DATA_DIR
        return Sources(sorted(templates.glob("*.yaml")), data, path)
    return Sources(sorted(path.glob("*.yaml")), PROJECT_ROOT / DATA_DIR, path)


def validate(path: Path | None = None) -> tuple[Library | None, list[Problem]]:
    """Read and check everything under ``path``; the library is None when there are problems."""
    sources = discover(path)
    problems: list[Problem] = []
    hasher = hashlib.sha256()

    def read(file: Path) -> YamlDocument | None:
        display = _display(file, sources.base)
        try:
            doc = read_yaml(file, display)
        except YamlError as exc:
            problems.extend(exc.problems)
            return None
        hasher.update(display.encode() + b"\0" + file.read_bytes() + b"\0")
        return doc

    def parse(doc: YamlDocument | None, model: type[M]) -> M | None:
        if doc is None:
            return None
        if not isinstance(doc.data, dict):
            problems.append(doc.problem((), f"expected a mapping of keys, got {_kind(doc.data)}"))
            return None
        try:
            return model.model_validate(doc.data)
        except ValidationError as exc:
            problems.extend(problems_from_validation(doc, exc, model))
            return None

    data_docs: dict[str, YamlDocument] = {}
    parsed: dict[str, Any] = {}
    for name, model in DATA_FILES.items():
        file = sources.data_dir / name
        if not file.is_file():
            problems.append(Problem(_display(file, sources.base), 1, "<file>", "file is missing"))
            continue
        doc = read(file)
        if doc is not None:
            data_docs[name] = doc
            parsed[name] = parse(doc, model)

    if not sources.templates:
        problems.append(Problem(_display(sources.base, sources.base), 1, "<file>", "no templates"))
    template_docs: dict[str, YamlDocument] = {}
    templates: dict[str, SetupTemplate] = {}
    for file in sources.templates:
        doc = read(file)
        template = parse(doc, SetupTemplate)
        if doc is None or template is None:
            continue
        if template.id != file.stem:
            problems.append(doc.problem(("id",), f"id {template.id!r} must match the file name"))
        if template.id in templates:
            first = template_docs[template.id].display
            problems.append(doc.problem(("id",), f"duplicate template id (also in {first})"))
            continue
        templates[template.id] = template
        template_docs[template.id] = doc

    if path is not None and path.resolve().is_file():
        # One template checked against the shipped library: its siblings are the shipped ones.
        shipped = _shipped_templates()
        for tid, template in shipped.items():
            templates.setdefault(tid, template)

    # Cross-references are checked with whatever parsed, so one run reports as much as it can.
    template_ids = set(templates) | {file.stem for file in sources.templates}
    problems.extend(checks.cross_check(parsed, data_docs, templates, template_docs, template_ids))
    if problems or any(parsed.get(name) is None for name in DATA_FILES):
        return None, sorted(set(problems))

    manifest: LibraryManifest = parsed["library.yaml"]
    library = Library(
        version=f"{manifest.version}+{hasher.hexdigest()[:10]}",
        manifest=manifest,
        templates=MappingProxyType(dict(sorted(templates.items()))),
        tools=MappingProxyType({t.id: t for t in parsed["tools.yaml"].tools}),
        sectors=MappingProxyType({s.id: s for s in parsed["sectors.yaml"].sectors}),
        value_chain=MappingProxyType({v.id.value: v for v in parsed["value_chain.yaml"].positions}),
        regions=MappingProxyType({r.id: r for r in parsed["regions.yaml"].regions}),
        questionnaire=parsed["questionnaire.yaml"],
        scoring=parsed["scoring.yaml"],
        guide=parsed["guide.yaml"],
        template_documents=MappingProxyType(template_docs),
        scoring_document=data_docs["scoring.yaml"],
    )
    return library, []


@functools.lru_cache(maxsize=8)
def _load_cached(root: Path) -> Library:
    library, problems = validate(root)
    if library is None:
        raise KnowledgeBaseError(problems)
    return library


def load_library(root: Path | None = None) -> Library:
    """The validated knowledge base under ``root`` (the shipped one by default), cached."""
    return _load_cached((root or PROJECT_ROOT).resolve())


def _shipped_templates() -> dict[str, SetupTemplate]:
    """The shipped templates, parsed leniently: used only as siblings of a checked file."""
    result: dict[str, SetupTemplate] = {}
    for file in sorted((PROJECT_ROOT / TEMPLATES_DIR).glob("*.yaml")):
        try:
            doc = read_yaml(file)
            result[file.stem] = SetupTemplate.model_validate(doc.data)
        except (YamlError, ValidationError):
            continue
    return result


def _display(file: Path, base: Path) -> str:
    try:
        return str(file.resolve().relative_to(base))
    except ValueError:
        return str(file)


def _kind(value: Any) -> str:
    return "nothing (empty file)" if value is None else type(value).__name__
