#!/usr/bin/env python3
"""The baselines of docs perf-baseline.md, each one case per process (bench/run.py starts them).

Cases (CORPUS is a directory made by generate.py; times are printed as one JSON line on stdout):

  fstring CORPUS OUT.nq        the floor: the view mapped to N-Quads with f-strings
  pyoxigraph CORPUS OUT.nq     pyoxigraph terms and quads, streamed into pyoxigraph.serialize
  oxstore CORPUS OUT.nq        pyoxigraph in-memory Store (extend per article), then dump N-Quads
  rdflib CORPUS OUT.nq         naive rdflib: Dataset, Graph.add per triple, serialize N-Quads
  union NQ OUT.nt              the RDF merge of all graphs as N-Triples (pyshacl's input; not a baseline)
  pyshacl DATA.nt              pyshacl: rdflib load + validate with kg's shapes and ontology, no inference
  bulkload NQ STORE_DIR        pyoxigraph.Store(STORE_DIR).bulk_load of the N-Quads
  sparql STORE_DIR ACTOR       kg's named queries (kg/queries/*.rq) on the on-disk store, raw and via kg.query
  rdflib-sparql DATA.nt ACTOR  the same SPARQL on rdflib in memory (load + median per query)

Run it with kg's virtual environment (.venv/bin/python).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mapping import NQuadsSink, Tables, map_record


def records(corpus: Path) -> Iterator[tuple[str, Tables]]:
    """The articles of a corpus's JSON Lines view, in file order."""
    for path in sorted((corpus / "views" / "jsonl").glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                yield rec["a"], rec["t"]


def emit(result: dict[str, Any]) -> None:
    print(json.dumps(result), flush=True)


# --------------------------------------------------------------------------- mapping baselines

def case_fstring(corpus: Path, out: Path) -> dict[str, Any]:
    sink = NQuadsSink()
    quads = 0
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        for a, t in records(corpus):
            map_record(a, t, sink)
            quads += len(sink.buf)
            fh.write(sink.take())
    return {"quads": quads}


class OxSink:
    """pyoxigraph terms; predicate and class IRIs cached (as any sane mapper does)."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.quads: list[Any] = []
        self.g: Any = None
        self.cache: dict[str, Any] = {}

    def node(self, iri: str) -> Any:
        found = self.cache.get(iri)
        if found is None:
            found = self.cache[iri] = self.ox.NamedNode(iri)
        return found

    def graph(self, iri: str) -> None:
        self.g = self.ox.NamedNode(iri)

    def iri(self, s: str, p: str, o: str) -> None:
        NN = self.ox.NamedNode
        self.quads.append(self.ox.Quad(NN(s), self.node(p), NN(o), self.g))

    def plain(self, s: str, p: str, v: str) -> None:
        self.quads.append(self.ox.Quad(self.ox.NamedNode(s), self.node(p), self.ox.Literal(v), self.g))

    def lang(self, s: str, p: str, v: str, tag: str) -> None:
        self.quads.append(self.ox.Quad(self.ox.NamedNode(s), self.node(p), self.ox.Literal(v, language=tag), self.g))

    def typed(self, s: str, p: str, v: str, datatype: str) -> None:
        lit = self.ox.Literal(v, datatype=self.node(datatype))
        self.quads.append(self.ox.Quad(self.ox.NamedNode(s), self.node(p), lit, self.g))


def case_pyoxigraph(corpus: Path, out: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    sink = OxSink()
    count = 0

    def stream() -> Iterator[Any]:
        nonlocal count
        for a, t in records(corpus):
            map_record(a, t, sink)
            count += len(sink.quads)
            yield from sink.quads
            sink.quads.clear()

    ox.serialize(stream(), output=str(out), format=ox.RdfFormat.N_QUADS)
    return {"quads": count}


def case_oxstore(corpus: Path, out: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    sink = OxSink()
    store = ox.Store()
    t0 = time.perf_counter()
    for a, t in records(corpus):
        map_record(a, t, sink)
        store.extend(sink.quads)
        sink.quads.clear()
    t1 = time.perf_counter()
    store.dump(str(out), format=ox.RdfFormat.N_QUADS)
    return {"quads": len(store), "phases": {"map_store": t1 - t0, "dump": time.perf_counter() - t1}}


class RdflibSink:
    def __init__(self) -> None:
        from rdflib import Dataset, Literal, URIRef

        self.ds = Dataset()
        self.URIRef, self.Literal = URIRef, Literal
        self.g: Any = None
        self.add: Callable[[tuple[Any, Any, Any]], Any] = lambda t: None

    def graph(self, iri: str) -> None:
        self.g = self.ds.graph(self.URIRef(iri))
        self.add = self.g.add

    def iri(self, s: str, p: str, o: str) -> None:
        self.add((self.URIRef(s), self.URIRef(p), self.URIRef(o)))

    def plain(self, s: str, p: str, v: str) -> None:
        self.add((self.URIRef(s), self.URIRef(p), self.Literal(v)))

    def lang(self, s: str, p: str, v: str, tag: str) -> None:
        self.add((self.URIRef(s), self.URIRef(p), self.Literal(v, lang=tag)))

    def typed(self, s: str, p: str, v: str, datatype: str) -> None:
        self.add((self.URIRef(s), self.URIRef(p), self.Literal(v, datatype=self.URIRef(datatype))))


def case_rdflib(corpus: Path, out: Path) -> dict[str, Any]:
    sink = RdflibSink()
    t0 = time.perf_counter()
    for a, t in records(corpus):
        map_record(a, t, sink)
    t1 = time.perf_counter()
    sink.ds.serialize(destination=str(out), format="nquads", encoding="utf-8")
    return {"quads": len(sink.ds), "phases": {"build": t1 - t0, "serialize": time.perf_counter() - t1}}


# --------------------------------------------------------------------------- validation, loading, queries

def case_union(nq: Path, out: Path) -> dict[str, Any]:
    """Every triple of every graph once, as N-Triples (what kg's pyshacl engine validates)."""
    import pyoxigraph as ox

    seen: set[Any] = set()
    for quad in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS):
        seen.add(quad.triple)
    ox.serialize(iter(seen), output=str(out), format=ox.RdfFormat.N_TRIPLES)
    return {"triples": len(seen)}


def case_pyshacl(data: Path) -> dict[str, Any]:
    from pyshacl import validate
    from rdflib import Graph

    from kg.resources import ontology_graph, shapes_graph

    t0 = time.perf_counter()
    graph = Graph()
    graph.parse(str(data), format="nt")
    triples = len(graph)
    graph += ontology_graph()
    shapes = shapes_graph()
    t1 = time.perf_counter()
    conforms, report, _ = validate(graph, shacl_graph=shapes, inference="none", abort_on_first=False,
                                   allow_warnings=True, advanced=True)
    t2 = time.perf_counter()
    from rdflib.namespace import SH

    results = len(list(report.objects(None, SH.result)))
    return {"triples": triples, "conforms": bool(conforms), "results": results,
            "phases": {"load": t1 - t0, "validate": t2 - t1}}


def case_bulkload(nq: Path, store_dir: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    store.flush()
    return {"quads": len(store)}


def named_sparql(actor_iri: str) -> list[tuple[str, str]]:
    """kg's named queries with their parameters written into the text (same text for every engine).

    ``param:NAME()`` becomes the bound term, or an unbound variable where the query leaves it open.
    """
    import re

    from kg.query import named_queries

    bound = {"actor": f"<{actor_iri}>", "speaker": f"<{actor_iri}>"}
    out = []
    for q in named_queries():
        text = q.sparql
        text = re.sub(r"param:([A-Za-z_]+)\(\)", lambda m: bound.get(m.group(1), f"?unbound_{m.group(1)}"), text)
        text = text.replace("PREFIX param: <https://w3id.org/geokg/param#>\n", "")
        out.append((q.name, text))
    return out


def _median_ms(run: Callable[[], int], times: int = 5) -> tuple[float, float, int]:
    samples = []
    rows = 0
    for _ in range(times):
        t0 = time.perf_counter()
        rows = run()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), samples[0], rows


def case_sparql(store_dir: Path, actor: str, base: str = "https://w3id.org/geokg/id/") -> dict[str, Any]:
    """Named queries on the on-disk store: the SPARQL alone, then kg.query (actor lookup, labels)."""
    import pyoxigraph as ox

    from kg.query import StoreBackend, query

    t0 = time.perf_counter()
    store = ox.Store.read_only(str(store_dir))
    opened = time.perf_counter() - t0
    actor_iri = f"{base}entity/{actor}"
    out: dict[str, Any] = {"open_s": opened, "queries": {}}
    for name, text in named_sparql(actor_iri):
        def raw(text: str = text) -> int:
            res = store.query(text, use_default_graph_as_union=True)
            assert isinstance(res, ox.QuerySolutions)
            return sum(1 for _ in res)
        med, first, rows = _median_ms(raw)
        params = {"timeline": {"actor": actor}, "statements": {"speaker": actor}, "claims": {"actor": actor},
                  "evidence": {"actor": actor}, "summits": {"actor": actor}, "meetings": {"actor": actor},
                  "visits": {"actor": actor}}.get(name, {})
        backend = StoreBackend(store)

        def via_kg(name: str = name, params: dict[str, str] = params, backend: StoreBackend = backend) -> int:
            return len(query(backend, named=name, params=params, base=base).rows)
        med_kg, first_kg, rows_kg = _median_ms(via_kg)
        out["queries"][name] = {"median_ms": med, "first_ms": first, "rows": rows,
                                "kg_median_ms": med_kg, "kg_first_ms": first_kg, "kg_rows": rows_kg}
    return out


def case_rdflib_sparql(data: Path, actor: str, base: str = "https://w3id.org/geokg/id/") -> dict[str, Any]:
    from rdflib import Graph

    t0 = time.perf_counter()
    graph = Graph()
    graph.parse(str(data), format="nt")
    out: dict[str, Any] = {"load_s": time.perf_counter() - t0, "triples": len(graph), "queries": {}}
    for name, text in named_sparql(f"{base}entity/{actor}"):
        def run(text: str = text) -> int:
            return len(list(graph.query(text)))
        med, first, rows = _median_ms(run, times=3)
        out["queries"][name] = {"median_ms": med, "first_ms": first, "rows": rows}
    return out


CASES: dict[str, Callable[..., dict[str, Any]]] = {
    "fstring": case_fstring, "pyoxigraph": case_pyoxigraph, "oxstore": case_oxstore, "rdflib": case_rdflib,
    "union": case_union, "pyshacl": case_pyshacl, "bulkload": case_bulkload, "sparql": case_sparql,
    "rdflib-sparql": case_rdflib_sparql,
}


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in CASES or argv[0] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    case, args = argv[0], argv[1:]
    paths = 1 if case in ("sparql", "rdflib-sparql") else 2  # the leading arguments that are paths
    conv: list[Any] = [Path(a) if i < paths else a for i, a in enumerate(args)]
    t0 = time.perf_counter()
    result = CASES[case](*conv)
    result["seconds_inside"] = time.perf_counter() - t0
    emit(result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
