"""kg import … --to facts: facts files that kg build takes, giving the same nodes as the RDF import."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from conftest import CASES, SHARED_DATA, needs_shared_data

FIXTURES = CASES.parent / "fixtures" / "gdelt"
INPUTS = [
    ("gdelt", FIXTURES / "20150218230000.sample.export.CSV"),
    ("gdelt", FIXTURES / "gdelt1.sample.tsv"),
    ("icews", CASES / "import" / "icews-tab-synthetic" / "events.tab"),
    ("plover", CASES / "import" / "plover-manual-synthetic" / "records.jsonl"),
]


def direct(kind: str, path: Path) -> set[str]:
    out = io.BytesIO()
    kg.import_records(kind, [path], out)
    return {str(q) for q in ox.parse(out.getvalue(), format=ox.RdfFormat.N_QUADS)}


def built(folder: Path) -> tuple[kg.KnowledgeGraph, set[str]]:
    graph = kg.load([folder])
    return graph, {str(q) for q in graph.store}


@pytest.mark.parametrize(("kind", "path"), INPUTS, ids=[p.name for _, p in INPUTS])
def test_facts_build_to_the_imported_nodes(tmp_path: Path, kind: str, path: Path) -> None:
    """The facts build, conform, and every quad they give is one the RDF import gives too: the
    same events, participations, claims and evidence (the RDF import adds what facts cannot say:
    GDELT's figures, place codes and coordinates, the actors' codes and sectors)."""
    report = kg.import_facts(kind, [path], tmp_path / "facts")
    graph, facts = built(tmp_path / "facts")
    assert kg.validate(graph).conforms, str(kg.validate(graph))
    assert facts and not facts - direct(kind, path)
    events = {q.split()[0] for q in facts if "ontology#claimAbout" in q}
    assert len(events) == report.records


@needs_shared_data
@pytest.mark.parametrize(("kind", "name"), [("icews", "icews/icews_sample_output.jsonl"),
                                             ("plover", "plover/PLOVER_GSR_CAMEO.txt")])
def test_facts_of_the_shared_files_build(tmp_path: Path, kind: str, name: str) -> None:
    report = kg.import_facts(kind, [SHARED_DATA / name], tmp_path / "facts")
    graph, facts = built(tmp_path / "facts")
    result = kg.validate(graph)
    # the PLOVER file has one id twice (two records): the facts keep the first, the RDF merges both
    assert result.conforms, str(result)
    assert not facts - direct(kind, SHARED_DATA / name)
    assert report.records == {"icews": 4, "plover": 322}[kind]


def test_facts_are_the_reviewable_format(tmp_path: Path) -> None:
    kg.import_facts("gdelt", [FIXTURES / "20150218230000.sample.export.CSV"], tmp_path / "facts")
    text = (tmp_path / "facts" / "dailymaverick-co-za-7672a6d1255f.yaml").read_text("utf-8")
    assert "include: [entities.yaml]" in text and "  dataset: gdelt2" in text
    assert '    cameo: "043"' in text  # a code stays a string
    assert '    record: {dataset: gdelt2, id: "410412347"}' in text
    assert "    certainty: probable" in text
    # a reviewer edits a fact; the facts still build, and the edit shows
    (tmp_path / "facts" / "dailymaverick-co-za-7672a6d1255f.yaml").write_text(
        text.replace("certainty: probable", "certainty: possible"), encoding="utf-8")
    graph = kg.load([tmp_path / "facts"])
    claims = kg.query(graph, named="claims", params={"actor": "dailymaverick.co.za"})
    assert [row[claims.columns.index("certainty")] for row in claims.rows] == ["possible"]


def test_a_failed_import_leaves_no_directory(tmp_path: Path) -> None:
    lines = (FIXTURES / "20150218230000.sample.export.CSV").read_text("utf-8").splitlines()
    bad = tmp_path / "bad.CSV"
    bad.write_text("\n".join([*lines[:3], "1\tx"]) + "\n", encoding="utf-8")
    with pytest.raises(kg.RecordError):
        kg.import_facts("gdelt", [bad], tmp_path / "facts")
    assert not (tmp_path / "facts").exists() and [p.name for p in tmp_path.iterdir()] == ["bad.CSV"]
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "old.yaml").write_text("x", encoding="utf-8")
    kg.import_facts("gdelt", [FIXTURES / "gdelt1.sample.tsv"], tmp_path / "facts")
    assert not (tmp_path / "facts" / "old.yaml").exists()  # replaced as a whole, on success


def test_facts_format_checks_the_new_fields(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("article: {id: a, publisher: p, language: en}\n"
                    "entities: {p: {type: NewsOrganization, names: {en: P}}}\n", encoding="utf-8")
    with pytest.raises(kg.FactsError, match="title"):  # no dataset: title and published are needed
        kg.load([path])
    path.write_text("article: {id: a, publisher: p, language: en, dataset: gdelt2}\n"
                    "entities: {p: {type: NewsOrganization, names: {en: P}}, x: {type: Agent, names: {en: X}}}\n"
                    "events:\n  - {id: e, type: Event, participants: [{entity: x, role: source}],"
                    " record: {dataset: gdelt2, id: '1'}}\n", encoding="utf-8")
    with pytest.raises(kg.FactsError, match="an Event needs its code"):
        kg.load([path])
