"""Golden cases of the SHACL shapes: every shape has a conforming and a violating fixture.

Each directory under tests/shapes/ is one case: an edit of tests/shapes/base.ttl (a conforming
graph) given as ``remove.ttl`` (triples taken out) and/or ``add.ttl`` (triples put in), and
``expect.txt``, one line per shape that must fire, each a substring of that shape's message.
A ``conforms-*`` case has an empty expect.txt. The results must match the expectations
exactly: every result matches a line, every line matches a result. A new case is a new
directory; it needs no new Python.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SH

import kg

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted(path for path in (ROOT / "tests" / "shapes").iterdir() if path.is_dir())


def expected(case: Path) -> set[str]:
    """The message substrings a case expects, one a line."""
    return {line.strip() for line in (case / "expect.txt").read_text(encoding="utf-8").splitlines() if line.strip()}


def case_graph(case: Path) -> Graph:
    """base.ttl with the case's edit applied."""
    graph = Graph().parse(ROOT / "tests" / "shapes" / "base.ttl")
    if (case / "remove.ttl").exists():
        graph -= Graph().parse(case / "remove.ttl")
    if (case / "add.ttl").exists():
        graph += Graph().parse(case / "add.ttl")
    return graph


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_shape_case(case: Path) -> None:
    """The case's data conforms, or fires exactly the expected shapes."""
    report = kg.validate(case_graph(case))
    want = expected(case)
    if case.name.startswith("conforms-"):
        assert not want, f"{case.name}: a conforms-* case expects nothing"
        assert report.conforms, f"{case.name} should conform:\n{report}"
        return
    assert want, f"{case.name}: expect.txt lists no message"
    messages = {result.message for result in report.results}
    unexpected = sorted(m for m in messages if not any(w in m for w in want))
    missing = sorted(w for w in want if not any(w in m for m in messages))
    assert not report.conforms and not unexpected and not missing, (
        f"{case.name}: unexpected {unexpected}, missing {missing}; report:\n{report}")


def test_every_shape_message_has_a_case() -> None:
    """Every sh:message of shapes/kg-shapes.ttl is expected by a violating case."""
    shapes = Graph().parse(ROOT / "shapes" / "kg-shapes.ttl")
    messages = {str(m) for m in shapes.objects(None, SH.message) if isinstance(m, Literal)}
    covered = set().union(*(expected(case) for case in CASES))
    assert messages, "no sh:message found in the shapes"
    assert not sorted(messages - covered), f"shapes without a violating case: {sorted(messages - covered)}"
