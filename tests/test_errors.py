"""The error catalogue: tests/cases/errors/<name>/ holds a bad input and expected.txt.

expected.txt: the exit code on the first line, then lines that must each appear in stderr.
The command is ``build facts.yaml`` (or ``facts.json``) unless ``args.txt`` gives another;
it runs in the case directory, writing to a fresh output file that must not appear.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from conftest import CASES
from kg.cli import app

CATALOGUE = sorted(p for p in (CASES / "errors").iterdir() if p.is_dir())


def command(case: Path) -> list[str]:
    if (case / "args.txt").exists():
        return (case / "args.txt").read_text("utf-8").split()
    name = "facts.yaml" if (case / "facts.yaml").exists() else "facts.json"
    return ["build", name]


@pytest.mark.parametrize("case", CATALOGUE, ids=[p.name for p in CATALOGUE])
def test_error_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code_line, *expected = (case / "expected.txt").read_text("utf-8").splitlines()
    monkeypatch.chdir(case)
    args = command(case)
    out = tmp_path / "out.ttl"
    if args[0] == "build":
        args += ["-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), \
        f"crashed: {result.exception!r}"
    assert result.exit_code == int(code_line), result.stderr
    assert result.stdout == ""
    for line in filter(None, expected):
        assert line in result.stderr, f"missing {line!r} in:\n{result.stderr}"
    assert result.stderr.startswith("Error: ")
    assert not out.exists()
    assert not list(tmp_path.iterdir())


def test_catalogue_is_large_enough() -> None:
    assert len(CATALOGUE) >= 40


HARD_INPUTS = sorted(p for p in (CASES / "inputs").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", HARD_INPUTS, ids=[p.name for p in HARD_INPUTS])
def test_hard_but_valid_input(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/cases/inputs/<name>/: odd but valid input builds, with the expected warnings on stderr."""
    code_line, *expected = (case / "expected.txt").read_text("utf-8").splitlines()
    monkeypatch.chdir(case)
    out = tmp_path / "out.nt"
    result = CliRunner().invoke(app, ["build", "facts.yaml", "-o", str(out), "-q"])
    assert result.exit_code == int(code_line), result.stderr
    assert result.stdout == ""
    for line in filter(None, expected):
        assert line in result.stderr, f"missing {line!r} in:\n{result.stderr}"
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]
    assert len(warnings) == len([line for line in expected if line.startswith("Warning: ")])
    assert Graph().parse(out, format="nt")
