"""Code tables of the importers: CAMEO event codes, PLOVER types and modes, country codes.

* CAMEO event code → kg event class and the roles of the two coded actors (:func:`event_kind`).
* CAMEO event code → PLOVER type and mode, read from the shipped CAMEO concept scheme
  (``ontology/cameo.ttl``, generated from the CAMEO→PLOVER crosswalk by ``scripts/gen_codes.py``).
* Country codes → ISO 3166-1 countries: FIPS 10-4 (GDELT geography, ``data/fips10-4.tsv``),
  CAMEO 3-letter codes (actors, ``data/cameo-countries.tsv`` plus ISO alpha-3) and country names
  (ICEWS). The two code systems are never mixed: ``UP`` is Ukraine in FIPS, ``IS`` is Israel in
  FIPS and Iceland in ISO, and a CAMEO code is never read as FIPS or the other way round.

>>> event_kind("042")
EventKind(cls='Visit', roles=('visitor', 'host'))
>>> fips_country("UP").alpha3, cameo_country("IRN").alpha3
('UKR', 'IRN')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry
import pyoxigraph as ox

from kg.countries import Country, lookup_country
from kg.namespace import CAMEO, PLOVER, PLOVER_MODE
from kg.resources import data_dir

_SKOS = "http://www.w3.org/2004/02/skos/core#"


@dataclass(frozen=True)
class EventKind:
    """The kg class of an event code, and the roles of its first and second actor."""

    cls: str
    roles: tuple[str, str]


#: CAMEO codes with a class of their own (longest prefix wins); anything else is a kg:Event with
#: its code, its actors in the roles source and target.
_KINDS: dict[str, EventKind] = {
    "01": EventKind("Statement", ("speaker", "addressee")),
    "040": EventKind("Meeting", ("participant", "counterpart")),
    "041": EventKind("PhoneCall", ("participant", "counterpart")),
    "042": EventKind("Visit", ("visitor", "host")),
    "043": EventKind("Visit", ("host", "visitor")),
    "044": EventKind("Meeting", ("participant", "counterpart")),
    "045": EventKind("Meeting", ("mediator", "participant")),
    "046": EventKind("Meeting", ("participant", "counterpart")),
    "057": EventKind("AgreementSigning", ("signatory", "signatory")),
    "06": EventKind("Cooperation", ("participant", "counterpart")),
}
_GENERIC = EventKind("Event", ("source", "target"))


def event_kind(code: str) -> EventKind:
    """The class and actor roles of a CAMEO event code ("0431" counts as "043").

    >>> event_kind("0871").cls, event_kind("0871").roles
    ('Event', ('source', 'target'))
    """
    for length in (3, 2):
        kind = _KINDS.get(code[:length])
        if kind is not None:
            return kind
    return _GENERIC


@dataclass(frozen=True)
class CameoCode:
    """A CAMEO event code of the shipped scheme, with its label and PLOVER crosswalk."""

    code: str
    label: str
    plover_types: tuple[str, ...]
    plover_modes: tuple[str, ...]

    @property
    def plover(self) -> tuple[str | None, str | None]:
        """The PLOVER type and mode, when the crosswalk gives exactly one of each."""
        kind = self.plover_types[0] if len(self.plover_types) == 1 else None
        mode = self.plover_modes[0] if len(self.plover_modes) == 1 else None
        return kind, mode


@cache
def cameo_codes() -> dict[str, CameoCode]:
    """Every code of ``ontology/cameo.ttl`` (parsed once per process)."""
    path = data_dir("ontology") / "cameo.ttl"
    labels: dict[str, str] = {}
    types: dict[str, list[str]] = {}
    modes: dict[str, list[str]] = {}
    cameo, plover, mode = str(CAMEO), str(PLOVER), str(PLOVER_MODE)
    for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        s, p, o = triple.subject, triple.predicate.value, triple.object
        if not isinstance(s, ox.NamedNode) or not s.value.startswith(cameo):
            continue
        code = s.value[len(cameo):]
        if p == _SKOS + "prefLabel" and isinstance(o, ox.Literal):
            labels[code] = o.value
        elif p == _SKOS + "closeMatch" and isinstance(o, ox.NamedNode) and o.value.startswith(plover):
            types.setdefault(code, []).append(o.value[len(plover):])
        elif p == _SKOS + "relatedMatch" and isinstance(o, ox.NamedNode) and o.value.startswith(mode):
            modes.setdefault(code, []).append(o.value[len(mode):])
    return {code: CameoCode(code, label, tuple(sorted(types.get(code, ()))), tuple(sorted(modes.get(code, ()))))
            for code, label in labels.items()}


@cache
def plover_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """The PLOVER types and modes of ``ontology/plover.ttl``."""
    text = (data_dir("ontology") / "plover.ttl").read_text("utf-8")
    types = frozenset(re.findall(r"^plover:([A-Z_]+) a skos:Concept", text, re.M))
    modes = frozenset(re.findall(r"^plovermode:([A-Za-z0-9_-]+) a skos:Concept", text, re.M))
    return types, modes


#: PLOVER 0.5 event types (the gold-standard records) renamed or merged by PLOVER 2021; the
#: crosswalk shows the same CAMEO families under the new names (10 DEMAND → REQUEST, 11
#: DISAPPROVE → ACCUSE disapprove, 09 INVESTIGATE → ACCUSE investigate, 19 FIGHT → ASSAULT).
LEGACY_TYPES: dict[str, tuple[str, str | None]] = {
    "DEMAND": ("REQUEST", None),
    "DISAPPROVE": ("ACCUSE", "disapprove"),
    "INVESTIGATE": ("ACCUSE", "investigate"),
    "FIGHT": ("ASSAULT", None),
}

#: PLOVER 0.5 modes and their 2021 names, by the crosswalk's wording of the same CAMEO codes
#: (043 host a visit → visit, 142 hunger strike → hunger, 143 strike → boycott, 145 riot → riot,
#: 141 demonstrate → demo, 171x seize, destroy, confiscate property → seize, 173 detain → arrest,
#: 1721 restrict expression → restrict). "host" also swaps the roles: the actor hosts.
LEGACY_MODES: dict[str, str] = {
    "host": "visit", "strike-hun": "hunger", "strike-gen": "boycott", "riot-spon": "riot",
    "demo-org": "demo", "demo-spon": "demo", "destroy": "seize", "confiscate": "seize",
    "detain": "arrest", "censor": "restrict",
}


# --------------------------------------------------------------------------- countries


@dataclass(frozen=True)
class CodeEntry:
    """One row of a code table: the country it maps to (if any) and the table's name."""

    iso2: str | None
    name: str
    note: str


def _table(name: str) -> dict[str, CodeEntry]:
    text = resources.files("kg.importers").joinpath(f"data/{name}").read_text("utf-8")
    rows: dict[str, CodeEntry] = {}
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    for line in lines[1:]:  # after the header
        code, iso2, label, *rest = line.split("\t")
        rows[code] = CodeEntry(iso2 or None, label, rest[-1] if rest else "")
    return rows


@cache
def fips_table() -> dict[str, CodeEntry]:
    """FIPS 10-4 code → ISO entry (``data/fips10-4.tsv``)."""
    return _table("fips10-4.tsv")


@cache
def cameo_country_table() -> dict[str, CodeEntry]:
    """CAMEO country and region codes that are not ISO alpha-3 (``data/cameo-countries.tsv``)."""
    return _table("cameo-countries.tsv")


def fips_country(code: str) -> Country | None:
    """The ISO country of a FIPS 10-4 code (GDELT ``*Geo_CountryCode``), or None.

    >>> fips_country("IS").alpha3, fips_country("SU").alpha3, fips_country("PF")
    ('ISR', 'SDN', None)
    """
    entry = fips_table().get(code)
    return lookup_country(entry.iso2) if entry and entry.iso2 else None


def cameo_country(code: str) -> Country | None:
    """The ISO country of a CAMEO 3-letter country code (GDELT ``Actor*CountryCode``), or None.

    >>> cameo_country("ROM").alpha3, cameo_country("EUR")
    ('ROU', None)
    """
    entry = cameo_country_table().get(code)
    if entry is not None:
        return lookup_country(entry.iso2) if entry.iso2 else None
    return lookup_country(code) if len(code) == 3 else None


@cache
def name_country(name: str) -> Country | None:
    """The ISO country of a country name (ICEWS), by pycountry's names; None if unknown.

    >>> name_country("Bosnia and Herzegovina").alpha3
    'BIH'
    """
    if not name.strip():
        return None
    try:
        record = pycountry.countries.lookup(name.strip())
    except LookupError:
        return None
    return lookup_country(record.alpha_2)
