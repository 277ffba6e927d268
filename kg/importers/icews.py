"""ICEWS event records: Dataverse event files (tab-separated, header row) and JSON records.

The kind of file is told by its suffix, never guessed from its content: ``.tab``, ``.tsv``,
``.txt`` and ``.csv`` (and the same inside ``.zip`` or ``.gz``) are event files with the
Dataverse header (``Event ID``, ``Event Date``, ``Source Name`` … ``Longitude``); ``.json`` and
``.jsonl`` hold JSON records, either with the same field names or in the layout of
philip-schrodt/ICEWS-to-jsonl (``id``, ``date``, ``event``, ``protesteridentity``, ``location``,
``publication``, ``headline``, ``text``).

Identity: the ICEWS Event ID (``…/event/icews-<id>``). Named graph: one per story — the Story ID
when the file has one, else the publication and headline together.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from kg.errors import InputError, Location, Problem, RecordError
from kg.importers.codes import cameo_codes, event_kind, name_country
from kg.importers.inputs import read_json_values, read_lines
from kg.importers.records import (
    Actor,
    EventRecord,
    Figure,
    Participant,
    Place,
    Source,
    decimal,
    digest,
    event_label,
    key_part,
    missing,
    text_of,
)

#: The columns of an ICEWS Dataverse event file (those kg needs first).
REQUIRED = ("Event ID", "Event Date", "CAMEO Code")
KNOWN = ("Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
         "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number",
         "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude")
JSON_SUFFIXES = (".json", ".jsonl")


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes if s.lower() not in (".zip", ".gz")]
    return suffixes[-1] if suffixes else ""


def read_icews(path: Path) -> Iterator[EventRecord | RecordError]:
    """The events of an ICEWS file (kind by suffix); a bad record comes as a RecordError.

    Raises:
        InputError: the file is not an ICEWS file of the kind its suffix says.
    """
    if _suffix(path) in JSON_SUFFIXES:
        yield from _read_json(path)
    else:
        yield from _read_table(path)


class _Bad(Exception):
    def __init__(self, field: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.field, self.message, self.hint = field, message, hint


def _read_table(path: Path) -> Iterator[EventRecord | RecordError]:
    header: list[str] | None = None
    for item in read_lines(path):
        if isinstance(item, RecordError):
            yield item
            continue
        if not item.text.strip():
            continue
        row = next(csv.reader([item.text], delimiter="\t", quoting=csv.QUOTE_NONE))
        if header is None:
            header = [h.strip().strip('"') for h in row]
            _check_header(header, item.location, item.text)
            continue
        if len(row) != len(header):
            yield RecordError(Problem(item.location, "", f"{len(row)} columns, the header has {len(header)}"))
            continue
        values = {name: value.strip() for name, value in zip(header, row, strict=True)}
        try:
            yield _Record(values, item.location, json_layout=False).record()
        except _Bad as bad:
            yield RecordError(Problem(item.location, bad.field, bad.message, bad.hint))


def _check_header(header: list[str], location: Location, text: str) -> None:
    if text.lstrip().startswith(("{", "[")):
        raise InputError(f"{location}: this is JSON; name the file .json or .jsonl to read ICEWS JSON records")
    if header and header[0].isdigit() and len(header) in (57, 58, 61):
        raise InputError(f"{location}: {len(header)} columns and no header: this looks like a GDELT events file "
                         "(use kg import gdelt)")
    lacking = [name for name in REQUIRED if name not in header]
    if lacking:
        hint = (" (the 2017 Dataverse file has no CAMEO Code column; kg needs the code)"
                if lacking == ["CAMEO Code"] else "")
        raise InputError(f"{location}: not an ICEWS event file header: no column {', '.join(lacking)}{hint} "
                         f"(expected the Dataverse columns: {', '.join(KNOWN)})")


def _read_json(path: Path) -> Iterator[EventRecord | RecordError]:
    first = True
    for item in read_json_values(path):
        value = item.value
        if first:
            first = False
            if isinstance(value, Mapping) and ("actor" in value or "source" in value) and "event" in value \
                    and not str(value.get("event", "")).isdigit():
                raise InputError(f"{item.location}: this looks like a PLOVER record (use kg import plover)")
            if not isinstance(value, Mapping):
                raise InputError(f"{item.location}: the file starts with a JSON {type(value).__name__}, not a "
                                 "record: not ICEWS JSON")
        if not isinstance(value, Mapping):
            yield RecordError(Problem(item.location, "", f"a JSON {type(value).__name__}, not a record (object)"))
            continue
        try:
            yield _Record(value, item.location, json_layout="Event ID" not in value).record()
        except _Bad as bad:
            yield RecordError(Problem(item.location, bad.field, bad.message, bad.hint))


class _Record:
    """One ICEWS record: Dataverse columns, or the ICEWS-to-jsonl layout."""

    def __init__(self, values: Mapping[str, object], location: Location, *, json_layout: bool) -> None:
        self.v = values
        self.location = location
        self.json_layout = json_layout
        self.notes: list[str] = []

    def text(self, name: str) -> str | None:
        return text_of(self.v.get(name))

    def record(self) -> EventRecord:
        j = self.json_layout
        rid = self.text("id" if j else "Event ID")
        if rid is None:
            raise _Bad("id" if j else "Event ID", "is missing", "every ICEWS record has an Event ID")
        day = self.date("date" if j else "Event Date")
        code_field = "event" if j else "CAMEO Code"
        code = self.text(code_field)
        known = cameo_codes().get(code or "")
        if code is None or known is None:
            why = "has no CAMEO code" if code in (None, "000") else f'"{code}" is not a CAMEO event code'
            raise _Bad(code_field, why, "ICEWS records carry a CAMEO code such as 042")
        kind = event_kind(code)
        actors = [self.actor("protesteridentity" if j else "Source"), None if j else self.actor("Target")]
        participants = tuple(Participant(a, role) for a, role in zip(actors, kind.roles, strict=True) if a)
        if not participants:
            raise _Bad("Source Name", "no actor", "an ICEWS event names its source actor")
        place = self.place()
        plover, mode = known.plover
        figures: tuple[Figure, ...] = ()
        intensity = self.text("Intensity")
        if intensity is not None:
            try:
                figures = (Figure("goldsteinScale", decimal(intensity), "decimal"),)
            except ValueError as exc:
                raise _Bad("Intensity", str(exc)) from None
            if not -10 <= float(figures[0].value) <= 10:
                raise _Bad("Intensity", f'"{intensity}" is out of range', "-10 to 10")
        end = self.date("enddate") if j and self.text("enddate") else None
        return EventRecord(
            dataset="icews", record_id=rid, location=self.location,
            cls=kind.cls, label=event_label(f"{known.label} ({code})", participants, place, day),
            source=self.source(rid), cameo=code, plover=plover, plover_mode=mode, participants=participants,
            place=place, start=day, end=end if end and end > day else None,
            sentence=self.text("text" if j else "Event Sentence"), figures=figures, notes=tuple(self.notes))

    def date(self, name: str) -> str:
        text = self.text(name) or ""
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return dt.date.fromisoformat(text).isoformat()
            match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)  # the 2017 file: m/d/Y
            if match:
                return dt.date(int(match[3]), int(match[1]), int(match[2])).isoformat()
        except ValueError:
            pass
        raise _Bad(name, f'"{text}" is not a date', "YYYY-MM-DD")

    def actor(self, side: str) -> Actor | None:
        if side == "protesteridentity":
            identity = self.text(side)
            if identity is None:
                return None
            parts = identity.rsplit(": ", 2)  # "Name: Sectors: Country"
            name, sectors, country_name = (parts[0], parts[1], parts[2]) if len(parts) == 3 else (identity, "", "")
        else:
            name = self.text(f"{side} Name") or ""
            sectors = self.text(f"{side} Sectors") or ""
            country_name = self.text(f"{side} Country") or ""
            if not name:
                return None
        country = name_country(country_name) if country_name else None
        if country_name and country is None:
            self.notes.append(f"ICEWS country {country_name}")
        sector_list = tuple(dict.fromkeys(s.strip() for s in sectors.split(",") if s.strip()))
        if country is not None and not sector_list and name_country(name) == country:
            return Actor(None, country.name, country, sectors=sector_list, text=name)
        return Actor(f"icews-{key_part(name, 60)}", name, country, sectors=sector_list, text=name)

    def place(self) -> Place | None:
        if self.json_layout:
            locations = self.v.get("location")
            where = locations[0] if isinstance(locations, list) and locations else {}
            where = where if isinstance(where, Mapping) else {}
            get = {k: text_of(where.get(k)) for k in ("city", "district", "province", "country", "lat", "long")}
            city, district, province, country_name, lat, lon = get.values()
        else:
            city, district, province, country_name = (self.text(c) for c in ("City", "District", "Province",
                                                                              "Country"))
            lat, lon = self.text("Latitude"), self.text("Longitude")
        if not any((city, district, province, country_name)):
            return None
        country = name_country(country_name) if country_name else None
        if country_name and country is None:
            self.notes.append(f"ICEWS country {country_name}")
        coords = []
        for value, name, limit in ((lat, "Latitude", 90.0), (lon, "Longitude", 180.0)):
            try:
                coords.append(decimal(value) if value else None)
            except ValueError as exc:
                raise _Bad(name, str(exc)) from None
            if coords[-1] is not None and abs(float(coords[-1] or 0)) > limit:
                raise _Bad(name, f'"{value}" is out of range')
        name = ", ".join(x for x in (city, district, province, country_name) if x)
        if country is not None and not (city or district or province):
            return Place(None, country.name, country)
        key = "place-icews-" + "-".join(key_part(x, 30) for x in (city or district or province, country_name) if x)
        return Place(key, name, country, latitude=coords[0], longitude=coords[1])

    def source(self, rid: str) -> Source:
        story = self.text("Story ID")
        if self.json_layout:
            publication = self.text("publication") or ""
            parts = [p.strip() for p in publication.split(": ")]
            publisher = next((p for p in parts if not missing(p) and p.lower() != "unknown"), "unknown publisher")
            headline = self.text("headline")
            language = self.v.get("language")
            lang = text_of(language[0]) if isinstance(language, list) and language else text_of(language)
            sid = f"icews-story-{key_part(story, 40)}" if story else \
                f"icews-{digest(publication + chr(10) + (headline or rid))}"
            return Source(sid, f"outlet-{key_part(publisher)}", publisher, lang or "und",
                          title=headline, citation=self.text("citation"))
        publisher = self.text("Publisher") or "unknown publisher"
        sid = f"icews-story-{key_part(story, 40)}" if story else f"icews-event-{key_part(rid, 40)}"
        return Source(sid, f"outlet-{key_part(publisher)}", publisher, self.text("Language") or "und",
                      title=self.text("Headline"))
