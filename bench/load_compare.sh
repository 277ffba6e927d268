#!/bin/bash
# Loading one N-Quads file into a fresh on-disk store, one loader after the other, each from a cold
# page cache: `oxigraph load` (the CLI), then `kg load --bulk --no-optimize`, then `kg optimize` on
# kg's store. bench/run.py measures the same steps at every size; this script is the controlled
# form used for the 1M figures in BENCHMARKS.md (nothing else running, caches dropped).
#
#   bench/load_compare.sh FILE.nq WORKDIR [BIN]     # BIN: where kg and oxigraph are (default .venv/bin)
#
# Dropping the page cache needs root; without it the runs start warm (noted in the log).
# Needs free disk for about twice the file's size (the store, and the bulk loader's files).
set -u
nq=${1:?usage: bench/load_compare.sh FILE.nq WORKDIR [BIN]}
work=${2:?usage: bench/load_compare.sh FILE.nq WORKDIR [BIN]}
bin=${3:-.venv/bin}
mkdir -p "$work"
log=$work/load_compare.log
: > "$log"
echo "file $nq: $(wc -c < "$nq") bytes; $("$bin/oxigraph" --version); $("$bin/kg" --version)" >> "$log"

cold() {
  sync
  if ! { echo 3 > /proc/sys/vm/drop_caches; } 2>/dev/null; then echo "(page cache not dropped: not root)" >> "$log"; fi
}

step() {  # name, store, command...
  local name=$1 store=$2
  shift 2
  cold
  /usr/bin/time -f "$name: %e s wall, %U s user, %S s sys, peak %M KB" "$@" > "$work/$name.out" 2> "$work/$name.err"
  local status=$?
  tail -1 "$work/$name.err" >> "$log"
  echo "$name: exit $status; store $(du -sb "$store" | cut -f1) bytes in $(ls "$store" | wc -l) files" >> "$log"
}

rm -rf "$work/store-oxigraph" "$work/store-kg"
step oxigraph-load "$work/store-oxigraph" "$bin/oxigraph" load --location "$work/store-oxigraph" --file "$nq"
rm -rf "$work/store-oxigraph"
step kg-load "$work/store-kg" "$bin/kg" load "$nq" --bulk --no-validate --no-optimize --store "$work/store-kg" -q
step kg-optimize "$work/store-kg" "$bin/kg" optimize --store "$work/store-kg" -q
rm -rf "$work/store-kg"
cat "$log"
