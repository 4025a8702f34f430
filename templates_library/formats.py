"""Numbers, money, percentages and dates as each language of the app writes them (Babel, CLDR).

One place for every page, chart and report: ``3,000`` in English, ``3 000`` in French and
Norwegian, ``3.000`` in German, Greek and Spanish; ``3 000 €`` but ``€3,000``; ``83 %`` but
``83%``. Amounts of euros are whole (the knowledge base's figures are estimates to the euro).
Pure functions of a value and a language code of the app (``en``, ``fr``, ``de``, ``el``,
``es``, ``nb``); an unknown code is written as English.
"""

from __future__ import annotations

import datetime as dt
import functools
import math

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

#: The CLDR locale of each language of the app: the European variant the partners use.
LOCALES = {
    "en": "en_GB",
    "fr": "fr_FR",
    "de": "de_DE",
    "el": "el_GR",
    "es": "es_ES",
    "nb": "nb_NO",
}
#: Written for a missing or non-finite number.
NOTHING = "–"


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["en"])


@functools.lru_cache(maxsize=16)
def _whole_currency_pattern(lang: str) -> str:
    """The language's currency pattern without decimals (``#,##0 ¤`` in French)."""
    pattern = Locale.parse(locale_of(lang)).currency_formats["standard"].pattern
    return pattern.split(";")[0].replace(".00", "")


def _finite(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def number(value: float | None, lang: str, decimals: int = 0) -> str:
    """``value`` with the language's separators; at most ``decimals`` decimals, trailing zeros
    dropped (``2.5``, not ``2.50``)."""
    if not _finite(value):
        return NOTHING
    pattern = "#,##0" + (f".{'#' * decimals}" if decimals > 0 else "")
    return format_decimal(round(float(value), decimals), format=pattern, locale=locale_of(lang))


def span(low: float, high: float, lang: str, decimals: int = 0) -> str:
    """A range ``0–2,000`` (an en dash in every language), or one number when both are equal."""
    if math.isclose(low, high):
        return number(low, lang, decimals)
    return f"{number(low, lang, decimals)}\u2013{number(high, lang, decimals)}"


def money(amount: float | None, lang: str) -> str:
    """Whole euros: ``€3,000`` in English, ``3 000 €`` in French, ``3.000 €`` in German."""
    if not _finite(amount):
        return NOTHING
    return format_currency(
        round(float(amount)),
        "EUR",
        format=_whole_currency_pattern(lang),
        locale=locale_of(lang),
        currency_digits=False,
    )


def money_range(low: float, high: float, lang: str) -> str:
    """A range of whole euros with the symbol where the language puts it: ``€0–2,000``,
    ``0–2 000 €``; one amount when both ends are equal."""
    if math.isclose(low, high):
        return money(low, lang)
    amount = money(high, lang)
    return amount.replace(number(high, lang), span(low, high, lang), 1)


def percent(share: float | None, lang: str, decimals: int = 0) -> str:
    """A share (0.83) as a percentage: ``83%`` in English, ``83 %`` in French and German."""
    if not _finite(share):
        return NOTHING
    locale = Locale.parse(locale_of(lang))
    pattern = locale.percent_formats[None].pattern.split(";")[0]
    if decimals > 0:
        pattern = pattern.replace("0", "0." + "#" * decimals, 1) if "." not in pattern else pattern
    return format_percent(float(share), format=pattern, locale=locale)


def date(day: dt.date, lang: str) -> str:
    """A day as the language writes it in full: ``27 November 2026``, ``27 novembre 2026``."""
    return format_date(day, format="long", locale=locale_of(lang))


def separators(lang: str) -> str:
    """Plotly's ``layout.separators`` for the language: its decimal then its group symbol."""
    locale = Locale.parse(locale_of(lang))
    return locale.number_symbols["latn"]["decimal"] + locale.number_symbols["latn"]["group"]
