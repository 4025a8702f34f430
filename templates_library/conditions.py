"""The safe rule language: conditions on answers, written as YAML data, never as code.

A condition is a closed grammar, parsed into a typed tree by pydantic::

    {field: willing_to_share, eq: none}                       # a leaf: one field, one operator
    {all: [cond, ...]}  {any: [cond, ...]}  {not: cond}       # combinations

Operators: ``eq ne lt le gt ge in not_in``. Fields are those of :data:`RULE_FIELDS` (the
answers file plus derived values such as ``maturity_level`` and ``size_band``). Each leaf is
type-checked against the field's type when the library loads (:func:`type_errors`), with the
closest valid name suggested for a misspelt field or value. Nothing here is ever ``eval``-ed;
evaluation lives in ``scoring.rules``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from templates_library._errors import did_you_mean

#: Deepest nesting of all/any/not a condition may have: rules stay readable and cheap.
MAX_DEPTH = 5
OPERATORS = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in")
ORDERING = frozenset({"lt", "le", "gt", "ge"})

Scalar = str | int | float | bool


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Leaf(_Node):
    """``{field: <name>, <op>: <literal>}`` with exactly one operator."""

    field: str
    eq: Scalar | None = None
    ne: Scalar | None = None
    lt: float | None = None
    le: float | None = None
    gt: float | None = None
    ge: float | None = None
    in_: Annotated[list[Scalar], Field(min_length=1, max_length=50)] | None = Field(
        default=None, alias="in"
    )
    not_in: Annotated[list[Scalar], Field(min_length=1, max_length=50)] | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> Self:
        used = self.operators()
        if len(used) != 1:
            raise ValueError(
                f"a condition needs exactly one operator of {', '.join(OPERATORS)}; got "
                + (", ".join(used) if used else "none")
            )
        return self

    def operators(self) -> list[str]:
        return [op for op in OPERATORS if getattr(self, "in_" if op == "in" else op) is not None]

    @property
    def op(self) -> str:
        return self.operators()[0]

    @property
    def value(self) -> Any:
        return getattr(self, "in_" if self.op == "in" else self.op)


class AllOf(_Node):
    all: Annotated[list[Condition], Field(min_length=1, max_length=20)]


class AnyOf(_Node):
    any: Annotated[list[Condition], Field(min_length=1, max_length=20)]


class Not(_Node):
    not_: Condition = Field(alias="not")


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return {Leaf: "<leaf>", AllOf: "<all>", AnyOf: "<any>", Not: "<not>"}.get(type(value))
    if not isinstance(value, dict):
        return None
    if "field" in value:
        return "<leaf>"
    if len(value) == 1:
        return {"all": "<all>", "any": "<any>", "not": "<not>"}.get(next(iter(value)))
    return None


Condition = Annotated[
    Annotated[Leaf, Tag("<leaf>")]
    | Annotated[AllOf, Tag("<all>")]
    | Annotated[AnyOf, Tag("<any>")]
    | Annotated[Not, Tag("<not>")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition",
        custom_error_message="expected a condition: {field: ..., <operator>: value}, "
        "or one of all: [...], any: [...], not: {...}",
    ),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()


def depth(condition: Leaf | AllOf | AnyOf | Not) -> int:
    if isinstance(condition, Leaf):
        return 0
    if isinstance(condition, Not):
        return 1 + depth(condition.not_)
    children = condition.all if isinstance(condition, AllOf) else condition.any
    return 1 + max(depth(child) for child in children)


def fields_used(condition: Leaf | AllOf | AnyOf | Not) -> list[str]:
    """The answer fields a condition reads, in order of appearance, once each."""
    if isinstance(condition, Leaf):
        return [condition.field]
    if isinstance(condition, Not):
        return fields_used(condition.not_)
    children = condition.all if isinstance(condition, AllOf) else condition.any
    return list(dict.fromkeys(f for child in children for f in fields_used(child)))


# --- the field registry ---------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """The type of one field rules may read: a closed set of values, a number, or a flag."""

    kind: Literal["enum", "number", "bool"]
    values: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""


def type_errors(
    condition: Leaf | AllOf | AnyOf | Not,
    fields: Mapping[str, FieldSpec],
    loc: tuple[str | int, ...] = (),
) -> list[tuple[tuple[str | int, ...], str]]:
    """Every type error of ``condition`` against ``fields``, each with its path in the YAML."""
    if isinstance(condition, Not):
        return type_errors(condition.not_, fields, (*loc, "not"))
    if isinstance(condition, (AllOf, AnyOf)):
        key = "all" if isinstance(condition, AllOf) else "any"
        children = condition.all if isinstance(condition, AllOf) else condition.any
        errors = []
        for index, child in enumerate(children):
            errors += type_errors(child, fields, (*loc, key, index))
        return errors
    spec = fields.get(condition.field)
    if spec is None:
        return [
            (
                (*loc, "field"),
                f"unknown field {condition.field!r}" + did_you_mean(condition.field, fields),
            )
        ]
    op, value = condition.op, condition.value
    where = (*loc, op)
    values = value if isinstance(value, list) else [value]
    if spec.kind == "enum":
        if op in ORDERING:
            return [(where, f"{op!r} cannot compare {condition.field!r}, which is a choice")]
        bad = [v for v in values if not isinstance(v, str) or v not in spec.values]
        return [
            (
                where,
                f"{v!r} is not a value of {condition.field!r}; allowed: {', '.join(spec.values)}"
                + did_you_mean(str(v), spec.values),
            )
            for v in bad
        ]
    if spec.kind == "bool":
        if op not in ("eq", "ne") or not all(isinstance(v, bool) for v in values):
            return [(where, f"{condition.field!r} is true or false: use eq or ne with a boolean")]
        return []
    bad = [v for v in values if isinstance(v, bool) or not isinstance(v, (int, float))]
    if bad:
        return [(where, f"{condition.field!r} is a number; {bad[0]!r} is not")]
    return []
