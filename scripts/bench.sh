#!/usr/bin/env bash
# Reruns every benchmark figure in docs/BENCHMARKS.md on this machine.
#   scripts/bench.sh            all of them
#   RUNS=5 scripts/bench.sh     fewer whole-process runs
# Needs: a release build, python3 with pyte (pip install pyte), less.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
CORPUS=${FOLIO_CORPUS:-../shared/corpus}
BIG=${BIG:-/tmp/moby-100mb.txt}
PTY="python3 scripts/ptybench.py --runs $RUNS"

cargo build --release --quiet
FOLIO=target/release/folio
if [ ! -f "$BIG" ]; then
  for _ in $(seq 80); do cat "$CORPUS/moby-dick.txt"; done > "$BIG"
fi
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== big file: $BIG ($(stat -c %s "$BIG") bytes)"

echo "== function benchmarks (divan)"
cargo bench --quiet --bench reader

echo "== whole process, seeds"
$PTY --name "folio, seeds" --step "" "Library (5)" --step j "~changed" --step G "100%" -- $FOLIO

echo "== whole process, 100 MB"
$PTY --name "folio, 100 MB: G at once" --step "" "Moby Dick; or The Whale" --step G "100%" -- $FOLIO "$BIG"
$PTY --name "folio, 100 MB: G once loaded" --step "" " 0%" --step G "100%" --step k "~changed" --step " " "~changed" -- $FOLIO "$BIG"
$PTY --name "less, 100 MB" --step "" "The Project Gutenberg EBook" --step G "subscribe to our email" --step k "~changed" -- less "$BIG"
