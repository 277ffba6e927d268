"""Minting IRIs: the one place where kg names things.

IRIs come from the keys in the facts (article id, entity key, event id, ISO
code), never from random numbers or blank nodes, so building the same facts
twice gives the same graph byte for byte.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import URIRef

from kg.errors import UsageError
from kg.namespace import DEFAULT_BASE

_BASE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^\s<>\"{}|\\^`]*[/#]$")


def slug(text: str) -> str:
    """An ASCII slug of a label; labels with no ASCII letters get a short hash.

    >>> slug("Syria settlement")
    'syria-settlement'
    >>> slug("تسوية")
    'h-c8f9af5c6513'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-")
    if out:
        return out
    return "h-" + hashlib.sha1(unicodedata.normalize("NFC", text).encode()).hexdigest()[:12]


def minted(iri: str) -> URIRef:
    """An IRI kg made itself: made without rdflib's check of each character (a quarter of the time).

    Every part of a minted IRI is safe by construction: the base is checked when the
    :class:`Minter` is made, keys and ids are slugs or ISO codes (the facts schema), names go
    through :func:`slug`, record ids are percent-encoded. Building a million events mints some
    16 million IRIs.
    """
    return str.__new__(URIRef, iri)


class Minter:
    """Mints the IRIs of one build under a base.

    >>> Minter().event("a1", "visit")
    rdflib.term.URIRef('https://w3id.org/geokg/id/article/a1/event/visit')
    """

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not _BASE.match(base) or not _is_iri(base):
            raise UsageError(f"--base {base!r} is not an absolute IRI ending in '/' or '#' "
                             "(for example https://example.org/kg/)")
        self.base = base

    def entity(self, key: str, alpha3: str | None = None) -> URIRef:
        """An entity; a country (given its alpha-3 code) lives under ``country/``."""
        if alpha3 is not None:
            return minted(f"{self.base}country/{alpha3}")
        return minted(f"{self.base}entity/{key}")

    def position(self, entity: URIRef, role: str, start: str | None, index: int) -> URIRef:
        """A position held by an entity (role slug, start date, and index on a clash)."""
        name = slug(role) + (f"-{start}" if start else "")
        return minted(f"{entity}/position/{name}" + (f"-{index}" if index else ""))

    def post(self, holder_of: str | None, role: str) -> URIRef:
        """An office ("President" of Russia), shared by all who hold it."""
        return minted(f"{self.base}post/{slug(holder_of) if holder_of else 'any'}/{slug(role)}")

    def topic(self, label: str) -> URIRef:
        return minted(f"{self.base}topic/{slug(label)}")

    def article(self, article_id: str) -> URIRef:
        return minted(f"{self.base}article/{article_id}")

    def graph(self, article_id: str) -> URIRef:
        """The named graph holding one article's facts."""
        return minted(f"{self.base}graph/{article_id}")

    def event(self, article_id: str, event_id: str) -> URIRef:
        return minted(f"{self.base}article/{article_id}/event/{event_id}")

    def claim(self, event: URIRef) -> URIRef:
        return minted(f"{event}/claim")

    def participation(self, event: URIRef, entity_key: str, role: str) -> URIRef:
        return minted(f"{event}/participant/{entity_key}-{role}")

    def evidence(self, article_id: str, exact: str, start: int | None, end: int | None) -> URIRef:
        """An evidence annotation: by offsets when the text is known, else by a hash of the quote."""
        if start is not None and end is not None:
            return minted(f"{self.base}article/{article_id}/evidence/{start}-{end}")
        digest = hashlib.sha1(exact.encode()).hexdigest()[:16]
        return minted(f"{self.base}article/{article_id}/evidence/q-{digest}")

    # --- events from event-data records (kg import): identity is the record's, not the article's

    def record_event(self, dataset: str, record_id: str) -> URIRef:
        """An event known by its record id: the same id is the same node in every article that
        reports it. GDELT 1.0 and 2.0 share one id sequence (GLOBALEVENTID).

        >>> Minter().record_event("gdelt2", "410412347")
        rdflib.term.URIRef('https://w3id.org/geokg/id/event/gdelt-410412347')
        """
        family = "gdelt" if dataset in ("gdelt1", "gdelt2") else dataset
        return minted(f"{self.base}event/{family}-{quote(record_id, safe='-._~')}")

    def record_claim(self, event: URIRef, article_id: str) -> URIRef:
        """The claim one article makes about a record event (one per article reporting it)."""
        return minted(f"{event}/claim/{article_id}")

    def record_evidence(self, article_id: str, dataset: str, record_id: str) -> URIRef:
        """The evidence a record gives, in the article it cites."""
        return minted(f"{self.base}article/{article_id}/evidence/{dataset}-{quote(record_id, safe='-._~')}")


def _is_iri(value: str) -> bool:
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True
