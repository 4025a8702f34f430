"""The guide books as data: the personal guide for one set-up and the general guide.

Three modules, all pure (no files, no clock, no Streamlit):

1. **Content** (here: :class:`PersonalGuide`, :class:`GeneralGuide`): built from the knowledge
   base, the methodological texts of ``data/guide.yaml`` and, for a personal guide, the answers
   and the recommendation of ``scoring.recommend``, plus its roadmap
   (``reports.roadmap_report``). Texts are already in the guide's language (UI words from
   ``data/locales/<lang>/guide.yaml``, content translated by ``content.yaml`` where it exists,
   English otherwise, see ``reports.words``). The wizard and the tests read these.
2. **Layout** (:func:`layout`, written in ``reports.guide_layout``): the content as a
   ``reports.document.Document``, a flat list of headings, paragraphs, lists, key facts, tables
   and timelines that every export renders the same way (``reports.render_markdown``,
   ``reports.render_html``, ``reports.render_pdf``). Renderers escape; nothing here is markup.
3. **Document model** (``reports.document``): re-exported here, so ``from reports.guide import
   Document, Table`` keeps working.

How tools are chosen for a user is data (``tool_fit`` in ``data/guide.yaml``, documented there)
applied by :func:`assess_tool`: a tool is offered only when its minimum yearly cost is within the
budget and one of its hosting options suits the user's IT capacity; language and open-source
preference then order what remains.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reports import guide_layout
from reports.document import (
    Block,
    Blocks,
    Cell,
    Document,
    Facts,
    Heading,
    Item,
    Items,
    Link,
    Note,
    Paragraph,
    Table,
    Timeline,
    TimelineBar,
    safe_url,
)
from reports.roadmap_report import RoadmapReport, build_roadmap_report
from reports.words import (
    GuideError,
    Words,
    pick_setup,
    region_services,
    scheme_descriptions,
    stamp,
    words,
)
from scoring.answers import Answers
from scoring.recommend import recommend
from templates_library import Library, load_library
from templates_library.guide_texts import load_guide_texts
from templates_library.locales import DEFAULT_LANGUAGE
from templates_library.schema import (
    CycleStage,
    GuideTexts,
    Hosting,
    HostingRule,
    ItCapacity,
    MoneyRange,
    SetupTemplate,
    SkillLevel,
    Tool,
)

#: Names of ``reports.document`` and ``reports.words`` that callers import from here.
__all__ = [
    "Block",
    "Blocks",
    "Cell",
    "Document",
    "Facts",
    "GeneralGuide",
    "GuideError",
    "Heading",
    "Item",
    "Items",
    "Link",
    "Note",
    "Paragraph",
    "PersonalGuide",
    "Table",
    "Timeline",
    "TimelineBar",
    "Words",
    "assess_tool",
    "build_general_guide",
    "build_personal_guide",
    "layout",
    "safe_url",
    "stamp",
    "words",
]

SKILL_RANK = {SkillLevel.basic: 0, SkillLevel.intermediate: 1, SkillLevel.advanced: 2}
STAGE_ORDER = {stage: index for index, stage in enumerate(CycleStage)}
#: Hosting that needs nothing but a web browser.
BROWSER_HOSTING = (Hosting.saas, Hosting.public_service)


# --- content ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """Something to read or someone to contact, with an optional address and note."""

    name: str
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ToolInfo:
    """One catalogue tool, with its labels in the guide's language."""

    id: str
    name: str
    url: str
    category: str
    licence: str
    open_source: bool
    hosting: tuple[str, ...]
    cost_min: float
    cost_max: float
    skill_level: str
    skills: tuple[str, ...]
    languages: tuple[str, ...]
    stages: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class ToolFit:
    """A tool that fits the user's constraints, why it fits, and what to check."""

    tool: ToolInfo
    reasons: tuple[str, ...]
    caveats: tuple[str, ...]
    suggested_by_setup: bool


@dataclass(frozen=True)
class StageText:
    """The methodological text of one stage of the cycle, in the guide's language."""

    stage: str
    name: str
    purpose: str
    actions: tuple[str, ...]
    outputs: tuple[str, ...]
    skills: tuple[str, ...]
    effort: str
    pitfalls: tuple[str, ...]


@dataclass(frozen=True)
class PersonalStage:
    text: StageText
    tools: tuple[ToolFit, ...]
    #: the set-up's tools for this stage that were left out, counted by reason
    set_aside: tuple[str, ...]
    #: True when ``tools`` come from the wider catalogue because none of the set-up's fit
    from_catalogue: bool
    #: whether the set-up itself names tools for this stage
    setup_names_tools: bool


@dataclass(frozen=True)
class Kpi:
    name: str
    unit: str
    target: float | None
    higher_is_better: bool


@dataclass(frozen=True)
class SetupInfo:
    """A set-up's key facts, in the guide's language."""

    id: str
    name: str
    summary: str
    delivery: str
    cost_per_year: str
    cost_basis: str
    setup_cost: str
    setup_basis: str
    staff: str
    first_value: str
    maturity: str
    stages: tuple[str, ...]
    watch_kinds: tuple[str, ...]
    grows_into: tuple[str, ...]
    prerequisites: tuple[str, ...]
    kpis: tuple[Kpi, ...]
    risks: tuple[str, ...]
    tools_by_stage: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class StandardInfo:
    id: str
    name: str
    title: str
    description: str
    relevance: str
    url: str | None


@dataclass(frozen=True)
class PersonalGuide:
    lang: str
    library_version: str
    engine_version: str
    generated_on: dt.date | None
    #: (label, value) pairs describing the organisation and its constraints
    profile: tuple[tuple[str, str], ...]
    setup: SetupInfo
    #: one line on why this set-up: its rank and score, or why it is not recommended
    choice: str
    excluded_reasons: tuple[str, ...]
    tool_rules: tuple[str, ...]
    stages: tuple[PersonalStage, ...]
    sector_name: str
    watch_topics: tuple[str, ...]
    sector_sources: tuple[Reference, ...]
    regulatory_anchors: tuple[Reference, ...]
    region_name: str
    intermediaries: tuple[Reference, ...]
    support_schemes: tuple[Reference, ...]
    standards: tuple[StandardInfo, ...]
    next_steps: tuple[str, ...]
    #: the roadmap and investment plan of the same set-up (None only when built by hand)
    roadmap: RoadmapReport | None = None

    def tool_ids(self) -> set[str]:
        """Every tool the guide names."""
        return {fit.tool.id for stage in self.stages for fit in stage.tools}


@dataclass(frozen=True)
class GeneralStage:
    text: StageText
    tools: tuple[ToolInfo, ...]


@dataclass(frozen=True)
class GeneralGuide:
    lang: str
    library_version: str
    generated_on: dt.date | None
    setups: tuple[SetupInfo, ...]
    stages: tuple[GeneralStage, ...]
    standards: tuple[StandardInfo, ...]
    sources: tuple[Reference, ...]


# --- building blocks -------------------------------------------------------------------------


def stage_text(texts: GuideTexts, stage: CycleStage, w: Words) -> StageText:
    g = texts.stages[stage]
    key = f"guide.stages.{stage.value}"

    def many(name: str, values: Sequence[str]) -> tuple[str, ...]:
        return tuple(w.content(f"{key}.{name}.{i}", v) for i, v in enumerate(values))

    return StageText(
        stage=stage.value,
        name=w.stage(stage),
        purpose=w.content(f"{key}.purpose", g.purpose),
        actions=many("actions", g.actions),
        outputs=many("outputs", g.outputs),
        skills=many("skills", g.skills),
        effort=w.content(f"{key}.effort", g.effort),
        pitfalls=many("pitfalls", g.pitfalls),
    )


def tool_info(tool: Tool, w: Words) -> ToolInfo:
    return ToolInfo(
        id=tool.id,
        name=tool.name,
        url=str(tool.url),
        category=w(f"categories.{tool.category.value}"),
        licence=tool.licence,
        open_source=tool.open_source,
        hosting=tuple(w(f"hosting.{h.value}") for h in tool.hosting),
        cost_min=tool.cost_eur_per_year.min,
        cost_max=tool.cost_eur_per_year.max,
        skill_level=w(f"skill_levels.{tool.skill_level.value}"),
        description=w.content(f"tools.{tool.id}.description", tool.description),
        skills=tuple(
            w.content(f"tools.{tool.id}.skills.{index}", skill)
            for index, skill in enumerate(tool.skills)
        ),
        languages=tuple(tool.languages),
        stages=tuple(w.stage(s) for s in sorted(tool.stages, key=STAGE_ORDER.__getitem__)),
    )


def setup_info(template: SetupTemplate, library: Library, w: Words) -> SetupInfo:
    tid = template.id
    name = w.content(f"templates.{tid}.name", template.name)
    hours_per_fte = library.scoring.hours_per_fte

    def money(value: MoneyRange) -> str:
        text = w.money(value.min, value.max)
        return w("estimate", value=text) if value.estimate else text

    staff = w(
        "staff",
        fte=w.span(template.fte.min, template.fte.max),
        hours=w.span(
            round(template.fte.min * hours_per_fte, 1), round(template.fte.max * hours_per_fte, 1)
        ),
    )
    level_names = {
        lvl.level: w.content(f"maturity_levels.{lvl.level}.name", lvl.name)
        for lvl in library.questionnaire.maturity_levels
    }
    maturity = w(
        "maturity_span",
        low=template.maturity.min,
        high=template.maturity.max,
        target=template.maturity.target,
        target_name=level_names.get(template.maturity.target, ""),
    )
    stages = sorted(template.cycle_stages, key=STAGE_ORDER.__getitem__)
    kinds = sorted(template.watch_kinds.items(), key=lambda kv: (-kv[1], kv[0].value))
    tools_by_stage = tuple(
        (
            w.stage(stage),
            tuple(library.tools[t].name for t in template.tools_by_stage[stage]),
        )
        for stage in sorted(template.tools_by_stage, key=STAGE_ORDER.__getitem__)
    )
    return SetupInfo(
        id=tid,
        name=name,
        summary=w.content(f"templates.{tid}.summary", template.summary),
        delivery=w.ui(f"labels.delivery.{template.delivery.value}"),
        cost_per_year=money(template.cost_eur_per_year),
        cost_basis=w.content(f"templates.{tid}.cost_basis", template.cost_eur_per_year.basis),
        setup_cost=money(template.setup_cost_eur),
        setup_basis=w.content(f"templates.{tid}.setup_basis", template.setup_cost_eur.basis),
        staff=staff,
        first_value=w(
            "weeks",
            weeks=w.span(
                template.time_to_first_value_weeks.min, template.time_to_first_value_weeks.max
            ),
        ),
        maturity=maturity,
        stages=tuple(w.stage(s) for s in stages),
        watch_kinds=tuple(w.ui(f"labels.watch_kinds.{k.value}") for k, v in kinds if v >= 0.5),
        grows_into=tuple(
            w.content(f"templates.{t}.name", library.templates[t].name)
            for t in template.grows_into
            if t in library.templates
        ),
        prerequisites=tuple(
            w.content(f"templates.{tid}.prerequisites.{i}", text)
            for i, text in enumerate(template.prerequisites)
        ),
        kpis=tuple(
            Kpi(
                name=w.content(f"templates.{tid}.kpis.{k.id}.name", k.name),
                unit=w.content(f"templates.{tid}.kpis.{k.id}.unit", k.unit),
                target=k.target,
                higher_is_better=k.higher_is_better,
            )
            for k in template.kpis
        ),
        risks=tuple(
            w.content(f"templates.{tid}.risks.{i}", text) for i, text in enumerate(template.risks)
        ),
        tools_by_stage=tools_by_stage,
    )


def standards(texts: GuideTexts, w: Words) -> tuple[StandardInfo, ...]:
    return tuple(
        StandardInfo(
            id=s.id,
            name=w.content(f"guide.standards.{s.id}.name", s.name),
            title=w.content(f"guide.standards.{s.id}.title", s.title),
            description=w.content(f"guide.standards.{s.id}.description", s.description),
            relevance=w.content(f"guide.standards.{s.id}.relevance", s.relevance),
            url=str(s.url) if s.url else None,
        )
        for s in texts.standards
    )


# --- tool fit --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Constraints:
    """What limits the tools a user can take on."""

    budget: float
    it_capacity: str | None  # none | saas_only | can_self_host | None (don't know)
    language: str
    prefers_open_source: bool | None


@dataclass(frozen=True)
class Assessment:
    fits: bool
    #: why it does not fit: budget | hosting | skill (None when it fits)
    left_out: str | None
    reasons: tuple[str, ...]
    caveats: tuple[str, ...]


def assess_tool(tool: Tool, c: Constraints, rule: HostingRule | None, w: Words) -> Assessment:
    """Whether ``tool`` fits the constraints, with its reasons and caveats in ``w``'s language."""
    cost = tool.cost_eur_per_year
    if cost.min > c.budget:
        return Assessment(False, "budget", (), ())
    allowed = [h for h in tool.hosting if rule is None or h in rule.hosting]
    if not allowed:
        return Assessment(False, "hosting", (), ())
    if (
        rule is not None
        and rule.max_skill is not None
        and SKILL_RANK[tool.skill_level] > SKILL_RANK[rule.max_skill]
    ):
        return Assessment(False, "skill", (), ())
    reasons: list[str] = []
    caveats: list[str] = []
    if cost.max == 0:
        reasons.append(w("why.free"))
    else:
        reasons.append(w("why.budget", cost=w.money(cost.min, cost.max), budget=w.number(c.budget)))
    hosting = ", ".join(w(f"hosting.{h.value}") for h in allowed)
    if c.it_capacity is None:
        # IT capacity unknown: nothing was set aside, so flag tools a browser cannot run.
        if not any(h in BROWSER_HOSTING for h in tool.hosting):
            caveats.append(w("check.hosting", hosting=hosting))
    else:
        label = w(f"it_capacity.{c.it_capacity}")
        reasons.append(w("why.hosting", hosting=hosting, capacity=label))
    language = w.language(c.language)
    if c.language in tool.languages:
        reasons.append(w("why.language", language=language))
    else:
        caveats.append(w("check.language", language=language))
    if c.prefers_open_source:
        if tool.open_source:
            reasons.append(w("why.open_source", licence=tool.licence))
        else:
            caveats.append(w("check.open_source"))
    if tool.skill_level is SkillLevel.advanced:
        skills = [
            w.content(f"tools.{tool.id}.skills.{index}", skill)
            for index, skill in enumerate(tool.skills)
        ]
        caveats.append(w("check.skill", skills="; ".join(skills)))
    if tool.status.value != "active":
        caveats.append(w("check.status", date=tool.status_checked.isoformat()))
    return Assessment(True, None, tuple(reasons), tuple(caveats))


def _order(tool: Tool, c: Constraints) -> tuple[Any, ...]:
    return (
        bool(c.prefers_open_source) and not tool.open_source,
        c.language not in tool.languages,
        tool.cost_eur_per_year.min,
        SKILL_RANK[tool.skill_level],
    )


def tools_for_stage(
    template: SetupTemplate,
    stage: CycleStage,
    *,
    library: Library,
    texts: GuideTexts,
    c: Constraints,
    w: Words,
) -> tuple[tuple[ToolFit, ...], tuple[str, ...], bool]:
    """The tools offered for one stage, the set-aside counts, and whether they are fallbacks."""
    rule = texts.tool_fit.it_capacity[ItCapacity(c.it_capacity)] if c.it_capacity else None
    own = list(template.tools_by_stage.get(stage, []))
    fits: list[tuple[Tool, Assessment]] = []
    left: dict[str, int] = {}
    for tid in own:
        tool = library.tools[tid]
        verdict = assess_tool(tool, c, rule, w)
        if verdict.fits:
            fits.append((tool, verdict))
        elif verdict.left_out:
            left[verdict.left_out] = left.get(verdict.left_out, 0) + 1
    from_catalogue = False
    if not fits:
        others = []
        for tool in library.tools.values():
            if stage in tool.stages and tool.id not in own:
                verdict = assess_tool(tool, c, rule, w)
                if verdict.fits:
                    others.append((tool, verdict))
        others.sort(key=lambda tv: (*_order(tv[0], c), tv[0].id))
        fits = others[: texts.tool_fit.fallback_tools]
        from_catalogue = bool(fits)
    else:
        position = {tid: i for i, tid in enumerate(own)}
        fits.sort(key=lambda tv: (*_order(tv[0], c), position[tv[0].id]))
    chosen = tuple(
        ToolFit(tool_info(tool, w), v.reasons, v.caveats, not from_catalogue) for tool, v in fits
    )
    aside = tuple(w(f"set_aside.{code}", count=n) for code, n in sorted(left.items()))
    return chosen, aside, from_catalogue


# --- the personal guide ----------------------------------------------------------------------


def build_personal_guide(
    answers: Answers,
    result: Mapping[str, Any] | None = None,
    *,
    setup_id: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
    library: Library | None = None,
    texts: GuideTexts | None = None,
    generated_on: dt.date | None = None,
) -> PersonalGuide:
    """The personal guide for ``setup_id``, or the first recommended set-up when None.

    ``result`` is ``scoring.recommend.recommend(answers)``; it is computed when not given.
    Raises :class:`GuideError` for an unknown set-up or when no set-up fits and none is named.
    """
    library = library or load_library()
    texts = texts or load_guide_texts()
    w = words(lang)
    if result is None:
        result = recommend(answers, robustness=False)
    recommendations = list(result.get("recommendations", []))
    setup_id = pick_setup(result, setup_id, library, w)
    template = library.templates[setup_id]
    info = setup_info(template, library, w)

    entry = next((r for r in recommendations if r["template_id"] == setup_id), None)
    excluded = next((e for e in result.get("excluded", []) if e["template_id"] == setup_id), None)
    if entry is not None:
        choice = w(
            "choice.ranked",
            rank=entry["rank"],
            count=len(recommendations),
            score=w.decimal(round(float(entry["score"]), 1)),
        )
    elif excluded is not None:
        choice = w("choice.excluded")
    else:
        choice = w("choice.chosen")
    excluded_reasons = tuple(excluded["reasons"]) if excluded else ()

    user_language = answers.language or lang
    it_capacity = answers.it_capacity.value if answers.it_capacity else None
    constraints = Constraints(
        budget=answers.budget_eur_per_year,
        it_capacity=it_capacity,
        language=user_language,
        prefers_open_source=answers.prefers_open_source,
    )
    stages = []
    for stage in sorted(template.cycle_stages, key=STAGE_ORDER.__getitem__):
        tools, aside, from_catalogue = tools_for_stage(
            template, stage, library=library, texts=texts, c=constraints, w=w
        )
        stages.append(
            PersonalStage(
                stage_text(texts, stage, w),
                tools,
                aside,
                from_catalogue,
                bool(template.tools_by_stage.get(stage)),
            )
        )

    sector = library.sectors.get(answers.sector)
    region = library.regions.get(answers.region)
    if entry is not None and entry["rank"] == 1 and result.get("roadmap"):
        next_steps = tuple(
            w.content(f"templates.{step['template_id']}.name", str(step["name"]))
            for step in result["roadmap"]
        )
    else:
        next_steps = info.grows_into

    return PersonalGuide(
        lang=lang,
        library_version=str(result.get("library_version") or library.version),
        engine_version=str(result.get("engine_version", "")),
        generated_on=generated_on,
        profile=_profile(answers, library, w),
        setup=info,
        choice=choice,
        excluded_reasons=excluded_reasons,
        tool_rules=_tool_rules(constraints, w),
        stages=tuple(stages),
        sector_name=(
            w.content(f"sectors.{sector.id}.name", sector.name) if sector else answers.sector
        ),
        watch_topics=tuple(
            w.content(f"sectors.{sector.id}.watch_topics.{index}", topic)
            for index, topic in enumerate(sector.watch_topics if sector else [])
        ),
        sector_sources=_notes(sector, "key_sources", w) if sector else (),
        regulatory_anchors=_notes(sector, "regulatory_anchors", w) if sector else (),
        region_name=(
            w.content(f"regions.{region.id}.name", region.name) if region else answers.region
        ),
        intermediaries=tuple(
            Reference(
                i.name,
                str(i.url) if i.url else None,
                "; ".join([w(f"intermediary_kinds.{i.kind.value}"), *services]),
            )
            for i, services in zip(
                region.intermediaries if region else [],
                region_services(region, w) if region else [],
                strict=True,
            )
        ),
        support_schemes=tuple(
            Reference(s.name, str(s.url) if s.url else None, description)
            for s, description in zip(
                region.support_schemes if region else [],
                scheme_descriptions(region, w) if region else [],
                strict=True,
            )
        ),
        standards=standards(texts, w),
        next_steps=next_steps,
        roadmap=build_roadmap_report(
            answers,
            result,
            setup_id=setup_id,
            lang=lang,
            library=library,
            generated_on=generated_on,
        ),
    )


def _notes(sector: Any, group: str, w: Words) -> tuple[Reference, ...]:
    """A sector's references (key sources or regulations) with their notes translated."""
    return tuple(
        Reference(
            r.name,
            str(r.url) if r.url else None,
            w.content(f"sectors.{sector.id}.{group}.{index}.note", r.note) if r.note else None,
        )
        for index, r in enumerate(getattr(sector, group))
    )


def _refs(items: Iterable[Any]) -> tuple[Reference, ...]:
    return tuple(Reference(i.name, str(i.url) if i.url else None, i.note) for i in items)


def _question_label(library: Library, field_name: str, value: Any, w: Words) -> str:
    q = library.questionnaire
    for question in (*q.profile, *q.resources):
        if question.field == field_name:
            for option in question.options:
                if option.value == value:
                    return w.content(
                        f"questions.{question.id}.options.{option.value}", option.label
                    )
    return str(value)


def _profile(answers: Answers, library: Library, w: Words) -> tuple[tuple[str, str], ...]:
    sector = library.sectors.get(answers.sector)
    region = library.regions.get(answers.region)
    position = library.value_chain.get(answers.value_chain.value)
    unknown = w.ui("common.dont_know")
    rows = [
        (w("profile.actor"), w.ui(f"labels.actor_types.{answers.actor_type.value}")),
        (
            w("profile.sector"),
            w.content(f"sectors.{sector.id}.name", sector.name) if sector else answers.sector,
        ),
        (
            w("profile.value_chain"),
            # the questionnaire's option is the position's name, translated with the questions
            _question_label(library, "value_chain", answers.value_chain.value, w)
            if position
            else answers.value_chain.value,
        ),
        (
            w("profile.region"),
            w.content(f"regions.{region.id}.name", region.name) if region else answers.region,
        ),
        (w("profile.employees"), w.number(answers.employees)),
        (w("profile.budget"), w("money", amount=w.number(answers.budget_eur_per_year))),
        (w("profile.hours"), w("hours", hours=w.decimal(answers.staff_hours_per_week))),
        (
            w("profile.it_capacity"),
            _question_label(library, "it_capacity", answers.it_capacity.value, w)
            if answers.it_capacity
            else unknown,
        ),
        (
            w("profile.open_source"),
            w.yes_no(answers.prefers_open_source)
            if answers.prefers_open_source is not None
            else unknown,
        ),
    ]
    return tuple(rows)


def _tool_rules(c: Constraints, w: Words) -> tuple[str, ...]:
    rules = [w("rules.budget", budget=w.number(c.budget))]
    if c.it_capacity is None:
        rules.append(w("rules.it_unknown"))
    else:
        rules.append(w(f"rules.it_{c.it_capacity}"))
    rules.append(w("rules.language", language=w.language(c.language)))
    if c.prefers_open_source:
        rules.append(w("rules.open_source"))
    rules.append(w("rules.fallback"))
    return tuple(rules)


# --- the general guide -----------------------------------------------------------------------


def build_general_guide(
    lang: str = DEFAULT_LANGUAGE,
    *,
    library: Library | None = None,
    texts: GuideTexts | None = None,
    generated_on: dt.date | None = None,
) -> GeneralGuide:
    """Every set-up and every tool by stage of the cycle, from the knowledge base."""
    library = library or load_library()
    texts = texts or load_guide_texts()
    w = words(lang)
    stages = []
    for stage in CycleStage:
        tools = sorted(
            (t for t in library.tools.values() if stage in t.stages),
            key=lambda t: (t.category.value, t.name.casefold()),
        )
        infos = tuple(tool_info(t, w) for t in tools)
        stages.append(GeneralStage(stage_text(texts, stage, w), infos))
    return GeneralGuide(
        lang=lang,
        library_version=library.version,
        generated_on=generated_on,
        setups=tuple(setup_info(t, library, w) for t in library.templates.values()),
        stages=tuple(stages),
        standards=standards(texts, w),
        sources=tuple(
            Reference(
                s.title,
                str(s.url) if s.url else None,
                w.content(f"guide.sources.{index}.note", s.note) if s.note else None,
            )
            for index, s in enumerate(texts.sources)
        ),
    )


# --- layout ----------------------------------------------------------------------------------


def layout(guide: PersonalGuide | GeneralGuide) -> Document:
    """The guide as a document every renderer draws the same way."""
    if isinstance(guide, PersonalGuide):
        return guide_layout.personal_document(guide)
    return guide_layout.general_document(guide)
