"""Persistence (SQLAlchemy 2): assessments, workshops, pilots. Never imports Streamlit."""
