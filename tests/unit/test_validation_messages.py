"""One broken fixture per kind of problem, each giving its exact ``file:line: field: message``.

Every case starts from ``tests/fixtures/minimal_template.yaml`` (valid) and breaks one line, so
the expected line is known and the test says which problem it is about.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from templates_library import validate

FIXTURE = Path(__file__).parent.parent / "fixtures" / "minimal_template.yaml"
BASE = FIXTURE.read_text(encoding="utf-8")

CASES = {
    "unknown_key": (
        "  value_chain: any\n",
        "  valu_chain: any\n",
        [
            "minimal.yaml:19: fits.valu_chain: unknown key 'valu_chain' (did you mean "
            "'value_chain'?); allowed keys: region_types, sectors, size_bands, value_chain"
        ],
    ),
    "wrong_type": (
        "fte: {min: 0.02, max: 0.05}",
        "fte: {min: 0.02, max: lots}",
        [
            "minimal.yaml:13: fte.max: Input should be a valid number, "
            "unable to parse string as a number"
        ],
    ),
    "inverted_range": (
        "time_to_first_value_weeks: {min: 1, max: 3}",
        "time_to_first_value_weeks: {min: 5, max: 3}",
        ["minimal.yaml:14: time_to_first_value_weeks: min (5) is greater than max (3)"],
    ),
    "unknown_enum_value": (
        "delivery: internal",
        "delivery: outsource",
        [
            "minimal.yaml:6: delivery: 'outsource' is not allowed; allowed values: internal, "
            "shared, outsourced, consultant, public (did you mean 'outsourced'?)"
        ],
    ),
    "dangling_tool": (
        "collection: [google_alerts]",
        "collection: [google_alert]",
        [
            "minimal.yaml:24: tools_by_stage.collection.0: unknown tool 'google_alert' "
            "(did you mean 'google_alerts'?)"
        ],
    ),
    "tool_for_wrong_stage": (
        "  collection: [google_alerts]",
        "  needs: [google_alerts]",
        [
            "minimal.yaml:24: tools_by_stage.needs.0: tool 'google_alerts' is not catalogued "
            "for stage 'needs' (it covers: collection)"
        ],
    ),
    "dangling_sector": (
        "sectors: [wood]",
        "sectors: [wod]",
        ["minimal.yaml:18: fits.sectors.0: unknown sector 'wod' (did you mean 'wood'?)"],
    ),
    "dangling_template": (
        "grows_into: [parttime_watcher_oss]",
        "grows_into: [parttime_watcher]",
        [
            "minimal.yaml:16: grows_into.0: unknown template 'parttime_watcher' "
            "(did you mean 'parttime_watcher_oss'?)"
        ],
    ),
    "duplicate_key": (
        "name: Minimal set-up\n",
        "name: Minimal set-up\nname: Again\n",
        ["minimal.yaml:4: name: duplicate key 'name' (first at line 3)"],
    ),
    "duplicate_list_entry": (
        "actor_types: [sme]",
        "actor_types: [sme, sme]",
        ["minimal.yaml:7: actor_types: duplicate entries: ['sme']"],
    ),
    "missing_key": (
        "risks: [Nobody reads the alerts.]\n",
        "",
        ["minimal.yaml:1: risks: required key is missing"],
    ),
    "id_not_file_name": (
        "id: minimal",
        "id: other_name",
        ["minimal.yaml:2: id: id 'other_name' must match the file name"],
    ),
    "yaml_syntax_error": (
        "actor_types: [sme]",
        "actor_types: [sme",
        [
            "minimal.yaml:8: <yaml>: YAML syntax error: while parsing a flow sequence "
            "(started at line 7): did not find expected ',' or ']'"
        ],
    ),
    "python_tag_is_refused": (
        "name: Minimal set-up",
        'name: !!python/object/apply:os.system ["echo unsafe"]',
        [
            "minimal.yaml:3: <yaml>: YAML syntax error: could not determine a constructor "
            "for the tag 'tag:yaml.org,2002:python/object/apply:os.system'"
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_kind_of_problem_is_reported_on_its_line(case: str, tmp_path: Path) -> None:
    old, new, expected = CASES[case]
    assert BASE.count(old) == 1, f"fixture text to replace must be unique: {old!r}"
    broken = tmp_path / "minimal.yaml"
    broken.write_text(BASE.replace(old, new), encoding="utf-8")

    library, problems = validate(broken)

    assert library is None
    assert [str(p) for p in problems] == expected


def test_the_unbroken_fixture_is_valid(tmp_path: Path) -> None:
    (tmp_path / "minimal.yaml").write_text(BASE, encoding="utf-8")
    library, problems = validate(tmp_path / "minimal.yaml")
    assert problems == []
    assert library is not None
    assert "minimal" in library.templates


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "minimal.yaml:1: <root>: expected a mapping of keys, got nothing (empty file)"),
        ("- a\n- b\n", "minimal.yaml:1: <root>: expected a mapping of keys, got list"),
        ("a: 1\n---\nb: 2\n", None),  # two documents: a syntax error, wording from PyYAML
    ],
)
def test_a_file_that_is_not_one_mapping_is_refused(
    content: str, message: str | None, tmp_path: Path
) -> None:
    (tmp_path / "minimal.yaml").write_text(content, encoding="utf-8")
    library, problems = validate(tmp_path / "minimal.yaml")
    assert library is None
    assert len(problems) == 1
    if message is not None:
        assert str(problems[0]) == message
    else:
        assert str(problems[0]).startswith("minimal.yaml:")
        assert "expected a single document" in problems[0].message
