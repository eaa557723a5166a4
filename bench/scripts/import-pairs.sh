#!/usr/bin/env bash
# Paired whole-process runs of `spar import scannet` for two builds (issue 25): A and B alternate, ROUNDS pairs, each
# into an empty --out, under GNU time; prints wall, CPU (user+sys), peak RSS and written frames/s per run and the
# medians. The machine may be shared (load average printed): read CPU and ratios.
# Usage: bench/scripts/import-pairs.sh A_DLL B_DLL SCANS_DIR [ROUNDS=3] ["IMPORT ARGS"="--frame-step 1 --video-frames 0 --masks render --threads 1"] [WORKDIR=/tmp/spar-import-pairs]
#   SCANS_DIR: ScanNet-format scans, e.g. from `Spar.Benchmarks makescan-rendered SCANS scene0000_00 1 150`.
set -euo pipefail
a=${1:?A_DLL}; b=${2:?B_DLL}; scans=${3:?SCANS_DIR}; rounds=${4:-3}
args=${5:---frame-step 1 --video-frames 0 --masks render --threads 1}; work=${6:-/tmp/spar-import-pairs}
mkdir -p "$work"
run() { # label dll
  local out="$work/out-$1" t="$work/time-$1"
  rm -rf "$out"
  # shellcheck disable=SC2086
  /usr/bin/time -f '%e %U %S %M' -o "$t" dotnet "$2" import scannet "$scans" --out "$out" $args >/dev/null 2>"$work/err-$1" \
    || { cat "$work/err-$1" >&2; exit 1; }
  read -r wall user sys rss <"$t"
  local frames; frames=$(find "$out" -name '*.jpg' -path '*/image_color/*' | wc -l)
  awk -v l="$1" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v f="$frames" \
    'BEGIN{printf "%s wall %.2f cpu %.2f rss_kb %d frames %d frames_per_cpu_s %.1f frames_per_wall_s %.1f\n", l, w, u+s, r, f, f/(u+s), f/w}'
}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)  args: $args"
for i in $(seq 1 "$rounds"); do run A "$a"; run B "$b"; done | tee "$work/runs.txt"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
med() { sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
for l in A B; do
  f() { grep "^$l " "$work/runs.txt" | awk -v k="$1" '{print $k}' | med; }
  printf '%s median: wall %s s, cpu %s s, peak RSS %s KB, %s frames/CPU-s, %s frames/wall-s\n' "$l" "$(f 3)" "$(f 5)" "$(f 7)" "$(f 11)" "$(f 13)"
done
