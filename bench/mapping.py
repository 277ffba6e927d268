"""The relational view of a generated corpus, and the one mapping from it to kg's quads.

The generator (``generate.py``) writes, next to the facts files, a *view* of the same events:
every article resolved the way kg resolves it (entities it uses, countries with their names,
capacities, evidence offsets, generated labels), flattened into the tables below. The
baselines map that view to exactly the quads ``kg build`` writes for the facts:

* the Python baselines (f-string writer, pyoxigraph, rdflib) read ``views/jsonl/*.jsonl`` (one
  article per line: ``{"a": <article id>, "t": {<table>: [<row>, ...]}}``) and call
  :func:`map_record` with a sink that makes terms their way;
* Morph-KGC reads ``views/csv/<table>.csv`` (the same rows, with the article id first) through
  ``rml/kg.rml.ttl``, which states the same mapping in RML.

Empty strings mean "absent" (no triple), as in the CSV files Morph-KGC reads.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol

BASE = "https://w3id.org/geokg/id/"
KG = "https://w3id.org/geokg/ontology#"
VOCAB = "https://w3id.org/geokg/vocab/"
XSD = "http://www.w3.org/2001/XMLSchema#"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
WD = "http://www.wikidata.org/entity/"
XSD_DATE = XSD + "date"
XSD_INTEGER = XSD + "integer"
DATATYPES = {"day": XSD_DATE, "month": XSD + "gYearMonth", "year": XSD + "gYear"}

#: Table name → column names (the CSV files put the article id ``a`` before these).
TABLES: dict[str, tuple[str, ...]] = {
    "article": ("title", "lang", "publisher", "published", "published_dt", "url", "sha256"),
    "label": ("node", "text", "lang"),
    "altlabel": ("node", "text", "lang"),
    "country": ("node", "alpha2", "alpha3"),
    "entity": ("node", "cls", "wikidata", "country"),
    "holding": ("node", "holder", "post", "start", "start_dt", "earliest", "end", "end_dt", "latest"),
    "post": ("node", "of"),
    "topic": ("node",),
    "event": ("e", "cls", "cameo", "plover", "mode", "place", "date", "date_dt", "start", "start_dt", "end", "end_dt",
              "before", "before_dt", "after", "after_dt", "earliest", "latest", "precision", "time_text", "count",
              "purpose", "part_of", "quote", "lang"),
    "about": ("e", "target"),
    "event_topic": ("e", "topic"),
    "content": ("e", "text", "lang"),
    "event_evidence": ("e", "start", "end"),
    "participation": ("e", "key", "role", "agent"),
    "capacity": ("e", "key", "role", "holding"),
    "part_evidence": ("e", "key", "role", "start", "end"),
    "claim": ("e", "reported_by", "status", "certainty", "polarity"),
    "asserted": ("e", "agent"),
    "evidence": ("start", "end", "exact", "prefix", "suffix"),
}

Row = Sequence[Any]
Tables = dict[str, list[Row]]


class Sink(Protocol):
    """Receives the quads of one article at a time (the graph is set by :meth:`graph`)."""

    def graph(self, iri: str) -> None: ...
    def iri(self, s: str, p: str, o: str) -> None: ...
    def plain(self, s: str, p: str, v: str) -> None: ...
    def lang(self, s: str, p: str, v: str, tag: str) -> None: ...
    def typed(self, s: str, p: str, v: str, datatype: str) -> None: ...


def k(name: str) -> str:
    return KG + name


_TYPE_OF = {name: k(name) for name in ("Article", "Country", "PositionHolding", "Post", "Topic", "Participation",
                                       "Claim", "Evidence")}
_P = {name: k(name) for name in (
    "title", "publisher", "language", "published", "url", "textSha256", "iso3166Alpha2", "iso3166Alpha3",
    "wikidata", "country", "holder", "post", "postIn", "start", "end", "earliest", "latest", "reportedIn",
    "cameoCode", "ploverType", "ploverMode", "place", "date", "before", "after", "timePrecision", "timeText",
    "count", "purpose", "partOf", "quote", "about", "topic", "content", "evidence", "hasParticipation", "agent",
    "role", "inCapacityOf", "claimAbout", "reportedBy", "status", "certainty", "polarity", "assertedBy")}
_TIME = (("date", 6), ("start", 8), ("end", 10), ("before", 12), ("after", 14))


def map_record(a: str, t: Tables, out: Sink) -> None:
    """Send the quads of one article's view to ``out`` (the same set ``kg build`` makes)."""
    iri, plain, lang, typed = out.iri, out.plain, out.lang, out.typed
    P = _P
    art = f"{BASE}article/{a}"
    evb = art + "/event/"
    out.graph(f"{BASE}graph/{a}")
    for title, tag, publisher, published, published_dt, url, sha in t.get("article", ()):
        iri(art, RDF_TYPE, _TYPE_OF["Article"])
        plain(art, RDFS_LABEL, a)
        lang(art, P["title"], title, tag)
        iri(art, P["publisher"], publisher)
        plain(art, P["language"], tag)
        typed(art, P["published"], published, published_dt)
        if url:
            iri(art, P["url"], url)
        if sha:
            plain(art, P["textSha256"], sha)
    for node, text, tag in t.get("label", ()):
        lang(node, RDFS_LABEL, text, tag)
    for node, text, tag in t.get("altlabel", ()):
        lang(node, SKOS_ALT, text, tag)
    for node, alpha2, alpha3 in t.get("country", ()):
        iri(node, RDF_TYPE, _TYPE_OF["Country"])
        plain(node, P["iso3166Alpha2"], alpha2)
        plain(node, P["iso3166Alpha3"], alpha3)
    for node, cls, wikidata, country in t.get("entity", ()):
        iri(node, RDF_TYPE, KG + cls)
        if wikidata:
            iri(node, P["wikidata"], WD + wikidata)
        if country:
            iri(node, P["country"], country)
    for node, holder, post, start, start_dt, earliest, end, end_dt, latest in t.get("holding", ()):
        iri(node, RDF_TYPE, _TYPE_OF["PositionHolding"])
        iri(node, P["holder"], holder)
        iri(node, P["post"], post)
        if start:
            typed(node, P["start"], start, start_dt)
            typed(node, P["earliest"], earliest, XSD_DATE)
        if end:
            typed(node, P["end"], end, end_dt)
            typed(node, P["latest"], latest, XSD_DATE)
    for node, of in t.get("post", ()):
        iri(node, RDF_TYPE, _TYPE_OF["Post"])
        if of:
            iri(node, P["postIn"], of)
    for (node,) in t.get("topic", ()):
        iri(node, RDF_TYPE, _TYPE_OF["Topic"])
    for row in t.get("event", ()):
        ev = evb + row[0]
        iri(ev, RDF_TYPE, KG + row[1])
        iri(ev, P["reportedIn"], art)
        iri(ev, P["cameoCode"], VOCAB + "cameo/" + row[2])
        if row[3]:
            iri(ev, P["ploverType"], VOCAB + "plover/" + row[3])
        if row[4]:
            iri(ev, P["ploverMode"], VOCAB + "plover-mode/" + row[4])
        if row[5]:
            iri(ev, P["place"], row[5])
        for prop, i in _TIME:
            if row[i]:
                typed(ev, P[prop], row[i], row[i + 1])
        if row[16]:
            typed(ev, P["earliest"], row[16], XSD_DATE)
        if row[17]:
            typed(ev, P["latest"], row[17], XSD_DATE)
        if row[18]:
            iri(ev, P["timePrecision"], VOCAB + "precision/" + row[18])
        if row[19]:
            lang(ev, P["timeText"], row[19], row[24])
        if row[20] != "":
            typed(ev, P["count"], str(row[20]), XSD_INTEGER)
        if row[21]:
            iri(ev, P["purpose"], evb + row[21])
        if row[22]:
            iri(ev, P["partOf"], evb + row[22])
        if row[23]:
            lang(ev, P["quote"], row[23], row[24])
    for e, target in t.get("about", ()):
        iri(evb + e, P["about"], evb + target)
    for e, topic in t.get("event_topic", ()):
        iri(evb + e, P["topic"], topic)
    for e, text, tag in t.get("content", ()):
        lang(evb + e, P["content"], text, tag)
    evid = f"{art}/evidence/"
    for e, start, end in t.get("event_evidence", ()):
        ann = f"{evid}{start}-{end}"
        iri(evb + e, P["evidence"], ann)
        iri(f"{evb}{e}/claim", P["evidence"], ann)
    for e, key, role, agent in t.get("participation", ()):
        p = f"{evb}{e}/participant/{key}-{role}"
        iri(evb + e, P["hasParticipation"], p)
        iri(p, RDF_TYPE, _TYPE_OF["Participation"])
        iri(p, P["agent"], agent)
        iri(p, P["role"], VOCAB + "role/" + role)
    for e, key, role, holding in t.get("capacity", ()):
        iri(f"{evb}{e}/participant/{key}-{role}", P["inCapacityOf"], holding)
    for e, key, role, start, end in t.get("part_evidence", ()):
        iri(f"{evb}{e}/participant/{key}-{role}", P["evidence"], f"{evid}{start}-{end}")
    for e, reported_by, status, certainty, polarity in t.get("claim", ()):
        ev = evb + e
        c = ev + "/claim"
        iri(c, RDF_TYPE, _TYPE_OF["Claim"])
        iri(c, P["claimAbout"], ev)
        iri(c, P["reportedBy"], reported_by)
        iri(c, P["reportedIn"], art)
        iri(c, P["status"], VOCAB + "status/" + status)
        iri(c, P["certainty"], VOCAB + "certainty/" + certainty)
        iri(c, P["polarity"], VOCAB + "polarity/" + polarity)
    for e, agent in t.get("asserted", ()):
        iri(f"{evb}{e}/claim", P["assertedBy"], agent)
    for start, end, exact, prefix, suffix in t.get("evidence", ()):
        ann = f"{evid}{start}-{end}"
        target, quote, position = ann + "/target", ann + "/quote", ann + "/position"
        iri(ann, RDF_TYPE, _TYPE_OF["Evidence"])
        iri(ann, OA + "hasTarget", target)
        iri(target, RDF_TYPE, OA + "SpecificResource")
        iri(target, OA + "hasSource", art)
        iri(target, OA + "hasSelector", quote)
        iri(quote, RDF_TYPE, OA + "TextQuoteSelector")
        plain(quote, OA + "exact", exact)
        plain(quote, OA + "prefix", prefix)
        plain(quote, OA + "suffix", suffix)
        iri(target, OA + "hasSelector", position)
        iri(position, RDF_TYPE, OA + "TextPositionSelector")
        typed(position, OA + "start", str(start), XSD_INTEGER)
        typed(position, OA + "end", str(end), XSD_INTEGER)


def escape(value: str) -> str:
    """A string's N-Triples form, escaped as Oxigraph escapes it (so outputs compare byte for byte)."""
    if '"' in value or "\\" in value or "\n" in value or "\r" in value or "\t" in value:
        value = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
                 .replace("\t", "\\t"))
    return value


class NQuadsSink:
    """The floor: N-Quads written with f-strings, one buffer per article."""

    def __init__(self) -> None:
        self.buf: list[str] = []
        self.g = ""

    def graph(self, iri: str) -> None:
        self.g = f"<{iri}>"

    def iri(self, s: str, p: str, o: str) -> None:
        self.buf.append(f"<{s}> <{p}> <{o}> {self.g} .\n")

    def plain(self, s: str, p: str, v: str) -> None:
        self.buf.append(f'<{s}> <{p}> "{escape(v)}" {self.g} .\n')

    def lang(self, s: str, p: str, v: str, tag: str) -> None:
        self.buf.append(f'<{s}> <{p}> "{escape(v)}"@{tag} {self.g} .\n')

    def typed(self, s: str, p: str, v: str, datatype: str) -> None:
        self.buf.append(f'<{s}> <{p}> "{escape(v)}"^^<{datatype}> {self.g} .\n')

    def take(self) -> str:
        text = "".join(self.buf)
        self.buf.clear()
        return text


def count_quads(records: Iterator[tuple[str, Tables]]) -> int:
    """How many quads the mapping makes (no duplicates: the view is deduplicated per article)."""
    sink = NQuadsSink()
    total = 0
    for a, t in records:
        map_record(a, t, sink)
        total += len(sink.buf)
        sink.buf.clear()
    return total
