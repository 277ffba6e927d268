"""The kg store on disk: load (replacing articles), stats, query and export, with and without flags."""

from __future__ import annotations

import functools
import gc
import io
from pathlib import Path
from typing import cast

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
    report = kg.load_into(store, [nq], bulk=True)
    assert (report.quads, report.optimized) == (1012, True)  # a bulk load is compacted by default
    assert len(store) == 1012


class _Recording:
    """A store that passes every call on, and records the names of the methods kg used."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> object:
        self.calls.append(name)
        return getattr(self.store, name)


def test_a_bulk_load_leaves_the_merging_of_its_files_to_the_compaction(tmp_path: Path) -> None:
    """After a big bulk load, a flush waits until the database has merged the bulk loader's files
    (214 s after the 1M-event load: what made `kg load --bulk --no-optimize` 1.48x slower than
    `oxigraph load`). kg flushes only what went through the database's memory table."""
    nq = tmp_path / "x.nq"
    nq.write_bytes(kg.serialize(kg.load([EXAMPLE]), kg.RDFFormat.NQUADS))
    store = _Recording(kg.open_store(tmp_path / "store", create=True))
    report = kg.load_into(cast(ox.Store, store), [nq], bulk=True, optimize=False)
    assert report == kg.LoadReport(0, 1012, False)
    assert "bulk_load" in store.calls and "flush" not in store.calls and "optimize" not in store.calls
    store.calls.clear()
    kg.load_into(cast(ox.Store, store), [CASES / "golden" / "minimal-meeting" / "facts.yaml"], optimize=False)
    assert "load" in store.calls and "flush" in store.calls
    store.calls.clear()
    kg.load_into(cast(ox.Store, store), [nq], bulk=True)  # compacted, as by default
    assert store.calls[-2:] == ["optimize", "flush"]
    assert len(store.store) == 1012 + len(kg.load([CASES / "golden" / "minimal-meeting" / "facts.yaml"]))


def test_bulk_load_progress_counts_megabytes_read_then_compacting(tmp_path: Path) -> None:
    """With a progress callback the bulk loader reads through a counting reader: the megabytes read
    rise to the file's size, then the compaction is announced; the store holds every quad."""
    nq = tmp_path / "big.nq"
    one = kg.serialize(kg.load([EXAMPLE]), kg.RDFFormat.NQUADS)
    nq.write_bytes(one.replace(b"> .\n", b"> .\n\n") * 20)  # 20 copies (the same quads), with blank lines
    assert nq.stat().st_size > 2_000_000
    calls: list[tuple[str, int, int]] = []
    store = kg.open_store(tmp_path / "store", create=True)
    report = kg.load_into(store, [nq], bulk=True, progress=lambda *a: calls.append(a))
    assert report.quads == 20 * 1012 and len(store) == 1012
    read = [c for c in calls if c[0] == "big.nq (MB)"]
    total = nq.stat().st_size // 1_000_000
    assert read[-1] == ("big.nq (MB)", total, total) and [c[1] for c in read] == sorted(c[1] for c in read)
    assert calls[-1] == ("compacting the store", 0, 0)


def _nquads_with_blanks_and_comments(statements: int) -> list[str]:
    lines = []
    for i in range(statements):
        quad = f'<http://e.org/s{i}> <http://e.org/p#x> "a # b {"ä" * (i % 50)}" <http://e.org/g#{i % 3}> .'
        lines.append([quad, "  " + quad, "\t" + quad + " # a comment", quad + "\r"][i % 4])
        if i % 3 == 0:
            lines.append(["", "# a comment line", "   ", "\r", "  # indented comment", "#"][i % 6])
    return lines


def test_a_bulk_load_counts_the_statements_as_it_reads(tmp_path: Path) -> None:
    """The statements of a bulk-loaded file are counted as the loader reads it, not by reading the
    file again; each statement here is distinct, so the store's size is the count."""
    nq = tmp_path / "x.nq"
    nq.write_bytes("\n".join(_nquads_with_blanks_and_comments(300)).encode())  # distinct statements
    store = kg.open_store(tmp_path / "store", create=True)
    report = kg.load_into(store, [nq], bulk=True, optimize=False)
    assert report.quads == len(store) == 300


@pytest.mark.parametrize("block", [1 << 20, 97, 8, 1])
@pytest.mark.parametrize("ask", [2048, 13, 1])
def test_the_bulk_loaders_reader_counts_every_statement_wherever_the_blocks_end(
        monkeypatch: pytest.MonkeyPatch, block: int, ask: int) -> None:
    """Blank lines, comments, lines that start with spaces, CRLF, a `#` inside IRIs and literals,
    lines cut by the end of a block (of any size) or longer than one, with and without a newline
    at the end: the count is the parser's, and the bytes read are the file's."""
    from kg.store import _Reader

    monkeypatch.setattr("kg.store._BLOCK", block)
    lines = _nquads_with_blanks_and_comments(120)
    for text in ("\n".join(lines), "\n".join(lines) + "\n", "\n\n" + "\n".join(lines) + "\n# end",
                 "\n".join(reversed(lines)) + "\n\n"):
        data = text.encode()
        reader = _Reader(io.BytesIO(data), None, "x", len(data))
        read = b"".join(iter(functools.partial(reader.read, ask), b""))
        assert read == data
        assert reader.statements == len(list(ox.parse(data, format=ox.RdfFormat.N_QUADS))) == 120


def test_an_interrupted_bulk_load_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    """Ctrl-C while the bulk loader reads (it reaches Python through the progress reader): nothing
    of the file is stored, and what the store held stays."""
    nq = tmp_path / "x.nq"
    nq.write_bytes(kg.serialize(kg.load([EXAMPLE]), kg.RDFFormat.NQUADS) * 40)
    store = kg.open_store(tmp_path / "store", create=True)
    kg.load_into(store, [CASES / "golden" / "minimal-meeting" / "facts.yaml"])
    before = set(store)

    def interrupt(what: str, done: int, total: int) -> None:
        if done >= 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        kg.load_into(store, [nq], bulk=True, progress=interrupt)
    assert set(store) == before


def test_a_bulk_load_that_does_not_parse_stores_nothing(tmp_path: Path) -> None:
    """Bad N-Quads through the bulk loader: exit 3 naming the file, line and column, nothing of the
    file stored, the store's earlier content kept (before: a traceback)."""
    bad = tmp_path / "bad.nq"
    good = kg.serialize(kg.load([EXAMPLE]), kg.RDFFormat.NQUADS)
    bad.write_bytes(good + b'<http://a> <http://b> "unterminated <http://g> .\n')
    store = str(tmp_path / "store")
    assert run("load", str(CASES / "golden" / "minimal-meeting" / "facts.yaml"), "--store", store)[0] == 0
    gc.collect()
    before = set(kg.open_store(store))
    gc.collect()
    code, stdout, stderr = run("load", str(bad), "--bulk", "--store", store)
    assert (code, stdout) == (3, "")
    assert stderr.startswith(f"Error: {bad}: not valid nquads: ") and "line 1013" in stderr, stderr
    assert "check the file" in stderr
    gc.collect()
    assert set(kg.open_store(store)) == before


def test_bulk_load_progress_bar_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal, `kg load --bulk` shows the megabytes read, then a bar without a count while the
    store is compacted; the summary line follows."""
    import io

    from rich.console import Console

    from kg import cli

    nq = tmp_path / "big.nq"
    nq.write_bytes(kg.serialize(kg.load([EXAMPLE]), kg.RDFFormat.NQUADS) * 12)
    screen = io.StringIO()
    monkeypatch.setattr(cli, "err", Console(file=screen, force_terminal=True, width=120, highlight=False))
    store = str(tmp_path / "store")
    assert run("load", str(nq), "--bulk", "--no-validate", "--store", store)[0] == 0
    shown = screen.getvalue()
    assert "big.nq (MB)" in shown and "compacting the store" in shown
    assert f"12144 quads, compacted → {store}" in shown


def test_no_optimize_then_optimize(tmp_path: Path) -> None:
    """--no-optimize leaves the store as loaded; `kg optimize` compacts it and the answers stay the same."""
    nq = tmp_path / "x.nq"
    nq.write_bytes(kg.serialize(kg.load([EXAMPLE]), kg.RDFFormat.NQUADS))
    store = str(tmp_path / "store")
    code, stdout, stderr = run("load", str(nq), "--bulk", "--no-validate", "--no-optimize", "--store", store)
    assert (code, stdout) == (0, "") and stderr.strip() == f"1012 quads → {store}"
    before = run("query", "-n", "timeline", "-p", "actor=putin", "-f", "csv", "--store", store)
    assert before[0] == 0 and before[1].count("\n") > 5 and "Tehran" in before[1]
    code, stdout, stderr = run("optimize", "--store", store)
    assert (code, stdout, stderr.strip()) == (0, "", f"compacted → {store}")
    assert run("query", "-n", "timeline", "-p", "actor=putin", "-f", "csv", "--store", store) == before
    code, _, stderr = run("load", str(nq), "--bulk", "--store", store, "--no-validate")
    assert code == 0 and stderr.strip() == f"1012 quads, compacted → {store}"
    code, _, stderr = run("load", str(EXAMPLE), "--store", store, "--optimize")
    assert code == 0 and stderr.strip() == f"1012 quads, 1 article(s), compacted → {store}"
    gc.collect()
    assert len(kg.open_store(store)) == 1012


def test_optimize_without_a_store(tmp_path: Path) -> None:
    code, stdout, stderr = run("optimize", "--store", str(tmp_path / "nowhere"))
    assert (code, stdout) == (4, "") and "no store at" in stderr and "kg load" in stderr
    assert not (tmp_path / "nowhere").exists()


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
