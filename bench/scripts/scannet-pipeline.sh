#!/usr/bin/env bash
# Pipeline check without a ScanNet download: rendered synthetic scenes are written in ScanNet's release formats
# (.sens, mesh, segs, aggregation, axisAlignment, instance-filt/), imported with `spar import scannet`, and fed to
# `spar generate`. Usage: bench/scripts/scannet-pipeline.sh [SCENES=2] [FRAMES=300] [WORKDIR=/tmp/spar-scannet-pipeline]
set -euo pipefail
scenes=${1:-2}
frames=${2:-300}
work=${3:-/tmp/spar-scannet-pipeline}
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
dotnet build -c Release src/Spar.Cli -nologo -v q >/dev/null
dotnet build -c Release bench/Spar.Benchmarks -nologo -v q >/dev/null
spar="dotnet src/Spar.Cli/bin/Release/net10.0/linux-x64/Spar.Cli.dll"
rm -rf "$work"; mkdir -p "$work/scans"
for i in $(seq 0 $((scenes - 1))); do
  dotnet bench/Spar.Benchmarks/bin/Release/net10.0/linux-x64/Spar.Benchmarks.dll makescan-rendered "$work/scans" "$(printf 'scene%04d_00' "$i")" "$((i + 1))" "$frames"
done
/usr/bin/time -f 'import: %e s, peak RSS %M KB' $spar import scannet "$work/scans" --out "$work/out" --frame-step 5 --video-frames 16
$spar generate --scenes "$work/out/scannet/images" --out "$work/qa" --per-scene 5 --images none
