"""Reading JSON: the fast path (C parser, positions found when needed) answers exactly as kg's own
positional parser does: the same values, warnings, errors and locations."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.document import INVISIBLE, MAX_DEPTH, Positions, load, parse_json, parse_json_positions
from kg.errors import FactsError, Location

# any text, with invisible characters, Arabic with marks in both orders, decomposed and composed accents
texts = st.lists(st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(sorted(INVISIBLE))
                 | st.sampled_from(["\u0627\u064b\u0651", "\u0627\u0651\u064b", "e\u0301", "\u00e9", "\u0644\u0627"]),
                 max_size=6).map("".join)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | texts
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
                      max_leaves=30)


def outcome(text: str, parse: Callable[[str, str], tuple[Any, Positions]] = parse_json) -> tuple[str, Any]:
    """What reading ``text`` gives: the value and warnings, or the error (fast path by default)."""
    try:
        value, positions = parse(text, "f.json")
    except FactsError as exc:
        return "error", str(exc)
    return "ok", (value, [str(w) for w in positions.warnings])


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from([None, 0, 2]), st.booleans())
def test_fast_and_positional_readings_agree(value: Any, indent: int | None, ascii_only: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    try:
        expected, where = parse_json_positions(text, "f.json")
    except FactsError as exc:  # nested too deeply: the fast path must decline and say so the same way
        assert outcome(text) == ("error", str(exc))
        return
    found, positions = parse_json(text, "f.json")
    assert found == expected
    assert [str(w) for w in positions.warnings] == [str(w) for w in where.warnings]
    for key in list(where.values) + [(*key, "no-such-child") for key in where.values]:
        assert positions.at(key) == where.at(key)
        assert str(positions.at(key)) == str(where.at(key))
    for key in where.keys:
        assert positions.at(key, of_key=True) == where.at(key, of_key=True)


@pytest.mark.parametrize("text", [
    '{"a": 1, "a": 2}',  # duplicate key
    '{"a": NaN}', '{"a": -Infinity}',  # not JSON
    '{"a": 1} x',  # trailing data
    '{"a": [1, 2,]}',  # syntax
    "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2),  # too deep
    "[" * 5000 + "]" * 5000,  # deeper than Python's recursion limit
])
def test_bad_json_is_reported_by_the_positional_parser(text: str) -> None:
    kind, message = outcome(text)
    assert kind == "error" and "f.json:" in message
    with pytest.raises(FactsError) as exc:
        parse_json_positions(text, "f.json")
    assert message == str(exc.value)


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1])
@pytest.mark.parametrize("inner", ['"x"', '"\\u00e9"', '"e\\u0301"', '"\u00e9"', '"e\u0301"', '"a\u200bb"', "[]"])
def test_the_fast_path_counts_nesting_as_the_positional_parser(depth: int, inner: str) -> None:
    # the fast path checks a plain text's nesting on its own: at the limit, one under and one over
    for text in ('{"k": ' * depth + inner + "}" * depth, "[" * depth + inner + "]" * depth,
                 '[{"k": ' * (depth // 2) + inner + "}]" * (depth // 2)):
        assert outcome(text) == outcome(text, parse_json_positions)


def test_locations_of_the_fast_path_are_found_late_and_travel() -> None:
    text = '{\n  "article": {"id": "a"},\n  "events": [\n    {"id": "m"}\n  ]\n}\n'
    _, positions = parse_json(text, "f.json")  # data given (standard input): the text travels
    assert positions.pending  # nothing found yet
    location = positions.at(("events", 0, "id"))
    travelled = pickle.loads(pickle.dumps(location))  # as a worker process sends it, unfound
    assert positions.pending
    assert travelled == Location("f.json", 4, 12) == location
    assert not positions.pending and positions.text is None  # found now, once for the document
    assert type(pickle.loads(pickle.dumps(location))) is Location  # found: travels as a plain location
    assert sorted([Location("f.json", 9, 1), location, Location("f.json", 1, 1)]) == [
        Location("f.json", 1, 1), location, Location("f.json", 9, 1)]
    assert repr(location) == "Location(path='f.json', line=4, column=12)"
    assert len({location, Location("f.json", 4, 12)}) == 1


def test_positions_of_a_file_travel_without_its_text(tmp_path: Path) -> None:
    """The main process of a build keeps every article's location: not every article's text."""
    path = tmp_path / "a.json"
    path.write_text('{"article": {"id": "a", "title": "' + "x" * 10_000 + '"},\n "events": []}', "utf-8")
    _, positions = load(path)
    location = positions.at(("events",))
    sent = pickle.dumps(location)
    assert len(sent) < 1_000 and positions.text is not None  # the worker keeps its copy
    assert pickle.loads(sent) == Location(str(path), 2, 12)  # read again from the file
    gone = pickle.loads(sent)
    path.unlink()
    assert str(gone) == f"{path}:1:1"  # the file is gone: the file is still named
