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
error reads as in a one-process build. At most :data:`AHEAD` chunks per worker
are in flight, so memory does not grow with the corpus; each worker has its own
pipe, and a worker that dies stops the build (:class:`kg.errors.WorkerError`).

With one job (or a single chunk), the same code runs in the calling process.
"""

from __future__ import annotations

import copyreg
import gc
import io
import multiprocessing
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from kg.errors import FactsError, Location, Problem, WorkerError
from kg.facts import cached_path
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
    """The fast validator on article graphs (each is self-contained).

    The shapes see the batch's merge: each article's N-Triples document (the one its output is
    made from) goes to the store, which keeps a triple repeated in several article graphs (a
    shared entity's description) once. Reading the repeats costs less than finding them in
    Python first (15 % less time to fill the store). The lines are the mapper's, checked as
    they were written.
    """
    locations: dict[URIRef, Location] = {}
    for mapped in batch:
        locations.update(mapped.locations)
    return check_quads(b"".join(mapped.ntriples() for mapped in batch), locations, checked=True)


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

    with _long_lived():
        if corpus.documents:  # read already (standard input): built here, first
            yield admit(work.build([(None, doc) for doc in corpus.documents]))
        if jobs == 1 or len(groups) <= 1:
            for group in groups:
                yield admit(work.build([(path, None) for path in group]))
        else:
            yield from map(admit, _in_workers(work, groups, jobs))
    corpus.finish()


@contextmanager
def _long_lived() -> Iterator[None]:
    """The garbage collector set for a build, in this process and in the workers forked from it.

    A build makes many short-lived objects, and the collector went through all the long-lived
    ones (modules, the shared entities) again and again: 4 % of a worker's time at 100k, 8 % of
    a one-process 10k build. What exists when the build starts is frozen (:func:`gc.freeze`;
    unless the caller froze objects already), and the youngest generation is collected after
    10,000 new objects rather than 700: a worker then spends 0.1 s of 30 in collections.
    Restored when the build ends.
    """
    thresholds = gc.get_threshold()
    freeze = not gc.get_freeze_count()
    if freeze:
        gc.freeze()
    gc.set_threshold(10_000, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if freeze:
            gc.unfreeze()


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
            # Split and joined: a third less time than bytes.replace, which looks for the
            # separator twice (to count, then to copy).
            data = f" <{graph}> .\n".encode().join(mapped.ntriples().split(b" .\n"))
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
#
# Each worker has its own pipe: a worker killed while it writes (the kernel's OOM killer) cannot
# leave a lock held that the others need, as it can with a queue shared by the workers
# (concurrent.futures.ProcessPoolExecutor hangs then: CPython gh-94777). The main process waits on
# the worker's pipe and on its process sentinel together, so a dead worker is seen at once.

#: Chunks handed to a worker ahead of the one it is building, so that it never waits for the main process.
AHEAD = 2


class _Failed:
    """An exception a worker raised, with its traceback as text (the exception may not pickle)."""

    def __init__(self, exc: BaseException) -> None:
        self.kind = type(exc).__name__
        self.text = "".join(traceback.format_exception(exc))
        try:
            pickle.dumps(exc)
            self.exc: BaseException | None = exc
        except Exception:
            self.exc = None


class _Pickler(pickle.Pickler):
    """Pickles a worker's outcomes with each path as its text, which the main process makes a path
    once (its articles name the same few included files): made anew for every article, those
    path objects were the main process's largest cost, 0.7 s of CPU at 100k events."""

    dispatch_table = copyreg.dispatch_table.copy()
    dispatch_table[type(Path())] = lambda path: (cached_path, (str(path),))


def _dumps(outcome: object) -> memoryview:
    """The pickle, as a view of the buffer it was written to: ``getvalue()`` would copy a chunk's
    megabytes of N-Quads once more (6 of 7 ms for an 11 MB chunk)."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(outcome)
    return buffer.getbuffer()


def _worker(work: _Work, conn: Connection, parent: int) -> None:
    """A worker: chunks of paths in, outcomes out, until None or the main process is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's business
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    while True:
        try:
            paths = conn.recv()
        except (EOFError, OSError):
            return
        if paths is None:
            return
        try:
            conn.send_bytes(_dumps(work.build([(path, None) for path in paths])))
        except BaseException as exc:
            conn.send_bytes(_dumps(_Failed(exc)))


def _watch_parent(parent: int) -> None:
    """Exit when the main process is gone (killed with -9, it cannot stop its workers)."""
    while os.getppid() == parent:
        threading.Event().wait(0.5)
    os._exit(1)


def _died() -> WorkerError:
    return WorkerError("a worker process of the build died (killed, or out of memory?); nothing was written; "
                       "run again, with fewer --jobs if memory is short")


def _in_workers(work: _Work, groups: list[list[str]], jobs: int) -> Iterator[_Outcomes]:
    """The chunks' outcomes in order; chunk i is built by worker i mod ``jobs``."""
    context = (multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods()
               else multiprocessing.get_context("spawn"))
    workers: list[tuple[BaseProcess, Connection]] = []
    finished = False
    try:
        for _ in range(min(jobs, len(groups))):
            mine, theirs = context.Pipe()
            started = context.Process(target=_worker, args=(work, theirs, os.getpid()), daemon=True)
            started.start()
            theirs.close()  # the worker holds the only other end: its death is EOF here
            workers.append((started, mine))
        sent = 0

        def send_until(limit: int) -> None:
            nonlocal sent
            while sent < min(limit, len(groups)):
                conn = workers[sent % len(workers)][1]
                try:
                    conn.send(groups[sent])
                except OSError as exc:
                    raise _died() from exc
                sent += 1

        send_until(AHEAD * len(workers))
        for index in range(len(groups)):
            process, conn = workers[index % len(workers)]
            ready = wait([conn, process.sentinel])
            try:
                if conn not in ready:
                    raise _died()
                outcome = pickle.loads(conn.recv_bytes())
            except (EOFError, OSError) as exc:
                raise _died() from exc
            if isinstance(outcome, _Failed):
                if outcome.exc is not None:
                    raise outcome.exc
                raise RuntimeError(f"a worker process of the build failed: {outcome.kind}\n{outcome.text}")
            send_until(index + 1 + AHEAD * len(workers))
            yield outcome
        finished = True
    finally:
        for process, conn in workers:
            if finished:
                try:
                    conn.send(None)
                except OSError:
                    pass
            else:  # stopped early (Ctrl-C, a violation, a dead worker): do not wait for the others
                process.terminate()
        for process, conn in workers:
            process.join()
            conn.close()
