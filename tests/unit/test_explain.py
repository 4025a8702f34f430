"""The recommendation page's words and tables (wizard.explain), without Streamlit."""

from __future__ import annotations

import ast
from typing import Any

import pytest
import yaml

from scoring.answers import parse_answers
from scoring.engine import CRITERIA
from scoring.recommend import engine_for, recommend
from templates_library import load_library
from templates_library.locales import catalogues
from wizard import explain

SAMPLE = "data/samples/answers_wood_lorraine.yaml"


def english() -> explain.Words:
    cats = catalogues()
    return explain.Words(
        lambda key, **values: cats.text("en", key, **values),
        lambda key, default: cats.content("en", key, default),
        "en",
    )


def keys() -> explain.Words:
    """Words that show which key and values were asked for, to test the wiring."""

    def text(key: str, **values: Any) -> str:
        inside = ",".join(f"{k}={v}" for k, v in sorted(values.items()))
        return f"<{key}|{inside}>" if values else f"<{key}>"

    return explain.Words(text, lambda key, default: f"[{key}]", "en")


@pytest.fixture(scope="module")
def answers() -> Any:
    with open(SAMPLE, encoding="utf-8") as handle:
        return parse_answers(yaml.safe_load(handle))


@pytest.fixture(scope="module")
def result(answers: Any) -> dict[str, Any]:
    return recommend(answers, engine_for())


def test_the_module_does_not_import_streamlit() -> None:
    with open(explain.__file__, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert "streamlit" not in imported


@pytest.mark.parametrize(
    ("value", "language", "decimals", "text"),
    [
        (3000, "en", 0, "3,000"),
        (12500, "fr", 0, "12\u202f500"),
        (1234567.5, "de", 1, "1.234.567,5"),
        (0.05, "en", 2, "0.05"),
        (2.0, "en", 1, "2"),
        (0.4, "fr", 1, "0,4"),
        (None, "en", 0, "–"),
        (7, "xx", 0, "7"),
    ],
)
def test_numbers_follow_the_language(value: Any, language: str, decimals: int, text: str) -> None:
    assert explain.number(value, language, decimals) == text


def test_span_collapses_equal_ends() -> None:
    assert explain.span(0, 2000, "en") == "0–2,000"
    assert explain.span(500, 500, "en") == "500"


def test_ranking_table_has_translated_headers_and_formatted_cells(result: dict) -> None:
    words = english()
    names = explain.template_names(load_library(), words)
    table = explain.ranking_table(result["recommendations"], names, words, 40)
    assert len(table) == len(result["recommendations"])
    assert list(table.columns) == [
        "Rank",
        "Set-up",
        "Score",
        "Yearly cost",
        "Set-up cost",
        "Staff time",
        "Weeks to first value",
        "Who runs it",
    ]
    first = table.iloc[0]
    assert first["Rank"] == 1
    assert first["Score"] == pytest.approx(result["recommendations"][0]["score"])
    assert first["Yearly cost"] == "€0–2,000"
    assert first["Set-up cost"] == "€0–500"
    assert first["Staff time"] == "0.01–0.05 FTE (0.4–2 h/week)"
    assert first["Weeks to first value"] == "1–4"
    assert first["Who runs it"] == "shared with peers (cluster, chamber, trade body)"


def test_cost_fit_points(result: dict) -> None:
    points = explain.cost_fit_points(result["recommendations"][:2], {"chamber_shared_watch": "C"})
    assert points[0] == {
        "name": "C",
        "cost_min": 0,
        "cost_max": 2000,
        "score": result["recommendations"][0]["score"],
        "fte_max": 0.05,
    }
    assert points[1]["name"] == result["recommendations"][1]["name"]


def test_criterion_lines_biggest_first(result: dict) -> None:
    words = english()
    first = result["recommendations"][0]
    weights = dict(zip(CRITERIA, engine_for().weights, strict=True))
    lines = explain.criterion_lines(
        first, explain.criterion_labels(CRITERIA, words), weights, words
    )
    assert lines[0] == "Covers your information needs: 27.9 of 35 points"
    assert len(lines) == len(CRITERIA)


def test_rule_lines_translate_reasons_and_keep_sources(result: dict) -> None:
    first = result["recommendations"][0]
    lines = explain.rule_lines(first, keys())
    rule = first["rules_fired"][0]
    assert lines == [
        explain.RuleLine(rule["rule"], 4.0, f"[rules.{rule['rule']}.reason]", rule["source"])
    ]
    english_lines = explain.rule_lines(first, english())
    assert english_lines[0].reason.startswith("Publicly funded programmes")


def test_signed() -> None:
    assert explain.signed(4, "en") == "+4"
    assert explain.signed(-2.5, "fr") == "-2,5"


def test_exclusion_reasons_come_from_the_engines_details() -> None:
    entry = {
        "template_id": "x",
        "reasons": ["minimum cost 9 EUR/year exceeds the budget of 3", "A rule said no."],
        "details": [
            {"code": "cost", "cost_min": 9, "budget": 3},
            {"code": "rule", "rule": "x.no", "source": "x.yaml:1"},
        ],
    }
    assert explain.exclusion_reasons(entry, keys())[1] == "[rules.x.no.reason]"
    assert explain.exclusion_reasons(entry, keys())[0].startswith("<recommendation.excluded_cost|")
    # a result without details (an older export) keeps the engine's English
    assert explain.exclusion_reasons({"reasons": ["a", "b"]}, keys()) == ["a", "b"]


@pytest.mark.parametrize(
    ("detail", "sentence"),
    [
        (
            {"code": "cost", "cost_min": 500000, "budget": 3000},
            "its minimum cost, 500,000 EUR a year, is above your budget of 3,000 EUR",
        ),
        (
            {"code": "staff", "fte_min": 1.5, "hours_needed": 60, "hours": 4},
            "it needs at least 1.5 FTE of staff time (60 h/week), more than the 4 h/week you have",
        ),
        (
            {"code": "actor", "served": ["cluster", "chamber", "region"], "actor": "sme"},
            "it is designed for cluster, chamber or trade body, regional authority, not for SME",
        ),
        (
            {"code": "maturity", "minimum": 2, "tolerance": 1, "level": 0.33},
            "it needs at least maturity level 2, more than 1 level above yours (0.3)",
        ),
        ({"code": "new_kind_of_reason"}, "the engine's English"),
    ],
)
def test_the_engines_exclusion_reasons_are_translated(detail: dict, sentence: str) -> None:
    assert explain.exclusion_reason(detail, "the engine's English", english()) == sentence


def test_every_exclusion_the_engine_makes_has_details(answers: Any) -> None:
    """Each reason of every excluded set-up carries a code the wizard can translate."""
    variants = [
        {},
        {"budget_eur_per_year": 0, "staff_hours_per_week": 0},
        {"actor_type": "cluster", "budget_eur_per_year": 50000, "staff_hours_per_week": 0.5},
        {"actor_type": "region", "staff_hours_per_week": 2.5},
        {
            "actor_type": "cluster",
            "willing_to_share": "none",
            "budget_eur_per_year": 200000,
            "staff_hours_per_week": 80,
        },
    ]
    seen = set()
    for update in variants:
        varied = parse_answers({**answers.to_file_dict(), **update})
        result = recommend(varied, engine_for(), robustness=False)
        for entry in result["excluded"]:
            assert len(entry["details"]) == len(entry["reasons"])
            seen.update(d["code"] for d in entry["details"])
    assert seen == {"cost", "staff", "actor", "maturity", "rule"}


def test_percent() -> None:
    assert explain.percent(0.834, english()) == "83%"


@pytest.mark.parametrize(
    ("flip", "sentence"),
    [
        (
            {
                "answer": "budget_eur_per_year",
                "from": 3000,
                "to": 12500,
                "new_top1": "owner_informal_watch",
            },
            "If your yearly budget went from 3,000 to 12,500 EUR, "
            "Owner-led informal watch with free alerts would come first.",
        ),
        (
            {"answer": "staff_hours_per_week", "from": 4, "to": 8.5, "new_top1": "x"},
            "If your staff time went from 4 to 8.5 hours a week, x would come first.",
        ),
        (
            {"answer": "maturity.culture", "from": 2, "to": 4, "new_top1": "x"},
            "If your answer on “Culture” went from “Disagree” to “Agree”, x would come first.",
        ),
        (
            {"answer": "needs.funding", "from": None, "to": 3, "new_top1": "x"},
            "If your answer on “Funding and partnering watch” went from “Don't know” to "
            "“Critical”, x would come first.",
        ),
        (
            None,
            "No change of a single answer (budget, staff time, one practice or one need) would "
            "put another set-up first.",
        ),
    ],
)
def test_flip_sentences(flip: dict | None, sentence: str) -> None:
    words = english()
    lib = load_library()
    names = explain.template_names(lib, words)
    assert explain.flip_sentence(flip, names, lib, words) == sentence


def test_flip_labels_use_the_content_catalogue() -> None:
    lib = load_library()
    flip = {"answer": "needs.patent", "from": 0, "to": 2, "new_top1": "y"}
    assert explain.flip_sentence(flip, {}, lib, keys()) == (
        "<recommendation.flip_scale|answer=[needs.patent.label],name=y,"
        "new=[need_scale.2],old=[need_scale.0]>"
    )


def test_roadmap_lines(result: dict) -> None:
    words = english()
    lib = load_library()
    lines = explain.roadmap_lines(result["roadmap"], explain.template_names(lib, words), lib, words)
    assert lines[0] == "Regulatory and standards watch (towards level 2: Organised basic watch)"
    assert len(lines) == len(result["roadmap"])


def test_whatif_answers_copy_and_never_change_the_original(answers: Any) -> None:
    trial = explain.whatif_answers(
        answers, budget=100000, hours=None, need_kind="patent", need_level=3
    )
    assert trial.budget_eur_per_year == 100000
    assert trial.staff_hours_per_week == answers.staff_hours_per_week
    assert trial.needs.patent == 3
    assert trial.needs.regulatory == answers.needs.regulatory
    assert answers.budget_eur_per_year == 3000
    assert answers.needs.patent == 0
    same = explain.whatif_answers(
        answers, budget=None, hours=None, need_kind="regulatory", need_level=3
    )
    assert same == answers
    unknown = explain.whatif_answers(
        answers, budget=None, hours=None, need_kind="regulatory", need_level=None
    )
    assert unknown.needs.regulatory is None


def _ranked(*items: tuple[str, float]) -> list[dict[str, Any]]:
    return [
        {"rank": i, "template_id": tid, "score": score}
        for i, (tid, score) in enumerate(items, start=1)
    ]


def test_describe_whatif_same_top() -> None:
    before = _ranked(("a", 90), ("b", 80), ("c", 70))
    after = _ranked(("a", 91), ("b", 80), ("c", 70))
    assert explain.describe_whatif(before, after, {"a": "A"}, english()) == [
        "The first 3 stay the same.",
        "Their scores change by up to 1 (out of 100).",
    ]
    assert explain.describe_whatif(before, before, {}, english()) == ["The first 3 stay the same."]


def test_describe_whatif_new_first_moves_and_exits() -> None:
    before = _ranked(("a", 90), ("b", 80), ("c", 70), ("d", 60))
    after = _ranked(("e", 95), ("a", 90), ("b", 85), ("c", 70))
    lines = explain.describe_whatif(before, after, {}, english())
    assert lines == [
        "e would come first instead of a.",
        "e becomes possible, at rank 1.",
        "a moves from rank 1 to rank 2.",
        "b moves from rank 2 to rank 3.",
        "c leaves the first three (now rank 4).",
    ]


def test_describe_whatif_ruled_out_and_count() -> None:
    before = _ranked(("a", 90), ("b", 80), ("c", 70))
    after = _ranked(("a", 90), ("b", 80))
    lines = explain.describe_whatif(before, after, {"c": "C"}, english())
    assert lines == ["C would no longer fit.", "2 set-ups would fit instead of 3."]
    assert explain.describe_whatif(before, [], {}, english())[0] == (
        "No set-up would fit with these values."
    )
    assert explain.describe_whatif([], after, {}, english())[0] == (
        "a would come first instead of none."
    )


def test_escape_markdown_shows_text_literally() -> None:
    assert explain.escape_markdown("[x](http://e.vil) *b* `c`") == (
        r"\[x\]\(http\://e\.vil\) \*b\* \`c\`"
    )
