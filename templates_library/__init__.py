"""The knowledge base: benchmark templates of intelligence set-ups and the reference data.

Public surface: :func:`load_library` (validated, cached, versioned), :func:`validate` (every
problem with its ``file:line``), the :class:`Library` it returns and the content models in
:mod:`templates_library.schema`. Imports nothing of ours and never Streamlit.
"""

from templates_library._yaml import Problem
from templates_library.library import KnowledgeBaseError, Library, load_library, validate

__all__ = ["KnowledgeBaseError", "Library", "Problem", "load_library", "validate"]
