"""Golden cases: tests/cases/golden/<name>/ holds facts and expected.ttl; graphs must be isomorphic.

The case builds facts.yaml when there is one, else every facts file of the directory.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

import kg
from conftest import CASES

GOLDEN = sorted(p for p in (CASES / "golden").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", GOLDEN, ids=[p.name for p in GOLDEN])
def test_golden_case(case: Path) -> None:
    graph = kg.load([case / "facts.yaml" if (case / "facts.yaml").exists() else case])
    assert kg.validate(graph).conforms, str(kg.validate(graph))
    built = Graph().parse(data=kg.serialize(graph, kg.RDFFormat.TURTLE), format="turtle")
    expected = Graph().parse(case / "expected.ttl", format="turtle")
    got_iso, want_iso = to_isomorphic(built), to_isomorphic(expected)
    if got_iso != want_iso:
        _, only_got, only_want = graph_diff(got_iso, want_iso)
        pytest.fail("graphs differ\nonly in built:\n" + only_got.serialize(format="nt")
                    + "\nonly in expected:\n" + only_want.serialize(format="nt"))


def test_both_attendance_forms_give_the_same_graph() -> None:
    a = kg.serialize(kg.load([CASES / "golden" / "summit-attendees" / "facts.yaml"]), kg.RDFFormat.NTRIPLES)
    b = kg.serialize(kg.load([CASES / "golden" / "summit-attendance" / "facts.yaml"]), kg.RDFFormat.NTRIPLES)
    assert a == b
