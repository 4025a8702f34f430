"""The facilitator's exports of a workshop: its results as CSV and Excel (anonymised unless the
facilitator asks for the organisation names of participants who consented) and its dashboard
as a one-page PDF, all built by :mod:`reports.workshop_export`.

The files are built only when a button is clicked (``data`` is a function), so the page stays
quick while the room fills up; the buttons never rerun the page (``on_click="ignore"``).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from reports.workshop_export import (
    dashboard_pdf,
    export_stamp,
    results_csv,
    results_rows,
    results_xlsx,
)
from storage import StorageError, Store, WorkshopInfo
from templates_library import Library
from wizard.i18n import language, t
from wizard.workshop_common import show_error
from wizard.workshop_room import Room, load_room

NAMES = "workshop.export.names"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_stem(info: WorkshopInfo) -> str:
    """``workshop-ABC234-2026-11-27``: which workshop, which day, no title (it may hold
    characters a file name cannot)."""
    return f"workshop-{info.code}-{info.created_at.date().isoformat()}"


def section(store: Store, lib: Library, info: WorkshopInfo) -> None:
    """The three downloads, or why there is nothing to download yet."""
    st.subheader(t("workshop.export.heading"))
    try:
        room = load_room(store, info)
    except StorageError as exc:
        show_error(exc)
        return
    if room.summary is None:
        st.info(t("workshop.export.nothing"), icon=":material/hourglass_empty:")
        return
    names = st.checkbox(t("workshop.export.names"), key=NAMES, help=t("workshop.export.names_help"))
    st.caption(t("workshop.export.with_names" if names else "workshop.export.anonymised"))
    builders = _builders(lib, info, room, include_organisation=names)
    stem = file_stem(info)
    columns = st.columns(3)
    for column, (kind, label, mime, build) in zip(
        columns,
        (
            ("csv", t("workshop.export.csv"), "text/csv", builders["csv"]),
            ("xlsx", t("workshop.export.xlsx"), XLSX, builders["xlsx"]),
            ("pdf", t("workshop.export.pdf"), "application/pdf", builders["pdf"]),
        ),
        strict=True,
    ):
        column.download_button(
            label,
            build,
            file_name=f"{stem}.{kind}",
            mime=mime,
            key=f"workshop.export.{kind}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )


def _builders(
    lib: Library, info: WorkshopInfo, room: Room, *, include_organisation: bool
) -> dict[str, Callable[[], bytes]]:
    """Functions that build each file when asked (they use no Streamlit: they may run after
    the page's run, when the button is clicked)."""
    lang = language()
    summary = room.summary
    assert summary is not None  # noqa: S101 - checked by the caller
    stamp = export_stamp()
    rows = results_rows(room.submissions, include_organisation=include_organisation)

    def csv() -> bytes:
        return results_csv(rows, stamp).encode("utf-8")

    def xlsx() -> bytes:
        return results_xlsx(rows, stamp, summary, title=info.title, language=lang, library=lib)

    def pdf() -> bytes:
        return dashboard_pdf(
            summary,
            title=info.title,
            stamp=stamp,
            language=lang,
            joined=room.joined,
            matches=room.matches,
            hidden=info.hidden_panels,
            library=lib,
        )

    return {"csv": csv, "xlsx": xlsx, "pdf": pdf}
