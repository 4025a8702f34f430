"""The pydantic v2 schema of every kind of knowledge-base content.

One model per kind of content: set-up templates, software tools, sectors, value-chain positions,
regions, the questionnaire and the library manifest. Every model forbids unknown keys, ids are
slugs, closed vocabularies are enums, ranges check ``min <= max`` and money ranges say what they
are a cost *of* (``basis``), for which ``year`` and whether they are estimates.

Cross-references between files (a template's tool ids, sector ids, ...) cannot be checked by a
single model; :mod:`templates_library.checks` does that once everything is parsed.

This module must never import Streamlit or anything from ``scoring``: the arrows point down.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    model_validator,
)

from templates_library.conditions import MAX_DEPTH, Condition, FieldSpec, depth

SCHEMA_VERSION = 1

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
MaturityLevel = Annotated[int, Field(ge=0, le=4)]


class CycleStage(StrEnum):
    """Stages of the intelligence cycle (domain notes 2.2: CETISME, AFNOR, ISO 56006)."""

    needs = "needs"
    sourcing = "sourcing"
    collection = "collection"
    processing = "processing"
    analysis = "analysis"
    storage = "storage"
    diffusion = "diffusion"
    use = "use"
    evaluation = "evaluation"
    protection = "protection"
    influence = "influence"


class WatchKind(StrEnum):
    """Kinds of watch (veille), domain notes 2.3."""

    technology = "technology"
    patent = "patent"
    scientific = "scientific"
    competitive = "competitive"
    commercial = "commercial"
    supply = "supply"
    regulatory = "regulatory"
    societal = "societal"
    funding = "funding"
    image = "image"
    security = "security"


class DeliveryMode(StrEnum):
    """Who runs the set-up: the organisation itself, a shared body, a provider, ..."""

    internal = "internal"
    shared = "shared"
    outsourced = "outsourced"
    consultant = "consultant"
    public = "public"


class ActorType(StrEnum):
    sme = "sme"
    cluster = "cluster"
    chamber = "chamber"
    region = "region"


class RegionType(StrEnum):
    """Regional Innovation Scoreboard groups."""

    innovation_leader = "innovation_leader"
    strong_innovator = "strong_innovator"
    moderate_innovator = "moderate_innovator"
    emerging_innovator = "emerging_innovator"


class SizeBand(StrEnum):
    """EU size classes: micro < 10, small 10-49, medium 50-249 staff."""

    micro = "micro"
    small = "small"
    medium = "medium"


class ValueChainPosition(StrEnum):
    subcontractor = "subcontractor"
    manufacturer = "manufacturer"
    distributor = "distributor"
    service = "service"
    rnd = "rnd"


class Hosting(StrEnum):
    saas = "saas"
    self_hosted = "self_hosted"
    desktop = "desktop"
    library = "library"  # a programming library or package, run by the user's own scripts
    public_service = "public_service"  # a free public portal or database (EUR-Lex, Espacenet, ...)


class ToolCategory(StrEnum):
    feed_reader = "feed_reader"
    feed_builder = "feed_builder"
    change_monitoring = "change_monitoring"
    alerts = "alerts"
    search_engine = "search_engine"
    crawler = "crawler"
    text_extraction = "text_extraction"
    workflow_automation = "workflow_automation"
    patent_database = "patent_database"
    scientific_database = "scientific_database"
    regulatory_source = "regulatory_source"
    tender_source = "tender_source"
    funding_source = "funding_source"
    text_mining = "text_mining"
    bibliometrics = "bibliometrics"
    network_visualisation = "network_visualisation"
    document_management = "document_management"
    knowledge_base = "knowledge_base"
    bookmarking = "bookmarking"
    reference_manager = "reference_manager"
    search_index = "search_index"
    newsletter = "newsletter"
    dashboard = "dashboard"
    messaging = "messaging"
    watch_platform = "watch_platform"
    ci_platform = "ci_platform"
    social_listening = "social_listening"


class SkillLevel(StrEnum):
    basic = "basic"  # anyone who uses e-mail and a browser
    intermediate = "intermediate"  # a power user: queries, filters, configuration
    advanced = "advanced"  # IT administration or programming


class ToolStatus(StrEnum):
    active = "active"  # seen with recent activity when last checked
    unverified = "unverified"  # well known, not re-checked: verify before relying on it
    discontinued = "discontinued"  # kept only so that the validator can refuse it by name


class WillingToShare(StrEnum):
    none = "none"
    non_sensitive = "non_sensitive"
    all = "all"


class RndIntensity(StrEnum):
    """Whether the organisation has engineers or scientists doing R&D."""

    none = "none"
    occasional = "occasional"
    regular = "regular"
    core = "core"


class ItCapacity(StrEnum):
    none = "none"
    saas_only = "saas_only"
    can_self_host = "can_self_host"


class IntermediaryKind(StrEnum):
    regional_agency = "regional_agency"
    chamber = "chamber"
    cluster = "cluster"
    technology_centre = "technology_centre"
    patent_information_centre = "patent_information_centre"
    university = "university"
    een_node = "een_node"
    public_authority = "public_authority"


def _unique(items: list[Any] | None) -> list[Any] | None:
    """Refuse repeated entries, so a list in YAML cannot silently count one value twice."""
    if items is None:
        return None
    seen: set[Any] = set()
    duplicates = [item for item in items if item in seen or seen.add(item)]
    if duplicates:
        raise ValueError(f"duplicate entries: {sorted({str(d) for d in duplicates})}")
    return items


def _any_to_none(value: Any) -> Any:
    """``any`` in a fit list means "fits every value", stored as ``None``."""
    if value == "any":
        return None
    return value


UniqueList = AfterValidator(_unique)
AnyOr = BeforeValidator(_any_to_none)


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors, models are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Source(Strict):
    """Where a fact comes from. ``url`` is the address where it was found."""

    title: Text
    url: HttpUrl | None = None
    year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    note: Text | None = None


class _Range(Strict):
    estimate: bool = Field(
        default=False, description="True when the figures are an estimate, not a sourced value"
    )

    @model_validator(mode="after")
    def _min_not_above_max(self) -> Self:
        low, high = self.min, self.max
        if low > high:
            raise ValueError(f"min ({low}) is greater than max ({high})")
        return self


class MoneyRange(_Range):
    """An amount in EUR, always with what it pays for and the year of the figure."""

    min: Annotated[float, Field(ge=0)]
    max: Annotated[float, Field(ge=0)]
    basis: Text = Field(description="what the amount covers, e.g. 'per firm per year'")
    year: Annotated[int, Field(ge=1990, le=2100)]


class FteRange(_Range):
    """Internal staff time in full-time equivalents (1.0 = one person full time)."""

    min: Annotated[float, Field(ge=0, le=50)]
    max: Annotated[float, Field(ge=0, le=50)]


class WeeksRange(_Range):
    min: Annotated[int, Field(ge=0, le=260)]
    max: Annotated[int, Field(ge=0, le=260)]


class MaturitySpan(Strict):
    """Maturity levels (0-4) a set-up suits, and the level it leads to once it runs."""

    min: MaturityLevel
    max: MaturityLevel
    target: MaturityLevel

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        if self.target < self.min:
            raise ValueError(f"target ({self.target}) is below min ({self.min})")
        return self


class Fits(Strict):
    """Where a set-up fits. ``any`` (stored as None) fits every value."""

    sectors: Annotated[list[Slug] | None, AnyOr, UniqueList] = None
    value_chain: Annotated[list[ValueChainPosition] | None, AnyOr, UniqueList] = None
    region_types: Annotated[list[RegionType] | None, AnyOr, UniqueList] = None
    size_bands: Annotated[list[SizeBand] | None, AnyOr, UniqueList] = None


class Kpi(Strict):
    """An indicator a pilot of the set-up can be tracked with."""

    id: Slug
    name: Text
    unit: Text
    higher_is_better: bool = True
    target: float | None = Field(
        default=None, description="a typical target, when sources give one"
    )


class Rule(Strict):
    """A rule of the safe rule language: when a condition holds, exclude or adjust the score.

    ``adjust`` is in score points (the score runs from 0 to 100). ``reason`` is shown to the
    user as the explanation; ``source`` says what justifies the rule.
    """

    id: Slug
    when: Condition
    exclude: bool = False
    adjust: Annotated[float, Field(ge=-40, le=40)] | None = None
    reason: Text
    source: Source | None = None

    @model_validator(mode="after")
    def _one_effect(self) -> Self:
        if self.exclude == (self.adjust is not None):
            raise ValueError("a rule needs one effect: `exclude: true` or `adjust: <points>`")
        if self.adjust == 0:
            raise ValueError("adjust: 0 has no effect; remove the rule or give it points")
        if depth(self.when) > MAX_DEPTH:
            raise ValueError(f"the condition nests deeper than {MAX_DEPTH} levels")
        return self


class SetupTemplate(Strict):
    """A benchmark template of an intelligence set-up (one YAML file each)."""

    schema_version: Literal[1] = 1
    id: Slug
    name: Text
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=240)]
    description: Text
    delivery: DeliveryMode
    actor_types: Annotated[list[ActorType], Field(min_length=1), UniqueList]
    cycle_stages: Annotated[list[CycleStage], Field(min_length=1), UniqueList]
    watch_kinds: Annotated[
        dict[WatchKind, Share],
        Field(min_length=1, description="coverage strength 0-1 of each kind of watch"),
    ]
    cost_eur_per_year: MoneyRange
    setup_cost_eur: MoneyRange
    fte: FteRange
    time_to_first_value_weeks: WeeksRange
    maturity: MaturitySpan
    grows_into: Annotated[list[Slug], UniqueList] = Field(
        default_factory=list, description="set-ups to grow into next, in order of preference"
    )
    fits: Fits
    prerequisites: Annotated[list[Text], Field(min_length=1)]
    tools_by_stage: dict[CycleStage, Annotated[list[Slug], Field(min_length=1), UniqueList]] = (
        Field(default_factory=dict)
    )
    kpis: Annotated[list[Kpi], Field(min_length=1)]
    risks: Annotated[list[Text], Field(min_length=1)]
    sources: Annotated[list[Source], Field(min_length=1)]
    rules: list[Rule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _tools_only_for_covered_stages(self) -> Self:
        missing = [s.value for s in self.tools_by_stage if s not in self.cycle_stages]
        if missing:
            raise ValueError(f"tools_by_stage names stages not in cycle_stages: {missing}")
        _unique([k.id for k in self.kpis])
        _unique([r.id for r in self.rules])
        return self


class Tool(Strict):
    """A software application or public service for one or more stages of the cycle."""

    id: Slug
    name: Text
    description: Text
    stages: Annotated[list[CycleStage], Field(min_length=1), UniqueList]
    category: ToolCategory
    licence: Text = Field(description="SPDX identifier, 'proprietary' or 'free service'")
    open_source: bool
    hosting: Annotated[list[Hosting], Field(min_length=1), UniqueList]
    cost_eur_per_year: MoneyRange
    skill_level: SkillLevel
    skills: Annotated[list[Text], Field(min_length=1)]
    languages: Annotated[list[LanguageCode], Field(min_length=1), UniqueList]
    url: HttpUrl
    status: ToolStatus
    status_checked: dt.date
    sources: Annotated[list[Source], Field(min_length=1)]


class NamedReference(Strict):
    """A source to watch or a regulation to follow, as shown to users."""

    name: Text
    url: HttpUrl | None = None
    note: Text | None = None


class Sector(Strict):
    id: Slug
    name: Text
    description: Text
    seed: bool = Field(description="one of the five STRATINC seed sectors")
    stratinc_regions: Annotated[list[Slug], UniqueList] = Field(default_factory=list)
    need_priors: Annotated[dict[WatchKind, Share], Field(min_length=1)]
    watch_topics: Annotated[list[Text], Field(min_length=1)]
    key_sources: Annotated[list[NamedReference], Field(min_length=1)]
    regulatory_anchors: list[NamedReference] = Field(default_factory=list)
    sources: Annotated[list[Source], Field(min_length=1)]


class ValueChain(Strict):
    id: ValueChainPosition
    name: Text
    description: Text
    need_priors: Annotated[dict[WatchKind, Share], Field(min_length=1)]
    notes: Text | None = None
    sources: Annotated[list[Source], Field(min_length=1)]


class RisClassification(Strict):
    """A region's Regional Innovation Scoreboard group, with its provenance."""

    group: RegionType
    subgroup: Literal["+", "", "-"] = ""
    year: Annotated[int, Field(ge=2009, le=2100)]
    verified: bool = Field(description="False when the group is inferred, not read from the RIS")
    note: Text | None = None
    source: Source


class Intermediary(Strict):
    name: Text
    kind: IntermediaryKind
    url: HttpUrl | None = None
    services: list[Text] = Field(default_factory=list)


class SupportScheme(Strict):
    name: Text
    description: Text
    url: HttpUrl | None = None


class Region(Strict):
    id: Slug
    name: Text
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None
    nuts_code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}[0-9A-Z]{0,3}$")] | None = None
    seed: bool
    ris: RisClassification | None = Field(
        default=None, description="absent only for 'other', where the user gives region_type"
    )
    languages: Annotated[list[LanguageCode], UniqueList] = Field(default_factory=list)
    stratinc_sector: Slug | None = None
    intermediaries: list[Intermediary] = Field(default_factory=list)
    support_schemes: list[SupportScheme] = Field(default_factory=list)
    context: list[Text] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)

    @model_validator(mode="after")
    def _seed_regions_are_documented(self) -> Self:
        if self.seed and (self.ris is None or not self.sources or self.nuts_code is None):
            raise ValueError("a seed region needs nuts_code, ris and sources")
        return self


# --- questionnaire ------------------------------------------------------------------------

#: Fields of the answers file (DESIGN.md, "Answers file") that a question may fill.
#: ``maturity.<dimension>`` and ``needs.<kind>`` are expanded below.
MATURITY_DIMENSIONS = ("culture", "deliverables", "sourcing", "cycle", "investment", "users")
ANSWER_FIELDS: tuple[str, ...] = (
    "actor_type",
    "sector",
    "value_chain",
    "region",
    "region_type",
    "employees",
    "budget_eur_per_year",
    "staff_hours_per_week",
    "first_results_within_weeks",
    "willing_to_share",
    "rnd_intensity",
    "it_capacity",
    "prefers_open_source",
    *(f"maturity.{d}" for d in MATURITY_DIMENSIONS),
    *(f"needs.{k.value}" for k in WatchKind),
)


class Option(Strict):
    value: str | int | float | bool
    label: Text
    help: Text | None = None


class Question(Strict):
    """One question of the wizard, mapped to one field of the answers file."""

    id: Slug
    field: str
    kind: Literal["choice", "integer", "number", "boolean", "scale"]
    label: Text
    help: Text | None = None
    options: list[Option] = Field(default_factory=list)
    min: float | None = None
    max: float | None = None
    step: float | None = None
    unit: Text | None = None
    allow_unknown: bool = Field(default=False, description="offer a 'don't know' answer")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.field not in ANSWER_FIELDS:
            raise ValueError(f"unknown answers field {self.field!r}")
        if self.kind == "choice" and not self.options:
            raise ValueError("a choice question needs options")
        if self.kind in ("integer", "number", "scale") and (self.min is None or self.max is None):
            raise ValueError(f"a {self.kind} question needs min and max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        _unique([o.value for o in self.options])
        return self


class AwarenessAnswer(Strict):
    value: Slug
    label: Text
    points: Annotated[int, Field(ge=0, le=3)]


class AwarenessQuestion(Strict):
    """A question of the 2-minute awareness check, with what a low answer may mean."""

    id: Slug
    statement: Text
    answers: Annotated[list[AwarenessAnswer], Field(min_length=2)]
    if_low: Text = Field(description="what the user may be missing when they score low here")
    watch_kinds: list[WatchKind] = Field(default_factory=list)
    source: Source | None = None


class MaturityDimension(Strict):
    """One of the six dimensions of current practice (Oubrich et al., JISIB 2018)."""

    id: Literal["culture", "deliverables", "sourcing", "cycle", "investment", "users"]
    name: Text
    statement: Text = Field(description="the statement rated from 1 (disagree) to 5 (agree)")
    help: Text
    anchors: Annotated[dict[Annotated[int, Field(ge=1, le=5)], Text], Field(min_length=5)]


class MaturityLevelLabel(Strict):
    level: MaturityLevel
    name: Text
    signs: Text


class NeedQuestion(Strict):
    watch_kind: WatchKind
    label: Text
    help: Text
    examples: list[Text] = Field(default_factory=list)


class Questionnaire(Strict):
    schema_version: Literal[1] = 1
    awareness: Annotated[list[AwarenessQuestion], Field(min_length=3)]
    profile: Annotated[list[Question], Field(min_length=1)]
    maturity_scale: Annotated[list[Option], Field(min_length=5, max_length=5)]
    maturity_dimensions: Annotated[list[MaturityDimension], Field(min_length=6, max_length=6)]
    maturity_levels: Annotated[list[MaturityLevelLabel], Field(min_length=5, max_length=5)]
    need_scale: Annotated[list[Option], Field(min_length=4, max_length=4)]
    needs: Annotated[list[NeedQuestion], Field(min_length=len(WatchKind))]
    resources: Annotated[list[Question], Field(min_length=1)]
    sources: Annotated[list[Source], Field(min_length=1)]

    @model_validator(mode="after")
    def _complete(self) -> Self:
        _unique([d.id for d in self.maturity_dimensions])
        _unique([n.watch_kind for n in self.needs])
        _unique([q.id for q in (*self.profile, *self.resources)] + [a.id for a in self.awareness])
        _unique([q.field for q in (*self.profile, *self.resources)])
        levels = sorted(m.level for m in self.maturity_levels)
        if levels != [0, 1, 2, 3, 4]:
            raise ValueError(f"maturity_levels must name levels 0-4 once each, got {levels}")
        return self


class LibraryManifest(Strict):
    """``data/library.yaml``: the human version of the knowledge base."""

    schema_version: Literal[1] = 1
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    released: dt.date
    title: Text
    provenance: list[Source] = Field(default_factory=list)


class SectorsFile(Strict):
    schema_version: Literal[1] = 1
    sectors: Annotated[list[Sector], Field(min_length=1)]


class ValueChainFile(Strict):
    schema_version: Literal[1] = 1
    positions: Annotated[list[ValueChain], Field(min_length=1)]


class RegionsFile(Strict):
    schema_version: Literal[1] = 1
    regions: Annotated[list[Region], Field(min_length=1)]


class ToolsFile(Strict):
    schema_version: Literal[1] = 1
    tools: Annotated[list[Tool], Field(min_length=1)]


# --- scoring configuration (data/scoring.yaml) --------------------------------------------


class Criterion(StrEnum):
    """The weighted criteria of the score, each a value from 0 to 1."""

    needs_coverage = "needs_coverage"
    maturity_fit = "maturity_fit"
    sector_value_chain_fit = "sector_value_chain_fit"
    resources_fit = "resources_fit"
    region_fit = "region_fit"
    urgency_fit = "urgency_fit"
    collaboration_fit = "collaboration_fit"


def _sums_to_one(values: dict[Any, float]) -> dict[Any, float]:
    total = sum(values.values())
    if abs(total - 1.0) > 1e-6:
        raise ValueError(f"weights must add up to 1, they add up to {total:g}")
    return values


class NeedsBlend(Strict):
    """How the needs profile blends stated needs with the priors of sector, position, region."""

    weights: Annotated[
        dict[Literal["stated", "sector", "value_chain", "region"], Share],
        AfterValidator(_sums_to_one),
    ]
    saturation: Annotated[float, Field(gt=0, le=10)] = Field(
        description="need mass (importance x coverage) at which the coverage criterion is 0.5"
    )
    region_type_priors: dict[RegionType, dict[WatchKind, Share]]


class MaturityFitShape(Strict):
    within_range_drop: Share = Field(description="value lost from min to max of the range")
    below_min_per_level: Share
    above_max_per_level: Share
    unknown_level: Annotated[float, Field(ge=0, le=4)] = Field(
        description="maturity level assumed when no dimension is answered"
    )


class FitValues(Strict):
    listed: Share
    any: Share
    unlisted: Share


class ProfileFitMix(Strict):
    weights: Annotated[
        dict[Literal["sector", "value_chain", "size_band"], Share], AfterValidator(_sums_to_one)
    ]


class ResourcesShape(Strict):
    cost_share: Share = Field(description="weight of money against staff time")
    setup_amortisation_years: Annotated[float, Field(gt=0, le=10)]
    at_min_value: Share = Field(description="value when resources just meet the minimum")


class RobustnessSettings(Strict):
    draws: Annotated[int, Field(ge=100, le=100_000)]
    kappa: Annotated[float, Field(gt=0)] = Field(
        description="Dirichlet concentration around the weights: larger = narrower"
    )
    seed: int
    clear_at: Share
    likely_at: Share


class RuleSelector(Strict):
    """Which templates a global rule applies to: all the given keys must match."""

    delivery: Annotated[list[DeliveryMode], Field(min_length=1), UniqueList] | None = None
    templates: Annotated[list[Slug], Field(min_length=1), UniqueList] | None = None
    watch_kinds: Annotated[list[WatchKind], Field(min_length=1), UniqueList] | None = Field(
        default=None, description="templates covering any of these kinds at 0.5 or more"
    )
    serves_only: Annotated[list[ActorType], Field(min_length=1), UniqueList] | None = Field(
        default=None, description="templates whose actor types are all among these"
    )


class GlobalRule(Rule):
    applies_to: RuleSelector


class ScoringConfig(Strict):
    """``data/scoring.yaml``: weights, value-function shapes and global rules of the engine."""

    schema_version: Literal[1] = 1
    hours_per_fte: Annotated[float, Field(gt=0, le=60)]
    budget_tolerance: Annotated[float, Field(ge=0, le=2)]
    maturity_tolerance_levels: Annotated[float, Field(ge=0, le=4)]
    weights: Annotated[dict[Criterion, Share], AfterValidator(_sums_to_one)]
    needs: NeedsBlend
    maturity_fit: MaturityFitShape
    fit_values: FitValues
    profile_fit: ProfileFitMix
    resources: ResourcesShape
    collaboration: dict[DeliveryMode, dict[WillingToShare, Share]]
    urgency_at_min_value: Share
    robustness: RobustnessSettings
    rules: list[GlobalRule] = Field(default_factory=list)
    sources: Annotated[list[Source], Field(min_length=1)]

    @model_validator(mode="after")
    def _complete(self) -> Self:
        missing = [c.value for c in Criterion if c not in self.weights]
        if missing:
            raise ValueError(f"weights missing for: {missing}")
        if set(self.collaboration) != set(DeliveryMode):
            raise ValueError("collaboration needs a row for every delivery mode")
        for row in self.collaboration.values():
            if set(row) != set(WillingToShare):
                raise ValueError("each collaboration row needs none, non_sensitive and all")
        _unique([r.id for r in self.rules])
        return self


def rule_fields(sector_ids: list[str], region_ids: list[str]) -> dict[str, FieldSpec]:
    """The fields rules may read: the answers file and the values the engine derives from it."""

    def enum(values: Any, help_text: str) -> FieldSpec:
        return FieldSpec("enum", tuple(str(getattr(v, "value", v)) for v in values), help=help_text)

    fields = {
        "actor_type": enum(ActorType, "who answers: sme, cluster, chamber or region"),
        "sector": enum(sector_ids, "sector id"),
        "value_chain": enum(ValueChainPosition, "position in the value chain"),
        "region": enum(region_ids, "region id"),
        "region_type": enum(RegionType, "Regional Innovation Scoreboard group (derived)"),
        "size_band": enum(SizeBand, "micro, small or medium, from employees; SMEs only (derived)"),
        "willing_to_share": enum(WillingToShare, "willingness to share watch with peers"),
        "rnd_intensity": enum(RndIntensity, "engineers or scientists doing R&D"),
        "it_capacity": enum(ItCapacity, "what IT the organisation can run"),
        "prefers_open_source": FieldSpec("bool", help="prefers open-source software"),
        "employees": FieldSpec("number", minimum=0),
        "budget_eur_per_year": FieldSpec("number", minimum=0),
        "staff_hours_per_week": FieldSpec("number", minimum=0),
        "fte_available": FieldSpec("number", minimum=0, help="staff hours / hours per FTE"),
        "first_results_within_weeks": FieldSpec("number", minimum=0),
        "maturity_level": FieldSpec("number", minimum=0, maximum=4, help="0-4 (derived)"),
    }
    for dimension in MATURITY_DIMENSIONS:
        fields[f"maturity.{dimension}"] = FieldSpec("number", minimum=1, maximum=5)
    for kind in WatchKind:
        fields[f"needs.{kind.value}"] = FieldSpec("number", minimum=0, maximum=3)
    return fields


# --- guide book texts (data/guide.yaml) ---------------------------------------------------


class StageGuide(Strict):
    """What to do at one stage of the intelligence cycle, with skills, effort and pitfalls."""

    purpose: Text
    actions: Annotated[list[Text], Field(min_length=1)]
    outputs: Annotated[list[Text], Field(min_length=1)]
    skills: Annotated[list[Text], Field(min_length=1)]
    effort: Text
    pitfalls: Annotated[list[Text], Field(min_length=1)]


class Standard(Strict):
    """A standard a set-up can align with (AFNOR, UNE, ISO), described in our own words."""

    id: Slug
    name: Text
    title: Text
    description: Text
    relevance: Text
    url: HttpUrl | None = None


class HostingRule(Strict):
    """The tools a level of IT capacity can use: allowed hosting, and the most skill assumed."""

    hosting: Annotated[list[Hosting], Field(min_length=1), UniqueList]
    max_skill: SkillLevel | None = None


class ToolFitRules(Strict):
    """How the personal guide picks catalogue tools (documented in ``data/guide.yaml``)."""

    fallback_tools: Annotated[int, Field(ge=0, le=20)]
    it_capacity: dict[ItCapacity, HostingRule]

    @model_validator(mode="after")
    def _every_capacity(self) -> Self:
        missing = [c.value for c in ItCapacity if c not in self.it_capacity]
        if missing:
            raise ValueError(f"it_capacity needs a rule for: {missing}")
        return self


class GuideTexts(Strict):
    """``data/guide.yaml``: the guide book's fixed methodological texts and tool-fit rules."""

    schema_version: Literal[1] = 1
    tool_fit: ToolFitRules
    stages: dict[CycleStage, StageGuide]
    standards: Annotated[list[Standard], Field(min_length=1)]
    sources: Annotated[list[Source], Field(min_length=1)]

    @model_validator(mode="after")
    def _complete(self) -> Self:
        missing = [s.value for s in CycleStage if s not in self.stages]
        if missing:
            raise ValueError(f"stages missing: {missing}")
        _unique([s.id for s in self.standards])
        return self
