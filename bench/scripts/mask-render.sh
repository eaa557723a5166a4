#!/usr/bin/env bash
# Frames/s of the mesh mask renderer (issue 17) at ScanNet's colour resolution, and an import with and without it.
# Usage: bench/scripts/mask-render.sh [SCENE_FOLDER] [FRAMES=300]
#   SCENE_FOLDER: a ScanNet scene folder with <scene>_vh_clean_2.ply, segs, aggregation and <scene>.txt (e.g. the public
#   scene0000_00 sample, see ../shared/spec/sources.md §2.2; never committed). Without it only the synthetic kernel runs.
# 1. `Spar.Benchmarks maskbench`: render / + depth test / + 16-bit PNG of the mask, one thread, 1296x968, on the given
#    mesh (a ring of cameras) and on a synthetic room tessellated at 4 cm.
# 2. With SCENE_FOLDER: gives it a .sens rendered from its own mesh (colour 1296x968, depth 640x480; `makescan-mesh`) and
#    times `spar import scannet --frame-step 1 --masks render` against `--masks none`, 3 alternating pairs under
#    /usr/bin/time (CPU and wall seconds, peak RSS of each run; quote the medians).
set -euo pipefail
scene=${1:-}
frames=${2:-300}
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
dotnet build -c Release src/Spar.Cli -nologo -v q >/dev/null
dotnet build -c Release bench/Spar.Benchmarks -nologo -v q >/dev/null
bench="dotnet bench/Spar.Benchmarks/bin/Release/net10.0/linux-x64/Spar.Benchmarks.dll"
spar="dotnet src/Spar.Cli/bin/Release/net10.0/linux-x64/Spar.Cli.dll"
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
$bench maskbench 60
[ -z "$scene" ] && exit 0
id=$(basename "$scene")
$bench maskbench 60 "$scene/${id}_vh_clean_2.ply"
work=$(mktemp -d /tmp/spar-mask-bench.XXXXXX)
mkdir -p "$work/scans/$id"
cp "$scene"/"$id"_vh_clean_2.ply "$scene"/"$id"_vh_clean_2.0.010000.segs.json "$scene"/"$id".aggregation.json "$work/scans/$id/"
[ -f "$scene/$id.txt" ] && cp "$scene/$id.txt" "$work/scans/$id/"
$bench makescan-mesh "$work/scans/$id" "$frames"
for pair in 1 2 3; do
  for masks in render none; do
    rm -rf "$work/out-$masks"
    /usr/bin/time -f "masks=$masks pair=$pair: %U user s + %S sys s, %e wall s, %M KiB peak" \
      $spar import scannet "$work/scans" --out "$work/out-$masks" --frame-step 1 --video-frames 0 --masks $masks --threads 1 >/dev/null 2>"$work/err-$masks" \
      || { cat "$work/err-$masks"; exit 1; }
    tail -1 "$work/err-$masks"
  done
done
$spar import scannet "$work/scans" --out "$work/out-render" --frame-step 1 --video-frames 0 --masks render --threads 1 2>&1 | grep -E 'rendered masks|frames,'
rm -rf "$work"
