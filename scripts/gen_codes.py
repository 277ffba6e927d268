"""Generate the CAMEO and PLOVER code lists as SKOS (ontology/cameo.ttl, ontology/plover.ttl).

Run from the repository root::

    python scripts/gen_codes.py [--shared ../shared] [--out ontology]

Inputs (under ``<shared>/data/codes/``):

* ``CAMEO.eventcodes.txt`` -- GDELT's CAMEO lookup table: tab-separated
  ``CODE<TAB>DESCRIPTION`` with one header line. Codes are strings (leading zeros matter).
* ``CAMEO2PLOVER-2021.txt`` -- the PLOVER crosswalk (openeventdata/PLOVER, Philip Schrodt,
  CC BY-SA 4.0): lines ``CODE: TYPE, MODE, CONTEXT # comment``; any field may be blank.

Outputs are deterministic (sorted, no timestamps), so re-running the script on the same inputs
gives byte-identical files. The script uses the standard library only and writes Turtle by hand.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VOCAB = "https://w3id.org/geokg/vocab/"
CAMEO_SCHEME = VOCAB + "cameo"
PLOVER_SCHEME = VOCAB + "plover"
MODE_SCHEME = VOCAB + "plover-mode"

CAMEO_FILE = "CAMEO.eventcodes.txt"
CROSSWALK_FILE = "CAMEO2PLOVER-2021.txt"

GDELT_TABLE = "https://www.gdeltproject.org/data/lookups/CAMEO.eventcodes.txt"
CAMEO_MANUAL = "http://data.gdeltproject.org/documentation/CAMEO.Manual.1.1b3.pdf"
PLOVER_REPO = "https://github.com/openeventdata/PLOVER"
CC_BY_SA = "https://creativecommons.org/licenses/by-sa/4.0/"
PLOVER_ATTRIBUTION = (
    "PLOVER, openeventdata/PLOVER, CAMEO2PLOVER-2021.txt (Philip Schrodt), CC BY-SA 4.0"
)

#: Descriptions in GDELT's table that are damaged (mis-decoded Mac Roman quotes, lost letters).
DESCRIPTION_FIXES: dict[str, str] = {
    "044": "Meet at a \u201cthird\u201d location",
}

#: Values found in the crosswalk's MODE column that the PLOVER manual defines as *contexts*
#: (line ``175: ASSAULT, pro_autocracy , military``); they are not emitted as modes.
NOT_MODES: frozenset[str] = frozenset({"pro_autocracy"})

#: Short definitions of the PLOVER event types, paraphrased from PLOVER_MANUAL.tex.
PLOVER_TYPE_DEFINITIONS: dict[str, str] = {
    "AGREE": "Agree to, offer or promise cooperation, or express the intent to cooperate; "
    "cooperative actions reported in the future tense (planned meetings, visits, signings).",
    "CONSULT": "Consultations and meetings: visiting and hosting visits, meeting at a third "
    "location, multilateral meetings, and talks by phone or other media.",
    "SUPPORT": "Diplomatic, non-material cooperation: express support, praise or endorse, "
    "grant recognition, sign or ratify an agreement.",
    "CONCEDE": "Verbal concessions without immediate material consequences, such as promising "
    "to ease restrictions or declaring a ceasefire.",
    "COOPERATE": "Initiate, resume or expand mutual material cooperation or exchange "
    "(economic, military, judicial, intelligence).",
    "AID": "Provide material aid whose benefits accrue mainly to the recipient "
    "(economic, military, humanitarian aid, peacekeeping, asylum).",
    "RETREAT": "Actions with immediate material consequences that de-escalate: release or "
    "return persons or property, allow access, observe a ceasefire, withdraw, disarm.",
    "REQUEST": "Requests, demands and orders, less forceful than threats.",
    "ACCUSE": "Express disapproval, criticise, complain, accuse or allege wrongdoing, investigate.",
    "REJECT": "Rejections and refusals of proposals, requests or demands.",
    "THREATEN": "Threats and coercive or forceful warnings with serious potential repercussions.",
    "PROTEST": "Civilian demonstrations and other collective protest: rallies, strikes, "
    "boycotts, hunger strikes, obstruction, riots.",
    "SANCTION": "Reductions in existing, routine or cooperative relations, not only formal "
    "sanctions.",
    "MOBILIZE": "Military or police moves that fall short of the actual use of force.",
    "COERCE": "Repression, restrictions on rights or coercive uses of power short of violence.",
    "ASSAULT": "Deliberate actions that can result in substantial physical harm.",
}

#: Definitions of the modes this project uses, paraphrased from PLOVER_MANUAL.tex.
PLOVER_MODE_DEFINITIONS: dict[str, str] = {
    "visit": "CONSULT mode: the actor visits and the recipient hosts.",
    "third-party": "CONSULT mode: the meeting is hosted by a third party.",
    "multilateral": "CONSULT mode: the meeting takes place in a multilateral context, "
    "typically an alliance or an intergovernmental organisation.",
    "phone": "CONSULT mode: the consultation takes place by phone or another remote medium.",
    "historical": "Auxiliary mode: the reported event is historical.",
    "future": "Auxiliary mode: the reported event lies in the future.",
    "hypothetical": "Auxiliary mode: the reported event is hypothetical.",
    "negation": "Auxiliary mode: the report says the event did not happen.",
}

#: Modes defined in the PLOVER manual that the crosswalk does not list.
EXTRA_MODES: dict[str, str] = {
    "multilateral": "Defined for CONSULT in the PLOVER manual; absent from the crosswalk.",
    "historical": "Auxiliary mode defined in the PLOVER manual (not yet implemented by "
    "PLOVER coders); absent from the crosswalk.",
    "future": "Auxiliary mode defined in the PLOVER manual (not yet implemented by "
    "PLOVER coders); absent from the crosswalk.",
    "hypothetical": "Auxiliary mode defined in the PLOVER manual (not yet implemented by "
    "PLOVER coders); absent from the crosswalk.",
    "negation": "Auxiliary mode defined in the PLOVER manual (not yet implemented by "
    "PLOVER coders); absent from the crosswalk.",
}

PREFIXES: dict[str, str] = {
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "cameo": VOCAB + "cameo/",
    "plover": VOCAB + "plover/",
    "plovermode": VOCAB + "plover-mode/",
}

_CROSSWALK_LINE = re.compile(r"^\s*(\d+)\s*:(.*)$")
_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$")

#: A subject's predicate-object list: (predicate, object or objects) in output order.
Pairs = list[tuple[str, str | list[str]]]


@dataclass
class Crosswalk:
    """What CAMEO2PLOVER-2021.txt says: per CAMEO code, its PLOVER types and modes."""

    types: dict[str, set[str]] = field(default_factory=dict)
    modes: dict[str, set[str]] = field(default_factory=dict)

    def all_types(self) -> set[str]:
        """Every PLOVER event type named in the crosswalk."""
        return set().union(*self.types.values()) if self.types else set()

    def all_modes(self) -> set[str]:
        """Every PLOVER mode named in the crosswalk (contexts excluded)."""
        return set().union(*self.modes.values()) if self.modes else set()


# --------------------------------------------------------------------------- reading


def read_cameo(path: Path) -> dict[str, str]:
    """Return {code: description} from GDELT's lookup table (header skipped, CRLF tolerated)."""
    codes: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        code, sep, description = line.partition("\t")
        code = code.strip()
        if not sep or not code.isdigit():
            raise ValueError(f"{path}:{number}: expected CODE<TAB>DESCRIPTION, got {line!r}")
        if code in codes:
            raise ValueError(f"{path}:{number}: duplicate code {code}")
        codes[code] = DESCRIPTION_FIXES.get(code, " ".join(description.split()))
    return codes


def read_crosswalk(path: Path) -> Crosswalk:
    """Parse ``CODE: TYPE, MODE, CONTEXT # comment`` lines; other lines are ignored."""
    walk = Crosswalk()
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _CROSSWALK_LINE.match(line.split("#", 1)[0])
        if match is None:
            continue
        code, rest = match.groups()
        fields = [part.strip() for part in rest.split(",")] + ["", ""]
        plover_type, mode = fields[0].upper(), fields[1]
        if plover_type:
            walk.types.setdefault(code, set()).add(plover_type)
        if mode and mode not in NOT_MODES:
            walk.modes.setdefault(code, set()).add(mode)
    return walk


# --------------------------------------------------------------------------- Turtle helpers


def literal(text: str, lang: str | None = None) -> str:
    """Quote and escape ``text`` as a Turtle literal, with an optional language tag."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def qname(prefix: str, local: str) -> str:
    """``prefix:local`` when ``local`` is a safe Turtle local name, else the full ``<IRI>``."""
    if _LOCAL_NAME.match(local):
        return f"{prefix}:{local}"
    return f"<{PREFIXES[prefix]}{local}>"


def block(subject: str, pairs: Pairs) -> str:
    """One subject with its predicate-object list, one predicate per line.

    ``("a", X)`` goes on the subject's line; several long objects go one to a line.
    """
    head = subject
    lines: list[str] = []
    for predicate, objects in pairs:
        values = objects if isinstance(objects, list) else [objects]
        if not values:
            continue
        if predicate == "a" and not lines and head == subject:
            head = f"{subject} a {' , '.join(values)}"
            continue
        line = f"    {predicate} {' , '.join(values)}"
        if len(values) > 1 and len(line) > 100:
            line = f"    {predicate}\n        " + " ,\n        ".join(values)
        lines.append(line)
    return head + "".join(f" ;\n{line}" for line in lines) + " .\n"


def prefix_lines(names: Iterable[str]) -> str:
    """``@prefix`` lines for the named prefixes, in the order given."""
    return "".join(f"@prefix {name}: <{PREFIXES[name]}> .\n" for name in names)


def comment(text: str) -> str:
    """Turn ``text`` into Turtle comment lines."""
    return "".join(f"# {line}".rstrip() + "\n" for line in text.strip("\n").splitlines())


def titles(english: str, arabic: str) -> tuple[str, list[str]]:
    """Build a ``dcterms:title`` pair with English and Arabic titles."""
    return ("dcterms:title", [literal(english, "en"), literal(arabic, "ar")])


def top_concept_of(scheme: str) -> Pairs:
    """``skos:inScheme`` and ``skos:topConceptOf`` for a concept of a flat scheme."""
    return [("skos:inScheme", f"<{scheme}>"), ("skos:topConceptOf", f"<{scheme}>")]


def parent(code: str) -> str | None:
    """042 -> 04, 0211 -> 021; two-digit codes are roots."""
    return None if len(code) <= 2 else code[:-1]


# --------------------------------------------------------------------------- cameo.ttl


def cameo_ttl(codes: dict[str, str], walk: Crosswalk) -> str:
    """Render the CAMEO concept scheme.

    Args:
        codes: CAMEO code -> description, as read by :func:`read_cameo`.
        walk: the PLOVER crosswalk, for the mappings.

    Returns:
        The Turtle text of ``cameo.ttl``.
    """
    concepts = {code: desc for code, desc in codes.items() if len(code) >= 2}
    unknown = sorted(set(walk.types) - set(concepts))
    skipped = sorted(code for code in codes if len(code) < 2)
    header = f"""\
GENERATED by scripts/gen_codes.py -- do not edit by hand; re-run the script instead.

CAMEO event codes as a SKOS concept scheme.
Sources: the CAMEO codebook v1.1b3 (Schrodt 2012), which is public,
  {CAMEO_MANUAL}
and GDELT's lookup table {CAMEO_FILE},
  {GDELT_TABLE}

* One skos:Concept per code at {VOCAB}cameo/<CODE>;
  codes are strings (leading zeros kept).
* Two-digit codes are top concepts; longer codes have skos:broader to their parent
  (042 -> 04, 0211 -> 021).
* The one-digit quad-class rows of the table ({", ".join(skipped) or "none"}: Verbal/Material
  Cooperation/Conflict) classify codes rather than name event types; they are skipped.
* Labels are the table's, except for repaired damaged ones: {", ".join(sorted(DESCRIPTION_FIXES))}.
* skos:closeMatch links a code to its PLOVER event type and skos:relatedMatch to its PLOVER
  mode, from {CROSSWALK_FILE}; PLOVER contexts are not emitted.
  Crosswalk codes missing from the CAMEO table (ignored): {", ".join(unknown) or "none"}.
  Attribution for the mappings: {PLOVER_ATTRIBUTION}.
"""
    fixes = ", ".join(sorted(DESCRIPTION_FIXES))
    prefixes = prefix_lines(["cameo", "dcterms", "plover", "plovermode", "skos"])
    out = [comment(header), "\n", prefixes, "\n"]
    out.append(
        block(
            f"<{CAMEO_SCHEME}>",
            [
                ("a", "skos:ConceptScheme"),
                titles("CAMEO event codes", "رموز أحداث CAMEO"),
                (
                    "dcterms:description",
                    literal(
                        "The Conflict and Mediation Event Observations (CAMEO) event codes, "
                        "one concept per code, with the CAMEO hierarchy as skos:broader and "
                        "the PLOVER crosswalk as mappings.",
                        "en",
                    ),
                ),
                ("dcterms:source", [f"<{CAMEO_MANUAL}>", f"<{GDELT_TABLE}>", f"<{PLOVER_REPO}>"]),
                ("dcterms:license", f"<{CC_BY_SA}>"),
                (
                    "skos:note",
                    [
                        literal(
                            "Codes and labels from the CAMEO codebook v1.1b3 (Schrodt 2012), "
                            "which is publicly available, via GDELT's lookup table "
                            f"CAMEO.eventcodes.txt (label of {fixes} repaired).",
                            "en",
                        ),
                        literal(f"PLOVER mappings from {PLOVER_ATTRIBUTION}.", "en"),
                    ],
                ),
            ],
        )
    )
    for code in sorted(concepts):
        up = parent(code)
        pairs: Pairs = [
            ("a", "skos:Concept"),
            ("skos:notation", literal(code)),
            ("skos:prefLabel", literal(concepts[code], "en")),
            ("skos:inScheme", f"<{CAMEO_SCHEME}>"),
        ]
        if up is None:
            pairs.append(("skos:topConceptOf", f"<{CAMEO_SCHEME}>"))
        else:
            if up not in concepts:
                raise ValueError(f"CAMEO code {code} has no parent {up} in the table")
            pairs.append(("skos:broader", qname("cameo", up)))
        types = sorted(walk.types.get(code, ()))
        modes = sorted(walk.modes.get(code, ()))
        pairs.append(("skos:closeMatch", [qname("plover", t) for t in types]))
        pairs.append(("skos:relatedMatch", [qname("plovermode", m) for m in modes]))
        out.append("\n")
        out.append(block(qname("cameo", code), pairs))
    return "".join(out)


# --------------------------------------------------------------------------- plover.ttl


def plover_ttl(walk: Crosswalk) -> str:
    """Render the PLOVER event type and mode schemes found in the crosswalk.

    Args:
        walk: the PLOVER crosswalk.

    Returns:
        The Turtle text of ``plover.ttl``.
    """
    types = sorted(walk.all_types())
    modes = sorted(walk.all_modes() | set(EXTRA_MODES))
    header = f"""\
GENERATED by scripts/gen_codes.py -- do not edit by hand; re-run the script instead.

PLOVER event types and modes as SKOS concept schemes.
Attribution: {PLOVER_ATTRIBUTION}.
License: {CC_BY_SA}
  (this file adapts PLOVER material and is shared under the same license).
Definitions are paraphrased from PLOVER_MANUAL.tex, {PLOVER_REPO}

* {PLOVER_SCHEME}: one concept per event type found in {CROSSWALK_FILE}.
* {MODE_SCHEME}: one concept per mode found there, plus
  {", ".join(sorted(EXTRA_MODES))} (defined in the PLOVER manual).
  Crosswalk mode values that the manual defines as contexts are left out:
  {", ".join(sorted(NOT_MODES))}.
"""
    out = [comment(header), "\n", prefix_lines(["dcterms", "plover", "plovermode", "skos"]), "\n"]
    common: Pairs = [
        ("dcterms:license", f"<{CC_BY_SA}>"),
        ("dcterms:source", f"<{PLOVER_REPO}>"),
        ("dcterms:rights", literal(f"Attribution: {PLOVER_ATTRIBUTION}.", "en")),
    ]
    out.append(
        block(
            f"<{PLOVER_SCHEME}>",
            [
                ("a", "skos:ConceptScheme"),
                titles("PLOVER event types", "أنواع أحداث PLOVER"),
                *common,
            ],
        )
    )
    out.append("\n")
    out.append(
        block(
            f"<{MODE_SCHEME}>",
            [
                ("a", "skos:ConceptScheme"),
                titles("PLOVER event modes", "أنماط أحداث PLOVER"),
                *common,
            ],
        )
    )
    for name in types:
        pairs: Pairs = [
            ("a", "skos:Concept"),
            ("skos:notation", literal(name)),
            ("skos:prefLabel", literal(name.capitalize(), "en")),
        ]
        if name in PLOVER_TYPE_DEFINITIONS:
            pairs.append(("skos:definition", literal(PLOVER_TYPE_DEFINITIONS[name], "en")))
        pairs += top_concept_of(PLOVER_SCHEME)
        out.append("\n")
        out.append(block(qname("plover", name), pairs))
    for name in modes:
        pairs = [
            ("a", "skos:Concept"),
            ("skos:notation", literal(name)),
            ("skos:prefLabel", literal(name.replace("-", " ").replace("_", " "), "en")),
        ]
        if name in PLOVER_MODE_DEFINITIONS:
            pairs.append(("skos:definition", literal(PLOVER_MODE_DEFINITIONS[name], "en")))
        if name in EXTRA_MODES:
            pairs.append(("skos:scopeNote", literal(EXTRA_MODES[name], "en")))
        pairs += top_concept_of(MODE_SCHEME)
        out.append("\n")
        out.append(block(qname("plovermode", name), pairs))
    return "".join(out)


# --------------------------------------------------------------------------- main


def write(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 with LF line ends, creating the directory if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def main(argv: list[str] | None = None) -> int:
    """Read the code tables, write cameo.ttl and plover.ttl, report to stderr; return 0."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=REPO.parent / "shared",
        help="the shared directory holding data/codes/ (default: ../shared)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "ontology",
        help="where to write cameo.ttl and plover.ttl (default: ontology/)",
    )
    args = parser.parse_args(argv)
    codes_dir = args.shared / "data" / "codes"
    codes = read_cameo(codes_dir / CAMEO_FILE)
    walk = read_crosswalk(codes_dir / CROSSWALK_FILE)
    write(args.out / "cameo.ttl", cameo_ttl(codes, walk))
    write(args.out / "plover.ttl", plover_ttl(walk))
    unknown = sorted(set(walk.types) - set(codes))
    print(
        f"wrote {args.out / 'cameo.ttl'} ({sum(len(c) >= 2 for c in codes)} codes) and "
        f"{args.out / 'plover.ttl'} ({len(walk.all_types())} types, "
        f"{len(walk.all_modes() | set(EXTRA_MODES))} modes)",
        file=sys.stderr,
    )
    if unknown:
        print(
            f"note: crosswalk codes not in the CAMEO table: {', '.join(unknown)}", file=sys.stderr
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
