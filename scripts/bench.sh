#!/usr/bin/env bash
# Reruns every figure in docs/BENCHMARKS.md, in one run, on this machine.
#
#   scripts/bench.sh              everything (about 15 minutes)
#   RUNS=5 scripts/bench.sh       fewer whole-process runs
#   ONLY=library scripts/bench.sh one section: functions, reader, search, library, formats, scale
#
# Needs: python3 with pyte (pip install pyte), less, bat (Debian: batcat),
# hyperfine; ripgrep is installed here if missing (Debian's package, else
# cargo), as the tool a terminal user would search a folder with. Generated inputs go to $DATA (default /tmp/folio-bench) and are
# never committed. Whole-process figures come from scripts/ptybench.py,
# which runs each program in a pseudo-terminal and times what the screen
# shows.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
ONLY=${ONLY:-}
CORPUS=${FOLIO_CORPUS:-../shared/corpus}
DATA=${DATA:-/tmp/folio-bench}
# Every run starts with no saved state (positions, history, bookmarks).
PTY="python3 scripts/ptybench.py --runs $RUNS --timeout 60 --fresh-env FOLIO_CONFIG_DIR"
BAT=$(command -v bat || command -v batcat || true)
mkdir -p "$DATA"
export FOLIO_CONFIG_DIR="$DATA/config"   # no bookmarks or positions of yours
want() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }
if ! command -v rg >/dev/null; then
  echo "== installing ripgrep"
  SUDO=$([ "$(id -u)" = 0 ] || echo "sudo -n")
  $SUDO apt-get install -y -qq ripgrep >/dev/null 2>&1 || cargo install --quiet --locked ripgrep
fi

cargo build --release --quiet
FOLIO=${FOLIO:-$PWD/target/release/folio}   # FOLIO=other/folio compares another build

# Inputs.
BIG=$DATA/moby-100mb.txt
BIG_END=$DATA/moby-100mb-end.txt
if [ ! -f "$BIG" ]; then for _ in $(seq 80); do cat "$CORPUS/moby-dick.txt"; done > "$BIG"; fi
if [ ! -f "$BIG_END" ]; then { cat "$BIG"; printf '\nThe last word is zanzibarquux.\n'; } > "$BIG_END"; fi
library() { # library DIR COPIES: the RFCs copied COPIES times
  local dir=$1 copies=$2
  if [ ! -d "$dir" ]; then
    for i in $(seq -w 1 "$copies"); do mkdir -p "$dir/rfcs-$i"; cp "$CORPUS"/rfcs/*.md "$dir/rfcs-$i/"; done
  fi
}
LIB1K=$DATA/lib1k;   [ -d "$LIB1K" ] || { library "$LIB1K" 2; find "$LIB1K" -name '*.md' | sort | tail -n +1001 | xargs rm -f; }
LIB10K=$DATA/lib10k; library "$LIB10K" 16
SEED=seeds/003_471924497b610375.txt

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%FT%TZ)"
echo "== folio $(git rev-parse --short HEAD), $($FOLIO --version)"
echo "== inputs: $(stat -c %s "$BIG") bytes; lib1k $(find "$LIB1K" -name '*.md' | wc -l) files $(du -sb "$LIB1K" | cut -f1) bytes; lib10k $(find "$LIB10K" -name '*.md' | wc -l) files $(du -sb "$LIB10K" | cut -f1) bytes"

if want functions; then
  echo "== function benchmarks (divan)"
  cargo bench --quiet --bench reader
  cargo bench --quiet --bench search
fi

if want reader; then
  echo "== start-up, seeds"
  # Positions are read off the status bar ("100%  ? help"), not the list.
  $PTY --name "folio, seeds: first frame, j, G" --step "" "Library (5)" --step j "~changed" --step G "100%  ? help" -- "$FOLIO"
  $PTY --name "less, one seed: first frame, j, G" --step "" "The line between" --step j "~changed" --step G "(END)" -- less "$SEED"
  echo "== 100 MB"
  $PTY --name "folio, 100 MB: first frame, G at once (the end read alone)" --step "" "Moby Dick; or The Whale" --step G "100%  ? help" -- "$FOLIO" "$BIG"
  $PTY --name "folio, 100 MB: loaded, G, k, Space" --step "" " 0%  ? help" --step G "100%  ? help" --step k "~changed" --step " " "~changed" -- "$FOLIO" "$BIG"
  $PTY --name "less, 100 MB: first frame, G, k, Space" --step "" "The Project Gutenberg EBook" --step G "subscribe to our email" --step k "~changed" --step " " "~changed" -- less "$BIG"
  echo "== 100 MB to a pipe (hyperfine, output to /dev/null)"
  hyperfine --warmup 1 --runs "$RUNS" --export-markdown "$DATA/pipe.md" \
    "$FOLIO $BIG > /dev/null" \
    ${BAT:+"$BAT --paging=never --color=always --style=plain $BIG > /dev/null"} \
    "cat $BIG > /dev/null"
  cat "$DATA/pipe.md"
fi

if want search; then
  echo "== search in 100 MB: a word only at the end"
  $PTY --name "folio: / then the word and Enter at once" --quit '\x1bq' \
    --step "" " 0%  ? help" --step "/" "~changed" --step 'zanzibarquux\r' "match 1/1" -- "$FOLIO" "$BIG_END"
  $PTY --name "folio: / then the word 0.3 s later" --quit '\x1bq' \
    --step "" " 0%  ? help" --step "/" "~changed" --step "@sleep 0.3" "" --step 'zanzibarquux\r' "match 1/1" -- "$FOLIO" "$BIG_END"
  $PTY --runs 3 --name "less: /zanzibarquux" --step "" "The Project Gutenberg" --step '/zanzibarquux\r' "The last word is" -- less "$BIG_END"
  echo "== the same from the command line: folio search, ripgrep, grep (hyperfine, output to /dev/null)"
  hyperfine --warmup 1 --runs "$RUNS" --export-markdown "$DATA/search-cli.md" \
    "$FOLIO search zanzibarquux $BIG_END > /dev/null" "rg -i zanzibarquux $BIG_END > /dev/null" \
    "grep -i zanzibarquux $BIG_END > /dev/null"
  cat "$DATA/search-cli.md"
  echo "== every 'whale' in 100 MB, counted"
  $PTY --name "folio: /whale, the count" --quit '\x1bq' \
    --step "" " 0%  ? help" --step "/" "~changed" --step "@sleep 0.3" "" --step 'whale\r' "match 1/" -- "$FOLIO" "$BIG"
  echo "== keystrokes in the search prompt"
  $PTY --name "folio, Moby Dick: / w h a l e, each redrawn" --quit '\x1bq' --step "" "Moby Dick" \
    --step "/" "~changed" --step w "~changed" --step h "~changed" --step a "~changed" --step l "~changed" --step e "~changed" \
    -- "$FOLIO" "$CORPUS/moby-dick.txt"
  $PTY --name "folio, seeds: / c o n v, each redrawn" --quit '\x1bq' --step "" "Library (5)" \
    --step "/" "~changed" --step c "~changed" --step o "~changed" --step n "~changed" --step v "~changed" -- "$FOLIO"
fi

# A library's runs: the first start (no cache: every file parsed, then the
# index built) once, then second starts (metadata from the cache, index up
# to date) and a library search through the index; ripgrep over the same
# folder beside it. library_runs NAME DIR QUERY...
library_runs() {
  local name=$1 dir=$2 n last cache query; shift 2
  n=$(find "$dir" -name '*.md' | wc -l); last=${n: -3}
  cache=$DATA/cache-$name; rm -rf "$cache"
  FOLIO_CACHE_DIR=$cache python3 scripts/ptybench.py --runs 1 --timeout 900 --fresh-env FOLIO_CONFIG_DIR \
    --name "folio, $name ($n documents), first start: first frame, all listed, index ready" \
    --step "" "Library (" --step "@same" "$last) indexing" --step "@same" "$last) ─" -- "$FOLIO" "$dir"
  echo "  cache: $(du -sh "$cache"/library-*.json | cut -f1) metadata, $(du -sh "$cache"/index-* | cut -f1) index"
  for query in "$@"; do
    # A query with hits: the first result, then all; one with none (it
    # begins with "0:"): the answer.
    local first=(--step "$query" ".md, " --step "@same" " hits in&!reading")
    case $query in 0:*) query=${query#0:}; first=(--step "$query" " hits in&!reading") ;; esac
    FOLIO_CACHE_DIR=$cache $PTY --name "folio, $name, second start: first frame, all listed; S $query: first result, all" \
      --quit '\x1b\x1bq' --step "" "Library (" --step "@same" "$last) ─" --step "@sleep 1" "" --step S "~changed" \
      "${first[@]}" -- "$FOLIO" "$dir"
    hyperfine --ignore-failure --warmup 1 --runs 3 --export-markdown "$DATA/rg-$name.md" "rg -i '$query' $dir > /dev/null"
    cat "$DATA/rg-$name.md"
  done
}

if want library; then
  echo "== library of 10 368 documents"
  library_runs 10k "$LIB10K" unsafe
  FOLIO_CACHE_DIR=$DATA/cache-10k $PTY --name "folio, 10k: filter keystrokes" --quit '\x1b\x1bq' --step "" "368) ─" \
    --step '\t' "~changed" --step "/" "~changed" --step p "~changed" --step a "~changed" --step n "~changed" \
    --step i "~changed" -- "$FOLIO" "$LIB10K"
  echo "== library search from the command line: folio search, ripgrep (hyperfine, output to /dev/null)"
  hyperfine --warmup 1 --runs "$RUNS" --export-markdown "$DATA/library-cli.md" \
    "$FOLIO search unsafe $LIB10K > /dev/null" "rg -i unsafe $LIB10K > /dev/null"
  cat "$DATA/library-cli.md"
fi

if want formats; then
  echo "== formats: an EPUB of 5 MB of text, a 10 MB web page"
  EPUB=$DATA/moby-x4.epub
  [ -f "$EPUB" ] || python3 scripts/make_epub.py "$CORPUS/moby-dick.txt" 4 "$EPUB"
  $PTY --name "folio, 5 MB EPUB: first frame, the outline" --quit '\x1bq' --step "" "Moby Dick in one volume" --step t "Outline (" -- "$FOLIO" "$EPUB"
  echo "== parsing: outline of 100 MB, HTML and EPUB per MB, parsers growing 10x (divan)"
  cargo bench --quiet --bench reader -- outline_100mb parse_100mb parse_html_mb parse_epub_5mb grow_
fi

if want scale; then
  echo "== how cost grows: 1 000, 10 000, 100 000 documents (the RFCs copied; 1.6 GB for 100k)"
  LIB100K=$DATA/lib100k; library "$LIB100K" 160
  library_runs 1k "$LIB1K" unsafe
  library_runs 10k "$LIB10K" unsafe
  library_runs 100k "$LIB100K" unsafe "borrow checker" 0:xylophone
  echo "== the index alone: which documents may hold a query, ranked (divan), at 10k and 100k"
  for n in 10k 100k; do
    lib=$LIB10K; [ $n = 100k ] && lib=$LIB100K
    FOLIO_BENCH_LIBRARY=$lib FOLIO_BENCH_CACHE=$DATA/cache-$n cargo bench --quiet --bench search -- index_query
  done
fi
