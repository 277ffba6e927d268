"""kg import gdelt on the real shared files: counts, codes, dates, roles, FIPS vs ISO, queries, shapes.

The GDELT files are read in place from ../shared/data (their terms: see SOURCES.md); the
row-level checks are data (tests/cases/import-checks/gdelt2-export.yaml).
"""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import yaml

import kg
from conftest import CASES, SHARED_DATA, needs_shared_data

pytestmark = needs_shared_data

GDELT2 = SHARED_DATA / "gdelt" / "20150218230000.export.CSV"
GDELT1 = SHARED_DATA / "gdelt" / "gdelt1_sample_events.tsv"
ID = "https://w3id.org/geokg/id/"
KG = "https://w3id.org/geokg/ontology#"
CHECKS = yaml.safe_load((CASES / "import-checks" / "gdelt2-export.yaml").read_text("utf-8"))


def nquads(kind: str, paths: list[Path], **options: Any) -> tuple[bytes, kg.ImportReport]:
    out = io.BytesIO()
    report = kg.import_records(kind, paths, out, **options)
    return out.getvalue(), report


@pytest.fixture(scope="module")
def gdelt2() -> tuple[bytes, kg.ImportReport]:
    return nquads("gdelt", [GDELT2])


@pytest.fixture(scope="module")
def store2(gdelt2: tuple[bytes, kg.ImportReport]) -> ox.Store:
    store = ox.Store()
    store.load(gdelt2[0], format=ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="module")
def graph2(gdelt2: tuple[bytes, kg.ImportReport], tmp_path_factory: pytest.TempPathFactory) -> kg.KnowledgeGraph:
    path = tmp_path_factory.mktemp("gdelt") / "gdelt2.nq"
    path.write_bytes(gdelt2[0])
    return kg.load([path])


@pytest.fixture(scope="module")
def sample_graph(tmp_path_factory: pytest.TempPathFactory) -> kg.KnowledgeGraph:
    """The first 500 rows of the 2.0 export: small enough to validate and render quickly."""
    folder = tmp_path_factory.mktemp("sample")
    rows = folder / "20150218230000.head.export.CSV"
    rows.write_text("".join(GDELT2.read_text("utf-8").splitlines(keepends=True)[:500]), encoding="utf-8")
    kg.import_records("gdelt", [rows], folder / "sample.nq")
    return kg.load([folder / "sample.nq"])


def select(store: ox.Store, sparql: str) -> list[dict[str, str]]:
    result = store.query("PREFIX kg: <https://w3id.org/geokg/ontology#> " + sparql,
                         use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def test_every_row_of_the_2_0_export_is_one_event(gdelt2: tuple[bytes, kg.ImportReport], store2: ox.Store) -> None:
    report = gdelt2[1]
    assert (report.records, report.skipped, report.problems) == (2271, 0, ())
    rows = select(store2, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e kg:evidence ?x ; kg:cameoCode ?c }")
    assert rows == [{"n": "2271"}]
    # one named graph per SOURCEURL: 515 distinct sources in the file
    graphs = {g.value for g in store2.named_graphs() if isinstance(g, ox.NamedNode)}
    assert len(graphs) == 515


def test_both_layouts_of_the_1_0_file_are_read() -> None:
    data, report = nquads("gdelt", [GDELT1])
    assert (report.records, report.skipped) == (710, 0)
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.N_QUADS)
    per_dataset = {r["d"].rsplit("/", 1)[1]: r["n"] for r in select(store, """
        SELECT ?d (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a kg:MachineCodedEvidence ; kg:dataset ?d } GROUP BY ?d""")}
    assert per_dataset == {"gdelt1": "710"}
    # 57-column backfile rows name no source: each is its own article, published by GDELT
    backfile = select(store, f"""SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{
        ?a a kg:Article ; kg:publisher <{ID}entity/gdelt-project> FILTER NOT EXISTS {{ ?a kg:url ?u }} }}""")
    assert backfile == [{"n": "201"}]


@pytest.mark.parametrize("check", CHECKS["events"], ids=[c["id"] for c in CHECKS["events"]])
def test_rows_against_the_codebook(store2: ox.Store, check: dict[str, Any]) -> None:
    event = f"<{ID}event/gdelt-{check['id']}>"
    if "class" in check:
        types = {r["t"] for r in select(store2, f"SELECT ?t WHERE {{ {event} a ?t }}")}
        assert types == {KG + check["class"]}
    if "cameo" in check:
        codes = select(store2, f"SELECT ?c WHERE {{ {event} kg:cameoCode ?c }}")
        assert [r["c"].rsplit("/", 1)[1] for r in codes] == [check["cameo"]]
    if "plover" in check:
        kind, mode = check["plover"]
        got = select(store2, f"SELECT ?t ?m WHERE {{ OPTIONAL {{ {event} kg:ploverType ?t }} "
                             f"OPTIONAL {{ {event} kg:ploverMode ?m }} }}")
        assert got[0].get("t", "").rsplit("/", 1)[-1] == kind
        assert got[0].get("m", "/").rsplit("/", 1)[-1] == (mode or "")
    if "roles" in check:
        got_roles: dict[str, set[str]] = {}
        for r in select(store2, f"SELECT ?role ?agent WHERE {{ {event} kg:hasParticipation [ kg:role ?role ; "
                                f"kg:agent ?agent ] }}"):
            got_roles.setdefault(r["role"].rsplit("/", 1)[1], set()).add(r["agent"].removeprefix(ID))
        assert got_roles == {role: set(agents) for role, agents in check["roles"].items()}
    if "place" in check:
        assert select(store2, f"SELECT ?p WHERE {{ {event} kg:place ?p }}") == [{"p": ID + check["place"]}]
    if "place_country" in check:
        got = select(store2, f"SELECT ?c WHERE {{ {event} kg:place ?p . "
                             "{ ?p kg:iso3166Alpha3 ?c } UNION { ?p kg:country/kg:iso3166Alpha3 ?c } }")
        assert {r["c"] for r in got} == {check["place_country"]}
    if "date" in check:
        got = select(store2, f"SELECT ?d ?e ?l ?p WHERE {{ {event} kg:date ?d ; kg:earliest ?e ; kg:latest ?l ; "
                             "kg:timePrecision ?p }")
        assert got == [{"d": check["date"], "e": check["date"], "l": check["date"],
                        "p": "https://w3id.org/geokg/vocab/precision/day"}]
    for name, value in check.get("figures", {}).items():
        assert select(store2, f"SELECT ?v WHERE {{ {event} kg:{name} ?v }}") == [{"v": value}]
    if "source" in check:
        assert select(store2, f"SELECT ?a WHERE {{ {event} kg:reportedIn ?a }}") == [
            {"a": f"{ID}article/{check['source']}"}]


def test_codes_stay_strings_and_dates_are_typed(gdelt2: tuple[bytes, kg.ImportReport]) -> None:
    text = gdelt2[0].decode()
    assert "<https://w3id.org/geokg/vocab/cameo/042>" in text  # "042", never 42
    assert '"2015-02-18"^^<http://www.w3.org/2001/XMLSchema#date>' in text
    assert '"2015-02-18T23:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>' in text  # DATEADDED
    assert '"2.8"^^<http://www.w3.org/2001/XMLSchema#decimal>' in text
    assert "/vocab/cameo/42>" not in text


def test_empty_second_actors_stay_empty(store2: ox.Store) -> None:
    # 557 rows code Actor1 only, 193 Actor2 only: one participation each, none invented
    rows = select(store2, """SELECT ?n (COUNT(?e) AS ?events) WHERE {
        { SELECT ?e (COUNT(DISTINCT ?p) AS ?n) WHERE { ?e kg:hasParticipation ?p ; kg:cameoCode ?c } GROUP BY ?e }
    } GROUP BY ?n ORDER BY ?n""")
    assert rows == [{"n": "1", "events": "750"}, {"n": "2", "events": "1521"}]


def test_fips_and_cameo_codes_are_never_mixed(store2: ox.Store, gdelt2: tuple[bytes, kg.ImportReport]) -> None:
    # GDELT geography FIPS IS (Israel), actor CAMEO ISR (Israel): both Israel; ISO IS (Iceland) never appears
    assert not select(store2, f"SELECT ?x WHERE {{ ?x kg:country <{ID}country/ISL> }}")
    assert not select(store2, f"SELECT ?x WHERE {{ ?x kg:place <{ID}country/ISL> }}")
    fips = {r["f"]: r["c"] for r in select(store2, """SELECT DISTINCT ?f ?c WHERE {
        ?p kg:fipsCode ?f ; kg:country/kg:iso3166Alpha3 ?c }""")}
    assert (fips["UP"], fips["IS"], fips["SZ"], fips["AS"], fips["UK"], fips["GM"]) == (
        "UKR", "ISR", "CHE", "AUS", "GBR", "DEU")
    # CAMEO region codes are noted, not guessed into a country
    assert dict(gdelt2[1].notes)["CAMEO country code EUR"] == 32


def test_sudan_is_fips_su_in_gdelt_1_0() -> None:
    data, _ = nquads("gdelt", [GDELT1])
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.N_QUADS)
    rows = select(store, f"SELECT ?e WHERE {{ ?e kg:place <{ID}country/SDN> }}")
    assert {r["e"] for r in rows} >= {f"{ID}event/gdelt-564138238"}


def test_meetings_in_a_date_range(graph2: kg.KnowledgeGraph, store2: ox.Store) -> None:
    result = kg.query(graph2, named="meetings", params={"from": "2015-02-18", "to": "2015-02-18"})
    expected = select(store2, """SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
        VALUES ?t { kg:Meeting kg:PhoneCall } ?e a ?t ; kg:earliest "2015-02-18"^^<http://www.w3.org/2001/XMLSchema#date>
    }""")
    assert len({row[result.columns.index("event")] for row in result.rows}) == int(expected[0]["n"]) > 100
    assert all(row[0] == "2015-02-18" for row in result.rows)
    earlier = kg.query(graph2, named="visits", params={"to": "2014-12-31"})
    assert earlier.rows and all(row[0] < "2015" for row in earlier.rows)


def test_an_actors_timeline_visits_and_claims(graph2: kg.KnowledgeGraph, sample_graph: kg.KnowledgeGraph) -> None:
    timeline = kg.query(graph2, named="timeline", params={"actor": "UKR"})
    assert len(timeline.rows) >= 10
    assert [row[0] for row in timeline.rows] == sorted(row[0] for row in timeline.rows)
    visits = kg.query(graph2, named="visits", params={"actor": "NZL"})
    hosts = {row[visits.columns.index("host")] for row in visits.rows}
    assert "New Zealand" in hosts
    claims = kg.query(sample_graph, named="claims", params={"status": "occurred"})
    assert {row[claims.columns.index("certainty")] for row in claims.rows} == {"probable"}


def test_evidence_query_cites_the_article(graph2: kg.KnowledgeGraph) -> None:
    result = kg.query(graph2, named="evidence", params={"event": f"{ID}event/gdelt-410412347"})
    assert len(result.rows) == 1
    row = dict(zip(result.columns, result.rows[0], strict=True))
    assert row["article"].startswith("dailymaverick-co-za-") and row["quote"] == ""


def test_the_import_conforms_to_the_shapes(sample_graph: kg.KnowledgeGraph) -> None:
    report = kg.validate(sample_graph)
    assert report.conforms, str(report)[:3000]


def test_output_is_deterministic_and_atomic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.nq", tmp_path / "b.nq"
    kg.import_records("gdelt", [GDELT2], a)
    kg.import_records("gdelt", [GDELT2], b)
    assert a.read_bytes() == b.read_bytes()
    assert not list(tmp_path.glob(".*.tmp"))


def test_zip_and_gzip_are_read_without_extracting(tmp_path: Path, gdelt2: tuple[bytes, kg.ImportReport]) -> None:
    zipped = tmp_path / "20150218230000.export.CSV.zip"
    with zipfile.ZipFile(zipped, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(GDELT2, GDELT2.name)
    gz = tmp_path / "20150218230000.export.CSV.gz"
    gz.write_bytes(gzip.compress(GDELT2.read_bytes()))
    for path in (zipped, gz):
        data, report = nquads("gdelt", [path])
        assert report.records == 2271 and data == gdelt2[0]


def test_the_same_event_id_from_two_files_is_one_node(tmp_path: Path) -> None:
    rows = GDELT2.read_text("utf-8").splitlines(keepends=True)
    first, second = tmp_path / "a.CSV", tmp_path / "b.CSV"
    first.write_text("".join(rows[:3]), encoding="utf-8")
    second.write_text(rows[0], encoding="utf-8")
    data, report = nquads("gdelt", [first, second])
    assert report.records == 4 and not report.notes
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.N_QUADS)
    assert select(store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e kg:cameoCode ?c }") == [{"n": "3"}]


def test_trig_and_turtle_outputs_parse(tmp_path: Path) -> None:
    sample = CASES.parent / "fixtures" / "gdelt" / "20150218230000.sample.export.CSV"
    for name, fmt in (("x.trig", ox.RdfFormat.TRIG), ("x.ttl", ox.RdfFormat.TURTLE), ("x.nt", ox.RdfFormat.N_TRIPLES)):
        kg.import_records("gdelt", [sample], tmp_path / name)
        assert len(list(ox.parse(path=str(tmp_path / name), format=fmt))) > 1000
    with pytest.raises(kg.UsageError):
        kg.import_records("gdelt", [sample], tmp_path / "x.jsonld")
