#!/usr/bin/env bash
# Throughput and memory of `spar import arkitscenes` against scan length (issue #19: import frames/s and peak memory,
# flat in scan length). The test fixture writer (ARKitScenesFixtureDumpTests, SPAR_ARKITSCENES_FIXTURE_DIR) writes a
# download in ARKitScenes' native layout; one of its scans (landscape 41048143 by default, portrait 41048169 to include
# the upright turn) is stretched to LENGTH frames at ARKitScenes' real lowres size (256×192): its lowres_wide,
# lowres_depth and .pincam files copied under new timestamps 0.1 s apart, each with a lowres_wide.traj line holding
# its source frame's pose. Each scan is imported with each --frame-step of STEPS (1: every frame decoded, turned,
# rendered and written; 10, the default: one in ten written, every name matched) and 32 video frames, with rendered
# masks (the fixture has its mesh and boxes), --threads 1. Each (length, step) is timed with /usr/bin/time -v, ROUNDS
# times, alternating, and prints scan frames, frames written, wall, CPU (user+sys), scan frames/s and written frames/s
# (per CPU second) and peak RSS.
# Usage: bash bench/scripts/arkitscenes-import.sh ["LENGTHS…"="250 1000 4000"] [WORK_DIR] [ROUNDS=2] [VIDEO_ID=41048143] ["STEPS…"="1 10"]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
lengths="${1:-250 1000 4000}"
work="${2:-$(mktemp -d)}"
rounds="${3:-2}"
vid="${4:-41048143}"
steps="${5:-1 10}"
testdll="$repo/tests/Spar.Tests/bin/Release/net10.0/linux-x64/Spar.Tests.dll"
dll="$repo/src/Spar.Cli/bin/Release/net10.0/linux-x64/Spar.Cli.dll"
[ -f "$testdll" ] && [ -f "$dll" ] || { echo "build first: dotnet build -c Release spar.slnx" >&2; exit 1; }
mkdir -p "$work"
src="$work/fixture"
rm -rf "$src"
SPAR_ARKITSCENES_FIXTURE_DIR="$src" dotnet "$testdll" \
  -method 'Spar.Tests.Scenes.Importers.ARKitScenes.ARKitScenesFixtureDumpTests.Fixture_download_is_written_and_imports_identically_for_any_thread_count_and_sharding' >/dev/null \
  || { echo "fixture writer failed" >&2; exit 1; }
scan="$src/3dod/Training/$vid"
[ -d "$scan" ] || { echo "no scan $vid in the fixture" >&2; exit 1; }
# The source frames that have an exact trajectory entry (the fixture's 0.003 s / 0.01 s frames are left out).
mapfile -t stamps < <(awk '{ printf "%.3f\n", $1 }' "$scan/lowres_wide.traj" | while read -r s; do
  [ -f "$scan/lowres_wide/${vid}_$s.png" ] && [ -f "$scan/lowres_wide_intrinsics/${vid}_$s.pincam" ] && echo "$s"; done)
[ "${#stamps[@]}" -gt 0 ] || { echo "no frame of $vid with an exact pose" >&2; exit 1; }
for n in $lengths; do
  d="$work/len-$n/3dod/Training/$vid"
  rm -rf "$work/len-$n"
  mkdir -p "$d/lowres_wide" "$d/lowres_depth" "$d/lowres_wide_intrinsics"
  cp "$scan/${vid}_3dod_annotation.json" "$scan/${vid}_3dod_mesh.ply" "$d/"
  cp "$src/3dod/metadata.csv" "$work/len-$n/3dod/"
  : >"$d/lowres_wide.traj"
  for ((j = 0; j < n; j++)); do
    s=${stamps[$((j % ${#stamps[@]}))]}
    t=$(awk -v j="$j" 'BEGIN { printf "%.3f", 3000 + j / 10 }')
    cp "$scan/lowres_wide/${vid}_$s.png" "$d/lowres_wide/${vid}_$t.png"
    cp "$scan/lowres_depth/${vid}_$s.png" "$d/lowres_depth/${vid}_$t.png"
    cp "$scan/lowres_wide_intrinsics/${vid}_$s.pincam" "$d/lowres_wide_intrinsics/${vid}_$t.pincam"
    awk -v s="$s" -v t="$t" 'sprintf("%.3f", $1) == s { $1 = t "00000"; print; exit }' "$scan/lowres_wide.traj" >>"$d/lowres_wide.traj"
  done
done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= rounds; r++)); do
  for step in $steps; do
    for n in $lengths; do
      out="$work/out-$n"
      rm -rf "$out"
      /usr/bin/time -v dotnet "$dll" import arkitscenes "$work/len-$n" --out "$out" --frame-step "$step" --video-frames 32 --threads 1 \
        >"$work/import-$n.log" 2>"$work/time-$n.log"
      tail -1 "$work/import-$n.log" | grep -q "0 failed" || { echo "import failed: $work/import-$n.log" >&2; exit 1; }
      frames=$(find "$out/arkitscenes/images/$vid/image_color" -name '*.jpg' | wc -l)
      awk -F': ' -v n="$n" -v f="$frames" -v r="$r" -v st="$step" '
        /Elapsed \(wall clock\)/ { split($2, a, ":"); w = 0; for (i = 1; i <= length(a); i++) w = w * 60 + a[i] }
        /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident set size/ { m = $2 }
        END { printf "round %d, step %2d: %5d-frame scan, %5d written: %6.2f s wall, %6.2f s CPU, %5.0f scan frames/s, %4.0f written/s (CPU), peak RSS %4.0f MiB\n",
                     r, st, n, f, w, u + s, n / (u + s), f / (u + s), m / 1024 }' "$work/time-$n.log"
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
