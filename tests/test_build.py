"""The streaming build: batches give the same graph as one batch, and a violation anywhere writes nothing."""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import kg
from conftest import CASES
from kg import stream
from kg.resolve import _ARTICLE_KEY, has_article

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
    monkeypatch.setattr(stream, "CHUNK_ARTICLES", 1)  # one article per chunk, in two worker processes
    parts = tmp_path / f"parts.{fmt}"
    report = kg.build([source], parts, kg.RDFFormat(fmt), jobs=2)
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
    monkeypatch.setattr(stream, "CHUNK_ARTICLES", 1)
    out = tmp_path / "out.nq"
    out.write_text("previous", "utf-8")
    with pytest.raises(kg.NonConformingError) as info:
        kg.build([source], out, kg.RDFFormat.NQUADS, jobs=2)
    report = info.value.report
    assert isinstance(report, kg.ValidationReport) and not report.conforms
    assert [r.location.line for r in report.results if r.location] == [5]
    assert out.read_text("utf-8") == "previous"


@pytest.mark.parametrize("fmt", sorted(OX))
def test_workers_write_what_one_process_writes(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Byte for byte: chunks come back in build order, shared nodes are written once, by the first article."""
    source = corpus(tmp_path / "facts")
    monkeypatch.setattr(stream, "CHUNK_ARTICLES", 2)
    one, two = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"
    first = kg.build([source], one, kg.RDFFormat(fmt), jobs=1)
    second = kg.build([source], two, kg.RDFFormat(fmt), jobs=2)
    assert first == second
    assert one.read_bytes() == two.read_bytes()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_leaves_the_garbage_collector_as_it_found_it(jobs: int, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A build tunes the collector for itself (kg.stream._long_lived), also when it fails, and puts it back."""
    source = corpus(tmp_path / "facts")
    monkeypatch.setattr(stream, "CHUNK_ARTICLES", 2)
    before = gc.get_threshold(), gc.get_freeze_count()
    kg.build([source], tmp_path / "x.nq", kg.RDFFormat.NQUADS, jobs=jobs)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    with pytest.raises(kg.FactsError):
        kg.build([_bad_corpus(tmp_path / "bad")], tmp_path / "y.nq", kg.RDFFormat.NQUADS, jobs=jobs)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_a_file_reached_twice_is_built_once(tmp_path: Path) -> None:
    """Through a linked folder, a linked file and its own path again: one file, one article."""
    source = corpus(tmp_path / "facts")
    (tmp_path / "linked").symlink_to(source / "part0")
    (source / "part1" / "alias.yaml").symlink_to(source / "part1" / "a1.yaml")
    report = kg.build([source, tmp_path / "linked", source / "part0" / "a0.yaml"], tmp_path / "x.nq",
                      kg.RDFFormat.NQUADS)
    assert report.articles == 5


def _bad_corpus(folder: Path) -> Path:
    """Problems only the main process can see: a duplicate id and a conflicting entity in other chunks."""
    source = corpus(folder)
    text = (source / "part0" / "a0.yaml").read_text("utf-8")
    (source / "part1" / "z-dup.yaml").write_text(text, "utf-8")  # the id of a0, in another chunk
    (source / "part1" / "article.txt").write_text((source / "part0" / "article.txt").read_text("utf-8"), "utf-8")
    (source / "part1" / "z-broken.yaml").write_text("article: {id: [\n", "utf-8")
    return source


def test_workers_report_problems_as_one_process_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _bad_corpus(tmp_path / "facts")
    monkeypatch.setattr(stream, "CHUNK_ARTICLES", 1)
    messages = []
    for jobs in (1, 2):
        with pytest.raises(kg.FactsError) as info:
            kg.build([source], tmp_path / "out.nq", kg.RDFFormat.NQUADS, jobs=jobs)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert "is also described at" in messages[0] and "z-broken.yaml:" in messages[0]
    assert not (tmp_path / "out.nq").exists()


def test_workers_load_the_store_as_one_process_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = corpus(tmp_path / "facts")
    monkeypatch.setattr(stream, "CHUNK_ARTICLES", 2)
    stores = []
    for jobs in (1, 2):
        store = kg.open_store(tmp_path / f"store{jobs}", create=True)
        report = kg.load_into(store, [source], jobs=jobs)
        assert report.articles == 5
        stores.append(set(store))
    assert stores[0] == stores[1] == set(kg.load([source]).store)


def test_a_shared_nodes_problem_is_reported_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Entities shared by articles in several batches: each problem and each violation once, as
    pyshacl (one graph) and the facts reader of one article would report it."""
    (tmp_path / "entities.yaml").write_text(
        "entities:\n  bob: {type: Person, names: {en: Bob}, country: alice}\n"
        "  alice: {type: Person, names: {en: Alice}}\n  wire: {type: NewsOrganization, names: {en: Wire}}\n",
        "utf-8")
    for i in range(3):
        (tmp_path / f"a{i}.yaml").write_text(
            f"article: {{id: art-{i}, title: t, publisher: wire, language: en, published: 2020-01-02}}\n"
            "events:\n  - {id: m, type: Meeting, participants: [bob, alice]}\n", "utf-8")
    monkeypatch.setattr(stream, "CHUNK_ARTICLES", 1)
    with pytest.raises(kg.FactsError) as problem:
        kg.build([tmp_path], None, kg.RDFFormat.NQUADS, jobs=2)
    assert len(problem.value.problems) == 1
    assert "'alice' is a Person, expected Country" in str(problem.value)

    (tmp_path / "entities.yaml").write_text(
        "entities:\n  bob: {type: Person, names: {en: Bob}}\n  alice: {type: Person, names: {en: Alice}}\n"
        "  wire: {type: NewsOrganization, names: {en: Wire}}\n", "utf-8")
    shared = kg.ValidationResult("Violation", "https://w3id.org/geokg/id/entity/bob", None, None, "planted",
                                 "urn:x-test:Shape", kg.Location(str(tmp_path / "entities.yaml"), 2, 3))
    monkeypatch.setattr(stream, "check_batch", lambda batch: [shared])  # found in every batch
    with pytest.raises(kg.NonConformingError) as violation:
        kg.build([tmp_path], None, kg.RDFFormat.NQUADS, jobs=1)
    report = violation.value.report
    assert isinstance(report, kg.ValidationReport)
    assert report.results == (shared,) and "1 violation(s)" in str(violation.value)


def test_an_article_key_after_the_scanned_start_is_still_an_article(tmp_path: Path) -> None:
    """kg guesses which files are entities files from their first 64 KB; a late article key is
    found when the file is read, and the article is built."""
    source = corpus(tmp_path / "facts")
    many = "".join(f"  person-{i:05d}: {{type: Person, names: {{en: Person {i}}}}}\n" for i in range(2000))
    late = source / "part0" / "late.yaml"
    late.write_text(
        "entities:\n  wire: {type: NewsOrganization, names: {en: Example Wire}}\n" + many +
        "events:\n  - {id: m, type: Meeting, participants: [person-00001, person-00002], evidence: Person}\n"
        "article: {id: late-article, title: t, publisher: wire, language: en, published: 2020-01-02,\n"
        "          text: late.txt}\n", "utf-8")
    (source / "part0" / "late.txt").write_text("Person 1 met Person 2.", "utf-8")
    assert late.stat().st_size > 1 << 16 and "article" not in late.read_text("utf-8")[: 1 << 16]
    report = kg.build([source], tmp_path / "out.nq", kg.RDFFormat.NQUADS)
    assert report.articles == 6
    assert b"/article/late-article>" in (tmp_path / "out.nq").read_bytes()


@settings(max_examples=400, deadline=None)
@example(["{", "\n", " ", "article", ":"])  # YAML: a brace alone on the line before the key
@example(["{", " ", "\n", "\t", "'", "article", "'", " ", ":"])
@example(["x", ":", " ", '"', "\\", '"', "article", '"', ":"])  # an escaped quote: not a key
@example(["x", "article", "\n", '"', "article", '"', ":"])  # the word first where it is no key
@given(st.lists(st.sampled_from(["article", '"', "'", "{", " ", "\t", "\n", "\\", ":", "x", "s", "-"]),
                max_size=24))
def test_the_scan_for_an_article_key_answers_as_the_pattern_over_the_whole_start(pieces: list[str]) -> None:
    """has_article starts its search near the first "article"; it finds what a search from the
    file's first byte finds (keys after a brace on an earlier line, quoted or escaped keys)."""
    head = "".join(pieces).encode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.yaml"
        path.write_bytes(head)
        assert has_article(str(path)) == (_ARTICLE_KEY.search(head) is not None)


def test_a_workers_paths_reach_the_main_process_as_text_made_paths_once() -> None:
    """Outcomes name the same included files article after article: the main process makes each
    path object once, and the outcomes read back equal."""
    sent = {"includes": (Path("facts/entities.json"), Path("facts/entities.json")), "text": Path("/a/b.txt")}
    first, again = pickle.loads(stream._dumps(sent)), pickle.loads(stream._dumps(sent))
    assert first == again == sent
    assert first["includes"][0] is first["includes"][1] is again["includes"][0]


def test_an_error_in_a_worker_reaches_the_caller(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in a worker (here: an exception that cannot be pickled) stops the build with its
    traceback, leaves no output and no worker behind."""
    source = corpus(tmp_path / "facts")
    monkeypatch.setattr(stream, "CHUNK_ARTICLES", 1)

    class Unpicklable(Exception):
        def __reduce__(self) -> str | tuple[object, ...]:
            raise TypeError("cannot pickle")

    def broken(self: stream._Work, items: list[tuple[str | None, object]]) -> object:
        raise Unpicklable("planted")

    monkeypatch.setattr(stream._Work, "build", broken)  # the forked workers inherit the patch
    with pytest.raises(RuntimeError, match="Unpicklable") as info:
        kg.build([source], tmp_path / "out.nq", kg.RDFFormat.NQUADS, jobs=2)
    assert "planted" in str(info.value)
    assert not (tmp_path / "out.nq").exists()
    assert multiprocessing.active_children() == []

    monkeypatch.setattr(stream._Work, "build", lambda self, items: 1 / 0)  # an exception that travels
    with pytest.raises(ZeroDivisionError):
        kg.build([source], tmp_path / "out.nq", kg.RDFFormat.NQUADS, jobs=2)
    assert multiprocessing.active_children() == []
