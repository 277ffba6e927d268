"""Load a build's sources (facts files, directories, RDF files) into one knowledge graph."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from kg.errors import InputError, Location, Problem, UsageError
from kg.facts import FACTS_SUFFIXES, read_stdin
from kg.iris import Minter
from kg.mapper import ArticleGraph, Descriptions, map_article
from kg.model import FactsDocument
from kg.namespace import DEFAULT_BASE
from kg.rdfio import RDFFormat, bind_prefixes, parse_rdf
from kg.resolve import load_corpus

#: Called after each article is mapped: (article id, articles done, articles in all).
Progress = Callable[[str, int, int], None]


@dataclass
class KnowledgeGraph:
    """An RDF dataset with one named graph per article, and where each node was written.

    The quads live in an in-memory pyoxigraph store (fast SPARQL, fast parsers and
    serializers); :attr:`dataset` and :meth:`union` give rdflib views for rdflib users.

    Attributes:
        store: the quads, one named graph per article (RDF inputs keep their graphs).
        locations: the facts file, line and column each node came from.
        articles: the article ids built from facts, sorted.
        base: the base IRI the facts were minted under.
        warnings: things worth a look that did not stop the build (invisible characters …).
    """

    store: ox.Store = field(default_factory=ox.Store)
    locations: dict[URIRef, Location] = field(default_factory=dict)
    articles: list[str] = field(default_factory=list)
    base: str = DEFAULT_BASE
    warnings: list[Problem] = field(default_factory=list)

    @property
    def dataset(self) -> Dataset:
        """The quads as an rdflib Dataset (a copy; one named graph per article)."""
        dataset = Dataset(default_union=True)
        bind_prefixes(dataset)
        dataset.parse(data=ox.serialize(self.store, format=ox.RdfFormat.N_QUADS), format="nquads")
        return dataset

    def union(self) -> Graph:
        """All triples of all graphs in one rdflib Graph (a copy)."""
        graph = Graph()
        bind_prefixes(graph)
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in self.store}
        graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
        return graph

    def graph_names(self) -> set[str]:
        """The IRIs of the named graphs."""
        return {g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)}

    def __len__(self) -> int:
        return len(self.store)


def is_stdin(source: str | Path) -> bool:
    """``-`` names standard input."""
    return str(source) == "-"


def load(sources: Sequence[str | Path], *, base: str = DEFAULT_BASE,
         progress: Progress | None = None) -> KnowledgeGraph:
    """Build facts files and read RDF files into one :class:`KnowledgeGraph`.

    A source is a facts file (``.yaml``, ``.yml``, ``.json``), a directory of facts
    files, an RDF file (``.ttl``, ``.nt``, ``.nq``, ``.trig``, ``.jsonld``), or ``-``
    for a YAML facts document on standard input.

    Args:
        sources: what to read.
        base: the base IRI of minted IRIs.
        progress: called after each article is mapped.

    Raises:
        FactsError: a facts file breaks the format (every problem, with file:line).
        RDFSyntaxError: an RDF file does not parse.

    >>> kg = load(["examples/putin-tehran-2015"])  # doctest: +SKIP
    >>> kg.articles  # doctest: +SKIP
    ['alwaght-2015-11-24-putin-tehran']
    """
    return load_parts(*split_sources(sources), base=base, progress=progress)


def load_parts(facts: Sequence[Path], rdf: Sequence[tuple[Path, RDFFormat]], stdin_docs: Sequence[FactsDocument],
               *, base: str = DEFAULT_BASE, progress: Progress | None = None) -> KnowledgeGraph:
    """:func:`load` on sources already sorted by :func:`split_sources`."""
    minter = Minter(base)
    descriptions: Descriptions = {}
    kg = KnowledgeGraph(base=base)
    if facts or stdin_docs:
        corpus = load_corpus(facts, documents=stdin_docs)
        total = len(corpus)
        for done, article in enumerate(corpus.articles(), start=1):
            add_article(kg, map_article(article, minter, descriptions))
            if progress is not None:
                progress(article.article.id, done, total)
        kg.warnings.extend(corpus.warnings)
    for path, fmt in rdf:
        parse_rdf(path, fmt, kg.store)
    return kg


def split_sources(sources: Sequence[str | Path]) -> tuple[list[Path], list[tuple[Path, RDFFormat]],
                                                         list[FactsDocument]]:
    """Sort sources into facts paths (files and directories), RDF files, and stdin documents.

    Raises:
        UsageError: no source at all.
        InputError: a path that does not exist or is neither facts nor RDF.
    """
    if not sources:
        raise UsageError("give at least one SOURCE (a facts file, a directory, an RDF file or -)")
    facts: list[Path] = []
    rdf: list[tuple[Path, RDFFormat]] = []
    stdin_docs: list[FactsDocument] = []
    for source in sources:
        if is_stdin(source):
            stdin_docs.append(read_stdin())
            continue
        path = Path(source)
        if not path.exists():
            raise InputError(f"{path}: no such file or directory (check the path)")
        fmt = RDFFormat.from_path(path)
        if path.is_dir() or path.suffix.lower() in FACTS_SUFFIXES:
            facts.append(path)
        elif fmt is not None:
            rdf.append((path, fmt))
        else:
            raise InputError(f"{path}: unknown kind of file (facts files end in .yaml, .yml or .json; "
                             "RDF files in .ttl, .nt, .nq, .trig or .jsonld)")
    return facts, rdf, stdin_docs


def add_article(kg: KnowledgeGraph, mapped: ArticleGraph) -> None:
    """Add one article's named graph (replacing an earlier graph of the same article)."""
    graph = ox.NamedNode(str(mapped.graph))
    if kg.store.contains_named_graph(graph):
        kg.store.remove_graph(graph)
    kg.store.load(mapped.ntriples(), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    kg.locations.update(mapped.locations)
    if mapped.article_id not in kg.articles:
        kg.articles.append(mapped.article_id)
        kg.articles.sort()
