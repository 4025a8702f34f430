"""Every language of the app is complete: each English key, UI and knowledge-base content, exists
non-empty in French, German, Greek, Spanish and Norwegian, with the same placeholders, and is not
the English left in place (unless listed here on purpose, with why). French has further checks of
its own in ``test_locales.py``.
"""

from __future__ import annotations

import re

import pytest

from templates_library import load_library
from templates_library.content_keys import content_items
from templates_library.locales import (
    LANGUAGE_NAMES,
    LOCALES_DIR,
    Catalogues,
    load_catalogues,
    placeholders,
)

LANGUAGES = [lang for lang in LANGUAGE_NAMES if lang != "en"]
CONTENT = "content."
#: What a value may be made of and still be "nothing to translate": placeholders, numbers,
#: punctuation, the euro, international codes (PIN, UTC, KPI) and one-letter labels ("A: {name}").
_FORMAT_ONLY = re.compile(r"\{\w+\}|EUR|€|\b(?:PIN|UTC|KPI|[A-Z])\b|[\d\s\W_]")

#: Values rightly the same as English beyond pure formats: the same word in that language.
SAME_AS_ENGLISH: dict[str, dict[str, str]] = {
    "fr": {},  # French has its own lists in test_locales.py
    "de": {
        "guide.profile.actor": "'Organisation' is the same word in German",
        "pilots.fields.organisation": "'Organisation' is the same word in German",
        "guide.profile.region": "'Region' is the same word in German",
        "pilots.fields.region_id": "'Region' is the same word in German",
        "needs.columns.region": "'Region' is the same word in German",
        "needs.columns.position": "'Position' is the same word in German",
        "guide.roadmap.col.phase": "'Phase' is the same word in German",
        "guide.timeline.phase": "'Phase' is the same word in German",
        "pilots.fields.phase": "'Phase' is the same word in German",
        "roadmap.col_phase": "'Phase' is the same word in German",
        "nav.section_workshops": "'Workshops' is the usual German word",
        "workshop_export.about.title": "'Workshop' is the usual German word",
        "join.sidebar_note": "'Workshop' is the usual German word",
        "analytics.export.heading": "'Export' is the same word in German",
        "analytics.maturity.dimension": "'Dimension' is the same word in German",
        "analytics.respondents.region": "'Region' is the same word in German",
        "projector.count_in": "'{count} in {name}': 'in' is German too",
        "projector.name": "'Name' is the same word in German",
    },
    "el": {},
    "es": {
        "common.no": "'No' is the same word in Spanish",
        "fields.sector": "'sector' is the same word in Spanish",
        "guide.profile.sector": "'Sector' is the same word in Spanish",
        "needs.columns.sector": "'Sector' is the same word in Spanish",
        "analytics.respondents.sector": "'Sector' is the same word in Spanish",
    },
    "nb": {
        "fields.region": "'Region' is the same word in Norwegian",
        "guide.profile.region": "'Region' is the same word in Norwegian",
        "pilots.fields.region_id": "'Region' is the same word in Norwegian",
        "pilots.fields.pilot_id": "'Pilot' is the same word in Norwegian",
        "pilots.table.pilot": "'Pilot' is the same word in Norwegian",
        "pilots.follow.pick": "'Pilot' is the same word in Norwegian",
        "workshop_export.about.title": "'Workshop' is the usual Norwegian word",
        "join.sidebar_note": "'Workshop' is the usual Norwegian word",
        "analytics.respondents.region": "'Region' is the same word in Norwegian",
    },
}
#: Knowledge-base texts that are names or codes, the same in every language.
SAME_CONTENT_EVERYWHERE: dict[str, str] = {
    "guide.standards.afnor_xp_x50_053.name": "a standard's code and year",
    "guide.standards.iso_56006.name": "a standard's code and year",
    "tools.apache_superset.skills.0": "'SQL', the name of a language",
    "tools.wiki_js.skills.1": "'Markdown', the name of a format",
}
#: Knowledge-base texts rightly the same as English in a language (names, units).
SAME_CONTENT: dict[str, dict[str, str]] = {
    "es": {
        "regions.murcia.name": "the English name is already the Spanish one",
        "templates.commercial_tender_watch.kpis.watch_payback.unit": "'ratio' is Spanish too",
    },
}


#: Titles that are official in their own language: quoting them as they are is right anywhere.
OFFICIAL_TITLES = {
    "guide.standards.une_166006.title": "the Spanish standard's official title",
    "guide.standards.afnor_xp_x50_053.title": "the French standard's official title",
}


@pytest.fixture(scope="module")
def catalogues() -> Catalogues:
    return load_catalogues()


def format_only(text: str) -> bool:
    """Only placeholders, numbers, punctuation and the euro: nothing to translate."""
    return _FORMAT_ONLY.sub("", text) == ""


def _ui(strings: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in strings.items() if not k.startswith(CONTENT)}


def test_every_language_of_the_app_is_shipped(catalogues: Catalogues) -> None:
    assert catalogues.languages == list(LANGUAGE_NAMES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_english_key_is_translated_with_its_placeholders(
    catalogues: Catalogues, lang: str
) -> None:
    english = _ui(dict(catalogues.strings["en"]))
    other = catalogues.strings[lang]
    missing = sorted(key for key in english if not other.get(key, "").strip())
    assert missing == [], f"data/locales/{lang}/ lacks: {missing}"
    wrong = sorted(
        key for key, text in english.items() if placeholders(text) != placeholders(other[key])
    )
    assert wrong == [], f"{lang}: placeholders differ from English in {wrong}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_is_left_in_english_unless_on_purpose(catalogues: Catalogues, lang: str) -> None:
    english = _ui(dict(catalogues.strings["en"]))
    other = catalogues.strings[lang]
    allowed = SAME_AS_ENGLISH.get(lang, {})
    if lang == "fr":
        return  # test_locales.py checks French with its own list
    copied = sorted(
        key
        for key, text in english.items()
        if other.get(key) == text and not format_only(text) and key not in allowed
    )
    assert copied == [], f"{lang} identical to English (allow-list with a reason): {copied}"
    stale = sorted(key for key in allowed if key not in english or other.get(key) != english[key])
    assert stale == [], f"{lang}: remove from SAME_AS_ENGLISH (no longer identical): {stale}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_stale_files_or_keys(catalogues: Catalogues, lang: str) -> None:
    english_files = {path.stem for path in (LOCALES_DIR / "en").glob("*.yaml")}
    files = {path.stem for path in (LOCALES_DIR / lang).glob("*.yaml")}
    assert files - {"content"} <= english_files
    english = catalogues.strings["en"]
    stale = sorted(k for k in _ui(dict(catalogues.strings[lang])) if k not in english)
    assert stale == [], f"{lang} keys English no longer has: {stale}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_knowledge_base_is_translated(catalogues: Catalogues, lang: str) -> None:
    library = load_library()
    other = catalogues.strings[lang]
    items = dict(content_items(library))
    missing = sorted(key for key in items if not other.get(CONTENT + key, "").strip())
    assert missing == [], f"data/locales/{lang}/content.yaml lacks: {missing}"
    extra = sorted(
        k.removeprefix(CONTENT)
        for k in other
        if k.startswith(CONTENT) and k.removeprefix(CONTENT) not in items
    )
    assert extra == [], f"{lang} content keys with nothing to translate: {extra}"
    if lang == "fr":
        return  # test_locales.py checks French copies with its own list
    same = {**SAME_CONTENT_EVERYWHERE, **SAME_CONTENT.get(lang, {})}
    copied = sorted(
        key
        for key, text in items.items()
        if " ".join(other[CONTENT + key].split()) == " ".join(text.split())
        and not format_only(text)
        and key not in same
    )
    assert copied == [], f"{lang} content identical to English (allow-list it): {copied}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_yes_and_no_are_texts_not_booleans(catalogues: Catalogues, lang: str) -> None:
    strings = catalogues.strings[lang]
    assert strings["common.yes"] not in ("True", "False")
    assert not any(key.endswith((".True", ".False")) for key in strings)


def test_format_only_values_are_recognised() -> None:
    assert format_only("{rank}. {name}")
    assert format_only("{amount} EUR")
    assert format_only("{low}–{high} €")
    assert format_only("A: {name}")
    assert format_only("{time} UTC")
    assert not format_only("{name} (points)")
    assert not format_only("Region")


def test_plural_forms_follow_each_languages_rules(catalogues: Catalogues) -> None:
    def pin(lang: str, count: int) -> str:
        return catalogues.plural(
            lang, "workshop.errors.wrong_pin", count, remaining=count, minutes=5
        )

    assert "1 more wrong attempt and" in pin("en", 1)
    assert "2 more wrong attempts and" in pin("en", 2)
    assert "0 more wrong attempts and" in pin("en", 0)  # English: 0 is plural
    assert "Encore 0 essai erroné" in pin("fr", 0)  # French: 0 and 1 are singular
    assert "Encore 2 essais erronés" in pin("fr", 2)
    assert "einem" not in pin("de", 3)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_plural_form_has_its_general_form(catalogues: Catalogues, lang: str) -> None:
    english = catalogues.strings["en"]
    pairs = [
        (key.rsplit("_", 1)[0], key)
        for key in english
        if key.endswith(("_one", "_few", "_many")) and key.rsplit("_", 1)[0] in english
    ]
    assert ("workshop.errors.wrong_pin", "workshop.errors.wrong_pin_one") in pairs
    strings = catalogues.strings[lang]
    missing = sorted(k for pair in pairs for k in pair if k not in strings)
    assert missing == [], f"{lang}: plural forms missing: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_books_have_no_english_sentence_left(lang: str) -> None:
    """Every sentence of the knowledge base a guide book shows is in the guide's language: no
    English text of four words or more appears in the general guide or a personal one."""
    from reports import render_markdown
    from reports.guide import build_general_guide, build_personal_guide
    from scoring.answers import parse_answers
    from tests.unit.helpers import sample_answers

    library = load_library()
    texts = [
        " ".join(text.split())
        for key, text in content_items(library)
        if key not in OFFICIAL_TITLES
        # sentences, not names or codes ("AFNOR XP X50-053 (1998)"): four words in lower case
        if sum(any(c.islower() for c in word) for word in text.split()) >= 4
    ]
    answers = parse_answers(sample_answers())
    for guide in (build_general_guide(lang), build_personal_guide(answers, lang=lang)):
        page = " ".join(render_markdown.render_guide(guide).replace("\\", "").split())
        left = sorted({text for text in texts if text in page})
        assert left == [], f"{lang}: English left in the guide: {left[:5]}"
