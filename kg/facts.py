"""Read facts files: check them against the packaged JSON Schema, then build the model.

Every structural problem is reported as ``path:line:column: field: problem (hint)``
before any RDF is made; all problems of a file are reported together.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
from jsonschema.exceptions import ValidationError

from kg.dates import DATE_HINT, DateValue, parse_date
from kg.document import PathKey, Positions, field_name, load
from kg.errors import FactsError, Location, Problem
from kg.model import (
    Article,
    Attendance,
    Entity,
    Event,
    FactsDocument,
    Names,
    Participant,
    Position,
    Quote,
    Record,
    TimeSpec,
)

FACTS_SUFFIXES = (".yaml", ".yml", ".json")

_PATTERN_HINTS = {
    "^[a-z0-9][a-z0-9-]*$": "use lowercase letters, digits and '-', like putin-visit",
    "^([a-z0-9][a-z0-9-]*|[A-Z]{2}|[A-Z]{3})$":
        "use an entity key (lowercase letters, digits, '-') or an ISO 3166 code such as RU or IRN",
    "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$": "use a BCP 47 language tag such as en, ar or fa",
    "^Q[1-9][0-9]*$": "use a Wikidata item id such as Q7747",
    "^[0-9]{2,4}$": 'use a CAMEO code as a quoted string, such as "042"',
    "^[A-Z_]+$": "use a PLOVER event type in capitals, such as CONSULT",
    "^[a-z_-]+$": "use a PLOVER mode such as visit or phone",
}


@cache
def facts_schema() -> dict[str, Any]:
    """The JSON Schema of the facts format (``kg/schemas/facts-v1.schema.json``)."""
    text = resources.files("kg").joinpath("schemas/facts-v1.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _fast_validator() -> jsonschema_rs.Draft7Validator:
    """The schema in jsonschema-rs (Rust): the happy path, 20 times faster than the schema compiled to Python.

    It must never pass a document that jsonschema (the reference, which words the messages)
    rejects. jsonschema reads a ``pattern`` with Python's regular expressions, whose ``\\s``
    takes in characters Rust's leaves out (\\x1c to \\x1f, \\x85): the fast validator's patterns
    spell Python's out. Everything else the schema's patterns use means the same in both, or is
    stricter in Rust (``$`` before a final newline), where jsonschema decides (:func:`read_facts`).
    """
    return jsonschema_rs.Draft7Validator(_spelled_out(facts_schema()))


#: The characters of Python's ``\s`` (``str.isspace``), as a character class body.
_PYTHON_SPACE = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: Escapes whose meaning differs between Python's and Rust's regular expressions (``\\s`` is spelled out).
_UNPORTABLE = re.compile(r"\\[SwWdDbB]")


def _spelled_out(schema: Any) -> Any:
    """The schema with ``\\s`` in each ``pattern`` spelled out as Python reads it."""
    if isinstance(schema, list):
        return [_spelled_out(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: _spelled_out(value) for key, value in schema.items()}
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        if _UNPORTABLE.search(pattern):
            raise ValueError(f"facts schema pattern {pattern!r}: spell the class out (Python and Rust differ)")
        out["pattern"] = _spell_space(pattern)
    return out


def _spell_space(pattern: str) -> str:
    """``\\s`` replaced by Python's whitespace characters (inside a class, by its members)."""
    out: list[str] = []
    i, start = 0, -1  # start: where the open character class began
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            escape = pattern[i:i + 2]
            out.append(escape if escape != "\\s" else _PYTHON_SPACE if start >= 0 else f"[{_PYTHON_SPACE}]")
            i += 2
            continue
        if ch == "[" and start < 0:
            start = i
        elif ch == "]" and start >= 0 and i > start + 1 and not (i == start + 2 and pattern[start + 1] == "^"):
            start = -1  # a "]" first in a class is a member
        out.append(ch)
        i += 1
    return "".join(out)


def _conforms(value: object) -> bool:
    """Whether jsonschema-rs finds the document right (if not, jsonschema decides and words the problems)."""
    try:
        return bool(_fast_validator().is_valid(value))
    except (ValueError, TypeError, OverflowError, RecursionError):  # a value JSON cannot hold (a number key)
        return False


@cache
def _validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(facts_schema())


def read_facts(path: Path, *, label: str | None = None, data: bytes | None = None) -> FactsDocument:
    """Read and check one facts file (YAML or JSON), with its article text if it names one.

    Args:
        path: the facts file; ``.json`` is read as JSON, anything else as YAML.
        label: the name used in messages (default: ``str(path)``).
        data: the file's bytes when already read (e.g. from stdin).

    Raises:
        FactsError: every problem found, each with file, line, column and field.

    >>> doc = read_facts(Path("examples/putin-tehran-2015/facts.yaml"))  # doctest: +SKIP
    >>> doc.article.id  # doctest: +SKIP
    'alwaght-2015-11-24-putin-tehran'
    """
    name = label if label is not None else str(path)
    value, pos = load(path, label=name, data=data)
    if not _conforms(value):  # fast when the document is right, as most are
        problems = [_problem(err, pos) for err in sorted(_validator().iter_errors(value), key=_error_order)]
        if problems:  # else the reference finds it right (a pattern's "$" before a final newline)
            raise FactsError(_dedupe(problems))
    builder = _Builder(path, pos)
    doc = builder.document(value)
    if builder.problems:
        raise FactsError(_dedupe(builder.problems))
    return doc


@lru_cache(maxsize=4096)
def cached_path(*parts: str) -> Path:
    """``Path(*parts)``, each made once: the articles of a corpus include the same few files (each
    path is then also hashed once, where its entities are looked up)."""
    return Path(*parts)


def fact_file_names(sources: Iterable[Path]) -> Iterator[str]:
    """Expand directories (recursively, sorted as paths sort) into facts files; files pass through.

    Hidden files and folders (a name starting with ``.``) are skipped. The files are named as
    ``str(path)`` names them, and listed as strings, never as path objects: a million-article
    corpus is listed without holding or making a million of them.
    """
    for source in sources:
        if source.is_dir():
            found: list[tuple[str, ...]] = []
            for folder, dirs, names in os.walk(source, followlinks=True):  # as pathlib globbing
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                rel = os.path.relpath(folder, source)
                parts = () if rel == "." else tuple(rel.split(os.sep))
                found.extend((*parts, name) for name in names if not name.startswith(".")
                             and os.path.splitext(name)[1].lower() in FACTS_SUFFIXES
                             and os.path.isfile(os.path.join(folder, name)))
            if not found:
                raise FactsError([Problem(Location(str(source)), "", "the directory holds no facts files",
                                          "facts files end in .yaml, .yml or .json")])
            found.sort()
            # str(source.joinpath(*parts)): the source as pathlib writes it ("." vanishes).
            base = () if str(source) == "." else (str(source),)
            for parts in found:
                yield os.path.join(*base, *parts)
        else:
            yield str(source)


def _error_order(err: ValidationError) -> tuple[str, ...]:
    return tuple(str(p) for p in err.absolute_path)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for p in sorted(problems, key=lambda p: (p.location.line, p.location.column, p.field)):
        if str(p) not in seen:
            seen.add(str(p))
            out.append(p)
    return out


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f'the text "{value}"'


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _problem(err: ValidationError, pos: Positions) -> Problem:
    key: PathKey = tuple(err.absolute_path)
    schema: Any = err.schema
    want: Any = err.validator_value
    if err.validator == "anyOf" and err.context and all(e.validator == "required" for e in err.context):
        required: list[Any] = [e.validator_value for e in err.context]
        names = [str(r[0]) for r in required]
        hint = ("give names: {en: …}, or positions for someone known only by role" if "names" in names
                else "see docs/facts-format.md for the layout of a facts file")
        return Problem(pos.at(key), field_name(key) or "(top level)", f"needs {' or '.join(names)}", hint)
    if err.validator == "not" and isinstance(err.instance, dict):
        banned = [str(n) for alt in want.get("anyOf", []) for n in alt.get("required", [])]
        used = [k for k in banned if k in err.instance]
        name = used[0] if used else "?"
        etype = err.instance.get("type", "")
        hint = ("list attendees as participants of the Summit" if name in ("attendee", "summit")
                else "only a Statement has a quote, content or about")
        return Problem(pos.at((*key, name), of_key=True), field_name((*key, name)),
                       f"'{name}' is not used on a {etype}", hint)
    if err.validator == "dependencies":
        return Problem(pos.at(("events",), of_key=True), "events", "events need an article",
                       "add an article: section, or move the events to the article's file")
    if err.validator == "anyOf" and err.context:
        specific = [e for e in err.context if e.validator not in ("type", "anyOf")]
        if specific:
            best = max(specific, key=lambda e: len(e.absolute_path))
            return _problem(best, pos)
        values: list[Any] = [e.validator_value for e in err.context]
        kinds = sorted({str(t) for v in values for t in ([v] if isinstance(v, str) else v)})
        return Problem(pos.at(key), field_name(key), f"expected {' or '.join(kinds)}, got {_kind(err.instance)}",
                       "see docs/facts-format.md for this field")
    if err.validator == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        extra = [k for k in err.instance if k not in allowed] if isinstance(err.instance, dict) else []
        name = extra[0] if extra else "?"
        if "patternProperties" in schema and isinstance(err.instance, dict):
            patterns = [re.compile(p) for p in schema["patternProperties"]]
            name = next((k for k in err.instance if not any(p.search(k) for p in patterns)), "?")
            return Problem(pos.at((*key, name), of_key=True), field_name((*key, name)),
                           f"'{name}' is not a valid key", _PATTERN_HINTS["^([a-z0-9][a-z0-9-]*|[A-Z]{2}|[A-Z]{3})$"])
        hint = _suggest(name, allowed) or "allowed: " + ", ".join(allowed)
        return Problem(pos.at((*key, name), of_key=True), field_name((*key, name)), f"unknown field '{name}'", hint)
    if err.validator == "required":
        missing = err.message.split("'")[1] if "'" in err.message else str(want)
        return Problem(pos.at(key), field_name(key) or "(top level)", f"missing required field '{missing}'",
                       "see docs/facts-format.md for the fields")
    if err.validator == "enum" and "propertyNames" in err.schema_path:
        return Problem(pos.at((*key, str(err.instance)), of_key=True), field_name((*key, str(err.instance))),
                       f"'{err.instance}' is not used on an Attendance",
                       "an Attendance has only id, type, attendee, summit and evidence")
    if err.validator == "enum":
        choices = [str(c) for c in want]
        hint = _suggest(str(err.instance), choices) or "one of: " + ", ".join(choices)
        return Problem(pos.at(key), field_name(key), f'"{err.instance}" is not allowed here', hint)
    if err.validator == "type":
        kind = want if isinstance(want, str) else " or ".join(want)
        return Problem(pos.at(key), field_name(key), f"expected {kind}, got {_kind(err.instance)}",
                       "see docs/facts-format.md for this field")
    if err.validator == "pattern":
        return Problem(pos.at(key), field_name(key), f'"{err.instance}" is not valid here',
                       _PATTERN_HINTS.get(str(err.validator_value), f"must match {err.validator_value}"))
    if err.validator == "const":
        if key == ("version",):
            return Problem(pos.at(key), field_name(key), f"{_kind(err.instance)} is not supported",
                           f"this kg reads format version {want}")
        return Problem(pos.at(key), field_name(key), f'must be "{want}", not {_kind(err.instance)}',
                       "an entity keyed by an ISO 3166 code is a Country; use a lowercase key for others")
    if err.validator in ("minItems", "minProperties", "minLength"):
        return Problem(pos.at(key), field_name(key), "must not be empty", "give a value or remove the field")
    if err.validator == "minimum":
        return Problem(pos.at(key), field_name(key), f"{err.instance} is too small",
                       f"use {err.validator_value} or more")
    return Problem(pos.at(key), field_name(key), err.message, "see docs/facts-format.md")


class _Builder:
    """Turns checked plain values into model objects; collects semantic problems."""

    def __init__(self, path: Path, pos: Positions) -> None:
        self.path = path
        self.pos = pos
        self.problems: list[Problem] = []

    def loc(self, key: PathKey) -> Location:
        return self.pos.at(key)

    def fail(self, key: PathKey, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.loc(key), field_name(key), message, hint))

    def date(self, value: object, key: PathKey) -> DateValue | None:
        try:
            return parse_date(value)
        except ValueError as exc:
            self.fail(key, str(exc), DATE_HINT)
            return None

    def names(self, value: object) -> Names:
        if isinstance(value, str):
            return (("en", (_clean(value),)),)
        assert isinstance(value, dict)
        return tuple((lang, tuple(_clean(v) for v in (vals if isinstance(vals, list) else [vals])))
                     for lang, vals in sorted(value.items()))

    def quotes(self, value: object, key: PathKey) -> tuple[Quote, ...]:
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        keys = [(*key, i) for i in range(len(items))] if isinstance(value, list) else [key]
        return tuple(Quote(_clean(str(v)), self.loc(k)) for v, k in zip(items, keys, strict=True))

    def document(self, value: dict[str, Any]) -> FactsDocument:
        label = self.pos.path
        article = self.article(value["article"]) if "article" in value else None
        entities = tuple(self.entity(k, v) for k, v in value.get("entities", {}).items())
        events: list[Event] = []
        attendances: list[Attendance] = []
        ids: dict[str, PathKey] = {}
        for i, raw in enumerate(value.get("events", [])):
            key: PathKey = ("events", i)
            if raw["id"] in ids:
                self.fail((*key, "id"), f"duplicate event id '{raw['id']}' (first at line "
                          f"{self.loc(ids[raw['id']]).line})", "give each event its own id")
            ids[raw["id"]] = (*key, "id")
            if raw["type"] == "Attendance":
                attendances.append(self.attendance(raw, key))
            else:
                events.append(self.event(raw, key))
        folder = str(self.path.parent)
        includes = tuple(cached_path(folder, p) for p in value.get("include", []))
        text = None
        if article is not None and article.text_path is not None:
            text = self.read_text(article.text_path)
        return FactsDocument(self.path, label, article, entities, tuple(events), tuple(attendances), includes, text,
                             tuple(self.pos.warnings))

    def read_text(self, path: Path) -> str | None:
        key: PathKey = ("article", "text")
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.fail(key, f"cannot read the article text {path}: {exc.strerror}",
                      "the path is relative to the facts file")
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.fail(key, f"the article text {path} is not UTF-8 (bad byte at line {line})",
                      "convert it to UTF-8, e.g. iconv -f WINDOWS-1256 -t UTF-8")
            return None
        return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))

    def article(self, raw: dict[str, Any]) -> Article | None:
        key: PathKey = ("article",)
        published = self.date(raw["published"], (*key, "published")) if "published" in raw else None
        if published is None and "published" in raw:
            return None
        text = raw.get("text")
        return Article(raw["id"], _clean(raw["title"]) if "title" in raw else None, raw["publisher"],
                       raw["language"], published, raw.get("url"), self.path.parent / text if text else None,
                       self.loc(key), dataset=raw.get("dataset"),
                       citation=_clean(raw["citation"]) if "citation" in raw else None)

    def entity(self, name: str, raw: dict[str, Any]) -> Entity:
        key: PathKey = ("entities", name)
        etype = raw.get("type", "Country")  # the schema requires a type unless the key is an ISO code
        positions = []
        for i, p in enumerate(raw.get("positions", [])):
            pkey: PathKey = (*key, "positions", i)
            start = self.date(p["from"], (*pkey, "from")) if "from" in p else None
            end = self.date(p["to"], (*pkey, "to")) if "to" in p else None
            if start and end and end.latest < start.earliest:
                self.fail((*pkey, "to"), f"the position ends ({end.text}) before it starts ({start.text})",
                          "swap from and to")
            positions.append(Position(self.names(p["role"]), p.get("of"), start, end, self.loc(pkey)))
        names = self.names(raw["names"]) if "names" in raw else ()
        return Entity(name, etype, names, raw.get("wikidata"), raw.get("country"), tuple(positions), self.loc(key))

    def when(self, raw: object, key: PathKey) -> TimeSpec | None:
        if not isinstance(raw, dict):
            on = self.date(raw, key)
            return TimeSpec(on=on) if on else None
        dates = {k: self.date(raw[k], (*key, k)) for k in ("on", "from", "to", "before", "after") if k in raw}
        if None in dates.values():
            return None
        given = set(dates)
        if "on" in given and len(given) > 1:
            self.fail(key, "'on' cannot be combined with from/to/before/after", "give one date, or an interval")
        if given & {"from", "to"} and given & {"before", "after"}:
            self.fail(key, "an interval (from/to) cannot be combined with before/after",
                      "use from/to for a span, before/after for a bound")
        if "before" in given and "after" in given:
            self.fail(key, "give either before or after", "use from/to for a span")
        start, end = dates.get("from"), dates.get("to")
        if start and end and end.latest < start.earliest:
            self.fail((*key, "to"), f"the interval ends ({end.text}) before it starts ({start.text})",
                      "swap from and to")
        return TimeSpec(on=dates.get("on"), start=start, end=end, before=dates.get("before"),
                        after=dates.get("after"), text=_clean(raw["text"]) if "text" in raw else None)

    def participant(self, raw: object, key: PathKey, default_role: str) -> Participant:
        if isinstance(raw, str):
            return Participant(raw, default_role, None, (), self.loc(key), field_name(key))
        assert isinstance(raw, dict)
        return Participant(raw["entity"], raw.get("role", default_role), raw.get("as"),
                           self.quotes(raw.get("evidence"), (*key, "evidence")), self.loc(key), field_name(key))

    def attendance(self, raw: dict[str, Any], key: PathKey) -> Attendance:
        return Attendance(raw["id"], raw["attendee"], raw["summit"],
                          self.quotes(raw.get("evidence"), (*key, "evidence")), self.loc(key), field_name(key))

    def event(self, raw: dict[str, Any], key: PathKey) -> Event:
        etype = raw["type"]
        default_role = {"Summit": "attendee", "Statement": "speaker"}.get(etype, "participant")
        parts = tuple(self.participant(p, (*key, "participants", i), default_role)
                      for i, p in enumerate(raw.get("participants", [])))
        about = raw.get("about", [])
        according = raw.get("according_to", [])
        if etype == "Event" and not raw.get("cameo") and not raw.get("plover"):
            self.fail((*key, "type"), "an Event needs its code", 'give cameo: "190" or plover: ASSAULT')
        record = raw.get("record")
        return Event(
            id=raw["id"], type=etype, location=self.loc(key), field=field_name(key),
            label=self.names(raw["label"]) if "label" in raw else (),
            participants=parts, place=raw.get("place"),
            when=self.when(raw["when"], (*key, "when")) if "when" in raw else None,
            topics=tuple(self.names(t) for t in raw.get("topics", [])),
            count=raw.get("count"), purpose=raw.get("purpose"),
            about=tuple(about if isinstance(about, list) else [about]), part_of=raw.get("part_of"),
            status=raw.get("status", "occurred"), certainty=raw.get("certainty", "certain"),
            polarity=raw.get("polarity", "positive"),
            according_to=tuple(according if isinstance(according, list) else [according]),
            quote=Quote(_clean(raw["quote"]), self.loc((*key, "quote"))) if "quote" in raw else None,
            content=self.names(raw["content"]) if "content" in raw else (),
            evidence=self.quotes(raw.get("evidence"), (*key, "evidence")),
            cameo=raw.get("cameo"), plover=raw.get("plover"), plover_mode=raw.get("plover_mode"),
            record=Record(record["dataset"], _clean(record["id"]),
                          _clean(record["sentence"]) if "sentence" in record else None,
                          self.loc((*key, "record"))) if record else None)


def _clean(text: str) -> str:
    """NFC, with surrounding white space removed and inner runs of white space kept."""
    return unicodedata.normalize("NFC", text).strip()


def read_stdin() -> FactsDocument:
    """Read one YAML facts document from standard input."""
    return read_facts(Path("stdin.yaml"), label="<stdin>", data=sys.stdin.buffer.read())
