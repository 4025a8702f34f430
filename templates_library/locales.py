"""Translation catalogues: every UI string and every translated content label, by id.

Layout: ``data/locales/<lang>/<area>.yaml``. Each file is a mapping (nested or flat) of keys to
non-empty strings; keys are flattened with dots and prefixed with the file's name, so
``data/locales/fr/profile.yaml`` with ``title: Profil`` gives ``profile.title``. A file named
``content.yaml`` translates knowledge-base content (``templates.<id>.name``,
``questions.<id>.label``, ...); English content comes from the knowledge base itself.

Placeholders are ``{name}`` (``str.format`` fields with a name, nothing else): a translation
must use exactly the placeholders of the English text. Nothing here knows about Streamlit or a
session: :class:`Catalogues` answers ``text(lang, key, **values)`` for whoever asks.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale

from templates_library._yaml import Problem, YamlError, read_yaml
from templates_library.formats import locale_of

LOCALES_DIR = Path(__file__).resolve().parent.parent / "data" / "locales"
DEFAULT_LANGUAGE = "en"
#: Languages offered, in the order of the switch, with their own names.
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "Français",
    "de": "Deutsch",
    "el": "Ελληνικά",
    "es": "Español",
    "nb": "Norsk bokmål",
}


class CatalogueError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def placeholders(text: str) -> set[str]:
    """The named ``{placeholders}`` of a text; positional or attribute fields are refused."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier():
            raise ValueError(f"placeholder {{{name}}} must be a plain name")
        names.add(name)
    return names


@dataclass(frozen=True)
class Catalogues:
    """All languages' strings: ``strings[lang][key]``, validated when loaded."""

    strings: Mapping[str, Mapping[str, str]]

    @property
    def languages(self) -> list[str]:
        return [lang for lang in LANGUAGE_NAMES if lang in self.strings]

    def has(self, lang: str, key: str) -> bool:
        return key in self.strings.get(lang, {})

    def text(self, lang: str, key: str, /, **values: Any) -> str:
        """The string ``key`` in ``lang`` (English when missing there), with values filled in.

        Values are inserted, never interpreted: a user's answer cannot inject a placeholder.
        """
        template = self.strings.get(lang, {}).get(key)
        if template is None:
            template = self.strings[DEFAULT_LANGUAGE].get(key)
        if template is None:
            return key  # visible, and caught by the completeness tests
        return template.format_map(values) if values else template

    def plural(self, lang: str, key: str, count: float, /, **values: Any) -> str:
        """The string ``key`` for ``count`` things: ``key_one`` (or the language's other CLDR
        category: ``_two``, ``_few``, ``_many``) when the language has one for that number,
        else ``key`` itself, which is the general ("other") form. ``count`` is not filled in:
        pass it in ``values`` under the placeholder's own name."""
        category = plural_category(lang, count)
        if category != "other":
            for language in (lang, DEFAULT_LANGUAGE):
                if f"{key}_{category}" in self.strings.get(language, {}):
                    return self.text(language, f"{key}_{category}", **values)
                if key in self.strings.get(language, {}):
                    break  # the language has the general form only: use it
        return self.text(lang, key, **values)

    def content(self, lang: str, key: str, default: str) -> str:
        """A translated content label, or the knowledge base's English ``default``."""
        return self.strings.get(lang, {}).get(f"content.{key}", default)


@functools.lru_cache(maxsize=64)
def plural_category(lang: str, count: float) -> str:
    """The CLDR plural category of ``count`` in ``lang``: ``one`` for 1 in English, for 0 and 1
    in French; ``other`` for most numbers (Babel's plural rules)."""
    return str(Locale.parse(locale_of(lang)).plural_form(count))


def load_catalogues(root: Path = LOCALES_DIR) -> Catalogues:
    """Read and check every catalogue under ``root``; raise :class:`CatalogueError`."""
    strings: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        lang = folder.name
        table: dict[str, str] = {}
        for file in sorted(folder.glob("*.yaml")):
            display = f"data/locales/{lang}/{file.name}"
            try:
                doc = read_yaml(file, display)
            except YamlError as exc:
                problems += exc.problems
                continue
            _flatten(doc.data, (file.stem,), table, doc, problems)
        strings[lang] = table
    if DEFAULT_LANGUAGE not in strings:
        problems.append(Problem(str(root), 1, "<folder>", "the English catalogue is missing"))
    if problems:
        raise CatalogueError(problems)
    return Catalogues(strings)


def _flatten(
    value: Any, loc: tuple[str, ...], table: dict[str, str], doc: Any, problems: list[Problem]
) -> None:
    path = loc[1:]  # the document's own keys, for its line numbers
    if isinstance(value, Mapping):
        for key, item in value.items():
            _flatten(item, (*loc, str(key)), table, doc, problems)
        return
    key = ".".join(loc)
    if not isinstance(value, str) or not value.strip():
        problems.append(doc.problem(path, "a translation must be a non-empty text"))
        return
    try:
        placeholders(value)
    except ValueError as exc:
        problems.append(doc.problem(path, str(exc)))
        return
    table[key] = value.strip()


@functools.lru_cache(maxsize=2)
def catalogues(root: Path = LOCALES_DIR) -> Catalogues:
    """The catalogues, loaded once per process."""
    return load_catalogues(root)
