#!/usr/bin/env bash
# Decode + draw + encode throughput for 1296×968 JPEG samples (issue 7) on 1 and 2 threads.
# Pipelines: draw (spar draw/export: JPEG decode → markers → lossless PNG), burn (spar bench build: → JPEG q95),
# jpeg75 (→ JPEG q75, PIL's default: like for like with the Python path), skia-jpeg / skia-png (the former Skia codec path, for comparison). Usage: draw-throughput.sh [IMAGES=600] [PIPELINES]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
images="${1:-600}"
pipelines="${2:-draw burn jpeg75 skia-jpeg skia-png}"
dotnet build -c Release "$here/bench/Spar.Benchmarks" -nologo -v q >/dev/null
dll="$here/bench/Spar.Benchmarks/bin/Release/net10.0/linux-x64/Spar.Benchmarks.dll"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for p in $pipelines; do
  for t in 1 2; do
    dotnet "$dll" drawbench "$images" "$t" "$p"
  done
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
