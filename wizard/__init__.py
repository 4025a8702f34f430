"""The Streamlit entrypoints: one file per page, thin, calling the domain packages.

Only this package and ``app.py`` import Streamlit.
"""
