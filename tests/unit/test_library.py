"""The shipped knowledge base: it validates, holds what the product promises, and is versioned."""

from __future__ import annotations

from pathlib import Path

import pytest

from templates_library import load_library, validate
from templates_library.library import PROJECT_ROOT
from templates_library.schema import ActorType, CycleStage, DeliveryMode, WatchKind
from tests.unit.helpers import copy_knowledge_base

SEED_SECTORS = {"wood", "ict", "biotech_health", "agro_food", "new_materials"}
SEED_REGIONS = {"lorraine", "central_macedonia", "oslo", "murcia", "canarias", "nrw"}
REQUIRED_SETUPS = {
    "owner_informal_watch",
    "parttime_watcher_oss",
    "regulatory_standards_watch",
    "commercial_tender_watch",
    "technology_patent_watch",
    "scientific_clinical_watch",
    "outsourced_watch_service",
    "chamber_shared_watch",
    "cluster_shared_watch_cell",
    "internal_watch_cell_platform",
    "competitor_intelligence_programme",
    "foresight_scenarios",
    "regional_ei_system",
    "protection_security_kit",
    "funding_partnering_watch",
    "consultant_needs_audit_setup",
}


def test_the_shipped_library_validates() -> None:
    library, problems = validate()
    assert [str(p) for p in problems] == []
    assert library is not None


def test_it_holds_the_promised_content() -> None:
    lib = load_library()
    assert set(lib.templates) >= REQUIRED_SETUPS
    assert len(lib.templates) >= 16
    assert len(lib.tools) >= 40
    assert {s for s, sector in lib.sectors.items() if sector.seed} == SEED_SECTORS
    assert {"other_manufacturing", "other_services"} <= set(lib.sectors)
    assert {r for r, region in lib.regions.items() if region.seed} == SEED_REGIONS
    assert "other" in lib.regions
    assert set(lib.value_chain) == {
        "subcontractor",
        "manufacturer",
        "distributor",
        "service",
        "rnd",
    }


def test_the_library_spans_the_domain() -> None:
    """Every delivery mode, actor type, kind of watch and stage from collection on is served."""
    lib = load_library()
    templates = lib.templates.values()
    assert {t.delivery for t in templates} == set(DeliveryMode)
    assert {a for t in templates for a in t.actor_types} == set(ActorType)
    assert {k for t in templates for k, v in t.watch_kinds.items() if v >= 0.5} == set(WatchKind)
    tool_stages = {s for tool in lib.tools.values() for s in tool.stages}
    assert {
        CycleStage.collection,
        CycleStage.processing,
        CycleStage.analysis,
        CycleStage.storage,
        CycleStage.diffusion,
    } <= tool_stages


def test_every_template_grows_somewhere_or_is_at_the_top() -> None:
    lib = load_library()
    for template in lib.templates.values():
        assert template.grows_into or template.maturity.target == 4, template.id
        for target in template.grows_into:
            assert lib.templates[target].maturity.max >= template.maturity.target, (
                f"{template.id} grows into {target}, which does not reach level "
                f"{template.maturity.target}"
            )


def test_money_has_basis_and_year() -> None:
    lib = load_library()
    for template in lib.templates.values():
        for money in (template.cost_eur_per_year, template.setup_cost_eur):
            assert money.basis
            assert 1990 <= money.year <= 2100


def test_nothing_discontinued_is_catalogued() -> None:
    names = {tool.name.lower() for tool in load_library().tools.values()}
    assert not any("netvibes" in name for name in names)


def test_version_is_human_plus_content_hash(tmp_path: Path) -> None:
    lib = load_library()
    human, _, digest = lib.version.partition("+")
    assert human == lib.manifest.version
    assert len(digest) == 10

    copy = copy_knowledge_base(tmp_path)
    same, _ = validate(copy)
    assert same is not None
    assert same.version == lib.version

    sectors = copy / "data" / "sectors.yaml"
    sectors.write_text(sectors.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    changed, _ = validate(copy)
    assert changed is not None
    assert changed.version != lib.version


def test_load_library_is_cached_and_cites_template_lines() -> None:
    assert load_library() is load_library()
    citation = load_library().cite("owner_informal_watch", ("delivery",))
    path, line = citation.rsplit(":", 1)
    assert path == "templates_library/owner_informal_watch.yaml"
    text = (PROJECT_ROOT / path).read_text(encoding="utf-8").splitlines()
    assert text[int(line) - 1].startswith("delivery:")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "data/regions.yaml",
            "stratinc_sector: wood",
            "stratinc_sector: timber",
            "data/regions.yaml:{line}: regions.0.stratinc_sector: unknown sector 'timber'",
        ),
    ],
)
def test_cross_file_problems_name_the_data_file_and_line(
    file: str, old: str, new: str, expected: str, tmp_path: Path
) -> None:
    copy = copy_knowledge_base(tmp_path)
    target = copy / file
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1

    library, problems = validate(copy)

    assert library is None
    assert [str(p) for p in problems] == [expected.format(line=line)]


def test_a_duplicate_tool_id_is_reported_where_it_repeats(tmp_path: Path) -> None:
    copy = copy_knowledge_base(tmp_path)
    tools = copy / "data" / "tools.yaml"
    text = tools.read_text(encoding="utf-8")
    first = text.index("  - id: ")
    second = text.index("  - id: ", first + 1)
    count = text.count("  - id: ")
    line = text.count("\n") + 1  # the copy of the first entry starts after the last line
    tools.write_text(text + text[first:second], encoding="utf-8")

    library, problems = validate(copy)

    assert library is None
    first_id = text[first:second].split("\n")[0].removeprefix("  - id: ")
    assert [str(p) for p in problems] == [
        f"data/tools.yaml:{line}: tools.{count}.id: duplicate id {first_id!r}"
    ]


def test_a_discontinued_tool_is_refused(tmp_path: Path) -> None:
    copy = copy_knowledge_base(tmp_path)
    tools = copy / "data" / "tools.yaml"
    text = tools.read_text(encoding="utf-8")
    text = text.replace("    status: active\n", "    status: discontinued\n", 1)
    tools.write_text(text, encoding="utf-8")
    line = text[: text.index("status: discontinued")].count("\n") + 1

    library, problems = validate(copy)

    assert library is None
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"data/tools.yaml:{line}: tools.")
    assert problems[0].message.endswith("is discontinued: remove it from the catalogue")


def test_a_missing_data_file_is_named(tmp_path: Path) -> None:
    copy = copy_knowledge_base(tmp_path)
    (copy / "data" / "regions.yaml").unlink()
    library, problems = validate(copy)
    assert library is None
    assert "data/regions.yaml:1: <file>: file is missing" in [str(p) for p in problems]
