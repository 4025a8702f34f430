"""The answers file (DESIGN.md, "Answers file") as a pydantic model, read from YAML or JSON.

Every bad value is reported with its field, the allowed values and, for a misspelt id, the
closest valid one; :class:`AnswersError` carries them all. Sector and region ids are checked
against the knowledge base, since they are data, not code.

``null`` for a maturity dimension or a need means "don't know": it is kept as ``None`` and the
engine treats it as uncertainty, never as zero. A need that is simply missing counts as 0.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import annotated_types
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from templates_library import Library, load_library
from templates_library._errors import did_you_mean
from templates_library.schema import (
    ActorType,
    ItCapacity,
    RegionType,
    RndIntensity,
    ValueChainPosition,
    WillingToShare,
)

Likert = Annotated[int, Field(ge=1, le=5)]
Importance = Annotated[int, Field(ge=0, le=3)]


class MaturityAnswers(BaseModel):
    """Agreement from 1 to 5 with the statement of each dimension; None is "don't know"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    culture: Likert | None = None
    deliverables: Likert | None = None
    sourcing: Likert | None = None
    cycle: Likert | None = None
    investment: Likert | None = None
    users: Likert | None = None


class NeedAnswers(BaseModel):
    """Importance 0-3 of each kind of watch; missing is 0, None is "don't know"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    technology: Importance | None = 0
    patent: Importance | None = 0
    scientific: Importance | None = 0
    competitive: Importance | None = 0
    commercial: Importance | None = 0
    supply: Importance | None = 0
    regulatory: Importance | None = 0
    societal: Importance | None = 0
    funding: Importance | None = 0
    image: Importance | None = 0
    security: Importance | None = 0


class Answers(BaseModel):
    """One profile: who the organisation is, what it does now, needs and can spend."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1] = 1
    actor_type: ActorType
    sector: str
    value_chain: ValueChainPosition
    region: str
    region_type: RegionType | None = None
    employees: Annotated[int, Field(ge=0, le=10_000_000)]
    budget_eur_per_year: Annotated[float, Field(ge=0, le=1e9)]
    staff_hours_per_week: Annotated[float, Field(ge=0, le=10_000)]
    first_results_within_weeks: Annotated[float, Field(ge=0, le=520)]
    willing_to_share: WillingToShare
    maturity: MaturityAnswers = MaturityAnswers()
    needs: NeedAnswers = NeedAnswers()
    rnd_intensity: RndIntensity | None = None
    it_capacity: ItCapacity | None = None
    prefers_open_source: bool | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")] | None = None

    @model_validator(mode="after")
    def _region_type_for_other(self) -> Self:
        if self.region == "other" and self.region_type is None:
            # "<field>: <message>" lets the error be reported against that field.
            raise ValueError("region_type: required when region is 'other'")
        return self

    def to_file_dict(self) -> dict[str, Any]:
        """The answers as the answers file writes them (JSON-safe, enums as strings)."""
        return self.model_dump(mode="json", exclude_none=False)


@dataclass(frozen=True)
class AnswerProblem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class AnswersError(ValueError):
    """The answers are not valid; ``problems`` says which field and why, one each."""

    def __init__(self, problems: list[AnswerProblem], source: str = "") -> None:
        prefix = f"{source}: " if source else ""
        super().__init__("\n".join(f"{prefix}{p}" for p in problems))
        self.problems = problems
        self.source = source


def parse_answers(data: Any, library: Library | None = None, source: str = "") -> Answers:
    """Validate a mapping as answers; raise :class:`AnswersError` listing every problem."""
    lib = library or load_library()
    if not isinstance(data, Mapping):
        raise AnswersError([AnswerProblem("<root>", "expected a mapping of answers")], source)
    try:
        answers = Answers.model_validate(dict(data))
    except ValidationError as exc:
        problems = [_problem(err) for err in exc.errors(include_url=False)]
        problems += _id_problems(data, lib)
        raise AnswersError(_dedupe(problems), source) from exc
    problems = _id_problems(answers.model_dump(), lib)
    if problems:
        raise AnswersError(problems, source)
    return answers


def load_answers(path: Path, library: Library | None = None) -> Answers:
    """Read an answers file (``.yaml``, ``.yml`` or ``.json``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswersError([AnswerProblem("<file>", f"cannot read: {exc}")], str(path)) from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise AnswersError(
            [AnswerProblem("<file>", f"not valid YAML/JSON: {exc}")], str(path)
        ) from exc
    return parse_answers(data, library, str(path))


#: The scales of the answers file, for messages that give the whole allowed range.
SCALES = {"maturity": (1, 5), "needs": (0, 3)}


def _problem(err: Any) -> AnswerProblem:
    loc = tuple(err["loc"])
    field = ".".join(str(p) for p in loc) or "<root>"
    message = err["msg"].removeprefix("Value error, ")
    if not loc and ": " in message:  # a model-level check naming its field
        field, message = message.split(": ", 1)
    if err["type"] == "extra_forbidden":
        allowed: list[str] = list(
            {
                (): Answers.model_fields,
                ("maturity",): MaturityAnswers.model_fields,
                ("needs",): NeedAnswers.model_fields,
            }.get(loc[:-1], {})
        )
        message = f"unknown field{did_you_mean(str(loc[-1]), allowed)}"
        if allowed:
            message += f"; allowed: {', '.join(allowed)}"
    elif err["type"] == "enum":
        expected = str(err.get("ctx", {}).get("expected", ""))
        choices = [part.strip(" '") for part in expected.replace(" or ", ",").split(",")]
        message = f"{err['input']!r} is not allowed; allowed values: {', '.join(choices)}"
        message += did_you_mean(str(err["input"]), choices)
    elif err["type"] == "missing":
        message = "required"
    elif len(loc) == 2 and loc[0] in SCALES:
        low, high = SCALES[str(loc[0])]
        message = (
            f"{err['input']!r} is not allowed; expected a whole number from {low} to {high}, "
            "or null for don't know"
        )
    elif err["type"] in ("less_than_equal", "greater_than_equal") and len(loc) == 1:
        low, high = bounds(str(loc[0]))
        message = f"{err['input']!r} is out of range; expected a number from {low:g} to {high:g}"
    return AnswerProblem(field, message)


def bounds(name: str) -> tuple[float, float]:
    """The range the model allows for a numeric field (also used by ``batch``)."""
    low, high = float("-inf"), float("inf")
    for item in Answers.model_fields[name].metadata:
        if isinstance(item, annotated_types.Ge):
            low = float(item.ge)
        elif isinstance(item, annotated_types.Le):
            high = float(item.le)
    return low, high


def _id_problems(data: Mapping[str, Any], lib: Library) -> list[AnswerProblem]:
    problems = []
    for field, known in (("sector", lib.sectors), ("region", lib.regions)):
        value = data.get(field)
        if isinstance(value, str) and value not in known:
            problems.append(
                AnswerProblem(
                    field,
                    f"{value!r} is not a {field} id; allowed values: {', '.join(known)}"
                    + did_you_mean(value, known),
                )
            )
    return problems


def _dedupe(problems: list[AnswerProblem]) -> list[AnswerProblem]:
    return list(dict.fromkeys(problems))
