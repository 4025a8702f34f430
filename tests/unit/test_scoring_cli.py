"""``python -m scoring recommend|batch`` as a partner runs it (DESIGN.md, "Public contracts").

One test of each command goes through the real entrypoint in a subprocess; the rest call
``scoring.cli.main`` in process, which is the same code without the interpreter start-up.
"""

from __future__ import annotations

import copy
import csv
import fcntl
import io
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from scoring.batch import describe_row
from scoring.cli import main
from scoring.engine import CRITERIA
from scoring.recommend import engine_for
from templates_library.library import PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "data" / "samples" / "answers_wood_lorraine.yaml"
KINDS = [
    "technology",
    "patent",
    "scientific",
    "competitive",
    "commercial",
    "supply",
    "regulatory",
    "societal",
    "funding",
    "image",
    "security",
]
#: The batch output of the contract, in order (``top1_probability`` only with --robustness).
BATCH_COLUMNS = [
    "respondent_id",
    "top1",
    "score1",
    "top2",
    "score2",
    "top3",
    "score3",
    "margin",
    "driver1",
    "driver2",
    "driver3",
    "engine_version",
    "library_version",
    "error",
]
SOURCE = re.compile(r"(?P<file>[\w./-]+\.yaml):(?P<line>[1-9]\d*)")
RANGE_FIELDS = ("cost_eur_per_year", "setup_cost_eur", "fte", "maturity")


# --- helpers ---------------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real entrypoint, as a partner types it in the project folder."""
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """``main`` in process: exit code, stdout, stderr."""
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def sample() -> dict[str, Any]:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


def variant(**changes: Any) -> dict[str, Any]:
    """The sample answers with some answers changed; ``maturity__culture=None`` reaches in."""
    answers = copy.deepcopy(sample())
    for key, value in changes.items():
        *parents, leaf = key.split("__")
        target = answers
        for parent in parents:
            target = target[parent]
        target[leaf] = value
    return answers


def write_answers(folder: Path, answers: dict[str, Any], name: str = "answers.yaml") -> Path:
    path = folder / name
    if name.endswith(".json"):
        path.write_text(json.dumps(answers), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(answers, sort_keys=False), encoding="utf-8")
    return path


def recommend_json(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, Any]:
    code, out, err = cli(capsys, "recommend", path, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def write_survey(path: Path, rows: list[dict[str, Any]]) -> Path:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_output(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def survey_rows() -> list[dict[str, Any]]:
    """Three good respondents and two bad ones (lines 3 and 5 of the file)."""
    base = describe_row(sample())
    return [
        {"respondent_id": "r1", **base},
        {"respondent_id": "r2", **base, "sector": "woood"},
        {"respondent_id": "r3", **base, "budget_eur_per_year": 20000},
        {"respondent_id": "r4", **base, "employees": "many"},
        {"respondent_id": "r5", **base, "sector": "ict", "needs_technology": 3},
    ]


def sector_error(value: str) -> str:
    sectors = ", ".join(engine_for().library.sectors)
    return f"sector: {value!r} is not allowed; allowed values: {sectors} (did you mean 'wood'?)"


@pytest.fixture(scope="module")
def sample_result() -> dict[str, Any]:
    """``recommend --format json`` of the DESIGN.md example, through the real entrypoint."""
    done = run("recommend", str(SAMPLE.relative_to(PROJECT_ROOT)), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return json.loads(done.stdout)


# --- recommend --format json: the contract ----------------------------------------------------


def test_recommend_json_has_every_field_of_the_contract(sample_result: dict[str, Any]) -> None:
    result = sample_result
    engine = engine_for()
    assert result["engine_version"] == engine.version != ""
    assert result["library_version"] == engine.library_version != ""
    assert isinstance(result["maturity_level"], float)
    assert 0 <= result["maturity_level"] <= 4
    assert list(result["needs"]) == KINDS
    assert all(0.0 <= v <= 1.0 for v in result["needs"].values())

    assert result["recommendations"]
    for rec in result["recommendations"]:
        assert isinstance(rec["rank"], int)
        assert rec["template_id"] in engine.template_ids
        assert isinstance(rec["name"], str)
        assert rec["name"]
        assert isinstance(rec["score"], float)
        assert rec["delivery"] in {"internal", "shared", "outsourced", "consultant", "public"}
        assert rec["actor_types"]
        assert set(rec["actor_types"]) <= {"sme", "cluster", "chamber", "region"}
        assert rec["watch_kinds"]
        assert set(rec["watch_kinds"]) <= set(KINDS)
        for name in RANGE_FIELDS:
            assert {"min", "max"} <= set(rec[name]), name
            assert 0 <= rec[name]["min"] <= rec[name]["max"], name
        assert list(rec["contributions"]) == list(CRITERIA)
        assert all(isinstance(v, float) for v in rec["contributions"].values())
        for rule in rec["rules_fired"]:
            assert set(rule) >= {"rule", "effect", "source"}
            assert isinstance(rule["rule"], str)
            assert isinstance(rule["effect"], float)
            assert SOURCE.fullmatch(rule["source"]), rule["source"]

    assert result["excluded"]
    for item in result["excluded"]:
        assert item["template_id"] in engine.template_ids
        assert item["reasons"]
        assert all(isinstance(r, str) and r for r in item["reasons"])

    robust = result["robustness"]
    assert 0.0 <= robust["top1_probability"] <= 1.0
    assert isinstance(robust["margin_to_second"], float)
    flip = robust["smallest_flip"]
    assert flip is None or set(flip) == {"answer", "from", "to", "new_top1"}


def fired_rules(result: dict[str, Any]) -> list[dict[str, Any]]:
    rules = [rule for rec in result["recommendations"] for rule in rec["rules_fired"]]
    return rules + [rule for item in result["excluded"] for rule in item.get("rules", [])]


def test_each_rule_source_is_the_line_that_starts_the_rule(
    sample_result: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ict = recommend_json(
        capsys, write_answers(tmp_path, variant(sector="ict", needs__technology=3))
    )
    rules = fired_rules(sample_result) + fired_rules(ict)
    files = set()
    for rule in rules:
        where = SOURCE.fullmatch(rule["source"])
        assert where is not None, rule["source"]
        files.add(where["file"])
        lines = (PROJECT_ROOT / where["file"]).read_text(encoding="utf-8").splitlines()
        line = lines[int(where["line"]) - 1]
        short = rule["rule"].rsplit(".", 1)[-1]
        assert re.fullmatch(rf"\s*- id: {re.escape(short)}\s*(#.*)?", line), (rule, line)
    assert "data/scoring.yaml" in files  # a general rule
    assert any(f.startswith("templates_library/") for f in files)  # a template's own rule


def test_ranks_scores_and_exclusions_are_consistent(sample_result: dict[str, Any]) -> None:
    recs = sample_result["recommendations"]
    assert [r["rank"] for r in recs] == list(range(1, len(recs) + 1))
    scores = [r["score"] for r in recs]
    assert all(0.0 <= s <= 100.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    recommended = {r["template_id"] for r in recs}
    excluded = {e["template_id"] for e in sample_result["excluded"]}
    assert not recommended & excluded
    # without --top, every template of the library is either recommended or excluded
    assert recommended | excluded == set(engine_for().template_ids)
    assert len(recs) + len(sample_result["excluded"]) == len(engine_for().template_ids)


def test_expensive_setups_are_excluded_in_the_contract_wording(
    sample_result: dict[str, Any],
) -> None:
    templates = engine_for().library.templates
    reasons = {e["template_id"]: e["reasons"] for e in sample_result["excluded"]}
    expensive = [t for t in templates.values() if t.cost_eur_per_year.min > 3000 * 1.2]
    assert expensive
    for template in expensive:
        expected = (
            f"minimum cost {template.cost_eur_per_year.min:.0f} EUR/year exceeds the budget of 3000"
        )
        assert expected in reasons[template.id], template.id
    assert (
        "minimum cost 500000 EUR/year exceeds the budget of 3000" in reasons["regional_ei_system"]
    )


def test_recommended_setups_respect_the_hard_limits(sample_result: dict[str, Any]) -> None:
    """Budget +20 %, staff time, actor type and maturity + 1 level (DESIGN.md)."""
    hours_per_fte = engine_for().config.hours_per_fte
    level = sample_result["maturity_level"]
    for rec in sample_result["recommendations"]:
        assert rec["cost_eur_per_year"]["min"] <= 3000 * 1.2, rec["template_id"]
        assert rec["fte"]["min"] * hours_per_fte <= 4, rec["template_id"]
        assert "sme" in rec["actor_types"], rec["template_id"]
        assert rec["maturity"]["min"] <= level + 1, rec["template_id"]


def test_contributions_and_rule_effects_add_up_to_the_score(
    sample_result: dict[str, Any],
) -> None:
    checked = 0
    for rec in sample_result["recommendations"]:
        if rec["score"] >= 100:
            continue
        total = sum(rec["contributions"].values()) + sum(r["effect"] for r in rec["rules_fired"])
        # 7 contributions rounded to 0.01 and a score rounded to 0.1
        assert total == pytest.approx(rec["score"], abs=0.1), rec["template_id"]
        checked += 1
    assert checked >= 3


def test_margin_is_the_gap_between_the_first_two(sample_result: dict[str, Any]) -> None:
    first, second = sample_result["recommendations"][:2]
    margin = sample_result["robustness"]["margin_to_second"]
    assert margin == pytest.approx(first["score"] - second["score"], abs=0.15)


def test_the_smallest_flip_really_changes_the_first_choice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A close call (ICT firm) has a flip; making that one change gives ``new_top1``."""
    answers = variant(sector="ict", needs__technology=3)
    before = recommend_json(capsys, write_answers(tmp_path, answers))
    flip = before["robustness"]["smallest_flip"]
    assert flip is not None
    assert set(flip) == {"answer", "from", "to", "new_top1"}
    *parents, leaf = flip["answer"].split(".")
    target = answers
    for parent in parents:
        target = target[parent]
    assert target.get(leaf) == flip["from"]
    target[leaf] = flip["to"]
    after = recommend_json(capsys, write_answers(tmp_path, answers, "flipped.yaml"))
    assert flip["new_top1"] != before["recommendations"][0]["template_id"]
    assert after["recommendations"][0]["template_id"] == flip["new_top1"]


def test_the_same_answers_give_the_same_json(
    sample_result: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert recommend_json(capsys, SAMPLE) == sample_result


# --- recommend: --top, table and csv ---------------------------------------------------------


def test_top_keeps_the_first_recommendations(
    sample_result: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "recommend", SAMPLE, "--top", "3", "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert [r["rank"] for r in result["recommendations"]] == [1, 2, 3]
    assert result["recommendations"] == sample_result["recommendations"][:3]
    assert result["excluded"] == sample_result["excluded"]


def test_top_below_one_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["recommend", str(SAMPLE), "--top", "0"])
    assert exit_.value.code == 2
    assert "--top must be at least 1" in capsys.readouterr().err


def test_table_shows_ranking_reasons_exclusions_and_certainty(
    sample_result: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "recommend", SAMPLE, "--top", "3")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == (
        f"Recommendation (engine {sample_result['engine_version']}, "
        f"knowledge base {sample_result['library_version']})"
    )
    top3 = sample_result["recommendations"][:3]
    ranking = [line for line in lines if re.match(r"\s*\d+  \S", line)]
    assert len(ranking) == 3
    for line, rec in zip(ranking, top3, strict=True):
        assert re.match(
            rf"\s*{rec['rank']}  {re.escape(rec['name'][:58])}\s+{rec['score']:.1f}  ", line
        ), line
        assert f"Why {rec['name']} ({rec['score']:.1f}):" in lines
    for rule in top3[0]["rules_fired"]:
        assert any(line.endswith(f"[{rule['source']}]") for line in lines)
    start = lines.index("Excluded:")
    excluded = lines[start + 1 : start + 1 + len(sample_result["excluded"])]
    for line, item in zip(excluded, sample_result["excluded"], strict=True):
        assert line == f"  {item['name']}: " + "; ".join(item["reasons"])
    assert any(line.startswith("How sure: ") for line in lines)


def test_csv_has_one_row_per_recommendation_with_contributions_and_versions(
    sample_result: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "recommend", SAMPLE, "--top", "3", "--format", "csv")
    assert code == 0
    reader = csv.DictReader(io.StringIO(out))
    rows = list(reader)
    header = reader.fieldnames or []
    assert {"template_id", "score", "engine_version", "library_version"} <= set(header)
    assert [f"contribution_{c}" for c in CRITERIA] == [
        h for h in header if h.startswith("contribution_")
    ]
    top3 = sample_result["recommendations"][:3]
    assert len(rows) == 3
    for row, rec in zip(rows, top3, strict=True):
        assert row["rank"] == str(rec["rank"])
        assert row["template_id"] == rec["template_id"]
        assert float(row["score"]) == rec["score"]
        for criterion in CRITERIA:
            assert float(row[f"contribution_{criterion}"]) == rec["contributions"][criterion]
        assert row["engine_version"] == sample_result["engine_version"]
        assert row["library_version"] == sample_result["library_version"]


# --- recommend: bad answers files ------------------------------------------------------------


def test_a_misspelt_sector_is_named_with_a_suggestion(tmp_path: Path) -> None:
    path = write_answers(tmp_path, variant(sector="woood"))
    done = run("recommend", str(path))
    sectors = ", ".join(engine_for().library.sectors)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        f"{path}: sector: 'woood' is not a sector id; allowed values: {sectors} "
        "(did you mean 'wood'?)\n"
    )
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("employes", "employes: unknown field (did you mean 'employees'?); allowed: "),
        ("needs__technolgy", "needs.technolgy: unknown field (did you mean 'technology'?)"),
        ("maturity__cultur", "maturity.cultur: unknown field (did you mean 'culture'?)"),
    ],
)
def test_an_unknown_key_gets_a_suggestion(
    key: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_answers(tmp_path, variant(**{key: 1}))
    code, out, err = cli(capsys, "recommend", path)
    assert (code, out) == (1, "")
    assert any(line.startswith(f"{path}: {expected}") for line in err.splitlines()), err


def test_a_missing_required_field_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = sample()
    del answers["value_chain"]
    path = write_answers(tmp_path, answers)
    assert cli(capsys, "recommend", path) == (1, "", f"{path}: value_chain: required\n")


def test_invalid_yaml_is_reported_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("actor_type: sme\nsector: [wood\n", encoding="utf-8")
    code, out, err = cli(capsys, "recommend", path)
    assert (code, out) == (1, "")
    assert err.startswith(f"{path}: <file>: not valid YAML/JSON: ")
    assert "line 2" in err


def test_invalid_json_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"actor_type": "sme",}', encoding="utf-8")
    code, out, err = cli(capsys, "recommend", path)
    assert (code, out) == (1, "")
    assert err.startswith(f"{path}: <file>: not valid YAML/JSON: ")
    assert "line 1 column" in err


def test_a_json_answers_file_gives_the_same_recommendation(
    sample_result: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_answers(tmp_path, sample(), "answers.json")
    assert recommend_json(capsys, path) == sample_result


def test_region_other_needs_a_region_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_answers(tmp_path, variant(region="other"))
    code, out, err = cli(capsys, "recommend", path)
    assert (code, out) == (1, "")
    assert err.startswith(f"{path}: ")
    assert err.endswith(": region_type: required when region is 'other'\n")
    assert len(err.splitlines()) == 1

    path = write_answers(tmp_path, variant(region="other", region_type="moderate_innovator"))
    assert recommend_json(capsys, path)["recommendations"]


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        ("maturity__culture", 7, "maturity.culture"),
        ("maturity__culture", 0, "maturity.culture"),
        ("needs__regulatory", 4, "needs.regulatory"),
    ],
)
def test_an_out_of_range_scale_answer_is_refused(
    key: str, value: int, field: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_answers(tmp_path, variant(**{key: value}))
    code, out, err = cli(capsys, "recommend", path)
    assert (code, out) == (1, "")
    assert err.startswith(f"{path}: {field}: ")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("key", "value", "allowed"),
    [("maturity__culture", 7, (1, 5)), ("needs__regulatory", 4, (0, 3))],
)
def test_an_out_of_range_scale_answer_states_the_allowed_range(
    key: str,
    value: int,
    allowed: tuple[int, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_answers(tmp_path, variant(**{key: value}))
    code, _, err = cli(capsys, "recommend", path)
    assert code == 1
    low, high = allowed
    message = err.replace(str(path), "FILE")  # the temporary path may hold digits
    assert re.search(rf"\b{low}\b.*\b{high}\b", message), message


def test_dont_know_maturity_and_need_are_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_answers(tmp_path, variant(maturity__culture=None, needs__funding=None))
    assert "culture: null" in path.read_text(encoding="utf-8")
    result = recommend_json(capsys, path)
    assert result["recommendations"]
    assert result["maturity_by_dimension"]["culture"] is None
    assert list(result["needs"]) == KINDS
    assert 0.0 <= result["robustness"]["top1_probability"] <= 1.0


# --- batch -----------------------------------------------------------------------------------


def test_batch_scores_good_rows_and_reports_bad_ones(tmp_path: Path) -> None:
    source = write_survey(tmp_path / "survey.csv", survey_rows())
    target = tmp_path / "scored.csv"
    done = run("batch", str(source), "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"{source}: row 3: {sector_error('woood')}",
        f"{source}: row 5: employees: 'many' is not a number",
        f"{source}: 3 rows scored, 2 with errors -> {target}",
    ]
    header, rows = read_output(target)
    assert header == BATCH_COLUMNS
    assert [r["respondent_id"] for r in rows] == ["r1", "r2", "r3", "r4", "r5"]
    engine = engine_for()
    for row in rows:
        assert row["engine_version"] == engine.version
        assert row["library_version"] == engine.library_version
    bad = {r["respondent_id"]: r for r in rows if r["error"]}
    assert set(bad) == {"r2", "r4"}
    assert bad["r2"]["error"] == sector_error("woood")
    assert bad["r4"]["error"] == "employees: 'many' is not a number"
    for row in bad.values():
        assert all(row[c] == "" for c in BATCH_COLUMNS[1:11])
    for row in (r for r in rows if not r["error"]):
        assert row["top1"] in engine.template_ids
        assert 0 <= float(row["score3"]) <= float(row["score2"]) <= float(row["score1"]) <= 100
        assert float(row["margin"]) >= 0
        assert {row["driver1"], row["driver2"], row["driver3"]} <= set(CRITERIA)


def test_a_batch_row_scores_as_recommend_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profiles = {
        "sample": sample(),
        "richer": variant(budget_eur_per_year=20000),
        "ict": variant(sector="ict", needs__technology=3),
        "dont_know": variant(maturity__culture=None, needs__funding=None),
    }
    source = write_survey(
        tmp_path / "survey.csv",
        [{"respondent_id": rid, **describe_row(a)} for rid, a in profiles.items()],
    )
    code, _, err = cli(capsys, "batch", source, "-o", tmp_path / "out.csv")
    assert code == 0, err
    _, rows = read_output(tmp_path / "out.csv")
    for row in rows:
        answers = profiles[row["respondent_id"]]
        expected = recommend_json(capsys, write_answers(tmp_path, answers))
        top3 = expected["recommendations"][:3]
        assert [row["top1"], row["top2"], row["top3"]] == [r["template_id"] for r in top3]
        for k, rec in enumerate(top3, start=1):
            assert float(row[f"score{k}"]) == pytest.approx(rec["score"], abs=0.1)
        assert float(row["margin"]) == pytest.approx(
            expected["robustness"]["margin_to_second"], abs=0.1
        )
        contributions = top3[0]["contributions"]
        assert contributions[row["driver1"]] == max(contributions.values())
        drivers = [contributions[row[f"driver{k}"]] for k in (1, 2, 3)]
        assert drivers == sorted(contributions.values(), reverse=True)[:3]


def test_batch_robustness_adds_a_top1_probability(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_survey(tmp_path / "survey.csv", survey_rows())
    target = tmp_path / "scored.csv"
    code, _, err = cli(capsys, "batch", source, "-o", target, "--robustness", "200")
    assert code == 0, err
    header, rows = read_output(target)
    assert header == [*BATCH_COLUMNS[:11], "top1_probability", *BATCH_COLUMNS[11:]]
    for row in rows:
        if row["error"]:
            assert row["top1_probability"] == ""
        else:
            assert 0.0 <= float(row["top1_probability"]) <= 1.0
    assert [r["respondent_id"] for r in rows if r["top1_probability"]] == ["r1", "r3", "r5"]


def test_an_excel_survey_gives_the_same_result_as_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = survey_rows()
    csv_in = write_survey(tmp_path / "survey.csv", rows)
    xlsx_in = tmp_path / "survey.xlsx"
    pd.DataFrame(rows).to_excel(xlsx_in, index=False)
    csv_out, xlsx_out = tmp_path / "from_csv.csv", tmp_path / "from_xlsx.csv"
    code, _, csv_err = cli(capsys, "batch", csv_in, "-o", csv_out)
    assert code == 0, csv_err
    code, _, xlsx_err = cli(capsys, "batch", xlsx_in, "-o", xlsx_out)
    assert code == 0, xlsx_err
    assert read_output(xlsx_out) == read_output(csv_out)
    assert f"{xlsx_in}: row 5: employees: 'many' is not a number" in xlsx_err.splitlines()
    same = xlsx_err.replace(str(xlsx_in), "IN").replace(str(xlsx_out), "OUT")
    assert same == csv_err.replace(str(csv_in), "IN").replace(str(csv_out), "OUT")


@pytest.mark.parametrize(
    ("rename", "expected"),
    [
        ({"employees": "employes"}, "required columns missing: employees (found 'employes'?)"),
        ({"sector": "industry"}, "required columns missing: sector"),
    ],
)
def test_a_missing_required_column_stops_the_batch(
    rename: dict[str, str], expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{rename.get(k, k): v for k, v in row.items()} for row in survey_rows()]
    source = write_survey(tmp_path / "survey.csv", rows)
    target = tmp_path / "scored.csv"
    assert cli(capsys, "batch", source, "-o", target) == (1, "", f"{source}: {expected}\n")
    assert not target.exists()


def test_an_unknown_column_only_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    renamed = {"needs_funding": "needs_fundng"}
    rows = [
        {**{renamed.get(k, k): v for k, v in row.items()}, "extra_col": "x"}
        for row in survey_rows()
    ]
    source = write_survey(tmp_path / "survey.csv", rows)
    code, _, err = cli(capsys, "batch", source, "-o", tmp_path / "scored.csv")
    assert code == 0
    lines = err.splitlines()
    assert f"{source}: column 'extra_col' is not an answers column and is ignored" in lines
    assert (
        f"{source}: column 'needs_fundng' is not an answers column and is ignored "
        "(did you mean 'needs_funding'?)"
    ) in lines
    _, out = read_output(tmp_path / "scored.csv")
    assert [r["top1"] != "" for r in out] == [True, False, True, False, True]


def test_respondent_ids_that_look_like_formulas_are_neutralised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = ['=HYPERLINK("x")', "+cmd", "@x", "-1", "plain"]
    rows = [{**row, "respondent_id": rid} for row, rid in zip(survey_rows(), ids, strict=True)]
    source = write_survey(tmp_path / "survey.csv", rows)
    code, _, _ = cli(capsys, "batch", source, "-o", tmp_path / "scored.csv")
    assert code == 0
    _, out = read_output(tmp_path / "scored.csv")
    # rows 2 and 4 are bad (sector, employees): they keep their ids, neutralised too
    assert [r["respondent_id"] for r in out] == [
        '\'=HYPERLINK("x")',
        "'+cmd",
        "'@x",
        "'-1",
        "plain",
    ]
    assert [bool(r["error"]) for r in out] == [False, True, False, True, False]


def test_without_respondent_id_rows_are_named_by_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{k: v for k, v in row.items() if k != "respondent_id"} for row in survey_rows()]
    source = write_survey(tmp_path / "survey.csv", rows)
    code, _, _ = cli(capsys, "batch", source, "-o", tmp_path / "scored.csv")
    assert code == 0
    header, out = read_output(tmp_path / "scored.csv")
    assert header == BATCH_COLUMNS
    assert [r["respondent_id"] for r in out] == ["2", "3", "4", "5", "6"]


def test_row_numbers_are_file_lines_even_after_a_blank_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_survey(tmp_path / "survey.csv", survey_rows())
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    source.write_text("".join([*lines[:2], "\n", *lines[2:]]), encoding="utf-8")
    code, _, err = cli(capsys, "batch", source, "-o", tmp_path / "scored.csv")
    assert code == 0
    assert f"{source}: row 4: {sector_error('woood')}" in err.splitlines()


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    source = write_survey(tmp_path / "survey.csv", survey_rows())
    done = run("batch", str(source), "-o", str(tmp_path / "out.csv"), "--robustness", "20")
    assert done.returncode == 0, done.stderr
    shown = done.stderr.replace(str(tmp_path), "")
    assert "scoring" not in shown
    assert "robustness" not in shown
    assert "%|" not in shown
    assert shown.splitlines()[-1] == "/survey.csv: 3 rows scored, 2 with errors -> /out.csv"


def test_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    source = write_survey(tmp_path / "survey.csv", survey_rows())
    leader, follower = pty.openpty()
    # a terminal of 24 x 100 (a pty starts at 0 x 0, where tqdm draws nothing)
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    with subprocess.Popen(
        [sys.executable, "-m", "scoring", "batch", str(source), "-o", str(tmp_path / "out.csv")],
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=follower,
    ) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=120) == 0
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert "scoring: 100%|" in shown


def test_a_semicolon_separated_survey_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """French and German spreadsheet programs export CSV with semicolons."""
    comma = write_survey(tmp_path / "comma.csv", survey_rows())
    with comma.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    semicolon = tmp_path / "semicolon.csv"
    with semicolon.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    assert cli(capsys, "batch", comma, "-o", tmp_path / "a.csv")[0] == 0
    assert cli(capsys, "batch", semicolon, "-o", tmp_path / "b.csv")[0] == 0
    assert read_output(tmp_path / "a.csv") == read_output(tmp_path / "b.csv")


def test_row_numbers_follow_line_breaks_inside_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = survey_rows()
    rows[0]["respondent_id"] = "r1\nsecond line of a note"  # the record spans lines 2 and 3
    source = write_survey(tmp_path / "survey.csv", rows)
    code, _, err = cli(capsys, "batch", source, "-o", tmp_path / "scored.csv")
    assert code == 0
    assert f"{source}: row 4: {sector_error('woood')}" in err.splitlines()


def test_a_closed_pipe_ends_quietly() -> None:
    """``recommend ... | head -3``: the reader leaves early; no traceback."""
    with subprocess.Popen(
        [sys.executable, "-m", "scoring", "recommend", str(SAMPLE), "--format", "json"],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = [process.stdout.readline() for _ in range(3)]
        process.stdout.close()  # like head after three lines
        errors = process.stderr.read().decode()
        process.wait(timeout=120)
    assert first[0].strip() == b"{"
    assert "Traceback" not in errors


def test_a_corrupt_workbook_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    from scoring.batch import SurveyFileError, read_survey

    path = tmp_path / "survey.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a workbook")
    with pytest.raises(SurveyFileError, match="not a valid Excel workbook"):
        read_survey(path)
