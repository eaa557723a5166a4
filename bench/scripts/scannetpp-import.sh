#!/usr/bin/env bash
# Import speed and peak memory of `spar import scannetpp` at native resolution (issue 18): 1920x1440 colour,
# 256x192 depth read straight from a framed depth.bin (LZ4 / raw-DEFLATE payloads), masks rendered from the annotated
# mesh and depth-tested, one thread, every registered frame written (--frame-step 10 keeps them all: the fixture's
# frame i is iPhone frame 10·i).
# Usage: bench/scripts/scannetpp-import.sh [SHORT=60] [LONG=240] [ROUNDS=3]
# Writes two releases from rendered synthetic scenes (the tests' ScanNetppFixture, through the test binary), then times
# SHORT- and LONG-frame imports alternately, ROUNDS pairs, under /usr/bin/time (user+sys CPU s, wall s, peak RSS).
# Flat in scene length means: frames per CPU-second and peak RSS about the same for both.
set -euo pipefail
short=${1:-60}
long=${2:-240}
rounds=${3:-3}
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
lock() { if [ -e /tmp/spar-build.lock ]; then flock /tmp/spar-build.lock "$@"; else "$@"; fi; }
lock dotnet build -c Release tests/Spar.Tests -nologo -v q >/dev/null
lock dotnet build -c Release src/Spar.Cli -nologo -v q >/dev/null
tests=tests/Spar.Tests/bin/Release/net10.0/linux-x64/Spar.Tests
spar="dotnet src/Spar.Cli/bin/Release/net10.0/linux-x64/Spar.Cli.dll"
work=$(mktemp -d /tmp/spar-scannetpp-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
for n in "$short" "$long"; do
  SPAR_SCANNETPP_BENCH_DIR="$work/release-$n" SPAR_SCANNETPP_BENCH_FRAMES="$n" $tests \
    -method 'Spar.Tests.Scenes.Importers.ScanNetpp.ScanNetppFixtureDumpTests.Bench_release_has_its_frames_and_depth_bin' >/dev/null
done
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  for n in "$short" "$long"; do
    rm -rf "$work/out-$n"
    /usr/bin/time -f "%U %S %e %M" -o "$work/time-$n" \
      $spar import scannetpp "$work/release-$n" --out "$work/out-$n" --frame-step 10 --video-frames 0 --threads 1 >"$work/stdout-$n" 2>"$work/err-$n" \
      || { cat "$work/err-$n"; exit 1; }
    written=$(grep -o '[0-9]* frames,' "$work/stdout-$n" | head -1 | cut -d' ' -f1)
    read -r user sys wall rss <"$work/time-$n"
    awk -v n="$n" -v r="$round" -v f="$written" -v u="$user" -v s="$sys" -v w="$wall" -v m="$rss" 'BEGIN {
      cpu = u + s; printf "round %d, %d frames (%d written): %.2f CPU s, %.2f wall s, %.1f frames/CPU-s, %.1f frames/wall-s, peak RSS %.0f MiB\n",
        r, n, f, cpu, w, f / cpu, f / w, m / 1024 }'
  done
done
