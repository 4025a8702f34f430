"""AppTest: the sidebar's "Save answers" and "Load answers", through the real entrypoint.

AppTest can set a file uploader (``FileUploader.set_value``), so these tests upload through the
real widget and its ``on_change`` handler (``wizard.answers_io.load_into_session``).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest, app_test

from reports.export import answers_json, answers_yaml, parse_uploaded_answers
from scoring.answers import load_answers

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "data" / "samples" / "answers_wood_lorraine.yaml"
UPLOADER = "files.upload"


def sample() -> dict[str, Any]:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


def _app(answers: dict[str, Any] | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if answers is not None:
        at.session_state["answers"] = answers
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key=UPLOADER).set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, at.exception
    return at


def save_labels(at: AppTest) -> list[str]:
    return [button.label for button in at.sidebar.get("download_button")]


def test_save_is_offered_only_once_the_answers_are_complete() -> None:
    at = _app()
    assert save_labels(at) == []
    captions = [c.value for c in at.sidebar.caption]
    assert "To save your answers, first complete: Your organisation, Resources." in captions

    at = _app(sample())
    assert save_labels(at) == ["Save answers (YAML)", "Save answers (JSON)"]
    assert not any("To save your answers" in c.value for c in at.sidebar.caption)
    assert all(b.proto.ignore_rerun for b in at.sidebar.get("download_button"))


class RecordingStorage(MemoryMediaFileStorage):
    """AppTest's in-memory media storage, remembered so a test can read a download's bytes
    (the download button has no data API; this is the seam the Streamlit notes describe)."""

    made: ClassVar[list[RecordingStorage]] = []

    def __init__(self, media_endpoint: str) -> None:
        super().__init__(media_endpoint)
        RecordingStorage.made.append(self)


def test_the_saved_files_hold_the_session_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", RecordingStorage)
    RecordingStorage.made.clear()
    at = _app(sample())
    store = RecordingStorage.made[-1]
    yaml_button, json_button = at.sidebar.get("download_button")
    saved_yaml = store.get_file(yaml_button.proto.url.rsplit("/", 1)[1])
    saved_json = store.get_file(json_button.proto.url.rsplit("/", 1)[1])
    assert saved_yaml.filename.startswith("answers-")
    assert saved_yaml.filename.endswith(".yaml")
    assert saved_json.filename.endswith(".json")
    expected = load_answers(SAMPLE).model_copy(update={"language": "en"})
    assert parse_uploaded_answers("a.yaml", saved_yaml.content) == expected
    assert parse_uploaded_answers("a.json", saved_json.content) == expected


def test_loading_a_valid_file_replaces_the_answers_and_reseeds_the_widgets() -> None:
    at = _app(sample(), page="wizard/profile.py")
    assert at.selectbox(key="w.sector").value == "wood"
    loaded = load_answers(SAMPLE).model_copy(update={"sector": "ict", "employees": 80})
    upload(at, "my answers.yaml", answers_yaml(loaded))

    assert at.session_state["answers"]["sector"] == "ict"
    assert at.session_state["answers"]["employees"] == 80
    assert at.selectbox(key="w.sector").value == "ict"
    assert at.number_input(key="w.employees").value == 80
    assert [s.value for s in at.sidebar.success] == ["Answers loaded from my answers\\.yaml."]
    assert not at.sidebar.error


def test_a_loaded_file_is_not_loaded_again_on_later_runs() -> None:
    at = _app(sample(), page="wizard/profile.py")
    upload(at, "answers.json", answers_json(load_answers(SAMPLE)))
    at.selectbox(key="w.sector").set_value("biotech_health").run()
    at.run()
    assert at.session_state["answers"]["sector"] == "biotech_health"
    assert at.selectbox(key="w.sector").value == "biotech_health"


def test_a_bad_file_keeps_the_answers_and_lists_every_problem() -> None:
    before = sample()
    at = _app(copy.deepcopy(before), page="wizard/profile.py")
    bad = copy.deepcopy(before)
    bad["sector"] = "wod"
    bad["maturity"]["culture"] = 9
    bad["employees"] = 80
    upload(at, "bad.json", json.dumps(bad).encode())

    assert at.session_state["answers"] == before
    assert at.selectbox(key="w.sector").value == "wood"
    assert at.number_input(key="w.employees").value == 35
    (error,) = at.sidebar.error
    assert error.value.startswith("bad\\.json could not be loaded, so your current answers")
    assert "sector\\: 'wod' is not a sector id" in error.value
    assert "did you mean 'wood'" in error.value
    assert "maturity\\.culture\\: 9 is not allowed" in error.value
    assert not at.sidebar.success
    assert save_labels(at) == ["Save answers (YAML)", "Save answers (JSON)"]


def test_binary_garbage_is_refused_with_a_clear_message() -> None:
    before = sample()
    at = _app(copy.deepcopy(before))
    upload(at, "answers.yaml", bytes(range(128, 256)))
    assert at.session_state["answers"] == before
    (error,) = at.sidebar.error
    assert "The file is not UTF\\-8 text\\." in error.value


def test_the_message_goes_when_the_file_is_removed() -> None:
    at = _app(sample())
    upload(at, "answers.yaml", answers_yaml(load_answers(SAMPLE)))
    assert at.sidebar.success
    at.file_uploader(key=UPLOADER).set_value(None).run()
    assert not at.sidebar.success
    assert at.session_state["answers"]["sector"] == "wood"  # removing the file keeps the answers


def test_the_file_language_becomes_the_session_language() -> None:
    at = _app()
    assert at.session_state["lang"] == "en"
    french = load_answers(SAMPLE).model_copy(update={"language": "fr"})
    upload(at, "answers.yaml", answers_yaml(french))
    assert at.session_state["lang"] == "fr"
    assert at.selectbox(key="language_switch").value == "fr"
    at.run()
    assert at.session_state["lang"] == "fr"
