"""The guide books: the personal guide of each seed persona and the general guide, as data, as
Markdown and as HTML, and the ``python -m reports guide`` command.

Checked:
- a personal guide names only catalogue tools, each within the persona's yearly budget and
  allowed by its IT capacity, for the recommended set-up and for every other set-up;
- it covers exactly the stages of its set-up and carries KPIs, pitfalls, sector and region
  sources and the three standards;
- the general guide lists every template and every tool;
- the personal guide carries the roadmap of its set-up, laid out by the same code as the
  standalone roadmap; the general guide has none; the document model is re-exported here;
- Markdown and HTML contain the set-up and tool names; HTML escapes a malicious name, Markdown
  escapes pipes inside table cells;
- the command writes files and exits 0 and exits 1 on bad answers or an unknown set-up; the PDF
  is tested in tests/unit/test_guide_pdf.py.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re
import subprocess
import sys
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
import yaml

from reports import document as document_module
from reports import guide as guide_module
from reports import render_html, render_markdown
from reports import words as words_module
from reports.__main__ import main
from reports.guide import (
    Blocks,
    Constraints,
    GeneralGuide,
    GuideError,
    Heading,
    Link,
    PersonalGuide,
    Table,
    Timeline,
    assess_tool,
    build_general_guide,
    build_personal_guide,
    layout,
    words,
)
from reports.roadmap_report import roadmap_blocks
from scoring.answers import Answers, parse_answers
from scoring.recommend import recommend
from templates_library import Library, load_library
from templates_library.guide_texts import load_guide_texts, read_guide_texts
from templates_library.library import PROJECT_ROOT
from templates_library.locales import catalogues
from templates_library.schema import CycleStage, Hosting, ItCapacity
from tests.unit.helpers import SAMPLE_ANSWERS, sample_answers
from tests.unit.test_personas import PERSONAS, Persona

EVIL = '<script>alert("x")</script> | Evil & Co'


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


@functools.cache
def _answers(persona_id: str) -> Answers:
    persona = next(p for p in PERSONAS if p.id == persona_id)
    return parse_answers(persona.answers)


@functools.cache
def _result(persona_id: str) -> dict[str, Any]:
    return recommend(_answers(persona_id), robustness=False)


@functools.cache
def _guide(persona_id: str, lang: str = "en") -> PersonalGuide:
    return build_personal_guide(_answers(persona_id), _result(persona_id), lang=lang)


@functools.cache
def _general(lang: str = "en") -> GeneralGuide:
    return build_general_guide(lang)


def _persona_cases() -> list[Any]:
    return [pytest.param(p, id=p.id) for p in PERSONAS]


def _allowed(library: Library, answers: Answers, tool_id: str) -> bool:
    """The IT rule of data/guide.yaml, restated: some hosting allowed, skill not above the cap."""
    if answers.it_capacity is None:
        return True
    rule = load_guide_texts().tool_fit.it_capacity[answers.it_capacity]
    tool = library.tools[tool_id]
    order = ["basic", "intermediate", "advanced"]
    skill_ok = rule.max_skill is None or order.index(tool.skill_level.value) <= order.index(
        rule.max_skill.value
    )
    return skill_ok and any(h in rule.hosting for h in tool.hosting)


def _check_tools(guide: PersonalGuide, answers: Answers, library: Library) -> None:
    named = guide.tool_ids()
    assert named <= set(library.tools), f"not in the catalogue: {named - set(library.tools)}"
    for tool_id in named:
        tool = library.tools[tool_id]
        assert tool.cost_eur_per_year.min <= answers.budget_eur_per_year, (
            f"{tool_id} costs at least {tool.cost_eur_per_year.min} EUR/year, "
            f"over the budget of {answers.budget_eur_per_year}"
        )
        assert _allowed(library, answers, tool_id), f"{tool_id} needs IT the user does not have"


# --- the knowledge: data/guide.yaml ------------------------------------------------------------


def test_guide_texts_cover_every_stage_and_the_three_standards() -> None:
    texts = load_guide_texts()
    assert set(texts.stages) == set(CycleStage)
    assert {s.id for s in texts.standards} == {"afnor_xp_x50_053", "une_166006", "iso_56006"}
    assert set(texts.tool_fit.it_capacity) == set(ItCapacity)
    # No server for "e-mail and a browser only" or "online services only".
    for capacity in (ItCapacity.none, ItCapacity.saas_only):
        assert Hosting.self_hosted not in texts.tool_fit.it_capacity[capacity].hosting


def test_a_broken_guide_file_is_reported_with_its_line(tmp_path: Path) -> None:
    source = (PROJECT_ROOT / "data" / "guide.yaml").read_text(encoding="utf-8")
    broken = source.replace("    effort: One to three days", "    efort: One to three days", 1)
    assert broken != source
    path = tmp_path / "guide.yaml"
    path.write_text(broken, encoding="utf-8")
    texts, problems = read_guide_texts(path)
    assert texts is None
    messages = [str(p) for p in problems]
    assert any("efort" in m and "did you mean 'effort'" in m for m in messages), messages
    line = next(p.line for p in problems if "efort" in p.message)
    assert broken.splitlines()[line - 1].strip().startswith("efort:")


# --- the personal guide -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", _persona_cases())
def test_personal_guide_names_only_catalogue_tools_within_budget(
    persona: Persona, library: Library
) -> None:
    guide = _guide(persona.id)
    _check_tools(guide, _answers(persona.id), library)
    assert guide.tool_ids(), "a guide that names no tool at all helps nobody"


@pytest.mark.parametrize("persona", _persona_cases())
def test_every_setup_guide_stays_within_the_persona_constraints(
    persona: Persona, library: Library
) -> None:
    # Also for set-ups the persona picks by hand (--setup), recommended or not.
    answers, result = _answers(persona.id), _result(persona.id)
    for template_id in library.templates:
        guide = build_personal_guide(answers, result, setup_id=template_id)
        _check_tools(guide, answers, library)


@pytest.mark.parametrize("persona", _persona_cases())
def test_personal_guide_follows_the_recommended_setup(persona: Persona, library: Library) -> None:
    guide = _guide(persona.id)
    top = _result(persona.id)["recommendations"][0]["template_id"]
    template = library.templates[top]
    assert guide.setup.id == top
    assert [s.text.stage for s in guide.stages] == [
        s.value for s in CycleStage if s in template.cycle_stages
    ]
    assert len(guide.setup.kpis) == len(template.kpis)
    assert len(guide.setup.risks) == len(template.risks)
    assert all(s.text.actions and s.text.pitfalls and s.text.skills for s in guide.stages)
    assert "ranked 1 of" in guide.choice
    assert {s.id for s in guide.standards} == {"afnor_xp_x50_053", "une_166006", "iso_56006"}


@pytest.mark.parametrize("persona", _persona_cases())
def test_personal_guide_lists_sector_and_region_sources(persona: Persona, library: Library) -> None:
    guide = _guide(persona.id)
    sector = library.sectors[persona.answers["sector"]]
    region = library.regions[persona.answers["region"]]
    assert [r.name for r in guide.sector_sources] == [s.name for s in sector.key_sources]
    assert [r.name for r in guide.regulatory_anchors] == [s.name for s in sector.regulatory_anchors]
    assert [r.name for r in guide.intermediaries] == [i.name for i in region.intermediaries]
    assert [r.name for r in guide.support_schemes] == [s.name for s in region.support_schemes]


@pytest.mark.parametrize("persona", _persona_cases())
def test_personal_renders_name_the_setup_and_its_tools(persona: Persona) -> None:
    guide = _guide(persona.id)
    markdown = render_markdown.render_guide(guide)
    page = render_html.render_guide(guide)
    assert render_markdown.escape(guide.setup.name) in markdown
    assert html.escape(guide.setup.name) in page
    for stage in guide.stages:
        for fit in stage.tools:
            assert render_markdown.escape(fit.tool.name) in markdown
            assert html.escape(fit.tool.name) in page
    for text in (markdown, page):
        assert "guide." not in text, "a UI word is missing from the catalogue"


def test_the_sample_answers_give_a_guide(library: Library) -> None:
    answers = parse_answers(yaml.safe_load(SAMPLE_ANSWERS.read_text(encoding="utf-8")))
    guide = build_personal_guide(answers)
    _check_tools(guide, answers, library)


def test_the_profile_speaks_the_guides_language(library: Library) -> None:
    answers = parse_answers(yaml.safe_load(SAMPLE_ANSWERS.read_text(encoding="utf-8")))
    question = next(q for q in library.questionnaire.profile if q.field == "value_chain")
    option = next(o for o in question.options if o.value == answers.value_chain.value)
    cat = catalogues()
    for lang in ("en", "fr"):
        profile = dict(build_personal_guide(answers, lang=lang).profile)
        position = profile[cat.text(lang, "guide.profile.value_chain")]
        assert position == cat.content(
            lang, f"questions.{question.id}.options.{option.value}", option.label
        )
    assert dict(build_personal_guide(answers, lang="fr").profile)[
        cat.text("fr", "guide.profile.value_chain")
    ] != option.label, "the French guide shows the English position"


def test_a_tiny_budget_keeps_only_free_tools(library: Library) -> None:
    answers = parse_answers(sample_answers(budget_eur_per_year=0))
    for template_id in library.templates:
        guide = build_personal_guide(answers, setup_id=template_id)
        for tool_id in guide.tool_ids():
            assert library.tools[tool_id].cost_eur_per_year.min == 0


def test_it_capacity_decides_hosting(library: Library) -> None:
    texts = load_guide_texts()
    w = words("en")
    freshrss = library.tools["freshrss"]  # self-hosted only
    assert freshrss.hosting == [Hosting.self_hosted]

    def verdict(capacity: str | None) -> Any:
        c = Constraints(
            budget=10_000, it_capacity=capacity, language="en", prefers_open_source=None
        )
        rule = texts.tool_fit.it_capacity[ItCapacity(capacity)] if capacity else None
        return assess_tool(freshrss, c, rule, w)

    assert verdict("none").left_out == "hosting"
    assert verdict("saas_only").left_out == "hosting"
    assert verdict("can_self_host").fits
    unknown = verdict(None)
    assert unknown.fits
    assert any("check that your IT" in c for c in unknown.caveats)


def test_open_source_preference_and_language_order_the_tools(library: Library) -> None:
    base = sample_answers(budget_eur_per_year=100_000, it_capacity="can_self_host")
    plain = build_personal_guide(parse_answers(base), setup_id="internal_watch_cell_platform")
    open_first = build_personal_guide(
        parse_answers({**base, "prefers_open_source": True}),
        setup_id="internal_watch_cell_platform",
    )
    for stage in open_first.stages:
        flags = [fit.tool.open_source for fit in stage.tools]
        assert flags == sorted(flags, reverse=True), f"{stage.text.stage}: open source first"
    assert plain.tool_ids() == open_first.tool_ids()
    greek = build_personal_guide(parse_answers({**base, "language": "el"}))
    for stage in greek.stages:
        flags = ["el" in fit.tool.languages for fit in stage.tools]
        assert flags == sorted(flags, reverse=True), f"{stage.text.stage}: Greek first"


def test_a_setup_chosen_against_the_advice_says_why(library: Library) -> None:
    answers = _answers(PERSONAS[0].id)  # the micro sawmill: the internal cell is excluded
    guide = build_personal_guide(
        answers, _result(PERSONAS[0].id), setup_id="internal_watch_cell_platform"
    )
    assert "does not fit your answers" in guide.choice
    assert any("exceeds the budget" in r for r in guide.excluded_reasons)
    _check_tools(guide, answers, library)


def test_unknown_setup_and_nothing_feasible_are_errors() -> None:
    answers = _answers(PERSONAS[0].id)
    with pytest.raises(GuideError, match="did you mean 'chamber_shared_watch'"):
        build_personal_guide(answers, _result(PERSONAS[0].id), setup_id="chamber_shared_wach")
    with pytest.raises(GuideError, match="No set-up fits"):
        build_personal_guide(answers, {"recommendations": [], "excluded": []})


def test_french_guide_uses_french_words() -> None:
    guide = _guide(PERSONAS[0].id, "fr")
    markdown = render_markdown.render_guide(guide)
    assert "Étape par étape" in markdown
    assert "Indicateurs à suivre" in markdown
    assert guide.setup.name != _guide(PERSONAS[0].id).setup.name  # translated content
    assert "guide." not in markdown
    assert '<html lang="fr">' in render_html.render_guide(guide)


@pytest.mark.parametrize("persona", _persona_cases())
def test_personal_guide_includes_the_roadmap_of_its_setup(persona: Persona) -> None:
    guide = _guide(persona.id)
    assert guide.roadmap is not None
    assert guide.roadmap.setup_id == guide.setup.id
    assert guide.roadmap.setup_name == guide.setup.name
    assert guide.roadmap.lang == guide.lang


def test_the_guides_roadmap_section_is_the_roadmaps_own_layout() -> None:
    guide = _guide(PERSONAS[1].id)
    assert guide.roadmap is not None
    document = layout(guide)
    assert "Roadmap and investment" in [h.text for h in document.sections()]
    expected = Blocks()
    roadmap_blocks(expected, guide.roadmap, level=3, context=False)
    blocks, section = list(document.blocks), list(expected.blocks)
    starts = [i for i in range(len(blocks)) if blocks[i : i + len(section)] == section]
    assert len(starts) == 1, "the roadmap's blocks appear once, unchanged, in the guide"
    assert blocks[starts[0] - 1] == Heading(
        2, "Roadmap and investment", blocks[starts[0] - 1].anchor
    )
    timelines = [b for b in document.blocks if isinstance(b, Timeline)]
    assert [bar.label for bar in timelines[0].bars] == [p.name for p in guide.roadmap.phases]
    markdown = render_markdown.render(document)
    assert "## Roadmap and investment" in markdown
    assert "### Phases, costs and milestones" in markdown
    assert "| Phase | Weeks | Set-up cost |" in markdown


def test_a_setup_chosen_by_hand_gets_its_own_roadmap() -> None:
    answers, result = _answers(PERSONAS[0].id), _result(PERSONAS[0].id)
    guide = build_personal_guide(answers, result, setup_id="internal_watch_cell_platform")
    assert guide.roadmap is not None
    assert guide.roadmap.setup_id == "internal_watch_cell_platform"
    assert guide.roadmap.comparison[-1].template_id == "internal_watch_cell_platform"


def test_the_document_model_is_still_importable_from_the_guide() -> None:
    assert guide_module.Document is document_module.Document
    assert guide_module.Table is document_module.Table
    assert guide_module.Timeline is document_module.Timeline
    assert guide_module.safe_url is document_module.safe_url
    assert guide_module.GuideError is words_module.GuideError
    assert guide_module.Words is words_module.Words


# --- the general guide ------------------------------------------------------------------------


def test_general_guide_lists_every_template_and_every_tool(library: Library) -> None:
    guide = _general()
    assert [s.id for s in guide.setups] == list(library.templates)
    listed = {t.id for stage in guide.stages for t in stage.tools}
    assert listed == set(library.tools)
    for stage in guide.stages:
        for tool in stage.tools:
            assert stage.text.name in tool.stages
    assert [s.text.stage for s in guide.stages] == [s.value for s in CycleStage]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_general_renders_name_every_setup_and_tool(lang: str, library: Library) -> None:
    guide = _general(lang)
    markdown = render_markdown.render_guide(guide)
    page = render_html.render_guide(guide)
    for setup in guide.setups:
        assert render_markdown.escape(setup.name) in markdown
        assert html.escape(setup.name) in page
    for tool in library.tools.values():
        assert render_markdown.escape(tool.name) in markdown
        assert html.escape(tool.name) in page
    for text in (markdown, page):
        assert "guide." not in text


def test_general_tables_compare_the_tools() -> None:
    document = layout(_general())
    assert not any(isinstance(b, Timeline) for b in document.blocks), "no roadmap in it"
    tables = [b for b in document.blocks if isinstance(b, Table)]
    tool_tables = [t for t in tables if t.headers[0] == "Tool"]
    assert tool_tables
    assert tool_tables[0].headers == (
        "Tool",
        "What it does",
        "Category",
        "Licence",
        "Open source",
        "Hosting",
        "Cost per year",
        "Skill level",
        "Languages",
    )
    assert all(len(row) == len(t.headers) for t in tables for row in t.rows)
    library = load_library()
    first = tool_tables[0].rows[0]
    tool = next(t for t in library.tools.values() if t.name == first[0].text)
    assert first[1] == tool.description


def test_the_french_general_guide_describes_tools_and_topics_in_french() -> None:
    library = load_library()
    cat = catalogues()
    document = layout(build_general_guide("fr"))
    rows = [r for b in document.blocks if isinstance(b, Table) for r in b.rows]
    described = {r[0].text: r[1] for r in rows if isinstance(r[0], Link) and len(r) > 1}
    for tool in library.tools.values():
        if tool.name in described:
            assert described[tool.name] == cat.content(
                "fr", f"tools.{tool.id}.description", tool.description
            )
            assert described[tool.name] != tool.description, tool.id


# --- escaping ----------------------------------------------------------------------------------


def _evil_library(library: Library) -> Library:
    """The shipped library with a malicious set-up name and tool name."""
    templates = dict(library.templates)
    templates["chamber_shared_watch"] = templates["chamber_shared_watch"].model_copy(
        update={"name": EVIL}
    )
    tools = dict(library.tools)
    tools["google_alerts"] = tools["google_alerts"].model_copy(update={"name": EVIL})
    return dataclasses.replace(
        library, templates=MappingProxyType(templates), tools=MappingProxyType(tools)
    )


def test_html_escapes_a_malicious_name(library: Library) -> None:
    evil = _evil_library(library)
    answers = _answers(PERSONAS[0].id)
    personal = build_personal_guide(
        answers, _result(PERSONAS[0].id), setup_id="chamber_shared_watch", library=evil
    )
    assert personal.setup.name == EVIL
    assert "google_alerts" in personal.tool_ids()
    for guide in (personal, build_general_guide(library=evil)):
        page = render_html.render_guide(guide)
        assert "<script>" not in page
        assert html.escape(EVIL) in page
        # The organisation's answers cannot inject either: nothing but the page's own tags.
        tags = set(re.findall(r"<([a-z0-9]+)[\s>]", page))
        assert tags <= {
            "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2",
            "h3", "h4", "p", "nav", "ol", "li", "a", "ul", "strong", "dl", "dt", "dd", "div",
            "table", "caption", "thead", "tbody", "tr", "th", "td",
            # the roadmap's timeline: a figure with an SVG drawing and its data
            "figure", "figcaption", "svg", "desc", "line", "text", "rect", "polygon",
            "details", "summary",
        }  # fmt: skip


def test_markdown_escapes_pipes_and_markup(library: Library) -> None:
    evil = _evil_library(library)
    guide = build_general_guide(library=evil)
    markdown = render_markdown.render_guide(guide)
    assert "<script>" not in markdown
    assert render_markdown.escape(EVIL) in markdown
    header_pipes = None
    for line in markdown.splitlines():
        if not line.startswith("|"):
            header_pipes = None
            continue
        pipes = len(re.findall(r"(?<!\\)\|", line))
        header_pipes = header_pipes or pipes
        assert pipes == header_pipes, f"a cell broke its table: {line}"


def test_html_structure_is_accessible() -> None:
    page = render_html.render_guide(_guide(PERSONAS[1].id))
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in page
    assert '<th scope="col">' in page
    assert '<th scope="row">' in page
    assert "<caption>" in page
    assert '<meta charset="utf-8">' in page


@pytest.mark.parametrize("address", ["javascript:alert(1)", "file:///etc/passwd", "data:,x"])
def test_only_web_addresses_become_links(address: str) -> None:
    assert "href" not in render_html.link("click", address)
    assert render_markdown.link("click", address) == "click"
    assert render_markdown.link("site", "https://example.org/a b") == (
        "[site](https://example.org/a%20b)"
    )


# --- the command line ---------------------------------------------------------------------------


def test_cli_writes_a_personal_guide_in_markdown_and_html(tmp_path: Path) -> None:
    profile = tmp_path / "answers.yaml"
    profile.write_text(yaml.safe_dump(PERSONAS[2].answers), encoding="utf-8")
    guide = _guide(PERSONAS[2].id)
    for fmt in ("md", "html"):
        out = tmp_path / f"guide.{fmt}"
        assert main(["guide", str(profile), "--format", fmt, "-o", str(out)]) == 0
        text = out.read_text(encoding="utf-8")
        name = guide.setup.name
        assert (html.escape(name) if fmt == "html" else render_markdown.escape(name)) in text


def test_cli_writes_the_general_guide_through_the_entrypoint(tmp_path: Path) -> None:
    out = tmp_path / "general.html"
    command = ["guide", "--format", "html", "--lang", "fr", "-o", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "reports", *command],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert '<html lang="fr">' in page
    assert "FreshRSS" in page


def test_cli_general_guide_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide"]) == 0
    assert capsys.readouterr().out.startswith("# Guide book of intelligence set-ups and tools")


def test_cli_setup_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cell.md"
    code = main(
        ["guide", str(SAMPLE_ANSWERS), "--setup", "internal_watch_cell_platform", "-o", str(out)]
    )
    assert code == 0
    assert "Internal watch cell" in out.read_text(encoding="utf-8")
    assert main(["guide", str(SAMPLE_ANSWERS), "--setup", "internal_cell"]) == 1
    assert "unknown set-up internal_cell" in capsys.readouterr().err


def test_cli_bad_profile_exits_1_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(sample_answers(budget_eur_per_year="lots")), encoding="utf-8")
    out = tmp_path / "never.md"
    assert main(["guide", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "budget_eur_per_year" in err
    assert not out.exists()
    assert main(["guide", str(tmp_path / "missing.yaml")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_cli_rejects_an_unknown_language() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["guide", "--lang", "xx"])
    assert exc.value.code == 2
