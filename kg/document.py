"""Parse YAML and JSON into plain values that remember where each value was written.

A facts file is parsed into ordinary ``dict``/``list``/``str``/``int``/``float``/
``bool``/``None`` values (what the JSON Schema checks) plus a :class:`Positions`
table from each value's path to its line and column. Scalars follow the YAML 1.2
core schema (``no`` stays a string, dates stay strings); anchors and aliases are
refused, so alias bombs cannot expand; duplicate keys are errors. A well-formed JSON document
with nothing to clean is read by the C parser of :mod:`json`, and its positions are found only
when a location is shown (:func:`parse_json`).
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.errors import FactsError, Location, Problem

PathKey = tuple[str | int, ...]
MAX_DEPTH = 64

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_JSON_SPACE = re.compile(r"[ \t\n]*")
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")

#: Bidirectional controls: invisible, they reorder how text shows (Trojan Source). Stripped from
#: identifiers (keys, ids, codes, dates), kept but warned about in names and quotes.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Other invisible characters worth a warning. ZERO WIDTH NON-JOINER (U+200C) is not here: Persian
#: and other scripts need it.
INVISIBLE = frozenset("\u200b\u200d\u2060\ufeff\u00ad\u180e") | BIDI_CONTROLS


def clean_text(text: str, key: PathKey, pos: Positions, line: int, column: int) -> str:
    """NFC; identifiers (ASCII once bidi controls go) lose their bidi controls; warn on invisibles."""
    if text.isascii():  # the common case: nothing to normalise, nothing invisible
        return text
    text = unicodedata.normalize("NFC", text)
    hidden = sorted({c for c in text if c in INVISIBLE})
    if not hidden:
        return text
    names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in hidden)
    stripped = "".join(c for c in text if c not in BIDI_CONTROLS)
    where = Location(pos.path, line, column)
    if stripped.isascii():
        pos.warnings.append(Problem(where, field_name(key), f"removed invisible bidi controls ({names})",
                                    "retype the value"))
        return stripped
    pos.warnings.append(Problem(where, field_name(key), f"contains invisible characters ({names})",
                                "keep them only if the text really has them"))
    return text


try:  # the C loader is much faster; both give the same nodes
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


@dataclass
class Positions:
    """Line/column of every value (``values``) and mapping key (``keys``) by path, and warnings.

    ``pending``: the positions of a JSON document are not known yet; they are found (by parsing
    ``text`` again with positions, or the ``file`` it was read from) when a location is first
    shown, compared or sorted. Most locations never are: they wait in the model for a problem
    that is never found. Positions read from a file travel to other processes without the
    text (the file is read again if a location is needed there), so the main process of a build
    does not keep the text of every article it saw.
    """

    path: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    pending: bool = False
    text: str | None = None
    file: str | None = None

    def at(self, key: PathKey, *, of_key: bool = False) -> Location:
        """The location of the value (or key) at ``key``, or of its nearest parent.

        >>> p = Positions("f.yaml", values={(): (1, 1), ("a",): (2, 4)})
        >>> str(p.at(("a", 0)))
        'f.yaml:2:4'
        """
        if self.pending:
            return _Deferred(self, key, of_key)
        table = self.keys if of_key else self.values
        probe = key
        while True:
            if probe in table:
                line, col = table[probe]
                return Location(self.path, line, col)
            if of_key and probe in self.values:
                line, col = self.values[probe]
                return Location(self.path, line, col)
            if not probe:
                return Location(self.path, 1, 1)
            probe = probe[:-1]

    def find(self) -> None:
        """Fill the tables of a JSON document read without positions (the first time only).

        A file changed or gone since it was read leaves the tables empty: locations then name
        the file only (line 1).
        """
        if not self.pending:
            return
        text = self.text
        try:
            if text is None and self.file is not None:
                text = decode(Path(self.file).read_bytes(), self.path)
            if text is not None:
                _, found = parse_json_positions(text, self.path)
                self.values, self.keys = found.values, found.keys
        except (OSError, FactsError):
            pass
        self.pending, self.text = False, None

    def __getstate__(self) -> dict[str, Any]:
        if self.pending and self.file is not None:  # tables and warnings are empty until found
            return {"path": self.path, "pending": True, "file": self.file}
        return dict(self.__dict__)

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update({"values": {}, "keys": {}, "warnings": [], "text": None, **state})


class _Deferred(Location):
    """A location in a JSON document read without positions: found in the text when first needed.

    Pickled with its document's positions (pickle keeps one copy per document), so a worker
    process never has to find it.
    """

    where: tuple[Positions, PathKey, bool]
    found: Location | None

    def __init__(self, positions: Positions, key: PathKey, of_key: bool) -> None:
        object.__setattr__(self, "path", positions.path)
        object.__setattr__(self, "where", (positions, key, of_key))
        object.__setattr__(self, "found", None)

    def _found(self) -> Location:
        found: Location | None = self.found
        if found is None:
            positions, key, of_key = self.where
            positions.find()
            found = positions.at(key, of_key=of_key)
            object.__setattr__(self, "found", found)
        return found

    @property
    def line(self) -> int:
        return self._found().line

    @property
    def column(self) -> int:
        return self._found().column

    def __repr__(self) -> str:
        return repr(self._found())

    def __reduce__(self) -> tuple[object, ...]:
        if self.found is not None:
            return (Location, self.found._key())
        return (_Deferred, self.where)


def source_file(location: Location) -> str | None:
    """The file a location not found yet would be found in (read again), else None."""
    if isinstance(location, _Deferred) and location.found is None:
        return location.where[0].file
    return None


def field_name(key: PathKey) -> str:
    """Render a path as the user wrote it: ``events[2].when.from``.

    >>> field_name(("events", 2, "when", "from"))
    'events[2].when.from'
    """
    out = ""
    for part in key:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            if not INVISIBLE.isdisjoint(part):
                part = "".join(f"\\u{ord(c):04x}" if c in INVISIBLE else c for c in part)
            out += ("." if out else "") + part
    return out


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 (a byte-order mark is dropped), naming the line of a bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FactsError([Problem(Location(path, line, col), "",
                                  f"byte 0x{data[exc.start]:02x} is not UTF-8",
                                  "save the file as UTF-8")]) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load(path: Path, *, label: str | None = None, data: bytes | None = None) -> tuple[Any, Positions]:
    """Read a YAML (``.yaml``/``.yml``) or JSON (``.json``) file with positions.

    Args:
        path: the file; its suffix chooses the syntax.
        label: how to name the file in messages (default: the path as given).
        data: the bytes, when already read (stdin).
    """
    name = label if label is not None else str(path)
    file = None  # where to read it again: not for data given (standard input)
    if data is None:
        file = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise FactsError([Problem(Location(name), "", f"cannot read file: {exc.strerror}",
                                      "check the path and its permissions")]) from exc
    text = decode(data, name)
    if not text.strip():
        raise FactsError([Problem(Location(name, 1, 1), "", "the file is empty",
                                  "a facts file needs at least an article or entities")])
    if path.suffix.lower() == ".json":
        return parse_json(text, name, file)
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> tuple[Any, Positions]:
    """Parse one YAML document into plain values and positions."""
    positions = Positions(name)
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        problem = str(exc.problem or exc.context)
        hint = (f"facts documents nest at most {MAX_DEPTH} levels" if "nesting depth" in problem
                else "check indentation, colons and quotes around this line")
        raise FactsError([Problem(loc, "", f"YAML syntax error: {problem}", hint)]) from exc
    except yaml.YAMLError as exc:
        raise FactsError([Problem(Location(name), "", f"YAML error: {exc}", "")]) from exc
    except RecursionError as exc:
        raise FactsError([Problem(Location(name), "", "the document is nested too deeply",
                                  f"facts documents nest at most {MAX_DEPTH} levels")]) from exc
    if len(nodes) > 1:
        second = nodes[1].start_mark
        raise FactsError([Problem(Location(name, second.line + 1, 1), "",
                                  "more than one YAML document in the file",
                                  "put each article in its own file")])
    if not nodes or nodes[0] is None:
        raise FactsError([Problem(Location(name, 1, 1), "", "the file holds no document",
                                  "a facts file needs at least an article or entities")])
    seen: set[int] = set()
    problems: list[Problem] = []
    value = _yaml_value(nodes[0], (), positions, seen, problems, 0)
    if any("aliases" in p.message for p in problems):
        problems = [p for p in problems if "aliases" not in p.message] + _alias_problems(text, name)
    if problems:
        raise FactsError(problems)
    return value, positions


def _alias_problems(text: str, name: str) -> list[Problem]:
    """Where the aliases are (composed nodes only know their anchors)."""
    out = []
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
            out.append(Problem(Location(name, line, column), "",
                               f"YAML alias *{event.anchor} is not allowed in facts files",
                               "write the value out in full"))
    return out


def _yaml_value(node: yaml.Node, key: PathKey, pos: Positions, seen: set[int],
                problems: list[Problem], depth: int) -> Any:
    here = Location(pos.path, node.start_mark.line + 1, node.start_mark.column + 1)
    if id(node) in seen:  # an alias: the same node again (reported at the alias by _alias_problems)
        problems.append(Problem(here, field_name(key), "aliases", ""))
        return None
    if depth > MAX_DEPTH:
        problems.append(Problem(here, field_name(key), "the document is nested too deeply",
                                f"facts documents nest at most {MAX_DEPTH} levels"))
        return None
    seen.add(id(node))
    pos.values[key] = (here.line, here.column)
    if isinstance(node, yaml.ScalarNode):
        value = _scalar(node)
        return clean_text(value, key, pos, here.line, here.column) if isinstance(value, str) else value
    if isinstance(node, yaml.SequenceNode):
        return [_yaml_value(item, (*key, i), pos, seen, problems, depth + 1)
                for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.MappingNode)
    out: dict[str, Any] = {}
    for knode, vnode in node.value:
        kloc = Location(pos.path, knode.start_mark.line + 1, knode.start_mark.column + 1)
        if not isinstance(knode, yaml.ScalarNode) or knode.tag == "tag:yaml.org,2002:merge":
            problems.append(Problem(kloc, field_name(key), "keys must be plain names",
                                    "YAML merge keys (<<) and complex keys are not allowed"))
            continue
        name = clean_text(str(knode.value), (*key, str(knode.value)), pos, kloc.line, kloc.column)
        if name in out:
            first = pos.keys[(*key, name)]
            problems.append(Problem(kloc, field_name((*key, name)),
                                    f"duplicate key (first given at line {first[0]})",
                                    "keep one of the two"))
            continue
        pos.keys[(*key, name)] = (kloc.line, kloc.column)
        out[name] = _yaml_value(vnode, (*key, name), pos, seen, problems, depth + 1)
    return out


def _scalar(node: yaml.ScalarNode) -> Any:
    raw = node.value
    if node.style or node.tag not in _RESOLVED_TAGS:  # quoted, !!str, or another explicit tag: text
        return raw
    if _NULL.match(raw):
        return None
    if _BOOL.match(raw):
        return raw.lower() == "true"
    if _INT.match(raw):
        return int(raw)
    if _FLOAT.match(raw) and any(c.isdigit() for c in raw):
        return float(raw)
    return raw


# Tags PyYAML's (YAML 1.1) resolver gives plain scalars that YAML 1.2 may read otherwise; kg
# re-resolves these with the 1.2 core schema. A str tag (implicit or !!str) and other explicit
# tags (!!binary, !foo) keep the text.
_RESOLVED_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "null", "timestamp"))


def parse_json(text: str, name: str, file: str | None = None) -> tuple[Any, Positions]:
    """Parse JSON into plain values and positions (strict: no NaN, no trailing data).

    The common case, a well-formed document with nothing to clean, is read by the C parser of
    :mod:`json` and its positions are found only if a location is needed (:class:`Positions`);
    anything else (a syntax error, a duplicate key, deep nesting, text to normalise or warn
    about) is read by kg's own parser, which knows where each value is. ``file``: where to read
    the text again if positions are needed in another process.
    """
    try:
        value = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        pass
    else:
        if _plain_document(text, value):
            return value, Positions(name, pending=True, text=text, file=file)
    return parse_json_positions(text, name)


def parse_json_positions(text: str, name: str) -> tuple[Any, Positions]:
    """Parse JSON with kg's own parser, which records the position of every value and key."""
    parser = _JSONParser(text, name)
    value = parser.value((), 0)
    parser.skip_ws()
    if parser.i != len(text):
        parser.fail("extra data after the JSON value", "a facts file holds one JSON object")
    return value, parser.positions


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


#: Characters that, anywhere in a JSON text, send :func:`_plain_document` to the value-by-value check.
_SUSPECT = ("\\u", *sorted(INVISIBLE))


def _plain_document(text: str, value: Any) -> bool:
    """:func:`_plain` for a parsed JSON text, by looking at the text once (half the time).

    Without ``\\u`` escapes, the strings of a JSON text are pieces of it: if the text is NFC
    with nothing invisible, so is every string (the pieces are cut at quotes, which never
    combine with what follows them); then only the nesting needs a walk, over the containers.
    Any other text gets the value-by-value check, which decides.
    """
    if any(c in text for c in _SUSPECT) or not (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return _plain(value, 0)
    return _shallow(value, 0)


def _shallow(value: Any, depth: int) -> bool:
    """Nested at most :data:`MAX_DEPTH` levels (as :func:`_plain` counts them)."""
    if type(value) is dict:
        values: Any = value.values()
    elif type(value) is list:
        values = value
    else:
        return True
    if depth >= MAX_DEPTH:
        return False
    return all(_shallow(v, depth + 1) for v in values if type(v) is dict or type(v) is list)


def _plain(value: Any, depth: int) -> bool:
    """Nested at most :data:`MAX_DEPTH` levels, every text (keys too) NFC with nothing invisible."""
    if isinstance(value, str):
        return value.isascii() or (unicodedata.is_normalized("NFC", value) and INVISIBLE.isdisjoint(value))
    if isinstance(value, dict):
        return depth < MAX_DEPTH and all(_plain(k, depth) and _plain(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return depth < MAX_DEPTH and all(_plain(v, depth + 1) for v in value)
    return True


class _JSONParser:
    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.i = 0
        self.positions = Positions(name)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(self, i: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, i) - 1
        return line + 1, i - self.line_starts[line] + 1

    def fail(self, message: str, hint: str = "", at: int | None = None, key: PathKey = ()) -> None:
        line, col = self.where(self.i if at is None else at)
        raise FactsError([Problem(Location(self.positions.path, line, col), field_name(key),
                                  f"JSON syntax error: {message}", hint)])

    def skip_ws(self) -> None:
        self.i = _JSON_SPACE.match(self.text, self.i).end()  # type: ignore[union-attr]

    def string(self, key: PathKey) -> str:
        start = self.i
        try:
            value, self.i = json.decoder.scanstring(self.text, self.i + 1, True)  # type: ignore[attr-defined]
        except json.JSONDecodeError as exc:
            self.fail(exc.msg, "check quotes and backslash escapes", at=exc.pos, key=key)
        if value.isascii():
            return str(value)
        return clean_text(value, key, self.positions, *self.where(start))

    def value(self, key: PathKey, depth: int) -> Any:
        self.skip_ws()
        if depth > MAX_DEPTH:
            self.fail("the document is nested too deeply", f"facts documents nest at most {MAX_DEPTH} levels",
                      key=key)
        if self.i >= len(self.text):
            self.fail("unexpected end of file", "a value is missing", key=key)
        self.positions.values[key] = self.where(self.i)
        ch = self.text[self.i]
        if ch == "{":
            return self.obj(key, depth)
        if ch == "[":
            return self.array(key, depth)
        if ch == '"':
            return self.string(key)
        for word, val in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.i):
                self.i += len(word)
                return val
        m = _JSON_NUMBER.match(self.text, self.i)
        if m:
            self.i = m.end()
            return float(m.group()) if (m.group(1) or m.group(2)) else int(m.group())
        self.fail(f"unexpected character {ch!r}", "check commas, brackets and quotes", key=key)

    def obj(self, key: PathKey, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        self.i += 1
        self.skip_ws()
        if self.text.startswith("}", self.i):
            self.i += 1
            return out
        while True:
            self.skip_ws()
            if not self.text.startswith('"', self.i):
                self.fail("expected a quoted key", "JSON keys need double quotes", key=key)
            kpos = self.where(self.i)
            name = self.string(key)
            if name in out:
                first = self.positions.keys[(*key, name)]
                raise FactsError([Problem(Location(self.positions.path, *kpos), field_name((*key, name)),
                                          f"duplicate key (first given at line {first[0]})", "keep one of the two")])
            self.positions.keys[(*key, name)] = kpos
            self.skip_ws()
            if not self.text.startswith(":", self.i):
                self.fail("expected ':' after the key", key=(*key, name))
            self.i += 1
            out[name] = self.value((*key, name), depth + 1)
            self.skip_ws()
            if self.text.startswith(",", self.i):
                self.i += 1
                continue
            if self.text.startswith("}", self.i):
                self.i += 1
                return out
            self.fail("expected ',' or '}'", "a comma may be missing between two entries", key=key)

    def array(self, key: PathKey, depth: int) -> list[Any]:
        out: list[Any] = []
        self.i += 1
        self.skip_ws()
        if self.text.startswith("]", self.i):
            self.i += 1
            return out
        while True:
            out.append(self.value((*key, len(out)), depth + 1))
            self.skip_ws()
            if self.text.startswith(",", self.i):
                self.i += 1
                continue
            if self.text.startswith("]", self.i):
                self.i += 1
                return out
            self.fail("expected ',' or ']'", "a comma may be missing between two items", key=key)
