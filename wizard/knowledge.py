"""The knowledge base as the pages see it: loaded once per process, shared by every session.

``load_library`` already caches per root; ``st.cache_resource`` adds nothing to speed but makes
the sharing explicit and lets Streamlit's "clear cache" reload edited YAML.
"""

from __future__ import annotations

import streamlit as st

from templates_library import KnowledgeBaseError, Library, load_library


@st.cache_resource(show_spinner=False)
def library() -> Library:
    return load_library()


def library_or_stop() -> Library:
    """The library, or a clear error listing each problem (file:line) and a stop."""
    try:
        return library()
    except KnowledgeBaseError as exc:
        st.error("The knowledge base has problems, so the advisor cannot start.")
        st.code("\n".join(str(p) for p in exc.problems), language=None)
        st.stop()
        raise  # unreachable: st.stop() ends the run
