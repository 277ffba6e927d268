"""RDF formats, parsing and serialization, and atomic output files."""

from __future__ import annotations

import contextlib
import os
from enum import StrEnum
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from kg.errors import InputError, RDFSyntaxError, UsageError
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


def parse_rdf(path: Path, fmt: RDFFormat, into: Dataset) -> None:
    """Parse an RDF file into a dataset (triples formats into the default graph).

    Raises:
        InputError: the file cannot be read.
        RDFSyntaxError: the file does not parse; the message keeps the parser's line.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror} (check the path and its permissions)") from exc
    try:
        if fmt.has_graphs:
            into.parse(data=data, format=fmt.rdflib_name, publicID=path.resolve().as_uri())
        else:
            into.default_graph.parse(data=data, format=fmt.rdflib_name, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many unrelated types for bad input
        raise RDFSyntaxError(f"{path}: not valid {fmt.rdflib_name}: {_first_line(exc)} "
                             f"(check the file, or give its format by its suffix)") from exc


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())[:300]


def serialize(dataset: Dataset, fmt: RDFFormat, *, graph: URIRef | None = None) -> bytes:
    """Serialize deterministically: sorted lines for N-Triples/N-Quads, rdflib's sorted writers otherwise.

    Args:
        dataset: the data, one named graph per article.
        fmt: the output format; Turtle and N-Triples merge all graphs.
        graph: only this named graph.
    """
    if graph is not None:
        if graph not in {g.identifier for g in dataset.graphs()}:
            raise UsageError(f"no graph {graph} in the input")
        source = Dataset()
        for t in dataset.graph(graph):
            source.graph(graph).add(t)
        dataset = source
    if fmt.has_graphs:
        out = Dataset()
        quads = sorted((s, p, o, c) for s, p, o, c in dataset.quads((None, None, None, None)) if c is not None)
        out.addN((s, p, o, out.graph(c)) for s, p, o, c in quads)
        default = dataset.default_graph
        for t in sorted(default):
            out.default_graph.add(t)
        bind_prefixes(out)
        target: Graph = out
    else:
        merged = Graph()
        for t in sorted(set(dataset.triples((None, None, None)))):
            merged.add(t)
        bind_prefixes(merged)
        target = merged
    if fmt in (RDFFormat.NTRIPLES, RDFFormat.NQUADS):
        text = target.serialize(format=fmt.rdflib_name)
        lines = sorted(set(line for line in text.splitlines() if line.strip()))
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    if fmt is RDFFormat.JSONLD:
        text = target.serialize(format="json-ld", indent=2, sort_keys=True, auto_compact=True)
        return text.encode("utf-8")
    return target.serialize(format=fmt.rdflib_name, encoding="utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file all at once: temp file in the same folder, fsync, rename.

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
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
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
