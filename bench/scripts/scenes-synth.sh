#!/usr/bin/env bash
# End-to-end timing of `spar scenes synth` (issue 3): generate, render and encode a synthetic set.
# Usage: bench/scripts/scenes-synth.sh [SCENES=20] [FRAMES=300] [WORKDIR=/tmp/spar-bench-synth]
# Reports wall time, frames/s (render + JPEG + depth PNG + instance PNG + pose files) and peak RSS.
set -euo pipefail
scenes=${1:-20}
frames=${2:-300}
work=${3:-/tmp/spar-bench-synth}
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
dotnet build -c Release src/Spar.Cli -nologo -v q >/dev/null
rm -rf "$work"
/usr/bin/time -f '%e %M' -o /tmp/spar-bench-synth-time \
  dotnet src/Spar.Cli/bin/Release/net10.0/linux-x64/Spar.Cli.dll scenes synth --count "$scenes" --seed 1 --frames "$frames" --out "$work" 2>/dev/null
read -r secs kb < <(tail -1 /tmp/spar-bench-synth-time)
total=$(find "$work/synthetic/images" -path '*/image_color/*.jpg' | wc -l)
objects=$(grep -h '"structural": false' "$work"/synthetic/images/*/scene.json | wc -l)
echo "$scenes scenes, $total frames (640x480), $objects objects, $(nproc) cores"
awk -v s="$secs" -v n="$total" -v kb="$kb" 'BEGIN { printf "wall %.1f s, %.1f frames/s, peak RSS %.0f MB\n", s, n/s, kb/1024 }'
du -sh "$work" | awk '{print "output " $1}'
