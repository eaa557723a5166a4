#!/usr/bin/env bash
# Throughput of `spar import structured3d` (issue #20: views/s and peak memory): the test fixture writer
# (Structured3DFixtureDumpTests, SPAR_S3D_FIXTURE_DIR) writes one synthetic house in Structured3D's native layout,
# which is copied into HOUSES houses (scene_00000 … ; one room each); the import is timed once with /usr/bin/time -v
# per thread count, printing views, wall time, views/s and peak RSS. The fixture's views are 64×40 pixels, so this
# measures the per-view cost (file handling, PNG decode/encode, JPEG, scene.json), not full-resolution pixel work.
# Usage: bash bench/scripts/structured3d-import.sh [HOUSES=200] [WORK_DIR] ["THREADS…"="1 2"]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
houses="${1:-200}"
work="${2:-$(mktemp -d)}"
threads="${3:-1 2}"
testdll="$repo/tests/Spar.Tests/bin/Release/net10.0/linux-x64/Spar.Tests.dll"
dll="$repo/src/Spar.Cli/bin/Release/net10.0/linux-x64/Spar.Cli.dll"
[ -f "$testdll" ] && [ -f "$dll" ] || { echo "build first: dotnet build -c Release spar.slnx" >&2; exit 1; }
mkdir -p "$work"
src="$work/fixture"
rm -rf "$src" "$work/houses"
SPAR_S3D_FIXTURE_DIR="$src" dotnet "$testdll" \
  -method 'Spar.Tests.Scenes.Importers.Structured3DFixtureDumpTests.Fixture_house_is_written_and_imports_every_view' >/dev/null \
  || { echo "fixture writer failed" >&2; exit 1; }
mkdir -p "$work/houses"
for ((i = 0; i < houses; i++)); do cp -r "$src/scene_00000" "$work/houses/$(printf 'scene_%05d' "$i")"; done
for t in $threads; do
  out="$work/out-$t"
  rm -rf "$out"
  /usr/bin/time -v dotnet "$dll" import structured3d "$work/houses" --out "$out" --threads "$t" >"$work/import-$t.log" 2>"$work/time-$t.log"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, a, ":"); s = 0; for (i = 1; i <= length(a); i++) s = s * 60 + a[i]; print s}' "$work/time-$t.log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time-$t.log")
  views=$(find "$out/structured3d/images" -path '*/image_color/*.jpg' | wc -l)
  awk -v n="$houses" -v v="$views" -v w="$wall" -v r="$rss" -v t="$t" 'BEGIN {
    printf "%d rooms, %d views, --threads %d: %.2f s wall, %.0f views/s, peak RSS %.0f MiB\n", n, v, t, w, v / w, r / 1024 }'
  tail -1 "$work/import-$t.log" | grep -q "0 failed" || { echo "import failed: $work/import-$t.log" >&2; exit 1; }
done
