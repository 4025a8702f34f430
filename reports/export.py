"""Exports of one assessment: the recommendation as CSV, the answers file as YAML or JSON, and
the answers file read back from an upload.

Everything here is bytes in, bytes out, so the wizard, the command line and the tests share one
path. A CSV cell a spreadsheet would run as a formula is neutralised (``scoring.tables``);
an upload is never evaluated: it is decoded, parsed with a safe YAML/JSON reader and validated by
the answers model (``scoring.answers.parse_answers``), whose messages say which field and why.
Never imports Streamlit.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import PurePath
from typing import Any

import yaml

from scoring import tables
from scoring.answers import AnswerProblem, Answers, AnswersError, parse_answers
from scoring.batch import describe_row
from scoring.tables import COLUMNS
from templates_library import Library
from templates_library.locales import DEFAULT_LANGUAGE, catalogues

#: The largest answers file accepted; a real one is about 1 kB.
MAX_UPLOAD_BYTES = 200_000
#: File name endings accepted for an answers file.
ANSWERS_SUFFIXES = (".yaml", ".yml", ".json")
#: The CSV's columns before the answers (``answer_<field>``, flattened with ``_``).
RECOMMENDATION_COLUMNS = [*COLUMNS, "generated_at", "language"]


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC to the second, ``2026-11-26T09:30:00Z``; a naive time is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def recommendation_rows(
    result: Mapping[str, Any], generated_at: datetime, *, language: str = DEFAULT_LANGUAGE
) -> list[dict[str, Any]]:
    """The rows of ``scoring.tables`` with names in ``language`` (when the content catalogue
    translates them), the generation time and the language on every row."""
    names = catalogues()

    def name_of(entry: Mapping[str, Any]) -> str:
        default = str(entry.get("name") or entry["template_id"])
        return names.content(language, f"templates.{entry['template_id']}.name", default)

    stamp = {"generated_at": iso_utc(generated_at), "language": language}
    return [{**row, **stamp} for row in tables.recommendation_rows(result, name_of)]


def recommendation_csv(
    result: Mapping[str, Any],
    answers: Answers,
    generated_at: datetime,
    language: str = DEFAULT_LANGUAGE,
) -> bytes:
    """The recommendation as a CSV file (UTF-8 with a byte-order mark, so that Excel reads
    accents), one row a set-up, followed by the answers that produced it (``answer_<field>``
    columns, the same on every row) so the file stands on its own."""
    answer_cells = {f"answer_{k}": v for k, v in describe_row(answers.to_file_dict()).items()}
    columns = [*RECOMMENDATION_COLUMNS, *answer_cells]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in recommendation_rows(result, generated_at, language=language):
        writer.writerow({k: tables.safe_cell(v) for k, v in {**row, **answer_cells}.items()})
    return buffer.getvalue().encode("utf-8-sig")


def answers_yaml(answers: Answers, saved_on: date | None = None) -> bytes:
    """The answers file (DESIGN.md) as YAML, under a comment saying what it is and when.

    The date (UTC, today by default) is a day, not a time: the same answers give the same
    bytes all day, which lets the wizard offer the file without re-storing it on every rerun.
    """
    day = (saved_on or datetime.now(UTC).date()).isoformat()
    header = (
        f"# Intelligence Set-up Advisor answers file, saved on {day}.\n"
        "# Load it in the advisor's sidebar, or run: python -m scoring recommend <this file>\n"
    )
    body = yaml.safe_dump(
        answers.to_file_dict(), sort_keys=False, allow_unicode=True, default_flow_style=False
    )
    return (header + body).encode("utf-8")


def answers_json(answers: Answers) -> bytes:
    """The answers file (DESIGN.md) as pretty-printed JSON."""
    return (json.dumps(answers.to_file_dict(), indent=2, ensure_ascii=False) + "\n").encode()


class AnswersFileError(AnswersError):
    """An upload that is not an answers file at all (too large, not text, not YAML/JSON).

    ``kind`` and ``details`` let a page say the same thing in the user's language.
    """

    def __init__(self, kind: str, message: str, source: str, **details: Any) -> None:
        super().__init__([AnswerProblem("<file>", message)], source)
        self.kind = kind
        self.details = details


def parse_uploaded_answers(name: str, data: bytes, library: Library | None = None) -> Answers:
    """Read an uploaded answers file (``.yaml``, ``.yml`` or ``.json``).

    Raise :class:`AnswersError` (every problem, with its field) when it cannot be used:
    :class:`AnswersFileError` when the file itself is wrong, the model's messages otherwise.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix not in ANSWERS_SUFFIXES:
        raise AnswersFileError(
            "wrong_type",
            f"expected a .yaml, .yml or .json answers file, not {suffix or 'a file without one'}",
            name,
            suffix=suffix,
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise AnswersFileError(
            "too_large",
            f"too large ({len(data) / 1000:.0f} kB); an answers file is at most "
            f"{MAX_UPLOAD_BYTES // 1000} kB",
            name,
            size_kb=round(len(data) / 1000),
            limit_kb=MAX_UPLOAD_BYTES // 1000,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswersFileError(
            "not_utf8",
            f"not UTF-8 text (undecodable byte at position {exc.start}); "
            "is this really an answers file?",
            name,
        ) from exc
    if not text.strip():
        raise AnswersFileError("empty", "the file is empty", name)
    content = _parse_text(text, suffix, name)
    return parse_answers(content, library, name)


class _PlainYamlLoader(yaml.SafeLoader):
    """The safe loader without anchors and aliases: an answers file needs none, and an alias
    bomb (a few lines that expand to billions of items) would hang whoever prints its values."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (*name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


def _parse_text(text: str, suffix: str, name: str) -> Any:
    kind = "JSON" if suffix == ".json" else "YAML"
    try:
        if suffix == ".json":
            return json.loads(text)
        return yaml.load(text, Loader=_PlainYamlLoader)  # noqa: S506 (a SafeLoader)
    except json.JSONDecodeError as exc:
        where, problem = f"line {exc.lineno}, column {exc.colno}", exc.msg
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        problem = str(getattr(exc, "problem", None) or exc)
    except RecursionError:
        where, problem = "unknown place", "nested too deeply"
    except ValueError as exc:  # e.g. an integer with thousands of digits
        where, problem = "unknown place", str(exc) or type(exc).__name__
    raise AnswersFileError(
        "not_parsable",
        f"not valid {kind} ({where}): {problem}",
        name,
        format=kind,
        where=where,
        problem=problem,
    )
