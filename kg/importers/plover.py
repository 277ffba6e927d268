"""PLOVER records (JSON): the field names of the PLOVER manual and of the gold-standard records.

A file holds a JSON array of records, or records one after another (JSON Lines). Both spellings
are read: the manual's (``actor``, ``recipient``, ``event_loc``, ``event_text``, ``cite_info``)
and the gold-standard records' (``source``, ``target``, ``eventLoc``, ``eventText``,
``publication``). Only ``id``, ``date``, ``actor`` (or ``source``) and ``event`` are required.

Identity: the record ``id`` (``…/event/plover-<id>``); one named graph per record. PLOVER 0.5
types and modes renamed by PLOVER 2021 are read under their new names (see
:data:`kg.importers.codes.LEGACY_TYPES`); ``DOCUMENT`` records, which document a file, are
skipped. Records are taken as coded by hand (the gold standard is): their claims are certain.
PLOVER gives no CAMEO code: an event of one of kg's classes gets its class's code, as a facts
file would (040 Meeting, 041 PhoneCall, 042 Visit or 043 when the actor hosts, 060 Cooperation).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from kg.countries import lookup_country
from kg.errors import InputError, Location, Problem, RecordError
from kg.importers.codes import LEGACY_MODES, LEGACY_TYPES, cameo_country, plover_vocabulary
from kg.importers.inputs import read_json_values
from kg.importers.records import (
    Actor,
    EventRecord,
    Participant,
    Place,
    Source,
    decimal,
    event_label,
    key_part,
    missing,
    text_of,
    web_url,
)
from kg.mapper import TYPE_CODES


class Skipped:
    """A record that is no event (a ``DOCUMENT`` record), with why."""

    def __init__(self, location: Location, reason: str) -> None:
        self.location, self.reason = location, reason


def read_plover(path: Path) -> Iterator[EventRecord | RecordError | Skipped]:
    """The events of a PLOVER JSON file; bad records come as RecordError, DOCUMENT records as Skipped.

    Raises:
        InputError: the file is not JSON, or holds no PLOVER records.
    """
    first = True
    for item in read_json_values(path):
        value = item.value
        if first:
            first = False
            if isinstance(value, Mapping) and ("GLOBALEVENTID" in value or "Event ID" in value
                                               or "protesteridentity" in value):
                dataset = "a GDELT" if "GLOBALEVENTID" in value else "an ICEWS"
                raise InputError(f"{item.location}: this looks like {dataset} record, not PLOVER "
                                 "(use kg import icews or kg import gdelt)")
            if not isinstance(value, Mapping):
                raise InputError(f"{item.location}: the file starts with a JSON {type(value).__name__}, not a "
                                 "record: not PLOVER JSON (tab-separated GDELT or ICEWS files have their own kinds)")
        if not isinstance(value, Mapping):
            yield RecordError(Problem(item.location, "", f"a JSON {type(value).__name__}, not a record (object)"))
            continue
        if text_of(value.get("event")) == "DOCUMENT":
            yield Skipped(item.location, "a DOCUMENT record (documentation, not an event)")
            continue
        try:
            yield _Record(value, item.location).record()
        except _Bad as bad:
            yield RecordError(Problem(item.location, bad.field, bad.message, bad.hint))


class _Bad(Exception):
    def __init__(self, field: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.field, self.message, self.hint = field, message, hint


def _first(record: Mapping[str, object], *names: str) -> object:
    for name in names:
        if name in record and not missing(record[name]):
            return record[name]
    return None


def _words(value: object) -> tuple[str, ...]:
    """A list, or a comma-separated text, as a tuple of texts."""
    items = value if isinstance(value, list) else str(value).split(",") if isinstance(value, str) else []
    return tuple(dict.fromkeys(t for v in items if (t := text_of(v))))


class _Record:
    def __init__(self, record: Mapping[str, object], location: Location) -> None:
        self.r = record
        self.location = location
        self.notes: list[str] = []
        self.legacy_host = False
        cite = record.get("cite_info")
        self.cite: Mapping[str, object] = cite if isinstance(cite, Mapping) else {}

    def record(self) -> EventRecord:
        rid = text_of(self.r.get("id"))
        if rid is None:
            raise _Bad("id", "is missing", "every PLOVER record has an id")
        start = self.date("date", required=True) or ""
        end = self.date("enddate", required=False)
        kind, mode = self.codes()
        actors = self.actors("actor", "source")
        recipients = self.actors("recipient", "target")
        if not actors and not recipients:
            raise _Bad("actor", "no actor", "a PLOVER record names at least one actor")
        cls, roles = self.kind(kind, mode)
        if self.legacy_host:
            roles = ("host", "visitor")
        participants = tuple(dict.fromkeys(
            [Participant(a, roles[0]) for a in actors]
            + [Participant(a, roles[1]) for a in recipients]))
        place = self.place()
        title = f"{kind} ({mode})" if mode else (kind or "PLOVER event")
        # PLOVER has no CAMEO code; a class of kg's own gets its class's code, as in facts
        cameo = "043" if self.legacy_host and cls == "Visit" else TYPE_CODES[cls][0]
        return EventRecord(
            dataset="plover", record_id=rid, location=self.location,
            cls=cls, label=event_label(title, participants, place, start), source=self.source(rid),
            cameo=cameo, plover=kind, plover_mode=mode, participants=participants, place=place, start=start,
            end=end if end and end > start else None,
            sentence=text_of(_first(self.r, "text")), topics=_words(_first(self.r, "context")),
            notes=tuple(self.notes))

    def date(self, name: str, *, required: bool) -> str | None:
        text = text_of(_first(self.r, name, name.replace("date", "_date")))
        if text is None:
            if required:
                raise _Bad(name, "is missing", "YYYY-MM-DD")
            return None
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
        raise _Bad(name, f'"{text}" is not a date', "YYYY-MM-DD")

    def codes(self) -> tuple[str | None, str | None]:
        types, modes = plover_vocabulary()
        raw_type = text_of(self.r.get("event"))
        if raw_type is None:
            raise _Bad("event", "is missing", "a PLOVER event type such as CONSULT")
        raw_type = raw_type.upper()
        mode_values = _words(_first(self.r, "mode"))
        raw_mode = mode_values[0].lower() if mode_values else None
        kind, mode = raw_type, raw_mode
        if kind not in types:
            if kind not in LEGACY_TYPES:
                raise _Bad("event", f'"{raw_type}" is not a PLOVER event type',
                           "one of " + ", ".join(sorted(types)))
            kind, implied = LEGACY_TYPES[kind]
            mode = mode or implied
            self.notes.append(f"PLOVER 0.5 type {raw_type} read as {kind}")
        self.legacy_host = mode == "host"
        if mode is not None and mode not in modes:
            if mode in LEGACY_MODES:
                self.notes.append(f"PLOVER 0.5 mode {mode} read as {LEGACY_MODES[mode]}")
                mode = LEGACY_MODES[mode]
            else:
                self.notes.append(f"PLOVER mode {mode}")
                mode = None
        return kind, mode

    @staticmethod
    def kind(kind: str | None, mode: str | None) -> tuple[str, tuple[str, str]]:
        if kind == "CONSULT":
            if mode == "visit":
                return "Visit", ("visitor", "host")
            if mode == "phone":
                return "PhoneCall", ("participant", "counterpart")
            return "Meeting", ("participant", "counterpart")
        if kind == "COOPERATE":
            return "Cooperation", ("participant", "counterpart")
        return "Event", ("source", "target")

    def actors(self, *names: str) -> list[Actor]:
        value = _first(self.r, *names)
        entities = value if isinstance(value, list) else [value] if isinstance(value, Mapping) else []
        out = []
        for entity in entities:
            if isinstance(entity, Mapping):
                actor = self.actor(entity)
                if actor is not None:
                    out.append(actor)
        return out

    def actor(self, entity: Mapping[str, object]) -> Actor | None:
        code = text_of(entity.get("code"))
        name = text_of(_first(entity, "entity_text", "actorText", "identifier_text")) or code
        if name is None:
            return None
        country = cameo_country(code.upper()) if code else None
        if code and country is None:
            self.notes.append(f"PLOVER actor code {code}")
        sectors = _words(entity.get("sector"))
        qid = text_of(entity.get("identifier_id"))
        wikidata = qid if qid and re.fullmatch(r"Q[1-9][0-9]*", qid) else None
        if country is not None and not sectors and not wikidata:
            return Actor(None, country.name, country, code=code, sectors=sectors, text=name)
        key = f"wikidata-{wikidata.lower()}" if wikidata else \
            f"plover-{key_part(code or 'actor', 12)}-{key_part(name)}"
        label = text_of(entity.get("identifier_text")) if wikidata else None
        return Actor(key, label or name, country, code=code, sectors=sectors, wikidata=wikidata, text=name)

    def place(self) -> Place | None:
        where = _first(self.r, "event_loc", "eventLoc")
        if not isinstance(where, Mapping):
            return None
        name = text_of(_first(where, "resolved_place", "name", "extracted_place"))
        code = text_of(_first(where, "country_code", "country code"))
        country = lookup_country(code.upper()) if code and len(code) in (2, 3) else None
        if code and country is None:
            self.notes.append(f"PLOVER location country code {code}")
        coords = []
        for field, limit in (("lat", 90.0), ("lon", 180.0)):
            value = text_of(where.get(field))
            try:
                coords.append(decimal(value) if value else None)
            except ValueError as exc:
                raise _Bad(f"event_loc.{field}", str(exc)) from None
            if coords[-1] is not None and abs(float(coords[-1] or 0)) > limit:
                raise _Bad(f"event_loc.{field}", f'"{value}" is out of range')
        geonames = text_of(where.get("geonameid"))
        if name is None and country is not None:
            return Place(None, country.name, country)
        if name is None:
            return None
        key = f"place-geonames-{key_part(geonames)}" if geonames else \
            f"place-plover-{key_part(name, 30)}" + (f"-{key_part(code)}" if code else "")
        return Place(key, name, country, feature_id=geonames, latitude=coords[0], longitude=coords[1])

    def source(self, rid: str) -> Source:
        url = web_url(text_of(self.cite.get("url")) or "")
        publisher = text_of(_first(self.cite, "publication", "corpus")) or text_of(self.r.get("publication")) \
            or text_of(_first(self.cite, "coder")) or text_of(self.r.get("coder")) or "unknown publisher"
        language = text_of(_first(self.cite, "language")) or text_of(self.r.get("language")) or "und"
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
            self.notes.append(f"PLOVER language {language}")
            language = "und"
        return Source(f"plover-{key_part(rid, 80)}", f"outlet-{key_part(publisher)}", publisher, language,
                      publisher_type="NewsOrganization" if url else "Organization", url=url,
                      title=text_of(self.cite.get("title")), citation=text_of(self.cite.get("citation")))
