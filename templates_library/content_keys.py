"""Every translatable text of the knowledge base, under the key the catalogues use for it.

English content lives in the knowledge base itself; each other language translates it in
``data/locales/<lang>/content.yaml`` under these keys. Pages and reports look the texts up with
``Catalogues.content(lang, key, english)``; the locale tests use :func:`content_items` to check
that every language covers every key, so a new template, tool or guide text without its
translations is caught.
"""

from __future__ import annotations

from collections.abc import Iterator

from templates_library.library import Library


def content_items(library: Library) -> Iterator[tuple[str, str]]:
    """Every translatable content key of the knowledge base, with its English text."""
    q = library.questionnaire
    for question in (*q.profile, *q.resources):
        yield f"questions.{question.id}.label", question.label
        if question.help:
            yield f"questions.{question.id}.help", question.help
        for option in question.options:
            yield f"questions.{question.id}.options.{option.value}", option.label
    for item in q.awareness:
        yield f"awareness.{item.id}.statement", item.statement
        yield f"awareness.{item.id}.if_low", item.if_low
        for answer in item.answers:
            yield f"awareness.{item.id}.answers.{answer.value}", answer.label
    for dim in q.maturity_dimensions:
        yield f"maturity.{dim.id}.name", dim.name
        yield f"maturity.{dim.id}.statement", dim.statement
        yield f"maturity.{dim.id}.help", dim.help
        for level, text in dim.anchors.items():
            yield f"maturity.{dim.id}.anchors.{level}", text
    for level in q.maturity_levels:
        yield f"maturity_levels.{level.level}.name", level.name
        yield f"maturity_levels.{level.level}.signs", level.signs
    for option in q.maturity_scale:
        yield f"maturity_scale.{option.value}", option.label
    for option in q.need_scale:
        yield f"need_scale.{option.value}", option.label
    for need in q.needs:
        yield f"needs.{need.watch_kind.value}.label", need.label
        yield f"needs.{need.watch_kind.value}.help", need.help
    for tid, template in library.templates.items():
        yield f"templates.{tid}.name", template.name
        yield f"templates.{tid}.summary", template.summary
        yield f"templates.{tid}.description", template.description
        # What the Compare page shows of a set-up: cost bases, prerequisites, KPIs and risks.
        yield f"templates.{tid}.cost_basis", template.cost_eur_per_year.basis
        yield f"templates.{tid}.setup_basis", template.setup_cost_eur.basis
        for index, text in enumerate(template.prerequisites):
            yield f"templates.{tid}.prerequisites.{index}", text
        for kpi in template.kpis:
            yield f"templates.{tid}.kpis.{kpi.id}.name", kpi.name
            yield f"templates.{tid}.kpis.{kpi.id}.unit", kpi.unit
        for index, text in enumerate(template.risks):
            yield f"templates.{tid}.risks.{index}", text
        for rule in template.rules:
            yield f"rules.{tid}.{rule.id}.reason", rule.reason
    for rule in library.scoring.rules:
        yield f"rules.scoring.{rule.id}.reason", rule.reason
    for sector in library.sectors.values():
        yield f"sectors.{sector.id}.name", sector.name
        yield f"sectors.{sector.id}.description", sector.description
        for index, topic in enumerate(sector.watch_topics):
            yield f"sectors.{sector.id}.watch_topics.{index}", topic
        for group in ("key_sources", "regulatory_anchors"):
            for index, reference in enumerate(getattr(sector, group)):
                if reference.note:
                    yield f"sectors.{sector.id}.{group}.{index}.note", reference.note
    for region in library.regions.values():
        yield f"regions.{region.id}.name", region.name
        for index, intermediary in enumerate(region.intermediaries):
            for number, service in enumerate(intermediary.services):
                yield f"regions.{region.id}.intermediaries.{index}.services.{number}", service
        for index, scheme in enumerate(region.support_schemes):
            yield f"regions.{region.id}.support_schemes.{index}.description", scheme.description
    for tool in library.tools.values():
        yield f"tools.{tool.id}.description", tool.description
        for index, skill in enumerate(tool.skills):
            yield f"tools.{tool.id}.skills.{index}", skill
    yield from guide_items(library)


def guide_items(library: Library) -> Iterator[tuple[str, str]]:
    """The guide book's method texts (``data/guide.yaml``) under the keys reports/guide.py asks
    for: each stage's texts (lists by index) and each standard's description and relevance."""
    for stage, text in library.guide.stages.items():
        key = f"guide.stages.{stage.value}"
        yield f"{key}.purpose", text.purpose
        yield f"{key}.effort", text.effort
        for name, values in (
            ("actions", text.actions),
            ("outputs", text.outputs),
            ("skills", text.skills),
            ("pitfalls", text.pitfalls),
        ):
            for index, value in enumerate(values):
                yield f"{key}.{name}.{index}", value
    for standard in library.guide.standards:
        yield f"guide.standards.{standard.id}.name", standard.name
        yield f"guide.standards.{standard.id}.title", standard.title
        yield f"guide.standards.{standard.id}.description", standard.description
        yield f"guide.standards.{standard.id}.relevance", standard.relevance
    for index, source in enumerate(library.guide.sources):
        if source.note:
            yield f"guide.sources.{index}.note", source.note
