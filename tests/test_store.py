"""The kg store on disk: load (replacing articles), stats, query and export, with and without flags."""

from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg
from conftest import CASES, EXAMPLE
from kg.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_load_query_stats_export(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    code, _, stderr = run("load", str(EXAMPLE), "--store", store)
    assert code == 0 and "1012 quads, 1 article(s)" in stderr
    code, stdout, _ = run("stats", "--store", store, "-f", "csv")
    assert code == 0 and "quads,1012" in stdout and "events: Visit,2" in stdout
    local = kg.query(kg.load([EXAMPLE]), named="timeline", params={"actor": "putin"})
    stored = kg.query(kg.StoreBackend(kg.open_store(store)), named="timeline", params={"actor": "putin"})  # a str path
    assert stored == local
    out = tmp_path / "all.nq"
    assert run("export", "-o", str(out), "--store", store)[0] == 0
    assert out.read_bytes() == kg.serialize(kg.load([EXAMPLE]), kg.RDFFormat.NQUADS)


def test_loading_again_replaces_the_article(tmp_path: Path) -> None:
    store = kg.open_store(tmp_path / "store", create=True)
    kg.load_into(store, [EXAMPLE])
    kg.load_into(store, [EXAMPLE])
    assert len(store) == 1012
    kg.load_into(store, [CASES / "golden" / "minimal-meeting" / "facts.yaml"])
    assert kg.store_stats(store).articles == 2
    corrected = tmp_path / "corrected"
    corrected.mkdir()
    text = (CASES / "golden" / "minimal-meeting" / "facts.yaml").read_text("utf-8")
    (corrected / "facts.yaml").write_text(text.replace("Geneva}", "Genève}"), "utf-8")
    (corrected / "article.txt").write_text((CASES / "golden" / "minimal-meeting" / "article.txt").read_text())
    kg.load_into(store, [corrected])
    labels = kg.query(kg.StoreBackend(store), named="meetings", params={"actor": "biden"}).rows
    assert [row[1] for row in labels] == ["Genève"]
    assert kg.store_stats(store).articles == 2 and len(store) > 1012


def test_default_store_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_STORE", raising=False)
    code, _, stderr = run("query", "-n", "summits")
    assert code == 2 and "load something into the kg store first" in stderr
    assert run("load", str(EXAMPLE))[0] == 0
    code, stdout, _ = run("query", "-n", "summits", "-f", "csv")
    assert code == 0 and "3rd GECF summit" in stdout
    monkeypatch.setenv("KG_STORE", str(tmp_path / "elsewhere"))
    assert run("stats")[0] == 2
    code, _, stderr = run("stats", "--store", str(tmp_path / "nowhere"))
    assert code == 4 and "no store at" in stderr


def test_a_violation_stores_nothing_of_its_batch(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("article: {id: a, title: t, publisher: wire, language: en, published: 2020-01-02}\n"
                   "entities:\n  wire: {type: NewsOrganization, names: {en: Wire}}\n"
                   "events:\n  - {id: lonely, type: Meeting, participants: [RU], evidence: q}\n", "utf-8")
    code, _, stderr = run("load", str(bad), "--store", str(tmp_path / "store"))
    assert code == 1 and "at least two participants" in stderr
    gc.collect()  # the in-process run's traceback still holds the store (and its lock)
    assert len(kg.open_store(tmp_path / "store")) == 0


def test_bulk_load_of_nquads(tmp_path: Path) -> None:
    nq = tmp_path / "x.nq"
    nq.write_bytes(kg.serialize(kg.load([EXAMPLE]), kg.RDFFormat.NQUADS))
    store = kg.open_store(tmp_path / "store", create=True)
    assert kg.load_into(store, [nq], bulk=True).quads == 1012
    assert len(store) == 1012


def test_loading_rdf_again_replaces_its_graphs_and_counts_what_was_loaded(tmp_path: Path) -> None:
    trig = tmp_path / "x.trig"
    trig.write_bytes(kg.serialize(kg.load([EXAMPLE]), kg.RDFFormat.TRIG))
    store = kg.open_store(tmp_path / "store", create=True)
    assert kg.load_into(store, [trig]).quads == 1012
    assert kg.load_into(store, [trig]).quads == 1012  # loaded again: the same graph replaced
    assert len(store) == 1012


def test_labels_come_from_one_graph_once(tmp_path: Path) -> None:
    """An entity described in many article graphs: its labels once each (as the SPARQL lookup of a
    remote store gives them), in every language; an IRI without a label gives nothing."""
    store = kg.open_store(tmp_path / "store", create=True)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    putin = ox.NamedNode("https://w3id.org/geokg/id/entity/putin")
    names = [ox.Literal("Vladimir Putin", language="en"), ox.Literal("فلاديمير بوتين", language="ar")]
    store.extend(ox.Quad(putin, label, name, ox.NamedNode(f"urn:x-test:graph:{i}")) for i in range(50)
                 for name in names)
    store.add(ox.Quad(ox.NamedNode("urn:x-test:other"), label, ox.Literal("other"), ox.NamedNode("urn:x-test:g:7")))
    found = list(kg.StoreBackend(store).labels([putin.value, "urn:x-test:unlabelled", "urn:x-test:other"]))
    expected = [(putin.value, name) for name in names] + [("urn:x-test:other", ox.Literal("other"))]
    assert sorted(found, key=str) == sorted(expected, key=str)
    by_sparql = kg.query(kg.StoreBackend(store), sparql=f"SELECT DISTINCT ?x ?l WHERE {{ ?x <{label.value}> ?l }}")
    assert len(by_sparql.rows) == len(found)
