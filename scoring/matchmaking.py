"""Matchmaking among a room's participants who consented: who could work with whom, and why.

Three kinds of suggestion, each a :class:`Match` whose reason is a catalogue key plus the ids
it needs (``reason_key``, ``reason_values``), so a page or an export can say why in any
language (:func:`explain_match`):

* ``shared_watch``: a group of two or more whose needs are alike (the cosine similarity of
  their needs vectors is at least :data:`SIMILAR_NEEDS` and they share an important need, or
  they share at least :data:`SHARED_HIGH` critical needs), for a shared watch or a joint service;
  the pooled set-up of the library (shared or public delivery) that covers their common needs
  best is named when there is one.
* ``supply_chain``: two participants of one sector at complementary value-chain positions
  (:data:`LINKS`: research to manufacturing, subcontracting to manufacturing, manufacturing to
  distribution; a service provider with any other position), for business co-operation.
* ``consortium``: three or more participants from at least two countries (``data/regions.yaml``;
  the ``other`` region has none and is left out) in related sectors, among them at least an R&D
  organisation and a manufacturer: the seed of a consortium for an EU programme. Sectors are
  related when they are the same or their typical needs (the sectors' need priors) have a cosine
  similarity of at least :data:`RELATED_SECTORS`: wood and agro-food, biotechnology and new
  materials, ICT and services, ...

Needs are read as in :mod:`scoring.aggregate`: the importance given, and the engine's guess for a
"don't know". The suggestions do not depend on the order of the participants; they come
strongest first, then by kind and members, at most :data:`MAX_PER_KIND` of each kind, and no
participant is in more than one shared-watch group, one consortium or
:data:`PAIRS_PER_PARTICIPANT` supply-chain pairs. Pure: no Streamlit, no storage.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from scoring.aggregate import Pooling, effective_needs, pooled_template
from scoring.answers import Answers, AnswersError, parse_answers
from scoring.engine import Engine
from scoring.profiles import KINDS, from_answers
from scoring.recommend import engine_for
from templates_library import Library, load_library

KIND_SHARED_WATCH = "shared_watch"
KIND_SUPPLY_CHAIN = "supply_chain"
KIND_CONSORTIUM = "consortium"
KINDS_OF_MATCH = (KIND_SHARED_WATCH, KIND_SUPPLY_CHAIN, KIND_CONSORTIUM)

#: Cosine similarity of two needs vectors from which the needs count as alike.
SIMILAR_NEEDS = 0.9
#: A need this high (0-3 scale) is "important", this high "critical".
IMPORTANT_NEED = 2.0
CRITICAL_NEED = 2.5
#: Critical needs in common that make two participants a shared-watch pair on their own.
SHARED_HIGH = 2
#: The most kinds of watch a shared-watch reason names.
REASON_KINDS = 3
MAX_GROUP = 8
MAX_CONSORTIUM = 6
MIN_CONSORTIUM = 3
MIN_COUNTRIES = 2
#: Cosine similarity of two sectors' need priors from which they count as related.
RELATED_SECTORS = 0.93
#: Complementary positions (upstream, downstream) and how strong the link is (0-1).
LINKS: dict[tuple[str, str], float] = {
    ("rnd", "manufacturer"): 1.0,
    ("subcontractor", "manufacturer"): 0.9,
    ("manufacturer", "distributor"): 0.9,
    ("rnd", "subcontractor"): 0.7,
}
#: A service provider complements any other position, less specifically.
SERVICE = "service"
SERVICE_LINK = 0.6
CONSORTIUM_ROLES = ("rnd", "manufacturer")
#: How a consortium's roles are listed: research first, then along the chain.
ROLE_ORDER = ("rnd", "manufacturer", "subcontractor", "distributor", "service")
MAX_PER_KIND = 10
PAIRS_PER_PARTICIPANT = 2
#: The most suggestions :func:`match` returns by default.
MAX_MATCHES = 30


@dataclass(frozen=True)
class MatchInput:
    """A participant as matchmaking sees them: a key, their answers, their consent."""

    key: str
    answers: Answers | Mapping[str, Any]
    consent: bool


@dataclass(frozen=True)
class Match:
    """A suggestion: who, why (a catalogue key under ``matchmaking.`` and its values: ids and
    counts, translated by :func:`explain_match`) and how strong (0-1, for ordering)."""

    kind: str
    members: tuple[str, ...]
    reason_key: str
    reason_values: dict[str, Any]
    strength: float


@dataclass(frozen=True)
class _Room:
    """The consenting participants as arrays, sorted by key."""

    keys: list[str]
    answers: list[Answers]
    needs: np.ndarray  # (n, K) on the 0-3 scale
    similarity: np.ndarray  # (n, n) cosine of the needs
    library: Library


def match(
    participants: Sequence[MatchInput],
    library: Library | None = None,
    *,
    engine: Engine | None = None,
    limit: int = MAX_MATCHES,
) -> list[Match]:
    """Every kind of suggestion among the consenting participants, strongest first.

    A participant without consent is never considered; one whose answers do not validate is
    skipped; a key given twice counts once (its first consenting entry). ``engine`` (for the
    needs guessed for "don't know") is the shipped library's unless given or another library is.
    """
    if engine is None:
        shipped = engine_for()
        engine = shipped if library is None or library is shipped.library else Engine(library)
    room = _room(participants, engine)
    if len(room.keys) < 2:
        return []
    found = [
        *_best(_shared_watch(room)),
        *_best(_supply_chain(room)),
        *_best(_consortia(room)),
    ]
    return sorted(found, key=_order)[: max(limit, 0)]


def _order(m: Match) -> tuple[float, int, tuple[str, ...]]:
    return (-m.strength, KINDS_OF_MATCH.index(m.kind), m.members)


def _best(matches: list[Match]) -> list[Match]:
    return sorted(matches, key=_order)[:MAX_PER_KIND]


def _room(participants: Sequence[MatchInput], engine: Engine) -> _Room:
    library = engine.library
    chosen: dict[str, Answers] = {}
    for person in participants:
        if not person.consent or person.key in chosen:
            continue
        answers = person.answers
        if not isinstance(answers, Answers):
            try:
                answers = parse_answers(answers, library)
            except AnswersError:
                continue
        chosen[person.key] = answers
    keys = sorted(chosen)
    answers_list = [chosen[k] for k in keys]
    if not keys:
        return _Room([], [], np.zeros((0, len(KINDS))), np.zeros((0, 0)), library)
    needs = effective_needs(engine, from_answers(answers_list, library))
    return _Room(keys, answers_list, needs, _cosine(needs), library)


def _cosine(vectors: np.ndarray) -> np.ndarray:
    """Pairwise cosine similarity of the rows; 0 for a row of zeros."""
    norms = np.linalg.norm(vectors, axis=1)
    unit = vectors / np.where(norms > 0, norms, 1.0)[:, None]
    return np.clip(unit @ unit.T, 0.0, 1.0)


# --- shared watch --------------------------------------------------------------------------------


def _shared_watch(room: _Room) -> list[Match]:
    """Groups whose needs are alike, grown greedily from the best-connected participant: each
    member is linked to every other (a clique), so the reason holds for every pair."""
    n = len(room.keys)
    important = room.needs >= IMPORTANT_NEED - 1e-9
    critical = room.needs >= CRITICAL_NEED - 1e-9
    shared_important = important.astype(int) @ important.T.astype(int)
    shared_critical = critical.astype(int) @ critical.T.astype(int)
    linked = ((room.similarity >= SIMILAR_NEEDS) & (shared_important >= 1)) | (
        shared_critical >= SHARED_HIGH
    )
    np.fill_diagonal(linked, False)
    degree = linked.sum(axis=1)
    taken = np.zeros(n, dtype=bool)
    found = []
    for seed in sorted(range(n), key=lambda i: (-degree[i], room.keys[i])):
        if taken[seed] or degree[seed] == 0:
            continue
        group = [seed]
        candidates = [j for j in np.flatnonzero(linked[seed]) if not taken[j]]
        candidates.sort(key=lambda j: (-room.similarity[seed, j], room.keys[j]))
        for j in candidates:
            if len(group) >= MAX_GROUP:
                break
            if all(linked[j, m] for m in group):
                group.append(int(j))
        if len(group) < 2:
            continue
        kinds = _common_kinds(room.needs[group])
        if not kinds:
            continue
        taken[group] = True
        pairs = list(itertools.combinations(group, 2))
        strength = float(np.mean([room.similarity[a, b] for a, b in pairs]))
        template = pooled_template(room.library, kinds)
        values: dict[str, Any] = {"count": len(group), "kinds": kinds}
        if template is not None:
            values["template"] = template
        found.append(
            Match(
                kind=KIND_SHARED_WATCH,
                members=tuple(sorted(room.keys[i] for i in group)),
                reason_key="shared_watch" if template else "shared_watch_service",
                reason_values=values,
                strength=round(strength, 4),
            )
        )
    return found


def _common_kinds(needs: np.ndarray) -> list[str]:
    """The kinds every member finds important, strongest first; else those important to the
    group on average. At most :data:`REASON_KINDS`."""
    floor = needs.min(axis=0)
    mean = needs.mean(axis=0)
    chosen = np.flatnonzero(floor >= IMPORTANT_NEED - 1e-9)
    if not len(chosen):
        chosen = np.flatnonzero(mean >= IMPORTANT_NEED - 1e-9)
    ordered = sorted(chosen, key=lambda k: (-mean[k], k))
    return [KINDS[k] for k in ordered[:REASON_KINDS]]


# --- supply chain --------------------------------------------------------------------------------


def _link(first: str, second: str) -> tuple[str, str, float] | None:
    """(upstream, downstream, strength) when two positions complement each other."""
    if (first, second) in LINKS:
        return first, second, LINKS[first, second]
    if (second, first) in LINKS:
        return second, first, LINKS[second, first]
    if first != second and SERVICE in (first, second):
        other = second if first == SERVICE else first
        return other, SERVICE, SERVICE_LINK
    return None


def _supply_chain(room: _Room) -> list[Match]:
    """Pairs of one sector at complementary positions, strongest first; alike needs make a pair
    a little stronger (they speak of the same things)."""
    pairs = []
    positions = [a.value_chain.value for a in room.answers]
    by_sector: dict[str, list[int]] = {}
    for i, a in enumerate(room.answers):  # only pairs within a sector: not all n^2 pairs
        by_sector.setdefault(a.sector, []).append(i)
    candidates = (p for group in by_sector.values() for p in itertools.combinations(group, 2))
    for i, j in candidates:
        link = _link(positions[i], positions[j])
        if link is None:
            continue
        upstream, downstream, weight = link
        first, second = (i, j) if positions[i] == upstream else (j, i)
        strength = round(weight * (0.75 + 0.25 * float(room.similarity[i, j])), 4)
        pairs.append((strength, first, second, upstream, downstream))
    pairs.sort(key=lambda p: (-p[0], room.keys[p[1]], room.keys[p[2]]))
    used = np.zeros(len(room.keys), dtype=int)
    found = []
    for strength, first, second, upstream, downstream in pairs:
        if used[first] >= PAIRS_PER_PARTICIPANT or used[second] >= PAIRS_PER_PARTICIPANT:
            continue
        used[[first, second]] += 1
        regions = _distinct([room.answers[first].region, room.answers[second].region])
        found.append(
            Match(
                kind=KIND_SUPPLY_CHAIN,
                members=(room.keys[first], room.keys[second]),
                reason_key="supply_chain",
                reason_values={
                    "sector": room.answers[first].sector,
                    "upstream": upstream,
                    "downstream": downstream,
                    "regions": regions,
                },
                strength=strength,
            )
        )
    return found


# --- consortia -----------------------------------------------------------------------------------


def related_sectors(library: Library) -> dict[str, set[str]]:
    """Each sector's related sectors (itself included): need priors alike (cosine)."""
    ids = list(library.sectors)
    priors = np.array(
        [[float(library.sectors[s].need_priors.get(k, 0.0)) for k in KINDS] for s in ids]
    )
    similarity = _cosine(priors)
    return {
        s: {t for b, t in enumerate(ids) if a == b or similarity[a, b] >= RELATED_SECTORS}
        for a, s in enumerate(ids)
    }


def _consortia(room: _Room) -> list[Match]:
    """Cross-country groups, built one at a time: the strongest group any sector family can
    still form, until none can."""
    related = related_sectors(room.library)
    country = [room.library.regions[a.region].country for a in room.answers]
    free = {i for i in range(len(room.keys)) if country[i] is not None}
    found = []
    index_of = {key: i for i, key in enumerate(room.keys)}
    # Each sector family's best group, kept while none of its members is taken: the greedy
    # choices depend only on the members it picks, so taking others changes nothing.
    best_of: dict[str, list[int] | None] = {}
    while True:
        options = []
        for anchor in room.library.sectors:
            if anchor not in best_of:
                pool = sorted(
                    (i for i in free if room.answers[i].sector in related[anchor]),
                    key=lambda i, anchor=anchor: (room.answers[i].sector != anchor, room.keys[i]),
                )
                best_of[anchor] = _consortium(pool, room, country)
            group = best_of[anchor]
            if group:
                options.append(_consortium_match(group, room, country))
        if not options:
            return found
        best = min(options, key=_order)
        found.append(best)
        taken = {index_of[k] for k in best.members}
        free -= taken
        best_of = {a: g for a, g in best_of.items() if not g or not taken & set(g)}


def _consortium(pool: list[int], room: _Room, country: list[str | None]) -> list[int] | None:
    """A group of the pool with an R&D organisation and a manufacturer from different countries
    if possible, then members bringing a new country or a new role, up to the size limit."""
    position = {i: room.answers[i].value_chain.value for i in pool}
    rank = {i: n for n, i in enumerate(pool)}  # a dict, not pool.index: O(1) in the sort keys
    rnd = [i for i in pool if position[i] == CONSORTIUM_ROLES[0]]
    makers = [i for i in pool if position[i] == CONSORTIUM_ROLES[1]]
    if not rnd or not makers:
        return None
    first, second = min(
        itertools.product(rnd, makers),
        key=lambda p: (country[p[0]] == country[p[1]], rank[p[0]], rank[p[1]]),
    )
    group = [first, second]
    rest = [i for i in pool if i not in group]
    while rest and len(group) < MAX_CONSORTIUM:
        countries = {country[i] for i in group}
        roles = {position[i] for i in group}

        def gain(i: int, countries: set = countries, roles: set = roles) -> int:
            return int(country[i] not in countries) * 2 + int(position[i] not in roles)

        best = max(rest, key=lambda i: (gain(i), -rank[i]))
        if gain(best) == 0 and len(group) >= MIN_CONSORTIUM:
            break
        group.append(best)
        rest.remove(best)
    if len(group) < MIN_CONSORTIUM or len({country[i] for i in group}) < MIN_COUNTRIES:
        return None
    return group


def _consortium_match(group: list[int], room: _Room, country: list[str | None]) -> Match:
    countries = sorted({str(country[i]) for i in group})
    present = {room.answers[i].value_chain.value for i in group}
    roles = [p for p in ROLE_ORDER if p in present]
    pairs = list(itertools.combinations(group, 2))
    alike = float(np.mean([room.similarity[a, b] for a, b in pairs]))
    strength = 0.4 * min(1.0, len(countries) / 3) + 0.3 * min(1.0, len(roles) / 3) + 0.3 * alike
    sector_order = list(room.library.sectors)
    region_order = list(room.library.regions)
    return Match(
        kind=KIND_CONSORTIUM,
        members=tuple(sorted(room.keys[i] for i in group)),
        reason_key="consortium",
        reason_values={
            "count": len(group),
            "countries": countries,
            "regions": sorted({room.answers[i].region for i in group}, key=region_order.index),
            "sectors": sorted({room.answers[i].sector for i in group}, key=sector_order.index),
            "roles": roles,
        },
        strength=round(strength, 4),
    )


def _distinct(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


# --- words ---------------------------------------------------------------------------------------

Text = Callable[..., str]
Content = Callable[[str, str], str]
#: Reason values that are lists, and the name of one of their items.
_LIST_VALUES = {
    "kinds": "kind",
    "regions": "region",
    "sectors": "sector",
    "roles": "role",
    "countries": "country",
}


def explain_match(
    match: Match, text: Text, content: Content, library: Library | None = None
) -> str:
    """The suggestion's reason as a sentence: ``text(key, **values)`` is the UI catalogue
    (``t``), ``content(key, default)`` the content one (``ct``); ids become names there."""
    library = library or load_library()
    values = {
        name: _words(name, value, text, content, library)
        for name, value in match.reason_values.items()
    }
    return text(f"matchmaking.{match.reason_key}", **values)


def explain_pooling(
    pooling: Pooling, text: Text, content: Content, library: Library | None = None
) -> str:
    """ "11 organisations share a need for regulatory watch: candidates for ..." in words."""
    library = library or load_library()
    values: dict[str, Any] = {"count": pooling.count, "kind": pooling.kind}
    key = "pooling_no_template"
    if pooling.template_id is not None:
        values["template"] = pooling.template_id
        key = "pooling"
    words = {name: _words(name, value, text, content, library) for name, value in values.items()}
    return text(f"matchmaking.{key}", **words)


def _words(name: str, value: Any, text: Text, content: Content, library: Library) -> str:
    if name in _LIST_VALUES:
        item_name = _LIST_VALUES[name]
        items = [_words(item_name, item, text, content, library) for item in value]
        return join(items, text, quoted=name == "sectors")
    match name:
        case "kind":
            return text("matchmaking.quoted", item=text(f"labels.watch_kinds.{value}"))
        case "sector":
            sector = library.sectors.get(value)
            return content(f"sectors.{value}.name", sector.name if sector else str(value))
        case "region":
            region = library.regions.get(value)
            return content(f"regions.{value}.name", region.name if region else str(value))
        case "template":
            template = library.templates.get(value)
            name_ = template.name if template else str(value)
            return text("matchmaking.quoted", item=content(f"templates.{value}.name", name_))
        case "upstream" | "downstream" | "role":
            return text(f"matchmaking.positions.{value}")
        case _:
            return str(value)


def join(items: Sequence[str], text: Text, *, quoted: bool = False) -> str:
    """``a, b and c`` in the catalogue's language; items in quotes when they may hold an "and"
    themselves (kinds of watch, sector names)."""
    if quoted:
        items = [text("matchmaking.quoted", item=item) for item in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return text("matchmaking.list_and", first=", ".join(items[:-1]), last=items[-1])
