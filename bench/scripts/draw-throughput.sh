#!/usr/bin/env bash
# Decode + draw + encode throughput for 1296×968 JPEG samples (issue 7) on 1 and 2 threads, then the official Python
# path (Pillow) on the same files in 1 and 2 processes when Debian's python3-pil is installed.
# Pipelines: jpeg75 (→ JPEG q75, PIL's default: like for like with the Python path), draw (spar draw/export: → lossless
# PNG), burn (spar bench build: → JPEG q95), imagesharp-jpeg75 (jpeg75 without libjpeg-turbo), skia-jpeg / skia-png
# (the first Skia codec path, for comparison). Usage: draw-throughput.sh [IMAGES=600] [PIPELINES]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
images="${1:-600}"
pipelines="${2:-jpeg75 imagesharp-jpeg75 burn draw skia-jpeg skia-png}"
dotnet build -c Release "$here/bench/Spar.Benchmarks" -nologo -v q >/dev/null
dll="$here/bench/Spar.Benchmarks/bin/Release/net10.0/linux-x64/Spar.Benchmarks.dll"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for p in $pipelines; do
  for t in 1 2; do
    dotnet "$dll" drawbench "$images" "$t" "$p"
  done
done
if /usr/bin/python3 -c "import PIL" 2>/dev/null; then
  samples="$(mktemp -d)"
  trap 'rm -rf "$samples"' EXIT
  dotnet "$dll" drawsamples "$samples"
  for n in 1 2; do /usr/bin/python3 "$here/bench/scripts/python-draw-baseline.py" "$samples" "$images" "$n"; done
else
  echo "python baseline skipped: apt-get install python3-pil to run it"
fi
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
