"""The layout of the guide books: their content (``reports.guide``) as a ``Document``.

Kept apart from the content so each module stays readable; ``reports.guide.layout`` chooses
between the two documents. The personal guide's "Roadmap and investment" section is written by
``reports.roadmap_report.roadmap_blocks``, the same code as the standalone roadmap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from reports.document import Blocks, Cell, Document, Item, Link
from reports.roadmap_report import roadmap_blocks
from reports.words import Words, stamp, words

if TYPE_CHECKING:
    from reports.guide import (
        GeneralGuide,
        PersonalGuide,
        Reference,
        SetupInfo,
        StageText,
        StandardInfo,
        ToolInfo,
    )


def _refs_items(refs: Iterable[Reference]) -> list[Item]:
    return [Item(r.name, url=r.url, note=r.note) for r in refs]


def _setup_facts(s: SetupInfo, w: Words) -> list[tuple[str, str]]:
    return [
        (w("col.delivery"), s.delivery),
        (w("col.cost"), w("with_basis", value=s.cost_per_year, basis=s.cost_basis)),
        (w("col.setup_cost"), w("with_basis", value=s.setup_cost, basis=s.setup_basis)),
        (w("col.staff"), s.staff),
        (w("col.first_value"), s.first_value),
        (w("col.maturity"), s.maturity),
        (w("col.stages"), ", ".join(s.stages)),
        (w("col.watch_kinds"), ", ".join(s.watch_kinds)),
    ]


def _standards_blocks(b: Blocks, items: Sequence[StandardInfo], w: Words) -> None:
    b.h(2, w("heading.standards"))
    b.p(w("standards_intro"))
    for s in items:
        b.h(3, s.name)
        b.note(s.title)
        b.p(s.description)
        items = [Item(s.relevance, label=w("standards_use"))]
        if s.url:
            items.append(Item(w("standards_read"), url=s.url))
        b.items(items)


def _stage_method(b: Blocks, text: StageText, w: Words) -> None:
    b.p(text.purpose)
    b.h(4, w("heading.what_to_do"))
    b.items(text.actions)
    b.facts(
        [
            (w("col.outputs"), "; ".join(text.outputs)),
            (w("col.skills"), "; ".join(text.skills)),
            (w("col.effort"), text.effort),
        ]
    )
    b.h(4, w("heading.stage_pitfalls"))
    b.items(text.pitfalls)


def _tool_headers(w: Words) -> tuple[str, ...]:
    return (
        w("col.tool"),
        w("col.description"),
        w("col.category"),
        w("col.licence"),
        w("col.open_source"),
        w("col.hosting"),
        w("col.cost_range"),
        w("col.skill_level"),
        w("col.languages"),
    )


def _tool_row(t: ToolInfo, w: Words) -> tuple[Cell, ...]:
    return (
        Link(t.name, t.url),
        t.description,
        t.category,
        t.licence,
        w.yes_no(t.open_source),
        ", ".join(t.hosting),
        w.money(t.cost_min, t.cost_max),
        t.skill_level,
        ", ".join(code.upper() for code in t.languages),
    )


def personal_document(g: PersonalGuide) -> Document:
    """The personal guide book: the set-up, stage by stage, KPIs, pitfalls, sources, the
    roadmap and investment plan, standards and next steps."""
    w = words(g.lang)
    s = g.setup
    b = Blocks()

    b.h(2, w("heading.setup"))
    b.p(s.summary)
    b.p(g.choice)
    if g.excluded_reasons:
        b.items(g.excluded_reasons)
    b.facts(_setup_facts(s, w))
    b.h(3, w("heading.prerequisites"))
    b.items(s.prerequisites)

    b.h(2, w("heading.profile"))
    b.facts(g.profile)
    b.h(3, w("heading.tool_rules"))
    b.items(g.tool_rules)

    b.h(2, w("heading.stages"))
    b.p(w("stages_intro", count=len(g.stages)))
    for stage in g.stages:
        b.h(3, stage.text.name)
        _stage_method(b, stage.text, w)
        b.h(4, w("heading.tools"))
        if stage.tools:
            if stage.from_catalogue:
                b.note(w("from_catalogue" if stage.setup_names_tools else "from_catalogue_only"))
            b.table(
                w("caption.stage_tools", stage=stage.text.name),
                (
                    w("col.tool"),
                    w("col.category"),
                    w("col.hosting"),
                    w("col.cost_range"),
                    w("col.skill_level"),
                    w("col.why"),
                    w("col.check"),
                ),
                [
                    (
                        Link(f.tool.name, f.tool.url),
                        f.tool.category,
                        ", ".join(f.tool.hosting),
                        w.money(f.tool.cost_min, f.tool.cost_max),
                        f.tool.skill_level,
                        "; ".join(f.reasons),
                        "; ".join(f.caveats) or "–",
                    )
                    for f in stage.tools
                ],
            )
        else:
            b.p(w("no_tools"))
        if stage.set_aside:
            b.note(w("set_aside_lead") + " " + "; ".join(stage.set_aside))

    b.h(2, w("heading.kpis"))
    b.table(
        w("caption.kpis"),
        (w("col.kpi"), w("col.unit"), w("col.target"), w("col.direction")),
        [
            (
                k.name,
                k.unit,
                w.decimal(k.target) if k.target is not None else "–",
                w("higher_better") if k.higher_is_better else w("lower_better"),
            )
            for k in s.kpis
        ],
    )

    b.h(2, w("heading.pitfalls"))
    b.items(s.risks)
    b.note(w("pitfalls_more"))

    b.h(2, w("heading.sources", sector=g.sector_name, region=g.region_name))
    if g.watch_topics:
        b.h(3, w("heading.watch_topics", sector=g.sector_name))
        b.items(g.watch_topics)
    if g.sector_sources:
        b.h(3, w("heading.key_sources", sector=g.sector_name))
        b.items(_refs_items(g.sector_sources))
    if g.regulatory_anchors:
        b.h(3, w("heading.regulatory"))
        b.items(_refs_items(g.regulatory_anchors))
    b.h(3, w("heading.region_support", region=g.region_name))
    if g.intermediaries:
        b.h(4, w("heading.intermediaries"))
        b.items(_refs_items(g.intermediaries))
    if g.support_schemes:
        b.h(4, w("heading.schemes"))
        b.items(_refs_items(g.support_schemes))
    if not (g.intermediaries or g.support_schemes):
        b.p(w("no_region_support"))

    if g.roadmap is not None:
        # The same sections as the standalone roadmap; next steps and regional support are
        # already sections of the guide, so they are not repeated.
        b.h(2, w("heading.roadmap"))
        roadmap_blocks(b, g.roadmap, level=3, context=False)

    _standards_blocks(b, g.standards, w)

    b.h(2, w("heading.next"))
    if g.next_steps:
        b.p(w("next_intro", name=s.name))
        b.items(g.next_steps)
    else:
        b.p(w("next_none", name=s.name))
    b.note(w("disclaimer"))

    return Document(
        lang=g.lang,
        title=w("personal_title", name=s.name),
        subtitle=(
            w("personal_subtitle"),
            stamp(w, g.library_version, g.engine_version, g.generated_on),
        ),
        blocks=tuple(b.blocks),
        contents_label=w("contents"),
    )


def general_document(g: GeneralGuide) -> Document:
    """The general guide book: the cycle, every set-up, every tool by stage, the standards."""
    w = words(g.lang)
    b = Blocks()

    b.h(2, w("heading.about"))
    b.p(w("general_intro"))
    b.p(w("general_how"))

    b.h(2, w("heading.cycle"))
    b.table(
        w("caption.cycle"),
        (w("col.stage"), w("col.purpose"), w("col.outputs")),
        [(st.text.name, st.text.purpose, "; ".join(st.text.outputs)) for st in g.stages],
    )

    b.h(2, w("heading.setups"))
    b.p(w("setups_intro", count=len(g.setups)))
    b.table(
        w("caption.setups"),
        (
            w("col.setup"),
            w("col.delivery"),
            w("col.cost"),
            w("col.setup_cost"),
            w("col.staff"),
            w("col.first_value"),
            w("col.maturity"),
        ),
        [
            (s.name, s.delivery, s.cost_per_year, s.setup_cost, s.staff, s.first_value, s.maturity)
            for s in g.setups
        ],
    )
    for s in g.setups:
        b.h(3, s.name)
        b.p(s.summary)
        b.facts(_setup_facts(s, w))
        if s.tools_by_stage:
            b.facts([(stage, ", ".join(names)) for stage, names in s.tools_by_stage])
        if s.grows_into:
            b.items([Item(", ".join(s.grows_into), label=w("col.grows_into"))])

    b.h(2, w("heading.tools_by_stage"))
    b.p(w("tools_intro"))
    for st in g.stages:
        b.h(3, st.text.name)
        _stage_method(b, st.text, w)
        b.h(4, w("heading.tools"))
        if st.tools:
            b.table(
                w("caption.stage_tools", stage=st.text.name),
                _tool_headers(w),
                [_tool_row(t, w) for t in st.tools],
            )
        else:
            b.p(w("no_catalogue_tools"))

    _standards_blocks(b, g.standards, w)

    b.h(2, w("heading.method_sources"))
    b.items(_refs_items(g.sources))
    b.note(w("disclaimer"))

    return Document(
        lang=g.lang,
        title=w("general_title"),
        subtitle=(w("general_subtitle"), stamp(w, g.library_version, "", g.generated_on)),
        blocks=tuple(b.blocks),
        contents_label=w("contents"),
    )
