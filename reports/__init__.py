"""Exports (CSV, Excel, JSON, Markdown/HTML/PDF guide book and report). Never imports Streamlit."""
