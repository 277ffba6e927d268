"""kg import icews and kg import plover on the real shared files; code tables; bad records; wrong formats."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pycountry
import pyoxigraph as ox
import pytest

import kg
from conftest import CASES, SHARED_DATA, needs_shared_data
from kg.importers.codes import cameo_codes, cameo_country, cameo_country_table, event_kind, fips_country, fips_table

ICEWS = SHARED_DATA / "icews" / "icews_sample_output.jsonl"
PLOVER = SHARED_DATA / "plover" / "PLOVER_GSR_CAMEO.txt"
GDELT2 = SHARED_DATA / "gdelt" / "20150218230000.export.CSV"
SAMPLE = CASES.parent / "fixtures" / "gdelt" / "20150218230000.sample.export.CSV"
ID = "https://w3id.org/geokg/id/"


def store_of(kind: str, paths: list[Path], **options: Any) -> tuple[ox.Store, kg.ImportReport]:
    out = io.BytesIO()
    report = kg.import_records(kind, paths, out, **options)
    store = ox.Store()
    store.load(out.getvalue(), format=ox.RdfFormat.N_QUADS)
    return store, report


def select(store: ox.Store, sparql: str) -> list[dict[str, str]]:
    result = store.query("PREFIX kg: <https://w3id.org/geokg/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> "
                         + sparql, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


# --------------------------------------------------------------------------- code tables


def test_code_tables_map_to_real_iso_countries() -> None:
    for table in (fips_table(), cameo_country_table()):
        for code, entry in table.items():
            assert entry.iso2 is None or pycountry.countries.get(alpha_2=entry.iso2), (code, entry)
    # the classic traps: a FIPS code that is another country's ISO code
    assert [fips_country(c).alpha3 for c in ("UP", "SU", "IS", "CH", "SZ", "AS", "UK", "GM", "IR")] == [  # type: ignore[union-attr]
        "UKR", "SDN", "ISR", "CHN", "CHE", "AUS", "GBR", "DEU", "IRN"]
    assert cameo_country("IRN").alpha3 == "IRN" and fips_country("IRN") is None  # type: ignore[union-attr]
    assert cameo_country("IR") is None  # a CAMEO code has three letters; IR is no CAMEO code
    assert cameo_country("ROM").alpha3 == "ROU" and cameo_country("WST") is None  # type: ignore[union-attr]


def test_cameo_consult_family_classes_and_roles() -> None:
    kinds = {code: (event_kind(code).cls, event_kind(code).roles) for code in
             ("040", "041", "042", "043", "044", "045", "046", "057", "061", "010", "0871")}
    assert kinds == {
        "040": ("Meeting", ("participant", "counterpart")), "041": ("PhoneCall", ("participant", "counterpart")),
        "042": ("Visit", ("visitor", "host")), "043": ("Visit", ("host", "visitor")),
        "044": ("Meeting", ("participant", "counterpart")), "045": ("Meeting", ("mediator", "participant")),
        "046": ("Meeting", ("participant", "counterpart")), "057": ("AgreementSigning", ("signatory", "signatory")),
        "061": ("Cooperation", ("participant", "counterpart")), "010": ("Statement", ("speaker", "addressee")),
        "0871": ("Event", ("source", "target"))}
    assert cameo_codes()["044"].plover == ("CONSULT", "third-party")
    assert cameo_codes()["08"].plover == (None, None)  # the crosswalk gives 08 two types: none is chosen


# --------------------------------------------------------------------------- ICEWS and PLOVER


@needs_shared_data
def test_icews_records_keep_their_sentence_as_the_quote() -> None:
    store, report = store_of("icews", [ICEWS])
    assert (report.records, report.skipped) == (4, 0)
    rows = select(store, """SELECT ?e ?quote ?story WHERE {
        ?e kg:cameoCode <https://w3id.org/geokg/vocab/cameo/141> ; kg:evidence ?x ; kg:reportedIn ?story .
        ?x a kg:MachineCodedEvidence ; oa:hasTarget/oa:hasSelector/oa:exact ?quote }""")
    assert len(rows) == 4
    assert any(r["quote"].startswith("Earlier Friday, the migrants held a protest") for r in rows)
    # the actor is "Name: Sectors: Country"; the country by name
    agents = select(store, "SELECT ?a ?c WHERE { ?a a kg:Agent ; kg:country ?c }")
    assert {"a": f"{ID}entity/icews-citizen-armenia", "c": f"{ID}country/ARM"} in agents
    assert kg.validate(kg.load([_write(store)])).conforms


@needs_shared_data
def test_plover_gold_standard_records() -> None:
    store, report = store_of("plover", [PLOVER])
    assert (report.records, report.skipped) == (322, 0)
    assert report.ignored == (f"{PLOVER}:2:1: a DOCUMENT record (documentation, not an event)",)
    notes = dict(report.notes)
    assert notes["PLOVER 0.5 type DEMAND read as REQUEST"] == 34
    assert notes["PLOVER actor code JAP"] >= 1  # not an ISO code: noted, not guessed
    visits = select(store, """SELECT ?e ?role ?agent WHERE { ?e a kg:Visit ; kg:hasParticipation [ kg:role ?role ;
        kg:agent ?agent ] }""")
    hosted = {(r["e"].rsplit("/", 1)[1], r["role"].rsplit("/", 1)[1]) for r in visits}
    assert ("plover-PLOVER-GSR01-CONSULT-0005", "host") in hosted  # mode host: the actor hosts
    assert ("plover-PLOVER-GSR01-CONSULT-0003", "visitor") in hosted
    certainty = {r["c"].rsplit("/", 1)[1] for r in select(store, "SELECT DISTINCT ?c WHERE { ?x kg:certainty ?c }")}
    assert certainty == {"certain"}  # hand-coded gold standard
    # The file holds two different records with the id PLOVER-GSR01-COERCE-0004: noted, and the
    # shapes catch the merged node; nothing else in the file breaks them.
    assert any("PLOVER-GSR01-COERCE-0004 read again" in note for note in notes)
    report_ = kg.validate(kg.load([_write(store)]))
    assert {r.focus.rsplit("/", 1)[-1] for r in report_.results} <= {"plover-PLOVER-GSR01-COERCE-0004", "quote"}
    assert len(report_.results) == 2


def _write(store: ox.Store) -> Path:
    import tempfile
    path = Path(tempfile.mkdtemp()) / "import.nq"
    path.write_bytes(ox.serialize(store, format=ox.RdfFormat.N_QUADS) or b"")
    return path


# --------------------------------------------------------------------------- bad records and wrong formats


def _gdelt_row(**changes: str) -> str:
    from kg.importers.gdelt import COLUMNS
    row = SAMPLE.read_text("utf-8").splitlines()[0].split("\t")
    for name, value in changes.items():
        row[COLUMNS[61].index(name)] = value
    return "\t".join(row)


BAD_ROWS = [
    ({"SQLDATE": "2015-02-30"}, 'SQLDATE: "2015-02-30" is not a date (YYYYMMDD)'),
    ({"SQLDATE": "20150230"}, 'SQLDATE: "20150230" is not a date (YYYYMMDD)'),
    ({"EventCode": "999"}, 'EventCode: "999" is not a CAMEO event code'),
    ({"GLOBALEVENTID": "x1"}, 'GLOBALEVENTID: "x1" is not an event id'),
    ({"GoldsteinScale": "11"}, 'GoldsteinScale: "11" is out of range'),
    ({"NumMentions": "many"}, 'NumMentions: "many" is not a whole number'),
    ({"QuadClass": "5"}, 'QuadClass: "5" is not a quad class'),
    ({"ActionGeo_Lat": "north"}, 'ActionGeo_Lat: "north" is not a number'),
    ({"Actor2Code": "", "Actor2Name": ""}, "Actor1Code: neither actor is coded"),
    ({"DATEADDED": "2015"}, 'DATEADDED: "2015" is not a date (YYYYMMDDHHMMSS)'),
]


@pytest.mark.parametrize(("changes", "message"), BAD_ROWS, ids=[m.split(":")[0] for _, m in BAD_ROWS])
def test_a_bad_row_names_file_line_and_column(tmp_path: Path, changes: dict[str, str], message: str) -> None:
    lines = SAMPLE.read_text("utf-8").splitlines()
    lines[16] = _gdelt_row(**changes)
    path = tmp_path / "20150218230000.export.CSV"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(kg.RecordError) as info:
        kg.import_records("gdelt", [path], tmp_path / "out.nq")
    assert str(info.value) .startswith(f"{path}:17: {message}")
    assert not (tmp_path / "out.nq").exists() and not list(tmp_path.glob(".*.tmp"))
    report = kg.import_records("gdelt", [path], tmp_path / "out.nq", skip_bad=True)
    assert (report.records, report.skipped) == (19, 1)
    assert str(report.problems[0]).startswith(f"{path}:17: {message}")


WRONG = [
    ("gdelt", "a.json", json.dumps([{"id": "x", "event": "CONSULT"}]), "this is JSON, not a GDELT export"),
    ("gdelt", "a.CSV", "\t".join(["1"] * 16) + "\n", "16 columns: this looks like a GDELT 2.0 mentions file"),
    ("gdelt", "a.CSV", "\t".join(["1"] * 27) + "\n", "27 columns: this looks like a GDELT GKG 2.1 file"),
    ("gdelt", "a.CSV", "GLOBALEVENTID\t" + "\t".join(["x"] * 60) + "\n", "a header row; GDELT export files have none"),
    ("gdelt", "a.CSV", ",".join(["1"] * 61) + "\n", "comma-separated values; GDELT export files are tab-separated"),
    ("gdelt", "a.CSV", "\t".join(["1"] * 9) + "\n",
     "9 columns: not a GDELT events file (2.0 has 61, 1.0 has 57 or 58)"),
    ("plover", "a.json", '{"GLOBALEVENTID": 1}', "this looks like a GDELT record, not PLOVER"),
    ("plover", "a.json", '{"id": "1", "event": "CONSULT",\n "date": 2015-', "a.json:2:14: not valid JSON"),
    ("plover", "a.txt", "1\t2\t3\n", "a.txt:1:1: the file starts with a JSON int, not a record"),
    ("icews", "a.json", '[{"id": "1", "actor": [], "event": "CONSULT"}]', "this looks like a PLOVER record"),
    ("icews", "a.tab", "\t".join(["1"] * 61) + "\n", "61 columns and no header: this looks like a GDELT events file"),
    ("icews", "a.tab", "Event ID\tEvent Date\tSource Name\n", "not an ICEWS event file header: no column CAMEO Code"),
]


@pytest.mark.parametrize(("kind", "name", "content", "message"), WRONG, ids=[w[3][:40] for w in WRONG])
def test_a_wrong_format_is_named(tmp_path: Path, kind: str, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(kg.InputError) as info:
        kg.import_records(kind, [path], tmp_path / "out.nq", skip_bad=True)
    assert message in str(info.value)
    assert not isinstance(info.value, kg.RecordError)  # a wrong format is never skipped


def test_rows_of_another_gdelt_version_in_one_file(tmp_path: Path) -> None:
    v1 = (CASES.parent / "fixtures" / "gdelt" / "gdelt1.sample.tsv").read_text("utf-8").splitlines()
    lines = SAMPLE.read_text("utf-8").splitlines()[:3] + v1[:1]
    path = tmp_path / "mixed.CSV"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(kg.RecordError) as info:
        kg.import_records("gdelt", [path], io.BytesIO())
    assert str(info.value) == (f"{path}:4: 58 columns: looks like GDELT 1.0 daily, but this file is a GDELT 2.0 "
                               "events export (61 columns) (one file holds one GDELT version)")


def test_a_missing_file_and_no_file(tmp_path: Path) -> None:
    with pytest.raises(kg.InputError, match="no such file"):
        kg.import_records("gdelt", [tmp_path / "nope.CSV"], io.BytesIO())
    with pytest.raises(kg.UsageError):
        kg.import_records("gdelt", [], io.BytesIO())
    with pytest.raises(kg.UsageError, match="unknown kind"):
        kg.import_records("polecat", [SAMPLE], io.BytesIO())


def test_not_utf8_is_a_bad_record(tmp_path: Path) -> None:
    lines = SAMPLE.read_bytes().splitlines(keepends=True)
    path = tmp_path / "latin1.CSV"
    path.write_bytes(b"".join(lines[:2]) + lines[2].replace(b"http", b"\xe9http") + b"".join(lines[3:]))
    report = kg.import_records("gdelt", [path], io.BytesIO(), skip_bad=True)
    assert report.skipped == 1 and str(report.problems[0]).startswith(f"{path}:3:")


@needs_shared_data
def test_memory_stays_flat(tmp_path: Path) -> None:
    """Peak memory of importing 1,000 rows four times over is that of importing them once."""
    import tracemalloc

    rows = b"".join(GDELT2.read_bytes().splitlines(keepends=True)[:1000])

    def peak(copies: int) -> int:
        path = tmp_path / f"x{copies}.CSV"
        path.write_bytes(rows * copies)
        tracemalloc.start()
        kg.import_records("gdelt", [path], tmp_path / "out.nq")
        size = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return size

    one, four = peak(1), peak(4)
    assert four < one * 1.5, (one, four)
