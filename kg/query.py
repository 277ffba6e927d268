"""SPARQL over a knowledge graph: named queries with safe parameters, SPARQL files and inline SPARQL.

Queries run on pyoxigraph (an in-memory store loaded from the graph, or the
on-disk store). Parameters never become free query text: a named query calls
``param:NAME()`` and kg replaces the call by the parameter as one RDF term
written by pyoxigraph (:func:`bind_parameters`), so a value holding quotes,
``}`` or ``DROP`` stays a plain value, and the query planner sees a constant.
Named queries with an actor parameter have a focused form that starts from the
actor (:class:`NamedQuery`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Protocol

import pyoxigraph as ox

from kg.dates import parse_date
from kg.errors import QueryError
from kg.graph import KnowledgeGraph
from kg.model import ENTITY_TYPES
from kg.namespace import DEFAULT_BASE, STATUSES, WD

PARAM = "https://w3id.org/geokg/param#"


@dataclass(frozen=True)
class Parameter:
    """A parameter of a named query. ``kind`` is ``actor``, ``date``, ``event``, ``status`` or ``text``."""

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
    """A canned query: its SPARQL file, parameters and columns.

    ``focus`` names the parameter (an actor) for which the query has a second, focused form,
    ``queries/NAME.by-PARAM.rq``: the same question written to start from that actor, so that
    the store looks up the actor's events instead of reading every event (milliseconds however
    big the store). Both forms give the same answers (tests/test_query.py holds them together).
    """

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    columns: tuple[Column, ...]
    focus: str | None = None

    @property
    def sparql(self) -> str:
        """The query text for any parameters."""
        return resources.files("kg").joinpath(f"queries/{self.name}.rq").read_text("utf-8")

    def sparql_for(self, bound: Bindings) -> str:
        """The query text to run with these parameters: the focused form when its parameter is given."""
        if self.focus is not None and bound.get(self.focus) is not None:
            return resources.files("kg").joinpath(f"queries/{self.name}.by-{self.focus}.rq").read_text("utf-8")
        return self.sparql


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
                _STATUS, Column("event", "iri", "the event"), _SOURCE), focus="actor"),
    NamedQuery("visits", "Visits: who visited where, hosted by whom, for what",
               (Parameter("actor", "actor", f"the visitor or host: {_ACTOR}"), _FROM, _TO),
               (_DATE, Column("visitor", "labels", "who visited"), Column("destination", "label", "where to"),
                Column("host", "labels", "who hosted"), Column("purpose", "label", "the event the visit was for"),
                _STATUS, Column("event", "iri", "the event"), _SOURCE), focus="actor"),
    NamedQuery("summits", "Summits with their attendees",
               (Parameter("actor", "actor", f"an attendee or organizer: {_ACTOR}"), _FROM, _TO),
               (Column("summit", "label", "the summit"), _DATE, Column("place", "label", "where"),
                Column("organizers", "labels", "who organised it"), Column("attendees", "labels", "who attended"),
                _SOURCE), focus="actor"),
    NamedQuery("statements", "Statements: who said what, about which event",
               (Parameter("speaker", "actor", f"who spoke: {_ACTOR}"), _FROM, _TO),
               (_DATE, Column("speaker", "labels", "who spoke"), Column("quote", "text", "the exact words quoted"),
                Column("content", "text", "what was said (English)"),
                Column("about", "labels", "the events it is about"), Column("certainty", "code", "how sure"),
                Column("statement", "iri", "the statement"), _SOURCE), focus="speaker"),
    NamedQuery("claims", "Claims: who asserts each event, who reports it, how sure, and its status",
               (Parameter("actor", "actor", f"who asserts it: {_ACTOR}"),
                Parameter("status", "status", "occurred, ongoing, planned, expected or hypothetical")),
               (Column("asserted_by", "labels", "who asserts it"), Column("reported_by", "labels", "who relays it"),
                Column("claim", "label", "what is claimed (a statement's content, else the event)"),
                Column("topics", "labels", "topics of the event"), Column("certainty", "code", "how sure"),
                Column("polarity", "code", "positive or negative"), _STATUS,
                Column("event", "iri", "the event"), _SOURCE), focus="actor"),
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
                Column("end", "text", "end offset (exclusive)")), focus="actor"),
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


#: An RDF term as kg passes it around between backends (pyoxigraph's term classes).
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Bindings = Mapping[str, ox.NamedNode | ox.Literal]
Row = Mapping[str, Term | None]


class Backend(Protocol):
    """Where SELECT queries run: the in-memory store here, a SPARQL endpoint in kg.remote."""

    def select(self, sparql: str, bound: Bindings) -> tuple[list[str], list[Row]]:
        """Run a SELECT; ``param:NAME()`` calls in the text evaluate to ``bound[NAME]`` (or unbound)."""
        ...


class StoreBackend:
    """Queries a pyoxigraph store; parameters reach the query as constant terms (:func:`bind_parameters`)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def select(self, sparql: str, bound: Bindings) -> tuple[list[str], list[Row]]:
        try:
            result = self.store.query(bind_parameters(sparql, bound), use_default_graph_as_union=True,
                                      prefixes={"param": PARAM})
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, RuntimeError) as exc:  # e.g. a call of an unknown function
            raise QueryError(f"the query failed: {exc}") from exc
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("kg query runs SELECT queries (write SELECT … WHERE { … })")
        names = [v.value for v in result.variables]
        return names, [{n: solution[n] for n in names} for solution in result]

    def labels(self, iris: Iterable[str]) -> Iterator[tuple[str, ox.Literal]]:
        """The labels (rdfs:label) of each IRI, from one graph that labels it.

        A kg store repeats an entity's description in the graph of every article that mentions it:
        the union of graphs holds a popular entity's labels thousands of times, and one graph holds
        them all. The graph is the one of the entity's first label in the store's order.
        """
        for iri in iris:
            node = ox.NamedNode(iri)
            first = next(self.store.quads_for_pattern(node, _LABEL, None, None), None)
            if first is None:
                continue
            for quad in self.store.quads_for_pattern(node, _LABEL, None, first.graph_name):
                if isinstance(quad.object, ox.Literal):
                    yield iri, quad.object


#: A parameter call: ``param:NAME()`` or ``<https://w3id.org/geokg/param#NAME>()``.
_CALL = re.compile(r"(?:param:|<" + re.escape(PARAM) + r")([A-Za-z_][A-Za-z0-9_]*)>?\s*\(\s*\)")


def param_names(sparql: str) -> list[str]:
    """The parameters a query calls, as ``param:NAME()`` or ``<https://w3id.org/geokg/param#NAME>()``."""
    return sorted({match.group(1) for match in _CALL.finditer(sparql)})


def bind_parameters(sparql: str, bound: Bindings) -> str:
    """Replace each ``param:NAME()`` call by its bound term in N-Triples syntax, or ``?__unbound_NAME``.

    The store's query planner then sees each value as the constant it is. This is safe because
    what is put in is always exactly one SPARQL term token, never free text: an IRI is ``<…>``
    and pyoxigraph refuses IRIs holding ``>``, spaces, quotes or braces; a literal is ``"…"``
    with every ``"``, backslash, newline and control character escaped, followed by a language
    tag or ``^^<datatype>`` that pyoxigraph checked. A value holding ``" } UNION {`` or
    ``DROP ALL`` stays inside its quotes.

    >>> bind_parameters("SELECT * { BIND (param:who() AS ?x) BIND (param:n() AS ?n) }",
    ...                 {"who": ox.Literal('a" } DROP ALL #')})
    'SELECT * { BIND ("a\\\\" } DROP ALL #" AS ?x) BIND (?__unbound_n AS ?n) }'
    """
    def term(match: re.Match[str]) -> str:
        value = bound.get(match.group(1))
        if value is None:
            return f"?__unbound_{match.group(1)}"
        if not isinstance(value, (ox.NamedNode, ox.Literal)):
            raise QueryError(f"parameter {match.group(1)}: only IRIs and literals can be bound")
        token = str(value)
        if "\n" in token or "\r" in token:  # str() escapes these; a term is always one line
            raise QueryError(f"parameter {match.group(1)}: cannot be written as one SPARQL term")
        return token

    return _CALL.sub(term, sparql)


def to_store(kg: KnowledgeGraph) -> ox.Store:
    """The pyoxigraph store holding a knowledge graph (queries read it, never change it)."""
    return kg.store


def query(kg: KnowledgeGraph | Backend, *, named: str | None = None, sparql: str | None = None,
          params: Mapping[str, str] | None = None, lang: str = "en", base: str | None = None) -> QueryResult:
    """Run a named query (with parameters) or a SPARQL SELECT text over the graph.

    Args:
        kg: the graph, or a backend (a store, or an endpoint from :mod:`kg.remote`).
        named: a named query (see :func:`named_queries`).
        sparql: SPARQL text (SELECT); its ``param:NAME()`` calls see ``params`` as plain literals.
        params: parameter values as text; actors are resolved to entity IRIs.
        lang: the language of labels shown for IRIs (falls back to English, then any).
        base: the base IRI of entity keys (default: the graph's, else kg's default).

    Raises:
        QueryError: an unknown query or parameter, a value that does not fit, or bad SPARQL.

    >>> from kg.graph import load
    >>> query(load(["examples/putin-tehran-2015"]), named="meetings", params={"actor": "putin"}).columns
    ... # doctest: +SKIP
    ('date', 'place', 'participants', 'status', 'event', 'source')
    """
    if (named is None) == (sparql is None):
        raise QueryError("give either a named query or SPARQL text")
    if isinstance(kg, KnowledgeGraph):
        base = base or kg.base
        backend: Backend = StoreBackend(to_store(kg))
    else:
        backend = kg
    base = base or DEFAULT_BASE
    params = dict(params or {})
    if named is not None:
        spec = named_query(named)
        bound = _bind(backend, spec, params, base)
        names, solutions = backend.select(spec.sparql_for(bound), bound)
        columns = spec.columns
    else:
        assert sparql is not None
        used = param_names(sparql)
        unused = sorted(set(params) - set(used))
        if unused:
            calls = ", ".join(f"param:{n}()" for n in used) or "no param:NAME() call"
            raise QueryError(f"the query does not use --param {', '.join(unused)} (it has {calls})")
        names, solutions = backend.select(sparql, {name: ox.Literal(value) for name, value in params.items()})
        columns = tuple(Column(name, "raw", "") for name in names)
    labels = _Labels(backend, lang, [s.get(c.name) for s in solutions for c in columns
                                     if c.kind in ("label", "labels")])
    rows = tuple(tuple(labels.render(s.get(c.name), c.kind) for c in columns) for s in solutions)
    return QueryResult(tuple(c.name for c in columns), rows)


def _bind(backend: Backend, spec: NamedQuery, params: dict[str, str],
          base: str) -> dict[str, ox.NamedNode | ox.Literal]:
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
            out[p.name] = resolve_actor(backend, value, base)
        elif p.kind == "date":
            try:
                date = parse_date(value)
            except ValueError as exc:
                raise QueryError(f"--param {p.name}: {exc} (use YYYY, YYYY-MM or YYYY-MM-DD)") from exc
            day = date.earliest if p.name == "from" else date.latest
            out[p.name] = ox.Literal(day.isoformat(), datatype=_XSD_DATE)
        elif p.kind == "event":
            out[p.name] = _resolve_event(backend, value)
        elif p.kind == "status":
            if value not in STATUSES:
                raise QueryError(f"--param {p.name}={value!r} is not a status (one of: {', '.join(STATUSES)})")
            out[p.name] = ox.Literal(value)
        else:
            out[p.name] = ox.Literal(value)
    return out


_XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_ACTOR_TYPES = " ".join(f"kg:{t}" for t in ENTITY_TYPES)
_IRI = re.compile(r"^[a-z][a-z0-9+.-]*://[^\s<>\"{}|\\^`]+$")
_PREFIXES = ("PREFIX kg: <https://w3id.org/geokg/ontology#> "
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ")


def _iris(backend: Backend, sparql: str, bound: Bindings) -> set[str]:
    _, rows = backend.select(_PREFIXES + sparql, bound)
    return {t.value for row in rows for t in row.values() if isinstance(t, ox.NamedNode)}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().strip()


def resolve_actor(backend: Backend, value: str, base: str = DEFAULT_BASE) -> ox.NamedNode:
    """Find the entity an actor parameter means: IRI, Wikidata QID, ISO code, entity key or a name.

    Every lookup is a query with the value bound as a term, so it works on any backend.

    Raises:
        QueryError: nothing matches, or a name matches several entities.
    """
    value = unicodedata.normalize("NFC", value.strip())
    found: set[str] = set()
    if _IRI.match(value):
        found = _iris(backend, "SELECT ?x WHERE { BIND (param:x() AS ?x) FILTER EXISTS { ?x ?p ?o } }",
                      {"x": ox.NamedNode(value)})
        if not found:
            raise QueryError(f"actor {value}: no such node in the graph")
    elif re.match(r"^Q[1-9][0-9]*$", value):
        found = _iris(backend, "SELECT ?x WHERE { BIND (param:w() AS ?w) ?x kg:wikidata ?w }",
                      {"w": ox.NamedNode(str(WD[value]))})
    elif re.match(r"^[A-Z]{2,3}$", value):
        found = _iris(backend, "SELECT ?x WHERE { BIND (param:c() AS ?c) "
                      "{ ?x kg:iso3166Alpha2 ?c } UNION { ?x kg:iso3166Alpha3 ?c } }", {"c": ox.Literal(value)})
    if not found and re.match(r"^[a-z0-9][a-z0-9-]*$", value):
        found = _iris(backend, "SELECT ?x WHERE { BIND (param:x() AS ?x) FILTER EXISTS { ?x rdfs:label ?l } }",
                      {"x": ox.NamedNode(f"{base}entity/{value}")})
    if not found and re.match(r"^[a-z]{2,3}$", value):  # a country code in lower case
        found = _iris(backend, "SELECT ?x WHERE { BIND (param:c() AS ?c) "
                      "{ ?x kg:iso3166Alpha2 ?c } UNION { ?x kg:iso3166Alpha3 ?c } }", {"c": ox.Literal(value.upper())})
    if not found:  # a name: of an agent or a place (not of a post, an event or a topic)
        found = _iris(backend, "SELECT DISTINCT ?x WHERE { BIND (LCASE(STR(param:n())) AS ?n) "
                      "?x rdfs:label|skos:altLabel ?l FILTER (LCASE(STR(?l)) = ?n) "
                      f"?x a ?type VALUES ?type {{ {_ACTOR_TYPES} }} }}", {"n": ox.Literal(_fold(value))})
    if not found:
        raise QueryError(f"actor '{value}': no entity with this key, IRI, QID, code or name "
                         "(try a name as written in the facts, e.g. --param actor=putin)")
    if len(found) > 1:
        raise QueryError(f"actor '{value}' is ambiguous: {', '.join(sorted(found))} (give the IRI)")
    return ox.NamedNode(found.pop())


def _resolve_event(backend: Backend, value: str) -> ox.NamedNode:
    if _IRI.match(value):
        found = _iris(backend, "SELECT ?e WHERE { BIND (param:e() AS ?e) FILTER EXISTS { ?e kg:reportedIn ?a } }",
                      {"e": ox.NamedNode(value)})
    else:
        found = _iris(backend, "SELECT DISTINCT ?e WHERE { BIND (CONCAT(\"/event/\", param:id()) AS ?tail) "
                      "?e kg:reportedIn ?a FILTER (STRENDS(STR(?e), ?tail)) }", {"id": ox.Literal(value)})
    if not found:
        raise QueryError(f"event '{value}': no such event (give an event id or IRI)")
    if len(found) > 1:
        raise QueryError(f"event '{value}' is ambiguous: {', '.join(sorted(found))} (give the IRI)")
    return ox.NamedNode(found.pop())


def _fetch_labels(backend: Backend, iris: list[str]) -> Iterator[tuple[str, ox.Literal]]:
    """The rdfs:labels of some IRIs: the store's own lookup, else SPARQL queries (IRIs bound as terms).

    DISTINCT: an entity's description is repeated in the graph of every article that mentions it,
    and a store's union of graphs gives its labels once per graph.
    """
    if isinstance(backend, StoreBackend):
        yield from backend.labels(iris)
        return
    for start in range(0, len(iris), 200):
        chunk = iris[start:start + 200]
        bound = {f"x{i}": ox.NamedNode(iri) for i, iri in enumerate(chunk)}
        branches = " UNION ".join(f"{{ BIND (param:x{i}() AS ?x) ?x rdfs:label ?l }}" for i in range(len(chunk)))
        _, rows = backend.select(_PREFIXES + "SELECT DISTINCT ?x ?l WHERE { " + branches + " }", bound)
        for row in rows:
            x, label = row.get("x"), row.get("l")
            if isinstance(x, ox.NamedNode) and isinstance(label, ox.Literal):
                yield x.value, label


class _Labels:
    """Shows IRIs by their label in the wanted language (then English, then any).

    The labels of all IRIs of a result are fetched with one query, the IRIs bound as terms.
    """

    def __init__(self, backend: Backend, lang: str, cells: list[Term | None]) -> None:
        self.lang = lang.lower()
        iris: set[str] = set()
        for cell in cells:
            if isinstance(cell, ox.NamedNode):
                iris.add(cell.value)
            elif isinstance(cell, ox.Literal):
                iris.update(v for v in cell.value.split() if _IRI.match(v))
        self.cache: dict[str, str] = {}
        ranked: dict[str, dict[int, list[str]]] = {}
        for x, label in _fetch_labels(backend, sorted(iris)):
            tag = (label.language or "").lower()
            rank = 0 if tag == self.lang or tag.startswith(self.lang + "-") else 1 if tag == "en" else 2
            ranked.setdefault(x, {}).setdefault(rank, []).append(label.value)
        for iri, by_rank in ranked.items():
            self.cache[iri] = min(by_rank[min(by_rank)])

    def label(self, iri: str) -> str:
        return self.cache.get(iri, iri)

    def render(self, term: Term | None, kind: str) -> str:
        if term is None:
            return ""
        if isinstance(term, ox.Literal):
            if kind == "labels":
                return ", ".join(sorted(self.label(v) for v in term.value.split()))
            return term.value
        if isinstance(term, ox.NamedNode):
            if kind in ("label", "labels"):
                return self.label(term.value)
            if kind == "code":
                return re.split(r"[/#]", term.value)[-1]
            return term.value
        return str(term)


__all__ = ["Backend", "Column", "NamedQuery", "Parameter", "QueryResult", "StoreBackend", "named_queries",
           "named_query", "param_names", "query", "resolve_actor", "to_store"]
