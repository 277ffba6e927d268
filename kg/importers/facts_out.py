"""Event records → facts files (YAML), for people who want to review and edit before building.

``kg import … --to facts -o DIR`` writes, into a fresh directory (renamed into place at the end,
so a failed import leaves nothing):

* ``entities.yaml``: every actor, place and publisher the records use (countries are ISO codes
  and need no entry);
* one ``<article id>.yaml`` per source article: the article and its events, each event with its
  ``record`` (dataset and id, and the coded sentence) so that ``kg build DIR`` gives the same
  event, claim and evidence nodes as ``kg import``. What the facts format has no field for is
  left out: GDELT's figures, place codes and coordinates, the actors' codes and sectors.

Records are written as they come (an article's events are appended to its file), so memory
holds the keys written so far, not the records. Texts are written as JSON strings (valid YAML
double-quoted scalars), so no value can turn into a number, a date or a boolean.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from kg.errors import InputError, UsageError
from kg.importers.importer import ImportKind, ImportProgress, ImportReport, Tally, _kind, read_records
from kg.importers.records import Actor, EventRecord, Place, Source

ENTITIES = "entities.yaml"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def import_facts(kind: ImportKind | str, paths: Sequence[Path], out_dir: Path, *, skip_bad: bool = False,
                 progress: ImportProgress | None = None) -> ImportReport:
    """Import event-data files into a directory of facts files (``kg build DIR`` builds them).

    Args:
        kind: gdelt, icews or plover.
        paths: the input files.
        out_dir: the directory to write; an existing one is replaced when the import succeeds.
        skip_bad: skip bad records and report them, instead of stopping at the first.
        progress: called every 1,000 records.

    Raises:
        RecordError: a bad record (without ``skip_bad``); nothing is written.
        UsageError: ``out_dir`` is an existing file.

    >>> import_facts("plover", [Path("PLOVER_GSR_CAMEO.txt")], Path("plover-facts"))  # doctest: +SKIP
    """
    kind = _kind(kind)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: exists and is not a directory (--to facts writes a directory)")
    parent = out_dir.parent if str(out_dir.parent) else Path(".")
    tmp = parent / f".{out_dir.name}.{os.getpid()}.tmp"
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
    except OSError as exc:
        raise InputError(f"{out_dir}: cannot write here: {exc.strerror}") from exc
    tally = Tally()
    try:
        writer = _Writer(tmp, kind, tally)
        for record in read_records(kind, paths, skip_bad=skip_bad, tally=tally, progress=progress):
            writer.add(record)
        _replace_dir(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tally.report(kind, str(out_dir))


def _replace_dir(tmp: Path, out_dir: Path) -> None:
    old = out_dir.parent / f".{out_dir.name}.{os.getpid()}.old"
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(tmp, out_dir)
    with contextlib.suppress(OSError):
        shutil.rmtree(old)


class _Writer:
    def __init__(self, folder: Path, kind: ImportKind, tally: Tally) -> None:
        self.folder = folder
        self.tally = tally
        self.entities: set[str] = set()
        self.articles: set[str] = set()
        self.events: set[tuple[str, str]] = set()
        (folder / ENTITIES).write_text(f"# Entities used by the records imported with kg import {kind.value}.\n"
                                       "version: 1\nentities:\n", encoding="utf-8")
        self.kind = kind

    def _append(self, name: str, text: str) -> None:
        with (self.folder / name).open("a", encoding="utf-8") as handle:
            handle.write(text)

    def entity(self, key: str, fields: dict[str, str]) -> None:
        if key in self.entities:
            return
        self.entities.add(key)
        body = ", ".join(f"{name}: {value}" for name, value in fields.items())
        self._append(ENTITIES, f"  {key}: {{{body}}}\n")

    def ref(self, actor: Actor) -> str:
        """The key of an actor (an ISO alpha-3 code when it is a country), defining it if new."""
        if actor.key is None:
            return actor.country.alpha3 if actor.country else "unknown"
        fields = {"type": "Agent", "names": f"{{en: {_q(actor.name)}}}"}
        if actor.country is not None:
            fields["country"] = actor.country.alpha3
        if actor.wikidata:
            fields["wikidata"] = actor.wikidata
        self.entity(actor.key, fields)
        return actor.key

    def place(self, place: Place) -> str:
        if place.key is None:
            return place.country.alpha3 if place.country else "unknown"
        fields = {"type": "Place", "names": f"{{en: {_q(place.name or place.key)}}}"}
        if place.country is not None:
            fields["country"] = place.country.alpha3
        self.entity(place.key, fields)
        return place.key

    def article(self, source: Source, record: EventRecord) -> str:
        name = f"{source.id}.yaml"
        if source.id in self.articles:
            return name
        self.articles.add(source.id)
        kind = "NewsOrganization" if source.publisher_type == "NewsOrganization" else "Organization"
        lang = "zxx" if source.url and source.publisher_key.startswith("site-") else "en"
        self.entity(source.publisher_key, {"type": kind, "names": f"{{{lang}: {_q(source.publisher_name)}}}"})
        lines = [f"# Imported by kg import {self.kind.value} from {record.location.path}: review, edit, kg build.",
                 "version: 1", f"include: [{ENTITIES}]", "article:", f"  id: {source.id}",
                 f"  dataset: {record.dataset}"]
        if source.title:
            lines.append(f"  title: {_q(source.title)}")
        lines += [f"  publisher: {source.publisher_key}", f"  language: {source.language}"]
        if source.published:
            lines.append(f"  published: {_q(source.published)}")
        if source.url:
            lines.append(f"  url: {_q(source.url)}")
        if source.citation:
            lines.append(f"  citation: {_q(source.citation)}")
        lines.append("events:")
        self._append(name, "\n".join(lines) + "\n")
        return name

    def add(self, record: EventRecord) -> None:
        name = self.article(record.source, record)
        event_id = f"{record.dataset}-{record.record_id}".lower()
        event_id = "".join(c if c.isalnum() or c == "-" else "-" for c in event_id).strip("-")
        if (name, event_id) in self.events:  # the same record id again in one article: one event
            self.tally.notes[f"record id {record.record_id} again in {source_name(record)}: the facts keep "
                             "its first record"] += 1
            return
        self.events.add((name, event_id))
        lines = [f"  - id: {event_id}", f"    type: {record.cls}", f"    label: {{en: {_q(record.label)}}}"]
        if record.participants:
            lines.append("    participants:")
            for p in record.participants:
                lines.append(f"      - {{entity: {self.ref(p.actor)}, role: {p.role}}}")
        if record.place is not None:
            lines.append(f"    place: {self.place(record.place)}")
        if record.start:
            when = f"{{from: {_q(record.start)}, to: {_q(record.end)}}}" if record.end else _q(record.start)
            lines.append(f"    when: {when}")
        if record.topics:
            lines.append(f"    topics: [{', '.join(_q(t) for t in record.topics)}]")
        if record.cameo:
            lines.append(f"    cameo: {_q(record.cameo)}")
        if record.plover:
            lines.append(f"    plover: {record.plover}")
        if record.plover_mode:
            lines.append(f"    plover_mode: {record.plover_mode}")
        lines.append(f"    certainty: {record.certainty}")
        fields = [f"dataset: {record.dataset}", f"id: {_q(record.record_id)}"]
        if record.sentence:
            fields.append(f"sentence: {_q(record.sentence)}")
        lines.append(f"    record: {{{', '.join(fields)}}}")
        self._append(name, "\n".join(lines) + "\n")


def source_name(record: EventRecord) -> str:
    return f"{record.source.id}.yaml"
