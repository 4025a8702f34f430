"""Whatever YAML a partner writes, the loader returns content or problems, never a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from templates_library import Problem, validate

FIXTURE = Path(__file__).parent.parent / "fixtures" / "minimal_template.yaml"
VALID = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.dates(),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=5),
    ),
    max_leaves=25,
)


def _check(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "minimal.yaml"
        path.write_text(text, encoding="utf-8")
        library, problems = validate(path)
    if library is None:
        assert problems, "an invalid file must say why"
        assert all(isinstance(p, Problem) and p.line >= 1 and p.message for p in problems)
    else:
        assert problems == []


@given(documents)
def test_arbitrary_documents(document: object) -> None:
    _check(yaml.safe_dump(document, allow_unicode=True))


@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    _check(text)


@given(
    st.sampled_from(sorted(VALID)),
    st.one_of(
        scalars, st.lists(scalars, max_size=3), st.dictionaries(st.text(max_size=8), scalars)
    ),
)
def test_one_field_of_a_valid_template_replaced(key: str, value: object) -> None:
    mutated = {**VALID, key: value}
    _check(yaml.safe_dump(mutated, allow_unicode=True))
