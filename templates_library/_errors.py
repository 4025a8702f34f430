"""Turn pydantic validation errors into ``file:line: field: message`` problems.

Pydantic's messages are good but anonymous: they say *what* is wrong, not *where* in the YAML,
and an unknown key is only "Extra inputs are not permitted". Here each error is placed on the
line of its key and, where a close valid name exists, the message suggests it.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from templates_library._yaml import PathKey, Problem, YamlDocument

_QUOTED = re.compile(r"'([^']*)'")


def closest(word: str, choices: typing.Iterable[str]) -> str | None:
    """The closest valid name to a misspelt one, if any is reasonably close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    match = closest(word, choices)
    return f" (did you mean {match!r}?)" if match else ""


def problems_from_validation(
    doc: YamlDocument, error: ValidationError, model: type[BaseModel], prefix: PathKey = ()
) -> list[Problem]:
    """One problem per pydantic error, on the line of the offending key."""
    problems = []
    for err in error.errors(include_url=False):
        loc: PathKey = tuple(part for part in err["loc"] if not _is_tag(part))
        full = (*prefix, *loc)
        message = err["msg"]
        if message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        if err["type"] == "extra_forbidden" and loc:
            allowed = _fields_at(model, loc[:-1])
            message = f"unknown key {loc[-1]!r}" + did_you_mean(str(loc[-1]), allowed)
            if allowed:
                message += f"; allowed keys: {', '.join(sorted(allowed))}"
        elif err["type"] in ("enum", "literal_error"):
            expected = _QUOTED.findall(str(err.get("ctx", {}).get("expected", "")))
            message = f"{err['input']!r} is not allowed; allowed values: {', '.join(expected)}"
            message += did_you_mean(str(err["input"]), expected)
        elif err["type"] == "missing":
            # There is no line for a missing key: line_of() falls back to its parent's line.
            message = "required key is missing"
        problems.append(doc.problem(full, message))
    return problems


def _is_tag(part: str | int) -> bool:
    """Pydantic adds union tags (``<leaf>``) and ``[key]`` to paths; the YAML has neither."""
    return isinstance(part, str) and (part == "[key]" or (part[:1] == "<" and part[-1:] == ">"))


def _fields_at(model: type[BaseModel], loc: PathKey) -> list[str]:
    """The field names of the model found by following ``loc`` down from ``model``."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _step(annotation: Any, part: str | int) -> Any:
    """Follow one path element through a model field, list item or dict value."""
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        info = annotation.model_fields.get(str(part))
        return _unwrap(info.annotation) if info is not None else None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (list, tuple) and args:
        return _unwrap(args[0])
    if origin is dict and len(args) == 2:
        return _unwrap(args[1])
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``X | None`` down to the interesting type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            inner = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(inner) != 1:
                return annotation
            annotation = inner[0]
        else:
            return annotation
