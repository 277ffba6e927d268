"""RDF formats, parsing and serialization, and atomic output files."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import RDFS, SKOS, XSD, Dataset, Graph

from kg.errors import InputError, RDFSyntaxError
from kg.namespace import PREFIXES


class RDFFormat(StrEnum):
    """The RDF formats kg reads and writes, named by their usual file suffix."""

    TURTLE = "ttl"
    NTRIPLES = "nt"
    NQUADS = "nq"
    TRIG = "trig"
    JSONLD = "jsonld"

    @property
    def rdflib_name(self) -> str:
        return {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}[self.value]

    @property
    def has_graphs(self) -> bool:
        """Whether the format keeps named graphs (one per article)."""
        return self in (RDFFormat.NQUADS, RDFFormat.TRIG, RDFFormat.JSONLD)

    @classmethod
    def from_path(cls, path: Path) -> RDFFormat | None:
        """The format of a file by its suffix (``.ttl``, ``.turtle``, ``.nt``, ``.nq``, ``.trig``, ``.jsonld``)."""
        suffix = path.suffix.lower().lstrip(".")
        aliases = {"turtle": "ttl", "json-ld": "jsonld", "ntriples": "nt", "nquads": "nq"}
        try:
            return cls(aliases.get(suffix, suffix))
        except ValueError:
            return None


def bind_prefixes(graph: Graph) -> None:
    """Bind kg's prefixes so every output reads the same."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


_OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
               "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}


def parse_rdf(path: Path, fmt: RDFFormat, into: ox.Store) -> None:
    """Parse an RDF file into a store (triples formats into the default graph).

    Raises:
        InputError: the file cannot be read.
        RDFSyntaxError: the file does not parse; the message keeps the parser's line and column.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror} (check the path and its permissions)") from exc
    try:
        into.load(data, format=_OX_FORMATS[fmt.value], base_iri=path.resolve().as_uri())
    except (SyntaxError, ValueError, OSError) as exc:
        raise rdf_syntax_error(path, fmt, exc) from exc


def rdf_syntax_error(path: Path, fmt: RDFFormat, exc: Exception) -> RDFSyntaxError:
    """The error for an RDF file that does not parse: the file, the parser's line and column, what to do."""
    return RDFSyntaxError(f"{path}: not valid {fmt.rdflib_name}: {_first_line(exc)} "
                          f"(check the file, or give its format by its suffix)")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())[:300]


def prefixes() -> dict[str, str]:
    """The prefixes of kg's Turtle, TriG and JSON-LD outputs."""
    out = {name: str(ns) for name, ns in PREFIXES.items()}
    out.update({"rdfs": str(RDFS), "xsd": str(XSD), "skos": str(SKOS)})
    return out


def _term_key(term: object) -> str:
    return str(term)


def serialize(store: ox.Store | Dataset, fmt: RDFFormat, *, graph: ox.NamedNode | None = None) -> bytes:
    """Serialize deterministically (quads sorted); Turtle and N-Triples merge all graphs.

    Args:
        store: the data, one named graph per article.
        fmt: the output format; nq, trig and jsonld keep the named graphs.
        graph: only this named graph.
    """
    if isinstance(store, Dataset):  # rdflib users: one conversion, then the same writer
        converted = ox.Store()
        converted.load(store.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
        store = converted
    quads = store.quads_for_pattern(None, None, None, graph) if graph is not None else iter(store)
    pretty = None if fmt in (RDFFormat.NTRIPLES, RDFFormat.NQUADS) else prefixes()
    if fmt.has_graphs:
        ordered_quads = sorted(quads, key=lambda q: (_term_key(q.graph_name), _term_key(q.subject),
                                                     _term_key(q.predicate), _term_key(q.object)))
        return ox.serialize(ordered_quads, format=_OX_FORMATS[fmt.value], prefixes=pretty) or b""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    ordered = sorted(triples, key=lambda t: (_term_key(t.subject), _term_key(t.predicate), _term_key(t.object)))
    return ox.serialize(ordered, format=_OX_FORMATS[fmt.value], prefixes=pretty) or b""


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file all at once (see :func:`atomic_output`)."""
    with atomic_output(path) as handle:
        handle.write(data)


#: Bytes written between two requests that the kernel start writing a file back to disk.
WRITEBACK_BYTES = 64 << 20


class _WrittenBack(io.BufferedWriter):
    """A file whose every :data:`WRITEBACK_BYTES` the kernel starts writing to disk at once, and
    lets go of once written.

    Left alone, the kernel holds gigabytes of a big output in memory, and the ``fsync`` that
    makes the file durable then waits for them all: 0.9 s of a 29 s build at 100k events, idle
    time for every core. ``POSIX_FADV_DONTNEED`` on what was just written starts its writeback
    without waiting for it (those pages are dirty, so they stay); the same advice on the stretch
    before it, on disk by then, takes its pages out of the page cache. An output of many
    gigabytes thus does not fill the machine's memory with pages nobody reads soon: once memory
    was full, writing cost more than twice the kernel CPU (a validated 1M build's 21 GB: the main
    process's system time 39-41 s, now 15-16 s). Where the call does not exist, the file is an
    ordinary one.
    """

    def __init__(self, raw: io.FileIO) -> None:
        super().__init__(raw, buffer_size=1 << 20)
        self._written = 0
        self._started = 0  # written back from here on
        self._kept = 0  # in the page cache from here on

    def write(self, data: bytes) -> int:  # type: ignore[override]
        n = super().write(data)
        self._written += n
        if self._written - self._started >= WRITEBACK_BYTES and hasattr(os, "posix_fadvise"):
            self.flush()
            with contextlib.suppress(OSError):  # advice only
                os.posix_fadvise(self.fileno(), self._started, self._written - self._started,
                                 os.POSIX_FADV_DONTNEED)
                if self._kept < self._started:
                    os.posix_fadvise(self.fileno(), self._kept, self._started - self._kept,
                                     os.POSIX_FADV_DONTNEED)
            self._kept, self._started = self._started, self._written
        return n


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A file to stream into that appears only when complete: temp file in the same folder,
    fsync, rename.

    A failure (or a kill) at any point leaves either the old file or the new one, never a
    half-written file. The temp file is ``.NAME.PID.tmp``; temp files left by killed runs are
    removed by the next successful write.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    except OSError as exc:
        raise InputError(f"{path}: cannot write here: {exc.strerror}") from exc
    try:
        with _WrittenBack(io.FileIO(fd, "wb")) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    _remove_stale_temps(folder, path.name)


def _remove_stale_temps(folder: Path, name: str) -> None:
    """Remove ``.NAME.PID.tmp`` files whose process is gone (runs killed mid-write)."""
    for stale in folder.glob(f".{name}.*.tmp"):
        pid = stale.name[len(name) + 2:-len(".tmp")]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            with contextlib.suppress(OSError):
                stale.unlink()
        except PermissionError:
            continue
