"""Properties of the engine that must hold for every answers file (hypothesis)."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.answers import parse_answers
from scoring.batch import describe_row, top_three, validate_survey
from scoring.engine import COVERS_AT
from scoring.profiles import KINDS, from_answers
from scoring.recommend import engine_for, recommend
from scoring.reference import profile_dicts, score_row
from tests.unit.strategies import answers_dicts

ENGINE = engine_for()


def _evaluate(data: dict[str, Any]) -> Any:
    return ENGINE.evaluate(from_answers([parse_answers(data)], ENGINE.library))


@given(answers_dicts())
def test_an_excluded_template_is_never_recommended(data: dict[str, Any]) -> None:
    result = recommend(parse_answers(data), ENGINE, robustness=False)
    recommended = {r["template_id"] for r in result["recommendations"]}
    excluded = {e["template_id"] for e in result["excluded"]}
    assert not recommended & excluded
    assert recommended | excluded == set(ENGINE.template_ids)
    assert all(e["reasons"] for e in result["excluded"]), "every exclusion says why"


@given(answers_dicts())
def test_scores_stay_within_0_and_100_and_ranks_follow_points(data: dict[str, Any]) -> None:
    evaluation = _evaluate(data)
    assert np.all((evaluation.score >= 0) & (evaluation.score <= 100))
    assert np.all((evaluation.values >= 0) & (evaluation.values <= 1 + 1e-6))
    result = recommend(parse_answers(data), ENGINE, robustness=False)
    scores = [r["score"] for r in result["recommendations"]]
    assert scores == sorted(scores, reverse=True)
    assert [r["rank"] for r in result["recommendations"]] == list(range(1, len(scores) + 1))


@given(answers_dicts(), st.sampled_from(KINDS), st.data())
def test_raising_a_need_never_lowers_a_template_that_covers_it(
    data: dict[str, Any], kind: str, more: st.DataObject
) -> None:
    current = data["needs"][kind]
    start = 0 if current is None else current
    if start == 3:
        return
    raised = copy.deepcopy(data)
    raised["needs"][kind] = more.draw(st.integers(start + 1, 3))
    if current is None:  # from "don't know" to a stated need: compare with the stated floor
        data = copy.deepcopy(data)
        data["needs"][kind] = start
    before, after = _evaluate(data), _evaluate(raised)
    for index, template in enumerate(ENGINE.templates):
        if template.watch_kinds.get(kind, 0.0) >= COVERS_AT:
            assert after.points[0, index] >= before.points[0, index] - 1e-4, template.id
            assert after.score[0, index] >= before.score[0, index] - 1e-4, template.id


@given(answers_dicts())
def test_the_same_answers_give_the_same_output(data: dict[str, Any]) -> None:
    answers = parse_answers(data)
    assert recommend(answers, ENGINE, draws=200) == recommend(answers, ENGINE, draws=200)


@settings(max_examples=40)
@given(answers_dicts())
def test_batch_of_one_row_equals_recommend(data: dict[str, Any]) -> None:
    answers = parse_answers(data)
    expected = recommend(answers, ENGINE, robustness=False)["recommendations"][:3]
    frame = pd.DataFrame([describe_row(answers.to_file_dict())]).astype(str)
    frame = frame.replace({"None": "", "True": "true", "False": "false"})
    survey = validate_survey(frame, ENGINE)
    assert survey.errors == {}
    batch = top_three(ENGINE, survey.table)
    ids = [ENGINE.template_ids[i] for i in batch.top[0] if i >= 0]
    assert ids == [r["template_id"] for r in expected]
    assert np.allclose(batch.scores[0, : len(ids)], [r["score"] for r in expected], atol=0.051)


@settings(max_examples=60)
@given(answers_dicts())
def test_the_engine_agrees_with_the_plain_per_row_scorer(data: dict[str, Any]) -> None:
    """The vectorised engine and the naive reference share no arithmetic: they must agree."""
    table = from_answers([parse_answers(data)], ENGINE.library)
    evaluation = ENGINE.evaluate(table)
    reference = score_row(ENGINE, profile_dicts(table, ENGINE)[0])
    for index, expected in enumerate(reference):
        assert abs(expected["score"] - evaluation.score[0, index]) < 1e-3, expected["template_id"]
        assert bool(expected["excluded"]) == bool(evaluation.exclusion[0, index])
        fired = {
            rule.rule_id
            for r, rule in enumerate(ENGINE.rules)
            if rule.templates[index] and evaluation.fired[r, 0]
        }
        assert fired == set(expected["rules_fired"]), expected["template_id"]
