#!/usr/bin/env bash
# End-to-end timing of `spar generate` on rendered synthetic scenes, rendering excluded (issue 4).
# Usage: bench/scripts/generator-e2e.sh [SCENES=12] [FRAMES=100] [PER_SCENE=40] [WORKDIR=/tmp/spar-bench-gen] [THREADS="1 2"] [RUNS=3] [TASKS=all]
# TASKS: all (every registered type), single, mv (the 14 multi-view types), video (the 11 video types), or a
# space-separated list of types. generator-mv-e2e.sh and generator-video-e2e.sh call this script with mv / video.
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
group=${7:-all}
case "$group" in
  all) tasks="" ;;
  single) tasks="depth_prediction_oc depth_prediction_oo distance_prediction_oc distance_prediction_oo distance_infer_center_oc
distance_infer_center_oo obj_spatial_relation_oo spatial_volume_infer spatial_imagination_oc spatial_imagination_oo" ;;
  mv) tasks="depth_prediction_oc_mv depth_prediction_oo_mv distance_prediction_oc_mv distance_prediction_oo_mv position_matching
camera_motion_infer view_change_infer obj_spatial_relation_oc_mv obj_spatial_relation_oo_mv distance_infer_center_oc_mv
distance_infer_center_oo_mv spatial_imagination_oc_mv spatial_imagination_oo_mv spatial_imagination_map_mv" ;;
  video) tasks="distance_prediction_oo_video distance_infer_center_oo_video spatial_imagination_oc_video spatial_imagination_oo_video
spatial_imagination_oc_video_hard spatial_imagination_oo_video_hard obj_frame_locate appearance_order obj_count room_size nav" ;;
  *) tasks="$group"; group=custom ;;
esac
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
echo "$(nproc) cores; $scenes scenes x $frames frames (640x480), --per-scene $per, tasks: $group"
for t in $threads; do
  rates=()
  for run in $(seq 0 "$runs"); do
    out="$work/out-$group-$t"
    rm -rf "$out"
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e %M' -o /tmp/spar-bench-gen-time $spar generate --scenes "$world/synthetic/images" --out "$out" \
      --per-scene "$per" --threads "$t" --images none ${tasks:+--tasks $tasks} >/dev/null 2>&1
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
rej, per_type = {}, {}
for k, v in m["rejected"].items():
    reason = k.split("/")[-1]; rej[reason] = rej.get(reason, 0) + v
for k, v in m["records"].items():
    typ = k.split("/")[2]; per_type[typ] = per_type.get(typ, 0) + v
print("  rejected by reason: " + ", ".join(f"{k} {v:,}" for k, v in sorted(rej.items(), key=lambda kv: -kv[1])), file=sys.stderr)
print("  records per type folder: " + ", ".join(f"{k} {v}" for k, v in sorted(per_type.items())), file=sys.stderr)
print(round(n / secs))
PY
)
    rates+=("$rate")
  done
  sorted=($(printf '%s\n' "${rates[@]}" | sort -n))
  echo "threads $t: best ${sorted[-1]} records/s, median ${sorted[$(( ${#sorted[@]} / 2 ))]} records/s over $runs runs"
done
