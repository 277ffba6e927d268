"""kg's shapes compiled to SPARQL and run over a pyoxigraph store: the fast validator.

pyshacl checks one focus node at a time in Python; here every constraint of
``shapes/`` becomes a SPARQL query that finds all its violations at once, run
by Oxigraph (a node shape's constraints on the values of its paths share one
query, its ``sh:minCount`` and ``sh:maxCount`` constraints one per kind and count).
It supports the SHACL Core and SHACL-SPARQL features kg's shapes use (and refuses
a shape that uses anything else, so a new shape cannot be skipped silently); a
test checks it finds exactly what pyshacl finds on every shape fixture, the
examples and a generated corpus.

Semantics follow SHACL: class targets include subclasses (``rdfs:subClassOf*``
from the ontology, which is loaded next to the data, never inferred), values of
the wrong kind violate value-type constraints, incomparable values violate
``sh:lessThan``, ``sh:minInclusive`` and friends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from kg.errors import KGError

_PREFIXES = ("PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> ")
#: Datatypes whose lexical form SPARQL can check by casting (an ill-formed value fails sh:datatype).
_CASTABLE = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in
             ("integer", "decimal", "double", "float", "boolean", "date", "dateTime")}
_CLOSURE = re.compile(r"@@subclasses (<[^>]+>)@@")
_HANDLED = {SH.path, SH.message, SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.pattern, SH["in"],
            SH.hasValue, SH.node, SH.nodeKind, SH.lessThan, SH.lessThanOrEquals, SH.minInclusive, SH.minLength,
            SH["or"], SH.qualifiedValueShape, SH.qualifiedMinCount, SH.name, SH.description, SH.severity}


@dataclass(frozen=True)
class Violation:
    """One violation: the focus node, the property path, the offending value, the message, the shape."""

    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str
    component: str


@dataclass(frozen=True)
class _Constraint:
    """What a violation of one constraint reports: the property path, the message, the component."""

    path: str | None
    message: str
    component: str


@dataclass(frozen=True)
class _Check:
    """A SELECT returning ?this (and ?value) for every violation of the constraints it checks.

    A query checking several constraints also returns ?k, the index of the one a row violates.
    """

    query: str
    shape: str
    reports_value: bool
    constraints: tuple[_Constraint, ...]


@dataclass
class CompiledShapes:
    """The checks of a shapes graph, ready to run."""

    checks: list[_Check] = field(default_factory=list)

    def run(self, store: ox.Store) -> Iterator[Violation]:
        """Every violation in the store's default graph (which must hold the ontology too)."""
        closures: dict[str, str] = {}

        def closure(match: re.Match[str]) -> str:
            cls = match.group(1)
            if cls not in closures:
                rows = store.query(f"{_PREFIXES}SELECT DISTINCT ?c WHERE {{ ?c rdfs:subClassOf* {cls} }}")
                assert isinstance(rows, ox.QuerySolutions)
                found = {str(row["c"]) for row in rows} | {cls}
                closures[cls] = " ".join(sorted(found))
            return closures[cls]

        for check in self.checks:
            solutions = store.query(_CLOSURE.sub(closure, check.query))
            assert isinstance(solutions, ox.QuerySolutions)
            several = len(check.constraints) > 1
            for row in solutions:
                focus = row["this"]
                constraint = check.constraints[int(row["k"].value)] if several else check.constraints[0]
                # a SPARQL constraint that selects no ?value reports the focus node (SHACL-SPARQL)
                value = row["value"] if check.reports_value else focus if constraint.component == "SPARQL" else None
                yield Violation(_text(focus), constraint.path, _text(value) if value is not None else None,
                                constraint.message, check.shape, constraint.component)


def _text(term: object) -> str:
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _subclasses(cls: Node) -> str:
    """A class and its subclasses, for a VALUES clause: filled in per store by :meth:`CompiledShapes.run`.

    ``rdf:type/rdfs:subClassOf*`` from every typed node is costly on big graphs; the class
    tree is small, so kg computes each closure once, from the store being validated.
    """
    return f"@@subclasses {_n3(cls)}@@"


def _n3(node: Node) -> str:
    """A term of the shapes graph as SPARQL text (shapes are our own files, not user input)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise KGError(f"the shapes use a blank node where kg expects a term: {node}")


@cache
def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Compile every node shape of a shapes graph (targets, property shapes, SPARQL constraints)."""
    compiled = CompiledShapes()
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        targets = _targets(shapes, shape)
        if not targets:
            continue  # used only through sh:node
        name = str(shape)
        counts: _Counts = {}
        per_value: list[tuple[str, _Constraint]] = []
        for prop in shapes.objects(shape, SH.property):
            compiled.checks.extend(_property_checks(shapes, prop, targets, name, counts, per_value))
        compiled.checks.extend(_value_checks(targets, name, per_value))
        compiled.checks.extend(_count_checks(targets, name, counts))
        for constraint in shapes.objects(shape, SH.sparql):
            compiled.checks.append(_sparql_check(shapes, constraint, targets, name))
    return compiled


#: Cardinality constraints of a node shape's property shapes: (component, count) → constraints.
_Counts = dict[tuple[str, int], list[_Constraint]]


def _value_checks(targets: str, shape: str, per_value: list[tuple[str, _Constraint]]) -> Iterator[_Check]:
    """A node shape's constraints on each value of a path (class, datatype, ``sh:in`` …), as one query.

    Each ``(pattern, constraint)`` matches the values violating one constraint; the query is
    their ``UNION``, each branch binding ``?k``, so the targets are found once for all of them
    (about a fifth less time for these checks on the benchmark's 64-article batches).
    """
    if len(per_value) == 1:
        pattern, constraint = per_value[0]
        yield _Check(f"{_PREFIXES}SELECT ?this ?value WHERE {{ {targets} {pattern} }}", shape, True, (constraint,))
    elif per_value:
        branches = " UNION ".join(f"{{ {pattern} BIND ({k} AS ?k) }}" for k, (pattern, _) in enumerate(per_value))
        yield _Check(f"{_PREFIXES}SELECT ?this ?value ?k WHERE {{ {targets} {branches} }}", shape, True,
                     tuple(constraint for _, constraint in per_value))


def _count_checks(targets: str, shape: str, counts: _Counts) -> Iterator[_Check]:
    """The ``sh:minCount`` and ``sh:maxCount`` constraints of a node shape, one query per kind and count.

    The paths are a ``VALUES`` table, so the targets are found once for all of them, and each
    row's ``?k`` says which property shape it is about. "At least one" is "no value", a lookup
    per focus node. On the benchmark's 64-article batches this is 8 % less query time than a
    grouping query per property shape (kg's shapes have 41 maxCount and 26 minCount constraints).
    """
    for (component, n), members in sorted(counts.items()):
        paths = " ".join(f"(<{member.path}> {k})" for k, member in enumerate(members))
        head = f"{_PREFIXES}SELECT ?this ?k WHERE {{ {targets} VALUES (?p__ ?k) {{ {paths} }} "
        if component == "MinCount" and n == 1:
            query = f"{head}FILTER NOT EXISTS {{ ?this ?p__ ?v__ }} }}"
        elif component == "MinCount":
            query = f"{head}OPTIONAL {{ ?this ?p__ ?v__ }} }} GROUP BY ?this ?k HAVING (COUNT(DISTINCT ?v__) < {n})"
        else:
            query = f"{head}?this ?p__ ?v__ }} GROUP BY ?this ?k HAVING (COUNT(DISTINCT ?v__) > {n})"
        yield _Check(query, shape, False, tuple(members))


def _targets(shapes: Graph, shape: Node) -> str:
    parts = [f"{{ ?this rdf:type ?tc__ VALUES ?tc__ {{ {_subclasses(c)} }} }}"
             for c in shapes.objects(shape, SH.targetClass)]
    parts += [f"{{ ?x__ {_n3(p)} ?this }}" for p in shapes.objects(shape, SH.targetObjectsOf)]
    if not parts:
        return ""
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


def _list(shapes: Graph, node: Node) -> list[Node]:
    return list(Collection(shapes, node))


def _conforms(shapes: Graph, shape: Node, var: str) -> str:
    """A SPARQL condition that ``var`` conforms to a small value shape (hasValue / class / datatype)."""
    conditions = []
    own_path = shapes.value(shape, SH.path)
    if own_path is not None:  # a property shape as a value shape: [ sh:path p ; sh:hasValue v ]
        values = list(shapes.objects(shape, SH.hasValue))
        extra = set(shapes.predicates(shape)) - {SH.path, SH.hasValue, SH.message}
        if extra or not values:
            raise KGError(f"the fast validator cannot compile value shape {shape} ({', '.join(map(str, extra))})")
        return "(" + " && ".join(f"EXISTS {{ {var} {_n3(own_path)} {_n3(v)} }}" for v in values) + ")"
    for prop in shapes.objects(shape, SH.property):
        path = _n3(shapes.value(prop, SH.path) or SH.path)
        for value in shapes.objects(prop, SH.hasValue):
            conditions.append(f"EXISTS {{ {var} {path} {_n3(value)} }}")
    for cls in shapes.objects(shape, SH["class"]):
        conditions.append(f"EXISTS {{ {var} rdf:type ?cc__ VALUES ?cc__ {{ {_subclasses(cls)} }} }}")
    for datatype in shapes.objects(shape, SH.datatype):
        conditions.append(f"(isLiteral({var}) && DATATYPE({var}) = {_n3(datatype)})")
    for value in shapes.objects(shape, SH.hasValue):
        conditions.append(f"({var} = {_n3(value)})")
    handled = {SH.property, SH.hasValue, SH["class"], SH.datatype, RDF.type, SH.message}
    extra = {p for p in shapes.predicates(shape) if p not in handled}
    if extra or not conditions:
        raise KGError(f"the fast validator cannot compile value shape {shape} ({', '.join(map(str, extra))})")
    return "(" + " && ".join(conditions) + ")"


def _property_checks(shapes: Graph, prop: Node, targets: str, shape: str, counts: _Counts,
                     per_value: list[tuple[str, _Constraint]]) -> list[_Check]:
    """The queries of one property shape's constraints that stand alone (``sh:hasValue``, qualified counts).

    Its minCount and maxCount go into ``counts`` (see :func:`_count_checks`), its constraints on
    each value into ``per_value`` (see :func:`_value_checks`): the node shape's shared queries.
    """
    unknown = set(shapes.predicates(prop)) - _HANDLED
    if unknown:
        raise KGError(f"the fast validator cannot compile {', '.join(sorted(map(str, unknown)))} in {shape}")
    path_node = shapes.value(prop, SH.path)
    if not isinstance(path_node, URIRef):
        raise KGError(f"the fast validator supports plain property paths only ({shape})")
    path, p = str(path_node), _n3(path_node)
    message = str(shapes.value(prop, SH.message) or "")
    head = f"{_PREFIXES}SELECT ?this WHERE {{ {targets} "
    checks: list[_Check] = []

    def check(query: str, component: str) -> None:
        checks.append(_Check(query, shape, False, (_Constraint(path, message, component),)))

    def each(condition: str, component: str) -> None:
        """A violation for each value of the path that meets ``condition``."""
        per_value.append((f"?this {p} ?value . {condition}", _Constraint(path, message, component)))

    for component, limit in (("MinCount", SH.minCount), ("MaxCount", SH.maxCount)):
        for n in shapes.objects(prop, limit):
            counts.setdefault((component, int(str(n))), []).append(_Constraint(path, message, component))
    for cls in shapes.objects(prop, SH["class"]):
        each(f"FILTER NOT EXISTS {{ ?value rdf:type ?vc__ VALUES ?vc__ {{ {_subclasses(cls)} }} }}", "Class")
    for datatype in shapes.objects(prop, SH.datatype):
        test = f"!isLiteral(?value) || DATATYPE(?value) != {_n3(datatype)}"
        cast = ""
        if str(datatype) in _CASTABLE:  # an ill-formed value ("2015-02-30"^^xsd:date) violates too
            cast = f"BIND ({_n3(datatype)}(STR(?value)) AS ?cast__) "
            test += " || !BOUND(?cast__)"
        if str(datatype) == str(RDF.langString):
            test = "!isLiteral(?value) || LANG(?value) = \"\""
        each(f"{cast}FILTER ({test})", "Datatype")
    for pattern in shapes.objects(prop, SH.pattern):
        each(f"FILTER (isBlank(?value) || !REGEX(STR(?value), {_n3(pattern)}))", "Pattern")
    for members in shapes.objects(prop, SH["in"]):
        allowed = ", ".join(_n3(m) for m in _list(shapes, members))
        each(f"FILTER (?value NOT IN ({allowed}))", "In")
    for value in shapes.objects(prop, SH.hasValue):
        check(f"{head}FILTER NOT EXISTS {{ ?this {p} {_n3(value)} }} }}", "HasValue")
    for node in shapes.objects(prop, SH.node):
        each(f"FILTER (!{_conforms(shapes, node, '?value')})", "Node")
    for kind in shapes.objects(prop, SH.nodeKind):
        kinds: dict[Node, str] = {SH.IRI: "!isIRI(?value)", SH.Literal: "!isLiteral(?value)",
                                  SH.BlankNode: "!isBlank(?value)"}
        if kind not in kinds:
            raise KGError(f"the fast validator cannot compile sh:nodeKind {kind} in {shape}")
        each(f"FILTER ({kinds[kind]})", "NodeKind")
    # Like pyshacl (the reference), values that cannot be compared are not reported.
    for other in shapes.objects(prop, SH.lessThan):
        each(f"?this {_n3(other)} ?w__ FILTER (COALESCE(!(?value < ?w__), false))", "LessThan")
    for other in shapes.objects(prop, SH.lessThanOrEquals):
        each(f"?this {_n3(other)} ?w__ FILTER (COALESCE(!(?value <= ?w__), false))", "LessThanOrEquals")
    for low in shapes.objects(prop, SH.minInclusive):
        each(f"FILTER (!COALESCE(?value >= {_n3(low)}, false))", "MinInclusive")
    for n in shapes.objects(prop, SH.minLength):
        each(f"FILTER (isBlank(?value) || STRLEN(STR(?value)) < {int(str(n))})", "MinLength")
    for alternatives in shapes.objects(prop, SH["or"]):
        any_of = " || ".join(_conforms(shapes, alt, "?value") for alt in _list(shapes, alternatives))
        each(f"FILTER (!({any_of}))", "Or")
    qualified = shapes.value(prop, SH.qualifiedValueShape)
    if qualified is not None:
        least = int(str(shapes.value(prop, SH.qualifiedMinCount) or 0))
        check(f"{_PREFIXES}SELECT ?this WHERE {{ {targets} OPTIONAL {{ ?this {p} ?v__ "
              f"FILTER {_conforms(shapes, qualified, '?v__')} }} }} "
              f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v__) < {least})", "QualifiedMinCount")
    return checks


def _sparql_check(shapes: Graph, constraint: Node, targets: str, shape: str) -> _Check:
    select = str(shapes.value(constraint, SH.select))
    message = str(shapes.value(constraint, SH.message) or "")
    declared: dict[str, str] = {}
    for ontology in shapes.objects(constraint, SH.prefixes):
        for decl in shapes.objects(ontology, SH.declare):
            declared[str(shapes.value(decl, SH.prefix))] = str(shapes.value(decl, SH.namespace))
    prefixes = "".join(f"PREFIX {name}: <{iri}> " for name, iri in sorted(declared.items()))
    body = _fast_form(select.replace("$this", "?this"), declared)
    # Like pyshacl, a solution repeated (two branches of a UNION, or one row per ?other) is one result.
    body = _SELECT.sub("SELECT DISTINCT ", body, count=1)
    where = body.index("{")
    query = f"{_PREFIXES}{prefixes}{body[:where + 1]} {targets} {body[where + 1:]}"
    name = str(constraint) if isinstance(constraint, URIRef) else shape
    return _Check(query, name, "?value" in select.split("WHERE")[0], (_Constraint(None, message, "SPARQL"),))


_SELECT = re.compile(r"^\s*SELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?", re.IGNORECASE)
_TYPE_PATH = re.compile(r"rdf:type/rdfs:subClassOf\*\s+(<[^>]+>|[A-Za-z][\w-]*:[\w-]+)")


def _fast_form(select: str, declared: dict[str, str]) -> str:
    """The same query in a form Oxigraph runs fast on big graphs (same answers).

    * ``rdf:type/rdfs:subClassOf* C`` becomes ``rdf:type ?x`` with ``?x`` among C and its
      subclasses (filled in from the store, like class targets);
    * a ``FILTER NOT EXISTS { P }`` of the outer group where P has a property path becomes
      ``OPTIONAL { P BIND(true AS ?m) } FILTER(!BOUND(?m))`` at the end of the group: Oxigraph
      evaluates such a NOT EXISTS by scanning P again for every row (30x slower on a batch of
      the benchmark), the OPTIONAL as one join. Without a path, NOT EXISTS is a lookup per row
      and stays (up to 3x faster than the join).
    """
    count = iter(range(1_000_000))

    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        if not name.startswith("<"):
            prefix, local = name.split(":", 1)
            name = f"<{declared.get(prefix, _KNOWN.get(prefix, ''))}{local}>"
        var = f"?sc__{next(count)}"
        return f"rdf:type {var} . VALUES {var} {{ @@subclasses {name}@@ }}"

    select = _TYPE_PATH.sub(expand, select)
    start = select.index("{")
    end = _closing(select, start)
    group = select[start + 1:end]
    kept, moved = "", []
    position = 0
    for found in re.finditer(r"FILTER\s+NOT\s+EXISTS\s*\{", group):
        if found.start() < position or _depth(group, found.start()) != 0:
            continue
        inner_end = _closing(group, found.end() - 1)
        if not _PATH.search(_IRI_OR_STRING.sub(" ", group[found.end():inner_end])):
            continue
        kept += group[position:found.start()]
        moved.append(group[found.end():inner_end])
        position = inner_end + 1
    kept += group[position:]
    for inner in moved:
        flag = f"?nx__{next(count)}"
        kept += f" OPTIONAL {{ {inner} BIND (true AS {flag}) }} FILTER (!BOUND({flag})) "
    return select[:start + 1] + kept + select[end:]


#: A property path's operators (``/``, ``|`` but not ``||``, ``^``, ``*`` or ``+`` after a name),
#: looked for outside IRIs and strings.
_PATH = re.compile(r"/|(?<!\|)\|(?!\|)|\^|[\w>)][*+]")
_IRI_OR_STRING = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")
_KNOWN = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}


def _braces(text: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """(index, depth after it) for each brace from ``start``, quoted strings skipped."""
    depth = 0
    quote = ""
    for i in range(start, len(text)):
        ch = text[i]
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "{}":
            depth += 1 if ch == "{" else -1
            yield i, depth


def _closing(text: str, opening: int) -> int:
    """The index of the brace closing the one at ``opening``."""
    for i, depth in _braces(text, opening):
        if depth == 0:
            return i
    raise KGError("a SPARQL constraint of the shapes has unbalanced braces")


def _depth(text: str, index: int) -> int:
    """Brace depth at ``index``."""
    depth = 0
    for i, after in _braces(text):
        if i >= index:
            break
        depth = after
    return depth


def shape_name(shapes: Graph, node: Node) -> str:
    """The node shape holding a property shape (for messages)."""
    if isinstance(node, BNode):
        parent = shapes.value(None, SH.property, node)
        return str(parent) if parent is not None else ""
    return str(node)
