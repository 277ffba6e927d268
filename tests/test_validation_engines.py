"""The fast validator (shapes compiled to SPARQL on Oxigraph) finds exactly what pyshacl finds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import kg
from conftest import CASES, EXAMPLE
from test_shapes import CASES as SHAPE_CASES
from test_shapes import case_graph


def findings(report: kg.ValidationReport) -> Counter[tuple[str, str | None, str | None, str]]:
    return Counter((r.focus, r.path, r.value, r.message) for r in report.results)


def assert_agree(graph: kg.KnowledgeGraph | object) -> None:
    fast = kg.validate(graph, engine="fast")  # type: ignore[arg-type]
    reference = kg.validate(graph, engine="pyshacl")  # type: ignore[arg-type]
    assert fast.conforms == reference.conforms
    only_fast = findings(fast) - findings(reference)
    only_pyshacl = findings(reference) - findings(fast)
    assert not only_fast and not only_pyshacl, f"only fast: {only_fast}\nonly pyshacl: {only_pyshacl}"


@pytest.mark.parametrize("case", SHAPE_CASES, ids=[c.name for c in SHAPE_CASES])
def test_engines_agree_on_every_shape_fixture(case: Path) -> None:
    assert_agree(case_graph(case))


GRAPHS = [EXAMPLE, *sorted(p for p in (CASES / "golden").iterdir() if p.is_dir())]


@pytest.mark.parametrize("source", GRAPHS, ids=[p.name for p in GRAPHS])
def test_engines_agree_on_examples(source: Path) -> None:
    assert_agree(kg.load([source / "facts.yaml" if (source / "facts.yaml").exists() else source]))
