"""Matchmaking (``scoring.matchmaking``): who could work with whom, and why, in words.

Checked on a constructed room: each kind of suggestion is found with the expected members and
reason; a participant without consent never appears (even when they would fit best); the
``other`` region (no country) never joins a consortium; every reason renders in English and
French with each placeholder filled and ids turned into names; the output does not depend on
the order of the participants; limits hold in a large room; and, as a Hypothesis property, the
members of every suggestion are distinct participants who consented.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.aggregate import Pooling
from scoring.answers import parse_answers
from scoring.matchmaking import (
    KINDS_OF_MATCH,
    MAX_PER_KIND,
    PAIRS_PER_PARTICIPANT,
    Match,
    MatchInput,
    explain_match,
    explain_pooling,
    match,
    related_sectors,
)
from scoring.profiles import KINDS
from templates_library import load_library
from templates_library.locales import catalogues, placeholders
from tests.unit.helpers import sample_answers
from tests.unit.strategies import answers_dicts

LIBRARY = load_library()
ZERO = dict.fromkeys(KINDS, 0)
MARKET = {**ZERO, "regulatory": 3, "supply": 3, "commercial": 3, "competitive": 1}
SCIENCE = {**ZERO, "scientific": 3, "patent": 3, "technology": 3, "funding": 2}


def person(key: str, consent: bool = True, **answers: Any) -> MatchInput:
    return MatchInput(key, sample_answers(**answers), consent)


ROOM = [
    person("lor-sub", sector="wood", value_chain="subcontractor", region="lorraine", needs=MARKET),
    person(
        "mur-dist", sector="agro_food", value_chain="distributor", region="murcia", needs=MARKET
    ),
    person("lor-man", sector="wood", value_chain="manufacturer", region="lorraine", needs=SCIENCE),
    person("nrw-rnd", sector="new_materials", value_chain="rnd", region="nrw", needs=SCIENCE),
    person("oslo-man", sector="biotech_health", value_chain="manufacturer", region="oslo"),
    person(
        "gr-sub", sector="new_materials", value_chain="subcontractor", region="central_macedonia"
    ),
    # Would fit best everywhere, but did not consent.
    person(
        "secret", False, sector="wood", value_chain="manufacturer", region="murcia", needs=MARKET
    ),
    # An R&D organisation without a country: never in a consortium.
    person(
        "elsewhere",
        sector="new_materials",
        value_chain="rnd",
        region="other",
        region_type="strong_innovator",
        needs=SCIENCE,
    ),
]


@pytest.fixture(scope="module")
def matches() -> list[Match]:
    return match(ROOM, LIBRARY)


def _of(matches: list[Match], kind: str) -> list[Match]:
    return [m for m in matches if m.kind == kind]


def _words(lang: str) -> tuple[Any, Any]:
    cat = catalogues()
    return (
        lambda key, **values: cat.text(lang, key, **values),
        lambda key, default: cat.content(lang, key, default),
    )


# --- each kind ---------------------------------------------------------------------------------


def test_shared_watch_groups_alike_needs(matches: list[Match]) -> None:
    found = [m for m in _of(matches, "shared_watch") if "lor-sub" in m.members]
    assert len(found) == 1
    (shared,) = found
    assert "mur-dist" in shared.members
    assert shared.reason_values["count"] == len(shared.members) >= 2
    assert set(shared.reason_values["kinds"]) <= {"regulatory", "supply", "commercial"}
    assert shared.reason_values["kinds"]
    template = LIBRARY.templates[shared.reason_values["template"]]
    assert template.delivery.value in ("shared", "public")
    assert 0 < shared.strength <= 1


def test_supply_chain_pairs_complementary_positions_in_one_sector(matches: list[Match]) -> None:
    chains = _of(matches, "supply_chain")
    pair = [m for m in chains if set(m.members) == {"lor-sub", "lor-man"}]
    assert len(pair) == 1
    assert pair[0].members == ("lor-sub", "lor-man")  # upstream first
    assert pair[0].reason_values == {
        "sector": "wood",
        "upstream": "subcontractor",
        "downstream": "manufacturer",
        "regions": ["lorraine"],
    }
    by_key = {p.key: parse_answers(p.answers) for p in ROOM}
    for chain in chains:
        first, second = (by_key[k] for k in chain.members)
        assert first.sector == second.sector
        assert first.value_chain != second.value_chain


def test_consortium_spans_countries_with_research_and_manufacturing(
    matches: list[Match],
) -> None:
    (consortium,) = _of(matches, "consortium")
    assert {"nrw-rnd", "oslo-man", "gr-sub"} <= set(consortium.members)
    assert "elsewhere" not in consortium.members
    values = consortium.reason_values
    assert values["count"] == len(consortium.members) >= 3
    assert values["countries"] == sorted(values["countries"])
    assert {"DE", "NO", "GR"} <= set(values["countries"])
    assert values["roles"][:2] == ["rnd", "manufacturer"]
    related = related_sectors(LIBRARY)
    assert all(s in related["new_materials"] for s in values["sectors"])


def test_related_sectors_are_symmetric_and_reflexive() -> None:
    related = related_sectors(LIBRARY)
    for sector, others in related.items():
        assert sector in others
        assert all(sector in related[other] for other in others)
    assert "biotech_health" in related["new_materials"]
    assert "ict" not in related["wood"]


def test_no_consortium_without_research_or_without_two_countries() -> None:
    same_country = [
        person("a", value_chain="rnd", region="murcia"),
        person("b", value_chain="manufacturer", region="canarias"),
        person("c", value_chain="distributor", region="murcia"),
    ]
    assert _of(match(same_country, LIBRARY), "consortium") == []
    no_research = [
        person("a", value_chain="subcontractor", region="lorraine"),
        person("b", value_chain="manufacturer", region="nrw"),
        person("c", value_chain="distributor", region="oslo"),
    ]
    assert _of(match(no_research, LIBRARY), "consortium") == []


# --- consent -----------------------------------------------------------------------------------


def test_participants_without_consent_never_appear(matches: list[Match]) -> None:
    assert matches
    assert all("secret" not in m.members for m in matches)
    # Alone with a consenting partner, the non-consenting participant gives nothing at all.
    pair = [ROOM[0], ROOM[6]]
    assert match(pair, LIBRARY) == []
    consenting = [ROOM[0], MatchInput("secret", ROOM[6].answers, True)]
    assert match(consenting, LIBRARY)


def test_bad_answers_are_skipped_and_keys_count_once() -> None:
    broken = MatchInput("broken", {"sector": "atlantis"}, True)
    twice = [ROOM[0], ROOM[0], ROOM[1], broken]
    found = match(twice, LIBRARY)
    assert found == match(ROOM[:2], LIBRARY)
    assert all("broken" not in m.members for m in found)


# --- words -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_reason_renders_with_every_placeholder_filled(
    matches: list[Match], lang: str
) -> None:
    text, content = _words(lang)
    strings = catalogues().strings
    assert {m.kind for m in matches} == set(KINDS_OF_MATCH)
    for found in matches:
        key = f"matchmaking.{found.reason_key}"
        assert key in strings[lang], key
        assert placeholders(strings[lang][key]) == set(found.reason_values), key
        sentence = explain_match(found, text, content, LIBRARY)
        assert "{" not in sentence
        assert "}" not in sentence
        assert sentence != key
        assert "matchmaking." not in sentence
        assert "labels." not in sentence
    chain = next(m for m in matches if m.members == ("lor-sub", "lor-man"))
    sentence = explain_match(chain, text, content, LIBRARY)
    if lang == "en":
        assert "Wood and forest-based industries" in sentence
        assert "a subcontractor and a manufacturer" in sentence
    else:
        assert "Bois et industries de la filière forêt-bois" in sentence
        assert "un sous-traitant et un fabricant" in sentence


def test_pooling_sentence_names_the_kind_and_the_setup() -> None:
    pooling = Pooling("regulatory", 11, {"lorraine": 5}, {"wood": 6}, "chamber_shared_watch")
    text, content = _words("en")
    sentence = explain_pooling(pooling, text, content, LIBRARY)
    assert sentence.startswith("11 organisations share a need for")
    assert "Regulatory and standards watch" in sentence
    assert LIBRARY.templates["chamber_shared_watch"].name in sentence
    text, content = _words("fr")
    sentence = explain_pooling(Pooling("image", 4, {}, {}, None), text, content, LIBRARY)
    assert sentence.startswith("4 organisations partagent un besoin de")
    assert "Veille image et e-réputation" in sentence


# --- order and limits --------------------------------------------------------------------------


def test_order_does_not_depend_on_the_participants_order(matches: list[Match]) -> None:
    order = np.random.default_rng(7).permutation(len(ROOM))
    shuffled = [ROOM[i] for i in order]
    assert match(shuffled, LIBRARY) == matches
    assert match(list(reversed(ROOM)), LIBRARY) == matches
    keys = [(-m.strength, KINDS_OF_MATCH.index(m.kind), m.members) for m in matches]
    assert keys == sorted(keys)


def _large_room(count: int = 60) -> list[MatchInput]:
    rng = np.random.default_rng(3)
    regions = [r for r in LIBRARY.regions if r != "other"]
    sectors = ["wood", "agro_food", "new_materials", "biotech_health"]
    positions = ["subcontractor", "manufacturer", "distributor", "rnd"]
    room = []
    for index in range(count):
        needs = {k: int(rng.choice([0, 1, 2, 3, 3])) for k in KINDS}
        room.append(
            person(
                f"p{index:02d}",
                bool(rng.random() > 0.2),
                sector=str(rng.choice(sectors)),
                value_chain=str(rng.choice(positions)),
                region=str(rng.choice(regions)),
                needs=needs,
            )
        )
    return room


def test_limits_hold_in_a_large_room() -> None:
    room = _large_room()
    found = match(room, LIBRARY, limit=100)
    by_kind = Counter(m.kind for m in found)
    assert set(by_kind) == set(KINDS_OF_MATCH)
    assert all(count <= MAX_PER_KIND for count in by_kind.values())
    for kind, most in (
        ("shared_watch", 1),
        ("supply_chain", PAIRS_PER_PARTICIPANT),
        ("consortium", 1),
    ):
        seen = Counter(k for m in found if m.kind == kind for k in m.members)
        assert max(seen.values()) <= most, kind
    assert match(room, LIBRARY, limit=5) == found[:5]
    consenting = {p.key for p in room if p.consent}
    assert all(set(m.members) <= consenting for m in found)


# --- property: members consent and are distinct ------------------------------------------------

participants = st.lists(
    st.tuples(
        st.sampled_from(["k1", "k2", "k3", "k4", "k5", "k6"]), answers_dicts(), st.booleans()
    ),
    max_size=8,
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(participants)
def test_members_always_consent_and_are_distinct(people: list[tuple[str, dict, bool]]) -> None:
    inputs = [MatchInput(key, answers, consent) for key, answers, consent in people]
    consenting = {key for key, _, consent in people if consent}
    found = match(inputs, LIBRARY)
    text, content = _words("fr")
    for suggestion in found:
        assert len(suggestion.members) == len(set(suggestion.members)) >= 2
        assert set(suggestion.members) <= consenting
        assert suggestion.kind in KINDS_OF_MATCH
        assert 0.0 <= suggestion.strength <= 1.0
        assert "{" not in explain_match(suggestion, text, content, LIBRARY)
    if not _duplicates(people):
        assert match(list(reversed(inputs)), LIBRARY) == found


def _duplicates(people: list[tuple[str, dict, bool]]) -> bool:
    """Whether a key is given twice with consent (then the first entry counts, so the order of
    the input matters)."""
    counts = Counter(key for key, _, consent in people if consent)
    return any(count > 1 for count in counts.values())
