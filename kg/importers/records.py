"""Event records as the importers read them: plain Python, one shape for GDELT, ICEWS and PLOVER.

A reader (:mod:`kg.importers.gdelt`, :mod:`~kg.importers.icews`, :mod:`~kg.importers.plover`)
turns each row or JSON record into an :class:`EventRecord`; :mod:`kg.importers.rdf` turns
records into quads and :mod:`kg.importers.facts_out` into facts files. Keys are entity keys of
the facts format (slugs), so both routes mint the same IRIs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from kg.countries import Country
from kg.errors import Location
from kg.iris import slug
from kg.namespace import DATASETS


@dataclass(frozen=True)
class Place:
    """Where something happened or an actor was: a country, or a named place with its codes.

    ``key`` is None when the place is the country itself (GDELT geography type 1).
    """

    key: str | None
    name: str | None
    country: Country | None
    fips: str | None = None
    adm1: str | None = None
    adm2: str | None = None
    feature_id: str | None = None
    latitude: str | None = None
    longitude: str | None = None


@dataclass(frozen=True)
class Actor:
    """An actor as a record codes it. ``key`` is None when the actor is a country itself."""

    key: str | None
    name: str
    country: Country | None
    code: str | None = None
    sectors: tuple[str, ...] = ()
    wikidata: str | None = None
    place: Place | None = None
    text: str | None = None  # the words of the record for the actor (GDELT Actor1Name, PLOVER entity_text)


@dataclass(frozen=True)
class Participant:
    actor: Actor
    role: str


@dataclass(frozen=True)
class Source:
    """The article (or other document) a record was coded from: one named graph each."""

    id: str
    publisher_key: str
    publisher_name: str
    language: str
    publisher_type: str = "NewsOrganization"
    url: str | None = None
    citation: str | None = None
    title: str | None = None
    published: str | None = None
    first_seen: str | None = None  # xsd:dateTime (GDELT 2.0) or xsd:date (1.0) lexical form


@dataclass(frozen=True)
class Figure:
    """A number the dataset gives about the event (GDELT's GoldsteinScale, NumMentions …)."""

    name: str  # the kg property's local name
    value: str  # canonical lexical form
    datatype: str  # XSD local name: integer, decimal, boolean


@dataclass(frozen=True)
class EventRecord:
    """One event record, ready to become RDF or facts."""

    dataset: str
    record_id: str
    location: Location
    cls: str  # kg class local name: Meeting, Visit, …, Event
    label: str
    source: Source
    cameo: str | None = None
    plover: str | None = None
    plover_mode: str | None = None
    participants: tuple[Participant, ...] = ()
    place: Place | None = None
    start: str | None = None  # YYYY-MM-DD
    end: str | None = None  # YYYY-MM-DD, when the record gives an end date after the start
    sentence: str | None = None
    topics: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def machine_coded(self) -> bool:
        return DATASETS[self.dataset]

    @property
    def certainty(self) -> str:
        """A machine-coded record makes a probable claim; a hand-coded one a certain claim."""
        return "probable" if self.machine_coded else "certain"


# --------------------------------------------------------------------------- helpers for readers


def key_part(text: str, limit: int = 40) -> str:
    """A slug for a key: ASCII, lowercase, '-'-separated; a short hash when nothing is left.

    >>> key_part("BARACK OBAMA"), key_part("-1299321")
    ('barack-obama', 'm1299321')
    """
    text = text.strip()
    if re.fullmatch(r"-\d+", text):
        return "m" + text[1:]
    out = slug(text)[:limit].strip("-")
    return out or "h-" + hashlib.sha1(text.encode()).hexdigest()[:12]


def digest(text: str, length: int = 12) -> str:
    return hashlib.sha1(unicodedata.normalize("NFC", text).encode()).hexdigest()[:length]


def decimal(text: str) -> str:
    """The canonical lexical form of an xsd:decimal (as RDF stores write it back).

    >>> decimal("2.80"), decimal("-41"), decimal("-0.0"), decimal("100")
    ('2.8', '-41', '0', '100')

    Raises:
        ValueError: not a decimal number.
    """
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f'"{text}" is not a number') from None
    if not value.is_finite() or "e" in text.lower():
        raise ValueError(f'"{text}" is not a decimal number')
    value = value.normalize()
    out = format(value, "f")
    return "0" if out in ("-0", "0") else out


def integer(text: str) -> str:
    """The canonical lexical form of an xsd:integer.

    Raises:
        ValueError: not a whole number.
    """
    if not re.fullmatch(r"[+-]?\d+", text.strip()):
        raise ValueError(f'"{text}" is not a whole number')
    return str(int(text))


_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


def web_url(text: str) -> str | None:
    """An http(s) URL made safe as an IRI (unsafe ASCII percent-encoded), or None if not a URL.

    >>> web_url("http://example.org/a b|c"), web_url("BBC Monitoring")
    ('http://example.org/a%20b%7Cc', None)
    """
    text = text.strip()
    if not re.match(r"^https?://[^/\s]", text, re.I):
        return None
    safe = _IRI_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), text)
    return safe


def domain(url: str) -> str:
    """The host of a URL, lowercased, without ``www.``."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def event_label(kind: str, participants: tuple[Participant, ...], place: Place | None, day: str | None) -> str:
    """An English label: "Make a visit (042): NEW ZEALAND; Great Southern, Victoria, Australia; 2014-02-18".

    >>> event_label("Consult", (), None, "2015-02-18")
    'Consult: 2015-02-18'
    """
    names = ", ".join(dict.fromkeys(p.actor.name for p in participants))
    rest = "; ".join(x for x in (names, place.name if place else None, day) if x)
    return f"{kind}: {rest}" if rest else kind


def missing(value: object) -> bool:
    """Empty, or a placeholder some files write for missing values (NULL, None, null)."""
    return value is None or (isinstance(value, str) and value.strip() in ("", "NULL", "None", "null", "NA"))


def text_of(value: object) -> str | None:
    """A value as clean text, or None when missing."""
    if missing(value):
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return None
