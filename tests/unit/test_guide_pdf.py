"""The guide books as PDF (``reports.render_pdf``) and ``python -m reports guide --format pdf``.

Checked:
- the personal guide of the sample answers file and the general guide render to PDF bytes, the
  same bytes twice (fixed creation date), with the title and language in the metadata;
- their text, read back with ``pdftotext``, contains the set-up name and the tool names;
- a French guide contains French headings; a document in Greek, German, Spanish, Norwegian and
  French comes back letter for letter (the embedded DejaVu font covers them all);
- the personal guide's PDF has its roadmap section (timeline drawn, phase names as text), in
  English and in French;
- the command writes a PDF with ``-o`` and exits 0; without ``-o`` it exits 2 and says why.

``pdftotext`` comes from Debian's ``poppler-utils`` (``make test`` installs it): without it these
tests are skipped on a workstation and fail on CI.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from pathlib import Path

import pytest

from reports import render_pdf
from reports.__main__ import main
from reports.guide import (
    Document,
    Facts,
    GeneralGuide,
    Heading,
    Item,
    Items,
    Link,
    Note,
    Paragraph,
    PersonalGuide,
    Table,
    build_general_guide,
    build_personal_guide,
)
from scoring.answers import load_answers
from tests.unit.helpers import SAMPLE_ANSWERS, pdftotext

DAY = dt.date(2025, 3, 14)

#: Text in the languages of the project's users and partners; Greek is the one most fonts lack.
MULTILINGUAL = {
    "el": "Κεντρική Μακεδονία: Περιφερειακή Αναπτυξιακή Εταιρεία",
    "fr": "Étape par étape : veille réglementaire, coûts à l'œil",
    "de": "Größere Unternehmen überwachen Märkte",
    "es": "Señales débiles en España y Andalucía",
    "no": "Trøndelag: små bedrifter i Ålesund og Tromsø",
}


@functools.cache
def _personal(lang: str = "en") -> PersonalGuide:
    return build_personal_guide(load_answers(SAMPLE_ANSWERS), lang=lang, generated_on=DAY)


@functools.cache
def _general(lang: str = "en") -> GeneralGuide:
    return build_general_guide(lang, generated_on=DAY)


@functools.cache
def _personal_pdf(lang: str = "en") -> bytes:
    return render_pdf.render_guide(_personal(lang))


@functools.cache
def _general_pdf(lang: str = "en") -> bytes:
    return render_pdf.render_guide(_general(lang))


def _pdftotext(data: bytes, tmp_path: Path) -> str:
    return pdftotext(data, tmp_path, "guide.pdf")


def _squeeze(text: str) -> str:
    """Text without any whitespace: a name wrapped over two lines (or cells) still matches."""
    return "".join(text.split())


def _contains(text: str, phrase: str) -> bool:
    return _squeeze(phrase) in _squeeze(text)


# --- bytes and metadata ----------------------------------------------------------------------


@pytest.mark.parametrize("make", [_personal_pdf, _general_pdf], ids=["personal", "general"])
def test_guides_render_to_pdf_bytes(make) -> None:
    data = make()
    assert isinstance(data, bytes)
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert b"/Lang (en)" in data
    assert b"DejaVuSans" in data  # the font is embedded
    assert b"D:20250314" in data  # the guide's date as creation date


def test_same_guide_gives_the_same_bytes() -> None:
    assert render_pdf.render_guide(_personal()) == _personal_pdf()


def test_undated_document_gets_a_fixed_creation_date() -> None:
    document = Document(lang="en", title="T", subtitle=(), blocks=(Paragraph("x"),))
    first = render_pdf.render_pdf(document)
    assert first == render_pdf.render_pdf(document)
    assert b"D:20000101" in first


# --- text read back --------------------------------------------------------------------------


def test_personal_pdf_names_the_setup_and_its_tools(tmp_path: Path) -> None:
    guide = _personal()
    text = _pdftotext(_personal_pdf(), tmp_path)
    assert _contains(text, guide.setup.name)
    names = {fit.tool.name for stage in guide.stages for fit in stage.tools}
    assert len(names) >= 3, "the sample guide should name several tools"
    missing = sorted(n for n in names if not _contains(text, n))
    assert not missing, f"tools missing from the PDF text: {missing}"
    assert "guide." not in text  # no untranslated key


def test_general_pdf_names_every_setup_and_tool(tmp_path: Path) -> None:
    guide = _general()
    text = _pdftotext(_general_pdf(), tmp_path)
    for setup in guide.setups:
        assert _contains(text, setup.name), setup.name
    names = {tool.name for stage in guide.stages for tool in stage.tools}
    missing = sorted(n for n in names if not _contains(text, n))
    assert not missing, f"tools missing from the PDF text: {missing}"


def test_french_pdf_has_french_headings(tmp_path: Path) -> None:
    guide = _personal("fr")
    data = _personal_pdf("fr")
    assert b"/Lang (fr)" in data
    text = _pdftotext(data, tmp_path)
    assert "Étape par étape" in text
    assert "Indicateurs à suivre" in text
    assert _contains(text, guide.setup.name)
    assert guide.setup.name != _personal().setup.name  # translated content


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        ("en", ("Roadmap and investment", "Phases, costs and milestones", "Weeks from the start")),
        ("fr", ("Feuille de route et investissement", "Mise en œuvre", "Utilisation courante")),
    ],
)
def test_personal_pdf_contains_the_roadmap(
    lang: str, phrases: tuple[str, ...], tmp_path: Path
) -> None:
    guide = _personal(lang)
    assert guide.roadmap is not None
    text = _pdftotext(_personal_pdf(lang), tmp_path)
    for phrase in phrases:
        assert _contains(text, phrase), phrase
    for phase in guide.roadmap.phases:
        assert _contains(text, phase.name), phase.name
        assert _contains(text, phase.milestone), phase.milestone
    for entry in guide.roadmap.comparison:
        assert _contains(text, entry.name), entry.name


def test_greek_and_other_languages_come_back_letter_for_letter(tmp_path: Path) -> None:
    document = Document(
        lang="el",
        title="Οδηγός: Κεντρική Μακεδονία",
        subtitle=("Ελληνικά, français, Deutsch, español, norsk",),
        contents_label="Περιεχόμενα",
        blocks=(
            Heading(2, "Πηγές προς παρακολούθηση", "sources"),
            Paragraph(MULTILINGUAL["el"]),
            Note(MULTILINGUAL["fr"]),
            Heading(3, "Γλώσσες"),
            Items(
                tuple(
                    Item(text, label=f"{lang}:", url="https://example.org/" + lang)
                    for lang, text in MULTILINGUAL.items()
                )
            ),
            Facts((("Περιφέρεια", "Κεντρική Μακεδονία"), ("Région", "Trøndelag"))),
            Table(
                "Εργαλεία",
                ("Όνομα", "Γλώσσα", "Σημείωση"),
                tuple(
                    (Link(text.split(":")[0], "https://example.org"), lang, text)
                    for lang, text in MULTILINGUAL.items()
                ),
            ),
        ),
    )
    data = render_pdf.render_pdf(document)
    assert data.startswith(b"%PDF-")
    text = _pdftotext(data, tmp_path)
    for phrase in (*MULTILINGUAL.values(), "Κεντρική Μακεδονία", "Περιεχόμενα", "Εργαλεία"):
        assert _contains(text, phrase), phrase
    assert "Κεντρική Μακεδονία" in text  # on one line, letter for letter


def test_greek_names_in_a_guide_come_back(tmp_path: Path) -> None:
    """A guide whose region is Greek: the names from the knowledge base reach the PDF."""
    guide = _personal()
    greek = dataclasses.replace(guide, region_name="Κεντρική Μακεδονία")
    text = _pdftotext(render_pdf.render_guide(greek), tmp_path)
    assert "Κεντρική Μακεδονία" in text


# --- the command -----------------------------------------------------------------------------


def test_cli_writes_a_personal_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.pdf"
    assert main(["guide", str(SAMPLE_ANSWERS), "--format", "pdf", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert "wrote" in capsys.readouterr().err
    assert _contains(_pdftotext(data, tmp_path), _personal().setup.name)


def test_cli_pdf_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide", str(SAMPLE_ANSWERS), "--format", "pdf"]) == 2
    captured = capsys.readouterr()
    assert "--format pdf needs -o FILE" in captured.err
    assert captured.out == ""
