"""kg: turn what news articles say about geopolitics into a validated RDF knowledge graph.

The library does everything the ``kg`` command does::

    >>> import kg
    >>> graph = kg.load(["examples/putin-tehran-2015"])            # doctest: +SKIP
    >>> kg.validate(graph).conforms                                  # doctest: +SKIP
    True
    >>> kg.query(graph, named="meetings", params={"actor": "putin"}) # doctest: +SKIP
    >>> kg.write(graph, Path("build/out.ttl"))                       # doctest: +SKIP

The pipeline, one module per stage: ``document`` / ``facts`` (read and check facts
files) → ``model`` → ``resolve`` (references, countries, evidence offsets,
capacities) → ``mapper`` (RDF, one named graph per article) → ``validation``
(SHACL) → ``export`` / ``query``; ``importers`` turn GDELT, ICEWS and PLOVER records into
the same graph (or into facts files); ``endpoint`` and ``remote`` push, query and export on a
SPARQL 1.1 store.
"""

from kg.build import BuildReport, build, validate_sources
from kg.endpoint import Credentials, DefaultGraph, Endpoint
from kg.errors import (
    FactsError,
    InputError,
    KGError,
    Location,
    NonConformingError,
    Problem,
    QueryError,
    RDFSyntaxError,
    RecordError,
    StoreError,
    UsageError,
    WorkerError,
)
from kg.export import serialize, write
from kg.facts import facts_schema, read_facts
from kg.graph import KnowledgeGraph, load
from kg.importers import (
    EventRecord,
    ImportKind,
    ImportProgress,
    ImportReport,
    import_facts,
    import_gdelt,
    import_icews,
    import_plover,
    import_records,
    read_records,
)
from kg.mapper import ArticleGraph, map_article
from kg.namespace import DEFAULT_BASE, KG
from kg.query import NamedQuery, QueryResult, StoreBackend, named_queries, named_query, query
from kg.rdfio import RDFFormat
from kg.remote import EndpointBackend, PushReport, export_remote, push
from kg.resolve import Corpus, ResolvedArticle, load_corpus
from kg.store import LoadReport, StoreStats, load_into, open_store, optimize_store, store_path
from kg.store import stats as store_stats
from kg.validation import ValidationReport, ValidationResult, validate

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_BASE",
    "KG",
    "ArticleGraph",
    "BuildReport",
    "Corpus",
    "Credentials",
    "DefaultGraph",
    "Endpoint",
    "EndpointBackend",
    "EventRecord",
    "FactsError",
    "ImportKind",
    "ImportProgress",
    "ImportReport",
    "InputError",
    "KGError",
    "KnowledgeGraph",
    "LoadReport",
    "Location",
    "NamedQuery",
    "NonConformingError",
    "Problem",
    "PushReport",
    "QueryError",
    "QueryResult",
    "RDFFormat",
    "RDFSyntaxError",
    "RecordError",
    "ResolvedArticle",
    "StoreBackend",
    "StoreError",
    "StoreStats",
    "UsageError",
    "ValidationReport",
    "ValidationResult",
    "WorkerError",
    "__version__",
    "build",
    "export_remote",
    "facts_schema",
    "import_facts",
    "import_gdelt",
    "import_icews",
    "import_plover",
    "import_records",
    "load",
    "load_corpus",
    "load_into",
    "map_article",
    "named_queries",
    "named_query",
    "open_store",
    "optimize_store",
    "push",
    "query",
    "read_facts",
    "read_records",
    "serialize",
    "store_path",
    "store_stats",
    "validate",
    "validate_sources",
    "write",
]
