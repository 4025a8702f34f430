"""The roadmap and investment report of one set-up: content, document and CSV.

:func:`build_roadmap_report` turns the arithmetic of ``reports.roadmap`` (three phases over
three years whose costs add up to set-up cost + 3 x yearly cost) into a report in the user's
language: phase names, descriptions and milestones from ``data/locales/<lang>/roadmap.yaml``,
set-up and KPI names translated like the guide book's, the three-year cost of the top
recommendations side by side, the next set-ups on the maturity path, and the support the
user's region offers.

:func:`roadmap_blocks` lays it out; the standalone document (:func:`roadmap_document`) and the
personal guide book's "Roadmap and investment" section both call it, so they never drift.
:func:`roadmap_csv` writes one row a phase for a spreadsheet. Pure: no files, no clock.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reports.document import Blocks, Document, Item, Timeline, TimelineBar
from reports.roadmap import ROW_COLUMNS, Money, Roadmap, roadmap_for, roadmap_rows, three_year_costs
from reports.words import Words, pick_setup, region_services, scheme_descriptions, stamp, words
from scoring.answers import Answers
from scoring.recommend import recommend
from scoring.tables import safe_cell
from templates_library import Library, load_library
from templates_library.locales import DEFAULT_LANGUAGE
from templates_library.schema import Region

#: The CSV's columns: those of ``reports.roadmap.roadmap_rows``, then names and versions.
CSV_COLUMNS = (
    *ROW_COLUMNS,
    "setup_name",
    "phase_name",
    "milestone_name",
    "library_version",
    "engine_version",
)
#: How many years the report covers (the horizon of ``reports.roadmap``).
YEARS = 3


@dataclass(frozen=True)
class RoadmapPhase:
    """One phase, with its texts in the report's language and its costs in EUR ranges."""

    key: str  # implantation | implementation | use
    name: str
    description: str
    start_week: int
    end_week: int
    setup_cost: Money
    running_cost: Money
    total: Money
    fte: tuple[float, float]
    staff: str  # the FTE range with hours a week, as the guide writes it
    milestone_key: str
    milestone: str
    kpis: tuple[str, ...]  # names of the KPIs measured from this phase on


@dataclass(frozen=True)
class SetupCost:
    """A set-up's costs for the side-by-side comparison."""

    template_id: str
    name: str
    rank: int | None  # None: not recommended for these answers (chosen anyway)
    setup: Money
    yearly: Money
    three_years: Money
    chosen: bool


@dataclass(frozen=True)
class NextSetup:
    template_id: str
    name: str


@dataclass(frozen=True)
class SupportOffer:
    """An intermediary or a support scheme of the user's region."""

    kind: str  # intermediary | scheme
    name: str
    type: str  # in the report's language: chamber, cluster, ..., support scheme
    url: str | None
    services: tuple[str, ...]


@dataclass(frozen=True)
class RoadmapReport:
    lang: str
    library_version: str
    engine_version: str
    generated_on: dt.date | None
    setup_id: str
    setup_name: str
    roadmap: Roadmap
    phases: tuple[RoadmapPhase, ...]
    total: Money
    setup_cost: Money
    yearly_cost: Money
    comparison: tuple[SetupCost, ...]
    next_setups: tuple[NextSetup, ...]
    region_name: str
    support: tuple[SupportOffer, ...]
    budget_eur_per_year: float

    @property
    def budget_three_years(self) -> float:
        return YEARS * self.budget_eur_per_year


def budget_fit(cost: Money, budget: float) -> str:
    """``within`` (even the high figure fits), ``partly`` (only the low one) or ``over``."""
    if cost.high <= budget:
        return "within"
    return "partly" if cost.low <= budget else "over"


def build_roadmap_report(
    answers: Answers,
    result: Mapping[str, Any] | None = None,
    *,
    setup_id: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
    library: Library | None = None,
    generated_on: dt.date | None = None,
    compare_top: int = 3,
) -> RoadmapReport:
    """The roadmap of ``setup_id``, or of the first recommended set-up when None.

    ``result`` is ``scoring.recommend.recommend(answers)``; it is computed when not given.
    Raises ``GuideError`` for an unknown set-up or when no set-up fits and none is named.
    """
    library = library or load_library()
    w = words(lang)
    if result is None:
        result = recommend(answers, robustness=False)
    setup_id = pick_setup(result, setup_id, library, w)
    template = library.templates[setup_id]
    recommendations = list(result.get("recommendations", []))

    def name_of(template_id: str) -> str:
        return w.content(f"templates.{template_id}.name", library.templates[template_id].name)

    entry = next((r for r in recommendations if r["template_id"] == setup_id), None)
    if entry is not None and entry["rank"] == 1 and result.get("roadmap"):
        next_ids = [str(step["template_id"]) for step in result["roadmap"]]
    else:
        next_ids = list(template.grows_into)
    next_ids = [tid for tid in next_ids if tid in library.templates]

    roadmap = roadmap_for(library, setup_id, answers.region, tuple(next_ids))
    kpi_names = {
        k.id: w.content(f"templates.{setup_id}.kpis.{k.id}.name", k.name) for k in template.kpis
    }
    hours_per_fte = library.scoring.hours_per_fte
    phases = tuple(
        RoadmapPhase(
            key=phase.key,
            name=w.ui(f"roadmap.phases.{phase.key}"),
            description=w.ui(f"roadmap.phase_descriptions.{phase.key}"),
            start_week=phase.start_week,
            end_week=phase.end_week,
            setup_cost=phase.setup_cost,
            running_cost=phase.running_cost,
            total=phase.cost,
            fte=phase.fte,
            staff=w(
                "staff",
                fte=w.span(*phase.fte),
                hours=w.span(
                    round(phase.fte[0] * hours_per_fte, 1), round(phase.fte[1] * hours_per_fte, 1)
                ),
            ),
            milestone_key=phase.milestone,
            milestone=w.ui(f"roadmap.milestones.{phase.milestone}"),
            kpis=tuple(kpi_names.get(k, k) for k in phase.kpis),
        )
        for phase in roadmap.phases
    )

    compared = [str(r["template_id"]) for r in recommendations[: max(compare_top, 0)]]
    if setup_id not in compared:
        compared.append(setup_id)
    ranks = {str(r["template_id"]): int(r["rank"]) for r in recommendations}
    totals = three_year_costs(library, compared)
    comparison = tuple(
        SetupCost(
            template_id=tid,
            name=name_of(tid),
            rank=ranks.get(tid),
            setup=_money(library.templates[tid].setup_cost_eur),
            yearly=_money(library.templates[tid].cost_eur_per_year),
            three_years=totals[tid],
            chosen=tid == setup_id,
        )
        for tid in compared
    )

    region = library.regions.get(answers.region)
    return RoadmapReport(
        lang=lang,
        library_version=str(result.get("library_version") or library.version),
        engine_version=str(result.get("engine_version", "")),
        generated_on=generated_on,
        setup_id=setup_id,
        setup_name=name_of(setup_id),
        roadmap=roadmap,
        phases=phases,
        total=roadmap.total,
        setup_cost=_money(template.setup_cost_eur),
        yearly_cost=_money(template.cost_eur_per_year),
        comparison=comparison,
        next_setups=tuple(NextSetup(tid, name_of(tid)) for tid in next_ids),
        region_name=(
            w.content(f"regions.{region.id}.name", region.name) if region else answers.region
        ),
        support=_translated_support(roadmap.support, region, w),
        budget_eur_per_year=float(answers.budget_eur_per_year),
    )


def _money(value: Any) -> Money:
    """A template's ``MoneyRange`` as a ``Money``."""
    return Money(float(value.min), float(value.max))


def _translated_support(
    offers: Sequence[Mapping[str, Any]], region: Region | None, w: Words
) -> tuple[SupportOffer, ...]:
    """The region's offers with their services in the report's language (``roadmap_for``
    lists the intermediaries, then the schemes, in the region's order)."""
    if region is None:
        return tuple(_support(offer, w) for offer in offers)
    texts = [*region_services(region, w), *((d,) for d in scheme_descriptions(region, w))]
    return tuple(
        _support({**offer, "services": list(services)}, w)
        for offer, services in zip(offers, texts, strict=True)
    )


def _support(offer: Mapping[str, Any], w: Words) -> SupportOffer:
    kind = str(offer["kind"])
    label = (
        w(f"intermediary_kinds.{offer['type']}") if kind == "intermediary" else w("roadmap.scheme")
    )
    return SupportOffer(
        kind=kind,
        name=str(offer["name"]),
        type=label,
        url=str(offer["url"]) or None,
        services=tuple(str(s) for s in offer.get("services", ())),
    )


# --- layout ----------------------------------------------------------------------------------


def _range(w: Words, money: Money) -> str:
    """A cost range; nothing to pay is "0 EUR" (in a cost table, "free" would say the wrong
    thing of a phase that simply carries no set-up cost)."""
    if money.high == 0:
        return w("money", amount=w.number(0))
    return w.money(money.low, money.high)


def timeline(report: RoadmapReport) -> Timeline:
    """The phases as a Gantt chart: one bar a phase, a milestone where each phase ends."""
    w = words(report.lang)
    return Timeline(
        caption=w("roadmap.caption.timeline", name=report.setup_name, years=YEARS),
        axis=w("roadmap.axis"),
        bars=tuple(
            TimelineBar(
                label=p.name,
                start=float(p.start_week),
                end=float(p.end_week),
                detail=w("roadmap.bar_detail", cost=_range(w, p.total), staff=p.staff),
            )
            for p in report.phases
        ),
        marks=tuple((float(p.end_week), p.milestone) for p in report.phases),
    )


def roadmap_blocks(
    b: Blocks, report: RoadmapReport, level: int = 2, *, context: bool = True
) -> None:
    """The roadmap's sections, with headings at ``level``: the phases (timeline and table), the
    investment over three years against the budget and beside the top set-ups, and what comes
    next with who can help.

    ``context=False`` leaves out the next set-ups and the regional support, for a document that
    has its own sections on them (the personal guide book).
    """
    w = words(report.lang)
    name = report.setup_name

    b.h(level, w("roadmap.heading.phases"))
    b.p(w("roadmap.phases_intro", name=name, years=YEARS))
    b.timeline(timeline(report))
    b.table(
        w("roadmap.caption.phases", name=name),
        (
            w("roadmap.col.phase"),
            w("roadmap.col.weeks"),
            w("col.setup_cost"),
            w("roadmap.col.running_cost"),
            w("roadmap.col.phase_total"),
            w("col.staff"),
            w("roadmap.col.milestone"),
            w("roadmap.col.kpis"),
        ),
        [
            (
                p.name,
                f"{p.start_week}\u2013{p.end_week}",
                _range(w, p.setup_cost),
                _range(w, p.running_cost),
                _range(w, p.total),
                p.staff,
                p.milestone,
                "; ".join(p.kpis) or "–",
            )
            for p in report.phases
        ],
    )
    b.items(Item(p.description, label=w("roadmap.phase_label", name=p.name)) for p in report.phases)

    b.h(level, w("roadmap.heading.investment", years=YEARS))
    b.p(
        w(
            "roadmap.total",
            name=name,
            years=YEARS,
            total=_range(w, report.total),
            setup=_range(w, report.setup_cost),
            yearly=_range(w, report.yearly_cost),
        )
    )
    b.p(
        w(
            f"roadmap.budget.{budget_fit(report.total, report.budget_three_years)}",
            budget=w("money", amount=w.number(report.budget_eur_per_year)),
            budget_total=w("money", amount=w.number(report.budget_three_years)),
            years=YEARS,
        )
    )

    b.p(w("roadmap.compare_intro", years=YEARS))
    b.table(
        w("roadmap.caption.compare", years=YEARS),
        (
            w("col.setup"),
            w("roadmap.col.rank"),
            w("col.setup_cost"),
            w("col.cost"),
            w("roadmap.col.three_years", years=YEARS),
            w("roadmap.col.budget", years=YEARS),
        ),
        [
            (
                w("roadmap.this_roadmap", name=s.name) if s.chosen else s.name,
                str(s.rank) if s.rank is not None else w("roadmap.not_ranked"),
                _range(w, s.setup),
                _range(w, s.yearly),
                _range(w, s.three_years),
                w(f"roadmap.fit.{budget_fit(s.three_years, report.budget_three_years)}"),
            )
            for s in report.comparison
        ],
    )

    if not context:
        return
    b.h(level, w("roadmap.heading.after"))
    b.h(level + 1, w("heading.next"))
    if report.next_setups:
        b.p(w("next_intro", name=name))
        b.items(s.name for s in report.next_setups)
    else:
        b.p(w("next_none", name=name))
    b.h(level + 1, w("heading.region_support", region=report.region_name))
    if report.support:
        b.items(
            Item(s.name, url=s.url, note="; ".join([s.type, *s.services])) for s in report.support
        )
    else:
        b.p(w("no_region_support"))


def roadmap_document(report: RoadmapReport) -> Document:
    """The roadmap on its own, as a document every renderer draws the same way."""
    w = words(report.lang)
    b = Blocks()
    roadmap_blocks(b, report)
    b.note(w("roadmap.method"))
    b.note(w("disclaimer"))
    return Document(
        lang=report.lang,
        title=w("roadmap.title", name=report.setup_name),
        subtitle=(
            w("roadmap.subtitle"),
            stamp(w, report.library_version, report.engine_version, report.generated_on),
        ),
        blocks=tuple(b.blocks),
        contents_label=w("contents"),
    )


# --- CSV -------------------------------------------------------------------------------------


def roadmap_rows_named(report: RoadmapReport) -> list[dict[str, Any]]:
    """The rows of :func:`roadmap_csv` before they are written: raw values, numbers as numbers."""
    names = {p.key: p for p in report.phases}
    return [
        {
            **row,
            "setup_name": report.setup_name,
            "phase_name": names[row["phase"]].name,
            "milestone_name": names[row["phase"]].milestone,
            "library_version": report.library_version,
            "engine_version": report.engine_version,
        }
        for row in roadmap_rows(report.roadmap)
    ]


def roadmap_csv(report: RoadmapReport) -> str:
    """One row a phase (columns :data:`CSV_COLUMNS`), UTF-8 with a leading byte-order mark so
    that Excel reads accents, like the recommendation's CSV; a text cell a spreadsheet would run
    as a formula is neutralised (``scoring.tables.safe_cell``), numbers stay numbers."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in roadmap_rows_named(report):
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return "\ufeff" + buffer.getvalue()
