"""The sections of the facilitator's page: open a workshop, open the controls of one (PIN or
admin link), and run it (join code, link and QR code; the secrets once; counts; the panels of
the projector; exports; retention; deletion).

Streamlit only: ``storage`` checks, hashes and saves; :mod:`wizard.workshop_exports` builds the
files. Forms keep what was typed when storage refuses it (its message is shown under them).
After a successful write the page reruns; what the next run must show is left under
``workshop._after`` and applied before any widget is drawn (as on the pilots page).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import storage
from storage import PANELS, StorageError, Store, WorkshopInfo
from storage.workshops import RETENTION_DAYS_DEFAULT, RETENTION_DAYS_MAX, RETENTION_DAYS_MIN
from templates_library import Library
from templates_library.locales import LANGUAGE_NAMES, catalogues
from wizard import workshop_exports
from wizard.explain import escape_markdown
from wizard.i18n import language, t
from wizard.workshop_common import (
    admin_workshop,
    big_code,
    error_text,
    is_absolute,
    link,
    local_date,
    region_name,
    sector_name,
    show_error,
    show_qr,
    sign_in,
    sign_out,
)

OPEN = "workshop.open"
MANAGE = "workshop.manage"
#: The secrets of the workshop just opened, shown until the facilitator says they kept them.
OPENED = "workshop._opened"
AFTER = "workshop._after"
FLASH = "workshop._flash"
CONFIRM_DELETE = "workshop._confirm_delete"
PANEL = "workshop.panel"
PANEL_ERROR = "workshop._panel_error"
ADMIN_LINK_ERROR = "workshop._admin_link_error"


# ---------------------------------------------------------------------------- after a write


def _then(message: str, *, drop: tuple[str, ...] = ()) -> None:
    """Rerun; the next run shows ``message`` and forgets the widgets ``drop``."""
    st.session_state[AFTER] = {"flash": message, "drop": list(drop)}
    st.rerun()


def apply_pending() -> None:
    """What the last successful write asked of this run; call before any widget is drawn."""
    after = st.session_state.pop(AFTER, None)
    st.session_state.pop(FLASH, None)
    if not after:
        return
    for key in after["drop"]:
        st.session_state.pop(key, None)
    st.session_state[FLASH] = after["flash"]


def flash() -> None:
    message = st.session_state.get(FLASH)
    if message:
        st.success(message, icon=":material/check_circle:")


def purge(store: Store) -> None:
    """Erase the workshops past their retention period (one cheap DELETE)."""
    try:
        storage.purge_expired(store)
    except StorageError as exc:
        show_error(exc)


# ---------------------------------------------------------------------------- the admin link


def admin_link(store: Store) -> None:
    """Open the controls from an admin link (``?code=...&key=...``), then take the key out of
    the address bar: a projected or shared screen must not show it."""
    params = st.query_params
    code, key = params.get("code"), params.get("key")
    if not key:
        return
    del st.query_params["key"]
    try:
        info = storage.check_facilitator(store, code or "", admin_token=key)
    except StorageError as exc:
        st.session_state[ADMIN_LINK_ERROR] = error_text(exc)
        return
    sign_in(info)


def admin_link_error() -> None:
    message = st.session_state.pop(ADMIN_LINK_ERROR, None)
    if message:
        st.error(message, icon=":material/error:")


# ---------------------------------------------------------------------------- open


def _names(lib: Library) -> tuple[dict[str, str], dict[str, str]]:
    regions = {rid: region_name(lib, rid) for rid in lib.regions}
    sectors = {sid: sector_name(lib, sid) for sid in lib.sectors}
    return regions, sectors


def open_form(store: Store, lib: Library) -> None:
    """The form that opens a workshop; its secrets are then shown once."""
    languages = catalogues().languages
    if f"{OPEN}.language" not in st.session_state:
        st.session_state[f"{OPEN}.language"] = language()
        st.session_state[f"{OPEN}.retention"] = RETENTION_DAYS_DEFAULT
    regions, sectors = _names(lib)
    st.subheader(t("workshop.open.heading"))
    st.write(t("workshop.open.intro"))
    with st.form(OPEN, clear_on_submit=False, enter_to_submit=False):
        title = st.text_input(
            t("workshop.fields.title"),
            max_chars=storage.workshops.TITLE_MAX,
            placeholder=t("workshop.open.title_placeholder"),
            key=f"{OPEN}.title",
        )
        chosen_language = st.selectbox(
            t("workshop.fields.language"),
            languages,
            format_func=lambda code: LANGUAGE_NAMES.get(code, code),
            help=t("workshop.open.language_help"),
            key=f"{OPEN}.language",
        )
        chosen_regions = st.multiselect(
            t("workshop.fields.regions"),
            sorted(regions, key=lambda rid: regions[rid].casefold()),
            format_func=regions.__getitem__,
            placeholder=t("workshop.open.choose"),
            key=f"{OPEN}.regions",
        )
        chosen_sectors = st.multiselect(
            t("workshop.fields.sectors"),
            sorted(sectors, key=lambda sid: sectors[sid].casefold()),
            format_func=sectors.__getitem__,
            placeholder=t("workshop.open.choose"),
            key=f"{OPEN}.sectors",
        )
        retention = st.number_input(
            t("workshop.fields.retention_days"),
            min_value=RETENTION_DAYS_MIN,
            max_value=RETENTION_DAYS_MAX,
            step=1,
            help=t("workshop.open.retention_help"),
            key=f"{OPEN}.retention",
        )
        pin = st.text_input(
            t("workshop.open.own_pin"),
            max_chars=12,
            type="password",
            help=t("workshop.open.pin_help"),
            key=f"{OPEN}.pin",
        )
        submitted = st.form_submit_button(
            t("workshop.open.submit"), type="primary", icon=":material/add_circle:"
        )
    if not submitted:
        return
    try:
        opened = storage.create_workshop(
            store,
            title=title,
            language=chosen_language,
            regions=chosen_regions,
            sectors=chosen_sectors,
            retention_days=int(retention),
            pin=pin.strip() or None,
        )
    except StorageError as exc:
        show_error(exc)
        return
    sign_in(opened.workshop)
    st.session_state[OPENED] = {
        "id": opened.workshop.id,
        "pin": opened.pin,
        "token": opened.admin_token,
    }
    _then(
        t("workshop.open.done", title=escape_markdown(opened.workshop.title)),
        drop=(f"{OPEN}.title", f"{OPEN}.pin", f"{OPEN}.regions", f"{OPEN}.sectors"),
    )


# ---------------------------------------------------------------------------- sign in


def manage_form(store: Store) -> None:
    """Code and PIN of an existing workshop; a wrong PIN says how many tries are left."""
    st.subheader(t("workshop.manage.heading"))
    st.write(t("workshop.manage.intro"))
    if f"{MANAGE}.code" not in st.session_state:  # the code of an admin link already used
        st.session_state[f"{MANAGE}.code"] = st.query_params.get("code", "")
    with st.form(MANAGE, clear_on_submit=False, enter_to_submit=True):
        code = st.text_input(
            t("workshop.fields.code"), max_chars=12, key=f"{MANAGE}.code", autocomplete="off"
        )
        pin = st.text_input(
            t("workshop.fields.pin"), max_chars=12, type="password", key=f"{MANAGE}.pin"
        )
        submitted = st.form_submit_button(
            t("workshop.manage.submit"), type="primary", icon=":material/key:"
        )
    if not submitted:
        return
    try:
        info = storage.check_facilitator(store, code, pin=pin)
    except StorageError as exc:
        show_error(exc)
        return
    sign_in(info)
    _then(t("workshop.manage.done", title=escape_markdown(info.title)), drop=(f"{MANAGE}.pin",))


# ---------------------------------------------------------------------------- run


def controls(store: Store, lib: Library, info: WorkshopInfo) -> None:
    """Everything a facilitator needs once the controls are open."""
    st.subheader(escape_markdown(info.title))
    flash()
    _secrets(info)
    _join_details(info)
    st.page_link("wizard/projector.py", label=t("workshop.projector_link"), icon=":material/cast:")
    _counts(store, info)
    _panels(store, info)
    workshop_exports.section(store, lib, info)
    _retention(info)
    _delete(store, info)
    st.divider()
    if st.button(t("workshop.sign_out"), icon=":material/logout:", key="workshop.sign_out"):
        sign_out()
        st.session_state.pop(OPENED, None)
        st.rerun()


def _secrets(info: WorkshopInfo) -> None:
    """The PIN and the admin link of a workshop just opened: shown once, never stored."""
    opened = st.session_state.get(OPENED)
    if not opened or opened.get("id") != info.id:
        return
    with st.container(border=True):
        st.warning(t("workshop.secrets.warning"), icon=":material/warning:")
        st.markdown(t("workshop.secrets.pin"))
        st.code(opened["pin"], language=None)
        admin = link("workshop", code=info.code, key=opened["token"])
        st.markdown(t("workshop.secrets.admin_link"))
        st.code(admin, language=None, wrap_lines=True)
        projector = link("projector", code=info.code, key=opened["token"])
        st.markdown(t("workshop.secrets.projector_link"))
        st.code(projector, language=None, wrap_lines=True)
        if not is_absolute(admin):
            st.caption(t("workshop.link_relative"))
        if st.button(t("workshop.secrets.kept"), icon=":material/done:", key="workshop.kept"):
            st.session_state.pop(OPENED, None)
            st.rerun()


def _join_details(info: WorkshopInfo) -> None:
    """The join code in large type, the join link and its QR code, to project."""
    join = link("join", code=info.code)
    left, right = st.columns([3, 2], gap="large")
    with left:
        big_code(info.code)
        st.markdown(t("workshop.join_link"))
        st.code(join, language=None, wrap_lines=True)
        if not is_absolute(join):
            st.caption(t("workshop.link_relative"))
        st.write(t("workshop.join_help"))
    with right:
        show_qr(join)


def _counts(store: Store, info: WorkshopInfo) -> None:
    try:
        joined, submitted = storage.counts(store, info.id)
    except StorageError as exc:
        show_error(exc)
        return
    left, right = st.columns(2)
    left.metric(t("workshop.joined"), joined)
    right.metric(t("workshop.submitted"), submitted)


def panel_name(panel: str) -> str:
    return t(f"projector.panels.{panel}")


def save_panels(store: Store, workshop_id: int, hidden: list[str]) -> None:
    """Hide exactly ``hidden`` (a callback: an error is kept for the run that follows)."""
    try:
        storage.set_hidden_panels(store, workshop_id, hidden)
    except StorageError as exc:
        st.session_state[PANEL_ERROR] = error_text(exc)


def _toggled(store: Store, workshop_id: int) -> None:
    hidden = [p for p in PANELS if not st.session_state.get(f"{PANEL}.{p}", True)]
    save_panels(store, workshop_id, hidden)


def _panels(store: Store, info: WorkshopInfo) -> None:
    """One switch a panel of the projector; the projector follows within seconds."""
    st.subheader(t("workshop.panels.heading"))
    st.write(t("workshop.panels.intro"))
    message = st.session_state.pop(PANEL_ERROR, None)
    if message:
        st.error(message, icon=":material/error:")
    columns = st.columns(2)
    half = (len(PANELS) + 1) // 2  # top to bottom, then the next column: the reading order
    for index, panel in enumerate(PANELS):
        key = f"{PANEL}.{panel}"
        # Seeded from the database on every run: the projector may have changed it.
        st.session_state[key] = panel not in info.hidden_panels
        columns[index // half].toggle(
            panel_name(panel), key=key, on_change=_toggled, args=(store, info.id)
        )


def _retention(info: WorkshopInfo) -> None:
    st.subheader(t("workshop.retention.heading"))
    st.write(
        t(
            "workshop.retention.text",
            days=info.retention_days,
            date=local_date(info.delete_after),
        )
    )


def _delete(store: Store, info: WorkshopInfo) -> None:
    """Delete the workshop and everything in it, after a confirmation."""
    if st.session_state.get(CONFIRM_DELETE) != info.id:
        if st.button(t("workshop.delete.button"), icon=":material/delete:", key="workshop.delete"):
            st.session_state[CONFIRM_DELETE] = info.id
            st.rerun()
        return
    st.warning(
        t("workshop.delete.confirm", title=escape_markdown(info.title)),
        icon=":material/warning:",
    )
    yes, no = st.columns(2)
    if no.button(t("workshop.delete.cancel"), key="workshop.delete.no", width="stretch"):
        st.session_state.pop(CONFIRM_DELETE, None)
        st.rerun()
    if yes.button(
        t("workshop.delete.confirm_yes"), type="primary", key="workshop.delete.yes", width="stretch"
    ):
        try:
            storage.delete_workshop(store, info.id)
        except StorageError as exc:
            show_error(exc)
            return
        st.session_state.pop(CONFIRM_DELETE, None)
        st.session_state.pop(OPENED, None)
        sign_out()
        _then(t("workshop.delete.done", title=escape_markdown(info.title)))


def signed_out_page(store: Store, lib: Library) -> None:
    """Open a new workshop, or the controls of an existing one."""
    flash()
    st.write(t("workshop.intro"))
    left, right = st.columns([3, 2], gap="large")
    with left, st.container(border=True):
        open_form(store, lib)
    with right, st.container(border=True):
        manage_form(store)


def page(store: Store, lib: Library) -> Any:
    """The whole facilitator page."""
    purge(store)
    apply_pending()
    admin_link(store)
    admin_link_error()
    info = admin_workshop(store)
    if info is None:
        signed_out_page(store, lib)
    else:
        controls(store, lib, info)
