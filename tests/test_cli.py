"""The CLI, in process: exit codes, stdout and stderr, atomic outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from conftest import EXAMPLE, ROOT, plant_violations
from kg.cli import app

runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


BAD_FACTS = "article: {id: x, title: t, publisher: p, language: en, published: 2015-13-01}\n"


def test_build_writes_validated_turtle(tmp_path: Path) -> None:
    out = tmp_path / "out" / "example.ttl"
    code, stdout, stderr = run("build", str(EXAMPLE), "-o", str(out))
    assert code == 0, stderr
    assert stdout == ""
    assert "conforms" in stderr and "1 article" in stderr
    assert out.read_text("utf-8").startswith("@prefix")


def test_build_to_stdout_in_each_format() -> None:
    for fmt in ("ttl", "nt", "nq", "trig", "jsonld"):
        code, stdout, stderr = run("build", str(EXAMPLE), "--format", fmt, "-q")
        assert code == 0, stderr
        assert stdout and stderr == ""


def test_build_from_stdin() -> None:
    facts = (Path(__file__).parent / "cases/golden/role-only-and-country/facts.yaml").read_text("utf-8")
    code, stdout, stderr = run("build", "-", "--format", "nt", "-q", stdin=facts)
    assert code == 0, stderr
    assert "<https://w3id.org/geokg/id/entity/shamkhani>" in stdout


def test_unknown_entity_on_stdin_exits_3_naming_stdin() -> None:
    facts = ("article: {id: s1, title: t, publisher: wire, language: en, published: 2020-01-02}\n"
             "entities:\n  wire: {type: NewsOrganization, names: {en: Example Wire}}\n"
             "events:\n  - {id: m, type: Meeting, participants: [nobody, RU]}\n")
    code, stdout, stderr = run("build", "-", "--format", "nt", stdin=facts)
    assert code == 3 and stdout == ""
    assert "<stdin>:5:43: events[0].participants[0]: unknown entity 'nobody'" in stderr


def test_bad_facts_exit_3_and_keep_previous_output(tmp_path: Path) -> None:
    facts = tmp_path / "bad.yaml"
    facts.write_text(BAD_FACTS, "utf-8")
    out = tmp_path / "out.ttl"
    out.write_text("previous good output", "utf-8")
    code, stdout, stderr = run("build", str(facts), "-o", str(out))
    assert code == 3
    assert stdout == ""
    assert f"{facts}:1:" in stderr and "article.published" in stderr and "is not a date" in stderr
    assert out.read_text("utf-8") == "previous good output"
    assert [p.name for p in tmp_path.iterdir()] == sorted(["bad.yaml", "out.ttl"]) or \
        sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "out.ttl"]


def test_violation_exits_1_maps_to_facts_line_and_writes_nothing(tmp_path: Path) -> None:
    facts = tmp_path / "one.yaml"
    facts.write_text(
        "article: {id: a, title: t, publisher: wire, language: en, published: 2020-01-02}\n"
        "entities:\n"
        "  wire: {type: NewsOrganization, names: {en: Wire}}\n"
        "events:\n"
        "  - id: lonely\n"
        "    type: Meeting\n"
        "    participants: [RU]\n"
        "    evidence: a quote\n", "utf-8")
    out = tmp_path / "out.ttl"
    code, stdout, stderr = run("build", str(facts), "-o", str(out))
    assert code == 1
    assert f"{facts}:5:5:" in stderr and "at least two participants" in stderr
    assert not out.exists()
    code, stdout, stderr = run("validate", str(facts))
    assert code == 1
    assert "at least two participants" in stdout and "does not conform" in stderr


def test_validate_streams_facts_and_reports_what_the_whole_graph_gives(tmp_path: Path) -> None:
    """kg validate on a facts directory runs in chunks on the workers (as kg build does): the same
    lines on stdout as validating the whole graph in memory, the same exit code, with one worker
    or two; a conforming corpus reports the graph's triples and articles."""
    out = tmp_path / "corpus"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--events", "60", "--out", str(out),
                    "--no-views", "--jobs", "1"], check=True, capture_output=True)
    facts = out / "facts"
    graph = kg.load([facts])
    code, stdout, stderr = run("validate", str(facts))
    assert (code, stdout) == (0, "")
    assert f"conforms: {len(graph)} triples, {len(graph.articles)} article(s)" in stderr
    assert plant_violations(facts) >= 2
    whole = kg.validate(kg.load([facts]))
    assert not whole.conforms
    for jobs in ("1", "2"):
        code, stdout, stderr = run("validate", str(facts), "--jobs", jobs, "-q")
        assert code == 1
        assert stdout.splitlines() == [str(r) for r in whole.results]
        assert f"does not conform: {len(whole.results)} violation(s)" in stderr


def test_validate_rdf_file(tmp_path: Path) -> None:
    out = tmp_path / "x.nq"
    assert run("build", str(EXAMPLE), "-o", str(out), "-q")[0] == 0
    code, stdout, stderr = run("validate", str(out))
    assert code == 0 and stdout == "" and "conforms" in stderr


def test_export_one_graph(tmp_path: Path) -> None:
    nq = tmp_path / "all.nq"
    assert run("build", str(EXAMPLE), "-o", str(nq), "-q")[0] == 0
    out = tmp_path / "one.jsonld"
    code, _, stderr = run("export", str(nq), "-o", str(out), "--graph", "alwaght-2015-11-24-putin-tehran")
    assert code == 0, stderr
    assert json.loads(out.read_text("utf-8"))
    code, _, stderr = run("export", str(nq), "-o", str(out), "--graph", "nope")
    assert code == 2 and "no such article graph" in stderr


def test_query_formats() -> None:
    code, stdout, stderr = run("query", str(EXAMPLE), "-n", "visits", "-p", "actor=putin", "-f", "json")
    assert code == 0, stderr
    assert [r["date"] for r in json.loads(stdout)] == ["2007", "2015-11-23"]
    code, stdout, _ = run("query", str(EXAMPLE), "-n", "visits", "-f", "csv")
    assert stdout.splitlines()[0] == "date,visitor,destination,host,purpose,status,event,source"
    code, stdout, _ = run("query", str(EXAMPLE), "-n", "visits", "-f", "tsv", "--lang", "ar")
    assert "طهران" in stdout
    code, stdout, _ = run("query", str(EXAMPLE), "-n", "summits")
    assert code == 0 and "GECF" in stdout


def test_query_usage_errors() -> None:
    code, _, stderr = run("query", str(EXAMPLE))
    assert code == 2 and "exactly one of --named, --file or --sparql" in stderr
    code, _, stderr = run("query", str(EXAMPLE), "-n", "meetngs")
    assert code == 3 and "no named query 'meetngs'" in stderr
    code, _, stderr = run("query", str(EXAMPLE), "-n", "meetings", "-p", "who=putin")
    assert code == 3 and "no parameter 'who'" in stderr
    code, _, stderr = run("query", str(EXAMPLE), "-n", "meetings", "-p", "actor")
    assert code == 2 and "KEY=VALUE" in stderr
    code, _, stderr = run("query", str(EXAMPLE), "--sparql", "SELECT ?x WHERE { ?x ")
    assert code == 3 and "SPARQL syntax error" in stderr
    code, _, stderr = run("query", str(EXAMPLE), "-n", "timeline")
    assert code == 3 and "needs --param actor" in stderr


def test_queries_lists_named_queries() -> None:
    code, stdout, _ = run("queries")
    assert code == 0
    for name in ("meetings", "visits", "summits", "statements", "claims", "timeline", "evidence"):
        assert f"{name}:" in stdout


def test_usage_errors_exit_2() -> None:
    assert run("build")[0] == 2
    assert run("build", str(EXAMPLE), "--format", "xml")[0] == 2
    code, _, stderr = run("build", str(EXAMPLE), "-o", "out.xyz")
    assert code == 2 and "suffix" in stderr
    code, _, stderr = run("build", str(EXAMPLE), "--base", "not an iri")
    assert code == 2 and "--base" in stderr


def test_missing_source_exit_3(tmp_path: Path) -> None:
    code, stdout, stderr = run("build", str(tmp_path / "nope.yaml"))
    assert code == 3 and stdout == "" and "no such file" in stderr


def test_help_has_examples() -> None:
    for command in ("build", "validate", "export", "query"):
        code, stdout, _ = run(command, "--help")
        assert code == 0 and "Examples:" in stdout


def test_installed_console_script_works_from_any_directory(tmp_path: Path) -> None:
    kg_script = Path(sys.executable).parent / "kg"
    assert kg_script.exists()
    result = subprocess.run([str(kg_script), "build", str(EXAMPLE), "-q", "-f", "nt"], cwd=tmp_path,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": ""}, check=False)
    assert result.returncode == 0, result.stderr
    assert "<https://w3id.org/geokg/id/entity/putin>" in result.stdout


def test_ctrl_c_exits_130_and_leaves_no_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import kg.cli as cli

    kg_build = sys.modules["kg.build"]  # the module (kg.build is also the function)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    out = tmp_path / "out.ttl"
    monkeypatch.setattr(kg_build._Writer, "write", interrupted)  # while writing
    monkeypatch.setattr(sys, "argv", ["kg", "build", str(EXAMPLE), "-o", str(out), "-q"])
    with pytest.raises(SystemExit) as exc:
        cli.main()
    assert exc.value.code == 130
    assert "Interrupted" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_main_exit_codes(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import kg.cli as cli

    for argv, code in ((["kg", "queries"], 0), (["kg", "build"], 2), (["kg", "nope"], 2),
                       (["kg", "build", "missing.yaml"], 3)):
        monkeypatch.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as exc:
            cli.main()
        assert exc.value.code == code, argv
    assert "Error" in capsys.readouterr().err


def test_version() -> None:
    code, stdout, _ = run("--version")
    assert code == 0 and stdout.startswith("kg ")
