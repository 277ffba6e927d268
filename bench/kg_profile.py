#!/usr/bin/env python3
"""Profile one `kg build` (the command's own main(), in this process) and say where the time goes.

    .venv/bin/python bench/kg_profile.py OUT.json -- build bench/data/100k/facts -o /tmp/x.nq -q

Runs kg's command line under cProfile, then sums each function's own time (tottime) by stage,
from the module that defines it (built-ins such as pyoxigraph methods count for the kg module
that called them): read (YAML/JSON, schema), resolve, map, validate, write, other. Prints one
JSON line (also written to OUT.json, with the 25 most expensive functions). cProfile slows
Python code more than C code, so shares are indicative; the wall time of the unprofiled build is
what bench/run.py reports.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import sys
import time
from pathlib import Path
from typing import Any

#: kg module (or third-party package) → stage.
STAGES: tuple[tuple[str, str], ...] = (
    ("kg/document.py", "read"), ("kg/facts.py", "read"), ("jsonschema_rs", "read"), ("jsonschema", "read"),
    ("yaml", "read"), ("kg/model.py", "read"), ("kg/dates.py", "read"),
    ("kg/resolve.py", "resolve"), ("kg/countries.py", "resolve"), ("pycountry", "resolve"),
    ("kg/mapper.py", "map"), ("kg/iris.py", "map"), ("kg/graph.py", "map"),
    ("kg/validation.py", "validate"), ("kg/shacl.py", "validate"), ("pyshacl", "validate"),
    ("kg/rdfio.py", "write"), ("kg/export.py", "write"),
    ("kg/build.py", "build loop"), ("rdflib", "rdflib (resources, terms)"),
)


def stage_of(filename: str) -> str | None:
    for needle, stage in STAGES:
        if needle in filename:
            return stage
    return None


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--" or argv[0] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 2
    out, args = Path(argv[0]), argv[2:]
    import kg.cli

    def kg_main(args: list[str]) -> None:
        main_ = getattr(kg.cli, "main", None)
        if main_ is not None:
            sys.argv = ["kg", *args]
            main_()
        else:  # the typer app itself
            getattr(kg.cli, "app")(args=args, prog_name="kg")  # noqa: B009

    profile = cProfile.Profile()
    t0 = time.perf_counter()
    code: int | str | None = 0
    profile.enable()
    try:
        kg_main(args)
    except SystemExit as exc:
        code = exc.code
    finally:
        profile.disable()
    wall = time.perf_counter() - t0
    stats = pstats.Stats(profile)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    by_stage: dict[str, float] = {}
    top = []
    for (filename, line, name), (_cc, _nc, tottime, cumtime, callers) in raw.items():
        stage = stage_of(filename)
        if stage is None and filename == "~":  # a built-in: charge it to the stage that called it most
            best = max(callers.items(), key=lambda kv: kv[1][2], default=None)
            stage = stage_of(best[0][0]) if best else None
        by_stage[stage or "other"] = by_stage.get(stage or "other", 0.0) + tottime
        top.append((tottime, cumtime, f"{filename}:{line}({name})", stage or "other"))
    top.sort(reverse=True)
    total = sum(by_stage.values()) or 1.0
    result: dict[str, Any] = {
        "exit_code": code if isinstance(code, int) else 1, "profiled_wall_s": wall,
        "stages": {k: {"seconds": v, "share": v / total} for k, v in sorted(by_stage.items(), key=lambda kv: -kv[1])},
        "top": [{"tottime": t, "cumtime": c, "function": f, "stage": s} for t, c, f, s in top[:25]],
    }
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"exit_code": result["exit_code"], "profiled_wall_s": wall,
                      "stages": {k: round(v["share"], 3) for k, v in result["stages"].items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
