"""SPARQL over a knowledge graph: named queries with safe parameters, SPARQL files and inline SPARQL.

Queries run on pyoxigraph (an in-memory store loaded from the graph). Parameters
are never pasted into the query text: a named query calls ``param:NAME()`` and
kg answers that call with the parameter as an RDF term (pyoxigraph custom
functions), so a value holding quotes, ``}`` or ``DROP`` stays a plain value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources

import pyoxigraph as ox
from rdflib import RDFS, SKOS, URIRef

from kg.dates import parse_date
from kg.errors import QueryError
from kg.graph import KnowledgeGraph
from kg.namespace import KG, WD
from kg.rdfio import RDFFormat, serialize

PARAM = "https://w3id.org/geokg/param#"
_RDFS_LABEL = ox.NamedNode(str(RDFS.label))


@dataclass(frozen=True)
class Parameter:
    """A parameter of a named query. ``kind`` is ``actor``, ``date``, ``event`` or ``text``."""

    name: str
    kind: str
    description: str
    required: bool = False


@dataclass(frozen=True)
class Column:
    """A result column. ``kind``: ``text``, ``label`` (an IRI shown by its label), ``labels``
    (several IRIs), ``iri`` (shown as is) or ``code`` (a concept shown by its last segment)."""

    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A canned query: its SPARQL file, parameters and columns."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    columns: tuple[Column, ...]

    @property
    def sparql(self) -> str:
        return resources.files("kg").joinpath(f"queries/{self.name}.rq").read_text("utf-8")


_ACTOR = "an entity key, IRI, Wikidata QID, ISO country code or a name in any language"
_FROM = Parameter("from", "date", "earliest date (YYYY, YYYY-MM or YYYY-MM-DD)")
_TO = Parameter("to", "date", "latest date (YYYY, YYYY-MM or YYYY-MM-DD)")
_SOURCE = Column("source", "label", "the article reporting it")
_DATE = Column("date", "text", "the date as stated: a day, month, year, from/to, or a bound")
_STATUS = Column("status", "code", "occurred, ongoing, planned, expected or hypothetical")

NAMED_QUERIES: tuple[NamedQuery, ...] = (
    NamedQuery("meetings", "Meetings and phone calls, in date order",
               (Parameter("actor", "actor", f"a participant: {_ACTOR}"), _FROM, _TO),
               (_DATE, Column("place", "label", "where"), Column("participants", "labels", "who took part"),
                _STATUS, Column("event", "iri", "the event"), _SOURCE)),
    NamedQuery("visits", "Visits: who visited where, hosted by whom, for what",
               (Parameter("actor", "actor", f"the visitor or host: {_ACTOR}"), _FROM, _TO),
               (_DATE, Column("visitor", "labels", "who visited"), Column("destination", "label", "where to"),
                Column("host", "labels", "who hosted"), Column("purpose", "label", "the event the visit was for"),
                _STATUS, Column("event", "iri", "the event"), _SOURCE)),
    NamedQuery("summits", "Summits with their attendees",
               (Parameter("actor", "actor", f"an attendee or organizer: {_ACTOR}"), _FROM, _TO),
               (Column("summit", "label", "the summit"), _DATE, Column("place", "label", "where"),
                Column("organizers", "labels", "who organised it"), Column("attendees", "labels", "who attended"),
                _SOURCE)),
    NamedQuery("statements", "Statements: who said what, about which event",
               (Parameter("speaker", "actor", f"who spoke: {_ACTOR}"), _FROM, _TO),
               (_DATE, Column("speaker", "labels", "who spoke"), Column("quote", "text", "the exact words quoted"),
                Column("content", "text", "what was said (English)"),
                Column("about", "labels", "the events it is about"), Column("certainty", "code", "how sure"),
                Column("statement", "iri", "the statement"), _SOURCE)),
    NamedQuery("claims", "Claims: who asserts each event, who reports it, how sure, and its status",
               (Parameter("actor", "actor", f"who asserts it: {_ACTOR}"),
                Parameter("status", "text", "occurred, ongoing, planned, expected or hypothetical")),
               (Column("asserted_by", "labels", "who asserts it"), Column("reported_by", "labels", "who relays it"),
                Column("claim", "label", "what is claimed (a statement's content, else the event)"),
                Column("topics", "labels", "topics of the event"), Column("certainty", "code", "how sure"),
                Column("polarity", "code", "positive or negative"), _STATUS,
                Column("event", "iri", "the event"), _SOURCE)),
    NamedQuery("timeline", "The events of one actor in date order, undated ones last",
               (Parameter("actor", "actor", f"whose timeline: {_ACTOR}", required=True),),
               (_DATE, Column("type", "code", "the kind of event"), Column("event", "label", "the event"),
                Column("role", "code", "the actor's role"), Column("place", "label", "where"), _STATUS, _SOURCE)),
    NamedQuery("evidence", "The article and exact quote behind each event",
               (Parameter("event", "event", "an event IRI or event id"),
                Parameter("actor", "actor", f"events this actor took part in: {_ACTOR}")),
               (Column("event", "iri", "the event"), Column("type", "code", "the kind of event"),
                Column("article", "label", "the article"), Column("quote", "text", "the exact quote"),
                Column("start", "text", "start offset (code points, NFC text)"),
                Column("end", "text", "end offset (exclusive)"))),
)


def named_queries() -> tuple[NamedQuery, ...]:
    """Every named query, in the order ``kg queries`` lists them."""
    return NAMED_QUERIES


def named_query(name: str) -> NamedQuery:
    """The named query called ``name``; a QueryError lists the names when unknown."""
    for query in NAMED_QUERIES:
        if query.name == name:
            return query
    names = ", ".join(q.name for q in NAMED_QUERIES)
    raise QueryError(f"no named query '{name}' (named queries: {names}; see kg queries)")


@dataclass(frozen=True)
class QueryResult:
    """Rows of a SELECT query: column names and one tuple of strings per row."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def to_store(kg: KnowledgeGraph) -> ox.Store:
    """Load a knowledge graph into an in-memory pyoxigraph store."""
    store = ox.Store()
    store.load(serialize(kg.dataset, RDFFormat.NQUADS), format=ox.RdfFormat.N_QUADS)
    return store


def query(kg: KnowledgeGraph | ox.Store, *, named: str | None = None, sparql: str | None = None,
          params: Mapping[str, str] | None = None, lang: str = "en") -> QueryResult:
    """Run a named query (with parameters) or a SPARQL SELECT text over the graph.

    Args:
        kg: the graph (or a pyoxigraph store already loaded).
        named: a named query (see :func:`named_queries`).
        sparql: SPARQL text (SELECT); its ``param:NAME()`` calls see ``params`` as plain literals.
        params: parameter values as text; actors are resolved to entity IRIs.
        lang: the language of labels shown for IRIs (falls back to English, then any).

    Raises:
        QueryError: an unknown query or parameter, a value that does not fit, or bad SPARQL.

    >>> from kg.graph import load
    >>> query(load(["examples/putin-tehran-2015"]), named="meetings", params={"actor": "putin"}).columns
    ... # doctest: +SKIP
    ('date', 'place', 'participants', 'status', 'event', 'source')
    """
    if (named is None) == (sparql is None):
        raise QueryError("give either a named query or SPARQL text")
    store = kg if isinstance(kg, ox.Store) else to_store(kg)
    params = dict(params or {})
    if named is not None:
        spec = named_query(named)
        bound = _bind(store, spec, params)
        solutions = _run(store, spec.sparql, bound)
        columns = spec.columns
    else:
        assert sparql is not None
        bound = {name: ox.Literal(value) for name, value in params.items()}
        solutions = _run(store, sparql, bound)
        columns = tuple(Column(str(v)[1:], "raw", "") for v in solutions.variables)
    labels = _Labels(store, lang)
    rows = []
    for solution in solutions:
        rows.append(tuple(labels.render(solution[c.name], c.kind) for c in columns))
    return QueryResult(tuple(c.name for c in columns), tuple(rows))


def _run(store: ox.Store, text: str, bound: Mapping[str, ox.NamedNode | ox.Literal]) -> ox.QuerySolutions:
    functions: dict[ox.NamedNode, Callable[..., ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None]] = {}
    for name in re.findall(r"param:([A-Za-z_][A-Za-z0-9_]*)\s*\(", text):
        functions[ox.NamedNode(PARAM + name)] = _constant(bound.get(name))
    try:
        result = store.query(text, custom_functions=functions, use_default_graph_as_union=True,
                             prefixes={"param": PARAM})
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from exc
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("only SELECT queries are supported here (use kg export for CONSTRUCT)")
    return result


def _constant(value: ox.NamedNode | ox.Literal | None) -> Callable[[], ox.NamedNode | ox.Literal | None]:
    """A SPARQL function of no arguments that returns the bound term (or unbound)."""
    return lambda: value


def _bind(store: ox.Store, spec: NamedQuery, params: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    known = {p.name: p for p in spec.parameters}
    for name in params:
        if name not in known:
            allowed = ", ".join(known) or "none"
            raise QueryError(f"query '{spec.name}' has no parameter '{name}' (parameters: {allowed})")
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for p in spec.parameters:
        value = params.get(p.name)
        if value is None or value == "":
            if p.required:
                raise QueryError(f"query '{spec.name}' needs --param {p.name}=… ({p.description})")
            continue
        if p.kind == "actor":
            out[p.name] = resolve_actor(store, value)
        elif p.kind == "date":
            try:
                date = parse_date(value)
            except ValueError as exc:
                raise QueryError(f"--param {p.name}: {exc} (use YYYY, YYYY-MM or YYYY-MM-DD)") from exc
            day = date.earliest if p.name == "from" else date.latest
            out[p.name] = ox.Literal(day.isoformat(), datatype=ox.NamedNode(str(_XSD_DATE)))
        elif p.kind == "event":
            out[p.name] = _resolve_event(store, value)
        else:
            out[p.name] = ox.Literal(value)
    return out


_XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def _subjects(store: ox.Store, predicate: URIRef, obj: ox.NamedNode | ox.Literal | None = None) -> Iterator[
        tuple[str, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]]:
    """(subject IRI, object) of the quads with this predicate (and object)."""
    for q in store.quads_for_pattern(None, ox.NamedNode(str(predicate)), obj):
        if isinstance(q.subject, ox.NamedNode):
            yield q.subject.value, q.object


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().strip()


def resolve_actor(store: ox.Store, value: str) -> ox.NamedNode:
    """Find the entity an actor parameter means: IRI, key, ISO code, Wikidata QID or a label.

    Raises:
        QueryError: nothing matches, or a label matches several entities.
    """
    candidates: set[str] = set()
    if re.match(r"^[a-z][a-z0-9+.-]*://\S+$", value):
        if any(True for _ in store.quads_for_pattern(ox.NamedNode(value), None, None)):
            return ox.NamedNode(value)
        raise QueryError(f"actor {value}: no such node in the graph")
    if re.match(r"^Q[1-9][0-9]*$", value):
        target = ox.NamedNode(str(WD[value]))
        candidates = {s for s, _ in _subjects(store, KG.wikidata, target)}
    elif re.match(r"^[A-Z]{2,3}$", value):
        prop = KG.iso3166Alpha2 if len(value) == 2 else KG.iso3166Alpha3
        candidates = {s for s, _ in _subjects(store, prop, ox.Literal(value))}
    if not candidates and re.match(r"^[a-z0-9][a-z0-9-]*$", value):
        for subject, _ in _subjects(store, RDFS.label):
            if subject.endswith(f"/entity/{value}"):
                candidates.add(subject)
    if not candidates:
        wanted = _fold(value)
        for prop in (RDFS.label, SKOS.altLabel):
            for subject, label in _subjects(store, prop):
                if isinstance(label, ox.Literal) and _fold(label.value) == wanted:
                    candidates.add(subject)
    if not candidates:
        raise QueryError(f"actor '{value}': no entity with this key, IRI, QID, code or name "
                         "(try a name as written in the facts, e.g. --param actor=putin)")
    if len(candidates) > 1:
        raise QueryError(f"actor '{value}' is ambiguous: {', '.join(sorted(candidates))} (give the IRI)")
    return ox.NamedNode(candidates.pop())


def _resolve_event(store: ox.Store, value: str) -> ox.NamedNode:
    if "://" in value:
        return ox.NamedNode(value) if re.match(r"^[a-z][a-z0-9+.-]*://\S+$", value) else _no_event(value)
    found = {s for s, _ in _subjects(store, KG.reportedIn) if s.endswith(f"/event/{value}")}
    if len(found) == 1:
        return ox.NamedNode(found.pop())
    if not found:
        _no_event(value)
    raise QueryError(f"event '{value}' is ambiguous: {', '.join(sorted(found))} (give the IRI)")


def _no_event(value: str) -> ox.NamedNode:
    raise QueryError(f"event '{value}': no such event (give an event id or IRI)")


class _Labels:
    """Shows IRIs by their label in the wanted language (then English, then any)."""

    def __init__(self, store: ox.Store, lang: str) -> None:
        self.store = store
        self.lang = lang.lower()
        self.cache: dict[str, str] = {}

    def label(self, iri: str) -> str:
        if iri not in self.cache:
            best: dict[int, list[str]] = {}
            for q in self.store.quads_for_pattern(ox.NamedNode(iri), _RDFS_LABEL, None):
                obj = q.object
                if not isinstance(obj, ox.Literal):
                    continue
                tag = (obj.language or "").lower()
                rank = 0 if tag == self.lang or tag.startswith(self.lang + "-") else 1 if tag == "en" else 2
                best.setdefault(rank, []).append(obj.value)
            self.cache[iri] = min(best[min(best)]) if best else iri
        return self.cache[iri]

    def render(self, term: object, kind: str) -> str:
        if term is None:
            return ""
        if isinstance(term, ox.Literal):
            value = term.value
            if kind == "labels":
                return ", ".join(sorted(self.label(v) for v in value.split()))
            return value
        if isinstance(term, ox.NamedNode):
            if kind in ("label", "labels"):
                return self.label(term.value)
            if kind == "code":
                return re.split(r"[/#]", term.value)[-1]
            return term.value
        return str(term)


__all__ = ["Column", "NamedQuery", "Parameter", "QueryResult", "named_queries", "named_query", "query",
           "resolve_actor", "to_store"]
