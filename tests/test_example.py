"""The worked example: it builds, conforms, and answers the competency questions CQ1–CQ9."""

from __future__ import annotations

import kg
from conftest import EXAMPLE


def rows(graph: kg.KnowledgeGraph, **kwargs: object) -> list[dict[str, str]]:
    result = kg.query(graph, **kwargs)  # type: ignore[arg-type]
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def sparql_file(graph: kg.KnowledgeGraph, name: str) -> list[dict[str, str]]:
    return rows(graph, sparql=(EXAMPLE / "queries" / name).read_text("utf-8"))


def test_example_conforms(example_graph: kg.KnowledgeGraph) -> None:
    report = kg.validate(example_graph)
    assert report.conforms, str(report)
    assert example_graph.articles == ["alwaght-2015-11-24-putin-tehran"]


def test_cq1_whom_putin_met_in_tehran(example_graph: kg.KnowledgeGraph) -> None:
    found = rows(example_graph, named="meetings",
                 params={"actor": "putin", "from": "2015-11-23", "to": "2015-11-23"})
    occurred = [r for r in found if r["status"] == "occurred" and r["place"] == "Tehran"]
    assert [r["participants"] for r in occurred] == ["Ali Khamenei, Vladimir Putin"]


def test_cq2_summit_attended(example_graph: kg.KnowledgeGraph) -> None:
    found = rows(example_graph, named="summits", params={"actor": "Q7747"})
    assert len(found) == 1
    assert found[0]["date"] == "2015-11-23" and found[0]["place"] == "Tehran"
    assert "Gas Exporting Countries Forum" in found[0]["organizers"]
    assert "Vladimir Putin" in found[0]["attendees"]


def test_cq3_russia_iran_meetings(example_graph: kg.KnowledgeGraph) -> None:
    found = sparql_file(example_graph, "cq3-russia-iran-meetings.rq")
    events = sorted(r["event"].rsplit("/", 1)[1] for r in found)
    assert events == ["foreign-ministers-meetings", "larijani-putin-sochi", "putin-khamenei-meeting"]
    fm = next(r for r in found if r["event"].endswith("foreign-ministers-meetings"))
    assert fm["count"] == "3" and fm["date"] == "2015-06/2015-11"


def test_cq4_peskov(example_graph: kg.KnowledgeGraph) -> None:
    found = rows(example_graph, named="statements", params={"speaker": "Dmitry Peskov"})
    assert len(found) == 1
    assert found[0]["about"] == "Putin–Khamenei meeting in Tehran"
    assert "ركز النقاش" in found[0]["quote"]
    positions = rows(example_graph, sparql="""
        PREFIX kg: <https://w3id.org/geokg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?post WHERE { ?h kg:holder <https://w3id.org/geokg/id/entity/peskov> ; kg:post/rdfs:label ?post
                             FILTER (LANG(?post) = "en") }""")
    assert positions == [{"post": "Press Secretary of the President of Russia"}]


def test_cq5_outlet_claims(example_graph: kg.KnowledgeGraph) -> None:
    found = sparql_file(example_graph, "cq5-outlet-claims.rq")
    assert sorted(r["outlet"] for r in found) == ["BuzzFeed News", "Financial Times"]
    assert {r["reported_by"] for r in found} == {"Al-Waght"}


def test_cq6_previous_visit(example_graph: kg.KnowledgeGraph) -> None:
    found = rows(example_graph, named="visits", params={"actor": "putin"})
    assert [r["date"] for r in found] == ["2007", "2015-11-23"]
    assert all(r["destination"] == "Tehran" for r in found)


def test_cq7_expected_topics(example_graph: kg.KnowledgeGraph) -> None:
    found = rows(example_graph, named="claims", params={"status": "expected"})
    assert len(found) == 1
    assert found[0]["asserted_by"] == "Russian sources" and found[0]["certainty"] == "probable"
    for topic in ("investments", "nuclear issue", "Syria settlement"):
        assert topic in found[0]["topics"]


def test_cq8_every_fact_has_evidence(example_graph: kg.KnowledgeGraph) -> None:
    text = (EXAMPLE / "article.ar.txt").read_text("utf-8")
    found = rows(example_graph, named="evidence")
    assert len({r["event"] for r in found}) == 17
    for r in found:
        assert text[int(r["start"]):int(r["end"])] == r["quote"]


def test_cq9_putin_timeline(example_graph: kg.KnowledgeGraph) -> None:
    found = rows(example_graph, named="timeline", params={"actor": "فلاديمير بوتين"})
    dates = [r["date"] for r in found]
    # FACTS.md: the 2007 visit; the Sochi meeting (only known to be before the article); 2015-11-23
    assert dates[:2] == ["2007", "before 2015-11-24"]
    assert set(dates[2:]) == {"2015-11-23"}
    assert {r["type"] for r in found if r["date"] == "2015-11-23"} >= {"Visit", "Summit", "Meeting"}
