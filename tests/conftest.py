"""Shared fixtures: paths of the examples, cases and shared data, and the worked example built once."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "putin-tehran-2015"
CASES = Path(__file__).resolve().parent / "cases"
#: Third-party event data (GDELT, ICEWS, PLOVER) read in place, never copied: see its SOURCES.md.
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_shared_data = pytest.mark.skipif(not SHARED_DATA.is_dir(),
                                       reason=f"the shared event data are not at {SHARED_DATA}")


@pytest.fixture(scope="session")
def example_graph() -> kg.KnowledgeGraph:
    return kg.load([EXAMPLE])
