#!/usr/bin/env python3
"""Throughput and peak memory of ``kg import gdelt``, against pyoxigraph's parse-and-serialize floor.

    .venv/bin/python bench/import_bench.py [ROWS] [--data DIR] [--keep]

1. Builds a GDELT 2.0 export of ROWS rows (default 100,000) by repeating the rows of the shared
   2.0 file (``../shared/data/gdelt/20150218230000.export.CSV``, 2,271 rows), each copy with new
   GLOBALEVENTIDs, so every row is its own event (the articles, actors and places repeat).
2. ``import``: kg.import_records of that file to N-Quads, in a process of its own.
3. ``floor``: in another process, pyoxigraph parses the N-Quads kg wrote and serializes them
   again, streamed: the cost of merely reading and writing the same quads, which no importer
   written on pyoxigraph can beat.
4. ``idle``: a process that only imports kg (or only pyoxigraph), for the memory baselines.

Each case runs in a fresh process and reports wall time and peak resident memory (``ru_maxrss``);
the table gives rows/s, quads/s and the ratios to the floor. Figures go to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"

CASES = {
    "import": """
import kg
from pathlib import Path
report = kg.import_records("gdelt", [Path(INPUT)], Path(OUTPUT))
RESULT["records"] = report.records
RESULT["quads"] = report.quads
""",
    "floor": """
import pyoxigraph as ox
count = 0
def quads():
    global count
    for quad in ox.parse(path=INPUT, format=ox.RdfFormat.N_QUADS):
        count += 1
        yield quad
with open(OUTPUT, "wb") as out:
    ox.serialize(quads(), out, ox.RdfFormat.N_QUADS)
RESULT["quads"] = count
""",
    "idle-kg": """
import kg
""",
    "idle-ox": """
import pyoxigraph
""",
}

RUNNER = """
import json, resource, sys, time
INPUT, OUTPUT = sys.argv[1], sys.argv[2]
RESULT = {}
start = time.perf_counter()
exec(compile(sys.argv[3], "case", "exec"))
RESULT["seconds"] = time.perf_counter() - start
RESULT["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(RESULT))
"""


def build_input(source: Path, rows: int, out: Path) -> int:
    """Repeat the source rows up to ``rows`` rows, GLOBALEVENTIDs made unique per copy."""
    lines = source.read_bytes().splitlines(keepends=True)
    written = 0
    with out.open("wb") as handle:
        copy = 0
        while written < rows:
            for line in lines:
                if written == rows:
                    break
                gid, rest = line.split(b"\t", 1)
                handle.write(str(int(gid) + copy * 1_000_000_000).encode() + b"\t" + rest)
                written += 1
            copy += 1
    return written


def run(case: str, inp: Path, out: Path) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", RUNNER, str(inp), str(out), CASES[case]],
                            capture_output=True, text=True, check=True, cwd=ROOT)
    data: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rows", nargs="?", type=int, default=100_000, help="rows of the replicated export")
    parser.add_argument("--data", type=Path, default=SHARED, help="the shared data folder")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    source = args.data / "gdelt" / "20150218230000.export.CSV"
    if not source.is_file():
        sys.exit(f"no GDELT 2.0 export at {source} (give --data)")
    folder = Path(tempfile.mkdtemp(prefix="kg-import-bench-"))
    try:
        export = folder / "replicated.export.CSV"
        started = time.perf_counter()
        rows = build_input(source, args.rows, export)
        print(f"input: {rows:,} rows, {export.stat().st_size / 1e6:,.1f} MB "
              f"(built in {time.perf_counter() - started:.1f} s)", file=sys.stderr)
        nq, again = folder / "import.nq", folder / "floor.nq"
        kg_run = run("import", export, nq)
        floor = run("floor", nq, again)
        idle_kg = run("idle-kg", export, folder / "none")
        idle_ox = run("idle-ox", export, folder / "none")
        quads = kg_run["quads"]
        print(f"\n{rows:,} GDELT 2.0 rows → {int(quads):,} quads ({nq.stat().st_size / 1e6:,.0f} MB of N-Quads); "
              f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}, "
              f"{os.cpu_count()} CPUs\n")
        print(f"{'case':<36}{'seconds':>9}{'rows/s':>11}{'quads/s':>12}{'peak MB':>9}{'x floor':>9}")
        for name, data in (("kg import gdelt (to N-Quads)", kg_run),
                           ("floor: pyoxigraph parse + serialize", floor)):
            seconds = data["seconds"]
            print(f"{name:<36}{seconds:>9.2f}{rows / seconds:>11,.0f}{quads / seconds:>12,.0f}"
                  f"{data['max_rss_mb']:>9.0f}{seconds / floor['seconds']:>9.1f}")
        grown_kg = kg_run["max_rss_mb"] - idle_kg["max_rss_mb"]
        grown_ox = floor["max_rss_mb"] - idle_ox["max_rss_mb"]
        print(f"\npeak memory above an idle process: kg import {grown_kg:,.0f} MB (idle with kg imported: "
              f"{idle_kg['max_rss_mb']:,.0f} MB), floor {grown_ox:,.0f} MB (idle with pyoxigraph: "
              f"{idle_ox['max_rss_mb']:,.0f} MB)")
    finally:
        if not args.keep:
            for path in folder.iterdir():
                path.unlink()
            folder.rmdir()
        else:
            print(f"files kept in {folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
