"""Serialize a knowledge graph, whole or one article, and write it atomically."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from kg.errors import UsageError
from kg.graph import KnowledgeGraph
from kg.iris import Minter
from kg.rdfio import RDFFormat, write_atomic
from kg.rdfio import serialize as serialize_store


def graph_iri(kg: KnowledgeGraph, graph: str) -> URIRef:
    """The named graph of an article id (or a graph IRI as given)."""
    iri = URIRef(graph) if "://" in graph else Minter(kg.base).graph(graph)
    names = kg.graph_names()
    if str(iri) not in names:
        prefix = str(Minter(kg.base).graph(""))
        known = sorted(n.removeprefix(prefix) for n in names)
        shown = ", ".join(known[:10]) + (f" … ({len(known)} in all)" if len(known) > 10 else "")
        raise UsageError(f"--graph {graph}: no such article graph (articles: {shown or 'none'})")
    return iri


def serialize(kg: KnowledgeGraph, fmt: RDFFormat, *, graph: str | None = None) -> bytes:
    """The graph as bytes in ``fmt``; the same input always gives the same bytes.

    Args:
        kg: what to serialize.
        fmt: ttl and nt merge the article graphs (provenance stays in triples); nq, trig and
            jsonld keep one named graph per article.
        graph: only this article (its id or graph IRI).

    >>> from kg.graph import load
    >>> serialize(load(["examples/putin-tehran-2015"]), RDFFormat.TURTLE)[:7]  # doctest: +SKIP
    b'@prefix'
    """
    return serialize_store(kg.store, fmt, graph=ox.NamedNode(graph_iri(kg, graph)) if graph else None)


def write(kg: KnowledgeGraph, path: Path, fmt: RDFFormat | None = None, *, graph: str | None = None) -> None:
    """Write the graph to ``path`` atomically (format by ``fmt`` or by the file suffix)."""
    chosen = fmt or RDFFormat.from_path(path)
    if chosen is None:
        raise UsageError(f"cannot tell the format of {path} from its suffix (give a format)")
    write_atomic(path, serialize(kg, chosen, graph=graph))
