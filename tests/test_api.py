"""The public surface, the namespace-as-code, and the exception tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph

import kg
from kg.errors import EXIT_INPUT, EXIT_NONCONFORMING, EXIT_STORE, EXIT_USAGE
from kg.namespace import KG
from kg.resources import data_dir


def test_public_api_is_pinned() -> None:
    assert sorted(kg.__all__) == sorted([
        "DEFAULT_BASE", "KG", "ArticleGraph", "BuildReport", "build", "Corpus", "Credentials", "DefaultGraph",
        "Endpoint", "EndpointBackend", "EventRecord", "ImportKind", "ImportProgress", "ImportReport", "RecordError",
        "import_facts", "import_gdelt", "import_icews", "import_plover", "import_records", "read_records",
        "FactsError", "InputError", "KGError", "KnowledgeGraph", "Location", "NamedQuery", "NonConformingError",
        "Problem", "PushReport", "QueryError", "QueryResult", "RDFFormat", "RDFSyntaxError", "ResolvedArticle",
        "StoreError", "UsageError", "ValidationReport", "ValidationResult", "WorkerError", "__version__",
        "export_remote",
        "facts_schema", "load", "load_corpus", "map_article", "named_queries", "named_query", "push", "query",
        "read_facts", "serialize", "validate", "write",
        "LoadReport", "StoreBackend", "StoreStats", "load_into", "open_store", "optimize_store", "store_path",
        "store_stats", "validate_sources"])
    for name in kg.__all__:
        assert hasattr(kg, name)


def test_namespace_matches_ontology() -> None:
    graph = Graph()
    graph.parse(data_dir("ontology") / "kg.ttl")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    declared = {str(s) for kind in kinds for s in graph.subjects(RDF.type, kind) if str(s).startswith(str(KG._NS))}
    in_code = {str(KG._NS) + name for name in KG.__annotations__ if not name.startswith("_")}
    assert declared == in_code
    with pytest.raises(AttributeError):
        KG.NoSuchTerm  # noqa: B018


def test_every_term_has_english_and_arabic_labels_and_a_definition() -> None:
    from rdflib.namespace import RDFS, SKOS
    graph = Graph()
    for name in ("kg.ttl", "vocab.ttl"):
        graph.parse(data_dir("ontology") / name)
    for name in KG.__annotations__:
        if name.startswith("_"):
            continue
        term = KG[name]
        langs = {label.language for label in graph.objects(term, RDFS.label)}
        assert {"en", "ar"} <= langs, term
        assert graph.value(term, SKOS.definition) is not None, term


def test_exception_tree_and_exit_codes() -> None:
    assert issubclass(kg.FactsError, kg.InputError) and issubclass(kg.InputError, kg.KGError)
    assert issubclass(kg.RDFSyntaxError, kg.InputError)
    assert issubclass(kg.RecordError, kg.InputError) and kg.RecordError.exit_code == 3
    assert kg.InputError.exit_code == EXIT_INPUT == 3
    assert kg.UsageError.exit_code == EXIT_USAGE == 2
    assert kg.NonConformingError.exit_code == EXIT_NONCONFORMING == 1
    assert kg.StoreError.exit_code == EXIT_STORE == 4
    assert kg.QueryError.exit_code == 3
    assert kg.WorkerError.exit_code == 5


@pytest.mark.parametrize(("content", "suffix", "cause"), [
    (b"a: [1,\n", ".yaml", "MarkedYAMLError"),
    (b"<a> <b> .\n", ".ttl", "Exception"),
    (b"\xff\xfe", ".yaml", "UnicodeDecodeError"),
])
def test_third_party_errors_are_wrapped(tmp_path: Path, content: bytes, suffix: str, cause: str) -> None:
    path = tmp_path / f"x{suffix}"
    path.write_bytes(content)
    with pytest.raises(kg.KGError) as info:
        kg.load([path])
    assert info.value.__cause__ is not None


def test_bad_sparql_is_a_query_error(example_graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(kg.QueryError) as info:
        kg.query(example_graph, sparql="SELECT WHERE {")
    assert isinstance(info.value.__cause__, SyntaxError)


def test_facts_schema_ships_with_the_package() -> None:
    schema = kg.facts_schema()
    assert schema["title"].startswith("kg facts format")
    assert data_dir("shapes").joinpath("kg-shapes.ttl").is_file()
