"""What every report built from one organisation's answers shares: its words and its set-up.

* :class:`Words`: the report's UI strings (``data/locales/<lang>/guide.yaml``, keys without
  the ``guide.`` prefix), knowledge-base content translated where ``content.yaml`` has it, and
  numbers and euro ranges written the way the language writes them.
* :func:`stamp`: the provenance line (knowledge base, engine, date) under every title.
* :func:`pick_setup`: which set-up a report is about, with the same errors
  (:class:`GuideError`) for the guide book and the roadmap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from templates_library import Library, formats
from templates_library._errors import did_you_mean
from templates_library.locales import DEFAULT_LANGUAGE, Catalogues, catalogues
from templates_library.schema import CycleStage, Region


class GuideError(ValueError):
    """A guide cannot be built (unknown set-up, nothing fits); the message says why."""


#: Most decimals a small number of the knowledge base has (FTE ranges such as 0.005).
DECIMALS = 4


@dataclass(frozen=True)
class Words:
    """The guide's words in one language: UI strings, content translations and numbers."""

    lang: str
    cat: Catalogues = field(repr=False)

    def __call__(self, key: str, **values: Any) -> str:
        return self.cat.text(self.lang, f"guide.{key}", **values)

    def ui(self, key: str, **values: Any) -> str:
        return self.cat.text(self.lang, key, **values)

    def content(self, key: str, default: str) -> str:
        return self.cat.content(self.lang, key, default)

    def number(self, value: float, digits: int = 0) -> str:
        """``value`` as the language writes it (Babel): ``3,000``, ``3 000``, ``3.000``."""
        return formats.number(value, self.lang, digits)

    def decimal(self, value: float) -> str:
        """A small number with the decimals it has (``0.05``, ``91.4``)."""
        return formats.number(value, self.lang, DECIMALS)

    def money(self, low: float, high: float) -> str:
        """Whole euros where the language puts the symbol: ``€0–2,000``, ``0–2 000 €``."""
        if high == 0:
            return self("free")
        return formats.money_range(low, high, self.lang)

    def span(self, low: float, high: float) -> str:
        if low == high:
            return self.decimal(low)
        return f"{self.decimal(low)}\u2013{self.decimal(high)}"  # an en dash in every language

    def stage(self, stage: CycleStage | str) -> str:
        return self.ui(f"labels.cycle_stages.{getattr(stage, 'value', stage)}")

    def language(self, code: str) -> str:
        key = f"guide.languages.{code}"
        return self.cat.text(self.lang, key) if self.cat.has(DEFAULT_LANGUAGE, key) else code

    def yes_no(self, value: bool) -> str:
        return self.ui("common.yes" if value else "common.no")


def words(lang: str = DEFAULT_LANGUAGE) -> Words:
    return Words(lang, catalogues())


def stamp(w: Words, library_version: str, engine_version: str, on: dt.date | None) -> str:
    """Knowledge base and engine versions and the date: where a report's figures come from."""
    text = w("stamp.library", version=library_version)
    if engine_version:
        text += " · " + w("stamp.engine", version=engine_version)
    if on is not None:
        text += " · " + w("stamp.date", date=formats.date(on, w.lang))
    return text


def pick_setup(result: Mapping[str, Any], setup_id: str | None, library: Library, w: Words) -> str:
    """``setup_id``, or the first recommended set-up when None.

    Raises :class:`GuideError` when nothing is recommended and none is named, or the named set-up
    is not in the library (with a did-you-mean).
    """
    if setup_id is None:
        recommendations = list(result.get("recommendations", []))
        if not recommendations:
            raise GuideError(w("error.none_fits"))
        setup_id = str(recommendations[0]["template_id"])
    if setup_id not in library.templates:
        raise GuideError(
            w("error.unknown_setup", setup=setup_id)
            + did_you_mean(setup_id, list(library.templates))
        )
    return setup_id


# --- knowledge-base texts of a region -----------------------------------------------------


def region_services(region: Region, w: Words) -> list[tuple[str, ...]]:
    """The services of each intermediary of ``region``, in the guide's language."""
    key = f"regions.{region.id}.intermediaries"
    return [
        tuple(
            w.content(f"{key}.{index}.services.{number}", service)
            for number, service in enumerate(intermediary.services)
        )
        for index, intermediary in enumerate(region.intermediaries)
    ]


def scheme_descriptions(region: Region, w: Words) -> list[str]:
    """The description of each support scheme of ``region``, in the guide's language."""
    return [
        w.content(f"regions.{region.id}.support_schemes.{index}.description", scheme.description)
        for index, scheme in enumerate(region.support_schemes)
    ]
