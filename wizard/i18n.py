"""The session's language and its strings. Per session, never a global ``_``.

The language is kept in ``st.session_state["lang"]``: the browser's language on the first visit
when we have it, English otherwise; the sidebar switch changes it at any time without touching
the answers (it is also written into them, so a saved answers file reopens in its language).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from templates_library.locales import DEFAULT_LANGUAGE, LANGUAGE_NAMES, Catalogues, catalogues

LANG = "lang"


def _catalogues() -> Catalogues:
    return catalogues()


def browser_language() -> str:
    """The first of the browser's languages that we have, else English."""
    locale = (st.context.locale or "").lower()
    code = locale.split("-")[0].split("_")[0]
    if code == "no":  # Norwegian without a written standard: Bokmal is what we have
        code = "nb"
    return code if code in _catalogues().languages else DEFAULT_LANGUAGE


def language() -> str:
    if LANG not in st.session_state:
        st.session_state[LANG] = browser_language()
    return str(st.session_state[LANG])


def t(key: str, /, **values: Any) -> str:
    """The UI string ``key`` in the session's language."""
    return _catalogues().text(language(), key, **values)


def tn(key: str, count: float, /, **values: Any) -> str:
    """The UI string ``key`` for ``count`` things, in the plural form the language uses."""
    return _catalogues().plural(language(), key, count, **values)


def ct(key: str, default: str) -> str:
    """A content label (set-up, question, sector, ...) in the session's language."""
    return _catalogues().content(language(), key, default)


def language_switch() -> None:
    """The sidebar's language selector; the answers keep the choice."""
    languages = _catalogues().languages
    current = language()
    chosen = st.sidebar.selectbox(
        t("common.language"),
        languages,
        index=languages.index(current) if current in languages else 0,
        format_func=lambda code: LANGUAGE_NAMES.get(code, code),
        key="language_switch",
    )
    if chosen != current:
        st.session_state[LANG] = chosen
        st.session_state.setdefault("answers", {})["language"] = chosen
        st.rerun()
