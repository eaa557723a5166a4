#!/usr/bin/env bash
# Throughput of `spar import spar7m` (issue: >= 100 MB/s of parquet, memory flat in file size): writes Hub-layout
# parquet files of ROWS and 4×ROWS rows with DuckDB (bench/scripts/make-large-hub-parquet.mjs), imports each once with
# /usr/bin/time -v, and prints MB/s of parquet read, MB/s of jsonl written, rows/s and peak RSS. Peak RSS must not grow
# with the file (two row groups in memory at a time). VARIETY=varied (default templates) writes the fixture whose rows' text
# all differ, as the release's do (make-large-hub-parquet.mjs): MB/s of parquet depends on how well the file compresses,
# so both are printed with MB/s of jsonl and rows/s. The CLI run is the ReadyToRun build `./spar` runs.
# Usage: NODE_DIR=dir-with-node_modules(@duckdb/node-api) [VARIETY=templates|varied] bash bench/scripts/import-spar7m-throughput.sh [ROWS] [WORK_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
rows="${1:-1000000}"
variety="${VARIETY:-templates}"
work="${2:-$(mktemp -d)}"
node_dir="${NODE_DIR:?set NODE_DIR to a folder where: npm install @duckdb/node-api@1.5.6-r.1}"
mkdir -p "$work"
cp "$here/make-large-hub-parquet.mjs" "$node_dir/"
flock /tmp/spar-build.lock "$repo/spar" --version >/dev/null   # builds the CLI first if needed (under the shared build lock), outside the timing
dll="$repo/src/Spar.Cli/bin/Release/net10.0/linux-x64/r2r/Spar.Cli.dll"   # what ./spar runs
for n in "$rows" "$((rows * 4))"; do
  pq="$work/hub-$variety-$n.parquet"
  [ -f "$pq" ] || (cd "$node_dir" && node make-large-hub-parquet.mjs "$pq" "$n" 10000 "$variety" >/dev/null)
  rm -rf "$work/out-$n"
  /usr/bin/time -v dotnet "$dll" import spar7m "$pq" --out "$work/out-$n" >"$work/import-$n.log" 2>"$work/time-$n.log"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); s = 0; for (i = 1; i <= length(t); i++) s = s * 60 + t[i]; print s}' "$work/time-$n.log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time-$n.log")
  pq_bytes=$(stat -c %s "$pq")
  out_bytes=$(du -sb "$work/out-$n" | cut -f1)
  awk -v n="$n" -v w="$wall" -v p="$pq_bytes" -v o="$out_bytes" -v r="$rss" 'BEGIN {
    printf "%d rows: parquet %.1f MB, jsonl %.1f MB (%.1f:1), %.2f s wall: %.1f MB/s of parquet, %.1f MB/s of jsonl, %.0f rows/s, peak RSS %.0f MiB\n",
      n, p / 1e6, o / 1e6, o / p, w, p / 1e6 / w, o / 1e6 / w, n / w, r / 1024 }'
  tail -1 "$work/import-$n.log"
done
