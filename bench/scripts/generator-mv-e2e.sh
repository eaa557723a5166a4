#!/usr/bin/env bash
# End-to-end timing of `spar generate` restricted to the 14 multi-view types (issue 5), rendering excluded.
# Usage: bench/scripts/generator-mv-e2e.sh [SCENES=12] [FRAMES=100] [PER_SCENE=40] [WORKDIR=/tmp/spar-bench-gen] [THREADS="1 2"] [RUNS=3]
# Shares the rendered world with generator-e2e.sh (same folder layout), then per thread count runs once to warm the
# page cache and RUNS more times, reporting records/s over the whole process and frames analysed.
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
types="depth_prediction_oc_mv depth_prediction_oo_mv distance_prediction_oc_mv distance_prediction_oo_mv position_matching
camera_motion_infer view_change_infer obj_spatial_relation_oc_mv obj_spatial_relation_oo_mv distance_infer_center_oc_mv
distance_infer_center_oo_mv spatial_imagination_oc_mv spatial_imagination_oo_mv spatial_imagination_map_mv"
echo "$(nproc) cores; $scenes scenes x $frames frames (640x480), --per-scene $per, 14 multi-view types"
for t in $threads; do
  for run in $(seq 0 "$runs"); do
    out="$work/out-mv-$t"
    rm -rf "$out"
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e %M' -o /tmp/spar-bench-mv-time $spar generate --scenes "$world/synthetic/images" --out "$out" \
      --per-scene "$per" --threads "$t" --images none --tasks $types >/dev/null 2>&1
    [ "$run" = 0 ] && continue
    read -r secs kb < <(tail -1 /tmp/spar-bench-mv-time)
    python3 - "$out/generate_manifest.json" "$secs" "$kb" "$t" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); secs = float(sys.argv[2]); kb = int(sys.argv[3]); t = sys.argv[4]
n = m["records_total"]
rej = {}
for k, v in m["rejected"].items():
    reason = k.split("/")[-1]; rej[reason] = rej.get(reason, 0) + v
print(f"threads {t}: {n:,} records in {secs:.2f} s = {n/secs:,.0f} records/s; frames analysed {m['frames']['analysed']:,} "
      f"of {m['frames']['total']:,}; peak RSS {kb/1024:.0f} MB; stages " + ", ".join(f"{k} {v:.2f}" for k, v in m["stage_seconds"].items()))
print("  rejected by reason: " + ", ".join(f"{k} {v:,}" for k, v in sorted(rej.items(), key=lambda kv: -kv[1])))
PY
  done
done
