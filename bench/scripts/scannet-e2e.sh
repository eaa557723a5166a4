#!/usr/bin/env bash
# End-to-end timing of `spar import scannet` on synthetic ScanNet-format scans (issue 9).
# Usage: bench/scripts/scannet-e2e.sh [FRAME_COUNTS="1000 5000"] [WORKDIR=/tmp/spar-bench-scannet] [STEPS="10 1"] [RES=small|scannet] [THREADS=1]
# Each scan (colour 320x240 JPEG + depth 160x120 zlib, or ScanNet's 1296x968 + 640x480 with RES=scannet; every 50th
# pose -inf; 40 objects) is imported twice per
# --frame-step; the second (page cache warm) run is reported with GNU time's peak RSS. Peak RSS staying flat as the
# frame count grows is the memory-independence check.
set -euo pipefail
counts=${1:-"1000 5000"}
work=${2:-/tmp/spar-bench-scannet}
steps=${3:-"10 1"}
res=${4:-small}
threads=${5:-1}
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
dotnet build -c Release src/Spar.Cli -nologo -v q >/dev/null
dotnet build -c Release bench/Spar.Benchmarks -nologo -v q >/dev/null
spar="dotnet src/Spar.Cli/bin/Release/net10.0/linux-x64/Spar.Cli.dll"
echo "$(nproc) cores"
for n in $counts; do
  scans="$work/scans-$res-$n"
  if [ ! -f "$scans/.done" ]; then
    rm -rf "$scans"; mkdir -p "$scans"
    dotnet bench/Spar.Benchmarks/bin/Release/net10.0/linux-x64/Spar.Benchmarks.dll makescan "$scans" scene0000_00 "$n" "$res"
    touch "$scans/.done"
  fi
  mb=$(( $(stat -c %s "$scans/scene0000_00/scene0000_00.sens") / 1000000 ))
  for step in $steps; do
    out="$work/out-$res-$n-$step"
    cmd=($spar import scannet "$scans" --out "$out" --frame-step "$step" --video-frames 32 --threads "$threads")
    "${cmd[@]}" >/dev/null 2>&1
    /usr/bin/time -f '%e %M' -o /tmp/spar-bench-time "${cmd[@]}" >/tmp/spar-bench-out 2>/dev/null
    read -r secs kb < <(tail -1 /tmp/spar-bench-time)
    written=$(find "$out/scannet/images/scene0000_00/image_color" -name '*.jpg' | wc -l)
    awk -v n="$n" -v st="$step" -v s="$secs" -v kb="$kb" -v mb="$mb" -v w="$written" \
      'BEGIN { printf "%5d frames (%4d MB .sens), --threads '"$threads"' --frame-step %2d: %6.2f s  %7.0f stream frames/s  %6.0f written frames/s  %6.1f MB/s  peak RSS %6.1f MB\n", n, mb, st, s, n/s, w/s, mb/s, kb/1024 }'
  done
done
