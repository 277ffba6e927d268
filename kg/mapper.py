"""Map resolved articles to RDF: one named graph per article, every node an IRI.

Each article's graph is self-contained: it holds the article, its events,
participations, claims and evidence, and the descriptions of the entities it
uses (so a graph can be replaced, pushed or validated on its own). Provenance
also survives in plain Turtle: every event and claim links to its article
(``kg:reportedIn``) and its evidence (``kg:evidence``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial

import pyoxigraph as ox
from rdflib import RDF as _RDF
from rdflib import RDFS as _RDFS
from rdflib import SKOS as _SKOS
from rdflib import XSD as _XSD
from rdflib import URIRef

from kg.countries import Country
from kg.dates import DateValue
from kg.errors import Location
from kg.iris import Minter, minted
from kg.model import Entity, Event, Names, Participant, Record, first_name
from kg.namespace import CAMEO as _CAMEO
from kg.namespace import CERTAINTY as _CERTAINTY
from kg.namespace import DATASET as _DATASET
from kg.namespace import DATASETS
from kg.namespace import KG as _KG
from kg.namespace import OA as _OA
from kg.namespace import PLOVER as _PLOVER
from kg.namespace import PLOVER_MODE as _PLOVER_MODE
from kg.namespace import POLARITY as _POLARITY
from kg.namespace import PRECISION as _PRECISION
from kg.namespace import ROLE as _ROLE
from kg.namespace import STATUS as _STATUS
from kg.namespace import WD as _WD
from kg.resolve import ResolvedArticle, Span, time_window


class _Terms:
    """A namespace whose terms, once looked up, are plain attributes (namespace lookups are slow,
    and the mapper makes a dozen triples per fact). Unknown names still fail as in the namespace."""

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = URIRef(str(getattr(self._namespace, name)))
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return getattr(self, name)  # type: ignore[no-any-return]


RDF, RDFS, SKOS, XSD, KG, OA = (_Terms(ns) for ns in (_RDF, _RDFS, _SKOS, _XSD, _KG, _OA))
CAMEO, PLOVER, PLOVER_MODE, ROLE, STATUS, CERTAINTY, POLARITY, PRECISION, DATASET, WD = (
    _Terms(ns) for ns in (_CAMEO, _PLOVER, _PLOVER_MODE, _ROLE, _STATUS, _CERTAINTY, _POLARITY, _PRECISION,
                          _DATASET, _WD))

_join = "".join


class Lit(str):
    """A literal as N-Triples writes it: ``"text"``, ``"text"@en``, ``"2015"^^<…#gYear>``.

    The mapper writes N-Triples lines itself (making pyoxigraph terms in Python costs more than
    all the rest of mapping); literals are escaped exactly as Oxigraph escapes them, and a test
    holds the two together.
    """

    __slots__ = ()


#: N-Triples escapes (ECHAR, else UCHAR for the other control characters), as Oxigraph writes them.
_ESCAPES = {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F)} | {
    0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')


def quoted(value: str) -> str:
    """A string in double quotes, escaped for N-Triples."""
    if _NEEDS_ESCAPE.search(value):
        value = value.translate(_ESCAPES)
    return f'"{value}"'


@lru_cache(maxsize=256)
def _language(tag: str) -> str:
    """``@tag`` as Oxigraph writes it (lower case); a tag that is not BCP 47 raises ValueError."""
    return "@" + str(ox.Literal("", language=tag).language)


@lru_cache(maxsize=1 << 12)
def checked_iri(value: str) -> str:
    """An IRI from the input (a URL), checked as pyoxigraph checks IRIs (ValueError if it is not one)."""
    return ox.NamedNode(value).value


def text(value: str, lang: str | None = None) -> Lit:
    """A plain string, or a string with a language tag."""
    return Lit(quoted(value) + _language(lang)) if lang else Lit(quoted(value))


def typed(value: str, datatype: str) -> Lit:
    return Lit(f"{quoted(value)}^^<{datatype}>")


def day(value: dt.date) -> Lit:
    return typed(value.isoformat(), _XSD_DATE)


_XSD_DATE = str(XSD.date)

#: CAMEO code, PLOVER type and PLOVER mode derived from each event type (overridable in the facts).
TYPE_CODES: dict[str, tuple[str | None, str | None, str | None]] = {
    "Meeting": ("040", "CONSULT", None),
    "Visit": ("042", "CONSULT", "visit"),
    "Summit": ("040", "CONSULT", "multilateral"),
    "PhoneCall": ("041", "CONSULT", "phone"),
    "Cooperation": ("060", "COOPERATE", None),
    "AgreementSigning": ("057", "SUPPORT", None),
    "Statement": ("010", None, None),
    "Event": (None, None, None),  # a generic event gives its own code (cameo or plover)
}

_DATATYPES = {"day": str(XSD.date), "month": str(XSD.gYearMonth), "year": str(XSD.gYear)}


@dataclass
class ArticleGraph:
    """The triples of one article's named graph, and where each node came from.

    Attributes:
        graph: the named graph's IRI.
        article_id: the article.
        lines: the triples as N-Triples lines (each ends with a newline), without repeats, in a
            deterministic order.
        locations: the facts file, line and column of each node the facts describe.
    """

    graph: URIRef
    article_id: str
    lines: list[str]
    locations: dict[URIRef, Location] = field(default_factory=dict)
    _document: bytes | None = field(default=None, init=False, repr=False, compare=False)

    def ntriples(self) -> bytes:
        """The triples as an N-Triples document (made on the first call: the lines do not change after)."""
        if self._document is None:
            self._document = "".join(self.lines).encode()
        return self._document

    @property
    def triples(self) -> list[ox.Triple]:
        """The triples as pyoxigraph terms."""
        return [quad.triple for quad in ox.parse(self.ntriples(), format=ox.RdfFormat.N_TRIPLES)]


def date_literal(value: DateValue) -> Lit:
    """A date as stated: xsd:date, xsd:gYearMonth or xsd:gYear by precision.

    >>> from kg.dates import parse_date
    >>> str(date_literal(parse_date("2015-11")))
    '"2015-11"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    """
    return typed(value.text, _DATATYPES[value.precision])


#: The triples and locations describing a shared entity or a country, by what determines them.
Descriptions = dict[tuple[object, ...], tuple[dict[str, None], dict[URIRef, Location]]]
#: Descriptions remembered at most (then forgotten, to keep memory flat).
MAX_DESCRIPTIONS = 10_000


def map_article(resolved: ResolvedArticle, minter: Minter | None = None,
                descriptions: Descriptions | None = None) -> ArticleGraph:
    """Map one resolved article to the triples of its named graph.

    Every article's graph describes the entities it uses; ``descriptions`` (a dict kept across
    the articles of one build) saves mapping a shared entity again for every article that uses it.

    >>> from pathlib import Path
    >>> from kg.resolve import load_corpus
    >>> art = next(load_corpus([Path("examples/putin-tehran-2015")]).articles())  # doctest: +SKIP
    >>> len(map_article(art).triples) > 100  # doctest: +SKIP
    True
    """
    return _Mapper(resolved, minter or Minter(), {} if descriptions is None else descriptions).run()


class _Mapper:
    def __init__(self, resolved: ResolvedArticle, minter: Minter, descriptions: Descriptions) -> None:
        self.r = resolved
        self.descriptions = descriptions
        self.by_id = {event.id: event for event in resolved.events}
        self.m = minter
        self.art = resolved.article
        self.article_iri = minter.article(self.art.id)
        #: Insertion-ordered and without repeats: the mapper's order is deterministic (entities and
        #: countries sorted by key, events in the order of the facts), so the output is too.
        self.triples: dict[str, None] = {}
        self.locations: dict[URIRef, Location] = {}

    def add(self, s: str, p: str, o: str | None) -> None:
        """One triple; ``o`` is an IRI, or a literal made by :func:`text` or :func:`typed` (a :class:`Lit`).

        Joined, not formatted: an f-string formats each ``URIRef`` (a ``str`` subclass) through
        ``format()``, four times slower than ``str.join`` (a sixth of the mapper's time).
        """
        if o is not None:
            self.triples[_join(("<", s, "> <", p, "> ", o, " .\n") if type(o) is Lit
                               else ("<", s, "> <", p, "> <", o, "> .\n"))] = None

    def labels(self, node: URIRef, names: Names, *, alt: bool = True) -> None:
        for lang, values in names:
            self.add(node, RDFS.label, text(values[0], lang))
            if alt:
                for extra in values[1:]:
                    self.add(node, SKOS.altLabel, text(extra, lang))

    def ref(self, key: str) -> URIRef:
        country = self.r.countries.get(key)
        return self.m.entity(key, country.alpha3 if country else None)

    def run(self) -> ArticleGraph:
        self.article()
        for key, country in self.r.countries.items():
            defined = self.r.entities.get(key)
            self.described(("country", key, defined.location.path if defined else None), defined,
                           partial(self.country, key, country))
        for entity in self.r.entities.values():
            if entity.key not in self.r.countries:
                self.described(("entity", entity.key, entity.location.path), entity, partial(self.entity, entity))
        for event in self.r.events:
            self.event(event)
        return ArticleGraph(self.m.graph(self.art.id), self.art.id, list(self.triples), self.locations)

    def described(self, key: tuple[object, ...], entity: Entity | None, describe: Callable[[], None]) -> None:
        """Describe an entity or country, or replay its description if another article made it.

        Only shared definitions (entities files, included files, countries) are remembered, by key
        and defining file: within one build a key has one definition (and a file defines a key
        once), so its description is the same everywhere.
        """
        if entity is not None and entity.location.path == self.art.location.path:  # the article's own
            describe()
            return
        known = self.descriptions.get(key)
        if known is None:
            outer = self.triples, self.locations
            self.triples, self.locations = {}, {}
            describe()
            known = self.triples, self.locations
            self.triples, self.locations = outer
            if len(self.descriptions) >= MAX_DESCRIPTIONS:
                self.descriptions.clear()
            self.descriptions[key] = known
        self.triples.update(known[0])
        self.locations.update(known[1])

    def article(self) -> None:
        a, art = self.article_iri, self.art
        self.locations[a] = art.location
        self.add(a, RDF.type, KG.Article)
        self.add(a, RDFS.label, text(art.id))
        if art.title is not None:
            self.add(a, KG.title, text(art.title, art.language))
        self.add(a, KG.publisher, self.ref(art.publisher))
        self.add(a, KG.language, text(art.language))
        if art.published is not None:
            self.add(a, KG.published, date_literal(art.published))
        if art.url:
            self.add(a, KG.url, checked_iri(art.url))
        if art.dataset:  # known only from event-data records
            self.add(a, KG.dataset, DATASET[art.dataset])
        if art.citation:
            self.add(a, KG.citation, text(art.citation))
        if self.r.text is not None:
            self.add(a, KG.textSha256, text(hashlib.sha256(self.r.text.encode()).hexdigest()))

    def country(self, key: str, country: Country) -> None:
        c = self.ref(key)
        defined = self.r.entities.get(key)
        self.add(c, RDF.type, KG.Country)
        self.add(c, KG.iso3166Alpha2, text(country.alpha2))
        self.add(c, KG.iso3166Alpha3, text(country.alpha3))
        own = dict(defined.names) if defined else {}
        names = tuple(sorted({**{lang: (name,) for lang, name in country.names}, **own}.items()))
        self.labels(c, names)
        if defined:
            self.locations[c] = defined.location
            self.entity_links(c, defined)

    def entity(self, entity: Entity) -> None:
        e = self.ref(entity.key)
        self.locations[e] = entity.location
        self.add(e, RDF.type, KG[entity.type])
        self.labels(e, entity.names or self.role_label(entity))
        self.entity_links(e, entity)

    def entity_links(self, e: URIRef, entity: Entity) -> None:
        if entity.wikidata:
            self.add(e, KG.wikidata, WD[entity.wikidata])
        if entity.country:
            self.add(e, KG.country, self.ref(entity.country))
        for i, pos in enumerate(entity.positions):
            role_en = first_name(pos.role) or "position"
            holding = self.position_iri(entity, i)
            self.locations[holding] = pos.location
            post = self.m.post(pos.of, role_en)
            self.add(holding, RDF.type, KG.PositionHolding)
            self.add(holding, KG.holder, e)
            self.add(holding, KG.post, post)
            self.add(post, RDF.type, KG.Post)
            self.labels(post, pos.role, alt=False)
            if pos.of:
                self.add(post, KG.postIn, self.ref(pos.of))
            if pos.start:
                self.add(holding, KG.start, date_literal(pos.start))
                self.add(holding, KG.earliest, day(pos.start.earliest))
            if pos.end:
                self.add(holding, KG.end, date_literal(pos.end))
                self.add(holding, KG.latest, day(pos.end.latest))

    def position_iri(self, entity: Entity, index: int) -> URIRef:
        pos = entity.positions[index]
        role = first_name(pos.role) or "position"
        same = [i for i, p in enumerate(entity.positions)
                if first_name(p.role) == role and (p.start.text if p.start else None) ==
                (pos.start.text if pos.start else None)]
        return self.m.position(self.ref(entity.key), role, pos.start.text if pos.start else None,
                               same.index(index))

    def role_label(self, entity: Entity) -> Names:
        """A label for someone known only by role: "Minister of Foreign Affairs (Iran)"."""
        pos = entity.positions[0]
        of_names: dict[str, str] = {}
        if pos.of:
            if pos.of in self.r.countries:
                of_names = dict(self.r.countries[pos.of].names)
            if pos.of in self.r.entities and self.r.entities[pos.of].names:
                of_names.update({lang: v[0] for lang, v in self.r.entities[pos.of].names})
        out = []
        for lang, values in pos.role:
            where = of_names.get(lang) or of_names.get("en")
            out.append((lang, (f"{values[0]} ({where})" if where else values[0],)))
        return tuple(out)

    def event_iri(self, event_id: str) -> URIRef:
        """An event of the article; one read from a record is the record's node, shared by articles."""
        event = self.by_id.get(event_id)
        if event is not None and event.record is not None:
            return self.m.record_event(event.record.dataset, event.record.id)
        return self.m.event(self.art.id, event_id)

    def event(self, event: Event) -> None:
        ev = self.event_iri(event.id)
        self.locations[ev] = event.location
        self.add(ev, RDF.type, KG[event.type])
        self.add(ev, KG.reportedIn, self.article_iri)
        self.labels(ev, event.label or self.event_label(event))
        cameo, plover, mode = TYPE_CODES[event.type]
        if event.cameo or cameo:
            self.add(ev, KG.cameoCode, CAMEO[event.cameo or cameo or ""])
        if event.plover or plover:
            self.add(ev, KG.ploverType, PLOVER[event.plover or plover or ""])
        if event.plover_mode or mode:
            self.add(ev, KG.ploverMode, PLOVER_MODE[event.plover_mode or mode or ""])
        for participant in event.participants:
            self.participation(ev, event, participant)
        if event.place:
            self.add(ev, KG.place, self.ref(event.place))
        self.time(ev, event)
        for topic in event.topics:
            t = self.m.topic(first_name(topic) or "topic")
            self.add(ev, KG.topic, t)
            self.add(t, RDF.type, KG.Topic)
            self.labels(t, topic)
        if event.count is not None:
            self.add(ev, KG.count, typed(str(event.count), str(XSD.integer)))
        if event.purpose:
            self.add(ev, KG.purpose, self.event_iri(event.purpose))
        for target in event.about:
            self.add(ev, KG.about, self.event_iri(target))
        if event.part_of:
            self.add(ev, KG.partOf, self.event_iri(event.part_of))
        if event.quote:
            self.add(ev, KG.quote, text(event.quote.text, self.art.language))
        for lang, values in event.content:
            self.add(ev, KG.content, text(values[0], lang))
        evidence = [self.evidence(q.text, q.location) for q in event.evidence]
        if event.record is not None:
            evidence.append(self.record_evidence(event.record))
        for ann in evidence:
            self.add(ev, KG.evidence, ann)
        self.claim(ev, event, evidence)

    def participation(self, ev: URIRef, event: Event, participant: Participant) -> None:
        p = self.m.participation(ev, participant.entity, participant.role)
        self.locations[p] = participant.location
        self.add(ev, KG.hasParticipation, p)
        self.add(p, RDF.type, KG.Participation)
        self.add(p, KG.agent, self.ref(participant.entity))
        self.add(p, KG.role, ROLE[participant.role])
        entity = self.r.entities.get(participant.entity)
        for index in self.r.capacities.get((event.id, participant.entity, participant.role), ()):
            assert entity is not None
            self.add(p, KG.inCapacityOf, self.position_iri(entity, index))
        for quote in participant.evidence:
            self.add(p, KG.evidence, self.evidence(quote.text, quote.location))

    def time(self, ev: URIRef, event: Event) -> None:
        when = event.when
        if when is None:
            return
        for prop, value in ((KG.date, when.on), (KG.start, when.start), (KG.end, when.end),
                            (KG.before, when.before), (KG.after, when.after)):
            if value is not None:
                self.add(ev, prop, date_literal(value))
        earliest, latest = time_window(when)
        if earliest:
            self.add(ev, KG.earliest, day(earliest))
        if latest:
            self.add(ev, KG.latest, day(latest))
        if when.precision:
            self.add(ev, KG.timePrecision, PRECISION[when.precision])
        if when.text:
            self.add(ev, KG.timeText, text(when.text, self.art.language))

    def claim(self, ev: URIRef, event: Event, evidence: Iterable[URIRef]) -> None:
        c = self.m.record_claim(ev, self.art.id) if event.record is not None else self.m.claim(ev)
        self.locations[c] = event.location
        publisher = self.ref(self.art.publisher)
        self.add(c, RDF.type, KG.Claim)
        self.add(c, KG.claimAbout, ev)
        speakers = tuple(p.entity for p in event.participants if p.role == "speaker")
        for key in event.according_to or (speakers if event.type == "Statement" else ()) or (self.art.publisher,):
            self.add(c, KG.assertedBy, self.ref(key))
        self.add(c, KG.reportedBy, publisher)
        self.add(c, KG.reportedIn, self.article_iri)
        self.add(c, KG.status, STATUS[event.status])
        self.add(c, KG.certainty, CERTAINTY[event.certainty])
        self.add(c, KG.polarity, POLARITY[event.polarity])
        for ann in evidence:
            self.add(c, KG.evidence, ann)

    def evidence(self, quote: str, location: Location) -> URIRef:
        span: Span = self.r.spans[quote]
        ann = self.m.evidence(self.art.id, span.exact, span.start, span.end)
        self.locations.setdefault(ann, location)
        target, qsel = minted(f"{ann}/target"), minted(f"{ann}/quote")
        self.add(ann, RDF.type, KG.Evidence)
        self.add(ann, OA.hasTarget, target)
        self.add(target, RDF.type, OA.SpecificResource)
        self.add(target, OA.hasSource, self.article_iri)
        self.add(target, OA.hasSelector, qsel)
        self.add(qsel, RDF.type, OA.TextQuoteSelector)
        self.add(qsel, OA.exact, text(span.exact))
        if span.start is not None and span.end is not None:
            self.add(qsel, OA.prefix, text(span.prefix))
            self.add(qsel, OA.suffix, text(span.suffix))
            psel = minted(f"{ann}/position")
            self.add(target, OA.hasSelector, psel)
            self.add(psel, RDF.type, OA.TextPositionSelector)
            # xsd:integer, not xsd:nonNegativeInteger: Oxigraph stores derived integer types as
            # xsd:integer, so kg writes what every store gives back (the shapes check >= 0).
            self.add(psel, OA.start, typed(str(span.start), str(XSD.integer)))
            self.add(psel, OA.end, typed(str(span.end), str(XSD.integer)))
        return ann

    def record_evidence(self, record: Record) -> URIRef:
        """Evidence from an event-data record: it cites the whole article, with the coded sentence
        as its quote when the record has one (not checked against the article text)."""
        ann = self.m.record_evidence(self.art.id, record.dataset, record.id)
        self.locations.setdefault(ann, record.location)
        target = minted(f"{ann}/target")
        self.add(ann, RDF.type, KG.MachineCodedEvidence if DATASETS[record.dataset] else KG.RecordEvidence)
        self.add(ann, KG.dataset, DATASET[record.dataset])
        self.add(ann, KG.recordId, text(record.id))
        self.add(ann, OA.hasTarget, target)
        self.add(target, RDF.type, OA.SpecificResource)
        self.add(target, OA.hasSource, self.article_iri)
        if record.sentence:
            qsel = minted(f"{ann}/quote")
            self.add(target, OA.hasSelector, qsel)
            self.add(qsel, RDF.type, OA.TextQuoteSelector)
            self.add(qsel, OA.exact, text(record.sentence))
        self.add(self.article_iri, KG.dataset, DATASET[record.dataset])
        return ann

    def event_label(self, event: Event) -> Names:
        """An English label when the facts give none: "Visit: Vladimir Putin, Iran; Tehran; 2015-11-23"."""
        def name(key: str) -> str:
            if key in self.r.countries:
                entity = self.r.entities.get(key)
                return (first_name(entity.names) if entity and entity.names else None) or \
                    self.r.countries[key].name
            entity = self.r.entities[key]
            return first_name(entity.names or self.role_label(entity)) or key

        parts = [", ".join(name(p.entity) for p in event.participants)]
        if event.place:
            parts.append(name(event.place))
        if event.when:
            earliest, latest = time_window(event.when)
            stated = event.when.on or event.when.start
            if stated:
                parts.append(stated.text + (f"–{event.when.end.text}" if event.when.end else ""))
            elif latest:
                parts.append(f"before {event.when.before.text}" if event.when.before else f"until {latest}")
            elif earliest:
                parts.append(f"after {event.when.after.text}" if event.when.after else f"from {earliest}")
        summary = "; ".join(p for p in parts if p)
        return (("en", (f"{event.type}: {summary}" if summary else event.type,)),)
