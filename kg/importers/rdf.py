"""Event records → pyoxigraph quads, in the graph shape of hand-coded facts (see kg/mapper.py).

Per record, in the named graph of its source article:

* the article (``kg:Article``, ``kg:url`` or ``kg:citation``, ``kg:dataset``, ``kg:firstSeen``) and
  its publisher;
* the event node (the record's identity, shared across articles): its class, label, CAMEO and
  PLOVER codes, day-precision dates, place, topics and the dataset's figures;
* one participation per coded actor, with its role, the record's words and codes;
* the entities it uses: actors (``kg:Agent``), countries (``…/country/<ISO alpha-3>``, as in
  hand-coded facts), places with their codes and coordinates;
* a claim by the article (certainty ``probable`` for machine-coded records), and record evidence
  (``kg:MachineCodedEvidence`` or ``kg:RecordEvidence``) citing the article, with the coded
  sentence as its quote when the record has one.

Each graph repeats the descriptions of what it uses, like hand-coded graphs; a bounded cache
keeps a description from being written twice into the same graph.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator

import pyoxigraph as ox
from rdflib import URIRef

from kg.countries import Country
from kg.importers.records import Actor, EventRecord, Place, Source
from kg.iris import Minter
from kg.namespace import (
    CAMEO,
    CERTAINTY,
    DATASET,
    DEFAULT_BASE,
    KG,
    OA,
    PLOVER,
    PLOVER_MODE,
    POLARITY,
    PRECISION,
    ROLE,
    STATUS,
    WD,
)

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")

#: Adds one quad to the record's graph (a None object adds nothing).
_Add = Callable[[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal | None], None]


class _Terms:
    """Named nodes of the vocabulary, made once (pyoxigraph checks every IRI it is given)."""

    def __init__(self) -> None:
        self.cache: dict[str, ox.NamedNode] = {}

    def __getitem__(self, iri: str) -> ox.NamedNode:
        node = self.cache.get(iri)
        if node is None:
            node = self.cache[iri] = ox.NamedNode(iri)
        return node


_T = _Terms()


#: kg's terms as named nodes, made once: ``kg("Claim")`` is a dictionary lookup.
_KG = {name: ox.NamedNode(str(KG._NS) + name) for name in KG.__annotations__ if not name.startswith("_")}
kg = _KG.__getitem__
_XSD_TYPES = {name: ox.NamedNode(_XSD + name) for name in ("date", "dateTime", "decimal", "integer", "boolean")}


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=_XSD_TYPES[datatype])


def _concept(namespace: object, name: str) -> ox.NamedNode:
    """A concept of a code list or vocabulary (cached)."""
    return _T[f"{namespace}{name}"]


class RecordMapper:
    """Turns records into quads; one instance per import (it remembers what each graph holds).

    >>> RecordMapper().minter.base
    'https://w3id.org/geokg/id/'
    """

    def __init__(self, base: str = DEFAULT_BASE, *, memory: int = 1 << 17) -> None:
        self.minter = Minter(base)
        self.base = base
        self.memory = memory
        self.described: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._entities: dict[tuple[str, str | None], ox.NamedNode] = {}

    def _entity(self, key: str, alpha3: str | None = None) -> ox.NamedNode:
        """The node of an entity key (or a country), minted by kg.iris and kept (bounded)."""
        node = self._entities.get((key, alpha3))
        if node is None:
            if len(self._entities) > self.memory:
                self._entities.clear()
            node = self._entities[(key, alpha3)] = ox.NamedNode(str(self.minter.entity(key, alpha3)))
        return node

    def _first_time(self, graph: ox.NamedNode, node: str) -> bool:
        """Whether ``node`` is not yet described in ``graph`` (as far as the bounded memory knows)."""
        key = (graph.value, node)
        if key in self.described:
            self.described.move_to_end(key)
            return False
        self.described[key] = None
        if len(self.described) > self.memory:
            self.described.popitem(last=False)
        return True

    def quads(self, record: EventRecord) -> list[ox.Quad]:
        """The quads of one record, in the named graph of its source."""
        out: list[ox.Quad] = []
        m = self.minter
        source = record.source
        g = ox.NamedNode(str(m.graph(source.id)))

        def add(s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal | None) -> None:
            if o is not None:
                out.append(ox.Quad(s, p, o, g))

        article = ox.NamedNode(str(m.article(source.id)))
        publisher = self._publisher(source)
        if self._first_time(g, article.value):
            self._article(add, article, source, publisher)
        ev = ox.NamedNode(str(m.record_event(record.dataset, record.record_id)))
        ann = ox.NamedNode(str(m.record_evidence(source.id, record.dataset, record.record_id)))
        self._event(add, g, ev, record, article, ann)
        self._evidence(add, g, ann, record, article)
        claim = ox.NamedNode(str(m.record_claim(URIRef(ev.value), source.id)))
        add(claim, _RDF_TYPE, kg("Claim"))
        add(claim, kg("claimAbout"), ev)
        speakers = [self._agent(p.actor) for p in record.participants if p.role == "speaker"]
        for who in (speakers if record.cls == "Statement" and speakers else [publisher]):
            add(claim, kg("assertedBy"), who)
        add(claim, kg("reportedBy"), publisher)
        add(claim, kg("reportedIn"), article)
        add(claim, kg("status"), _concept(STATUS, "occurred"))
        add(claim, kg("certainty"), _concept(CERTAINTY, record.certainty))
        add(claim, kg("polarity"), _concept(POLARITY, "positive"))
        add(claim, kg("evidence"), ann)
        return out

    # --- parts

    def _publisher(self, source: Source) -> ox.NamedNode:
        return self._entity(source.publisher_key)

    def _article(self, add: _Add, a: ox.NamedNode, source: Source, publisher: ox.NamedNode) -> None:
        add(a, _RDF_TYPE, kg("Article"))
        add(a, _LABEL, ox.Literal(source.id))
        if source.title:
            add(a, kg("title"), ox.Literal(source.title, language=source.language))
        add(a, kg("publisher"), publisher)
        add(a, kg("language"), ox.Literal(source.language))
        if source.published:
            add(a, kg("published"), _typed(source.published, "date"))
        if source.url:
            add(a, kg("url"), ox.NamedNode(source.url))
        if source.citation:
            add(a, kg("citation"), ox.Literal(source.citation))
        if source.first_seen:
            add(a, kg("firstSeen"), _typed(source.first_seen, "dateTime" if "T" in source.first_seen else "date"))
        add(publisher, _RDF_TYPE, kg(source.publisher_type))
        is_host = source.url is not None and source.publisher_key.startswith("site-")
        add(publisher, _LABEL, ox.Literal(source.publisher_name, language="zxx" if is_host else "en"))

    def _dataset(self, record: EventRecord) -> ox.NamedNode:
        return _concept(DATASET, record.dataset)

    def _event(self, add: _Add, g: ox.NamedNode, ev: ox.NamedNode, record: EventRecord, article: ox.NamedNode,
               ann: ox.NamedNode) -> None:
        add(ev, _RDF_TYPE, kg(record.cls))
        add(ev, kg("reportedIn"), article)
        add(ev, _LABEL, ox.Literal(record.label, language="en"))
        if record.cameo:
            add(ev, kg("cameoCode"), _concept(CAMEO, record.cameo))
        if record.plover:
            add(ev, kg("ploverType"), _concept(PLOVER, record.plover))
        if record.plover_mode:
            add(ev, kg("ploverMode"), _concept(PLOVER_MODE, record.plover_mode))
        for participant in record.participants:
            p = ox.NamedNode(str(self.minter.participation(
                URIRef(ev.value), self._key(participant.actor), participant.role)))
            add(ev, kg("hasParticipation"), p)
            add(p, _RDF_TYPE, kg("Participation"))
            add(p, kg("agent"), self._agent(participant.actor))
            add(p, kg("role"), _concept(ROLE, participant.role))
            actor = participant.actor
            if actor.text:
                add(p, kg("agentText"), ox.Literal(actor.text))
            if actor.code:
                add(p, kg("actorCode"), ox.Literal(actor.code))
            for sector in actor.sectors:
                add(p, kg("sector"), ox.Literal(sector))
            if actor.place is not None:
                add(p, kg("agentPlace"), self._place(add, g, actor.place))
            self._describe_actor(add, g, actor)
        if record.place is not None:
            add(ev, kg("place"), self._place(add, g, record.place))
        if record.start:
            if record.end:
                add(ev, kg("start"), _typed(record.start, "date"))
                add(ev, kg("end"), _typed(record.end, "date"))
            else:
                add(ev, kg("date"), _typed(record.start, "date"))
            add(ev, kg("earliest"), _typed(record.start, "date"))
            add(ev, kg("latest"), _typed(record.end or record.start, "date"))
            add(ev, kg("timePrecision"), _concept(PRECISION, "day"))
        for topic in record.topics:
            t = ox.NamedNode(str(self.minter.topic(topic)))
            add(ev, kg("topic"), t)
            if self._first_time(g, t.value):
                add(t, _RDF_TYPE, kg("Topic"))
                add(t, _LABEL, ox.Literal(topic, language="en"))
        for figure in record.figures:
            add(ev, kg(figure.name), _typed(figure.value, figure.datatype))
        add(ev, kg("evidence"), ann)

    def _evidence(self, add: _Add, graph: ox.NamedNode, ann: ox.NamedNode, record: EventRecord,
                  article: ox.NamedNode) -> None:
        target = ox.NamedNode(f"{ann.value}/target")
        add(ann, _RDF_TYPE, kg("MachineCodedEvidence" if record.machine_coded else "RecordEvidence"))
        add(ann, kg("dataset"), self._dataset(record))
        add(ann, kg("recordId"), ox.Literal(record.record_id))
        add(ann, _concept(OA, "hasTarget"), target)
        add(target, _RDF_TYPE, _concept(OA, "SpecificResource"))
        add(target, _concept(OA, "hasSource"), article)
        if record.sentence:
            quote = ox.NamedNode(f"{ann.value}/quote")
            add(target, _concept(OA, "hasSelector"), quote)
            add(quote, _RDF_TYPE, _concept(OA, "TextQuoteSelector"))
            add(quote, _concept(OA, "exact"), ox.Literal(record.sentence))
        if self._first_time(graph, f"{article.value} dataset {record.dataset}"):
            add(article, kg("dataset"), self._dataset(record))

    # --- entities

    @staticmethod
    def _key(actor: Actor) -> str:
        return actor.key if actor.key is not None else (actor.country.alpha3 if actor.country else "unknown")

    def _agent(self, actor: Actor) -> ox.NamedNode:
        if actor.key is None and actor.country is not None:
            return self._country_node(actor.country)
        return self._entity(actor.key or "unknown")

    def _country_node(self, country: Country) -> ox.NamedNode:
        return self._entity(country.alpha3, country.alpha3)

    def _describe_country(self, add: _Add, g: ox.NamedNode, country: Country) -> ox.NamedNode:
        c = self._country_node(country)
        if self._first_time(g, c.value):
            add(c, _RDF_TYPE, kg("Country"))
            add(c, kg("iso3166Alpha2"), ox.Literal(country.alpha2))
            add(c, kg("iso3166Alpha3"), ox.Literal(country.alpha3))
            for lang, name in country.names:
                add(c, _LABEL, ox.Literal(name, language=lang))
        return c

    def _describe_actor(self, add: _Add, g: ox.NamedNode, actor: Actor) -> None:
        if actor.key is None:
            if actor.country is not None:
                self._describe_country(add, g, actor.country)
            return
        e = self._agent(actor)
        if not self._first_time(g, e.value):
            return
        add(e, _RDF_TYPE, kg("Agent"))
        add(e, _LABEL, ox.Literal(actor.name, language="en"))
        if actor.country is not None:
            add(e, kg("country"), self._describe_country(add, g, actor.country))
        if actor.wikidata:
            add(e, kg("wikidata"), _concept(WD, actor.wikidata))

    def _place(self, add: _Add, g: ox.NamedNode, place: Place) -> ox.NamedNode:
        if place.key is None and place.country is not None:
            return self._describe_country(add, g, place.country)
        node = self._entity(place.key or "unknown-place")
        if not self._first_time(g, node.value):
            return node
        add(node, _RDF_TYPE, kg("Place"))
        add(node, _LABEL, ox.Literal(place.name or place.key or "unknown place", language="en"))
        if place.country is not None:
            add(node, kg("country"), self._describe_country(add, g, place.country))
        for name, value in (("fipsCode", place.fips), ("adm1Code", place.adm1), ("adm2Code", place.adm2),
                            ("featureId", place.feature_id)):
            if value:
                add(node, kg(name), ox.Literal(value))
        if place.latitude is not None and place.longitude is not None:
            add(node, kg("latitude"), _typed(place.latitude, "decimal"))
            add(node, kg("longitude"), _typed(place.longitude, "decimal"))
        return node


def record_quads(records: Iterator[EventRecord], base: str = DEFAULT_BASE) -> Iterator[ox.Quad]:
    """The quads of records, one record after another (streaming)."""
    mapper = RecordMapper(base)
    for record in records:
        yield from mapper.quads(record)
