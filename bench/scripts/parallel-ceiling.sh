#!/usr/bin/env bash
# How much two threads can give on this machine, next to what `generate -j 2` gets (issue 25: `-j 2` >= 1.8x `-j 1`).
# Per round, in this order: one `generate -j 1` alone; two independent `generate -j 1` processes started together (no
# shared state at all, so their slowdown is the machine's: shared caches, memory bandwidth, the hypervisor); one
# `generate -j 2`. The ceiling is 2 x (alone wall) / (pair wall); the speed-up is (alone wall) / (-j 2 wall). Each run
# starts from an empty --out, under GNU time; medians over ROUNDS. The load average is printed: another process on the
# machine lowers both figures.
# Usage: bench/scripts/parallel-ceiling.sh DLL SCENES_DIR [ROUNDS=5] [WORKDIR=/tmp/spar-ceiling]
#   DLL: the Spar.Cli.dll to run (./spar's is src/Spar.Cli/bin/Release/net10.0/linux-x64/r2r/Spar.Cli.dll);
#   SCENES_DIR: e.g. `spar scenes synth --count 16 --seed 1 --frames 60 --out W` → W/synthetic/images.
#   COMMAND (environment): "generate" (default) or "import" (then SCENES_DIR holds ScanNet-format scans and
#   IMPORT_ARGS, default "--frame-step 1 --video-frames 0 --masks render", are added with --threads 1 or 2).
set -euo pipefail
dll=${1:?DLL}; scenes=${2:?SCENES_DIR}; rounds=${3:-5}; work=${4:-/tmp/spar-ceiling}
command=${COMMAND:-generate}
mkdir -p "$work"
: >"$work/runs.txt"
one() { # label out threads
  rm -rf "$2"
  if [ "$command" = generate ]; then
    /usr/bin/time -f "$1 %e %U %S %M" -a -o "$work/runs.txt" dotnet "$dll" generate --scenes "$scenes" --out "$2" -j "$3" >/dev/null 2>&1
  else
    # shellcheck disable=SC2086
    /usr/bin/time -f "$1 %e %U %S %M" -a -o "$work/runs.txt" dotnet "$dll" import scannet "$scenes" --out "$2" \
      ${IMPORT_ARGS:---frame-step 1 --video-frames 0 --masks render} --threads "$3" >/dev/null 2>&1
  fi
}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)  command $command  scenes $scenes"
for _ in $(seq 1 "$rounds"); do
  one alone "$work/a" 1
  one pair "$work/a" 1 & one pair "$work/b" 1 & wait
  one j2 "$work/a" 2
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
med() { sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
field() { grep "^$1 " "$work/runs.txt" | awk -v k="$2" '{print $k}' | med; }
alone=$(field alone 2); pair=$(field pair 2); j2=$(field j2 2)
awk -v a="$alone" -v p="$pair" -v j="$j2" -v ac="$(grep '^alone ' "$work/runs.txt" | awk '{print $3+$4}' | med)" \
  -v jc="$(grep '^j2 ' "$work/runs.txt" | awk '{print $3+$4}' | med)" 'BEGIN {
  printf "median wall: -j 1 alone %.2f s, each of two -j 1 together %.2f s, -j 2 %.2f s\n", a, p, j
  printf "machine ceiling for two threads: %.2fx; -j 2 speed-up: %.2fx (%.0f %% of the ceiling); CPU -j 2 / -j 1: %.2f\n", 2 * a / p, a / j, 100 * (a / j) / (2 * a / p), jc / ac }'
