"""Translation catalogues: English loads, and French is complete, current and consistent.

UI strings live in ``data/locales/<lang>/<area>.yaml``; knowledge-base content (questions,
set-ups, sectors, regions, rule reasons, ...) is translated in ``data/locales/fr/content.yaml``
under the keys the wizard asks for with ``ct()``. These tests fail when an English string, a new
template or a new question has no French, or when French keeps a key English no longer has.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from templates_library import Library, load_library, validate
from templates_library.content_keys import content_items
from templates_library.locales import LOCALES_DIR, Catalogues, load_catalogues, placeholders
from templates_library.schema import CycleStage
from tests.unit.helpers import copy_knowledge_base

EN_FILES = sorted(path.stem for path in (LOCALES_DIR / "en").glob("*.yaml"))
CONTENT = "content"

#: French values that are rightly the same as the English ones, each with its reason.
SAME_IN_FRENCH: dict[str, str] = {
    "labels.cycle_stages.diffusion": "'Diffusion' is the French name of this stage of the cycle",
    "labels.cycle_stages.protection": "'Protection' is the French name of this pillar of EI",
    "labels.cycle_stages.influence": "'Influence' is the French name of this pillar of EI",
    "recommendation.col_score": "'Score' is the usual French word for a total of points",
    "recommendation.chart_score": "'Score' is the usual French word for a total of points",
    "recommendation.chart_total": "'Score' is the usual French word for a total of points",
    "recommendation.chart_points": "'Points' is the same word in French",
    "recommendation.margin_value": "a number followed by 'points', the same word in French",
    "recommendation.whatif_top_item": "rank, name and '(n points)': nothing to translate",
    "compare.detail.kpi": "only placeholders and brackets: nothing to translate",
    "compare.detail.sources": "'Sources' is the same word in French",
    "roadmap.phases.implantation": "'Implantation' is the French name of this phase (CETISME)",
    "guide_book.pick_item": "rank and name: nothing to translate",
    "roadmap.col_phase": "'Phase' is the same word in French",
}

#: French content (``content.yaml``) rightly the same as the knowledge base's English, with why.
SAME_CONTENT_IN_FRENCH: dict[str, str] = {
    "guide.standards.afnor_xp_x50_053.name": "a standard's code and year",
    "guide.standards.iso_56006.name": "a standard's code and year",
    "guide.standards.afnor_xp_x50_053.title": "the French standard's official title",
    "questions.region.options.lorraine": "a place name, written the same in French",
    "regions.lorraine.name": "a place name, written the same in French",
    "need_scale.2": "'Important' is the same word in French",
    "templates.commercial_tender_watch.kpis.watch_payback.unit": "'ratio' is also French",
    "templates.consultant_needs_audit_setup.kpis.watch_plan_approved.unit": (
        "'documents' is the same word in French"
    ),
    "templates.internal_watch_cell_platform.kpis.qualified_sources.unit": (
        "'sources' is the same word in French"
    ),
    "templates.parttime_watcher_oss.kpis.qualified_sources.unit": (
        "'sources' is the same word in French"
    ),
}


@pytest.fixture(scope="module")
def catalogues() -> Catalogues:
    return load_catalogues()


def _keys_of(catalogues: Catalogues, lang: str, area: str) -> dict[str, str]:
    prefix = f"{area}."
    return {k: v for k, v in catalogues.strings[lang].items() if k.startswith(prefix)}


# --- (a) English ---------------------------------------------------------------------------


def test_every_english_catalogue_loads(catalogues: Catalogues) -> None:
    assert "en" in catalogues.languages
    empty = [area for area in EN_FILES if not _keys_of(catalogues, "en", area)]
    assert empty == [], f"English catalogue files with no strings: {empty}"


def test_english_has_no_content_file() -> None:
    # English content comes from the knowledge base itself, never from a catalogue.
    assert not (LOCALES_DIR / "en" / f"{CONTENT}.yaml").exists()


# --- (b) French UI strings are complete --------------------------------------------------------


@pytest.mark.parametrize("area", EN_FILES)
def test_french_has_every_english_key(catalogues: Catalogues, area: str) -> None:
    english = _keys_of(catalogues, "en", area)
    french = _keys_of(catalogues, "fr", area)
    missing = sorted(set(english) - set(french))
    assert missing == [], f"data/locales/fr/{area}.yaml lacks: {missing}"


@pytest.mark.parametrize("area", EN_FILES)
def test_french_keeps_the_placeholders(catalogues: Catalogues, area: str) -> None:
    english = _keys_of(catalogues, "en", area)
    french = _keys_of(catalogues, "fr", area)
    wrong = {
        key: (sorted(placeholders(text)), sorted(placeholders(french[key])))
        for key, text in english.items()
        if key in french and placeholders(text) != placeholders(french[key])
    }
    assert wrong == {}, f"placeholders differ (English, French): {wrong}"


@pytest.mark.parametrize("area", EN_FILES)
def test_french_is_translated_not_copied(catalogues: Catalogues, area: str) -> None:
    english = _keys_of(catalogues, "en", area)
    french = _keys_of(catalogues, "fr", area)
    copied = sorted(
        key
        for key, text in english.items()
        if french.get(key) == text and key not in SAME_IN_FRENCH
    )
    assert copied == [], f"French identical to English (allow-list them with a reason): {copied}"


def test_the_allow_list_is_still_needed(catalogues: Catalogues) -> None:
    en, fr = catalogues.strings["en"], catalogues.strings["fr"]
    stale = sorted(key for key in SAME_IN_FRENCH if key not in en or fr.get(key) != en[key])
    assert stale == [], f"remove from SAME_IN_FRENCH (no longer identical or gone): {stale}"


def test_french_yes_and_no_are_texts_not_booleans(catalogues: Catalogues) -> None:
    # Unquoted yes/no keys would be read as YAML booleans and give "common.True".
    fr = catalogues.strings["fr"]
    assert fr["common.yes"] == "Oui"
    assert fr["common.no"] == "Non"
    assert not any(key.endswith((".True", ".False")) for key in fr)


# --- (c) French content covers the knowledge base ----------------------------------------------


def missing_french_content(library: Library, catalogues: Catalogues) -> list[str]:
    fr = catalogues.strings["fr"]
    return sorted(key for key, _ in content_items(library) if f"{CONTENT}.{key}" not in fr)


def test_french_content_covers_the_knowledge_base(catalogues: Catalogues) -> None:
    missing = missing_french_content(load_library(), catalogues)
    assert missing == [], f"data/locales/fr/{CONTENT}.yaml lacks: {missing}"


def test_french_content_translates_only_what_exists(catalogues: Catalogues) -> None:
    # A mistyped or outdated key is never shown: catch it here.
    known = {key for key, _ in content_items(load_library())}
    prefix = f"{CONTENT}."
    extra = sorted(
        key.removeprefix(prefix)
        for key in catalogues.strings["fr"]
        if key.startswith(prefix) and key.removeprefix(prefix) not in known
    )
    assert extra == [], f"French content keys with nothing to translate: {extra}"


def _same(text: str) -> str:
    return " ".join(text.split())


def copied_french_content(library: Library, catalogues: Catalogues) -> list[str]:
    """Content keys whose French is the English text again (layout aside)."""
    fr = catalogues.strings["fr"]
    return sorted(
        key
        for key, text in content_items(library)
        if _same(fr.get(f"{CONTENT}.{key}", "")) == _same(text)
    )


def test_french_content_is_translated_not_copied(catalogues: Catalogues) -> None:
    copied = set(copied_french_content(load_library(), catalogues)) - set(SAME_CONTENT_IN_FRENCH)
    assert copied == set(), f"French content identical to English (allow-list it): {copied}"


def test_the_content_allow_list_is_still_needed(catalogues: Catalogues) -> None:
    stale = set(SAME_CONTENT_IN_FRENCH) - set(copied_french_content(load_library(), catalogues))
    assert stale == set(), f"remove from SAME_CONTENT_IN_FRENCH (no longer identical): {stale}"


def test_french_guide_texts_are_served_by_the_catalogue(catalogues: Catalogues) -> None:
    # The French guide book shows French method texts, not the English of data/guide.yaml.
    needs = load_library().guide.stages[CycleStage.needs]
    key = "guide.stages.needs.actions.0"
    assert catalogues.content("fr", key, needs.actions[0]) != needs.actions[0]
    assert catalogues.content("en", key, needs.actions[0]) == needs.actions[0]


def test_french_content_is_served_by_the_catalogue(catalogues: Catalogues) -> None:
    library = load_library()
    template = next(iter(library.templates.values()))
    key = f"templates.{template.id}.name"
    assert catalogues.content("fr", key, template.name) != template.name
    assert catalogues.content("en", key, template.name) == template.name


def test_a_new_template_without_french_is_caught(catalogues: Catalogues, tmp_path: Path) -> None:
    # The coverage test must fail when someone adds a template and no French for it.
    root = copy_knowledge_base(tmp_path)
    source = root / "templates_library" / "owner_informal_watch.yaml"
    text = source.read_text(encoding="utf-8")
    new = root / "templates_library" / "owner_informal_watch_copy.yaml"
    new.write_text(
        text.replace("id: owner_informal_watch", "id: owner_informal_watch_copy", 1),
        encoding="utf-8",
    )
    library, problems = validate(root)
    assert library is not None, [str(p) for p in problems]
    missing = missing_french_content(library, catalogues)
    assert "templates.owner_informal_watch_copy.name" in missing
    assert "templates.owner_informal_watch_copy.description" in missing
    assert "rules.owner_informal_watch_copy.almost_no_budget.reason" in missing
    assert "templates.owner_informal_watch_copy.cost_basis" in missing
    assert "templates.owner_informal_watch_copy.prerequisites.0" in missing
    assert "templates.owner_informal_watch_copy.kpis.themes_covered.unit" in missing
    assert "templates.owner_informal_watch_copy.risks.0" in missing


def test_a_new_risk_without_french_is_caught(catalogues: Catalogues, tmp_path: Path) -> None:
    # A set-up that gains a risk (or a prerequisite) needs its French too.
    root = copy_knowledge_base(tmp_path)
    source = root / "templates_library" / "owner_informal_watch.yaml"
    text = source.read_text(encoding="utf-8")
    anchor = "\nsources:\n"
    assert anchor in text
    source.write_text(
        text.replace(anchor, "\n  - A new risk that has no French yet.\nsources:\n", 1),
        encoding="utf-8",
    )
    library, problems = validate(root)
    assert library is not None, [str(p) for p in problems]
    risks = library.templates["owner_informal_watch"].risks
    assert risks[-1] == "A new risk that has no French yet."
    missing = missing_french_content(library, catalogues)
    assert missing == [f"templates.owner_informal_watch.risks.{len(risks) - 1}"]


# --- (d) no stale French keys ------------------------------------------------------------------


def test_french_has_no_file_english_lacks() -> None:
    french_files = {path.stem for path in (LOCALES_DIR / "fr").glob("*.yaml")}
    assert french_files - {CONTENT} <= set(EN_FILES)


def test_french_has_no_key_english_lacks(catalogues: Catalogues) -> None:
    en = catalogues.strings["en"]
    stale = sorted(
        key
        for key in catalogues.strings["fr"]
        if not key.startswith(f"{CONTENT}.") and key not in en
    )
    assert stale == [], f"French keys English no longer has: {stale}"


def test_a_new_guide_text_without_french_is_caught(catalogues: Catalogues, tmp_path: Path) -> None:
    # A method text added to data/guide.yaml (here a pitfall of a stage) needs its French too.
    root = copy_knowledge_base(tmp_path)
    source = root / "data" / "guide.yaml"
    text = source.read_text(encoding="utf-8")
    anchor = "\n  sourcing:\n"
    assert anchor in text
    source.write_text(
        text.replace(anchor, "\n      - A new pitfall that has no French yet." + anchor, 1),
        encoding="utf-8",
    )
    library, problems = validate(root)
    assert library is not None, [str(p) for p in problems]
    pitfalls = library.guide.stages[CycleStage.needs].pitfalls
    assert pitfalls[-1] == "A new pitfall that has no French yet."
    missing = missing_french_content(library, catalogues)
    assert missing == [f"guide.stages.needs.pitfalls.{len(pitfalls) - 1}"]


def test_a_guide_text_left_in_english_is_caught(catalogues: Catalogues) -> None:
    # French that merely repeats the English method text counts as untranslated.
    library = load_library()
    purpose = library.guide.stages[CycleStage.needs].purpose
    strings = {**catalogues.strings["fr"], f"{CONTENT}.guide.stages.needs.purpose": purpose}
    copied = copied_french_content(library, Catalogues({**catalogues.strings, "fr": strings}))
    assert "guide.stages.needs.purpose" in copied


def test_the_translations_command_lists_what_a_language_lacks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from templates_library.__main__ import main

    assert main(["translations", "fr"]) == 0
    out, err = capsys.readouterr()
    assert "0 text(s) to translate for fr" in err
    assert yaml.safe_load(out) in (None, {})
    assert main(["translations", "xx", "--all"]) == 0
    out, err = capsys.readouterr()
    tree = yaml.safe_load(out)
    library = load_library()
    items = dict(content_items(library))
    assert f"{len(items)} text(s) to translate for xx" in err
    tool = next(iter(library.tools.values()))
    assert tree["tools"][tool.id]["description"] == tool.description
