"""Numbers, money, percentages and dates as each language writes them (Babel, CLDR)."""

from __future__ import annotations

import datetime as dt

import pytest

from templates_library import formats
from templates_library.locales import LANGUAGE_NAMES

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("lang", "thousands", "decimal", "euros", "share"),
    [
        ("en", "3,000", "2.5", "€3,000", "83%"),
        ("fr", f"3{NNBSP}000", "2,5", f"3{NNBSP}000{NBSP}€", f"83{NBSP}%"),
        ("de", "3.000", "2,5", f"3.000{NBSP}€", f"83{NBSP}%"),
        ("el", "3.000", "2,5", f"3.000{NBSP}€", "83%"),
        ("es", "3.000", "2,5", f"3.000{NBSP}€", f"83{NBSP}%"),
        ("nb", f"3{NBSP}000", "2,5", f"3{NBSP}000{NBSP}€", f"83{NBSP}%"),
    ],
)
def test_each_language_writes_numbers_its_own_way(
    lang: str, thousands: str, decimal: str, euros: str, share: str
) -> None:
    assert formats.number(3000, lang) == thousands
    assert formats.number(2.5, lang, 2) == decimal  # trailing zeros dropped
    assert formats.money(3000, lang) == euros
    assert formats.percent(0.83, lang) == share


def test_every_language_of_the_app_has_a_locale() -> None:
    assert set(formats.LOCALES) == set(LANGUAGE_NAMES)


def test_ranges_put_the_symbol_once_where_the_language_puts_it() -> None:
    assert formats.money_range(0, 2000, "en") == "€0–2,000"
    assert formats.money_range(0, 2000, "fr") == f"0–2{NNBSP}000{NBSP}€"
    assert formats.money_range(500, 500, "de") == f"500{NBSP}€"
    assert formats.span(1.5, 4, "de", 1) == "1,5–4"


def test_missing_values_are_a_dash_and_unknown_languages_english() -> None:
    assert formats.number(None, "fr") == formats.NOTHING
    assert formats.number(float("nan"), "fr") == formats.NOTHING
    assert formats.money(None, "de") == formats.NOTHING
    assert formats.number(1234.5, "xx", 1) == "1,234.5"


def test_dates_and_chart_separators() -> None:
    day = dt.date(2026, 11, 27)
    assert formats.date(day, "fr") == "27 novembre 2026"
    assert formats.date(day, "de") == "27. November 2026"
    assert formats.date(day, "el") == "27 Νοεμβρίου 2026"
    assert formats.separators("en") == ".,"
    assert formats.separators("de") == ",."
