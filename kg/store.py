"""A persistent embedded store: kg's graphs in an Oxigraph database on disk.

``kg load`` puts articles into the store (an article loaded again replaces its
named graph), ``kg query --store``, ``kg export --store`` and ``kg stats`` read
it. Without ``--store`` kg uses ``$KG_STORE``, else ``.kg/store`` in the current
folder, so the main job needs no flags::

    kg load examples/putin-tehran-2015      # build, validate, store
    kg query -n meetings -p actor=putin     # ask the store
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

import pyoxigraph as ox

from kg.errors import InputError, NonConformingError, Problem, StoreError
from kg.graph import KnowledgeGraph, Progress, load_parts, split_sources
from kg.iris import Minter
from kg.namespace import DEFAULT_BASE, KG
from kg.rdfio import RDFFormat, rdf_syntax_error
from kg.resolve import load_corpus
from kg.stream import Chunk, chunks
from kg.validation import ValidationReport, sort_results

#: The store used when none is given.
DEFAULT_STORE = Path(".kg") / "store"


def store_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The store folder: the one given, else ``$KG_STORE``, else ``.kg/store``."""
    if path is not None:
        return Path(path)
    return Path(os.environ.get("KG_STORE") or DEFAULT_STORE)


def open_store(path: str | os.PathLike[str] | None = None, *, create: bool = False) -> ox.Store:
    """Open (or create) the store on disk.

    Raises:
        StoreError: the folder is not a store, or it is locked or unreadable.
    """
    folder = store_path(path)
    if not create and not folder.is_dir():
        raise StoreError(f"no store at {folder} (load something first: kg load SOURCE... --store {folder})")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(folder))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {folder}: {exc}") from exc


@dataclass(frozen=True)
class LoadReport:
    """What a load put in the store: the articles built from facts, the quads loaded (a graph
    loaded again counts again, though it replaces its earlier copy), and whether the store was
    compacted afterwards (:func:`optimize_store`)."""

    articles: int
    quads: int
    optimized: bool = False


def load_into(store: ox.Store, sources: Sequence[str | Path], *, validate: bool = True,
              base: str = DEFAULT_BASE, jobs: int | None = None, progress: Progress | None = None,
              bulk: bool = False, optimize: bool | None = None,
              warn: Callable[[Problem], None] | None = None) -> LoadReport:
    """Load sources into the store, one article graph at a time; an article loaded again replaces its graph.

    Facts are built and (unless ``validate`` is False) validated in chunks of articles first: a chunk
    with a violation stops the load before it is stored, and earlier chunks stay (each
    article is replaced as a unit, so the store never holds half an article). RDF files are
    loaded as they are; with ``bulk``, N-Quads and N-Triples files go through Oxigraph's bulk
    loader (fast, append only: for a first load of a big file; ``progress`` then counts
    megabytes read).

    ``optimize`` compacts the store afterwards (:func:`optimize_store`); None (the default) compacts
    it when a file went through the bulk loader, whose files make queries several times slower
    until they are compacted.

    Raises:
        NonConformingError: a batch does not conform (``.report`` says how).
        FactsError, RDFSyntaxError: bad input.
        StoreError: the store failed.
    """
    facts, rdf, stdin_docs = split_sources(sources)
    articles = quads = 0
    bulk_loaded = buffered = False
    try:
        if facts or stdin_docs:
            for chunk in chunks(load_corpus(facts, documents=stdin_docs), Minter(base), RDFFormat.NQUADS,
                                validate=validate, jobs=jobs, progress=progress, warn=warn):
                quads += _store_chunk(store, chunk)
                articles += len(chunk.pieces)
                buffered = True
        for path, fmt in rdf:
            if bulk and fmt in (RDFFormat.NQUADS, RDFFormat.NTRIPLES):
                quads += _bulk_load(store, path, fmt, progress)
                bulk_loaded = True
            else:
                graph = load_parts([], [(path, fmt)], [])
                _replace_graphs(store, graph)
                quads += len(graph)
                buffered = True
        if buffered:
            # Only what went through the database's memory table. The bulk loader writes its
            # files directly, and after a big bulk load a flush waits until the database has
            # merged them (RocksDB holds back a flush that would stall writes): 214 s of
            # compaction at 1M events, which --no-optimize is there to put off.
            store.flush()
    except OSError as exc:
        raise StoreError(f"the store failed: {exc}") from exc
    optimized = bulk_loaded if optimize is None else optimize
    if optimized:
        if progress is not None:
            progress("compacting the store", 0, 0)  # no count: Oxigraph does not say how far it is
        optimize_store(store)
    return LoadReport(articles, quads, optimized)


_OX = {RDFFormat.NQUADS: ox.RdfFormat.N_QUADS, RDFFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES}


def _store_chunk(store: ox.Store, chunk: Chunk) -> int:
    """Store a chunk's articles, each replacing its graph; a chunk with a violation is not stored."""
    if chunk.results:
        report = ValidationReport(False, tuple(sort_results(chunk.results)))
        raise NonConformingError(f"the graph does not conform: {len(chunk.results)} violation(s); "
                                 "this batch was not stored", report=report)
    for piece in chunk.pieces:
        graph = ox.NamedNode(piece.graph)
        if store.contains_named_graph(graph):
            store.remove_graph(graph)
    if chunk.pieces:
        store.load(b"".join(piece.data for piece in chunk.pieces), format=ox.RdfFormat.N_QUADS)
    return sum(piece.count for piece in chunk.pieces)


def optimize_store(store: ox.Store) -> None:
    """Compact the store for reading (Oxigraph's ``optimize``: it merges the store's files).

    Oxigraph's bulk loader leaves its files overlapping, and every lookup then has to look
    in each: on a 100k-event store, compacting took 15 s after a 55 s load and made the named
    queries 3 to 6 times faster; at 1M events, about 4 minutes after an 8-minute load
    (BENCHMARKS.md). A store loaded article by article is compacted by the database as it
    grows (the queries were no faster afterwards at 10k events).

    Raises:
        StoreError: the store failed (e.g. the disk is full).
    """
    try:
        store.optimize()
        store.flush()
    except OSError as exc:
        raise StoreError(f"the store failed while compacting it: {exc}") from exc


#: What the bulk loader's reader takes from the file at a time (Oxigraph asks for about 2 kB).
_BLOCK = 1 << 20
#: A newline followed by a line that may be blank or a comment (or start with a space).
_MAYBE_SKIPPED = re.compile(rb"\n[ \t\r\n\x0b\x0c#]")


def _is_statement(line: bytes) -> bool:
    """Whether an N-Quads / N-Triples line holds a statement (it is not blank or a comment)."""
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith(b"#")


class _Reader:
    """A binary file read by the bulk loader through Python, a block at a time.

    It counts the statements as they pass (one per line that is not blank or a comment; reading
    the file a second time to count them took some 20 s at 1M events, counting the blocks about
    18 s of CPU and no reading), reports the megabytes read, and Ctrl-C reaches Python at the
    next read (the loader then stores nothing of the file).
    """

    def __init__(self, handle: BinaryIO, progress: Progress | None, name: str, size: int) -> None:
        self.handle, self.progress, self.name = handle, progress, name
        self.total = max(1, size // 1_000_000)
        self.read_bytes = 0
        self.shown = -1
        self.statements = 0
        self.block = b""
        self.at = 0
        self.line = b""  # the start of a line that ends in a later block

    def read(self, size: int) -> bytes:
        """At most ``size`` bytes (Oxigraph always asks for a size), ``b""`` at the end of the file."""
        if self.at >= len(self.block):
            self.block, self.at = self.handle.read(max(size, _BLOCK)), 0
            self.read_bytes += len(self.block)
            done = self.read_bytes // 1_000_000
            if done != self.shown and self.progress is not None:
                self.shown = done
                self.progress(self.name, min(done, self.total), self.total)
            self._count(self.block)
        piece = self.block[self.at:self.at + size]
        self.at += len(piece)
        return piece

    def _count(self, data: bytes) -> None:
        """Count the statements of the lines that end in ``data`` (at the end of the file: ``b""``)."""
        if not data:
            self.statements += _is_statement(self.line)
            self.line = b""
            return
        last = data.rfind(b"\n")
        if last < 0:
            self.line += data
            return
        first = data.find(b"\n")
        if _MAYBE_SKIPPED.search(data, 0, last + 1) is None and _is_statement(self.line + data[:first]):
            self.statements += data.count(b"\n")  # every line ending here holds a statement
        else:
            self.statements += sum(map(_is_statement, (self.line + data[:last]).split(b"\n")))
        self.line = data[last + 1:]


def _bulk_load(store: ox.Store, path: Path, fmt: RDFFormat, progress: Progress | None) -> int:
    """A file through Oxigraph's bulk loader, read through :class:`_Reader`; a file that does not
    parse stores nothing (the loader commits at the end of the file). Returns the statements loaded.

    Given a path instead, pyoxigraph would read the file with Python's lock released until the
    end: Ctrl-C would wait for the whole load, and there would be no progress to show. (The price:
    on machines with four cores or more, pyoxigraph would also parse a path on several threads.)

    Raises:
        InputError: the file cannot be read.
        RDFSyntaxError: the file does not parse (the message has the parser's line and column).
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror} (check the path and its permissions)") from exc
    with handle:
        reader = _Reader(handle, progress, f"{path.name} (MB)", path.stat().st_size)
        try:
            store.bulk_load(input=cast(BinaryIO, reader), format=_OX[fmt])  # pyoxigraph only calls read()
        except (SyntaxError, ValueError) as exc:
            raise rdf_syntax_error(path, fmt, exc) from exc
    return reader.statements


def _replace_graphs(store: ox.Store, graph: KnowledgeGraph) -> None:
    """Put an RDF file's graphs in the store, each replacing a graph of the same name."""
    for name in graph.store.named_graphs():
        if store.contains_named_graph(name):
            store.remove_graph(name)
    store.extend(graph.store)


@dataclass(frozen=True)
class StoreStats:
    """What is in a store."""

    quads: int
    graphs: int
    articles: int
    events: dict[str, int]
    entities: int


def stats(store: ox.Store) -> StoreStats:
    """Count quads, graphs, articles, events by type and entities (each node once)."""
    def count(sparql: str) -> int:
        rows = store.query(sparql, use_default_graph_as_union=True)
        assert isinstance(rows, ox.QuerySolutions)
        for row in rows:
            value = row["n"]
            return int(value.value) if isinstance(value, ox.Literal) else 0
        return 0

    kg = f"PREFIX kg: <{KG._NS}> "
    by_type: dict[str, int] = {}
    rows = store.query(kg + "SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e kg:reportedIn ?a ; a ?type "
                       "FILTER (?type != kg:Claim) } GROUP BY ?type", use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    for row in rows:
        kind, n = row["type"], row["n"]
        if isinstance(kind, ox.NamedNode) and isinstance(n, ox.Literal):
            by_type[kind.value.rsplit("#", 1)[-1]] = int(n.value)
    types = " ".join(f"kg:{t}" for t in ("Person", "Group", "Organization", "GovernmentBody", "NewsOrganization",
                                         "Country", "City", "Place"))
    return StoreStats(
        quads=len(store),
        graphs=sum(1 for _ in store.named_graphs()),
        articles=count(kg + "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kg:Article }"),
        events=dict(sorted(by_type.items())),
        entities=count(kg + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a ?t VALUES ?t {{ {types} }} }}"),
    )


def as_graph(store: ox.Store, *, base: str = DEFAULT_BASE) -> KnowledgeGraph:
    """A knowledge graph over the store (for export and queries; nothing is copied)."""
    return KnowledgeGraph(store=store, base=base)
