#!/usr/bin/env bash
# Generation cost of this checkout against another commit (issue 16: within 10 % of main's), on the demo's world.
# Usage: bench/scripts/generate-pair.sh [BASE_REF=main] [PAIRS=5]
# Builds BASE_REF (git archive into a temp folder) and this checkout (Release, under the shared build lock), renders the
# demo's synthetic world once (`spar scenes synth --count 8 --seed 1 --frames 120`), then runs
# `spar generate --seed 1 --val-fraction 0.34 --images none --threads 1` alternately with the base and this build,
# PAIRS times each, under /usr/bin/time: CPU (user + sys) and wall seconds, peak RSS, records. Prints the medians and the
# median of the per-pair CPU ratios (this / base). The machine is shared: quote CPU-seconds and the ratio, note the load.
set -euo pipefail
base_ref=${1:-main}
pairs=${2:-5}
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
work=$(mktemp -d /tmp/spar-generate-pair.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/base"
git archive "$base_ref" | tar -x -C "$work/base"
flock /tmp/spar-build.lock dotnet build -c Release "$work/base/src/Spar.Cli" -nologo -v q >/dev/null
flock /tmp/spar-build.lock dotnet build -c Release src/Spar.Cli -nologo -v q >/dev/null
declare -A cli=([base]="$work/base/src/Spar.Cli/bin/Release/net10.0/linux-x64/Spar.Cli.dll" [this]="$here/src/Spar.Cli/bin/Release/net10.0/linux-x64/Spar.Cli.dll")
dotnet "${cli[this]}" scenes synth --count 8 --seed 1 --frames 120 --out "$work/world" >/dev/null 2>&1
echo "base $(git rev-parse --short "$base_ref"), this $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes'); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for pair in $(seq 1 "$pairs"); do
  for side in base this; do
    rm -rf "$work/out-$side"
    /usr/bin/time -o "$work/time" -f "%U %S %e %M" dotnet "${cli[$side]}" generate --scenes "$work/world/synthetic/images" \
      --out "$work/out-$side" --seed 1 --val-fraction 0.34 --images none --threads 1 >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
    read -r user sys wall rss < "$work/time"
    records=$(grep -o '"records_total": [0-9]*' "$work/out-$side/generate_manifest.json" | grep -o '[0-9]*$')
    cpu=$(echo "$user + $sys" | bc)
    echo "$side pair=$pair cpu=$cpu wall=$wall rss_kib=$rss records=$records" | tee -a "$work/runs"
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for side in base this; do
  cpu=$(grep "^$side " "$work/runs" | sed 's/.*cpu=\([0-9.]*\).*/\1/' | median)
  wall=$(grep "^$side " "$work/runs" | sed 's/.*wall=\([0-9.]*\).*/\1/' | median)
  rss=$(grep "^$side " "$work/runs" | sed 's/.*rss_kib=\([0-9]*\).*/\1/' | median)
  rec=$(grep "^$side " "$work/runs" | head -1 | sed 's/.*records=\([0-9]*\).*/\1/')
  echo "$side: median cpu ${cpu} s, wall ${wall} s, peak RSS ${rss} KiB, ${rec} records"
done
paste <(grep '^base ' "$work/runs" | sed 's/.*cpu=\([0-9.]*\).*/\1/') <(grep '^this ' "$work/runs" | sed 's/.*cpu=\([0-9.]*\).*/\1/') \
  | awk '{print $2 / $1}' | median | xargs printf 'median per-pair CPU ratio this/base: %.3f\n'
