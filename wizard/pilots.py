"""Page: the pilots of set-ups and tools in organisations, their KPIs over time, compared.

A partner records a pilot (set-up, tool, organisation, start, phase, notes), reads its KPIs
from time to time and follows their progress against the set-up's targets, then puts pilots
side by side. Not a step of the self-assessment: anyone may open it. The data is saved by
``storage`` (SQLite under ``var/`` by default, PostgreSQL when ``DATABASE_URL`` is set), so it
survives a restart; the sections are in :mod:`wizard.pilot_view`.
"""

import streamlit as st

from wizard import pilot_view
from wizard.explain import escape_markdown
from wizard.i18n import t
from wizard.knowledge import library_or_stop
from wizard.store import store_or_stop
from wizard.ui import page_header

lib = library_or_stop()
page_header("pilots")
st.write(t("pilots.intro"))
store = store_or_stop()
pilot_view.apply_pending()
pilots, fresh = pilot_view.load_pilots(store)
if fresh and not pilots:
    pilot_view.empty_state()
pilot_view.record(store, lib, expanded=fresh and not pilots)
if pilots:
    pilot_view.follow(store, lib, pilots, offline=not fresh)
if fresh and len(pilots) > 1:
    pilot_view.compare(store, lib, pilots)
st.caption(t("pilots.saved_in", where=escape_markdown(store.url)))
