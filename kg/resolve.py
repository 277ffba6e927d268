"""Resolve the facts of a build: entity keys, countries, event links, evidence spans, capacities.

:func:`load_corpus` reads every facts file of a build (directories expanded,
``include:`` files followed), pools the entities (one definition per key) and
resolves each article into a :class:`ResolvedArticle` the mapper can turn into
RDF without further checks. Every problem names the facts file and line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections import ChainMap
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path

from kg.countries import Country, all_codes, lookup_country
from kg.document import INVISIBLE, source_file
from kg.errors import FactsError, Location, Problem
from kg.facts import fact_file_names, read_facts
from kg.model import Article, Entity, Event, FactsDocument, Participant, Position, Quote, TimeSpec

CONTEXT_CHARS = 32  # prefix/suffix length of a text-quote selector


@dataclass(frozen=True)
class Span:
    """Where an evidence quote sits in the NFC article text (code points, end exclusive)."""

    exact: str
    start: int | None = None
    end: int | None = None
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class ResolvedArticle:
    """An article with everything the mapper needs, all references checked."""

    article: Article
    document: FactsDocument
    events: tuple[Event, ...]
    entities: dict[str, Entity]
    countries: dict[str, Country]
    spans: dict[str, Span]
    capacities: dict[tuple[str, str, str], tuple[int, ...]]
    text: str | None = field(default=None, repr=False)


_ARTICLE_KEY = re.compile(rb'(?m)^(?:\{\s*)?["\']?article["\']?\s*:|(?<!\\)"article"\s*:')


#: What may stand between the start of a line and the ``article`` key :data:`_ARTICLE_KEY` finds.
_BEFORE_KEY = frozenset(b"{\"' \t\r\n\x0b\x0c")

#: How much of a facts file :func:`has_article` scans (the article comes first in most files).
_SCAN_BYTES = 1 << 16


def has_article(path: str | Path) -> bool:
    """Whether a facts file describes an article (else it is an entities file shared by the build).

    A cheap scan of the file's start for an ``article`` key, so that entity files can be read
    first without parsing every article twice. A guess either way is caught when the file is
    read (an "entities file" with an article is built as an article, and the other way round).
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SCAN_BYTES)
    except OSError:
        return True  # let the reader report it
    # Every match holds the word, after nothing but a brace, quotes and spaces on its lines: the
    # search starts at the line where what precedes its first occurrence begins (a file names
    # its includes first, and the pattern was tried at each of their characters).
    start = head.find(b"article")
    if start < 0:
        return False
    while start and head[start - 1] in _BEFORE_KEY:
        start -= 1
    return _ARTICLE_KEY.search(head, head.rfind(b"\n", 0, start) + 1) is not None


@dataclass
class Corpus:
    """A build's facts: the shared entities, read up front, and the articles, read one at a time.

    Entities shared by several articles live in entities files (documents with no article, in
    the build or named by ``include:``). Entities defined in an article's file belong to that
    article; defining one key differently in two places is an error naming both.

    Attributes:
        entities: the shared entities, by key.
        article_files: the facts files that describe articles, in build order (sorted paths, as strings).
        documents: documents given as read (standard input), built before the files.
        warnings: warnings of every file read so far.
    """

    entities: dict[str, Entity]
    article_files: list[str]
    documents: list[FactsDocument] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # Locations kept for the whole build (a first article id, a definition) are kept light: a JSON
    # file's location not found yet is kept as the file's name, read again if a message shows it
    # (:func:`_kept`, :func:`_shown`), so that a big build does not keep every article's text.
    _definitions: dict[str, tuple[object, Location | str]] = field(default_factory=dict, repr=False)
    _includes: dict[Path, dict[str, Entity]] = field(default_factory=dict, repr=False)
    _ids: dict[str, Location | str] = field(default_factory=dict, repr=False)
    _problems: list[FactsError] = field(default_factory=list, repr=False)

    def __len__(self) -> int:
        return len(self.article_files) + len(self.documents)

    def articles(self) -> Iterator[ResolvedArticle]:
        """Read, check and resolve the articles one by one (memory does not grow with their number).

        Raises:
            FactsError: after the last article, every problem found (the caller has written
                nothing that stays: kg writes outputs atomically).
        """
        docs: Iterator[FactsDocument | FactsError] = chain(
            iter(self.documents), (read_document(Path(path)) for path in self.article_files))
        for doc in docs:
            if isinstance(doc, FactsError):
                self.note(doc)
                continue
            pool = self.admit(doc)
            if pool is None:
                continue
            try:
                yield resolve_article(doc, pool)
            except FactsError as exc:
                self.note(exc)
        self.finish()

    def admit(self, doc: FactsDocument) -> Mapping[str, Entity] | None:
        """The checks across articles for the next document in build order, and its entity pool.

        Keeps the document's warnings; registers its entity definitions (a key defined
        differently before is a problem) and its article id (an id seen before is a problem).
        None: the document is not an article to build (an entities file, or a problem, noted).
        """
        self.warnings.extend(doc.warnings)
        try:
            pool = self.pool(doc)
        except FactsError as exc:
            self.note(exc)
            return None
        if doc.article is None:  # an entities file the scan took for an article
            return None
        first = self._ids.get(doc.article.id)
        if first is None:
            self._ids[doc.article.id] = _kept(doc.article.location)
            return pool
        where = _shown(first, lambda again: again.article.location if again.article else None)
        self.note(FactsError([Problem(doc.article.location, "article.id",
                                      f"article '{doc.article.id}' is also described at {where}",
                                      "give each article its own id")]))
        return None

    def note(self, error: FactsError) -> None:
        """Keep a problem for the end of the build (every problem is reported at once)."""
        self._problems.append(error)

    def finish(self) -> None:
        """Raise every problem noted so far, if any."""
        problems, self._problems = self._problems, []
        raise_all(problems)

    def worker_copy(self) -> Corpus:
        """A copy that can pool and resolve articles on its own (in a worker), sharing the entities."""
        return replace(self, documents=[], warnings=[], _definitions=dict(self._definitions),
                       _includes=dict(self._includes), _ids={}, _problems=[])

    def pool(self, doc: FactsDocument) -> Mapping[str, Entity]:
        """The entities an article sees: its own, its includes' (and theirs), and the shared ones."""
        own: dict[str, Entity] = {}
        included: list[dict[str, Entity]] = []
        for path in doc.includes:
            try:
                included.append(self._included(path))
            except FactsError as exc:
                where = doc.article.location if doc.article else Location(doc.label)
                raise FactsError([*exc.problems, Problem(where, "include", f"cannot use the included file {path}",
                                                         "check the path (relative to this file)")]) from exc
        for entity in doc.entities:
            self._define(entity)
            own[entity.key] = entity
        return ElsewhereMap(ChainMap(own, *reversed(included), self.entities), self._definitions)

    def _included(self, path: Path, seen: frozenset[Path] = frozenset()) -> dict[str, Entity]:
        """An entities file's entities by key, with those of the files it includes (each read once)."""
        known = self._includes.get(path)  # as written (resolving paths is slow, and articles repeat them)
        if known is not None:
            return known
        key = path.resolve()
        if key not in self._includes:
            if key in seen:
                return {}  # an include cycle: each file once
            doc = read_facts(path)
            self.warnings.extend(doc.warnings)
            for entity in doc.entities:
                self._define(entity)
            entities: dict[str, Entity] = {}
            for inner in doc.includes:
                entities.update(self._included(inner, seen | {key}))
            entities.update((e.key, e) for e in doc.entities)
            self._includes[key] = entities
        self._includes[path] = self._includes[key]
        return self._includes[key]

    def _define(self, entity: Entity) -> None:
        """Remember a definition; a different one of the same key is an error naming both."""
        known = self._definitions.get(entity.key)
        if known is None:
            self._definitions[entity.key] = (_definition(entity), _kept(entity.location))
        elif known[0] != _definition(entity):
            raise FactsError([Problem(entity.location, f"entities.{entity.key}",
                                      f"'{entity.key}' is defined differently at {_defined_at(entity.key, known[1])}",
                                      "keep one definition (e.g. in a shared entities file) or use another key")])


class ElsewhereMap(ChainMap[str, Entity]):
    """The entities an article sees, knowing where other articles define keys it does not see."""

    def __init__(self, visible: ChainMap[str, Entity], definitions: dict[str, tuple[object, Location | str]]) -> None:
        super().__init__(*visible.maps)
        self.definitions = definitions

    def elsewhere(self, key: str) -> Location | None:
        """Where another article's file defines ``key`` (it belongs to that article only)."""
        known = self.definitions.get(key)
        return _defined_at(key, known[1]) if known is not None and key not in self else None


def _kept(location: Location) -> Location | str:
    """A location to keep for a whole build: as is, or (not found yet) the name of its JSON file."""
    file = source_file(location)
    return file if file is not None else location


def _shown(kept: Location | str, find: Callable[[FactsDocument], Location | None]) -> Location:
    """A kept location, found again in its file if need be (a file changed since: the file only)."""
    if isinstance(kept, Location):
        return kept
    doc = read_document(Path(kept))
    found = find(doc) if isinstance(doc, FactsDocument) else None
    return found if found is not None else Location(kept)


def _defined_at(key: str, kept: Location | str) -> Location:
    return _shown(kept, lambda doc: next((e.location for e in doc.entities if e.key == key), None))


def read_document(path: Path) -> FactsDocument | FactsError:
    """A facts file read, or what is wrong with it."""
    try:
        return read_facts(path)
    except FactsError as exc:
        return exc


def _realpath(path: str, folders: dict[str, str]) -> str:
    """``os.path.realpath``, each folder resolved once (``folders``): a third of planning a big build
    went into resolving the same folders again for each of their files."""
    if os.path.islink(path):
        return os.path.realpath(path)
    folder, name = os.path.split(path)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


def load_corpus(sources: Sequence[Path], *, documents: Iterable[FactsDocument] = ()) -> Corpus:
    """Plan a build: read the entities files (and check them), list the article files.

    Args:
        sources: facts files and directories of facts files (directories are read recursively,
            in sorted order).
        documents: documents already read (e.g. from stdin) to add to the build.

    Raises:
        FactsError: an entities file is bad, or defines a key differently from another.
    """
    # Each file once, in the order of the real paths; kept as strings (a path object costs ten times
    # the memory, and the workers of a big build would each hold a copy of the list).
    folders: dict[str, str] = {}
    real = {_realpath(name, folders): name for name in fact_file_names(sources)}
    corpus = Corpus({}, [], list(documents))
    problems: list[FactsError] = []
    for key in sorted(real, key=lambda r: r.split(os.sep)):
        name = real.pop(key)
        if has_article(name):
            corpus.article_files.append(name)
            continue
        path = Path(name)
        doc = read_document(path)
        if isinstance(doc, FactsError):
            problems.append(doc)
            continue
        if doc.article is not None:  # the scan missed it: an article after all
            corpus.article_files.append(name)
            continue
        corpus.warnings.extend(doc.warnings)
        corpus._includes[path.resolve()] = {e.key: e for e in doc.entities}  # included later: not read again
        for entity in doc.entities:
            try:
                corpus._define(entity)
            except FactsError as exc:
                problems.append(exc)
            corpus.entities[entity.key] = entity
        for include in doc.includes:
            try:
                for entity in corpus._included(include).values():
                    corpus.entities[entity.key] = entity
            except FactsError as exc:
                problems.append(exc)
    raise_all(problems)
    return corpus


def raise_all(errors: list[FactsError]) -> None:
    """Raise the one error, or one error listing the problems of all (chained to the first).

    A problem of a shared entity is found by every article that uses it: it is listed once.
    """
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise FactsError(list(dict.fromkeys(p for e in errors for p in e.problems))) from errors[0]


def _definition(entity: Entity) -> object:
    """What must agree between two definitions of one key (not where they were written)."""
    return replace(entity, location=Location(""),
                   positions=tuple(replace(p, location=Location("")) for p in entity.positions))


class _Resolver:
    def __init__(self, doc: FactsDocument, pool: Mapping[str, Entity]) -> None:
        assert doc.article is not None
        self.doc = doc
        self.article = doc.article
        self.pool = pool
        self.problems: list[Problem] = []
        self.entities: dict[str, Entity] = {}
        self.countries: dict[str, Country] = {}
        self.spans: dict[str, Span] = {}

    def fail(self, location: Location, fieldname: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(location, fieldname, message, hint))

    def ref(self, key: str | None, location: Location, fieldname: str, *, kinds: tuple[str, ...] = ()) -> None:
        """Check an entity reference and pull the entity (and what it refers to) into the article."""
        if key is None or key in self.entities or key in self.countries:
            self._check_kind(key, location, fieldname, kinds)
            return
        if key.isupper():
            country = lookup_country(key)
            if country is None:
                hint = _did_you_mean(key, all_codes()) or "use an ISO 3166-1 code such as RU, IR, RUS, IRN"
                self.fail(location, fieldname, f"unknown country code '{key}'", hint)
                return
            self.countries[key] = country
            if key in self.pool:
                self._pull(self.pool[key])
            return
        entity = self.pool.get(key)
        if entity is None:
            other = self.pool.elsewhere(key) if isinstance(self.pool, ElsewhereMap) else None
            hint = (f"it is defined at {other}, in another article's file: move it to an entities file "
                    "or include: one" if other else
                    _did_you_mean(key, self.pool) or "define it under entities: (here or in an included file)")
            self.fail(location, fieldname, f"unknown entity '{key}'", hint)
            return
        self._pull(entity)
        self._check_kind(key, location, fieldname, kinds)

    def _pull(self, entity: Entity) -> None:
        self.entities[entity.key] = entity
        self.ref(entity.country, entity.location, f"entities.{entity.key}.country",
                 kinds=("Country",))
        for i, position in enumerate(entity.positions):
            self.ref(position.of, position.location, f"entities.{entity.key}.positions[{i}].of")

    def _check_kind(self, key: str | None, location: Location, fieldname: str, kinds: tuple[str, ...]) -> None:
        if key is None or not kinds:
            return
        etype = "Country" if key in self.countries else self.entities[key].type if key in self.entities else None
        if etype is not None and etype not in kinds:
            self.fail(location, fieldname, f"'{key}' is a {etype}, expected {' or '.join(kinds)}", "")

    def quote(self, quote: Quote, fieldname: str) -> None:
        if quote.text in self.spans:
            return
        text = self.doc.text
        if text is None:
            self.spans[quote.text] = Span(quote.text)
            return
        match = _find(text, quote.text)
        if match is None:
            self.fail(quote.location, fieldname, "the quote does not occur in the article text",
                      f"copy it exactly from {self.article.text_path}")
            return
        start, end = match
        self.spans[quote.text] = Span(text[start:end], start, end, text[max(0, start - CONTEXT_CHARS):start],
                                      text[end:end + CONTEXT_CHARS])

    def resolve(self) -> ResolvedArticle:
        art = self.article
        self.ref(art.publisher, art.location, "article.publisher")
        events = self._merge_attendances()
        ids = {e.id for e in events}
        capacities: dict[tuple[str, str, str], tuple[int, ...]] = {}
        for event in events:
            where = event.field
            self.ref(event.place, event.location, f"{where}.place",
                     kinds=("Country", "City", "Place"))
            for key in event.according_to:
                self.ref(key, event.location, f"{where}.according_to")
            for link, targets in (("purpose", [event.purpose]), ("about", event.about),
                                  ("part_of", [event.part_of])):
                for target in targets:
                    if target is not None and target not in ids:
                        self.fail(event.location, f"{where}.{link}", f"unknown event '{target}'",
                                  _did_you_mean(target, ids) or "use the id of an event of this article")
                    if target == event.id:
                        self.fail(event.location, f"{where}.{link}", "an event cannot point at itself", "")
            self._check_time(event, where)
            for quote in event.evidence:
                self.quote(quote, f"{where}.evidence")
            if event.quote is not None:
                self.quote(event.quote, f"{where}.quote")
            for participant in event.participants:
                self.ref(participant.entity, participant.location, participant.field)
                for quote in participant.evidence:
                    self.quote(quote, f"{participant.field}.evidence")
                capacity = self._capacity(event, participant)
                if capacity:
                    capacities[(event.id, participant.entity, participant.role)] = capacity
        if self.problems:
            raise FactsError(sorted(self.problems, key=lambda p: (p.location.line, p.location.column)))
        return ResolvedArticle(art, self.doc, tuple(events), dict(sorted(self.entities.items())),
                               dict(sorted(self.countries.items())), self.spans, capacities, self.doc.text)

    def _merge_attendances(self) -> list[Event]:
        events = list(self.doc.events)
        index = {e.id: i for i, e in enumerate(events)}
        for att in self.doc.attendances:
            where = att.field
            i = index.get(att.summit)
            if i is None or events[i].type != "Summit":
                self.fail(att.location, f"{where}.summit", f"'{att.summit}' is not a Summit event of this article",
                          _did_you_mean(att.summit, [e.id for e in events if e.type == "Summit"]) or
                          "add the summit to events with type: Summit")
                continue
            participant = Participant(att.attendee, "attendee", None, att.evidence, att.location, att.field)
            events[i] = replace(events[i], participants=(*events[i].participants, participant))
        return events

    def _check_time(self, event: Event, where: str) -> None:
        if event.when is None:
            return
        window = time_window(event.when)
        published = self.article.published
        if published is None:  # an article known only from event records
            return
        if window[0] and window[0] > published.latest and event.status in ("occurred", "ongoing"):
            self.fail(event.location, f"{where}.when",
                      f"the event is dated after the article was published ({published.text})",
                      "fix the date, or set status: planned / expected")

    def _capacity(self, event: Event, participant: Participant) -> tuple[int, ...]:
        entity = self.entities.get(participant.entity)
        if entity is None or not entity.positions:
            if participant.capacity:
                self.fail(participant.location, f"{participant.field}.as",
                          f"'{participant.entity}' holds no positions", "add positions: to the entity")
            return ()
        if participant.capacity is not None:
            matches = tuple(i for i, p in enumerate(entity.positions)
                            if participant.capacity in dict(p.role).get("en", ()))
            if not matches:
                roles = [dict(p.role).get("en", ("?",))[0] for p in entity.positions]
                self.fail(participant.location, f"{participant.field}.as",
                          f"'{participant.entity}' holds no position '{participant.capacity}'",
                          _did_you_mean(participant.capacity, roles) or "one of: " + ", ".join(roles))
            return matches
        start, end = time_window(event.when) if event.when else (None, None)
        if start is None and end is None:
            if self.article.published is None:
                return ()
            start = end = self.article.published.earliest
        start = start or end
        end = end or start
        return tuple(i for i, p in enumerate(entity.positions) if position_valid(p, start, end))


def resolve_article(doc: FactsDocument, pool: Mapping[str, Entity]) -> ResolvedArticle:
    """Resolve one article document against the entity pool of its build."""
    return _Resolver(doc, pool).resolve()


def time_window(when: TimeSpec) -> tuple[dt.date | None, dt.date | None]:
    """The first and last possible day of a time spec (None where unbounded).

    ``before X`` ends the day before X starts; ``after X`` starts the day after X ends.
    """
    earliest: dt.date | None = None
    latest: dt.date | None = None
    if when.on:
        earliest, latest = when.on.earliest, when.on.latest
    if when.start:
        earliest = when.start.earliest
    if when.end:
        latest = when.end.latest
    if when.before:
        latest = when.before.earliest - dt.timedelta(days=1)
    if when.after:
        earliest = when.after.latest + dt.timedelta(days=1)
    return earliest, latest


def position_valid(position: Position, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether a position covers the span from ``start`` to ``end``."""
    if position.start is not None and start is not None and position.start.earliest > start:
        return False
    if position.end is not None and end is not None and position.end.latest < end:
        return False
    return True


def _find(text: str, quote: str) -> tuple[int, int] | None:
    """Find a quote in the text: exactly; else with any run of white space matching any other;
    else also ignoring invisible characters (bidi controls, zero-width spaces) on both sides."""
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    found = _find_spaced(text, quote)
    if found is not None:
        return found
    kept = [i for i, c in enumerate(text) if c not in INVISIBLE]
    visible = "".join(text[i] for i in kept)
    found = _find_spaced(visible, "".join(c for c in quote if c not in INVISIBLE))
    if found is None:
        return None
    return kept[found[0]], kept[found[1] - 1] + 1


def _find_spaced(text: str, quote: str) -> tuple[int, int] | None:
    words = quote.split()
    if not words:
        return None
    match = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (match.start(), match.end()) if match else None


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


__all__ = ["Corpus", "ResolvedArticle", "Span", "load_corpus", "resolve_article", "time_window"]
