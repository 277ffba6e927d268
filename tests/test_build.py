"""The streaming build: batches give the same graph as one batch, and a violation anywhere writes nothing."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from conftest import CASES

build_module = sys.modules["kg.build"]  # the module (kg.build is also the function)
OX = {"nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS, "ttl": ox.RdfFormat.TURTLE,
      "trig": ox.RdfFormat.TRIG}


def corpus(folder: Path) -> Path:
    """Five articles sharing entities (one definition each), in two folders."""
    template = (CASES / "golden" / "minimal-meeting" / "facts.yaml").read_text("utf-8")
    for i in range(5):
        sub = folder / f"part{i % 2}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"a{i}.yaml").write_text(template.replace("id: test-meeting", f"id: test-meeting-{i}"), "utf-8")
        shutil.copy(CASES / "golden" / "minimal-meeting" / "article.txt", sub / "article.txt")
    return folder


@pytest.mark.parametrize("fmt", sorted(OX))
def test_small_batches_write_the_same_graph(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = corpus(tmp_path / "facts")
    whole = tmp_path / f"whole.{fmt}"
    kg.build([source], whole, kg.RDFFormat(fmt))
    monkeypatch.setattr(build_module, "BATCH_TRIPLES", 10)  # one article per batch
    parts = tmp_path / f"parts.{fmt}"
    report = kg.build([source], parts, kg.RDFFormat(fmt))
    assert report.articles == 5 and report.validation is not None and report.validation.conforms
    read = [set(ox.parse(path=str(p), format=OX[fmt])) for p in (whole, parts)]
    assert read[0] == read[1]
    expected = {(q.subject, q.predicate, q.object) for q in kg.load([source]).store}
    assert {(q.subject, q.predicate, q.object) for q in read[0]} == expected
    if not kg.RDFFormat(fmt).has_graphs:  # shared nodes written once
        assert len(list(ox.parse(path=str(parts), format=OX[fmt]))) == len(expected)


def test_a_violation_in_a_late_batch_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = corpus(tmp_path / "facts")
    (source / "zz-bad.yaml").write_text(
        "article: {id: zz, title: t, publisher: wire, language: en, published: 2020-01-02}\n"
        "entities:\n  wire: {type: NewsOrganization, names: {en: Example Wire}}\n"
        "events:\n  - {id: lonely, type: Meeting, participants: [RU], evidence: q}\n", "utf-8")
    monkeypatch.setattr(build_module, "BATCH_TRIPLES", 10)
    out = tmp_path / "out.nq"
    out.write_text("previous", "utf-8")
    with pytest.raises(kg.NonConformingError) as info:
        kg.build([source], out, kg.RDFFormat.NQUADS)
    report = info.value.report
    assert isinstance(report, kg.ValidationReport) and not report.conforms
    assert [r.location.line for r in report.results if r.location] == [5]
    assert out.read_text("utf-8") == "previous"
