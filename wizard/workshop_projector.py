"""The projector's dashboard: the room's picture, redrawn every few seconds in large type.

Only the panels the facilitator has not hidden are drawn (hidden panels are saved in the
workshop, so the facilitator's phone and the projector agree); each has a "Hide" button, and
hidden ones are listed with "Show" buttons. Everything is read again on each refresh inside a
fragment (``st.fragment(run_every=...)``), which reruns only this part of this session: the
participants, in sessions of their own, are never disturbed.

Privacy: heatmap cells over fewer than three answers are empty and say so; matchmaking is only
among participants who consented, named by their number (and organisation, which is given only
with consent).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

import storage
from scoring.matchmaking import Match, explain_match, explain_pooling
from scoring.profiles import DIMENSIONS
from storage import PANELS, StorageError, Store, WorkshopInfo
from templates_library import Library
from wizard import charts, workshop_charts
from wizard.explain import escape_markdown, number
from wizard.i18n import ct, language, t
from wizard.workshop_common import (
    admin_workshop,
    big_code,
    error_text,
    link,
    region_name,
    sector_name,
    setup_name,
    show_error,
    show_qr,
)
from wizard.workshop_room import Room, load_room

#: Seconds between two refreshes of the dashboard.
REFRESH_SECONDS = 3
PANEL_ERROR = "projector._panel_error"
#: The top of the maturity scale (levels 0-4).
MATURITY_MAX = 4
#: Large type for a room: scoped to the dashboard's container (class ``st-key-projector``).
STYLE = """<style>
.st-key-projector [data-testid="stMarkdown"] p,
.st-key-projector [data-testid="stMarkdown"] li { font-size: 1.6rem; line-height: 1.45; }
.st-key-projector h2 { font-size: 2.6rem; }
.st-key-projector h3 { font-size: 2.1rem; }
.st-key-projector [data-testid="stMetricValue"] p { font-size: 5rem; line-height: 1.1; }
.st-key-projector [data-testid="stMetricLabel"] p { font-size: 1.6rem; }
.st-key-projector [data-testid="stCaptionContainer"] p { font-size: 1.15rem; }
</style>"""

Draw = Callable[[Library, Room, WorkshopInfo], None]


def style() -> None:
    st.html(STYLE)


# ---------------------------------------------------------------------------- hide / show


def _set_hidden(store: Store, code: str, panel: str, *, hidden: bool) -> None:
    """A button's callback: hide or show ``panel``, from the workshop's current setting."""
    try:
        info = storage.find_workshop(store, code)
        now = set(info.hidden_panels)
        now = now | {panel} if hidden else now - {panel}
        storage.set_hidden_panels(store, info.id, [p for p in PANELS if p in now])
    except StorageError as exc:
        st.session_state[PANEL_ERROR] = error_text(exc)


def _hidden_list(store: Store, info: WorkshopInfo) -> None:
    if not info.hidden_panels:
        return
    st.markdown(f"**{t('projector.hidden')}**")
    columns = st.columns(max(3, len(info.hidden_panels)))
    for column, panel in zip(columns, info.hidden_panels, strict=False):
        column.button(
            t("projector.show", panel=t(f"projector.panels.{panel}")),
            key=f"projector.show.{panel}",
            icon=":material/visibility:",
            on_click=_set_hidden,
            args=(store, info.code, panel),
            kwargs={"hidden": False},
        )


# ---------------------------------------------------------------------------- panels


def _nothing_yet() -> None:
    st.write(t("projector.no_answers"))


def _participation(_lib: Library, room: Room, _info: WorkshopInfo) -> None:
    left, right = st.columns(2)
    left.metric(t("projector.joined"), room.joined)
    right.metric(t("projector.submitted"), room.submitted)


def _value_chain_names(lib: Library) -> dict[str, str]:
    question = next(q for q in lib.questionnaire.profile if q.id == "value_chain")
    return {
        str(o.value): ct(f"questions.value_chain.options.{o.value}", o.label)
        for o in question.options
    }


def _bars(counts: Mapping[str, int], names: Mapping[str, str], title: str, key: str) -> None:
    chart = workshop_charts.count_bars(
        counts,
        names,
        title,
        t("projector.participants"),
        name_label=t("projector.name"),
        nothing=t("projector.no_answers"),
    )
    charts.show(chart, t("projector.table"), key=key)


def _profile(lib: Library, room: Room, _info: WorkshopInfo) -> None:
    summary = room.summary
    if summary is None:
        _nothing_yet()
        return
    # One under the other, full width: names of sectors and regions are long in large type.
    sectors = {sid: sector_name(lib, sid) for sid in summary.sectors}
    _bars(summary.sectors, sectors, t("projector.sectors"), "projector.chart.sectors")
    regions = {rid: region_name(lib, rid) for rid in summary.regions}
    _bars(summary.regions, regions, t("projector.regions"), "projector.chart.regions")
    _bars(
        summary.value_chain,
        _value_chain_names(lib),
        t("projector.value_chain"),
        "projector.chart.value_chain",
    )


def _maturity(lib: Library, room: Room, _info: WorkshopInfo) -> None:
    summary = room.summary
    if summary is None:
        _nothing_yet()
        return
    dimensions = {d.id: d for d in lib.questionnaire.maturity_dimensions}
    rows = {
        dim: ct(f"maturity.{dim}.name", dimensions[dim].name) if dim in dimensions else dim
        for dim in DIMENSIONS
    }
    columns = {str(r): region_name(lib, str(r)) for r in summary.maturity.columns}
    lang = language()
    chart = workshop_charts.heatmap(
        summary.maturity,
        rows,
        columns,
        t("projector.maturity_title"),
        row_label=t("projector.dimension"),
        fewer=t("projector.fewer", count=summary.min_group),
        nothing=t("projector.no_answers"),
        zmax=MATURITY_MAX,
        number=lambda value: number(value, lang, 1),
    )
    st.caption(t("projector.maturity_scale", count=summary.min_group))
    charts.show(chart, t("projector.table"), key="projector.chart.maturity")


def _needs(lib: Library, room: Room, _info: WorkshopInfo) -> None:
    summary = room.summary
    if summary is None:
        _nothing_yet()
        return
    if not summary.top_needs:
        st.write(t("projector.needs_too_few", count=summary.min_group))
        return
    lang = language()
    lines = []
    for region, needs in summary.top_needs.items():
        kinds = ", ".join(
            t(
                "projector.need",
                kind=t(f"labels.watch_kinds.{kind}"),
                value=number(value, lang, 1),
            )
            for kind, value in needs
        )
        lines.append(
            "- " + t("projector.region_needs", region=region_name(lib, region), needs=kinds)
        )
    st.markdown("\n".join(lines))
    st.caption(t("projector.needs_scale", count=summary.min_group))


def _setups(lib: Library, room: Room, _info: WorkshopInfo) -> None:
    summary = room.summary
    if summary is None:
        _nothing_yet()
        return
    names = {tid: setup_name(lib, tid) for tid in summary.recommended}
    _bars(summary.recommended, names, t("projector.setups_title"), "projector.chart.setups")


def _pooling(lib: Library, room: Room, _info: WorkshopInfo) -> None:
    summary = room.summary
    if summary is None:
        _nothing_yet()
        return
    if not summary.pooling:
        st.write(t("projector.pooling_none"))
        return
    lines = []
    for pooling in summary.pooling:
        line = explain_pooling(pooling, t, ct, lib)
        if pooling.regions:
            where = ", ".join(
                t("projector.count_in", name=region_name(lib, rid), count=count)
                for rid, count in pooling.regions.items()
            )
            line += " " + t("projector.pooling_where", regions=where)
        lines.append(f"- {line}")
    st.markdown("\n".join(lines))


def _member(number_of: Mapping[str, tuple[int, str | None]], key: str) -> str:
    found, organisation = number_of.get(key, (0, None))
    if organisation:
        return t("projector.member_named", number=found, organisation=escape_markdown(organisation))
    return t("projector.member", number=found)


def describe(match_: Match, lib: Library, room: Room) -> str:
    """A suggestion's reason, then who it is about (numbers, organisations when given)."""
    number_of = {
        s.participant_key: (s.number, s.organisation if s.consent else None)
        for s in room.submissions
    }
    ordered = sorted(match_.members, key=lambda key: number_of.get(key, (0, None))[0])
    members = ", ".join(_member(number_of, key) for key in ordered)
    return t(
        "projector.match",
        reason=explain_match(match_, t, ct, lib),
        members=members,
        kind=t(f"projector.match_kinds.{match_.kind}"),
    )


def _matchmaking(lib: Library, room: Room, _info: WorkshopInfo) -> None:
    summary = room.summary
    if summary is None:
        _nothing_yet()
        return
    consenting = sum(1 for s in room.submissions if s.consent)
    st.caption(t("projector.consenting", count=consenting))
    if not room.matches:
        st.write(t("projector.matches_none"))
        return
    st.markdown("\n".join(f"- {describe(m, lib, room)}" for m in room.matches))


DRAW: dict[str, Draw] = {
    "participation": _participation,
    "profile": _profile,
    "maturity": _maturity,
    "needs": _needs,
    "setups": _setups,
    "pooling": _pooling,
    "matchmaking": _matchmaking,
}


# ---------------------------------------------------------------------------- the dashboard


def _head(info: WorkshopInfo) -> None:
    left, right = st.columns([3, 1], gap="large")
    with left:
        st.header(escape_markdown(info.title))
        big_code(info.code, size_rem=6.0)
        st.markdown(t("projector.join_at", link=escape_markdown(link("join"))))
    with right:
        show_qr(link("join", code=info.code), width=260)


def dashboard(store: Store, lib: Library) -> None:
    """The title, the join code and QR code, and every panel not hidden; read afresh."""
    info = admin_workshop(store)
    if info is None:
        st.warning(t("projector.signed_out"), icon=":material/lock:")
        return
    message = st.session_state.pop(PANEL_ERROR, None)
    if message:
        st.error(message, icon=":material/error:")
    _head(info)
    try:
        room = load_room(store, info)
    except StorageError as exc:
        show_error(exc)
        return
    for panel in PANELS:
        if panel in info.hidden_panels:
            continue
        with st.container(border=True, key=f"projector.panel.{panel}"):
            heading, button = st.columns([3, 1], vertical_alignment="center")
            heading.subheader(t(f"projector.panels.{panel}"))
            button.button(
                t("projector.hide", panel=t(f"projector.panels.{panel}")),
                key=f"projector.hide.{panel}",
                icon=":material/visibility_off:",
                on_click=_set_hidden,
                args=(store, info.code, panel),
                kwargs={"hidden": True},
                type="tertiary",
            )
            DRAW[panel](lib, room, info)
    _hidden_list(store, info)


@st.fragment(run_every=REFRESH_SECONDS)
def live(store: Store, lib: Library) -> None:
    """The dashboard, redrawn every :data:`REFRESH_SECONDS` seconds."""
    with st.container(key="projector"):
        dashboard(store, lib)
