#!/usr/bin/env python3
"""The baselines of docs perf-baseline.md, each one case per process (bench/run.py starts them).

Cases (CORPUS is a directory made by generate.py; times are printed as one JSON line on stdout):

  fstring CORPUS OUT.nq        the floor: the view mapped to N-Quads with f-strings
  pyoxigraph CORPUS OUT.nq     pyoxigraph terms and quads, streamed into pyoxigraph.serialize
  oxstore CORPUS OUT.nq        pyoxigraph in-memory Store (extend per article), then dump N-Quads
  rdflib CORPUS OUT.nq         naive rdflib: Dataset, Graph.add per triple, serialize N-Quads
  union NQ OUT.nt [MAX]        the RDF merge of all graphs as N-Triples (pyshacl's input; not a baseline);
                               with MAX, only the first articles' graphs, up to about MAX quads
  pyshacl DATA.nt              pyshacl: rdflib load + validate with kg's shapes and ontology, no inference
  bulkload NQ STORE_DIR        pyoxigraph.Store(STORE_DIR).bulk_load of the N-Quads
  sparql STORE_DIR ACTOR [S]   kg's named queries (kg/queries/*.rq) on the on-disk store, raw and via kg.query
                               (each stopped after S seconds, default 300)
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

def case_union(nq: Path, out: Path, limit: str = "0") -> dict[str, Any]:
    """Every triple of every graph once, as N-Triples (what kg's pyshacl engine validates).

    With a limit, stop at the first graph boundary after that many quads (a sample of whole articles).
    """
    import pyoxigraph as ox

    most = int(limit)
    seen: set[Any] = set()
    graphs: set[Any] = set()
    quads = 0
    for quad in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS):
        if most and quads >= most and quad.graph_name not in graphs:
            break
        graphs.add(quad.graph_name)
        seen.add(quad.triple)
        quads += 1
    ox.serialize(iter(seen), output=str(out), format=ox.RdfFormat.N_TRIPLES)
    return {"triples": len(seen), "quads": quads, "graphs": len(graphs)}


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

    The text is the form kg runs for these parameters (the focused form of a query with an actor);
    ``param:NAME()`` becomes the bound term, or an unbound variable where the query leaves it open.
    """
    import re

    import pyoxigraph as ox

    from kg.query import named_queries

    bound = {"actor": f"<{actor_iri}>", "speaker": f"<{actor_iri}>"}
    terms = {name: ox.NamedNode(actor_iri) for name in bound}
    out = []
    for q in named_queries():
        text = q.sparql_for(terms) if hasattr(q, "sparql_for") else q.sparql
        text = re.sub(r"param:([A-Za-z_]+)\(\)", lambda m: bound.get(m.group(1), f"?unbound_{m.group(1)}"), text)
        text = text.replace("PREFIX param: <https://w3id.org/geokg/param#>\n", "")
        out.append((q.name, text))
    return out


def _median_ms(run: Callable[[], int], times: int = 5, slow_ms: float = 10_000) -> tuple[float, float, int]:
    """Median of ``times`` runs in milliseconds (one run only when the first takes over ``slow_ms``)."""
    samples = []
    rows = 0
    for _ in range(times):
        t0 = time.perf_counter()
        rows = run()
        samples.append((time.perf_counter() - t0) * 1000)
        if samples[0] > slow_ms:
            break
    return statistics.median(samples), samples[0], rows


class QueryTimeout(Exception):
    pass


def _with_limit(run: Callable[[], int], seconds: int) -> Callable[[], int]:
    """Stop a pure-Python query (rdflib) after ``seconds`` with SIGALRM."""
    import signal

    def limited() -> int:
        def stop(signum: int, frame: object) -> None:
            raise QueryTimeout
        old = signal.signal(signal.SIGALRM, stop)
        signal.alarm(seconds)
        try:
            return run()
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
    return limited


QUERY_PARAMS = {"timeline": "actor", "statements": "speaker", "claims": "actor", "evidence": "actor",
                "summits": "actor", "meetings": "actor", "visits": "actor"}


def _sparql_child(conn: Any, store_dir: str, name: str, text: str, actor: str, base: str, via_kg: bool) -> None:
    """In a forked child: open the store, time one query (raw SPARQL or kg.query), send the timings."""
    import pyoxigraph as ox

    from kg.query import StoreBackend, query

    store = ox.Store.read_only(store_dir)

    def raw() -> int:
        res = store.query(text, use_default_graph_as_union=True)
        assert isinstance(res, ox.QuerySolutions)
        return sum(1 for _ in res)

    def kg_query() -> int:
        params = {QUERY_PARAMS[name]: actor} if name in QUERY_PARAMS else {}
        return len(query(StoreBackend(store), named=name, params=params, base=base).rows)

    conn.send(_median_ms(kg_query if via_kg else raw))
    conn.close()


def _limited(limit: float, *args: Any) -> tuple[float, float, int] | None:
    """Run :func:`_sparql_child` in a forked process; None when it takes over ``limit`` seconds."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_sparql_child, args=(send, *args))
    child.start()
    send.close()
    try:
        if receive.poll(limit):
            result: tuple[float, float, int] = receive.recv()
            return result
        return None
    finally:
        if child.is_alive():
            child.kill()
        child.join()


def case_sparql(store_dir: Path, actor: str, limit: str = "300",
                base: str = "https://w3id.org/geokg/id/") -> dict[str, Any]:
    """Named queries on the on-disk store: the SPARQL alone, then kg.query (actor lookup, labels).

    Each query runs in a child process (median of 5, or 1 run when the first takes over 10 s) and
    is stopped after ``limit`` seconds.
    """
    import pyoxigraph as ox

    t0 = time.perf_counter()
    store = ox.Store.read_only(str(store_dir))
    opened = time.perf_counter() - t0
    del store
    out: dict[str, Any] = {"open_s": opened, "limit_s": float(limit), "queries": {}}
    for name, text in named_sparql(f"{base}entity/{actor}"):
        entry: dict[str, Any] = {}
        for prefix, via_kg in (("", False), ("kg_", True)):
            timed = _limited(float(limit), str(store_dir), name, text, actor, base, via_kg)
            if timed is None:
                entry.update({f"{prefix}median_ms": None, f"{prefix}stopped_after_s": float(limit)})
            else:
                entry.update({f"{prefix}median_ms": timed[0], f"{prefix}first_ms": timed[1],
                              f"{prefix}rows": timed[2]})
        out["queries"][name] = entry
    return out


def case_rdflib_sparql(data: Path, actor: str, base: str = "https://w3id.org/geokg/id/",
                       limit: int = 300) -> dict[str, Any]:
    """The named queries on rdflib in memory: median of 3 (1 when slow); a query over ``limit`` s is stopped."""
    from rdflib import Graph

    t0 = time.perf_counter()
    graph = Graph()
    graph.parse(str(data), format="nt")
    out: dict[str, Any] = {"load_s": time.perf_counter() - t0, "triples": len(graph), "queries": {}}
    for name, text in named_sparql(f"{base}entity/{actor}"):
        def run(text: str = text) -> int:
            return len(list(graph.query(text)))
        note = ""
        try:
            try:
                med, first, rows = _median_ms(_with_limit(run, limit), times=3)
            except QueryTimeout:
                raise
            except Exception as exc:  # rdflib fails on some of kg's queries: time them without ORDER BY
                note = f"rdflib fails ({type(exc).__name__}: {str(exc)[:80]}); timed without ORDER BY"
                plain = text[:text.rindex("ORDER BY")] if "ORDER BY" in text else text

                def unordered(plain: str = plain) -> int:
                    return run(plain)
                med, first, rows = _median_ms(_with_limit(unordered, limit), times=3)
        except QueryTimeout:
            out["queries"][name] = {"median_ms": None, "stopped_after_s": limit, "note": note}
            continue
        out["queries"][name] = {"median_ms": med, "first_ms": first, "rows": rows, "note": note}
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
