#!/usr/bin/env bash
# Decode + draw + encode throughput for 1296×968 JPEG samples (issue 7): 1 and 2 threads, JPEG (q95, q75) and PNG (spar's writer, Skia's) outputs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
images="${1:-600}"
dotnet build -c Release "$here/bench/Spar.Benchmarks" -nologo -v q >/dev/null
dll="$here/bench/Spar.Benchmarks/bin/Release/net10.0/linux-x64/Spar.Benchmarks.dll"
for enc in jpeg jpeg75 fastpng skiapng1 is-jpeg75 is-fastpng; do
  for t in 1 2; do
    dotnet "$dll" drawbench "$images" "$t" "$enc"
  done
done
