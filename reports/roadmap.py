"""The investment roadmap of a set-up: three phases over three years, their costs and milestones.

Phases (the implantation / implementation / use of the method):

* **implantation**: from the start to the first useful output, lasting the template's weeks to
  first value; it carries the one-off set-up cost.
* **implementation**: the ramp-up, as long again as the implantation (a provider's framing
  then ramp-up, as outsourcing guides describe it), at the yearly running cost.
* **use**: the rest of the three years, at the yearly running cost.

Every cost is a range (low, high) from the template's ranges, in EUR; the running cost of a
phase is the yearly cost times its share of a year, so the phases add up exactly to the
three-year total: set-up cost + 3 x yearly cost. Texts are not here: phases and milestones are
keys that the caller translates (``roadmap.*`` in the catalogues).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from templates_library import Library
from templates_library.schema import SetupTemplate

WEEKS_PER_YEAR = 52
HORIZON_WEEKS = 3 * WEEKS_PER_YEAR
PHASES = ("implantation", "implementation", "use")
#: The columns of :func:`roadmap_rows`, in order: machine names, stable across versions.
ROW_COLUMNS = (
    "template_id",
    "phase",
    "start_week",
    "end_week",
    "setup_cost_min_eur",
    "setup_cost_max_eur",
    "running_cost_min_eur",
    "running_cost_max_eur",
    "fte_min",
    "fte_max",
    "milestone",
    "kpis",
)


@dataclass(frozen=True)
class Money:
    """A range of euros."""

    low: float
    high: float

    def __add__(self, other: Money) -> Money:
        return Money(self.low + other.low, self.high + other.high)

    def scaled(self, factor: float) -> Money:
        return Money(self.low * factor, self.high * factor)


ZERO = Money(0.0, 0.0)


@dataclass(frozen=True)
class Phase:
    key: str  # one of PHASES
    start_week: int
    end_week: int
    setup_cost: Money
    running_cost: Money
    fte: tuple[float, float]
    milestone: str  # a key: roadmap.milestones.<key>
    kpis: tuple[str, ...]  # KPI ids of the template measured from this phase on

    @property
    def weeks(self) -> int:
        return self.end_week - self.start_week

    @property
    def cost(self) -> Money:
        return self.setup_cost + self.running_cost


@dataclass(frozen=True)
class Roadmap:
    template_id: str
    phases: tuple[Phase, ...]
    next_setups: tuple[str, ...] = ()
    support: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @property
    def total(self) -> Money:
        total = ZERO
        for phase in self.phases:
            total = total + phase.cost
        return total


def phases_of(template: SetupTemplate) -> tuple[Phase, ...]:
    """The three phases of ``template`` over three years (weeks from the start)."""
    implantation = min(max(template.time_to_first_value_weeks.max, 1), HORIZON_WEEKS // 3)
    implementation = min(implantation * 2, HORIZON_WEEKS // 2)
    setup = Money(template.setup_cost_eur.min, template.setup_cost_eur.max)
    yearly = Money(template.cost_eur_per_year.min, template.cost_eur_per_year.max)
    fte = (template.fte.min, template.fte.max)
    kpis = tuple(k.id for k in template.kpis)
    bounds = ((0, implantation), (implantation, implementation), (implementation, HORIZON_WEEKS))
    milestones = ("first_results", "routine_running", "review_and_grow")
    return tuple(
        Phase(
            key=key,
            start_week=start,
            end_week=end,
            setup_cost=setup if key == "implantation" else ZERO,
            running_cost=yearly.scaled((end - start) / WEEKS_PER_YEAR),
            fte=fte,
            milestone=milestone,
            kpis=() if key == "implantation" else kpis,
        )
        for key, (start, end), milestone in zip(PHASES, bounds, milestones, strict=True)
    )


def roadmap_for(
    library: Library,
    template_id: str,
    region_id: str | None = None,
    next_setups: tuple[str, ...] = (),
) -> Roadmap:
    """The roadmap of one set-up, with the support the user's region offers."""
    template = library.templates[template_id]
    region = library.regions.get(region_id or "")
    support: list[dict[str, Any]] = []
    if region is not None:
        support += [
            {
                "kind": "intermediary",
                "name": i.name,
                "type": i.kind.value,
                "url": str(i.url) if i.url else "",
                "services": list(i.services),
            }
            for i in region.intermediaries
        ]
        support += [
            {
                "kind": "scheme",
                "name": s.name,
                "type": "scheme",
                "url": str(s.url) if s.url else "",
                "services": [s.description],
            }
            for s in region.support_schemes
        ]
    return Roadmap(template_id, phases_of(template), tuple(next_setups), tuple(support))


def three_year_costs(library: Library, template_ids: list[str]) -> dict[str, Money]:
    """Three-year total cost of each set-up (set-up cost + three years of running cost)."""
    return {tid: roadmap_for(library, tid).total for tid in template_ids}


def roadmap_rows(roadmap: Roadmap) -> list[dict[str, Any]]:
    """One row a phase, for CSV: machine column names, numbers as numbers."""
    return [
        {
            "template_id": roadmap.template_id,
            "phase": phase.key,
            "start_week": phase.start_week,
            "end_week": phase.end_week,
            "setup_cost_min_eur": round(phase.setup_cost.low, 2),
            "setup_cost_max_eur": round(phase.setup_cost.high, 2),
            "running_cost_min_eur": round(phase.running_cost.low, 2),
            "running_cost_max_eur": round(phase.running_cost.high, 2),
            "fte_min": phase.fte[0],
            "fte_max": phase.fte[1],
            "milestone": phase.milestone,
            "kpis": ";".join(phase.kpis),
        }
        for phase in roadmap.phases
    ]
