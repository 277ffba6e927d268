"""kg import in process: exit codes, stdout and stderr, atomic outputs, facts that kg build takes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from typer.testing import CliRunner

from conftest import CASES
from kg.cli import app

runner = CliRunner()
SAMPLE = CASES.parent / "fixtures" / "gdelt" / "20150218230000.sample.export.CSV"
PLOVER = CASES / "import" / "plover-manual-synthetic" / "records.jsonl"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def bad_copy(tmp_path: Path) -> Path:
    lines = SAMPLE.read_text("utf-8").splitlines()
    fields = lines[16].split("\t")
    fields[1] = "2015-02-30"  # SQLDATE
    lines[16] = "\t".join(fields)
    path = tmp_path / "20150218230000.export.CSV"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out" / "gdelt.nq"
    code, stdout, stderr = run("import", "gdelt", str(SAMPLE), "-o", str(out))
    assert code == 0, stderr
    assert stdout == ""
    assert f"20 event record(s) from 1 file(s) → {out}" in stderr
    assert "Note: 1 × CAMEO country code EUR" in stderr
    assert len(list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))) > 1000


def test_import_to_stdout_in_each_format() -> None:
    for fmt, rdf in (("nq", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG), ("nt", ox.RdfFormat.N_TRIPLES),
                     ("ttl", ox.RdfFormat.TURTLE)):
        code, stdout, stderr = run("import", "gdelt", str(SAMPLE), "--format", fmt, "-q")
        assert code == 0 and stderr == "", stderr
        assert len(list(ox.parse(stdout.encode(), format=rdf))) > 1000


def test_a_bad_row_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    path = bad_copy(tmp_path)
    out = tmp_path / "gdelt.nq"
    code, stdout, stderr = run("import", "gdelt", str(path), "-o", str(out))
    assert code == 3
    assert stdout == ""
    assert stderr == f'Error: {path}:17: SQLDATE: "2015-02-30" is not a date (YYYYMMDD)\n'
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))


def test_skip_bad_counts_and_lists_the_skipped_lines(tmp_path: Path) -> None:
    path = bad_copy(tmp_path)
    out = tmp_path / "gdelt.nq"
    code, _, stderr = run("import", "gdelt", str(path), "--skip-bad", "-o", str(out))
    assert code == 0, stderr
    assert "19 event record(s) from 1 file(s)" in stderr
    assert f'Skipped 1 bad record(s):\n  {path}:17: SQLDATE: "2015-02-30" is not a date (YYYYMMDD)\n' in stderr
    assert out.exists()


def test_a_wrong_format_exits_3(tmp_path: Path) -> None:
    code, stdout, stderr = run("import", "gdelt", str(PLOVER), "-o", str(tmp_path / "x.nq"))
    assert code == 3 and stdout == ""
    assert "this is JSON, not a GDELT export" in stderr and "kg import plover" in stderr
    code, _, stderr = run("import", "icews", str(SAMPLE), "-o", str(tmp_path / "x.nq"))
    assert code == 3 and "this looks like a GDELT events file (use kg import gdelt)" in stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _, stderr = run("import", "gdelt", str(SAMPLE), "--to", "facts")
    assert code == 2 and "give -o DIR" in stderr
    code, _, stderr = run("import", "gdelt", str(SAMPLE), "--to", "facts", "-o", str(tmp_path / "f"),
                          "--base", "https://example.org/kg/")
    assert code == 2 and "give --base to kg build instead" in stderr
    code, _, _ = run("import", "gdelt", str(SAMPLE), "--format", "jsonld")
    assert code == 2
    code, _, _ = run("import", "polecat", str(SAMPLE))
    assert code == 2
    code, _, stderr = run("import", "gdelt", str(tmp_path / "nope.CSV"), "-o", str(tmp_path / "x.nq"))
    assert code == 3 and "no such file" in stderr


def test_to_facts_then_build(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    code, stdout, stderr = run("import", "gdelt", str(SAMPLE), "--to", "facts", "-o", str(facts))
    assert code == 0 and stdout == "", stderr
    assert (facts / "entities.yaml").is_file() and len(list(facts.glob("*.yaml"))) == 21  # 20 articles
    code, _, stderr = run("build", str(facts), "-o", str(tmp_path / "built.nq"))
    assert code == 0, stderr
    assert "(validated: conforms)" in stderr


def test_help_shows_examples() -> None:
    code, stdout, _ = run("import", "--help")
    assert code == 0
    assert "kg import gdelt 20150218230000.export.CSV.zip -o gdelt.nq" in stdout
    assert "--skip-bad" in stdout and "--to" in stdout
