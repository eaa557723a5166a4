#!/usr/bin/env bash
# Paired whole-process runs of `spar import spar7m` for two builds, alternating A and B (the machine is shared, so
# the load changes between runs; compare within a pair): wall, user+sys CPU seconds and peak RSS from /usr/bin/time,
# each run into a fresh output folder, and the two outputs compared byte for byte (diff -r) after the first pair.
# Usage: [A_ARGS=…] [B_ARGS=…] bash bench/scripts/import-spar7m-pairs.sh A_DLL B_DLL FILE.parquet [ROUNDS] [WORK_DIR]
#   A_DLL/B_DLL: Spar.Cli.dll of each build (e.g. a checkout of main built with `dotnet build -c Release`); the same
#   dll twice with A_ARGS="-j 1" B_ARGS="-j 2" compares thread counts (the outputs must still be identical).
set -euo pipefail
a="$1"; b="$2"; pq="$3"; rounds="${4:-5}"; work="${5:-$(mktemp -d)}"
mkdir -p "$work"
run() { # label dll out extra-args
  rm -rf "$3"
  # shellcheck disable=SC2086 # the extra arguments are words
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" dotnet "$2" import spar7m "$pq" --out "$3" $4 >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r wall user sys rss <"$work/t"
  awk -v l="$1" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN { printf "%s wall %.2f s  cpu %.2f s (user %.2f sys %.2f)  peak RSS %.0f MiB\n", l, w, u + s, u, s, r / 1024 }'
  echo "$1 $wall $user $sys $rss" >>"$work/all"
}
: >"$work/all"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$rounds"); do
  run A "$a" "$work/out-a" "${A_ARGS:-}"
  run B "$b" "$work/out-b" "${B_ARGS:-}"
  if [ "$i" = 1 ]; then diff -r "$work/out-a" "$work/out-b" >/dev/null && echo "outputs identical (diff -r)" || { echo "OUTPUTS DIFFER" >&2; exit 1; }; fi
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
bytes=$(stat -c %s "$pq"); out=$(du -sb "$work/out-b" | cut -f1)
awk -v p="$bytes" -v o="$out" '
  { w[$1] = w[$1] " " $2; c[$1] = c[$1] " " ($3 + $4) }
  function median(list,   n, a, i, j, t) { n = split(list, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  END { for (k in w) printf "%s median wall %.2f s (%.1f MB/s of parquet, %.1f MB/s of jsonl), median cpu %.2f s\n", k, median(w[k]), p / 1e6 / median(w[k]), o / 1e6 / median(w[k]), median(c[k])
        printf "B/A median wall %.3f, median cpu %.3f\n", median(w["B"]) / median(w["A"]), median(c["B"]) / median(c["A"]) }' "$work/all"
