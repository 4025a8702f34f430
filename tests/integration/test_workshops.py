"""Workshops against real databases: every test runs on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import copy
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from alembic import command
from sqlalchemy import text

import storage
from storage.database import make_engine
from storage.migrate import alembic_config, current_revision, upgrade
from storage.models import Base

PROJECT = Path(__file__).resolve().parents[2]
ANSWERS: dict[str, Any] = yaml.safe_load(
    (PROJECT / "data" / "samples" / "answers_wood_lorraine.yaml").read_text(encoding="utf-8")
)
TEMPLATE = "owner_informal_watch"
RESULT: dict[str, Any] = {
    "engine_version": "1.0.0",
    "library_version": "2025.1",
    "maturity_level": 1.3,
    "top": [{"template_id": TEMPLATE, "score": 78.4}],
}
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def answers(**changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(ANSWERS), "language": "fr", **changes}


def open_workshop(store: storage.Store, **overrides: Any) -> storage.OpenedWorkshop:
    values: dict[str, Any] = {
        "title": "Wood and furniture, Nancy",
        "language": "fr",
        "regions": ["lorraine", "oslo"],
        "sectors": ["wood"],
        "now": T0,
    }
    values.update(overrides)
    return storage.create_workshop(store, **values)


def raw_rows(store: storage.Store, table: str) -> list[dict[str, Any]]:
    """The rows as the database holds them, without the models."""
    assert table in {"workshops", "participants"}
    query = text(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 (one of two fixed names)
    with store.engine.connect() as connection:
        return [dict(row) for row in connection.execute(query).mappings()]


# --- opening, finding, joining ---------------------------------------------------------------


def test_open_find_join_submit_list_and_count(store: storage.Store) -> None:
    opened = open_workshop(store, regions=["oslo", "lorraine", "oslo"], retention_days=10)
    workshop = opened.workshop
    assert (workshop.title, workshop.language) == ("Wood and furniture, Nancy", "fr")
    assert workshop.regions == ("oslo", "lorraine")  # order kept, repeat dropped
    assert workshop.sectors == ("wood",)
    assert workshop.hidden_panels == ()
    assert workshop.created_at == T0
    assert workshop.delete_after == T0 + timedelta(days=10)
    assert len(workshop.code) == 6
    assert len(opened.pin) == 6
    assert opened.pin.isdigit()

    spaced = f" {workshop.code[:3].lower()}-{workshop.code[3:]} "
    assert storage.find_workshop(store, spaced, now=T0) == workshop

    alice = storage.join_workshop(store, spaced, "alice-key-0001", now=T0)
    bob = storage.join_workshop(store, workshop.code, "bob-key-00002", now=T0)
    assert alice.workshop == workshop
    assert alice.private_token
    assert bob.private_token
    assert alice.private_token != bob.private_token
    assert storage.counts(store, workshop.id, now=T0) == (2, 0)

    later = T0 + timedelta(minutes=20)
    saved = storage.submit(
        store, workshop.id, "bob-key-00002", answers=answers(), result=RESULT, consent=False,
        now=later,
    )  # fmt: skip
    assert saved.number == 2
    assert saved.submitted_at == later
    assert saved.joined_at == T0
    assert saved.answers is not None
    assert (saved.answers["sector"], saved.answers["language"]) == ("wood", "fr")
    assert saved.answers["needs"]["patent"] == 0  # stored in the answers file's full form
    assert saved.result == RESULT
    assert storage.counts(store, workshop.id, now=T0) == (2, 1)

    listed = storage.list_submissions(store, workshop.id, now=T0)
    assert [(s.number, s.participant_key) for s in listed] == [
        (1, "alice-key-0001"),
        (2, "bob-key-00002"),
    ]
    assert (listed[0].answers, listed[0].result, listed[0].submitted_at) == (None, None, None)
    assert listed[1] == saved


def test_joining_again_is_the_same_participant_without_a_new_link(store: storage.Store) -> None:
    workshop = open_workshop(store).workshop
    first = storage.join_workshop(store, workshop.code, "alice-key-0001", now=T0)
    again = storage.join_workshop(store, workshop.code, "alice-key-0001", now=T0)
    assert first.private_token is not None
    assert again.private_token is None
    assert storage.counts(store, workshop.id, now=T0) == (1, 0)
    # The link of the first join still works.
    _workshop, mine = storage.my_submission(store, first.private_token, now=T0)
    assert mine.participant_key == "alice-key-0001"


def test_the_clock_is_the_current_utc_time_by_default(store: storage.Store) -> None:
    before = datetime.now(UTC)
    workshop = storage.create_workshop(store, title="Today", language="en").workshop
    assert before <= workshop.created_at <= datetime.now(UTC)
    assert workshop.delete_after == workshop.created_at + timedelta(days=30)
    assert storage.find_workshop(store, workshop.code) == workshop
    joined = storage.join_workshop(store, workshop.code, storage.new_participant_key())
    storage.submit(
        store, workshop.id, joined.participant_key, answers=answers(), result=RESULT, consent=False
    )
    assert storage.counts(store, workshop.id) == (1, 1)


def test_an_unknown_code_and_an_expired_one_are_refused_alike(store: storage.Store) -> None:
    workshop = open_workshop(store, retention_days=1).workshop
    unused = next(c for c in ("222222", "333333") if c != workshop.code)
    with pytest.raises(storage.UnknownWorkshopError) as never:
        storage.find_workshop(store, unused, now=T0)
    after = workshop.delete_after + timedelta(seconds=1)
    with pytest.raises(storage.UnknownWorkshopError) as expired:
        storage.find_workshop(store, workshop.code, now=after)
    assert str(never.value) == f"code: no open workshop has the code {unused}; check the code " \
        "with the facilitator (nothing was saved)"  # fmt: skip
    assert str(expired.value) == str(never.value).replace(unused, workshop.code)
    with pytest.raises(storage.UnknownWorkshopError):
        storage.join_workshop(store, workshop.code, "late-key-0001", now=after)
    with pytest.raises(storage.UnknownWorkshopError):
        storage.counts(store, workshop.id, now=after)
    with pytest.raises(storage.InvalidValueError, match="'O' never appear") as raised:
        storage.find_workshop(store, "ABCDEO", now=T0)
    assert raised.value.field == "code"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "  "}, "title: give the workshop a title"),
        ({"title": "x" * 121}, "title: at most 120 characters, not 121"),
        ({"title": "Two\nlines"}, "title: one line of text"),
        (
            {"language": "it"},
            r"language: 'it' is not a language of the app \(one of de, el, en, es, fr, nb\)",
        ),
        ({"regions": ["lorraine", "atlantis"]}, "regions: 'atlantis' is not a region"),
        ({"regions": "lorraine"}, "regions: 'lorraine' is not a list of ids"),
        ({"sectors": ["woood"]}, "sectors: 'woood' is not a sector; did you mean 'wood'"),
        ({"retention_days": 0}, "retention_days: from 1 to 365 days, not 0"),
        ({"retention_days": 366}, "retention_days: from 1 to 365 days, not 366"),
        ({"retention_days": 7.5}, "retention_days: 7.5 is not a whole number of days"),
        ({"pin": "12a4"}, "pin: a PIN is 4 to 12 digits"),
        ({"now": datetime(2026, 3, 2, 9, 0)}, "now: .* is not a moment with its time zone"),
    ],
)
def test_invalid_workshops_are_refused_naming_the_field(
    store: storage.Store, overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(storage.InvalidValueError, match=message) as raised:
        open_workshop(store, **overrides)
    assert raised.value.field == message.split(":", maxsplit=1)[0]
    assert raw_rows(store, "workshops") == []


# --- submitting ------------------------------------------------------------------------------


def test_submitting_again_replaces_the_answers_in_the_same_row(store: storage.Store) -> None:
    workshop = open_workshop(store).workshop
    storage.join_workshop(store, workshop.code, "alice-key-0001", now=T0)
    first = storage.submit(
        store, workshop.id, "alice-key-0001", answers=answers(), result=RESULT, consent=True,
        organisation="Menuiserie Dupont", now=T0,
    )  # fmt: skip
    second = storage.submit(
        store, workshop.id, "alice-key-0001", answers=answers(employees=40), result=RESULT,
        consent=False, organisation=None, now=T0 + timedelta(minutes=1),
    )  # fmt: skip
    assert (first.number, second.number) == (1, 1)
    assert first.organisation == "Menuiserie Dupont"
    [row] = raw_rows(store, "participants")
    stored = storage.list_submissions(store, workshop.id, now=T0)
    assert [s.answers["employees"] for s in stored if s.answers] == [40]
    # Consent withdrawn: the organisation's name is erased with it.
    assert (stored[0].consent, stored[0].organisation) == (False, None)
    assert row["organisation"] is None
    assert storage.counts(store, workshop.id, now=T0) == (1, 1)


def test_an_organisation_without_consent_is_refused(store: storage.Store) -> None:
    workshop = open_workshop(store).workshop
    storage.join_workshop(store, workshop.code, "alice-key-0001", now=T0)
    with pytest.raises(storage.InvalidValueError, match=r"organisation: .*only with consent"):
        storage.submit(
            store, workshop.id, "alice-key-0001", answers=answers(), result=RESULT,
            consent=False, organisation="Menuiserie Dupont", now=T0,
        )  # fmt: skip
    assert storage.counts(store, workshop.id, now=T0) == (1, 0)
    blank = storage.submit(
        store, workshop.id, "alice-key-0001", answers=answers(), result=RESULT, consent=False,
        organisation="   ", now=T0,
    )  # fmt: skip
    assert blank.organisation is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"sector": "woood"}, "answers.sector", "did you mean 'wood'"),
        ({"employees": -1}, "answers.employees", "-1 is out of range; expected a number from 0"),
        ({"colour": "red"}, "answers.colour", "unknown field; allowed: schema_version"),
    ],
)
def test_invalid_answers_are_refused_naming_the_field(
    store: storage.Store, changes: dict[str, Any], field: str, message: str
) -> None:
    workshop = open_workshop(store).workshop
    storage.join_workshop(store, workshop.code, "alice-key-0001", now=T0)
    bad = answers(**changes)
    before = copy.deepcopy(bad)
    with pytest.raises(storage.InvalidValueError, match=message) as raised:
        storage.submit(
            store, workshop.id, "alice-key-0001", answers=bad, result=RESULT, consent=False,
            now=T0,
        )  # fmt: skip
    assert raised.value.field == field
    assert bad == before  # the caller's answers are left alone
    assert storage.counts(store, workshop.id, now=T0) == (1, 0)


def test_submissions_need_a_joined_participant_and_valid_values(store: storage.Store) -> None:
    workshop = open_workshop(store).workshop
    values: dict[str, Any] = {"answers": answers(), "result": RESULT, "consent": False, "now": T0}
    with pytest.raises(storage.UnknownParticipantError, match="join it again with its code"):
        storage.submit(store, workshop.id, "never-joined-1", **values)
    with pytest.raises(storage.UnknownWorkshopError, match="no longer exists"):
        storage.submit(store, workshop.id + 1000, "never-joined-1", **values)
    with pytest.raises(storage.InvalidValueError, match="participant_key: 8 to 64"):
        storage.join_workshop(store, workshop.code, "short", now=T0)
    storage.join_workshop(store, workshop.code, "alice-key-0001", now=T0)
    with pytest.raises(storage.InvalidValueError, match="result: cannot be stored as JSON"):
        storage.submit(store, workshop.id, "alice-key-0001", **{**values, "result": {"x": {1}}})
    with pytest.raises(storage.InvalidValueError, match="consent: 'yes' is not yes"):
        storage.submit(store, workshop.id, "alice-key-0001", **{**values, "consent": "yes"})
    after = workshop.delete_after + timedelta(seconds=1)
    with pytest.raises(storage.UnknownWorkshopError):
        storage.submit(store, workshop.id, "alice-key-0001", **{**values, "now": after})
    assert storage.counts(store, workshop.id, now=T0) == (1, 0)


def test_200_participants_joining_and_submitting_at_once(store: storage.Store) -> None:
    """Each in its own thread, as Streamlit runs sessions; a quarter send twice (a retry)."""
    workshop = open_workshop(store).workshop
    participants = 200
    start = threading.Barrier(participants)

    def take_part(number: int) -> storage.SubmissionInfo:
        key = f"participant-{number:04d}"
        start.wait(timeout=60)
        storage.join_workshop(store, workshop.code, key, now=T0)
        mine = answers(employees=number)
        for _ in range(2 if number % 4 == 0 else 1):
            saved = storage.submit(
                store, workshop.id, key, answers=mine, result=RESULT, consent=False, now=T0
            )
        return saved

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=participants) as pool:
        saved = list(pool.map(take_part, range(participants)))
    elapsed = time.perf_counter() - began
    print(f"{store.dialect}: {participants} participants joined and submitted in {elapsed:.2f} s")

    assert storage.counts(store, workshop.id, now=T0) == (participants, participants)
    stored = storage.list_submissions(store, workshop.id, now=T0)
    keys = Counter(s.participant_key for s in stored)
    assert len(keys) == participants
    assert max(keys.values()) == 1  # nothing duplicated
    assert sorted(s.number for s in stored) == list(range(1, participants + 1))
    assert {s.participant_key: s.answers["employees"] for s in stored if s.answers} == {
        f"participant-{n:04d}": n for n in range(participants)
    }  # nothing lost, nobody's answers in another's row
    # The number ``submit`` returns is provisional while others are still joining: a join with a
    # lower id may commit later (PostgreSQL hands out ids before commit), never the other way.
    final = {s.participant_key: s.number for s in stored}
    assert all(s.number <= final[s.participant_key] for s in saved)


# --- the facilitator's secrets -----------------------------------------------------------------


def test_the_pin_and_the_admin_token_open_the_facilitator_controls(store: storage.Store) -> None:
    opened = open_workshop(store, pin="4321")
    code = opened.workshop.code
    assert opened.pin == "4321"
    assert storage.check_facilitator(store, code, pin="4321", now=T0) == opened.workshop
    assert storage.check_facilitator(store, code, pin=" 4321 ", now=T0) == opened.workshop
    token = opened.admin_token
    assert storage.check_facilitator(store, code, admin_token=token, now=T0) == opened.workshop
    with pytest.raises(storage.WrongSecretError, match="admin_token: wrong admin link; 4 "):
        storage.check_facilitator(store, code, admin_token=token + "A", now=T0)
    with pytest.raises(storage.InvalidValueError, match="pin: type the workshop's PIN"):
        storage.check_facilitator(store, code, now=T0)
    with pytest.raises(storage.InvalidValueError, match="pin: a PIN is 4 to 12 digits"):
        storage.check_facilitator(store, code, pin="43 21", now=T0)  # not counted: not a PIN


def test_wrong_pins_count_down_then_lock_until_a_time(store: storage.Store) -> None:
    opened = open_workshop(store, pin="482913")
    code = opened.workshop.code
    for left in (4, 3, 2, 1):
        with pytest.raises(storage.WrongSecretError) as wrong:
            storage.check_facilitator(store, code, pin="000000", now=T0)
        assert wrong.value.remaining == left
        assert f"pin: wrong PIN; {left} attempt" in str(wrong.value)
    with pytest.raises(storage.LockedError, match="locked until 09:05 UTC") as locked:
        storage.check_facilitator(store, code, pin="000000", now=T0)
    assert locked.value.until == T0 + timedelta(minutes=storage.LOCK_MINUTES)

    # Locked: even the right PIN waits, in this store and in any other (another process).
    with pytest.raises(storage.LockedError):
        storage.check_facilitator(store, code, pin="482913", now=T0 + timedelta(minutes=4))
    with storage.open_store(str(store.engine.url.render_as_string(hide_password=False))) as other:
        with pytest.raises(storage.LockedError):
            storage.check_facilitator(other, code, pin="482913", now=T0 + timedelta(minutes=4))
        # The admin token cannot be guessed: it opens even a locked workshop.
        storage.check_facilitator(other, code, admin_token=opened.admin_token, now=T0)

    # That success reset the count: five fresh attempts.
    with pytest.raises(storage.WrongSecretError) as wrong:
        storage.check_facilitator(store, code, pin="000000", now=T0)
    assert wrong.value.remaining == 4


def test_a_lock_runs_out_and_a_success_resets_the_count(store: storage.Store) -> None:
    opened = open_workshop(store, pin="482913")
    code = opened.workshop.code
    for _ in range(storage.MAX_ATTEMPTS - 1):
        with pytest.raises(storage.WrongSecretError):
            storage.check_facilitator(store, code, pin="000000", now=T0)
    with pytest.raises(storage.LockedError) as locked:
        storage.check_facilitator(store, code, pin="000000", now=T0)
    until = locked.value.until
    with pytest.raises(storage.LockedError):
        storage.check_facilitator(store, code, pin="482913", now=until - timedelta(seconds=1))
    assert storage.check_facilitator(store, code, pin="482913", now=until) == opened.workshop

    for left in (4, 3):
        with pytest.raises(storage.WrongSecretError) as wrong:
            storage.check_facilitator(store, code, pin="000000", now=until)
        assert wrong.value.remaining == left
    storage.check_facilitator(store, code, pin="482913", now=until)
    with pytest.raises(storage.WrongSecretError) as wrong:
        storage.check_facilitator(store, code, pin="000000", now=until)
    assert wrong.value.remaining == 4


def test_parallel_guesses_cannot_exceed_the_limit(store: storage.Store) -> None:
    opened = open_workshop(store, pin="482913")
    code = opened.workshop.code
    guesses = 20
    start = threading.Barrier(guesses)

    def guess(number: int) -> str:
        start.wait(timeout=60)
        try:
            storage.check_facilitator(store, code, pin=f"{number:06d}", now=T0)
        except storage.StorageError as exc:
            return type(exc).__name__
        return "opened"

    with ThreadPoolExecutor(max_workers=guesses) as pool:
        outcomes = Counter(pool.map(guess, range(guesses)))
    assert outcomes == {"WrongSecretError": 4, "LockedError": 16}


def test_no_secret_is_stored_in_clear(store: storage.Store, tmp_path: Path) -> None:
    opened = open_workshop(store, pin="482913")
    joined = storage.join_workshop(store, opened.workshop.code, "alice-key-0001", now=T0)
    assert joined.private_token is not None
    secrets = [opened.pin, opened.admin_token, joined.private_token]
    rows = raw_rows(store, "workshops") + raw_rows(store, "participants")
    dumped = repr(rows)
    for secret in secrets:
        assert secret not in dumped
    [workshop_row] = raw_rows(store, "workshops")
    assert workshop_row["pin_hash"].startswith("scrypt$n=16384,r=8,p=1$")
    assert len(workshop_row["admin_token_hash"]) == 64
    if store.dialect == "sqlite":  # the bytes of the file and its write-ahead log too
        database = Path(store.engine.url.database or "")
        stored = b"".join(path.read_bytes() for path in database.parent.glob(database.name + "*"))
        for secret in secrets:
            assert secret.encode() not in stored


# --- hiding panels, deleting, retention --------------------------------------------------------


def test_hidden_panels_are_kept_in_the_dashboard_order(store: storage.Store) -> None:
    workshop = open_workshop(store).workshop
    hidden = storage.set_hidden_panels(store, workshop.id, ["needs", "profile", "needs"], now=T0)
    assert hidden.hidden_panels == ("profile", "needs")
    assert hidden.version == workshop.version + 1
    assert storage.find_workshop(store, workshop.code, now=T0).hidden_panels == hidden.hidden_panels
    with pytest.raises(storage.InvalidValueError, match="hidden: 'heatmap' is not a panel"):
        storage.set_hidden_panels(store, workshop.id, ["heatmap"], now=T0)
    shown = storage.set_hidden_panels(store, workshop.id, [], now=T0)
    assert (shown.hidden_panels, shown.version) == ((), workshop.version + 2)


def test_a_participant_deletes_their_submission_from_their_private_link(
    store: storage.Store,
) -> None:
    workshop = open_workshop(store).workshop
    alice = storage.join_workshop(store, workshop.code, "alice-key-0001", now=T0)
    storage.join_workshop(store, workshop.code, "bob-key-00002", now=T0)
    assert alice.private_token is not None
    storage.submit(
        store, workshop.id, "alice-key-0001", answers=answers(), result=RESULT, consent=True,
        organisation="Menuiserie Dupont", now=T0,
    )  # fmt: skip
    found, mine = storage.my_submission(store, alice.private_token, now=T0)
    assert (found, mine.organisation, mine.number) == (workshop, "Menuiserie Dupont", 1)

    storage.delete_my_submission(store, alice.private_token)
    assert storage.counts(store, workshop.id, now=T0) == (1, 0)
    assert [row["participant_key"] for row in raw_rows(store, "participants")] == ["bob-key-00002"]
    assert "Menuiserie" not in repr(raw_rows(store, "participants"))
    with pytest.raises(storage.UnknownParticipantError, match="private_token: no submission"):
        storage.my_submission(store, alice.private_token, now=T0)
    with pytest.raises(storage.UnknownParticipantError):
        storage.delete_my_submission(store, alice.private_token)
    with pytest.raises(storage.UnknownParticipantError):
        storage.submit(
            store, workshop.id, "alice-key-0001", answers=answers(), result=RESULT,
            consent=False, now=T0,
        )  # fmt: skip
    # Bob moves up: numbers are the joining order of those still there.
    assert [s.number for s in storage.list_submissions(store, workshop.id, now=T0)] == [1]


def test_deleting_a_workshop_deletes_everything_in_it(store: storage.Store) -> None:
    doomed = open_workshop(store).workshop
    kept = open_workshop(store, title="Kept").workshop
    for workshop in (doomed, kept):
        for key in ("alice-key-0001", "bob-key-00002"):
            storage.join_workshop(store, workshop.code, key, now=T0)
            storage.submit(
                store, workshop.id, key, answers=answers(), result=RESULT, consent=False, now=T0
            )
    storage.delete_workshop(store, doomed.id)
    assert [row["id"] for row in raw_rows(store, "workshops")] == [kept.id]
    assert {row["workshop_id"] for row in raw_rows(store, "participants")} == {kept.id}
    assert storage.counts(store, kept.id, now=T0) == (2, 2)
    with pytest.raises(storage.UnknownWorkshopError):
        storage.find_workshop(store, doomed.code, now=T0)
    with pytest.raises(storage.UnknownWorkshopError, match="no longer exists"):
        storage.delete_workshop(store, doomed.id)


def test_purge_erases_only_the_workshops_past_their_retention(store: storage.Store) -> None:
    short = open_workshop(store, retention_days=1).workshop
    long = open_workshop(store, retention_days=30).workshop
    for workshop in (short, long):
        storage.join_workshop(store, workshop.code, "alice-key-0001", now=T0)
    assert storage.purge_expired(store, now=T0 + timedelta(hours=23)) == 0
    assert storage.purge_expired(store, now=T0 + timedelta(days=2)) == 1
    assert [row["id"] for row in raw_rows(store, "workshops")] == [long.id]
    assert {row["workshop_id"] for row in raw_rows(store, "participants")} == {long.id}
    assert storage.purge_expired(store, now=T0 + timedelta(days=2)) == 0
    assert storage.purge_expired(store, now=T0 + timedelta(days=31)) == 1
    assert raw_rows(store, "participants") == []


# --- migrations ------------------------------------------------------------------------------


def test_migrating_a_database_with_pilots_keeps_them(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        upgrade(engine, "0001")
        assert current_revision(engine) == "0001"
        with storage.Store(engine) as at_0001:
            pilot = storage.create_pilot(
                at_0001, template_id=TEMPLATE, started_on="2025-03-01", region_id="lorraine"
            )
    finally:
        engine.dispose()

    with storage.open_store(empty_db_url) as store:
        assert current_revision(store.engine) == "0002"
        assert [p.id for p in storage.list_pilots(store)] == [pilot.id]
        workshop = open_workshop(store).workshop
        assert storage.find_workshop(store, workshop.code, now=T0) == workshop

        # And back: the workshops go, the pilots stay.
        config = alembic_config(store.engine)
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
        tables = set(Base.metadata.tables) - {"workshops", "participants"}
        with store.engine.connect() as connection:
            names = set(connection.dialect.get_table_names(connection))
        assert tables <= names
        assert not {"workshops", "participants"} & names
        assert [p.id for p in storage.list_pilots(store)] == [pilot.id]
