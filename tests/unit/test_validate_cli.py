"""``python -m templates_library validate``: exit codes and messages a partner can act on."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from templates_library.__main__ import main
from templates_library.library import PROJECT_ROOT
from tests.unit.helpers import copy_knowledge_base

TEMPLATE_FILES = sorted(p.name for p in (PROJECT_ROOT / "templates_library").glob("*.yaml"))


def test_the_shipped_library_passes_and_is_summarised() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "templates_library", "validate"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    summary = re.search(
        r"(\d+) templates, (\d+) tools, \d+ sectors \((\d+) seed\), \d+ regions \((\d+) seed\)",
        run.stdout,
    )
    assert summary is not None, run.stdout
    templates, tools, seed_sectors, seed_regions = map(int, summary.groups())
    assert templates >= 16
    assert tools >= 40
    assert (seed_sectors, seed_regions) == (5, 6)
    assert "Traceback" not in run.stderr


@pytest.fixture(scope="module")
def library_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_knowledge_base(tmp_path_factory.mktemp("copy"))


@pytest.mark.parametrize("name", TEMPLATE_FILES)
def test_an_error_planted_in_any_template_names_its_file_and_line(
    name: str, library_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = library_copy / "templates_library" / name
    original = target.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("delivery:"))
    lines[line - 1] = "delivery: by_carrier_pigeon\n"
    target.write_text("".join(lines), encoding="utf-8")
    try:
        code = main(["validate", str(library_copy)])
    finally:
        target.write_text(original, encoding="utf-8")

    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out == [
        f"templates_library/{name}:{line}: delivery: 'by_carrier_pigeon' is not allowed; "
        "allowed values: internal, shared, outsourced, consultant, public"
    ]


def test_a_broken_copy_exits_1_from_the_command_line(library_copy: Path) -> None:
    target = library_copy / "data" / "sectors.yaml"
    original = target.read_text(encoding="utf-8")
    target.write_text(
        original.replace("schema_version: 1", "schema_version: 1\nbogus: [", 1), encoding="utf-8"
    )
    try:
        run = subprocess.run(
            [sys.executable, "-m", "templates_library", "validate", str(library_copy)],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        target.write_text(original, encoding="utf-8")
    assert run.returncode == 1
    assert run.stdout.startswith("data/sectors.yaml:")
    assert "YAML syntax error" in run.stdout
    assert "Traceback" not in run.stderr


def test_a_missing_path_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "/no/such/place"]) == 2
    assert "no such file or folder" in capsys.readouterr().err
