"""The streaming build: facts in, validated RDF out, one article at a time.

Articles are read, resolved and mapped one by one (:class:`kg.resolve.Corpus`),
validated in batches with the fast validator (every article graph is
self-contained, so a batch needs nothing from the others), and written as they
go into a temporary file that replaces the output only when the whole build
has succeeded. Memory stays flat however many articles there are: what stays
is the shared entities, the ids of the articles seen, and for N-Triples and
Turtle the triples about shared nodes already written (each is written once).

JSON-LD is one document, not a stream: it is built in memory (:func:`kg.load`).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import URIRef

from kg.errors import Location, NonConformingError, Problem, UsageError
from kg.export import serialize
from kg.graph import KnowledgeGraph, Progress, load_parts, split_sources
from kg.iris import Minter
from kg.mapper import ArticleGraph, map_article
from kg.namespace import DEFAULT_BASE
from kg.rdfio import RDFFormat, atomic_output, prefixes
from kg.resolve import Corpus, load_corpus
from kg.validation import ValidationReport, ValidationResult, check_quads, sort_results
from kg.validation import validate as run_validation

#: Triples per validation batch: large enough to amortise the queries, small enough for memory.
BATCH_TRIPLES = 200_000
#: Violations kept for the report (the count goes on).
MAX_RESULTS = 1000


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote: articles, quads (triples for N-Triples/Turtle) and the validation."""

    articles: int
    triples: int
    validation: ValidationReport | None


def build(sources: Sequence[str | Path], output: Path | None, fmt: RDFFormat, *, validate: bool = True,
          base: str = DEFAULT_BASE, progress: Progress | None = None,
          warn: Callable[[Problem], None] | None = None) -> BuildReport:
    """Build facts into RDF and write it atomically (``output`` None: standard output).

    Args:
        sources: facts files, directories, ``-`` for standard input (RDF files too: they
            make the build an in-memory one).
        output: the file to write; it appears only if the build succeeds.
        fmt: the output format.
        validate: run the shapes; a violation writes nothing and raises.
        base: base IRI of minted IRIs.
        progress: called after each article.
        warn: called with each warning (invisible characters …), as soon as it is found.

    Raises:
        NonConformingError: the graph does not conform; ``.report`` holds the results.
        FactsError: bad facts (every problem, with file:line).

    >>> build(["examples/putin-tehran-2015"], Path("build/x.nq"), RDFFormat.NQUADS)  # doctest: +SKIP
    BuildReport(articles=1, triples=1012, validation=ValidationReport(conforms=True, results=()))
    """
    facts, rdf, stdin_docs = split_sources(sources)
    with _destination(output) as handle:
        if rdf or fmt is RDFFormat.JSONLD:
            graph = load_parts(facts, rdf, stdin_docs, base=base, progress=progress)
            for warning in graph.warnings:
                if warn is not None:
                    warn(warning)
            return _in_memory(graph, handle, fmt, validate=validate)
        writer = _Writer(handle, fmt, Minter(base))
        results: list[ValidationResult] = []
        violations = articles = 0
        for batch in mapped_batches(load_corpus(facts, documents=stdin_docs), Minter(base), progress=progress,
                                    warn=warn):
            articles += len(batch)
            if validate:
                found = check_batch(batch)
                violations += len(found)
                results.extend(found[: max(0, MAX_RESULTS - len(results))])
            if violations == 0:  # after a violation only validation goes on, to report them all
                for mapped in batch:
                    writer.write(mapped)
        report = ValidationReport(violations == 0, tuple(sort_results(results))) if validate else None
        if violations:
            raise NonConformingError(f"the graph does not conform: {violations} violation(s); nothing written",
                                     report=report)
        return BuildReport(articles, writer.count, report)


def mapped_batches(corpus: Corpus, minter: Minter, *, progress: Progress | None = None,
                   warn: Callable[[Problem], None] | None = None) -> Iterator[list[ArticleGraph]]:
    """The corpus's articles mapped to RDF, in batches of about :data:`BATCH_TRIPLES` triples.

    Warnings are passed to ``warn`` as the files that raise them are read.
    """
    batch: list[ArticleGraph] = []
    size = done = warned = 0
    total = len(corpus)

    def pass_on_warnings() -> None:
        nonlocal warned
        if warn is not None:
            for warning in corpus.warnings[warned:]:
                warn(warning)
        warned = len(corpus.warnings)

    for article in corpus.articles():
        pass_on_warnings()
        mapped = map_article(article, minter)
        batch.append(mapped)
        size += len(mapped.triples)
        done += 1
        if progress is not None:
            progress(article.article.id, done, total)
        if size >= BATCH_TRIPLES:
            yield batch
            batch, size = [], 0
    pass_on_warnings()
    if batch:
        yield batch


def check_batch(batch: list[ArticleGraph]) -> list[ValidationResult]:
    """The fast validator on a batch of article graphs (each is self-contained)."""
    locations: dict[URIRef, Location] = {}
    for mapped in batch:
        locations.update(mapped.locations)
    return check_quads((ox.Triple(s, p, o) for mapped in batch for s, p, o in mapped.triples), locations)


class _Writer:
    """Writes article graphs in a streamable format; shared nodes' triples once in triple formats."""

    def __init__(self, handle: BinaryIO, fmt: RDFFormat, minter: Minter) -> None:
        self.handle = handle
        self.fmt = fmt
        self.count = 0
        self.article_prefix = str(minter.article(""))
        self.written: set[bytes] = set()
        self.pretty = fmt in (RDFFormat.TURTLE, RDFFormat.TRIG)
        self.header = True

    def write(self, mapped: ArticleGraph) -> None:
        triples = mapped.triples
        if not self.fmt.has_graphs:
            triples = [t for t in triples if self._first_time(t)]
        if not triples:
            return
        self.count += len(triples)
        if self.fmt.has_graphs:
            graph = ox.NamedNode(str(mapped.graph))
            quads = [ox.Quad(s, p, o, graph) for s, p, o in triples]
            data = ox.serialize(quads, format=_OX[self.fmt], prefixes=prefixes() if self.pretty else None)
        else:
            data = ox.serialize([ox.Triple(s, p, o) for s, p, o in triples], format=_OX[self.fmt],
                                prefixes=prefixes() if self.pretty else None)
        data = data or b""
        if self.pretty:
            data = self._one_header(data)
        self.handle.write(data)

    def _first_time(self, triple: tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]) -> bool:
        """Triples about the article's own nodes are new; shared nodes' triples only once."""
        if triple[0].value.startswith(self.article_prefix):
            return True
        key = hashlib.blake2b(f"{triple[0]} {triple[1]} {triple[2]}".encode(), digest_size=16).digest()
        if key in self.written:
            return False
        self.written.add(key)
        return True

    def _one_header(self, data: bytes) -> bytes:
        """Chunks after the first drop their @prefix lines (the first chunk declared them)."""
        if self.header:
            self.header = False
            return data
        lines = data.split(b"\n")
        start = 0
        while start < len(lines) and lines[start].startswith(b"@prefix"):
            start += 1
        return b"\n".join(lines[start:])


_OX = {RDFFormat.TURTLE: ox.RdfFormat.TURTLE, RDFFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
       RDFFormat.NQUADS: ox.RdfFormat.N_QUADS, RDFFormat.TRIG: ox.RdfFormat.TRIG}


def _in_memory(graph: KnowledgeGraph, handle: BinaryIO, fmt: RDFFormat, *, validate: bool) -> BuildReport:
    report = run_validation(graph) if validate else None
    if report is not None and not report.conforms:
        raise NonConformingError(f"the graph does not conform: {len(report.results)} violation(s); "
                                 "nothing written", report=report)
    handle.write(serialize(graph, fmt))
    return BuildReport(len(graph.articles), len(graph), report)


@contextmanager
def _destination(output: Path | None) -> Iterator[BinaryIO]:
    """The output file (atomic), or a temporary file copied to stdout once all went well."""
    if output is not None:
        if output.is_dir():
            raise UsageError(f"-o {output}: is a directory (give a file name)")
        with atomic_output(output) as handle:
            yield handle
        return
    with tempfile.TemporaryFile() as handle:
        yield handle
        handle.seek(0)
        shutil.copyfileobj(handle, sys.stdout.buffer)
        sys.stdout.buffer.flush()
