"""Importers of event data: GDELT 2.0 and 1.0 exports, ICEWS and PLOVER records.

Records become the same graph as hand-coded facts (events of kg's classes by CAMEO code,
participations with roles, claims, evidence, one named graph per source article), streamed one
record at a time. See docs/importers.md.

Modules, one job each: :mod:`~kg.importers.inputs` (files, lines, JSON values),
:mod:`~kg.importers.gdelt`, :mod:`~kg.importers.icews`, :mod:`~kg.importers.plover` (readers),
:mod:`~kg.importers.codes` (CAMEO, PLOVER and country code tables), :mod:`~kg.importers.records`
(the record model), :mod:`~kg.importers.rdf` (records to quads), :mod:`~kg.importers.facts_out`
(records to facts files) and :mod:`~kg.importers.importer` (the import itself).
"""

from kg.importers.facts_out import import_facts
from kg.importers.importer import (
    ImportKind,
    ImportProgress,
    ImportReport,
    Tally,
    import_gdelt,
    import_icews,
    import_plover,
    import_quads,
    import_records,
    read_records,
)
from kg.importers.records import EventRecord

__all__ = ["EventRecord", "ImportKind", "ImportProgress", "ImportReport", "Tally", "import_facts", "import_gdelt",
           "import_icews", "import_plover", "import_quads", "import_records", "read_records"]
