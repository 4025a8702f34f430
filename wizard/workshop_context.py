"""A participant's workshop, in their session: joining with a code, the sidebar note that says
which workshop they are in, and the box of the recommendation page that sends their answers.

What the session keeps (never in the address bar): a participant key, random, made once per
session (joining again with it changes nothing: ``storage.join_workshop`` is idempotent on it),
the workshop joined, the consent and organisation given, and the private link's token (storage
returns it once, on the first join; it opens the participant's own submission). Wrong codes
are counted per session: after :data:`MAX_WRONG_CODES` in a row, joining pauses for
:data:`PAUSE_SECONDS`.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, replace
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

import storage
from scoring.aggregate import result_summary
from scoring.answers import Answers
from storage import InvalidValueError, StorageError, Store, UnknownWorkshopError
from storage.workshops import ORGANISATION_MAX
from wizard.explain import escape_markdown
from wizard.i18n import LANG, language, t
from wizard.store import store_or_stop
from wizard.workshop_common import error_text, is_absolute, link

#: The participant's workshop (a :class:`Participation`), once joined.
PARTICIPANT = "join.participant"
#: The session's participant key.
KEY = "join.key"
#: The private link's token of each workshop joined in this session (by workshop id): storage
#: gives it once, so it outlives leaving the workshop in this session.
TOKENS = "join.tokens"
#: Wrong codes in a row, and until when joining is paused (``time.monotonic()``).
FAILURES = "join.failures"
PAUSED_UNTIL = "join.paused_until"
#: What the last click on Join gave, for the run that follows it.
OUTCOME = "join._outcome"
CODE = "join.code"
CONSENT = "join.consent"
ORGANISATION = "join.organisation"
SEND_CONSENT = "join.send.consent"
SEND_ORGANISATION = "join.send.organisation"
SENT = "join._sent"
SEND_ERROR = "join._send_error"
#: The key of the sidebar's language selector (wizard.i18n.language_switch).
LANGUAGE_SWITCH = "language_switch"
MAX_WRONG_CODES = 5
PAUSE_SECONDS = 30


@dataclass(frozen=True)
class Participation:
    """The workshop a session joined, and what the participant chose to share."""

    workshop_id: int
    code: str
    title: str
    language: str
    consent: bool = False
    organisation: str = ""
    private_token: str | None = None
    submitted: bool = False


def participation() -> Participation | None:
    found = st.session_state.get(PARTICIPANT)
    return found if isinstance(found, Participation) else None


def participant_key() -> str:
    """This session's participant key, made the first time it is asked for."""
    if KEY not in st.session_state:
        st.session_state[KEY] = storage.new_participant_key()
    return str(st.session_state[KEY])


def leave() -> None:
    """Forget the workshop in this session (what was sent stays, behind the private link)."""
    st.session_state.pop(PARTICIPANT, None)


# ---------------------------------------------------------------------------- joining


def paused_for() -> int:
    """Seconds left of the pause after too many wrong codes (0 when not paused)."""
    until = st.session_state.get(PAUSED_UNTIL)
    if until is None:
        return 0
    left = until - time.monotonic()
    if left <= 0:
        st.session_state.pop(PAUSED_UNTIL, None)
        st.session_state[FAILURES] = 0
        return 0
    return max(1, round(left))


def _wrong_code(message: str) -> None:
    failures = int(st.session_state.get(FAILURES, 0)) + 1
    st.session_state[FAILURES] = failures
    left = MAX_WRONG_CODES - failures
    if left <= 0:
        st.session_state[PAUSED_UNTIL] = time.monotonic() + PAUSE_SECONDS
        st.session_state[OUTCOME] = (
            "error",
            f"{message}\n\n{t('join.paused', seconds=PAUSE_SECONDS)}",
        )
        return
    st.session_state[OUTCOME] = ("error", f"{message}\n\n{t('join.tries_left', count=left)}")


def _follow_language(workshop_language: str) -> None:
    """Speak the workshop's language, unless the participant chose theirs (the sidebar switch
    or a loaded answers file write it into the answers)."""
    chosen = st.session_state.get("answers", {}).get("language")
    if chosen or workshop_language == language():
        return
    st.session_state[LANG] = workshop_language
    # A callback runs before the selector is drawn, so its key may still be set.
    with contextlib.suppress(StreamlitAPIException):
        st.session_state[LANGUAGE_SWITCH] = workshop_language


def join(store: Store) -> None:
    """The Join button's callback: join with the code typed, keep the outcome for the run."""
    seconds = paused_for()
    if seconds:
        st.session_state[OUTCOME] = ("error", t("join.still_paused", seconds=seconds))
        return
    code = str(st.session_state.get(CODE) or "")
    consent = bool(st.session_state.get(CONSENT))
    organisation = str(st.session_state.get(ORGANISATION) or "").strip() if consent else ""
    try:
        joined = storage.join_workshop(store, code, participant_key())
    except UnknownWorkshopError as exc:
        _wrong_code(error_text(exc))
        return
    except InvalidValueError as exc:
        if exc.field == "code":
            _wrong_code(error_text(exc))
        else:
            st.session_state[OUTCOME] = ("error", error_text(exc))
        return
    except StorageError as exc:
        st.session_state[OUTCOME] = ("error", error_text(exc))
        return
    st.session_state[FAILURES] = 0
    info = joined.workshop
    tokens = st.session_state.setdefault(TOKENS, {})
    if joined.private_token is not None:
        tokens[info.id] = joined.private_token
    token = tokens.get(info.id)  # joined again: the link given the first time stands
    st.session_state[PARTICIPANT] = Participation(
        workshop_id=info.id,
        code=info.code,
        title=info.title,
        language=info.language,
        consent=consent,
        organisation=organisation,
        private_token=token,
        submitted=st.session_state.get(SENT) == info.id,
    )
    st.session_state.pop(SEND_CONSENT, None)
    st.session_state.pop(SEND_ORGANISATION, None)
    _follow_language(info.language)
    st.session_state[OUTCOME] = ("ok", t("join.joined", title=escape_markdown(info.title)))


def outcome() -> None:
    """Say what the last click on Join gave (once)."""
    found = st.session_state.pop(OUTCOME, None)
    if not found:
        return
    kind, message = found
    if kind == "ok":
        st.success(message, icon=":material/check_circle:")
    else:
        st.error(message, icon=":material/error:")


# ---------------------------------------------------------------------------- everywhere


def sidebar_note() -> None:
    """In the sidebar, which workshop the session is in (call it from the entrypoint)."""
    joined = participation()
    if joined is None:
        return
    st.sidebar.info(
        t("join.sidebar_note", title=escape_markdown(joined.title), code=joined.code),
        icon=":material/groups:",
    )


def private_link(token: str) -> None:
    """The participant's private link, with the warning to keep it."""
    address = link("join", result=token)
    st.warning(t("join.private.keep"), icon=":material/key:")
    st.code(address, language=None, wrap_lines=True)
    if not is_absolute(address):
        st.caption(t("join.private.relative"))


def _copy_send_choices() -> None:
    joined = participation()
    if joined is None:
        return
    consent = bool(st.session_state.get(SEND_CONSENT))
    organisation = str(st.session_state.get(SEND_ORGANISATION) or "")
    st.session_state[PARTICIPANT] = replace(joined, consent=consent, organisation=organisation)


def submit_box(answers: Answers, result: dict[str, Any]) -> None:
    """On the recommendation page, when the session is in a workshop: send the answers and
    the result's summary to the workshop (again, to replace them), then the private link.

    Call it after the recommendation is computed; it draws nothing outside a workshop.
    """
    joined = participation()
    if joined is None:
        return
    with st.container(border=True, key="join.send"):
        st.subheader(t("join.send.heading", title=escape_markdown(joined.title)))
        st.write(t("join.send.intro"))
        if SEND_CONSENT not in st.session_state:
            st.session_state[SEND_CONSENT] = joined.consent
            st.session_state[SEND_ORGANISATION] = joined.organisation
        consent = st.checkbox(
            t("join.fields.consent"),
            key=SEND_CONSENT,
            help=t("join.consent_help"),
            on_change=_copy_send_choices,
        )
        organisation = st.text_input(
            t("join.fields.organisation"),
            key=SEND_ORGANISATION,
            max_chars=ORGANISATION_MAX,
            disabled=not consent,
            help=t("join.organisation_help"),
            on_change=_copy_send_choices,
        )
        label = "join.send.again" if joined.submitted else "join.send.button"
        st.button(
            t(label),
            type="primary",
            icon=":material/send:",
            key="join.send.button",
            on_click=_send,
            args=(store_or_stop(), answers, result),
            kwargs={"consent": consent, "organisation": organisation},
        )
        error = st.session_state.pop(SEND_ERROR, None)
        if error:
            st.error(error, icon=":material/error:")
        elif st.session_state.get(SENT) == joined.workshop_id:
            st.success(t("join.send.done"), icon=":material/check_circle:")
        if joined.submitted and joined.private_token:
            private_link(joined.private_token)
        elif joined.submitted:
            st.info(t("join.private.lost"), icon=":material/info:")


def _send(
    store: Store,
    answers: Answers,
    result: dict[str, Any],
    *,
    consent: bool,
    organisation: str,
) -> None:
    """The send button's callback (it runs before the page, which then shows the outcome)."""
    joined = participation()
    if joined is None:
        return
    try:
        storage.submit(
            store,
            joined.workshop_id,
            participant_key(),
            answers=answers.to_file_dict(),
            result=result_summary(result),
            consent=consent,
            organisation=(organisation.strip() or None) if consent else None,
        )
    except StorageError as exc:
        st.session_state[SEND_ERROR] = error_text(exc)
        return
    st.session_state[PARTICIPANT] = replace(
        joined,
        consent=consent,
        organisation=organisation if consent else "",
        submitted=True,
    )
    st.session_state[SENT] = joined.workshop_id
