#!/usr/bin/env bash
# For generation-loop changes that make fewer attempts (issue 25): compares two byte-identity.sh output folders and
# passes when everything is identical except the rejection counts — every record line, every other file, and every
# manifest/part-summary field but `rejected` / `rejects`. Prints what differs (only the rejection counts, when it passes).
# Usage: bench/scripts/records-identity.sh BASE_OUTDIR NEW_OUTDIR   (the OUTDIRs given to byte-identity.sh)
set -euo pipefail
a=${1:?usage: records-identity.sh BASE_OUTDIR NEW_OUTDIR}; b=${2:?usage: records-identity.sh BASE_OUTDIR NEW_OUTDIR}
timing='^(.*seconds.*|latency.*|elapsed.*|duration.*|started.*|finished.*|timestamp.*|spar_version|rejected|rejects)$'
strip="walk(if type == \"object\" then with_entries(select(.key | test(\"$timing\") | not)) else . end)"
fail=0
files() { (cd "$1" && find . -type f ! -name .stderr | LC_ALL=C sort); }
if ! diff <(files "$a") <(files "$b") >/dev/null; then echo "file lists differ"; diff <(files "$a") <(files "$b") || true; fail=1; fi
while IFS= read -r f; do
  [ -f "$b/$f" ] || continue
  cmp -s "$a/$f" "$b/$f" && continue
  case "$f" in
    */generate_manifest.json)
      if diff <(sed "s#$a#@OUT#g" "$a/$f" | jq -S "$strip") <(sed "s#$b#@OUT#g" "$b/$f" | jq -S "$strip") >/dev/null; then
        echo "$f: same but for timings and rejection counts ($(jq '[.rejected[]] | add' "$a/$f") → $(jq '[.rejected[]] | add' "$b/$f") rejected)"
      else echo "$f: DIFFERS beyond rejection counts"; fail=1; fi ;;
    *.part)
      if cmp -s <(tail -n +2 "$a/$f") <(tail -n +2 "$b/$f") \
         && diff <(head -1 "$a/$f" | jq -S "$strip") <(head -1 "$b/$f" | jq -S "$strip") >/dev/null; then
        echo "$f: records identical ($(($(wc -l <"$a/$f") - 1)) lines); summary same but for rejects"
      else echo "$f: DIFFERS beyond rejection counts"; fail=1; fi ;;
    *.json|*.jsonl)
      # byte-identity.sh normalises timing fields and OUTDIR in these; compare the same way.
      if ! diff <(sed "s#$a#@OUT#g" "$a/$f" | jq -cS "$strip" | LC_ALL=C sort) <(sed "s#$b#@OUT#g" "$b/$f" | jq -cS "$strip" | LC_ALL=C sort) >/dev/null; then
        echo "$f: DIFFERS"; fail=1; fi ;;
    *) echo "$f: DIFFERS"; fail=1 ;;
  esac
done < <(files "$a")
[ $fail = 0 ] && echo "records-identity: PASS (only rejection counts differ)" || { echo "records-identity: FAIL"; exit 1; }
