"""Page: join a workshop with its code (no account; anonymous unless the participant consents
to matchmaking and gives an organisation's name), then go through the wizard. With
``?result=TOKEN`` (the private link given after sending), the participant's own submission,
which they may delete. The sections are in :mod:`wizard.workshop_join`.
"""

import streamlit as st

from wizard import workshop_join
from wizard.knowledge import library_or_stop
from wizard.store import store_or_stop
from wizard.ui import page_header

lib = library_or_stop()
page_header("join")
store = store_or_stop()
token = st.query_params.get("result")
if token:
    workshop_join.private_page(store, lib, token)
else:
    workshop_join.page(store)
