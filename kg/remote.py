"""A knowledge graph on a remote SPARQL 1.1 store: query it, push article graphs to it, export it back.

* :class:`EndpointBackend` answers kg's queries on the store (SPARQLWrapper, JSON results), so
  ``kg.query(EndpointBackend(endpoint), named=…)`` gives the same :class:`~kg.query.QueryResult`
  as the local query on the same data.
* :func:`push` sends one named graph per article: a Graph Store Protocol PUT (which replaces the
  graph) when a graph store URL is known, else SPARQL Update (``DROP SILENT GRAPH`` then
  ``INSERT DATA``). Pushing twice leaves the store as after once.
* :func:`export_remote` reads graphs back (Graph Store GET or a SELECT) as sorted N-Quads or any
  format kg writes.

How parameters reach a remote query: a remote store cannot call kg's ``param:NAME()`` functions, so
each call is replaced in the query text by the bound RDF term written in strict N-Triples syntax
(``str()`` of a pyoxigraph term), or by a fresh variable ``?__unbound_NAME`` when the parameter is
not given. This is safe because what is pasted is always exactly one SPARQL term token, never free
text: an IRI is ``<…>`` and pyoxigraph refuses IRIs holding ``>``, spaces, quotes or braces; a literal
is ``"…"`` with every ``"``, ``\\``, newline and control character escaped, followed by a language tag
or ``^^<datatype>`` that pyoxigraph checked. A value holding ``" } UNION {`` or ``DROP ALL`` stays
inside its quotes. Values are never turned into SPARQL by any other way.
"""

from __future__ import annotations

import ast
import json
import re
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, SELECT, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

from kg.endpoint import DefaultGraph, Endpoint, Failure, classify, classify_http, send, where, with_retries
from kg.errors import QueryError, StoreError, UsageError
from kg.graph import KnowledgeGraph
from kg.iris import Minter
from kg.namespace import DEFAULT_BASE
from kg.query import Bindings, Row, Term, bind_parameters, to_store
from kg.rdfio import RDFFormat, serialize

_SW_STATUS: dict[type[SPARQLWrapperException], int] = {
    QueryBadFormed: 400, Unauthorized: 401, EndPointNotFound: 404, URITooLong: 414, EndPointInternalError: 500}


class EndpointBackend:
    """Runs kg's SELECT queries on a SPARQL endpoint (the :class:`~kg.query.Backend` protocol).

    >>> result = kg.query(EndpointBackend(Endpoint.from_url("http://localhost:7878")),
    ...                   named="meetings", params={"actor": "putin"})  # doctest: +SKIP
    """

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self._graphs: list[str] | None = None

    def select(self, sparql: str, bound: Bindings) -> tuple[list[str], list[Row]]:
        """Run a SELECT with ``param:NAME()`` calls replaced by their terms; see the module docstring."""
        dataset: list[str] = []
        if self.endpoint.default_graph is DefaultGraph.NAMED_GRAPHS:
            dataset = self.graphs()
        return self.run(bind_parameters(sparql, bound), dataset)

    def graphs(self) -> list[str]:
        """The IRIs of the store's named graphs, sorted (asked once, then kept)."""
        if self._graphs is None:
            _, rows = self.run("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", [])
            self._graphs = sorted(t.value for row in rows for t in row.values() if isinstance(t, ox.NamedNode))
        return self._graphs

    def run(self, sparql: str, dataset: list[str]) -> tuple[list[str], list[Row]]:
        """Send a SELECT as is, with ``dataset`` as its default and named graphs (none: the store's)."""
        url = self.endpoint.query

        def attempt() -> tuple[str, bytes]:
            wrapper = SPARQLWrapper(url)  # made per request, never kept: its str() shows the headers
            wrapper.setMethod(POST)
            wrapper.setRequestMethod(URLENCODED)
            wrapper.setReturnFormat(JSON)
            wrapper.timeout = self.endpoint.timeout  # type: ignore[assignment]  # a float works with urllib
            wrapper.setQuery(sparql)
            if wrapper.queryType != SELECT or wrapper.isSparqlUpdateRequest():
                raise QueryError("only SELECT queries are supported here (use kg export for CONSTRUCT)")
            for graph in dataset:
                wrapper.addDefaultGraph(graph)
                wrapper.addNamedGraph(graph)
            for name, value in self.endpoint.headers().items():
                wrapper.addCustomHttpHeader(name, value)
            response = wrapper.query().response
            try:
                return response.headers.get("Content-Type", ""), response.read()
            finally:
                response.close()

        content_type, body = with_retries(self.endpoint, attempt, lambda exc: _classify(url, exc, self.endpoint))
        data = _results(url, content_type, body)
        names = [str(v) for v in data["head"].get("vars", [])]
        rows: list[Row] = []
        for binding in data["results"].get("bindings", []):
            rows.append({name: _term(binding.get(name), url) for name in names})
        return names, rows


def _classify(url: str, exc: BaseException, endpoint: Endpoint) -> Failure | None:
    if isinstance(exc, SPARQLWrapperException):
        code = next((c for kind, c in _SW_STATUS.items() if isinstance(exc, kind)), 500)
        return classify_http(url, code, "", _said(exc), "", endpoint)
    return classify(url, exc, endpoint)


def _said(exc: SPARQLWrapperException) -> bytes:
    """The store's answer, which SPARQLWrapper keeps only inside its message (as a bytes repr)."""
    _, sep, tail = str(exc).partition("\n\nResponse:\n")
    if not sep:
        return b""
    try:
        value = ast.literal_eval(tail)  # a literal only, never code
    except (ValueError, SyntaxError):
        return tail.encode()
    return value if isinstance(value, bytes) else str(value).encode()


def _results(url: str, content_type: str, body: bytes) -> dict[str, Any]:
    if "json" not in content_type.lower():
        kind = content_type.split(";")[0] or "no content type"
        raise StoreError(f"{where(url)} is not a SPARQL endpoint: it answered a query with {kind}, "
                         "not SPARQL JSON results (check --endpoint; see docs/stores.md)")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise StoreError(f"{where(url)} is not a SPARQL endpoint: its answer is not JSON") from exc
    if not isinstance(data, dict) or "head" not in data or "results" not in data:
        raise StoreError(f"{where(url)} is not a SPARQL endpoint: its answer has no SPARQL results")
    return data


def _term(value: Mapping[str, Any] | None, url: str) -> Term | None:
    """A SPARQL JSON result term as a pyoxigraph term."""
    if value is None:
        return None
    kind, text = value.get("type"), str(value.get("value", ""))
    try:
        if kind == "uri":
            return ox.NamedNode(text)
        if kind in ("literal", "typed-literal"):
            if value.get("xml:lang"):
                return ox.Literal(text, language=str(value["xml:lang"]))
            if value.get("datatype"):
                return ox.Literal(text, datatype=ox.NamedNode(str(value["datatype"])))
            return ox.Literal(text)
        if kind == "bnode":
            return ox.BlankNode(re.sub(r"[^A-Za-z0-9_]", "_", text) or None)
        if kind == "triple":
            triple = value["value"]
            s, p, o = (_term(triple[k], url) for k in ("subject", "predicate", "object"))
            return ox.Triple(s, p, o)  # type: ignore[arg-type]
    except (ValueError, TypeError, KeyError) as exc:
        raise StoreError(f"{where(url)} answered an invalid RDF term {text!r}: {exc}") from exc
    raise StoreError(f"{where(url)} answered an unknown kind of RDF term {kind!r}")


@dataclass(frozen=True)
class PushReport:
    """What :func:`push` sent: graphs and triples, where, and by which protocol (``graph-store`` or ``update``)."""

    graphs: int
    triples: int
    url: str
    protocol: str


#: Called after each request: (graph IRI, triples sent so far, triples in all).
PushProgress = Callable[[str, int, int], None]


def article_graphs(kg: KnowledgeGraph) -> dict[str, list[str]]:
    """Each named graph's triples as sorted N-Triples lines (written by kg, never user text).

    Raises:
        UsageError: some triples are in no named graph (a Turtle or N-Triples input).
    """
    graphs: dict[str, list[str]] = {}
    loose = 0
    for quad in to_store(kg):
        if isinstance(quad.graph_name, ox.DefaultGraph):
            loose += 1
            continue
        graphs.setdefault(quad.graph_name.value, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    for lines in graphs.values():
        lines.sort()
    if loose:
        raise UsageError(f"{loose} triple(s) of the input are in no named graph (Turtle and N-Triples files have "
                         "none); push sends one named graph per article: push the facts, or an .nq or .trig file")
    if not graphs:
        raise UsageError("nothing to push: the input has no named graphs")
    return graphs


def push(kg: KnowledgeGraph, endpoint: Endpoint, *, batch_triples: int = 10_000,
         progress: PushProgress | None = None) -> PushReport:
    """Send every article's named graph to the store, replacing what the store had in those graphs.

    With a graph store URL each graph is sent with ``PUT`` (replace) and, past ``batch_triples``,
    the rest with ``POST`` (add). Otherwise SPARQL Update requests carry ``DROP SILENT GRAPH <g>``
    then ``INSERT DATA`` for each graph; small graphs share a request, a big one is split after its
    DROP. Every request can be repeated without harm, so a retried request or a whole re-run after
    an interruption leaves the store exactly as one clean push; other graphs are never touched.
    A graph with blank nodes is never split (its blank nodes must arrive in one request).

    Raises:
        UsageError: no update or graph store URL, or triples outside named graphs.
        StoreError: the store is unreachable or says no (after retries).

    >>> push(kg.load(["examples/putin-tehran-2015"]), Endpoint.from_url("http://localhost:7878"))  # doctest: +SKIP
    PushReport(graphs=1, triples=1012, url='http://localhost:7878/store', protocol='graph-store')
    """
    if batch_triples < 1:
        raise UsageError(f"--batch {batch_triples}: give 1 or more triples per request")
    endpoint.require_write()
    graphs = article_graphs(kg)
    total = sum(len(lines) for lines in graphs.values())
    sent = 0
    chunks = [(iri, index, chunk) for iri, lines in sorted(graphs.items())
              for index, chunk in enumerate(_chunks(lines, batch_triples))]
    if endpoint.graph_store is not None:
        store = endpoint.graph_store
        for iri, index, chunk in chunks:
            url = store + ("&" if "?" in store else "?") + "graph=" + urllib.parse.quote(iri, safe="")
            send(endpoint, "PUT" if index == 0 else "POST", url, body=("\n".join(chunk) + "\n").encode("utf-8"),
                 content_type="application/n-triples")
            sent += len(chunk)
            if progress is not None:
                progress(iri, sent, total)
        return PushReport(len(graphs), total, where(store), "graph-store")
    assert endpoint.update is not None
    operations: list[str] = []
    pending = 0
    for position, (iri, index, chunk) in enumerate(chunks):
        name = str(ox.NamedNode(iri))
        if index == 0:
            operations.append(f"DROP SILENT GRAPH {name}")
        operations.append(f"INSERT DATA {{ GRAPH {name} {{\n" + "\n".join(chunk) + "\n} }")
        pending += len(chunk)
        if pending >= batch_triples or position == len(chunks) - 1:
            send(endpoint, "POST", endpoint.update, body=(" ;\n".join(operations) + "\n").encode("utf-8"),
                 content_type="application/sparql-update")
            sent += pending
            operations, pending = [], 0
            if progress is not None:
                progress(iri, sent, total)
    return PushReport(len(graphs), total, where(endpoint.update), "update")


def _chunks(lines: list[str], size: int) -> list[list[str]]:
    if any("_:" in line for line in lines) or len(lines) <= size:
        return [lines]
    return [lines[start:start + size] for start in range(0, len(lines), size)]


def export_remote(endpoint: Endpoint, *, graph: str | None = None, fmt: RDFFormat = RDFFormat.NQUADS,
                  base: str = DEFAULT_BASE) -> bytes:
    """Read the store's named graphs (or one article's) back, serialized deterministically.

    One graph comes by Graph Store GET when a graph store URL is known, else by a SELECT; all graphs
    by one SELECT over the query URL. The bytes come from kg's own writer (:func:`kg.rdfio.serialize`,
    quads sorted), so a push followed by an export gives what ``kg build -o all.nq`` wrote.

    Args:
        graph: an article id (its graph IRI is minted under ``base``) or a graph IRI.
        fmt: the output format; ttl and nt merge the graphs.

    Raises:
        UsageError: no such graph in the store.
        StoreError: the store is unreachable or says no.
    """
    backend = EndpointBackend(endpoint)
    quads: list[ox.Quad] = []
    if graph is None:
        _, rows = backend.run("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", [])
        quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]  # type: ignore[arg-type]
    else:
        iri = graph if "://" in graph else str(Minter(base).graph(graph))
        if iri not in backend.graphs():
            known = ", ".join(backend.graphs()[:5]) or "none"
            raise UsageError(f"--graph {graph}: the store has no graph {iri} (graphs: {known}"
                             f"{', …' if len(backend.graphs()) > 5 else ''})")
        name = ox.NamedNode(iri)
        if endpoint.graph_store is not None:
            store = endpoint.graph_store
            url = store + ("&" if "?" in store else "?") + "graph=" + urllib.parse.quote(iri, safe="")
            answer = send(endpoint, "GET", url, accept="application/n-triples")
            media = answer.content_type.split(";")[0].strip()
            rdf_format = ox.RdfFormat.from_media_type(media) if media else None
            if rdf_format is None:
                raise StoreError(f"{where(store)} is not a graph store: it answered {media or 'no content type'}")
            try:
                triples = list(ox.parse(answer.body, format=rdf_format))
            except SyntaxError as exc:
                raise StoreError(f"{where(store)} answered {media} that does not parse: {exc}") from exc
            quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]
        else:
            _, rows = backend.run(f"SELECT ?s ?p ?o WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}", [])
            quads = [ox.Quad(r["s"], r["p"], r["o"], name) for r in rows]  # type: ignore[arg-type]
    out = ox.Store()
    out.extend(quads)
    return serialize(out, fmt)


__all__ = ["EndpointBackend", "PushProgress", "PushReport", "article_graphs", "bind_parameters", "export_remote",
           "push"]
