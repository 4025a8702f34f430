"""The safe rule language: each operator, missing answers, type checks at load, threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError

from scoring.answers import parse_answers
from scoring.profiles import from_answers
from scoring.recommend import engine_for
from scoring.rules import LeafCache, choice_lists, compile_condition
from templates_library import validate
from templates_library.conditions import Condition
from tests.unit.helpers import sample_answers

ENGINE = engine_for()
CONDITION = TypeAdapter(Condition)
BASE = sample_answers(
    maturity={"culture": 2, "deliverables": 1, "sourcing": None},
    needs={"regulatory": 3, "supply": None},
)
# Three profiles: budgets 3000 / 9000 / 500; sectors wood / ict / wood; the third has no R&D
# answer at all and the second says "none".
ROWS = [
    {**BASE},
    {**BASE, "budget_eur_per_year": 9000, "sector": "ict", "rnd_intensity": "none"},
    {**BASE, "budget_eur_per_year": 500, "actor_type": "cluster", "employees": 4},
]


def mask(condition: dict[str, Any]) -> list[bool]:
    tree = CONDITION.validate_python(condition)
    table = from_answers([parse_answers(r) for r in ROWS], ENGINE.library)
    compiled = compile_condition(tree, choice_lists(ENGINE.sector_ids, ENGINE.region_ids))
    return compiled(LeafCache(table, ENGINE.derive(table))).tolist()


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"field": "budget_eur_per_year", "eq": 3000}, [True, False, False]),
        ({"field": "budget_eur_per_year", "ne": 3000}, [False, True, True]),
        ({"field": "budget_eur_per_year", "lt": 3000}, [False, False, True]),
        ({"field": "budget_eur_per_year", "le": 3000}, [True, False, True]),
        ({"field": "budget_eur_per_year", "gt": 3000}, [False, True, False]),
        ({"field": "budget_eur_per_year", "ge": 3000}, [True, True, False]),
        ({"field": "sector", "eq": "wood"}, [True, False, True]),
        ({"field": "sector", "ne": "wood"}, [False, True, False]),
        ({"field": "sector", "in": ["ict", "agro_food"]}, [False, True, False]),
        ({"field": "sector", "not_in": ["ict", "agro_food"]}, [True, False, True]),
        ({"field": "budget_eur_per_year", "in": [500, 9000]}, [False, True, True]),
        ({"field": "budget_eur_per_year", "not_in": [500, 9000]}, [True, False, False]),
        (
            {
                "all": [
                    {"field": "sector", "eq": "wood"},
                    {"field": "budget_eur_per_year", "gt": 1000},
                ]
            },
            [True, False, False],
        ),
        (
            {
                "any": [
                    {"field": "sector", "eq": "ict"},
                    {"field": "budget_eur_per_year", "lt": 1000},
                ]
            },
            [False, True, True],
        ),
        ({"not": {"field": "sector", "eq": "wood"}}, [False, True, False]),
        ({"not": {"not": {"field": "sector", "eq": "wood"}}}, [True, False, True]),
        # derived values
        ({"field": "size_band", "eq": "small"}, [True, True, False]),  # not an SME: no band
        ({"field": "fte_available", "ge": 0.1}, [True, True, True]),
        ({"field": "maturity_level", "lt": 1}, [True, True, True]),
        ({"field": "region_type", "eq": "moderate_innovator"}, [True, True, True]),
    ],
)
def test_each_operator(condition: dict[str, Any], expected: list[bool]) -> None:
    assert mask(condition) == expected


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        # Only the second row answered rnd_intensity; a leaf on a missing answer is false.
        ({"field": "rnd_intensity", "eq": "none"}, [False, True, False]),
        ({"field": "rnd_intensity", "ne": "core"}, [False, True, False]),
        ({"field": "rnd_intensity", "not_in": ["core"]}, [False, True, False]),
        ({"not": {"field": "rnd_intensity", "eq": "none"}}, [True, False, True]),
        # "don't know" maturity and needs are missing too
        ({"field": "maturity.sourcing", "le": 5}, [False, False, False]),
        ({"field": "needs.supply", "ge": 0}, [False, False, False]),
        ({"field": "needs.regulatory", "eq": 3}, [True, True, True]),
        ({"field": "needs.funding", "eq": 0}, [True, True, True]),  # left out: 0
        ({"field": "prefers_open_source", "eq": True}, [False, False, False]),
    ],
)
def test_missing_answers_make_a_leaf_false(condition: dict[str, Any], expected: list[bool]) -> None:
    assert mask(condition) == expected


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"field": "sector", "eq": "wood", "ne": "ict"}, "exactly one operator"),
        ({"field": "sector"}, "exactly one operator"),
        ({"every": []}, "expected a condition"),
        ({"all": []}, "at least 1 item"),
        ({"field": "sector", "lt": "wood"}, "valid number"),
        ("__import__('os').system('echo unsafe')", "expected a condition"),
    ],
)
def test_malformed_conditions_are_refused(condition: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        CONDITION.validate_python(condition)


FIXTURE = (Path(__file__).parent.parent / "fixtures" / "minimal_template.yaml").read_text()
RULE = """rules:
  - id: a_rule
    when: {when}
    adjust: 5
    reason: Because.
"""


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (
            "{field: maturty_level, lt: 2}",
            "minimal.yaml:32: rules.0.when.field: unknown field 'maturty_level' "
            "(did you mean 'maturity_level'?)",
        ),
        (
            "{field: sector, eq: wod}",
            "minimal.yaml:32: rules.0.when.eq: 'wod' is not a value of 'sector'; allowed: "
            "wood, ict, biotech_health, agro_food, new_materials, other_manufacturing, "
            "other_services "
            "(did you mean 'wood'?)",
        ),
        (
            "{field: sector, lt: 3}",
            "minimal.yaml:32: rules.0.when.lt: 'lt' cannot compare 'sector', which is a choice",
        ),
        (
            "{field: budget_eur_per_year, in: [cheap]}",
            "minimal.yaml:32: rules.0.when.in: 'budget_eur_per_year' is a number; 'cheap' is not",
        ),
        (
            "{all: [{field: sector, eq: wood}, {not: {field: willing_to_sahre, eq: none}}]}",
            "minimal.yaml:32: rules.0.when.all.1.not.field: unknown field 'willing_to_sahre' "
            "(did you mean 'willing_to_share'?)",
        ),
        (
            "{field: prefers_open_source, gt: 1}",
            "minimal.yaml:32: rules.0.when.gt: 'prefers_open_source' is true or false: "
            "use eq or ne with a boolean",
        ),
    ],
)
def test_rules_are_type_checked_when_the_library_loads(
    when: str, expected: str, tmp_path: Path
) -> None:
    path = tmp_path / "minimal.yaml"
    path.write_text(FIXTURE + RULE.format(when=when), encoding="utf-8")
    library, problems = validate(path)
    assert library is None
    assert [str(p) for p in problems] == [expected]


def test_a_rule_needs_exactly_one_effect(tmp_path: Path) -> None:
    path = tmp_path / "minimal.yaml"
    text = FIXTURE + RULE.format(when="{field: sector, eq: wood}").replace(
        "    adjust: 5\n", "    adjust: 5\n    exclude: true\n"
    )
    path.write_text(text, encoding="utf-8")
    _, problems = validate(path)
    assert [str(p) for p in problems] == [
        "minimal.yaml:31: rules.0: a rule needs one effect: `exclude: true` or `adjust: <points>`"
    ]


def test_rules_evaluate_the_same_from_many_threads() -> None:
    """Streamlit runs each session in its own thread: compiled rules must share nothing."""
    tables = [
        from_answers([parse_answers({**BASE, "budget_eur_per_year": b})], ENGINE.library)
        for b in (0, 500, 3000, 20000, 90000)
    ]
    expected = [ENGINE.evaluate(t).fired.copy() for t in tables]

    def run(index: int) -> bool:
        return bool(np.array_equal(ENGINE.evaluate(tables[index % 5]).fired, expected[index % 5]))

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(run, range(400)))
