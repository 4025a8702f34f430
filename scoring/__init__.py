"""The recommendation engine: answers, maturity, needs, safe rules, scoring and robustness.

Pure Python and numpy over arrays of profiles; never imports Streamlit.
"""
