"""``python -m reports guide [PROFILE] --format md|html|pdf --lang LANG -o FILE``.

With an answers file (PROFILE), the personal guide book of the first recommended set-up, or of
the set-up named with ``--setup``; without one, the general guide book of every set-up and tool.
Written to FILE, or to standard output when ``-o`` is left out (``md`` and ``html`` only: a
PDF is binary, so ``--format pdf`` needs ``-o``).

Exit codes: 0 written; 1 bad input (an answers file that cannot be read or is invalid, an
unknown set-up, no set-up fits, the output cannot be written, a knowledge-base problem), each
with its message on standard error; 2 a usage error (argparse, ``--format pdf`` without ``-o``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from reports import render_html, render_markdown, render_pdf
from reports.guide import GuideError, build_general_guide, build_personal_guide
from scoring.answers import AnswersError, load_answers
from templates_library import KnowledgeBaseError
from templates_library.locales import DEFAULT_LANGUAGE, LANGUAGE_NAMES

FORMATS = ("md", "html", "pdf")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reports", description="Export guide books and reports."
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
    guide.add_argument(
        "--lang",
        choices=list(LANGUAGE_NAMES),
        default=DEFAULT_LANGUAGE,
        help="language of the guide (en); missing words fall back to English",
    )
    guide.add_argument("--setup", metavar="TEMPLATE_ID", help="set-up of the personal guide")
    guide.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args(argv)

    if args.format == "pdf" and args.output is None:
        print(
            "--format pdf needs -o FILE: a PDF is binary and is not written to standard output",
            file=sys.stderr,
        )
        return 2
    if args.setup and args.profile is None:
        print("--setup needs an answers file (PROFILE)", file=sys.stderr)
        return 2
    try:
        content = _guide(args.profile, args.setup, args.format, args.lang)
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
            args.output.write_text(content, encoding="utf-8")
    except OSError as exc:
        print(f"{args.output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


class _BadInputError(Exception):
    """Bad input: the message is printed and the command exits 1."""


def _guide(profile: Path | None, setup: str | None, fmt: str, lang: str) -> str | bytes:
    today = dt.date.today()
    try:
        if profile is None:
            guide = build_general_guide(lang, generated_on=today)
        else:
            answers = load_answers(profile)
            guide = build_personal_guide(answers, setup_id=setup, lang=lang, generated_on=today)
    except AnswersError as exc:
        raise _BadInputError(str(exc)) from exc
    except GuideError as exc:
        raise _BadInputError(f"{profile}: {exc}") from exc
    except KnowledgeBaseError as exc:
        raise _BadInputError(str(exc)) from exc
    if fmt == "pdf":
        return render_pdf.render_guide(guide)
    renderer = render_html if fmt == "html" else render_markdown
    return renderer.render_guide(guide)


if __name__ == "__main__":
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        code = 1
    sys.exit(code)
