"""Shared fixtures: paths of the examples, cases and shared data, and the worked example built once."""

from __future__ import annotations

import json
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


def plant_violations(facts: Path) -> int:
    """Violations only the shapes catch, in every third article: a meeting of one, a visit to nowhere."""
    planted = 0
    for i, path in enumerate(sorted(facts.rglob("*.json"))):
        document = json.loads(path.read_text("utf-8"))
        if "article" not in document or i % 3:
            continue
        events = document["events"]
        meeting = next((e for e in events if e["type"] == "Meeting"), None)
        if meeting is not None:
            meeting["participants"] = meeting["participants"][:1]
            planted += 1
        visit = next((e for e in events if e["type"] == "Visit" and "place" in e), None)
        if visit is not None:
            del visit["place"]
            planted += 1
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1), "utf-8")
    return planted
