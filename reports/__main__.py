"""``python -m reports guide|roadmap ...``: the guide books and the roadmap, for partners.

``guide [PROFILE] --format md|html|pdf --lang LANG [--setup ID] -o FILE``
    With an answers file (PROFILE), the personal guide book of the first recommended set-up,
    or of the set-up named with ``--setup``, its roadmap included; without one, the general
    guide book of every set-up and tool.
``roadmap PROFILE --format md|html|pdf|csv --lang LANG [--setup ID] -o FILE``
    The roadmap and investment plan of the same set-up: phases, costs, milestones, the
    three-year cost of the top three set-ups, the next set-ups and the regional support; as CSV,
    one row a phase with machine column names.

Written to FILE, or to standard output when ``-o`` is left out (not ``pdf``: a PDF is binary,
so ``--format pdf`` needs ``-o``).

Exit codes: 0 written; 1 bad input (an answers file that cannot be read or is invalid, an
unknown set-up, no set-up fits, the output cannot be written, a knowledge-base problem), each
with its message on standard error; 2 a usage error (argparse, ``--format pdf`` without ``-o``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from reports import render_html, render_markdown, render_pdf
from reports.document import Document
from reports.guide import GuideError, build_general_guide, build_personal_guide, layout
from reports.roadmap_report import build_roadmap_report, roadmap_csv, roadmap_document
from scoring.answers import AnswersError, load_answers
from templates_library import KnowledgeBaseError
from templates_library.locales import DEFAULT_LANGUAGE, LANGUAGE_NAMES

FORMATS = ("md", "html", "pdf")
ROADMAP_FORMATS = (*FORMATS, "csv")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m reports", description="Export guide books and roadmaps."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    guide = commands.add_parser(
        "guide",
        help="the personal guide book of an answers file, or the general guide book",
        description="Without PROFILE: the general guide book (every set-up and every tool by "
        "stage). With PROFILE: the personal guide book of the first recommended set-up.",
    )
    guide.add_argument("profile", nargs="?", type=Path, help="answers file (.yaml, .yml, .json)")
    guide.add_argument("--format", choices=FORMATS, default="md", help="output format (md)")
    roadmap = commands.add_parser(
        "roadmap",
        help="the roadmap and investment plan of an answers file",
        description="The phased plan of the first recommended set-up (or --setup): costs per "
        "phase, milestones, the three-year cost of the top three set-ups, the next set-ups and "
        "the support in the region.",
    )
    roadmap.add_argument("profile", type=Path, help="answers file (.yaml, .yml, .json)")
    roadmap.add_argument(
        "--format", choices=ROADMAP_FORMATS, default="md", help="output format (md)"
    )
    for command in (guide, roadmap):
        command.add_argument(
            "--lang",
            choices=list(LANGUAGE_NAMES),
            default=DEFAULT_LANGUAGE,
            help="language of the output (en); missing words fall back to English",
        )
        command.add_argument("--setup", metavar="TEMPLATE_ID", help="set-up to write about")
        command.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.format == "pdf" and args.output is None:
        print(
            "--format pdf needs -o FILE: a PDF is binary and is not written to standard output",
            file=sys.stderr,
        )
        return 2
    if args.setup and args.profile is None:
        print("--setup needs an answers file (PROFILE)", file=sys.stderr)
        return 2
    make = _roadmap if args.command == "roadmap" else _guide
    try:
        content = make(args.profile, args.setup, args.format, args.lang)
    except _BadInputError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if args.output is None and isinstance(content, str):  # pdf without -o was refused above
        sys.stdout.write(content)
        return 0
    try:
        if isinstance(content, bytes):
            args.output.write_bytes(content)
        else:
            # newline="": a CSV's CRLF row ends are written as they are.
            args.output.write_text(content, encoding="utf-8", newline="")
    except OSError as exc:
        print(f"{args.output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


class _BadInputError(Exception):
    """Bad input: the message is printed and the command exits 1."""


@contextmanager
def _bad_input(profile: Path | None) -> Iterator[None]:
    """Turn every bad-input error raised inside into a :class:`_BadInputError`."""
    try:
        yield
    except AnswersError as exc:
        raise _BadInputError(str(exc)) from exc
    except GuideError as exc:
        raise _BadInputError(f"{profile}: {exc}") from exc
    except KnowledgeBaseError as exc:
        raise _BadInputError(str(exc)) from exc


def _render(document: Document, fmt: str, on: dt.date) -> str | bytes:
    if fmt == "pdf":
        return render_pdf.render(document, on)
    renderer = render_html if fmt == "html" else render_markdown
    return renderer.render(document)


def _guide(profile: Path | None, setup: str | None, fmt: str, lang: str) -> str | bytes:
    today = dt.date.today()
    with _bad_input(profile):
        if profile is None:
            guide = build_general_guide(lang, generated_on=today)
        else:
            answers = load_answers(profile)
            guide = build_personal_guide(answers, setup_id=setup, lang=lang, generated_on=today)
    return _render(layout(guide), fmt, today)


def _roadmap(profile: Path, setup: str | None, fmt: str, lang: str) -> str | bytes:
    today = dt.date.today()
    with _bad_input(profile):
        answers = load_answers(profile)
        report = build_roadmap_report(answers, setup_id=setup, lang=lang, generated_on=today)
    if fmt == "csv":
        return roadmap_csv(report)
    return _render(roadmap_document(report), fmt, today)


if __name__ == "__main__":
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        code = 1
    sys.exit(code)
