"""kg on a real SPARQL store: `oxigraph serve` started on 127.0.0.1 by the fixtures, and small local
HTTP servers for what Oxigraph cannot show (a web page that is no endpoint, auth, 5xx, a silent server).

Push, query and export through the library and the CLI; local and remote answers must be equal.
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import traceback
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg
from conftest import CASES, EXAMPLE
from kg.cli import app

ARTICLE = "alwaght-2015-11-24-putin-tehran"
runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


# --- a real Oxigraph server ------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"  # pip puts it next to the venv's python
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    assert found, "the oxigraph server is missing: pip install '.[test]' installs it"
    return found


class Oxigraph:
    """`oxigraph serve` on a store directory and a fixed port; can be killed and started again."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Oxigraph:
        log = (self.location.parent / f"{self.location.name}.log").open("ab")
        self.process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(self.location),
                                         "--bind", f"127.0.0.1:{self.port}"], stdout=log, stderr=log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"oxigraph serve exited: {self.location.parent / (self.location.name + '.log')}")
            try:
                with urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=1) as answer:
                    if answer.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        pytest.fail("oxigraph serve did not answer within 30 s")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def endpoint(self, **kwargs: Any) -> kg.Endpoint:
        return kg.Endpoint.from_url(self.url, environ={}, **kwargs)

    def update(self, text: str) -> None:
        request = urllib.request.Request(f"{self.url}/update", data=text.encode(), method="POST",
                                         headers={"Content-Type": "application/sparql-update"})
        urllib.request.urlopen(request, timeout=10).close()

    def count(self) -> int:
        _, rows = kg.EndpointBackend(self.endpoint()).run(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", [])
        n = rows[0]["n"]
        assert isinstance(n, ox.Literal)
        return int(n.value)


@pytest.fixture(scope="module")
def shared_oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    server = Oxigraph(tmp_path_factory.mktemp("oxigraph") / "store").start()
    yield server
    server.stop()


@pytest.fixture()
def store(shared_oxigraph: Oxigraph) -> Oxigraph:
    """The module's server, emptied."""
    shared_oxigraph.update("DROP ALL")
    return shared_oxigraph


@pytest.fixture()
def fresh_oxigraph(tmp_path: Path) -> Iterator[Oxigraph]:
    """A server of its own, for tests that kill it."""
    server = Oxigraph(tmp_path / "store").start()
    yield server
    server.stop()


def as_stored(graph: kg.KnowledgeGraph) -> bytes:
    """What kg exports after pushing ``graph``: what ``kg build -o all.nq`` writes, byte for byte."""
    return kg.serialize(graph, kg.RDFFormat.NQUADS)


# --- the same answers remotely ---------------------------------------------------------------------------------

CQ_CASES: list[tuple[str, dict[str, Any]]] = [
    ("CQ1", {"named": "meetings", "params": {"actor": "putin", "from": "2015-11-23", "to": "2015-11-23"}}),
    ("CQ2", {"named": "summits", "params": {"actor": "Q7747"}}),
    ("CQ3", {"sparql": (EXAMPLE / "queries" / "cq3-russia-iran-meetings.rq").read_text("utf-8")}),
    ("CQ4", {"named": "statements", "params": {"speaker": "Dmitry Peskov"}}),
    ("CQ4-post", {"sparql": "PREFIX kg: <https://w3id.org/geokg/ontology#> "
                            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?post WHERE { "
                            "?h kg:holder <https://w3id.org/geokg/id/entity/peskov> ; kg:post/rdfs:label ?post "
                            'FILTER (LANG(?post) = "en") }'}),
    ("CQ5", {"sparql": (EXAMPLE / "queries" / "cq5-outlet-claims.rq").read_text("utf-8")}),
    ("CQ6", {"named": "visits", "params": {"actor": "putin"}}),
    ("CQ7", {"named": "claims", "params": {"status": "expected"}}),
    ("CQ8", {"named": "evidence"}),
    ("CQ9", {"named": "timeline", "params": {"actor": "فلاديمير بوتين"}}),
    ("visits-ar", {"named": "visits", "params": {"actor": "IR"}, "lang": "ar"}),
    ("evidence-event", {"named": "evidence", "params": {"event": "putin-khamenei-meeting"}}),
    *[(f"all-{q.name}", {"named": q.name, "params": {"actor": "putin"} if q.name == "timeline" else {}})
      for q in kg.named_queries()],
]


def concat_as_set(result: kg.QueryResult, column: str) -> kg.QueryResult:
    """SPARQL leaves the order inside GROUP_CONCAT open (CQ3's participants): compare those cells as sets."""
    at = result.columns.index(column)
    rows = tuple(tuple(", ".join(sorted(c.split(", "))) if i == at else c for i, c in enumerate(row))
                 for row in result.rows)
    return kg.QueryResult(result.columns, rows)


def test_every_question_has_the_same_answer_remotely(store: Oxigraph, example_graph: kg.KnowledgeGraph) -> None:
    kg.push(example_graph, store.endpoint())
    backend = kg.EndpointBackend(store.endpoint())
    for name, kwargs in CQ_CASES:
        local = kg.query(example_graph, **kwargs)
        remote = kg.query(backend, **kwargs)
        assert local.rows, name
        if name == "CQ3":
            local, remote = concat_as_set(local, "participants"), concat_as_set(remote, "participants")
        assert remote == local, name


def test_named_queries_through_the_cli(store: Oxigraph) -> None:
    assert run("push", str(EXAMPLE), "-e", store.url, "-q") == (0, "", "")
    code, stdout, stderr = run("query", "-e", store.url, "-n", "visits", "-p", "actor=putin", "-f", "json")
    assert (code, stderr) == (0, "")
    assert [r["date"] for r in json.loads(stdout)] == ["2007", "2015-11-23"]
    local = run("query", str(EXAMPLE), "-n", "timeline", "-p", "actor=putin", "-f", "csv")
    assert run("query", "--endpoint", f"{store.url}/query", "-n", "timeline", "-p", "actor=putin", "-f", "csv") \
        == local


HOSTILE = ['putin" } UNION { ?s ?p ?o } #', "} ; DROP ALL ; SELECT * WHERE {", "x' . ?e ?p ?o . FILTER('1'='1",
           "<https://w3id.org/geokg/id/entity/putin> } UNION {", "line\nbreak\r\n", "# comment", "DROP ALL",
           '\\u0022 } \\" \\\\', "param:value()", "?__unbound_value", "https://w3id.org/geokg/id/entity/putin",
           "\x00\x01 ctrl", "ﷺ 𝔘 ‮rtl"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_parameters_give_the_same_answers_remotely(store: Oxigraph, example_graph: kg.KnowledgeGraph,
                                                           value: str) -> None:
    kg.push(example_graph, store.endpoint())
    before = store.count()
    backend = kg.EndpointBackend(store.endpoint())
    echo = "PREFIX param: <https://w3id.org/geokg/param#> SELECT ?v ?w WHERE { BIND (param:value() AS ?v) }"
    assert kg.query(backend, sparql=echo, params={"value": value}) == \
        kg.query(example_graph, sparql=echo, params={"value": value}) == kg.QueryResult(("v", "w"), ((value, ""),))
    for named, param in (("claims", "status"), ("meetings", "actor"), ("evidence", "event")):
        try:
            local: object = kg.query(example_graph, named=named, params={param: value})
        except kg.QueryError as exc:
            local = str(exc)
        try:
            remote: object = kg.query(backend, named=named, params={param: value})
        except kg.QueryError as exc:
            remote = str(exc)
        assert remote == local, (named, param)
    assert store.count() == before == len(example_graph)


def test_unbound_parameters_become_fresh_variables() -> None:
    text = kg.remote.bind_parameters("SELECT * { BIND (param:a() AS ?a) BIND (param:b ( ) AS ?b) }",
                                     {"a": ox.NamedNode("http://example.org/x")})
    assert text == "SELECT * { BIND (<http://example.org/x> AS ?a) BIND (?__unbound_b AS ?b) }"


# --- push: idempotent, replaces one article, survives a killed server -------------------------------------------

def test_push_twice_leaves_the_same_store(store: Oxigraph, example_graph: kg.KnowledgeGraph) -> None:
    expected = as_stored(example_graph)
    first = kg.push(example_graph, store.endpoint())
    assert (first.graphs, first.triples, first.protocol) == (1, len(example_graph), "graph-store")
    assert store.count() == len(example_graph)
    kg.push(example_graph, store.endpoint())
    assert store.count() == len(example_graph)
    by_update = kg.push(example_graph, store.endpoint(use_graph_store=False), batch_triples=100)
    assert by_update.protocol == "update" and by_update.url == f"{store.url}/update"
    assert store.count() == len(example_graph)
    assert kg.export_remote(store.endpoint()) == expected
    store.update("DROP ALL")
    kg.push(example_graph, store.endpoint(use_graph_store=False), batch_triples=100)
    assert kg.export_remote(store.endpoint()) == expected
    store.update("DROP ALL")
    kg.push(example_graph, store.endpoint(), batch_triples=100)
    assert kg.export_remote(store.endpoint()) == expected


@pytest.mark.parametrize("protocol", ["graph-store", "update"])
def test_a_corrected_article_replaces_its_graph_only(store: Oxigraph, tmp_path: Path, protocol: str) -> None:
    meeting = tmp_path / "meeting"
    shutil.copytree(CASES / "golden" / "minimal-meeting", meeting)
    other = CASES / "golden" / "role-only-and-country" / "facts.yaml"
    endpoint = store.endpoint(use_graph_store=protocol == "graph-store")
    both = kg.load([meeting / "facts.yaml", other])
    assert kg.push(both, endpoint).graphs == 2
    other_before = kg.export_remote(endpoint, graph="test-roles")
    assert b"topic/arms-control" in kg.export_remote(endpoint, graph="test-meeting")

    facts = meeting / "facts.yaml"
    facts.write_text(facts.read_text("utf-8").replace("arms control", "cyber security"), "utf-8")
    corrected = kg.load([facts])
    code, _, stderr = run("push", str(facts), "-e", store.url, "-q", *(() if protocol == "graph-store"
                                                                         else ("--no-graph-store",)))
    assert code == 0, stderr

    everything = kg.export_remote(endpoint)
    assert b"arms-control" not in everything and b"topic/cyber-security" in everything
    assert kg.export_remote(endpoint, graph="test-roles") == other_before
    assert store.count() == len(corrected) + len(kg.load([other]))


@pytest.mark.parametrize("protocol", ["graph-store", "update"])
def test_server_killed_mid_push_exit_4_then_a_rerun_completes(fresh_oxigraph: Oxigraph,
                                                             example_graph: kg.KnowledgeGraph,
                                                             monkeypatch: pytest.MonkeyPatch, protocol: str) -> None:
    real_push = kg.push
    calls: list[int] = []

    def push_then_kill(graph: kg.KnowledgeGraph, endpoint: kg.Endpoint, **kwargs: Any) -> kg.PushReport:
        def progress(graph_iri: str, sent: int, total: int) -> None:
            calls.append(sent)
            if len(calls) == 2:  # two requests went through: kill the server under the push
                fresh_oxigraph.kill()
        return real_push(graph, endpoint, batch_triples=kwargs["batch_triples"], progress=progress)

    monkeypatch.setattr(kg, "push", push_then_kill)
    options = ["-e", fresh_oxigraph.url, "--batch", "100", "--retries", "1", "-q", "--no-validate"]
    if protocol == "update":
        options.append("--no-graph-store")
    code, stdout, stderr = run("push", str(EXAMPLE), *options)
    assert code == 4 and stdout == ""
    assert stderr.startswith("Error: cannot reach 127.0.0.1:") and "is the server running?" in stderr
    assert "after 2 attempts" in stderr and "Traceback" not in stderr
    assert calls == [100, 200]
    monkeypatch.undo()

    fresh_oxigraph.start()
    assert 0 < fresh_oxigraph.count() < len(example_graph)  # really stopped half way
    code, _, stderr = run("push", str(EXAMPLE), *options[:-1])  # validated this time
    assert code == 0, stderr
    assert fresh_oxigraph.count() == len(example_graph)
    assert kg.export_remote(fresh_oxigraph.endpoint()) == as_stored(example_graph)


def test_push_wants_named_graphs(tmp_path: Path, store: Oxigraph) -> None:
    turtle = tmp_path / "x.ttl"
    assert run("build", str(EXAMPLE), "-o", str(turtle), "-q", "--no-validate")[0] == 0
    code, stdout, stderr = run("push", str(turtle), "-e", store.url, "--no-validate")
    assert code == 2 and stdout == "" and "in no named graph" in stderr
    code, _, stderr = run("push", str(EXAMPLE), "-e", f"{store.url}/sparql")
    assert code == 2 and "is a query URL only" in stderr and "give --update URL or --graph-store URL" in stderr
    assert store.count() == 0


# --- export ------------------------------------------------------------------------------------------------------

def test_export_through_the_cli(store: Oxigraph, example_graph: kg.KnowledgeGraph, tmp_path: Path) -> None:
    assert run("push", str(EXAMPLE), "-e", store.url, "-q")[0] == 0
    out = tmp_path / "all.nq"
    assert run("export", "-e", store.url, "-o", str(out)) == (0, "", "")
    assert out.read_bytes() == as_stored(example_graph)
    code, stdout, _ = run("export", "-e", store.url, "--graph", ARTICLE, "-o", "-", "-f", "nt")
    assert code == 0 and stdout.encode() == kg.export_remote(store.endpoint(use_graph_store=False), graph=ARTICLE,
                                                            fmt=kg.RDFFormat.NTRIPLES)
    assert len(stdout.splitlines()) == len(example_graph)
    code, _, stderr = run("export", "-e", store.url, "--graph", "nope", "-o", str(tmp_path / "x.nq"))
    assert code == 2 and "no graph https://w3id.org/geokg/id/graph/nope" in stderr and ARTICLE in stderr
    code, _, stderr = run("export", str(EXAMPLE), "-e", store.url, "-o", str(tmp_path / "y.nq"))
    assert code == 2 and "not both" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.nq"]


# --- failures: exit 4 with a clear message ---------------------------------------------------------------------

def test_sparql_syntax_error_shows_the_store_message(store: Oxigraph) -> None:
    code, stdout, stderr = run("query", "-e", store.url, "--sparql", "SELECT ?x WHERE { ?x ")
    assert code == 4 and stdout == ""
    assert f"Error: {store.url}/query rejected the request (HTTP 400" in stderr
    assert "error at 1:" in stderr  # Oxigraph's own words
    code, _, stderr = run("query", "-e", store.url, "--sparql", "ASK { ?s ?p ?o }")
    assert code == 3 and "only SELECT" in stderr
    with pytest.raises(kg.StoreError) as info:  # SPARQLWrapper's error, wrapped
        kg.query(kg.EndpointBackend(store.endpoint()), sparql="SELECT ?x WHERE { ?x ")
    assert type(info.value.__cause__).__name__ == "QueryBadFormed"
    with pytest.raises(kg.StoreError) as info:  # urllib's error, wrapped
        kg.push(kg.load([CASES / "golden" / "minimal-meeting" / "facts.yaml"]),
                store.endpoint(graph_store=f"{store.url}/nope"))
    assert isinstance(info.value.__cause__, urllib.error.HTTPError) and info.value.__cause__.code == 404


def test_unreachable_store(example_graph: kg.KnowledgeGraph) -> None:
    port = free_port()
    code, stdout, stderr = run("query", "-e", f"http://127.0.0.1:{port}", "-n", "meetings", "--retries", "0")
    assert code == 4 and stdout == ""
    assert f"cannot reach 127.0.0.1:{port}" in stderr and "is the server running?" in stderr
    with pytest.raises(kg.StoreError) as info:
        kg.push(example_graph, kg.Endpoint.from_url(f"http://127.0.0.1:{port}", retries=0, environ={}))
    assert isinstance(info.value.__cause__, urllib.error.URLError)


class Scripted(ThreadingHTTPServer):
    """A small HTTP server answering every request with ``answer(handler)``; it records what it saw."""

    def __init__(self, answer: Callable[[BaseHTTPRequestHandler, bytes], tuple[int, str, bytes]]) -> None:
        self.answer = answer
        self.seen: list[tuple[str, str, dict[str, str]]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def handle_any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                owner.seen.append((self.command, self.path, dict(self.headers.items())))
                status, content_type, data = owner.answer(self, body)
                self.send_response(status)
                if status == 401:
                    self.send_header("WWW-Authenticate", 'Basic realm="kg"')
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = handle_any

            def log_message(self, format: str, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture()
def scripted() -> Iterator[Callable[..., Scripted]]:
    servers: list[Scripted] = []

    def start(answer: Callable[[BaseHTTPRequestHandler, bytes], tuple[int, str, bytes]]) -> Scripted:
        server = Scripted(answer)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


PAGE = b"<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>"
NO_RESULTS = json.dumps({"head": {"vars": ["g"]}, "results": {"bindings": []}}).encode()


def test_a_web_page_is_not_a_sparql_endpoint(scripted: Callable[..., Scripted], tmp_path: Path) -> None:
    def website(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, str, bytes]:
        if handler.command == "PUT":
            return 405, "text/html", PAGE
        return (200, "text/html", PAGE) if handler.path.startswith("/page") else (404, "text/html", PAGE)

    site = scripted(website)
    code, stdout, stderr = run("query", "-e", site.url, "-n", "meetings")
    assert code == 4 and stdout == ""
    assert f"{site.url}/query is not a SPARQL endpoint for this request (HTTP 404" in stderr
    assert "HTML page" in stderr and "<html" not in stderr
    code, _, stderr = run("query", "-e", f"{site.url}/page", "-n", "meetings")
    assert code == 4 and "is not a SPARQL endpoint: it answered a query with text/html" in stderr
    code, _, stderr = run("push", str(EXAMPLE), "-e", site.url, "-q", "--no-validate")
    assert code == 4 and f"{site.url}/store is not a SPARQL endpoint for this request (HTTP 405" in stderr
    code, _, stderr = run("export", "-e", f"{site.url}/page", "-o", str(tmp_path / "out.nq"))
    assert code == 4 and not (tmp_path / "out.nq").exists()
    assert len(site.seen) == 4  # 4xx and non-endpoints are never retried


def test_5xx_is_retried_with_backoff_and_4xx_never(scripted: Callable[..., Scripted],
                                                   example_graph: kg.KnowledgeGraph) -> None:
    failures = {"n": 2}

    def flaky(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, str, bytes]:
        if b"FAIL" in body:
            return 400, "text/plain", b"Bad query: FAIL is not allowed here"
        if failures["n"] > 0:
            failures["n"] -= 1
            return 503, "text/plain", b"busy"
        return 200, "application/sparql-results+json", NO_RESULTS

    server = scripted(flaky)
    endpoint = kg.Endpoint(query=server.url + "/sparql", retries=2, backoff=0.05,
                           default_graph=kg.DefaultGraph.STORE)
    assert kg.query(kg.EndpointBackend(endpoint), sparql="SELECT ?g WHERE { ?g ?p ?o }").rows == ()
    assert len(server.seen) == 3
    with pytest.raises(kg.StoreError, match=r"rejected the request \(HTTP 400.*Bad query: FAIL is not allowed"):
        kg.query(kg.EndpointBackend(endpoint), sparql="SELECT ?g WHERE { ?g ?p ?o } # FAIL")
    assert len(server.seen) == 4
    failures["n"] = 5
    with pytest.raises(kg.StoreError, match=r"/gsp failed \(HTTP 503 Service Unavailable\): busy \(after 3 attempts\)"):
        kg.push(example_graph, kg.Endpoint(query=server.url, graph_store=server.url + "/gsp", retries=2,
                                                backoff=0.01))
    assert [m for m, _, _ in server.seen[4:]] == ["PUT"] * 3


def test_a_silent_server_times_out() -> None:
    with socket.socket() as silent:  # accepts connections (the backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        code, _, stderr = run("query", "-e", url, "-n", "meetings", "--timeout", "0.5", "--retries", "0")
        assert code == 4 and f"{url}/query did not answer within 0.5 s" in stderr
        code, _, stderr = run("push", str(EXAMPLE), "-e", url, "--timeout", "0.5", "--retries", "0", "-q",
                              "--no-validate")
        assert code == 4 and f"{url}/store did not answer within 0.5 s" in stderr
        assert time.monotonic() - started < 10


# --- credentials ---------------------------------------------------------------------------------------------

USER, PASSWORD, TOKEN = "analyst", "pa55-W0rd-never-shown", "tok-3f9a-never-shown"
BASIC = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


def guarded(expected: str) -> Callable[[BaseHTTPRequestHandler, bytes], tuple[int, str, bytes]]:
    def answer(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, str, bytes]:
        if handler.headers.get("Authorization") != expected:
            return 401, "text/plain", b"Unauthorized"
        if handler.command == "PUT":
            return 201, "text/plain", b""
        return 200, "application/sparql-results+json", NO_RESULTS
    return answer


@pytest.mark.parametrize(("good", "bad", "header"), [
    ({"KG_ENDPOINT_USER": USER, "KG_ENDPOINT_PASSWORD": PASSWORD},
     {"KG_ENDPOINT_USER": USER, "KG_ENDPOINT_PASSWORD": PASSWORD + "x"}, BASIC),
    ({"KG_ENDPOINT_TOKEN": TOKEN}, {"KG_ENDPOINT_TOKEN": TOKEN + "x"}, f"Bearer {TOKEN}"),
], ids=["basic", "bearer"])
def test_credentials_come_from_the_environment_and_never_show(scripted: Callable[..., Scripted],
                                                              example_graph: kg.KnowledgeGraph, good: dict[str, str],
                                                              bad: dict[str, str], header: str) -> None:
    server = scripted(guarded(header))
    secrets = [PASSWORD, TOKEN, BASIC.split()[1], base64.b64encode(f"{USER}:{PASSWORD}x".encode()).decode()]
    query = ("query", "-e", server.url, "--sparql", "SELECT ?g WHERE { ?g ?p ?o }", "-f", "json")
    push = ("push", str(EXAMPLE), "-e", server.url, "--retries", "0", "--no-validate")
    assert run(*query, env=good)[0] == 0
    assert run(*push, env=good)[0] == 0
    assert {h.get("Authorization") for _, _, h in server.seen} == {header}
    assert {m for m, _, _ in server.seen} == {"POST", "PUT"}

    outputs: list[str] = []
    for env in (bad, {}):
        for args in (query, push):
            code, stdout, stderr = run(*args, env=env)
            assert code == 4 and stdout == ""
            assert "refused access (HTTP 401" in stderr and "KG_ENDPOINT_TOKEN" in stderr
            outputs += [stdout, stderr]
    assert "none is set" in outputs[-1]
    endpoint = kg.Endpoint.from_url(server.url, environ=bad)
    with pytest.raises(kg.StoreError) as info:
        kg.push(example_graph, endpoint)
    outputs += [repr(endpoint), str(endpoint), repr(endpoint.credentials), str(info.value),
                "".join(traceback.format_exception(info.value))]
    for text in outputs:
        for secret in secrets:
            assert secret not in text


# --- endpoint settings -----------------------------------------------------------------------------------------

def test_endpoint_urls_follow_the_documented_rule() -> None:
    root = kg.Endpoint.from_url("http://localhost:7878/", environ={})
    assert (root.query, root.update, root.graph_store) == (
        "http://localhost:7878/query", "http://localhost:7878/update", "http://localhost:7878/store")
    fuseki = kg.Endpoint.from_url("http://h:3030/ds/query", graph_store="http://h:3030/ds/data", environ={})
    assert (fuseki.query, fuseki.update, fuseki.graph_store) == (
        "http://h:3030/ds/query", None, "http://h:3030/ds/data")
    fuseki = kg.Endpoint.from_url("http://h:3030/ds/query", use_graph_store=False, environ={})
    assert (fuseki.update, fuseki.graph_store) == ("http://h:3030/ds/update", None)
    qlever = kg.Endpoint.from_url("http://h:7001/", update="http://h:7001/", graph_store="http://h:7001/", environ={})
    assert (qlever.query, qlever.update, qlever.graph_store) == ("http://h:7001/",) * 3
    graphdb = kg.Endpoint.from_url("http://h:7200/repositories/kg", environ={})
    assert (graphdb.update, graphdb.graph_store) == (None, None)
    assert kg.Endpoint.from_url("http://h/query", use_graph_store=False, environ={}).graph_store is None
    for bad in ("localhost:7878", "ftp://h/query", "http:///query"):
        with pytest.raises(kg.UsageError, match="give an http"):
            kg.Endpoint.from_url(bad, environ={})
    with pytest.raises(kg.UsageError) as info:
        kg.Endpoint.from_url(f"http://{USER}:{PASSWORD}@h/query", environ={})
    assert PASSWORD not in str(info.value) and "KG_ENDPOINT_USER" in str(info.value)
    with pytest.raises(kg.UsageError, match="not both"):
        kg.Credentials.from_environ({"KG_ENDPOINT_USER": "u", "KG_ENDPOINT_PASSWORD": "p", "KG_ENDPOINT_TOKEN": "t"})
    with pytest.raises(kg.UsageError, match="set both"):
        kg.Credentials.from_environ({"KG_ENDPOINT_USER": "u"})
    assert kg.Credentials.from_environ({}) is None
    assert run("query", "-e", "http://h/query", "-n", "meetings", "--timeout", "0")[0] == 2
    assert run("query", "-n", "meetings")[0] == 2


def test_push_help_has_examples() -> None:
    code, stdout, _ = run("push", "--help")
    assert code == 0 and "Examples:" in stdout and "KG_ENDPOINT_TOKEN" in stdout
