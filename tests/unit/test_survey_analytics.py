"""Partner analytics without Streamlit (reports/survey_analytics.py): an uploaded survey read
from bytes, scored, summarised by region and sector, compared and exported; checked against
naive computations over small files and against ``python -m scoring batch``."""

from __future__ import annotations

import csv
import io
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

from reports import survey_analytics as sa
from scoring.cli import main
from scoring.profiles import DIMENSIONS, KINDS
from scoring.recommend import engine_for
from templates_library.library import PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "data" / "samples" / "survey_sample.csv"
ENGINE = engine_for()
HEADER = SAMPLE.read_text(encoding="utf-8").splitlines()[0].split(",")
WHEN = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def row(**values: Any) -> dict[str, Any]:
    """A valid respondent (a wood subcontractor of Lorraine), with ``values`` changed."""
    base: dict[str, Any] = {
        "respondent_id": "r",
        "actor_type": "sme",
        "sector": "wood",
        "value_chain": "subcontractor",
        "region": "lorraine",
        "region_type": "",
        "employees": 35,
        "budget_eur_per_year": 3000,
        "staff_hours_per_week": 4,
        "first_results_within_weeks": 12,
        "willing_to_share": "non_sensitive",
        **{f"maturity_{d}": 2 for d in DIMENSIONS},
        **{f"needs_{k}": 1 for k in KINDS},
        "rnd_intensity": "",
        "it_capacity": "",
        "prefers_open_source": "",
    }
    base.update(values)
    return base


def csv_of(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def small_survey(seed: int = 7) -> list[dict[str, Any]]:
    """14 respondents: 6 in Lorraine, 6 in Murcia, 2 in Oslo (below the smallest group); every
    need and maturity answered (no "don't know"), so the means are plain means."""
    rng = np.random.default_rng(seed)
    rows = []
    regions = ["lorraine"] * 6 + ["murcia"] * 6 + ["oslo"] * 2
    sectors = ["wood", "agro_food", "ict"]
    for i, region in enumerate(regions):
        rows.append(
            row(
                respondent_id=f"r{i}",
                region=region,
                sector=sectors[i % 3],
                budget_eur_per_year=int(rng.integers(500, 40000)),
                **{f"maturity_{d}": int(rng.integers(1, 6)) for d in DIMENSIONS},
                **{f"needs_{k}": int(rng.integers(0, 4)) for k in KINDS},
            )
        )
    return rows


# ---------------------------------------------------------------------------- reading


def test_a_bad_row_is_listed_with_its_number_and_reason_and_the_good_rows_are_scored() -> None:
    rows = small_survey()
    rows[4] = {**rows[4], "sector": "woood"}  # line 6 of the file (the header is line 1)
    rows[9] = {**rows[9], "needs_regulatory": 7, "employees": "many"}  # line 11
    scored = sa.score_upload("survey.csv", csv_of(rows), ENGINE)

    assert (scored.rows, scored.scored, scored.rejected) == (14, 12, 2)
    errors = sa.error_table(scored.survey)
    assert list(errors.columns) == ["row", "column", "reason"]
    assert errors["row"].tolist() == [6, 11, 11]
    assert errors["column"].tolist() == ["sector", "employees", "needs_regulatory"]
    assert "'woood' is not allowed" in errors["reason"][0]
    assert "did you mean 'wood'" in errors["reason"][0]
    assert "'many' is not a number" in errors["reason"][1]
    assert "'7' is not allowed" in errors["reason"][2]
    # the good rows, and only they, are in the frame, with their first set-up
    assert len(scored.frame) == 12
    assert (scored.frame["top1"] != "").all()
    assert scored.results.top[4, 0] == -1
    assert scored.results.top[9, 0] == -1
    assert (scored.results.top[[0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13], 0] >= 0).all()
    assert scored.frame["region"].tolist() == [
        r["region"] for i, r in enumerate(rows) if i not in (4, 9)
    ]


def test_the_error_list_can_be_cut_to_the_first_rows() -> None:
    rows = [row(respondent_id=f"r{i}", sector="nowhere") for i in range(5)]
    scored = sa.score_upload("survey.csv", csv_of(rows), ENGINE)
    assert scored.scored == 0
    assert sa.error_table(scored.survey, limit=2)["row"].tolist() == [2, 3]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read() -> None:
    data = csv_of(small_survey())
    with pytest.raises(sa.UploadError) as caught:
        sa.score_upload("survey.csv", data, ENGINE, limit=len(data) - 1)
    assert caught.value.kind == "too_large"
    assert caught.value.values == {"size": len(data), "limit": len(data) - 1}
    # the real limit: 20 MB
    assert sa.MAX_BYTES == 20 * 1024 * 1024
    with pytest.raises(sa.UploadError) as caught:
        sa.check_upload("survey.xlsx", sa.MAX_BYTES + 1)
    assert caught.value.kind == "too_large"
    assert sa.check_upload("survey.xlsx", sa.MAX_BYTES) == ".xlsx"


@pytest.mark.parametrize(
    ("name", "data", "kind", "detail"),
    [
        ("survey.pdf", b"%PDF-1.4", "wrong_type", "expected a .csv or .xlsx file, got '.pdf'"),
        ("survey", b"a,b\n1,2\n", "wrong_type", "got ''"),
        ("survey.csv", b"", "empty", ""),
        ("survey.xlsx", b"not a zip file", "unreadable", "cannot read the survey file"),
        ("survey.csv", b"\xff\xfe\x00bad", "unreadable", "cannot read the survey file"),
        ("survey.csv", b"sector,regoin\nwood,lorraine\n", "columns", "required columns missing"),
    ],
)
def test_a_file_that_cannot_be_used_gets_a_specific_reason(
    name: str, data: bytes, kind: str, detail: str
) -> None:
    with pytest.raises(sa.UploadError) as caught:
        sa.score_upload(name, data, ENGINE)
    assert caught.value.kind == kind
    assert caught.value.name == name
    assert detail in caught.value.detail


def test_a_missing_column_is_named_with_a_hint() -> None:
    data = SAMPLE.read_bytes().replace(b",region,", b",regoin,", 1)
    with pytest.raises(sa.UploadError) as caught:
        sa.score_upload("survey.csv", data, ENGINE)
    assert caught.value.kind == "columns"
    assert "region (found 'regoin'?)" in caught.value.detail


def test_an_excel_file_is_scored_like_the_same_csv(tmp_path: Path) -> None:
    rows = small_survey()
    frame = pd.read_csv(io.BytesIO(csv_of(rows)), dtype=str, keep_default_na=False)
    path = tmp_path / "survey.xlsx"
    frame.to_excel(path, index=False)
    from_csv = sa.score_upload("survey.csv", csv_of(rows), ENGINE)
    from_xlsx = sa.score_upload("Survey.XLSX", path.read_bytes(), ENGINE)
    assert from_xlsx.scored == from_csv.scored == 14
    assert from_xlsx.frame["top1"].tolist() == from_csv.frame["top1"].tolist()


def test_progress_is_reported_stage_by_stage_up_to_every_row() -> None:
    seen: dict[str, list[int]] = {}

    def progress(label: str, total: int) -> Any:
        seen[label] = [total]
        return seen[label].append

    scored = sa.score_upload("survey.csv", csv_of(small_survey()), ENGINE, progress=progress)
    assert list(seen) == ["reading", "checking", "scoring"]
    assert seen["reading"] == [1, 1]
    assert seen["checking"] == [1, 1]
    total, *steps = seen["scoring"]
    assert total == scored.scored == sum(steps)


def test_the_sample_survey_scores_every_row() -> None:
    scored = sa.score_upload(SAMPLE.name, SAMPLE.read_bytes(), ENGINE)
    assert (scored.rows, scored.scored, scored.rejected) == (9, 9, 0)
    assert scored.engine_version == ENGINE.version
    assert scored.library_version == ENGINE.library_version


# ---------------------------------------------------------------------------- aggregation


def naive_means(
    rows: list[dict[str, Any]], by: str, columns: list[str], min_group: int, offset: float = 0.0
) -> dict[tuple[str, str], float]:
    """Mean of each column within each group, by hand; NaN for a group below ``min_group``."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(r[by], []).append(r)
    out = {}
    for group, members in groups.items():
        for column in columns:
            values = [float(m[column]) - offset for m in members]
            out[column, group] = sum(values) / len(values) if len(values) >= min_group else math.nan
    return out


@pytest.mark.parametrize("by", ["region", "sector"])
def test_aggregated_needs_and_maturity_equal_a_naive_computation(by: str) -> None:
    rows = small_survey()
    scored = sa.score_upload("survey.csv", csv_of(rows), ENGINE)
    analysis = sa.analyse(scored.frame, ENGINE, table=scored.table, min_group=3)
    summary = analysis.summaries[by]

    needs = naive_means(rows, by, [f"needs_{k}" for k in KINDS], 3)
    assert set(summary.needs.columns) == {r[by] for r in rows}
    for kind in KINDS:
        for group in summary.needs.columns:
            expected = needs[f"needs_{kind}", group]
            got = summary.needs.at[kind, group]
            assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)
    maturity = naive_means(rows, by, [f"maturity_{d}" for d in DIMENSIONS], 3, offset=1.0)
    for dim in DIMENSIONS:
        for group in summary.maturity.columns:
            expected = maturity[f"maturity_{dim}", group]
            got = summary.maturity.at[dim, group]
            assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)
    if by == "region":  # Oslo has 2 respondents: hidden
        assert summary.needs["oslo"].isna().all()
        assert not summary.needs["lorraine"].isna().any()


def test_first_recommendations_by_group_equal_a_naive_count() -> None:
    rows = small_survey()
    scored = sa.score_upload("survey.csv", csv_of(rows), ENGINE)
    analysis = sa.analyse(scored.frame, ENGINE, table=scored.table, min_group=3)
    firsts = scored.frame["top1"].tolist()
    assert sum(analysis.recommended.values()) == 14
    for setup in set(firsts):
        assert analysis.recommended[setup] == firsts.count(setup)
    shares = analysis.setups["region"]
    assert list(shares.index) == list(analysis.recommended)  # most recommended first
    for region in ("lorraine", "murcia"):
        members = [f for f, r in zip(firsts, rows, strict=True) if r["region"] == region]
        for setup in shares.index:
            assert shares.at[setup, region] == pytest.approx(members.count(setup) / len(members))
    assert shares["oslo"].isna().all()  # 2 respondents: hidden
    # every group's shares add up to one
    assert shares[["lorraine", "murcia"]].sum().tolist() == pytest.approx([1.0, 1.0])


def test_a_smallest_group_of_one_shows_every_cell() -> None:
    scored = sa.score_upload("survey.csv", csv_of(small_survey()), ENGINE)
    analysis = sa.analyse(scored.frame, ENGINE, table=scored.table, min_group=1)
    assert not analysis.summaries["region"].needs.isna().any().any()
    assert not analysis.setups["region"].isna().any().any()


def test_a_workshop_frame_is_validated_and_its_bad_rows_left_out() -> None:
    from scoring.aggregate import answers_frame

    good = {
        "schema_version": 1,
        "actor_type": "sme",
        "sector": "wood",
        "value_chain": "subcontractor",
        "region": "lorraine",
        "employees": 35,
        "budget_eur_per_year": 3000,
        "staff_hours_per_week": 4,
        "first_results_within_weeks": 12,
        "willing_to_share": "non_sensitive",
        "maturity": dict.fromkeys(DIMENSIONS, 2),
        "needs": {"regulatory": 3},
    }
    summary = {"top": [{"template_id": "chamber_shared_watch", "score": 80}]}
    frame = answers_frame([(good, summary)] * 3 + [({**good, "sector": "nope"}, summary)])
    analysis = sa.analyse(frame, ENGINE, min_group=3)
    assert (analysis.respondents, analysis.rejected) == (3, 1)
    assert analysis.recommended == {"chamber_shared_watch": 3}
    assert analysis.setups["region"].at["chamber_shared_watch", "lorraine"] == 1.0


# ---------------------------------------------------------------------------- comparison


def test_the_comparison_gives_the_right_differences() -> None:
    first_rows = small_survey(seed=1)
    second_rows = small_survey(seed=2)[:9]
    first = sa.score_upload("a.csv", csv_of(first_rows), ENGINE)
    second = sa.score_upload("b.csv", csv_of(second_rows), ENGINE)
    a = sa.analyse(first.frame, ENGINE, table=first.table)
    b = sa.analyse(second.frame, ENGINE, table=second.table)
    found = sa.compare(a.summaries["region"], b.summaries["region"])

    assert found.respondents == (14, 9)
    for kind in KINDS:
        mean_a = sum(r[f"needs_{kind}"] for r in first_rows) / 14
        mean_b = sum(r[f"needs_{kind}"] for r in second_rows) / 9
        assert found.needs.at[kind, "first"] == pytest.approx(mean_a)
        assert found.needs.at[kind, "second"] == pytest.approx(mean_b)
        assert found.needs.at[kind, "difference"] == pytest.approx(mean_b - mean_a)
    firsts_a, firsts_b = first.frame["top1"].tolist(), second.frame["top1"].tolist()
    assert set(found.setups.index) == set(firsts_a) | set(firsts_b)
    for setup, line in found.setups.iterrows():
        assert line["first_count"] == firsts_a.count(setup)
        assert line["second_count"] == firsts_b.count(setup)
        share_a, share_b = firsts_a.count(setup) / 14, firsts_b.count(setup) / 9
        assert line["first_share"] == pytest.approx(share_a)
        assert line["second_share"] == pytest.approx(share_b)
        assert line["difference"] == pytest.approx(share_b - share_a)
    totals = (found.setups["first_count"] + found.setups["second_count"]).tolist()
    assert totals == sorted(totals, reverse=True)


def test_a_survey_compared_with_itself_differs_by_nothing() -> None:
    scored = sa.score_upload(SAMPLE.name, SAMPLE.read_bytes(), ENGINE)
    summary = sa.analyse(scored.frame, ENGINE, table=scored.table, min_group=1).summaries["region"]
    found = sa.compare(summary, summary)
    assert (found.needs["difference"] == 0).all()
    assert (found.setups["difference"] == 0).all()


# ---------------------------------------------------------------------------- exports


def test_the_scored_csv_is_what_the_batch_command_writes(tmp_path: Path) -> None:
    rows = small_survey()
    rows[3] = {**rows[3], "region": "atlantis"}
    data = csv_of(rows)
    source = tmp_path / "survey.csv"
    source.write_bytes(data)
    target = tmp_path / "scored.csv"
    assert main(["batch", str(source), "-o", str(target)]) == 0
    scored = sa.score_upload("survey.csv", data, ENGINE)
    assert sa.scored_csv(scored, ENGINE) == target.read_bytes()
    lines = list(csv.DictReader(io.StringIO(target.read_text())))
    assert lines[3]["error"].startswith("region: 'atlantis' is not allowed")
    assert {line["engine_version"] for line in lines} == {ENGINE.version}


def test_a_respondent_id_that_looks_like_a_formula_is_neutralised_in_the_scored_csv() -> None:
    rows = small_survey()
    rows[0] = {**rows[0], "respondent_id": '=HYPERLINK("x")'}
    scored = sa.score_upload("survey.csv", csv_of(rows), ENGINE)
    out = list(csv.DictReader(io.StringIO(sa.scored_csv(scored, ENGINE).decode())))
    assert out[0]["respondent_id"] == '\'=HYPERLINK("x")'


def stamp(source: str = "survey.csv") -> sa.Stamp:
    return sa.Stamp(source, ENGINE.version, ENGINE.library_version, WHEN, "fr", min_group=3)


def test_the_aggregate_csv_holds_every_table_stamped_and_formula_safe() -> None:
    rows = small_survey()
    scored = sa.score_upload("survey.csv", csv_of(rows), ENGINE)
    analysis = sa.analyse(scored.frame, ENGINE, table=scored.table)
    labels = sa.Labels(regions={"lorraine": "Lorraine", "murcia": "=Murcie"})
    data = sa.aggregate_csv(analysis, labels, stamp("=cmd|' /C calc'!A0.csv"))
    assert data.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert list(table.columns) == [
        *sa.AGGREGATE_COLUMNS,
        "source",
        "min_group",
        "engine_version",
        "library_version",
        "generated_at",
        "language",
    ]
    assert set(table["table"]) == {
        "respondents",
        "maturity",
        "needs",
        "recommended",
        "recommended_share",
        "pooling",
        "pooling_setup",
    }
    assert set(table["source"]) == {"'=cmd|' /C calc'!A0.csv"}
    assert set(table["engine_version"]) == {ENGINE.version}
    assert set(table["generated_at"]) == {"2026-11-26T09:30:00Z"}
    assert "'=Murcie" in set(table["group_label"])
    needs = table[(table["table"] == "needs") & (table["by"] == "region")]
    lorraine = needs[(needs["group"] == "lorraine") & (needs["item"] == "regulatory")]
    expected = sum(r["needs_regulatory"] for r in rows if r["region"] == "lorraine") / 6
    assert float(lorraine["value"].iloc[0]) == pytest.approx(expected, abs=1e-3)
    assert int(lorraine["respondents"].iloc[0]) == 6
    # a hidden cell has its count and no value
    oslo = needs[needs["group"] == "oslo"]
    assert set(oslo["value"]) == {""}
    assert set(oslo["respondents"].astype(str)) == {"2"}
    counts = table[(table["table"] == "respondents") & (table["by"] == "region")]
    assert dict(zip(counts["group"], counts["value"].astype(str), strict=True)) == {
        "lorraine": "6",
        "murcia": "6",
        "oslo": "2",
    }


def test_the_comparison_csv_says_what_is_compared() -> None:
    scored = sa.score_upload(SAMPLE.name, SAMPLE.read_bytes(), ENGINE)
    summary = sa.analyse(scored.frame, ENGINE, table=scored.table).summaries["region"]
    data = sa.comparison_csv(
        sa.compare(summary, summary), sa.Labels(), ("a.csv", "@b.csv"), stamp()
    )
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert set(table["table"]) == {"needs", "recommended_share"}
    assert set(table["second_source"]) == {"'@b.csv"}
    assert set(table["first_respondents"]) == {9}
    assert len(table[table["table"] == "needs"]) == len(KINDS)


def test_the_workbook_has_an_about_sheet_and_formula_safe_cells() -> None:
    frame = pd.DataFrame({"Name": ["=1+1", "plain"], "Value": [1.5, math.nan]})
    data = sa.tables_xlsx(
        [("Needs: by region?", frame), ("Needs: by region?", frame), ("x" * 40, frame)],
        [("About", ""), ("Engine version", ENGINE.version), ("Source", "+evil.csv")],
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["About", "Needs  by region", "Needs  by region (2)", "x" * 31]
    about = [tuple(r) for r in book["About"].iter_rows(values_only=True)]
    assert ("Engine version", ENGINE.version) in about
    assert ("Source", "'+evil.csv") in about
    rows = list(book["Needs  by region"].iter_rows(values_only=True))
    assert rows == [("Name", "Value"), ("'=1+1", 1.5), ("plain", None)]
    assert book["Needs  by region"]["A2"].data_type == "s"  # text, not a formula
