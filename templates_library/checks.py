"""Checks that span files: every id a file names must exist in the file that defines it.

A template's tools must be in the catalogue (and cover the stage they are listed for), its
sectors in ``sectors.yaml``, its ``grows_into`` among the templates; regions and sectors must
point at each other; the questionnaire's choices must offer exactly the ids the data defines.
Each check skips what did not parse, so one run reports as much as it can.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from templates_library._errors import did_you_mean
from templates_library._yaml import PathKey, Problem, YamlDocument
from templates_library.conditions import FieldSpec, type_errors
from templates_library.schema import (
    ActorType,
    ItCapacity,
    Questionnaire,
    RegionsFile,
    RegionType,
    RndIntensity,
    Rule,
    ScoringConfig,
    SectorsFile,
    SetupTemplate,
    ToolsFile,
    ToolStatus,
    ValueChainFile,
    ValueChainPosition,
    WillingToShare,
    rule_fields,
)


def cross_check(
    parsed: Mapping[str, Any],
    data_docs: Mapping[str, YamlDocument],
    templates: Mapping[str, SetupTemplate],
    template_docs: Mapping[str, YamlDocument],
    template_ids: Collection[str],
) -> list[Problem]:
    """Every cross-file problem found among the parsed parts of the knowledge base.

    ``parsed`` maps each data file name to its model when it parsed; ``data_docs`` holds the
    document of every file that was read, so each parsed file has its document.
    ``template_ids`` names every template file, parsed or not, so that a broken template is
    reported once, in its own file, and not again wherever another template refers to it.
    """
    problems: list[Problem] = []
    tools: ToolsFile | None = parsed.get("tools.yaml")
    sectors: SectorsFile | None = parsed.get("sectors.yaml")
    regions: RegionsFile | None = parsed.get("regions.yaml")
    positions: ValueChainFile | None = parsed.get("value_chain.yaml")
    questionnaire: Questionnaire | None = parsed.get("questionnaire.yaml")

    tool_ids: dict[str, Any] = {}
    if tools is not None:
        doc = data_docs["tools.yaml"]
        problems += _duplicates(doc, "tools", [t.id for t in tools.tools])
        for index, tool in enumerate(tools.tools):
            tool_ids.setdefault(tool.id, tool)  # a duplicate is reported, not used
            if tool.status is ToolStatus.discontinued:
                problems.append(
                    doc.problem(
                        ("tools", index, "status"),
                        f"{tool.name} is discontinued: remove it from the catalogue",
                    )
                )
    sector_ids = [s.id for s in sectors.sectors] if sectors is not None else None
    region_ids = [r.id for r in regions.regions] if regions is not None else None

    if sectors is not None:
        doc = data_docs["sectors.yaml"]
        problems += _duplicates(doc, "sectors", sector_ids or [])
        if region_ids is not None:
            for index, sector in enumerate(sectors.sectors):
                problems += _unknown(
                    doc,
                    ("sectors", index, "stratinc_regions"),
                    sector.stratinc_regions,
                    region_ids,
                    "region",
                )
    if regions is not None:
        doc = data_docs["regions.yaml"]
        problems += _duplicates(doc, "regions", region_ids or [])
        if "other" not in (region_ids or []):
            problems.append(doc.problem(("regions",), "the region 'other' is required"))
        if sector_ids is not None:
            for index, region in enumerate(regions.regions):
                sector = region.stratinc_sector
                if sector is not None and sector not in sector_ids:
                    problems.append(
                        doc.problem(
                            ("regions", index, "stratinc_sector"),
                            f"unknown sector {sector!r}" + did_you_mean(sector, sector_ids),
                        )
                    )
    if positions is not None:
        doc = data_docs["value_chain.yaml"]
        ids = [p.id.value for p in positions.positions]
        problems += _duplicates(doc, "positions", ids)
        missing = sorted({p.value for p in ValueChainPosition} - set(ids))
        if missing:
            problems.append(doc.problem(("positions",), f"positions missing: {missing}"))
    if questionnaire is not None:
        problems += _check_questionnaire(
            data_docs["questionnaire.yaml"],
            questionnaire,
            {
                "sector": sector_ids,
                "region": region_ids,
                "value_chain": [p.value for p in ValueChainPosition],
                "actor_type": [a.value for a in ActorType],
                "region_type": [r.value for r in RegionType],
                "willing_to_share": [w.value for w in WillingToShare],
                "rnd_intensity": [r.value for r in RndIntensity],
                "it_capacity": [i.value for i in ItCapacity],
            },
        )

    fields = (
        rule_fields(sector_ids, region_ids)
        if sector_ids is not None and region_ids is not None
        else None
    )
    scoring: ScoringConfig | None = parsed.get("scoring.yaml")
    if scoring is not None and fields is not None:
        doc = data_docs["scoring.yaml"]
        for index, rule in enumerate(scoring.rules):
            problems += _check_rule(doc, ("rules", index), rule, fields)
            chosen = rule.applies_to.templates or []
            for position, template_id in enumerate(chosen):
                if template_id not in template_ids:
                    problems.append(
                        doc.problem(
                            ("rules", index, "applies_to", "templates", position),
                            f"unknown template {template_id!r}"
                            + did_you_mean(template_id, template_ids),
                        )
                    )
    for template_id, doc in template_docs.items():
        if fields is not None:
            for index, rule in enumerate(templates[template_id].rules):
                problems += _check_rule(doc, ("rules", index), rule, fields)
        problems += _check_template(
            doc,
            templates[template_id],
            tool_ids if tools is not None else None,
            sector_ids,
            template_ids,
        )
    return problems


def _check_template(
    doc: YamlDocument,
    template: SetupTemplate,
    tools: Mapping[str, Any] | None,
    sector_ids: list[str] | None,
    template_ids: Collection[str],
) -> list[Problem]:
    problems: list[Problem] = []
    if tools is not None:
        for stage, ids in template.tools_by_stage.items():
            for index, tool_id in enumerate(ids):
                loc: PathKey = ("tools_by_stage", stage.value, index)
                tool = tools.get(tool_id)
                if tool is None:
                    problems.append(
                        doc.problem(loc, f"unknown tool {tool_id!r}" + did_you_mean(tool_id, tools))
                    )
                elif stage not in tool.stages:
                    covered = ", ".join(s.value for s in tool.stages)
                    problems.append(
                        doc.problem(
                            loc,
                            f"tool {tool_id!r} is not catalogued for stage {stage.value!r} "
                            f"(it covers: {covered})",
                        )
                    )
    if sector_ids is not None and template.fits.sectors is not None:
        problems += _unknown(doc, ("fits", "sectors"), template.fits.sectors, sector_ids, "sector")
    for index, target in enumerate(template.grows_into):
        loc = ("grows_into", index)
        if target == template.id:
            problems.append(doc.problem(loc, "a set-up cannot grow into itself"))
        elif target not in template_ids:
            problems.append(
                doc.problem(
                    loc, f"unknown template {target!r}" + did_you_mean(target, template_ids)
                )
            )
    return problems


def _check_rule(
    doc: YamlDocument, loc: PathKey, rule: Rule, fields: Mapping[str, FieldSpec]
) -> list[Problem]:
    return [
        doc.problem((*loc, "when", *where), message)
        for where, message in type_errors(rule.when, fields)
    ]


def _check_questionnaire(
    doc: YamlDocument, questionnaire: Questionnaire, choices: Mapping[str, list[str] | None]
) -> list[Problem]:
    problems: list[Problem] = []
    for section in ("profile", "resources"):
        for index, question in enumerate(getattr(questionnaire, section)):
            expected = choices.get(question.field)
            if expected is None or question.kind != "choice":
                continue
            offered = [str(o.value) for o in question.options]
            missing = sorted(set(expected) - set(offered))
            unknown = sorted(set(offered) - set(expected))
            if missing:
                problems.append(
                    doc.problem((section, index, "options"), f"options missing ids: {missing}")
                )
            for value in unknown:
                problems.append(
                    doc.problem(
                        (section, index, "options"),
                        f"option {value!r} is not a {question.field} id"
                        + did_you_mean(value, expected),
                    )
                )
    return problems


def _duplicates(doc: YamlDocument, key: str, ids: list[str]) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, item in enumerate(ids):
        if item in seen:
            problems.append(doc.problem((key, index, "id"), f"duplicate id {item!r}"))
        seen.add(item)
    return problems


def _unknown(
    doc: YamlDocument, loc: PathKey, values: Iterable[str], known: list[str], what: str
) -> list[Problem]:
    return [
        doc.problem((*loc, index), f"unknown {what} {value!r}" + did_you_mean(value, known))
        for index, value in enumerate(values)
        if value not in known
    ]
