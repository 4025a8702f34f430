"""Evaluate rule conditions on a :class:`~scoring.profiles.ProfileTable`, column by column.

Each condition compiles once, when the engine is built, into a function from a table to a
boolean array: a lookup table for choices (``in`` on sector ids is one indexing operation), a
comparison for numbers. Identical leaves are computed once per table. The same compiled function
serves one profile (the wizard) and a chunk of thousands (``batch``).

Semantics, documented for rule authors: a leaf on an answer the user did not give (``null``,
"don't know", or an optional field left out) is false; ``not`` negates the result as usual.
Nothing is ever evaluated as code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from scoring.profiles import (
    ACTOR_TYPES,
    DIMENSIONS,
    IT,
    KINDS,
    REGION_TYPES,
    RND,
    SIZE_BANDS,
    VALUE_CHAIN,
    WILLING,
    ProfileTable,
)
from templates_library.conditions import AllOf, AnyOf, Leaf, Not

Condition = Leaf | AllOf | AnyOf | Not


@dataclass(frozen=True)
class Derived:
    """Values computed from the answers that rules may read, one array each."""

    fte_available: np.ndarray
    maturity_level: np.ndarray
    maturity_code: np.ndarray  # see scoring.engine.MATURITY_TOTALS


class LeafCache:
    """Masks already computed for one table, keyed by the leaf's field, operator and value."""

    def __init__(self, table: ProfileTable, derived: Derived) -> None:
        self.table = table
        self.derived = derived
        self._masks: dict[tuple[object, ...], np.ndarray] = {}

    def get(self, key: tuple[object, ...], compute: Callable[[], np.ndarray]) -> np.ndarray:
        mask = self._masks.get(key)
        if mask is None:
            mask = compute()
            self._masks[key] = mask
        return mask


Mask = Callable[[LeafCache], np.ndarray]


def compile_condition(condition: Condition, choices: Mapping[str, list[str]]) -> Mask:
    """A function computing the condition's mask; ``choices`` lists each enum field's values."""
    if isinstance(condition, Not):
        inner = compile_condition(condition.not_, choices)
        return lambda cache: ~inner(cache)
    if isinstance(condition, (AllOf, AnyOf)):
        children = condition.all if isinstance(condition, AllOf) else condition.any
        parts = [compile_condition(child, choices) for child in children]
        combine = np.logical_and if isinstance(condition, AllOf) else np.logical_or

        def combined(cache: LeafCache) -> np.ndarray:
            result = parts[0](cache)
            for part in parts[1:]:
                result = combine(result, part(cache))
            return result

        return combined
    return _compile_leaf(condition, choices)


def _compile_leaf(leaf: Leaf, choices: Mapping[str, list[str]]) -> Mask:
    field, op, value = leaf.field, leaf.op, leaf.value
    key = (field, op, tuple(value) if isinstance(value, list) else value)
    if field in choices:
        values = choices[field]
        wanted = value if isinstance(value, list) else [value]
        positive = op in ("eq", "in")
        # One extra slot at the end: code -1 (not answered) indexes it, and it is always False.
        table = np.zeros(len(values) + 1, dtype=bool)
        for item in wanted:
            table[values.index(str(item))] = True
        if not positive:
            table[:-1] = ~table[:-1]
        column = _enum_column(field)
        return lambda cache: cache.get(key, lambda: table[column(cache)])
    if field == "prefers_open_source":
        target = int(bool(value)) if op == "eq" else 1 - int(bool(value))
        return lambda cache: cache.get(key, lambda: cache.table.prefers_open_source == target)
    column_of = _number_column(field)
    compare = _COMPARE[op]
    literal = np.asarray(value, dtype=np.float64)

    def mask(cache: LeafCache) -> np.ndarray:
        def compute() -> np.ndarray:
            column = column_of(cache)
            answered = ~np.isnan(column)
            return compare(column, literal) & answered

        return cache.get(key, compute)

    return mask


def _enum_column(field: str) -> Callable[[LeafCache], np.ndarray]:
    return lambda cache: getattr(cache.table, field)


def _number_column(field: str) -> Callable[[LeafCache], np.ndarray]:
    if field in ("fte_available", "maturity_level"):
        return lambda cache: getattr(cache.derived, field)
    if field.startswith("maturity."):
        index = DIMENSIONS.index(field.removeprefix("maturity."))
        return lambda cache: cache.table.maturity[:, index]
    if field.startswith("needs."):
        index = KINDS.index(field.removeprefix("needs."))
        return lambda cache: cache.table.needs[:, index]
    return lambda cache: getattr(cache.table, field)


_COMPARE: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "eq": np.equal,
    "ne": np.not_equal,
    "lt": np.less,
    "le": np.less_equal,
    "gt": np.greater,
    "ge": np.greater_equal,
    "in": np.isin,
    "not_in": lambda column, values: ~np.isin(column, values),
}


def choice_lists(sector_ids: list[str], region_ids: list[str]) -> dict[str, list[str]]:
    """The values of every choice field, in the order of the table's codes."""
    return {
        "actor_type": ACTOR_TYPES,
        "sector": sector_ids,
        "value_chain": VALUE_CHAIN,
        "region": region_ids,
        "region_type": REGION_TYPES,
        "size_band": SIZE_BANDS,
        "willing_to_share": WILLING,
        "rnd_intensity": RND,
        "it_capacity": IT,
    }
