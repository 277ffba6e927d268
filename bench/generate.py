#!/usr/bin/env python3
"""Generate a deterministic synthetic corpus in kg's facts format, plus views for the baselines.

A corpus of N events (facts-file event items, Attendance included) is a directory:

    OUT/
      manifest.json            seed, sizes, counts by event type, bytes, generation time
      facts/                   what `kg build OUT/facts` reads
        entities/*.json        shared entities-only documents (persons, bodies, outlets, places …)
        0000/<article>.json    one article per facts file, 1,000 articles per directory …
        0000/<article>.ar.txt  … next to its Arabic text (every evidence quote occurs in it)
      views/                   the same events resolved and flattened, for the baselines
        jsonl/0000.jsonl       one article per line (f-string, pyoxigraph, rdflib baselines)
        csv/<table>.csv        one file per table (Morph-KGC, through rml/kg.rml.ttl)

Articles hold 1–20 events of every type (Meeting, Visit, Summit + Attendance, PhoneCall,
Cooperation, AgreementSigning, Statement with quote and content), participants with roles and
capacities from dated positions, places, dates of every precision and form, topics, counts,
purpose / part_of / about links, attribution (according_to) and modality (status, certainty,
polarity), and evidence quotes copied from the article's text. Entities come from a fixed pool
(about 1,700 people, bodies, organisations, groups, outlets and cities, countries by ISO code),
reused across articles with realistic (skewed) popularity; a few articles define entities of
their own.

The same seed gives the same files, whatever --jobs. Memory stays flat: each worker holds the
entity pool and one article at a time.

Examples:

    .venv/bin/python bench/generate.py --events 10000 --out bench/data/10k
    .venv/bin/python bench/generate.py --events 1000000 --out bench/data/1m --jobs 2
    .venv/bin/python bench/generate.py --events 2000 --out /tmp/c --format yaml --no-views
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import hashlib
import itertools
import json
import os
import random
import shutil
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pools
from mapping import BASE, DATATYPES, TABLES, Tables

from kg.countries import Country, lookup_country
from kg.iris import slug

GENERATOR_VERSION = 1
ARTICLES_PER_DIR = 1000
FIRST_DAY = dt.date(1996, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
CONTEXT = 32  # prefix / suffix length of kg's text-quote selectors
DIGITS_AR = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

#: Event type → share of the event items of a corpus (Attendance needs a Summit in its article).
EVENT_MIX: tuple[tuple[str, float], ...] = (
    ("Meeting", 0.25), ("Statement", 0.25), ("Visit", 0.13), ("PhoneCall", 0.08), ("Cooperation", 0.09),
    ("AgreementSigning", 0.06), ("Summit", 0.05), ("Attendance", 0.09),
)
#: kg's default CAMEO code, PLOVER type and mode per event type (kg/mapper.py TYPE_CODES).
TYPE_CODES: dict[str, tuple[str, str, str]] = {
    "Meeting": ("040", "CONSULT", ""), "Visit": ("042", "CONSULT", "visit"),
    "Summit": ("040", "CONSULT", "multilateral"), "PhoneCall": ("041", "CONSULT", "phone"),
    "Cooperation": ("060", "COOPERATE", ""), "AgreementSigning": ("057", "SUPPORT", ""),
    "Statement": ("010", "", ""),
}
DEFAULT_ROLE = {"Summit": "attendee", "Statement": "speaker"}


# --------------------------------------------------------------------------- dates

@dataclass(frozen=True)
class Date:
    """A date as written in the facts: its text, precision and first and last day."""

    text: str
    precision: str
    earliest: dt.date
    latest: dt.date

    @staticmethod
    def day(d: dt.date) -> Date:
        return Date(d.isoformat(), "day", d, d)

    @staticmethod
    def month(year: int, month: int) -> Date:
        first = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return Date(f"{year:04d}-{month:02d}", "month", first, nxt - dt.timedelta(days=1))

    @staticmethod
    def year(year: int) -> Date:
        return Date(f"{year:04d}", "year", dt.date(year, 1, 1), dt.date(year, 12, 31))


@dataclass
class When:
    on: Date | None = None
    start: Date | None = None
    end: Date | None = None
    before: Date | None = None
    after: Date | None = None
    text: str | None = None

    def window(self) -> tuple[dt.date | None, dt.date | None]:
        """kg's time window (kg.resolve.time_window)."""
        earliest = latest = None
        if self.on:
            earliest, latest = self.on.earliest, self.on.latest
        if self.start:
            earliest = self.start.earliest
        if self.end:
            latest = self.end.latest
        if self.before:
            latest = self.before.earliest - dt.timedelta(days=1)
        if self.after:
            earliest = self.after.latest + dt.timedelta(days=1)
        return earliest, latest

    def precision(self) -> str:
        order = {"day": 0, "month": 1, "year": 2}
        given = [d.precision for d in (self.on, self.start, self.end, self.before, self.after) if d]
        return max(given, key=order.__getitem__) if given else ""

    def facts(self) -> str | dict[str, str]:
        out = {name: d.text for name, d in (("on", self.on), ("from", self.start), ("to", self.end),
                                            ("before", self.before), ("after", self.after)) if d}
        if self.text:
            out["text"] = self.text
        if list(out) == ["on"]:
            return out["on"]
        return out


# --------------------------------------------------------------------------- the entity pool

@dataclass(frozen=True)
class Position:
    role_en: str
    role_ar: str
    of: str
    start: Date | None
    end: Date | None

    def valid(self, start: dt.date | None, end: dt.date | None) -> bool:
        """kg.resolve.position_valid."""
        if self.start is not None and start is not None and self.start.earliest > start:
            return False
        return not (self.end is not None and end is not None and self.end.latest < end)


@dataclass
class Entity:
    key: str
    type: str
    en: tuple[str, ...] = ()
    ar: tuple[str, ...] = ()
    wikidata: str | None = None
    country: str | None = None
    positions: tuple[Position, ...] = ()
    file: str | None = None  # shared entities file stem; None: defined in the article
    mention: str = ""  # how article texts name it

    def facts(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        names: dict[str, Any] = {}
        if self.ar:
            names["ar"] = self.ar[0] if len(self.ar) == 1 else list(self.ar)
        if self.en:
            names["en"] = self.en[0] if len(self.en) == 1 else list(self.en)
        if names:
            out["names"] = names
        if self.wikidata:
            out["wikidata"] = self.wikidata
        if self.country:
            out["country"] = self.country
        if self.positions:
            out["positions"] = [_position_facts(p) for p in self.positions]
        return out


def _position_facts(p: Position) -> dict[str, Any]:
    out: dict[str, Any] = {"role": {"en": p.role_en, "ar": p.role_ar}, "of": p.of}
    if p.start:
        out["from"] = p.start.text
    if p.end:
        out["to"] = p.end.text
    return out


class Weighted:
    """Draws items with fixed weights (bisect on cumulative weights; no numpy)."""

    def __init__(self, items: Sequence[str], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


@dataclass
class Pool:
    """Every shared entity, the countries and the lookups the articles draw from."""

    entities: dict[str, Entity] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    country_ar: dict[str, str] = field(default_factory=dict)
    country_pick: Weighted | None = None
    persons_by_country: dict[str, Weighted] = field(default_factory=dict)
    all_persons: Weighted | None = None
    unnamed_by_country: dict[str, list[str]] = field(default_factory=dict)
    cities_by_country: dict[str, list[str]] = field(default_factory=dict)
    bodies_by_country: dict[str, list[str]] = field(default_factory=dict)
    organizations: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    publishers: list[str] = field(default_factory=list)
    files: dict[str, list[str]] = field(default_factory=dict)  # file stem → keys

    def add(self, entity: Entity) -> None:
        assert entity.key not in self.entities, entity.key
        self.entities[entity.key] = entity
        if entity.file:
            self.files.setdefault(entity.file, []).append(entity.key)


def _random_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _date_of(rng: random.Random, d: dt.date) -> Date:
    """A position date: mostly a day, sometimes only the month or the year."""
    r = rng.random()
    if r < 0.8:
        return Date.day(d)
    if r < 0.95:
        return Date.month(d.year, d.month)
    return Date.year(d.year)


def build_pool(seed: int) -> Pool:
    """The shared entities: the same for every shard of a corpus (it depends on the seed only)."""
    rng = random.Random(f"{seed}/pool")
    pool = Pool()
    codes = [c[0] for c in pools.COUNTRIES]
    for code, ar, _culture, _w in pools.COUNTRIES:
        country = lookup_country(code)
        assert country is not None, code
        pool.countries[code] = country
        pool.country_ar[code] = ar
    pool.country_pick = Weighted(codes, [c[3] for c in pools.COUNTRIES])

    for key, en, ar, code in pools.CITIES:
        pool.add(Entity(key, "City", (en,), (ar,), _qid(rng, 0.5), code, file="places", mention=ar))
        pool.cities_by_country.setdefault(code, []).append(key)

    # People: the top offices of each country are held in sequence (terms of 2-8 years, some
    # re-elected), other offices by many at once; every person has 1-3 dated positions.
    used_names: set[str] = set()
    person_weight: dict[str, float] = {}
    for code, _ar, cult, weight in pools.COUNTRIES:
        people: list[tuple[str, list[Position]]] = []

        def new_person(cult: str = cult, people: list[tuple[str, list[Position]]] = people
                       ) -> tuple[str, list[Position]]:
            for attempt in itertools.count():
                first, family = rng.choice(pools.FIRST[cult]), rng.choice(pools.FAMILY[cult])
                if attempt > 20:  # two given names once the pairs run short
                    second = rng.choice(pools.FIRST[cult])
                    first = (f"{first[0]} {second[0]}", f"{first[1]} {second[1]}")
                name = f"{first[0]} {family[0]}"
                if name not in used_names and slug(name) not in used_names:
                    used_names.update((name, slug(name)))
                    entry: tuple[str, list[Position]] = (
                        f"{first[0]} {family[0]}|{first[1]} {family[1]}|{family[1]}", [])
                    people.append(entry)
                    return entry
            raise AssertionError("unreachable")

        for role_en, role_ar in pools.TOP_ROLES:
            day = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(1500))
            while day < LAST_DAY:
                holder = new_person() if not people or rng.random() < 0.8 else rng.choice(people)
                terms = 2 if rng.random() < 0.25 else 1
                for _ in range(terms):
                    length = rng.randrange(700, 3000)
                    end = day + dt.timedelta(days=length)
                    start_date = _date_of(rng, day)
                    if any(p.role_en == role_en and p.start == start_date for p in holder[1]):
                        break
                    holder[1].append(Position(role_en, role_ar, code, start_date,
                                              _date_of(rng, end) if end < LAST_DAY else None))
                    day = end + dt.timedelta(days=rng.randrange(1, 60))
        for _ in range(8 * weight + 6):
            person = new_person()
            for role_en, role_ar in rng.sample(pools.OTHER_ROLES, rng.choice((1, 1, 2))):
                start = _random_day(rng, dt.date(1990, 1, 1), dt.date(2023, 1, 1))
                end = start + dt.timedelta(days=rng.randrange(400, 4000))
                person[1].append(Position(role_en, role_ar, code, _date_of(rng, start),
                                          _date_of(rng, end) if end < LAST_DAY and rng.random() < 0.6 else None))
        for i, (names, positions) in enumerate(people):
            en, ar, family_ar = names.split("|")
            key = slug(en)
            positions.sort(key=lambda p: (p.start.earliest if p.start else dt.date.min, p.role_en))
            alt_ar = (ar, family_ar) if rng.random() < 0.2 else (ar,)
            role = f"{positions[0].role_ar} " if positions and rng.random() < 0.3 else ""
            pool.add(Entity(key, "Person", (en,), alt_ar, _qid(rng, 0.3), code, tuple(positions),
                            file=f"persons-{cult}", mention=role + ar))
            person_weight[key] = weight / (i + 3)
        for role_en, role_ar in pools.UNNAMED_ROLES:
            key = f"{code.lower()}-{slug(role_en)}"
            pos = Position(role_en, role_ar, code, None, None)
            pool.add(Entity(key, "Person", (), (), None, code, (pos,), file="officials",
                            mention=f"{role_ar} في {pool.country_ar[code]}"))
            pool.unnamed_by_country.setdefault(code, []).append(key)
    persons = [e.key for e in pool.entities.values() if e.type == "Person" and e.en]
    pool.all_persons = Weighted(persons, [person_weight[k] for k in persons])
    for code in codes:
        keys = [e.key for e in pool.entities.values() if e.type == "Person" and e.en and e.country == code]
        pool.persons_by_country[code] = Weighted(keys, [person_weight[k] for k in keys])

    for code in codes:
        ar = pool.country_ar[code]
        en = pool.countries[code].name
        bodies: tuple[tuple[str, tuple[str, ...], str], ...] = (
            ("mfa", (f"Ministry of Foreign Affairs of {en}",), f"وزارة الخارجية في {ar}"),
            ("parliament", (f"Parliament of {en}",), f"برلمان {ar}"),
            ("presidency", (f"Presidential Office of {en}",), f"مكتب الرئاسة في {ar}"))
        for suffix, names_en, name_ar in bodies:
            key = f"{code.lower()}-{suffix}"
            pool.add(Entity(key, "GovernmentBody", names_en, (name_ar,), None, code, file="bodies", mention=name_ar))
            pool.bodies_by_country.setdefault(code, []).append(key)
    for key, names_en, names_ar in pools.ORGANIZATIONS:
        pool.add(Entity(key, "Organization", names_en, names_ar, _qid(rng, 0.7), None, file="organizations",
                        mention=names_ar[0]))
        pool.organizations.append(key)
    for suffix, en, ar in pools.GROUPS:
        pool.add(Entity(suffix, "Group", (en,), (ar,), None, None, file="organizations", mention=ar))
        pool.groups.append(suffix)
        for code in codes[:12]:
            key = f"{code.lower()}-{suffix}"
            c_ar = pool.country_ar[code]
            pool.add(Entity(key, "Group", (f"{en} in {pool.countries[code].name}",), (f"{ar} في {c_ar}",), None,
                            code, file="organizations", mention=f"{ar} في {c_ar}"))
            pool.groups.append(key)
    for key, en, ar, code, arabic in pools.OUTLETS:
        pool.add(Entity(key, "NewsOrganization", (en,), (ar,), _qid(rng, 0.5), code, file="outlets", mention=ar))
        pool.outlets.append(key)
        if arabic:
            pool.publishers.append(key)
    for entity in pool.entities.values():
        for text in (*entity.en, *entity.ar, entity.mention):
            assert unicodedata.is_normalized("NFC", text) and text == text.strip(), text
    return pool


def _qid(rng: random.Random, share: float) -> str | None:
    return f"Q{rng.randrange(1000, 99_999_999)}" if rng.random() < share else None


# --------------------------------------------------------------------------- articles

@dataclass
class Participant:
    entity: str
    role: str
    capacity: str | None = None  # `as:`
    evidence: list[str] = field(default_factory=list)


@dataclass
class Event:
    id: str
    type: str
    participants: list[Participant] = field(default_factory=list)
    label: str | dict[str, str] | None = None
    place: str | None = None
    when: When | None = None
    topics: list[int] = field(default_factory=list)
    topic_as_text: bool = False
    count: int | None = None
    purpose: str | None = None
    part_of: str | None = None
    about: list[str] = field(default_factory=list)
    status: str = "occurred"
    certainty: str = "certain"
    polarity: str = "positive"
    according_to: list[str] = field(default_factory=list)
    quote: str | None = None
    content: str | dict[str, str] | None = None
    evidence: list[str] = field(default_factory=list)
    cameo: str | None = None
    summit: str | None = None  # Attendance only
    sentence: str = ""


def ar_digits(value: object) -> str:
    return str(value).translate(DIGITS_AR)


def join_ar(items: Sequence[str]) -> str:
    """"A وB وC"."""
    return items[0] + "".join(" و" + x for x in items[1:])


class ArticleMaker:
    """Makes one article: facts document, text and view tables."""

    def __init__(self, pool: Pool, rng: random.Random, number: int, n_events: int) -> None:
        self.pool = pool
        self.rng = rng
        self.number = number
        self.n_events = n_events
        self.events: list[Event] = []
        self.local: dict[str, Entity] = {}
        self.title = ""
        self.has_url = False
        self.publisher = rng.choice(pool.publishers)
        self.published = _random_day(rng, FIRST_DAY, LAST_DAY)
        self.id = f"{self.publisher}-{self.published.isoformat()}-{number:07d}"
        assert self.pool.country_pick is not None
        self.focus = [self.pool.country_pick.pick(rng)]
        while len(self.focus) < 2:
            other = self.pool.country_pick.pick(rng)
            if other not in self.focus:
                self.focus.append(other)

    # ---- entities
    def entity(self, key: str) -> Entity:
        return self.local.get(key) or self.pool.entities[key]

    def person(self, exclude: Sequence[str] = ()) -> str:
        rng, pool = self.rng, self.pool
        for _ in range(20):
            r = rng.random()
            if r < 0.06:
                code = rng.choice(self.focus)
                key = rng.choice(pool.unnamed_by_country[code])
            elif r < 0.75:
                key = pool.persons_by_country[rng.choice(self.focus)].pick(rng)
            else:
                assert pool.all_persons is not None
                key = pool.all_persons.pick(rng)
            if key not in exclude:
                return key
        raise AssertionError("no person left")

    def agent(self, exclude: Sequence[str] = ()) -> str:
        r = self.rng.random()
        if r < 0.7:
            return self.person(exclude)
        if r < 0.85:
            key = self.rng.choice(self.focus)
        else:
            key = self.rng.choice(self.pool.bodies_by_country[self.rng.choice(self.focus)])
        return key if key not in exclude else self.person(exclude)

    def source(self) -> str:
        r = self.rng.random()
        if r < 0.5:
            return self.rng.choice(self.pool.groups)
        if r < 0.75:
            return self.rng.choice(self.pool.bodies_by_country[self.rng.choice(self.focus)])
        if r < 0.9:
            return self.rng.choice(self.pool.outlets)
        return self.person()

    def city(self, code: str | None = None) -> str:
        code = code or self.rng.choice(self.focus)
        cities = self.pool.cities_by_country.get(code)
        return self.rng.choice(cities) if cities else code

    def mention(self, key: str) -> str:
        if key.isupper():
            return self.pool.country_ar[key]
        return self.entity(key).mention

    def local_entities(self) -> None:
        rng, art = self.rng, self.id
        if rng.random() < 0.08:
            code = self.focus[0]
            hall = f"قاعة المؤتمرات رقم {ar_digits(self.number)}"
            self.local[f"{art}-venue"] = Entity(f"{art}-venue", "Place", (f"Conference hall {self.number}",),
                                                (hall,), None, code, mention=hall)
        if rng.random() < 0.05:
            code = self.focus[1]
            self.local[f"{art}-adviser"] = Entity(
                f"{art}-adviser", "Person", (), (), None, code,
                (Position("Adviser to the President", "مستشار الرئيس", code, None, None),),
                mention=f"مستشار الرئيس في {self.pool.country_ar[code]}")

    # ---- events
    def make(self) -> None:
        self.local_entities()
        types = [t for t, _ in EVENT_MIX]
        weights = [w for _, w in EVENT_MIX]
        for i in range(self.n_events):
            etype = self.rng.choices(types, weights)[0]
            summits = [e for e in self.events if e.type == "Summit"]
            if etype == "Attendance" and not summits:
                etype = "Summit"
            if etype == "Summit" and summits and self.rng.random() < 0.7:
                etype = "Attendance"
            self.events.append(self.event(etype, i))
        self.link()

    def event(self, etype: str, i: int) -> Event:
        rng = self.rng
        ev = Event(f"{etype.lower()}-{i + 1}", etype)
        if etype == "Attendance":
            summit = rng.choice([e for e in self.events if e.type == "Summit"])
            taken = {p.entity for p in summit.participants} | {
                e.participants[0].entity for e in self.events if e.type == "Attendance" and e.summit == summit.id}
            ev.summit = summit.id
            ev.participants = [Participant(self.person(tuple(taken)), "attendee")]
            return ev
        self.modality(ev)
        self.participants(ev)
        self.where(ev)
        ev.when = self.when(ev)
        if etype in ("Meeting", "PhoneCall", "Cooperation", "AgreementSigning", "Statement", "Summit"):
            k = rng.choice((0, 1, 1, 1, 2, 2, 3)) if etype != "Cooperation" and etype != "AgreementSigning" else 1
            ev.topics = rng.sample(range(len(pools.TOPICS)), k)
            ev.topic_as_text = rng.random() < 0.1
        if etype == "Meeting" and rng.random() < 0.05:
            ev.count = rng.randrange(2, 6)
        if etype == "Meeting" and rng.random() < 0.05:
            ev.cameo = rng.choice(("044", "046"))
        if etype == "Statement":
            template, content = rng.choice(pools.STATEMENTS)
            topic = pools.TOPICS[ev.topics[0] if ev.topics else rng.randrange(len(pools.TOPICS))]
            ev.quote = template.format(t=topic[1][0])
            text = content.format(T=topic[0][:1].upper() + topic[0][1:])
            ev.content = text if rng.random() < 0.3 else {"en": text}
        return ev

    def modality(self, ev: Event) -> None:
        rng = self.rng
        r = rng.random()
        if ev.type == "Cooperation" and r < 0.6:
            ev.status = "ongoing"
        elif r < 0.04:
            ev.status = "planned"
        elif r < 0.09:
            ev.status = "expected"
        elif r < 0.10:
            ev.status = "hypothetical"
        r = rng.random()
        ev.certainty = "probable" if r < 0.08 else "possible" if r < 0.12 else "certain"
        if rng.random() < 0.02:
            ev.polarity = "negative"
        if rng.random() < 0.12:
            ev.according_to = [self.source()] if rng.random() < 0.9 else list(dict.fromkeys(
                [self.source(), self.source()]))

    def participants(self, ev: Event) -> None:
        rng = self.rng
        t = ev.type
        parts: list[Participant] = []

        def add(key: str, role: str) -> None:
            if all(not (p.entity == key and p.role == role) for p in parts):
                parts.append(Participant(key, role))

        taken: list[str] = []
        if t == "Meeting":
            n = rng.choice((2, 2, 2, 2, 3, 4))
            for j in range(n):
                key = self.person(taken) if rng.random() < 0.85 else self.agent(taken)
                taken.append(key)
                role = "participant"
                if rng.random() < 0.2:
                    role = ("host", "visitor", "counterpart", "mediator")[min(j, 3)] if n > 1 else role
                add(key, role)
        elif t == "Visit":
            visitor = self.person()
            add(visitor, "visitor")
            host_country = next(c for c in self.focus if c != self.entity(visitor).country) \
                if self.entity(visitor).country in self.focus else self.focus[0]
            if rng.random() < 0.65:
                add(host_country, "host")
            else:
                add(self.pool.persons_by_country[host_country].pick(rng), "host")
            ev.place = self.city(host_country) if rng.random() < 0.9 else host_country
        elif t == "Summit":
            add(rng.choice(self.pool.organizations), "organizer")
            for _ in range(rng.choice((1, 1, 2, 3))):
                key = self.person(taken)
                taken.append(key)
                add(key, "attendee")
        elif t == "PhoneCall":
            a = self.person()
            b = self.person((a,))
            add(a, "participant")
            add(b, "counterpart" if rng.random() < 0.5 else "participant")
        elif t == "Cooperation":
            if rng.random() < 0.4:
                a, b = self.focus
            else:
                a = self.agent()
                b = self.agent((a,))
            add(a, "participant")
            add(b, "counterpart" if rng.random() < 0.5 else "participant")
        elif t == "AgreementSigning":
            a = self.person()
            b = self.person((a,))
            add(a, "signatory")
            add(b, "signatory")
            if rng.random() < 0.2:
                add(self.agent((a, b)), "host")
        elif t == "Statement":
            r = rng.random()
            speaker = (self.person() if r < 0.72 else
                       rng.choice(self.pool.bodies_by_country[rng.choice(self.focus)]) if r < 0.85 else
                       rng.choice(self.pool.outlets) if r < 0.95 else rng.choice(self.pool.groups))
            add(speaker, "speaker")
            if rng.random() < 0.03:
                add(self.person((speaker,)), "speaker")
            if rng.random() < 0.05:
                add(self.agent((speaker,)), "addressee")
        if f"{self.id}-adviser" in self.local and rng.random() < 0.3 and t not in ("Summit",):
            add(f"{self.id}-adviser", "participant" if t != "Statement" else "speaker")
        ev.participants = parts

    def where(self, ev: Event) -> None:
        rng = self.rng
        if ev.type in ("Visit", "Statement", "Cooperation"):
            if ev.type == "Cooperation" and rng.random() < 0.2:
                ev.place = rng.choice(self.focus)
            return
        if ev.type == "PhoneCall":
            return
        r = rng.random()
        if f"{self.id}-venue" in self.local and r < 0.3:
            ev.place = f"{self.id}-venue"
        elif r < 0.8 or ev.type == "Summit":
            ev.place = self.city()
        elif r < 0.85:
            ev.place = rng.choice(self.focus)

    def when(self, ev: Event) -> When | None:
        rng = self.rng
        p = self.published
        future = ev.status in ("planned", "expected") and rng.random() < 0.7
        r = rng.random()
        if ev.type == "Cooperation" and r < 0.5:
            start = p - dt.timedelta(days=rng.randrange(30, 2000))
            when = When(start=Date.month(start.year, start.month))
            if rng.random() < 0.5 and not future:
                when.end = Date.month(p.year, p.month)
            when.text = f"منذ {pools.MONTHS_AR[start.month - 1]} {ar_digits(start.year)}" if rng.random() < 0.4 \
                else None
            if future:
                when = When(text="في المرحلة المقبلة")
            return when
        if r < 0.08:
            return None
        if r < 0.11:
            return When(text=rng.choice(("مؤخرا", "في وقت سابق", "خلال الفترة الماضية")))
        if future:
            d = p + dt.timedelta(days=rng.randrange(1, 40))
            if rng.random() < 0.7:
                return When(on=Date.day(d), text=rng.choice(("الأسبوع المقبل", "في الأيام المقبلة", None)))
            return When(on=Date.month(d.year, d.month), text="الشهر المقبل" if rng.random() < 0.5 else None)
        if r < 0.70:
            back = int(rng.expovariate(1 / 3)) if rng.random() < 0.85 else rng.randrange(7, 400)
            d = p - dt.timedelta(days=back)
            return When(on=Date.day(d), text=self.day_text(d, back) if rng.random() < 0.4 else None)
        if r < 0.78:
            d = p - dt.timedelta(days=rng.randrange(0, 400))
            same = (d.year, d.month) == (p.year, p.month)
            text = ("هذا الشهر" if same else f"في {pools.MONTHS_AR[d.month - 1]} {ar_digits(d.year)}") \
                if rng.random() < 0.4 else None
            return When(on=Date.month(d.year, d.month), text=text)
        if r < 0.83:
            years = rng.randrange(1, 15)
            if p.year - years < 1990:
                years = 0
            text = f"قبل {ar_digits(years)} أعوام" if years and rng.random() < 0.5 else None
            return When(on=Date.year(p.year - years), text=text)
        if r < 0.89:
            start = p - dt.timedelta(days=rng.randrange(20, 700))
            when = When(start=Date.month(start.year, start.month) if rng.random() < 0.5 else Date.day(start))
            if rng.random() < 0.7:
                end = p - dt.timedelta(days=rng.randrange(0, 15))
                when.end = Date.day(max(end, start))
            if rng.random() < 0.4:
                when.text = f"منذ {pools.MONTHS_AR[start.month - 1]} حتى الآن"
            return when
        if r < 0.95:
            d = p - dt.timedelta(days=rng.randrange(0, 30))
            return When(before=Date.day(d) if rng.random() < 0.8 else Date.month(d.year, d.month),
                        text="في وقت سابق" if rng.random() < 0.3 else None)
        d = p - dt.timedelta(days=rng.randrange(1, 300))
        if (d.month == p.month and d.year == p.year) or rng.random() < 0.7:
            return When(after=Date.day(d), text=None)
        return When(after=Date.month(d.year, d.month), text="بعد ذلك" if rng.random() < 0.3 else None)

    def day_text(self, d: dt.date, back: int) -> str:
        weekday = pools.WEEKDAYS_AR[d.weekday()]
        if back == 0:
            return "اليوم"
        if back == 1:
            return f"أمس {weekday}"
        if back == 2:
            return "أول أمس"
        if back < 7:
            return f"يوم {weekday} الماضي"
        return f"في {ar_digits(d.day)} {pools.MONTHS_AR[d.month - 1]}"

    def link(self) -> None:
        rng = self.rng
        linkable = [e for e in self.events if e.type != "Attendance"]
        for ev in linkable:
            if ev.type == "Visit" and rng.random() < 0.35:
                targets = [e for e in linkable if e.type in ("Summit", "Meeting", "AgreementSigning") and e is not ev]
                if targets:
                    ev.purpose = rng.choice(targets).id
            elif ev.type in ("Meeting", "AgreementSigning") and rng.random() < 0.35:
                targets = [e for e in linkable if e.type in ("Visit", "Summit") and e is not ev]
                if targets:
                    ev.part_of = rng.choice(targets).id
            elif ev.type == "Statement" and rng.random() < 0.6:
                ids = [e.id for e in linkable if e.type != "Statement"]
                if ids:
                    ev.about = rng.sample(ids, min(len(ids), rng.choice((1, 1, 1, 2))))

    # ---- text
    def clause(self, ev: Event) -> str:
        names = [self.mention(p.entity) for p in ev.participants]
        place = f" في {self.mention(ev.place)}" if ev.place else ""
        time_ = f" {ev.when.text}" if ev.when and ev.when.text else ""
        topics_ar = [pools.TOPICS[i][1][0] for i in ev.topics]
        topics = f"، وبحث الجانبان {join_ar(topics_ar)}" if topics_ar else ""
        t = ev.type
        if t == "Meeting":
            if ev.count:
                return f"عقد {join_ar(names)} {ar_digits(ev.count)} لقاءات{place}{time_}{topics}"
            return f"التقى {names[0]} مع {join_ar(names[1:])}{place}{time_}{topics}"
        if t == "PhoneCall":
            return f"أجرى {names[0]} اتصالا هاتفيا مع {join_ar(names[1:])}{time_}{topics}"
        if t == "Visit":
            host = f" التقى خلالها {names[1]}" if len(names) > 1 and not ev.participants[1].entity.isupper() else ""
            where = self.mention(ev.place or ev.participants[1].entity)
            return f"وصل {names[0]} إلى {where}{time_} في زيارة رسمية{host}"
        if t == "Summit":
            org = self.mention(ev.participants[0].entity)
            with_ = f" بمشاركة {join_ar(names[1:])}" if len(names) > 1 else ""
            return f"انطلقت{place}{time_} أعمال قمة {org}{with_}"
        if t == "Cooperation":
            field_ = topics_ar[0] if topics_ar else "العلاقات الثنائية"
            return f"يتواصل التعاون بين {names[0]} و{join_ar(names[1:])} في مجال {field_}{time_}"
        if t == "AgreementSigning":
            field_ = topics_ar[0] if topics_ar else "التعاون الثنائي"
            return f"وقع {join_ar(names)} اتفاقية في مجال {field_}{place}{time_}"
        if t == "Statement":
            speakers = [self.mention(p.entity) for p in ev.participants if p.role == "speaker"]
            to = [self.mention(p.entity) for p in ev.participants if p.role == "addressee"]
            addressed = f" موجها حديثه إلى {to[0]}" if to else ""
            return f"وقال {join_ar(speakers)}{time_} في تصريح صحفي{addressed}"
        raise AssertionError(t)

    def sentence(self, ev: Event) -> str:
        rng = self.rng
        if ev.type == "Attendance":
            summit = next(e for e in self.events if e.id == ev.summit)
            clause = f"وشارك {self.mention(ev.participants[0].entity)} في أعمال قمة " \
                     f"{self.mention(summit.participants[0].entity)}"
            ev.evidence = [clause] if rng.random() < 0.9 else []
            return clause + "."
        clause = self.clause(ev)
        prefix = ""
        if ev.polarity == "negative":
            prefix = "ونفت المصادر صحة ما تردد من أنه "
        elif ev.status == "planned":
            prefix = "ومن المقرر، بحسب البرنامج الرسمي، أن "
        elif ev.status == "expected":
            prefix = "ومن المتوقع أن "
        elif ev.status == "hypothetical":
            prefix = "وفي حال نجاح الوساطة، "
        if ev.according_to:
            prefix = f"وبحسب {join_ar([self.mention(k) for k in ev.according_to])}، " + prefix
        ev.evidence = [clause]
        text = prefix + clause
        if ev.quote:
            text += f" «{ev.quote}»"
        text += "."
        if rng.random() < 0.15:
            extra = rng.choice(pools.FILLERS)
            ev.evidence.append(extra.rstrip("."))
            text += " " + extra
        for p in ev.participants:
            if rng.random() < 0.04 and self.mention(p.entity) in clause:
                p.evidence = [self.mention(p.entity)]
        return text

    def compose(self) -> str:
        rng = self.rng
        first = self.events[0]
        dateline = f"{self.mention(self.city(self.focus[0]))} - {self.entity(self.publisher).mention}: "
        paragraphs: list[str] = []
        current: list[str] = []
        for ev in self.events:
            current.append(self.sentence(ev))
            if rng.random() < 0.3:
                current.append(rng.choice(pools.FILLERS))
            if len(current) >= rng.choice((2, 3, 4)):
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        paragraphs[0] = dateline + paragraphs[0]
        paragraphs.append(rng.choice(pools.FILLERS))
        self.title = self.make_title(first)
        return self.title + "\n" + "\n".join(paragraphs) + "\n"

    def make_title(self, ev: Event) -> str:
        """A title that starts with a fixed word, so no evidence quote sits at offset 0."""
        names = [self.mention(p.entity) for p in ev.participants]
        if ev.type == "Visit":
            return f"زيارة {names[0]} إلى {self.mention(ev.place or ev.participants[1].entity)}"
        if ev.type == "Statement":
            return f"تصريحات جديدة لـ{names[0]}"
        if len(names) > 1:
            return f"لقاء يجمع {names[0]} و{names[1]}"
        return f"مباحثات {names[0]} حول العلاقات الثنائية"

    # ---- labels (kg.mapper.event_label) and facts
    def label(self, ev: Event) -> None:
        rng = self.rng
        if ev.type == "Summit":
            org = self.entity(ev.participants[0].entity)
            first = ev.when.window()[0] if ev.when else None
            year = first.year if first else self.published.year
            ev.label = {"en": f"{org.en[0]} summit {year}", "ar": f"قمة {org.ar[0]} {ar_digits(year)}"}
            return
        if rng.random() < 0.45:
            return
        names = [self.en_name(p.entity) for p in ev.participants]
        en = f"{ev.type} of {', '.join(names)}"
        ev.label = en if rng.random() < 0.5 else {"en": en, "ar": self.clause(ev)[:60].strip()}

    def en_name(self, key: str) -> str:
        if key.isupper():
            return self.pool.countries[key].name
        entity = self.entity(key)
        return entity.en[0] if entity.en else self.role_label(entity)["en"]

    def role_label(self, entity: Entity) -> dict[str, str]:
        """kg.mapper.role_label: "Minister of Foreign Affairs (Russian Federation)"."""
        pos = entity.positions[0]
        of_names = dict(self.pool.countries[pos.of].names)
        out = {}
        for lang, value in (("ar", pos.role_ar), ("en", pos.role_en)):
            where = of_names.get(lang) or of_names.get("en")
            out[lang] = f"{value} ({where})" if where else value
        return out

    def generated_label(self, ev: Event) -> str:
        parts = [", ".join(self.en_name(p.entity) for p in ev.participants)]
        if ev.place:
            parts.append(self.en_name(ev.place))
        if ev.when:
            earliest, latest = ev.when.window()
            stated = ev.when.on or ev.when.start
            if stated:
                parts.append(stated.text + (f"–{ev.when.end.text}" if ev.when.end else ""))
            elif latest:
                parts.append(f"before {ev.when.before.text}" if ev.when.before else f"until {latest}")
            elif earliest:
                parts.append(f"after {ev.when.after.text}" if ev.when.after else f"from {earliest}")
        summary = "; ".join(p for p in parts if p)
        return f"{ev.type}: {summary}" if summary else ev.type

    def capacities(self, ev: Event, p: Participant) -> list[int]:
        """kg.resolve._capacity: the positions a participant held at the event's time."""
        entity = self.entity(p.entity) if not p.entity.isupper() else None
        if entity is None or not entity.positions:
            return []
        if p.capacity is not None:
            return [i for i, pos in enumerate(entity.positions) if pos.role_en == p.capacity]
        start, end = ev.when.window() if ev.when else (None, None)
        if start is None and end is None:
            start = end = self.published
        start = start or end
        end = end or start
        return [i for i, pos in enumerate(entity.positions) if pos.valid(start, end)]

    def choose_as(self) -> None:
        """Sometimes name the capacity by hand (`as:`), where that gives the same positions."""
        for ev in self.events:
            if ev.type == "Attendance":
                continue
            for p in ev.participants:
                entity = self.entity(p.entity) if not p.entity.isupper() else None
                if entity is None or not entity.positions or self.rng.random() >= 0.03:
                    continue
                valid = self.capacities(ev, p)
                roles = [pos.role_en for pos in entity.positions]
                if len(valid) == 1 and roles.count(roles[valid[0]]) == 1:
                    p.capacity = roles[valid[0]]

    def facts(self, include: list[str], text_name: str) -> dict[str, Any]:
        art: dict[str, Any] = {"id": self.id, "title": self.title, "publisher": self.publisher, "language": "ar",
                               "published": self.published.isoformat()}
        if self.has_url:
            art["url"] = f"https://www.{self.publisher}.example/news/{self.number}"
        art["text"] = text_name
        doc: dict[str, Any] = {"version": 1, "include": include, "article": art}
        if self.local:
            doc["entities"] = {k: e.facts() for k, e in self.local.items()}
        doc["events"] = [self.event_facts(ev) for ev in self.events]
        return doc

    def event_facts(self, ev: Event) -> dict[str, Any]:
        out: dict[str, Any] = {"id": ev.id, "type": ev.type}
        if ev.type == "Attendance":
            out["attendee"] = ev.participants[0].entity
            out["summit"] = ev.summit
            if ev.evidence:
                out["evidence"] = ev.evidence[0]
            return out
        if ev.label is not None:
            out["label"] = ev.label
        default = DEFAULT_ROLE.get(ev.type, "participant")
        parts: list[Any] = []
        for p in ev.participants:
            if p.role == default and not p.capacity and not p.evidence and self.rng.random() < 0.6:
                parts.append(p.entity)
                continue
            item: dict[str, Any] = {"entity": p.entity, "role": p.role}
            if p.capacity:
                item["as"] = p.capacity
            if p.evidence:
                item["evidence"] = p.evidence[0]
            parts.append(item)
        out["participants"] = parts
        if ev.place:
            out["place"] = ev.place
        if ev.when:
            out["when"] = ev.when.facts()
        if ev.topics:
            out["topics"] = [pools.TOPICS[i][0] if ev.topic_as_text else
                             {"en": pools.TOPICS[i][0],
                              "ar": pools.TOPICS[i][1][0] if len(pools.TOPICS[i][1]) == 1 else list(pools.TOPICS[i][1])}
                             for i in ev.topics]
        if ev.count is not None:
            out["count"] = ev.count
        for name, value in (("purpose", ev.purpose), ("part_of", ev.part_of)):
            if value:
                out[name] = value
        if ev.about:
            out["about"] = ev.about[0] if len(ev.about) == 1 else ev.about
        for name, value, default_value in (("status", ev.status, "occurred"), ("certainty", ev.certainty, "certain"),
                                           ("polarity", ev.polarity, "positive")):
            if value != default_value:
                out[name] = value
        if ev.according_to:
            out["according_to"] = ev.according_to[0] if len(ev.according_to) == 1 else ev.according_to
        if ev.quote:
            out["quote"] = ev.quote
        if ev.content is not None:
            out["content"] = ev.content
        out["evidence"] = ev.evidence[0] if len(ev.evidence) == 1 else ev.evidence
        if ev.cameo:
            out["cameo"] = ev.cameo
        return out

    # ---- the view: the article resolved as kg resolves it
    def ref(self, key: str) -> str:
        if key.isupper():
            return f"{BASE}country/{self.pool.countries[key].alpha3}"
        return f"{BASE}entity/{key}"

    def view(self, text: str) -> Tables:
        t: Tables = {name: [] for name in TABLES}
        spans: dict[str, tuple[int, int]] = {}
        seen_spans: set[tuple[int, int]] = set()

        def span(quote: str) -> tuple[int, int]:
            found = spans.get(quote)
            if found is None:
                start = text.find(quote)
                assert start > 0, (self.id, quote)
                found = spans[quote] = (start, start + len(quote))
                if found not in seen_spans:
                    seen_spans.add(found)
                    end = found[1]
                    t["evidence"].append([start, end, quote, text[max(0, start - CONTEXT):start],
                                          text[end:end + CONTEXT]])
            return found

        used: dict[str, None] = {}

        def pull(key: str | None) -> None:
            if key is None or key in used:
                return
            used[key] = None
            if key.isupper():
                return
            entity = self.entity(key)
            pull(entity.country)
            for pos in entity.positions:
                pull(pos.of)

        pull(self.publisher)
        # kg merges each Attendance into its Summit: one more participant, with the Attendance's evidence
        participants: dict[str, list[tuple[Participant, list[str]]]] = {}
        for ev in self.events:
            if ev.type == "Attendance":
                assert ev.summit is not None
                p = ev.participants[0]
                participants[ev.summit].append((p, ev.evidence))
                pull(p.entity)
                continue
            participants[ev.id] = [(p, p.evidence) for p in ev.participants]
            pull(ev.place)
            for key in ev.according_to:
                pull(key)
            for p in ev.participants:
                pull(p.entity)
        assert unicodedata.is_normalized("NFC", text), self.id
        sha = hashlib.sha256(text.encode()).hexdigest()
        art = self.articles_row(sha)
        t["article"].append(art)
        posts: set[str] = set()
        for key in used:
            node = self.ref(key)
            if key.isupper():
                country = self.pool.countries[key]
                t["country"].append([node, country.alpha2, country.alpha3])
                for lang, name in country.names:
                    t["label"].append([node, name, lang])
                continue
            entity = self.entity(key)
            t["entity"].append([node, entity.type, entity.wikidata or "", self.ref(entity.country)
                                if entity.country else ""])
            if entity.en or entity.ar:
                for lang, names in (("ar", entity.ar), ("en", entity.en)):
                    if names:
                        t["label"].append([node, names[0], lang])
                        t["altlabel"].extend([node, n, lang] for n in names[1:])
            else:
                for lang, name in self.role_label(entity).items():
                    t["label"].append([node, name, lang])
            for pos in entity.positions:
                post = f"{BASE}post/{slug(pos.of)}/{slug(pos.role_en)}"
                t["holding"].append([self.holding(entity, pos), node, post,
                                     pos.start.text if pos.start else "", DATATYPES[pos.start.precision] if pos.start
                                     else "", pos.start.earliest.isoformat() if pos.start else "",
                                     pos.end.text if pos.end else "", DATATYPES[pos.end.precision] if pos.end else "",
                                     pos.end.latest.isoformat() if pos.end else ""])
                if post not in posts:
                    posts.add(post)
                    t["post"].append([post, self.ref(pos.of)])
                    t["label"].append([post, pos.role_ar, "ar"])
                    t["label"].append([post, pos.role_en, "en"])
        topics: set[int] = set()
        publisher = self.ref(self.publisher)
        for ev in self.events:
            if ev.type == "Attendance":
                continue
            self.event_rows(ev, t, participants[ev.id], span, topics)
            asserted = ev.according_to or ([p.entity for p in ev.participants if p.role == "speaker"]
                                           if ev.type == "Statement" else []) or [self.publisher]
            t["claim"].append([ev.id, publisher, ev.status, ev.certainty, ev.polarity])
            t["asserted"].extend([ev.id, self.ref(k)] for k in dict.fromkeys(asserted))
        return {name: rows for name, rows in t.items() if rows}

    def articles_row(self, sha: str) -> list[Any]:
        url = f"https://www.{self.publisher}.example/news/{self.number}" if self.has_url else ""
        return [self.title, "ar", self.ref(self.publisher), self.published.isoformat(), DATATYPES["day"], url, sha]

    def holding(self, entity: Entity, pos: Position) -> str:
        """kg.iris.Minter.position (the generator never gives one person two posts with one role and start)."""
        return f"{self.ref(entity.key)}/position/{slug(pos.role_en)}" + (f"-{pos.start.text}" if pos.start else "")

    def event_rows(self, ev: Event, t: Tables, parts: list[tuple[Participant, list[str]]],
                   span: Callable[[str], tuple[int, int]], topics: set[int]) -> None:
        code, plover, mode = TYPE_CODES[ev.type]
        when = ev.when or When()
        earliest, latest = when.window()
        row: list[Any] = [ev.id, ev.type, ev.cameo or code, plover, mode, self.ref(ev.place) if ev.place else ""]
        for d in (when.on, when.start, when.end, when.before, when.after):
            row += [d.text, DATATYPES[d.precision]] if d else ["", ""]
        row += [earliest.isoformat() if earliest else "", latest.isoformat() if latest else "", when.precision(),
                when.text or "", "" if ev.count is None else ev.count, ev.purpose or "", ev.part_of or "",
                ev.quote or "", "ar"]
        t["event"].append(row)
        node = f"{BASE}article/{self.id}/event/{ev.id}"
        if isinstance(ev.label, dict):
            for lang in sorted(ev.label):
                t["label"].append([node, ev.label[lang], lang])
        else:
            t["label"].append([node, ev.label or self.generated_label(ev), "en"])
        for target in ev.about:
            t["about"].append([ev.id, target])
        for i in ev.topics:
            en, ar = pools.TOPICS[i]
            topic = f"{BASE}topic/{slug(en)}"
            t["event_topic"].append([ev.id, topic])
            if i not in topics:
                topics.add(i)
                t["topic"].append([topic])
                t["label"].append([topic, en, "en"])
                if not ev.topic_as_text:
                    t["label"].append([topic, ar[0], "ar"])
                    t["altlabel"].extend([topic, n, "ar"] for n in ar[1:])
            elif not ev.topic_as_text and [topic, ar[0], "ar"] not in t["label"]:
                t["label"].append([topic, ar[0], "ar"])
                t["altlabel"].extend([topic, n, "ar"] for n in ar[1:])
        if ev.content is not None:
            t["content"].append([ev.id, ev.content if isinstance(ev.content, str) else ev.content["en"], "en"])
        for quote in dict.fromkeys(ev.evidence):
            start, end = span(quote)
            t["event_evidence"].append([ev.id, start, end])
        for p, evidence in parts:
            t["participation"].append([ev.id, p.entity, p.role, self.ref(p.entity)])
            entity = self.entity(p.entity) if not p.entity.isupper() else None
            for i in self.capacities(ev, p):
                assert entity is not None
                t["capacity"].append([ev.id, p.entity, p.role, self.holding(entity, entity.positions[i])])
            for quote in evidence:
                start, end = span(quote)
                t["part_evidence"].append([ev.id, p.entity, p.role, start, end])

    def run(self) -> tuple[str, Tables]:
        """Make the events, the text and the labels; the article's text and view tables."""
        self.make()
        text = self.compose()
        self.choose_as()
        for ev in self.events:
            if ev.type != "Attendance":
                self.label(ev)
        self.has_url = self.rng.random() < 0.85
        return text, self.view(text)


# --------------------------------------------------------------------------- shards and files

def plan(seed: int, events: int) -> list[int]:
    """Events per article (1–20, mean about 8), summing to exactly ``events``."""
    rng = random.Random(f"{seed}/plan")
    sizes: list[int] = []
    left = events
    while left > 0:
        n = min(left, max(1, min(20, int(rng.gammavariate(2.2, 3.6)) + 1)))
        sizes.append(n)
        left -= n
    return sizes


@dataclass
class Options:
    out: Path
    seed: int
    fmt: str
    views: bool
    indent: int | None


_POOL: Pool | None = None


def _init(seed: int) -> None:
    global _POOL
    _POOL = build_pool(seed)


def write_shard(opts: Options, shard: int, first: int, sizes: list[int]) -> dict[str, Any]:
    """Write one directory of articles (and its part of the views); returns its counts."""
    assert _POOL is not None
    pool = _POOL
    rng = random.Random(f"{opts.seed}/shard/{shard}")
    name = f"{shard:04d}"
    folder = opts.out / "facts" / name
    folder.mkdir(parents=True, exist_ok=True)
    counts: Counter[str] = Counter()
    jsonl = csv_files = None
    writers: dict[str, Any] = {}
    if opts.views:
        (opts.out / "views" / "jsonl").mkdir(parents=True, exist_ok=True)
        jsonl = open(opts.out / "views" / "jsonl" / f"{name}.jsonl", "w", encoding="utf-8")
        csv_files = {}
        for table in TABLES:
            part = opts.out / "views" / "csv-parts" / table
            part.mkdir(parents=True, exist_ok=True)
            csv_files[table] = open(part / f"{name}.csv", "w", encoding="utf-8", newline="")
            writers[table] = csv.writer(csv_files[table], lineterminator="\n")
    suffix = ".json" if opts.fmt == "json" else ".yaml"
    for offset, n in enumerate(sizes):
        number = first + offset
        maker = ArticleMaker(pool, rng, number, n)
        text, tables = maker.run()
        include = sorted({f"../entities/{pool.entities[k].file}{suffix}" for k in _used_shared(maker)})
        text_name = f"{maker.id}.ar.txt"
        doc = maker.facts(include, text_name)
        with open(folder / text_name, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        with open(folder / f"{maker.id}{suffix}", "w", encoding="utf-8", newline="\n") as fh:
            if opts.fmt == "json":
                json.dump(doc, fh, ensure_ascii=False, indent=opts.indent)
                fh.write("\n")
            else:
                yaml.safe_dump(doc, fh, allow_unicode=True, sort_keys=False, width=10_000)
        counts["articles"] += 1
        counts["text_chars"] += len(text)
        for ev in maker.events:
            counts[f"type:{ev.type}"] += 1
        if jsonl is not None:
            jsonl.write(json.dumps({"a": maker.id, "t": tables}, ensure_ascii=False, separators=(",", ":")))
            jsonl.write("\n")
            for table, rows in tables.items():
                w = writers[table]
                for row in rows:
                    w.writerow([maker.id, *row])
    if jsonl is not None and csv_files is not None:
        jsonl.close()
        for fh in csv_files.values():
            fh.close()
    return dict(counts)


def _used_shared(maker: ArticleMaker) -> set[str]:
    """The shared entities an article refers to directly (include: names their files)."""
    keys = {maker.publisher}
    for ev in maker.events:
        keys.update(p.entity for p in ev.participants)
        keys.update(ev.according_to)
        if ev.place:
            keys.add(ev.place)
    for entity in maker.local.values():
        if entity.country:
            keys.add(entity.country)
    return {k for k in keys if not k.isupper() and k not in maker.local}


def write_entities(pool: Pool, out: Path, fmt: str, indent: int | None) -> None:
    folder = out / "facts" / "entities"
    folder.mkdir(parents=True, exist_ok=True)
    for stem, keys in sorted(pool.files.items()):
        doc = {"version": 1, "entities": {k: pool.entities[k].facts() for k in keys}}
        path = folder / f"{stem}.{'json' if fmt == 'json' else 'yaml'}"
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            if fmt == "json":
                json.dump(doc, fh, ensure_ascii=False, indent=indent)
                fh.write("\n")
            else:
                yaml.safe_dump(doc, fh, allow_unicode=True, sort_keys=False, width=10_000)


def merge_csv(out: Path, shards: int) -> None:
    """Concatenate the per-shard CSV parts into one file per table, with a header."""
    target = out / "views" / "csv"
    target.mkdir(parents=True, exist_ok=True)
    for table, columns in TABLES.items():
        with open(target / f"{table}.csv", "w", encoding="utf-8", newline="") as fh:
            fh.write(",".join(("a", *columns)) + "\n")
            for shard in range(shards):
                part = out / "views" / "csv-parts" / table / f"{shard:04d}.csv"
                with open(part, encoding="utf-8", newline="") as src:
                    shutil.copyfileobj(src, fh, 1 << 20)
    shutil.rmtree(out / "views" / "csv-parts")


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench/generate.py", description=__doc__.split("\n\n")[0],
        epilog="The output directory must be new or empty (or give --force). Sizes are event items "
               "of the facts files (an Attendance counts as one).",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, required=True, metavar="N",
                        help="number of events (e.g. 10000, 100000, 1000000)")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--format", dest="fmt", choices=("json", "yaml"), default="json",
                        help="facts file format (default json: the fast one for big corpora)")
    parser.add_argument("--indent", type=int, default=1,
                        help="JSON indentation; -1 for one line per file (default 1)")
    parser.add_argument("--per-dir", type=int, default=ARTICLES_PER_DIR,
                        help=f"articles per directory (default {ARTICLES_PER_DIR})")
    parser.add_argument("--no-views", dest="views", action="store_false",
                        help="write only the facts (no views for the baselines)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: all cores; the output does not depend on it)")
    parser.add_argument("--force", action="store_true", help="empty OUT first if it exists")
    args = parser.parse_args(argv)
    if args.events < 1:
        parser.error("--events must be at least 1")
    out: Path = args.out
    if out.exists() and any(out.iterdir()):
        if not args.force:
            parser.error(f"{out} is not empty (give --force to replace it)")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    opts = Options(out, args.seed, args.fmt, args.views, None if args.indent < 0 else args.indent)
    _init(args.seed)
    assert _POOL is not None
    write_entities(_POOL, out, args.fmt, opts.indent)
    sizes = plan(args.seed, args.events)
    shards = [(i, i * args.per_dir, sizes[i * args.per_dir:(i + 1) * args.per_dir])
              for i in range((len(sizes) + args.per_dir - 1) // args.per_dir)]
    totals: Counter[str] = Counter()
    if args.jobs > 1 and len(shards) > 1:
        with ProcessPoolExecutor(args.jobs, initializer=_init, initargs=(args.seed,)) as ex:
            futures = [ex.submit(write_shard, opts, *s) for s in shards]
            for done, fut in enumerate(futures, 1):
                totals.update(fut.result())
                _progress(done, len(shards), started)
    else:
        for done, s in enumerate(shards, 1):
            totals.update(write_shard(opts, *s))
            _progress(done, len(shards), started)
    if args.views:
        merge_csv(out, len(shards))
    elapsed = time.perf_counter() - started
    pool = _POOL
    manifest = {
        "generator_version": GENERATOR_VERSION, "seed": args.seed, "events": args.events,
        "articles": totals["articles"], "format": args.fmt, "per_dir": args.per_dir, "directories": len(shards),
        "views": args.views, "event_types": {k[5:]: v for k, v in sorted(totals.items()) if k.startswith("type:")},
        "entities_shared": len(pool.entities), "entity_files": len(pool.files), "countries": len(pool.countries),
        "text_chars": totals["text_chars"], "facts_bytes": du(out / "facts"), "views_bytes": du(out / "views"),
        "seconds": round(elapsed, 2), "jobs": args.jobs,
        "query_actor": _query_actor(pool),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{args.events:,} events, {manifest['articles']:,} articles → {out} in {elapsed:.1f} s "
          f"(facts {manifest['facts_bytes'] / 1e6:.0f} MB, views {manifest['views_bytes'] / 1e6:.0f} MB)",
          file=sys.stderr)
    return 0


def _query_actor(pool: Pool) -> str:
    """A person of middling fame (the 10th most likely of the most-mentioned country): the named queries' actor."""
    assert pool.country_pick is not None
    top = pool.persons_by_country[pool.country_pick.items[0]]
    ranked = sorted(zip(top.items, [b - a for a, b in zip([0.0, *top.cum], top.cum, strict=False)], strict=True),
                    key=lambda kv: -kv[1])
    return ranked[min(9, len(ranked) - 1)][0]


def _progress(done: int, total: int, started: float) -> None:
    if sys.stderr.isatty():
        rate = done / max(time.perf_counter() - started, 1e-9)
        print(f"\r{done}/{total} directories, {rate:.2f}/s", end="" if done < total else "\n", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
