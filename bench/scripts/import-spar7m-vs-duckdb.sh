#!/usr/bin/env bash
# `spar import spar7m` against DuckDB's own parquet → JSON Lines copy of the same file (bench/scripts/duckdb-parquet-to-jsonl.mjs),
# alternating the two ROUNDS times (the machine is shared: compare within a round), each with /usr/bin/time: wall, CPU
# seconds, peak RSS, MB/s of parquet; medians at the end. The outputs differ in layout (DuckDB: compact JSON in one
# file), so only the speed is compared. spar runs the ReadyToRun build `./spar` runs, with its default --threads.
# Usage: NODE_DIR=dir-with-node_modules(@duckdb/node-api) bash bench/scripts/import-spar7m-vs-duckdb.sh FILE.parquet [ROUNDS=3] [WORK_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
pq="$(realpath "$1")"; rounds="${2:-3}"; work="${3:-$(mktemp -d)}"
node_dir="${NODE_DIR:?set NODE_DIR to a folder where: npm install @duckdb/node-api@1.5.6-r.1}"
mkdir -p "$work"
cp "$here/duckdb-parquet-to-jsonl.mjs" "$node_dir/"
flock /tmp/spar-build.lock "$repo/spar" --version >/dev/null   # builds the CLI first if needed, outside the timing
dll="$repo/src/Spar.Cli/bin/Release/net10.0/linux-x64/r2r/Spar.Cli.dll"
: >"$work/all"
run() { # label command...
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r wall user sys rss <"$work/t"
  awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN { printf "%-6s wall %.2f s  cpu %.2f s (user %.2f sys %.2f)  peak RSS %.0f MiB\n", l, w, u + s, u, s, r / 1024 }'
  echo "$label $wall $user $sys $rss" >>"$work/all"
}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$rounds"); do
  rm -rf "$work/spar" "$work/duck.jsonl"
  run spar dotnet "$dll" import spar7m "$pq" --out "$work/spar"
  run duckdb bash -c "cd '$node_dir' && node duckdb-parquet-to-jsonl.mjs '$pq' '$work/duck.jsonl'"
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
bytes=$(stat -c %s "$pq"); spar_out=$(du -sb "$work/spar" | cut -f1); duck_out=$(stat -c %s "$work/duck.jsonl")
awk -v p="$bytes" -v so="$spar_out" -v do_="$duck_out" '
  { w[$1] = w[$1] " " $2; c[$1] = c[$1] " " ($3 + $4); m[$1] = m[$1] " " $5 }
  function median(list,   n, a, i, j, t) { n = split(list, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  END { printf "parquet %.1f MB; jsonl written: spar %.1f MB, duckdb %.1f MB\n", p / 1e6, so / 1e6, do_ / 1e6
        for (k in w) printf "%-6s median wall %.2f s (%.1f MB/s of parquet), median cpu %.2f s, median peak RSS %.0f MiB\n", k, median(w[k]), p / 1e6 / median(w[k]), median(c[k]), median(m[k]) / 1024
        printf "spar/duckdb median wall %.3f, median cpu %.3f\n", median(w["spar"]) / median(w["duckdb"]), median(c["spar"]) / median(c["duckdb"]) }' "$work/all"
