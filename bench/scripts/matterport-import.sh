#!/usr/bin/env bash
# Throughput of `spar import matterport` (issue #21: images/s and peak memory). The test fixture writer
# (MatterportFixtureDumpTests with SPAR_MP_BENCH_DIR) writes one scan at Matterport3D's real image size, 1280×1024:
# PANORAMAS tripod positions × 18 undistorted images (JPEG colour, 16-bit 0.25 mm depth rendered from the region mesh),
# one region with a 48k-face region mesh. The import is timed with /usr/bin/time -v per thread count and --masks
# (render, none), alternating, ROUNDS rounds: images, wall, CPU seconds, images/s and peak RSS of each run.
# Usage: bash bench/scripts/matterport-import.sh [PANORAMAS=10] [WORK_DIR] ["THREADS…"="1 2"] [ROUNDS=2]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
panoramas="${1:-10}"
work="${2:-$(mktemp -d)}"
threads="${3:-1 2}"
rounds="${4:-2}"
testdll="$repo/tests/Spar.Tests/bin/Release/net10.0/linux-x64/Spar.Tests.dll"
dll="$repo/src/Spar.Cli/bin/Release/net10.0/linux-x64/Spar.Cli.dll"
[ -f "$testdll" ] && [ -f "$dll" ] || { echo "build first: dotnet build -c Release spar.slnx" >&2; exit 1; }
mkdir -p "$work"
src="$work/scans"
rm -rf "$src"
SPAR_MP_BENCH_DIR="$src" SPAR_MP_PANORAMAS="$panoramas" dotnet "$testdll" \
  -method 'Spar.Tests.Scenes.Importers.Matterport.MatterportFixtureDumpTests.Bench_scan_is_written_and_imports_with_masks_that_agree' >/dev/null \
  || { echo "fixture writer failed" >&2; exit 1; }
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(du -sh "$src" | cut -f1) of input"
for ((r = 1; r <= rounds; r++)); do
  for t in $threads; do
    for masks in render none; do
      out="$work/out-$t-$masks"
      rm -rf "$out"
      /usr/bin/time -v dotnet "$dll" import matterport "$src" --out "$out" --masks "$masks" --threads "$t" >"$work/import.log" 2>"$work/time.log"
      tail -1 "$work/import.log" | grep -q "0 failed" || { cat "$work/import.log" "$work/time.log" >&2; exit 1; }
      wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, a, ":"); s = 0; for (i = 1; i <= length(a); i++) s = s * 60 + a[i]; print s}' "$work/time.log")
      cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$work/time.log")
      rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.log")
      images=$(find "$out/matterport/images" -path '*/image_color/*.jpg' | wc -l)
      awk -v v="$images" -v w="$wall" -v c="$cpu" -v m="$rss" -v t="$t" -v k="$masks" -v r="$r" 'BEGIN {
        printf "round %d, --threads %d, --masks %-6s: %d images, %.2f s wall, %.2f CPU s, %.1f images/s, %.1f CPU ms/image, peak RSS %.0f MiB\n",
          r, t, k, v, w, c, v / w, 1000 * c / v, m / 1024 }'
    done
  done
done
