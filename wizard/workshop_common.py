"""What the workshop pages share: the app's links (join, admin, private, projector), the QR
code, the join code in large type, the facilitator's session, names of ids, and the messages of
storage's errors in the user's language.

Streamlit only; every check and write is ``storage``'s. The secrets (PIN, admin token, private
token) are never logged nor put in a page's address for longer than needed.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import segno
import streamlit as st

from storage import (
    InvalidValueError,
    LockedError,
    StorageError,
    Store,
    UnknownParticipantError,
    UnknownWorkshopError,
    WorkshopInfo,
    WrongSecretError,
    find_workshop,
)
from templates_library import Library
from wizard.explain import escape_markdown
from wizard.i18n import ct, t, tn

#: The pages of the app, by the last part of their address (the file's name).
PAGES = frozenset(path.stem for path in Path(__file__).parent.glob("*.py"))
#: The facilitator's session: the one workshop whose controls it opened.
ADMIN = "workshop.admin"
#: Fields a storage message may name, each with its label under ``workshop.fields``.
FIELDS = (
    "title",
    "language",
    "regions",
    "sectors",
    "retention_days",
    "pin",
    "code",
    "admin_token",
    "organisation",
    "consent",
    "hidden",
    "answers",
    "private_token",
)
#: Scale of a QR code's module in pixels: about 300 px for a join link, sharp on a projector.
QR_SCALE = 8


# ---------------------------------------------------------------------------- links


def base_url() -> str | None:
    """The app's address as the browser sees it, without the page's part, or None when the
    browser did not say (then links are relative)."""
    url = st.context.url
    if not url:
        return None
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in PAGES:
        path = head
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def link(page: str, **params: str) -> str:
    """The full address of ``page`` with ``params``; relative when the base is unknown."""
    query = f"?{urlencode(params)}" if params else ""
    base = base_url()
    return f"{base}/{page}{query}" if base else f"{page}{query}"


def is_absolute(address: str) -> bool:
    return "://" in address


def qr_png(address: str) -> bytes:
    """A QR code of ``address`` as PNG bytes (black on white, with its quiet zone)."""
    buffer = io.BytesIO()
    segno.make(address, error="m").save(buffer, kind="png", scale=QR_SCALE, border=4)
    return buffer.getvalue()


def show_qr(address: str, *, width: int = 320) -> None:
    """The QR code of a join link, with what it opens as caption and alt text."""
    words = t("workshop.qr_alt", link=address)
    st.image(qr_png(address), caption=t("workshop.qr_caption"), width=width, alt=words)


def spaced(code: str) -> str:
    """``ABC234`` as ``ABC 234``: easier to read aloud and to copy (the space is ignored)."""
    return f"{code[:3]} {code[3:]}" if len(code) == 6 else code


def big_code(code: str, *, size_rem: float = 5.0) -> None:
    """The join code in very large type, under its label.

    The code comes from storage (6 characters of its alphabet), never from a user's typing;
    it is escaped all the same.
    """
    label = html.escape(t("workshop.code_label"))
    shown = html.escape(spaced(code))
    st.html(
        '<div class="workshop-code" style="margin:0.25rem 0 0.75rem 0">'
        f'<div style="font-size:1.25rem">{label}</div>'
        f'<div style="font-size:{size_rem}rem;font-weight:700;line-height:1.1;'
        "font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
        f'letter-spacing:0.08em">{shown}</div></div>'
    )


# ---------------------------------------------------------------------------- the facilitator


@dataclass(frozen=True)
class Admin:
    """The workshop this session may run (its facilitator gave its PIN or admin link)."""

    workshop_id: int
    code: str


def sign_in(info: WorkshopInfo) -> None:
    """Open the controls of ``info`` to this session (and of no other workshop)."""
    st.session_state[ADMIN] = Admin(info.id, info.code)


def sign_out() -> None:
    st.session_state.pop(ADMIN, None)


def admin_workshop(store: Store) -> WorkshopInfo | None:
    """The workshop this session runs, read afresh (hidden panels may have changed), or None.

    A workshop deleted or past its retention period closes the session's controls; a database
    that cannot be read is said and None returned (the session keeps its controls).
    """
    admin = st.session_state.get(ADMIN)
    if not isinstance(admin, Admin):
        return None
    try:
        info = find_workshop(store, admin.code)
    except UnknownWorkshopError:
        sign_out()
        st.info(t("workshop.errors.gone"), icon=":material/info:")
        return None
    except StorageError as exc:
        show_error(exc)
        return None
    if info.id != admin.workshop_id:  # the code was reused after the workshop was erased
        sign_out()
        st.info(t("workshop.errors.gone"), icon=":material/info:")
        return None
    return info


# ---------------------------------------------------------------------------- words


def region_name(lib: Library, region_id: str) -> str:
    region = lib.regions.get(region_id)
    return ct(f"regions.{region_id}.name", region.name) if region else region_id


def sector_name(lib: Library, sector_id: str) -> str:
    sector = lib.sectors.get(sector_id)
    return ct(f"sectors.{sector_id}.name", sector.name) if sector else sector_id


def setup_name(lib: Library, template_id: str) -> str:
    template = lib.templates.get(template_id)
    return ct(f"templates.{template_id}.name", template.name) if template else template_id


def local_time(moment: datetime) -> str:
    """``14:05`` in the browser's time zone when known, else ``14:05 UTC``."""
    zone_name = st.context.timezone
    try:
        zone = ZoneInfo(zone_name) if zone_name else None
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
    if zone is None:
        return t("workshop.time_utc", time=moment.astimezone(UTC).strftime("%H:%M"))
    return moment.astimezone(zone).strftime("%H:%M")


def local_date(moment: datetime) -> str:
    zone_name = st.context.timezone
    try:
        zone = ZoneInfo(zone_name) if zone_name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC
    return moment.astimezone(zone).date().isoformat()


def error_text(exc: StorageError) -> str:
    """Why a storage call failed, in the user's language, with storage's own detail (escaped:
    it may quote what the user typed) when the sentence alone does not say everything."""
    if isinstance(exc, WrongSecretError):
        # ``secret`` names which secret was wrong ("pin" or "admin_token"), never its value.
        wrong = "wrong_pin" if exc.secret == "pin" else "wrong_link"  # noqa: S105
        key = f"workshop.errors.{wrong}"
        return tn(key, exc.remaining, remaining=exc.remaining, minutes=exc.lock_minutes)
    if isinstance(exc, LockedError):
        minutes = max(1, round((exc.until - datetime.now(UTC)).total_seconds() / 60))
        return t("workshop.errors.locked", time=local_time(exc.until), minutes=minutes)
    if isinstance(exc, UnknownWorkshopError):
        if exc.code is not None:
            return t("workshop.errors.unknown_code", code=escape_markdown(exc.code))
        return t("workshop.errors.gone")
    detail = t("workshop.errors.detail", detail=escape_markdown(str(exc)))
    if isinstance(exc, InvalidValueError):
        field = exc.field.split(".")[0]
        label = t(f"workshop.fields.{field}") if field in FIELDS else field
        return f"{t('workshop.errors.invalid', field=label)}\n\n{detail}"
    if isinstance(exc, UnknownParticipantError):
        return f"{t('workshop.errors.unknown_participant')}\n\n{detail}"
    return f"{t('workshop.errors.failed')}\n\n{detail}"


def show_error(exc: StorageError) -> None:
    st.error(error_text(exc), icon=":material/error:")
