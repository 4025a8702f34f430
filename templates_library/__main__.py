"""``python -m templates_library validate [PATH]``: check the knowledge base, or a copy of it.

Prints ``file:line: field: message`` for every problem and exits 1, or prints a summary of what
was validated and exits 0. Bad content never ends in a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

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
    args = parser.parse_args(argv)

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


if __name__ == "__main__":
    sys.exit(main())
