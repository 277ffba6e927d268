"""Outputs: byte-identical rebuilds, every format round-trips, rdflib and pyoxigraph agree."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

import kg
from conftest import CASES, EXAMPLE
from kg import rdfio

FORMATS = list(kg.RDFFormat)
OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
              "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    for fmt in FORMATS:
        a = kg.serialize(kg.load([EXAMPLE]), fmt)
        b = kg.serialize(kg.load([EXAMPLE]), fmt)
        assert a == b, fmt


def test_order_of_sources_does_not_matter(tmp_path: Path) -> None:
    for name in ("minimal-meeting", "role-only-and-country"):
        shutil.copytree(CASES / "golden" / name, tmp_path / name)
    one = kg.serialize(kg.load([tmp_path / "minimal-meeting", tmp_path / "role-only-and-country"]), kg.RDFFormat.TRIG)
    two = kg.serialize(kg.load([tmp_path / "role-only-and-country", tmp_path / "minimal-meeting"]), kg.RDFFormat.TRIG)
    assert one == two
    assert kg.serialize(kg.load([tmp_path]), kg.RDFFormat.TRIG) == one


@pytest.mark.parametrize("fmt", FORMATS, ids=[f.value for f in FORMATS])
def test_round_trip_through_rdflib_and_pyoxigraph(fmt: kg.RDFFormat, example_graph: kg.KnowledgeGraph,
                                                  tmp_path: Path) -> None:
    data = kg.serialize(example_graph, fmt)
    expected = example_graph.union()
    via_rdflib = Dataset(default_union=True)
    via_rdflib.parse(data=data, format=fmt.rdflib_name)
    merged = Graph()
    for triple in via_rdflib.triples((None, None, None)):
        merged.add(triple)
    assert isomorphic(merged, expected)
    store = ox.Store()
    store.load(data, format=OX_FORMATS[fmt.value])
    assert len({(q.subject, q.predicate, q.object) for q in store}) == len(expected)
    if fmt.has_graphs:
        graphs = {str(g.value) for g in store.named_graphs()}
        assert graphs == {"https://w3id.org/geokg/id/graph/alwaght-2015-11-24-putin-tehran"}
        # and reading the file back through kg gives the same bytes
        path = tmp_path / f"x.{fmt.value}"
        path.write_bytes(data)
        assert kg.serialize(kg.load([path]), fmt) == data


def test_turtle_keeps_provenance_in_triples(example_graph: kg.KnowledgeGraph) -> None:
    graph = Graph().parse(data=kg.serialize(example_graph, kg.RDFFormat.TURTLE), format="turtle")
    events = set(graph.subjects(predicate=kg.KG.hasParticipation))
    assert len(events) == 17
    for event in events:
        assert graph.value(event, kg.KG.reportedIn) is not None
        assert graph.value(event, kg.KG.evidence) is not None


def test_no_blank_nodes(example_graph: kg.KnowledgeGraph) -> None:
    from rdflib import BNode
    assert not any(isinstance(t, BNode) for triple in example_graph.union() for t in triple)


def test_write_is_atomic_and_replaces(tmp_path: Path, example_graph: kg.KnowledgeGraph) -> None:
    out = tmp_path / "deep" / "out.nt"
    kg.write(example_graph, out)
    first = out.read_bytes()
    kg.write(example_graph, out)
    assert out.read_bytes() == first
    assert [p.name for p in out.parent.iterdir()] == ["out.nt"]


def test_a_big_output_is_written_back_as_it_grows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each stretch of an output is handed to the kernel to write back once it is written (so the
    final fsync has little to wait for), and let go of from the page cache right after the next
    stretch is handed over (on disk by then); the file holds exactly what was written."""
    calls: list[tuple[int, int, int]] = []
    monkeypatch.setattr(rdfio, "WRITEBACK_BYTES", 1000)
    monkeypatch.setattr(rdfio.os, "posix_fadvise",
                        lambda fd, offset, length, advice: calls.append((offset, length, advice)), raising=False)
    pieces = [bytes([65 + i]) * 300 for i in range(25)]
    out = tmp_path / "out.nq"
    with rdfio.atomic_output(out) as handle:
        for piece in pieces:
            handle.write(piece)
    assert out.read_bytes() == b"".join(pieces)
    assert {advice for _, _, advice in calls} == {os.POSIX_FADV_DONTNEED}
    ranges = [(offset, length) for offset, length, _ in calls]
    started = [call for i, call in enumerate(ranges) if call not in ranges[:i]]
    assert started == [(i * 1200, 1200) for i in range(6)]  # every 1,000 bytes or more, contiguous
    assert ranges == started[:1] + [call for pair in zip(started[1:], started[:-1], strict=True) for call in pair]


def test_the_build_writes_the_same_bytes_with_writeback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(rdfio, "WRITEBACK_BYTES", 1000)
    monkeypatch.setattr(rdfio.os, "posix_fadvise",
                        lambda fd, offset, length, advice: calls.append((offset, length)), raising=False)
    out = tmp_path / "out.nq"
    report = kg.build([EXAMPLE], out, kg.RDFFormat.NQUADS)
    assert report.triples and calls and calls[0] == (0, out.stat().st_size)  # the example is one write
    expected = tmp_path / "again.nq"
    monkeypatch.setattr(rdfio, "WRITEBACK_BYTES", 1 << 40)  # never
    kg.build([EXAMPLE], expected, kg.RDFFormat.NQUADS)
    assert out.read_bytes() == expected.read_bytes()
