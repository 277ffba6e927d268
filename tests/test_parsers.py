"""Independent parsers agree: rdflib, pyoxigraph and raptor's rapper (C) read every output alike."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

import kg
from conftest import CASES, EXAMPLE

SOURCES = [EXAMPLE, *sorted(p / "facts.yaml" for p in (CASES / "golden").iterdir() if (p / "facts.yaml").exists())]
RAPPER_SYNTAX = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "trig": "trig"}
OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
              "trig": ox.RdfFormat.TRIG}


def rapper_count(path: Path, syntax: str) -> int:
    rapper = shutil.which("rapper")
    assert rapper, "rapper is missing: make test installs Debian's raptor2-utils"
    result = subprocess.run([rapper, "-i", syntax, "-c", str(path)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    found = re.search(r"returned (\d+) (?:triples|statements)", result.stderr + result.stdout)
    assert found, result.stderr
    return int(found.group(1))


@pytest.mark.parametrize("source", SOURCES, ids=[p.parent.name if p.is_file() else p.name for p in SOURCES])
@pytest.mark.parametrize("fmt", sorted(RAPPER_SYNTAX))
def test_three_parsers_count_the_same(source: Path, fmt: str, tmp_path: Path) -> None:
    graph = kg.load([source])
    data = kg.serialize(graph, kg.RDFFormat(fmt))
    path = tmp_path / f"out.{fmt}"
    path.write_bytes(data)
    expected = len(graph)
    by_rdflib = Dataset(default_union=True)
    by_rdflib.parse(path, format=kg.RDFFormat(fmt).rdflib_name)
    store = ox.Store()
    store.load(data, format=OX_FORMATS[fmt])
    assert len(by_rdflib) == len(store) == rapper_count(path, RAPPER_SYNTAX[fmt]) == expected
