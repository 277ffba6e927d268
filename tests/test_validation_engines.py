"""The fast validator (shapes compiled to SPARQL on Oxigraph) finds exactly what pyshacl finds."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

import kg
from conftest import CASES, EXAMPLE, ROOT, plant_violations
from kg import stream
from kg.shacl import compile_shapes
from test_shapes import CASES as SHAPE_CASES
from test_shapes import case_graph


def findings(report: kg.ValidationReport) -> Counter[tuple[str, str | None, str | None, str]]:
    return Counter((r.focus, r.path, r.value, r.message) for r in report.results)


def assert_agree(graph: kg.KnowledgeGraph | object) -> None:
    fast = kg.validate(graph, engine="fast")  # type: ignore[arg-type]
    reference = kg.validate(graph, engine="pyshacl")  # type: ignore[arg-type]
    assert fast.conforms == reference.conforms
    only_fast = findings(fast) - findings(reference)
    only_pyshacl = findings(reference) - findings(fast)
    assert not only_fast and not only_pyshacl, f"only fast: {only_fast}\nonly pyshacl: {only_pyshacl}"


@pytest.mark.parametrize("case", SHAPE_CASES, ids=[c.name for c in SHAPE_CASES])
def test_engines_agree_on_every_shape_fixture(case: Path) -> None:
    assert_agree(case_graph(case))


GRAPHS = [EXAMPLE, *sorted(p for p in (CASES / "golden").iterdir() if p.is_dir())]


@pytest.mark.parametrize("source", GRAPHS, ids=[p.name for p in GRAPHS])
def test_engines_agree_on_examples(source: Path) -> None:
    assert_agree(kg.load([source / "facts.yaml" if (source / "facts.yaml").exists() else source]))


def test_streamed_validation_finds_what_pyshacl_finds_on_a_generated_corpus(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """bench/generate.py's corpus with planted violations: the build (batches of 4 articles, two
    worker processes) reports exactly what pyshacl reports on the whole graph at once."""
    out = tmp_path / "corpus"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--events", "90", "--out", str(out),
                    "--no-views", "--jobs", "1"], check=True, capture_output=True)
    planted = plant_violations(out / "facts")
    assert planted >= 4
    monkeypatch.setattr(stream, "CHUNK_ARTICLES", 4)
    with pytest.raises(kg.NonConformingError) as info:
        kg.build([out / "facts"], tmp_path / "out.nq", kg.RDFFormat.NQUADS, jobs=2)
    streamed = info.value.report
    assert isinstance(streamed, kg.ValidationReport)
    reference = kg.validate(kg.load([out / "facts"]), engine="pyshacl")
    assert findings(streamed) == findings(reference)
    shapes = Counter(r.shape.rsplit("#", 1)[-1] for r in streamed.results)
    assert shapes["MeetingParticipants"] + shapes["VisitPlace"] == planted, shapes
    assert not (tmp_path / "out.nq").exists()


COUNT_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:PairShape a sh:NodeShape ; sh:targetClass ex:Pair ;
    sh:property [ sh:path ex:member ; sh:minCount 2 ; sh:maxCount 2 ; sh:message "two members" ] ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "a name" ] ;
    sh:property [ sh:path ex:code ; sh:minCount 1 ; sh:maxCount 1 ; sh:message "one code" ] .
"""

COUNT_DATA = """
@prefix ex: <https://example.org/> .
ex:none a ex:Pair .
ex:one a ex:Pair ; ex:name "one" ; ex:code 1 ; ex:member ex:a .
ex:two a ex:Pair ; ex:name "two" ; ex:code 1, 2 ; ex:member ex:a , ex:b .
ex:three a ex:Pair ; ex:name "three" ; ex:code 3 ; ex:member ex:a , ex:b , ex:c .
ex:kinds a ex:Pair ; ex:name "kinds" ; ex:code "1" ; ex:member "1" , 1 .
"""


def test_engines_agree_on_counts_of_one_and_more() -> None:
    """A shape's minCount and maxCount run as one query per kind and count, for several paths at
    once (kg's shapes only ask for one): each finding names its path's message, and values are
    counted as pyshacl counts them (distinct terms; "1" and 1 are two)."""
    shapes = Graph().parse(data=COUNT_SHAPES, format="turtle")
    data = Graph().parse(data=COUNT_DATA, format="turtle")
    store = ox.Store()
    store.load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    fast = Counter((v.focus.rsplit("/", 1)[-1], v.message) for v in compile_shapes(shapes).run(store))
    _conforms, report, _text = shacl_validate(data, shacl_graph=shapes, inference="none")
    assert isinstance(report, Graph)
    reference = Counter((str(report.value(r, SH.focusNode)).rsplit("/", 1)[-1], str(report.value(r, SH.resultMessage)))
                        for r in report.objects(None, SH.result))
    assert fast == reference
    assert fast == Counter({("none", "two members"): 1, ("none", "a name"): 1, ("none", "one code"): 1,
                            ("one", "two members"): 1, ("two", "one code"): 1, ("three", "two members"): 1})
