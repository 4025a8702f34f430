"""``python -m templates_library validate [PATH]``: check the knowledge base, or a copy of it.

Prints ``file:line: field: message`` for every problem and exits 1, or prints a summary of what
was validated and exits 0. Bad content never ends in a traceback.

``python -m templates_library translations LANG [--all]``: the knowledge-base texts that
``data/locales/LANG/content.yaml`` does not translate yet (every text with ``--all``), as YAML
in that file's layout with the English to translate, for a translator to fill in.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from templates_library.library import validate


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m templates_library")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "validate",
        help="validate the knowledge base",
        description="Validate the shipped knowledge base, a copy of it (a folder holding "
        "templates_library/ and/or data/), a folder of template files, or one template file.",
    )
    check.add_argument("path", nargs="?", type=Path, help="what to validate (default: shipped)")
    todo = commands.add_parser(
        "translations",
        help="list the content texts a language still lacks, as YAML to fill in",
    )
    todo.add_argument("lang", help="language code, e.g. de")
    todo.add_argument("--all", action="store_true", help="every text, translated or not")
    args = parser.parse_args(argv)
    if args.command == "translations":
        return _translations(args.lang, every=args.all)

    if args.path is not None and not args.path.exists():
        print(f"{args.path}: no such file or folder", file=sys.stderr)
        return 2
    library, problems = validate(args.path)
    if library is None:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    seed_sectors = sum(1 for s in library.sectors.values() if s.seed)
    seed_regions = sum(1 for r in library.regions.values() if r.seed)
    print(
        f"knowledge base {library.version} is valid: {len(library.templates)} templates, "
        f"{len(library.tools)} tools, {len(library.sectors)} sectors ({seed_sectors} seed), "
        f"{len(library.regions)} regions ({seed_regions} seed), "
        f"{len(library.value_chain)} value-chain positions, "
        f"{len(library.questionnaire.maturity_dimensions)} maturity dimensions"
    )
    return 0


def _translations(lang: str, *, every: bool) -> int:
    import yaml  # noqa: PLC0415 - only this command writes YAML

    from templates_library import load_library  # noqa: PLC0415
    from templates_library.content_keys import content_items  # noqa: PLC0415
    from templates_library.locales import catalogues  # noqa: PLC0415

    have = catalogues().strings.get(lang, {})
    tree: dict[str, Any] = {}
    count = 0
    for key, english in content_items(load_library()):
        if not every and f"content.{key}" in have:
            continue
        node = tree
        *path, leaf = key.split(".")
        for part in path:
            node = node.setdefault(part, {})
        node[leaf] = english
        count += 1
    sys.stdout.write(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=100))
    print(f"{count} text(s) to translate for {lang}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
