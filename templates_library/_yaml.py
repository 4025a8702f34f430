"""Safe YAML reading that remembers where every value came from.

PyYAML's ``safe_load`` forgets line numbers and silently keeps the *last* of two duplicate keys.
Here the document is composed into nodes first, so that every mapping key and sequence item has
a line to cite in an error message, and a duplicate key is a problem rather than a lost value.
Only SafeLoader is ever used: a ``!!python/...`` tag is an error, never code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PathKey = tuple[str | int, ...]

#: Aliases can make a small file expand enormously ("billion laughs"); no knowledge-base file
#: comes near this many keys and items.
MAX_NODES = 200_000

#: libyaml's parser with SafeLoader's constructors: the same safe semantics, ~10x faster.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the knowledge base, printed as ``file:line: field: message``."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@dataclass
class YamlDocument:
    """The Python value of a YAML file and the line of each of its keys and items."""

    path: Path
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    display: str = ""

    def line_of(self, loc: PathKey) -> int:
        """The line of ``loc``, or of its closest ancestor that has one (1 for the root)."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(loc[:end])
            if line is not None:
                return line
        return 1

    def problem(self, loc: PathKey, message: str) -> Problem:
        return Problem(self.display or str(self.path), self.line_of(loc), format_loc(loc), message)


def format_loc(loc: PathKey) -> str:
    """``('kpis', 0, 'id')`` -> ``kpis.0.id``; the empty path is ``<root>``."""
    return ".".join(str(part) for part in loc) if loc else "<root>"


class YamlError(Exception):
    """The file could not be read as YAML; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def read_yaml(path: Path, display: str | None = None) -> YamlDocument:
    """Read one YAML file with positions. Raises :class:`YamlError`, never a bare exception."""
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlError([Problem(shown, 1, "<file>", f"cannot read file: {exc}")]) from exc
    return parse_yaml(text, path, shown)


def parse_yaml(text: str, path: Path, display: str) -> YamlDocument:
    """Parse ``text`` (the content of ``path``) into a :class:`YamlDocument`."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(path, None, {(): 1}, display)
        indexer = _Indexer(loader, display, {(): node.start_mark.line + 1})
        indexer.visit(node, ())
        if indexer.problems:
            raise YamlError(indexer.problems)
        lines = indexer.lines
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        context = exc.context or ""
        if context and exc.context_mark is not None and exc.context_mark.line + 1 != line:
            context += f" (started at line {exc.context_mark.line + 1})"
        message = ": ".join(str(part) for part in (context, exc.problem) if part)
        raise YamlError(
            [Problem(display, line, "<yaml>", f"YAML syntax error: {message}")]
        ) from exc
    except yaml.YAMLError as exc:
        raise YamlError([Problem(display, 1, "<yaml>", f"YAML error: {exc}")]) from exc
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # SafeConstructor can still fail on odd scalars (e.g. an out-of-range date).
        raise YamlError([Problem(display, 1, "<yaml>", f"YAML value error: {exc}")]) from exc
    finally:
        loader.dispose()
    return YamlDocument(path, data, lines, display)


@dataclass
class _Indexer:
    """Walks the node tree once, recording lines and reporting duplicate or odd keys."""

    loader: yaml.SafeLoader
    display: str
    lines: dict[PathKey, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    budget: int = MAX_NODES

    def visit(self, node: yaml.Node, loc: PathKey) -> None:
        self.budget -= 1
        if self.budget < 0:
            if self.budget == -1:
                self._report(1, (), f"more than {MAX_NODES} keys and items")
            return
        if isinstance(node, yaml.MappingNode):
            self._visit_mapping(node, loc)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*loc, index)
                self.lines[child] = item.start_mark.line + 1
                self.visit(item, child)

    def _visit_mapping(self, node: yaml.MappingNode, loc: PathKey) -> None:
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self._report(line, loc, "keys must be plain words or numbers")
                continue
            key = self.loader.construct_object(key_node)
            previous = first_seen.get(key)
            if previous is not None:
                self._report(
                    line, (*loc, str(key)), f"duplicate key {key!r} (first at line {previous})"
                )
                continue
            first_seen[key] = line
            child = (*loc, key if isinstance(key, (str, int)) else str(key))
            self.lines[child] = line
            self.visit(value_node, child)

    def _report(self, line: int, loc: PathKey, message: str) -> None:
        self.problems.append(Problem(self.display, line, format_loc(loc), message))
