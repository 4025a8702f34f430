"""The workshop pages through the real entrypoint (AppTest), each test on a SQLite file of its
own (tests/app/conftest.py). Each AppTest is one browser session: the facilitator and every
participant have their own.

A facilitator opens a workshop and sees its code, PIN, links and QR code; participants join
with the code (idempotently, in the workshop's language), send their answers from the
recommendation page and get a private link that shows and deletes what they sent; a wrong PIN
is refused with the attempts left and locks the controls after five; unknown codes are refused
and, after five in a row, joining pauses; the projector is for the facilitator only, counts the
room, and leaves out a hidden panel; every page renders in English and French from the
catalogues.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

import storage
from templates_library import load_library
from templates_library.locales import catalogues
from wizard.explain import escape_markdown
from wizard.workshop_context import PARTICIPANT, PAUSED_UNTIL, Participation

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TEXT = catalogues()
LIB = load_library()
SAMPLE = yaml.safe_load((ROOT / "data" / "samples" / "answers_wood_lorraine.yaml").read_text())
BASE = "http://127.0.0.1:8501"
KEY_LIKE = re.compile(r"^(workshop|join|projector|matchmaking)\.[a-z_.]+$")


def en(key: str, **values: Any) -> str:
    return TEXT.text("en", key, **values)


def start_of(key: str) -> str:
    """The English text of ``key`` up to its first placeholder (what does not vary)."""
    return TEXT.strings["en"][key].split("{")[0]


@pytest.fixture
def db() -> Iterator[storage.Store]:
    """Another connection to the app's database, for what the checks read or "others" do."""
    with storage.open_store(os.environ["DATABASE_URL"]) as store:
        yield store


# ---------------------------------------------------------------------------- sessions


def ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    return at


def session(
    page: str,
    *,
    lang: str | None = "en",
    url: str | None = None,
    query: dict[str, str] | None = None,
    answers: dict[str, Any] | None = None,
) -> AppTest:
    """A new browser session on ``page`` (a file under wizard/)."""
    at = AppTest.from_file(APP, default_timeout=60)
    if lang is not None:
        at.session_state["lang"] = lang
    if url is not None:
        at.context["url"] = url
    for name, value in (query or {}).items():
        at.query_params[name] = value
    if answers is not None:
        at.session_state["answers"] = {
            **answers,
            "maturity": dict(answers.get("maturity", {})),
            "needs": dict(answers.get("needs", {})),
        }
    ok(at.run())
    return ok(at.switch_page(f"wizard/{page}.py").run())


def button(at: AppTest, label: str) -> Any:
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r} in {[b.label for b in at.button]}"
    return found[0]


def texts(at: AppTest) -> str:
    """Every text the page shows (markdown, alerts, headings, captions, code), as one string."""
    parts = [
        *(m.value for m in at.markdown),
        *(e.value for e in [*at.success, *at.info, *at.warning, *at.error]),
        *(h.value for h in [*at.title, *at.header, *at.subheader]),
        *(c.value for c in at.caption),
        *(c.value for c in at.code),
        *(h.proto.body for h in at.get("html")),
    ]
    return "\n".join(str(p) for p in parts)


def open_workshop(
    at: AppTest,
    title: str = "Wood industry day",
    *,
    language: str | None = None,
    regions: tuple[str, ...] = ("lorraine",),
    pin: str = "",
    lang: str = "en",
) -> tuple[str, str, str]:
    """Fill in and send the form that opens a workshop; its code, PIN and admin token."""
    at.text_input(key="workshop.open.title").input(title)
    if language is not None:
        at.selectbox(key="workshop.open.language").set_value(language)
    for region in regions:
        at.multiselect(key="workshop.open.regions").select(region)
    if pin:
        at.text_input(key="workshop.open.pin").input(pin)
    ok(button(at, TEXT.text(lang, "workshop.open.submit")).click().run())
    admin = at.session_state["workshop.admin"]
    opened = at.session_state["workshop._opened"]
    return admin.code, opened["pin"], opened["token"]


def facilitator(**kwargs: Any) -> tuple[AppTest, str, str, str]:
    at = session("workshop", url=f"{BASE}/workshop")
    return (at, *open_workshop(at, **kwargs))


def join(
    code: str, *, lang: str | None = "en", consent: bool = False, organisation: str = ""
) -> AppTest:
    at = session("join", lang=lang, query={"code": code})
    if consent:
        ok(at.checkbox(key="join.consent").check().run())
        if organisation:
            ok(at.text_input(key="join.organisation").input(organisation).run())
    return ok(at.button(key="join.submit").click().run())


def send(at: AppTest, answers: dict[str, Any] = SAMPLE) -> AppTest:
    """Give the session the answers, open the recommendation page and send them."""
    at.session_state["answers"] = {
        **answers,
        "maturity": dict(answers["maturity"]),
        "needs": dict(answers["needs"]),
    }
    ok(at.switch_page("wizard/recommendation.py").run())
    return ok(at.button(key="join.send.button").click().run())


def participation(at: AppTest) -> Participation:
    found = at.session_state[PARTICIPANT]
    assert isinstance(found, Participation)
    return found


def workshop_id(db: storage.Store, code: str) -> int:
    return storage.find_workshop(db, code).id


# ---------------------------------------------------------------------------- facilitator


def test_a_facilitator_opens_a_workshop_and_sees_its_code_pin_links_and_qr_code(
    db: storage.Store,
) -> None:
    at, code, pin, token = facilitator(pin="4321")
    assert pin == "4321"
    shown = texts(at)
    assert f"{code[:3]} {code[3:]}" in shown  # the code, in large type
    codes = [c.value for c in at.code]
    assert "4321" in codes
    assert f"{BASE}/join?code={code}" in codes
    assert f"{BASE}/workshop?code={code}&key={token}" in codes
    assert f"{BASE}/projector?code={code}&key={token}" in codes
    assert en("workshop.secrets.warning") in shown
    images = at.get("image")
    assert len(images) == 1
    assert en("workshop.qr_caption") in str(images[0].proto)
    assert [(m.label, m.value) for m in at.metric] == [
        (en("workshop.joined"), "0"),
        (en("workshop.submitted"), "0"),
    ]
    # What was saved: the workshop, opened by its PIN (stored only as a hash).
    info = storage.check_facilitator(db, code, pin="4321")
    assert (info.title, info.regions, info.retention_days) == (
        "Wood industry day",
        ("lorraine",),
        30,
    )
    # "I have kept them": the secrets are gone from the page, the join details stay.
    ok(at.button(key="workshop.kept").click().run())
    assert "4321" not in [c.value for c in at.code]
    assert f"{BASE}/join?code={code}" in [c.value for c in at.code]


def test_a_refused_workshop_says_why_and_keeps_what_was_typed() -> None:
    at = session("workshop")
    at.multiselect(key="workshop.open.regions").select("lorraine")
    at.text_input(key="workshop.open.pin").input("12")  # too short
    at.text_input(key="workshop.open.title").input("Wood day")
    ok(button(at, en("workshop.open.submit")).click().run())
    assert "workshop.admin" not in at.session_state
    [error] = at.error
    assert en("workshop.errors.invalid", field=en("workshop.fields.pin")) in error.value
    assert at.text_input(key="workshop.open.title").value == "Wood day"
    assert at.multiselect(key="workshop.open.regions").value == ["lorraine"]


def test_a_wrong_pin_is_refused_with_the_attempts_left_then_the_controls_lock(
    db: storage.Store,
) -> None:
    _, code, pin, token = facilitator(pin="2468")
    other = session("workshop")
    other.text_input(key="workshop.manage.code").input(code.lower())
    for remaining in (4, 3, 2, 1):
        other.text_input(key="workshop.manage.pin").input("1111")
        ok(button(other, en("workshop.manage.submit")).click().run())
        [error] = other.error
        assert error.value == TEXT.plural(
            "en",
            "workshop.errors.wrong_pin",
            remaining,
            remaining=remaining,
            minutes=storage.LOCK_MINUTES,
        )
        assert ("attempt and" in error.value) == (remaining == 1)  # singular only for one
        assert other.text_input(key="workshop.manage.code").value == code.lower()  # kept
    ok(button(other, en("workshop.manage.submit")).click().run())
    assert other.error[0].value.startswith(start_of("workshop.errors.locked"))
    # Locked: even the right PIN is refused now.
    other.text_input(key="workshop.manage.pin").input(pin)
    ok(button(other, en("workshop.manage.submit")).click().run())
    assert "workshop.admin" not in other.session_state
    assert other.error[0].value.startswith(start_of("workshop.errors.locked"))
    # The admin link still opens the controls, and its key leaves the address bar.
    linked = session("workshop", query={"code": code, "key": token})
    assert linked.session_state["workshop.admin"].code == code
    assert "key" not in linked.query_params
    assert linked.subheader[0].value == "Wood industry day"


def test_the_right_pin_opens_the_controls_of_that_workshop_only(db: storage.Store) -> None:
    _, code, pin, _ = facilitator(pin="97531")
    _, other_code, _, _ = facilitator(title="Another day", pin="13579")
    at = session("workshop")
    at.text_input(key="workshop.manage.code").input(f"{code[:3]}-{code[3:]}")
    at.text_input(key="workshop.manage.pin").input(pin)
    ok(button(at, en("workshop.manage.submit")).click().run())
    assert at.session_state["workshop.admin"].code == code
    assert at.success[0].value == en("workshop.manage.done", title="Wood industry day")
    assert other_code not in texts(at)
    # No secret is shown to a session that signed in with the PIN.
    assert pin not in [c.value for c in at.code]


def test_a_bad_admin_link_is_refused() -> None:
    _, code, _, _ = facilitator()
    at = session("workshop", query={"code": code, "key": "not-the-token"})
    assert "workshop.admin" not in at.session_state
    assert at.error[0].value == en(
        "workshop.errors.wrong_link", remaining=4, minutes=storage.LOCK_MINUTES
    )


def test_the_facilitator_deletes_the_workshop_after_a_confirmation(db: storage.Store) -> None:
    at, code, _, _ = facilitator()
    ok(at.button(key="workshop.delete").click().run())
    assert at.warning[-1].value == en("workshop.delete.confirm", title="Wood industry day")
    ok(at.button(key="workshop.delete.no").click().run())
    assert storage.find_workshop(db, code).code == code  # kept
    ok(at.button(key="workshop.delete").click().run())
    ok(at.button(key="workshop.delete.yes").click().run())
    assert at.success[0].value == en("workshop.delete.done", title="Wood industry day")
    assert "workshop.admin" not in at.session_state
    with pytest.raises(storage.UnknownWorkshopError):
        storage.find_workshop(db, code)


def test_the_retention_date_is_shown_and_expired_workshops_are_purged(db: storage.Store) -> None:
    at, code, _, _ = facilitator()
    info = storage.find_workshop(db, code)
    assert en(
        "workshop.retention.text", days=30, date=info.delete_after.date().isoformat()
    ) in texts(at)
    expired = storage.create_workshop(
        db,
        title="Old one",
        language="en",
        retention_days=1,
        now=info.created_at.replace(year=info.created_at.year - 1),
    )
    session("workshop")  # any run of the page purges
    with pytest.raises(storage.UnknownWorkshopError):
        storage.find_workshop(db, expired.workshop.code, now=expired.workshop.created_at)


# ---------------------------------------------------------------------------- participants


def test_a_participant_joins_with_the_code_and_sends_from_the_recommendation_page(
    db: storage.Store,
) -> None:
    admin, code, _, _ = facilitator()
    at = join(f" {code[:3].lower()} {code[3:]} ", consent=True, organisation="Scierie Dupont")
    assert at.success[0].value == en("join.joined", title="Wood industry day")
    assert en("join.in_workshop", title="Wood industry day", code=code) in texts(at)
    assert en("join.sidebar_note", title="Wood industry day", code=code) in [
        i.value for i in at.sidebar.info
    ]
    joined = participation(at)
    assert (joined.code, joined.consent, joined.organisation) == (code, True, "Scierie Dupont")
    assert joined.private_token

    ok(at.button(key="join.start").click().run())
    assert at.title[0].value == en("profile.title")

    at = send(at)
    assert en("join.send.done") in [s.value for s in at.success]
    token = participation(at).private_token
    assert any(c.value.endswith(f"join?result={token}") for c in at.code)
    [mine] = storage.list_submissions(db, workshop_id(db, code))
    assert mine.submitted_at is not None
    assert (mine.consent, mine.organisation) == (True, "Scierie Dupont")
    assert mine.answers["sector"] == "wood"
    assert mine.result["top"][0]["template_id"]
    # Sending again replaces the answers: still one submission.
    assert at.button(key="join.send.button").label == en("join.send.again")
    ok(at.button(key="join.send.button").click().run())
    assert storage.counts(db, workshop_id(db, code)) == (1, 1)
    # The facilitator's counts follow.
    ok(admin.run())
    assert [m.value for m in admin.metric] == ["1", "1"]


def test_joining_again_in_the_same_session_changes_nothing(db: storage.Store) -> None:
    _, code, _, _ = facilitator()
    at = join(code)
    token = participation(at).private_token
    ok(at.button(key="join.leave").click().run())
    assert PARTICIPANT not in at.session_state
    at.text_input(key="join.code").input(code)
    ok(at.button(key="join.submit").click().run())
    assert participation(at).private_token == token  # the first link stands
    assert storage.counts(db, workshop_id(db, code)) == (1, 0)


def test_the_organisation_is_asked_only_with_consent_and_not_sent_without_it(
    db: storage.Store,
) -> None:
    _, code, _, _ = facilitator()
    at = session("join", query={"code": code})
    assert at.text_input(key="join.organisation").disabled
    ok(at.checkbox(key="join.consent").check().run())
    assert not at.text_input(key="join.organisation").disabled
    ok(at.text_input(key="join.organisation").input("ACME").run())
    ok(at.checkbox(key="join.consent").uncheck().run())
    ok(at.button(key="join.submit").click().run())
    assert participation(at).organisation == ""
    at = send(at)
    assert at.text_input(key="join.send.organisation").disabled
    [mine] = storage.list_submissions(db, workshop_id(db, code))
    assert (mine.consent, mine.organisation) == (False, None)


def test_the_workshop_language_becomes_the_session_language_unless_chosen() -> None:
    _, code, _, _ = facilitator(language="fr")
    at = join(code, lang=None)  # a browser in English, no choice made
    assert at.title[0].value == TEXT.text("fr", "join.title")
    assert at.selectbox(key="language_switch").value == "fr"
    chosen = session("join", query={"code": code}, answers={"language": "en"})
    ok(chosen.button(key="join.submit").click().run())
    assert chosen.title[0].value == en("join.title")


def test_an_unknown_code_is_refused_and_joining_pauses_after_five(db: storage.Store) -> None:
    _, code, _, _ = facilitator()
    at = session("join")
    for attempt in range(1, 6):
        at.text_input(key="join.code").input("ZZZ222")
        ok(at.button(key="join.submit").click().run())
        [error] = at.error
        assert en("workshop.errors.unknown_code", code="ZZZ222") in error.value
        if attempt < 5:
            assert en("join.tries_left", count=5 - attempt) in error.value
    assert en("join.paused", seconds=30) in at.error[0].value
    # While paused, even the right code waits (storage is not asked).
    at.text_input(key="join.code").input(code)
    ok(at.button(key="join.submit").click().run())
    assert at.error[0].value.startswith(start_of("join.still_paused"))
    assert PARTICIPANT not in at.session_state
    # A malformed code counts as wrong too, with its reason.
    at.session_state[PAUSED_UNTIL] = 0.0  # the pause is over
    at.text_input(key="join.code").input("O0O0O0")
    ok(at.button(key="join.submit").click().run())
    assert en("workshop.errors.invalid", field=en("workshop.fields.code")) in at.error[0].value
    assert en("join.tries_left", count=4) in at.error[0].value
    at.text_input(key="join.code").input(code)
    ok(at.button(key="join.submit").click().run())
    assert participation(at).code == code
    assert storage.counts(db, workshop_id(db, code)) == (1, 0)


def test_the_private_link_shows_the_submission_and_deletes_it(db: storage.Store) -> None:
    _, code, _, _ = facilitator()
    at = send(join(code))
    token = participation(at).private_token
    assert token
    mine = session("join", query={"result": token})
    shown = texts(mine)
    assert en("join.private.heading", title="Wood industry day") in shown
    assert en("join.private.consent_no") in shown
    summary = storage.my_submission(db, token)[1].result
    first = summary["top"][0]["template_id"]
    assert escape_markdown(LIB.templates[first].name) in shown
    ok(mine.button(key="join.delete").click().run())
    assert mine.warning[0].value == en("join.private.confirm")
    ok(mine.button(key="join.delete.yes").click().run())
    assert mine.success[0].value == en("join.private.deleted")
    assert storage.counts(db, workshop_id(db, code)) == (0, 0)
    again = session("join", query={"result": token})
    assert again.error[0].value == en("join.private.unknown")


def test_an_unknown_private_link_says_so() -> None:
    at = session("join", query={"result": "no-such-token"})
    assert at.error[0].value == en("join.private.unknown")
    assert not at.button


# ---------------------------------------------------------------------------- projector


def seed_room(db: storage.Store, code: str, count: int, region: str = "lorraine") -> None:
    """``count`` more participants of ``region`` send the sample answers, through the service
    functions the pages call (as other browsers would)."""
    for index in range(count):
        key = storage.new_participant_key()
        joined = storage.join_workshop(db, code, key)
        answers = {**SAMPLE, "region": region, "employees": 20 + index}
        storage.submit(
            db,
            joined.workshop.id,
            key,
            answers=answers,
            result={"engine_version": "x", "library_version": "y", "top": []},
            consent=True,
            organisation=f"Firm {index}" if region == "lorraine" else f"{region} {index}",
        )


def test_the_projector_is_for_the_facilitator_only() -> None:
    _, code, _, _ = facilitator()
    at = session("projector")
    assert at.info[0].value == en("projector.signed_out")
    assert en("projector.to_workshop") in [link.proto.label for link in at.get("page_link")]
    assert code not in texts(at)


def test_the_projector_shows_the_room_and_leaves_out_hidden_panels(db: storage.Store) -> None:
    admin, code, _, _ = facilitator()
    participant = send(join(code))
    assert participation(participant).submitted
    seed_room(db, code, 2)
    seed_room(db, code, 1, region="murcia")
    ok(admin.switch_page("wizard/projector.py").run())
    assert [m.value for m in admin.metric] == ["4", "4"]
    headings = [s.value for s in admin.subheader]
    for panel in storage.PANELS:
        assert en(f"projector.panels.{panel}") in headings
    assert admin.header[0].value == "Wood industry day"
    assert f"{code[:3]} {code[3:]}" in texts(admin)
    # The maturity heatmap: three answers in Lorraine give a number in each of its cells; one
    # in Murcia is too few to show (privacy): its cells say so and hold no number.
    figures = [json.loads(c.proto.spec) for c in admin.get("plotly_chart")]
    [heatmap] = [f for f in figures if f["data"][-1]["type"] == "heatmap"]
    hidden, shown = heatmap["data"]
    lorraine = [row[0] for row in shown["text"]]
    assert len(lorraine) == 6  # six dimensions
    assert all(re.fullmatch(r"\d(\.\d)?", cell) for cell in lorraine), lorraine
    assert [row[1] for row in shown["text"]] == [""] * 6
    assert [row[1] for row in hidden["text"]] == [en("projector.fewer", count=3)] * 6
    # Pooling and matchmaking: the three share strong needs; only the two who consented
    # (participants 2 and 3, "Firm 0" and "Firm 1") are suggested, never participant 1.
    shown = texts(admin)
    assert en("projector.pooling_none") not in shown
    assert en("projector.matches_none") not in shown
    assert en("projector.member_named", organisation="Firm 0", number=2) in shown
    assert en("projector.member_named", organisation="Firm 1", number=3) in shown
    assert en("projector.member", number=1) not in shown

    # Hidden from the facilitator's page: gone from the projector, listed to show again.
    ok(admin.switch_page("wizard/workshop.py").run())
    ok(admin.toggle(key="workshop.panel.maturity").set_value(False).run())
    assert storage.find_workshop(db, code).hidden_panels == ("maturity",)
    ok(admin.switch_page("wizard/projector.py").run())
    headings = [s.value for s in admin.subheader]
    assert en("projector.panels.maturity") not in headings
    assert en("projector.panels.needs") in headings
    show = admin.button(key="projector.show.maturity")
    assert show.label == en("projector.show", panel=en("projector.panels.maturity"))
    # Hidden from the projector itself, then shown again.
    ok(admin.button(key="projector.hide.needs").click().run())
    assert storage.find_workshop(db, code).hidden_panels == ("maturity", "needs")
    assert en("projector.panels.needs") not in [s.value for s in admin.subheader]
    ok(admin.button(key="projector.show.maturity").click().run())
    assert storage.find_workshop(db, code).hidden_panels == ("needs",)
    assert en("projector.panels.maturity") in [s.value for s in admin.subheader]


def test_exports_are_offered_once_answers_arrive(db: storage.Store) -> None:
    admin, code, _, _ = facilitator()
    assert en("workshop.export.nothing") in texts(admin)
    seed_room(db, code, 1)
    ok(admin.run())
    labels = [d.proto.label for d in admin.get("download_button")]
    assert labels == [
        en("workshop.export.csv"),
        en("workshop.export.xlsx"),
        en("workshop.export.pdf"),
    ]
    assert en("workshop.export.anonymised") in texts(admin)
    ok(admin.checkbox(key="workshop.export.names").check().run())
    assert en("workshop.export.with_names") in texts(admin)


# ---------------------------------------------------------------------------- languages


@pytest.mark.parametrize("lang", TEXT.languages)
def test_every_workshop_page_renders_from_the_catalogues(lang: str, db: storage.Store) -> None:
    def check(at: AppTest, page: str) -> None:
        ok(at)
        assert at.title[0].value == TEXT.text(lang, f"{page}.title")
        bare = [line for line in texts(at).splitlines() if KEY_LIKE.match(line.strip())]
        assert bare == [], f"strings missing from the catalogues: {bare}"

    signed_out = session("workshop", lang=lang)
    check(signed_out, "workshop")
    assert TEXT.text(lang, "workshop.open.heading") in texts(signed_out)
    at = session("workshop", lang=lang, url=f"{BASE}/workshop")
    code, _, _ = open_workshop(at, language=lang, lang=lang)
    check(at, "workshop")
    assert TEXT.text(lang, "workshop.secrets.warning") in texts(at)
    seed_room(db, code, 3)
    ok(at.switch_page("wizard/projector.py").run())
    check(at, "projector")
    assert TEXT.text(lang, "projector.panels.matchmaking") in [s.value for s in at.subheader]
    check(session("projector", lang=lang), "projector")
    joined = join(code, lang=lang)
    check(joined, "join")
    assert TEXT.text(lang, "join.start") in [b.label for b in joined.button]
    check(session("join", lang=lang), "join")
    check(session("join", lang=lang, query={"result": "unknown"}), "join")
