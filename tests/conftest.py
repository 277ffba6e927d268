"""Shared fixtures: paths of the examples and cases, and the worked example built once."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "putin-tehran-2015"
CASES = Path(__file__).resolve().parent / "cases"


@pytest.fixture(scope="session")
def example_graph() -> kg.KnowledgeGraph:
    return kg.load([EXAMPLE])
