#!/usr/bin/env python3
"""Where a named query's time goes in kg's on-disk store (BENCHMARKS.md, "Named queries").

    .venv/bin/python bench/query_anatomy.py STORE [QUERY ...] [--actor KEY]

STORE is a store made by ``kg load`` (bench/run.py's ``bench/out/SIZE/store-kg``); QUERY named
queries (default: timeline and evidence, the two under 20× rdflib); KEY the actor's entity key
(default: the benchmark's, vladimir-belousov). Each query is the text bench/run.py times
(the focused form for the actor), run as it is, without its ``ORDER BY``, and counted inside
the engine (no term decoded for Python); then the cost of one index lookup, from SPARQL (a
``VALUES`` of 2,000 subjects joined with one triple pattern) and from Python
(``Store.quads_for_pattern``). Medians of 7 runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baselines import _median_ms, named_sparql

BASE = "https://w3id.org/geokg/id/"
TARGET = ox.NamedNode("http://www.w3.org/ns/oa#hasTarget")
SELECTOR = ox.NamedNode("http://www.w3.org/ns/oa#hasSelector")


def median_ms(run: Callable[[], int]) -> float:
    return _median_ms(run, times=7)[0]


def forms(text: str) -> dict[str, str]:
    """The query as run, without its ORDER BY, and its solutions counted in the engine."""
    plain = text[:text.rindex("ORDER BY")] if "ORDER BY" in text else text
    head, select = plain[:plain.index("SELECT")], plain[plain.index("SELECT"):]
    return {"as run": text, "without ORDER BY": plain,
            "counted in the engine": f"{head}SELECT (COUNT(*) AS ?n) WHERE {{ {select} }}"}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path, help="a kg store (a folder)")
    parser.add_argument("queries", nargs="*", default=["timeline", "evidence"], help="named queries")
    parser.add_argument("--actor", default="vladimir-belousov", help="the actor's entity key")
    args = parser.parse_args(argv)
    store = ox.Store.read_only(str(args.store))
    texts = dict(named_sparql(f"{BASE}entity/{args.actor}"))
    unknown = sorted(set(args.queries) - set(texts))
    if unknown:
        parser.error(f"no named query {', '.join(unknown)} (named queries: {', '.join(texts)})")

    def rows(text: str) -> int:
        return len(list(store.query(text, use_default_graph_as_union=True)))

    for name in args.queries:
        for form, text in forms(texts[name]).items():
            spent = median_ms(lambda t=text: rows(t))
            found = "" if form.startswith("counted") else f"  ({rows(text)} rows)"
            print(f"{name:10} {form:24} {spent:8.2f} ms{found}")
        if not rows(texts[name]):
            print(f"{name}: no rows for --actor {args.actor} in this store")
    targets = [quad.object for quad, _ in zip(store.quads_for_pattern(None, TARGET, None, None), range(2000),
                                              strict=False)]
    if not targets:
        print("no oa:hasTarget in the store: no lookup timed")
        return 0
    values = " ".join(f"<{t.value}>" for t in targets if isinstance(t, ox.NamedNode))
    joined = ("SELECT (COUNT(*) AS ?n) WHERE { VALUES ?t { " + values
              + " } ?t <http://www.w3.org/ns/oa#hasSelector> ?s }")
    spent = median_ms(lambda: rows(joined))
    print(f"one lookup from SPARQL   {spent * 1000 / len(targets):8.2f} µs  ({len(targets)} subjects, one pattern)")

    def each() -> int:
        return sum(1 for target in targets for _ in store.quads_for_pattern(target, SELECTOR, None, None))
    print(f"one lookup from Python   {median_ms(each) * 1000 / len(targets):8.2f} µs  (quads_for_pattern)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
