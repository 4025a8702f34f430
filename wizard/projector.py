"""Page: the projector's dashboard of a workshop, for its facilitator only.

The room's picture refreshes every few seconds (a fragment of this session alone); the
sections are in :mod:`wizard.workshop_projector`. A session that has not opened the workshop's
controls (PIN or admin link, on the workshop page or with ``?code=...&key=...`` here) is sent
to the workshop page.
"""

import streamlit as st

from wizard import workshop_projector, workshop_view
from wizard.i18n import t
from wizard.knowledge import library_or_stop
from wizard.store import store_or_stop
from wizard.ui import page_header
from wizard.workshop_common import admin_workshop

lib = library_or_stop()
page_header("projector")
store = store_or_stop()
workshop_view.admin_link(store)
workshop_view.admin_link_error()
if admin_workshop(store) is None:
    st.info(t("projector.signed_out"), icon=":material/lock:")
    st.page_link("wizard/workshop.py", label=t("projector.to_workshop"), icon=":material/groups:")
    st.stop()
workshop_projector.style()
workshop_projector.live(store, lib)
