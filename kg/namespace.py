"""The kg ontology and vocabularies as code.

Every term kg writes is declared here, and a test keeps this module in step with
``ontology/kg.ttl``: a term used in code but missing from the ontology (or the
other way round) fails the suite.

Namespaces (stable bases, documented in ``docs/ontology.md``):

* ``kg:`` ``https://w3id.org/geokg/ontology#`` classes and properties.
* ``role:``, ``status:``, ``certainty:``, ``polarity:``, ``precision:``, ``dataset:``
  SKOS concepts of the controlled values (``ontology/vocab.ttl``).
* ``cameo:`` and ``plover:`` / ``plovermode:`` the CAMEO and PLOVER code lists
  as SKOS concept schemes (``ontology/cameo.ttl``, ``ontology/plover.ttl``).
* ``https://w3id.org/geokg/id/`` the default base of data IRIs (``--base``).

>>> str(KG.Meeting)
'https://w3id.org/geokg/ontology#Meeting'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/geokg/ontology"
DEFAULT_BASE = "https://w3id.org/geokg/id/"
VOCAB = "https://w3id.org/geokg/vocab/"


class KG(DefinedNamespace):
    """Classes and properties of the kg ontology."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")

    # --- world: agents and places
    Agent: URIRef
    Person: URIRef
    Group: URIRef
    Organization: URIRef
    GovernmentBody: URIRef
    NewsOrganization: URIRef
    Place: URIRef
    Country: URIRef
    City: URIRef
    Post: URIRef
    PositionHolding: URIRef
    Topic: URIRef
    # --- world: events
    Event: URIRef
    Meeting: URIRef
    Visit: URIRef
    Summit: URIRef
    PhoneCall: URIRef
    Cooperation: URIRef
    AgreementSigning: URIRef
    Statement: URIRef
    Participation: URIRef
    # --- discourse
    Claim: URIRef
    # --- source
    Article: URIRef
    Evidence: URIRef
    RecordEvidence: URIRef
    MachineCodedEvidence: URIRef

    # --- entity properties
    wikidata: URIRef
    country: URIRef
    iso3166Alpha2: URIRef
    iso3166Alpha3: URIRef
    holder: URIRef
    post: URIRef
    postIn: URIRef
    # --- event properties
    hasParticipation: URIRef
    agent: URIRef
    role: URIRef
    inCapacityOf: URIRef
    place: URIRef
    date: URIRef
    start: URIRef
    end: URIRef
    before: URIRef
    after: URIRef
    earliest: URIRef
    latest: URIRef
    timePrecision: URIRef
    timeText: URIRef
    topic: URIRef
    count: URIRef
    purpose: URIRef
    about: URIRef
    partOf: URIRef
    cameoCode: URIRef
    ploverType: URIRef
    ploverMode: URIRef
    quote: URIRef
    content: URIRef
    # --- event-data records (GDELT, ICEWS, PLOVER): figures, coded actors, geography
    goldsteinScale: URIRef
    numMentions: URIRef
    numSources: URIRef
    numArticles: URIRef
    avgTone: URIRef
    isRootEvent: URIRef
    quadClass: URIRef
    agentText: URIRef
    actorCode: URIRef
    sector: URIRef
    agentPlace: URIRef
    latitude: URIRef
    longitude: URIRef
    adm1Code: URIRef
    adm2Code: URIRef
    featureId: URIRef
    fipsCode: URIRef
    # --- discourse properties
    claimAbout: URIRef
    assertedBy: URIRef
    reportedBy: URIRef
    certainty: URIRef
    polarity: URIRef
    status: URIRef
    # --- source properties
    evidence: URIRef
    reportedIn: URIRef
    title: URIRef
    publisher: URIRef
    language: URIRef
    published: URIRef
    url: URIRef
    textSha256: URIRef
    citation: URIRef
    firstSeen: URIRef
    dataset: URIRef
    recordId: URIRef


ROLE = Namespace(VOCAB + "role/")
STATUS = Namespace(VOCAB + "status/")
CERTAINTY = Namespace(VOCAB + "certainty/")
POLARITY = Namespace(VOCAB + "polarity/")
PRECISION = Namespace(VOCAB + "precision/")
CAMEO = Namespace(VOCAB + "cameo/")
PLOVER = Namespace(VOCAB + "plover/")
PLOVER_MODE = Namespace(VOCAB + "plover-mode/")
DATASET = Namespace(VOCAB + "dataset/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")

#: Prefixes bound in every graph kg writes, so Turtle output reads the same everywhere.
PREFIXES: dict[str, Namespace | str] = {
    "kg": KG._NS,
    "role": ROLE,
    "status": STATUS,
    "certainty": CERTAINTY,
    "polarity": POLARITY,
    "precision": PRECISION,
    "cameo": CAMEO,
    "plover": PLOVER,
    "plovermode": PLOVER_MODE,
    "dataset": DATASET,
    "oa": OA,
    "wd": WD,
}

#: Controlled values: the facts-format word → concept IRI.
ROLES = ("participant", "visitor", "host", "attendee", "speaker", "organizer",
         "counterpart", "signatory", "addressee", "mediator", "source", "target")
STATUSES = ("occurred", "ongoing", "planned", "expected", "hypothetical")
CERTAINTIES = ("certain", "probable", "possible")
POLARITIES = ("positive", "negative")
PRECISIONS = ("day", "month", "year")
#: Event datasets kg imports (the dataset scheme), and whether their records are coded by machine.
DATASETS: dict[str, bool] = {"gdelt1": True, "gdelt2": True, "icews": True, "plover": False}
