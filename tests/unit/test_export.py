"""The exports: the recommendation CSV read back, and the answers file saved and loaded again."""

from __future__ import annotations

import copy
import csv
import io
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from reports.export import (
    MAX_UPLOAD_BYTES,
    RECOMMENDATION_COLUMNS,
    AnswersFileError,
    answers_json,
    answers_yaml,
    parse_uploaded_answers,
    recommendation_csv,
    recommendation_rows,
)
from scoring.answers import Answers, AnswersError, load_answers, parse_answers
from scoring.engine import CRITERIA
from scoring.recommend import recommend
from templates_library import load_library

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "answers_wood_lorraine.yaml"
#: 10:30 in Paris in winter is 09:30 UTC.
GENERATED = datetime(2026, 11, 26, 10, 30, 5, tzinfo=timezone(timedelta(hours=1)))
GENERATED_ISO = "2026-11-26T09:30:05Z"


@pytest.fixture(scope="module")
def answers() -> Answers:
    return load_answers(SAMPLE)


@pytest.fixture(scope="module")
def result(answers: Answers) -> dict[str, Any]:
    return recommend(answers)


def read_csv(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_csv_header_names_every_column(answers: Answers, result: dict[str, Any]) -> None:
    header, _ = read_csv(recommendation_csv(result, answers, GENERATED))
    assert header[: len(RECOMMENDATION_COLUMNS)] == RECOMMENDATION_COLUMNS
    for column in (
        "rank",
        "template_id",
        "name",
        "score",
        "delivery",
        "cost_min_eur_per_year",
        "cost_max_eur_per_year",
        "setup_min_eur",
        "setup_max_eur",
        "fte_min",
        "fte_max",
        "weeks_min",
        "weeks_max",
        "rules_fired",
        "reasons",
        "engine_version",
        "library_version",
        "generated_at",
        "status",
        "top1_probability",
        "margin_to_second",
        *(f"contribution_{c}" for c in CRITERIA),
    ):
        assert column in header
    assert "answer_sector" in header
    assert "answer_maturity_culture" in header


def test_csv_ranks_versions_and_time(answers: Answers, result: dict[str, Any]) -> None:
    _, rows = read_csv(recommendation_csv(result, answers, GENERATED))
    recommended = [r for r in rows if r["status"] == "recommended"]
    assert [int(r["rank"]) for r in recommended] == list(
        range(1, len(result["recommendations"]) + 1)
    )
    assert [r["template_id"] for r in recommended] == [
        rec["template_id"] for rec in result["recommendations"]
    ]
    scores = [float(r["score"]) for r in recommended]
    assert scores == sorted(scores, reverse=True)
    for row in rows:
        assert row["engine_version"] == result["engine_version"]
        assert row["library_version"] == result["library_version"]
        assert row["generated_at"] == GENERATED_ISO
        assert row["language"] == "en"
        assert row["answer_sector"] == "wood"
        assert row["answer_budget_eur_per_year"] == "3000.0"
    robust = result["robustness"]
    assert float(recommended[0]["top1_probability"]) == robust["top1_probability"]
    assert float(recommended[0]["margin_to_second"]) == robust["margin_to_second"]
    first = result["recommendations"][0]
    assert float(recommended[0]["cost_max_eur_per_year"]) == first["cost_eur_per_year"]["max"]
    assert float(recommended[0]["weeks_min"]) == first["time_to_first_value_weeks"]["min"]


def test_csv_contributions_and_rule_effects_add_up_to_the_score(
    answers: Answers, result: dict[str, Any]
) -> None:
    effects = {
        rule["rule"]: rule["effect"]
        for rec in result["recommendations"]
        for rule in rec["rules_fired"]
    }
    _, rows = read_csv(recommendation_csv(result, answers, GENERATED))
    checked = 0
    for row in (r for r in rows if r["status"] == "recommended"):
        points = sum(float(row[f"contribution_{c}"]) for c in CRITERIA)
        fired = [rule for rule in row["rules_fired"].split(";") if rule]
        total = points + sum(effects[rule] for rule in fired)
        if 0 < total < 100:  # the score is clipped to 0..100
            assert float(row["score"]) == pytest.approx(total, abs=0.15)
            checked += 1
    assert checked >= 3
    assert any(r["rules_fired"] for r in rows if r["status"] == "recommended"), (
        "the sample fires at least one rule, so the check above covers rule effects"
    )


def test_csv_lists_each_excluded_setup_with_its_reasons(
    answers: Answers, result: dict[str, Any]
) -> None:
    assert result["excluded"], "the sample's small budget excludes the big set-ups"
    _, rows = read_csv(recommendation_csv(result, answers, GENERATED))
    excluded = [r for r in rows if r["status"] == "excluded"]
    assert [r["template_id"] for r in excluded] == [e["template_id"] for e in result["excluded"]]
    for row, item in zip(excluded, result["excluded"], strict=True):
        assert row["rank"] == ""
        assert row["score"] == ""
        assert row["reasons"].split(" | ") == item["reasons"]
        assert row["generated_at"] == GENERATED_ISO
    assert any("exceeds the budget" in r["reasons"] for r in excluded)
    # The recommended rows come first, then the excluded ones.
    statuses = [r["status"] for r in rows]
    assert statuses == sorted(statuses, key=lambda s: s != "recommended")


def test_csv_neutralises_formulas_in_text_but_keeps_numbers(
    answers: Answers, result: dict[str, Any]
) -> None:
    tampered = copy.deepcopy(result)
    first, second = tampered["recommendations"][:2]
    first["name"] = '=HYPERLINK("http://evil.example","click")'
    second["name"] = "+cmd|' /C calc'!A0"
    first["rules_fired"] = [
        {"rule": "@SUM(A1)", "effect": 0.0, "reason": "-2+3 reasons", "source": "x.yaml:1"}
    ]
    first["contributions"][CRITERIA[0]] = -1.5
    tampered["excluded"][0]["reasons"] = ["\tTAB", "plain reason"]
    _, rows = read_csv(recommendation_csv(tampered, answers, GENERATED))
    assert rows[0]["name"] == "'" + first["name"]
    assert rows[1]["name"] == "'" + second["name"]
    assert rows[0]["rules_fired"] == "'@SUM(A1)"
    assert rows[0]["reasons"] == "'-2+3 reasons"
    assert rows[0][f"contribution_{CRITERIA[0]}"] == "-1.5"  # a number, not a formula
    excluded = next(r for r in rows if r["status"] == "excluded")
    # Whitespace inside a reason is folded to spaces, then the cell is neutralised.
    assert not excluded["reasons"].startswith(("=", "+", "-", "@", "\t", "\r"))
    for row in rows:
        for column, cell in row.items():
            if column not in ("score",) and not column.startswith("contribution_"):
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (column, cell)


def test_rows_are_raw_and_name_falls_back_to_the_knowledge_base(result: dict[str, Any]) -> None:
    rows = recommendation_rows(result, GENERATED, language="xx")
    assert rows[0]["name"] == result["recommendations"][0]["name"]
    assert isinstance(rows[0]["score"], float)
    assert rows[0]["language"] == "xx"
    assert len(rows) == len(result["recommendations"]) + len(result["excluded"])


def test_csv_without_robustness_leaves_the_context_blank(
    answers: Answers, result: dict[str, Any]
) -> None:
    plain = {k: v for k, v in result.items() if k != "robustness"}
    _, rows = read_csv(recommendation_csv(plain, answers, datetime(2026, 1, 2, 3, 4, 5)))
    assert rows[0]["top1_probability"] == ""
    assert rows[0]["probability_first"] == ""
    assert rows[0]["generated_at"] == "2026-01-02T03:04:05Z"  # naive times are taken as UTC


# -- the answers file ---------------------------------------------------------------------------


def other_region_answers() -> Answers:
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data |= {"region": "other", "region_type": "emerging_innovator", "language": "fr"}
    data["maturity"]["culture"] = None
    data["needs"]["regulatory"] = None
    return parse_answers(data)


@pytest.mark.parametrize("make", [lambda: load_answers(SAMPLE), other_region_answers])
def test_answers_yaml_round_trip(make: Any) -> None:
    original = make()
    data = answers_yaml(original, date(2026, 11, 26))
    text = data.decode("utf-8")
    assert text.splitlines()[0].startswith("# Intelligence Set-up Advisor answers file")
    assert "2026-11-26" in text.splitlines()[0]
    assert parse_uploaded_answers("answers.yaml", data, load_library()) == original
    assert parse_uploaded_answers("answers.yml", data) == original


@pytest.mark.parametrize("make", [lambda: load_answers(SAMPLE), other_region_answers])
def test_answers_json_round_trip(make: Any) -> None:
    original = make()
    data = answers_json(original)
    assert json.loads(data) == original.to_file_dict()
    assert b'\n  "sector"' in data  # pretty-printed
    assert parse_uploaded_answers("answers.JSON", data, load_library()) == original


def test_a_byte_order_mark_is_accepted() -> None:
    original = load_answers(SAMPLE)
    assert parse_uploaded_answers("a.yaml", b"\xef\xbb\xbf" + answers_yaml(original)) == original


def problems_of(name: str, data: bytes) -> AnswersError:
    with pytest.raises(AnswersError) as caught:
        parse_uploaded_answers(name, data, load_library())
    assert caught.value.source == name
    return caught.value


def test_binary_garbage_is_not_utf8() -> None:
    error = problems_of("answers.yaml", bytes(range(128, 256)) * 4)
    assert isinstance(error, AnswersFileError)
    assert error.kind == "not_utf8"
    assert "not UTF-8" in str(error)


def test_a_yaml_list_is_not_answers() -> None:
    error = problems_of("answers.yaml", b"- sector: wood\n- region: lorraine\n")
    assert [str(p) for p in error.problems] == ["<root>: expected a mapping of answers"]


def test_a_misspelt_sector_names_the_field_and_the_closest_id() -> None:
    text = SAMPLE.read_bytes().replace(b"sector: wood", b"sector: wod")
    error = problems_of("answers.yaml", text)
    (problem,) = error.problems
    assert problem.field == "sector"
    assert "'wod' is not a sector id" in problem.message
    assert "did you mean 'wood'" in problem.message


def test_every_problem_is_listed() -> None:
    data = json.loads(answers_json(load_answers(SAMPLE)))
    data["sector"] = "wod"
    data["maturity"]["culture"] = 9
    data["colour"] = "blue"
    error = problems_of("answers.json", json.dumps(data).encode())
    fields = {p.field for p in error.problems}
    assert {"sector", "maturity.culture", "colour"} <= fields


@pytest.mark.parametrize(
    ("name", "data", "kind", "words"),
    [
        ("answers.yaml", b"x" * (MAX_UPLOAD_BYTES + 1), "too_large", "too large"),
        ("answers.yaml", b"   \n\n", "empty", "empty"),
        ("answers.csv", b"sector,wood\n", "wrong_type", ".yaml, .yml or .json"),
        ("answers", b"sector: wood\n", "wrong_type", ".yaml, .yml or .json"),
        ("answers.json", b'{"sector": "wood",', "not_parsable", "not valid JSON (line 1"),
        ("answers.yaml", b"sector: [wood\n", "not_parsable", "not valid YAML (line 2"),
        # Nothing in a file is run: a Python tag is refused by the safe reader.
        (
            "answers.yaml",
            b'sector: !!python/object/apply:os.system ["echo pwned"]\n',
            "not_parsable",
            "not valid YAML",
        ),
        # An alias bomb: nine lines that would expand to a billion items.
        (
            "answers.yaml",
            b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + b"".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n".encode()
                for i in range(8)
            )
            + b"sector: *i\n",
            "not_parsable",
            "aliases",
        ),
        ("answers.json", b"[" * 100_000, "not_parsable", "nested too deeply"),
        ("answers.yaml", b"[" * 100_000, "not_parsable", "not valid YAML"),
    ],
)
def test_bad_uploads_say_what_is_wrong(name: str, data: bytes, kind: str, words: str) -> None:
    error = problems_of(name, data)
    assert isinstance(error, AnswersFileError)
    assert error.kind == kind
    assert words in str(error)
    assert str(error).startswith(f"{name}: <file>: ")


def test_generated_at_is_utc_iso(answers: Answers, result: dict[str, Any]) -> None:
    rows = recommendation_rows(result, datetime(2026, 6, 1, 12, 0, tzinfo=UTC))
    assert {r["generated_at"] for r in rows} == {"2026-06-01T12:00:00Z"}
