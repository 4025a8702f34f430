"""The database as the pages see it: one :class:`storage.Store` per database URL, shared by
every session of the process.

Opening a store connects and applies the migrations, so it is done once (``st.cache_resource``)
and closed when the cache is cleared. A store that cannot be opened is not cached: the next run
tries again, and the page says what is wrong instead of a traceback.
"""

from __future__ import annotations

import streamlit as st

from storage import StorageError, Store, database_url, open_store, purge_expired
from wizard.explain import escape_markdown
from wizard.i18n import t
from wizard.knowledge import library


def _close(store: Store) -> None:
    store.close()


@st.cache_resource(show_spinner=False, on_release=_close)
def _store(url: str) -> Store:
    store = open_store(url, library=library())
    # Workshops past their retention period are erased with everything in them when the app
    # starts (and whenever the facilitator's pages run): data are not kept longer than said.
    purge_expired(store)
    return store


def store_or_stop() -> Store:
    """The store of ``DATABASE_URL`` (else the SQLite file under ``var/``), or an error and a
    stop when it cannot be opened."""
    try:
        return _store(database_url())
    except (StorageError, OSError) as exc:
        message = str(exc)
        # An unreadable URL may carry a password: never echo it.
        detail = "" if message.startswith("DATABASE_URL") else escape_markdown(message)
        st.error(t("pilots.store.unavailable", detail=detail or t("pilots.store.bad_url")))
        st.stop()
        raise  # unreachable: st.stop() ends the run


def close_stores() -> None:
    """Close every open store (their connections); the next page run opens them again."""
    _store.clear()
