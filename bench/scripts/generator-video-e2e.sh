#!/usr/bin/env bash
# End-to-end timing of `spar generate` for the 11 video types on rendered synthetic scenes, rendering excluded (issue 6).
# Usage: bench/scripts/generator-video-e2e.sh [SCENES=12] [FRAMES=100] [PER_SCENE=40] [WORKDIR=/tmp/spar-bench-gen] [THREADS="1 2"] [RUNS=3]
# Same scenes as generator-e2e.sh (640x480, 16 video frames each, rendered once by `Spar.Benchmarks makesynth`); per
# thread count one warm-up run, then RUNS runs into a fresh folder, each reporting records/s over the whole process and
# the manifest's cost split, then the best and median.
set -euo pipefail
scenes=${1:-12}
frames=${2:-100}
per=${3:-40}
work=${4:-/tmp/spar-bench-gen}
threads=${5:-"1 2"}
runs=${6:-3}
tasks="distance_prediction_oo_video distance_infer_center_oo_video spatial_imagination_oc_video spatial_imagination_oo_video
spatial_imagination_oc_video_hard spatial_imagination_oo_video_hard obj_frame_locate appearance_order obj_count room_size nav"
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
echo "$(nproc) cores; $scenes scenes x $frames frames (640x480, 16 video frames), --per-scene $per, video types only"
for t in $threads; do
  rates=()
  for run in $(seq 0 "$runs"); do
    out="$work/out-video-$t"
    rm -rf "$out"
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e %M' -o /tmp/spar-bench-video-time $spar generate --scenes "$world/synthetic/images" --out "$out" \
      --per-scene "$per" --threads "$t" --images none --tasks $tasks >/dev/null 2>&1
    [ "$run" = 0 ] && continue
    read -r secs kb < <(tail -1 /tmp/spar-bench-video-time)
    rate=$(python3 - "$out/generate_manifest.json" "$secs" "$kb" "$t" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); secs = float(sys.argv[2]); kb = int(sys.argv[3]); t = sys.argv[4]
n = m["records_total"]; st = m["stage_seconds"]
print(f"threads {t}: {n:,} records in {secs:.2f} s (process wall) = {n/secs:,.0f} records/s; "
      f"generate {m['generate_wall_seconds']:.2f} s, assemble {m['assemble_wall_seconds']:.2f} s; peak RSS {kb/1024:.0f} MB", file=sys.stderr)
print(f"  frames analysed {m['frames']['analysed']:,} of {m['frames']['total']:,} (each once); "
      + ", ".join(f"{k} {v:.2f}" for k, v in st.items()) + " (thread-seconds)", file=sys.stderr)
per_type = {}
for k, v in m["records"].items():
    typ = k.split("/")[2]
    per_type[typ] = per_type.get(typ, 0) + v
print("  records per type folder: " + ", ".join(f"{k} {v}" for k, v in sorted(per_type.items())), file=sys.stderr)
print(round(n / secs))
PY
)
    rates+=("$rate")
  done
  sorted=($(printf '%s\n' "${rates[@]}" | sort -n))
  echo "threads $t: best ${sorted[-1]} records/s, median ${sorted[$(( ${#sorted[@]} / 2 ))]} records/s over $runs runs"
done
