"""The sections of the pilots page: record a pilot, follow one (edit, delete, KPI readings,
progress) and compare several.

Streamlit only: ``storage`` checks and saves, :mod:`reports.pilots` computes progress,
:mod:`wizard.pilot_charts` builds the charts and tables. Every write is a form with
``clear_on_submit=False`` and widget keys, so when it fails the message of the
:class:`~storage.StorageError` is shown under it and what the user typed stays in the form
(nothing was saved). After a successful write the page reruns (the lists above the form must
show it); what the next run must do (a message, fields to empty, the pilot to select) is left
in the session under ``pilots._after`` and applied before any widget is drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import streamlit as st

import storage
from reports.pilots import KpiTrack, kpi_tracks, pilot_progress
from storage import (
    InvalidValueError,
    Phase,
    Pilot,
    PilotNotFoundError,
    StaleEditError,
    StorageError,
    Store,
)
from storage.pilots import ORGANISATION_MAX
from templates_library import Library
from wizard import charts, pilot_charts, state
from wizard.explain import escape_markdown, number
from wizard.i18n import ct, language, t

PICK = "pilots.pick"
COMPARE = "pilots.compare"
CONFIRM_DELETE = "pilots._confirm_delete"
AFTER = "pilots._after"
FLASH = "pilots._flash"
LAST = "pilots._last"
NEW = "pilots.new"
PHASES = tuple(phase.value for phase in Phase)
NOTES_MAX = 5000
NOTE_MAX = 1000
#: Pilots put side by side at first (the user may choose up to MOST).
FIRST_COMPARED, MOST_COMPARED = 4, 8
EARLIEST = date(2000, 1, 1)
#: The storage fields a message may name, each with its label in pilots.fields.
FIELDS = (
    "organisation",
    "template_id",
    "tool_id",
    "region_id",
    "started_on",
    "phase",
    "notes",
    "kpi_id",
    "read_on",
    "value",
    "note",
    "pilot_id",
)


# ---------------------------------------------------------------------------- names


def setup_name(lib: Library, template_id: str) -> str:
    template = lib.templates.get(template_id)
    return ct(f"templates.{template_id}.name", template.name) if template else template_id


def kpi_name(lib: Library, template_id: str, track: KpiTrack, *, unit: bool = True) -> str:
    """The KPI's name in the user's language, with its unit in brackets when asked."""
    base = f"templates.{template_id}.kpis.{track.kpi_id}"
    name = ct(f"{base}.name", track.name) if track.known else track.kpi_id
    measure = ct(f"{base}.unit", track.unit) if track.known else ""
    return t("pilots.kpi_with_unit", name=name, unit=measure) if unit and measure else name


def phase_name(phase: str) -> str:
    return t(f"roadmap.phases.{phase}")


def _phase_names() -> dict[str, str]:
    # Labels are computed while the page runs: a ``format_func`` may be called later, outside
    # the session (AppTest does), where the session's language is unknown.
    return {phase: phase_name(phase) for phase in PHASES}


def pilot_name(lib: Library, pilot: Pilot) -> str:
    """Short and unique: ``#3 Scierie Dupont``, or ``#3 <set-up>`` without an organisation."""
    return t(
        "pilots.name", id=pilot.id, who=pilot.organisation or setup_name(lib, pilot.template_id)
    )


def words() -> pilot_charts.Words:
    """The words and number formats of the pilot charts and tables, in the session's language."""
    lang = language()
    return pilot_charts.Words(
        kpi=t("pilots.fields.kpi_id"),
        date=t("pilots.fields.read_on"),
        value=t("pilots.fields.value"),
        unit=t("pilots.table.unit"),
        target=t("pilots.table.target"),
        share=t("pilots.table.share"),
        reached=t("pilots.table.reached"),
        note=t("pilots.fields.note"),
        pilot=t("pilots.table.pilot"),
        setup=t("pilots.fields.template_id"),
        phase=t("pilots.fields.phase"),
        started=t("pilots.fields.started_on"),
        measured=t("pilots.table.measured"),
        on_target=t("pilots.table.on_target"),
        mean_share=t("pilots.table.mean_share"),
        yes=t("common.yes"),
        no=t("common.no"),
        no_target=t("pilots.table.no_target"),
        nothing=t("pilots.progress.nothing"),
        number=lambda value: number(value, lang, decimals=2),
        percent=lambda share: t("pilots.percent", value=number(round(100 * share), lang)),
    )


# ---------------------------------------------------------------------------- after a write


def _then(
    section: str,
    message: str,
    *,
    reset: Mapping[str, Any] | None = None,
    drop: Iterable[str] = (),
    pick: int | None = None,
) -> None:
    """Rerun after a successful write; the next run shows ``message`` in ``section``, puts the
    ``reset`` widgets back to their values, forgets the ``drop`` ones, selects the pilot
    ``pick``. A widget is reset by giving its key a value (a deleted key would leave the
    browser showing what was typed)."""
    st.session_state[AFTER] = {
        "flash": (section, message),
        "reset": dict(reset or {}),
        "drop": list(drop),
        "pick": pick,
    }
    st.rerun()


def _seed(defaults: Mapping[str, Any]) -> None:
    """Give the widgets their first values through their keys (the widgets take no ``value``
    or ``index``, so that :func:`_then` can put them back)."""
    for key, value in defaults.items():
        if key not in st.session_state:
            st.session_state[key] = value


def apply_pending() -> None:
    """What the last successful write asked of this run; call before any widget is drawn."""
    after = st.session_state.pop(AFTER, None)
    st.session_state.pop(FLASH, None)
    if not after:
        return
    for key in after["drop"]:
        st.session_state.pop(key, None)
    for key, value in after["reset"].items():
        st.session_state[key] = value
    if after["pick"] is not None:
        st.session_state[PICK] = after["pick"]
    st.session_state[FLASH] = after["flash"]


def _flash(section: str) -> None:
    flash = st.session_state.get(FLASH)
    if flash and flash[0] == section:
        st.success(flash[1], icon=":material/check_circle:")


def show_error(exc: StorageError, *, reading: bool = False) -> None:
    """The failure in the user's language, then the storage's own message (field and reason).

    The storage's message may quote what the user typed: it is escaped, never interpreted.
    """
    if isinstance(exc, InvalidValueError):
        field = exc.field
        label = t(f"pilots.fields.{field}") if field in FIELDS else field
        head = t("pilots.errors.invalid", field=label)
    elif isinstance(exc, PilotNotFoundError):
        head = t("pilots.errors.not_found")
    elif isinstance(exc, StaleEditError):
        head = t("pilots.errors.stale")
    elif reading:
        head = t("pilots.errors.read_failed")
    else:
        head = t("pilots.errors.write_failed")
    detail = t("pilots.errors.detail", detail=escape_markdown(str(exc)))
    st.error(f"{head}\n\n{detail}", icon=":material/error:")


# ---------------------------------------------------------------------------- the pilots


def load_pilots(store: Store) -> tuple[list[Pilot], bool]:
    """Every pilot, and whether the list is fresh from the database.

    When the database cannot be read (the error is shown), the pilots as last read in this
    session stand in, so the forms a user is filling in stay on the page with what they typed.
    """
    try:
        pilots = storage.list_pilots(store)
    except StorageError as exc:
        show_error(exc, reading=True)
        return list(st.session_state.get(LAST, [])), False
    st.session_state[LAST] = pilots
    return pilots, True


def empty_state() -> None:
    """What a pilot is and what to do, when there is none yet."""
    st.subheader(t("pilots.empty.heading"))
    st.info(f"{t('pilots.empty.what')}\n\n{t('pilots.empty.next')}", icon=":material/science:")


def _tool_options(lib: Library, template_id: str | None) -> tuple[list[str], set[str]]:
    """No tool (``""``), then the set-up's tools (by stage of the cycle), then the rest of the
    catalogue by name; and which of them are the set-up's."""
    template = lib.templates.get(template_id) if template_id else None
    own: list[str] = []
    for tools in template.tools_by_stage.values() if template else []:
        own.extend(tool for tool in tools if tool not in own and tool in lib.tools)
    rest = sorted(
        (tool for tool in lib.tools if tool not in own),
        key=lambda tool_id: lib.tools[tool_id].name.casefold(),
    )
    return ["", *own, *rest], set(own)


def _new_pilot_defaults(lib: Library) -> dict[str, Any]:
    """The new pilot form when it opens: the region of the user's answers, if any; today."""
    answered = state.get("region")
    return {
        f"{NEW}.template": None,
        f"{NEW}.organisation": "",
        f"{NEW}.tool": "",
        f"{NEW}.region": answered if answered in lib.regions else "",
        f"{NEW}.started_on": date.today(),
        f"{NEW}.phase": PHASES[0],
        f"{NEW}.notes": "",
    }


def record(store: Store, lib: Library, *, expanded: bool) -> None:
    """The form that records a new pilot."""
    defaults = _new_pilot_defaults(lib)
    _seed(defaults)
    with st.expander(t("pilots.new.heading"), expanded=expanded, icon=":material/add_circle:"):
        setups = {tid: setup_name(lib, tid) for tid in lib.templates}
        templates = sorted(setups, key=lambda tid: setups[tid].casefold())
        template_id = st.selectbox(
            t("pilots.fields.template_id"),
            templates,
            index=None,
            placeholder=t("pilots.new.choose_setup"),
            format_func=setups.__getitem__,
            help=t("pilots.new.setup_help"),
            key=f"{NEW}.template",
        )
        tools, own = _tool_options(lib, template_id)
        tool_labels = {tid: _tool_label(lib, tid, tid in own or not template_id) for tid in tools}
        region_labels = {"": t("pilots.new.no_region")} | {
            rid: _region_name(lib, rid) for rid in lib.regions
        }
        regions = ["", *sorted(lib.regions, key=lambda rid: region_labels[rid].casefold())]
        with st.form(NEW, clear_on_submit=False, enter_to_submit=False):
            organisation = st.text_input(
                t("pilots.fields.organisation"),
                max_chars=ORGANISATION_MAX,
                help=t("pilots.new.organisation_help"),
                key=f"{NEW}.organisation",
            )
            tool = st.selectbox(
                t("pilots.fields.tool_id"),
                tools,
                format_func=tool_labels.__getitem__,
                help=t("pilots.new.tool_help"),
                key=f"{NEW}.tool",
            )
            region = st.selectbox(
                t("pilots.fields.region_id"),
                regions,
                format_func=region_labels.__getitem__,
                key=f"{NEW}.region",
            )
            left, right = st.columns(2)
            started_on = left.date_input(
                t("pilots.fields.started_on"),
                min_value=EARLIEST,
                format="YYYY-MM-DD",
                key=f"{NEW}.started_on",
            )
            phase = right.selectbox(
                t("pilots.fields.phase"),
                PHASES,
                format_func=_phase_names().__getitem__,
                help=t("pilots.new.phase_help"),
                key=f"{NEW}.phase",
            )
            notes = st.text_area(t("pilots.fields.notes"), max_chars=NOTES_MAX, key=f"{NEW}.notes")
            submitted = st.form_submit_button(
                t("pilots.new.save"), type="primary", icon=":material/save:", key=f"{NEW}.save"
            )
        if not submitted:
            return
        try:
            pilot = storage.create_pilot(
                store,
                template_id=template_id,  # type: ignore[arg-type]  # None is refused, by name
                started_on=started_on,  # type: ignore[arg-type]
                phase=phase,
                organisation=organisation,
                tool_id=tool or None,
                region_id=region or None,
                notes=notes,
            )
        except StorageError as exc:
            show_error(exc)
            return
        _then(
            "follow",
            t("pilots.new.saved", name=escape_markdown(pilot_name(lib, pilot))),
            reset=defaults,
            pick=pilot.id,
        )


def _tool_label(lib: Library, tool_id: str, own: bool) -> str:
    if not tool_id:
        return t("pilots.new.no_tool")
    name = lib.tools[tool_id].name
    return name if own else t("pilots.new.other_tool", name=name)


def _region_name(lib: Library, region_id: str) -> str:
    region = lib.regions.get(region_id)
    return ct(f"regions.{region_id}.name", region.name) if region else region_id


# ---------------------------------------------------------------------------- one pilot


def follow(store: Store, lib: Library, pilots: Sequence[Pilot], *, offline: bool) -> None:
    """Pick a pilot; its facts, edit and delete; its readings and their progress.

    ``offline``: the database could not be read (already said); the forms are shown, the
    readings are not read again.
    """
    st.subheader(t("pilots.follow.heading"))
    _flash("follow")
    by_id = {pilot.id: pilot for pilot in pilots}
    if st.session_state.get(PICK) not in by_id:
        st.session_state.pop(PICK, None)
    chosen = st.selectbox(
        t("pilots.follow.pick"),
        list(by_id),
        format_func={pid: _option(lib, pilot) for pid, pilot in by_id.items()}.__getitem__,
        key=PICK,
    )
    pilot = by_id[chosen]
    _facts(lib, pilot)
    _edit(store, lib, pilot)
    rows = None if offline else _readings(store, pilot.id)
    _delete(store, lib, pilot, len(rows) if rows is not None else None)
    template = lib.templates.get(pilot.template_id)
    tracks = kpi_tracks(template, rows or [])
    names = {track.kpi_id: kpi_name(lib, pilot.template_id, track) for track in tracks}
    st.subheader(t("pilots.readings.heading"))
    _flash("readings")
    _record_reading(store, lib, pilot, [track for track in tracks if track.known], names)
    if rows is not None:
        _progress(lib, pilot, tracks, names, has_readings=bool(rows))


def _readings(store: Store, pilot_id: int) -> list[storage.KpiReading] | None:
    try:
        return storage.readings(store, pilot_id)
    except StorageError as exc:
        show_error(exc, reading=True)
        return None


def _option(lib: Library, pilot: Pilot) -> str:
    return t(
        "pilots.follow.option",
        name=pilot_name(lib, pilot),
        phase=phase_name(pilot.phase.value),
        started=pilot.started_on.isoformat(),
    )


def _fact(label: str, value: str) -> str:
    return "- " + t("pilots.follow.fact", label=label, value=value)


def _facts(lib: Library, pilot: Pilot) -> None:
    none = t("pilots.follow.none")
    tool = lib.tools.get(pilot.tool_id) if pilot.tool_id else None
    lines = [
        _fact(t("pilots.fields.template_id"), escape_markdown(setup_name(lib, pilot.template_id))),
        _fact(
            t("pilots.fields.organisation"),
            escape_markdown(pilot.organisation) if pilot.organisation else none,
        ),
        _fact(
            t("pilots.fields.tool_id"),
            escape_markdown(tool.name if tool else pilot.tool_id or none),
        ),
        _fact(
            t("pilots.fields.region_id"),
            escape_markdown(_region_name(lib, pilot.region_id)) if pilot.region_id else none,
        ),
        _fact(t("pilots.fields.started_on"), pilot.started_on.isoformat()),
        _fact(t("pilots.fields.phase"), phase_name(pilot.phase.value)),
    ]
    st.markdown("\n".join(lines))
    if pilot.notes.strip():
        st.markdown(t("pilots.follow.notes", notes=_multiline(pilot.notes)))


def _multiline(text: str) -> str:
    """User text as literal Markdown, its line breaks kept."""
    return "  \n".join(escape_markdown(line) for line in text.strip().splitlines())


def _edit(store: Store, lib: Library, pilot: Pilot) -> None:
    """Change the phase and notes, if nobody saved the pilot since the form was filled in.

    The version the user started from is kept beside the form's fields (seeded together), so
    a concurrent save is refused with :class:`StaleEditError` instead of being overwritten.
    """
    base = f"pilots.edit.{pilot.id}"
    phase_key, notes_key, version_key = f"{base}.phase", f"{base}.notes", f"{base}.version"
    if phase_key not in st.session_state or notes_key not in st.session_state:
        st.session_state[phase_key] = pilot.phase.value
        st.session_state[notes_key] = pilot.notes
        st.session_state[version_key] = pilot.version
    with st.expander(t("pilots.edit.heading"), icon=":material/edit:"):
        with st.form(base, clear_on_submit=False, enter_to_submit=False):
            phase = st.selectbox(
                t("pilots.fields.phase"),
                PHASES,
                format_func=_phase_names().__getitem__,
                key=phase_key,
            )
            notes = st.text_area(t("pilots.fields.notes"), max_chars=NOTES_MAX, key=notes_key)
            submitted = st.form_submit_button(
                t("pilots.edit.save"), icon=":material/save:", key=f"{base}.save"
            )
        if not submitted:
            return
        try:
            updated = storage.update_pilot(
                store,
                pilot.id,
                expected_version=st.session_state[version_key],
                phase=phase,
                notes=notes,
            )
        except StaleEditError as exc:
            show_error(exc)
            _show_current(store, pilot.id, version_key)
            return
        except StorageError as exc:
            show_error(exc)
            return
        st.session_state[version_key] = updated.version
        _then("follow", t("pilots.edit.saved", name=escape_markdown(pilot_name(lib, updated))))


def _show_current(store: Store, pilot_id: int, version_key: str) -> None:
    """What the other person saved; saving again now replaces it (a deliberate choice)."""
    try:
        current = storage.get_pilot(store, pilot_id)
    except StorageError as exc:
        show_error(exc, reading=True)
        return
    notes = _multiline(current.notes) if current.notes.strip() else t("pilots.follow.none")
    st.info(
        t("pilots.edit.current", phase=phase_name(current.phase.value), notes=notes),
        icon=":material/sync_problem:",
    )
    st.session_state[version_key] = current.version


def _delete(store: Store, lib: Library, pilot: Pilot, readings: int | None) -> None:
    """Delete, after a confirmation that says how many readings go with the pilot."""
    base = f"pilots.delete.{pilot.id}"
    name = escape_markdown(pilot_name(lib, pilot))
    if st.session_state.get(CONFIRM_DELETE) != pilot.id:
        if st.button(t("pilots.delete.button"), icon=":material/delete:", key=base):
            st.session_state[CONFIRM_DELETE] = pilot.id
            st.rerun()
        return
    count = str(readings) if readings is not None else "?"
    st.warning(t("pilots.delete.confirm", name=name, count=count), icon=":material/warning:")
    yes, no = st.columns(2)
    if no.button(t("pilots.delete.cancel"), key=f"{base}.no", width="stretch"):
        st.session_state.pop(CONFIRM_DELETE, None)
        st.rerun()
    if yes.button(
        t("pilots.delete.confirm_yes"), type="primary", key=f"{base}.yes", width="stretch"
    ):
        try:
            storage.delete_pilot(store, pilot.id)
        except StorageError as exc:
            show_error(exc)
            return
        st.session_state.pop(CONFIRM_DELETE, None)
        _then("follow", t("pilots.delete.done", name=name), drop=(PICK,))


def _record_reading(
    store: Store, lib: Library, pilot: Pilot, tracks: Sequence[KpiTrack], names: dict[str, str]
) -> None:
    """The form that records (or, for the same KPI and day, replaces) a KPI reading."""
    if not tracks:
        st.info(t("pilots.readings.no_kpis"))
        return
    base = f"pilots.reading.{pilot.id}"
    emptied = {f"{base}.value": None, f"{base}.note": ""}
    _seed({f"{base}.read_on": date.today(), **emptied})
    targets = {track.kpi_id: track for track in tracks}
    table_words = words()
    kpi_labels = {
        kid: t(
            "pilots.readings.kpi_option",
            kpi=names[kid],
            target=pilot_charts.target_text(track, table_words),
        )
        for kid, track in targets.items()
    }
    with st.form(base, clear_on_submit=False, enter_to_submit=False):
        kpi_id = st.selectbox(
            t("pilots.fields.kpi_id"),
            list(targets),
            format_func=kpi_labels.__getitem__,
            key=f"{base}.kpi",
        )
        left, right = st.columns(2)
        read_on = left.date_input(
            t("pilots.fields.read_on"),
            min_value=EARLIEST,
            format="YYYY-MM-DD",
            key=f"{base}.read_on",
        )
        value = right.number_input(
            t("pilots.fields.value"),
            value=None,  # the widget's first value; afterwards its key's
            step=1.0,
            format="%g",
            placeholder=t("common.enter_number"),
            key=f"{base}.value",
        )
        note = st.text_input(t("pilots.fields.note"), max_chars=NOTE_MAX, key=f"{base}.note")
        submitted = st.form_submit_button(
            t("pilots.readings.save"), type="primary", icon=":material/add:", key=f"{base}.save"
        )
    if not submitted:
        return
    try:
        reading = storage.record_reading(
            store,
            pilot.id,
            kpi_id=kpi_id,
            read_on=read_on,  # type: ignore[arg-type]
            value=value,  # type: ignore[arg-type]  # None is refused, by name
            note=note,
        )
    except StorageError as exc:
        show_error(exc)
        return
    _then(
        "readings",
        t(
            "pilots.readings.saved",
            kpi=escape_markdown(names.get(reading.kpi_id, reading.kpi_id)),
            value=table_words.number(reading.value),
            day=reading.read_on.isoformat(),
        ),
        reset=emptied,
    )


def _progress(
    lib: Library,
    pilot: Pilot,
    tracks: Sequence[KpiTrack],
    names: dict[str, str],
    *,
    has_readings: bool,
) -> None:
    """Where each KPI stands (table), its course over time (chart), every reading (table)."""
    table_words = words()
    st.markdown(f"**{t('pilots.progress.heading')}**")
    if not has_readings:
        st.info(t("pilots.readings.none"))
    st.dataframe(pilot_charts.progress_table(tracks, names, table_words), hide_index=True)
    if not has_readings:
        return
    chart = pilot_charts.progress_chart(
        tracks,
        names,
        t("pilots.progress.chart_title", name=pilot_name(lib, pilot)),
        table_words,
    )
    charts.show(chart, t("pilots.progress.chart_table"), key=f"pilots.chart.{pilot.id}")
    with st.expander(t("pilots.readings.all"), icon=":material/list:"):
        st.dataframe(pilot_charts.readings_table(tracks, names, table_words), hide_index=True)


# ---------------------------------------------------------------------------- several pilots


def compare(store: Store, lib: Library, pilots: Sequence[Pilot]) -> None:
    """Several pilots side by side: a table, and the share of target reached by KPI."""
    st.subheader(t("pilots.compare.heading"))
    by_id = {pilot.id: pilot for pilot in pilots}
    if COMPARE in st.session_state:
        st.session_state[COMPARE] = [pid for pid in st.session_state[COMPARE] if pid in by_id]
    else:
        st.session_state[COMPARE] = list(by_id)[:FIRST_COMPARED]
    chosen = st.multiselect(
        t("pilots.compare.pick"),
        list(by_id),
        format_func={pid: pilot_name(lib, pilot) for pid, pilot in by_id.items()}.__getitem__,
        max_selections=MOST_COMPARED,
        placeholder=t("pilots.compare.placeholder"),
        key=COMPARE,
    )
    if len(chosen) < 2:
        st.info(t("pilots.compare.choose_two"))
        return
    try:
        progresses = [
            pilot_progress(
                by_id[pid],
                lib.templates.get(by_id[pid].template_id),
                storage.readings(store, pid),
            )
            for pid in chosen
        ]
    except StorageError as exc:
        show_error(exc, reading=True)
        return
    table_words = words()
    names = {pid: pilot_name(lib, by_id[pid]) for pid in chosen}
    setups = {p.template_id: setup_name(lib, p.template_id) for p in progresses}
    phases = {phase: phase_name(phase) for phase in PHASES}
    kpis = {
        (p.template_id, track.kpi_id): kpi_name(lib, p.template_id, track, unit=False)
        for p in progresses
        for track in p.tracks
    }
    st.dataframe(
        pilot_charts.compare_table(progresses, names, setups, phases, table_words),
        hide_index=True,
    )
    chart = pilot_charts.compare_chart(
        progresses, names, kpis, t("pilots.compare.chart_title"), table_words
    )
    charts.show(chart, t("pilots.compare.chart_table"), key="pilots.compare.chart")
