"""The roadmap and investment report (``reports.roadmap_report``): content, document, renders,
CSV and ``python -m reports roadmap``.

Checked:
- the phase costs of the report add up to its total, which is the set-up cost plus three years
  of running cost, for every persona and for every set-up;
- the comparison has the top three recommended set-ups with their three-year totals, and the
  chosen set-up when it is not among them; next set-ups and regional support come from the
  recommendation and the region;
- the document has the timeline (bars = phases, marks = milestones) and the phase table; the
  budget sentence says whether three years of budget cover the total;
- the PDF's text (pdftotext) has the set-up and phase names, in French too; the timeline is
  drawn, not pasted as an image;
- HTML escapes a hostile label in the timeline's SVG; Markdown escapes it too;
- the CSV parses back with its stable columns, numbers as numbers, formulas neutralised;
- the command writes md, html, pdf and csv and refuses pdf without ``-o``.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import html
import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from reports import render_html, render_markdown, render_pdf
from reports.__main__ import main
from reports.document import (
    Document,
    Heading,
    Table,
    Timeline,
    TimelineBar,
    week_ticks,
)
from reports.roadmap import PHASES, ROW_COLUMNS, roadmap_rows
from reports.roadmap_report import (
    CSV_COLUMNS,
    RoadmapReport,
    budget_fit,
    build_roadmap_report,
    roadmap_csv,
    roadmap_document,
)
from reports.words import GuideError
from scoring.answers import Answers, load_answers, parse_answers
from scoring.recommend import recommend
from templates_library import Library, load_library
from tests.unit.helpers import SAMPLE_ANSWERS, sample_answers
from tests.unit.test_guide_pdf import _contains, _pdftotext
from tests.unit.test_personas import PERSONAS, Persona

DAY = dt.date(2025, 3, 14)
HOSTILE = '<script>alert("x")</script> & "quotes" \'too\''


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


@functools.cache
def _sample() -> tuple[Answers, dict[str, Any]]:
    answers = load_answers(SAMPLE_ANSWERS)
    return answers, recommend(answers, robustness=False)


@functools.cache
def _report(setup_id: str | None = None, lang: str = "en") -> RoadmapReport:
    answers, result = _sample()
    return build_roadmap_report(answers, result, setup_id=setup_id, lang=lang, generated_on=DAY)


@functools.cache
def _pdf(lang: str = "en") -> bytes:
    report = _report(lang=lang)
    return render_pdf.render(roadmap_document(report), report.generated_on)


def _check_sums(report: RoadmapReport, library: Library) -> None:
    template = library.templates[report.setup_id]
    low = template.setup_cost_eur.min + 3 * template.cost_eur_per_year.min
    high = template.setup_cost_eur.max + 3 * template.cost_eur_per_year.max
    assert sum(p.total.low for p in report.phases) == pytest.approx(report.total.low)
    assert sum(p.total.high for p in report.phases) == pytest.approx(report.total.high)
    assert (report.total.low, report.total.high) == (pytest.approx(low), pytest.approx(high))
    for phase in report.phases:
        assert phase.total.low == pytest.approx(phase.setup_cost.low + phase.running_cost.low)
        assert phase.total.high == pytest.approx(phase.setup_cost.high + phase.running_cost.high)
    # the set-up cost falls once, in the implantation
    assert sum(p.setup_cost.high for p in report.phases) == template.setup_cost_eur.max
    assert report.setup_cost.high + 3 * report.yearly_cost.high == pytest.approx(high)


# --- content -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", [pytest.param(p, id=p.id) for p in PERSONAS])
def test_phase_costs_add_up_for_each_persona(persona: Persona, library: Library) -> None:
    answers = parse_answers(persona.answers)
    result = recommend(answers, robustness=False)
    report = build_roadmap_report(answers, result)
    assert report.setup_id == result["recommendations"][0]["template_id"]
    assert [p.key for p in report.phases] == list(PHASES)
    _check_sums(report, library)


def test_phase_costs_add_up_for_every_setup(library: Library) -> None:
    answers, result = _sample()
    for template_id in library.templates:
        _check_sums(build_roadmap_report(answers, result, setup_id=template_id), library)


def test_phases_are_translated_with_milestones_and_kpis(library: Library) -> None:
    report = _report()
    template = library.templates[report.setup_id]
    assert [p.name for p in report.phases] == ["Implantation", "Implementation", "Routine use"]
    assert report.phases[0].milestone == "First useful results delivered"
    assert report.phases[0].kpis == ()
    assert report.phases[1].kpis == tuple(k.name for k in template.kpis)
    assert all(p.description and "FTE" in p.staff for p in report.phases)
    french = _report(lang="fr")
    assert [p.name for p in french.phases] == [
        "Implantation",
        "Mise en œuvre",
        "Utilisation courante",
    ]
    assert french.setup_name != report.setup_name  # the content catalogue translates it


def test_comparison_has_the_top_three_with_their_three_year_totals(library: Library) -> None:
    report = _report()
    _, result = _sample()
    top = [r["template_id"] for r in result["recommendations"][:3]]
    assert [s.template_id for s in report.comparison] == top
    assert [s.rank for s in report.comparison] == [1, 2, 3]
    assert [s.chosen for s in report.comparison] == [True, False, False]
    for entry in report.comparison:
        template = library.templates[entry.template_id]
        expected_low = template.setup_cost_eur.min + 3 * template.cost_eur_per_year.min
        expected_high = template.setup_cost_eur.max + 3 * template.cost_eur_per_year.max
        assert entry.three_years.low == pytest.approx(expected_low)
        assert entry.three_years.high == pytest.approx(expected_high)
        assert entry.setup.high == template.setup_cost_eur.max
        assert entry.yearly.high == template.cost_eur_per_year.max


def test_a_chosen_setup_outside_the_top_three_is_added(library: Library) -> None:
    report = _report("internal_watch_cell_platform")  # excluded for the sample's budget
    assert len(report.comparison) == 4
    last = report.comparison[-1]
    assert (last.template_id, last.rank, last.chosen) == (
        "internal_watch_cell_platform",
        None,
        True,
    )
    assert build_roadmap_report(*_sample(), compare_top=1).comparison[0].rank == 1


def test_next_setups_follow_the_maturity_path(library: Library) -> None:
    _, result = _sample()
    first = _report()
    assert [s.template_id for s in first.next_setups] == [
        step["template_id"] for step in result["roadmap"]
    ]
    assert first.roadmap.next_setups == tuple(s.template_id for s in first.next_setups)
    second_id = result["recommendations"][1]["template_id"]
    second = _report(second_id)
    assert [s.template_id for s in second.next_setups] == list(
        library.templates[second_id].grows_into
    )


def test_support_comes_from_the_region(library: Library) -> None:
    report = _report()
    region = library.regions["lorraine"]
    assert report.region_name == region.name
    names = [s.name for s in report.support]
    assert names == [i.name for i in region.intermediaries] + [
        s.name for s in region.support_schemes
    ]
    kinds = {s.kind for s in report.support}
    assert kinds == {"intermediary", "scheme"}
    assert all(s.type for s in report.support)
    assert report.budget_eur_per_year == 3000
    assert report.budget_three_years == 9000


def test_errors_are_the_guide_errors() -> None:
    answers, result = _sample()
    with pytest.raises(GuideError, match="did you mean 'chamber_shared_watch'"):
        build_roadmap_report(answers, result, setup_id="chamber_shared_wach")
    with pytest.raises(GuideError, match="No set-up fits"):
        build_roadmap_report(answers, {"recommendations": [], "excluded": []})


# --- the document ----------------------------------------------------------------------------


def test_document_has_the_timeline_and_the_phase_table() -> None:
    report = _report()
    document = roadmap_document(report)
    timelines = [b for b in document.blocks if isinstance(b, Timeline)]
    assert len(timelines) == 1
    timeline = timelines[0]
    assert [b.label for b in timeline.bars] == [p.name for p in report.phases]
    assert [(b.start, b.end) for b in timeline.bars] == [
        (p.start_week, p.end_week) for p in report.phases
    ]
    assert [label for _, label in timeline.marks] == [p.milestone for p in report.phases]
    assert timeline.axis == "Weeks from the start"
    tables = [b for b in document.blocks if isinstance(b, Table)]
    phases = next(t for t in tables if t.headers[0] == "Phase")
    assert phases.headers == (
        "Phase",
        "Weeks",
        "Set-up cost",
        "Running cost",
        "Phase total",
        "Staff time",
        "Milestone at the end",
        "Indicators measured",
    )
    assert [row[0] for row in phases.rows] == [p.name for p in report.phases]
    compare = next(t for t in tables if t.headers[0] == "Set-up")
    assert len(compare.rows) == 3
    assert "(this roadmap)" in str(compare.rows[0][0])
    assert document.title == f"Roadmap and investment: {report.setup_name}"
    assert [h.text for h in document.sections()] == [
        "Phases, costs and milestones",
        "Investment over 3 years",
        "Next steps and support",
    ]


@pytest.mark.parametrize(
    ("setup_id", "verdict", "phrase"),
    [
        ("chamber_shared_watch", "within", "enough even at the highest figure"),
        ("consultant_needs_audit_setup", "partly", "enough at the lowest figure"),
        ("internal_watch_cell_platform", "over", "less than even the lowest figure"),
    ],
)
def test_the_total_is_compared_with_three_years_of_budget(
    setup_id: str, verdict: str, phrase: str
) -> None:
    report = _report(setup_id)
    assert budget_fit(report.total, report.budget_three_years) == verdict
    markdown = render_markdown.render(roadmap_document(report))
    assert phrase in markdown
    assert "9,000 EUR over 3 years" in markdown


def test_markdown_and_html_name_the_setup_and_phases() -> None:
    report = _report()
    document = roadmap_document(report)
    markdown = render_markdown.render(document)
    page = render_html.render(document)
    for name in (report.setup_name, *(p.name for p in report.phases)):
        assert render_markdown.escape(name) in markdown
        assert html.escape(name) in page
    for text in (markdown, page):
        assert "guide." not in text, "a catalogue key is missing"
        assert "roadmap." not in text, "a catalogue key is missing"
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in page
    assert "<desc>Implantation: weeks 0 to " in page


def test_week_ticks_follow_the_span() -> None:
    assert week_ticks(156) == [13.0 * i for i in range(13)]
    assert week_ticks(10) == [float(i) for i in range(11)]
    assert week_ticks(30) == [0.0, 4.0, 8.0, 12.0, 16.0, 20.0, 24.0, 28.0]


# --- escaping --------------------------------------------------------------------------------


def _hostile_document() -> Document:
    return Document(
        lang="en",
        title="T",
        subtitle=(),
        blocks=(
            Heading(2, "Plan", "plan"),
            Timeline(
                caption=f"Caption {HOSTILE}",
                axis=f"Axis {HOSTILE}",
                bars=(
                    TimelineBar(HOSTILE, 0, 10, f"detail {HOSTILE}"),
                    TimelineBar("Κεντρική Μακεδονία", 10, 52, "| pipe | in detail"),
                ),
                marks=((10.0, f"mark {HOSTILE}"), (52.0, "Τέλος")),
            ),
        ),
    )


def test_html_escapes_a_hostile_label_in_the_timeline() -> None:
    page = render_html.render(_hostile_document())
    assert "<script>" not in page
    assert html.escape(HOSTILE) in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "<text x=" in svg
    assert html.escape(HOSTILE) in svg
    label = re.search(r'<svg [^>]*aria-label="([^"]*)"', svg)
    assert label is not None
    assert html.unescape(label.group(1)) == f"Caption {HOSTILE}"
    assert "<title>Caption &lt;script&gt;" in svg
    # nothing but the drawing's own elements inside the SVG
    tags = set(re.findall(r"<([a-z]+)[\s>/]", svg))
    assert tags <= {"svg", "title", "desc", "line", "text", "rect", "polygon"}
    # the data follows as tables, for screen readers and text browsers
    assert '<th scope="row">&lt;script&gt;' in page


def test_markdown_writes_the_timeline_as_escaped_tables() -> None:
    markdown = render_markdown.render(_hostile_document())
    assert "<script>" not in markdown
    assert render_markdown.escape(HOSTILE) in markdown
    assert "| Phase | Start week | End week | Cost and staff time |" in markdown
    assert "| Milestone | Week |" in markdown
    assert "\\| pipe \\| in detail" in markdown


def test_a_timeline_is_drawn_in_the_pdf(tmp_path: Path) -> None:
    data = render_pdf.render(_hostile_document())
    assert b"/Subtype /Image" not in data  # vector drawing, not a picture
    text = _pdftotext(data, tmp_path)
    for phrase in (HOSTILE, "Κεντρική Μακεδονία", "Τέλος", "Axis"):
        assert _contains(text, phrase), phrase


# --- PDF -------------------------------------------------------------------------------------


def test_roadmap_pdf_names_the_setup_and_the_phases(tmp_path: Path) -> None:
    report = _report()
    data = _pdf()
    assert data.startswith(b"%PDF-")
    assert b"/Lang (en)" in data
    assert b"D:20250314" in data
    text = _pdftotext(data, tmp_path)
    assert _contains(text, report.setup_name)
    for phase in report.phases:
        assert _contains(text, phase.name)
        assert _contains(text, phase.milestone)
    for entry in report.comparison:
        assert _contains(text, entry.name)
    assert _contains(text, "Weeks from the start")
    assert "roadmap." not in text
    assert "guide." not in text


def test_french_roadmap_pdf_has_french_phase_names(tmp_path: Path) -> None:
    report = _report(lang="fr")
    data = _pdf("fr")
    assert b"/Lang (fr)" in data
    text = _pdftotext(data, tmp_path)
    for phrase in ("Mise en œuvre", "Utilisation courante", "Semaines depuis le démarrage"):
        assert _contains(text, phrase), phrase
    assert _contains(text, report.setup_name)
    assert _contains(text, "Premiers résultats utiles livrés")


# --- CSV -------------------------------------------------------------------------------------


def _read_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    assert text.startswith("\ufeff"), "a byte-order mark, so that Excel reads accents"
    reader = csv.DictReader(io.StringIO(text[1:], newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_csv_parses_back_with_stable_columns_and_numbers(library: Library) -> None:
    report = _report()
    text = roadmap_csv(report)
    columns, rows = _read_csv(text)
    assert columns == list(CSV_COLUMNS)
    assert columns[: len(ROW_COLUMNS)] == list(ROW_COLUMNS)
    assert list(roadmap_rows(report.roadmap)[0]) == list(ROW_COLUMNS)
    assert [r["phase"] for r in rows] == list(PHASES)
    assert [r["phase_name"] for r in rows] == [p.name for p in report.phases]
    assert [r["milestone_name"] for r in rows] == [p.milestone for p in report.phases]
    assert {r["setup_name"] for r in rows} == {report.setup_name}
    assert {r["library_version"] for r in rows} == {report.library_version}
    numbers = [c for c in columns if c.endswith(("_eur", "_week")) or c.startswith("fte_")]
    for row in rows:
        for column in numbers:
            float(row[column])  # a number, not text
    total_high = sum(
        float(r["setup_cost_max_eur"]) + float(r["running_cost_max_eur"]) for r in rows
    )
    assert total_high == pytest.approx(report.total.high, abs=0.05)
    # numbers are written bare (no quotes), rows end with CRLF like the recommendation's CSV
    first_row = text.split("\r\n")[1]
    assert first_row.startswith(f"{report.setup_id},implantation,0,")


def test_csv_neutralises_formulas() -> None:
    report = dataclasses.replace(_report(), setup_name='=HYPERLINK("http://evil","x")')
    _, rows = _read_csv(roadmap_csv(report))
    assert {r["setup_name"] for r in rows} == {'\'=HYPERLINK("http://evil","x")'}


def test_french_csv_keeps_machine_columns_and_translates_names() -> None:
    columns, rows = _read_csv(roadmap_csv(_report(lang="fr")))
    assert columns == list(CSV_COLUMNS)
    assert [r["phase"] for r in rows] == list(PHASES)
    assert rows[1]["phase_name"] == "Mise en œuvre"


# --- the command -----------------------------------------------------------------------------


def test_cli_writes_every_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _report()
    for fmt in ("md", "html", "pdf", "csv"):
        out = tmp_path / f"roadmap.{fmt}"
        assert main(["roadmap", str(SAMPLE_ANSWERS), "--format", fmt, "-o", str(out)]) == 0
        assert f"wrote {out}" in capsys.readouterr().err
        if fmt == "pdf":
            text = _pdftotext(out.read_bytes(), tmp_path)
            assert _contains(text, report.setup_name)
            continue
        content = out.read_bytes().decode("utf-8")
        if fmt == "csv":
            columns, rows = _read_csv(content)
            assert columns == list(CSV_COLUMNS)
            assert len(rows) == 3
            assert "\r\r\n" not in content
        elif fmt == "html":
            assert html.escape(report.setup_name) in content
            assert "<svg" in content
        else:
            assert render_markdown.escape(report.setup_name) in content


def test_cli_roadmap_options_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["roadmap", str(SAMPLE_ANSWERS), "--format", "pdf"]) == 2
    captured = capsys.readouterr()
    assert "--format pdf needs -o FILE" in captured.err
    assert captured.out == ""
    args = ["roadmap", str(SAMPLE_ANSWERS), "--setup", "internal_watch_cell_platform"]
    assert main([*args, "--lang", "fr"]) == 0
    assert "Cellule de veille interne" in capsys.readouterr().out
    assert main(["roadmap", str(SAMPLE_ANSWERS), "--setup", "internal_cell"]) == 1
    assert "unknown set-up internal_cell" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(sample_answers(budget_eur_per_year="lots")), encoding="utf-8")
    assert main(["roadmap", str(bad), "--format", "csv"]) == 1
    assert "budget_eur_per_year" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["roadmap"])  # the answers file is required
    assert exc.value.code == 2
