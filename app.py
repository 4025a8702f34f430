"""Entrypoint: page configuration and navigation over the pages in ``wizard/``. Nothing else."""

import streamlit as st

st.set_page_config(
    page_title="Intelligence Set-up Advisor", page_icon=":material/travel_explore:", layout="wide"
)
pages = [
    st.Page(
        "wizard/library_page.py",
        title="Set-up library",
        icon=":material/library_books:",
        default=True,
    ),
]
st.navigation(pages).run()
