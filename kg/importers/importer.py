"""Importing event-data files: read records one at a time, skip or stop at bad ones, write RDF.

:func:`import_records` streams records to an RDF file (N-Quads by default, one named graph per
source article) through pyoxigraph's serializer; memory stays flat whatever the input size. The
output file is written to a temporary file and renamed at the end, so a failed import leaves no
partial file. :func:`read_records` and :func:`import_gdelt` (and its ICEWS and PLOVER siblings)
give the records and quads to Python callers.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.errors import InputError, Problem, RecordError, UsageError
from kg.importers.gdelt import read_gdelt
from kg.importers.icews import read_icews
from kg.importers.plover import Skipped, read_plover
from kg.importers.rdf import RecordMapper
from kg.importers.records import EventRecord
from kg.namespace import DEFAULT_BASE, PREFIXES
from kg.rdfio import RDFFormat, atomic_output

#: Called now and then with the number of records read so far.
ImportProgress = Callable[[int], None]

#: Problems of skipped records kept in the report (the count goes on).
MAX_PROBLEMS = 1000

#: Record ids remembered to notice an id read again with other details (bounded memory).
REMEMBERED_IDS = 1 << 17


class ImportKind(StrEnum):
    """The kinds of event-data files kg imports (``kg import KIND``)."""

    GDELT = "gdelt"
    ICEWS = "icews"
    PLOVER = "plover"


@dataclass(frozen=True)
class ImportReport:
    """What an import read, skipped and wrote.

    Attributes:
        kind: the kind of input.
        records: events imported.
        skipped: bad records skipped (with ``skip_bad``).
        problems: the problems of the skipped records (at most :data:`MAX_PROBLEMS`).
        ignored: records that are no events, such as PLOVER ``DOCUMENT`` records, with where.
        notes: codes read with a caveat and how often (a country code with no ISO country, a
            PLOVER 0.5 name read as its 2021 name), most frequent first.
        quads: quads written (0 for facts output).
        output: where the output went.
    """

    kind: ImportKind
    records: int
    skipped: int
    problems: tuple[Problem, ...]
    ignored: tuple[str, ...]
    notes: tuple[tuple[str, int], ...]
    quads: int
    output: str


@dataclass
class Tally:
    """Counts kept while records stream by (see :class:`ImportReport`)."""

    records: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)
    quads: int = 0

    def report(self, kind: ImportKind, output: str) -> ImportReport:
        notes = tuple(sorted(self.notes.items(), key=lambda item: (-item[1], item[0])))
        return ImportReport(kind, self.records, self.skipped, tuple(self.problems), tuple(self.ignored), notes,
                            self.quads, output)


_READERS = {ImportKind.GDELT: read_gdelt, ImportKind.ICEWS: read_icews, ImportKind.PLOVER: read_plover}


def read_records(kind: ImportKind | str, paths: Sequence[Path], *, skip_bad: bool = False,
                 tally: Tally | None = None, progress: ImportProgress | None = None) -> Iterator[EventRecord]:
    """The event records of the files, one at a time, in file order.

    Args:
        kind: gdelt, icews or plover.
        paths: the files (``.zip`` and ``.gz`` are read without extracting them).
        skip_bad: skip bad records (counted in ``tally``) instead of stopping at the first.
        tally: where to count records, skipped ones and notes.
        progress: called every 1,000 records with the count so far.

    Raises:
        RecordError: a bad record, when not ``skip_bad``: ``file:line: column: what is wrong``.
        InputError: a file that is missing or of the wrong kind.

    >>> records = read_records("gdelt", [Path("20150218230000.export.CSV")])  # doctest: +SKIP
    >>> next(records).cameo  # doctest: +SKIP
    '043'
    """
    kind = _kind(kind)
    if not paths:
        raise UsageError("give at least one FILE to import")
    tally = tally if tally is not None else Tally()
    reader = _READERS[kind]
    seen: OrderedDict[tuple[str, str], tuple[int, str]] = OrderedDict()
    for path in paths:
        for item in reader(Path(path)):
            if isinstance(item, RecordError):
                if not skip_bad:
                    raise item
                tally.skipped += 1
                if len(tally.problems) < MAX_PROBLEMS:
                    tally.problems.append(item.problem)
                continue
            if isinstance(item, Skipped):
                tally.ignored.append(f"{item.location}: {item.reason}")
                continue
            tally.records += 1
            tally.notes.update(item.notes)
            _remember(seen, item, tally)
            if progress is not None and tally.records % 1000 == 0:
                progress(tally.records)
            yield item


def _remember(seen: OrderedDict[tuple[str, str], tuple[int, str]], record: EventRecord, tally: Tally) -> None:
    """Note a record id read again with other event details (the same id is one event node).

    The same id from another article is expected (one event, several sources); other actors,
    codes, place or date under the same id are not, and would merge into one node.
    """
    family = "gdelt" if record.dataset.startswith("gdelt") else record.dataset
    key = (family, record.record_id)
    details = hash((record.cls, record.cameo, record.plover, record.plover_mode, record.participants,
                    record.place, record.start, record.end))
    earlier = seen.get(key)
    if earlier is None:
        seen[key] = (details, str(record.location))
        if len(seen) > REMEMBERED_IDS:
            seen.popitem(last=False)
    elif earlier[0] != details:
        tally.notes[f"record id {record.record_id} read again with other details (first at {earlier[1]}); "
                    "both are merged into one event"] += 1


def _kind(kind: ImportKind | str) -> ImportKind:
    try:
        return ImportKind(kind)
    except ValueError:
        raise UsageError(f"unknown kind of import {kind!r} (use gdelt, icews or plover)") from None


def import_quads(kind: ImportKind | str, paths: Sequence[Path], *, base: str = DEFAULT_BASE,
                 skip_bad: bool = False, tally: Tally | None = None,
                 progress: ImportProgress | None = None) -> Iterator[ox.Quad]:
    """The quads of the files' records, streamed: one named graph per source article."""
    mapper = RecordMapper(base)
    tally = tally if tally is not None else Tally()
    for record in read_records(kind, paths, skip_bad=skip_bad, tally=tally, progress=progress):
        quads = mapper.quads(record)
        tally.quads += len(quads)
        yield from quads


def import_gdelt(paths: Sequence[Path], *, base: str = DEFAULT_BASE, skip_bad: bool = False) -> Iterator[ox.Quad]:
    """The quads of GDELT 2.0 or 1.0 event exports (plain, ``.gz`` or ``.zip``), streamed.

    >>> quads = import_gdelt([Path("20150218230000.export.CSV")])  # doctest: +SKIP
    >>> next(quads).graph_name  # doctest: +SKIP
    <NamedNode value=https://w3id.org/geokg/id/graph/dailymaverick-co-za-7672a6d1255f>
    """
    return import_quads(ImportKind.GDELT, paths, base=base, skip_bad=skip_bad)


def import_icews(paths: Sequence[Path], *, base: str = DEFAULT_BASE, skip_bad: bool = False) -> Iterator[ox.Quad]:
    """The quads of ICEWS event files (``.tab``/``.tsv`` with a header, or ``.json``/``.jsonl``)."""
    return import_quads(ImportKind.ICEWS, paths, base=base, skip_bad=skip_bad)


def import_plover(paths: Sequence[Path], *, base: str = DEFAULT_BASE, skip_bad: bool = False) -> Iterator[ox.Quad]:
    """The quads of PLOVER JSON records (an array, or JSON Lines)."""
    return import_quads(ImportKind.PLOVER, paths, base=base, skip_bad=skip_bad)


_STREAM_FORMATS = {RDFFormat.NQUADS: ox.RdfFormat.N_QUADS, RDFFormat.TRIG: ox.RdfFormat.TRIG,
                   RDFFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES, RDFFormat.TURTLE: ox.RdfFormat.TURTLE}


def import_records(kind: ImportKind | str, paths: Sequence[Path], out: Path | IO[bytes],
                   fmt: RDFFormat | None = None, *, base: str = DEFAULT_BASE, skip_bad: bool = False,
                   progress: ImportProgress | None = None) -> ImportReport:
    """Import event-data files into one RDF file (or stream), one named graph per source article.

    Args:
        kind: gdelt, icews or plover.
        paths: the input files.
        out: the output file (written atomically: all or nothing), or a binary stream.
        fmt: nq (default; by the suffix of a path), trig, nt or ttl (nt and ttl drop the graphs).
        base: the base IRI of minted IRIs.
        skip_bad: skip bad records and report them, instead of stopping at the first.
        progress: called every 1,000 records.

    Raises:
        RecordError: a bad record (without ``skip_bad``); nothing is written.
        InputError: a missing file, or a file of the wrong kind.
        UsageError: an output format that cannot be streamed (jsonld).

    >>> report = import_records("gdelt", [Path("20150218230000.export.CSV")], Path("out.nq"))  # doctest: +SKIP
    >>> report.records  # doctest: +SKIP
    2271
    """
    kind = _kind(kind)
    chosen = fmt or (RDFFormat.from_path(out) if isinstance(out, Path) else None) or RDFFormat.NQUADS
    if chosen not in _STREAM_FORMATS:
        raise UsageError(f"kg import writes nq, trig, nt or ttl, not {chosen.value} (convert with kg export)")
    tally = Tally()
    quads: Iterator[ox.Quad] = import_quads(kind, paths, base=base, skip_bad=skip_bad, tally=tally,
                                             progress=progress)
    items: Iterable[ox.Quad] | Iterable[ox.Triple] = quads
    if not chosen.has_graphs:
        items = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    prefixes = None if chosen in (RDFFormat.NQUADS, RDFFormat.NTRIPLES) else _prefixes()
    if isinstance(out, Path):
        with atomic_output(out) as handle:
            _serialize(items, handle, _STREAM_FORMATS[chosen], prefixes)
        where = str(out)
    else:
        _serialize(items, out, _STREAM_FORMATS[chosen], prefixes)
        out.flush()
        where = "stdout"
    return tally.report(kind, where)


def _prefixes() -> dict[str, str]:
    out = {name: str(ns) for name, ns in PREFIXES.items()}
    out.update({"rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#"})
    return out


def _serialize(items: Iterable[ox.Quad] | Iterable[ox.Triple], handle: IO[bytes], fmt: ox.RdfFormat,
               prefixes: dict[str, str] | None) -> None:
    try:
        ox.serialize(items, handle, fmt, prefixes=prefixes)
    except OSError as exc:
        raise InputError(f"cannot write the output: {exc.strerror or exc}") from exc
