#!/usr/bin/env bash
# End-to-end timing of `spar generate` on rendered synthetic scenes, rendering excluded (issue 4).
# Usage: bench/scripts/generator-e2e.sh [SCENES=12] [FRAMES=100] [PER_SCENE=40] [WORKDIR=/tmp/spar-bench-gen] [THREADS="1 2"] [RUNS=3]
# Renders SCENES synthetic scenes (640x480, FRAMES frames each) once, then per thread count runs `spar generate` once
# to warm the page cache and RUNS more times into a fresh output folder, reporting each run (records/s over the whole
# process, frames analysed, and the cost split from the run manifest: thread-seconds per stage) and the best and
# median. The machine may be shared: compare the best runs.
set -euo pipefail
scenes=${1:-12}
frames=${2:-100}
per=${3:-40}
work=${4:-/tmp/spar-bench-gen}
threads=${5:-"1 2"}
runs=${6:-3}
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
dotnet build -c Release src/Spar.Cli -nologo -v q >/dev/null
dotnet build -c Release bench/Spar.Benchmarks -nologo -v q >/dev/null
spar="dotnet src/Spar.Cli/bin/Release/net10.0/linux-x64/Spar.Cli.dll"
world="$work/world-$scenes-$frames"
if [ ! -f "$world/.done" ]; then
  rm -rf "$world"; mkdir -p "$world"
  dotnet bench/Spar.Benchmarks/bin/Release/net10.0/linux-x64/Spar.Benchmarks.dll makesynth "$world" 1 "$scenes" "$frames"
  touch "$world/.done"
fi
echo "$(nproc) cores; $scenes scenes x $frames frames (640x480), --per-scene $per"
for t in $threads; do
  rates=()
  for run in $(seq 0 "$runs"); do
    out="$work/out-$t"
    rm -rf "$out"
    /usr/bin/time -f '%e %M' -o /tmp/spar-bench-gen-time $spar generate --scenes "$world/synthetic/images" --out "$out" \
      --per-scene "$per" --threads "$t" --images none >/dev/null 2>&1
    [ "$run" = 0 ] && continue
    read -r secs kb < <(tail -1 /tmp/spar-bench-gen-time)
    rate=$(python3 - "$out/generate_manifest.json" "$secs" "$kb" "$t" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); secs = float(sys.argv[2]); kb = int(sys.argv[3]); t = sys.argv[4]
n = m["records_total"]; st = m["stage_seconds"]
print(f"threads {t}: {n:,} records in {secs:.2f} s (process wall) = {n/secs:,.0f} records/s; "
      f"generate {m['generate_wall_seconds']:.2f} s, assemble {m['assemble_wall_seconds']:.2f} s; peak RSS {kb/1024:.0f} MB", file=sys.stderr)
print(f"  frames analysed {m['frames']['analysed']:,} of {m['frames']['total']:,} (each once); "
      + ", ".join(f"{k} {v:.2f}" for k, v in st.items()) + " (thread-seconds)", file=sys.stderr)
print(round(n / secs))
PY
)
    rates+=("$rate")
  done
  sorted=($(printf '%s\n' "${rates[@]}" | sort -n))
  echo "threads $t: best ${sorted[-1]} records/s, median ${sorted[$(( ${#sorted[@]} / 2 ))]} records/s over $runs runs"
done
