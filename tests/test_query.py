"""Named queries: actor resolution, and parameters that are values, never query text."""

from __future__ import annotations

import pytest

import kg

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
