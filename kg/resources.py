"""The ontology, vocabularies and shapes that ship with kg.

In a wheel they live inside the package (``kg/ontology``, ``kg/shapes``, copied
from the top-level ``ontology/`` and ``shapes/`` at build time); in a source
checkout they are read from those top-level folders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``ontology`` or ``shapes``: inside the installed package, else in the checkout."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kg is installed without its {name}/ folder; reinstall kg")


def ontology_files() -> list[Path]:
    """The Turtle files of the ontology and its concept schemes, sorted."""
    return sorted(data_dir("ontology").glob("*.ttl"))


def shapes_files() -> list[Path]:
    """The Turtle files of the SHACL shapes, sorted."""
    return sorted(data_dir("shapes").glob("*.ttl"))


@cache
def ontology_graph() -> Graph:
    """The ontology, vocabularies and code lists in one graph (parsed once per process)."""
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes in one graph (parsed once per process)."""
    graph = Graph()
    for path in shapes_files():
        graph.parse(path, format="turtle")
    return graph
