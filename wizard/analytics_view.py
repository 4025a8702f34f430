"""The sections of the survey analytics page: take a survey file, score it with a progress bar,
show what was read (the rows with errors and why), the survey by region and sector, a
comparison with another survey or with the workshop the session runs, and the exports.

Streamlit only: :mod:`reports.survey_analytics` reads, scores, summarises, compares and writes
the files; :mod:`wizard.analytics_charts` builds the charts. What the session keeps:

* ``analytics.upload`` (and ``analytics.upload_b`` for the comparison): the uploaded file as
  ``{"name": str, "data": bytes}``. The uploader's callback writes it; a test may seed it (the
  file uploader cannot be driven by AppTest). It outlives a visit to another page.
* ``<slot>._scored``: the file's digest and what scoring it gave (a
  :class:`~reports.survey_analytics.ScoredSurvey` or the
  :class:`~reports.survey_analytics.UploadError`), so a rerun does not score it again;
  ``<slot>._analysis`` the summaries for a smallest group; ``<slot>._files`` the exports.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import Any

import pandas as pd
import streamlit as st

import storage
from reports import survey_analytics as sa
from reports.survey_analytics import (
    Comparison,
    Labels,
    ScoredSurvey,
    Stamp,
    SurveyAnalysis,
    UploadError,
)
from scoring.aggregate import answers_frame
from scoring.engine import Engine
from scoring.profiles import DIMENSIONS, KINDS
from storage import StorageError
from templates_library import Library
from wizard import analytics_charts, charts, workshop_common
from wizard.explain import escape_markdown, number
from wizard.i18n import ct, language, t, tn
from wizard.store import store_or_stop

FIRST = "analytics.upload"
SECOND = "analytics.upload_b"
WIDGETS = {FIRST: "analytics.file", SECOND: "analytics.file_b"}
MIN_GROUP = "analytics.min_group"
SOURCE = "analytics.compare_source"
#: Regions and sectors named in a pooling sentence (the most sharing first; the table has all).
POOLING_NAMED = 3
#: Rows of the file with errors listed on the page (all are in the scored file's error column).
ERRORS_SHOWN = 500
#: What a hidden heatmap cell shows (a sign, not a word: the same in every language).
HIDDEN = "–"
#: Where each stage of the work sits on the progress bar (start, end).
STAGES = {
    "reading": (0.0, 0.1),
    "checking": (0.1, 0.25),
    "scoring": (0.25, 0.9),
    "robustness": (0.9, 0.9),
    "summarising": (0.9, 1.0),
}
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "survey_sample.csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---------------------------------------------------------------------------- words


def labels(lib: Library) -> Labels:
    """Every id of the analysis with its name in the session's language."""
    dimensions = {d.id: d.name for d in lib.questionnaire.maturity_dimensions}
    return Labels(
        regions={i: ct(f"regions.{i}.name", r.name) for i, r in lib.regions.items()},
        sectors={i: ct(f"sectors.{i}.name", s.name) for i, s in lib.sectors.items()},
        dimensions={d: ct(f"maturity.{d}.name", dimensions.get(d, d)) for d in DIMENSIONS},
        kinds={k: t(f"labels.watch_kinds.{k}") for k in KINDS},
        setups={i: ct(f"templates.{i}.name", s.name) for i, s in lib.templates.items()},
    )


def num(value: float, decimals: int = 0) -> str:
    return number(value, language(), decimals)


def percent(share: float) -> str:
    return t("analytics.percent", value=num(round(100 * share)))


def chart_words(min_group: int) -> analytics_charts.Words:
    return analytics_charts.Words(
        hidden=HIDDEN,
        hidden_note=t("analytics.words.hidden_note", n=min_group),
        highest=t("analytics.words.highest"),
        nothing=t("analytics.words.nothing"),
        respondents=t("analytics.respondents.count"),
        share=t("analytics.words.share"),
        difference=t("analytics.words.difference"),
        number=lambda v: num(v, 1),
        percent=percent,
        separators=separators(),
    )


def separators() -> str:
    """Plotly's decimal point and thousands separator in the session's language."""
    sample = num(1234.5, 1)  # "1,234.5" in English, "1 234,5" in French
    return sample[-2] + sample[1]


def need_level(lib: Library, level: int) -> str:
    option = next((o for o in lib.questionnaire.need_scale if o.value == level), None)
    return ct(f"need_scale.{level}", option.label if option else str(level))


def maturity_level(lib: Library, level: int) -> str:
    found = next((m for m in lib.questionnaire.maturity_levels if m.level == level), None)
    return ct(f"maturity_levels.{level}.name", found.name if found else str(level))


# ---------------------------------------------------------------------------- the file


def intro() -> None:
    """What the page does, the columns of a survey file, and the sample to start from."""
    st.write(t("analytics.intro"))
    with st.expander(t("analytics.columns.heading")):
        st.markdown(t("analytics.columns.body"))
        st.download_button(
            t("analytics.columns.sample"),
            data=SAMPLE.read_bytes(),
            file_name=SAMPLE.name,
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            key="analytics.sample",
        )


def _take(slot: str) -> None:
    """The uploader's callback: keep the new file (or forget it when the user removed it)."""
    upload = st.session_state.get(WIDGETS[slot])
    if upload is None:
        for key in (slot, f"{slot}._scored", f"{slot}._analysis", f"{slot}._files"):
            st.session_state.pop(key, None)
        return
    st.session_state[slot] = {"name": upload.name, "data": upload.getvalue()}


def uploader(slot: str, label: str) -> None:
    st.file_uploader(
        label,
        type=[s.lstrip(".") for s in sa.SURVEY_SUFFIXES],
        key=WIDGETS[slot],
        on_change=_take,
        args=(slot,),
        max_upload_size=sa.MAX_UPLOAD_MB,
        help=t("analytics.upload.help", limit=sa.MAX_UPLOAD_MB),
    )


def _digest(upload: Mapping[str, Any]) -> str:
    return f"{upload['name']}:{hashlib.sha256(upload['data']).hexdigest()}"


class _Bar:
    """A progress bar fed by the ``progress(label, total)`` callbacks of the scoring."""

    def __init__(self) -> None:
        self.bar = st.progress(0.0, text=t("analytics.progress.reading"))

    def stage(self, label: str, total: int) -> Callable[[int], None]:
        start, end = STAGES.get(label, (0.0, 1.0))
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            share = min(done / total, 1.0) if total else 1.0
            self.bar.progress(start + (end - start) * share, text=self.text(label, done, total))

        self.bar.progress(start, text=self.text(label, 0, total))
        return advance

    @staticmethod
    def text(label: str, done: int, total: int) -> str:
        return t(f"analytics.progress.{label}", done=num(done), total=num(total))

    def empty(self) -> None:
        self.bar.empty()


def scored(slot: str, engine: Engine) -> ScoredSurvey | None:
    """The survey of ``slot`` scored (once per file: later runs reuse it), or None when there
    is none or it cannot be used (then the reason is shown)."""
    upload = st.session_state.get(slot)
    if not upload:
        return None
    digest = _digest(upload)
    found = st.session_state.get(f"{slot}._scored")
    if found is None or found[0] != digest:
        bar = _Bar()
        try:
            outcome: ScoredSurvey | UploadError = sa.score_upload(
                str(upload["name"]), bytes(upload["data"]), engine, progress=bar.stage
            )
        except UploadError as exc:
            outcome = exc
        bar.empty()
        st.session_state[f"{slot}._scored"] = (digest, outcome)
        st.session_state.pop(f"{slot}._analysis", None)
        st.session_state.pop(f"{slot}._files", None)
    else:
        outcome = found[1]
    if isinstance(outcome, UploadError):
        upload_error(outcome)
        return None
    return outcome


def upload_error(exc: UploadError) -> None:
    """Why the file cannot be used, in the user's language, with scoring's detail."""
    name = escape_markdown(exc.name)
    values = {"name": name}
    if exc.kind == "too_large":
        values["size"] = num(exc.values["size"] / 1024 / 1024, 1)
        values["limit"] = num(exc.values["limit"] / 1024 / 1024)
    message = t(f"analytics.errors.{exc.kind}", **values)
    if exc.detail and exc.kind in ("unreadable", "columns"):
        message += "\n\n" + t("analytics.errors.detail", detail=escape_markdown(exc.detail))
    st.error(message, icon=":material/error:")


def read_report(survey: ScoredSurvey) -> None:
    """How many rows were read and scored, the columns ignored, the rows with errors."""
    st.header(t("analytics.read.heading"))
    st.markdown(
        t(
            "analytics.read.file",
            name=escape_markdown(survey.name),
            rows=num(survey.rows),
            scored=num(survey.scored),
            rejected=num(survey.rejected),
            seconds=num(survey.seconds, 2),
        )
    )
    for warning in survey.warnings:
        st.warning(t("analytics.read.ignored", detail=escape_markdown(warning)))
    if not survey.rejected:
        return
    st.subheader(t("analytics.bad_rows.heading"))
    st.write(t("analytics.bad_rows.intro"))
    if survey.rejected > ERRORS_SHOWN:
        st.caption(
            t("analytics.bad_rows.more", shown=num(ERRORS_SHOWN), total=num(survey.rejected))
        )
    table = sa.error_table(survey.survey, limit=ERRORS_SHOWN)
    table.columns = [t(f"analytics.bad_rows.{c}") for c in sa.ERROR_COLUMNS]
    st.dataframe(table, hide_index=True, key="analytics.errors")


def min_group() -> int:
    """The smallest group a heatmap cell or a sentence may show (privacy), 3 unless changed."""
    column, _ = st.columns([1, 2])
    return int(
        column.number_input(
            t("analytics.privacy.label"),
            min_value=1,
            max_value=1000,
            value=sa.MIN_GROUP,
            step=1,
            key=MIN_GROUP,
            help=t("analytics.privacy.help"),
        )
    )


def analysis(slot: str, survey: ScoredSurvey, engine: Engine, smallest: int) -> SurveyAnalysis:
    """The survey's summaries for ``smallest`` (computed once per file and smallest group)."""
    key = (_digest(st.session_state[slot]), smallest)
    found = st.session_state.get(f"{slot}._analysis")
    if found is not None and found[0] == key:
        return found[1]
    with st.spinner(t("analytics.progress.summarising")):
        result = sa.analyse(survey.frame, engine, table=survey.table, min_group=smallest)
    st.session_state[f"{slot}._analysis"] = (key, result)
    return result


# ---------------------------------------------------------------------------- the picture


def picture(found: SurveyAnalysis, names: Labels, lib: Library) -> list[tuple[str, pd.DataFrame]]:
    """Who answered, needs, maturity, recommended set-ups and pooling. Returns the tables shown
    (sheet name, table) for the Excel export."""
    words = chart_words(found.min_group)
    sheets: list[tuple[str, pd.DataFrame]] = []
    if found.min_group > 1:
        st.caption(t("analytics.privacy.note", n=found.min_group))
    else:
        st.caption(t("analytics.privacy.all"))

    st.header(t("analytics.respondents.heading"))
    by_region, by_sector = st.columns(2)
    first = found.summaries["region"]
    for column, by, counts in (
        (by_region, "region", first.regions),
        (by_sector, "sector", first.sectors),
    ):
        with column:
            st.subheader(t(f"analytics.respondents.by_{by}"))
            st.dataframe(
                pd.DataFrame(
                    {
                        t(f"analytics.respondents.{by}"): [names.group(by, g) for g in counts],
                        t("analytics.respondents.count"): list(counts.values()),
                    }
                ),
                hide_index=True,
                key=f"analytics.respondents.{by}",
            )

    st.header(t("analytics.needs.heading"))
    st.write(t("analytics.needs.intro", low=need_level(lib, 0), high=need_level(lib, 3)))
    for by in sa.GROUPINGS:
        summary = found.summaries[by]
        chart = analytics_charts.heatmap(
            summary.needs,
            names.kinds,
            names.regions if by == "region" else names.sectors,
            t(f"analytics.needs.by_{by}"),
            words,
            zmax=3.0,
            scale=t("analytics.needs.scale"),
            row_header=t("analytics.needs.kind"),
        )
        charts.show(chart, t("analytics.table"), key=f"analytics.needs.{by}")
        sheets.append((t(f"analytics.sheets.needs_{by}"), chart.table))

    st.header(t("analytics.maturity.heading"))
    st.write(t("analytics.maturity.intro", low=maturity_level(lib, 0), high=maturity_level(lib, 4)))
    chart = analytics_charts.heatmap(
        first.maturity,
        names.dimensions,
        names.regions,
        t("analytics.maturity.by_region"),
        words,
        zmax=4.0,
        scale=t("analytics.maturity.scale"),
        row_header=t("analytics.maturity.dimension"),
    )
    charts.show(chart, t("analytics.table"), key="analytics.maturity.region")
    sheets.append((t("analytics.sheets.maturity_region"), chart.table))

    st.header(t("analytics.setups.heading"))
    st.write(tn("analytics.setups.intro", found.respondents, count=num(found.respondents)))
    if not found.recommended:
        st.info(t("analytics.setups.none"))
    chart = analytics_charts.setups_bar(
        found.recommended,
        names.setups,
        t("analytics.setups.chart"),
        words,
        total=found.respondents,
        label_header=t("analytics.setups.setup"),
    )
    charts.show(chart, t("analytics.table"), key="analytics.setups")
    sheets.append((t("analytics.sheets.setups"), chart.table))
    for by in sa.GROUPINGS:
        if found.setups[by].empty:
            continue
        chart = analytics_charts.heatmap(
            found.setups[by],
            names.setups,
            names.regions if by == "region" else names.sectors,
            t(f"analytics.setups.by_{by}"),
            words,
            zmax=1.0,
            scale=t("analytics.setups.scale"),
            row_header=t("analytics.setups.setup"),
            fmt=percent,
            tickformat=".0%",
        )
        charts.show(chart, t("analytics.table"), key=f"analytics.setups.{by}")
        sheets.append((t(f"analytics.sheets.setups_{by}"), chart.table))

    sheets.append((t("analytics.sheets.pooling"), pooling(found, names, lib)))
    return sheets


def pooling(found: SurveyAnalysis, names: Labels, lib: Library) -> pd.DataFrame:
    """The kinds of watch worth pooling, a sentence each; returns them as a table."""
    summary = found.summaries["region"]
    level = need_level(lib, 2)
    st.header(t("analytics.pooling.heading"))
    st.write(t("analytics.pooling.intro", n=found.min_group, level=level))
    rows = []
    for pool in summary.pooling:
        kind = names.kinds.get(pool.kind, pool.kind)
        lines = [t("analytics.pooling.sentence", kind=kind, count=num(pool.count), level=level)]
        setup = names.setups.get(pool.template_id, pool.template_id) if pool.template_id else ""
        if setup:
            lines.append(t("analytics.pooling.setup", setup=setup))
        regions = _items(pool.regions, names.regions)
        sectors = _items(pool.sectors, names.sectors)
        if pool.regions:
            most = _items(pool.regions, names.regions, POOLING_NAMED)
            lines.append(t("analytics.pooling.where", regions=most))
        if pool.sectors:
            most = _items(pool.sectors, names.sectors, POOLING_NAMED)
            lines.append(t("analytics.pooling.sectors", sectors=most))
        st.markdown("- " + " ".join(lines))
        rows.append(
            {
                t("analytics.pooling.kind"): kind,
                t("analytics.pooling.count"): pool.count,
                t("analytics.pooling.regions"): regions,
                t("analytics.pooling.sectors_column"): sectors,
                t("analytics.pooling.setup_column"): setup,
            }
        )
    if not rows:
        st.info(t("analytics.pooling.none", n=found.min_group, level=level))
    return pd.DataFrame(rows)


def _items(counts: Mapping[str, int], names: Mapping[str, str], most: int | None = None) -> str:
    """``Lorraine: 4, Murcia: 3``: the groups with the most first (all, or the first ``most``)."""
    items = list(counts.items())[:most]
    return ", ".join(
        t("analytics.pooling.item", name=names.get(g, g), count=num(c)) for g, c in items
    )


# ---------------------------------------------------------------------------- comparison


def _workshop(
    lib: Library, engine: Engine, smallest: int
) -> tuple[str, SurveyAnalysis | None] | None:
    """The workshop this session runs (its facilitator signed in on the workshop page): its
    title and its submissions analysed, or None when the session runs none."""
    if workshop_common.ADMIN not in st.session_state:
        return None  # the database is opened only for a facilitator
    store = store_or_stop()
    info = workshop_common.admin_workshop(store)
    if info is None:
        return None
    try:
        everyone = storage.list_submissions(store, info.id)
    except StorageError as exc:
        workshop_common.show_error(exc)
        return None
    records = [(s.answers, s.result) for s in everyone if s.submitted_at and s.answers]
    if not records:
        return info.title, None
    return info.title, sa.analyse(answers_frame(records), engine, min_group=smallest)


def compare(
    first_name: str,
    first: SurveyAnalysis,
    engine: Engine,
    *,
    lib: Library,
    names: Labels,
    stamp: Stamp,
) -> None:
    """Another survey, or the session's workshop, beside this one."""
    st.header(t("analytics.compare.heading"))
    st.write(t("analytics.compare.intro"))
    workshop = _workshop(lib, engine, first.min_group)
    source = "file"
    if workshop is not None:
        title = escape_markdown(workshop[0])
        # Labels made now: a format_func may be called outside this session's run.
        options = {
            s: t(f"analytics.compare.sources.{s}", title=title) for s in ("file", "workshop")
        }
        source = st.radio(
            t("analytics.compare.source"),
            list(options),
            format_func=options.__getitem__,
            key=SOURCE,
            horizontal=True,
        )
    if source == "workshop" and workshop is not None:
        second_name, second = workshop
        if second is None:
            st.info(t("analytics.compare.workshop_empty", title=escape_markdown(second_name)))
            return
    else:
        uploader(SECOND, t("analytics.upload.second_label"))
        other = scored(SECOND, engine)
        if other is None:
            return
        if not other.scored:
            st.warning(t("analytics.errors.none_scored", name=escape_markdown(other.name)))
            return
        second_name = other.name
        second = analysis(SECOND, other, engine, first.min_group)
    series = (
        t("analytics.compare.first", name=first_name),
        t("analytics.compare.second", name=second_name),
    )
    found = sa.compare(first.summaries["region"], second.summaries["region"])
    st.write(
        t(
            "analytics.compare.respondents",
            first=num(found.respondents[0]),
            second=num(found.respondents[1]),
        )
    )
    show_comparison(found, series, names, chart_words(first.min_group))
    data = sa.comparison_csv(found, names, (first_name, second_name), stamp)
    st.download_button(
        t("analytics.compare.download"),
        data=data,
        file_name="survey-comparison.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="analytics.download.comparison",
    )


def show_comparison(
    found: Comparison, series: tuple[str, str], names: Labels, words: analytics_charts.Words
) -> None:
    needs = found.needs
    chart = analytics_charts.paired_bars(
        list(needs.index),
        needs["first"].to_dict(),
        needs["second"].to_dict(),
        names.kinds,
        series,
        title=t("analytics.compare.needs"),
        words=words,
        axis=t("analytics.compare.needs_axis"),
        label_header=t("analytics.needs.kind"),
        top=3.0,
    )
    charts.show(chart, t("analytics.compare.table_needs"), key="analytics.compare.needs")
    setups = found.setups
    chart = analytics_charts.paired_bars(
        list(setups.index),
        setups["first_share"].to_dict(),
        setups["second_share"].to_dict(),
        names.setups,
        series,
        title=t("analytics.compare.setups"),
        words=words,
        axis=t("analytics.compare.setups_axis"),
        label_header=t("analytics.setups.setup"),
        top=1.0,
        fmt=percent,
        tickformat=".0%",
    )
    charts.show(chart, t("analytics.compare.table_setups"), key="analytics.compare.setups")


# ---------------------------------------------------------------------------- exports


def stamp(survey: ScoredSurvey, smallest: int) -> Stamp:
    return Stamp(
        source=survey.name,
        engine_version=survey.engine_version,
        library_version=survey.library_version,
        generated_at=datetime.now(UTC),
        language=language(),
        min_group=smallest,
    )


def file_stem(name: str) -> str:
    """A safe stem for downloaded files, from the uploaded file's name."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", PurePath(name).stem).strip("-")[:60]
    return stem or "survey"


def exports(
    slot: str,
    survey: ScoredSurvey,
    found: SurveyAnalysis,
    engine: Engine,
    *,
    names: Labels,
    sheets: list[tuple[str, pd.DataFrame]],
    when: Stamp,
) -> None:
    """The scored survey (the batch output), the page's tables as CSV and as Excel."""
    st.header(t("analytics.export.heading"))
    st.write(t("analytics.export.intro"))
    # Made once per file, smallest group and language: a workbook of many error rows takes
    # seconds, and a rerun (a widget touched) must not pay for it again.
    key = (_digest(st.session_state[slot]), found.min_group, language())
    cached = st.session_state.get(f"{slot}._files")
    if cached is None or cached[0] != key:
        about = [
            (t("analytics.export.about"), ""),
            (t("analytics.export.source"), survey.name),
            (t("analytics.export.engine"), survey.engine_version),
            (t("analytics.export.library"), survey.library_version),
            (t("analytics.export.generated"), when.columns()["generated_at"]),
            (t("analytics.export.min_group"), found.min_group),
            (t("analytics.export.respondents"), survey.scored),
            (t("analytics.export.rejected"), survey.rejected),
        ]
        errors = sa.error_table(survey.survey)
        errors.columns = [t(f"analytics.bad_rows.{c}") for c in sa.ERROR_COLUMNS]
        workbook = [*sheets, *([(t("analytics.sheets.errors"), errors)] if len(errors) else [])]
        files = {
            "scored": sa.scored_csv(survey, engine),
            "csv": sa.aggregate_csv(found, names, when),
            "xlsx": sa.tables_xlsx(workbook, about),
        }
        cached = (key, files)
        st.session_state[f"{slot}._files"] = cached
    files = cached[1]
    stem = file_stem(survey.name)
    left, middle, right = st.columns(3)
    left.download_button(
        t("analytics.export.scored"),
        data=files["scored"],
        file_name=f"{stem}-scored.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="analytics.download.scored",
    )
    middle.download_button(
        t("analytics.export.aggregates_csv"),
        data=files["csv"],
        file_name=f"{stem}-tables.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="analytics.download.tables_csv",
    )
    right.download_button(
        t("analytics.export.aggregates_xlsx"),
        data=files["xlsx"],
        file_name=f"{stem}-tables.xlsx",
        mime=XLSX,
        on_click="ignore",
        icon=":material/download:",
        key="analytics.download.tables_xlsx",
    )


# ---------------------------------------------------------------------------- the page


def page(lib: Library, engine: Engine) -> None:
    """The whole page, in order: the file, what was read, the picture, export, compare."""
    intro()
    uploader(FIRST, t("analytics.upload.label"))
    survey = scored(FIRST, engine)
    if survey is None:
        if not st.session_state.get(FIRST):
            st.info(t("analytics.empty"), icon=":material/upload_file:")
        return
    read_report(survey)
    if not survey.scored:
        st.warning(t("analytics.errors.none_scored", name=escape_markdown(survey.name)))
        return
    smallest = min_group()
    found = analysis(FIRST, survey, engine, smallest)
    names = labels(lib)
    sheets = picture(found, names, lib)
    when = stamp(survey, smallest)
    exports(FIRST, survey, found, engine, names=names, sheets=sheets, when=when)
    # Last: it may need the database (the workshop a facilitator runs).
    compare(survey.name, found, engine, lib=lib, names=names, stamp=when)
