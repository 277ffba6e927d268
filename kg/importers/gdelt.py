"""GDELT event exports: 2.0 (61 columns) and 1.0 (58-column daily files, 57-column backfile).

Files are tab-separated with no header and no quoting (``csv`` with ``QUOTE_NONE``), plain,
``.gz`` or ``.zip`` (members streamed, never extracted). Each row becomes one
:class:`~kg.importers.records.EventRecord`; rows are read one at a time.

Identity: GLOBALEVENTID. Rows with the same id, in one file or several, are the same event node
(``…/event/gdelt-<id>``), reported in each row's article. The layout is fixed by the first row
(61 columns: 2.0; 57 or 58: 1.0, which mixes both); a row of another layout is refused by name.
Column names and meanings follow the GDELT 1.0 and 2.0 event codebooks.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from kg.countries import Country
from kg.errors import InputError, Location, Problem, RecordError
from kg.importers.codes import cameo_codes, cameo_country, event_kind, fips_country, fips_table
from kg.importers.inputs import Line, read_lines
from kg.importers.records import (
    Actor,
    EventRecord,
    Figure,
    Participant,
    Place,
    Source,
    decimal,
    digest,
    domain,
    event_label,
    integer,
    key_part,
    web_url,
)

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_EVENT = ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
          "NumMentions", "NumSources", "NumArticles", "AvgTone")
_GEO2 = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_GEO1 = ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID")


def _columns(geo: tuple[str, ...], tail: tuple[str, ...]) -> tuple[str, ...]:
    actors = [f"Actor{n}{c}" for n in (1, 2) for c in _ACTOR]
    geos = [f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in geo]
    return ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", *actors, *_EVENT, *geos, *tail)


#: The three layouts, by column count.
COLUMNS: dict[int, tuple[str, ...]] = {
    61: _columns(_GEO2, ("DATEADDED", "SOURCEURL")),
    58: _columns(_GEO1, ("DATEADDED", "SOURCEURL")),
    57: _columns(_GEO1, ("DATEADDED",)),
}
assert all(len(names) == n for n, names in COLUMNS.items())

_NAMES = {61: "GDELT 2.0 events export", 58: "GDELT 1.0 daily events file", 57: "GDELT 1.0 historical backfile"}
_OTHER = {16: "a GDELT 2.0 mentions file", 15: "a GDELT 2.0 mentions file", 27: "a GDELT GKG 2.1 file",
          20: "an ICEWS event file (use kg import icews)"}


def describe_layout(count: int) -> str:
    """What a row of ``count`` tab-separated columns looks like.

    >>> describe_layout(58)
    '58 columns: looks like GDELT 1.0 daily'
    """
    if count == 58:
        return "58 columns: looks like GDELT 1.0 daily"
    if count == 57:
        return "57 columns: looks like the GDELT 1.0 historical backfile"
    if count == 61:
        return "61 columns: looks like a GDELT 2.0 events export"
    if count in _OTHER:
        return f"{count} columns: this looks like {_OTHER[count]}"
    return f"{count} column{'s' if count != 1 else ''}: not a GDELT events file (2.0 has 61, 1.0 has 57 or 58)"


def read_gdelt(path: Path) -> Iterator[EventRecord | RecordError]:
    """The events of a GDELT export file, one per row; a bad row comes as a RecordError.

    Raises:
        InputError: the file is not a GDELT events file (JSON, a mentions or GKG file, a header
            row, rows of another layout from the first line on).

    >>> from kg.importers.gdelt import read_gdelt  # doctest: +SKIP
    >>> next(read_gdelt(Path("20150218230000.export.CSV"))).cls  # doctest: +SKIP
    'Visit'
    """
    layout: int | None = None
    translated = "translation" in path.name.lower()
    for item in read_lines(path):
        if isinstance(item, RecordError):
            yield item
            continue
        if not item.text.strip():
            continue
        row = next(csv.reader([item.text], delimiter="\t", quoting=csv.QUOTE_NONE))
        if layout is None:
            layout = _first_layout(row, item)
        if len(row) != layout and not (layout in (57, 58) and len(row) in (57, 58)):
            yield RecordError(Problem(item.location, "", f"{describe_layout(len(row))}, "
                                      f"but this file is a {_NAMES[layout]} ({layout} columns)",
                                      "one file holds one GDELT version"))
            continue
        try:
            yield _Row(row, item.location, translated).record()
        except _Bad as bad:
            yield RecordError(Problem(item.location, bad.column, bad.message, bad.hint))


def _first_layout(row: list[str], item: Line) -> int:
    text = item.text.lstrip()
    if text.startswith(("{", "[")):
        raise InputError(f"{item.location}: this is JSON, not a GDELT export (for PLOVER or ICEWS records use "
                         "kg import plover or kg import icews)")
    if len(row) in COLUMNS and not row[0].strip().isdigit() and row[0].strip().upper() == "GLOBALEVENTID":
        raise InputError(f"{item.location}: a header row; GDELT export files have none (remove the line)")
    if len(row) == 1 and text.count(",") >= 10:
        raise InputError(f"{item.location}: comma-separated values; GDELT export files are tab-separated "
                         "(a BigQuery CSV export? export as TSV without a header)")
    if len(row) not in COLUMNS:
        raise InputError(f"{item.location}: {describe_layout(len(row))}")
    return len(row)


class _Bad(Exception):
    def __init__(self, column: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.column, self.message, self.hint = column, message, hint


class _Row:
    """One row, read column by column; problems name the column."""

    def __init__(self, row: list[str], location: Location, translated: bool) -> None:
        self.names = COLUMNS[len(row)]
        self.values = dict(zip(self.names, (v.strip() for v in row), strict=True))
        self.location = location
        self.translated = translated
        self.version = 2 if len(row) == 61 else 1
        self.notes: list[str] = []

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    def number(self, column: str, *, low: float | None = None, high: float | None = None,
               whole: bool = False, required: bool = True) -> str | None:
        text = self.get(column)
        if not text:
            if required:
                raise _Bad(column, "is empty", "a number is expected")
            return None
        try:
            value = integer(text) if whole else decimal(text)
        except ValueError as exc:
            raise _Bad(column, str(exc)) from None
        if (low is not None and float(value) < low) or (high is not None and float(value) > high):
            raise _Bad(column, f'"{text}" is out of range', f"expected {low} to {high}")
        return value

    def record(self) -> EventRecord:
        gid = self.get("GLOBALEVENTID")
        if not gid.isdigit():
            raise _Bad("GLOBALEVENTID", f'"{gid}" is not an event id', "a whole number is expected")
        day = self.date("SQLDATE")
        code = self.get("EventCode")
        known = cameo_codes().get(code)
        if known is None:
            raise _Bad("EventCode", f'"{code}" is not a CAMEO event code',
                       "codes are strings of 2 to 4 digits, such as 042")
        kind = event_kind(code)
        plover, mode = known.plover
        actors = [self.actor(n) for n in (1, 2)]
        participants = tuple(Participant(actor, role) for actor, role in zip(actors, kind.roles, strict=True)
                             if actor is not None)
        if not participants:
            raise _Bad("Actor1Code", "neither actor is coded", "a GDELT event has at least one actor")
        place = self.geo("Action")
        return EventRecord(
            dataset=f"gdelt{self.version}", record_id=gid, location=self.location,
            cls=kind.cls, label=event_label(f"{known.label} ({code})", participants, place, day),
            source=self.source(gid), cameo=code,
            plover=plover, plover_mode=mode, participants=participants, place=place, start=day,
            figures=self.figures(), notes=tuple(self.notes))

    def date(self, column: str) -> str:
        text = self.get(column)
        try:
            if len(text) != 8 or not text.isdigit():
                raise ValueError
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
        except ValueError:
            raise _Bad(column, f'"{text}" is not a date', "YYYYMMDD") from None

    def figures(self) -> tuple[Figure, ...]:
        root = self.get("IsRootEvent")
        if root not in ("0", "1"):
            raise _Bad("IsRootEvent", f'"{root}" is not 0 or 1')
        quad = self.get("QuadClass")
        if quad not in ("1", "2", "3", "4"):
            raise _Bad("QuadClass", f'"{quad}" is not a quad class', "1 to 4")
        out = [Figure("isRootEvent", "true" if root == "1" else "false", "boolean"),
               Figure("quadClass", quad, "integer")]
        for column, name, low, high, whole in (
                ("GoldsteinScale", "goldsteinScale", -10.0, 10.0, False),
                ("NumMentions", "numMentions", 0.0, None, True), ("NumSources", "numSources", 0.0, None, True),
                ("NumArticles", "numArticles", 0.0, None, True), ("AvgTone", "avgTone", -100.0, 100.0, False)):
            value = self.number(column, low=low, high=high, whole=whole, required=column != "GoldsteinScale")
            if value is not None:
                out.append(Figure(name, value, "integer" if whole else "decimal"))
        return tuple(out)

    def country(self, column: str) -> Country | None:
        """The ISO country of a CAMEO country code (actor columns)."""
        code = self.get(column)
        if not code:
            return None
        country = cameo_country(code)
        if country is None:
            self.notes.append(f"CAMEO country code {code}")
        return country

    def actor(self, n: int) -> Actor | None:
        code, name = self.get(f"Actor{n}Code"), self.get(f"Actor{n}Name")
        if not code and not name:
            return None
        country = self.country(f"Actor{n}CountryCode")
        sectors = tuple(dict.fromkeys(v for c in ("Type1Code", "Type2Code", "Type3Code")
                                      if (v := self.get(f"Actor{n}{c}"))))
        place = self.geo(f"Actor{n}")
        if country is not None and code == self.get(f"Actor{n}CountryCode"):
            # The code is the country's own code: the actor is the state (IND named "MUMBAI" is India).
            return Actor(None, country.name, country, code=code, sectors=sectors, place=place, text=name or None)
        key = f"gdelt-{key_part(code or 'actor', 20)}" + (f"-{key_part(name)}" if name else "")
        return Actor(key, name or code, country, code=code or None, sectors=sectors, place=place, text=name or None)

    def geo(self, who: str) -> Place | None:
        prefix = f"{who}Geo_"
        kind = self.get(prefix + "Type")
        if kind in ("", "0"):
            return None
        if kind not in ("1", "2", "3", "4", "5"):
            raise _Bad(prefix + "Type", f'"{kind}" is not a geography type', "0 to 5")
        name = self.get(prefix + "FullName") or None
        fips = self.get(prefix + "CountryCode") or None
        country = fips_country(fips) if fips else None
        if fips and country is None:
            known = fips_table().get(fips)
            self.notes.append(f"FIPS code {fips}" + (f" ({known.name}: {known.note})" if known else " (unknown)"))
        lat = self.number(prefix + "Lat", low=-90.0, high=90.0, required=False)
        lon = self.number(prefix + "Long", low=-180.0, high=180.0, required=False)
        adm1, adm2 = self.get(prefix + "ADM1Code") or None, self.get(prefix + "ADM2Code") or None
        raw_feature = self.get(prefix + "FeatureID")
        feature = None if raw_feature in ("", "0") else raw_feature  # the 1.0 backfile writes 0 for none
        if kind == "1":
            if country is not None:
                return Place(None, name or country.name, country, fips=fips)
            key = f"place-fips-{key_part(fips or name or 'unknown')}"
        elif kind in ("2", "5"):
            key = f"place-adm1-{key_part(adm1 or fips or name or 'unknown')}"
        elif feature:
            key = f"place-{'gnis' if kind == '3' else 'gns'}-{key_part(feature)}"
        else:
            key = f"place-{key_part(name or 'unknown')}" + (f"-{key_part(adm1)}" if adm1 else "")
        return Place(key, name, country, fips=fips, adm1=adm1, adm2=adm2, feature_id=feature,
                     latitude=lat, longitude=lon)

    def source(self, gid: str) -> Source:
        added = self.get("DATEADDED")
        first_seen = self.first_seen(added)
        cited = self.get("SOURCEURL")
        language = "und" if self.translated else "en"
        url = web_url(cited) if cited else None
        if url is not None:
            host = domain(url) or "unknown"
            return Source(f"{key_part(host)}-{digest(url)}", f"site-{key_part(host)}", host, language, url=url,
                          first_seen=first_seen)
        if cited:
            parts = [p.strip() for p in cited.split("/") if p.strip()]
            if len(parts) >= 2 and parts[-1].startswith("(c)"):
                parts = parts[:-1]
            publisher = parts[-1] if parts else cited
            return Source(f"cited-{digest(cited)}", f"cited-{key_part(publisher)}", publisher, language,
                          citation=cited, first_seen=first_seen)
        # The 1.0 backfile names no source: the record itself is all there is.
        return Source(f"gdelt-event-{gid}", "gdelt-project", "The GDELT Project", language,
                      publisher_type="Organization")

    def first_seen(self, added: str) -> str | None:
        if not added:
            return None
        try:
            if self.version == 2 and len(added) == 14 and added.isdigit():
                stamp = dt.datetime.strptime(added, "%Y%m%d%H%M%S")
                return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
            if self.version == 1 and len(added) == 8 and added.isdigit():
                return dt.date(int(added[:4]), int(added[4:6]), int(added[6:])).isoformat()
        except ValueError:
            pass
        raise _Bad("DATEADDED", f'"{added}" is not a date', "YYYYMMDDHHMMSS" if self.version == 2 else "YYYYMMDD")
