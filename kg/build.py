"""The streaming build: facts in, validated RDF out, a chunk of articles at a time.

Articles are read, resolved, mapped, validated and serialized in chunks, on
every core (:mod:`kg.stream`), and written in build order as they come into a
temporary file that replaces the output only when the whole build has
succeeded. Memory stays flat however many articles there are: what stays
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

from kg.errors import NonConformingError, Problem, UsageError
from kg.export import serialize
from kg.graph import KnowledgeGraph, Progress, load_parts, split_sources
from kg.iris import Minter
from kg.model import FactsDocument
from kg.namespace import DEFAULT_BASE
from kg.rdfio import RDFFormat, atomic_output, prefixes
from kg.resolve import load_corpus
from kg.stream import Piece, chunks
from kg.validation import ValidationReport, ValidationResult, sort_results
from kg.validation import validate as run_validation

#: Violations kept for the report (the count goes on).
MAX_RESULTS = 1000


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote (:func:`validate_sources`: read): articles, quads (triples for N-Triples
    and Turtle), and the validation."""

    articles: int
    triples: int
    validation: ValidationReport | None


def build(sources: Sequence[str | Path], output: Path | None, fmt: RDFFormat, *, validate: bool = True,
          base: str = DEFAULT_BASE, jobs: int | None = None, progress: Progress | None = None,
          warn: Callable[[Problem], None] | None = None) -> BuildReport:
    """Build facts into RDF and write it atomically (``output`` None: standard output).

    While it runs, the garbage collector is set for it (objects that exist at the start are
    frozen, the youngest generation is collected less often) and put back afterwards.

    Args:
        sources: facts files, directories, ``-`` for standard input (RDF files too: they
            make the build an in-memory one).
        output: the file to write; it appears only if the build succeeds.
        fmt: the output format.
        validate: run the shapes; a violation writes nothing and raises.
        base: base IRI of minted IRIs.
        jobs: worker processes (None: one per core; 1: this process only).
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
            graph = _whole(facts, rdf, stdin_docs, base=base, progress=progress, warn=warn)
            return _in_memory(graph, handle, fmt, validate=validate)
        writer = _Writer(handle, fmt)
        articles, _quads, violations, results = _stream(facts, stdin_docs, fmt, writer.write, validate=validate,
                                                        keep=MAX_RESULTS, base=base, jobs=jobs, progress=progress,
                                                        warn=warn)
        report = ValidationReport(violations == 0, tuple(sort_results(results))) if validate else None
        if violations:
            raise NonConformingError(f"the graph does not conform: {violations} violation(s); nothing written",
                                     report=report)
        return BuildReport(articles, writer.count, report)


def validate_sources(sources: Sequence[str | Path], *, base: str = DEFAULT_BASE, jobs: int | None = None,
                     progress: Progress | None = None, warn: Callable[[Problem], None] | None = None
                     ) -> BuildReport:
    """Validate facts (or RDF files) with the shapes, writing nothing: what ``kg validate`` runs.

    Facts are built and validated as :func:`build` does, a chunk of articles at a time on
    every core, so memory stays flat however big the corpus; the results are the same as
    :func:`kg.validate` on the whole graph (every one is kept, sorted). RDF files are
    validated as one graph in memory.

    Raises:
        FactsError: bad facts (every problem, with file:line).

    >>> validate_sources(["examples/putin-tehran-2015"]).validation.conforms  # doctest: +SKIP
    True
    """
    facts, rdf, stdin_docs = split_sources(sources)
    if rdf:
        graph = _whole(facts, rdf, stdin_docs, base=base, progress=progress, warn=warn)
        return BuildReport(len(graph.articles), len(graph), run_validation(graph))
    articles, quads, violations, results = _stream(facts, stdin_docs, RDFFormat.NQUADS, None, validate=True,
                                                   keep=None, base=base, jobs=jobs, progress=progress, warn=warn)
    return BuildReport(articles, quads, ValidationReport(violations == 0, tuple(sort_results(results))))


def _whole(facts: list[Path], rdf: list[tuple[Path, RDFFormat]], documents: list[FactsDocument], *, base: str,
           progress: Progress | None, warn: Callable[[Problem], None] | None) -> KnowledgeGraph:
    """The sources as one graph in memory (RDF files are not streamed), its warnings passed to ``warn``."""
    graph = load_parts(facts, rdf, documents, base=base, progress=progress)
    for warning in graph.warnings:
        if warn is not None:
            warn(warning)
    return graph


def _stream(facts: list[Path], documents: Sequence[FactsDocument], fmt: RDFFormat,
            write: Callable[[Piece], None] | None, *, validate: bool, keep: int | None, base: str,
            jobs: int | None, progress: Progress | None, warn: Callable[[Problem], None] | None
            ) -> tuple[int, int, int, list[ValidationResult]]:
    """Build the facts chunk by chunk, in build order: (articles, quads, violations, the first ``keep`` results).

    Each article goes to ``write`` until a violation is found; after it only validation goes on,
    to report them all. A shared node is in several chunks: its violations count once.
    """
    results: list[ValidationResult] = []
    seen: set[int] = set()
    violations = articles = quads = 0
    for chunk in chunks(load_corpus(facts, documents=documents), Minter(base), fmt, validate=validate,
                        jobs=jobs, progress=progress, warn=warn):
        articles += len(chunk.pieces)
        quads += sum(piece.count for piece in chunk.pieces)
        new = [r for r in chunk.results if hash(r) not in seen]
        seen.update(hash(r) for r in new)
        violations += len(new)
        results.extend(new if keep is None else new[: max(0, keep - len(results))])
        if violations == 0 and write is not None:
            for piece in chunk.pieces:
                write(piece)
    return articles, quads, violations, results


class _Writer:
    """Writes serialized articles; in triple formats, shared nodes' triples only the first time."""

    def __init__(self, handle: BinaryIO, fmt: RDFFormat) -> None:
        self.handle = handle
        self.fmt = fmt
        self.count = 0
        self.written: set[bytes] = set()
        self.pretty = fmt in (RDFFormat.TURTLE, RDFFormat.TRIG)
        self.header = True

    def write(self, piece: Piece) -> None:
        self.count += piece.count
        self._put(piece.data)
        new = [line for line in piece.shared if self._first_time(line)]
        if not new:
            return
        self.count += len(new)
        if self.fmt is RDFFormat.NTRIPLES:
            self.handle.write(b"".join(new))
        else:  # Turtle: the same triples, with prefixes
            triples = ox.parse(b"".join(new), format=ox.RdfFormat.N_TRIPLES)
            self._put(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes()) or b"")

    def _first_time(self, line: bytes) -> bool:
        key = hashlib.blake2b(line, digest_size=16).digest()
        if key in self.written:
            return False
        self.written.add(key)
        return True

    def _put(self, data: bytes) -> None:
        if not data:
            return
        if self.pretty:
            data = self._one_header(data)
        self.handle.write(data)

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
