"""The sidebar's "Save answers" and "Load answers": nothing is lost on a reload.

Saving offers the answers file (YAML or JSON, DESIGN.md) once the answers validate. Loading
reads an uploaded file through :func:`reports.export.parse_uploaded_answers` and, only when it
is valid, replaces the answers (the widgets re-seed from them); a bad file leaves the current
answers as they were and says every problem. Nothing in a file is evaluated, and its text is
shown escaped, never as markdown or HTML.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import streamlit as st
from streamlit.errors import StreamlitAPIException

from reports.export import AnswersFileError, answers_json, answers_yaml, parse_uploaded_answers
from scoring.answers import AnswersError
from templates_library import KnowledgeBaseError
from templates_library.locales import DEFAULT_LANGUAGE, catalogues
from wizard.i18n import t
from wizard.knowledge import library
from wizard.state import missing_before, replace_answers, validated

UPLOAD = "files.upload"
#: The file id of the upload already handled: a rerun must not load it again.
PROCESSED = "files.processed"
#: What happened to that upload, shown while it stays in the uploader.
OUTCOME = "files.outcome"
#: The key of the sidebar's language selector (wizard.i18n.language_switch).
LANGUAGE_SWITCH = "language_switch"
#: Upload limit the browser enforces (MB); the answers model refuses anything over 200 kB.
MAX_UPLOAD_MB = 1

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """Text from a file or a user, escaped so that markdown shows it as it is."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


@dataclass(frozen=True)
class LoadOutcome:
    """The result of loading one file: its name and, when it failed, every problem."""

    name: str
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def load_into_session(name: str, data: bytes) -> LoadOutcome:
    """Validate an uploaded answers file and, only if it is valid, make it the answers.

    Call it before the widgets are drawn (the uploader's ``on_change`` does): it re-seeds
    every bound widget and moves the language selector to the file's language.
    """
    try:
        loaded = parse_uploaded_answers(name, data, library())
    except AnswersFileError as exc:
        return LoadOutcome(name, (t(f"files.error_{exc.kind}", **exc.details),))
    except AnswersError as exc:
        return LoadOutcome(name, tuple(str(problem) for problem in exc.problems))
    except KnowledgeBaseError:
        return LoadOutcome(name, (t("files.error_library"),))
    replace_answers(loaded.to_file_dict())
    if loaded.language in catalogues().languages:
        # The selector is drawn before this sidebar. Seeding its key from a callback (before
        # it is drawn again) makes the browser show the file's language too; once the
        # selector is drawn its key is read-only, and it follows on a later run.
        with contextlib.suppress(StreamlitAPIException):
            st.session_state[LANGUAGE_SWITCH] = loaded.language
    return LoadOutcome(name)


def _on_upload() -> None:
    uploaded = st.session_state.get(UPLOAD)
    if uploaded is None:
        st.session_state.pop(PROCESSED, None)
        st.session_state.pop(OUTCOME, None)
        return
    if st.session_state.get(PROCESSED) == uploaded.file_id:
        return
    st.session_state[PROCESSED] = uploaded.file_id
    st.session_state[OUTCOME] = load_into_session(uploaded.name, uploaded.getvalue())


def _save_section() -> None:
    answers, error = validated()
    if answers is None:
        gaps = missing_before("recommendation")
        if gaps:
            steps = ", ".join(t(f"nav.{step.id}") for step, _ in gaps)
            st.sidebar.caption(t("files.save_incomplete", steps=steps))
        else:
            fields = dict.fromkeys(_field_name(p.field) for p in error.problems) if error else {}
            st.sidebar.caption(t("files.save_invalid", fields=plain(", ".join(fields))))
        return
    today = datetime.now(UTC).date()
    stem = f"answers-{today.isoformat()}"
    for fmt, data, mime in (
        ("yaml", answers_yaml(answers, today), "application/yaml"),
        ("json", answers_json(answers), "application/json"),
    ):
        st.sidebar.download_button(
            t(f"files.save_{fmt}"),
            data,
            file_name=f"{stem}.{fmt}",
            mime=mime,
            key=f"files.save_{fmt}",
            help=t("files.save_help"),
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )


def _field_name(field: str) -> str:
    key = f"fields.{field}"
    return t(key) if catalogues().has(DEFAULT_LANGUAGE, key) else field


def _load_section() -> None:
    # Folded away: the page links come after this section in the sidebar.
    with st.sidebar.expander(t("files.load_label"), icon=":material/upload_file:"):
        uploaded = st.file_uploader(
            t("files.load_file"),
            type=["yaml", "yml", "json"],
            key=UPLOAD,
            help=t("files.load_help"),
            on_change=_on_upload,
            max_upload_size=MAX_UPLOAD_MB,
        )
    outcome = st.session_state.get(OUTCOME)
    if uploaded is None or not isinstance(outcome, LoadOutcome):
        return
    if outcome.ok:
        st.sidebar.success(t("files.loaded", name=plain(outcome.name)), icon=":material/check:")
    else:
        problems = "\n".join(f"- {plain(p)}" for p in outcome.problems)
        st.sidebar.error(
            t("files.load_failed", name=plain(outcome.name)) + "\n\n" + problems,
            icon=":material/error:",
        )


def answers_sidebar() -> None:
    """Save and load the answers file, in the sidebar of every page."""
    st.sidebar.subheader(t("files.heading"))
    _save_section()
    _load_section()
