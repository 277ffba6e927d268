"""Reading event-data files one record at a time: lines of plain, gzip or zip files, and JSON values.

Nothing here holds a whole file in memory: lines are read one by one (zip members are streamed
without extracting), and JSON values are decoded one at a time from a sliding buffer, so a JSON
array of a million records costs the memory of one record.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kg.errors import InputError, Location, Problem, RecordError

_CHUNK = 1 << 16
_MAX_VALUE = 64 << 20  # one JSON record larger than this is refused


@dataclass(frozen=True)
class Line:
    """One line of an input file, without its line end, and where it was."""

    text: str
    location: Location


@dataclass(frozen=True)
class Value:
    """One JSON value of an input file, and where it started."""

    value: object
    location: Location


@contextmanager
def _binary(path: Path) -> Iterator[list[tuple[str, IO[bytes]]]]:
    """The byte streams of a file: ``-`` (stdin), ``.gz``, each member of a ``.zip``, or the file."""
    if str(path) == "-":
        yield [("<stdin>", sys.stdin.buffer)]
        return
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.infolist() if not m.is_dir()]
                if not members:
                    raise InputError(f"{path}: the zip file holds no file")
                streams = [(f"{path}:{m.filename}", archive.open(m)) for m in members]
                try:
                    yield streams
                finally:
                    for _, stream in streams:
                        stream.close()
            return
        if path.suffix.lower() == ".gz":
            with gzip.open(path, "rb") as unzipped:
                yield [(str(path), unzipped)]  # type: ignore[list-item]  # GzipFile is a binary IO
            return
        with path.open("rb") as stream:
            yield [(str(path), stream)]
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file (check the path)") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a directory; give the files in it") from exc
    except (zipfile.BadZipFile, gzip.BadGzipFile) as exc:
        raise InputError(f"{path}: not a valid {path.suffix.lower()[1:]} file: {exc}") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def read_lines(path: Path) -> Iterator[Line | RecordError]:
    """Every line of a file (all members of a zip), decoded as UTF-8; a BOM is dropped.

    A line that is not UTF-8 comes as a :class:`RecordError` in place of the line.
    """
    with _binary(path) as streams:
        for label, stream in streams:
            try:
                for number, raw in enumerate(stream, start=1):
                    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                        raw = raw[3:]
                    raw = raw.rstrip(b"\r\n")
                    try:
                        yield Line(raw.decode("utf-8"), Location(label, number))
                    except UnicodeDecodeError as exc:
                        yield RecordError(Problem(Location(label, number, exc.start + 1), "",
                                                  "not UTF-8 text", "GDELT, ICEWS and PLOVER files are UTF-8"))
            except (OSError, EOFError, zipfile.BadZipFile) as exc:
                raise InputError(f"{label}: cannot read further: {exc}") from exc


def read_json_values(path: Path) -> Iterator[Value]:
    """The JSON values of a file: the items of a top-level array, or values one after another
    (JSON Lines, or pretty-printed records back to back).

    Raises:
        InputError: the file is not JSON; the message gives line and column.
    """
    with _binary(path) as streams:
        for label, stream in streams:
            yield from _values(io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline=""), label)


def _values(text: IO[str], label: str) -> Iterator[Value]:
    decoder = json.JSONDecoder()
    buffer, pos, line, line_start, eof = "", 0, 1, 0, False

    def fill() -> bool:
        nonlocal buffer, pos, line_start, eof
        if eof:
            return False
        try:
            chunk = text.read(_CHUNK)
        except UnicodeDecodeError as exc:
            raise InputError(f"{label}:{line}: not UTF-8 text (JSON files are UTF-8)") from exc
        if not chunk:
            eof = True
            return False
        buffer = buffer[pos:] + chunk
        line_start -= pos
        pos = 0
        return True

    def skip(chars: str) -> str:
        """Skip white space (and ``chars``); the next character, or '' at the end."""
        nonlocal pos, line, line_start
        while True:
            while pos < len(buffer) and (buffer[pos].isspace() or buffer[pos] in chars):
                if buffer[pos] == "\n":
                    line, line_start = line + 1, pos + 1
                pos += 1
            if pos < len(buffer):
                return buffer[pos]
            if not fill():
                return ""

    def where() -> Location:
        return Location(label, line, pos - line_start + 1)

    first = skip("")
    if first == "":
        return
    in_array = first == "["
    if in_array:
        pos += 1
    while True:
        ahead = skip("")
        if ahead == "":
            if in_array:
                raise InputError(f"{where()}: the JSON array is not closed (missing ']')")
            return
        if in_array and ahead == "]":
            pos += 1
            if skip("") != "":
                raise InputError(f"{where()}: more text after the JSON array")
            return
        start = where()
        while True:
            try:
                value, end = decoder.raw_decode(buffer, pos)
            except json.JSONDecodeError as exc:
                if not eof and len(buffer) - pos < _MAX_VALUE and fill():
                    continue
                bad_line = line + buffer.count("\n", pos, exc.pos)
                last_nl = buffer.rfind("\n", pos, exc.pos)
                column = exc.pos - (last_nl + 1 if last_nl >= 0 else line_start) + 1
                raise InputError(f"{label}:{bad_line}:{column}: not valid JSON: {exc.msg}") from exc
            if end == len(buffer) and not eof and fill():
                continue  # a number may go on in the next chunk
            break
        newlines = buffer.count("\n", pos, end)
        if newlines:
            line += newlines
            line_start = buffer.rfind("\n", pos, end) + 1
        pos = end
        yield Value(value, start)
        if in_array:
            ahead = skip("")
            if ahead == ",":
                pos += 1
            elif ahead not in ("]", ""):
                raise InputError(f"{where()}: expected ',' or ']' between the records of the JSON array")
