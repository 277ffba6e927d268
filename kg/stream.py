"""The streaming pipeline: articles read, resolved, mapped, validated and serialized in chunks, on every core.

A build's article files are cut into chunks of :data:`CHUNK_ARTICLES` files.
Each chunk goes to a worker process (forked after the shared entities were
read, so every worker has them) that reads, resolves and maps its articles,
validates them together with the fast validator (every article graph is
self-contained, so a chunk needs nothing from the others) and serializes each
article's graph. The main process takes the chunks back in order, does the
checks that span articles (one id per article, one definition per entity key)
exactly as a one-process build would, and passes the serialized articles on.
A file a worker could not build is rebuilt by the main process, so that its
error reads as in a one-process build. One chunk per worker is in flight, so
memory does not grow with the corpus.

With one job (or a single chunk), the same code runs in the calling process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from kg.errors import FactsError, Location, Problem, WorkerError
from kg.graph import Progress
from kg.iris import Minter
from kg.mapper import ArticleGraph, Descriptions, map_article
from kg.model import FactsDocument
from kg.rdfio import RDFFormat, prefixes
from kg.resolve import Corpus, read_document, resolve_article
from kg.validation import ValidationResult, check_quads

#: Article files per chunk: the unit of work of a worker and of a validation run (the fast
#: validator is quickest on a few tens of thousands of triples at a time).
CHUNK_ARTICLES = 64


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Piece:
    """One article's graph, serialized.

    Attributes:
        article_id: the article.
        graph: its named graph.
        data: its triples in the output format (quad formats: every triple; triple formats:
            the triples about the article's own nodes).
        count: the triples in ``data``.
        shared: triple formats only: the triples about shared nodes (entities, countries,
            posts) as N-Triples lines, which the writer keeps only the first time it sees them.
    """

    article_id: str
    graph: str
    data: bytes
    count: int
    shared: tuple[bytes, ...] = ()


@dataclass
class Chunk:
    """Articles built, in build order, and what validating them found."""

    pieces: list[Piece] = field(default_factory=list)
    results: list[ValidationResult] = field(default_factory=list)


def check_batch(batch: Sequence[ArticleGraph]) -> list[ValidationResult]:
    """The fast validator on article graphs (each is self-contained)."""
    locations: dict[URIRef, Location] = {}
    for mapped in batch:
        locations.update(mapped.locations)
    return check_quads(b"".join(mapped.ntriples() for mapped in batch), locations)


def chunks(corpus: Corpus, minter: Minter, fmt: RDFFormat, *, validate: bool, jobs: int | None = None,
           progress: Progress | None = None, warn: Callable[[Problem], None] | None = None) -> Iterator[Chunk]:
    """The corpus's articles built into ``fmt``, chunk by chunk, in build order.

    Args:
        corpus: the build's plan (:func:`kg.resolve.load_corpus`).
        minter: the IRIs.
        fmt: a streamable format (N-Quads, TriG, N-Triples, Turtle).
        validate: run the fast validator on each chunk (results in :attr:`Chunk.results`).
        jobs: worker processes (None: one per core; 1: this process only).
        progress: called after each article.
        warn: called with each warning as the file that raises it is read.

    Raises:
        FactsError: after the last chunk, every problem found in the facts.
    """
    work = _Work(corpus, minter, fmt, validate)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    files = corpus.article_files
    groups = [files[i:i + CHUNK_ARTICLES] for i in range(0, len(files), CHUNK_ARTICLES)]
    done = 0
    warned = 0

    def admit(chunk: _Outcomes) -> Chunk:
        nonlocal done, warned
        kept = Chunk(results=chunk.results)
        for outcome in chunk.outcomes:
            piece = _admit(corpus, work, outcome, kept)
            if warn is not None:
                for warning in corpus.warnings[warned:]:
                    warn(warning)
            warned = len(corpus.warnings)
            if piece is not None:
                kept.pieces.append(piece)
                done += 1
                if progress is not None:
                    progress(piece.article_id, done, len(corpus))
        return kept

    if corpus.documents:  # read already (standard input): built here, first
        yield admit(work.build([(None, doc) for doc in corpus.documents]))
    if jobs == 1 or len(groups) <= 1:
        for group in groups:
            yield admit(work.build([(path, None) for path in group]))
    else:
        yield from map(admit, _in_workers(work, groups, jobs))
    corpus.finish()


@dataclass
class _Outcome:
    """What a worker did with one facts file.

    ``head`` is the document without its events and text (what the checks across articles
    need); None when the worker could not build the file and the main process must redo it.
    """

    path: str | None
    head: FactsDocument | None
    piece: Piece | None = None
    document: FactsDocument | None = None  # a document read already (standard input), to redo


@dataclass
class _Outcomes:
    outcomes: list[_Outcome]
    results: list[ValidationResult]


class _Work:
    """Read, resolve, map, validate and serialize a chunk of articles (in a worker or here)."""

    def __init__(self, corpus: Corpus, minter: Minter, fmt: RDFFormat, validate: bool) -> None:
        # The worker's own view of the entities: definitions of earlier articles it saw only
        # serve to fail early; the main process decides with all of them.
        self.corpus = corpus.worker_copy()
        self.minter = minter
        self.descriptions: Descriptions = {}
        self.fmt = fmt
        self.validate = validate
        self.own_prefix = f"<{minter.article('')}"  # the lines about the article's own nodes
        self.pretty = fmt in (RDFFormat.TURTLE, RDFFormat.TRIG)

    def build(self, items: list[tuple[str | None, FactsDocument | None]]) -> _Outcomes:
        outcomes: list[_Outcome] = []
        mapped: list[ArticleGraph] = []
        for path, doc in items:
            outcome, graph = self.one(path, doc)
            outcomes.append(outcome)
            if graph is not None:
                mapped.append(graph)
        results = check_batch(mapped) if self.validate and mapped else []
        return _Outcomes(outcomes, results)

    def one(self, path: str | None, doc: FactsDocument | None) -> tuple[_Outcome, ArticleGraph | None]:
        if doc is None:
            assert path is not None
            read = read_document(Path(path))
            if isinstance(read, FactsError):
                return _Outcome(path, None), None
            doc = read
        try:
            pool = self.corpus.pool(doc)
            resolved = resolve_article(doc, pool) if doc.article is not None else None
        except FactsError:
            return _Outcome(path, None, document=doc if path is None else None), None
        head = replace(doc, events=(), attendances=(), text=None)
        if resolved is None:
            return _Outcome(path, head), None
        mapped = map_article(resolved, self.minter, self.descriptions)
        return _Outcome(path, head, self.serialize(mapped)), mapped

    def serialize(self, mapped: ArticleGraph) -> Piece:
        """N-Triples and N-Quads as the mapper wrote the lines; Turtle and TriG through pyoxigraph."""
        graph = str(mapped.graph)
        if self.fmt.has_graphs:
            # A line ends with " .\n" and nowhere else (N-Triples escapes newlines in literals).
            data = mapped.ntriples().replace(b" .\n", f" <{graph}> .\n".encode())
            if self.pretty:
                data = ox.serialize(ox.parse(data, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.TRIG,
                                    prefixes=prefixes()) or b""
            return Piece(mapped.article_id, graph, data, len(mapped.lines))
        own: list[str] = []
        shared: list[bytes] = []
        for line in mapped.lines:
            if line.startswith(self.own_prefix):
                own.append(line)
            else:
                shared.append(line.encode())
        data = "".join(own).encode()
        if self.pretty:
            data = ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
                                prefixes=prefixes()) or b""
        return Piece(mapped.article_id, graph, data, len(own), tuple(shared))


def _admit(corpus: Corpus, work: _Work, outcome: _Outcome, chunk: Chunk) -> Piece | None:
    """The checks across articles for one outcome, in build order; a failed file is redone here."""
    if outcome.head is not None:
        pool = corpus.admit(outcome.head)
        return outcome.piece if pool is not None else None
    if outcome.document is not None:
        doc: FactsDocument | FactsError = outcome.document
    else:
        assert outcome.path is not None
        doc = read_document(Path(outcome.path))
    if isinstance(doc, FactsError):
        corpus.note(doc)
        return None
    pool = corpus.admit(doc)
    if pool is None:
        return None
    try:
        resolved = resolve_article(doc, pool)
    except FactsError as exc:
        corpus.note(exc)
        return None
    # The worker failed where this process does not (it cannot, but never lose an article).
    mapped = map_article(resolved, work.minter, work.descriptions)
    if work.validate:
        chunk.results.extend(check_batch([mapped]))
    return work.serialize(mapped)


# --- worker processes ---------------------------------------------------------------------------

_WORK: _Work | None = None


def _start_worker(work: _Work, parent: int) -> None:
    """A worker: Ctrl-C is the main process's business; die with the main process."""
    global _WORK
    _WORK = work
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    """Exit when the main process is gone (killed with -9, it cannot stop its workers)."""
    while os.getppid() == parent:
        threading.Event().wait(0.5)
    os._exit(1)


def _run_chunk(paths: list[str]) -> _Outcomes:
    assert _WORK is not None
    return _WORK.build([(path, None) for path in paths])


def _in_workers(work: _Work, groups: list[list[str]], jobs: int) -> Iterator[_Outcomes]:
    """The chunks' outcomes in order, built by ``jobs`` processes, one chunk each ahead."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                                   initializer=_start_worker, initargs=(work, os.getpid()))
    pending: deque[Future[_Outcomes]] = deque()
    todo = iter(groups)
    finished = False
    try:
        for group in todo:
            pending.append(executor.submit(_run_chunk, group))
            if len(pending) >= jobs:  # a full call queue can hang the pool when a worker dies (gh-94777)
                break
        while pending:
            outcomes = pending.popleft().result()
            for group in todo:
                pending.append(executor.submit(_run_chunk, group))
                break
            yield outcomes
        finished = True
    except BrokenProcessPool as exc:
        raise WorkerError("a worker process of the build died (killed, or out of memory?); nothing was written; "
                          "run again, with fewer --jobs if memory is short") from exc
    finally:  # stopped early (Ctrl-C, a violation): drop the chunks not started, do not wait
        executor.shutdown(wait=finished, cancel_futures=True)
