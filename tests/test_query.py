"""Named queries: actor resolution, and parameters that are values, never query text."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pyoxigraph as ox
import pytest

import kg
from conftest import ROOT

HOSTILE = [
    'putin" } UNION { ?s ?p ?o } #',
    "} ; DROP ALL ; SELECT * WHERE {",
    "x' . ?event ?p ?o . FILTER('1'='1",
    "<http://example.org/> UNION",
    "line\nbreak",
    "# comment",
]


@pytest.mark.parametrize("value", ["putin", "Vladimir Putin", "vladimir putin", "فلاديمير بوتين", "Q7747",
                                   "https://w3id.org/geokg/id/entity/putin"])
def test_actor_accepts_key_label_qid_iri(example_graph: kg.KnowledgeGraph, value: str) -> None:
    result = kg.query(example_graph, named="visits", params={"actor": value})
    assert len(result.rows) == 2


def test_actor_by_country_code(example_graph: kg.KnowledgeGraph) -> None:
    for code in ("IR", "IRN", "Iran"):
        result = kg.query(example_graph, named="visits", params={"actor": code})
        assert len(result.rows) == 2, code


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_actor_values_are_plain_values(example_graph: kg.KnowledgeGraph, value: str) -> None:
    with pytest.raises(kg.QueryError, match=r"no entity|no such node"):
        kg.query(example_graph, named="meetings", params={"actor": value})


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_status_values_are_refused(example_graph: kg.KnowledgeGraph, value: str) -> None:
    with pytest.raises(kg.QueryError, match="is not a status"):
        kg.query(example_graph, named="claims", params={"status": value})


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_event_values_are_plain_values(example_graph: kg.KnowledgeGraph, value: str) -> None:
    with pytest.raises(kg.QueryError, match="no such event"):
        kg.query(example_graph, named="evidence", params={"event": value})


def test_own_sparql_parameters(example_graph: kg.KnowledgeGraph) -> None:
    iri_form = "SELECT ?v WHERE { BIND (<https://w3id.org/geokg/param#v>() AS ?v) }"
    assert kg.query(example_graph, sparql=iri_form, params={"v": "x"}).rows == (("x",),)
    with pytest.raises(kg.QueryError, match="does not use --param w"):
        kg.query(example_graph, sparql=iri_form, params={"v": "x", "w": "y"})
    with pytest.raises(kg.QueryError, match="the query failed"):
        kg.query(example_graph, sparql="SELECT ?v WHERE { BIND (<urn:no-such-function>() AS ?v) }")


def test_actor_names_are_agents_or_places(example_graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(kg.QueryError, match="no entity"):  # a post's name is not an actor
        kg.query(example_graph, named="meetings", params={"actor": "Minister of Foreign Affairs"})
    assert len(kg.query(example_graph, named="visits", params={"actor": "ir"}).rows) == 2


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_in_sparql_text_params(example_graph: kg.KnowledgeGraph, value: str) -> None:
    sparql = ("PREFIX param: <https://w3id.org/geokg/param#> "
              "SELECT ?v WHERE { BIND (param:value() AS ?v) }")
    result = kg.query(example_graph, sparql=sparql, params={"value": value})
    assert result.rows == ((value,),)


def test_bad_date_parameter(example_graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(kg.QueryError, match="is not a date"):
        kg.query(example_graph, named="meetings", params={"from": "2015-13"})


def test_date_range_filters(example_graph: kg.KnowledgeGraph) -> None:
    result = kg.query(example_graph, named="visits", params={"from": "2000", "to": "2010"})
    assert [r[0] for r in result.rows] == ["2007"]


def test_labels_in_another_language(example_graph: kg.KnowledgeGraph) -> None:
    result = kg.query(example_graph, named="visits", params={"actor": "putin"}, lang="ar")
    assert result.rows[0][1] == "فلاديمير بوتين"


def test_event_parameter(example_graph: kg.KnowledgeGraph) -> None:
    result = kg.query(example_graph, named="evidence", params={"event": "putin-khamenei-meeting"})
    assert len(result.rows) == 1
    with pytest.raises(kg.QueryError, match="no such event"):
        kg.query(example_graph, named="evidence", params={"event": "nope"})
    with pytest.raises(kg.QueryError, match="no such event"):
        kg.query(example_graph, named="evidence", params={"event": "https://example.org/not-an-event"})
    summit = kg.query(example_graph, named="evidence", params={"event": "gecf-summit"})
    assert len(summit.rows) == 2  # its own quote and Putin's attendance


def test_every_named_query_runs_and_has_documented_columns(example_graph: kg.KnowledgeGraph) -> None:
    for spec in kg.named_queries():
        params = {p.name: "putin" for p in spec.parameters if p.required}
        result = kg.query(example_graph, named=spec.name, params=params)
        assert result.columns == tuple(c.name for c in spec.columns)
        assert result.rows, spec.name


@pytest.fixture(scope="module")
def generated_graph(tmp_path_factory: pytest.TempPathFactory) -> kg.KnowledgeGraph:
    """bench/generate.py's corpus: every event type, shared actors in many articles."""
    out = tmp_path_factory.mktemp("generated") / "corpus"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--events", "400", "--out", str(out),
                    "--no-views", "--jobs", "1"], check=True, capture_output=True)
    return kg.load([out / "facts"])


def _general(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make kg run every named query in its general form."""
    query_module = sys.modules["kg.query"]
    monkeypatch.setattr(query_module, "NAMED_QUERIES",
                        tuple(replace(spec, focus=None) for spec in query_module.NAMED_QUERIES))


@pytest.mark.parametrize("spec", [s for s in kg.named_queries() if s.focus], ids=lambda s: s.name)
def test_focused_forms_answer_as_the_general_ones(spec: kg.NamedQuery, generated_graph: kg.KnowledgeGraph,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """NAME.by-PARAM.rq starts from the actor; for every actor (and with the other parameters) it
    must give exactly the rows, in the order, of NAME.rq."""
    actors = sorted({q.object.value for q in generated_graph.store.quads_for_pattern(
        None, ox.NamedNode(str(kg.KG.agent)), None)})
    assert len(actors) > 20
    actors = actors[:: max(1, len(actors) // 30)]  # 30 of them, the frequent and the rare
    extra: list[dict[str, str]] = [{}]
    names = {p.name for p in spec.parameters}
    if "from" in names:
        extra += [{"from": "2005"}, {"to": "2010-06"}]
    if "status" in names:
        extra += [{"status": "expected"}]
    cases = [{spec.focus or "": actor, **more} for actor in actors for more in extra]
    focused = [kg.query(generated_graph, named=spec.name, params=params) for params in cases]
    _general(monkeypatch)
    general = [kg.query(generated_graph, named=spec.name, params=params) for params in cases]
    assert sum(len(r.rows) for r in general) > 0
    for params, one, other in zip(cases, focused, general, strict=True):
        assert one == other, params


@pytest.mark.parametrize("how", ["bulk", "articles"])
def test_a_store_on_disk_answers_every_named_query_as_memory_does(
        how: str, generated_graph: kg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The same graph in an on-disk store (kg's N-Quads through the bulk loader and compacted, or
    loaded as RDF graph by graph): every named query, for frequent and rare actors and with no
    parameter, gives the rows of the in-memory graph, in their order. Entity descriptions repeat
    in every article graph, so a label read once per graph would show here."""
    work = tmp_path_factory.mktemp(f"store-{how}")
    nquads = work / "graph.nq"
    nquads.write_bytes(kg.serialize(generated_graph, kg.RDFFormat.NQUADS))
    store = kg.open_store(work / "store", create=True)
    report = kg.load_into(store, [nquads], bulk=how == "bulk")
    assert report.quads == len(generated_graph.store) and report.optimized == (how == "bulk")
    stored = kg.StoreBackend(store)
    counts = sorted(((len(list(generated_graph.store.quads_for_pattern(None, ox.NamedNode(str(kg.KG.agent)), a))),
                      a.value) for a in {q.object for q in generated_graph.store.quads_for_pattern(
                          None, ox.NamedNode(str(kg.KG.agent)), None)}), reverse=True)
    actors = [actor for _n, actor in counts[:3] + counts[-2:]]
    compared = 0
    for spec in kg.named_queries():
        cases: list[dict[str, str]] = [{spec.focus or "actor": actor} for actor in actors]
        if not any(p.required for p in spec.parameters):
            cases.append({})
        for params in cases:
            memory = kg.query(generated_graph, named=spec.name, params=params)
            assert kg.query(stored, named=spec.name, params=params) == memory, (spec.name, params)
            compared += len(memory.rows)
    assert compared > 500
    del stored, store
