"""The ``kg`` command: a thin layer over the library (no RDF logic here).

Exit codes: 0 ok, 1 the graph does not conform, 2 usage, 3 bad input,
4 store or endpoint failure, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

import kg
from kg.endpoint import DefaultGraph, Endpoint
from kg.errors import EXIT_NONCONFORMING, FactsError, InputError, KGError, NonConformingError, UsageError
from kg.graph import Progress as ProgressCallback
from kg.namespace import DEFAULT_BASE
from kg.query import QueryResult
from kg.rdfio import RDFFormat, write_atomic

EPILOG = ("Exit codes: 0 ok, 1 does not conform, 2 usage, 3 bad input, 4 store failure, 130 interrupted. "
          "Docs: docs/facts-format.md, docs/queries.md, docs/stores.md, docs/errors.md.")

app = typer.Typer(
    name="kg",
    help="Turn article facts into a validated RDF knowledge graph; query and export it.\n\n"
         "A SOURCE is a facts file (.yaml, .yml, .json), a directory of them, an RDF file "
         "(.ttl, .nt, .nq, .trig, .jsonld), or - for YAML facts on standard input.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {kg.__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print kg's version and exit.")] = False) -> None:
    """Turn article facts into a validated RDF knowledge graph; query and export it."""


class OutFormat(StrEnum):
    ttl = "ttl"
    nt = "nt"
    nq = "nq"
    trig = "trig"
    jsonld = "jsonld"


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


Sources = Annotated[list[str], typer.Argument(help="Facts files, directories, RDF files, or - for stdin.",
                                              show_default=False)]
Base = Annotated[str, typer.Option("--base", help="Base IRI of the IRIs kg mints.")]
StoreDir = Annotated[Path | None, typer.Option(
    "--store", help="The kg store (a folder; default $KG_STORE, else .kg/store). Used when no SOURCE or "
    "--endpoint is given.", show_default=False)]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")]
Jobs = Annotated[int | None, typer.Option("--jobs", "-j", min=1, show_default="one per core",
                                          help="Worker processes for facts (1: no workers, this process only).")]
OptionalSources = Annotated[list[str] | None, typer.Argument(
    help="Facts files, directories, RDF files, or - for stdin (or give --endpoint).", show_default=False)]
EndpointURL = Annotated[str | None, typer.Option(
    "--endpoint", "-e", help="A SPARQL 1.1 store: its query URL, or an Oxigraph server root (alone, a root or "
    "a .../query URL gives .../query, .../update and .../store). Credentials: KG_ENDPOINT_USER + "
    "KG_ENDPOINT_PASSWORD or KG_ENDPOINT_TOKEN in the environment. See docs/stores.md.", show_default=False)]
GraphStoreURL = Annotated[str | None, typer.Option(
    "--graph-store", help="Graph Store Protocol URL (then --endpoint is the query URL as given).",
    show_default=False)]
Timeout = Annotated[float, typer.Option("--timeout", help="Seconds to wait for each answer of the store.")]
Retries = Annotated[int, typer.Option("--retries", help="Retries after a connection error, timeout or HTTP 5xx "
                                      "(with backoff; never after 4xx).")]
DefaultGraphOpt = Annotated[DefaultGraph, typer.Option(
    "--default-graph", help="named-graphs: queries see the union of the store's named graphs, as locally; "
    "store: the store's own default graph (for stores whose default graph is the union).")]


def _fail(exc: KGError) -> NoReturn:
    text = str(exc)
    if isinstance(exc, NonConformingError) and isinstance(exc.report, kg.ValidationReport):
        for result in exc.report.results:  # each violation, at its facts line, then the summary
            err.print(f"  {result}", markup=False)
    if isinstance(exc, FactsError):
        count = len(exc.problems)
        err.print(f"Error: {count} problem{'s' if count != 1 else ''} in the facts:", markup=False)
        for line in exc.lines():
            err.print(f"  {line}", markup=False)
    else:
        err.print(f"Error: {text}", markup=False)
    raise typer.Exit(exc.exit_code)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn KGError into 'Error: …' on stderr and its exit code (Ctrl-C: 130); anything else is a bug."""
    try:
        yield
    except KGError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        err.print("Interrupted.", markup=False)
        raise typer.Exit(130) from None


class _RateColumn(ProgressColumn):
    """Articles per second."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:,.0f}/s" if task.speed else "")


@contextmanager
def _progress(enabled: bool) -> Iterator[ProgressCallback | None]:
    if not enabled or not err.is_terminal:
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[count]}"),
                  _RateColumn(), TimeRemainingColumn(), console=err, transient=True) as bar:
        task = bar.add_task("articles", total=None, count="")

        def update(what: str, done: int, total: int) -> None:
            # total 0: a step of unknown length (e.g. compacting the store): a pulsing bar, no count.
            # The end of a step and a step of unknown length are drawn at once, not at the next tick.
            bar.update(task, completed=done, total=total or None, description=what[:30],
                       count=f"{done}/{total}" if total else "", refresh=not total or done == total)

        yield update


def _load(sources: list[str], base: str, *, quiet: bool = False) -> kg.KnowledgeGraph:
    """Load the sources (with a progress bar on a terminal) and print their warnings."""
    with _progress(not quiet) as progress:
        graph = kg.load(sources, base=base, progress=progress)
    for warning in graph.warnings:
        err.print(f"Warning: {warning}", markup=False)
    return graph


def _endpoint(url: str, *, update: str | None = None, graph_store: str | None = None, use_graph_store: bool = True,
              timeout: float, retries: int, default_graph: DefaultGraph = DefaultGraph.NAMED_GRAPHS) -> Endpoint:
    return Endpoint.from_url(url, update=update, graph_store=graph_store, use_graph_store=use_graph_store,
                             timeout=timeout, retries=retries, default_graph=default_graph)


def _sources_or_endpoint(sources: list[str] | None, endpoint: str | None) -> list[str]:
    if bool(sources) == bool(endpoint):
        raise UsageError("give either SOURCE... (local files) or --endpoint URL (a SPARQL store), not both"
                         if sources else "give SOURCE... (local files) or --endpoint URL (a SPARQL store)")
    return sources or []


def _open_store(store: Path | None) -> ox.Store:
    """The store given, else the default one; no SOURCE and no store loaded yet is a usage error."""
    if store is None and not kg.store_path().is_dir():
        raise UsageError(f"give SOURCE... or --endpoint URL, or load something into the kg store first "
                         f"(kg load SOURCE...; the store is {kg.store_path()})")
    return kg.open_store(store)


def _out_format(output: str | None, fmt: OutFormat | None) -> RDFFormat:
    if fmt is not None:
        return RDFFormat(fmt.value)
    if output and output != "-":
        guessed = RDFFormat.from_path(Path(output))
        if guessed is None:
            raise UsageError(f"cannot tell the format of {output} from its suffix (give --format)")
        return guessed
    return RDFFormat.TURTLE


def _emit(data: bytes, output: str | None) -> None:
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(Path(output), data)


@app.command()
def build(
    sources: Sources,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Output file, or - for stdout.")] = None,
    fmt: Annotated[OutFormat | None, typer.Option("--format", "-f", help="Output format (default: by suffix, "
                                                   "else ttl).")] = None,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip SHACL validation.")] = False,
    base: Base = DEFAULT_BASE,
    jobs: Jobs = None,
    quiet: Quiet = False,
) -> None:
    """Build RDF from facts, validate it with SHACL, and write it (atomically).

    Examples:

      kg build examples/putin-tehran-2015 -o build/putin-tehran-2015.ttl

      kg build facts/ -o all.nq            # one named graph per article, built on every core

      kg build facts/ -o all.nq --jobs 1   # in this process only (same output)

      cat facts.yaml | kg build - --format nt > out.nt
    """
    with _errors():
        out_format = _out_format(output, fmt)
        target = None if output is None or output == "-" else Path(output)
        with _progress(not quiet) as progress:
            done = kg.build(sources, target, out_format, validate=not no_validate, base=base, jobs=jobs,
                            progress=progress, warn=lambda w: err.print(f"Warning: {w}", markup=False))
        if not quiet:
            err.print(f"{done.triples} triples, {done.articles} article(s) → {target or 'stdout'}"
                      + ("" if no_validate else " (validated: conforms)"), markup=False)


@app.command()
def validate(sources: Sources, base: Base = DEFAULT_BASE, jobs: Jobs = None, quiet: Quiet = False) -> None:
    """Validate facts or RDF files with kg's SHACL shapes; violations point at facts lines.

    Facts are validated a chunk of articles at a time on every core, as kg build does (memory
    stays flat); RDF files as one graph in memory.

    Examples:

      kg validate examples/putin-tehran-2015

      kg validate facts/ --jobs 1        # in this process only (same results)

      kg validate build/putin-tehran-2015.ttl
    """
    with _errors():
        with _progress(not quiet) as progress:
            done = kg.validate_sources(sources, base=base, jobs=jobs, progress=progress,
                                       warn=lambda w: err.print(f"Warning: {w}", markup=False))
        assert done.validation is not None
        for result in done.validation.results:
            typer.echo(str(result))
        if not done.validation.conforms:
            err.print(f"Error: does not conform: {len(done.validation.results)} violation(s)", markup=False)
            raise typer.Exit(EXIT_NONCONFORMING)
        if not quiet:
            err.print(f"conforms: {done.triples} triples, {done.articles} article(s)", markup=False)


@app.command()
def export(
    output: Annotated[str, typer.Option("--output", "-o", help="Output file, or - for stdout.")],
    fmt: Annotated[OutFormat | None, typer.Option("--format", "-f", help="Output format (default: by suffix).")
                   ] = None,
    graph_id: Annotated[str | None, typer.Option("--graph", help="Only this article (its id or graph IRI).")] = None,
    sources: OptionalSources = None,
    endpoint: EndpointURL = None,
    graph_store: GraphStoreURL = None,
    timeout: Timeout = 30.0,
    retries: Retries = 3,
    store: StoreDir = None,
    base: Base = DEFAULT_BASE,
) -> None:
    """Export sources (the kg store, or a SPARQL store's graphs) to an RDF format, whole or one article's graph.

    No validation. Output is deterministic: sorted lines for nt and nq.

    Examples:

      kg export build/putin-tehran-2015.ttl -o out.jsonld

      kg export facts/ -o one.trig --graph alwaght-2015-11-24-putin-tehran

      kg export --endpoint http://localhost:7878 -o all.nq

      kg export -o all.nq                      # the kg store (after kg load)
    """
    with _errors():
        out_format = _out_format(output, fmt)
        if store is not None or (not sources and endpoint is None):
            if sources or endpoint:
                raise UsageError("give SOURCE..., --endpoint URL or --store DIR, one of them")
            _emit(kg.serialize(kg.KnowledgeGraph(store=_open_store(store), base=base), out_format,
                               graph=graph_id), output)
            return
        local = _sources_or_endpoint(sources, endpoint)
        if endpoint is not None:
            remote = _endpoint(endpoint, graph_store=graph_store, timeout=timeout, retries=retries)
            _emit(kg.export_remote(remote, graph=graph_id, fmt=out_format, base=base), output)
            return
        graph = _load(local, base)
        _emit(kg.serialize(graph, out_format, graph=graph_id), output)


def _parse_params(values: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"--param {item!r}: write KEY=VALUE, e.g. --param actor=putin")
        params[key.strip()] = value
    return params


def _print_result(result: QueryResult, fmt: TableFormat, base: str) -> None:
    if fmt is TableFormat.json:
        rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt in (TableFormat.csv, TableFormat.tsv):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt is TableFormat.csv else "\t", lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        typer.echo(buffer.getvalue(), nl=False)
    else:
        table = Table(*result.columns, show_lines=False)
        for row in result.rows:  # on screen, IRIs minted by kg are shown without the base
            table.add_row(*(cell.removeprefix(base) for cell in row))
        Console(highlight=False, width=None if sys.stdout.isatty() else 200).print(table)


@app.command()
def query(
    sources: OptionalSources = None,
    named: Annotated[str | None, typer.Option("--named", "-n", help="A named query (see kg queries).")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="A SPARQL SELECT file.")] = None,
    sparql: Annotated[str | None, typer.Option("--sparql", help="SPARQL SELECT text.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="KEY=VALUE; repeat for more.")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="Result format.")] = TableFormat.table,
    lang: Annotated[str, typer.Option("--lang", help="Language of labels (falls back to en).")] = "en",
    endpoint: EndpointURL = None,
    default_graph: DefaultGraphOpt = DefaultGraph.NAMED_GRAPHS,
    timeout: Timeout = 30.0,
    retries: Retries = 3,
    store: StoreDir = None,
    base: Base = DEFAULT_BASE,
) -> None:
    """Ask a named query, a SPARQL file or inline SPARQL of local sources, the kg store or a SPARQL store.

    Parameters are bound as RDF terms (on a store: written as one escaped RDF term each), never
    pasted into the query text as free text.

    Examples:

      kg query examples/putin-tehran-2015 --named meetings --param actor=putin

      kg query build/putin-tehran-2015.ttl -n timeline -p actor="Vladimir Putin" --format csv

      kg query examples/putin-tehran-2015 --file examples/putin-tehran-2015/queries/cq5-outlet-claims.rq

      kg query --endpoint http://localhost:7878 -n timeline -p actor=putin

      kg query -n meetings -p actor=putin     # the kg store (after kg load)
    """
    with _errors():
        given = [x for x in (named, file, sparql) if x is not None]
        if len(given) != 1:
            raise UsageError("give exactly one of --named, --file or --sparql")
        text = None
        if file is not None:
            try:
                text = file.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"{file}: cannot read the SPARQL file: {exc}") from exc
        elif sparql is not None:
            text = sparql
        params = _parse_params(param or [])
        if store is not None or (not sources and endpoint is None):
            if sources or endpoint:
                raise UsageError("give SOURCE..., --endpoint URL or --store DIR, one of them")
            backend = kg.StoreBackend(_open_store(store))
            _print_result(kg.query(backend, named=named, sparql=text, params=params, lang=lang, base=base), fmt,
                          base)
            return
        local = _sources_or_endpoint(sources, endpoint)
        if endpoint is not None:
            remote = _endpoint(endpoint, timeout=timeout, retries=retries, default_graph=default_graph)
            result = kg.query(kg.EndpointBackend(remote), named=named, sparql=text, params=params, lang=lang,
                              base=base)
        else:
            result = kg.query(_load(local, base), named=named, sparql=text, params=params, lang=lang)
        _print_result(result, fmt, base)


@app.command()
def push(
    sources: Sources,
    endpoint: Annotated[str, typer.Option(
        "--endpoint", "-e", help="The store's query URL. Alone, a server root or a …/query URL means Oxigraph's "
        "layout: …/query, …/update and …/store; with --update or --graph-store it is the query URL as given. "
        "Credentials: KG_ENDPOINT_USER + KG_ENDPOINT_PASSWORD or KG_ENDPOINT_TOKEN in the environment. "
        "See docs/stores.md.", show_default=False)],
    update: Annotated[str | None, typer.Option("--update", help="SPARQL Update URL (then --endpoint is the "
                                               "query URL as given).",
                                               show_default=False)] = None,
    graph_store: GraphStoreURL = None,
    no_graph_store: Annotated[bool, typer.Option("--no-graph-store", help="Push with SPARQL Update even when a "
                                                 "graph store URL is known.")] = False,
    batch: Annotated[int, typer.Option("--batch", help="Triples per request at most (a graph with blank nodes "
                                       "is never split).")] = 10_000,
    timeout: Timeout = 30.0,
    retries: Retries = 3,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip SHACL validation.")] = False,
    base: Base = DEFAULT_BASE,
    quiet: Quiet = False,
) -> None:
    """Validate sources and push each article's named graph to a SPARQL 1.1 store, replacing it there.

    Uses the Graph Store Protocol (PUT) when a graph store URL is known, else SPARQL Update
    (DROP SILENT GRAPH + INSERT DATA). Pushing again leaves the store as after one push; other
    graphs in the store are never touched.

    Examples:

      oxigraph serve --location store --bind 127.0.0.1:7878 &

      kg push examples/putin-tehran-2015 --endpoint http://127.0.0.1:7878

      kg push build/all.nq -e http://localhost:3030/ds/query --graph-store http://localhost:3030/ds/data

      KG_ENDPOINT_TOKEN=… kg push facts/ -e https://store.example.org/sparql --update https://store.example.org/update
    """
    with _errors():
        remote = _endpoint(endpoint, update=update, graph_store=graph_store, use_graph_store=not no_graph_store,
                           timeout=timeout, retries=retries)
        remote.require_write()
        graph = _load(sources, base, quiet=quiet)
        if not no_validate:
            report = kg.validate(graph)
            if not report.conforms:
                raise NonConformingError(f"the graph does not conform: {len(report.results)} violation(s); "
                                         "nothing pushed", report=report)
        with _progress(not quiet) as bar:
            def shown(graph_iri: str, sent: int, total: int) -> None:  # the article id, triples sent
                if bar is not None:
                    bar(graph_iri.rsplit("/", 1)[-1], sent, total)
            pushed = kg.push(graph, remote, batch_triples=batch, progress=shown if bar is not None else None)
        if not quiet:
            err.print(f"{pushed.triples} triples in {pushed.graphs} graph(s) → {pushed.url} ({pushed.protocol})",
                      markup=False)


class ImportFormat(StrEnum):
    nq = "nq"
    trig = "trig"
    nt = "nt"
    ttl = "ttl"


class ImportTarget(StrEnum):
    rdf = "rdf"
    facts = "facts"


@contextmanager
def _count_progress(enabled: bool, what: str) -> Iterator[kg.ImportProgress | None]:
    if not enabled or not err.is_terminal:
        yield None
        return
    with Progress(TextColumn("{task.description}: {task.completed:,.0f}"), TextColumn("{task.fields[rate]}"),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task(what, total=None, rate="")
        started = time.monotonic()

        def update(done: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-9)
            bar.update(task, completed=done, rate=f"({rate:,.0f}/s)")

        yield update


def _print_import(report: kg.ImportReport, files: int) -> None:
    err.print(f"{report.records} event record(s) from {files} file(s) → {report.output}"
              + (f" ({report.quads} quads)" if report.quads else ""), markup=False)
    if report.skipped:
        err.print(f"Skipped {report.skipped} bad record(s):", markup=False)
        for problem in report.problems[:20]:
            err.print(f"  {problem}", markup=False)
        if report.skipped > 20:
            err.print(f"  … and {report.skipped - 20} more", markup=False)
    for line in report.ignored[:5]:
        err.print(f"Ignored {line}", markup=False)
    for note, count in report.notes[:10]:
        err.print(f"Note: {count} × {note}", markup=False)
    if len(report.notes) > 10:
        err.print(f"Note: … and {len(report.notes) - 10} more", markup=False)


@app.command("import")
def import_(
    kind: Annotated[kg.ImportKind, typer.Argument(help="What the files are: gdelt (GDELT 2.0 or 1.0 events), icews "
                                                  "or plover.", show_default=False)],
    files: Annotated[list[Path], typer.Argument(help="Event files: plain, .gz or .zip (GDELT: tab-separated "
                                                "exports; ICEWS: .tab/.tsv with a header, or .json/.jsonl; "
                                                "PLOVER: JSON).", show_default=False)],
    output: Annotated[str | None, typer.Option("--output", "-o", help="Output file, or - for stdout (default); "
                                               "with --to facts, a directory.")] = None,
    fmt: Annotated[ImportFormat | None, typer.Option("--format", "-f", help="RDF format (default: by suffix, else "
                                                     "nq). nq and trig keep one graph per source article.")] = None,
    to: Annotated[ImportTarget, typer.Option("--to", help="rdf: RDF; facts: facts files (YAML) to review, edit "
                                             "and kg build.")] = ImportTarget.rdf,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Skip bad records and list them on stderr, instead "
                                           "of stopping at the first (exit 3).")] = False,
    base: Base = DEFAULT_BASE,
    quiet: Quiet = False,
) -> None:
    """Import event data (GDELT, ICEWS, PLOVER) into kg's graph: one event node per record id,
    participations with roles, claims and evidence, one named graph per source article.

    Streams: memory stays flat on any file size. A bad record stops the import with its
    file:line and column (exit 3) and nothing is written, unless --skip-bad. See docs/importers.md.

    Examples:

      kg import gdelt 20150218230000.export.CSV.zip -o gdelt.nq

      kg import gdelt *.export.CSV.zip --skip-bad -o - | gzip > gdelt.nq.gz

      kg import icews events.2021.tab -o icews.trig

      kg import plover PLOVER_GSR_CAMEO.txt --to facts -o plover-facts/ && kg build plover-facts/
    """
    with _errors():
        with _count_progress(not quiet, f"{kind.value} records") as progress:
            if to is ImportTarget.facts:
                if output is None or output == "-" or fmt is not None:
                    raise UsageError("--to facts writes a directory of facts files: give -o DIR (and no --format)")
                if base != DEFAULT_BASE:
                    raise UsageError("facts files carry no base IRI: give --base to kg build instead")
                report = kg.import_facts(kind, files, Path(output), skip_bad=skip_bad, progress=progress)
            elif output is None or output == "-":
                report = kg.import_records(kind, files, sys.stdout.buffer, RDFFormat(fmt.value) if fmt else None,
                                           base=base, skip_bad=skip_bad, progress=progress)
            else:
                report = kg.import_records(kind, files, Path(output), RDFFormat(fmt.value) if fmt else None,
                                           base=base, skip_bad=skip_bad, progress=progress)
        if not quiet:
            _print_import(report, len(files))


@app.command("queries")
def list_queries() -> None:
    """List the named queries with their parameters and columns."""
    for spec in kg.named_queries():
        typer.echo(f"{spec.name}: {spec.description}")
        for p in spec.parameters:
            typer.echo(f"  --param {p.name}=…  {'(required) ' if p.required else ''}{p.description}")
        typer.echo("  columns: " + ", ".join(c.name for c in spec.columns))


@app.command()
def load(
    sources: Sources,
    store: StoreDir = None,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip SHACL validation.")] = False,
    bulk: Annotated[bool, typer.Option("--bulk", help="N-Quads/N-Triples files through the bulk loader "
                                                      "(fast, append only: for a first load).")] = False,
    optimize: Annotated[bool | None, typer.Option(
        "--optimize/--no-optimize", help="Compact the store afterwards, for fast queries. Default: after a "
        "--bulk load (--no-optimize when more bulk loads follow: the last one compacts).",
        show_default=False)] = None,
    base: Base = DEFAULT_BASE,
    jobs: Jobs = None,
    quiet: Quiet = False,
) -> None:
    """Build and validate facts (or read RDF) into the kg store; an article loaded again replaces its graph.

    Examples:

      kg load examples/putin-tehran-2015          # into .kg/store (or $KG_STORE)

      kg load facts/ --store /data/kg-store

      kg load big.nq --bulk --no-validate --store /data/kg-store

      kg load part1.nq --bulk --no-optimize      # compact once, after the last:

      kg load part2.nq --bulk
    """
    with _errors():
        opened = kg.open_store(store, create=True)
        with _progress(not quiet) as progress:
            done = kg.load_into(opened, sources, validate=not no_validate, base=base, jobs=jobs, progress=progress,
                                bulk=bulk, optimize=optimize,
                                warn=lambda w: err.print(f"Warning: {w}", markup=False))
        if not quiet:
            built = f", {done.articles} article(s)" if done.articles else ""
            compacted = ", compacted" if done.optimized else ""
            err.print(f"{done.quads} quads{built}{compacted} → {kg.store_path(store)}", markup=False)


@app.command()
def optimize(store: StoreDir = None, quiet: Quiet = False) -> None:
    """Compact the kg store for fast queries (kg load does it after a --bulk load unless --no-optimize).

    Examples:

      kg optimize

      kg optimize --store /data/kg-store
    """
    with _errors():
        opened = kg.open_store(store)
        with err.status("compacting the store") if not quiet and err.is_terminal else nullcontext():
            kg.optimize_store(opened)
        if not quiet:
            err.print(f"compacted → {kg.store_path(store)}", markup=False)


@app.command()
def stats(store: StoreDir = None,
          fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="Result format.")] = TableFormat.table,
          ) -> None:
    """Count what the kg store holds: quads, graphs, articles, events by type, entities.

    Examples:

      kg stats

      kg stats --store /data/kg-store --format json
    """
    with _errors():
        counts = kg.store_stats(_open_store(store))
        rows = [("quads", str(counts.quads)), ("graphs", str(counts.graphs)), ("articles", str(counts.articles)),
                ("entities", str(counts.entities))]
        rows += [(f"events: {kind}", str(n)) for kind, n in counts.events.items()]
        _print_result(QueryResult(("what", "count"), tuple(rows)), fmt, "")


def main() -> None:
    """Entry point of the ``kg`` console script."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
