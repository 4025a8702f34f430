"""The sections of the participant's page: join with a code (and, only with consent to
matchmaking, an organisation's name), then start the wizard; or, from a private link
(``?result=TOKEN``), see one's own submission and delete it.

Streamlit only: ``storage`` checks and saves; :mod:`wizard.workshop_context` keeps the
participant's workshop in the session.
"""

from __future__ import annotations

import streamlit as st

import storage
from storage import StorageError, Store, UnknownParticipantError
from storage.workshops import ORGANISATION_MAX
from templates_library import Library
from wizard.explain import escape_markdown, number
from wizard.i18n import language, t
from wizard.workshop_common import error_text, local_date, setup_name, show_error
from wizard.workshop_context import (
    CODE,
    CONSENT,
    ORGANISATION,
    join,
    leave,
    outcome,
    participation,
    paused_for,
    private_link,
)

CONFIRM_DELETE = "join._confirm_delete"
#: The private token whose submission this session just deleted.
DELETED = "join._deleted"


def page(store: Store) -> None:
    """Join, or where to go once joined."""
    outcome()
    joined = participation()
    if joined is not None:
        _joined(joined.title, joined.code)
        if joined.submitted and joined.private_token:
            private_link(joined.private_token)
        return
    _form(store)


def _joined(title: str, code: str) -> None:
    st.markdown(t("join.in_workshop", title=escape_markdown(title), code=code))
    st.write(t("join.next"))
    start, _, other = st.columns([2, 1, 2])
    if start.button(
        t("join.start"),
        type="primary",
        icon=":material/arrow_forward:",
        key="join.start",
        width="stretch",
    ):
        st.switch_page("wizard/profile.py")
    if other.button(t("join.leave"), icon=":material/logout:", key="join.leave", width="stretch"):
        leave()
        st.rerun()


def _form(store: Store) -> None:
    """Code, consent, organisation (usable only with consent), Join."""
    st.write(t("join.intro"))
    if CODE not in st.session_state:
        st.session_state[CODE] = st.query_params.get("code", "")
    seconds = paused_for()
    if seconds:
        st.warning(t("join.still_paused", seconds=seconds), icon=":material/timer:")
    with st.container(border=True):
        st.text_input(
            t("join.fields.code"),
            key=CODE,
            max_chars=12,
            placeholder=t("join.code_placeholder"),
            help=t("join.code_help"),
            autocomplete="off",
        )
        consent = st.checkbox(t("join.fields.consent"), key=CONSENT, help=t("join.consent_help"))
        st.text_input(
            t("join.fields.organisation"),
            key=ORGANISATION,
            max_chars=ORGANISATION_MAX,
            disabled=not consent,
            help=t("join.organisation_help"),
        )
        st.caption(t("join.anonymous"))
        st.button(
            t("join.submit"),
            type="primary",
            icon=":material/login:",
            key="join.submit",
            on_click=join,
            args=(store,),
        )


# ---------------------------------------------------------------------------- private link


def private_page(store: Store, lib: Library, token: str) -> None:
    """The submission of a private link, and its deletion after a confirmation."""
    if st.session_state.get(DELETED) == token:
        st.success(t("join.private.deleted"), icon=":material/check_circle:")
        return
    try:
        info, mine = storage.my_submission(store, token)
    except UnknownParticipantError:
        st.error(t("join.private.unknown"), icon=":material/link_off:")
        return
    except StorageError as exc:
        show_error(exc)
        return
    st.subheader(t("join.private.heading", title=escape_markdown(info.title)))
    if mine.submitted_at is None or not mine.result:
        st.info(t("join.private.not_sent"), icon=":material/hourglass_empty:")
    else:
        result = mine.result
        lines = [
            "- " + t("join.private.sent_on", date=local_date(mine.submitted_at)),
            "- " + t("join.private.workshop", title=escape_markdown(info.title), code=info.code),
        ]
        level = result.get("maturity_level")
        if level is not None:
            lines.append("- " + t("join.private.level", level=number(level, language(), 1)))
        if mine.consent:
            who = (
                escape_markdown(mine.organisation)
                if mine.organisation
                else t("join.private.no_name")
            )
            lines.append("- " + t("join.private.consent_yes", organisation=who))
        else:
            lines.append("- " + t("join.private.consent_no"))
        st.markdown("\n".join(lines))
        top = result.get("top") or []
        if top:
            st.markdown(f"**{t('join.private.setups')}**")
            st.markdown(
                "\n".join(
                    f"{rank}. "
                    + t(
                        "join.private.setup",
                        name=escape_markdown(setup_name(lib, str(item.get("template_id")))),
                        score=number(item.get("score"), language(), 1),
                    )
                    for rank, item in enumerate(top, start=1)
                )
            )
    st.caption(t("join.private.retention", date=local_date(info.delete_after)))
    _delete(store, token)


def _delete(store: Store, token: str) -> None:
    if not st.session_state.get(CONFIRM_DELETE):
        if st.button(t("join.private.delete"), icon=":material/delete:", key="join.delete"):
            st.session_state[CONFIRM_DELETE] = True
            st.rerun()
        return
    st.warning(t("join.private.confirm"), icon=":material/warning:")
    yes, no = st.columns(2)
    if no.button(t("join.private.cancel"), key="join.delete.no", width="stretch"):
        st.session_state.pop(CONFIRM_DELETE, None)
        st.rerun()
    if yes.button(
        t("join.private.confirm_yes"), type="primary", key="join.delete.yes", width="stretch"
    ):
        try:
            storage.delete_my_submission(store, token)
        except StorageError as exc:
            st.error(error_text(exc), icon=":material/error:")
            return
        st.session_state.pop(CONFIRM_DELETE, None)
        st.session_state[DELETED] = token
        joined = participation()
        if joined is not None and joined.private_token == token:
            leave()
        st.rerun()
