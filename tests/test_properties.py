"""Property-based tests: random valid facts build to graphs every parser reads alike; random bad
facts (and random bytes) give a KGError, never another exception."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

import kg
from conftest import EXAMPLE
from kg.document import INVISIBLE

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
              "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي ءآأؤإئةى"
text = st.text(alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")),
                                  st.sampled_from(ARABIC), st.sampled_from('"\\<>{}|^`\'#\n\t')),
               min_size=1, max_size=24).filter(lambda s: any(not c.isspace() and c not in INVISIBLE for c in s))
key = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
country = st.sampled_from(["RU", "IR", "US", "SY", "FR", "CN", "IRN", "RUS"])
day = st.dates(min_value=__import__("datetime").date(1990, 1, 1),
               max_value=__import__("datetime").date(2015, 11, 24)).map(lambda d: d.isoformat())
when = st.one_of(day, day.map(lambda d: d[:7]), day.map(lambda d: int(d[:4])),
                 st.builds(lambda a, t: {"before": a, "text": t}, day, text))


@st.composite
def facts(draw: st.DrawFn) -> dict[str, Any]:
    people = draw(st.lists(key, min_size=2, max_size=4, unique=True).filter(lambda ks: "wire" not in ks))
    entities: dict[str, Any] = {"wire": {"type": "NewsOrganization", "names": {"en": draw(text)}}}
    for person in people:
        entities[person] = {"type": "Person", "names": {"en": draw(text), "ar": draw(text)},
                            "positions": [{"role": draw(text), "of": draw(country), "from": "1990"}]}
    events = []
    for i in range(draw(st.integers(1, 4))):
        etype = draw(st.sampled_from(["Meeting", "Visit", "PhoneCall", "Cooperation", "Statement", "Summit"]))
        roles = {"Visit": "visitor", "Statement": "speaker", "Summit": "attendee"}
        who = draw(st.lists(st.sampled_from([*people, "RU", "IR"]), min_size=2, max_size=3, unique=True))
        event: dict[str, Any] = {"id": f"e{i}", "type": etype,
                                 "participants": [{"entity": who[0], "role": roles.get(etype, "participant")},
                                                  *who[1:]],
                                 "evidence": [draw(text)]}
        if etype == "Visit" or draw(st.booleans()):
            event["place"] = draw(country)
        if draw(st.booleans()):
            event["when"] = draw(when)
        if draw(st.booleans()):
            event["topics"] = [draw(text)]
        if etype == "Statement":
            event["quote"] = draw(text)
        events.append(event)
    return {"article": {"id": draw(key), "title": draw(text), "publisher": "wire", "language": "ar",
                        "published": "2015-11-24"},
            "entities": entities, "events": events}


def build(document: object, suffix: str = ".yaml", raw: bytes | None = None) -> kg.KnowledgeGraph:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"facts{suffix}"
        if raw is not None:
            path.write_bytes(raw)
        elif suffix == ".json":
            path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
        else:
            path.write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")
        return kg.load([path])


@SETTINGS
@given(facts(), st.sampled_from([".yaml", ".json"]))
def test_valid_facts_round_trip_through_every_format(document: dict[str, Any], suffix: str) -> None:
    graph = build(document, suffix)
    expected = graph.union()
    for fmt in kg.RDFFormat:
        data = kg.serialize(graph, fmt)
        parsed = Dataset(default_union=True)
        parsed.parse(data=data, format=fmt.rdflib_name)
        merged = Graph()
        for triple in parsed.triples((None, None, None)):
            merged.add(triple)
        assert isomorphic(merged, expected), fmt
        store = ox.Store()
        store.load(data, format=OX_FORMATS[fmt.value])
        assert len({(q.subject, q.predicate, q.object) for q in store}) == len(expected), fmt


def mutate(document: dict[str, Any], path: list[str | int], value: object) -> dict[str, Any]:
    copy = json.loads(json.dumps(document))
    target: Any = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return copy


junk = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text),
                    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(text, inner, max_size=3)),
                    max_leaves=8)
where = st.sampled_from([["article", "id"], ["article", "published"], ["article", "publisher"], ["entities"],
                         ["events"], ["events", 0, "type"], ["events", 0, "participants"], ["events", 0, "when"],
                         ["events", 0, "participants", 0], ["events", 0, "evidence"], ["article"], ["version"],
                         ["events", 0, "place"], ["events", 0, "count"], ["entities", "wire"]])


@SETTINGS
@given(facts(), where, junk)
def test_bad_facts_give_a_kg_error(document: dict[str, Any], path: list[str | int], value: object) -> None:
    try:
        build(mutate(document, path, value))
    except kg.KGError as exc:
        assert str(exc)


@SETTINGS
@given(st.binary(max_size=300), st.sampled_from([".yaml", ".json", ".ttl", ".nq"]))
def test_random_bytes_give_a_kg_error(raw: bytes, suffix: str) -> None:
    try:
        build(None, suffix, raw)
    except kg.KGError as exc:
        assert str(exc)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts())
def test_validation_engines_agree_on_random_facts(document: dict[str, Any]) -> None:
    graph = build(document)
    fast, reference = kg.validate(graph, engine="fast"), kg.validate(graph, engine="pyshacl")
    assert sorted((r.focus, r.path, r.value, r.message) for r in fast.results) == \
        sorted((r.focus, r.path, r.value, r.message) for r in reference.results)


@SETTINGS
@given(facts(), where, junk)
def test_the_fast_schema_check_passes_nothing_jsonschema_rejects(document: dict[str, Any], path: list[str | int],
                                                                 value: object) -> None:
    """jsonschema-rs (the fast path) passes the valid documents, and never one that jsonschema (the
    reference, which words the problems) rejects: what it passes is not checked again."""
    from kg.facts import _conforms, _validator

    assert _conforms(document)
    candidate = mutate(document, path, value)
    assert not _conforms(candidate) or _validator().is_valid(candidate)


#: Every character Python's ``\s`` matches, and a few more that are easy to get wrong.
SPACES = sorted({c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()} | {"\x00", "\x7f", "\u200b", "\ufeff"})


@pytest.mark.parametrize("char", SPACES, ids=lambda c: f"U+{ord(c):04X}")
def test_the_fast_schema_check_reads_patterns_as_jsonschema_does(char: str) -> None:
    """The schema's patterns under both regex engines: jsonschema-rs's Rust one leaves \\x1c-\\x1f and
    \\x85 out of ``\\s``, so kg spells Python's ``\\s`` out for it (a URL with \\x85 passed before)."""
    from kg.document import load
    from kg.facts import _conforms, _validator

    document = load(EXAMPLE / "facts.yaml")[0]
    for field, value in (("url", f"https://example.org/a{char}b"), ("id", f"a{char}b"), ("language", f"e{char}n")):
        candidate = mutate(document, ["article", field], value)
        assert _conforms(candidate) == _validator().is_valid(candidate), field


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from([None, "en", "ar", "zh-Hant", "EN-gb"]))
def test_the_mapper_writes_literals_as_pyoxigraph_does(value: str, lang: str | None) -> None:
    """kg writes N-Triples itself; every string (control characters, quotes, backslashes, any script)
    must come out as Oxigraph writes it, and read back as the same literal."""
    from kg.mapper import text as literal
    from kg.mapper import typed

    expected = ox.Literal(value, language=lang) if lang else ox.Literal(value)
    assert literal(value, lang) == str(expected)
    line = f"<urn:s> <urn:p> {literal(value, lang)} .\n".encode()
    assert next(ox.parse(line, format=ox.RdfFormat.N_TRIPLES)).object == expected
    number = ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert typed(value, "http://www.w3.org/2001/XMLSchema#integer") == str(number)
