#!/usr/bin/env bash
# Paired whole-process runs of `spar generate` for two builds (issue 25): A and B alternate, ROUNDS pairs, each from an
# empty --out, under GNU time. Per run: wall, CPU (user+sys), peak RSS, records, and CPU per record outside frame
# analysis ((user+sys − image_decode − analysis thread-seconds from the run's manifest) ÷ records). Prints one line per
# run and the medians per build; the machine may be shared (load average printed), so read CPU and ratios.
# Usage: bench/scripts/generate-pairs.sh A_DLL B_DLL SCENES_DIR [ROUNDS=5] [THREADS=1] [WORKDIR=/tmp/spar-gen-pairs] [EXTRA_ENV_A] [EXTRA_ENV_B]
#   A_DLL/B_DLL: Spar.Cli.dll of each build (e.g. a `dotnet publish -p:PublishReadyToRun=true` output);
#   EXTRA_ENV_A/B: optional "VAR=value …" set for that build's runs only (e.g. GC settings).
#   GENERATE_ARGS (environment): extra `generate` arguments for both builds, e.g. "--tasks camera_motion_infer".
set -euo pipefail
a=${1:?A_DLL}; b=${2:?B_DLL}; scenes=${3:?SCENES_DIR}; rounds=${4:-5}; threads=${5:-1}; work=${6:-/tmp/spar-gen-pairs}
envA=${7:-}; envB=${8:-}
mkdir -p "$work"
run() { # label dll env
  local out="$work/out-$1" t="$work/time-$1"
  rm -rf "$out"
  env $3 /usr/bin/time -f '%e %U %S %M' -o "$t" dotnet "$2" generate --scenes "$scenes" --out "$out" -j "$threads" ${GENERATE_ARGS:-} >/dev/null 2>&1
  read -r wall user sys rss <"$t"
  local m="$out/generate_manifest.json"
  jq -r --arg l "$1" --argjson wall "$wall" --argjson cpu "$(echo "$user + $sys" | bc)" --argjson rss "$rss" \
    '"\($l) wall \($wall) cpu \($cpu) rss_kb \($rss) records \(.records_total) us_per_record_outside_analysis \((($cpu - .stage_seconds.image_decode - .stage_seconds.analysis) / .records_total * 1e6) | floor) templating_s \(.stage_seconds.templating*1000|floor/1000)"' "$m"
}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)  threads $threads  scenes $scenes"
for i in $(seq 1 "$rounds"); do run A "$a" "$envA"; run B "$b" "$envB"; done | tee "$work/runs.txt"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
med() { sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
for l in A B; do
  f() { grep "^$l " "$work/runs.txt" | awk -v k="$1" '{print $k}' | med; }
  printf '%s median: wall %s s, cpu %s s, peak RSS %s KB, %s µs/record outside analysis, templating %s s\n' "$l" "$(f 3)" "$(f 5)" "$(f 7)" "$(f 11)" "$(f 13)"
done
