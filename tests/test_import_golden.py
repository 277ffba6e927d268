"""Golden import cases: tests/cases/import/<name>/ holds case.yaml (kind, inputs) and expected.nq.

The import's quads must equal the expected ones (no blank nodes: set equality is graph
isomorphism); a failure prints the quads only in one or the other. A new case needs no new
Python. To write the expected output of a new case: KG_WRITE_GOLDEN=1 pytest tests/test_import_golden.py
(then read it before committing).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

import kg
from conftest import CASES

IMPORT_CASES = sorted(p for p in (CASES / "import").iterdir() if p.is_dir())


def imported(case: Path) -> bytes:
    spec = yaml.safe_load((case / "case.yaml").read_text("utf-8"))
    out = io.BytesIO()
    kg.import_records(spec["kind"], [case / name for name in spec["inputs"]], out, kg.RDFFormat.NQUADS)
    return out.getvalue()


def quads(data: bytes) -> set[str]:
    return {str(q) for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)}


@pytest.mark.parametrize("case", IMPORT_CASES, ids=[p.name for p in IMPORT_CASES])
def test_import_case(case: Path) -> None:
    got = imported(case)
    expected = case / "expected.nq"
    if os.environ.get("KG_WRITE_GOLDEN"):
        expected.write_text("".join(sorted(f"{q} .\n" for q in quads(got))), encoding="utf-8")
    want = quads(expected.read_bytes())
    have = quads(got)
    if have != want:
        pytest.fail("quads differ\nonly in the import:\n" + "\n".join(sorted(have - want))
                    + "\nonly in expected.nq:\n" + "\n".join(sorted(want - have)))


@pytest.mark.parametrize("case", IMPORT_CASES, ids=[p.name for p in IMPORT_CASES])
def test_import_case_conforms(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "case.nq"
    out.write_bytes(imported(case))
    report = kg.validate(kg.load([out]))
    assert report.conforms, str(report)
