"""Validate a knowledge graph with the SHACL shapes, and point each violation at its facts line."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.errors import KGError, Location
from kg.graph import KnowledgeGraph
from kg.resources import ontology_graph, shapes_graph
from kg.shacl import compile_shapes


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result: what is wrong, on which node, from which facts line."""

    severity: str
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str
    location: Location | None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        detail = f" (value {self.value})" if self.value and self.value != self.focus else ""
        path = f" {_short(self.path)}:" if self.path else ""
        return f"{where}{_short(self.focus)}:{path} {self.message}{detail} [{_short(self.shape)}]"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`: whether the graph conforms, and every result."""

    conforms: bool
    results: tuple[ValidationResult, ...]

    def __str__(self) -> str:
        if self.conforms:
            return "conforms"
        return "\n".join(str(r) for r in self.results)


def _short(iri: str | None) -> str:
    if not iri:
        return ""
    for sep in ("#", "/id/"):
        if sep in iri:
            return iri.rsplit(sep, 1)[1] if sep == "#" else iri.split(sep, 1)[1]
    return iri.rsplit("/", 1)[-1]


Engine = Literal["fast", "pyshacl"]


@cache
def _ontology_quads() -> tuple[ox.Quad, ...]:
    data = ontology_graph().serialize(format="nt", encoding="utf-8")
    return tuple(ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))


def validate(kg: KnowledgeGraph | Graph, *, engine: Engine = "fast") -> ValidationReport:
    """Check a graph against kg's shapes (no inference; the ontology supplies the class tree).

    Args:
        kg: the graph to check.
        engine: ``fast`` runs the shapes compiled to SPARQL on Oxigraph (:mod:`kg.shacl`);
            ``pyshacl`` runs pyshacl, the reference (much slower on big graphs). Both find
            the same violations; a test keeps them in agreement.

    Results are sorted by facts location, then focus node, so reports are stable.

    >>> from kg.graph import load
    >>> validate(load(["examples/putin-tehran-2015"])).conforms  # doctest: +SKIP
    True
    """
    locations = kg.locations if isinstance(kg, KnowledgeGraph) else {}
    if engine == "pyshacl":
        results = _pyshacl(kg, locations)
    else:
        results = _fast(kg, locations)
    return ValidationReport(not results, tuple(sort_results(results)))


def _fast(kg: KnowledgeGraph | Graph, locations: dict[URIRef, Location]) -> list[ValidationResult]:
    if isinstance(kg, KnowledgeGraph):
        return check_quads(iter(kg.store), locations)
    return check_quads(ox.parse(kg.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES),
                       locations)


def check_quads(quads: Iterable[ox.Quad | ox.Triple] | bytes, locations: Mapping[URIRef, Location], *,
                checked: bool = False) -> list[ValidationResult]:
    """The fast validator on any quads, or an N-Triples document (graphs ignored: the shapes see their RDF merge).

    One default graph holds the merge of all graphs (entity descriptions repeated in every
    article's graph count once) and the ontology, so the shapes see what pyshacl would see.
    ``checked``: the document is kg's own output, whose IRIs and language tags were checked as
    they were written (:mod:`kg.mapper`); it is read without checking them again (a quarter
    less time to load it).
    """
    work = ox.Store()
    if isinstance(quads, bytes):
        work.load(quads, format=ox.RdfFormat.N_TRIPLES, lenient=checked)
    else:
        work.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    work.extend(_ontology_quads())
    try:
        violations = list(compile_shapes(shapes_graph()).run(work))
    except (SyntaxError, OSError) as exc:
        raise KGError(f"SHACL validation failed to run: {exc}") from exc
    return [ValidationResult("Violation", v.focus, v.path, v.value, v.message, v.shape, locate(v.focus, locations))
            for v in violations]


def sort_results(results: list[ValidationResult]) -> list[ValidationResult]:
    """Stable order: by facts location, then focus node, shape, message and value."""
    return sorted(results, key=lambda r: (r.location is None, r.location or Location(""), r.focus, r.shape,
                                          r.message, r.value or ""))


def _pyshacl(kg: KnowledgeGraph | Graph, locations: dict[URIRef, Location]) -> list[ValidationResult]:
    data = kg.union() if isinstance(kg, KnowledgeGraph) else Graph() + kg
    data += ontology_graph()  # the class tree and code lists, explicitly: no inference runs
    try:
        _conforms, report, _text = shacl_validate(
            data, shacl_graph=shapes_graph(), inference="none",
            abort_on_first=False, allow_warnings=True, advanced=True)
    except Exception as exc:  # pyshacl reports broken shapes and data with many error types
        raise KGError(f"SHACL validation failed to run: {exc}") from exc
    assert isinstance(report, Graph)
    # Top-level results only: nested sh:detail results repeat what their parent says.
    return [_result(report, node, locations) for node in report.objects(None, SH.result)]


def _result(report: Graph, node: Node, locations: dict[URIRef, Location]) -> ValidationResult:
    def one(prop: URIRef) -> Any:
        return report.value(node, prop)

    focus = one(SH.focusNode)
    message = one(SH.resultMessage)
    shape = one(SH.sourceShape)
    source_constraint = one(SH.sourceConstraint)
    if isinstance(source_constraint, URIRef):  # a named SPARQL constraint
        shape = source_constraint
    elif not isinstance(shape, URIRef):  # a property shape: name its node shape
        shape = shapes_graph().value(None, SH.property, shape) or one(SH.sourceConstraintComponent)
    path = one(SH.resultPath)
    value = one(SH.value)
    severity = one(SH.resultSeverity)
    return ValidationResult(
        severity=_short(str(severity)) if severity else "Violation",
        focus=str(focus),
        path=str(path) if isinstance(path, URIRef) else None,
        value=str(value) if value is not None else None,
        message=str(message) if message else str(one(SH.sourceConstraintComponent)),
        shape=str(shape) if shape is not None else "",
        location=locate(str(focus), locations),
    )


def locate(iri: str, locations: Mapping[URIRef, Location]) -> Location | None:
    """The facts location of a node, or of the nearest node its IRI hangs under."""
    probe = iri
    while probe:
        found = locations.get(URIRef(probe))
        if found is not None:
            return found
        if "/" not in probe:
            return None
        probe = probe.rsplit("/", 1)[0]
    return None
