"""The facts of an article as plain Python objects (no rdflib here).

Readers build these from facts files; :mod:`kg.resolve` checks references and
computes what depends on several of them; :mod:`kg.mapper` turns them into RDF.
Every object keeps the :class:`~kg.errors.Location` it was written at, so that
later stages (SHACL validation among them) can point back at the facts file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.dates import DateValue
from kg.errors import Location, Problem

#: Names (or labels) per language tag; the first name of each language is preferred.
Names = tuple[tuple[str, tuple[str, ...]], ...]

ENTITY_TYPES = ("Person", "Group", "Organization", "GovernmentBody", "NewsOrganization",
                "Country", "City", "Place", "Agent")
EVENT_TYPES = ("Meeting", "Visit", "Summit", "PhoneCall", "Cooperation", "AgreementSigning",
               "Statement", "Event")


def first_name(names: Names, lang: str = "en") -> str | None:
    """The preferred name in ``lang``, else the first name given.

    >>> first_name((("ar", ("بوتين",)), ("en", ("Putin", "V. Putin"))))
    'Putin'
    """
    for tag, values in names:
        if tag == lang:
            return values[0]
    return names[0][1][0] if names else None


@dataclass(frozen=True)
class Quote:
    """An exact quote from the article text, as written in the facts file."""

    text: str
    location: Location


@dataclass(frozen=True)
class TimeSpec:
    """When something happened: one date, an interval, or a bound, with the original wording."""

    on: DateValue | None = None
    start: DateValue | None = None
    end: DateValue | None = None
    before: DateValue | None = None
    after: DateValue | None = None
    text: str | None = None

    @property
    def earliest(self) -> DateValue | None:
        """The first possible day, if known (``after X`` starts the day after X)."""
        return self.on or self.start or None

    @property
    def precision(self) -> str | None:
        """Precision of the stated date (coarsest end of an interval)."""
        order = {"day": 0, "month": 1, "year": 2}
        given = [d for d in (self.on, self.start, self.end, self.before, self.after) if d]
        if not given:
            return None
        return max((d.precision for d in given), key=order.__getitem__)


@dataclass(frozen=True)
class Position:
    """A post held by a person: role (names per language), of which country or body, from/to."""

    role: Names
    of: str | None
    start: DateValue | None
    end: DateValue | None
    location: Location


@dataclass(frozen=True)
class Entity:
    """A person, group, organisation, government body, country, city or place."""

    key: str
    type: str
    names: Names
    wikidata: str | None
    country: str | None
    positions: tuple[Position, ...]
    location: Location


@dataclass(frozen=True)
class Participant:
    """An entity taking part in an event, in a role and (optionally) a stated capacity."""

    entity: str
    role: str
    capacity: str | None
    evidence: tuple[Quote, ...]
    location: Location
    field: str = ""  # where it was written: events[2].participants[0]


@dataclass(frozen=True)
class Record:
    """The event-data record an event was read from (GDELT, ICEWS, PLOVER): its evidence."""

    dataset: str  # gdelt1, gdelt2, icews or plover
    id: str
    sentence: str | None
    location: Location


@dataclass(frozen=True)
class Event:
    """One event as the article reports it."""

    id: str
    type: str
    location: Location
    field: str = ""  # where it was written: events[2]
    label: Names = ()
    participants: tuple[Participant, ...] = ()
    place: str | None = None
    when: TimeSpec | None = None
    topics: tuple[Names, ...] = ()
    count: int | None = None
    purpose: str | None = None
    about: tuple[str, ...] = ()
    part_of: str | None = None
    status: str = "occurred"
    certainty: str = "certain"
    polarity: str = "positive"
    according_to: tuple[str, ...] = ()
    quote: Quote | None = None
    content: Names = ()
    evidence: tuple[Quote, ...] = ()
    cameo: str | None = None
    plover: str | None = None
    plover_mode: str | None = None
    record: Record | None = None


@dataclass(frozen=True)
class Attendance:
    """"X attended summit S", said on its own; becomes an attendee of S."""

    id: str
    attendee: str
    summit: str
    evidence: tuple[Quote, ...]
    location: Location
    field: str = ""


@dataclass(frozen=True)
class Article:
    """The article a facts document describes. An article known only from event-data records
    (``dataset``) may have no title and no publication date."""

    id: str
    title: str | None
    publisher: str
    language: str
    published: DateValue | None
    url: str | None
    text_path: Path | None
    location: Location
    dataset: str | None = None
    citation: str | None = None


@dataclass(frozen=True)
class FactsDocument:
    """One facts file: an article with its events, and/or entities."""

    path: Path
    label: str
    article: Article | None
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    attendances: tuple[Attendance, ...] = ()
    includes: tuple[Path, ...] = ()
    text: str | None = field(default=None, repr=False)
    warnings: tuple[Problem, ...] = ()
