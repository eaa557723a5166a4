#!/usr/bin/env bash
# End-to-end timing of spar index / validate / stats / audit on a SPAR-7M-shaped tree (issue: foundation).
# Usage: bench/scripts/dataset-e2e.sh [RECORDS=2000000] [WORKDIR=/tmp/spar-bench-tree]
# Each command runs twice; the second run (page cache warm) is reported, with peak RSS from GNU time.
set -euo pipefail
records=${1:-2000000}
work=${2:-/tmp/spar-bench-tree}
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
dotnet build -c Release src/Spar.Cli -nologo -v q >/dev/null
dotnet build -c Release bench/Spar.Benchmarks -nologo -v q >/dev/null
if [ ! -f "$work/.done-$records" ]; then
  rm -rf "$work"; mkdir -p "$work/spar"
  dotnet bench/Spar.Benchmarks/bin/Release/net10.0/linux-x64/Spar.Benchmarks.dll maketree "$work/spar" "$records"
  touch "$work/.done-$records"
fi
bytes=$(find "$work/spar" -name '*.jsonl' -printf '%s\n' | awk '{s+=$1} END {print s}')
lines=$(find "$work/spar" -name '*.jsonl' -exec cat {} + | wc -l)
echo "tree: $lines records, $((bytes / 1000000)) MB in .jsonl files, $(nproc) cores"
spar="dotnet src/Spar.Cli/bin/Release/net10.0/linux-x64/Spar.Cli.dll"
run() {
  local name=$1; shift
  "$@" >/dev/null 2>&1 || true
  /usr/bin/time -f '%e %M' -o /tmp/spar-bench-time "$@" >/dev/null 2>/tmp/spar-bench-err || true
  read -r secs kb < <(tail -1 /tmp/spar-bench-time)
  awk -v n="$name" -v s="$secs" -v kb="$kb" -v b="$bytes" -v r="$lines" \
    'BEGIN { printf "%-28s %7.2f s  %8.1f MB/s  %10.0f records/s  peak RSS %6.1f MB\n", n, s, b/1e6/s, r/s, kb/1024 }'
}
run "index"              $spar index "$work/spar" --out "$work/data_jsons"
run "index --validate"   $spar index "$work/spar" --out "$work/data_jsons" --validate
run "validate"           $spar validate "$work/spar"
run "validate --skip-images" $spar validate "$work/spar" --skip-images
run "stats"              $spar stats "$work/spar" --json
run "audit"              $spar audit "$work/spar" --out "$work/audit"
